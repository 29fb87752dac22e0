"""The traps of real documents (tests/data/corpus/README.md, the corpus README's list), each on
a real example: the file it is in and what a right reading shows. Where the corpus here holds
no example of a form the corpus README quotes, a fixture written in that form stands in
(tests/data/fixtures/README.md says which)."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.formats import MARKER
from store.model import Document
from store.parsing import parse_file, parse_traced

DATA = Path(__file__).parent / "data"
REAL = DATA / "corpus" / "real"
EXTRACTED = DATA / "corpus" / "extracted"
FIXTURES = DATA / "fixtures"


def real(prefix: str) -> Path:
    return next(REAL.glob(f"{prefix}_*.txt"))


def text_of(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks)


def note(doc: Document, mark: str) -> str | None:
    found = doc.footnote(mark)
    assert found is not None, f"no note {mark}"
    return found.text


def marked_block(doc: Document, mark: str) -> str:
    """The text of the block that holds note `mark`'s marker."""
    return next(b.text for b in doc.blocks if f"[^{mark}]" in b.text)


# -- what extractors produce ---------------------------------------------------------------


def test_pypdf2_text_without_blank_lines_still_pairs_each_question_with_its_answer() -> None:
    doc = parse_file(real("016"))  # no blank line anywhere in the file
    assert "\n\n" not in real("016").read_text(encoding="utf-8")
    assert doc.qa[0].question.startswith("Klopt het dat een aanbestedingsprocedure heeft plaatsgevonden")
    assert doc.qa[0].answer.startswith("Ja. Net als in 2020 is een meervoudige onderhandse")


def test_form_feeds_between_pages_are_page_breaks_not_text() -> None:
    path = EXTRACTED / "1b0f0b98-7c34-418c-98dc-43de7930e685.pdftotext.txt"
    assert path.read_text(encoding="utf-8").count("\f") == 6
    doc = parse_file(path)
    assert "\f" not in text_of(doc) and doc.id == "ah-tk-20232024-1786"


def test_pdftotext_with_and_without_layout_and_pypdf2_read_the_same_pairs() -> None:
    name = "1b0f0b98-7c34-418c-98dc-43de7930e685"
    readings = [parse_file(EXTRACTED / f"{name}.{form}.txt") for form in ("pdftotext-layout", "pdftotext", "pypdf2")]
    assert {tuple(q.numbers for q in doc.qa) for doc in readings} == {
        ((1,), (2,), (3,), (4,), (5,), (6,), (7,), (8,), (9,), (10, 11), (12,), (13,), (14,), (15,))
    }
    assert {doc.id for doc in readings} == {"ah-tk-20232024-1786"}


def test_words_glued_where_lines_broke_get_their_space_back() -> None:
    text = text_of(parse_file(real("042")))  # PyPDF2: "van hetInternationaal Gerechtshof"
    assert "van het Internationaal Gerechtshof (ingezonden 4 september 2024)" in text


# -- page furniture ----------------------------------------------------------------------------


def test_page_furniture_is_taken_out_by_named_rules_however_it_is_glued() -> None:
    doc, dropped = parse_traced(real("016").read_text(encoding="utf-8"), "016")
    rules = {rule for rule, _ in dropped}
    assert {"printed id", "issn line", "chamber header", "vergaderjaar header"} <= rules
    gone = [t for _, t in dropped]
    assert "ah-tk-20242025-582" in gone
    assert "ISSN 0921 - 7398’s-Gravenhage 2024Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1" in gone
    assert "Tweede Kamer der Staten-Generaal2" in gone  # with the page's number glued on
    text = text_of(doc)
    for furniture in ("ISSN", "’s-Gravenhage 20", "Tweede Kamer, vergaderjaar", "ah-tk-20242025-582",
                      "Tweede Kamer der Staten-Generaal"):  # fmt: skip
        assert furniture not in text


# -- notes and markers -------------------------------------------------------------------------


def test_a_note_with_its_number_glued_on_or_after_a_space() -> None:
    assert note(parse_file(real("008")), "1").startswith("NOS, 22 oktober 2024")  # "1NOS, 22 oktober 2024"
    assert note(parse_file(real("030")), "1").startswith("House of Animals, 12 juni 2024")  # "1House of …"
    layout = parse_file(EXTRACTED / "00fe7edd-24c8-4857-98da-774ed3b06836.pdftotext-layout.txt")
    assert all(f.text for f in layout.footnotes)  # numbers set on their own lines, texts after them


