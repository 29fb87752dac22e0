"""A displayed document cut into screen lines at one width, block by block as they are needed.

The reading pane draws only the lines in view; this module says what each line is: a piece
of a block's text (by offsets), a label over a question or answer, a line of the document
header, a rule under a heading, or a blank between blocks.

A block's lines depend on the block and the one after it only (`block_lines`), so a page is
laid out block by block. A short document is laid out whole at once. A long one (a 2 MB
Handelingen has 6,000 blocks and 40,000 lines, a fifth of a second to wrap) is not: each
block not laid out yet counts the lines its length suggests (`estimate`), and blocks are
laid out when they are shown, looked for, or by the reading pane in the background, a slice
at a time. Until then the lines of a block can move (the blocks above it may turn out longer
or shorter than estimated); `Page` says where a block is *now*, and the reading pane keeps
the line at the top of the screen where it was when the blocks above it change.

`Page` is a memo of a pure function (`block_lines` for each block at the page's width): what
changes is only how much of it has been worked out.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum

from rich.cells import cell_len

from tui.display import DisplayBlock, DocumentDisplay, continues
from tui.wrap import wrap

QUESTION_BAR = "▌ "
ANSWER_BAR = "│ "
EAGER_CHARS = 200_000  # a document this short is laid out whole at once (a few milliseconds)
FILL = 0.94  # how full a wrapped line of prose is, on average, for the estimate


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


def header_lines(display: DocumentDisplay, width: int) -> tuple[Line, ...]:
    """The title, the document's facts, a rule and a blank."""
    lines: list[Line] = []
    title, *meta = display.header
    for start, end in wrap(title, width):
        lines.append(Line(LineKind.TITLE, -1, text=title[start:end]))
    for fact in meta:
        for start, end in wrap(fact, width):
            lines.append(Line(LineKind.META, -1, text=fact[start:end]))
    lines.append(Line(LineKind.RULE, -1, text="━" * min(width, 60)))
    lines.append(Line(LineKind.BLANK, -1))
    return tuple(lines)


def block_lines(blocks: Sequence[DisplayBlock], index: int, width: int) -> tuple[Line, ...]:
    """The lines of block `index` at `width`: its label, its text, a rule under a top-level
    heading, and the blank after it (which depends on the block after it, see `_joins`)."""
    block = blocks[index]
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    prefix = prefix_for(block.side)
    inner = width - cell_len(prefix)
    lines: list[Line] = []
    if block.label is not None:
        for start, end in wrap(block.label, inner):
            lines.append(Line(LineKind.LABEL, index, text=block.label[start:end], prefix=prefix))
    for start, end in wrap(block.text, inner):
        lines.append(Line(LineKind.TEXT, index, start, end, prefix=prefix))
    if block.has_rule:
        rule = "─" * min(max(cell_len(block.text), 1), inner)
        lines.append(Line(LineKind.RULE, index, text=rule))
    if not continues(block, following):
        lines.append(Line(LineKind.BLANK, index))
    elif not block.is_qa_heading:
        assert following is not None
        lines.append(Line(LineKind.BLANK, index, prefix=prefix_for(following.side)))
    return tuple(lines)


def estimates(display: DocumentDisplay, width: int) -> list[int]:
    """About how many lines `block_lines` gives each block, without wrapping them."""
    out = []
    for m in display.measures:
        inner = max(width - 2 if m.barred else width, 1)
        count = max(math.ceil(m.chars / (inner * FILL)), 1) + m.newlines + m.extra
        if m.label:
            count += math.ceil(m.label / inner)
        out.append(count)
    return out


