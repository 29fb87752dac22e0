"""Reading a ministry letter made from a PDF (Markdown-ish text): the shared first passes.

clean -> paragraphs -> note texts lifted -> plain paragraphs -> letterhead read and its
repeats removed -> superscript markers written [^N] -> paragraphs cut by page breaks joined.
The families that are letters (kamerbrief, antwoord, schriftelijk overleg) start here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from store.clean import clean
from store.footnotes import NoteText, lift_sup_notes, lift_superscript_notes, superscript_markers
from store.letterhead import Letterhead, read_letterhead, strip_repeats
from store.paragraphs import Para, RawPara, join_continuations, mark_breaks, split_raw, to_para

Lifter = Callable[[Sequence[RawPara]], tuple[list[bool], list[NoteText]]]


@dataclass(frozen=True)
class LetterText:
    head: Letterhead
    paras: tuple[Para, ...]
    notes: tuple[NoteText, ...]


def lift_notes(raw: list[RawPara], lifters: Sequence[Lifter]) -> tuple[list[RawPara], list[NoteText]]:
    notes: list[NoteText] = []
    for lifter in lifters:
        removed, found = lifter(raw)
        raw = mark_breaks(raw, removed)
        notes.extend(found)
    return raw, notes


def read_letter(text: str, *, keep: Callable[[Para], bool] | None = None) -> LetterText:
    """`keep(para)` marks paragraphs never joined to a neighbour (labels, headings)."""
    raw, notes = lift_notes(split_raw(clean(text)), (lift_superscript_notes, lift_sup_notes))
    paras = [to_para(r) for r in raw]
    head = read_letterhead(paras)
    paras = strip_repeats(paras, head)
    marks = {n.mark for n in notes}
    paras = [replace(p, text=superscript_markers(p.text, marks)) for p in paras]
    return LetterText(head, tuple(join_continuations(paras, keep)), tuple(notes))
