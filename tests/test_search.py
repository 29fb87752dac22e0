"""The library search: tokens, the index on disk, ranking, places and snippets of hits.

Ranking and snippets are tested on small documents built by hand (so the test says exactly
what the text holds); the seeds, parsed, for a smoke test of the whole path.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.model import QA, Block, Document, Footnote, Identifiers
from store.search import MANIFEST, Hit, Listed, SearchIndex, SearchIndexError, passage_texts, search, snippet
from store.search import index as index_module
from store.tokens import fold, query_terms, term_counts, term_spans, terms
from tests.conftest import SEEDS

# -- building documents and indexes ------------------------------------------------------------


def letter(doc_id: str, title: str, *paragraphs: str, dossiers: tuple[str, ...] = ()) -> Document:
    return Document(
        id=doc_id,
        kind="kamerbrief",
        title=title,
        date="2024-01-01",
        source=f"{doc_id}.txt",
        identifiers=Identifiers(dossiers=dossiers),
        blocks=tuple(Block("paragraph", p) for p in paragraphs),
    )


def answers(
    doc_id: str, title: str, pairs: list[tuple[tuple[int, ...], str, str]], *, answer_heading: bool = True
) -> Document:
    """A document of question/answer pairs (numbers, question, answer), laid out as the parser
    does: "Vraag N", the question, "Antwoord" (the pair's answer block), the answer."""
    blocks: list[Block] = [Block("paragraph", "Hierbij stuur ik u de antwoorden.")]
    qas: list[QA] = []
    for k, (numbers, question, answer) in enumerate(pairs):
        label = f"Vraag {numbers[0]}" if numbers else "Vraag"
        first = len(blocks)
        blocks += [Block("heading", label, 3, qa=k), Block("question", question, qa=k)]
        if answer_heading:
            blocks.append(Block("heading", "Antwoord", 3, qa=k))
        blocks.append(Block("answer", answer, qa=k))
        qas.append(QA(label, numbers, None, question, answer, first, first + 2))
    return Document(doc_id, "antwoord", title, "2024-02-02", f"{doc_id}.txt", blocks=tuple(blocks), qa=tuple(qas))


class Library:
    """Documents under ords, and their index: what the cache gives search()."""

    def __init__(self, directory: Path, docs: list[Document]) -> None:
        self.index = SearchIndex(directory / "search")
        self.docs = {n: d for n, d in enumerate(docs, 1)}
        self.index.rebuild(listed(self.docs))

    @property
    def entries(self) -> dict[int, Listed]:
        return {n: Listed(d.id, d.title, sha(d)) for n, d in self.docs.items()}

    def load(self, found: Listed) -> Document:
        return next(d for d in self.docs.values() if d.id == found.id and sha(d) == found.sha256)

    def find(self, query: str, limit: int = 20) -> list[Hit]:
        return search(self.index, query, load=self.load, limit=limit)

    def ids(self, query: str) -> list[str]:
        return [h.id for h in self.find(query)]


def sha(doc: Document) -> str:
    """A stand-in for the hash a body is stored under: one per version of a document."""
    return hashlib.sha256(repr(doc).encode()).hexdigest()


def listed(docs: dict[int, Document]) -> list[tuple[int, Document, str]]:
    return [(n, d, sha(d)) for n, d in docs.items()]


def highlighted(hit: Hit) -> list[str]:
    return [hit.snippet[a:b] for a, b in hit.highlights]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(
        tmp_path,
        [
            letter(
                "kst-1",
                "Voortgang integrale migratieagenda",
                "Vorig jaar presenteerde het kabinet de integrale migratieagenda.",
                "Over de vreemdelingenbewaring bent u op 1 juli 2019 geïnformeerd.[^3]",
                "Zie Kamerstukken 19 637 en 30 573, nr. 2375.",
                dossiers=("19637",),
            ),
            letter(
                "kst-2",
                "Brief over opvang",
                "De opvang van asielzoekers vraagt om meer plaatsen. De opvang in gemeenten groeit.",
                "Het kabinet noemt de migratieagenda, de migratieagenda en nog eens de migratieagenda.",
            ),
            answers(
                "ah-3",
                "Antwoorden op vragen over terugkeer",
                [
                    ((1,), "Hoeveel mensen keerden terug?", "In 2023 keerden 4000 mensen terug."),
                    ((2, 3), "Wat kost de vreemdelingenbewaring per dag?", "De bewaring kost 300 euro per dag."),
                ],
            ),
        ],
    )


# -- tokens ------------------------------------------------------------------------------------


def test_fold_lowers_and_drops_accents() -> None:
    assert fold("Geïnformeerd Überhaupt CAFÉ") == "geinformeerd uberhaupt cafe"


def test_terms_split_on_non_alphanumerics_keep_numbers_and_drop_single_characters() -> None:
    assert terms("EU-lidstaten, o.a. nr. 2375 (2019) en a") == ["eu", "lidstaten", "nr", "2375", "2019", "en"]


def test_footnote_markers_are_not_words() -> None:
    assert terms("Migratieagenda.[^12] en 2018[^1]") == ["migratieagenda", "en", "2018"]


def test_grouped_numbers_are_indexed_joined_and_queried_joined() -> None:
    assert terms("Kamerstuk 19 637, nr. 2375") == ["kamerstuk", "19", "637", "nr", "2375", "19637"]
    assert query_terms("19 637 nr 2375") == ["19637", "nr", "2375"]


def test_term_spans_point_into_the_original_text() -> None:
    text = "Over ﬁnanciën geïnformeerd,[^1] zie 30 573."
    spans = {(s.term, text[s.start : s.end]) for s in term_spans(text)}
    assert ("financien", "ﬁnanciën") in spans
    assert ("geinformeerd", "geïnformeerd") in spans
    assert ("30573", "30 573") in spans
    assert not any(t == "1" or "[" in original for t, original in spans)


@given(st.text(alphabet=st.sampled_from("aéïbc1 9_-–«»’.[^]\n0ß\u00a0ﬁ"), max_size=80))
def test_counting_terms_fast_counts_what_terms_finds(text: str) -> None:
    assert term_counts(fold(text)) == Counter(terms(text))


# -- finding -----------------------------------------------------------------------------------


def test_an_exact_word_finds_the_documents_holding_it(library: Library) -> None:
    assert library.ids("vreemdelingenbewaring") == ["kst-1", "ah-3"]
    assert library.ids("asielzoekers") == ["kst-2"]
    assert library.ids("onbekendwoord") == []


def test_a_word_without_its_accents_finds_it_with_them_and_back(library: Library) -> None:
    (hit,) = library.find("geinformeerd")
    assert hit.id == "kst-1"
    assert highlighted(hit) == ["geïnformeerd"]
    assert library.ids("GEÏNFORMEERD") == ["kst-1"]


def test_a_typo_still_finds_the_word(library: Library) -> None:
    assert library.ids("asielzoekres") == ["kst-2"]
    assert library.ids("vreemdelingenbewarnig") == ["kst-1", "ah-3"]
    assert library.ids("vreemdelingenbewarnig kabinet") == ["kst-1"]


def test_the_word_being_typed_matches_as_a_prefix(library: Library) -> None:
    assert library.ids("asielz") == ["kst-2"]
    assert library.ids("kabinet migratieag") == ["kst-1", "kst-2"]
    hit = library.find("opvang asielz")[0]
    assert hit.id == "kst-2" and "asielzoekers" in highlighted(hit)
    assert library.ids("asiel") == ["kst-2"]  # not only the last word: any of three letters or more
    assert library.ids("asiel opvang") == ["kst-2"]


def test_numbers_are_found_whole_and_as_written_with_a_space(library: Library) -> None:
    (hit,) = library.find("2375")
    assert hit.id == "kst-1" and highlighted(hit) == ["2375"]
    (hit,) = library.find("30573")
    assert highlighted(hit) == ["30 573"]
    assert library.find("30 573") == [hit]
    assert library.ids("2376") == []  # numbers are never matched fuzzily


def test_every_word_must_match_unless_no_document_has_them_all(library: Library) -> None:
    assert library.ids("opvang gemeenten") == ["kst-2"]
    # No document holds both: then those holding either are shown.
    assert set(library.ids("asielzoekers bewaring")) == {"kst-2", "ah-3"}


def test_a_title_match_ranks_above_body_matches(library: Library) -> None:
    hits = library.find("migratieagenda")
    assert [h.id for h in hits] == ["kst-1", "kst-2"]  # kst-2 says it three times, but only in its text
    assert hits[0].where == "title" and hits[0].anchor is None
    assert hits[0].snippet == "Voortgang integrale migratieagenda"
    assert highlighted(hits[0]) == ["migratieagenda"]
    assert hits[0].score > hits[1].score


def test_a_hit_in_a_question_or_answer_says_which_pair_and_opens_at_its_block(library: Library) -> None:
    (hit,) = library.find("kost bewaring per dag")
    assert (hit.id, hit.where, hit.anchor) == ("ah-3", "qa 2", "p-9")  # the answer text, after "Antwoord"
    assert hit.snippet.startswith("De bewaring kost 300 euro per dag")

    hit = library.find("vreemdelingenbewaring dag")[0]
    assert (hit.where, hit.anchor) == ("qa 2", "p-7")  # the question


def test_a_hit_in_the_block_a_qa_anchor_names_opens_at_that_anchor(tmp_path: Path) -> None:
    pairs = [((), "Over grenzen?", "Wij bewaken de grenzen."), ((), "Over asiel?", "Ja.")]
    (hit,) = Library(tmp_path, [answers("so-1", "Overleg", pairs, answer_heading=False)]).find("bewaken grenzen")
    assert (hit.where, hit.anchor) == ("qa 1", "qa-1")  # pairs without numbers: named by their place


def test_a_hit_in_a_paragraph_opens_at_that_block(library: Library) -> None:
    (hit,) = library.find("vorig jaar presenteerde")
    assert (hit.where, hit.anchor) == ("body", "p-1")


def test_a_hit_in_a_footnote_opens_at_the_note(tmp_path: Path) -> None:
    doc = replace(
        letter("kst-5", "Brief", "Zie de agenda.[^1]", "Meer tekst."),
        footnotes=(Footnote("1", "Kamerstukken 19 637 en 30 573, nr. 2375.", block=0),),
    )
    (hit,) = Library(tmp_path, [doc]).find("2375")
    assert (hit.where, hit.anchor, hit.snippet) == ("body", "fn-1", "Kamerstukken 19 637 en 30 573, nr. 2375.")


def test_a_document_is_found_by_what_it_is_known_by(library: Library) -> None:
    hit = library.find("19637")[0]  # its dossier (and in its text, as "19 637")
    assert (hit.id, hit.where) == ("kst-1", "title")
    assert highlighted(hit) == ["19637"]


# -- snippets ----------------------------------------------------------------------------------


def test_snippets_are_one_line_around_the_match_with_highlights_on_the_words() -> None:
    text = "Een lange aanloop. " * 20 + "Hier staat het\nwoord vreemdelingenbewaring, en " + "nog veel meer. " * 20
    shown, spans = snippet(text, [{"vreemdelingenbewaring": 1.0}])
    assert "\n" not in shown and len(shown) <= 162
    assert shown.startswith("…") and shown.endswith("…")
    assert [shown[a:b] for a, b in spans] == ["vreemdelingenbewaring"]
    assert shown.index("vreemdelingenbewaring") >= 20  # some context before the word


def test_a_snippet_shows_the_stretch_with_the_most_words_of_the_query() -> None:
    text = "Van de minister. " + "Tekst zonder belang. " * 12 + "De minister van Haga vroeg het."
    shown, spans = snippet(text, [{"van": 1.0}, {"haga": 1.0}])
    assert "Haga" in [shown[a:b] for a, b in spans]


def test_a_short_text_is_shown_whole() -> None:
    assert snippet("Voortgang integrale migratieagenda", [{"migratieagenda": 1.0}]) == (
        "Voortgang integrale migratieagenda",
        ((20, 34),),
    )


def test_snippets_leave_footnote_markers_out(library: Library) -> None:
    (hit,) = library.find("geinformeerd")
    assert "[^3]" not in hit.snippet and hit.snippet.endswith("geïnformeerd.")


# -- replaced and removed documents -------------------------------------------------------------


def test_replaced_and_removed_documents_are_never_returned(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search")
    old = letter("kst-9", "Oude versie", "Het woord oudewoord staat hier.")
    new = letter("kst-9", "Nieuwe versie", "Het woord nieuwewoord staat hier.")
    gone = letter("kst-8", "Weg", "Ook hier oudewoord.")
    index.rebuild([(1, old, sha(old)), (2, gone, sha(gone))])
    index.add([(3, new, sha(new))])  # kst-9 replaced: it has ord 3 now; kst-8 removed
    live = {3: Listed("kst-9", "Nieuwe versie", sha(new))}
    docs = {"kst-9": new}

    def ids(query: str) -> list[str]:
        return [h.id for h in search(index, query, entries=live, load=lambda f: docs[f.id])]

    assert ids("oudewoord") == []
    assert ids("nieuwewoord") == ["kst-9"]
    index.compact({3})
    assert ids("oudewoord") == [] and ids("nieuwewoord") == ["kst-9"]
    assert "oudewoord" not in index.view().vocabulary()  # compaction dropped the dead postings
    assert len(list((tmp_path / "search").glob("seg-*"))) == 1


def test_compacting_away_every_document_leaves_a_valid_empty_index(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search")
    index.rebuild([(1, letter("a", "A", "woord"), "sha-a")])
    index.compact(set())
    assert index.is_valid()
    assert search(index, "woord", load=lambda f: letter("a", "A", "woord")) == []


# -- on disk -----------------------------------------------------------------------------------


def test_opening_the_index_touches_no_file(tmp_path: Path) -> None:
    SearchIndex(tmp_path / "search")
    assert not (tmp_path / "search").exists()


def test_a_missing_index_is_invalid_and_a_query_says_so(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search")
    assert not index.is_valid()
    with pytest.raises(SearchIndexError, match="missing"):
        search(index, "woord", load=lambda f: letter("a", "A"))
    with pytest.raises(SearchIndexError):
        index.add([(1, letter("a", "A", "woord"), "sha-a")])  # add never starts an index: rebuild does


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda seg: seg.write_bytes(seg.read_bytes()[: len(seg.read_bytes()) // 2]), id="truncated"),
        pytest.param(lambda seg: seg.write_bytes(b""), id="empty"),
        pytest.param(lambda seg: seg.unlink(), id="missing"),
    ],
)
def test_a_damaged_segment_is_detected(library: Library, damage) -> None:
    segment = next((library.index.directory).glob("seg-*.kls"))
    damage(segment)
    assert not library.index.is_valid()
    fresh = Library.__new__(Library)  # the same documents, a process that has not loaded the index yet
    fresh.index, fresh.docs = SearchIndex(library.index.directory), library.docs
    with pytest.raises(SearchIndexError):
        fresh.find("migratieagenda")


def test_bytes_changed_inside_a_segment_are_detected_on_loading(library: Library) -> None:
    segment = next(library.index.directory.glob("seg-*.kls"))
    data = bytearray(segment.read_bytes())
    at = data.index(b"migratieagenda")
    data[at : at + 5] = b"XXXXX"
    segment.write_bytes(bytes(data))
    with pytest.raises(SearchIndexError, match="checksum"):
        SearchIndex(library.index.directory).view()


@pytest.mark.parametrize(
    "content", [b"", b"{not json", b"[]", b'{"format": 1}', b'{"format": 99, "next": 1, "segments": []}']
)
def test_a_damaged_manifest_is_detected(library: Library, content: bytes) -> None:
    (library.index.directory / MANIFEST).write_bytes(content)
    assert not library.index.is_valid()
    with pytest.raises(SearchIndexError):
        SearchIndex(library.index.directory).view()


def test_rebuild_makes_a_whole_index_again_and_removes_the_old_files(library: Library) -> None:
    directory = library.index.directory
    (directory / MANIFEST).write_bytes(b"garbage")
    (directory / ".seg-000077.kls.abc.tmp").write_bytes(b"left by a crash")
    library.index.rebuild(listed(library.docs))
    assert library.index.is_valid()
    assert library.ids("asielzoekers") == ["kst-2"]
    assert sorted(p.name for p in directory.iterdir()) == [MANIFEST, "seg-000002.kls"]


def test_files_are_private(library: Library) -> None:
    directory = library.index.directory
    assert directory.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in directory.iterdir())


def test_many_small_additions_are_merged_and_rank_as_one_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 3)
    docs = [letter(f"d{n}", f"Brief {n}", f"Over opvang nummer {n}. " * (n + 1), "En terugkeer.") for n in range(10)]
    piecewise = SearchIndex(tmp_path / "a")
    piecewise.rebuild([])
    for n, doc in enumerate(docs, 1):
        piecewise.add([(n, doc, sha(doc))])
    assert len(list((tmp_path / "a").glob("seg-*"))) < len(docs)
    whole = SearchIndex(tmp_path / "b")
    whole.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    by_id = {d.id: d for d in docs}
    for query in ("opvang", "terugkeer nummer", "brief 7", "terugkere"):
        a = search(piecewise, query, load=lambda f: by_id[f.id])
        b = search(whole, query, load=lambda f: by_id[f.id])
        assert a == b and a


def test_a_query_sees_documents_added_since_it_loaded_the_index(library: Library) -> None:
    assert library.ids("nieuwkomer") == []
    library.docs[4] = letter("kst-4", "Later", "Een nieuwkomer in de bibliotheek.")
    library.index.add([(4, library.docs[4], sha(library.docs[4]))])
    assert library.ids("nieuwkomer") == ["kst-4"]


def test_a_view_of_the_index_is_read_only_and_new_once_the_index_changed(library: Library) -> None:
    view = library.index.view()
    assert library.index.view() is view and "nieuwkomer" not in view.vocabulary()
    with pytest.raises(FrozenInstanceError):
        view.segments = ()  # type: ignore[misc]
    doc = letter("kst-4", "Later", "Een nieuwkomer in de bibliotheek.")
    library.index.add([(4, doc, sha(doc))])
    assert library.index.view() is not view and "nieuwkomer" in library.index.view().vocabulary()

def test_a_body_that_cannot_be_read_gives_a_hit_without_snippet(library: Library) -> None:
    def broken(found: Listed) -> Document:
        raise OSError(f"{found.id}: cannot be read")

    (hit,) = search(library.index, "asielzoekers", load=broken)
    assert (hit.id, hit.snippet, hit.highlights, hit.anchor) == ("kst-2", "", (), None)


def test_a_document_gone_from_the_library_is_no_hit(library: Library) -> None:
    def gone(found: Listed) -> Document:
        if found.id == "kst-2":
            raise KeyError(found.id)  # removed since the index was written, say
        return library.load(found)

    assert library.ids("migratieagenda") == ["kst-1", "kst-2"]
    assert [h.id for h in search(library.index, "migratieagenda", load=gone)] == ["kst-1"]


def test_queries_from_several_threads_agree(library: Library) -> None:
    queries = ["migratieagenda", "opvang asielz", "vreemdelingenbewarnig", "2375", "kost bewaring"]
    expected = {q: library.find(q) for q in queries}
    fresh = SearchIndex(library.index.directory)  # loaded by whichever thread comes first
    results: list[bool] = []

    def run() -> None:
        for q in queries * 5:
            results.append(search(fresh, q, load=library.load) == expected[q])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 100 and all(results)


# -- the seeds ---------------------------------------------------------------------------------


def test_the_seeds_are_searchable(tmp_path: Path) -> None:
    from store.parsing import parse_file

    docs = [parse_file(path) for path in SEEDS.values()]
    lib = Library(tmp_path, docs)
    for query in ("IMRF", "Marrakesh", "vreemdelingenbewaring", "2375", "migratieagenda", "GroenLinks"):
        hits = lib.find(query)
        assert hits, query
        holders = {d.id for d in docs if fold(query) in fold(passage_texts(d).__str__())}
        assert hits[0].id in holders, query
        for hit in hits:
            assert hit.snippet and "\n" not in hit.snippet
            assert all(fold(query)[:4] in fold(w) or len(w) > 2 for w in highlighted(hit))
    assert lib.find("2375")[0].highlights
