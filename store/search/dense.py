"""A query whose words have many postings, scored over arrays of every document with numpy.

In a large library the common words of a query, their completions and near misses have
postings in most documents: "landen over" reads 730,000 postings at 100,000 documents, and
Python takes 200 to 500 ns for each, half a second. Here each word's best variant per
document is the maximum of whole runs of postings, and the words' sum one addition, in C: a
few milliseconds. The scores are those of `ranking.relevance`, the same double-precision
products and sums in the same order (tested against it); only the choosing of the best
documents is done over arrays.

numpy is imported only for a query this large (`DENSE_FROM`): it takes about 70 ms to
import, which a first query for a rare word, or `kamerlezer search` for one, need not wait.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import TYPE_CHECKING

from store.search.ranking import PostingsOf, scores_nothing, variant_factor
from store.search.variants import Variant

if TYPE_CHECKING:
    import numpy as np

DENSE_FROM = 60_000  # postings of a query's variants from which it is scored over arrays


def is_large(variants: Sequence[Sequence[Variant]]) -> bool:
    """Whether the query's variants have so many postings that they are scored here."""
    return sum(v.df for vs in variants for v in vs) >= DENSE_FROM


def best_relevance(
    postings: PostingsOf,
    variants: Sequence[Sequence[Variant]],
    n_docs: int,
    size: int,
    k: int,
    live: Container[int] | None = None,
) -> tuple[float, dict[int, float]]:
    """The best relevance of any document, and the `k` most relevant (ord -> relevance; of
    equal ones the lower ords), as `ranking.relevance` scores them; every ord is below `size`,
    and only those in `live` count, if given."""
    import numpy as np

    if not variants:
        return 0.0, {}
    words = [_word_scores(postings, vs, n_docs, size) for vs in variants]
    if live is not None:
        found = np.flatnonzero(np.logical_or.reduce([w > -np.inf for w in words])).tolist()
        gone = [o for o in found if o not in live]
        for scores in words:
            scores[gone] = -np.inf
    total = _all_words(words, [sum(v.df for v in vs) for vs in variants])
    matched = int(np.count_nonzero(total > -np.inf))
    if not matched:
        return 0.0, {}
    k = min(k, matched)
    # The k best: those above the k-th best score, and of those equal to it the lowest ords.
    kth = np.partition(total, size - k)[size - k]
    above = np.flatnonzero(total > kth)
    chosen = np.concatenate([above, np.flatnonzero(total == kth)[: k - len(above)]])
    return float(total.max()), dict(zip(chosen.tolist(), total[chosen].tolist(), strict=True))


def _all_words(words: list[np.ndarray], dfs: list[int]) -> np.ndarray:
    """Relevance per ord, -inf where a document does not count: the sum of the words' scores,
    the rarest word first, where a document matches every word; if none does, where it matches
    any, the words it matches summed in the query's order."""
    import numpy as np

    order = sorted(range(len(words)), key=dfs.__getitem__)
    total = words[order[0]].copy()
    for i in order[1:]:
        total += words[i]  # -inf where either does not match
    if len(words) == 1 or (total > -np.inf).any():
        return total
    anywhere = np.logical_or.reduce([w > -np.inf for w in words])
    total = np.zeros(len(total))
    for scores in words:
        total += np.where(scores > -np.inf, scores, 0.0)
    total[~anywhere] = -np.inf
    return total


def _word_scores(postings: PostingsOf, variants: Sequence[Variant], n_docs: int, size: int) -> np.ndarray:
    """Per ord the score of the word's best variant (0 for one that scores nothing), -inf
    where none of its variants occurs."""
    import numpy as np

    best = np.full(size, -np.inf)
    for variant in variants:
        factor = variant_factor(variant, n_docs)
        nothing = scores_nothing(factor)
        for ords, imps in postings(variant.term):
            at = np.asarray(ords, dtype=np.uint32)
            # The ords of a run are distinct: one gather and one scatter each.
            scores = 0.0 if nothing else factor * np.asarray(imps, dtype=np.uint16)
            best[at] = np.maximum(best[at], scores)
    return best
