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


# -- where a line break ends a paragraph ------------------------------------------------------
# Lines of real texts (tests/data/corpus), each with what follows it.

_MEASURE = (
    "Vragen van de leden Ellian (VVD) en Paternotte (D66) aan de Ministers van\n"
    "Buitenlandse Zaken en van Justitie en Veiligheid over de aanbesteding van\n"
    "rechtsbijstand aan Nederlandse ter doodveroordeelden (ingezonden\n"
    "6 november 2024).\n"
    "de inzet van het kabinet op het gebied van de rechtsstaat en de mensen-\n"
    "rechten in het buitenland, waaronder de bijstand aan gedetineerden en de\n"
)


def _paragraphs(lines: str) -> list[str]:
    return [p.text for p in read_pdf_text(_MEASURE + "\n" + lines).paragraphs][len(read_pdf_text(_MEASURE).paragraphs):]


def test_a_short_line_that_ends_no_sentence_is_a_heading_or_an_address_line() -> None:
    lines = "1. Inleiding\nHet is voor de geloofwaardigheid van onze rechtsstaat van groot belang\n"
    assert _paragraphs(lines)[:1] == ["1. Inleiding"]
    assert _paragraphs("Den Haag, 5 maart 2019\nHet is voor de geloofwaardigheid\n")[:1] == ["Den Haag, 5 maart 2019"]


@pytest.mark.parametrize(
    "lines",
    [
        # A full line ending in a name goes on (corpus real/040 and extracted/01bf9f06, PyPDF2).
        "Vragen van de leden Soepboer en Wingelaar (beiden Nieuw Sociaal\nContract) aan de Minister\n",
        "Vragen van de leden Sneller (D66), Chakor (GroenLinks-PvdA) en Van\nNispen (SP) aan de Minister\n",
        # An open parenthesis, a comma, a word that needs the next: the sentence goes on.
        "Antwoord van Minister Veldkamp (Buitenlandse Zaken) (ontvangen\n18 november 2024).\n",
        "Het kabinet heeft, mede namens de\nMinister van Financiën, besloten.\n",
    ],
)
def test_a_line_that_goes_on_is_joined_to_the_next(lines: str) -> None:
    assert len(_paragraphs(lines)) == 1


def test_a_paragraph_glued_into_one_line_ends_at_its_line_break() -> None:
    # PyPDF2 (corpus real/016): each paragraph one long line, the next starts on the next line.
    glued = (
        "Bij de meervoudige onderhandse aanbesteding in 2020 zijn meerdereNederlandse partijen benaderd. "
        "Destijds heeft slechts één partij zichingeschreven.\n"
        "Het doel hiervan was meerexpertise en ervaring ten gunste van de juridische bijstand.\n"
    )
    assert len(_paragraphs(glued)) == 2


def test_an_item_of_a_list_starts_after_a_sentence_end() -> None:
    lines = (
        "Het onderzoek verscheen in 2023 en bevat drie aanbevelingen voor de bekostiging:\n"
        "1. Bekostiging naar studentaantallen blijft de basis.\n"
        "2. Een vaste voet per instelling.\n"
    )
    assert _paragraphs(lines) == [
        "Het onderzoek verscheen in 2023 en bevat drie aanbevelingen voor de bekostiging:",
        "1. Bekostiging naar studentaantallen blijft de basis.",
        "2. Een vaste voet per instelling.",
    ]
