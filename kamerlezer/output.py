"""What the command line prints: JSON for programs, aligned and coloured text for people, and
its messages (one line on stderr, `kamerlezer: …`).

Document text is printed literally: the consoles made here read no Rich markup, no emoji
codes and highlight nothing, and every text from a document passes through `visible`, which
turns control characters (terminal escape sequences) into visible symbols. Rich leaves out
colour when the output is not a terminal or NO_COLOR is set. Into a pipe or a file every text
is written whole: not wrapped, not cut with "…", no line padded with spaces (a script, grep or
a saved copy wants the text itself); on a terminal it is laid out to the terminal's width.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.console import COLOR_SYSTEMS, Console, Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kamerlezer.plain_output import HIT_INDENT, hit_pieces
from store.formats import kind_info
from store.model import Document, Footnote, Reference
from store.visible import visible

if TYPE_CHECKING:
    from store.library import Entry
    from store.parts import Part
    from store.search import Hit

BLOCK_STYLES = {"heading": "bold", "question": "bold cyan", "answer": "", "paragraph": ""}
COLUMN_CAP = 32  # a column other than the last is cut here (a long url key, say)


def print_document(doc: Document, titles: Mapping[str, str]) -> int:
    """`show` and `parse` for people (`document_view`); 0."""
    return print_pieces(document_view(doc, titles))


def console(stream: IO[str] | None = None) -> Console:
    """A console that prints strings as they are (no markup, emoji codes or highlighting)."""
    return Console(file=stream or sys.stdout, markup=False, emoji=False, highlight=False)


def print_lines(out: Console, lines: Iterable[Text]) -> None:
    """Each line on one line of the terminal, cut with '…' at its edge; into a pipe or a file
    whole (a script or grep wants the full title, and has no edge)."""
    if not out.is_terminal:
        for line in lines:
            out.file.write(line.plain + "\n")
        return
    for line in lines:
        out.print(line, no_wrap=True, overflow="ellipsis", crop=True)


def plain(text: str | None, style: str = "") -> Text:
    """Document text as Rich text: literal, control characters visible, line breaks kept."""
    return Text(visible(text or "", keep_newlines=True), style=style)


def columns(rows: Sequence[Sequence[tuple[str, str]]], header: Sequence[str] = (),
            cap: int | None = COLUMN_CAP) -> list[Text]:  # fmt: skip
    """One line per row of (text, style) cells, the cells padded to align (and cut at `cap`, on
    a terminal; whole into a pipe, where a script wants every id as it is); the last cell runs on."""
    table = [[(h, "bold") for h in header]] if header else []
    table += [[(visible(" ".join(text.split())), style) for text, style in row] for row in rows]
    if not table:
        return []
    widths = [max(Text(row[i][0]).cell_len for row in table) for i in range(len(table[0]) - 1)]
    widths = [min(cap, w) for w in widths] if cap else widths
    lines = []
    for row in table:
        line = Text(no_wrap=True, overflow="ellipsis")
        for (text, style), width in zip(row[:-1], widths, strict=True):
            cell = Text(text, style=style)
            cell.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append("  ")
        line.append(row[-1][0], row[-1][1])
        lines.append(line)
    return lines


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` (one line) cut into lines of at most `width` cells, at spaces where it can be.

    A greedy cut written out rather than Rich's wrap or textwrap, which cost 20 to 30 µs a
    paragraph: a list of 50,000 notes has to print in well under a second."""
    width = max(width, 1)
    ascii = text.isascii()
    if ascii and len(text) <= width:
        return [text]
    # One cell a character (nearly all text): lengths will do, and cost nothing.
    measure = len if ascii or cell_len(text) == len(text) else cell_len
    lines: list[str] = []
    while measure(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        while cut > 0 and measure(text[:cut]) > width:
            cut = text.rfind(" ", 0, cut)
        if cut > 0:
            lines.append(text[:cut])
            text = text[cut + 1 :]
            continue
        cut = width  # one word longer than the line: cut it
        while cut > 1 and measure(text[:cut]) > width:
            cut -= 1
        lines.append(text[:cut])
        text = text[cut:]
    lines.append(text)
    return lines


def cut_cells(text: str, width: int, *, one_cell: bool = False) -> str:
    """`text` on one line of at most `width` cells: cut at a space, with "…", where it is longer.
    `one_cell`: the caller knows each character takes one cell (no need to measure)."""
    one_cell = one_cell or text.isascii()
    if len(text) <= width and (one_cell or cell_len(text) <= width):
        return text
    if one_cell or cell_len(text) == len(text):
        cut = text.rfind(" ", 0, width - 1)
        return text[: cut if cut > width // 2 else width - 1] + "…"
    return wrap_cells(text, width - 1)[0] + "…"


class MarkRow(NamedTuple):
    """A bookmark or note as `bookmark list` and `note list` print it (a tuple: 50,000 of them
    are made in well under half the time of as many frozen dataclasses)."""

    number: str
    place: str
    text: str  # the label or the note, as written
    quote: str
    date: str


def mark_text(out: Console, rows: Sequence[MarkRow], heading: str) -> str:
    """The rows as aligned columns, one line after another: number, place, the text (wrapped
    to the terminal's width, with the start of the quoted passage under it) and the date; into
    a pipe or a file, lines whole and without colour. Each line is made as a string (styles by
    `Style.render`) into one list, not through Rich's layout nor a generator: a user's file of
    50,000 notes is 150,000 lines."""
    terminal = out.is_terminal
    colours = COLOR_SYSTEMS.get(out.color_system or "") if terminal else None
    codes: dict[str, tuple[str, str]] = {}  # style -> the escape codes before and after a text
    for style in ("bold", "cyan", "green", "dim"):
        parsed = Style.parse(style)
        rendered = (parsed.without_color if out.no_color else parsed).render("\0", color_system=colours)
        before, _, after = rendered.partition("\0")
        codes[style] = (before, after) if colours else ("", "")

    def width(text: str) -> int:
        return len(text) if text.isascii() else cell_len(text)

    number_w = max(1, *(len(r.number) for r in rows))
    place_w = min(COLUMN_CAP, max(len(heading), *(width(r.place) for r in rows)))
    text_w = max(20, out.width - number_w - place_w - 10 - 6) if terminal else 0
    indent = " " * (number_w + place_w + 4)
    (b0, b1), (c0, c1), (g0, g1), (d0, d1) = codes["bold"], codes["cyan"], codes["green"], codes["dim"]
    out_lines = [f"{b0}{'#'.rjust(number_w)}  {'place'.ljust(place_w)}  {heading.ljust(text_w)}  date{b1}"]
    add = out_lines.append
    for row in rows:
        place = row.place if width(row.place) <= place_w else row.place[: place_w - 1] + "…"
        text = visible(row.text, keep_newlines=True)
        lines = text.split("\n") if "\n" in text else [text]
        said = visible(row.quote) if row.quote else ""
        quote = f"“{said}”"
        if terminal:
            lines = [piece for line in lines for piece in wrap_cells(line, text_w)]
            # The quote says where: one line is enough (the export has the whole passage). The
            # marks around it take a cell each, so an ASCII quote is not measured.
            quote = cut_cells(quote, text_w, one_cell=said.isascii())
            lines[0] += " " * (text_w - width(lines[0]))  # the date stands after it
        add(f"{b0}{row.number.rjust(number_w)}{b1}  {c0}{place.ljust(place_w)}{c1}  {lines[0]}  {g0}{row.date}{g1}")
        for line in lines[1:]:
            add(indent + line)
        if said:
            add(f"{indent}{d0}{quote}{d1}")
    add("")
    return "\n".join(out_lines)


def entry_lines(entries: Sequence[Entry], cap: int | None = COLUMN_CAP) -> list[Text]:
    """`kamerlezer list`: date, kind, id, title."""
    rows = [[(e.date or "", "green"), (e.kind, "magenta"), (e.id, "cyan"), (e.title, "")] for e in entries]
    return columns(rows, header=("date", "kind", "id", "title"), cap=cap)


def _place(ref: Reference) -> str:
    """The key, and the answer it names in the cited document (`kst-36600-VI-102#qa-3`)."""
    return f"{ref.key}#{ref.anchor}" if ref.key and ref.anchor else ref.key or ""


def reference_lines(refs: Sequence[Reference], cap: int | None = COLUMN_CAP) -> list[Text]:
    """`kamerlezer refs`: where, kind, key, the citation as written."""
    rows = [[(r.where, "dim"), (r.kind, "magenta"), (_place(r), "cyan"), (r.text, "")] for r in refs]
    return columns(rows, header=("in", "kind", "key", "text"), cap=cap)


def hit_lines(hits: Sequence[Hit]) -> list[Text]:
    """`kamerlezer search` on a terminal: `hit_pieces` in colour, the matched words marked."""
    lines = []
    for hit in hits:
        head, snippet = hit_pieces(hit)
        lines.append(Text.assemble(*head))
        marked = Text(snippet)
        for start, end in hit.highlights:
            marked.stylize("bold yellow", len(HIT_INDENT) + start, len(HIT_INDENT) + end)
        lines.append(marked)
    return lines


Grid = list[tuple[Text, Text]]  # rows of a name and its value, the names' column aligned
Piece = Text | Grid  # what a document view is made of: paragraphs and grids, each its own lines


def print_pieces(pieces: Sequence[Piece]) -> int:
    """A document view on stdout; 0. On a terminal laid out by Rich (wrapped to its width, in
    colour); into a pipe or a file every text whole, unwrapped and uncut, no line padded."""
    out = console()
    if out.is_terminal:
        out.print(Group(*(p if isinstance(p, Text) else _grid(p) for p in pieces)))
    else:
        out.file.writelines(line + "\n" for line in plain_lines(pieces))
    return 0


def plain_lines(pieces: Iterable[Piece]) -> Iterator[str]:
    """The pieces as lines of plain text: a paragraph's lines as they are, a grid's names padded
    to align and each value whole after them (its further lines under the value), no line
    ending in spaces."""
    for piece in pieces:
        if isinstance(piece, Text):
            yield from (line.rstrip() for line in piece.plain.split("\n"))
            continue
        width = max((cell_len(name.plain) for name, _ in piece), default=0) + 2
        for name, value in piece:
            first, *rest = value.plain.split("\n")
            yield (name.plain + " " * (width - cell_len(name.plain)) + first).rstrip()
            yield from ((" " * width + line).rstrip() for line in rest)


def document_view(doc: Document, titles: Mapping[str, str]) -> list[Piece]:
    """`kamerlezer show` and `parse` for people: title, metadata, the body in reading order,
    footnotes, references with their targets, and who cites it. `titles` names linked documents."""
    ids = doc.identifiers
    facts = [
        ("kenmerk", ids.kenmerk), ("zaak", ids.zaak), ("document", ids.document),
        ("dossiers", ", ".join(ids.dossiers)), ("nr.", ids.ondernummer), ("vergaderjaar", ids.vergaderjaar),
        ("from", doc.sender), ("to", doc.addressee), ("asked by", doc.asker), ("source", doc.source),
    ]  # fmt: skip
    parts: list[Piece] = [
        plain(doc.title, "bold"),
        plain(f"{doc.kind} · {doc.date or 'no date'} · {doc.id}", "dim"),
        [(Text(name, style="dim"), plain(value)) for name, value in facts if value],
        Text(),
    ]
    parts += _blocks(doc, range(len(doc.blocks)))
    if doc.footnotes:
        parts += [Text("Footnotes", style="bold underline"), _notes(doc.footnotes), Text()]
    if doc.references:
        parts += [Text("References", style="bold underline"), _references(doc.references, titles), Text()]
    for heading, linked in (("Answered in", doc.answered_in), ("The questions", doc.questions_in)):
        if linked:
            parts += [
                Text(heading, style="bold underline"),
                [(Text(visible(i), style="cyan"), plain(titles.get(i, ""))) for i in linked],
                Text(),
            ]
    if kind_info(doc.kind).questions == "puts" and not doc.answered_in:
        parts += [Text("No answer in the library.", style="italic"), Text()]
    if doc.cited_by:
        parts += [
            Text("Cited by", style="bold underline"),
            [(Text(visible(i), style="cyan"), plain(titles.get(i, ""))) for i in doc.cited_by],
        ]
    return parts


def part_view(part: Part, titles: Mapping[str, str]) -> list[Piece]:
    """`kamerlezer show ID#ANCHOR` for people: the document's title and the place, then the part
    (store.parts): its blocks (a pair's labels, question and answer), the notes marked in them
    (or the note named), and what they cite."""
    doc = part.doc
    parts: list[Piece] = [
        plain(doc.title, "bold"),
        plain(f"{doc.kind} · {doc.date or 'no date'} · {doc.id}#{part.anchor}", "dim"),
        Text(),
    ]
    parts += _blocks(doc, part.blocks)
    if part.footnotes:
        parts += [Text("Footnotes", style="bold underline")] if part.blocks else []
        parts += [_notes(part.footnotes), Text()]
    if part.references:
        parts += [Text("References", style="bold underline"), _references(part.references, titles)]
    while parts and isinstance(parts[-1], Text) and not parts[-1].plain:
        parts.pop()
    return parts


def _blocks(doc: Document, indexes: Iterable[int]) -> list[Piece]:
    parts: list[Piece] = []
    for i in indexes:
        block = doc.blocks[i]
        style = BLOCK_STYLES.get(block.kind, "")
        if block.kind == "heading" and block.level <= 1:
            style += " underline"
        parts += [plain(block.text, style), Text()]
    return parts


def _notes(notes: Iterable[Footnote]) -> Grid:
    missing = Text("(text missing)", style="italic")
    return [(Text(f"[^{visible(f.mark)}]", style="dim"), plain(f.text) if f.text else missing) for f in notes]


def _references(refs: Iterable[Reference], titles: Mapping[str, str]) -> Grid:
    return [(Text(r.where, style="dim"), _reference(r, titles)) for r in refs]


def _reference(ref: Reference, titles: Mapping[str, str]) -> Text:
    """The citation as written, and under it its kind, key and the document it resolves to."""
    text = plain(ref.text)
    text.append("\n")
    text.append(ref.kind, "magenta")
    if ref.key:
        text.append("  ")
        text.append(visible(ref.key), "cyan")
    if ref.target:
        text.append("  → ")
        text.append(visible(ref.target), "bold cyan")
        text.append(f"  {visible(titles.get(ref.target, ''))}")
    return text


@contextlib.contextmanager
def progress_bar() -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr while importing, when stderr is a terminal; else nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # The file name is the description: shown as it is, never read as Rich markup (a file
    # named `[link=http://…]x[/link].txt` would send the terminal a hyperlink).
    shown = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*shown, console=console(sys.stderr), transient=True) as bar:
        task = bar.add_task("importing", total=None)

        def update(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=visible(Path(path).name[:40]))

        yield update


def _grid(rows: Grid) -> Table:
    grid = Table.grid(padding=(0, 2))
    for row in rows:
        grid.add_row(*row)
    return grid
