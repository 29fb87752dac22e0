"""The references pass: every citation in a document, where it stands, and its canonical key.

`find_references` reads any text with the citation grammar of citations.py. A note that
names a document only by its title and date ("Deelname en inzet Nederland aan het IMRF,
d.d. 29 april 2022") is a reference too, with no key: the cache resolves it by title and date.
"""

from __future__ import annotations

import re

from store.citations import Citation, scan
from store.dates import find_dates
from store.model import Reference

# Kinds that name a document precisely: a note holding one of these is not a title reference.
_KEYED = frozenset({"kamerstuk", "aanhangsel", "handelingen", "staatsblad", "staatscourant", "zaak", "document", "url"})


# Kinds whose documents hold numbered questions, so a citation of one may name an answer in it.
_WITH_ANSWERS = frozenset({"kamerstuk", "aanhangsel"})
_QUESTION = r"(?:(?:het\s+|de\s+)?antwoord(?:en)?\s+(?:op\s+)?(?:de\s+)?)?vra(?:ag|gen)\s+(?P<n>\d{1,3})"
# "Kamerstuk 36 600 VI, nr. 102, antwoord op vraag 3" / "(Aanhangsel ..., nr. 665, vraag 3)"
_ANSWER_AFTER = re.compile(rf"[ \t\n]*[,;(]?[ \t\n]*{_QUESTION}", re.I)
# "het antwoord op vraag 3 in/van/uit Aanhangsel Handelingen ..." (up to the citation's start)
_ANSWER_BEFORE = re.compile(
    r"antwoord(?:en)?\s+op\s+(?:de\s+)?vra(?:ag|gen)\s+(?P<n>\d{1,3})(?:\s*(?:,|en)\s*\d{1,3})*"
    r"\s*,?\s*(?:(?:in|van|uit|bij)\s+)?(?:de\s+|het\s+)?\(?\s*$", re.I)


def answer_places(text: str, citations: list[Citation]) -> list[tuple[Citation, str | None]]:
    """Each citation with the answer it names inside the cited document (`qa-N`), if any.

    An "antwoord op vraag N" that stands against a citation of a document belongs to that
    document, not to this one: its own in-document answer reference is dropped.
    """
    placed: dict[int, str] = {}
    claimed: list[tuple[int, int]] = []
    for i, c in enumerate(citations):
        if c.kind not in _WITH_ANSWERS:
            continue
        after = _ANSWER_AFTER.match(text, c.end, min(len(text), c.end + 80))
        before = _ANSWER_BEFORE.search(text, max(0, c.start - 80), c.start)
        m = after or before
        if m:
            placed[i] = f"qa-{int(m['n'])}"
            claimed.append((m.start(), m.end()))
    return [
        (c, placed.get(i))
        for i, c in enumerate(citations)
        if not (c.kind == "answer" and any(s < c.end and c.start < e for s, e in claimed))
    ]


def find_references(text: str, where: str = "body", *, block: int | None = None,
                    footnote: str | None = None) -> list[Reference]:
    """The citations in `text`, with offsets into it."""
    return [
        Reference(text=c.text, kind=c.kind, key=c.key, where=where, block=block, footnote=footnote,
                  start=c.start, end=c.end, anchor=anchor)
        for c, anchor in answer_places(text, scan(text))
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
