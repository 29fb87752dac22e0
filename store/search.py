"""Full-text search of the whole library: an inverted index on disk, ranked hits with snippets.

Scanning 360 MB of text per keystroke is out, so the index is built at import time and a
query only reads the postings of the terms it asks for.

On disk (the cache's `search/` directory):
- `seg-NNNNNN.kls`, immutable segments, one per `add()` (merged as they pile up). Each
  holds its sorted vocabulary, per term a run of postings (document ord, impact), and
  the ords it indexed. Impacts are BM25 term weights computed at import (title and
  identifiers counted `TITLE_WEIGHT` times, a fixed reference length so that segments
  stay comparable and merging them is plain concatenation), stored as uint16.
- `manifest.json`, which segments make up the index. A segment is written first, the
  manifest after it, both atomically: a crash leaves the old index or the new one.

Documents are known by `ord`, a number the cache gives each stored version of a
document: a replaced document gets a new ord, and the caller passes the live ords to
every query (dead postings are skipped) and to `compact()` (which drops them).

Loading is lazy (first query, or `load()` from a worker) and maps the segments into
memory, so only the postings a query touches are read. A query looks each of its words
up as itself, as a prefix (the word being typed) and, within a typo or two, fuzzily
(rapidfuzz over the vocabulary); a document must match every word (or, if none does,
any), scores BM25-like, and gets a bonus when its title resembles the query. For the
best documents the body is loaded and the passage where the words are densest gives
the hit's place and snippet.
"""

from __future__ import annotations

import contextlib
import heapq
import math
import os
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from store import segments
from store.anchors import AnchorError, anchor_for_block, block_of
from store.atomic import DamagedFileError, atomic_write, atomic_write_json, read_json
from store.errors import KamerlezerError
from store.model import Document
from store.segments import Postings, SearchIndexError, Segment
from store.tokens import Span, fold, one_line, query_terms, spellings, term_counts, term_spans

# --- Scoring ---------------------------------------------------------------------------
K1 = 1.2
B = 0.75
# Reference document length (in terms) for BM25's length normalisation. A fixed value
# rather than the average of a segment, so that impacts from different segments compare.
REFERENCE_LENGTH = 4000.0
TITLE_WEIGHT = 4
IMPACT_SCALE = 10_000  # impacts are below K1 + 1 = 2.2; stored as uint16

MAX_PREFIX_VARIANTS = 24  # most frequent completions of a word being typed
MAX_FUZZY_VARIANTS = 8
FUZZY_CUTOFF = 80.0  # rapidfuzz fuzz.ratio
FUZZY_MIN_LENGTH = 4
PREFIX_MIN_LENGTH = 3  # any word this long also matches as a prefix; the last one always
TITLE_CUTOFF = 85.0  # rapidfuzz fuzz.partial_ratio of the query against a title
TITLE_MIN_QUERY = 4
TITLE_BONUS = 1.0  # a title matching the query perfectly outranks any body-only match
COMMON_WORD = 0.5  # a word in more than this share of the documents does not tell where a hit is
SNIPPET_WIDTH = 160
SNIPPET_LEAD = 50  # context shown before the first match

# --- Files -----------------------------------------------------------------------------
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
_SEGMENT_NAME = re.compile(r"^seg-(\d{6,})\.kls$")
_STALE_TEMP = re.compile(r"^\.(seg-\d{6,}\.kls|manifest\.json)\..*\.tmp$")
MERGE_FACTOR = 8  # segments of a similar size merged once there are this many
REBUILD_BATCH = 2000  # documents per segment while rebuilding (bounds memory)


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    where: str  # "title", "qa N" or "body"
    score: float
    snippet: str  # one line, about SNIPPET_WIDTH characters
    highlights: tuple[tuple[int, int], ...]  # [start, end) of the matched words in snippet
    anchor: str | None  # where to open the document; None for a title hit


# --- What a document contributes ---------------------------------------------------------


def head_text(doc: Document) -> str:
    """The title and what the document is known by (its id, dossier, zaak and document
    numbers, kenmerk, the member who asked): indexed with the title's weight."""
    ids = doc.identifiers
    names = (doc.id, *ids.dossiers, ids.zaak, ids.document, ids.kenmerk, doc.asker)
    return " ".join([doc.title, *(n for n in names if n)])


def body_text(doc: Document) -> str:
    """The readable body and the footnotes: indexed with the weight of text."""
    return "\n\n".join([doc.text, *(f.text for f in doc.footnotes if f.text)])


