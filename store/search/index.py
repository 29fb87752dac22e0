"""The index on disk: its segments, the manifest naming them, when they merge, and reading it.

On disk (the cache's `search/` directory):
- `seg-NNNNNN.kls`, immutable segments (segments.py), one per `add()`, merged as they pile
  up. Each holds its sorted vocabulary, per term a run of postings (document ord, impact),
  and the ords it indexed, each with what a hit shows of it (`Listed`: id, title, the hash
  its body is stored under), carried through every merge and compaction.
- `manifest.json`, which segments make up the index. A segment is written first, the
  manifest after it, both atomically: a crash leaves the old index or the new one.

Documents are known by `ord`, a number the cache gives each stored version of a
document: a replaced document gets a new ord; the importer passes the live ords to
`compact()` at its commit (which drops the others). Until then a query shows a document
held under two ords once, as its newest (query.py), or, given the live documents, only those.

Reading is lazy (first query, or `load()` from a worker) and maps the segments into
memory, so only the postings a query touches are read.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from store.atomic import DamagedFileError, atomic_write, atomic_write_json, read_json
from store.model import Document
from store.search import segments
from store.search.segments import Batch, Listed, Postings, SearchIndexError, Segment
from store.search.terms import impacts
from store.search.variants import VariantFinder

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
_SEGMENT_NAME = re.compile(r"^seg-(\d{6,})\.kls$")
_STALE_TEMP = re.compile(r"^\.(seg-\d{6,}\.kls|manifest\.json)\..*\.tmp$")
MERGE_FACTOR = 8  # segments of a similar size merged once there are this many
REBUILD_BATCH = 2000  # documents per segment while rebuilding (bounds memory)

# (ord, document, the hash its body is stored under), or (ord, document): not listed
Documents = Iterable[tuple[int, Document, str] | tuple[int, Document]]


@dataclass(frozen=True)
class SegmentInfo:
    name: str
    size: int
    docs: int


@dataclass(frozen=True)
class Manifest:
    segments: tuple[SegmentInfo, ...] = ()
    next: int = 1  # number of the next segment file; never reused

    def to_json(self) -> dict[str, Any]:
        return {"format": MANIFEST_FORMAT, "next": self.next, "segments": [vars(s) for s in self.segments]}

    @classmethod
    def from_json(cls, data: Any, path: Path) -> Manifest:
        try:
            if data["format"] != MANIFEST_FORMAT:
                raise SearchIndexError(path, f"has format {data['format']!r}, not {MANIFEST_FORMAT}")
            listed = tuple(SegmentInfo(str(s["name"]), int(s["size"]), int(s["docs"])) for s in data["segments"])
            manifest = cls(listed, int(data["next"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise SearchIndexError(path, f"is not a search manifest ({exc.__class__.__name__})") from None
        if not all(_SEGMENT_NAME.match(s.name) for s in listed):
            raise SearchIndexError(path, "names a file that is not a segment")
        return manifest


@dataclass(frozen=True, eq=False)
class IndexView:
    """The index as one manifest describes it: its segments, loaded.

    Read-only (segment files are never changed; the only state, the caches of `variants`,
    fills on first use under a lock), so any number of threads may query it while writers
    make new segments and manifests. Nothing is merged when it is made: each lookup asks
    every segment (there are few, see `segments_to_merge`), so a first query does not wait
    for the vocabularies of all segments to be read and merged.
    """

    segments: tuple[Segment, ...]
    variants: VariantFinder  # the terms that stand for a word of a query

    @classmethod
    def of(cls, opened: Sequence[Segment]) -> IndexView:
        return cls(tuple(opened), VariantFinder(tuple(opened)))

    @property
    def docs(self) -> int:
        """The documents indexed (replaced ones not yet compacted away included)."""
        return sum(len(s.doc_ords) for s in self.segments)

    @property
    def size(self) -> int:
        """One more than the largest ord indexed: the length of an array over every ord."""
        return max((s.doc_ords[-1] + 1 for s in self.segments if len(s.doc_ords)), default=0)

    @property
    def listed(self) -> bool:
        """Whether every document of the index says what it is listed as (`Listed`): then a
        query needs nothing else to make its hits."""
        return not any(s.unlisted for s in self.segments)

    def postings(self, term: str) -> Iterator[tuple[memoryview, memoryview]]:
        """(ords, impacts) of `term`, one run per segment holding it."""
        for segment in self.segments:
            i = segment.find(term)
            if i is not None:
                yield segment.postings(i)

    def listing(self, ord_: int) -> Listed | None:
        """What document `ord_` is listed as, if the index holds it with its listing."""
        for segment in self.segments:
            found = segment.listed(ord_)
            if found is not None:
                return found
        return None

    def vocabulary(self) -> list[str]:
        """Every term of the index, sorted (for tests and tools: a query never needs it whole)."""
        return sorted({t for s in self.segments for t in s.all_terms()})


def _tier(docs: int) -> int:
    return int(math.log(max(docs, 1), MERGE_FACTOR))


def segments_to_merge(listed: Sequence[SegmentInfo]) -> list[SegmentInfo]:
    """The segments of the lowest size tier that has MERGE_FACTOR of them, else none.

    Merging like-sized segments keeps the count logarithmic in the number of documents
    while each posting is rewritten only a logarithmic number of times.
    """
    tiers: dict[int, list[SegmentInfo]] = {}
    for info in listed:
        tiers.setdefault(_tier(info.docs), []).append(info)
    full = [group for _, group in sorted(tiers.items()) if len(group) >= MERGE_FACTOR]
    return full[0] if full else []


class SearchIndex:
    """The library's search index in `directory`. Opening it touches no file.

    Writers (`add`, `rebuild`, `compact`) must hold the cache's lock. Queries may run in
    any thread, concurrently with each other and with writers in other processes: each
    sees the manifest it found, whose segment files are never changed.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._loaded: tuple[tuple[int, int, int], IndexView] | None = None

    # -- writing

    def add(self, docs: Documents) -> None:
        """Index (ord, document, the hash its body is stored under) as a new segment (or (ord,
        document) pairs: not listed, see `add_impacts`). The index must exist (see `rebuild`)."""
        self.add_impacts(_items(docs))

    def add_impacts(self, batch: Batch) -> None:
        """`add`, from the `impacts` of each document (computed elsewhere, say in parallel):
        (ord, impacts, Listed) items, or (ord, impacts) pairs, whose documents a query then
        learns the ids and titles of from its caller."""
        manifest = self._read_manifest()
        postings = segments.postings_of(batch)
        if not postings.doc_ords:
            return
        manifest = self._with_segment(manifest, postings)
        while group := segments_to_merge(manifest.segments):
            manifest = self._merge(manifest, group, live=None)
        self._tidy(manifest)

    def rebuild(self, docs: Documents) -> None:
        """Make a new index of exactly these documents, whatever the directory held."""
        manifest = Manifest(next=self._next_free_number())
        batches = iter(docs)
        while batch := list(islice(batches, REBUILD_BATCH)):
            postings = segments.postings_of(_items(batch))
            manifest = self._with_segment(manifest, postings, publish=False)
        if len(manifest.segments) > 1:
            manifest = self._merge(manifest, manifest.segments, live=None, publish=False)
        self._write_manifest(manifest)
        self._tidy(manifest)

    def compact(self, live: Collection[int]) -> None:
        """Merge all segments into one that holds only the ords in `live`."""
        manifest = self._read_manifest()
        manifest = self._merge(manifest, manifest.segments, live=frozenset(live))
        self._tidy(manifest)

    def discard(self) -> None:
        """Make the index invalid (its manifest removed), to be rebuilt: it was found damaged."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.directory / MANIFEST)

    def is_valid(self) -> bool:
        """Whether the index is there and whole, as far as can be seen without reading it all."""
        try:
            manifest = self._read_manifest()
            for info in manifest.segments:
                path = self.directory / info.name
                if path.stat().st_size != info.size:
                    return False
                if not segments.has_magic(path):
                    return False
        except (OSError, SearchIndexError):
            return False
        return True

    def _read_manifest(self) -> Manifest:
        path = self.directory / MANIFEST
        try:
            return Manifest.from_json(read_json(path), path)
        except FileNotFoundError:
            raise SearchIndexError(path, "is missing (the search index has not been built)") from None
        except DamagedFileError as exc:
            raise SearchIndexError(path, exc.problem) from None

    def _write_manifest(self, manifest: Manifest) -> None:
        atomic_write_json(self.directory / MANIFEST, manifest.to_json())

    def _with_segment(self, manifest: Manifest, postings: Postings, *, publish: bool = True) -> Manifest:
        """The manifest with a segment of `postings` added (and written, if `publish`)."""
        name = f"seg-{manifest.next:06d}.kls"
        data = segments.encode(postings)
        atomic_write(self.directory / name, data)
        info = SegmentInfo(name, len(data), len(postings.doc_ords))
        manifest = Manifest((*manifest.segments, info), manifest.next + 1)
        if publish:
            self._write_manifest(manifest)
        return manifest

    def _merge(
        self, manifest: Manifest, group: Sequence[SegmentInfo], *, live: Collection[int] | None, publish: bool = True
    ) -> Manifest:
        postings = segments.merge([Segment(self.directory / info.name) for info in group], live)
        rest = Manifest(tuple(s for s in manifest.segments if s not in group), manifest.next)
        if not postings.doc_ords:
            if publish:
                self._write_manifest(rest)
            return rest
        return self._with_segment(rest, postings, publish=publish)

    def _files(self) -> list[str]:
        try:
            return os.listdir(self.directory)
        except FileNotFoundError:
            return []

    def _next_free_number(self) -> int:
        numbers = [int(m.group(1)) for m in map(_SEGMENT_NAME.match, self._files()) if m]
        with contextlib.suppress(SearchIndexError):
            numbers.append(self._read_manifest().next - 1)
        return max(numbers, default=0) + 1

    def _tidy(self, manifest: Manifest) -> None:
        """Remove segment files the manifest no longer lists, and temp files of crashed writes."""
        listed = {s.name for s in manifest.segments}
        for name in self._files():
            if (_SEGMENT_NAME.match(name) and name not in listed) or _STALE_TEMP.match(name):
                with contextlib.suppress(OSError):  # a reader on Windows may still map it
                    os.unlink(self.directory / name)

    # -- reading

    def load(self) -> None:
        """Read the index now (say, in a worker at start-up) rather than at the first query."""
        self.view()

    def view(self) -> IndexView:
        """The index as the manifest on disk now describes it (reloaded when it changed).

        Raises SearchIndexError when the index is missing or damaged.
        """
        path = self.directory / MANIFEST
        with self._lock:
            for _attempt in range(3):
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    raise SearchIndexError(path, "is missing (the search index has not been built)") from None
                stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
                if self._loaded and self._loaded[0] == stamp:
                    return self._loaded[1]
                previous = {_file_key(s): s for s in self._loaded[1].segments} if self._loaded else {}
                try:
                    view = IndexView.of(self._open_segments(self._read_manifest(), previous))
                except FileNotFoundError:
                    continue  # a writer replaced the manifest between our reads: read it again
                self._loaded = (stamp, view)
                return view
        raise SearchIndexError(path, "lists segments that are missing")

    def _open_segments(self, manifest: Manifest, previous: dict[tuple[str, int, int], Segment]) -> list[Segment]:
        """The segments the manifest lists; those already open (same file) are reused."""
        opened = []
        for info in manifest.segments:
            path = self.directory / info.name
            st = os.stat(path)
            if st.st_size != info.size:
                raise SearchIndexError(path, f"has {st.st_size} bytes, the manifest says {info.size}")
            known = previous.get((info.name, st.st_ino, st.st_size))
            opened.append(known or Segment(path))
        return opened


def _items(docs: Documents) -> Iterator[tuple[int, dict[str, int], Listed | None]]:
    for item in docs:
        ord_, doc = item[0], item[1]
        yield ord_, impacts(doc), Listed(doc.id, doc.title, item[2]) if len(item) > 2 else None


def _file_key(segment: Segment) -> tuple[str, int, int]:
    return segment.path.name, segment.stat.st_ino, segment.stat.st_size
