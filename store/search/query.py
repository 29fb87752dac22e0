"""A query: its words, the documents they find, ranked, and for the best a place and a snippet."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from store.errors import KamerlezerError
from store.model import Document
from store.search import dense
from store.search.hit_body import HitBody, of_document
from store.search.index import MANIFEST, IndexView, SearchIndex
from store.search.passages import Passage, Word, best_passage, snippet
from store.search.ranking import combined_scores, relevance, title_similarity
from store.search.segments import Listed, SearchIndexError
from store.search.variants import PREFIX_MIN_LENGTH, Variant
from store.tokens import query_terms

COMMON_WORD = 0.5  # a word in more than this share of the documents does not tell where a hit is
TITLE_CANDIDATES = 500  # the most relevant documents: the only ones whose titles are compared with the query
SPARE_HITS = 10  # candidates beyond `limit`, for hits whose document turns out to be gone


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    where: str  # "title", "qa N" or "body"
    score: float
    snippet: str  # one line, about passages.SNIPPET_WIDTH characters
    highlights: tuple[tuple[int, int], ...]  # [start, end) of the matched words in snippet
    anchor: str | None  # where to open the document; None for a title hit


Load = Callable[[Listed], Document | HitBody]  # a HitBody: what a hit reads of a stored body (hit_body.py)
Entries = Mapping[int, Listed] | Callable[[], Mapping[int, Listed]]


def search(
    index: SearchIndex,
    query: str,
    *,
    load: Load,
    entries: Entries | None = None,
    limit: int = 20,
) -> list[Hit]:
    """The `limit` best hits for `query`. The documents are those the index lists itself
    (each with its id, title and body's hash: `Listed`), or those of `entries` (ord -> Listed)
    when given; given as a function, it is called only if the index does not list all of
    its documents (an index written from impacts without their listing). `load` gives a
    hit's body; KeyError from it means the document is no longer in the library (the hit is
    left out), another error gives a hit without a snippet.

    Raises SearchIndexError when the index is missing or damaged (rebuild it), or when it
    does not list its documents and no `entries` are given.
    """
    words = query_terms(query)
    if not words or limit <= 0:
        return []
    view = index.view()
    if callable(entries):
        entries = None if view.listed else entries()
    elif entries is None and not view.listed:
        raise SearchIndexError(index.directory / MANIFEST, "names documents it does not list: rebuild it")
    n_docs = len(entries) if entries is not None else view.docs
    if not n_docs:
        return []
    listing = entries.get if entries is not None else view.listing
    last = len(words) - 1
    variants = [view.variants.find(w, i == last or _cut_short(view, w)) for i, w in enumerate(words)]
    # Only the most relevant can be hits: a title bonus goes to one of them (ranking.py).
    if dense.is_large(variants):
        best, candidates = dense.best_relevance(view.postings, variants, n_docs, view.size, TITLE_CANDIDATES, entries)
    else:
        relevant = relevance(view.postings, variants, n_docs, entries)
        best = max(relevant.values(), default=0.0)
        candidates = dict(heapq.nlargest(TITLE_CANDIDATES, relevant.items(), key=itemgetter(1)))
    titles = {o: found.title for o in candidates if (found := listing(o)) is not None}
    scores = combined_scores(candidates, title_similarity(words, titles), best)
    matched = [{w: 1.0} | {v.term: v.weight for v in vs} for w, vs in zip(words, variants, strict=True)]
    # Where a hit is is decided by the telling words: "en" or "de" are in every passage.
    telling = [m for m, vs in zip(matched, variants, strict=True) if _max_df(vs) <= COMMON_WORD * n_docs]
    return _hits(view, scores, listing, load, matched, telling or matched, limit)


def _cut_short(view: IndexView, word: str) -> bool:
    """Whether a word before the last is taken as the start of a word, as the last one always is
    (it is being typed): when the index does not hold it as it is written ("migr beleid"). A
    whole word is meant as it is: "voor faciliteren" does not ask for "voornemens", and the
    completions of a common word would otherwise have the query read most of the index."""
    return len(word) >= PREFIX_MIN_LENGTH and not view.variants.document_frequency(word)


def _rank(item: tuple[int, float]) -> tuple[float, int]:
    """Best first; equal scores: the lower ord first."""
    return item[1], -item[0]


def _hits(
    view: IndexView,
    scores: dict[int, float],
    listing: Callable[[int], Listed | None],
    load: Load,
    matched: Sequence[Word],
    telling: Sequence[Word],
    limit: int,
) -> list[Hit]:
    """The hits of the best documents, each once: a document of which the index still holds
    an older version (replaced, not yet compacted away) is shown as its newest."""
    best = heapq.nlargest(limit + SPARE_HITS, scores.items(), key=_rank)
    newest: dict[str, int] = {}
    for o, _ in best:
        found = listing(o)
        if found is not None and o > newest.get(found.id, -1):
            newest[found.id] = o
    hits: list[Hit] = []
    for o, score in best:
        found = listing(o)
        if found is None or newest[found.id] != o:
            continue
        try:
            doc: Document | HitBody | None = load(found)
        except KeyError:  # gone from the library: not a hit
            continue
        except (KamerlezerError, OSError):
            doc = None
        hits.append(make_hit(found.id, found.title, score, doc, matched, telling))
        if len(hits) == limit:
            break
    return hits


def make_hit(
    doc_id: str,
    title: str,
    score: float,
    doc: Document | HitBody | None,
    words: Sequence[Word],
    telling: Sequence[Word],
) -> Hit:
    """The hit for a document: the passage best matching the `telling` words (or, found by
    its title alone, its title), with the `words` highlighted. Without the document (its
    body could not be read) the hit has no snippet."""
    if doc is None:
        return Hit(doc_id, title, "body", round(score, 4), "", (), None)
    body = doc if isinstance(doc, HitBody) else of_document(doc)
    found = best_passage(body, telling) or best_passage(body, words) or Passage("title", None, title)
    text, highlights = snippet(found.text, words)
    return Hit(doc_id, title, found.where, round(score, 4), text, highlights, found.anchor)


def _max_df(variants: Sequence[Variant]) -> int:
    return max((v.df for v in variants), default=0)
