"""The small passes on their own: decoding, clean, Markdown, paragraphs, letterheads, labels, dates."""

from __future__ import annotations

import codecs

import pytest

from store.decoding import decode_bytes
from store.errors import ParseError
from store.parsing.passes.clean import clean
from store.parsing.passes.dates import find_dates, parse_date
from store.parsing.passes.labels import parse_label, parse_numbers
from store.parsing.passes.letterhead import read_letterhead, strip_repeats
from store.parsing.passes.markdown import inline, is_bold
from store.parsing.passes.paragraphs import Para, RawPara, is_continuation, join_continuations, split_raw, to_para
from store.parsing.passes.structure import is_bare_heading, sender_of


# --- decoding -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Geïnformeerd".encode(), "Geïnformeerd", "utf-8"),
        (codecs.BOM_UTF8 + "Geïnformeerd".encode(), "Geïnformeerd", "utf-8-sig"),
        ("Geïnformeerd – ‘ja’".encode("cp1252"), "Geïnformeerd – ‘ja’", "cp1252"),
        ("Geïnformeerd".encode("latin-1"), "Geïnformeerd", "cp1252"),
        ("Geïnformeerd".encode("utf-16"), "Geïnformeerd", "utf-16"),
    ],
)
def test_legacy_encodings_are_decoded_not_rejected(data: bytes, text: str, encoding: str) -> None:
    decoded = decode_bytes(data, "brief.txt")
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"", "empty file"), (b"  \n\n ", "contains only white space"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file")],
)
def test_what_is_not_text_is_refused_with_its_name(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError) as err:
        decode_bytes(data, "x/brief.txt")
    assert str(err.value).startswith("x/brief.txt: ") and problem in str(err.value)


# --- clean ----------------------------------------------------------------------------------
def test_clean_makes_controls_visible_and_drops_invisible_characters() -> None:
    assert clean("a\x1b[31mrood\x1b[0m\r\nb\u00adc\u200bd\x00") == "a␛[31mrood␛[0m\nbcd␀"


def test_clean_keeps_the_leading_space_that_marks_a_pdf_page_start() -> None:
    assert clean(" Vraag 32  \n") == " Vraag 32\n"


# --- markdown -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("**Het kabinet** is *zeer* blij", "Het kabinet is zeer blij"),
        ("voorgesteld.<sup>1</sup> Het", "voorgesteld.[^1] Het"),
        ("[Kamerbrief | Rijksoverheid.nl](#)", "Kamerbrief | Rijksoverheid.nl"),
        ("[www.rijksoverheid.nl/jenv](http://www.rijksoverheid.nl/jenv)", "http://www.rijksoverheid.nl/jenv"),
        ("(<https://www.trouw.nl/binnenland/x>)", "(https://www.trouw.nl/binnenland/x)"),
        ("minister\\_sinds", "minister_sinds"),
        ("**Rechten van de**", "Rechten van de"),
        ("EU-lidstaten en 3 * 4 = 12", "EU-lidstaten en 3 * 4 = 12"),
    ],
)
def test_markdown_inline(raw: str, plain: str) -> None:
    assert inline(raw) == plain


def test_bold_paragraphs_even_when_a_page_break_cut_the_run() -> None:
    assert is_bold("**Antwoord in vet.**") and is_bold("**tot Bescherming van de")
    assert not is_bold("Gewoon **vet** hier")


def test_bold_markers_on_hostile_input_stay_linear() -> None:
    assert inline("**a " * 50000).count("*") == 0


# --- paragraphs -----------------------------------------------------------------------------
def test_split_raw_counts_blank_lines() -> None:
    paras = split_raw("een\n\ntwee\n\n\n\ndrie")
    assert [(p.text, p.gap) for p in paras] == [("een", 0), ("twee", 1), ("drie", 3)]


@pytest.mark.parametrize(
    ("prev", "nxt", "joined"),
    [
        (Para("Dat proces is een inzet die over"), Para("diverse banden wordt geconcretiseerd."), True),
        (Para("van de Rechten van de", bold=True), Para("Mens en de Vrijheden.", bold=True, after_break=True), True),
        (Para("Dat doet", bold=True), Para("Nederland uitsluitend in bilateraal verband met afspraken.", heading=2,
                                           bold=True, after_break=True), True),
        (Para("uitstel van vertrek om medische redenen", bold=True), Para("Zoals gezegd kan het.", bold=True), False),
        (Para("Een zin die eindigt."), Para("nog een zin"), False),
        (Para("De Staatssecretaris van Justitie en Veiligheid,"), Para("E. van der Burg"), False),
        (Para("Vraag 3", heading=0), Para("Antwoord", heading=3), False),
    ],
)
def test_continuation_across_a_page_break(prev: Para, nxt: Para, joined: bool) -> None:
    assert is_continuation(prev, nxt) is joined


