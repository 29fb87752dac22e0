"""A Word file (.docx): its text, and the texts of Word's own footnotes and endnotes.

The text has the shape python-docx extraction gives, `"\\n".join(p.text for p in doc.paragraphs)`:
one paragraph a line, an empty paragraph an empty line. The Word letters of the corpus were
studied as texts made that way (../shared/corpus/real/*.docx.txt), and the text families of
store/parsing/ (labels, letterheads, "1)" notes) are tuned to that shape; so a .docx read here
reads as those texts do. Where that extraction loses something, this adds it, in the forms the
text parser reads already:

- a paragraph in a heading style (Heading 1…6, Kop 1…6, Title, a style based on one, or an
  outline level) is a Markdown heading line, `## text`; bold Normal paragraphs are left alone;
- a table stands where it stands in the body, a row a line, its cells joined by " | ";
- a heading and each table row are set apart by blank lines: paragraphs of their own;
- the text of hyperlinks and of inserted text (`w:ins`) is kept; deleted text (`w:del`) is not;
- a footnote or endnote reference is the marker `[^N]` where it stands, N the number Word
  shows (1, 2, 3 … in order of reference, the endnotes after the footnotes) or the author's own
  mark; the notes' texts come beside the text, as `NoteText`s, for `parse_text(text, source, notes)`.

The body is read through python-docx (it resolves styles and the styles they are based on); the
notes parts, for which python-docx has no API, are read from the zip with defusedxml.

Refused, each a ParseError of one line: a password-protected file (an OLE file holding an
`EncryptedPackage` stream), an old .doc or other OLE file, a damaged zip or one without
word/document.xml, a zip bomb (judged from the zip's directory, before anything is unpacked),
and a file without text.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import defusedxml.ElementTree as SafeElementTree
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE
from docx.opc.exceptions import OpcError
from docx.package import Package
from lxml import etree

from store.errors import ParseError
from store.formats import is_mark, marker
from store.parsing.reading import NoteText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The name of the stream an encrypted Office file keeps its package in, as an OLE directory
# entry writes it (UTF-16LE); found in the bytes so no OLE reader is needed only to refuse one.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

MB = 1_000_000
# A letter unpacks to a few MB, a long report with pictures to tens; past these a file is a
# zip bomb, and unpacking it would fill the memory before the reading could fail.
MAX_UNPACKED = 200 * MB
MAX_RATIO = 200  # packed this many times or more …
RATIO_FROM = 10 * MB  # … and bigger than this unpacked

PASSWORD_PROTECTED = "password-protected Word file: not read (remove the password in Word and import it again)"
OLD_OFFICE = "an old Word (.doc) or other Office file: not read (save it as .docx and import it again)"
EMPTY = "empty Word file: no text"

NoteKind = Literal["footnote", "endnote"]


@dataclass(frozen=True)
class DocxText:
    text: str  # one paragraph a line, markers [^N] where the notes are referenced
    notes: tuple[NoteText, ...]  # Word's own footnotes, then its endnotes


class Element(Protocol):
    """An XML element: lxml's (the body, through python-docx) or ElementTree's (the notes parts);
    the walk below uses only what both have."""

    tag: object
    text: str | None

    def get(self, key: str, default: None = None) -> str | None: ...

    def find(self, path: str) -> Element | None: ...

    def __iter__(self) -> Iterator[Element]: ...


def read_docx(data: bytes, source: str) -> DocxText:
    """The text and notes of the Word file `data`; ParseError naming `source` when it is refused."""
    if data.startswith(OLE_MAGIC):
        raise ParseError(source, PASSWORD_PROTECTED if _ENCRYPTED_PACKAGE in data else OLD_OFFICE)
    try:
        parts = _notes_parts(data, source)
        body = _body(data, source)
        notes = {kind: _note_texts(xml, kind) for kind, xml in parts.items()}
    except _DAMAGED as exc:
        # A broken file raises many kinds of error in zipfile, lxml and python-docx; each is the
        # file's, not ours, and said as one line.
        raise ParseError(source, f"damaged Word file ({_one_line(exc)}): not read") from None
    marks = _marks(body, notes)
    text = _text([(_line_text(line, marks), line.apart) for line in body])
    if not text.strip():
        raise ParseError(source, EMPTY)
    return DocxText(text, _notes(marks, notes))


def _text(lines: Sequence[tuple[str, bool]]) -> str:
    """One paragraph a line, as python-docx dumps it (the families are tuned to that shape: a
    Word author's wrapped question may be two paragraphs); a heading or a row set apart by
    blank lines, so that it is read as one."""
    out: list[str] = []
    for i, (line, apart) in enumerate(lines):
        before_apart = i + 1 < len(lines) and lines[i + 1][1]
        if apart and out and out[-1] != "":
            out.append("")
        out.append(line)
        if (apart or before_apart) and i + 1 < len(lines) and line != "":
            out.append("")
    return "\n".join(out)


_DAMAGED = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OpcError, OSError, EOFError,
    KeyError, ValueError, TypeError, AttributeError, IndexError, AssertionError,
    SyntaxError,  # lxml's XMLSyntaxError and ElementTree's ParseError are both SyntaxErrors
    etree.LxmlError,
    RuntimeError,  # an encrypted zip entry, a compression zipfile lacks, XML nested too deeply
)  # fmt: skip


def _one_line(exc: BaseException) -> str:
    said = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {said}" if said else type(exc).__name__


# -- the zip -----------------------------------------------------------------------------------


_NOTES_PARTS: dict[NoteKind, str] = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}


def _notes_parts(data: bytes, source: str) -> dict[NoteKind, bytes | None]:
    """The notes parts, once the zip's directory says the file is a Word file of a sane size."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _refuse_bomb(archive.infolist(), source)
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ParseError(source, "damaged Word file (it has no word/document.xml): not read")
        return {kind: archive.read(name) if name in names else None for kind, name in _NOTES_PARTS.items()}


def _refuse_bomb(entries: Sequence[zipfile.ZipInfo], source: str) -> None:
    """Sizes from the zip's directory: zipfile never unpacks an entry past the size it declares
    there, so these bound what python-docx will unpack."""
    total = sum(e.file_size for e in entries)
    packed = [e for e in entries if e.file_size > RATIO_FROM and e.file_size > MAX_RATIO * e.compress_size]
    if total <= MAX_UNPACKED and not packed:
        return
    size = f"{total / MB:.0f} MB"
    if packed:
        worst = max(e.file_size / max(e.compress_size, 1) for e in packed)
        size += f", {packed[0].filename} packed {worst:.0f} to 1"
    raise ParseError(source, f"Word file too large when unpacked ({size}): not read")


# -- the body ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """A footnote or endnote reference where it stands in the text."""

    kind: NoteKind
    id: str
    mark: str = ""  # the author's own mark (w:customMarkFollows), "" for Word's number


Piece = str | _Ref


@dataclass(frozen=True)
class _Line:
    pieces: tuple[Piece, ...]
    heading: int = 0  # Markdown heading level, 0 for a line that is not a heading
    row: bool = False  # a row of a table

    @property
    def apart(self) -> bool:
        """A heading or a table row is a paragraph of its own (blank lines around it), where the
        families read consecutive lines of a Word dump as one paragraph."""
        return bool(self.heading) or self.row


_REFERENCES: dict[object, NoteKind] = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
# Elements whose runs are text of the paragraph: a hyperlink, inserted or moved-here text, a
# simple field's result, content controls. Not w:del and w:moveFrom: deleted text.
_INLINE_WRAPPERS = frozenset(
    W + t for t in "hyperlink ins moveTo smartTag fldSimple customXml dir bdo sdt sdtContent".split()
)
# Elements around paragraphs, tables, rows and cells: content controls and custom XML.
_BLOCK_WRAPPERS = frozenset(W + t for t in "sdt sdtContent customXml".split())
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_ON = frozenset({"1", "true", "on"})


def _body(data: bytes, source: str) -> list[_Line]:
    part = Package.open(io.BytesIO(data)).main_document_part
    if part.content_type != CONTENT_TYPE.WML_DOCUMENT_MAIN:
        raise ParseError(source, f"a Word template or macro file ({part.content_type}): not read "
                                 "(save it as .docx and import it again)")  # fmt: skip
    document = part.document
    heading = _heading_levels(lambda style_id: part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH))
    lines: list[_Line] = []
    for block in _children(document.element.body, W + "p", W + "tbl"):
        if block.tag == W + "tbl":
            lines.extend(_Line(row, row=True) for row in _rows(block))
        else:
            lines.append(_Line(tuple(_inline(block)), heading(block)))
    return lines


