"""Import raw files into the cache, and rebuild the cache from the sources it keeps.

The caller holds the cache lock and passes the current `Index`; these functions return the
new one. Each file is read, parsed and turned into what the cache stores (its source, its
body as JSON, its index row, its citations, its search terms) by `prepare`, in two worker
processes when there are many files; the main process only gives out ords and ids, writes
bodies and the index, and keeps everything in the order of the input, so a run gives the
same ids whatever the workers' timing.

Work is committed in checkpoints of CHECKPOINT documents: sources, bodies and the search
index first (sources and bodies without an fsync each: one sync of the file system makes
them durable before the commit), then links.json, then index.json, the commit point. A
crash loses at most the documents of the last checkpoint, and leaves nothing a reader
could half-read.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Protocol

from store.cache import Cache, Index, Row, SourceInfo, StaleCache, encode_body, text_sha256
from store.decoding import read_file
from store.document_json import from_json
from store.errors import KamerlezerError, ParseError
from store.links import Citable, Citation, citations, document_keys, resolve_all

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 8
WORKERS = 2
CHECKPOINT = 1000  # each commit re-resolves every link and rewrites the index: at 500, a tenth of an import

Progress = Callable[[int, int, str], None]
Say = Callable[[str], None]


class SearchSink(Protocol):
    """What import needs of the full-text index (store.search.SearchIndex)."""

    def add_impacts(self, batch: Iterable[tuple[int, Mapping[str, int]]]) -> None: ...

    def rebuild(self, docs: Iterable[tuple[int, object]]) -> None: ...

    def compact(self, live: Collection[int]) -> None: ...


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
    citations: tuple[Citation, ...]
    body: bytes  # the document as JSON (document_json)
    terms: dict[str, int]  # its search terms and their weights (store.search.impacts)

    def renamed(self, doc_id: str) -> Parsed:
        """The same document under another id (rare: only where two files claim one id)."""
        doc = replace(from_json(json.loads(self.body)), id=doc_id)
        row = replace(self.row, id=doc_id, keys=document_keys(doc))
        return replace(self, row=row, body=encode_body(doc))


@dataclass(frozen=True)
class Unchanged:
    job: Job


@dataclass(frozen=True)
class Failed:
    job: Job
    problem: str


Result = Parsed | Unchanged | Failed


def prepare(root: str, job: Job) -> Result:
    """Read, decode and parse one file, and store its text in sources/: what a worker runs."""
    # Imported here, not above: the reader imports this module at start-up, and needs neither.
    from store.parse import parse_text
    from store.search import impacts

    cache = Cache(root)
    try:
        text = cache.read_source(job.stored) if job.stored else read_file(job.path).text
        sha = text_sha256(text)
        if sha == job.known:
            return Unchanged(job)
        doc = parse_text(text, job.path)
        if not job.stored:
            cache.write_source(text, SourceInfo(sha, job.path, job.seq), durable=False)  # synced at the commit
    except ParseError as exc:
        return Failed(job, _one_line(exc.problem))
    except KamerlezerError as exc:
        return Failed(job, _one_line(str(exc)))
    except OSError as exc:
        return Failed(job, f"cannot store its text in the cache ({exc.strerror or exc})")
    except Exception as exc:  # a parser bug must cost one file, not the whole import
        return Failed(job, _one_line(f"the parser failed on it ({exc.__class__.__name__}: {exc})"))
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
    )
    return Parsed(job, row, citations(doc), encode_body(doc), impacts(doc))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _run(cache: Cache, jobs: Sequence[Job]) -> Iterator[Result]:
    """Results in the order of `jobs`; from worker processes when there are many."""
    work = partial(prepare, str(cache.root))
    if len(jobs) < PARALLEL_FROM:
        yield from map(work, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the reader imports from a thread, and forking a threaded process can hang
    pool = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"))
    done = 0
    try:
        for result in pool.map(work, jobs, chunksize=max(1, min(16, len(jobs) // (WORKERS * 8)))):
            done += 1
            yield result
    except BrokenProcessPool:
        # The workers could not start or died (when the main module cannot be imported again,
        # as in an interactive session, say): the rest is parsed here.
        yield from map(work, jobs[done:])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- the import and the rebuild ---------------------------------------------------------------


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files to import, as absolute paths: directories walked recursively in sorted order,
    hidden files and directories, `__init__.py` and `__pycache__` skipped. Other paths are kept
    (absolute), so a missing file is reported by the import like any other bad file."""
    files: list[str] = []
    for path in paths:
        path = os.path.abspath(path)
        if not os.path.isdir(path):
            files.append(path)
            continue
        for top, dirs, names in os.walk(path, onerror=lambda exc: files.append(exc.filename)):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            files.extend(os.path.join(top, n) for n in sorted(names) if not n.startswith(".") and n != "__init__.py")
    return list(dict.fromkeys(files))