class Page:
    """The lines of a displayed document at one width, laid out block by block (see the module)."""

    def __init__(self, display: DocumentDisplay, width: int, *, eager: bool | None = None) -> None:
        self.width = max(width, 10)
        self.display = display
        self.header = header_lines(display, self.width)
        blocks = display.blocks
        self._lines: list[tuple[Line, ...] | None] = [None] * len(blocks)
        self._heights = [0] * len(blocks)
        self._todo = 0  # every block before this one is laid out
        self._missing = len(blocks)
        self.moves = 0  # counts the times a laid-out block turned out longer or shorter than estimated
        if eager is None:
            eager = sum(len(b.text) for b in blocks) <= EAGER_CHARS
        if eager:
            for i in range(len(blocks)):
                self._lay_out(i)
        else:
            self._heights = estimates(display, self.width)
        self._starts: list[int] = []
        self._total = len(self.header)
        self._stale = True
        self.moves = 0

    # -- how much is laid out

    @property
    def complete(self) -> bool:
        """Every block laid out: every line is where it stays."""
        return self._missing == 0

    def is_laid_out(self, block: int) -> bool:
        return self._lines[block] is not None

    def _lay_out(self, block: int) -> tuple[Line, ...]:
        lines = self._lines[block]
        if lines is None:
            lines = self._lines[block] = block_lines(self.display.blocks, block, self.width)
            if len(lines) != self._heights[block]:
                self._heights[block] = len(lines)
                self._stale = True
                self.moves += 1
            self._missing -= 1
        return lines

    def lay_out_more(self, chars: int) -> range:
        """Lay out the next blocks not laid out yet, about `chars` characters of text: the
        background's step. The blocks it went over (empty when the page is complete)."""
        blocks = self.display.blocks
        first = self._todo
        while first < len(blocks) and self._lines[first] is not None:
            first += 1
        end = first
        done = 0
        while end < len(blocks) and done < chars:
            if self._lines[end] is None:
                self._lay_out(end)
                done += len(blocks[end].text) + 1
            end += 1
        self._todo = end
        return range(first, end)

    def lay_out_around(self, block: int, above: int, below: int) -> None:
        """Lay out `block` and the blocks around it: at least `above` lines before its first
        line and `below` lines from it on (so that what is shown from there stays put)."""
        count = len(self._lines)
        if not count:
            return
        block = min(max(block, 0), count - 1)
        lines = 0
        i = block - 1
        while i >= 0 and lines < above:
            lines += len(self._lay_out(i))
            i -= 1
        lines = 0
        i = block
        while i < count and lines < below:
            lines += len(self._lay_out(i))
            i += 1

    def lay_out_end(self, lines: int) -> None:
        """Lay out the last blocks, at least `lines` lines of them (End shows them)."""
        i = len(self._lines) - 1
        count = 0
        while i >= 0 and count < lines:
            count += len(self._lay_out(i))
            i -= 1

    # -- where lines are (now)

    def _index(self) -> None:
        if self._stale:
            self._starts = list(itertools.accumulate(self._heights, initial=len(self.header)))
            self._total = self._starts.pop()
            self._stale = False

    @property
    def block_lines(self) -> Sequence[int]:
        """The first line (label included) of each block."""
        self._index()
        return self._starts

    def __len__(self) -> int:
        self._index()
        return self._total

    def block_at(self, y: int) -> int:
        """The block that line `y` belongs to (the header counts as block 0)."""
        self._index()
        if not self._starts:
            return 0
        return max(bisect.bisect_right(self._starts, y) - 1, 0)

    def block_height(self, block: int) -> int:
        return self._heights[block]

    def locate(self, y: int) -> tuple[int, int]:
        """(block, line within the block) of line `y`, its block laid out; (-1, n) in the header."""
        while True:
            if y < len(self.header) or not self._lines:
                return -1, min(max(y, 0), max(len(self.header) - 1, 0))
            block = self.block_at(y)
            lines = self._lay_out(block)
            self._index()
            if self._starts[block] <= y < self._starts[block] + len(lines) or block == len(self._lines) - 1:
                return block, min(y - self._starts[block], len(lines) - 1)

    def line(self, y: int) -> Line:
        block, k = self.locate(y)
        if block < 0:
            return self.header[k]
        lines = self._lines[block]
        assert lines is not None
        return lines[k]

    @property
    def lines(self) -> Sequence[Line]:
        """Every line, in order (the whole page laid out: for short pages and tests)."""
        for i in range(len(self._lines)):
            self._lay_out(i)
        return tuple(self._iter_lines())

    def _iter_lines(self) -> Iterator[Line]:
        yield from self.header
        for lines in self._lines:
            assert lines is not None
            yield from lines

    def lines_of(self, block: int) -> tuple[Line, ...]:
        """The lines of `block` (laid out now if it was not)."""
        return self._lay_out(block)

    def line_of(self, block: int, offset: int = 0) -> int:
        """The line showing `offset` of `block`'s text (its first line for offset 0)."""
        if not self._lines:
            return 0
        block = min(max(block, 0), len(self._lines) - 1)
        lines = self._lay_out(block)
        self._index()
        y = self._starts[block]
        best = 0
        for i, line in enumerate(lines):
            if line.kind is LineKind.TEXT:
                if line.start <= offset:
                    best = i
                else:
                    break
        return y + best

    def text_lines(self, block: int) -> range:
        """The lines holding `block`'s own text (label and blank excluded)."""
        lines = self._lay_out(block)
        self._index()
        start = self._starts[block]
        text = [i for i, line in enumerate(lines) if line.kind is LineKind.TEXT]
        if not text:
            return range(start, start + 1)
        return range(start + text[0], start + text[-1] + 1)


def lay_out(display: DocumentDisplay, width: int) -> Page:
    """The page of `display` at `width`: laid out whole if the document is short."""
    return Page(display, width)
