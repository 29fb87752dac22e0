"""The search index's segment files: an inverted index of some documents, written once.

A segment holds a sorted vocabulary and, for each term, its postings: the ords of the
documents it occurs in with the term's impact (a uint16 weight, see ranking.py). It lists
the ords it indexed (sorted), each with what a hit shows of it (its id, title and the hash
its body is stored under: `Listed`), so a query needs nothing but the index and the bodies
of its hits, and a merge can tell which postings are dead. Segments are never changed: new
documents make a new segment, and merging writes a new one.

Nothing is decoded whole when a segment is opened (a first query must not wait for a
vocabulary of 500,000 terms): terms are found by bisection in the mapped bytes, and the
terms a typo may stand for come from a second copy of the vocabulary ordered by first
character and length (the only terms a fuzzy match is looked for among, see variants.py).

Layout (native byte order, recorded in the head): a header (magic, length and crc32 of
the JSON head), the JSON head (counts, and a crc32 of the sections before the postings),
then, each padded to 8 bytes: the terms joined by newlines; where each term starts
(uint32, one more than there are terms); the offsets of each term's postings (uint32, one
more than there are terms); the document ords (uint32, ascending); what each document is
listed as (id, title and hash joined by NUL) and where each starts (uint32, one more than
there are documents); the fuzzy buckets' keys (first character << 8 | length, uint32,
ascending) and where each starts in the fuzzy vocabulary (uint32, one more); the fuzzy
vocabulary (the terms again, by bucket, joined by newlines); a crc32 of each PAGE bytes of
the posting ords and of the posting impacts (uint32 each); the posting ords (uint32) and
the posting impacts (uint16). Each page of postings is checked against its crc the first
time it is read, so damage anywhere in a segment is found (and the index rebuilt) instead
of changing rankings in silence.
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
from itertools import accumulate, chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from store.atomic import DamagedFileError

FORMAT = 3
MAGIC = b"KLSRCH01"
PAGE = 1 << 16  # bytes of postings under one crc: a query checks the few pages it reads
_HEADER = struct.Struct("<8sII")  # magic, length of the JSON head, its crc32
MAX_BUCKET_LENGTH = 255  # longer terms share the last bucket of their first character


class SearchIndexError(DamagedFileError):
    """The search index is missing or damaged: rebuild it from the document bodies."""


class Listed(NamedTuple):
    """What a hit shows of a document, and where its body is: `Cache.read_body(id, sha256)`.

    A named tuple, so that the importer can hand one over as a plain (id, title, sha256)
    without importing this package (and rapidfuzz with it) at start-up."""

    id: str
    title: str
    sha256: str


# (ord, {term: impact}) or (ord, {term: impact}, what the document is listed as: a Listed,
# or the same as a plain (id, title, sha256))
Batch = Iterable[tuple[int, Mapping[str, int]] | tuple[int, Mapping[str, int], tuple[str, str, str] | None]]


@dataclass(frozen=True)
class Postings:
    """Sorted terms; the postings of term i are [offsets[i], offsets[i + 1]) of ords and impacts."""

    terms: list[str]
    offsets: array  # uint32
    ords: Any  # buffer of native uint32
    impacts: Any  # buffer of native uint16
    doc_ords: array  # uint32, ascending: the documents indexed
    listed: list[bytes]  # for each of doc_ords, its Listed as `listed_bytes` stores it (b"": not known)


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


def listed_bytes(listed: tuple[str, str, str] | None) -> bytes:
    """How a segment stores a Listed: its fields joined by NUL (a NUL in a title, never seen,
    is stored as U+FFFD); b"" for a document not listed."""
    if listed is None:
        return b""
    doc_id, title, sha = listed
    if "\0" in doc_id or "\0" in sha:
        raise ValueError(f"{doc_id!r}: an id or hash with a NUL")
    return "\0".join((doc_id, title.replace("\0", "\ufffd"), sha)).encode("utf-8", "surrogatepass")


def _listed_of(data: bytes) -> Listed | None:
    if not data:
        return None
    doc_id, title, sha = data.decode("utf-8", "surrogatepass").split("\0")
    return Listed(doc_id, title, sha)


def postings_of(batch: Batch) -> Postings:
    """The postings of (ord, {term: impact}[, listed]) items."""
    table: dict[str, list[int]] = {}  # term -> ord, impact, ord, impact, ...
    get = table.get
    docs: list[tuple[int, bytes]] = []
    with _collector_paused():
        for item in sorted(batch, key=itemgetter(0)):
            ord_, impacts = item[0], item[1]
            docs.append((ord_, listed_bytes(item[2] if len(item) > 2 else None)))
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
    doc_ords = array("I", [o for o, _ in docs])
    if len(set(doc_ords)) != len(doc_ords):
        raise ValueError("a document indexed twice in one batch")
    return Postings(terms, offsets, array("I", flat[0::2]), array("H", flat[1::2]), doc_ords, [j for _, j in docs])


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


def _joined(items: Sequence[bytes], sep: bytes) -> tuple[bytes, array]:
    """`items` joined by `sep`, and where each starts (one more: the end of the last, plus sep)."""
    starts = array("I", [0])
    starts.extend(accumulate(len(b) + len(sep) for b in items))
    return sep.join(items), starts


def bucket_key(term: str) -> int:
    return ord(term[0]) << 8 | min(len(term), MAX_BUCKET_LENGTH)


def _fuzzy_sections(terms: Sequence[str]) -> tuple[bytes, bytes, bytes]:
    """The fuzzy buckets' keys and starts, and the vocabulary ordered by bucket."""
    by_bucket = sorted(terms, key=lambda t: (bucket_key(t), t))
    keys, starts = array("I"), array("I")
    pos = 0
    for key, group in groupby(by_bucket, key=bucket_key):
        keys.append(key)
        starts.append(pos)
        pos += sum(len(t.encode("utf-8")) + 1 for t in group)
    starts.append(pos)
    return keys.tobytes(), starts.tobytes(), "\n".join(by_bucket).encode("utf-8")