def read_links(cache: Cache, index: Index) -> dict[str, tuple[Citation, ...]]:
    """links.json, checked against the index: StaleCache when it lacks a document the index has."""
    links = cache.read_links()
    if links is None and index.rows:
        raise StaleCache(f"{cache.links_path}: is missing")
    links = links or {}
    if missing := [r.id for r in index.rows if r.id not in links]:
        raise StaleCache(f"{cache.links_path}: lacks {len(missing)} documents ({missing[0]} ...)")
    return links


def import_files(
    cache: Cache,
    index: Index,
    links: dict[str, tuple[Citation, ...]],
    files: Sequence[str],
    *,
    search: SearchSink | None,
    say: Say,
    progress: Progress | None = None,
) -> tuple[Index, ImportReport]:
    """Import `files` (absolute paths, from `expand`) into a cache holding `index` and `links`."""
    cache.make_dirs()
    known = {r.source: r.sha256 for r in index.rows}
    started = time.time_ns()
    jobs = [Job(f, seq=(started, n), known=known.get(f)) for n, f in enumerate(files)]
    run = _Run(cache, index, links, search, say)
    run.feed(_run(cache, jobs), len(jobs), progress, commit_each=True)
    return run.index(), run.report()


def rebuild(
    cache: Cache, *, search: SearchSink | None, say: Say, progress: Progress | None = None
) -> tuple[Index, ImportReport]:
    """A new index, new bodies and links from sources/ alone, in the order the files were first
    imported (so that ids come out the same). Committed once, at the end: a crash half-way
    leaves the old state, and the next start rebuilds again."""
    cache.make_dirs()
    latest: dict[str, SourceInfo] = {}
    superseded: list[str] = []
    for info in cache.stored_sources():
        if isinstance(info, StaleCache):
            say(f"skipped {info}")
            continue
        old = latest.get(info.path)
        if old is not None and old.seq > info.seq:  # a file imported twice: its newer text counts
            superseded.append(info.sha256)
            continue
        if old is not None:
            superseded.append(old.sha256)
        latest[info.path] = info
    infos = sorted(latest.values(), key=lambda i: i.seq)
    jobs = [Job(i.path, seq=i.seq, stored=i.sha256, ord=n) for n, i in enumerate(infos, 1)]
    if search is not None:
        search.rebuild(())
    run = _Run(cache, Index(len(jobs) + 1, ()), {}, search, say)
    run.feed(_run(cache, jobs), len(jobs), progress, commit_each=False)
    live = {cache.body_path(doc_id) for doc_id in run.rows}
    for path in cache.stored_bodies():
        if path not in live:
            path.unlink(missing_ok=True)
    for sha in superseded:
        cache.remove_source(sha)
    return run.index(), run.report()


def reparse(cache: Cache, row: Row) -> bytes:
    """The body of `row` (as JSON) made again from its stored source, or failing that from its
    original file if that still holds the same text. StaleCache if neither can."""
    result = prepare(str(cache.root), Job(row.source, stored=row.sha256))
    if isinstance(result, Failed) and os.path.isfile(row.source):
        result = prepare(str(cache.root), Job(row.source))
    if not isinstance(result, Parsed) or result.row.sha256 != row.sha256:
        problem = result.problem if isinstance(result, Failed) else "its original file has changed"
        raise StaleCache(f"{row.id}: cannot be rebuilt: {problem}")
    return (result if result.row.id == row.id else result.renamed(row.id)).body


