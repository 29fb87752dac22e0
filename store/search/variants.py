"""The terms of the index that stand for a word of the query: the word itself, its most
frequent completions (the word being typed) and, within a typo or two, near misses
(rapidfuzz over the vocabulary)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:  # the segments are passed in: this module stays above them (ARCHITECTURE.md)
    from store.search.segments import Segment

MAX_PREFIX_VARIANTS = 24  # most frequent completions of a word being typed
MAX_FUZZY_VARIANTS = 8
# fuzz.ratio (insertions and deletions) picks the near misses worth a closer look; it counts two
# letters swapped as two typos and one letter dropped as one, so in a large vocabulary the word
# meant by a swap ranks below many words one letter longer. More are looked at than are kept,
# and `closeness` (a swap is one typo) chooses.
FUZZY_POOL = 64
FUZZY_CUTOFF = 80.0  # rapidfuzz fuzz.ratio
# Near misses this much less alike than the closest (`closeness`) are left out: a typo stands for
# the words closest to it ("voornmeens" for "voornemens", 95, not also "voornemen", 80, which
# being rarer would outrank it).
FUZZY_MARGIN = 5.0
FUZZY_FALLOFF = 0.25  # the weight of a near miss FUZZY_MARGIN less alike than the closest, against the closest's
FUZZY_MIN_LENGTH = 4
PREFIX_MIN_LENGTH = 3  # a word this long not in the index matches as a prefix; the last one always


@dataclass(frozen=True)
class Variant:
    """A term of the index that stands for a word of the query, and how much it counts."""

    term: str
    weight: float  # 1 for the word itself, less for a completion or a near miss
    df: int  # documents it occurs in


def prefix_weight(word: str, term: str) -> float:
    return 0.5 + 0.5 * len(word) / len(term)


def fuzzy_weight(score: float, word_exists: bool, closest: float = 100.0) -> float:
    """A near miss counts less; much less when the word as typed is itself in the index
    (then it is more likely another word than a typo: "migranten" for "migratie"); and less
    the further it is from the closest near miss, a quarter at FUZZY_MARGIN: a typo is most
    likely the word it is closest to. In a large library many words are nearly as close
    ("schriftelijke" for "schriftleijk"), and a rarer one's idf would otherwise outrank it."""
    nearness = FUZZY_FALLOFF ** (max(closest - score, 0.0) / FUZZY_MARGIN)
    return (0.4 if word_exists else 0.8) * score / 100 * nearness


def closeness(typed: str, term: str) -> float:
    """How likely `term` is the word meant by `typed`, 0 to 100: one less the typos between
    them (two letters swapped is one typo, as it is to the typist; fuzz.ratio counts it two)
    for each letter, and a swap counted half when `term` has exactly the letters typed: then
    nothing was dropped or added, and "voornemesn" is "voornemens" before it is "voornemen"
    (one letter short, and as many typos away)."""
    typos: float = OSA.distance(typed, term)
    if typos and sorted(typed) == sorted(term):
        typos -= 0.5
    return 100 * (1 - typos / max(len(typed), len(term), 1))


def fuzzy_length_range(n: int, cutoff: float = FUZZY_CUTOFF) -> range:
    """Lengths a term may have to reach fuzz.ratio >= cutoff with a word of length n.

    ratio = 2 * common / (n + m) <= 2 * min(n, m) / (n + m), which bounds m / n.
    """
    c = cutoff / 100
    return range(math.ceil(n * c / (2 - c)), math.floor(n * (2 - c) / c) + 1)


class VariantFinder:
    """Finds the variants of query words in the vocabularies of some segments (each sorted,
    with the number of documents each term occurs in); a term's number of documents is the
    sum over the segments. Nothing is read whole: each segment is asked by bisection, and for
    near misses only the terms of the buckets a match may lie in are decoded.

    Immutable apart from a cache that fills on first use (lru_cache is thread-safe), so any
    number of threads may use it.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        self._segments = tuple(segments)
        self.find = lru_cache(maxsize=2048)(self._find)

    def document_frequency(self, term: str) -> int:
        total = 0
        for segment in self._segments:
            i = segment.find(term)
            if i is not None:
                total += segment.df(i)
        return total

    def _completions(self, word: str) -> dict[str, int]:
        """The most frequent terms starting with `word` (not itself), with their numbers of documents."""
        found: dict[str, int] = {}
        for segment in self._segments:
            # The most frequent of each segment; summed over all of them below.
            best = heapq.nlargest(4 * MAX_PREFIX_VARIANTS, segment.prefixed(word), key=segment.df)
            for i in best:
                found.setdefault(segment.term(i), 0)
        found.pop(word, None)
        totals = {t: self.document_frequency(t) for t in found}
        # The most frequent first; of equal ones the first in the vocabulary.
        return dict(heapq.nlargest(MAX_PREFIX_VARIANTS, sorted(totals.items()), key=itemgetter(1)))

    def _fuzzy_choices(self, word: str) -> list[str]:
        """Terms by first character and length: the only ones a fuzzy match may be.

        Like most search engines' fuzzy queries we take the first character as typed: a
        typo there is rare, and checking every term is too slow for a keystroke.
        """
        lengths = fuzzy_length_range(len(word))
        choices: set[str] = set()
        for segment in self._segments:
            for n in lengths:
                choices.update(segment.bucket(word[0], n))
        return sorted(choices)

    def _find(self, word: str, prefix: bool) -> tuple[Variant, ...]:
        """The variants of `word`: itself, if `prefix` its completions, and its near misses."""
        found: dict[str, Variant] = {}
        df = self.document_frequency(word)
        if df:
            found[word] = Variant(word, 1.0, df)
        if prefix:
            for term, n in self._completions(word).items():
                found[term] = Variant(term, prefix_weight(word, term), n)
        if len(word) >= FUZZY_MIN_LENGTH and not any(c.isdigit() for c in word):
            near = process.extract(
                word, self._fuzzy_choices(word), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_POOL
            )
            # The closest first; of as close ones the likelier by fuzz.ratio, then the first in the vocabulary.
            ranked = sorted(((closeness(word, term), ratio, term) for term, ratio, _ in near),
                            key=lambda c: (-c[0], -c[1], c[2]))  # fmt: skip
            alike = {term: score for score, _ratio, term in ranked[: MAX_FUZZY_VARIANTS + 1]}
            closest = max(alike.values(), default=0.0)
            for term, score in alike.items():
                if term not in found and score >= closest - FUZZY_MARGIN:
                    weight = fuzzy_weight(score, word in found, closest)
                    found[term] = Variant(term, weight, self.document_frequency(term))
        return tuple(found.values())
