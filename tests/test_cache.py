"""The cache on disk: its files, their permissions, and rebuilding it when it is damaged."""

from __future__ import annotations

import json
import shutil
import stat
import zlib
from dataclasses import fields, replace
from pathlib import Path

import pytest
from tinydb import TinyDB

from store.atomic import AtomicJSONStorage
from store.cache import (
    ROW_FIELDS,
    SCHEMA,
    Cache,
    Index,
    Row,
    StaleCache,
    StoredLinks,
    _digest,
    decode_body,
    encode_body,
)
from store.document_json import to_json
from store.library import Entry, IndexSnapshot, Library
from store.links import OutgoingLink
from store.parsing import parse_file
from tests.conftest import SAMPLE_DATA, SEEDS


@pytest.fixture
def imported(cache_dir: Path) -> list[str]:
    """The seeds imported into `cache_dir`; their ids."""
    return list(Library(cache_dir).import_paths([SAMPLE_DATA]).added)


def messages_of(cache_dir: Path) -> tuple[Library, list[str]]:
    said: list[str] = []
    return Library(cache_dir, on_message=said.append), said


def body_of(cache: Cache, doc_id: str) -> Path:
    """The body file the index names for `doc_id`."""
    (row,) = [r for r in cache.read_index().rows if r.id == doc_id]
    return cache.body_path(row.id, row.sha256)


def assert_whole(library: Library, ids: list[str]) -> None:
    assert [e.id for e in library.entries()] == ids
    for doc_id in ids:
        assert library.load(doc_id).id == doc_id


def test_the_cache_holds_an_index_bodies_sources_and_links(cache_dir: Path, imported: list[str]) -> None:
    cache = Cache(cache_dir)
    db = TinyDB(cache_dir / "index.json", storage=AtomicJSONStorage)
    assert db.table("meta").all() == [{"schema": SCHEMA, "next_ord": 6, "unread": []}]
    rows = db.table("documents").all()
    assert [r["id"] for r in rows] == imported and [r.doc_id for r in rows] == [1, 2, 3, 4, 5]
    # rows are small: what lists and links need, never the text
    assert all(len(json.dumps(r)) < 1500 for r in rows)
    assert not any({"text", "blocks", "qa", "footnotes"} & r.keys() for r in rows)
    for row in cache.read_index().rows:
        assert cache.read_body(row.id, row.sha256).id == row.id
        assert cache.read_source(row.sha256) == SEEDS[Path(row.source).name[:3]].read_text(encoding="utf-8")
    assert set(cache.read_links()) == set(imported)


def test_files_are_readable_by_their_owner_only(cache_dir: Path, imported: list[str]) -> None:
    paths = [cache_dir, *cache_dir.rglob("*")]
    assert len(paths) > 20
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path} is {oct(mode)}"


def test_body_file_names_stay_inside_the_cache_whatever_the_id(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    sha = "ab12" * 16
    for doc_id in ("kst-36600-VI-102", "../../etc/passwd", "a/b", ".hidden", "x" * 400, "ah-tk-20182019-811"):
        path = cache.body_path(doc_id, sha)
        assert path.parent.parent == cache.bodies_dir and len(path.name) < 200 and not path.name.startswith(".")
    assert cache.body_path("kst-36600-VI-102", sha).name == "kst-36600-VI-102.ab12ab12ab12ab12.json"


def test_a_cache_of_another_schema_is_rebuilt_with_a_message(cache_dir: Path, imported: list[str]) -> None:
    db = TinyDB(cache_dir / "index.json", storage=AtomicJSONStorage)
    db.table("meta").update({"schema": 0})
    db.close()
    library, said = messages_of(cache_dir)
    assert said == [f"cache of schema 0 (this kamerlezer uses {SCHEMA}): cache rebuilt from 5 sources"]
    assert_whole(library, imported)
    Library(cache_dir, on_message=said.append)
    assert len(said) == 1  # once, not at every start


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),  # truncated
        lambda p: p.write_bytes(b""),  # empty
        lambda p: p.write_text(f'{{"meta": {{"1": {{"schema": {SCHEMA}}}}}, "documents": 3}}'),  # not a table file
        lambda p: p.write_text(
            f'{{"meta": {{"1": {{"schema": {SCHEMA}, "next_ord": 9}}}}, "documents": {{"1": {{"id": "x"}}}}}}'
        ),
        lambda p: p.unlink(),  # gone, while the sources are there
    ],
    ids=["truncated", "empty", "not-tables", "bad-row", "missing"],
)
def test_a_damaged_index_is_rebuilt_from_the_sources(cache_dir: Path, imported: list[str], damage) -> None:
    damage(cache_dir / "index.json")
    library, said = messages_of(cache_dir)
    assert len(said) == 1 and said[0].endswith("cache rebuilt from 5 sources")
    assert_whole(library, imported)
    ids = {n: parse_file(p).id for n, p in SEEDS.items()}
    assert library.get(ids["001"]).cited_by == (ids["000"],)  # links too


