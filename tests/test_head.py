"""head.json: the tree's groups of a large library, kept beside the index and never shown stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from store.grouping import GROUPINGS, group_entries
from store.head import HEAD, head_of, read_head
from store.library import Library
from tests.bench.corpus import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return [g.path for g in generate(40, tmp_path_factory.mktemp("head") / "corpus", seed=5)]


def _as_shown(groups) -> list[tuple[str, str, int, str]]:
    return [(g.key, g.label, g.count, g.newest) for g in groups]


def test_an_import_leaves_the_groups_of_every_grouping_in_the_head(tmp_path, corpus) -> None:
    library = Library(tmp_path / "cache")
    library.import_paths(corpus[:30])
    head = Library(tmp_path / "cache", lazy=True).head()
    assert head is not None and head.documents == 30
    entries = library.entries()
    for grouping in GROUPINGS:  # what the tree would show from the rows, in the same order
        assert _as_shown(head.groupings[grouping]) == _as_shown(group_entries(entries, grouping))
        assert not any(g.read for g in head.groupings[grouping])  # no documents in it: only counts


def test_a_head_made_from_another_index_is_never_shown(tmp_path, corpus) -> None:
    cache = tmp_path / "cache"
    Library(cache).import_paths(corpus[:10])
    kept = (cache / HEAD).read_bytes()
    Library(cache).import_paths(corpus[10:20])
    assert Library(cache, lazy=True).head().documents == 20
    (cache / HEAD).write_bytes(kept)  # the head of the index before the second import
    lazy = Library(cache, lazy=True)
    assert lazy.head() is None
    assert len(lazy.entries()) == 20  # the rows read instead: the head is made again from them
    assert lazy.head().documents == 20


@pytest.mark.parametrize("damage", [b"", b"{", b'{"version": 1}', b"[]", "another-version"])
def test_a_damaged_head_is_passed_over_and_made_again(tmp_path, corpus, damage) -> None:
    cache = tmp_path / "cache"
    Library(cache).import_paths(corpus[:5])
    if damage == "another-version":
        data = json.loads((cache / HEAD).read_text())
        data["version"] += 1
        damage = json.dumps(data).encode()
    (cache / HEAD).write_bytes(damage)
    lazy = Library(cache, lazy=True)
    assert lazy.head() is None
    assert len(lazy.entries()) == 5
    assert lazy.head().documents == 5


def test_a_head_that_counts_fewer_documents_than_it_says_is_refused(tmp_path, corpus) -> None:
    cache = tmp_path / "cache"
    Library(cache).import_paths(corpus[:5])
    data = json.loads((cache / HEAD).read_text())
    data["documents"] = 6
    (cache / HEAD).write_text(json.dumps(data))
    assert Library(cache, lazy=True).head() is None


def test_removing_a_document_counts_it_out_of_the_head(tmp_path, corpus) -> None:
    cache = tmp_path / "cache"
    library = Library(cache)
    library.import_paths(corpus[:8])
    gone = library.entries()[0]
    library.remove([gone.id])
    head = Library(cache, lazy=True).head()
    assert head.documents == 7
    assert sum(g.count for g in head.groupings["kind"]) == 7


def test_undated_documents_have_a_group_of_their_own_and_no_newest_date() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Row:
        id: str
        kind: str
        title: str
        date: str | None
        dossiers: tuple[str, ...] = ()

    rows = [Row("a", "kamerbrief", "A", None), Row("b", "kamerbrief", "B", "2024-05-01"), Row("c", "vragen", "C", None)]
    head = head_of(rows, (1, 2, 3))
    assert _as_shown(head.groupings["year"]) == [("year:2024", "2024", 1, "2024-05-01"), ("year:", "No date", 2, "")]
    assert _as_shown(head.groupings["year"]) == _as_shown(group_entries(rows, "year"))
    assert head_of([], (1, 2, 3)).groupings["year"] == ()
    assert read_head(Path("/nonexistent"), None) is None


def test_the_head_vouches_for_the_links_its_commit_wrote_so_a_check_need_not_read_them(
    tmp_path, corpus, monkeypatch
) -> None:
    from store.cache import Cache

    cache = tmp_path / "cache"
    Library(cache).import_paths(corpus[:6])
    st = (cache / "links.json").stat()
    assert Library(cache, lazy=True).head().links == (st.st_ino, st.st_size, st.st_mtime_ns)
    read: list[str] = []
    check_links = Cache.check_links

    def counting(self, rows):
        read.append("links.json")
        return check_links(self, rows)

    monkeypatch.setattr(Cache, "check_links", counting)
    Library(cache).check()
    assert read == []  # links.json is the file the commit wrote: not read again


def test_links_changed_since_the_head_vouched_for_them_are_read_and_mended(tmp_path, corpus) -> None:
    cache = tmp_path / "cache"
    Library(cache).import_paths(corpus[:6])
    (cache / "links.json").write_text('{"schema": 5, "documents": {}}')  # another file: all links gone
    said: list[str] = []
    library = Library(cache, on_message=said.append)
    library.check()
    assert any("links.json" in s for s in said), said
    again: list[str] = []
    Library(cache, on_message=again.append).check()  # now whole, and vouched for
    assert again == []
    st = (cache / "links.json").stat()
    assert Library(cache, lazy=True).head().links == (st.st_ino, st.st_size, st.st_mtime_ns)


def test_the_head_says_which_documents_there_are_without_the_rows(tmp_path, corpus) -> None:
    cache = tmp_path / "cache"
    library = Library(cache)
    library.import_paths(corpus[:6])
    ids = [e.id for e in library.entries()]
    library.remove([ids[0]])
    # The rows made unreadable, index.json's stamp kept (same inode, size and time): whatever
    # answers now answers from the head, not from the rows.
    index = cache / "index.json"
    kept = index.stat()
    index.write_bytes(b"x" * kept.st_size)
    os.utime(index, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert Library(cache, lazy=True).present([*ids, "kst-1-1"]) == set(ids[1:])


def test_without_a_head_the_rows_say_which_documents_there_are(tmp_path, corpus) -> None:
    cache = tmp_path / "cache"
    library = Library(cache)
    library.import_paths(corpus[:4])
    ids = [e.id for e in library.entries()]
    (cache / HEAD).unlink()
    assert Library(cache, lazy=True).present([ids[2], "kst-1-1"]) == {ids[2]}
