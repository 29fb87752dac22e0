"""Builds the Word fixtures of tests/data/docx. These are WRITTEN fixtures, made here, not files
saved by Word: python-docx makes the documents, and the XML python-docx cannot write (footnotes,
endnotes, tracked changes, hyperlinks) is written here as Word writes it.

Their text is real where it can be: the letters are the texts of real answer letters as
python-docx extracted them (../shared/corpus/real/*.docx.txt, copied beside this script as
`<fixture>.docx.txt`), one paragraph a line; footnotes.docx is the real question letter 072, its
three notes made Word footnotes again. The rest (headings-table.docx, custom-mark.docx, old.doc,
bomb.docx, damaged.docx) is written to show one thing each; README.md says which is what.

    .venv/bin/python tests/data/docx/make_fixtures.py

The output is the same bytes each run (fixed dates), so the fixtures only change when this does.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph
from lxml import etree

HERE = Path(__file__).resolve().parent
DATE = (2024, 11, 20, 12, 0, 0)
AUTHOR = "kamerlezer tests"
LETTERS = ("letter-022", "letter-046", "letter-060", "uitstel-078")
REPORT = "https://bijlagen.nos.nl/artikel-21559662/Rapport_EGALITE_studie.pdf"


# -- what a paragraph is made of ---------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A footnote or endnote reference; `custom` the author's own mark (w:customMarkFollows)."""

    kind: str  # "footnote" or "endnote"
    id: int
    custom: str = ""


@dataclass(frozen=True)
class Link:
    pieces: tuple[Piece, ...]
    url: str


@dataclass(frozen=True)
class Deleted:
    """Text struck out with track changes on (w:del): not in the document any more."""

    text: str = ""
    ref: Ref | None = None


@dataclass(frozen=True)
class Inserted:
    text: str


Piece = str | Ref | Link | Deleted | Inserted


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_run(text: str, tag: str = "w:t") -> str:
    return f'<w:r><{tag} xml:space="preserve">{_escape(text)}</{tag}></w:r>'


def _reference_run(ref: Ref) -> str:
    style = "FootnoteReference" if ref.kind == "footnote" else "EndnoteReference"
    custom = ' w:customMarkFollows="1"' if ref.custom else ""
    mark = f"<w:t>{_escape(ref.custom)}</w:t>" if ref.custom else ""
    return (f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
            f'<w:{ref.kind}Reference{custom} w:id="{ref.id}"/>{mark}</w:r>')  # fmt: skip


def _revision(tag: str, number: int, inner: str) -> str:
    return f'<w:{tag} w:id="{number}" w:author="{AUTHOR}" w:date="2024-11-20T12:00:00Z">{inner}</w:{tag}>'


def _xml(piece: Piece, part: Part) -> str:
    """The WordprocessingML of a piece; a hyperlink's address is a relationship of `part`."""
    if isinstance(piece, str):
        return _text_run(piece)
    if isinstance(piece, Ref):
        return _reference_run(piece)
    if isinstance(piece, Link):
        rid = part.relate_to(piece.url, RT.HYPERLINK, is_external=True)
        inner = "".join(_xml(p, part) for p in piece.pieces)
        return f'<w:hyperlink r:id="{rid}" w:history="1">{inner}</w:hyperlink>'
    if isinstance(piece, Deleted):
        inner = _text_run(piece.text, "w:delText") if piece.text else ""
        return _revision("del", 101, inner + (_reference_run(piece.ref) if piece.ref else ""))
    return _revision("ins", 102, _text_run(piece.text))


def add_pieces(paragraph: etree._Element, pieces: Sequence[Piece], part: Part) -> None:
    for piece in pieces:
        wrapper = parse_xml(f"<w:wrap {nsdecls('w', 'r')}>{_xml(piece, part)}</w:wrap>")
        paragraph.extend(list(wrapper))


def paragraph(doc: Document, pieces: Sequence[Piece], style: str | None = None) -> Paragraph:
    p = doc.add_paragraph(style=style)
    add_pieces(p._p, pieces, doc.part)
    return p


# -- the notes parts ---------------------------------------------------------------------------

_SEPARATORS = """
<w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:r><w:separator/></w:r></w:p></w:{kind}>
<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>
</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>
"""