def impacts(doc: Document) -> dict[str, int]:
    """term -> quantised BM25 weight of the term in this document. A pure function, so an
    importer may compute it in its worker processes and call `add_impacts`."""
    head = term_counts(fold(head_text(doc)))
    tf = term_counts(fold(body_text(doc)))
    length = tf.total() + head.total()
    for term, n in head.items():
        tf[term] += TITLE_WEIGHT * n
    norm = K1 * (1 - B + B * length / REFERENCE_LENGTH)
    # Few distinct frequencies in a document: the weight of each computed once.
    weight = {f: max(1, round(IMPACT_SCALE * f * (K1 + 1) / (f + norm))) for f in set(tf.values())}
    return dict(zip(tf.keys(), map(weight.__getitem__, tf.values()), strict=True))


# --- The manifest ------------------------------------------------------------------------


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


def _tier(docs: int) -> int:
    return int(math.log(max(docs, 1), MERGE_FACTOR))


def segments_to_merge(segments: Sequence[SegmentInfo]) -> list[SegmentInfo]:
    """The segments of the lowest size tier that has MERGE_FACTOR of them, else none.

    Merging like-sized segments keeps the count logarithmic in the number of documents
    while each posting is rewritten only a logarithmic number of times.
    """
    tiers: dict[int, list[SegmentInfo]] = {}
    for info in segments:
        tiers.setdefault(_tier(info.docs), []).append(info)
    full = [group for _, group in sorted(tiers.items()) if len(group) >= MERGE_FACTOR]
    return full[0] if full else []


# --- The index ---------------------------------------------------------------------------


class SearchIndex:
    """The library's search index in `directory`. Opening it touches no file.

    Writers (`add`, `rebuild`, `compact`) must hold the cache's lock. Queries may run in
    any thread, concurrently with each other and with writers in other processes: each
    sees the manifest it found, whose segment files are never changed.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._loaded: tuple[tuple[int, int, int], _Snapshot] | None = None

    # -- writing

    def add(self, docs: Iterable[tuple[int, Document]]) -> None:
        """Index (ord, document) pairs as a new segment. The index must exist (see `rebuild`)."""
        self.add_impacts((ord_, impacts(doc)) for ord_, doc in docs)

    def add_impacts(self, batch: Iterable[tuple[int, Mapping[str, int]]]) -> None:
        """`add`, from the `impacts` of each document (computed elsewhere, say in parallel)."""
        manifest = self._read_manifest()
        postings = segments.postings_of(batch)
        if not postings.doc_ords:
            return
        manifest = self._with_segment(manifest, postings)
        while group := segments_to_merge(manifest.segments):
            manifest = self._merge(manifest, group, live=None)
        self._tidy(manifest)

    def rebuild(self, docs: Iterable[tuple[int, Document]]) -> None:
        """Make a new index of exactly these documents, whatever the directory held."""
        manifest = Manifest(next=self._next_free_number())
        batches = iter(docs)
        while batch := list(islice(batches, REBUILD_BATCH)):
            postings = segments.postings_of((ord_, impacts(doc)) for ord_, doc in batch)
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
        self._snapshot().warm()

    def _snapshot(self) -> _Snapshot:
        """The index as the manifest on disk now describes it (reloaded when it changed)."""
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
                previous = self._loaded[1].by_file if self._loaded else {}
                try:
                    snapshot = _Snapshot(self._open_segments(self._read_manifest(), previous))
                except FileNotFoundError:
                    continue  # a writer replaced the manifest between our reads: read it again
                self._loaded = (stamp, snapshot)
                return snapshot
        raise SearchIndexError(path, "lists segments that are missing")

    def _open_segments(self, manifest: Manifest, previous: dict[tuple[str, int, int], Segment]) -> list[Segment]:
        opened = []
        for info in manifest.segments:
            path = self.directory / info.name
            st = os.stat(path)
            if st.st_size != info.size:
                raise SearchIndexError(path, f"has {st.st_size} bytes, the manifest says {info.size}")
            known = previous.get((info.name, st.st_ino, st.st_size))
            opened.append(known or Segment(path))
        return opened


# --- Looking words up --------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A term of the index that stands for a word of the query, and how much it counts."""

    term: str
    weight: float  # 1 for the word itself, less for a completion or a near miss
    df: int  # documents it occurs in


def prefix_weight(word: str, term: str) -> float:
    return 0.5 + 0.5 * len(word) / len(term)


