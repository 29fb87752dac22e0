"""Word files read into text and notes (store/files/docx.py), from the fixtures of tests/data/docx:
four real letters' texts written as .docx (reading one back gives the real text, the shape the
text families are tuned to), the real question letter 072 with its notes as Word footnotes and
an endnote, headings and a table, and the files refused, each with one line. How each fixture
was made: tests/data/docx/README.md and make_fixtures.py."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from store.errors import ParseError
from store.files.content import parse_bytes
from store.files.docx import EMPTY, OLD_OFFICE, PASSWORD_PROTECTED, DocxText, read_docx
from store.formats import MARKER
from store.parsing import parse_text
from store.parsing.reading import NoteText

DOCX = Path(__file__).parent / "data" / "docx"
LETTERS = ("letter-022", "letter-046", "letter-060", "uitstel-078")


def _read(name: str) -> DocxText:
    return read_docx((DOCX / name).read_bytes(), name)


def _real(name: str) -> str:
    """The real text a fixture was written from (copied from ../shared/corpus/real)."""
    return (DOCX / f"{name}.docx.txt").read_text(encoding="utf-8")


def _refusal(data: bytes, source: str = "file.docx") -> str:
    with pytest.raises(ParseError) as caught:
        read_docx(data, source)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{source}: ")
    return caught.value.problem


# -- the real letters --------------------------------------------------------------------------


@pytest.mark.parametrize("name", LETTERS)
def test_a_letter_reads_back_as_the_text_python_docx_extraction_made(name: str) -> None:
    result = _read(f"{name}.docx")
    # Trailing white space aside, it is the same text; it is in fact the same to the last newline.
    assert result.text.rstrip() == _real(name).rstrip()
    assert result.text == _real(name)
    assert result.notes == ()


@pytest.mark.parametrize("name", LETTERS)
def test_a_letter_parses_as_its_real_text_does(name: str) -> None:
    result = _read(f"{name}.docx")
    doc = parse_text(result.text, f"{name}.docx", result.notes)
    real = parse_text(_real(name), f"{name}.docx")
    assert (doc.kind, doc.id, len(doc.qa)) == (real.kind, real.id, len(real.qa))
    assert doc.blocks == real.blocks


def test_letter_022_is_the_answer_it_was() -> None:
    result = _read("letter-022.docx")
    doc = parse_text(result.text, "letter-022.docx", result.notes)
    assert doc.kind == "antwoord"
    assert doc.id == "2024Z15078"
    assert doc.footnotes == ()  # "1" … "7" on their own lines are question numbers, not notes


# -- Word's footnotes and endnotes -------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _expected_072() -> str:
    """The real text of 072 as the footnotes fixture gives it: the "[n]" note lines at the end
    gone (they are Word footnotes now), "[n]" markers written "[^n]", the endnote's [^4] added."""
    lines = _real("footnotes-072").split("\n")
    body = "\n".join(lines[: next(i for i, line in enumerate(lines) if line.startswith("[1]"))])
    return re.sub(r"\[(\d)\]", r"[^\1]", body).replace(
        "termijn zijn deze misstanden opgelost?", "termijn zijn deze misstanden opgelost?[^4]"
    )


def test_word_footnotes_are_markers_where_they_are_referenced() -> None:
    result = _read("footnotes.docx")
    assert result.text == _expected_072()
    assert "van 'onacceptabel' niveau, concluderen onderzoekers'?[^1] Zo ja, vindt u" in result.text
    assert "bij de medische zorg voor asielzoekers?[^2] Hoe staat het" in result.text
    assert "gezien de conclusie van de onderzoekers[^3], of worden ze" in result.text  # inside a hyperlink
    assert "op welke termijn zijn deze misstanden opgelost?[^4]" in result.text  # the endnote
    assert "NOS Nieuws" not in result.text