def add_notes(doc: Document, kind: str, notes: Sequence[tuple[int, Sequence[Sequence[Piece]], str]]) -> None:
    """A notes part (word/footnotes.xml or word/endnotes.xml) as Word writes it: the two
    separators (ids -1 and 0), then each note (id, its paragraphs, its custom mark or "")
    starting with its footnoteRef, or with the author's mark typed as text."""
    root = parse_xml(f"<w:{kind}s {nsdecls('w', 'r')}>{_SEPARATORS.format(kind=kind)}</w:{kind}s>")
    content_type, reltype = (CT.WML_FOOTNOTES, RT.FOOTNOTES) if kind == "footnote" else (CT.WML_ENDNOTES, RT.ENDNOTES)
    part = XmlPart(PackURI(f"/word/{kind}s.xml"), content_type, root, doc.part.package)
    doc.part.relate_to(part, reltype)
    style = "FootnoteText" if kind == "footnote" else "EndnoteText"
    for note_id, paragraphs, custom in notes:
        note = parse_xml(f'<w:{kind} {nsdecls("w")} w:id="{note_id}"/>')
        for i, pieces in enumerate(paragraphs):
            p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>')
            if i == 0:
                mark = f"<w:t>{_escape(custom)}</w:t>" if custom else f"<w:{kind}Ref/>"
                ref_style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
                first = f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr>{mark}</w:r>'
                p.append(parse_xml(first))
                pieces = (" ", *pieces)
            add_pieces(p, pieces, part)
            note.append(p)
        root.append(note)


# -- saving ------------------------------------------------------------------------------------


def new_document() -> Document:
    doc = docx.Document()
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = datetime(*DATE)
    props.revision = 1
    return doc


def save(doc: Document, name: str) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    write_fixed(HERE / name, buffer.getvalue())


def write_fixed(path: Path, data: bytes) -> None:
    """The zip again with a fixed date on every entry, so a rebuild gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, DATE), src.read(info), compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


# -- the fixtures ------------------------------------------------------------------------------


def letter(name: str) -> None:
    """A real letter's text, one paragraph a line: reading it back gives the text again."""
    text = (HERE / f"{name}.docx.txt").read_text(encoding="utf-8")
    doc = new_document()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    save(doc, f"{name}.docx")


# Word gives footnotes ids of its own; here the first note referenced has id 3, the second id 2:
# the marks shown are 1, 2, 3 in order of reference all the same.
FOOTNOTE_IDS = {"1": 3, "2": 2, "3": 4}


def footnotes() -> None:
    """The real question letter 072 with its three notes as Word footnotes (the third referenced
    inside a hyperlink), and one endnote written here."""
    lines = (HERE / "footnotes-072.docx.txt").read_text(encoding="utf-8").split("\n")
    body = lines[: next(i for i, line in enumerate(lines) if line.startswith("[1]"))]
    notes = {m.group(1): m.group(2) for line in lines if (m := re.match(r"\[(\d)\]\s(.*)", line))}
    doc = new_document()
    for line in body:
        paragraph(doc, _with_references(line))
    last = next(p for p in reversed(doc.paragraphs) if p.text.startswith("Zijn er extra middelen"))
    add_pieces(last._p, [Ref("endnote", 1)], doc.part)
    first, second = notes["2"].split(": ", 1)  # a note of two paragraphs
    report = notes["3"].removesuffix(REPORT)
    add_notes(doc, "footnote", [
        (FOOTNOTE_IDS["2"], [[first + ":"], [second]], ""),
        (FOOTNOTE_IDS["1"], [[notes["1"]]], ""),
        (FOOTNOTE_IDS["3"], [[report, Link((REPORT,), REPORT)]], ""),
    ])  # fmt: skip
    endnote = "Eindnoot, hier geschreven: zie de ketenrichtlijn Geboortezorg Asielzoekers."
    add_notes(doc, "endnote", [(1, [[endnote]], "")])
    save(doc, "footnotes.docx")


def _with_references(line: str) -> list[Piece]:
    """A line with its "[n]" markers as footnote references; the third inside a hyperlink."""
    pieces: list[Piece] = []
    for part in re.split(r"(\[\d\])", line):
        m = re.fullmatch(r"\[(\d)\]", part)
        if not m:
            pieces.append(part)
        elif m.group(1) == "3":
            before, linked = str(pieces.pop()).rsplit("de conclusie", 1)
            pieces += [before, Link(("de conclusie" + linked, Ref("footnote", FOOTNOTE_IDS["3"])), REPORT)]
        else:
            pieces.append(Ref("footnote", FOOTNOTE_IDS[m.group(1)]))
    return [p for p in pieces if p != ""]


