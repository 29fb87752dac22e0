"""A displayed document cut into screen lines at one width.

The reading pane draws only the lines in view; this module says what each line is: a piece
of a block's text (by offsets), a label over a question or answer, a line of the document
header, a rule under a heading, or a blank between blocks. Building it for a 2 MB document
takes a few tens of milliseconds (see `tui.wrap`), so it is redone on every resize.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import IntEnum

from rich.cells import cell_len

from tui.display import DocumentDisplay
from tui.wrap import wrap

QUESTION_BAR = "▌ "
ANSWER_BAR = "│ "


class LineKind(IntEnum):
    TEXT = 0  # block text [start, end)
    LABEL = 1  # the label above a question or answer
    TITLE = 2  # document title (header)
    META = 3  # document facts (header)
    RULE = 4  # a rule under the header or a top-level heading
    BLANK = 5


@dataclass(frozen=True, slots=True)
class Line:
    kind: LineKind
    block: int  # the block it belongs to (-1: the document header)
    start: int = 0
    end: int = 0
    text: str = ""  # for LABEL, TITLE, META, RULE
    prefix: str = ""  # the bar that sets questions and answers apart


def prefix_for(side: str | None) -> str:
    if side == "question":
        return QUESTION_BAR
    if side == "answer":
        return ANSWER_BAR
    return ""


@dataclass(frozen=True)
class Page:
    width: int
    lines: tuple[Line, ...]
    block_lines: tuple[int, ...]  # first line (label included) of each block

    def __len__(self) -> int:
        return len(self.lines)

    def block_at(self, y: int) -> int:
        """The block that line `y` belongs to (the header counts as block 0)."""
        if not self.block_lines:
            return 0
        return max(bisect.bisect_right(self.block_lines, y) - 1, 0)

    def line_of(self, block: int, offset: int = 0) -> int:
        """The line showing `offset` of `block`'s text (its first line for offset 0)."""
        if not self.block_lines:
            return 0
        block = min(max(block, 0), len(self.block_lines) - 1)
        y = self.block_lines[block]
        end = self.block_lines[block + 1] if block + 1 < len(self.block_lines) else len(self.lines)
        best = y
        for i in range(y, end):
            line = self.lines[i]
            if line.kind is LineKind.TEXT:
                if line.start <= offset:
                    best = i
                else:
                    break
        return best

    def text_lines(self, block: int) -> range:
        """The lines holding `block`'s own text (label and blank excluded)."""
        start = self.block_lines[block]
        end = self.block_lines[block + 1] if block + 1 < len(self.block_lines) else len(self.lines)
        first = next((i for i in range(start, end) if self.lines[i].kind is LineKind.TEXT), start)
        last = first
        for i in range(first, end):
            if self.lines[i].kind is LineKind.TEXT:
                last = i
        return range(first, last + 1)


def lay_out(display: DocumentDisplay, width: int) -> Page:
    width = max(width, 10)
    lines: list[Line] = []
    title, *meta = display.header
    for start, end in wrap(title, width):
        lines.append(Line(LineKind.TITLE, -1, text=title[start:end]))
    for fact in meta:
        for start, end in wrap(fact, width):
            lines.append(Line(LineKind.META, -1, text=fact[start:end]))
    lines.append(Line(LineKind.RULE, -1, text="━" * min(width, 60)))
    lines.append(Line(LineKind.BLANK, -1))

    block_lines: list[int] = []
    previous = None
    for index, block in enumerate(display.blocks):
        prefix = prefix_for(block.side)
        inner = width - cell_len(prefix)
        if previous is not None and prefix and block.label is None and (previous.side, previous.qa) == (
            block.side,
            block.qa,
        ):
            if previous.is_qa_heading:  # "Vraag 1" sits right on top of its text
                lines.pop()
            else:  # the blank between two paragraphs of one question (or answer) keeps its bar
                lines[-1] = Line(LineKind.BLANK, index - 1, prefix=prefix)
        block_lines.append(len(lines))
        if block.label is not None:
            for start, end in wrap(block.label, inner):
                lines.append(Line(LineKind.LABEL, index, text=block.label[start:end], prefix=prefix))
        for start, end in wrap(block.text, inner):
            lines.append(Line(LineKind.TEXT, index, start, end, prefix=prefix))
        if block.kind == "heading" and block.level <= 1 and block.qa is None:
            rule = "─" * min(max(cell_len(block.text), 1), inner)
            lines.append(Line(LineKind.RULE, index, text=rule))
        lines.append(Line(LineKind.BLANK, index))
        previous = block
    return Page(width, tuple(lines), tuple(block_lines))