def test_notes_are_numbered_in_order_of_reference_not_by_their_ids() -> None:
    with zipfile.ZipFile(DOCX / "footnotes.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert re.findall(r'<w:footnoteReference w:id="(\d+)"', body) == ["3", "2", "4"]  # the fixture's premise

    notes = _read("footnotes.docx").notes
    real = {m.group(1): " ".join(m.group(2).split())
            for m in re.finditer(r"^\[(\d)\]\s(.*)$", _real("footnotes-072"), re.M)}  # fmt: skip
    assert notes == (
        NoteText("1", real["1"]),
        NoteText("2", real["2"]),  # two paragraphs in Word, joined by a space
        NoteText("3", real["3"]),  # its web address a hyperlink in the note
        NoteText("4", "Eindnoot, hier geschreven: zie de ketenrichtlijn Geboortezorg Asielzoekers."),
    )
    assert real["1"].startswith("NOS Nieuws, 17 november 2024, Geboortezorg voor asielzoekers")


def test_the_word_notes_reach_the_document_through_the_parser() -> None:
    result = _read("footnotes.docx")
    doc = parse_text(result.text, "footnotes.docx", result.notes)
    assert [f.mark for f in doc.footnotes] == ["1", "2", "3", "4"]
    assert [f.text for f in doc.footnotes] == [n.text for n in result.notes]
    assert all(f.block is not None for f in doc.footnotes)
    assert [m for b in doc.blocks for m in MARKER.findall(b.text)] == ["1", "2", "3", "4"]
    assert "concluderen onderzoekers'?[^1] Zo ja" in doc.blocks[doc.footnote("1").block].text


def test_an_own_mark_takes_no_number_and_deleted_or_missing_notes_leave_no_marker() -> None:
    result = _read("custom-mark.docx")
    assert result.text.split("\n") == [
        "Eerste zin met een noot[^1].",
        "Een noot met een eigen teken[^*] en nog een[^2].",
        "Geschrapt.",  # the reference stood in deleted text
        "Een verwijzing naar een noot die er niet is.",  # to a note footnotes.xml does not have
    ]
    assert result.notes == (
        NoteText("1", "Eerste noot."),
        NoteText("*", "Een noot met een sterretje."),  # the "*" typed before it taken off
        NoteText("2", "Tweede genummerde noot."),
    )


# -- headings, tables, hyperlinks, tracked changes ---------------------------------------------


def test_headings_tables_links_and_tracked_changes() -> None:
    lines = _paragraphs(_read("headings-table.docx").text)
    assert lines == [
        "# Beantwoording van Kamervragen",  # Title
        "# Vragen van het lid Beckerman",  # Heading 1
        "Vraag 1",  # bold, but Normal: not a heading
        "Welke maatregelen neemt u om de veiligheid te monitoren?",
        "## Antwoord",  # Heading 2
        "Zie de website van de Tweede Kamer voor de stukken.",  # the link's text kept
        "De aantallen per jaar:",
        "Jaar | Aantal | Bron",  # the table where it stands, a row a line
        "2023 | 12 | CBS",
        "2024 | 15 | SodM (voorlopig)",  # a cell of two paragraphs
        "De termijn is zes weken.",  # "drie" deleted, "zes" inserted
        "## Vraag 2",  # a style based on Heading 2
        "#### Overige vragen",  # a style named "Kop 4"
        "### Bijlage",  # a Normal paragraph with outline level 2 (third level)
        "Eerste regel\ttweede deel volgende regel",  # a tab kept, a line break a space
    ]  # an empty Heading 1 is nothing
    assert "drie" not in "\n".join(lines)


def test_headings_and_table_rows_reach_the_parser_as_text() -> None:
    result = _read("headings-table.docx")
    doc = parse_text(result.text, "headings-table.docx", result.notes)
    assert [s.title for s in doc.sections][:2] == ["Beantwoording van Kamervragen", "Vragen van het lid Beckerman"]
    rows = [b for b in doc.blocks if " | " in b.text]
    assert [(b.kind, b.text) for b in rows] == [  # a row a block, never a heading
        ("paragraph", "Jaar | Aantal | Bron"), ("paragraph", "2023 | 12 | CBS"),
        ("paragraph", "2024 | 15 | SodM (voorlopig)")]
    assert any("de website van de Tweede Kamer" in b.text for b in doc.blocks)


# -- what is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("empty-pw.docx", PASSWORD_PROTECTED),  # the real file: an OLE file with an EncryptedPackage
        ("old.doc", OLD_OFFICE),
        ("damaged.docx", "damaged Word file ("),
        ("bomb.docx", "Word file too large when unpacked (300 MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line(name: str, prefix: str) -> None:
    problem = _refusal((DOCX / name).read_bytes(), name)
    assert problem.startswith(prefix)
    assert problem.endswith(": not read") or problem.endswith("import it again)")


def test_the_bomb_is_refused_from_the_zip_directory_before_anything_is_unpacked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unpacked(*args: object, **kwargs: object) -> None:
        raise AssertionError("an entry was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", unpacked)
    assert _refusal((DOCX / "bomb.docx").read_bytes()).startswith("Word file too large when unpacked")


def _zip(entries: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _entries(name: str) -> dict[str, bytes]:
    with zipfile.ZipFile(DOCX / name) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_one_part_packed_too_tightly_is_a_bomb() -> None:
    # 20 MB of zeros packed a thousand to one: under the 200 MB in all, over the ratio.
    entries = _entries("uitstel-078.docx") | {"word/media/image1.png": bytes(20_000_000)}
    problem = _refusal(_zip(entries))
    assert re.fullmatch(
        r"Word file too large when unpacked \(21 MB, word/media/image1.png packed \d{3,4} to 1\): not read", problem
    )


def test_too_much_in_all_is_a_bomb() -> None:
    # 21 parts of 10 MB: none big enough for the ratio to count, 210 MB in all.
    entries = _entries("uitstel-078.docx") | {f"word/media/image{i}.png": bytes(10_000_000) for i in range(21)}
    assert _refusal(_zip(entries)) == "Word file too large when unpacked (211 MB): not read"  # the letter's own 1 MB


def test_a_file_of_a_sane_size_with_a_picture_is_read() -> None:
    entries = _entries("uitstel-078.docx") | {"word/media/image1.png": bytes(2_000_000)}
    assert read_docx(_zip(entries), "x.docx").text == _real("uitstel-078")


def test_a_word_file_without_text_is_empty(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.add_table(rows=2, cols=2)
    document.save(tmp_path / "empty.docx")
    assert _refusal((tmp_path / "empty.docx").read_bytes()) == EMPTY


@pytest.mark.parametrize(
    ("what", "entries"),
    [
        ("no word/document.xml", {"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}),
        ("broken XML", _entries("uitstel-078.docx") | {"word/document.xml": b"<w:document><w:body><w:p>"}),
        ("broken footnotes", _entries("footnotes.docx") | {"word/footnotes.xml": b"<w:footnotes"}),
        ("entities in footnotes", _entries("footnotes.docx") | {"word/footnotes.xml": (
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&b;</w:footnotes>'
        )}),
        ("no relationships", {k: v for k, v in _entries("uitstel-078.docx").items() if k != "_rels/.rels"}),
    ],
)  # fmt: skip
def test_a_damaged_word_file_is_one_line(what: str, entries: dict[str, bytes]) -> None:
    problem = _refusal(_zip(entries))
    assert problem.startswith("damaged Word file (") and problem.endswith("): not read"), what


@pytest.mark.parametrize(
    "data", [b"", b"PK\x03\x04 not a zip at all", b"plain text", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
)
def test_bytes_that_are_no_zip_are_refused_too(data: bytes) -> None:
    problem = _refusal(data)
    assert problem.startswith(("damaged Word file (", "an old Word (.doc)"))


def test_a_word_template_is_said_to_be_one() -> None:
    entries = _entries("uitstel-078.docx")
    types = entries["[Content_Types].xml"].replace(b"document.main+xml", b"template.main+xml")
    problem = _refusal(_zip(entries | {"[Content_Types].xml": types}))
    assert problem.startswith("a Word template or macro file (")


# -- through the importer's reading of bytes ---------------------------------------------------


def test_parse_bytes_reads_a_word_file_and_refuses_a_protected_one() -> None:
    doc = parse_bytes((DOCX / "letter-022.docx").read_bytes(), "letter-022.docx")
    assert doc.format == "docx"
    assert doc.id == "2024Z15078"
    with pytest.raises(ParseError, match="password-protected Word file"):
        parse_bytes((DOCX / "empty-pw.docx").read_bytes(), "empty-pw.docx")


def test_every_fixture_is_described() -> None:
    readme = (DOCX / "README.md").read_text(encoding="utf-8")
    for path in DOCX.iterdir():
        assert path.name == "README.md" or f"`{path.name}`" in readme, path.name
