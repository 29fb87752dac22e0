"""A PDF page read from its characters' sizes and places, not from a text dump's guesses.

The official prints set the body in one size (8.5 pt in the Aanhangsel), a footnote marker
smaller and raised above the baseline (5.5 pt, about 3.5 pt up), the notes at the page foot
smaller again (6.9 pt) with their numbers smaller and raised (4.5 pt), and the running header
and footer, the printed id and the ISSN line in sizes and places of their own. So:

- glyphs on one baseline make a row; a row of small glyphs just above or below a row of larger
  ones belongs to it: raised, they are a marker (`14 juli 2023⁵` is 2023 and note 5, written
  `2023[^5]`) or, before a note's text, its number; lowered, a subscript (the 2 of CO₂), text;
- rows the furniture rules name (store/parsing/passes/pages.py), the page numbers and the
  chamber's big digit in the margins are furniture; what is left is body, and below the last
  body row the small rows that start with a number are the page's notes;
- spaces come from the gaps between glyphs; where a paragraph ends comes from the vertical
  gaps and from where each line ends against the column's right edge (`Line.measure`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from store.formats import marker
from store.parsing.passes.pages import Line, furniture_rule, own_footers
from store.parsing.passes.unglue import unglue_marks
from store.parsing.reading import NoteText


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    base: float  # the baseline, in PDF units (up is more)
    size: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]


@dataclass
class _Row:
    base: float
    glyphs: list[Glyph]
    raised: list[Glyph] = field(default_factory=list)  # smaller glyphs above the baseline
    lowered: list[Glyph] = field(default_factory=list)

    @property
    def size(self) -> float:
        sizes = Counter(round(g.size, 1) for g in self.glyphs if g.text.strip())
        return sizes.most_common(1)[0][0] if sizes else 0.0

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs + self.raised + self.lowered)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs + self.raised + self.lowered)


@dataclass(frozen=True)
class TextRow:
    """A row as text: markers written `[^N]`, and the number a note row starts with."""

    text: str
    size: float
    base: float
    x0: float
    x1: float
    note_mark: str | None = None  # raised digits at the very start: a note's number


@dataclass(frozen=True)
class LaidOut:
    """What the pages hold: the body as lines (None where a page breaks), the notes, what the
    furniture rules took out, the page headers and footers as printed, the printed id, and
    the whole text in reading order (for telling the family)."""

    lines: tuple[Line | None, ...]
    notes: tuple[NoteText, ...]
    dropped: tuple[tuple[str, str], ...]
    headers: tuple[str, ...]
    printed_id: str | None
    plain: str


_SAME_LINE = 0.35  # pt: glyphs of one row share a baseline, give or take rounding
_SMALL = 0.82  # a glyph this much smaller than a row's is a marker or a note number, if raised
_GAP = 0.18  # a gap of this many ems between glyphs is a space
_HUGE = 2.5  # a glyph this many times the body's size is the chamber's digit or a title's


def laid_out(pages: Sequence[Page]) -> LaidOut:
    body = _body_size(pages)
    texts = [[t for r in _rows(page, body) if (t := _text_row(r, body)).text] for page in pages]
    own = own_footers(r.text for rows in texts for r in rows)
    lines: list[Line | None] = []
    notes: list[NoteText] = []
    dropped: list[tuple[str, str]] = []
    headers: list[str] = []
    printed: str | None = None
    plain: list[str] = []
    for page, rows in zip(pages, texts, strict=True):
        plain.append("\n".join(r.text for r in rows))
        kinds = _kinds(rows, page, body, own)
        page_lines = []
        for row, kind in zip(rows, kinds, strict=True):
            if kind == "body":
                page_lines.append(row)
            elif kind == "note":
                _add_note(notes, row)
            else:
                dropped.append((kind, row.text))
                if kind == "printed id":
                    printed = printed or row.text.strip()
                else:
                    headers.append(row.text)
        if lines and page_lines:
            lines.append(None)
        lines.extend(_lines(page_lines, body))
    for n in notes:
        dropped.append(("page-foot note", n.text))
    return LaidOut(tuple(lines), tuple(notes), tuple(dropped), tuple(headers), printed, "\n\f".join(plain))


def _body_size(pages: Sequence[Page]) -> float:
    sizes = Counter(round(g.size, 1) for page in pages for g in page.glyphs if g.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _rows(page: Page, body: float) -> list[_Row]:
    """Rows top to bottom, small rows just above or below a larger one merged into it."""
    rows: list[_Row] = []
    for g in sorted(page.glyphs, key=lambda g: (-g.base, g.x0)):
        if rows and abs(rows[-1].base - g.base) <= _SAME_LINE:
            rows[-1].glyphs.append(g)
        else:
            rows.append(_Row(g.base, [g]))
    merged: list[_Row] = []
    for i, row in enumerate(rows):
        host = _host(rows, i)
        if host is None:
            merged.append(row)
        elif row.base > host.base:
            host.raised.extend(row.glyphs)
        else:
            host.lowered.extend(row.glyphs)
    return merged


def _host(rows: list[_Row], i: int) -> _Row | None:
    """The larger row a small row belongs to: just below it (raised) or just above (lowered),
    and across the same stretch of the page."""
    row = rows[i]
    size = row.size
    if not size or not row.glyphs or not any(g.text.strip() for g in row.glyphs):
        return None
    for j in (i + 1, i - 1, i + 2, i - 2):
        if not 0 <= j < len(rows):
            continue
        other = rows[j]
        big = other.size
        if not big or size > big * _SMALL:
            continue
        rise = row.base - other.base
        if not -0.45 * big <= rise <= 0.7 * big or abs(rise) < 0.1 * big:
            continue
        if row.x0 < other.x0 - 2 * big or row.x1 > other.x1 + 2 * big:
            continue
        return other
    return None


def _text_row(row: _Row, body: float) -> TextRow:
    size = row.size or body
    placed = [(g, "") for g in row.glyphs] + [(g, "up") for g in row.raised] + [(g, "down") for g in row.lowered]
    glyphs = sorted(placed, key=lambda item: item[0].x0)
    out: list[str] = []
    note_mark: str | None = None
    pending = ""  # raised digits not yet written: a marker, or the number a note starts with

    def emit() -> None:
        nonlocal pending, note_mark
        if pending:
            if note_mark is None and not "".join(out).strip():
                note_mark = pending
            else:
                out.append(marker(pending))
            pending = ""

    last: Glyph | None = None
    for g, where in glyphs:
        if where == "up" and g.text.isdigit():
            if pending and last is not None and g.x0 - last.x1 > _GAP * size * 3:
                emit()  # two markers side by side ("2 3")
            pending += g.text
            last = g
            continue
        emit()
        if g.text == " ":
            if out and not out[-1].endswith(" "):
                out.append(" ")
        else:
            spaced = last is not None and g.x0 - last.x1 > _GAP * max(g.size, last.size)
            if spaced and out and not out[-1].endswith(" ") and where != "up":
                out.append(" ")
            out.append(g.text)
        last = g
    emit()
    # A word glued to the next by the PDF itself ("Inge vanDijk"): the glues that show anywhere.
    text = unglue_marks(" ".join("".join(out).split()))
    return TextRow(text, size, row.base, row.x0, row.x1, note_mark)


def _kinds(rows: Sequence[TextRow], page: Page, body: float, own: frozenset[str]) -> list[str]:
    """Per row: "body", "note", or the name of the furniture rule that takes it out."""
    kinds: list[str] = []
    for row in rows:
        rule = furniture_rule(row.text, own)
        if rule is not None:
            kinds.append(rule[0])
        elif row.size >= body * _HUGE and row.text.isdigit():
            kinds.append("chamber header")  # the big 2 of the Tweede Kamer beside its name
        else:
            kinds.append("body")
    # Page numbers: digits alone in the margin above the first body row or below the last one.
    body_rows = [i for i, k in enumerate(kinds) if k == "body" and not _page_number(rows[i], body)]
    if body_rows:
        first, last = body_rows[0], body_rows[-1]
        for i, row in enumerate(rows):
            if kinds[i] == "body" and _page_number(row, body) and (i < first or i > last):
                kinds[i] = "page number"
    # The notes: small rows below the last row in the body's size, starting with a number.
    full = [i for i, k in enumerate(kinds) if k == "body" and rows[i].size >= body * 0.9]
    start = (full[-1] + 1) if full else 0
    in_notes = False
    for i in range(start, len(rows)):
        if kinds[i] != "body":
            continue
        row = rows[i]
        if row.size < body * 0.9 and (row.note_mark or (in_notes and not _page_number(row, body))):
            kinds[i] = "note"
            in_notes = True
        elif row.size < body * 0.9 and _numbered(row.text) and not in_notes:
            kinds[i] = "note"  # a note whose number is set in the text's own size
            in_notes = True
    return kinds


def _page_number(row: TextRow, body: float) -> bool:
    return row.text.isdigit() and len(row.text) <= 4 and row.size <= body * 1.3


def _numbered(text: str) -> bool:
    head, _, rest = text.partition(" ")
    return head.isdigit() and len(head) <= 3 and bool(rest)


def _add_note(notes: list[NoteText], row: TextRow) -> None:
    from store.parsing.passes.pdftext import join_line

    if row.note_mark is not None:
        notes.append(NoteText(row.note_mark, row.text))
    elif _numbered(row.text) and (not notes or row.text.split(" ", 1)[0] == str(_next(notes))):
        mark, _, rest = row.text.partition(" ")
        notes.append(NoteText(mark, rest))
    elif notes:
        last = notes[-1]
        notes[-1] = NoteText(last.mark, join_line(last.text, row.text, set()) if last.text else row.text)


def _next(notes: list[NoteText]) -> int:
    return int(notes[-1].mark) + 1 if notes[-1].mark.isdigit() else 0


def _lines(rows: Sequence[TextRow], body: float) -> list[Line]:
    """Body rows as lines, a blank line where the vertical gap says a paragraph ends, each
    with the measure a full line of its density would have (how far it reaches to the right)."""
    if not rows:
        return []
    steps = [a.base - b.base for a, b in zip(rows, rows[1:], strict=False) if 0 < a.base - b.base < 3 * body]
    leading = statistics.median(steps) if steps else body * 1.2
    lefts = sorted(r.x0 for r in rows)
    rights = sorted(r.x1 for r in rows)
    left = lefts[len(lefts) // 10]
    right = rights[int(len(rights) * 0.9)]
    out: list[Line] = []
    for i, row in enumerate(rows):
        if i and rows[i - 1].base - row.base > leading * 1.45:
            out.append(Line("", blank=True))
        reach = max(row.x1 - left, 1.0)
        measure = len(row.text) * max(right - left, reach) / reach
        out.append(Line(row.text, page_start=i == 0, measure=measure))
    return out
