"""Import raw files into the cache, and rebuild the cache from the sources it keeps.

The caller holds the cache lock and passes the current `Index`; these functions return the
new one. Each file is read, parsed and turned into what the cache stores (its source, its
body as JSON, its index row, its citations, its search terms) by `prepare`, in two worker
processes when there are many files; the main process only gives out ords and ids, writes
bodies and the index, and keeps everything in the order of the input, so a run gives the
same ids whatever the workers' timing.

Work is committed in checkpoints (`checkpoint_size`: CHECKPOINT documents, or a twentieth
of the library when that is more, so that the commits, each of which writes the whole
index, cost the same share of an import at 100,000 documents as at 10,000): sources,
bodies and the search index first (sources and bodies without an fsync each: one sync of
the file system makes them durable before the commit), then links.json, then index.json,
the commit point. A crash loses at most the documents of the last checkpoint, and leaves
nothing a reader could half-read.

A file whose stamp (size, times, inode: `file_stamp`) is the one its row keeps is taken as
unchanged without being read: re-importing an unchanged library costs a stat per file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import Protocol

from store.atomic import DamagedFileError
from store.cache import (
    Cache,
    DamagedSource,
    Index,
    Row,
    SourceInfo,
    StaleCache,
    StoredLinks,
    content_sha256,
    decode_body,
    encode_body,
)
from store.errors import KamerlezerError, ParseError
from store.links import (
    Citable,
    LinkIndex,
    OutgoingLink,
    citations,
    document_keys,
    question_keys,
    same_questions,
)
from store.model import Document

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 8
WORKERS = 2
CHECKPOINT = 1000  # the fewest documents a checkpoint holds (see checkpoint_size)
CHECKPOINT_SHARE = 20  # a checkpoint holds at least 1/20 of the library
# A file changed less than this long ago may change again within the same tick of the file
# system's clock, leaving its times as they were: its stamp is not kept (it is read next time).
RACY_NS = 2_000_000_000

Progress = Callable[[int, int, str], None]
Links = dict[str, tuple[OutgoingLink, ...]]  # per document id, its outgoing links
Say = Callable[[str], None]


class SearchSink(Protocol):
    """What import needs of the full-text index (store.search.SearchIndex)."""

    def add_impacts(self, batch: Iterable[tuple[int, Mapping[str, int], tuple[str, str, str]]]) -> None: ...

    def rebuild(self, docs: Iterable[tuple[int, Document]]) -> None: ...

    def compact(self, live: Collection[int]) -> None: ...

    def discard(self) -> None: ...


class ImportStopped(KamerlezerError):
    """An import that could not go on: the cache cannot be written (a full disk, say)."""


@dataclass(frozen=True)
class ImportReport:
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()  # (path, problem in one line)
    messages: tuple[str, ...] = ()  # what was said on the way (ids changed, duplicates, a rebuild)


# -- what a worker does ---------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    path: str  # the original file: its identity in the cache
    seq: tuple[int, int] = (0, 0)  # when it was imported: (start of the import, place in it)
    known: str | None = None  # hash of the text cached for this path: the same text is not parsed again
    stored: str | None = None  # rebuild: parse the cache's own copy with this hash, not the file
    ord: int | None = None  # rebuild: the ord it gets (an import hands them out as it stores)


@dataclass(frozen=True)
class Parsed:
    """A parsed file, as the cache will store it."""

    job: Job
    row: Row  # its ord still 0
    citations: tuple[OutgoingLink, ...]
    body: bytes  # the document as JSON (document_json)
    terms: dict[str, int]  # its search terms and their weights (store.search.impacts)

    def renamed(self, doc_id: str) -> Parsed:
        """The same document under another id (rare: only where two files claim one id)."""
        doc = replace(decode_body(self.body), id=doc_id)
        row = replace(self.row, id=doc_id, keys=document_keys(doc), asks=question_keys(doc))
        return replace(self, row=row, body=encode_body(doc))


@dataclass(frozen=True)
class Unchanged:
    job: Job
    stamp: tuple[int, ...] = ()  # of the file as read now (its row keeps it)


def checkpoint_size(documents: int) -> int:
    """How many documents a checkpoint holds in a library of `documents`: a commit costs in
    proportion to the library, so a checkpoint that grows with it keeps commits a fixed share
    of the import (CHECKPOINT, the least, is what a crash can cost in a small library)."""
    return max(CHECKPOINT, documents // CHECKPOINT_SHARE)


def file_stamp(path: str) -> tuple[int, ...]:
    """(size, mtime, ctime, inode) of the file at `path`, or () when it cannot be trusted to tell
    a change: it cannot be read, or it changed so lately that a change in the same clock tick
    would leave these as they are. A change of content always moves the ctime (which no program
    can set back, short of setting the system's clock back), so a file with the stamp its row
    keeps is the file that was read. The trade: a clock set back, or a file system that keeps
    no ctime, could pass a changed file as unchanged (importing it again after a touch reads it)."""
    try:
        st = os.stat(path)
    except OSError:
        return ()
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return ()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(frozen=True)
class Failed:
    job: Job
    problem: str


Result = Parsed | Unchanged | Failed


def prepare(root: str, job: Job) -> Result:
    """Read and parse one file of any format, and store its content in sources/: what a worker runs."""
    # Imported here, not above: the reader imports this module at start-up, and needs neither.
    from store.files.content import parse_content
    from store.files.sniff import sniff

    cache = Cache(root)
    try:
        stamp = () if job.stored else file_stamp(job.path)  # before reading: a later change moves it
        content = _content_of(cache, job)
        sha = content_sha256(content)
        if isinstance(content, bytes) and sniff(content).format == "bundle":
            stamp = ()  # its metadata.xml is part of it, and has a stamp of its own
        if sha == job.known:
            if not cache.has_source(sha):  # lost, or set aside as damaged: this file brings it back
                cache.write_source(content, SourceInfo(sha, job.path, job.seq), durable=False)
            return Unchanged(job, stamp)
        doc = parse_content(content, job.path)
        if not job.stored or not cache.has_source(sha):
            cache.write_source(content, SourceInfo(sha, job.path, job.seq), durable=False)  # synced at the commit
    except ParseError as exc:
        return Failed(job, _one_line(exc.problem))
    except KamerlezerError as exc:
        return Failed(job, _one_line(str(exc)))
    except OSError as exc:  # named by store.atomic: the cache's file that could not be written
        where = f"{exc.filename}: " if exc.filename else ""
        return Failed(job, f"cannot store its text in the cache ({where}{exc.strerror or exc})")
    except Exception as exc:  # a parser bug must cost one file, not the whole import
        return Failed(job, _one_line(f"the parser failed on it ({exc.__class__.__name__}: {exc})"))
    return parsed(job, doc, sha, stamp)


def _content_of(cache: Cache, job: Job) -> str | bytes:
    """What a job reads: the cache's own copy for a rebuild (or, when that is damaged, the
    original file if it still holds that very content), else the file (its text, or a PDF's,
    a Word file's, an official XML's or HTML page's bytes)."""
    from store.files.content import read_content

    if not job.stored:
        return read_content(job.path)
    try:
        return cache.read_source(job.stored)
    except StaleCache as damaged:
        try:
            content = read_content(job.path)
        except ParseError:
            raise damaged from None
        if content_sha256(content) != job.stored:
            raise damaged from None
        return content


def parsed(job: Job, doc: Document, sha: str, stamp: tuple[int, ...] = ()) -> Parsed:
    """What the cache stores of `doc`, read from the text with hash `sha` for `job`."""
    from store.search import impacts

    row = Row(
        ord=0,
        id=doc.id,
        kind=doc.kind,
        title=doc.title,
        date=doc.date,
        dossiers=doc.identifiers.dossiers,
        source=job.path,
        sha256=sha,
        qa_count=len(doc.qa),
        footnote_count=len(doc.footnotes),
        size=len(doc.text),
        keys=document_keys(doc),
        asks=question_keys(doc),
        stamp=stamp,
    )
    return Parsed(job, row, citations(doc), encode_body(doc), impacts(doc))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _run(cache: Cache, jobs: Sequence[Job]) -> Iterator[Result]:
    """Results in the order of `jobs`; from worker processes when there are many."""
    work = partial(prepare, str(cache.root))
    if len(jobs) < PARALLEL_FROM:
        return map(work, jobs)
    from store.workers import run_parallel

    return run_parallel(
        ["-m", "store.import_worker", str(cache.root)], jobs, work,
        died=lambda job: Failed(job, "the parser's worker process died on it (twice)"), workers=WORKERS,
    )  # fmt: skip


# -- the import and the rebuild ---------------------------------------------------------------


@dataclass(frozen=True)
class Expanded:
    files: list[str]  # to import, absolute, in order
    refused: list[tuple[str, str]]  # (path, why it is not read): links that lead out of a folder


def expand(paths: Iterable[str | os.PathLike[str]]) -> Expanded:
    """Files to import, as absolute paths: directories walked recursively in sorted order,
    hidden files and directories, `__init__.py` and `__pycache__` skipped. Other paths are kept
    (absolute), so a missing file is reported by the import like any other bad file.

    A path named here is read wherever it leads. Inside a folder, a symbolic link is followed
    only when it leads to a place inside that folder: a folder someone else gave you must not
    be able to bring your own files (`~/.ssh/id_rsa` is text) into the cache, nor a device.
    A link to a folder inside is not walked (its files are found where they really are).
    A `metadata.xml` beside the official XML it describes is not a file of its own: the XML's
    import reads it (store/files/content.py)."""
    from store.files.content import is_sidecar_of_another

    files: list[str] = []
    refused: list[tuple[str, str]] = []
    for path in paths:
        path = os.path.abspath(path)
        if not os.path.isdir(path):
            files.append(path)
            continue
        top = os.path.realpath(path)
        for here, dirs, names in os.walk(path, onerror=lambda exc: files.append(exc.filename)):
            for d in [d for d in dirs if os.path.islink(os.path.join(here, d))]:
                if not _inside(os.path.realpath(os.path.join(here, d)), top):
                    refused.append((os.path.join(here, d), _LEADS_OUT.format(top=path)))
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(names):
                if name.startswith(".") or name == "__init__.py":
                    continue
                file = os.path.join(here, name)
                if os.path.islink(file) and not _inside(os.path.realpath(file), top):
                    refused.append((file, _LEADS_OUT.format(top=path)))
                elif not (name.endswith(".xml") and "metadata" in name and is_sidecar_of_another(Path(file))):
                    files.append(file)  # a metadata.xml is read with the official XML beside it
    return Expanded(list(dict.fromkeys(files)), refused)


_LEADS_OUT = "a symbolic link that leads out of {top}: not followed (name its target to import it)"


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def mend_links(
    cache: Cache, index: Index, body: Callable[[Row], Document], say: Say
) -> dict[str, tuple[OutgoingLink, ...]]:
    """Each document's outgoing links from links.json; those it lacks, or holds for another
    version of a document (an import cut short between writing links.json and index.json), read
    again from the document's body, and links.json written again with a message."""
    try:
        stored, problem = cache.read_links() or {}, None
    except StaleCache as exc:
        stored, problem = {}, str(exc)
    links: dict[str, tuple[OutgoingLink, ...]] = {}
    mended = 0
    for row in index.rows:
        entry = stored.get(row.id)
        if entry is not None and entry.sha256 == row.sha256:
            links[row.id] = entry.outgoing
        else:
            links[row.id] = citations(body(row))
            mended += 1
    if mended or len(stored) != len(links):
        cache.write_links({r.id: StoredLinks(r.sha256, links[r.id]) for r in index.rows})
        say(f"{problem or cache.links_path}: the links of {mended} documents read again from their text")
    return links


def import_files(
    cache: Cache,
    index: Index,
    links: Links | Callable[[], Links],
    files: Expanded,
    *,
    search: SearchSink | None,
    say: Say,
    progress: Progress | None = None,
    before_drop: Callable[[str, str], None] | None = None,
) -> tuple[Index, ImportReport]:
    """Import `files` (from `expand`) into a cache holding `index` and `links` (or what reads
    them, called when they are first needed: an import of unchanged files needs none). `before_drop`
    hears (id, sha256) of each replaced version's body just before it is removed (the Library
    reads the old versions of documents with notes, to find the notes again in the new ones)."""
    cache.make_dirs()
    known = {r.source: r for r in index.rows}
    started = time.time_ns()
    jobs = [Job(f, seq=(started, n), known=row.sha256 if (row := known.get(f)) else None)
            for n, f in enumerate(files.files)]  # fmt: skip
    stamped = {job.path: row for job in jobs
               if (row := known.get(job.path)) and row.stamp and row.stamp == file_stamp(job.path)}  # fmt: skip
    kept = cache.kept_sources(row.sha256 for row in stamped.values())  # a lost one is brought back by reading
    as_stamped = [Unchanged(job, row.stamp) if (row := stamped.get(job.path)) and row.sha256 in kept else None
                  for job in jobs]  # fmt: skip
    to_read = [job for job, same in zip(jobs, as_stamped, strict=True) if same is None]
    results = _in_order(as_stamped, _run(cache, to_read))
    run = _Run(cache, index, links, search, say)
    run.before_drop = before_drop
    run.failed.extend(files.refused)
    try:
        run.feed(results, len(jobs), progress, commit_each=True)
    except OSError as exc:  # a full disk, a file too large, a cache that cannot be written
        where = f"{exc.filename}: " if exc.filename else ""
        done = f"after committing {run.committed} documents" if run.committed else "before committing anything"
        raise ImportStopped(f"{where}{exc.strerror or exc}: the import stopped {done}; the rest of the library "
                            "is as it was") from None  # fmt: skip
    return run.index(), run.report()


def _in_order(known: Iterable[Result | None], read: Iterator[Result]) -> Iterator[Result]:
    """The results of all jobs in order: those `known` already, and for each None the next read."""
    for result in known:
        yield result if result is not None else next(read)


def rebuild(
    cache: Cache, *, search: SearchSink | None, say: Say, progress: Progress | None = None
) -> tuple[Index, ImportReport]:
    """A new index, new bodies and links from sources/ alone, in the order the files were first
    imported (so that ids come out the same). Committed once, at the end: a crash half-way
    leaves the old state, and the next start rebuilds again.

    Whatever can be kept is: a stored text that is damaged is read again from its original
    file if that still holds the same text, else its document is kept as last stored (when its
    body is whole); a text that cannot be read into a document stays in sources/ (named in the
    index, for the next rebuild), and is said."""
    cache.make_dirs()
    latest: dict[str, SourceInfo] = {}
    lost_sidecars: list[DamagedSource] = []
    for info in cache.stored_sources():
        if isinstance(info, DamagedSource):
            lost_sidecars.append(info)
            continue
        old = latest.get(info.path)
        if old is not None and old.seq > info.seq:  # a file imported twice: its newer text counts
            continue
        latest[info.path] = info
    infos = sorted(latest.values(), key=lambda i: i.seq)
    jobs = [Job(i.path, seq=i.seq, stored=i.sha256, ord=n) for n, i in enumerate(infos, 1)]
    unknown: list[str] = []
    for damaged in lost_sidecars:  # where it came from is lost; its body may still say
        if (found := cache.find_body(damaged.sha256)) is None:
            say(f"skipped {damaged.problem}; its text stays in the cache")
            unknown.append(damaged.sha256)
            continue
        jobs.append(Job(found[1].source, seq=(2**62, len(jobs)), stored=damaged.sha256, ord=len(jobs) + 1))
    if search is not None:
        search.rebuild(())
    run = _Run(cache, Index(len(jobs) + 1, (), tuple(unknown)), {}, search, say)
    run.feed(_keeping_bodies(cache, _run(cache, jobs), say), len(jobs), progress, commit_each=False)
    index = run.index()
    for path in cache.orphans(index):  # what the old index named and the new one does not
        path.unlink(missing_ok=True)
    return index, run.report()


def remove_documents(
    cache: Cache,
    index: Index,
    links: dict[str, tuple[OutgoingLink, ...]],
    ids: Sequence[str],
    *,
    search: SearchSink | None,
    say: Say,
) -> tuple[Index, tuple[str, ...]]:
    """The index without the documents `ids` (those it has), and the ids removed.

    Their sources go first, so that no rebuild can bring them back: a crash before the commit
    leaves them in the index, readable from their bodies, and `rm` can be run again. Then one
    commit: every link resolved again (what cited them is "not in the library" now), questions
    and answers linked again, their bodies and search entries dropped."""
    run = _Run(cache, index, links, search, say)
    removed: list[str] = []
    for doc_id in dict.fromkeys(ids):
        row = run.rows.get(doc_id)
        if row is None:
            continue
        cache.remove_source(row.sha256)
        del run.rows[doc_id]
        run.by_path.pop(row.source, None)
        run.by_sha.pop(row.sha256, None)
        run.owner.pop(doc_id, None)
        run.links.pop(doc_id, None)
        run.dead_bodies.add((doc_id, row.sha256))
        run.dead_sources.add(row.sha256)
        removed.append(doc_id)
    if removed:
        run.commit()
    return run.index(), tuple(removed)


def _keeping_bodies(cache: Cache, results: Iterable[Result], say: Say) -> Iterator[Result]:
    """The results of a rebuild, with a document whose stored text cannot be read (damaged,
    and its original changed or gone) kept as its whole body last stored it."""
    for result in results:
        if isinstance(result, Failed) and result.job.stored and not cache.source_intact(result.job.stored):
            found = cache.find_body(result.job.stored)
            if found is not None:
                doc_id, doc = found
                say(f"{result.job.path}: its stored text is damaged ({result.problem}); kept {doc_id} as last "
                    "read: import the file again to store its text")  # fmt: skip
                cache.remove_source_text(result.job.stored)  # so that importing the file stores it again
                yield parsed(result.job, doc, result.job.stored)
                continue
        yield result


def reparse(cache: Cache, row: Row) -> bytes:
    """The body of `row` (as JSON) made again from its stored source, or failing that from its
    original file if that still holds the same text. StaleCache if neither can."""
    result = prepare(str(cache.root), Job(row.source, stored=row.sha256))
    if not isinstance(result, Parsed) or result.row.sha256 != row.sha256:
        problem = result.problem if isinstance(result, Failed) else "its original file has changed"
        raise StaleCache(f"{row.id}: cannot be rebuilt: {problem}")
    return (result if result.row.id == row.id else result.renamed(row.id)).body


class _Run:
    """One import or rebuild in progress: the index as it grows, and what happened."""

    def __init__(
        self,
        cache: Cache,
        index: Index,
        links: Links | Callable[[], Links],
        search: SearchSink | None,
        say: Say,
    ) -> None:
        self.cache, self.search, self.say = Cache(cache.root, remember=True), search, say
        self.next_ord = index.next_ord
        self.rows: dict[str, Row] = {r.id: r for r in index.rows}  # by id, in ord order
        self.by_path = {r.source: r for r in index.rows}
        self.by_sha = {r.sha256: r for r in index.rows}
        self.owner = {r.id: r.source for r in index.rows}  # which file each id belongs to
        self._first_rows = index.rows
        self._read_links = links if callable(links) else lambda: links
        self._links: Links | None = None
        self.pending: list[Parsed] = []
        self.pending_shas: dict[str, Parsed] = {}  # the pending documents by the hash of their text
        self.reserved = index.next_ord  # the ords below this are handed out in index.json on disk
        self.restamped = False  # an unchanged file's row has a new stamp: worth a commit
        self.added: list[str] = []
        self.replaced: list[str] = []
        self.unchanged: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.dead_bodies: set[tuple[str, str]] = set()  # (id, sha256) of versions replaced
        self.dead_sources: set[str] = set()
        self.unread = set(index.unread)
        self.committed = 0  # documents added or replaced by the commits so far
        self.before_drop: Callable[[str, str], None] | None = None
        self.linked = LinkIndex()  # filled at the first commit, then kept up to date

    @property
    def links(self) -> Links:
        """The outgoing links of the documents, as they change; read on first use."""
        if self._links is None:
            first = self.first_links  # read (and links.json mended) before this run writes it
            self._links = {r.id: first[r.id] for r in self._first_rows}
        return self._links

    @cached_property
    def first_links(self) -> Links:
        """The links as committed before this run: what its LinkIndex starts from."""
        return self._read_links()

    def feed(self, results: Iterable[Result], total: int, progress: Progress | None, *, commit_each: bool) -> None:
        for n, result in enumerate(results, 1):
            self.take(result)
            if len(self.pending) >= checkpoint_size(len(self.rows)):
                self.flush()
                if commit_each:
                    self.commit(reserve=min(checkpoint_size(len(self.rows)), total - n))
            if progress:
                progress(n, total, result.job.path)
        if self.pending or not commit_each:  # a rebuild always ends in a commit, an import only with news
            self.flush()
            self.commit()
        elif self.restamped:  # files touched, not changed: their rows' stamps, nothing else
            self.cache.write_index(self.index())

    def take(self, result: Result) -> None:
        if isinstance(result, Failed):
            self.failed.append((result.job.path, result.problem))
            if result.job.stored and self.cache.has_source(result.job.stored):
                self.unread.add(result.job.stored)  # a rebuild could not read it: kept for the next
        elif isinstance(result, Unchanged):
            row = self.by_path[result.job.path]
            self.unchanged.append(row.id)
            if result.stamp != row.stamp:
                stamped = replace(row, stamp=result.stamp)
                self.rows[row.id] = self.by_path[row.source] = self.by_sha[row.sha256] = stamped
                self.restamped = True
        elif (twin := self.by_sha.get(result.row.sha256)) and twin.source != result.job.path:
            self.unchanged.append(twin.id)
            self.say(f"{result.job.path}: same text as {twin.source}, already imported as {twin.id}")
        elif waiting := self.pending_shas.get(result.row.sha256):
            self.say(f"{result.job.path}: same text as {waiting.job.path}, imported once")
        else:
            self.pending.append(result)
            self.pending_shas[result.row.sha256] = result

    def flush(self) -> None:
        """Store the pending documents: bodies, rows in memory, the search index."""
        if not self.pending:
            return
        fresh = [p for p in self.pending if p.job.ord is None]
        if fresh:
            # Reserved before the search index hears of them, so that a crash before the commit
            # cannot leave search entries under ords that a later import hands out again: by the
            # commit before (which reserves for the next checkpoint), else by writing the index.
            first, self.next_ord = self.next_ord, self.next_ord + len(fresh)
            if self.next_ord > self.reserved:
                self.reserved = self.next_ord
                self.cache.write_index(Index(self.reserved, self._rows_by_ord(), self._unread()))
            ords = iter(range(first, self.next_ord))
        stored = [self._store(p, p.job.ord or next(ords)) for p in self.pending]
        self.pending, self.pending_shas = [], {}
        self._searching(lambda search: search.add_impacts(stored))

    def _searching(self, change: Callable[[SearchSink], None]) -> None:
        """A change to the search index; one found damaged on the way (a merge reads every
        posting) is discarded, and built again from the bodies once the import is done."""
        if self.search is None:
            return
        try:
            change(self.search)
        except DamagedFileError as exc:
            self.say(f"{exc}: the search index will be built again")
            self.search.discard()
            self.search = None

    def _store(self, parsed: Parsed, ord_: int) -> tuple[int, dict[str, int], tuple[str, str, str]]:
        path = parsed.job.path
        old = self.by_path.get(path)
        doc_id = self._free_id(parsed.row.id, path)
        if doc_id != parsed.row.id:
            self.say(f"{path}: id {parsed.row.id} is taken by {self.owner[parsed.row.id]}; imported as {doc_id}")
            parsed = parsed.renamed(doc_id)
        if old is not None:
            del self.rows[old.id]
            del self.by_sha[old.sha256]
            self.links.pop(old.id, None)
            self.owner.pop(old.id, None)
            self.dead_sources.add(old.sha256)
            self.dead_bodies.add((old.id, old.sha256))
            if old.id != doc_id:
                self.say(f"{path}: changed, and now reads as {doc_id} (was {old.id})")
        # Under a new name: the committed row goes on naming the old body until the commit.
        self.cache.write_body(doc_id, parsed.row.sha256, parsed.body, durable=False)  # synced at the commit
        row = replace(parsed.row, ord=ord_)
        self.rows[doc_id] = row
        self.by_path[path] = self.by_sha[row.sha256] = row
        self.owner[doc_id] = path
        self.links[doc_id] = parsed.citations
        (self.replaced if old is not None else self.added).append(doc_id)
        return ord_, parsed.terms, (doc_id, row.title, row.sha256)  # what a search hit shows of it: store.search.Listed

    def _free_id(self, wanted: str, path: str) -> str:
        """`wanted`, unless another file's document has it: then `wanted~2`, `wanted~3`, ..."""
        candidate, n = wanted, 1
        while self.owner.get(candidate, path) != path:
            n += 1
            candidate = f"{wanted}~{n}"
        return candidate

    def commit(self, *, reserve: int = 0) -> None:
        """Resolve the links that the documents come and gone can change, and write links.json,
        then index.json; then drop what is dead. The index written reserves `reserve` ords more,
        for the next checkpoint."""
        rows, links = self._rows_by_ord(), self.links
        self.cache.sync()  # the sources and bodies of this checkpoint, before the files that name them
        self.cache.write_links({r.id: StoredLinks(r.sha256, links[r.id]) for r in rows})
        if not self.linked.order:  # the library as committed, its links as they were resolved
            first = self.first_links
            self.linked.seed((r.ord, Citable(r.id, r.title, r.date, r.keys), first[r.id], r.targets)
                             for r in self._first_rows)  # fmt: skip
        gone = [i for i, place in self.linked.order.items() if (r := self.rows.get(i)) is None or r.ord != place]
        came = [(r.ord, Citable(r.id, r.title, r.date, r.keys), self.links[r.id])
                for r in rows if self.linked.order.get(r.id) != r.ord]  # fmt: skip
        changed = self.linked.change(gone, came)
        questions = same_questions((r.id, r.kind, r.asks) for r in rows if r.asks)
        for r in rows:
            same = questions.get(r.id, ())
            if r.id in changed or same != r.same_questions:
                targets, cited_by = self.linked.targets(r.id), self.linked.cited_by(r.id)
                if targets != r.targets or cited_by != r.cited_by or same != r.same_questions:
                    self.rows[r.id] = replace(r, targets=targets, cited_by=cited_by, same_questions=same)
        # No search entry is under an ord past next_ord: the last commit gives back what it need not keep.
        self.reserved = self.next_ord + reserve
        self.cache.write_index(Index(self.reserved, self._rows_by_ord(), self._unread()))
        self.committed = len(self.added) + len(self.replaced)
        for doc_id, sha in self.dead_bodies:
            if (live := self.rows.get(doc_id)) is None or live.sha256 != sha:
                if self.before_drop is not None:
                    self.before_drop(doc_id, sha)
                self.cache.remove_body(doc_id, sha)
        for sha in self.dead_sources - self.by_sha.keys():
            self.cache.remove_source(sha)
        if self.dead_sources:
            self._searching(lambda search: search.compact({r.ord for r in self.rows.values()}))
        self.dead_bodies, self.dead_sources = set(), set()

    def _rows_by_ord(self) -> tuple[Row, ...]:
        return tuple(sorted(self.rows.values(), key=lambda r: r.ord))

    def index(self) -> Index:
        """The index as committed (its next ord past what the last commit reserved)."""
        return Index(max(self.next_ord, self.reserved), self._rows_by_ord(), self._unread())

    def _unread(self) -> tuple[str, ...]:
        return tuple(sorted(self.unread - self.by_sha.keys()))

    def report(self) -> ImportReport:
        return ImportReport(tuple(self.added), tuple(self.replaced), tuple(self.unchanged), tuple(self.failed))