def _children(element: Element, *tags: str) -> Iterator[Element]:
    """The children of `element` with one of `tags`, in order, those inside content controls too."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, *tags)


def _rows(table: Element) -> Iterator[tuple[Piece, ...]]:
    """A row a line, its cells joined by " | "; a row without text an empty line."""
    for row in _children(table, W + "tr"):
        cells = [_cell(cell) for cell in _children(row, W + "tc")]
        yield _joined(cells, " | ") if any(_has_text(c) for c in cells) else ()


def _cell(cell: Element) -> tuple[Piece, ...]:
    """A cell's paragraphs (and the rows of a table in it) joined by spaces."""
    parts = [tuple(_inline(b)) if b.tag == W + "p" else _joined(list(_rows(b)), " ")
             for b in _children(cell, W + "p", W + "tbl")]  # fmt: skip
    return _joined(parts, " ")


def _joined(parts: Sequence[tuple[Piece, ...]], separator: str) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for i, part in enumerate(parts):
        if i:
            out.append(separator)
        out.extend(part)
    return tuple(out)


def _has_text(pieces: Sequence[Piece]) -> bool:
    return any(isinstance(p, _Ref) or p.strip() for p in pieces)


def _inline(paragraph: Element) -> Iterator[Piece]:
    """The text of a paragraph's runs, and its note references, in order."""
    for child in paragraph:
        if child.tag == W + "r":
            yield from _run(child)
        elif child.tag in _INLINE_WRAPPERS:
            yield from _inline(child)


