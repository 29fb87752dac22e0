"""PDF text to paragraphs: hyphenation, web addresses, page footers, notes at page ends."""

from __future__ import annotations

import pytest

from store.parsing.passes.labels import parse_label
from store.parsing.passes.pdftext import join_line, read_pdf_text, vocabulary_of


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("namens Neder-", "land te ondertekenen", "namens Nederland te ondertekenen"),
        ("Kortheids-", "halve verwijst", "Kortheidshalve verwijst"),
        ("met 26 andere EU-", "lidstaten", "met 26 andere EU-lidstaten"),  # a real hyphen
        ("niet-bindende of niet-", "afdwingbare", "niet-bindende of niet-afdwingbare"),
        ("de motie-", "Baudet over", "de motie-Baudet over"),
        ("bestaande toelatings-", "en toegangsprocedures", "bestaande toelatings- en toegangsprocedures"),
        ("(https://www.un.org/pga/72/wp-content/", "uploads/sites/51/2018/07/migration.pdf)",
         "(https://www.un.org/pga/72/wp-content/uploads/sites/51/2018/07/migration.pdf)"),
        ("een gewone", "regel", "een gewone regel"),
    ],
)
def test_join_line(left: str, right: str, joined: str) -> None:
    assert join_line(left, right, vocabulary_of("niet-bindende en niet-afdwingbare")) == joined


def test_a_hyphenated_form_seen_elsewhere_in_the_text_is_kept() -> None:
    vocabulary = vocabulary_of("het begrip immigratie-gerelateerde thema's")
    assert join_line("over immigratie-", "gerelateerde zaken", vocabulary) == "over immigratie-gerelateerde zaken"


PAGE = """\
 Vragen gesteld door de leden der Kamer

Vraag 27 en 28
Deelt u de opvatting dat migratie een bron van voorspoed is? Zo ja, kunt u
deze voordelen

4 Zie o.a. https://ec.europa.eu/eurostat/statistics-explained/index.php/
Residence_permits_statistics en nog meer
 voor Nederland kwantificeren? Hoe beschouwt u de negatieve effecten
van de massale immigratie?

Antwoord 27 en 28
Ja.

Tweede Kamer, vergaderjaar 2018–2019, Aanhangsel 11



Vraag 29
Is dat zo?
"""


def test_notes_at_a_page_end_are_lifted_and_the_question_they_cut_is_joined() -> None:
    pdf = read_pdf_text(PAGE, standalone=lambda line: parse_label(line) is not None)
    texts = [p.text for p in pdf.paragraphs]
    assert texts[0] == "Vraag 27 en 28"  # the page header is furniture
    assert texts[1] == (
        "Deelt u de opvatting dat migratie een bron van voorspoed is? Zo ja, kunt u deze voordelen "
        "voor Nederland kwantificeren? Hoe beschouwt u de negatieve effecten van de massale immigratie?"
    )
    assert [(n.mark, n.text) for n in pdf.notes] == [
        ("4", "Zie o.a. https://ec.europa.eu/eurostat/statistics-explained/index.php/Residence_permits_statistics "
              "en nog meer")
    ]
    assert pdf.footers == (
        "Vragen gesteld door de leden der Kamer", "Tweede Kamer, vergaderjaar 2018–2019, Aanhangsel 11"
    )
    assert not any("Aanhangsel 11" in t for t in texts)
    assert texts[-2:] == ["Vraag 29", "Is dat zo?"]


def test_a_sentence_ending_on_a_short_line_ends_the_paragraph() -> None:
    text = (
        "Wat is de juridische status van het Marrakesh Immigratiepact? In welke mate\n"
        "is Nederland door het pact gebonden?\n"
        "Waarom wil de regering het Marrakesh immigratiepact zo graag tekenen? Zeker\n"
        "gezien het feit dat de Verenigde Staten en Hongarije zich al hebben\n"
    )
    paragraphs = [p.text for p in read_pdf_text(text).paragraphs]
    assert paragraphs[0] == (
        "Wat is de juridische status van het Marrakesh Immigratiepact? In welke mate is Nederland door "
        "het pact gebonden?"
    )
    assert paragraphs[1].startswith("Waarom wil de regering")