def test_markers_glued_to_punctuation_years_and_words() -> None:
    doc = parse_file(real("050"))
    assert marked_block(doc, "1").endswith("d.d. 14 november 2024?[^1]")  # "2024?1": a year, then "?"
    traps = parse_file(FIXTURES / "ah-tk-20232024-2001-traps.pypdf2.txt")  # the README's forms
    assert marked_block(traps, "1").endswith("het BDO-onderzoek?[^1]")
    assert "verscheen in 2023[^2] en bevat" in marked_block(traps, "2")


def test_markers_alone_on_a_line() -> None:
    doc = parse_file(real("008"))  # "2 3" on a line of its own
    assert marked_block(doc, "2").endswith("de motie Bikker-Van den Hil.[^2][^3]")


def test_what_only_looks_like_a_note_stays_text() -> None:
    co2 = parse_file(real("070"))  # "CO" + "2-heffing" at a line start
    assert "internationale CO2-heffing" in text_of(co2) and "2" not in {f.mark for f in co2.footnotes if not f.text}
    traps = parse_file(FIXTURES / "ah-tk-20232024-2001-traps.pypdf2.txt")
    assert [f.mark for f in traps.footnotes] == ["1", "2"]  # the list "1. Bekostiging …" is no note
    assert "1. Bekostiging naar studentaantallen blijft de basis." in text_of(traps)
    assert "De CO2-heffing geldt niet voor onderwijsinstellingen." in text_of(traps)


def test_a_note_that_starts_like_a_page_footer_is_a_note() -> None:
    doc = parse_file(real("026"))  # "2Tweede Kamer, vergaderjaar 2023–2024, 19 637, nr. 3198"
    assert note(doc, "2").startswith("Tweede Kamer, vergaderjaar 2023–2024, 19 637, nr. 3198")
    layout = parse_file(EXTRACTED / "1b0f0b98-7c34-418c-98dc-43de7930e685.pdftotext-layout.txt")
    assert note(layout, "4").startswith("Tweede Kamer, vergaderjaar 2022–2023, 26")  # on a line of its own


def test_a_marker_without_a_note_text_stays_a_marker_with_text_null() -> None:
    doc = parse_file(real("054"))  # Word markers "1)" and "2)", and no note text anywhere
    assert [(f.mark, f.text) for f in doc.footnotes] == [("1", None), ("2", None)]
    assert len([m for b in doc.blocks for m in MARKER.findall(b.text)]) == 2


# -- labels --------------------------------------------------------------------------------------


def test_a_label_naming_several_questions_without_a_comma_between_each() -> None:
    doc = parse_file(EXTRACTED / "1b2d2126-a21e-4c3e-9b18-42206b4cc791.pypdf2.txt")  # "Vraag 7, 8, 9 10 en 11"
    assert [q.numbers for q in doc.qa] == [(1,), (2,), (3, 4, 5, 6), (7, 8, 9, 10, 11), (12,)]


@pytest.mark.parametrize(
    ("name", "pairs"),
    [
        # "Vraag 2" / "Vraag 3" asked apart, "Antwoord op vraag 2 en 3"; "Antwoord 4 en 5" likewise.
        ("antwoord-labels.docx.txt", [((1,), "Ja."), ((2, 3), "De stand van zaken is dat 12 instellingen meedoen."),
                                      ((4, 5), "De evaluatie komt in 2025.")]),
        # "1. …?" followed by "Antwoord:".
        ("antwoord-numbered.docx.txt", [((1,), "Ja."), ((2,), "Gemiddeld 14 weken.")]),
    ],
)  # fmt: skip
def test_one_answer_to_questions_asked_apart_and_the_numbered_form(name: str, pairs: list) -> None:
    doc = parse_file(FIXTURES / name)
    assert [(q.numbers, q.answer) for q in doc.qa] == pairs


def test_questions_asked_apart_keep_each_their_own_text_in_the_pair() -> None:
    doc = parse_file(FIXTURES / "antwoord-labels.docx.txt")
    assert doc.qa[1].question == "Wat is de stand van zaken?\n\nHoeveel instellingen zijn het?"


def test_answer_on_question_n_labels_in_a_ministry_letter() -> None:
    doc = parse_file(real("060"))  # "Vraag 1" … "Antwoord op vraag 1"
    assert doc.kind == "antwoord" and doc.qa[0].numbers == (1,) and doc.qa[0].answer.startswith("De inzichten uit het")


def test_questions_without_answers() -> None:
    put = parse_file(real("010"))  # questions not yet answered: a kv document
    assert put.kind == "vragen" and put.id == "kv-tk-2024Z18436"
    assert len(put.qa) == 12 and all(not q.answer for q in put.qa)
    notice = parse_file(real("008"))  # an Aanhangsel Mededeling: the answer comes later
    assert len(notice.qa) == 9 and all(not q.answer for q in notice.qa)
    assert "Mededeling" in text_of(notice)
