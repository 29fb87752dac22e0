"""The benchmark's synthetic library is a fair stand-in: every family, unique ids, working links."""

from __future__ import annotations

from collections import Counter

from store.library import Library
from store.parsing import parse_file
from tests.bench.corpus import generate


def test_generated_documents_read_like_their_family_with_their_own_ids(tmp_path) -> None:
    made = generate(20, tmp_path / "corpus", seed=7)
    docs = [parse_file(g.path) for g in made]
    kinds = Counter(d.kind for d in docs)
    assert kinds == {"kamerbrief": 8, "antwoord": 4, "aanhangsel": 4, "schriftelijk-overleg": 4}
    assert len({d.id for d in docs}) == 20
    assert len({d.title for d in docs}) >= 16 and len({d.date for d in docs}) >= 16
    assert all(len(d.qa) == 77 for d in docs if d.kind == "aanhangsel")
    assert [g.path.read_text() for g in generate(3, tmp_path / "again", seed=7)] == [
        g.path.read_text() for g in made[:3]
    ]  # deterministic


def test_generated_notes_cite_documents_of_the_corpus(tmp_path) -> None:
    made = generate(12, tmp_path / "corpus", seed=7)
    library = Library(tmp_path / "cache")
    assert not library.import_paths([g.path for g in made]).failed
    answers = [library.load(e.id) for e in library.entries() if e.kind == "antwoord"]
    resolved = [r.target for d in answers for r in d.references if r.where == "footnote 1"]
    assert resolved and all(resolved)
