"""The files of one cache directory, and the shape of what is in them.

    index.json                  TinyDB (through AtomicJSONStorage): `meta` and one small row per document
    bodies/<aa>/<id>.<sha>.json one full document each (document_json, compressed), read only when opened
    sources/<aa>/<sha>.txt.gz   the decoded text of each imported text file, so a rebuild needs no original
    sources/<aa>/<sha>.bin.gz   the bytes of each PDF, Word file, official XML (with its metadata) or HTML
    sources/<aa>/<sha>.json     beside it: the path it came from, and when
    links.json                  per document its outgoing citations, to re-resolve links cheaply
    search/                     the full-text index (store/search/)
    user.json                   the user's bookmarks and notes (store/userdata.py): never touched here
    cache.lock                  held across an import or a rebuild

Every write is atomic (store.atomic). Nothing here decides when to write: store/importer.py
does, holding the lock. A file that cannot be read back raises `StaleCache`, and the caller
rebuilds from the sources.

A body is named by its document's id and the hash of the text it was made from (`<sha>` is
its first 16 hex digits), and written once under that name: a new version of a document is
a new file, which the index starts to name when it is committed, so a crash before the
commit leaves the committed rows with the bodies they were committed with (the new one is
an orphan, which `Cache.orphans` finds). A body file starts with a line of its own: the id,
the text's full hash and a digest of the rest, checked on every read, so a body that is
not the one its row names, or is damaged inside a string, is never shown.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import quote

from store.atomic import (
    AtomicJSONStorage,
    DamagedFileError,
    FileLock,
    UnreadableFileError,
    atomic_write,
    atomic_write_json,
    ensure_private_dir,
    read_json,
    sync_filesystem,
)
from store.collector import collector_paused
from store.document_json import from_json, to_json
from store.errors import KamerlezerError
from store.links import OutgoingLink
from store.model import Document

# The layout of everything above. Another number on disk means: rebuild from sources/.
SCHEMA = 5  # 5: bodies stored once (derived texts left out) and compressed


class StaleCache(KamerlezerError):
    """A cache file that must be rebuilt from the sources: damaged, missing, or of another schema."""


class OtherSchema(StaleCache):
    """A cache written by another version of kamerlezer: rebuilt from the sources, an upgrade."""


# -- the rows of index.json -----------------------------------------------------------------


def _typed(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


# The plain type test first: a start-up loads every field of 10,000 rows.
def _load_text(value: Any) -> str:
    return value if type(value) is str else _typed(value, str)


def _load_optional_text(value: Any) -> str | None:
    return value if value is None or type(value) is str else _typed(value, str)


def _load_number(value: Any) -> int:
    return value if type(value) is int else _typed(value, int)


def _load_texts(value: Any) -> tuple[str, ...]:
    return tuple(value if type(value) is list else _typed(value, list))


def _load_numbers(value: Any) -> tuple[int, ...]:
    return tuple(_load_number(n) for n in (value if type(value) is list else _typed(value, list)))


def _load_targets(value: Any) -> tuple[tuple[int, str], ...]:
    if not isinstance(value, dict):
        raise TypeError("targets is not an object")
    return tuple((int(i), _load_text(t)) for i, t in value.items())


def _dump_targets(targets: tuple[tuple[int, str], ...]) -> dict[str, str]:
    return {str(i): t for i, t in targets}


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Stored:
    """How a field of Row is kept in index.json: `load` makes the field's value of the stored one
    (raising TypeError or ValueError when it has the wrong shape), `dump` the stored value."""

    load: Callable[[Any], Any]
    dump: Callable[[Any], Any]


_TEXT = Stored(_load_text, _same)
_OPTIONAL_TEXT = Stored(_load_optional_text, _same)
_NUMBER = Stored(_load_number, _same)
_TEXTS = Stored(_load_texts, list)  # a tuple, stored as a list
_NUMBERS = Stored(_load_numbers, list)
_TARGETS = Stored(_load_targets, _dump_targets)  # (reference index, id) pairs, stored as {"index": id}


def _stored_as(how: Stored, key: str | None = None) -> dict[str, Any]:
    """The metadata of a field of Row: how it is stored, under `key` (the field's name unless given)."""
    return {"stored": how, "key": key}


@dataclass(frozen=True, slots=True)
class Row:
    """One document in the index: what lists, the tree and link resolution need, never the body.

    Its fields are the schema of index.json's rows: each but `ord` says how it is stored, and
    `to_dict` and `from_dict` follow them (ROW_FIELDS). `ord`, the key a row is stored under, is
    a number never reused (a replaced document gets a new one): the search index names documents
    by it. `sha256` is the hash of the decoded text, which names its source file. `targets` maps
    reference indexes to the ids they resolve to.
    """

    ord: int
    id: str = field(metadata=_stored_as(_TEXT))
    kind: str = field(metadata=_stored_as(_TEXT))
    title: str = field(metadata=_stored_as(_TEXT))
    date: str | None = field(metadata=_stored_as(_OPTIONAL_TEXT))
    dossiers: tuple[str, ...] = field(metadata=_stored_as(_TEXTS))
    source: str = field(metadata=_stored_as(_TEXT))
    sha256: str = field(metadata=_stored_as(_TEXT))
    qa_count: int = field(metadata=_stored_as(_NUMBER))
    footnote_count: int = field(metadata=_stored_as(_NUMBER))
    size: int = field(metadata=_stored_as(_NUMBER))
    keys: tuple[str, ...] = field(metadata=_stored_as(_TEXTS))
    targets: tuple[tuple[int, str], ...] = field(default=(), metadata=_stored_as(_TARGETS))
    cited_by: tuple[str, ...] = field(default=(), metadata=_stored_as(_TEXTS))
    # The keys of the written questions it puts or answers (store.links.question_keys).
    asks: tuple[str, ...] = field(default=(), metadata=_stored_as(_TEXTS))
    # The documents of the same questions: the answers of questions, the questions of an answer.
    same_questions: tuple[str, ...] = field(default=(), metadata=_stored_as(_TEXTS))
    # What the source file was when it was read (store.importer.file_stamp): an import that finds
    # it so again takes it as unchanged without reading it. Empty: read it to know.
    stamp: tuple[int, ...] = field(default=(), metadata=_stored_as(_NUMBERS))

    def to_dict(self) -> dict[str, Any]:
        """The row as index.json stores it, without its ord."""
        return {key: how.dump(getattr(self, name)) for name, key, how in ROW_FIELDS}

    @classmethod
    def from_dict(cls, ord_: int, data: Mapping[str, Any]) -> Row:
        """The row stored under `ord_`. Raises KeyError, TypeError or ValueError on a row of the wrong shape."""
        return cls(ord_, *[load(data[key]) for key, load in _LOADS])


def _row_fields() -> tuple[tuple[str, str, Stored], ...]:
    after_ord = fields(Row)[1:]
    if fields(Row)[0].name != "ord" or not all("stored" in f.metadata for f in after_ord):
        raise TypeError("Row: `ord` comes first, and every other field says how it is stored")
    return tuple((f.name, f.metadata["key"] or f.name, f.metadata["stored"]) for f in after_ord)


# (field name, key in index.json, how it is stored) of every field of Row after `ord`, in order.
ROW_FIELDS = _row_fields()
_LOADS = tuple((key, how.load) for _, key, how in ROW_FIELDS)  # in field order: Row.from_dict passes them so


@dataclass(frozen=True)
class Index:
    """The whole of index.json: rows in ord order, the next ord to hand out, and the hashes of
    stored texts that the last rebuild could not read into a document (kept for the next)."""

    next_ord: int
    rows: tuple[Row, ...]
    unread: tuple[str, ...] = ()


EMPTY_INDEX = Index(next_ord=1, rows=())


@dataclass(frozen=True)
class StoredLinks:
    """A document's entry in links.json: its outgoing links, and the hash of the text they were
    read from (those of another version of the document are stale)."""

    sha256: str
    outgoing: tuple[OutgoingLink, ...]


@dataclass(frozen=True)
class SourceInfo:
    """The sidecar of a stored source: the file it was imported from, and when (the start of
    that import, and the file's place in it), so a rebuild can take files in the same order."""

    sha256: str
    path: str
    seq: tuple[int, int]


@dataclass(frozen=True)
class DamagedSource:
    """A stored source whose sidecar cannot be read: where its text came from is lost."""

    sha256: str
    problem: str


def _body_place(doc_id: str, sha256: str) -> tuple[str, str]:
    """The subdirectory of bodies/ and the file name of a body (see Cache.body_path)."""
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()
    name = quote(doc_id, safe="-_.~")
    if len(name) > 150 or name.startswith("."):
        name = digest
    return digest[:2], f"{name}.{sha256[:16]}.json"


# What a damaged body file raises while it is read.
_DAMAGE = (KeyError, TypeError, ValueError, AttributeError, RecursionError, UnicodeDecodeError, zlib.error)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class _Listing:
    """The names in each subdirectory of a directory, each listed once when first asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._names: dict[str, set[str]] = {}

    def names(self, directory: str) -> set[str]:
        if directory not in self._names:
            try:
                self._names[directory] = set(os.listdir(self.root / directory))
            except OSError:
                self._names[directory] = set()
        return self._names[directory]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def content_sha256(content: str | bytes) -> str:
    """The hash a document's source is known by: of its text, or of a binary file's bytes."""
    return text_sha256(content) if isinstance(content, str) else hashlib.sha256(content).hexdigest()


_SOURCE_SUFFIXES = (".txt.gz", ".bin.gz")


# A body is stored once: document_json less what can be derived from its blocks (the whole
# text; a question's and an answer's text where they are their blocks joined), compressed.
# Level 1: nearly the size of the default level at a third of its time, in the workers.
_BODY_LEVEL = 1


def encode_body(doc: Document) -> bytes:
    """The document as a body file stores it after its first line (Cache.write_body adds that)."""
    data = to_json(doc)
    del data["text"]
    joined = _qa_texts(data["blocks"], len(data["qa"]))
    for k, qa in enumerate(data["qa"]):
        for part in ("question", "answer"):
            if qa[part] == joined[k][part]:
                qa[part] = None  # read back from the blocks
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return zlib.compress(raw, _BODY_LEVEL)


def decode_body(body: bytes) -> Document:
    """The document `encode_body` stored. Raises zlib.error, ValueError (not JSON), KeyError or
    TypeError when it is damaged."""
    data = json.loads(zlib.decompress(body))
    joined = _qa_texts(data["blocks"], len(data["qa"]))
    for k, qa in enumerate(data["qa"]):
        for part in ("question", "answer"):
            if qa[part] is None:
                qa[part] = joined[k][part]
    return from_json(data)  # which reads the text from the blocks


def _qa_texts(blocks: list[dict[str, Any]], count: int) -> list[dict[str, str]]:
    """Per question/answer pair, its question blocks' and its answer blocks' text joined, as
    store/parsing/assemble.py makes QA.question and QA.answer."""
    parts: list[tuple[list[str], list[str]]] = [([], []) for _ in range(count)]
    for b in blocks:
        k = b["qa"]
        if k is not None and 0 <= k < count:
            kind = b["kind"]
            if kind == "question" or kind == "answer":
                parts[k][kind == "answer"].append(b["text"])
    return [{"question": "\n\n".join(question), "answer": "\n\n".join(answer)} for question, answer in parts]


class Cache:
    """Reads and writes the files of one cache directory. Holds no state besides the path, but
    for an import's (`remember=True`): the JSON of the rows and links it wrote last, so that the
    commits of a long import write index.json and links.json again without encoding every row
    again (at 100,000 documents that was most of a commit)."""

    def __init__(self, root: str | os.PathLike[str], *, remember: bool = False) -> None:
        self.root = Path(root)
        self._remember = remember
        self._row_json: dict[int, tuple[Row, str]] = {}  # by ord: the row, as JSON
        self._links_json: dict[str, tuple[str, tuple[OutgoingLink, ...], str]] = {}  # by id

    @property
    def index_path(self) -> Path:
        return self.root / "index.json"

    @property
    def links_path(self) -> Path:
        return self.root / "links.json"

    @property
    def search_dir(self) -> Path:
        return self.root / "search"

    @property
    def bodies_dir(self) -> Path:
        return self.root / "bodies"

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    def make_dirs(self) -> None:
        """Create the cache's directories, each 0700 (`ensure_private_dir` gives that only to the last
        of a chain it creates)."""
        for path in (self.root, self.bodies_dir, self.sources_dir):
            ensure_private_dir(path)

    def lock(self) -> FileLock:
        """The lock held across a whole import or rebuild (readers need none: files are replaced atomically)."""
        return FileLock(self.root / "cache.lock")

    def index_stamp(self) -> tuple[int, int, int] | None:
        """Changes whenever index.json is replaced; None when there is none."""
        return _file_stamp(self.index_path)

    def links_stamp(self) -> tuple[int, int, int] | None:
        """Changes whenever links.json is replaced or written to; None when there is none."""
        return _file_stamp(self.links_path)

    # -- index.json ---------------------------------------------------------------------------

    def read_index(self) -> Index | None:
        """The index, or None when there is no index.json. StaleCache when it is damaged or of another schema."""
        with collector_paused():
            return self._read_index()

    def _read_index(self) -> Index | None:
        # Read as the JSON TinyDB writes ({"meta": {"1": {...}}, "documents": {"<ord>": {...}}}),
        # with AtomicJSONStorage's checks, but without TinyDB's objects, which cost most of it.
        try:
            if os.stat(self.index_path).st_size == 0:
                raise StaleCache(f"{self.index_path}: is empty (truncated)")
            data = read_json(self.index_path)
        except FileNotFoundError:
            return None
        except DamagedFileError as exc:
            raise StaleCache(str(exc)) from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise StaleCache(f"{self.index_path}: is not a table file")
        try:
            meta = data.get("meta", {}).get("1")
            if not isinstance(meta, Mapping):
                raise StaleCache(f"{self.index_path}: has no schema version")
            if meta.get("schema") != SCHEMA:
                raise OtherSchema(f"cache of schema {meta.get('schema')} (this kamerlezer uses {SCHEMA})")
            rows = tuple(Row.from_dict(int(key), row) for key, row in data.get("documents", {}).items())
            next_ord = _typed(meta["next_ord"], int)
            unread = tuple(_typed(sha, str) for sha in _typed(meta.get("unread", []), list))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StaleCache(f"{self.index_path}: is damaged ({exc.__class__.__name__}: {exc})") from None
        if any(r.ord >= next_ord for r in rows) or len({r.id for r in rows}) != len(rows):
            raise StaleCache(f"{self.index_path}: is damaged (ords or ids clash)")
        return Index(next_ord, tuple(sorted(rows, key=lambda r: r.ord)), unread)

    def write_index(self, index: Index) -> None:
        """Replace index.json in one atomic write (TinyDB's operations gathered in memory first);
        for an import, the same tables written as one text of the rows' JSON (unchanged rows'
        kept from the last write), which TinyDB and `read_index` read alike."""
        if self._remember:
            meta = {"schema": SCHEMA, "next_ord": index.next_ord, "unread": list(index.unread)}
            rows = ",".join(f'"{r.ord}":{self._row_code(r)}' for r in index.rows)
            self._row_json = {r.ord: self._row_json[r.ord] for r in index.rows}  # the rows gone, forgotten
            atomic_write(self.index_path, f'{{"meta":{{"1":{_json(meta)}}},"documents":{{{rows}}}}}'.encode())
            return
        from tinydb import TinyDB  # here: reading (the reader, `search`) goes without it
        from tinydb.middlewares import CachingMiddleware
        from tinydb.table import Document as TinyDocument

        db = TinyDB(self.index_path, storage=CachingMiddleware(AtomicJSONStorage))
        try:
            db.drop_tables()  # writes {} into the middleware's memory: the old file is never read
            db.table("meta").insert({"schema": SCHEMA, "next_ord": index.next_ord, "unread": list(index.unread)})
            db.table("documents").insert_multiple(TinyDocument(r.to_dict(), doc_id=r.ord) for r in index.rows)
        finally:
            db.close()  # the one write

    def _row_code(self, row: Row) -> str:
        kept = self._row_json.get(row.ord)
        if kept is None or kept[0] is not row:  # a row changes by being replaced: the same object is the same row
            kept = self._row_json[row.ord] = (row, _json(row.to_dict()))
        return kept[1]

    # -- bodies -------------------------------------------------------------------------------

    def body_path(self, doc_id: str, sha256: str) -> Path:
        """Ids are plain (`kst-36600-VI-102`) but come from documents, so the name is escaped, and
        a hash picks the subdirectory (and names ids too long for a file name)."""
        directory, name = _body_place(doc_id, sha256)
        return self.bodies_dir / directory / name

    def missing_bodies(self, rows: Iterable[Row]) -> list[Row]:
        """The rows among `rows` that have no body file: each directory listed once (at start-up),
        rather than a stat per document."""
        listing = _Listing(self.bodies_dir)
        return [r for r in rows if (place := _body_place(r.id, r.sha256))[1] not in listing.names(place[0])]

    def write_body(self, doc_id: str, sha256: str, body: bytes, *, durable: bool = True) -> None:
        """Store `body` (from `encode_body`) as the body of `doc_id` made from the text with this
        hash. An import writes it with `durable=False`, and calls `sync` before the index that
        names it."""
        head = json.dumps({"id": doc_id, "sha256": sha256, "digest": _digest(body)}, ensure_ascii=False)
        atomic_write(self.body_path(doc_id, sha256), head.encode("utf-8") + b"\n" + body, durable=durable)

    def sync(self) -> None:
        """Make the files written with `durable=False` durable (before committing the index)."""
        sync_filesystem(self.root)

    def read_body(self, doc_id: str, sha256: str) -> Document:
        """The stored document of this id made from the text with this hash; StaleCache when its
        file is missing, damaged, or holds anything else."""
        path, body = self._checked_body(doc_id, sha256)
        try:
            doc = decode_body(body)
        except _DAMAGE as exc:
            raise StaleCache(f"{path}: is damaged ({exc.__class__.__name__}: {exc})") from None
        if doc.id != doc_id:
            raise StaleCache(f"{path}: holds {doc.id!r}, not {doc_id!r}")
        return doc

    def read_body_data(self, doc_id: str, sha256: str) -> dict[str, Any]:
        """The stored body's JSON as it is kept (document_json's names; a question/answer pair's
        question and answer None where its blocks give them): what a search hit reads of it,
        without building the Document. StaleCache as `read_body`."""
        path, body = self._checked_body(doc_id, sha256)
        try:
            data = json.loads(zlib.decompress(body))
        except _DAMAGE as exc:
            raise StaleCache(f"{path}: is damaged ({exc.__class__.__name__}: {exc})") from None
        if not isinstance(data, dict) or data.get("id") != doc_id:
            raise StaleCache(f"{path}: does not hold {doc_id!r}")
        return data

    def _checked_body(self, doc_id: str, sha256: str) -> tuple[Path, bytes]:
        """The body file's path and its stored body, once its head says it is whole and holds
        this document; StaleCache when not."""
        path = self.body_path(doc_id, sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StaleCache(f"{path}: is missing") from None
        except OSError as exc:
            raise StaleCache(f"{path}: cannot be read ({exc.strerror or exc})") from None
        head_bytes, _, body = data.partition(b"\n")
        try:
            head = json.loads(head_bytes)
            if not isinstance(head, dict) or head.get("digest") != _digest(body):
                raise ValueError("its digest does not match its content")
            if head.get("id") != doc_id or head.get("sha256") != sha256:
                raise ValueError(f"it holds another document ({head.get('id')!r})")
        except _DAMAGE as exc:
            raise StaleCache(f"{path}: is damaged ({exc.__class__.__name__}: {exc})") from None
        return path, body

    def find_body(self, sha256: str) -> tuple[str, Document] | None:
        """A whole stored body made from the text with this hash, whatever its id: what a rebuild
        keeps of a document whose stored text is damaged."""
        for path in self.bodies_dir.glob(f"*/*.{sha256[:16]}.json"):
            with contextlib.suppress(OSError, ValueError):
                head = json.loads(path.read_bytes().partition(b"\n")[0])
                if isinstance(head, dict) and head.get("sha256") == sha256 and isinstance(head.get("id"), str):
                    with contextlib.suppress(StaleCache):
                        return head["id"], self.read_body(head["id"], sha256)
        return None

    def remove_body(self, doc_id: str, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.body_path(doc_id, sha256).unlink()

    def stored_bodies(self) -> Iterator[Path]:
        return self.bodies_dir.glob("*/*.json")

    def orphans(self, index: Index) -> list[Path]:
        """What an interrupted import or rebuild left that the index does not name: bodies and
        sources of versions never committed, temp files of writes cut short. Only to be removed
        under the lock (an import in progress makes such files on its way to a commit)."""
        bodies = {self.body_path(r.id, r.sha256) for r in index.rows}
        shas = {r.sha256 for r in index.rows} | set(index.unread)
        found = [p for p in self.stored_bodies() if p not in bodies]
        for path in self.sources_dir.glob("*/*"):
            sha = path.name.split(".")[0]
            if path.name.startswith(".") or sha not in shas:
                found.append(path)
        found += self.bodies_dir.glob("*/.*.tmp")
        found += self.root.glob(".*.tmp")
        return found

    # -- sources ------------------------------------------------------------------------------

    def _source_base(self, sha256: str) -> Path:
        return self.sources_dir / sha256[:2] / sha256

    def _source_path(self, sha256: str) -> Path | None:
        base = self._source_base(sha256)
        for suffix in _SOURCE_SUFFIXES:
            if base.with_suffix(suffix).exists():
                return base.with_suffix(suffix)
        return None

    def has_source(self, sha256: str) -> bool:
        return self._source_path(sha256) is not None

    def kept_sources(self, shas: Iterable[str]) -> set[str]:
        """Those of `shas` whose content is stored: each directory of sources/ listed once,
        rather than a stat or two per hash (an unchanged library of 100,000 asks for all)."""
        listing = _Listing(self.sources_dir)
        return {sha for sha in shas if any(sha + suffix in listing.names(sha[:2]) for suffix in _SOURCE_SUFFIXES)}

    def write_source(self, content: str | bytes, info: SourceInfo, *, durable: bool = True) -> None:
        """Store what was imported of a file (its decoded text, or the bytes of a PDF, a Word
        file, an official XML or HTML) under its hash, and beside it its sidecar.

        Both are written once: the content is named by itself, and the sidecar of the first
        file to bring it stays (a later file with the same content is not imported again).
        Content already there is kept only if it reads back whole: one written with
        `durable=False` may have been lost to a power cut before the import committed.
        """
        base = self._source_base(info.sha256)
        if not self.source_intact(info.sha256):
            raw, suffix = (content.encode("utf-8", "surrogatepass"), ".txt.gz") if isinstance(content, str) else (
                content, ".bin.gz")  # fmt: skip
            # Level 1: much faster than the default level 9, for a file a little larger.
            atomic_write(base.with_suffix(suffix), gzip.compress(raw, compresslevel=1, mtime=0), durable=durable)
        if not base.with_suffix(".json").exists():  # written second: it is what makes the source count
            sidecar = json.dumps({"path": info.path, "seq": list(info.seq)}, ensure_ascii=False, separators=(",", ":"))
            atomic_write(base.with_suffix(".json"), sidecar.encode("utf-8"), durable=durable)

    def source_intact(self, sha256: str) -> bool:
        if not self.has_source(sha256):
            return False
        try:
            self.read_source(sha256)
        except StaleCache:
            return False
        return True

    def read_source(self, sha256: str) -> str | bytes:
        """The stored content with this hash (a text, or a file's bytes); StaleCache when it is
        missing or not what was stored."""
        path = self._source_path(sha256) or self._source_base(sha256).with_suffix(".txt.gz")
        try:
            raw = gzip.decompress(path.read_bytes())
            content: str | bytes = raw.decode("utf-8", "surrogatepass") if path.name.endswith(".txt.gz") else raw
        except FileNotFoundError:
            raise StaleCache(f"{path}: is missing") from None
        except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
            raise StaleCache(f"{path}: is damaged ({exc})") from None
        if content_sha256(content) != sha256:
            raise StaleCache(f"{path}: is damaged (its content does not match its name)")
        return content

    def stored_sources(self) -> Iterator[SourceInfo | DamagedSource]:
        """Every stored source with its sidecar, in no particular order; a DamagedSource for each
        whose sidecar is unreadable."""
        for sidecar in self.sources_dir.glob("*/*.json"):
            sha = sidecar.name.removesuffix(".json")
            try:
                data = read_json(sidecar)
                start, place = _typed(data["seq"], list)
                info: SourceInfo | DamagedSource = SourceInfo(
                    sha, _typed(data["path"], str), (int(start), int(place))
                )
            except (DamagedFileError, UnreadableFileError, FileNotFoundError, KeyError, TypeError, ValueError) as exc:
                info = DamagedSource(sha, f"{sidecar}: is damaged ({exc})")
            yield info

    def remove_source_text(self, sha256: str) -> None:
        """The content alone (damaged, say), its sidecar kept: the file it names can bring it back."""
        for suffix in _SOURCE_SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                self._source_base(sha256).with_suffix(suffix).unlink()

    def remove_source(self, sha256: str) -> None:
        base = self._source_base(sha256)
        # The sidecar first: it is what makes a source part of the cache.
        for path in (base.with_suffix(".json"), *(base.with_suffix(suffix) for suffix in _SOURCE_SUFFIXES)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    # -- links.json ---------------------------------------------------------------------------
    # {"schema": SCHEMA, "documents": {id: [sha256, [[index, key, title, date], ...]]}}

    def read_links(self) -> dict[str, StoredLinks] | None:
        """Per document id, its entry; None when there is no links.json; StaleCache when it is
        damaged or of another schema."""
        documents = self._links_entries()
        if documents is None:
            return None
        return {
            doc_id: StoredLinks(sha, tuple(OutgoingLink(i, key, title, date) for i, key, title, date in outgoing))
            for doc_id, (sha, outgoing) in documents.items()
        }

    def check_links(self, rows: Iterable[Row]) -> None:
        """StaleCache unless links.json reads whole and holds the links of every row's version;
        without building the links, which `read_links` spends most of its time on."""
        documents = self._links_entries()
        rows = list(rows)
        if documents is None:
            if rows:
                raise StaleCache(f"{self.links_path}: is missing")
            return
        if stale := [r.id for r in rows if (entry := documents.get(r.id)) is None or entry[0] != r.sha256]:
            raise StaleCache(f"{self.links_path}: lacks the links of {len(stale)} documents ({stale[0]} ...)")

    def _links_entries(self) -> dict[str, list[Any]] | None:
        """The one reader of links.json: its entries by document id, every one checked to be of
        the shape above. None when there is no links.json; StaleCache when it is damaged or of
        another schema."""
        try:
            data = read_json(self.links_path)
        except FileNotFoundError:
            return None
        except DamagedFileError as exc:
            raise StaleCache(str(exc)) from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            problem = f"of schema {data.get('schema')}" if isinstance(data, dict) else "is not a links file"
            raise StaleCache(f"{self.links_path}: {problem}")
        documents = data.get("documents")
        if not isinstance(documents, dict):
            raise StaleCache(f"{self.links_path}: is damaged (no documents)")
        if (wrong := _links_problem(documents)) is not None:
            raise StaleCache(f"{self.links_path}: is damaged ({wrong})")
        return documents

    def write_links(self, links: Mapping[str, StoredLinks]) -> None:
        """Per document id, its entry (as `read_links` gives them)."""
        if self._remember:
            entries = ",".join(f"{_json(doc_id)}:{self._links_code(doc_id, entry)}" for doc_id, entry in links.items())
            self._links_json = {doc_id: self._links_json[doc_id] for doc_id in links}
            atomic_write(self.links_path, f'{{"schema":{SCHEMA},"documents":{{{entries}}}}}'.encode())
            return
        documents = {doc_id: _links_entry(entry) for doc_id, entry in links.items()}
        atomic_write_json(self.links_path, {"schema": SCHEMA, "documents": documents})

    def _links_code(self, doc_id: str, entry: StoredLinks) -> str:
        kept = self._links_json.get(doc_id)
        if kept is None or kept[0] != entry.sha256 or kept[1] is not entry.outgoing:
            kept = self._links_json[doc_id] = (entry.sha256, entry.outgoing, _json(_links_entry(entry)))
        return kept[2]


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What a file is now (inode, size, mtime): another once it has been replaced or written to."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _json(data: Any) -> str:
    """As atomic_write_json writes it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _links_entry(entry: StoredLinks) -> list[Any]:
    return [entry.sha256, [[c.index, c.key, c.title, c.date] for c in entry.outgoing]]


def _links_problem(documents: dict[str, Any]) -> str | None:
    """What is wrong with the entries of links.json, if anything (plain loops: there are 100,000 links)."""
    for entry in documents.values():
        if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not str or type(entry[1]) is not list:
            return "an entry is not [sha256, links]"
        for link in entry[1]:
            if not (
                type(link) is list and len(link) == 4 and type(link[0]) is int
                and (link[1] is None or type(link[1]) is str) and (link[2] is None or type(link[2]) is str)
                and (link[3] is None or type(link[3]) is str)
            ):  # fmt: skip
                return "a link is not [index, key, title, date]"
    return None