def test_a_rebuild_keeps_the_ids_of_documents_that_share_one(cache_dir: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SEEDS["004"].read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(SEEDS["004"].read_text(encoding="utf-8") + "\nNaschrift.\n", encoding="utf-8")
    ids = list(Library(cache_dir).import_paths([a, b]).added)
    b.unlink()  # the original is gone: the cache's own copy serves
    (cache_dir / "index.json").write_text("garbage")
    library, said = messages_of(cache_dir)
    assert [e.id for e in library.entries()] == ids and ids[1] == f"{ids[0]}~2"
    assert "Naschrift." in library.load(ids[1]).text


def test_a_missing_or_damaged_body_is_parsed_again_from_its_source(cache_dir: Path, imported: list[str]) -> None:
    cache = Cache(cache_dir)
    body_of(cache, imported[0]).unlink()
    body_of(cache, imported[1]).write_text('{"id": "')
    library, said = messages_of(cache_dir)
    assert said == []  # opening reads no body
    for doc_id in imported[:2]:
        assert library.load(doc_id) == Library(cache_dir).load(doc_id)
    assert len(said) == 2 and all("rebuilt from its source" in m for m in said)
    assert cache.read_body(imported[0], cache.read_index().rows[0].sha256).id == imported[0]  # and stored again


def test_a_body_whose_source_is_gone_too_is_read_from_its_original_file(cache_dir: Path, imported: list[str]) -> None:
    cache = Cache(cache_dir)
    row = cache.read_index().rows[0]
    cache.body_path(row.id, row.sha256).unlink()
    cache.remove_source(row.sha256)
    assert Library(cache_dir).load(row.id).id == row.id
    assert cache.has_source(row.sha256)


def test_a_body_that_cannot_be_rebuilt_is_a_one_line_error(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    shutil.copy(SEEDS["001"], path)
    library = Library(cache_dir)
    (doc_id,) = library.import_paths([path]).added
    cache = Cache(cache_dir)
    body_of(cache, doc_id).unlink()
    cache.remove_source(cache.read_index().rows[0].sha256)
    path.unlink()
    with pytest.raises(StaleCache) as caught:
        library.load(doc_id)
    assert doc_id in str(caught.value) and "\n" not in str(caught.value)
    assert [e.id for e in library.entries()] == [doc_id]  # nothing else is lost


def test_damaged_links_are_mended_from_the_bodies_at_the_next_import(
    cache_dir: Path, imported: list[str], tmp_path: Path
) -> None:
    (cache_dir / "links.json").write_text(f'{{"schema": {SCHEMA}, "docu')
    library, said = messages_of(cache_dir)
    extra = tmp_path / "extra.txt"
    extra.write_text(SEEDS["003"].read_text(encoding="utf-8") + "\nNaschrift.\n", encoding="utf-8")
    report = library.import_paths([extra])
    assert len(report.added) == 1
    assert any("links.json" in m and "the links of 5 documents read again from their text" in m
               for m in report.messages)  # fmt: skip
    assert report.messages == tuple(said)
    assert_whole(library, [*imported, *report.added])


# -- the field table of index.json's rows, and links.json's one reader ------------------------

FULL_ROW = Row(
    ord=7, id="kst-36600-VI-102", kind="kamerstuk", title="Begroting", date="2024-01-02", dossiers=("36600-VI",),
    source="/docs/a.txt", sha256="ab" * 32, qa_count=3, footnote_count=5, size=12345,
    keys=("kst-36600-VI-102", "2024D00001"), targets=((1, "kst-1-1"), (4, "ah-tk-20182019-811")),
    cited_by=("kst-2-2",), asks=("zaak:2024Z00001",), same_questions=("ah-tk-20232024-9",),
    stamp=(12345, 1_700_000_000_000_000_000, 1_700_000_000_000_000_001, 42),
)  # fmt: skip
# FULL_ROW as index.json stores it: the format every existing cache of this schema has.
FULL_ROW_STORED = {
    "id": "kst-36600-VI-102", "kind": "kamerstuk", "title": "Begroting", "date": "2024-01-02",
    "dossiers": ["36600-VI"], "source": "/docs/a.txt", "sha256": "ab" * 32, "qa_count": 3, "footnote_count": 5,
    "size": 12345, "keys": ["kst-36600-VI-102", "2024D00001"], "targets": {"1": "kst-1-1", "4": "ah-tk-20182019-811"},
    "cited_by": ["kst-2-2"], "asks": ["zaak:2024Z00001"], "same_questions": ["ah-tk-20232024-9"],
    "stamp": [12345, 1_700_000_000_000_000_000, 1_700_000_000_000_000_001, 42],
}  # fmt: skip


def test_every_field_of_a_row_is_stored_and_read_back() -> None:
    defaults = Row(0, "", "", "", None, (), "", "", 0, 0, 0, ())
    assert all(getattr(FULL_ROW, f.name) != getattr(defaults, f.name) for f in fields(Row))  # each one is seen
    stored = json.loads(json.dumps(FULL_ROW.to_dict()))
    assert stored == FULL_ROW_STORED and list(stored) == [name for name, _, _ in ROW_FIELDS]
    assert Row.from_dict(7, stored) == FULL_ROW
    assert Row.from_dict(1, {**FULL_ROW_STORED, "date": None, "targets": {}}) == replace(
        FULL_ROW, ord=1, date=None, targets=()
    )


@pytest.mark.parametrize(
    ("key", "damaged"),
    [("id", 1), ("kind", None), ("title", ["x"]), ("date", 20240102), ("dossiers", "36600-VI"), ("source", {}),
     ("sha256", None), ("qa_count", "3"), ("footnote_count", 1.5), ("size", None), ("keys", {"a": 1}),
     ("targets", [[1, "x"]]), ("targets", {"1": 2}), ("targets", {"een": "x"}), ("cited_by", "x"), ("asks", 1),
     ("same_questions", None), ("stamp", None), ("stamp", ["1"]), ("stamp", [1.5])],
)  # fmt: skip
def test_a_row_with_a_damaged_field_is_refused(key: str, damaged: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        Row.from_dict(1, {**FULL_ROW_STORED, key: damaged})


@pytest.mark.parametrize("key", list(FULL_ROW_STORED))
def test_a_row_that_lacks_a_field_is_refused_and_its_index_rebuilt(cache_dir: Path, key: str) -> None:
    row = dict(FULL_ROW_STORED)
    del row[key]
    with pytest.raises(KeyError):
        Row.from_dict(1, row)
    cache_dir.mkdir()
    (cache_dir / "index.json").write_text(json.dumps(
        {"meta": {"1": {"schema": SCHEMA, "next_ord": 2, "unread": []}}, "documents": {"1": row}}
    ))  # fmt: skip
    with pytest.raises(StaleCache, match="is damaged"):
        Cache(cache_dir).read_index()


def test_an_entry_is_made_of_the_fields_of_its_row() -> None:
    row_types = {f.name: f.type for f in fields(Row)}
    assert all(row_types.get(f.name) == f.type for f in fields(Entry))
    (entry,) = IndexSnapshot(None, Index(8, (FULL_ROW,))).entries
    assert entry == Entry(**{f.name: getattr(FULL_ROW, f.name) for f in fields(Entry)})


def row_of(doc_id: str, sha256: str) -> Row:
    return replace(FULL_ROW, id=doc_id, sha256=sha256)


def test_links_json_is_read_back_as_written(cache_dir: Path) -> None:
    cache = Cache(cache_dir)
    cache.make_dirs()
    links = {
        "a": StoredLinks("ab" * 32, (OutgoingLink(0, key="kst-1-1"), OutgoingLink(3, title="IMRF", date="2022-04-29"))),
        "b": StoredLinks("cd" * 32, ()),
    }
    cache.write_links(links)
    assert cache.read_links() == links
    cache.check_links([row_of("a", "ab" * 32), row_of("b", "cd" * 32)])
    with pytest.raises(StaleCache, match="lacks the links of 1 documents"):
        cache.check_links([row_of("a", "ef" * 32)])  # links of another version of `a`


@pytest.mark.parametrize(
    "documents",
    [{"a": "ab"}, {"a": ["ab"]}, {"a": [1, []]}, {"a": ["ab", {}]}, {"a": ["ab", [[0, "k", None]]]},
     {"a": ["ab", [["0", "k", None, None]]]}, {"a": ["ab", [[0, 5, None, None]]]}, {"a": ["ab", ["0kxy"]]},
     {"a": {"ab": 1, "x": 2}}],
)  # fmt: skip
def test_damaged_links_are_refused_by_every_reader_alike(cache_dir: Path, documents: dict[str, object]) -> None:
    cache_dir.mkdir()
    (cache_dir / "links.json").write_text(json.dumps({"schema": SCHEMA, "documents": documents}))
    cache = Cache(cache_dir)
    with pytest.raises(StaleCache, match="is damaged"):
        cache.read_links()
    with pytest.raises(StaleCache, match="is damaged"):
        cache.check_links([])


def test_import_and_rebuild_never_touch_the_users_file(cache_dir: Path, imported: list[str]) -> None:
    user = cache_dir / "user.json"
    user.write_text('{"notes": {"1": {"text": "mijn notitie"}}}')
    before = (user.stat().st_ino, user.stat().st_mtime_ns, user.read_bytes())
    (cache_dir / "index.json").write_text("")
    Library(cache_dir).import_paths([SAMPLE_DATA])
    assert (user.stat().st_ino, user.stat().st_mtime_ns, user.read_bytes()) == before


def test_a_library_sees_what_another_one_imported(cache_dir: Path, imported: list[str], tmp_path: Path) -> None:
    reader = Library(cache_dir)
    extra = tmp_path / "extra.txt"
    extra.write_text(SEEDS["002"].read_text(encoding="utf-8") + "\nNaschrift.\n", encoding="utf-8")
    (new,) = Library(cache_dir).import_paths([extra]).added
    assert reader.get(new) is not None and reader.load(new).id == new


def test_opening_an_empty_or_absent_cache_creates_nothing(tmp_path: Path) -> None:
    library = Library(tmp_path / "nothing-yet")
    assert library.is_empty() and library.entries() == [] and library.search("iets") == []
    assert not (tmp_path / "nothing-yet").exists()
    with pytest.raises(KeyError):
        library.load("kst-1-1")


def test_the_cache_directory_comes_from_the_option_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAMERLEZER_CACHE", str(tmp_path / "env"))
    assert Library().path == tmp_path / "env"
    assert Library(tmp_path / "option").path == tmp_path / "option"


def test_an_imports_writes_of_the_index_and_links_read_back_as_the_plain_ones(tmp_path: Path) -> None:
    """An import's Cache (remember=True) writes index.json and links.json from the JSON of the rows
    it wrote before: what it writes reads back, through TinyDB too, as the plain writes do."""
    rows = (FULL_ROW, replace(FULL_ROW, ord=9, id="kst-ü-1", title="Één\u2028twee", targets=(), stamp=()))
    outgoing = (OutgoingLink(1, "kst-1-1"), OutgoingLink(4, None, "T", "2024-01-02"))
    links = {"kst-36600-VI-102": StoredLinks("ab" * 32, outgoing)}
    plain, remembering = Cache(tmp_path / "plain"), Cache(tmp_path / "remembering", remember=True)
    for cache in (plain, remembering):
        cache.make_dirs()
        cache.write_index(Index(12, rows, ("cd" * 32,)))
        cache.write_links(links)
    for step in range(2):  # again, one row changed and one gone: what is kept must not be stale
        changed = (replace(rows[0], cited_by=("kst-3-3",), stamp=(1, 2, 3, 4)),) if step else rows
        remembering.write_index(Index(12, changed, ("cd" * 32,)))
        plain.write_index(Index(12, changed, ("cd" * 32,)))
        assert remembering.read_index() == plain.read_index() == Index(12, changed, ("cd" * 32,))
        for cache in (plain, remembering):
            db = TinyDB(cache.index_path, storage=AtomicJSONStorage)
            assert db.table("meta").all() == [{"schema": SCHEMA, "next_ord": 12, "unread": ["cd" * 32]}]
            assert [d.doc_id for d in db.table("documents").all()] == [r.ord for r in changed]
            db.close()
    assert remembering.read_links() == plain.read_links() == links
    fewer = {"x": StoredLinks("ef" * 32, ())}
    remembering.write_links(fewer)
    assert remembering.read_links() == fewer


def test_a_body_is_stored_once_compressed_and_read_back_whole() -> None:
    """Bodies leave out what their blocks say again (the text; question and answer texts that are
    their blocks joined) and are compressed: each seed reads back equal, a pair whose texts are
    not its blocks' keeps its own."""
    for path in SEEDS.values():
        doc = parse_file(path)
        stored = encode_body(doc)
        assert decode_body(stored) == doc
        plain = json.dumps(to_json(doc), ensure_ascii=False).encode("utf-8")
        assert len(stored) * 3 < len(plain)
    qa_doc = parse_file(SEEDS["002"])
    assert len(qa_doc.qa) == 77
    assert all(q["question"] is None and q["answer"] is None
               for q in json.loads(zlib.decompress(encode_body(qa_doc)))["qa"])  # fmt: skip
    odd = replace(qa_doc, qa=(replace(qa_doc.qa[0], question="Eigen tekst", answer=""), *qa_doc.qa[1:]))
    assert decode_body(encode_body(odd)) == odd


def test_a_body_damaged_inside_its_compressed_text_is_refused(cache_dir: Path, imported: list[str]) -> None:
    cache = Cache(cache_dir)
    row = cache.read_index().rows[2]
    path = cache.body_path(row.id, row.sha256)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(StaleCache, match="digest"):
        cache.read_body(row.id, row.sha256)
    assert Library(cache_dir).load(row.id).id == row.id  # parsed again from its source


def test_a_cache_of_schema_4_with_its_plain_bodies_is_upgraded(cache_dir: Path, imported: list[str]) -> None:
    """The layout before bodies were compressed: schema 4, rows without a stamp, each body plain
    document_json after its first line (its text, and each pair's texts, written out)."""
    cache = Cache(cache_dir)
    data = json.loads(cache.index_path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema"] = 4
    for row in data["documents"].values():
        del row["stamp"]
    cache.index_path.write_text(json.dumps(data), encoding="utf-8")
    links = json.loads(cache.links_path.read_text(encoding="utf-8"))
    cache.links_path.write_text(json.dumps({**links, "schema": 4}), encoding="utf-8")
    for doc_id, row in ((r["id"], r) for r in data["documents"].values()):
        path = cache.body_path(doc_id, row["sha256"])
        body = json.dumps(to_json(decode_body(path.read_bytes().partition(b"\n")[2])), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")  # fmt: skip
        head = json.dumps({"id": doc_id, "sha256": row["sha256"], "digest": _digest(body)}, ensure_ascii=False)
        path.write_bytes(head.encode("utf-8") + b"\n" + body)
    library, said = messages_of(cache_dir)
    assert said == [f"cache of schema 4 (this kamerlezer uses {SCHEMA}): cache rebuilt from 5 sources"]
    assert_whole(library, imported)
    for row in cache.read_index().rows:
        assert cache.body_path(row.id, row.sha256).read_bytes().partition(b"\n")[2][:1] != b"{"  # compressed now