def fuzzy_weight(score: float, word_exists: bool) -> float:
    """A near miss counts less; much less when the word as typed is itself in the index
    (then it is more likely another word than a typo: "migranten" for "migratie")."""
    return (0.4 if word_exists else 0.8) * score / 100


def fuzzy_length_range(n: int, cutoff: float = FUZZY_CUTOFF) -> range:
    """Lengths a term may have to reach fuzz.ratio >= cutoff with a word of length n.

    ratio = 2 * common / (n + m) <= 2 * min(n, m) / (n + m), which bounds m / n.
    """
    c = cutoff / 100
    return range(math.ceil(n * c / (2 - c)), math.floor(n * (2 - c) / c) + 1)


class _Snapshot:
    """The segments one manifest lists, loaded, with the merged vocabulary over them.

    Immutable once built, apart from caches that fill on first use under a lock
    (lru_cache is thread-safe), so any number of threads may query it.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = tuple(segments)
        self.by_file = {(s.path.name, s.stat.st_ino, s.stat.st_size): s for s in self.segments}
        self.vocabulary, self.df = self._merged_vocabulary()
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self.variants = lru_cache(maxsize=2048)(self._variants)

    def _merged_vocabulary(self) -> tuple[list[str], array]:
        if len(self.segments) == 1:
            return self.segments[0].terms, self.segments[0].document_frequencies()
        words: list[str] = []
        df = array("I")
        streams = [zip(s.terms, s.document_frequencies(), strict=True) for s in self.segments]
        for term, group in groupby(heapq.merge(*streams), key=itemgetter(0)):
            words.append(term)
            df.append(sum(map(itemgetter(1), group)))
        return words, df

    def warm(self) -> None:
        self._fuzzy_buckets()

    def _fuzzy_buckets(self) -> dict[tuple[str, int], list[str]]:
        """Terms by first character and length: the only ones a fuzzy match may be.

        Like most search engines' fuzzy queries we take the first character as typed
        (a typo there is rare, and checking all terms would cost tens of milliseconds).
        """
        with self._lock:
            if self._buckets is None:
                buckets: dict[tuple[str, int], list[str]] = {}
                for term in self.vocabulary:
                    buckets.setdefault((term[0], len(term)), []).append(term)
                self._buckets = buckets
            return self._buckets

    def _df(self, term: str) -> int:
        i = bisect_left(self.vocabulary, term)
        return self.df[i] if i < len(self.vocabulary) and self.vocabulary[i] == term else 0

    def _variants(self, word: str, prefix: bool) -> tuple[Variant, ...]:
        found: dict[str, Variant] = {}
        vocabulary = self.vocabulary
        lo = bisect_left(vocabulary, word)
        if lo < len(vocabulary) and vocabulary[lo] == word:
            found[word] = Variant(word, 1.0, self.df[lo])
        if prefix:
            hi = bisect_left(vocabulary, word[:-1] + chr(ord(word[-1]) + 1), lo)
            completions = range(lo + (word in found), hi)
            for i in heapq.nlargest(MAX_PREFIX_VARIANTS, completions, key=self.df.__getitem__):
                found[vocabulary[i]] = Variant(vocabulary[i], prefix_weight(word, vocabulary[i]), self.df[i])
        if len(word) >= FUZZY_MIN_LENGTH and not any(c.isdigit() for c in word):
            buckets = self._fuzzy_buckets()
            choices = [t for n in fuzzy_length_range(len(word)) for t in buckets.get((word[0], n), ())]
            near = process.extract(
                word, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=MAX_FUZZY_VARIANTS + 1
            )
            for term, score, _ in near:
                if term not in found:
                    found[term] = Variant(term, fuzzy_weight(score, word in found), self._df(term))
        return tuple(found.values())

    def postings(self, term: str) -> Iterator[tuple[memoryview, memoryview]]:
        for segment in self.segments:
            i = segment.find(term)
            if i is not None:
                yield segment.postings(i)


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _word_scores(snapshot: _Snapshot, variants: Sequence[Variant], n_docs: int) -> dict[int, float]:
    """ord -> how well the document matches one word of the query: its best variant."""
    scores: dict[int, float] = {}
    get = scores.get
    for variant in variants:
        factor = variant.weight * _idf(variant.df, n_docs) / IMPACT_SCALE
        for ords, imps in snapshot.postings(variant.term):
            for o, impact in zip(ords, imps, strict=True):
                score = factor * impact
                if score > get(o, 0.0):
                    scores[o] = score
    return scores


def relevance(per_word: Sequence[dict[int, float]], live: Collection[int]) -> dict[int, float]:
    """Sum of the word scores of the live documents that match every word, or if there
    are none, of those that match any."""
    if not per_word:
        return {}
    by_size = sorted(per_word, key=len)
    matching = [o for o in by_size[0] if o in live and all(o in s for s in by_size[1:])]
    if not matching:
        matching = [o for o in set().union(*per_word) if o in live]
    return {o: sum(s.get(o, 0.0) for s in per_word) for o in matching}


@lru_cache(maxsize=1 << 15)
def _title_key(title: str) -> str:
    return " ".join(query_terms(title))


def title_similarity(words: Sequence[str], entries: Sequence[tuple[int, str, str]]) -> dict[int, float]:
    """ord -> rapidfuzz partial_ratio of the query against the title, for titles that
    resemble it (the query need not be split into the title's words: "migratie agenda"
    finds "Migratieagenda")."""
    query = " ".join(words)
    if len(query) < TITLE_MIN_QUERY:
        return {}
    titles = [_title_key(title) for _, _, title in entries]
    found = process.extract(query, titles, scorer=fuzz.partial_ratio, score_cutoff=TITLE_CUTOFF, limit=200)
    return {entries[i][0]: score for _, score, i in found}


def combined_scores(relevant: dict[int, float], titles: dict[int, float]) -> dict[int, float]:
    """Relevance scaled so the best document scores 1, plus the title bonus (up to TITLE_BONUS)."""
    best = max(relevant.values(), default=0.0) or 1.0
    bonus = {o: TITLE_BONUS * (s - TITLE_CUTOFF) / (100 - TITLE_CUTOFF) for o, s in titles.items()}
    return {o: relevant.get(o, 0.0) / best + bonus.get(o, 0.0) for o in relevant.keys() | bonus.keys()}


# --- Where in the document, and the snippet ---------------------------------------------


@dataclass(frozen=True)
class Passage:
    where: str
    anchor: str | None
    text: str


# A word of the query as matched in a document: each term standing for it, and its weight.
Word = Mapping[str, float]


def passage_texts(doc: Document) -> list[str]:
    """The title, the title with what the document is known by, every block, every footnote."""
    head = head_text(doc)
    title = [doc.title, f"{doc.title} ({head[len(doc.title) :].strip()})"]
    return [*title, *(b.text for b in doc.blocks), *(f.text or "" for f in doc.footnotes)]


def passage(doc: Document, i: int) -> Passage:
    """Passage i of `passage_texts`, with the place it stands in the document."""
    if i < 2:
        return Passage("title", None, passage_texts(doc)[i])
    if i - 2 < len(doc.blocks):
        return _block_passage(doc, i - 2)
    note = doc.footnotes[i - 2 - len(doc.blocks)]
    if note.block is None:  # a note whose marker is nowhere: no place to open it at
        return Passage("body", None, note.text or "")
    return Passage(_block_passage(doc, note.block).where, f"fn-{note.mark}", note.text or "")


def _block_passage(doc: Document, b: int) -> Passage:
    """Block b: in a question/answer pair "qa N" (opened at "qa-N" when b is the block
    that anchor names, else at the block itself), else "body"."""
    block = doc.blocks[b]
    if block.qa is None or not 0 <= block.qa < len(doc.qa):
        return Passage("body", anchor_for_block(b), block.text)
    qa = doc.qa[block.qa]
    number = qa.numbers[0] if qa.numbers else block.qa + 1
    try:
        exact = block_of(doc, f"qa-{number}") == b
    except AnchorError:
        exact = False
    return Passage(f"qa {number}", f"qa-{number}" if exact else anchor_for_block(b), block.text)


@lru_cache(maxsize=64)
def _any_of(terms: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of the terms in folded text (as a part of a word, too: it only
    spares looking closer at passages that hold none of them)."""
    return re.compile("|".join(re.escape(s) for t in sorted(terms) for s in spellings(t)))