def _run(run: Element) -> Iterator[Piece]:
    custom: _Ref | None = None  # a reference whose mark the author typed after it, in this run
    for child in run:
        kind = _REFERENCES.get(child.tag)
        if kind is not None:
            if custom is not None:
                yield custom
            ref = _Ref(kind, child.get(W + "id") or "")
            custom = ref if (child.get(W + "customMarkFollows") or "").lower() in _ON else None
            if custom is None:
                yield ref
        elif custom is not None and child.tag == W + "t":
            mark = (child.text or "").strip()
            yield _Ref(custom.kind, custom.id, mark if is_mark(mark) else "")
            custom = None
        else:
            yield _character(child)
    if custom is not None:  # no mark followed: Word's number after all
        yield custom


def _character(element: Element) -> str:
    """The text a run's element stands for; a line break is a space, so a paragraph stays a line."""
    tag = element.tag
    if tag == W + "t":
        return element.text or ""
    if tag in (W + "tab", W + "ptab"):
        return "\t"
    if tag == W + "br":
        return " " if element.get(W + "type") in (None, "textWrapping") else ""  # not a page break
    if tag == W + "cr":
        return " "
    if tag == W + "noBreakHyphen":
        return "-"
    return ""


# -- headings ----------------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"(?:heading|kop)\s*([1-6])", re.I)
_TITLE_NAMES = frozenset({"title", "titel"})


class _Style(Protocol):
    """What is read of a python-docx paragraph style."""

    @property
    def name(self) -> str | None: ...

    @property
    def style_id(self) -> str: ...

    @property
    def element(self) -> Element: ...

    @property
    def base_style(self) -> _Style | None: ...


def _heading_levels(style_of: Callable[[str | None], _Style]) -> Callable[[Element], int]:
    """The Markdown heading level of a body paragraph (0: not a heading), each style read once."""
    levels: dict[str | None, int] = {}

    def level(paragraph: Element) -> int:
        properties = paragraph.find(W + "pPr")
        own = _outline_level(properties)
        if own is not None:
            return own
        style = properties.find(W + "pStyle") if properties is not None else None
        style_id = style.get(W + "val") if style is not None else None
        if style_id not in levels:
            levels[style_id] = _style_level(style_of(style_id))
        return levels[style_id]

    return level


