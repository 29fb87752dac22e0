"""The references pass: every citation in a document, where it stands, and its canonical key.

The last pass of the pipeline (`with_references`, over an assembled Document): references
in reading order, a note's references standing where its marker stands. `find_references`
reads any text with the citation grammar of citations.py. A note that names a document only
by its title and date ("Deelname en inzet Nederland aan het IMRF, d.d. 29 april 2022") is a
reference too, with no key: the cache resolves it by title and date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from store.formats import MARKER
from store.model import QA, Block, Document, Footnote, Reference
from store.parsing.passes.citations import CitationMatch, scan
from store.parsing.passes.dates import find_dates

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


def answer_places(text: str, citations: list[CitationMatch]) -> list[tuple[CitationMatch, str | None]]:
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


def with_references(doc: Document, marked: Sequence[Reference] = ()) -> Document:
    """`doc` with every reference of its blocks and footnotes, in reading order. `marked`: the
    citations a file marks up (an official XML's extref), by block or footnote and offsets; a
    citation found in the text where one is marked up gives way to it."""
    return replace(doc, references=tuple(_references(doc.blocks, doc.qa, doc.footnotes, marked)))


def _outside(found: list[Reference], marked: Sequence[Reference]) -> list[Reference]:
    return [f for f in found if not any(m.start < f.end and f.start < m.end for m in marked)]


def _where(block: Block, qa_list: Sequence[QA]) -> str:
    if block.qa is None:
        return "body"
    qa = qa_list[block.qa]
    return f"qa {qa.numbers[0]}" if qa.numbers else f"qa {block.qa + 1}"


def _references(blocks: Sequence[Block], qa_list: Sequence[QA], footnotes: Sequence[Footnote],
                marked: Sequence[Reference] = ()) -> list[Reference]:  # fmt: skip
    placed: list[tuple[tuple[int, int, int], Reference]] = []
    marker_at: dict[str, tuple[int, int]] = {}
    in_block: dict[int, list[Reference]] = {}
    in_note: dict[str, list[Reference]] = {}
    for ref in marked:
        if ref.footnote is not None:
            in_note.setdefault(ref.footnote, []).append(ref)
        elif ref.block is not None and 0 <= ref.block < len(blocks):
            in_block.setdefault(ref.block, []).append(ref)
    for i, block in enumerate(blocks):
        if "[^" in block.text:
            for m in MARKER.finditer(block.text):
                marker_at.setdefault(m.group(1), (i, m.start()))
        if block.kind == "heading" and block.qa is not None:
            continue  # a "Vraag 3" label cites nothing
        where = _where(block, qa_list)
        own = [replace(r, where=where) for r in in_block.get(i, ())]
        for ref in [*own, *_outside(find_references(block.text, where, block=i), own)]:
            placed.append(((i, ref.start, 0), ref))
    end = (len(blocks), 0)
    for note in footnotes:
        if note.text is None:
            continue
        at = marker_at.get(note.mark, end)
        own = [replace(r, where=f"footnote {note.mark}") for r in in_note.get(note.mark, ())]
        found = note_references(note.mark, note.text) if not own else find_references(
            note.text, f"footnote {note.mark}", footnote=note.mark)  # a marked-up note names its document
        for ref in [*own, *_outside(found, own)]:
            placed.append(((at[0], at[1], 1 + ref.start), ref))
    placed.sort(key=lambda p: p[0])
    return [ref for _, ref in placed]
