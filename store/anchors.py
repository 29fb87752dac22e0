"""Places inside a document: `ID#qa-19`, `ID#fn-2`, `ID#sec-3`, `ID#p-12`.

- `qa-N`  the block that answers question N (in a document whose questions carry no
          numbers, such as a schriftelijk overleg, the N-th question/answer pair);
- `fn-N`  footnote N (its marker in the text);
- `sec-N` the N-th section;
- `p-N`   the N-th block of the body.
All numbers count from 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.model import Document

# ASCII only: `\d` and `\w` take any script's digits ("p-²", "p-١"), which int() refuses or
# reads as another number than the one shown. A footnote's mark may hold letters ("fn-a").
_ANCHOR = re.compile(r"(?:(qa|sec|p)-([0-9]{1,9})|(fn)-([0-9A-Za-z][0-9A-Za-z._-]{0,15}))", re.ASCII)


class AnchorError(ValueError):
    """An anchor that is malformed or names a place the document does not have."""


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
    if anchor and not _ANCHOR.fullmatch(anchor):
        raise AnchorError(f"unknown anchor {anchor!r}: use qa-N, fn-N, sec-N or p-N")
    return Place(doc_id, anchor or None)


def qa_index(doc: Document, number: int) -> int | None:
    """Index into doc.qa of the pair answering question `number`."""
    for i, qa in enumerate(doc.qa):
        if number in qa.numbers:
            return i
    if doc.qa and not any(qa.numbers for qa in doc.qa) and 1 <= number <= len(doc.qa):
        return number - 1
    return None


def block_of(doc: Document, anchor: str) -> int:
    """The block index an anchor points at; AnchorError when the document has no such place."""
    m = _ANCHOR.fullmatch(anchor)
    if not m:
        raise AnchorError(f"unknown anchor {anchor!r}: use qa-N, fn-N, sec-N or p-N")
    if m.group(3):
        mark = m.group(4)
        note = doc.footnote(mark)
        if note is None:
            raise AnchorError(f"{doc.id} has no footnote {mark}")
        if note.block is None:
            raise AnchorError(f"footnote {mark} of {doc.id} has no marker in the text")
        return note.block
    kind, n = m.group(1), int(m.group(2))
    if kind == "qa":
        i = qa_index(doc, n)
        if i is None:
            raise AnchorError(f"{doc.id} has no answer to question {n}")
        return doc.qa[i].answer_block
    if kind == "sec":
        if not 1 <= n <= len(doc.sections):
            raise AnchorError(f"{doc.id} has {len(doc.sections)} sections, not {n}")
        return doc.sections[n - 1].block
    if not 1 <= n <= len(doc.blocks):
        raise AnchorError(f"{doc.id} has {len(doc.blocks)} blocks, not {n}")
    return n - 1


def anchor_for_block(block: int) -> str:
    """The anchor that names exactly this block."""
    return f"p-{block + 1}"
