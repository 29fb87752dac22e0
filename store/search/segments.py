"""The search index's segment files: an inverted index of some documents, written once.

A segment holds a sorted vocabulary and, for each term, its postings: the ords of the
documents it occurs in with the term's impact (a uint16 weight, see ranking.py).
It also lists the ords it indexed, so a merge can tell which postings are dead. Segments
are never changed: new documents make a new segment, and merging writes a new one.

Layout (native byte order, recorded in the head): a header (magic, length and crc32 of
the JSON head), the JSON head (counts, and a crc32 of the sections before the postings),
then, each padded to 8 bytes: the terms joined by newlines, the offsets of each term's
postings (uint32, one more than there are terms), the document ords (uint32), a crc32 of
each PAGE bytes of the posting ords and of the posting impacts (uint32 each), the posting
ords (uint32) and the posting impacts (uint16). Reading maps the file into memory, so a
query only reads the postings of the terms it looks up; each page of postings is checked
against its crc the first time it is read, so damage anywhere in a segment is found (and
the index rebuilt) instead of changing rankings in silence.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import json
import mmap
import os
import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, count, groupby, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from store.atomic import DamagedFileError

FORMAT = 2
MAGIC = b"KLSRCH01"
PAGE = 1 << 16  # bytes of postings under one crc: a query checks the few pages it reads
_HEADER = struct.Struct("<8sII")  # magic, length of the JSON head, its crc32


class SearchIndexError(DamagedFileError):
    """The search index is missing or damaged: rebuild it from the document bodies."""


@dataclass(frozen=True)
class Postings:
    """Sorted terms; the postings of term i are [offsets[i], offsets[i + 1]) of ords and impacts."""

    terms: list[str]
    offsets: array  # uint32
    ords: Any  # buffer of native uint32
    impacts: Any  # buffer of native uint16
    doc_ords: array  # uint32: the documents indexed


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while. The many lists a batch builds hold only
    numbers, so there are no cycles to find: the collector would only scan them over and over."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def postings_of(batch: Iterable[tuple[int, Mapping[str, int]]]) -> Postings:
    """The postings of (ord, {term: impact}) pairs."""
    table: dict[str, list[int]] = {}  # term -> ord, impact, ord, impact, ...
    get = table.get
    doc_ords = array("I")
    with _collector_paused():
        for ord_, impacts in batch:
            doc_ords.append(ord_)
            for term, impact in impacts.items():
                flat = get(term)
                if flat is None:
                    table[term] = [ord_, impact]
                else:
                    flat += (ord_, impact)
    terms = sorted(table)
    runs = [table[t] for t in terms]
    flat = list(chain.from_iterable(runs))
    offsets = array("I", [0])
    offsets.extend(accumulate(len(run) >> 1 for run in runs))
    return Postings(terms, offsets, array("I", flat[0::2]), array("H", flat[1::2]), doc_ords)


def _pad(n: int) -> int:
    return -n % 8


def _crc(sections: Iterable[Any]) -> int:
    crc = 0
    for section in sections:
        crc = zlib.crc32(section, crc)
    return crc


def _page_crcs(data: Any) -> array:
    view = memoryview(data).cast("B")
    return array("I", (zlib.crc32(view[i : i + PAGE]) for i in range(0, len(view), PAGE)))


def encode(postings: Postings) -> bytes:
    """The segment file of `postings`."""
    blob = "\n".join(postings.terms).encode("utf-8")
    n_postings = postings.offsets[-1]
    if memoryview(postings.ords).nbytes != 4 * n_postings or memoryview(postings.impacts).nbytes != 2 * n_postings:
        raise ValueError("postings and offsets disagree")
    sections = [
        blob, postings.offsets.tobytes(), postings.doc_ords.tobytes(),
        _page_crcs(postings.ords).tobytes(), _page_crcs(postings.impacts).tobytes(),
    ]  # fmt: skip
    head = json.dumps({
        "format": FORMAT,
        "byteorder": sys.byteorder,
        "terms": len(postings.terms),
        "terms_bytes": len(blob),
        "docs": len(postings.doc_ords),
        "postings": n_postings,
        "crc": _crc(sections),
    }).encode("utf-8")
    parts = [_HEADER.pack(MAGIC, len(head), zlib.crc32(head)), head, b"\0" * _pad(_HEADER.size + len(head))]
    for section in [*sections, postings.ords, postings.impacts]:
        parts += [section, b"\0" * _pad(memoryview(section).nbytes)]
    return b"".join(parts)


def has_magic(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


class Segment:
    """One segment file, mapped into memory read-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            with open(path, "rb") as fh:
                self.stat = os.fstat(fh.fileno())
                self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            raise
        except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
            raise SearchIndexError(self.path, f"cannot be read ({exc})") from None
        view = memoryview(self._map)
        head, pos = self._head(view)

        def take(size: int) -> memoryview:
            nonlocal pos
            section = view[pos : pos + size]
            pos += size + _pad(size)
            return section

        n_terms, n_postings = head["terms"], head["postings"]
        blob, offsets, docs = take(head["terms_bytes"]), take(4 * (n_terms + 1)), take(4 * head["docs"])
        ord_crcs, impact_crcs = take(4 * _pages(4 * n_postings)), take(4 * _pages(2 * n_postings))
        if _crc([blob, offsets, docs, ord_crcs, impact_crcs]) != head["crc"]:
            raise SearchIndexError(self.path, "is damaged (checksum)")
        ords, impacts = take(4 * n_postings), take(2 * n_postings)
        if pos != len(view) or len(impacts) != 2 * n_postings:
            raise SearchIndexError(self.path, "is truncated or has trailing data")
        self.terms: list[str] = blob.tobytes().decode("utf-8").split("\n") if n_terms else []
        self.offsets = offsets.cast("I")
        self.doc_ords = docs.cast("I")
        self.ords = ords.cast("I")
        self.impacts = impacts.cast("H")
        self._pages = (_Pages(ords, ord_crcs.cast("I")), _Pages(impacts, impact_crcs.cast("I")))
        if len(self.terms) != n_terms or self.offsets[0] != 0 or self.offsets[-1] != n_postings:
            raise SearchIndexError(self.path, "is damaged (vocabulary)")

    def _head(self, view: memoryview) -> tuple[dict[str, Any], int]:
        """The JSON head, and where the first section starts."""
        if len(view) < _HEADER.size:
            raise SearchIndexError(self.path, "is truncated")
        magic, length, crc = _HEADER.unpack(view[: _HEADER.size])
        raw = view[_HEADER.size : _HEADER.size + length].tobytes()
        if magic != MAGIC or zlib.crc32(raw) != crc:
            raise SearchIndexError(self.path, "is not a search segment, or is damaged")
        head = json.loads(raw)
        if head.get("format") != FORMAT or head.get("byteorder") != sys.byteorder:
            raise SearchIndexError(self.path, "was written by another version or another kind of machine")
        end = _HEADER.size + length
        return head, end + _pad(end)

    def find(self, term: str) -> int | None:
        """The index of `term` in the vocabulary, or None."""
        i = bisect_left(self.terms, term)
        return i if i < len(self.terms) and self.terms[i] == term else None

    def postings(self, i: int) -> tuple[memoryview, memoryview]:
        """(ords, impacts) of term i; SearchIndexError when a page they stand on is damaged."""
        lo, hi = self.offsets[i], self.offsets[i + 1]
        ord_pages, impact_pages = self._pages
        if not (ord_pages.whole(4 * lo, 4 * hi) and impact_pages.whole(2 * lo, 2 * hi)):
            raise SearchIndexError(self.path, "is damaged (checksum of its postings)")
        return self.ords[lo:hi], self.impacts[lo:hi]

    def document_frequencies(self) -> array:
        """For each term, the number of documents it occurs in."""
        offsets = self.offsets
        return array("I", map(int.__sub__, offsets[1:], offsets[:-1]))