def encode(postings: Postings) -> bytes:
    """The segment file of `postings`."""
    blob, term_starts = _joined([t.encode("utf-8") for t in postings.terms], b"\n")
    listed, listed_starts = _joined(postings.listed, b"")
    n_postings = postings.offsets[-1]
    if memoryview(postings.ords).nbytes != 4 * n_postings or memoryview(postings.impacts).nbytes != 2 * n_postings:
        raise ValueError("postings and offsets disagree")
    if len(postings.listed) != len(postings.doc_ords) or list(postings.doc_ords) != sorted(set(postings.doc_ords)):
        raise ValueError("documents not in ascending order, or not each listed once")
    keys, bucket_starts, fuzzy = _fuzzy_sections(postings.terms)
    sections = [
        blob, term_starts.tobytes(), postings.offsets.tobytes(), postings.doc_ords.tobytes(),
        listed, listed_starts.tobytes(), keys, bucket_starts, fuzzy,
        _page_crcs(postings.ords).tobytes(), _page_crcs(postings.impacts).tobytes(),
    ]  # fmt: skip
    head = json.dumps(
        {
            "format": FORMAT,
            "byteorder": sys.byteorder,
            "terms": len(postings.terms),
            "terms_bytes": len(blob),
            "docs": len(postings.doc_ords),
            "listed_bytes": len(listed),
            "unlisted": sum(1 for j in postings.listed if not j),
            "buckets": len(keys) // 4,
            "fuzzy_bytes": len(fuzzy),
            "postings": n_postings,
            "crc": _crc(sections),
        }
    ).encode("utf-8")
    parts = [_HEADER.pack(MAGIC, len(head), zlib.crc32(head)), head, b"\0" * _pad(_HEADER.size + len(head))]
    for section in [*sections, postings.ords, postings.impacts]:
        parts += [section, b"\0" * _pad(memoryview(section).nbytes)]
    return b"".join(parts)


