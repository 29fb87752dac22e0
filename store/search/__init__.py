"""Full-text search of the whole library: an inverted index on disk, ranked hits with snippets.

Scanning 360 MB of text per keystroke is out, so the index is built at import time and a
query only reads the postings of the terms it asks for. A query looks each of its words
up as itself, as a prefix (the word being typed) and, within a typo or two, fuzzily
(rapidfuzz over the vocabulary); a document must match every word (or, if none does,
any), scores BM25-like, and gets a bonus when its title resembles the query. For the
best documents the body is loaded and the passage where the words are densest gives
the hit's place and snippet. The index lists what a hit shows of each document (its id,
title and the hash its body is stored under), so a query reads nothing but the index and
the bodies of its hits: not the library's index rows.

- terms.py     what a document contributes: its terms and their impacts
- segments.py  the segment files: an inverted index of some documents, written once
- index.py     SearchIndex: the manifest, when segments merge, and `view()`, a read-only IndexView
- variants.py  the terms that stand for a word of the query: itself, completions, near misses
- ranking.py   BM25 and the title bonus: why a hit ranks where it does
- hit_body.py  what a hit reads of a stored body: its passages' texts and places
- passages.py  where in a document a hit is, and its snippet
- query.py     `search()`: words, variants, scores, and the best as hits

Words themselves (folding, splitting, finding them again in the text) are store/tokens.py.
"""

from store.search.index import MANIFEST, IndexView, SearchIndex
from store.search.passages import passage_texts, snippet
from store.search.query import Hit, search
from store.search.segments import Listed, SearchIndexError
from store.search.terms import impacts

__all__ = [
    "MANIFEST",
    "Hit",
    "IndexView",
    "Listed",
    "SearchIndex",
    "SearchIndexError",
    "impacts",
    "passage_texts",
    "search",
    "snippet",
]