def headings_table() -> None:
    """Headings by style name, by base style and by outline level; a 3x3 table between two
    paragraphs; a hyperlink; a deleted and an inserted word; bold Normal text, a line break."""
    doc = new_document()
    styles = doc.styles
    vraagkop = styles.add_style("Vraagkop", WD_STYLE_TYPE.PARAGRAPH)
    vraagkop.base_style = styles["Heading 2"]
    styles.add_style("Kop 4", WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]

    doc.add_paragraph("Beantwoording van Kamervragen", style="Title")
    doc.add_paragraph("Vragen van het lid Beckerman", style="Heading 1")
    doc.add_paragraph().add_run("Vraag 1").bold = True
    doc.add_paragraph("Welke maatregelen neemt u om de veiligheid te monitoren?")
    doc.add_paragraph("Antwoord", style="Heading 2")
    site = Link(("de website van de Tweede Kamer",), "https://www.tweedekamer.nl/")
    paragraph(doc, ["Zie ", site, " voor de stukken."])
    doc.add_paragraph("De aantallen per jaar:")
    table = doc.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Jaar", "Aantal", "Bron"), ("2023", "12", "CBS"), ("2024", "15", "SodM")],
                          strict=True):  # fmt: skip
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    table.rows[2].cells[2].add_paragraph("(voorlopig)")
    paragraph(doc, ["De termijn is ", Deleted("drie"), Inserted("zes"), " weken."])
    doc.add_paragraph("Vraag 2", style="Vraagkop")
    doc.add_paragraph("Overige vragen", style="Kop 4")
    bijlage = doc.add_paragraph("Bijlage")
    bijlage._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    doc.add_paragraph("Eerste regel\ttweede deel\nvolgende regel")
    doc.add_paragraph("", style="Heading 1")
    save(doc, "headings-table.docx")


def custom_mark() -> None:
    """A note with the author's own mark ("*", which takes no number), a reference in deleted
    text, and a reference to a note that is not there."""
    doc = new_document()
    paragraph(doc, ["Eerste zin met een noot", Ref("footnote", 1), "."])
    paragraph(doc, ["Een noot met een eigen teken", Ref("footnote", 2, "*"), " en nog een", Ref("footnote", 3), "."])
    paragraph(doc, ["Geschrapt", Deleted(" met noot", Ref("footnote", 5)), "."])
    paragraph(doc, ["Een verwijzing naar een noot die er niet is", Ref("footnote", 9), "."])
    add_notes(doc, "footnote", [
        (1, [["Eerste noot."]], ""),
        (2, [["Een noot met een sterretje."]], "*"),
        (3, [["Tweede genummerde noot."]], ""),
        (5, [["Een geschrapte noot."]], ""),
    ])  # fmt: skip
    save(doc, "custom-mark.docx")


def old_doc() -> None:
    """Not a real .doc: an OLE compound file header, a directory naming a WordDocument stream, junk."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:34] = struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, sector sizes
    directory = b"".join(_directory_entry(name) for name in ("Root Entry", "WordDocument")).ljust(512, b"\0")
    (HERE / "old.doc").write_bytes(bytes(header) + directory + b"junk, not a Word document. " * 40)


def _directory_entry(name: str) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return encoded.ljust(64, b"\0") + struct.pack("<H", len(encoded)) + bytes(62)


def bomb() -> None:
    """A zip whose word/document.xml unpacks to 300 MB of zeros (packed about 1000 to 1)."""
    path = HERE / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", DATE), _CONTENT_TYPES, zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("_rels/.rels", DATE), _RELS, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/document.xml", DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as document:
            chunk = bytes(1_000_000)
            for _ in range(300):
                document.write(chunk)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""


def damaged() -> None:
    """letter-022.docx cut off after its first 4,000 bytes: the zip's directory (at its end) is gone."""
    (HERE / "damaged.docx").write_bytes((HERE / "letter-022.docx").read_bytes()[:4000])


def main() -> None:
    for name in LETTERS:
        letter(name)
    footnotes()
    headings_table()
    custom_mark()
    old_doc()
    bomb()
    damaged()


if __name__ == "__main__":
    main()
