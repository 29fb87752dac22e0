"""Word wrapping to a width in terminal cells, as offsets into the text.

The reading pane wraps a document block by block as it is shown, and the rest of a long
one in the background (see `tui.page`), so this must be quick: for text of single-width
characters (all of Dutch) it jumps a line at a time with `str.rfind`; only text with wide
or zero-width characters is measured character by character. Lines are `(start, end)`
offsets, so styles and links of the text can be cut out of the same offsets; the spaces
where a line breaks are left out.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

# Characters known to take exactly one cell: Latin (with accents), general punctuation,
# the euro sign, and the control pictures that stand in for control characters.
_NOT_SINGLE = re.compile(r"[^\x20-\x7e\xa0-\u024f\u2010-\u2027\u2030-\u205e\u20ac\u2122\u2400-\u2426\ufffd]")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Offsets of the lines of `text` wrapped at `width` cells; a newline always breaks."""
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while True:
        end = text.find("\n", start)
        if end < 0:
            end = length
        if _NOT_SINGLE.search(text, start, end) is None:
            _wrap_single(text, start, end, width, lines)
        else:
            _wrap_cells(text, start, end, width, lines)
        if end >= length:
            return lines
        start = end + 1


def _wrap_single(text: str, pos: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    while end - pos > width:
        cut = text.rfind(" ", pos, pos + width + 1)
        if cut <= pos:  # one word longer than the line: break it
            lines.append((pos, pos + width))
            pos += width
            continue
        line_end = cut
        while line_end > pos and text[line_end - 1] == " ":
            line_end -= 1
        lines.append((pos, line_end))
        pos = cut + 1
        while pos < end and text[pos] == " ":
            pos += 1
    lines.append((pos, end))


def _wrap_cells(text: str, pos: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    line_start = pos
    cells = 0
    last_space = -1
    i = pos
    while i < end:
        ch = text[i]
        size = get_character_cell_size(ch)
        if ch == " ":
            last_space = i
        if cells + size > width and i > line_start:
            if last_space > line_start:
                line_end = last_space
                while line_end > line_start and text[line_end - 1] == " ":
                    line_end -= 1
                lines.append((line_start, line_end))
                i = last_space + 1
                while i < end and text[i] == " ":
                    i += 1
            else:
                lines.append((line_start, i))
            line_start = i
            cells = 0
            last_space = -1
            continue
        cells += size
        i += 1
    lines.append((line_start, end))