def best_passage(doc: Document, words: Sequence[Word]) -> Passage | None:
    """The passage covering the most words of the query (the title on a tie), then with
    the most matches (a near miss counting less than the word itself). None when nothing matches."""
    every = frozenset().union(*words)
    anywhere = _any_of(every)
    best: tuple[tuple[int, bool, float], int] | None = None
    for i, text in enumerate(passage_texts(doc)):
        folded = fold(text)
        if not anywhere.search(folded):  # most passages: no need to split them into terms
            continue
        counts = term_counts(folded)
        found = counts.keys() & every
        if not found:
            continue
        covered = sum(1 for w in words if not found.isdisjoint(w))
        weight = sum(counts[t] * max(w.get(t, 0.0) for w in words) for t in found)
        key = (covered, i < 2, weight)
        if best is None or key > best[0]:
            best = (key, i)
    return passage(doc, best[1]) if best else None


def snippet(text: str, words: Sequence[Word], width: int = SNIPPET_WIDTH) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About `width` characters of `text` on one line, and the [start, end) of every
    matched term inside it. It starts a little before the first match of the stretch
    that shows the most words of the query (the first match, when one word is asked)."""
    line = one_line(text)
    spans = _disjoint([s for s in term_spans(line) if any(s.term in w for w in words)])
    first = max(spans, key=lambda s: _covered(spans, s.start, s.start + width - SNIPPET_LEAD, words), default=None)
    first = first or Span("", 0, 0)
    start = max(0, min(first.start - SNIPPET_LEAD, len(line) - width))  # the whole width used
    if start:
        space = line.find(" ", start, first.start)
        start = space + 1 if space != -1 else start
    end = min(len(line), start + width)
    if end < len(line):
        space = line.rfind(" ", first.end, end)
        end = space if space != -1 else end
    lead = "…" if start else ""
    shift = len(lead) - start
    shown = lead + line[start:end] + ("…" if end < len(line) else "")
    return shown, tuple((s.start + shift, s.end + shift) for s in spans if s.start >= start and s.end <= end)


def _covered(spans: Sequence[Span], start: int, end: int, words: Sequence[Word]) -> int:
    inside = {s.term for s in spans if start <= s.start and s.end <= end}
    return sum(1 for w in words if not inside.isdisjoint(w))


def _disjoint(spans: Sequence[Span]) -> list[Span]:
    """Spans in order without overlaps (a joined number "19 637" over its parts)."""
    kept: list[Span] = []
    for span in spans:  # sorted by start, longest first
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def make_hit(
    doc_id: str, title: str, score: float, doc: Document | None, words: Sequence[Word], telling: Sequence[Word]
) -> Hit:
    """The hit for a document: the passage best matching the `telling` words (or, found by
    its title alone, its title), with the `words` highlighted. Without the document (its
    body could not be read) the hit has no snippet."""
    if doc is None:
        return Hit(doc_id, title, "body", round(score, 4), "", (), None)
    found = best_passage(doc, telling) or best_passage(doc, words) or Passage("title", None, title)
    text, highlights = snippet(found.text, words)
    return Hit(doc_id, title, found.where, round(score, 4), text, highlights, found.anchor)


# --- The query ---------------------------------------------------------------------------


def search(
    index: SearchIndex,
    query: str,
    *,
    entries: Sequence[tuple[int, str, str]],
    load: Callable[[str], Document],
    limit: int = 20,
) -> list[Hit]:
    """The `limit` best hits for `query` among the live documents `entries` (ord, id, title).

    Raises SearchIndexError when the index is missing or damaged (rebuild it); a body
    that cannot be loaded gives a hit without a snippet rather than an error.
    """
    words = query_terms(query)
    if not words or not entries or limit <= 0:
        return []
    live = {o: (doc_id, title) for o, doc_id, title in entries}
    snapshot = index._snapshot()
    last = len(words) - 1
    variants = [snapshot.variants(w, i == last or len(w) >= PREFIX_MIN_LENGTH) for i, w in enumerate(words)]
    relevant = relevance([_word_scores(snapshot, v, len(live)) for v in variants], live)
    scores = combined_scores(relevant, title_similarity(words, entries))
    best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
    matched = [{w: 1.0} | {v.term: v.weight for v in vs} for w, vs in zip(words, variants, strict=True)]
    # Where a hit is is decided by the telling words: "en" or "de" are in every passage.
    telling = [m for m, vs in zip(matched, variants, strict=True) if _max_df(vs) <= COMMON_WORD * len(live)]
    return [
        make_hit(*live[o], score, _load_or_none(load, live[o][0]), matched, telling or matched) for o, score in best
    ]


def _max_df(variants: Sequence[Variant]) -> int:
    return max((v.df for v in variants), default=0)


def _load_or_none(load: Callable[[str], Document], doc_id: str) -> Document | None:
    try:
        return load(doc_id)
    except (KamerlezerError, OSError, KeyError):
        return None
