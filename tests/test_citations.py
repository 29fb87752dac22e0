"""The citation grammar: every named pattern with its real example, and the forms the issue lists."""

from __future__ import annotations

import pytest

from store.formats import vergaderjaar_digits as vergaderjaar
from store.parsing.passes.citations import PATTERNS, scan
from store.parsing.passes.references import find_references, note_references


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_each_pattern_reads_its_real_examples(pattern) -> None:
    assert len(pattern.examples) >= 2  # more than one real form per row
    for text, keys in pattern.examples:
        assert tuple(c.key for c in scan(text)) == keys, text


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Kamerstuk 19 637, nr. 2478", ["kst-19637-2478"]),
        ("Kamerstukken II, 2024-2025, 32 317, nr. 890", ["kst-32317-890"]),
        ("TK 2020-2021, 19 637, nr. 2688", ["kst-19637-2688"]),
        ("Kamerstukken 19 637 en 30 573, nr. 2375", ["kst-19637-2375"]),
        ("Kamerstuk 19 637 / 30 573, nr. 2375.", ["kst-19637-2375"]),
        ("Kamerstuk 36600-VI, nr. 102", ["kst-36600-VI-102"]),
        ("Kamerstuk 35 000 VI, nr. 59.", ["kst-35000-VI-59"]),
        ("Kamerstuk 34 300 XVII, nr. 34.", ["kst-34300-XVII-34"]),
        ("Kamerstuk 21 501-02 nr. 2732", ["kst-21501-02-2732"]),
        ("Kamerstukken I 2021/22, 35 925, nr. E", ["kst-35925-E"]),
        ("Kamerstukken II 2019/20, 35 300-XV, nr. 28", ["kst-35300-XV-28"]),
        ("Kamerstukken 19 637, nrs. 520 en 548", ["kst-19637-520", "kst-19637-548"]),
        ("Kamerstukken I 2021/22, 35 925, nrs. A en B", ["kst-35925-A", "kst-35925-B"]),
        # "en TK" starts the next citation, it is not a number "TK" of the first
        ("Kamerstuk 36600-VI, nr. 102 en TK 2020-2021, 19 637, nr. 2688", ["kst-36600-VI-102", "kst-19637-2688"]),
        ("Tweede Kamer, vergaderjaar 2018-2019, 30 573, nr. 153", ["kst-30573-153"]),
        ("(Kamerstuk \n34 775, nr. 51)", ["kst-34775-51"]),  # broken across a PDF line
        ("Kamerstukken II, 2022-2023, 32317, nr. 830 en Kamerstukken II, 2023-2024, 32317, nr. 852.",
         ["kst-32317-830", "kst-32317-852"]),
        ("Aanhangsel Handelingen II 2019/20, nr. 89", ["ah-tk-20192020-89"]),
        ("Aanhangsel Handelingen, vergaderjaar 2018–2019, nr. 665.", ["ah-tk-20182019-665"]),
        ("Handelingen II 2018/2019, nr. 27, item 10, p. 14.", ["h-tk-20182019-27"]),
        ("Tweede Kamerstuk, vergaderjaar 2017–2018, Handelingen, nr. 17", ["h-tk-20172018-17"]),
        ("(Stb. 2019, 143)", ["stb-2019-143"]),
        ("Uw kenmerk 2022Z09230", ["2022Z09230"]),
        ("Nummer: 2019D40742, datum", ["2019D40742"]),
        ("Zie het antwoord op vraag 19.", ["qa:19"]),
        ("Zie beantwoording vragen 11, 12, 14.", ["qa:11", "qa:12", "qa:14"]),
        ("Nee. Zie antwoorden op de vragen 48 en 49.", ["qa:48", "qa:49"]),
        ("zoals ook is toegelicht in het antwoord op vraag 70.", ["qa:70"]),
    ],
)
def test_citation_forms(text: str, keys: list[str]) -> None:
    assert [c.key for c in scan(text)] == keys


@pytest.mark.parametrize(
    "text",
    [
        "19 637 Vreemdelingenbeleid",  # a dossier heading, no number cited
        "Tweede Kamerstuk, vergaderjaar 2017–2018, 3, nr. 2375. 952, nr. 1.",  # garbled: no dossier
        "In 2017 zijn 3.1 miljoen verblijfsvergunningen afgegeven",
        "op 12 en 13 december 2024",
        "Vraag 3 t/m 7",
    ],
)
def test_no_citation_where_there_is_none(text: str) -> None:
    assert scan(text) == []


def test_urls_lose_sentence_punctuation_but_keep_their_own_parentheses() -> None:
    keys = [c.key for c in scan("via https://nos.nl/l/2279584). En zie (https://a.nl/x_(y)).")]
    assert keys == ["url:https://nos.nl/l/2279584", "url:https://a.nl/x_(y)"]


def test_each_number_of_a_multiple_citation_is_its_own_link() -> None:
    text = "Zie antwoorden op de vragen 48 en 49."
    refs = find_references(text)
    assert [text[r.start:r.end] for r in refs] == ["Zie antwoorden op de vragen 48", "49"]


def test_a_note_naming_a_document_by_title_and_date_is_a_title_reference() -> None:
    refs = note_references("1", "Deelname en inzet Nederland aan het IMRF, d.d. 29 april 2022")
    assert [(r.kind, r.key, r.where) for r in refs] == [("title", None, "footnote 1")]
    assert note_references("2", "TK 2020-2021, 19 637, nr. 2688")[0].kind == "kamerstuk"
    assert note_references("3", "Global Compact for Migration, punt 16") == []  # no date: nothing to resolve by


def test_vergaderjaar_forms() -> None:
    assert vergaderjaar("2018–2019") == vergaderjaar("2018/19") == vergaderjaar("2018 - 2019") == "20182019"


@pytest.mark.parametrize(
    ("text", "key", "anchor"),
    [
        ("Zie Kamerstuk 36 600 VI, nr. 102, antwoord op vraag 3.", "kst-36600-VI-102", "qa-3"),
        ("Zie het antwoord op vraag 3 in Aanhangsel Handelingen II 2018/19, nr. 665.", "ah-tk-20182019-665", "qa-3"),
        ("(Aanhangsel Handelingen, vergaderjaar 2018–2019, nr. 665, vraag 12)", "ah-tk-20182019-665", "qa-12"),
        ("Kamerstuk 19 637, nr. 2375. Vraag 4 gaat over iets anders.", "kst-19637-2375", None),
    ],
)
def test_a_citation_may_name_an_answer_in_the_cited_document(text: str, key: str, anchor: str | None) -> None:
    refs = find_references(text)
    # The answer belongs to the cited document: no in-document answer reference is left.
    assert [(r.key, r.anchor) for r in refs] == [(key, anchor)]


def test_an_answer_in_this_document_stays_one_beside_a_citation() -> None:
    refs = find_references("Zie het antwoord op vraag 19. Kamerstuk 19 637, nr. 2375 gaat daarover.")
    assert [(r.key, r.anchor) for r in refs] == [("qa:19", None), ("kst-19637-2375", None)]
