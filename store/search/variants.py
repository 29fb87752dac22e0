"""The terms of the index that stand for a word of the query: the word itself, its most
frequent completions (the word being typed) and, within a typo or two, near misses
(rapidfuzz over the vocabulary)."""

from __future__ import annotations

import heapq
import math
import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

MAX_PREFIX_VARIANTS = 24  # most frequent completions of a word being typed
MAX_FUZZY_VARIANTS = 8
FUZZY_CUTOFF = 80.0  # rapidfuzz fuzz.ratio
FUZZY_MIN_LENGTH = 4
PREFIX_MIN_LENGTH = 3  # any word this long also matches as a prefix; the last one always


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


class VariantFinder:
    """Finds the variants of query words in one vocabulary (sorted terms, and the number of
    documents each occurs in).

    Immutable apart from caches that fill on first use under a lock (lru_cache is
    thread-safe), so any number of threads may use it.
    """

    def __init__(self, vocabulary: Sequence[str], df: Sequence[int]) -> None:
        self._vocabulary = vocabulary
        self._df = df
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self.find = lru_cache(maxsize=2048)(self._find)

    def warm(self) -> None:
        """Build what fuzzy lookups need now rather than at the first query."""
        self._fuzzy_buckets()

    def _fuzzy_buckets(self) -> dict[tuple[str, int], list[str]]:
        """Terms by first character and length: the only ones a fuzzy match may be.

        Like most search engines' fuzzy queries we take the first character as typed: a
        typo there is rare, and checking every term is too slow for a keystroke.
        """
        with self._lock:
            if self._buckets is None:
                buckets: dict[tuple[str, int], list[str]] = {}
                for term in self._vocabulary:
                    buckets.setdefault((term[0], len(term)), []).append(term)
                self._buckets = buckets
            return self._buckets

    def _document_frequency(self, term: str) -> int:
        i = bisect_left(self._vocabulary, term)
        return self._df[i] if i < len(self._vocabulary) and self._vocabulary[i] == term else 0

    def _find(self, word: str, prefix: bool) -> tuple[Variant, ...]:
        """The variants of `word`: itself, if `prefix` its completions, and its near misses."""
        found: dict[str, Variant] = {}
        vocabulary, df = self._vocabulary, self._df
        lo = bisect_left(vocabulary, word)
        if lo < len(vocabulary) and vocabulary[lo] == word:
            found[word] = Variant(word, 1.0, df[lo])
        if prefix:
            hi = bisect_left(vocabulary, word[:-1] + chr(ord(word[-1]) + 1), lo)
            completions = range(lo + (word in found), hi)
            for i in heapq.nlargest(MAX_PREFIX_VARIANTS, completions, key=df.__getitem__):
                found[vocabulary[i]] = Variant(vocabulary[i], prefix_weight(word, vocabulary[i]), df[i])
        if len(word) >= FUZZY_MIN_LENGTH and not any(c.isdigit() for c in word):
            buckets = self._fuzzy_buckets()
            choices = [t for n in fuzzy_length_range(len(word)) for t in buckets.get((word[0], n), ())]
            near = process.extract(
                word, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=MAX_FUZZY_VARIANTS + 1
            )
            for term, score, _ in near:
                if term not in found:
                    found[term] = Variant(term, fuzzy_weight(score, word in found), self._document_frequency(term))
        return tuple(found.values())
