"""The references pass: every citation in a document, where it stands, and its canonical key.

`find_references` reads any text with the citation grammar of citations.py. A note that
names a document only by its title and date ("Deelname en inzet Nederland aan het IMRF,
d.d. 29 april 2022") is a reference too, with no key: the cache resolves it by title and date.
"""

from __future__ import annotations

from store.citations import scan
from store.dates import find_dates
from store.model import Reference

# Kinds that name a document precisely: a note holding one of these is not a title reference.
_KEYED = frozenset({"kamerstuk", "aanhangsel", "handelingen", "staatsblad", "staatscourant", "zaak", "document", "url"})


def find_references(text: str, where: str = "body", *, block: int | None = None,
                    footnote: str | None = None) -> list[Reference]:
    """The citations in `text`, with offsets into it."""
    return [
        Reference(text=c.text, kind=c.kind, key=c.key, where=where, block=block, footnote=footnote,
                  start=c.start, end=c.end)
        for c in scan(text)
    ]


def note_references(mark: str, text: str) -> list[Reference]:
    """The references in the text of footnote `mark`, a title-and-date reference included."""
    where = f"footnote {mark}"
    refs = find_references(text, where, footnote=mark)
    if not any(r.kind in _KEYED for r in refs) and find_dates(text):
        title = text.strip().rstrip(".").strip()
        start = text.find(title)
        refs.append(Reference(text=title, kind="title", key=None, where=where, footnote=mark,
                              start=start, end=start + len(title)))
    return refs
