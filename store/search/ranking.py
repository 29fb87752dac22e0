"""Why a hit ranks where it does: BM25 over the words of the query, and a bonus for its title.

- At import each term of a document gets an impact (`impact_weights`): BM25's term
  frequency part, with the title and identifiers counted `TITLE_WEIGHT` times (terms.py)
  and a fixed reference length, so that impacts of different segments compare and merging
  segments is plain concatenation. Stored as uint16, scaled by `IMPACT_SCALE`.
- A word of the query scores a document by its best variant (variants.py): the variant's
  weight (1 for the word itself, less for a completion or a near miss) times its idf times
  the impact.
- A document must match every word (or, if none does, any); its relevance is the sum.
- Relevance is scaled so the best document scores 1, and a title resembling the query adds
  up to `TITLE_BONUS`: a title matching the query perfectly outranks any body-only match.
  Only the titles of the most relevant documents are compared (query.py): a title that
  resembles the query holds its words, with the title's weight, so its document is among them.
- Equal scores: the lower ord first (query.py).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import repeat
from operator import add

from rapidfuzz import fuzz, process

from store.search.variants import Variant
from store.tokens import query_terms

K1 = 1.2
B = 0.75
# Reference document length (in terms) for BM25's length normalisation. A fixed value
# rather than the average of a segment, so that impacts from different segments compare.
REFERENCE_LENGTH = 4000.0
IMPACT_SCALE = 10_000  # impacts are below K1 + 1 = 2.2; stored as uint16
MAX_IMPACT = 2.2 * IMPACT_SCALE
NOTHING = 1e-4  # a variant that cannot score more than this only says which documents match
TITLE_CUTOFF = 85.0  # rapidfuzz fuzz.partial_ratio of the query against a title
TITLE_MIN_QUERY = 4
TITLE_BONUS = 1.0

# term -> the postings of the term, one (ords, impacts) run per segment holding it
PostingsOf = Callable[[str], Iterable[tuple[Sequence[int], Sequence[int]]]]


def impact_weights(frequencies: Iterable[int], length: int) -> dict[int, int]:
    """Term frequency -> impact, in a document of `length` terms."""
    norm = K1 * (1 - B + B * length / REFERENCE_LENGTH)
    # A document has few distinct frequencies: each weight computed once.
    return {f: max(1, round(IMPACT_SCALE * f * (K1 + 1) / (f + norm))) for f in set(frequencies)}


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def variant_factor(variant: Variant, n_docs: int) -> float:
    """What a variant's impact is multiplied by to score a document: its weight and its idf."""
    return variant.weight * idf(variant.df, n_docs) / IMPACT_SCALE


def scores_nothing(factor: float) -> bool:
    """Whether a variant of this factor scores (nearly) nothing: it only says which documents match."""
    return factor * MAX_IMPACT < NOTHING


def word_scores(
    postings: PostingsOf, variants: Sequence[Variant], n_docs: int, within: Collection[int] | None = None
) -> dict[int, float]:
    """ord -> how well the document matches one word of the query: its best variant; only
    the documents `within`, if given (those that match the other words so far).

    A variant in (nearly) every document scores (nearly) nothing: it only says which
    documents match, and that is done with set operations in C rather than a loop. A run of
    postings far longer than the documents `within` is not read through: each of those is
    looked up in it by bisection (a rare word and a common one: "schapbeleid daar")."""
    scores: dict[int, float] = {}
    get = scores.get
    for variant in variants:
        factor = variant_factor(variant, n_docs)
        for ords, imps in postings(variant.term):
            if scores_nothing(factor):
                matched = set(ords) - scores.keys()
                if within is not None:
                    matched.intersection_update(within)
                scores.update(dict.fromkeys(matched, 0.0))
            elif within is not None:
                if len(within) * PROBE_COST < len(ords):
                    ords, imps = _probed(ords, imps, within)
                for o, impact in zip(ords, imps, strict=True):
                    if o in within and (score := factor * impact) > get(o, 0.0):
                        scores[o] = score
            elif not scores:  # the first run: built in C
                scores = dict(zip(ords, map(factor.__mul__, imps), strict=True))
                get = scores.get
            else:
                for o, impact in zip(ords, imps, strict=True):
                    score = factor * impact
                    if score > get(o, 0.0):
                        scores[o] = score
    return scores


PROBE_COST = 24  # a bisection costs about as much as reading this many postings


def _probed(ords: Sequence[int], imps: Sequence[int], within: Collection[int]) -> tuple[list[int], list[int]]:
    """The postings (ascending ords, and their impacts) of the documents `within`, each looked
    up in the run by bisection."""
    probes = sorted(within)
    end = len(ords)
    at = map(bisect_left, repeat(ords), probes)
    found = [i for i, o in zip(at, probes, strict=True) if i < end and ords[i] == o]
    return list(map(ords.__getitem__, found)), list(map(imps.__getitem__, found))


def relevance(
    postings: PostingsOf, variants: Sequence[Sequence[Variant]], n_docs: int, live: Container[int] | None = None
) -> dict[int, float]:
    """ord -> relevance: the sum over the words of the query of their best variant's score,
    for the documents that match every word, or if there are none, those that match any;
    only those in `live`, if given.

    The rarest word is scored first, and each other only for the documents that matched so
    far: the postings of common words grow with the library, the documents matching them all
    much less."""
    if not variants:
        return {}
    order = sorted(variants, key=lambda vs: sum(v.df for v in vs))
    total = word_scores(postings, order[0], n_docs)
    if live is not None:
        total = {o: s for o, s in total.items() if o in live}
    for vs in order[1:]:
        if not total:
            break
        scores = word_scores(postings, vs, n_docs, within=total.keys())
        total = dict(zip(scores, map(add, map(total.__getitem__, scores), scores.values()), strict=True))
    if total or len(variants) == 1:
        return total
    # No document has them all: those that match any.
    per_word = [word_scores(postings, vs, n_docs) for vs in variants]
    matching: Iterable[int] = set().union(*per_word)
    if live is not None:
        matching = [o for o in matching if o in live]
    return {o: sum(s.get(o, 0.0) for s in per_word) for o in matching}


@lru_cache(maxsize=1 << 15)
def _title_key(title: str) -> str:
    return " ".join(query_terms(title))


def title_similarity(words: Sequence[str], titles: Mapping[int, str]) -> dict[int, float]:
    """ord -> rapidfuzz partial_ratio of the query against the title, for titles that
    resemble it (the query need not be split into the title's words: "migratie agenda"
    finds "Migratieagenda")."""
    query = " ".join(words)
    if len(query) < TITLE_MIN_QUERY or not titles:
        return {}
    ords = list(titles)
    keys = [_title_key(titles[o]) for o in ords]
    found = process.extract(query, keys, scorer=fuzz.partial_ratio, score_cutoff=TITLE_CUTOFF, limit=200)
    return {ords[i]: score for _, score, i in found}


def combined_scores(
    relevant: dict[int, float], titles: dict[int, float], best: float | None = None
) -> dict[int, float]:
    """Relevance scaled so the best document (of `relevant`, or scoring `best`) scores 1, plus
    the title bonus (up to TITLE_BONUS)."""
    best = (max(relevant.values(), default=0.0) if best is None else best) or 1.0
    bonus = {o: TITLE_BONUS * (s - TITLE_CUTOFF) / (100 - TITLE_CUTOFF) for o, s in titles.items()}
    return {o: relevant.get(o, 0.0) / best + bonus.get(o, 0.0) for o in relevant.keys() | bonus.keys()}