def _pages(size: int) -> int:
    return -(-size // PAGE)


class _Pages:
    """The pages of one postings section and their crcs; each page is checked once, when first read."""

    def __init__(self, data: memoryview, crcs: memoryview) -> None:
        self.data = data
        self.crcs = crcs
        self.checked = bytearray(len(crcs))  # 1: checked and whole (two threads may both check one)

    def whole(self, start: int, end: int) -> bool:
        """Whether the bytes [start, end) lie on pages that are whole."""
        for page in range(start // PAGE, _pages(end)):
            if not self.checked[page]:
                if zlib.crc32(self.data[page * PAGE : (page + 1) * PAGE]) != self.crcs[page]:
                    return False
                self.checked[page] = 1
        return True


def merge(segments: Sequence[Segment], live: Collection[int] | None = None) -> Postings:
    """The postings of `segments` together, without the documents not in `live` (if given).

    A segment whose documents are all live is copied run by run; only one holding dead
    documents is filtered posting by posting.
    """
    dead = [frozenset() if live is None else frozenset(o for o in s.doc_ords if o not in live) for s in segments]
    doc_ords = array("I", (o for s, gone in zip(segments, dead, strict=True) for o in s.doc_ords if o not in gone))
    sources = [
        zip(s.terms, repeat(n), count(), strict=False)  # (term, segment, index of the term)
        for n, s in enumerate(segments)
        if not s.doc_ords or len(dead[n]) < len(s.doc_ords)
    ]
    terms: list[str] = []
    offsets = array("I", [0])
    ords, impacts = bytearray(), bytearray()
    for term, group in groupby(heapq.merge(*sources), key=itemgetter(0)):
        for _, n, i in group:
            run_ords, run_impacts = segments[n].postings(i)
            if dead[n]:
                kept = [(o, m) for o, m in zip(run_ords, run_impacts, strict=True) if o not in dead[n]]
                ords += array("I", map(itemgetter(0), kept))
                impacts += array("H", map(itemgetter(1), kept))
            else:
                ords += run_ords
                impacts += run_impacts
        if len(impacts) >> 1 != offsets[-1]:  # a term left with no live document is dropped
            terms.append(term)
            offsets.append(len(impacts) >> 1)
    return Postings(terms, offsets, ords, impacts, doc_ords)
