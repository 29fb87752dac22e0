"""PDFs read from their layout (store/files/pdf.py, store/parsing/passes/layout.py): the 11 real
Aanhangsel PDFs of tests/data/pdf (from ../shared/corpus/pdf), each checked against the facts
its own `pdftotext -layout` text prints and the footnotes read by hand; the layout rules on
glyphs made here; and the PDFs that cannot be read, each one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.errors import ParseError
from store.formats import MARKER
from store.parsing import parse_file
from store.parsing.passes.layout import Glyph, Page, laid_out
from tests.cli_run import error_lines, kamerlezer
from tests.real_facts import failed_facts

PDFS = Path(__file__).parent / "data" / "pdf"
REAL = sorted(p for p in PDFS.glob("*.pdf") if "-" in p.stem and len(p.stem) == 36)
FOOTNOTES = json.loads((PDFS / "footnotes.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem[:8])
def test_a_real_pdf_shows_every_fact_it_prints_and_every_note(path: Path) -> None:
    doc = parse_file(path)
    layout_text = path.with_suffix(".pdftotext-layout.txt").read_text(encoding="utf-8")
    notes = FOOTNOTES[path.name]["footnotes"]
    assert failed_facts(layout_text, doc, notes) == []
    assert doc.format == "pdf"
    # Each note's marker stands in the text, once, where the PDF set it raised.
    markers = [m for b in doc.blocks for m in MARKER.findall(b.text)]
    assert markers == [n["mark"] for n in notes]
    assert all(f.block is not None and f.text for f in doc.footnotes)


def test_markers_glued_to_years_and_question_marks_come_from_the_layout() -> None:
    doc = parse_file(PDFS / "1b2d2126-a21e-4c3e-9b18-42206b4cc791.pdf")
    assert "klantrekeningen: «Het was te verleidelijk»»[^1]?" in doc.qa[0].question
    assert doc.footnote("1").text.startswith("NRC.nl, 26 juni 2024, «Bunq-werknemers keken stiekem in klantrekeningen")
    # A note's words hyphenated at a line end are joined, a web address broken at a hyphen too.
    assert "«Het was te verleidelijk»»" in doc.footnote("1").text


# -- the layout rules, on glyphs set as the official prints set them ---------------------------


def _word(text: str, x: float, base: float, size: float) -> list[Glyph]:
    """Glyphs of `text` from `x`, half an em wide each."""
    out = []
    for ch in text:
        out.append(Glyph(ch, x, x + size * 0.5, base, size))
        x += size * 0.5
    return out


def _page(*runs: list[Glyph]) -> Page:
    return Page(1, 595, 842, tuple(g for run in runs for g in run))


def _body_line(base: float, *parts: tuple[str, str]) -> list[Glyph]:
    """A line of body text at 8.5 pt from x=100: ("text", "") parts in line, ("5", "up") raised
    5.5 pt digits, ("2", "down") a lowered small 2."""
    glyphs, x = [], 100.0
    for text, where in parts:
        size = 8.5 if not where else 5.5
        rise = {"": 0.0, "up": 3.5, "down": -1.5}[where]
        glyphs += _word(text, x, base + rise, size)
        x = glyphs[-1].x1
    return glyphs


def _filler(base: float) -> list[list[Glyph]]:
    """Three full lines of body text from `base` down: the page's body size and measure."""
    full = ("Een gewone regel met genoeg woorden om de kolom te vullen tot", "")
    return [_body_line(base - 10 * i, full) for i in range(3)]


def test_a_raised_small_number_is_a_marker_a_lowered_one_is_text() -> None:
    page = _page(
        _body_line(700, ("De wet geldt sinds 14 juli 2023", ""), ("5", "up"), (" en loopt tot", ""), (" ", "")),
        _body_line(690, ("2022–2028", ""), ("13", "up"), (". De CO", ""), ("2", "down"), ("-heffing blijft.", "")),
        *_filler(680),
    )
    lines = [line.text for line in laid_out([page]).lines if line is not None and line.text]
    assert lines[0] == "De wet geldt sinds 14 juli 2023[^5] en loopt tot"
    assert lines[1] == "2022–2028[^13]. De CO2-heffing blijft."


def test_the_small_rows_at_the_page_foot_are_its_notes_and_the_furniture_goes() -> None:
    page = _page(
        _word("Tweede Kamer der Staten-Generaal", 100, 800, 18.1),
        _word("2", 400, 780, 51.2),
        _body_line(700, ("Bent u bekend met het bericht?", ""), ("1", "up")),
        *_filler(690),
        _word("1", 100, 202.8, 4.5), _word("NOS, 29 oktober 2024, «Een bericht over", 106, 200, 6.9),
        _word("iets», met een tweede regel.", 106, 191, 6.9),
        _word("2", 100, 182.8, 4.5), _word("Kamerstuk 36 600 VI, nr. 102.", 106, 180, 6.9),
        _word("ah-tk-20232024-2367", 100, 82, 5.9),
        _word("ISSN 0921 - 7398", 100, 76, 5.9),
        _word("Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1", 100, 69, 9.1),
    )
    laid = laid_out([page])
    assert [(n.mark, n.text) for n in laid.notes] == [
        ("1", "NOS, 29 oktober 2024, «Een bericht over iets», met een tweede regel."),
        ("2", "Kamerstuk 36 600 VI, nr. 102."),
    ]
    assert laid.printed_id == "ah-tk-20232024-2367"
    body = [line.text for line in laid.lines if line is not None and line.text]
    assert body[0] == "Bent u bekend met het bericht?[^1]"
    assert not any("Tweede Kamer" in t or "ISSN" in t or t == "2" for t in body)
    rules = {rule for rule, _ in laid.dropped}
    assert {"chamber header", "printed id", "issn line", "page footer", "page-foot note"} <= rules


# -- what cannot be read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("scanned.pdf", "no text layer: scanned PDF, OCR is not supported"),  # a real scan
        ("encrypted.pdf", "encrypted PDF: not read (it needs a password)"),  # a real PDF, encrypted here
        ("truncated.pdf", "damaged PDF: not read (PSEOF: Unexpected EOF)"),  # its first 20,000 bytes
    ],
)
def test_a_pdf_that_cannot_be_read_is_one_line(name: str, problem: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_file(PDFS / name)
    assert caught.value.problem == problem
    proc = kamerlezer("parse", PDFS / name)
    assert proc.returncode == 1 and error_lines(proc) == [f"kamerlezer: {PDFS / name}: {problem}"]