class _Run:
    """One import or rebuild in progress: the index as it grows, and what happened."""

    def __init__(
        self, cache: Cache, index: Index, links: dict[str, tuple[Citation, ...]], search: SearchSink | None, say: Say
    ) -> None:
        self.cache, self.search, self.say = cache, search, say
        self.next_ord = index.next_ord
        self.rows: dict[str, Row] = {r.id: r for r in index.rows}  # by id, in ord order
        self.by_path = {r.source: r for r in index.rows}
        self.by_sha = {r.sha256: r for r in index.rows}
        self.owner = {r.id: r.source for r in index.rows}  # which file each id belongs to
        self.links = {r.id: links[r.id] for r in index.rows}
        self.pending: list[Parsed] = []
        self.added: list[str] = []
        self.replaced: list[str] = []
        self.unchanged: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.dead_bodies: set[str] = set()
        self.dead_sources: set[str] = set()

    def feed(self, results: Iterable[Result], total: int, progress: Progress | None, *, commit_each: bool) -> None:
        for n, result in enumerate(results, 1):
            self.take(result)
            if len(self.pending) >= CHECKPOINT:
                self.flush()
                if commit_each:
                    self.commit()
            if progress:
                progress(n, total, result.job.path)
        if self.pending or not commit_each:  # a rebuild always ends in a commit, an import only with news
            self.flush()
            self.commit()

    def take(self, result: Result) -> None:
        if isinstance(result, Failed):
            self.failed.append((result.job.path, result.problem))
        elif isinstance(result, Unchanged):
            self.unchanged.append(self.by_path[result.job.path].id)
        elif (twin := self.by_sha.get(result.row.sha256)) and twin.source != result.job.path:
            self.unchanged.append(twin.id)
            self.say(f"{result.job.path}: same text as {twin.source}, already imported as {twin.id}")
        elif twin := next((p for p in self.pending if p.row.sha256 == result.row.sha256), None):
            self.say(f"{result.job.path}: same text as {twin.job.path}, imported once")
        else:
            self.pending.append(result)

    def flush(self) -> None:
        """Store the pending documents: bodies, rows in memory, the search index."""
        if not self.pending:
            return
        fresh = [p for p in self.pending if p.job.ord is None]
        if fresh:
            # Reserve the ords before the search index hears of them, so that a crash before the
            # commit cannot leave search entries under ords that a later import hands out again.
            first, self.next_ord = self.next_ord, self.next_ord + len(fresh)
            self.cache.write_index(Index(self.next_ord, self._rows_by_ord()))
            ords = iter(range(first, self.next_ord))
        stored = [self._store(p, p.job.ord or next(ords)) for p in self.pending]
        self.pending = []
        if self.search is not None:
            self.search.add_impacts(stored)

    def _store(self, parsed: Parsed, ord_: int) -> tuple[int, dict[str, int]]:
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
            if old.id != doc_id:
                self.dead_bodies.add(old.id)
                self.say(f"{path}: changed, and now reads as {doc_id} (was {old.id})")
        self.cache.write_body(doc_id, parsed.body, durable=False)  # synced at the commit
        row = replace(parsed.row, ord=ord_)
        self.rows[doc_id] = row
        self.by_path[path] = self.by_sha[row.sha256] = row
        self.owner[doc_id] = path
        self.links[doc_id] = parsed.citations
        (self.replaced if old is not None else self.added).append(doc_id)
        return ord_, parsed.terms

    def _free_id(self, wanted: str, path: str) -> str:
        """`wanted`, unless another file's document has it: then `wanted~2`, `wanted~3`, ..."""
        candidate, n = wanted, 1
        while self.owner.get(candidate, path) != path:
            n += 1
            candidate = f"{wanted}~{n}"
        return candidate

    def commit(self) -> None:
        """Resolve every link again and write links.json, then index.json; then drop what is dead."""
        rows = self._rows_by_ord()
        self.cache.sync()  # the sources and bodies of this checkpoint, before the files that name them
        self.cache.write_links(self.links)
        resolved = resolve_all([Citable(r.id, r.title, r.date, r.keys) for r in rows], self.links)
        for r in rows:
            targets = tuple(sorted(resolved.targets.get(r.id, {}).items()))
            cited_by = resolved.cited_by.get(r.id, ())
            if targets != r.targets or cited_by != r.cited_by:
                self.rows[r.id] = replace(r, targets=targets, cited_by=cited_by)
        self.cache.write_index(self.index())
        for doc_id in self.dead_bodies - self.rows.keys():
            self.cache.remove_body(doc_id)
        for sha in self.dead_sources - self.by_sha.keys():
            self.cache.remove_source(sha)
        if self.search is not None and self.dead_sources:
            self.search.compact({r.ord for r in self.rows.values()})
        self.dead_bodies, self.dead_sources = set(), set()

    def _rows_by_ord(self) -> tuple[Row, ...]:
        return tuple(sorted(self.rows.values(), key=lambda r: r.ord))

    def index(self) -> Index:
        return Index(self.next_ord, self._rows_by_ord())

    def report(self) -> ImportReport:
        return ImportReport(tuple(self.added), tuple(self.replaced), tuple(self.unchanged), tuple(self.failed))
