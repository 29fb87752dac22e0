"""Places inside a document: `ID#qa-19`, `ID#fn-2`, `ID#sec-3`, `ID#p-12`.

The anchor itself is `store.formats.Anchor`:
- `qa-N`  the block that answers question N (in a document whose questions carry no
          numbers, such as a schriftelijk overleg, the N-th question/answer pair);
- `fn-N`  footnote N (its marker in the text);
- `sec-N` the N-th section;
- `p-N`   the N-th block of the body.
All numbers count from 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.formats import Anchor, AnchorError
from store.model import Document

__all__ = [
    "Anchor", "AnchorError", "Place", "anchor_for_block", "best_anchor", "block_of", "parse_place", "passage",
    "qa_index", "qa_number_index",
]  # fmt: skip


@dataclass(frozen=True)
class Place:
    doc_id: str
    anchor: str | None = None

    def __str__(self) -> str:
        return f"{self.doc_id}#{self.anchor}" if self.anchor else self.doc_id


def parse_place(text: str) -> Place:
    doc_id, _, anchor = text.strip().partition("#")
    if not doc_id:
        raise AnchorError(f"no document id in {text!r}")
    return Place(doc_id, str(Anchor.parse(anchor)) if anchor else None)


def qa_index(doc: Document, number: int) -> int | None:
    """Index into doc.qa of the pair answering question `number`."""
    return qa_number_index([qa.numbers for qa in doc.qa], number)


def qa_number_index(numbers: Sequence[tuple[int, ...]], number: int) -> int | None:
    """Of pairs with these question numbers, the index of the one answering question `number`
    (the N-th, in a document whose questions carry no numbers)."""
    for i, pair in enumerate(numbers):
        if number in pair:
            return i
    if numbers and not any(numbers) and 1 <= number <= len(numbers):
        return number - 1
    return None


def block_of(doc: Document, anchor: str | Anchor) -> int:
    """The block index an anchor points at; AnchorError when the document has no such place."""
    place = anchor if isinstance(anchor, Anchor) else Anchor.parse(anchor)
    if place.kind == "fn":
        note = doc.footnote(place.value)
        if note is None:
            raise AnchorError(f"{doc.id} has no footnote {place.value}")
        if note.block is None:
            raise AnchorError(f"footnote {place.value} of {doc.id} has no marker in the text")
        return note.block
    n = place.number
    if place.kind == "qa":
        i = qa_index(doc, n)
        if i is None:
            raise AnchorError(f"{doc.id} has no answer to question {n}")
        # A block of questions with no answer (not yet answered, or a Mededeling) is its question.
        return doc.qa[i].answer_block
    if place.kind == "sec":
        if not 1 <= n <= len(doc.sections):
            raise AnchorError(f"{doc.id} has {len(doc.sections)} sections, not {n}")
        return doc.sections[n - 1].block
    if not 1 <= n <= len(doc.blocks):
        raise AnchorError(f"{doc.id} has {len(doc.blocks)} blocks, not {n}")
    return n - 1


def anchor_for_block(block: int) -> str:
    """The anchor that names exactly this block."""
    return str(Anchor.block(block))


def best_anchor(doc: Document, block: int) -> str:
    """The anchor that names `block` by what it is, so that a note on it can be found again in a
    new version of the document: `qa-N` for the block that answers question N (its first
    number), `sec-N` for a section's heading, else `p-N` (found again by its text). Only an
    anchor that names exactly this block: `qa-19` on a paragraph of the answer would mark its
    heading instead."""
    qa_no = doc.blocks[block].qa if 0 <= block < len(doc.blocks) else None
    candidates: list[Anchor] = []
    if qa_no is not None and 0 <= qa_no < len(doc.qa) and doc.qa[qa_no].answer_block == block:
        pair = doc.qa[qa_no]
        candidates.append(Anchor.answer(pair.numbers[0] if pair.numbers else qa_no + 1))
    candidates += [Anchor.section(n) for n, s in enumerate(doc.sections, 1) if s.block == block]
    for anchor in candidates:
        try:
            if block_of(doc, anchor) == block:
                return str(anchor)
        except AnchorError:
            continue
    return anchor_for_block(block)


def passage(doc: Document, block: int) -> str:
    """The text a place is about: its block, and for a heading (such as the "Antwoord 19" that
    `qa-19` names) the block after it too."""
    text = doc.blocks[block].text
    if doc.blocks[block].kind == "heading" and block + 1 < len(doc.blocks):
        return f"{text} — {doc.blocks[block + 1].text}"
    return text