def has_magic(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


class _Terms(Sequence[bytes]):
    """The vocabulary as UTF-8 bytes, read from the mapped file term by term (for bisection)."""

    def __init__(self, blob: memoryview, starts: memoryview) -> None:
        self._blob, self._starts = blob, starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> bytes:  # type: ignore[override]
        return self._blob[self._starts[i] : self._starts[i + 1] - 1].tobytes()


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

        try:
            n_terms, n_docs, n_postings, n_buckets = head["terms"], head["docs"], head["postings"], head["buckets"]
            blob, term_starts, offsets = take(head["terms_bytes"]), take(4 * (n_terms + 1)), take(4 * (n_terms + 1))
            docs, listed, listed_starts = take(4 * n_docs), take(head["listed_bytes"]), take(4 * (n_docs + 1))
            keys, bucket_starts, fuzzy = take(4 * n_buckets), take(4 * (n_buckets + 1)), take(head["fuzzy_bytes"])
            ord_crcs, impact_crcs = take(4 * _pages(4 * n_postings)), take(4 * _pages(2 * n_postings))
            checked = [blob, term_starts, offsets, docs, listed, listed_starts, keys, bucket_starts, fuzzy]
            if _crc([*checked, ord_crcs, impact_crcs]) != head["crc"]:
                raise SearchIndexError(self.path, "is damaged (checksum)")
            ords, impacts = take(4 * n_postings), take(2 * n_postings)
            self.unlisted: int = head["unlisted"]
        except (KeyError, TypeError) as exc:
            raise SearchIndexError(self.path, f"is damaged (its head: {exc.__class__.__name__})") from None
        if pos != len(view) or len(impacts) != 2 * n_postings:
            raise SearchIndexError(self.path, "is truncated or has trailing data")
        self._blob, self._term_starts = blob, term_starts.cast("I")
        self.terms = _Terms(blob, self._term_starts)
        self.offsets = offsets.cast("I")
        self.doc_ords = docs.cast("I")
        self._listed, self._listed_starts = listed, listed_starts.cast("I")
        self._bucket_keys, self._bucket_starts, self._fuzzy = keys.cast("I"), bucket_starts.cast("I"), fuzzy
        self.ords = ords.cast("I")
        self.impacts = impacts.cast("H")
        self._pages = (_Pages(ords, ord_crcs.cast("I")), _Pages(impacts, impact_crcs.cast("I")))
        if self.offsets[0] != 0 or self.offsets[-1] != n_postings or self._term_starts[-1] != len(blob) + 1:
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
        if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("byteorder") != sys.byteorder:
            raise SearchIndexError(self.path, "was written by another version or another kind of machine")
        end = _HEADER.size + length
        return head, end + _pad(end)

    def __len__(self) -> int:
        """The number of terms."""
        return len(self.offsets) - 1

    def term(self, i: int) -> str:
        return self.terms[i].decode("utf-8")

    def all_terms(self) -> list[str]:
        """Every term, decoded (for a merge)."""
        return self._blob.tobytes().decode("utf-8").split("\n") if len(self) else []

    def find(self, term: str) -> int | None:
        """The index of `term` in the vocabulary, or None."""
        key = term.encode("utf-8")
        i = bisect_left(self.terms, key)
        return i if i < len(self) and self.terms[i] == key else None

    def prefixed(self, prefix: str) -> range:
        """The indexes of the terms starting with `prefix` (UTF-8 order is code point order)."""
        key = prefix.encode("utf-8")
        lo = bisect_left(self.terms, key)
        return range(lo, bisect_left(self.terms, key + b"\xff", lo))

    def df(self, i: int) -> int:
        """The number of documents term i occurs in."""
        return self.offsets[i + 1] - self.offsets[i]

    def bucket(self, first: str, length: int) -> list[str]:
        """The terms starting with `first` of `length` characters (longer ones together)."""
        key = ord(first) << 8 | min(length, MAX_BUCKET_LENGTH)
        i = bisect_left(self._bucket_keys, key)
        if i == len(self._bucket_keys) or self._bucket_keys[i] != key:
            return []
        start, end = self._bucket_starts[i], self._bucket_starts[i + 1] - 1
        return self._fuzzy[start:end].tobytes().decode("utf-8").split("\n")

    def listed(self, ord_: int) -> Listed | None:
        """What document `ord_` is listed as; None when this segment does not hold it or was
        given no listing for it."""
        i = bisect_left(self.doc_ords, ord_)
        if i == len(self.doc_ords) or self.doc_ords[i] != ord_:
            return None
        return _listed_of(self._listed_bytes(i))

    def _listed_bytes(self, i: int) -> bytes:
        return self._listed[self._listed_starts[i] : self._listed_starts[i + 1]].tobytes()

    def postings(self, i: int) -> tuple[memoryview, memoryview]:
        """(ords, impacts) of term i; SearchIndexError when a page they stand on is damaged."""
        lo, hi = self.offsets[i], self.offsets[i + 1]
        ord_pages, impact_pages = self._pages
        if not (ord_pages.whole(4 * lo, 4 * hi) and impact_pages.whole(2 * lo, 2 * hi)):
            raise SearchIndexError(self.path, "is damaged (checksum of its postings)")
        return self.ords[lo:hi], self.impacts[lo:hi]


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
    kept_docs = sorted(
        (o, s._listed_bytes(i)) for s, gone in zip(segments, dead, strict=True)
        for i, o in enumerate(s.doc_ords) if o not in gone
    )  # fmt: skip
    sources = [
        zip(s.all_terms(), [n] * len(s), range(len(s)), strict=True)  # (term, segment, index of the term)
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
    doc_ords = array("I", [o for o, _ in kept_docs])
    if len(set(doc_ords)) != len(doc_ords):
        raise SearchIndexError(segments[0].path, "holds a document that another segment holds too")
    return Postings(terms, offsets, ords, impacts, doc_ords, [j for _, j in kept_docs])
