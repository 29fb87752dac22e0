"""The library: the one object the reader and the command line ask for documents.

    lib = Library()                      # reads index.json only (lazy=True: at the first need)
    lib.head()                           # the tree's groups and counts, without the rows (store/head.py)
    lib.entries()                        # every document's index row, no body read
    lib.present(ids)                     # which of these ids it has (the head's ids, no rows read)
    lib.load("kst-19637-2535")           # the body, with link targets and backlinks
    lib.locate("kst-19637-2535#fn-1")    # Located(doc, anchor), checked; PlaceError if it is not there
    lib.import_paths(["sample_data"])    # ImportReport
    lib.search("migratieagenda")         # [store.search.Hit]

A cache that is damaged or of another schema version is rebuilt from its sources, with a
message to `on_message`; it is never half-read. A Library may be shared between threads:
its view of the index is an immutable snapshot, replaced whole when index.json changes
(by an import here or in another process), and writers take a lock.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from functools import cached_property, partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from store import paths
from store.anchors import AnchorError, Place, block_of, parse_place
from store.cache import EMPTY_INDEX, Cache, Index, OtherSchema, Row, StaleCache
from store.errors import KamerlezerError
from store.links import QUESTION_KINDS, OutgoingLink, key_index, resolve_key
from store.model import Document
from store.recent import RecentBodies

if TYPE_CHECKING:  # store.search, store.importer and store.parse load on first use: the reader starts with this module
    from store.head import Head
    from store.importer import ImportReport, Progress
    from store.search import Hit, Listed, SearchIndex
    from store.search.hit_body import HitBody

__all__ = ["Entry", "Library", "Located", "NoDocument", "PlaceError", "read_place"]

Say = Callable[[str], None]
# A rebuild's progress: what it is ("upgrade" or "repair"), why, documents done, in all, the file.
RebuildProgress = Callable[[str, str, int, int, str], None]


@dataclass(frozen=True, slots=True)  # slots: a reader holds one per document, 100,000 of them
class Entry:
    """One document as lists and the tree show it: the fields of its index row (store.cache.Row)
    that they need, of the same names and types, never the body."""

    id: str
    kind: str
    title: str
    date: str | None
    dossiers: tuple[str, ...]
    source: str  # the path it was imported from
    qa_count: int
    footnote_count: int
    size: int  # characters of text
    cited_by: tuple[str, ...]  # ids of cached documents whose references resolve to this one


_entry_fields = attrgetter(*(f.name for f in fields(Entry)))  # of a Row: an Entry's values, in order


class PlaceError(KamerlezerError):
    """A place (`ID#qa-19`) that is malformed, or names a document or a part the library does not have."""


@dataclass(frozen=True)
class Located:
    """A place checked against its document: the document, and the anchor in it (None: the whole of it)."""

    doc: Document
    anchor: str | None

    @property
    def place(self) -> Place:
        return Place(self.doc.id, self.anchor)


class NoDocument(PlaceError):
    """An id the library does not have."""

    def __init__(self, doc_id: str, library: Path) -> None:
        super().__init__(f"no document {doc_id!r} in {library} (`kamerlezer list` shows what there is)")
        self.doc_id = doc_id


def read_place(text: str) -> Place:
    """`ID` or `ID#ANCHOR` read; PlaceError when it is no place ("unknown anchor 'vraag-3': ...")."""
    try:
        return parse_place(text)
    except AnchorError as exc:
        raise PlaceError(str(exc)) from None


class Library:
    def __init__(
        self,
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        on_message: Say | None = None,
        on_rebuild: RebuildProgress | None = None,
        lazy: bool = False,
    ) -> None:
        """`lazy`: read index.json at the first need of the rows, not now (the reader of a large
        library shows the head first; `search` needs no rows)."""
        self.path: Path = paths.cache_dir(cache_dir)
        self._cache = Cache(self.path)
        self._say: Say = on_message or (lambda _message: None)
        self._on_rebuild = on_rebuild
        self._file_lock = self._cache.lock()  # one object, so that it is re-entrant in this process
        self._thread_lock = threading.RLock()
        self._search: SearchIndex | None = None
        self._recent: RecentBodies[HitBody] = RecentBodies()  # the last hits: a query asked again reads none
        self._snapshot: IndexSnapshot | None = None if lazy else self._read(self._say)

    def __repr__(self) -> str:
        return f"Library({str(self.path)!r})"

    # -- reading -----------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        return list(self._current().entries)

    def get(self, doc_id: str) -> Entry | None:
        return self._current().entries_by_id.get(doc_id)

    def present(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of `doc_ids` the library has. Until the rows are read (a lazy library) the
        head's list of ids tells, when it is the head of the index.json there is now."""
        wanted = set(doc_ids)
        snapshot = self._snapshot
        stamp = self._cache.index_stamp()
        if snapshot is None or snapshot.stamp != stamp:
            from store.head import read_head

            head = read_head(self.path, stamp)
            if head is not None:
                return wanted.intersection(head.ids)
        return {i for i in wanted if self.get(i) is not None}

    @property
    def stamp(self) -> tuple[int, int, int] | None:
        """What index.json is now (one stat): it differs from an earlier stamp once another
        process (or this one) has changed the library since."""
        return self._cache.index_stamp()

    def is_empty(self) -> bool:
        return not self._current().index.rows

    def head(self) -> Head | None:
        """What the tree shows first (groups, counts) from head.json, if it was made from the
        index.json there is now; None otherwise (then `entries()` tells, and writes it again).
        Reads no rows: a reader of 100,000 documents draws its tree from this."""
        from store.head import read_head

        return read_head(self.path, self._cache.index_stamp())

    def locate(self, place: str | Place, *, default_anchor: str | None = None, first_start: bool = False) -> Located:
        """The document a place (`ID`, `ID#qa-19`) names and the anchor in it, checked: PlaceError, with
        its one-line message, when the text is no place, the library has no such document, or the
        document no such part. A place without an anchor gets `default_anchor` (None: the whole
        document). With `first_start`, an empty library is checked against the bundled documents
        that the reader's first start imports into it."""
        if isinstance(place, str):
            place = read_place(place)
        if first_start and self.is_empty():
            doc = _bundled_document(place.doc_id)
            if doc is None:
                raise PlaceError(
                    f"no document {place.doc_id!r} in the bundled documents that a first start imports into the "
                    f"empty {self.path}; import yours first (`kamerlezer import PATH`)"
                )
        else:
            try:
                doc = self.load(place.doc_id)
            except KeyError:
                raise NoDocument(place.doc_id, self.path) from None
        anchor = place.anchor or default_anchor
        if anchor is not None:
            try:
                block_of(doc, anchor)
            except AnchorError as exc:  # "X has no answer to question 99"
                raise PlaceError(str(exc)) from None
        return Located(doc, anchor)

    def resolve(self, key: str) -> str | None:
        """The id of the cached document a canonical reference key names."""
        return resolve_key(self._current().keys, key)

    def load(self, doc_id: str) -> Document:
        """The body of `doc_id` with reference targets and backlinks filled in; KeyError if unknown.

        A body file that is missing or damaged is parsed again from its source (with a message).
        """
        row = self._current().rows_by_id.get(doc_id)
        if row is None:
            raise KeyError(doc_id)
        answers = row.same_questions if row.kind in QUESTION_KINDS else ()
        questions = row.same_questions if row.kind not in QUESTION_KINDS else ()
        return self._body(row).with_links(dict(row.targets), row.cited_by, answers, questions)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best hits for `query` in titles and text, best first. A missing or damaged search
        index is rebuilt from the bodies first (with a message).

        The search index lists every document with its id, title and body's hash, so a query
        reads no index row: only the index and the bodies of its hits. A hit whose body cannot be
        read is looked up in the rows (mended from its source, or gone from the library)."""
        from store.search import SearchIndexError, search
        from store.search.hit_body import from_body_data, of_document

        def read(listed: Listed) -> HitBody:
            data = self._cache.read_body_data(listed.id, listed.sha256)
            try:
                return from_body_data(data)
            except (KeyError, TypeError, AttributeError) as exc:  # whole, but not a body of ours
                raise StaleCache(f"{self._cache.body_path(listed.id, listed.sha256)}: is damaged ({exc!r})") from None

        def load(listed: Listed) -> HitBody:
            path = self._cache.body_path(listed.id, listed.sha256)
            try:
                return self._recent.read(path, lambda: read(listed))
            except StaleCache:
                row = self._current().rows_by_id.get(listed.id)
                if row is None or row.sha256 != listed.sha256:
                    raise KeyError(listed.id) from None  # replaced or removed since
                return of_document(self._body(row))

        def entries() -> dict[int, Listed]:
            return self._current().hit_entries

        try:
            return search(self._search_index(), query, entries=entries, load=load, limit=limit)
        except SearchIndexError as exc:
            if self.is_empty():  # nothing to find, and no index to build (nor a directory to make)
                return []
            with self._writing():
                self._rebuild_search(str(exc), self._current().index, self._say)
            return search(self._search_index(), query, entries=entries, load=load, limit=limit)

    def check(self) -> None:
        """Mend what reading the index does not look at: links.json (read again from the bodies),
        the search index, a missing body file (parsed again from its source), and remove what an
        interrupted import left behind; each with a message. The reader calls this in the
        background after start-up, so that a damaged cache is said and mended at once.

        A whole cache is seen without the lock, so that this never waits for an import in another
        process; what looks damaged is looked at again under the lock (it may have been half-way
        through a change) before anything is rebuilt."""
        if not self._current().index.rows:
            return
        if self._derived_files_whole(self._current().index):
            self._vouch_for_links()
        else:
            with self._writing():
                snapshot = self._read(self._say)
                self._snapshot, index = snapshot, snapshot.index
                if self._links_problem(index):
                    self._links(index, self._say)
                if not self._search_index().is_valid():
                    self._rebuild_search("the search index is missing or damaged", index, self._say)
        for row in self._cache.missing_bodies(self._current().index.rows):
            self._body(row)  # parsed again from its source, with a message
        self._remove_orphans()

    def _remove_orphans(self) -> None:
        """Remove what an interrupted import or rebuild left behind (bodies and texts of versions
        never committed, temp files), if no import is running now: one that is makes such files
        on its way to its commit, and tidies up after itself."""
        if not self._cache.orphans(self._current().index):
            return
        with self._thread_lock:
            if not self._file_lock.acquire(blocking=False):
                return
            try:
                index = self._read(self._say).index
                orphans = self._cache.orphans(index)
                for path in orphans:
                    path.unlink(missing_ok=True)
            finally:
                self._file_lock.release()
        if orphans:
            self._say(f"{self.path}: removed {len(orphans)} files that an interrupted import left behind")

    def _links(self, index: Index, say: Say) -> dict[str, tuple[OutgoingLink, ...]]:
        """Each document's outgoing links (while writing); links.json mended first where it must be."""
        from store import importer

        return importer.mend_links(self._cache, index, self._body, say)

    def _links_problem(self, index: Index) -> str | None:
        try:
            self._cache.check_links(index.rows)  # what importer.mend_links would mend, without building the links
        except StaleCache as exc:
            return str(exc)
        return None

    def _derived_files_whole(self, index: Index) -> bool:
        links_whole = self._links_vouched_for() or self._links_problem(index) is None
        return links_whole and self._search_index().is_valid()

    def _links_vouched_for(self) -> bool:
        """Whether links.json is the file the head says was whole with this index (store/head.py)."""
        from store.head import read_head

        head = read_head(self.path, self._cache.index_stamp())
        return head is not None and head.links is not None and head.links == self._cache.links_stamp()

    def _vouch_for_links(self) -> None:
        """links.json was just found whole: say so in the head, so the next check need not read it."""
        snapshot = self._current()
        if not self._links_vouched_for():
            self._keep_head(snapshot, links_whole=True, again=True)

    # -- writing -----------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None) -> ImportReport:
        """Import files and directories (walked recursively). Bad files are listed in the report,
        never raised; KamerlezerError or OSError only when the cache itself cannot be written."""
        from store import importer

        messages: list[str] = []

        def say(message: str) -> None:
            messages.append(message)
            self._say(message)

        noted: set[str] | None = None  # read when a first document is replaced: most imports replace none
        old_versions: dict[str, Document] = {}

        def keep_old(doc_id: str, sha: str) -> None:
            nonlocal noted
            if noted is None:
                noted = self._noted(say)
            if doc_id in noted:  # read before the import removes it: the user's places are found from it
                with contextlib.suppress(StaleCache):
                    old_versions[doc_id] = self._cache.read_body(doc_id, sha)

        with self._writing():
            snapshot = self._snapshot  # read again only if another process has changed it since
            if snapshot is None or self._cache.index_stamp() != snapshot.stamp:
                snapshot = self._read(say)
            index = snapshot.index
            search = self._search_index()
            if not search.is_valid():
                self._rebuild_search("the search index is missing or damaged", index, say)
            files = importer.expand(paths)

            def run(index: Index, links: importer.Links | Callable[[], importer.Links]) -> tuple[Index, ImportReport]:
                return importer.import_files(self._cache, index, links, files, search=search, say=say,
                                             progress=progress, before_drop=keep_old)  # fmt: skip

            try:  # the links are read (and mended) when the import first needs them: unchanged files need none
                index, report = run(index, partial(self._links, index, say))
            except StaleCache as exc:  # a body that cannot be read nor parsed again
                index = self._rebuild(str(exc), say)
                index, report = run(index, self._links(index, say))
            if not search.is_valid():  # found damaged on the way
                self._rebuild_search("the search index was damaged", index, say)
            self._snapshot = IndexSnapshot(self._cache.index_stamp(), index)
            self._keep_head(self._snapshot, links_whole=True)
        if noted:
            self._re_place([i for i in report.replaced if i in noted], old_versions, say)
        return replace(report, messages=tuple(messages))

    def _noted(self, say: Say) -> set[str]:
        """The documents with the user's notes or bookmarks (none when user.json cannot be read)."""
        from store.userdata import UserData

        try:
            return UserData.for_cache(self.path).doc_ids()
        except KamerlezerError as exc:
            say(f"{exc}: notes and bookmarks on documents that changed are not placed again")
            return set()

    def _re_place(self, replaced: Iterable[str], old_versions: dict[str, Document], say: Say) -> None:
        """Find the user's notes and bookmarks on each replaced document again in its new version
        (store.userdata.UserData.re_place, which alone writes user.json); those not found are kept
        and listed as such. A failure leaves user.json as it was."""
        from store.userdata import UserData

        user = UserData.for_cache(self.path, on_message=say)
        for doc_id in replaced:
            try:
                done = user.re_place(old_versions.get(doc_id), self.load(doc_id))
            except (KamerlezerError, KeyError, OSError) as exc:
                say(f"{doc_id}: notes and bookmarks not placed again ({exc}); they are kept as they were")
                continue
            if done.lost:
                say(f"{doc_id}: {done.lost} of your notes and bookmarks were not found in the new version "
                    "(kept, and listed as such)")  # fmt: skip

    def remove(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Take documents out of the library: their rows, bodies, sources (so that no rebuild
        brings them back) and search entries; links resolved again. The ids it did not have are
        left out of what it returns. The user's notes and bookmarks on them are not touched
        (store/userdata.py keeps them, and lists them as on a removed document)."""
        from store import importer

        wanted = list(ids)
        with self._writing():
            index = self._read(self._say).index
            if not any(r.id in wanted for r in index.rows):
                return ()
            links = self._links(index, self._say)
            search = self._search_index()
            index, removed = importer.remove_documents(
                self._cache, index, links, wanted, search=search if search.is_valid() else None, say=self._say
            )
            if not search.is_valid():
                self._rebuild_search("the search index was damaged", index, self._say)
            self._snapshot = IndexSnapshot(self._cache.index_stamp(), index)
            self._keep_head(self._snapshot, links_whole=True)
        return removed

    # -- inside ------------------------------------------------------------------------------

    def _current(self) -> IndexSnapshot:
        """The snapshot; read (again) when there is none yet or index.json has been replaced since."""
        snapshot = self._snapshot
        if snapshot is None or self._cache.index_stamp() != snapshot.stamp:
            with self._thread_lock:
                snapshot = self._snapshot
                if snapshot is None or self._cache.index_stamp() != snapshot.stamp:
                    snapshot = self._snapshot = self._read(self._say)
        return snapshot

    def _read(self, say: Say) -> IndexSnapshot:
        """The index on disk now; rebuilt from the sources first when it is stale."""
        stamp = self._cache.index_stamp()
        try:
            index = self._cache.read_index()
            if index is None and self._has_sources():
                raise StaleCache("the cache has lost its index.json")
        except StaleCache as exc:
            with self._writing():
                index = self._rebuild(str(exc), say, upgrade=isinstance(exc, OtherSchema))
            stamp = self._cache.index_stamp()
        snapshot = IndexSnapshot(stamp, index or EMPTY_INDEX)
        self._keep_head(snapshot)
        return snapshot

    def _keep_head(self, snapshot: IndexSnapshot, *, links_whole: bool = False, again: bool = False) -> None:
        """Write head.json for this snapshot unless it is there already (or `again`); with
        `links_whole` (this process's commit wrote links.json, or a check found it whole) it
        vouches for links.json as it is now (store/head.py). A head that cannot be written (a
        read-only cache) is only a slower start next time."""
        from store.head import head_of, read_head, write_head

        if snapshot.stamp is None or (not again and read_head(self.path, snapshot.stamp) is not None):
            return
        links = self._cache.links_stamp() if links_whole else None
        with contextlib.suppress(OSError):
            write_head(self.path, head_of(snapshot.entries, snapshot.stamp, links))

    def _has_sources(self) -> bool:
        return next(self._cache.sources_dir.glob("*/*.json"), None) is not None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Held while changing the cache: one thread of this process, one process on the cache."""
        with self._thread_lock, self._file_lock:
            yield

    def _rebuild(self, reason: str, say: Say, *, upgrade: bool = False) -> Index:
        """Rebuild everything from sources/ (while writing), unless another process just did;
        `on_rebuild` hears how far it is."""
        from store import importer

        with contextlib.suppress(StaleCache):
            index = self._cache.read_index()
            if index is not None:
                self._cache.check_links(index.rows)
                return index
        progress = None
        if (hear := self._on_rebuild) is not None:
            what = "upgrade" if upgrade else "repair"

            def progress(done: int, total: int, path: str) -> None:
                hear(what, reason, done, total, path)

            progress(0, 0, "")
        index, report = importer.rebuild(self._cache, search=self._search_index(), say=say, progress=progress)
        failed = f" ({len(report.failed)} could not be read again)" if report.failed else ""
        say(f"{reason}: cache rebuilt from {len(report.added) + len(report.failed)} sources{failed}")
        for path, problem in report.failed:
            say(f"{path}: {problem}")
        return index

    def _body(self, row: Row) -> Document:
        try:
            return self._cache.read_body(row.id, row.sha256)
        except StaleCache as exc:
            problem = exc
        from store import importer

        with self._writing():
            with contextlib.suppress(StaleCache):  # another thread or process may have mended it
                return self._cache.read_body(row.id, row.sha256)
            self._cache.write_body(row.id, row.sha256, importer.reparse(self._cache, row))
            doc = self._cache.read_body(row.id, row.sha256)
        self._say(f"{problem}: document {row.id} rebuilt from its source")
        return doc

    def prepare_search(self) -> None:
        """Read the search index now (the reader does, in a worker after start-up), so that the
        first query does not wait for it."""
        from store.search import SearchIndexError

        with contextlib.suppress(SearchIndexError):  # a damaged index is mended at the first query
            self._search_index().load()

    def _search_index(self) -> SearchIndex:
        """One per library: the index it reads at the first query serves every later one (it
        reads itself again when its manifest changes). A new one per query read it each time."""
        if self._search is None:
            from store.search import SearchIndex

            self._search = SearchIndex(self._cache.search_dir)
        return self._search

    def _rebuild_search(self, reason: str, index: Index, say: Say) -> None:
        """Index every body again (while writing)."""
        self._search_index().rebuild((r.ord, self._body(r), r.sha256) for r in index.rows)
        if index.rows:
            say(f"{reason}: search index rebuilt for {len(index.rows)} documents")


def _bundled_document(doc_id: str) -> Document | None:
    """The bundled document `doc_id`, parsed (store.parsing is loaded only when a place needs it)."""
    from importlib import resources

    from store.parsing import parse_file
    from store.samples import bundled_corpus

    for file in bundled_corpus():
        with resources.as_file(file) as path:
            doc = parse_file(path)
        if doc.id == doc_id:
            return doc
    return None


class IndexSnapshot:
    """The index as read at one moment, with the lookups built from it on first use."""

    def __init__(self, stamp: tuple[int, int, int] | None, index: Index) -> None:
        self.stamp = stamp
        self.index = index

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(Entry(*_entry_fields(r)) for r in self.index.rows)

    @cached_property
    def entries_by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}

    @cached_property
    def rows_by_id(self) -> dict[str, Row]:
        return {r.id: r for r in self.index.rows}

    @cached_property
    def keys(self) -> dict[str, tuple[str, ...]]:
        return key_index((r.id, r.keys) for r in self.index.rows)

    @cached_property
    def hit_entries(self) -> dict[int, Listed]:
        """ord -> id, title and body's hash of every document, as store.search wants them (only
        when its index does not list them itself: one written by an older importer)."""
        from store.search import Listed

        return {r.ord: Listed(r.id, r.title, r.sha256) for r in self.index.rows}