def _style_level(style: _Style | None) -> int:
    """A heading style's level, read along the styles it is based on: a "Vraag" style based on
    Heading 2 is a heading of level 2, unless it says its own outline level."""
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        level = _name_level(style.name) or _name_level(style.style_id)
        if level:
            return level
        outline = _outline_level(style.element.find(W + "pPr"))
        if outline is not None:
            return outline
        style = style.base_style
    return 0


def _name_level(name: str | None) -> int:
    if not name:
        return 0
    if name.strip().lower() in _TITLE_NAMES:
        return 1
    m = _HEADING_NAME.fullmatch(name.strip())
    return int(m.group(1)) if m else 0


def _outline_level(properties: Element | None) -> int | None:
    """The heading level the outline level in paragraph properties says: None when it says none,
    0 for body text (level 9) and the levels Markdown has no heading for."""
    found = properties.find(W + "outlineLvl") if properties is not None else None
    if found is None:
        return None
    value = found.get(W + "val") or ""
    return int(value) + 1 if value.isascii() and value.isdigit() and int(value) < 6 else 0


# -- notes -------------------------------------------------------------------------------------


def _note_texts(xml: bytes | None, kind: NoteKind) -> dict[str, str]:
    """The text of each note in a notes part by its id, the separators Word keeps there left out."""
    if xml is None:
        return {}
    root = SafeElementTree.fromstring(xml)  # no entities, no DTD tricks: the file is a stranger's
    return {note.get(W + "id") or "": _note_text(note)
            for note in root if note.tag == W + kind and note.get(W + "type") not in _SEPARATORS}  # fmt: skip


def _note_text(note: Element) -> str:
    """A note's paragraphs as one line; its footnoteRef (the number it starts with) has no text."""
    lines = [tuple(_inline(b)) if b.tag == W + "p" else _joined(list(_rows(b)), " ")
             for b in _children(note, W + "p", W + "tbl")]  # fmt: skip
    return " ".join("".join(p for p in _joined(lines, " ") if isinstance(p, str)).split())


def _marks(body: Sequence[_Line], notes: dict[NoteKind, dict[str, str]]) -> dict[tuple[NoteKind, str], str]:
    """The mark of each note referenced, in the order they are returned: Word numbers footnotes
    1, 2, 3 … in order of first reference, whatever their ids, and the endnotes after them; a
    note with its own mark takes no number. A reference to a note that is not there is dropped."""
    marks: dict[tuple[NoteKind, str], str] = {}
    number = 0
    for kind in ("footnote", "endnote"):
        for ref in (p for line in body for p in line.pieces if isinstance(p, _Ref) and p.kind == kind):
            if (kind, ref.id) in marks or ref.id not in notes[kind]:
                continue
            if not ref.mark:
                number += 1
            marks[(kind, ref.id)] = ref.mark or str(number)
    return marks


def _notes(marks: dict[tuple[NoteKind, str], str], notes: dict[NoteKind, dict[str, str]]) -> tuple[NoteText, ...]:
    """The notes referenced, with their marks; a note with the author's own mark starts with it
    typed as text (Word has no footnoteRef for it), taken off here as the number is."""
    out = []
    for (kind, note_id), mark in marks.items():
        text = notes[kind][note_id]
        if not mark.isdigit() and text.startswith(mark):
            text = text[len(mark) :].lstrip()
        out.append(NoteText(mark, text))
    return tuple(out)


def _line_text(line: _Line, marks: dict[tuple[NoteKind, str], str]) -> str:
    text = "".join(p if isinstance(p, str) else _marker(p, marks) for p in line.pieces)
    if line.heading and text.strip():
        return "#" * line.heading + " " + text.strip()
    return text


def _marker(ref: _Ref, marks: dict[tuple[NoteKind, str], str]) -> str:
    mark = marks.get((ref.kind, ref.id))
    return marker(mark) if mark else ""
