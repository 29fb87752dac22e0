"""Words PyPDF2 glued where the printed lines broke (store/parsing/passes/unglue.py), on lines
of the real corpus (tests/data/corpus/real, extracted)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from store.parsing import parse_file
from store.parsing.passes.clean import clean
from store.parsing.passes.pdftext import _lines, _width, join_line
from store.parsing.passes.unglue import glued_pair, is_glued, plain_words, unglue_line, word_counts
from tests.conftest import SEEDS

CORPUS = Path(__file__).parent / "data" / "corpus"
GLUED = next((CORPUS / "real").glob("042_*.txt"))  # PyPDF2 at its most glued


def _text(path: Path) -> str:
    return clean(path.read_text(encoding="utf-8"))


def _counts(text: str) -> Counter[str]:
    return word_counts(text)


@pytest.mark.parametrize(
    ("path", "glued"),
    [
        (GLUED, True),
        (next((CORPUS / "real").glob("016_*.txt")), True),
        (CORPUS / "extracted" / "1b0f0b98-7c34-418c-98dc-43de7930e685.pdftotext.txt", False),  # spaces kept
        (CORPUS / "extracted" / "1b0f0b98-7c34-418c-98dc-43de7930e685.pdftotext-layout.txt", False),
        (next((CORPUS / "real").glob("022_*.txt")), False),  # Word's text
        (SEEDS["002"], False),
        (SEEDS["004"], False),
    ],
    ids=lambda v: v.name[:24] if isinstance(v, Path) else str(v),
)
def test_only_text_that_shows_the_gluing_is_touched(path: Path, glued: bool) -> None:
    text = _text(path)
    lines = _lines(text)
    assert is_glued([line.text for line in lines], _width(lines)) is glued


@pytest.mark.parametrize(
    ("glued", "unglued"),
    [
        # Punctuation with the next printed line glued on.
        ("Waarom zijn deze diensten met hetzelfde soort werk in diverse «lots»opgeknipt? Waren deze diensten eerder",
         "Waarom zijn deze diensten met hetzelfde soort werk in diverse «lots» opgeknipt? Waren deze diensten eerder"),
        # A capital starting the next printed line.
        ("Israel in the Occupied Palestinian Territory, including East Jerusalem» van hetInternationaal Gerechtshof "
         "(ingezonden 4 september 2024).",
         "Israel in the Occupied Palestinian Territory, including East Jerusalem» van het Internationaal Gerechtshof "
         "(ingezonden 4 september 2024)."),
        # The typesetter's hyphen, kept inside the glued line.
        ("tot een aanpassing van het Nederlandse beleid ten aanzien van het internatio-naal recht hebben geleid en",
         "tot een aanpassing van het Nederlandse beleid ten aanzien van het internationaal recht hebben geleid en"),
    ],
)
def test_a_glue_point_where_a_printed_line_ended(glued: str, unglued: str) -> None:
    counts = _counts(_text(GLUED) + " " + unglued)
    assert unglue_line(glued, 79, counts, plain_words(counts), join_line) == unglued


@pytest.mark.parametrize(
    "line",
    [
        # A web address and an identifier are written as they are.
        "(mobiliteitsalliantie.nl/onderzoek-mobiliteit-te-duur-voor-modaal-inkomen/) en verder de tekst van het",
        "in de uitspraak van de Afdeling bestuursrechtspraak van de Raad van State (ECLI:NL:RVS:2024:3946) staat",
        # A word's optional part, an abbreviation with a hyphen.
        "de arbeidsmarkttekorten in de (zorg)sectoren nemen toe, ook bij de zorgverleners en de poh-ggz.",
    ],
)
def test_what_only_looks_glued_is_left_as_written(line: str) -> None:
    counts = _counts(_text(GLUED))
    assert unglue_line(line, 60, counts, plain_words(counts), join_line) == line


@pytest.mark.parametrize(
    ("a", "b", "glued"),
    [
        ("het", "buitenland", True), ("in", "het", True), ("te", "kunnen", True), ("zijn", "veroordeeld", True),
        ("Afghanistan", "voor", False),  # capital: only a capital after a lower-case word starts a new one
        ("waar", "de", False), ("aan", "geven", False), ("inschrijving", "en", False), ("na", "dat", False),
        ("met", "een", False), ("te", "recht", False), ("over", "een", False), ("bewust", "zijn", False),
        ("vriend", "in", False),
    ],
)  # fmt: skip
def test_two_words_are_glued_only_where_dutch_never_writes_them_as_one(a: str, b: str, glued: bool) -> None:
    counts = Counter({w.lower(): 2 for w in (a, b)})
    assert glued_pair(a, b, counts) is glued


def test_a_glued_document_reads_with_its_spaces_back() -> None:
    source = GLUED.read_text(encoding="utf-8")
    doc = parse_file(GLUED)
    text = " ".join(b.text for b in doc.blocks)
    for fixed in ("van het Internationaal Gerechtshof", "including East Jerusalem", "internationaal recht"):
        assert fixed in text
    assert source.count("hetInternationaal") == 2 and "hetInternationaal" not in text  # shows wherever it is
    # A hyphen is mended only where a printed line ended; most of them are found there.
    assert text.count("internatio-naal") <= source.count("internatio-naal") // 2
