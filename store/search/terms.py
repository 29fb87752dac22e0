"""What a document contributes to the index: its terms and their impacts.

The title and what the document is known by count `TITLE_WEIGHT` times, the body and the
footnotes once; each term's count becomes a quantised BM25 weight (see ranking.py). Words
themselves (folding, splitting) are store/tokens.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from store.model import Document
from store.search.ranking import impact_weights
from store.tokens import fold, term_counts

TITLE_WEIGHT = 4


def head_text(doc: Document) -> str:
    """The title and what the document is known by (its id, dossier, zaak and document
    numbers, kenmerk, the member who asked): indexed with the title's weight."""
    ids = doc.identifiers
    return known_by(doc.title, doc.id, ids.dossiers, ids.zaak, ids.document, ids.kenmerk, doc.asker)


def known_by(
    title: str, doc_id: str, dossiers: Sequence[str], zaak: str | None, document: str | None,
    kenmerk: str | None, asker: str | None,
) -> str:  # fmt: skip
    """head_text of these fields (a hit reads them from the stored body: hit_body.py)."""
    names = (doc_id, *dossiers, zaak, document, kenmerk, asker)
    return " ".join([title, *(n for n in names if n)])


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
    weight = impact_weights(tf.values(), length)
    return dict(zip(tf.keys(), map(weight.__getitem__, tf.values()), strict=True))
