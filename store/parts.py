"""The part of a document a place names (`ID#qa-19`, `ID#fn-2`, `ID#sec-3`, `ID#p-12`): what
`kamerlezer show ID#ANCHOR` prints.

- `qa-N`  the blocks of the question/answer pair (its labels, the question, the answer);
- `fn-N`  the footnote, and what it cites;
- `sec-N` the section: its heading and the blocks under it, subsections included;
- `p-N`   the block.
A part of blocks also holds the footnotes marked in them, and the citations standing in those
blocks or notes. Pure: a Document in, a Part out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.anchors import block_of
from store.formats import Anchor
from store.model import QA, Document, Footnote, Reference, Section

__all__ = ["Part", "part_of"]

_MARKER = re.compile(r"\[\^([^\]\s]+)\]")


@dataclass(frozen=True)
class Part:
    doc: Document
    anchor: Anchor
    blocks: tuple[int, ...]  # indexes into doc.blocks, in reading order (none for a footnote)
    footnotes: tuple[Footnote, ...]  # the note named, or the notes marked in the blocks
    references: tuple[Reference, ...]  # the citations in those blocks and notes, in document order
    qa: QA | None = None
    section: Section | None = None


def part_of(doc: Document, anchor: str | Anchor) -> Part:
    """The part `anchor` names; AnchorError (store.anchors.block_of's) when the document has no such place."""
    place = anchor if isinstance(anchor, Anchor) else Anchor.parse(anchor)
    if place.kind == "fn":
        note = doc.footnote(place.value)
        if note is None:  # block_of says why
            block_of(doc, place)
        assert note is not None
        refs = tuple(r for r in doc.references if r.footnote == note.mark)
        return Part(doc, place, (), (note,), refs)
    first = block_of(doc, place)
    qa = section = None
    if place.kind == "qa":
        pair = doc.blocks[first].qa
        qa = doc.qa[pair] if pair is not None else None
        blocks = tuple(i for i, b in enumerate(doc.blocks) if pair is not None and b.qa == pair) or (first,)
    elif place.kind == "sec":
        section = doc.sections[place.number - 1]
        later = [s.block for s in doc.sections[place.number :] if s.level <= section.level]
        blocks = tuple(range(section.block, later[0] if later else len(doc.blocks)))
    else:
        blocks = (first,)
    marks = dict.fromkeys(m for i in blocks for m in _MARKER.findall(doc.blocks[i].text))
    notes = tuple(f for f in doc.footnotes if f.mark in marks)
    in_notes = {f.mark for f in notes}
    shown = set(blocks)
    refs = tuple(r for r in doc.references if r.block in shown or (r.footnote is not None and r.footnote in in_notes))
    return Part(doc, place, blocks, notes, refs, qa, section)
