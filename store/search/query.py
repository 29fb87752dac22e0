"""A query: its words, the documents they find, ranked, and for the best a place and a snippet."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from store.errors import KamerlezerError
from store.model import Document
from store.search.index import SearchIndex
from store.search.passages import Passage, Word, best_passage, snippet
from store.search.ranking import combined_scores, relevance, title_similarity, word_scores
from store.search.variants import PREFIX_MIN_LENGTH, Variant
from store.tokens import query_terms

COMMON_WORD = 0.5  # a word in more than this share of the documents does not tell where a hit is


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    where: str  # "title", "qa N" or "body"
    score: float
    snippet: str  # one line, about passages.SNIPPET_WIDTH characters
    highlights: tuple[tuple[int, int], ...]  # [start, end) of the matched words in snippet
    anchor: str | None  # where to open the document; None for a title hit


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
    view = index.view()
    last = len(words) - 1
    variants = [view.variants.find(w, i == last or len(w) >= PREFIX_MIN_LENGTH) for i, w in enumerate(words)]
    relevant = relevance([word_scores(view.postings, v, len(live)) for v in variants], live)
    scores = combined_scores(relevant, title_similarity(words, entries))
    best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
    matched = [{w: 1.0} | {v.term: v.weight for v in vs} for w, vs in zip(words, variants, strict=True)]
    # Where a hit is is decided by the telling words: "en" or "de" are in every passage.
    telling = [m for m, vs in zip(matched, variants, strict=True) if _max_df(vs) <= COMMON_WORD * len(live)]
    return [
        make_hit(*live[o], score, _load_or_none(load, live[o][0]), matched, telling or matched) for o, score in best
    ]


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


def _max_df(variants: Sequence[Variant]) -> int:
    return max((v.df for v in variants), default=0)


def _load_or_none(load: Callable[[str], Document], doc_id: str) -> Document | None:
    try:
        return load(doc_id)
    except (KamerlezerError, OSError, KeyError):
        return None