def test_join_continuations_keeps_what_the_caller_marks() -> None:
    paras = [Para("eerste deel van"), Para("Antwoord op vraag 1"), Para("tekst.")]
    joined = join_continuations(paras, keep=lambda p: p.text.startswith("Antwoord"))
    assert [p.text for p in joined] == ["eerste deel van", "Antwoord op vraag 1", "tekst."]


def test_a_closing_keeps_its_signature_on_its_own_line() -> None:
    assert to_para(RawPara("De Staatssecretaris van Justitie en Veiligheid,\nA. Broekers-Knol")).text == (
        "De Staatssecretaris van Justitie en Veiligheid,\nA. Broekers-Knol"
    )


# --- letterhead -----------------------------------------------------------------------------
LETTER = """\
> Retouradres Postbus 20301 2500 EH Den Haag

Aan de Voorzitter van de Tweede Kamer
der Staten-Generaal
Postbus 20018

**Directoraat-Generaal
Migratie**
Bureau Internationale Migratie
Turfmarkt 147

Datum 16 mei 2022
Onderwerp Antwoorden Kamervragen over het International Migration Review
Forum (IMRF)

Ons kenmerk
4010904

Uw kenmerk
2022Z09230

Hierbij bied ik u de antwoorden aan op de schriftelijke vragen van het lid Van Haga aan mij.

**Directoraat-Generaal
Migratie**
Bureau Internationale
Migratie

Datum
16 mei 2022

Vraag 1
"""


def test_letterhead_fields_and_its_repeats_at_page_breaks() -> None:
    paras = [to_para(r) for r in split_raw(LETTER)]
    head = read_letterhead(paras)
    assert (head.date, head.subject, head.kenmerk, head.their_kenmerk, head.addressee) == (
        "2022-05-16", "Antwoorden Kamervragen over het International Migration Review Forum (IMRF)", "4010904",
        "2022Z09230", "Tweede Kamer",
    )
    body = strip_repeats(paras, head)
    assert [p.text for p in body] == [
        "Hierbij bied ik u de antwoorden aan op de schriftelijke vragen van het lid Van Haga aan mij.", "Vraag 1",
    ]
    assert body[1].after_break


# --- structure ------------------------------------------------------------------------------
def test_bare_headings_and_signatures() -> None:
    prose = Para("Het Global Compact on Migration is op 19 december 2018 aangenomen.")
    assert is_bare_heading(Para("Inleiding", lines=("Inleiding",)), prose, prose)
    assert is_bare_heading(Para("1. Voorkomen van irreguliere migratie", lines=("x",)), prose, prose)
    assert not is_bare_heading(Para("E. van der Burg", lines=("E. van der Burg",)), prose, prose)
    assert not is_bare_heading(Para("Kling", lines=("Kling",)), Para("De griffier,"), None)
    assert not is_bare_heading(Para("Ik ben voornemens deel te nemen.", lines=("x",)), prose, prose)


def test_sender_from_the_closing() -> None:
    paras = [Para("Tekst."), Para("De Minister van Asiel en Migratie,", lines=("De Minister van Asiel en Migratie,",))]
    assert sender_of(paras) == "Minister van Asiel en Migratie"


# --- labels and dates -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "numbers"),
    [("3 t/m 7", (3, 4, 5, 6, 7)), ("11, 12 en 14", (11, 12, 14)), ("27 en 28", (27, 28)), ("11–14", (11, 12, 13, 14)),
     ("74, 75 en 76", (74, 75, 76)), ("1", (1,))],
)
def test_grouped_question_numbers(written: str, numbers: tuple[int, ...]) -> None:
    assert parse_numbers(written) == numbers


def test_labels() -> None:
    assert parse_label("Antwoord op vraag 1").numbers == (1,)
    assert parse_label("Vraag 56 t/m 59").kind == "vraag"
    assert parse_label("Vraag 3 is interessant") is None
    assert parse_label("Antwoord") is None


def test_dates() -> None:
    assert parse_date("Datum 16 mei 2022") == "2022-05-16"
    assert parse_date("d.d. 29 april 2022") == "2022-04-29"
    assert parse_date("datum: 2019-10-14") == "2019-10-14"
    assert parse_date("31 februari 2022") is None
    assert [d for d, _, _ in find_dates("op 12 en 13 december 2024 en 1 mei 2019")] == ["2024-12-13", "2019-05-01"]
