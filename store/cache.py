"""The files of one cache directory, and the shape of what is in them.

    index.json                  TinyDB (through AtomicJSONStorage): `meta` and one small row per document
    bodies/<aa>/<id>.<sha>.json one full document each (document_json), read only when opened
    sources/<aa>/<sha>.txt.gz   the decoded text of each imported text file, so a rebuild needs no original
    sources/<aa>/<sha>.bin.gz   the bytes of each PDF, Word file, official XML (with its metadata) or HTML
    sources/<aa>/<sha>.json     beside it: the path it came from, and when
    links.json                  per document its outgoing citations, to re-resolve links cheaply
    search/                     the full-text index (store/search.py)
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
import gc
import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.table import Document as TinyDocument

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
from store.document_json import from_json, to_json
from store.errors import KamerlezerError
from store.links import Citation
from store.model import Document

# The layout of everything above. Another number on disk means: rebuild from sources/.
SCHEMA = 4


class StaleCache(KamerlezerError):
    """A cache file that must be rebuilt from the sources: damaged, missing, or of another schema."""


class OtherSchema(StaleCache):
    """A cache written by another version of kamerlezer: rebuilt from the sources, an upgrade."""


@dataclass(frozen=True)
class Row:
    """One document in the index: what lists, the tree and link resolution need, never the body.

    `ord` is a number never reused (a replaced document gets a new one): the search index
    names documents by it. `sha256` is the hash of the decoded text, which names its source file.
    `targets` maps reference indexes to the ids they resolve to.
    """

    ord: int
    id: str
    kind: str
    title: str
    date: str | None
    dossiers: tuple[str, ...]
    source: str
    sha256: str
    qa_count: int
    footnote_count: int
    size: int
    keys: tuple[str, ...]
    targets: tuple[tuple[int, str], ...] = ()
    cited_by: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()  # the keys of the written questions it puts or answers (store.links.question_keys)
    same_questions: tuple[str, ...] = ()  # the documents of the same questions: answers, or the questions

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "date": self.date,
            "dossiers": list(self.dossiers),
            "source": self.source,
            "sha256": self.sha256,
            "qa_count": self.qa_count,
            "footnote_count": self.footnote_count,
            "size": self.size,
            "keys": list(self.keys),
            "targets": {str(i): t for i, t in self.targets},
            "cited_by": list(self.cited_by),
            "asks": list(self.asks),
            "same_questions": list(self.same_questions),
        }

    @classmethod
    def from_dict(cls, ord_: int, data: Mapping[str, Any]) -> Row:
        """Raises KeyError, TypeError or ValueError on a row of the wrong shape."""
        # The common case checked in one expression of plain type tests (a start-up reads 10,000
        # rows; generator expressions here took half its time); anything unusual goes the long
        # way below, which says what is wrong.
        d = data
        id_, kind, title, date, source, sha = d["id"], d["kind"], d["title"], d["date"], d["source"], d["sha256"]
        qa, notes, size, dossiers, keys, targets, cited, asks, same = (
            d["qa_count"], d["footnote_count"], d["size"], d["dossiers"], d["keys"], d["targets"], d["cited_by"],
            d["asks"], d["same_questions"])
        if (
            type(id_) is str and type(kind) is str and type(title) is str and type(source) is str
            and type(sha) is str and (date is None or type(date) is str)
            and type(qa) is int and type(notes) is int and type(size) is int
            and type(dossiers) is list and type(keys) is list and type(cited) is list and type(targets) is dict
            and type(asks) is list and type(same) is list
            and (not targets or all(type(t) is str for t in targets.values()))
        ):  # fmt: skip
            pairs = tuple((int(i), t) for i, t in targets.items()) if targets else ()
            return cls(ord_, id_, kind, title, date, tuple(dossiers), source, sha, qa, notes, size, tuple(keys), pairs,
                       tuple(cited), tuple(asks), tuple(same))  # fmt: skip
        return cls._checked(ord_, data)

    @classmethod
    def _checked(cls, ord_: int, data: Mapping[str, Any]) -> Row:
        targets = data["targets"]
        if not isinstance(targets, dict):
            raise TypeError("targets is not an object")
        return cls(
            ord=ord_,
            id=_typed(data["id"], str),
            kind=_typed(data["kind"], str),
            title=_typed(data["title"], str),
            date=None if data["date"] is None else _typed(data["date"], str),
            dossiers=tuple(_typed(data["dossiers"], list)),
            source=_typed(data["source"], str),
            sha256=_typed(data["sha256"], str),
            qa_count=_typed(data["qa_count"], int),
            footnote_count=_typed(data["footnote_count"], int),
            size=_typed(data["size"], int),
            keys=tuple(_typed(data["keys"], list)),
            targets=tuple((int(i), _typed(t, str)) for i, t in targets.items()),
            cited_by=tuple(_typed(data["cited_by"], list)),
            asks=tuple(_typed(data["asks"], list)),
            same_questions=tuple(_typed(data["same_questions"], list)),
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while, then back as it was. Reading 10,000 index rows
    makes some 300,000 objects, none in a cycle: the collections they set off, each walking the
    reader's whole heap, cost the reader's start-up more than the reading itself."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _typed(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class Index:
    """The whole of index.json: rows in ord order, the next ord to hand out, and the hashes of
    stored texts that the last rebuild could not read into a document (kept for the next)."""

    next_ord: int
    rows: tuple[Row, ...]
    unread: tuple[str, ...] = ()


EMPTY_INDEX = Index(next_ord=1, rows=())


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


def encode_body(doc: Document) -> bytes:
    """The document as document_json, the way atomic_write_json writes: a body file without
    its first line (Cache.write_body adds it)."""
    return json.dumps(to_json(doc), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Cache:
    """Reads and writes the files of one cache directory. Holds no state besides the path."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

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
        try:
            st = os.stat(self.index_path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    # -- index.json ---------------------------------------------------------------------------

    def read_index(self) -> Index | None:
        """The index, or None when there is no index.json. StaleCache when it is damaged or of another schema."""
        with _collector_paused():
            return self._read_index()

    def _read_index(self) -> Index | None:
        # Read as the JSON TinyDB writes ({"meta": {"1": {...}}, "documents": {"<ord>": {...}}}),
        # with AtomicJSONStorage's checks, but without TinyDB's objects: a third of the time.
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
        """Replace index.json in one atomic write (TinyDB's operations gathered in memory first)."""
        db = TinyDB(self.index_path, storage=CachingMiddleware(AtomicJSONStorage))
        try:
            db.drop_tables()  # writes {} into the middleware's memory: the old file is never read
            db.table("meta").insert({"schema": SCHEMA, "next_ord": index.next_ord, "unread": list(index.unread)})
            db.table("documents").insert_multiple(TinyDocument(r.to_dict(), doc_id=r.ord) for r in index.rows)
        finally:
            db.close()  # the one write

    # -- bodies -------------------------------------------------------------------------------

    def body_path(self, doc_id: str, sha256: str) -> Path:
        """Ids are plain (`kst-36600-VI-102`) but come from documents, so the name is escaped, and
        a hash picks the subdirectory (and names ids too long for a file name)."""
        directory, name = _body_place(doc_id, sha256)
        return self.bodies_dir / directory / name

    def missing_bodies(self, rows: Iterable[Row]) -> list[Row]:
        """The rows among `rows` that have no body file: each directory listed once, rather than a
        stat per document (a tenth of the time, at start-up)."""
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
            doc = from_json(json.loads(body))
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError, UnicodeDecodeError) as exc:
            raise StaleCache(f"{path}: is damaged ({exc.__class__.__name__}: {exc})") from None
        if doc.id != doc_id:
            raise StaleCache(f"{path}: holds {doc.id!r}, not {doc_id!r}")
        return doc

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
            # Level 1: a third of the time of the default level 9, for a file a fifth larger.
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

    def read_links(self) -> dict[str, tuple[str, tuple[Citation, ...]]] | None:
        """Per document, the hash of the text its citations were read from and the citations;
        None when there is no links.json; StaleCache when it is damaged or of another schema."""
        data = self._links_data()
        if data is None:
            return None
        try:
            return {
                doc_id: (_typed(sha, str), tuple(Citation(i, key, title, date) for i, key, title, date in cites))
                for doc_id, (sha, cites) in data.items()
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise StaleCache(f"{self.links_path}: is damaged ({exc.__class__.__name__}: {exc})") from None

    def check_links(self, rows: Iterable[Row]) -> None:
        """What reading links.json for these rows needs (there, whole, of this schema, an entry
        of the same version for every row), without building the citations: StaleCache if not."""
        data = self._links_data()
        rows = list(rows)
        if data is None:
            if rows:
                raise StaleCache(f"{self.links_path}: is missing")
            return
        try:
            for _sha, cites in data.values():
                for _i, _key, _title, _date in cites:  # the shape read_links unpacks
                    pass
        except (TypeError, ValueError) as exc:
            raise StaleCache(f"{self.links_path}: is damaged ({exc.__class__.__name__}: {exc})") from None
        if stale := [r.id for r in rows if (entry := data.get(r.id)) is None or entry[0] != r.sha256]:
            raise StaleCache(f"{self.links_path}: lacks the links of {len(stale)} documents ({stale[0]} ...)")

    def _links_data(self) -> dict[str, Any] | None:
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
        return documents

    def write_links(self, links: Mapping[str, tuple[str, tuple[Citation, ...]]]) -> None:
        """Per document id, the hash of its text and its citations (as `read_links` gives them)."""
        documents = {
            doc_id: [sha, [[c.index, c.key, c.title, c.date] for c in cites]] for doc_id, (sha, cites) in links.items()
        }
        atomic_write_json(self.links_path, {"schema": SCHEMA, "documents": documents})
