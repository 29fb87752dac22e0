"""A Kamerstuk in the official layout (store/parsing/families/official_kamerstuk.py): its
heading block, page furniture and notes, as PDF text and as the official web page's text.

The fixtures start from real Kamerstukken where the start could be had and are written from
the corpus vocabulary otherwise (tests/data/fixtures/README.md): the real corpus holds none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store.formats import MARKER
from store.parsing import parse_file
from store.parsing.passes.kamerstuk_head import Dossier, dossier_number, read_head
from store.parsing.passes.pages import furniture_rule, own_footers
from tests.conftest import SEEDS

FIXTURES = Path(__file__).parent / "data" / "fixtures"

# file: (id, kind, dossiers, number, date, vergaderjaar, title, sender, notes (mark, start))
EXPECTED = {
    "kst-29279-494.pdftotext.txt": (
        "kst-29279-494", "kamerbrief", ("29279",), "494", "2019-03-05", "2018-2019",
        "Rechtsstaat en Rechtsorde; Brief van de Minister voor Rechtsbescherming", "Minister voor Rechtsbescherming",
        (("1", "Kamerstuk 29 279, nr. 421."), ("2", "Tweede Kamer, vergaderjaar 2017–2018"), ("3", "Bron: CJIB")),
    ),
    "kst-29665-385.web.txt": (
        "kst-29665-385", "kamerbrief", ("29665", "31936"), "385", "2020-04-17", "2019-2020",
        "Evaluatie Schipholbeleid; Brief van de Minister van Infrastructuur en Waterstaat",
        "Minister van Infrastructuur en Waterstaat",
        (("1", "Kamerstuk 29 665, nr. 368"), ("2", "Kamerstuk 29 665, nr. 368, bijlage")),
    ),
    "kst-35261-B.web.txt": (
        "kst-35261-B", "kamerstuk", ("35261",), "B", "2022-06-21", "2021-2022",
        "Wijziging van de Algemene wet bestuursrecht in verband met de herziening van afdeling 2.3 van die wet "
        "(Wet modernisering elektronisch bestuurlijk verkeer); Voorlopig verslag", None,
        (("1", "Samenstelling: Kox (SP)"),),
    ),
    "kst-36200-VI-99.layout.txt": (
        "kst-36200-VI-99", "kamerbrief", ("36200-VI",), "99", "2024-11-14", "2024-2025",
        "Vaststelling van de begrotingsstaten van het Ministerie van Justitie en Veiligheid (VI) voor het jaar 2023; "
        "Brief van de Minister van Justitie en Veiligheid", "Minister van Justitie en Veiligheid",
        (("1", "Kamerstuk 36 200 VI, nr. 12."), ("2", "Kamerstukken II 2023/24"), ("3", "Kamerstuk 24 587, nr. 995.")),
    ),
}  # fmt: skip
EXPECTED["kst-36200-VI-99.pypdf2.txt"] = EXPECTED["kst-36200-VI-99.layout.txt"]

FURNITURE = ("ISSN", "’s-Gravenhage", "kst-", "Vergaderjaar 20")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_kamerstuk_is_read_from_its_heading_block(name: str) -> None:
    doc_id, kind, dossiers, number, date, year, title, sender, notes = EXPECTED[name]
    doc = parse_file(FIXTURES / name)
    assert (doc.id, doc.kind, doc.identifiers.dossiers, doc.identifiers.ondernummer) == (doc_id, kind, dossiers, number)
    assert (doc.date, doc.identifiers.vergaderjaar, doc.title, doc.sender) == (date, year, title, sender)
    read = [(f.mark, (f.text or "")[: len(start)]) for f, (_, start) in zip(doc.footnotes, notes, strict=False)]
    assert read == list(notes)
    assert len(doc.footnotes) == len(notes)
    # Every note's marker stands in the text, each once: glued to a word, a year or capitals.
    markers = [m for b in doc.blocks for m in MARKER.findall(b.text)]
    assert markers == [mark for mark, _ in notes]
    # The heading block is the document's first headings; no page furniture is left in the text.
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text.startswith(dossiers[0][:2])
    for block in doc.blocks:
        assert not any(block.text.startswith(f) for f in FURNITURE), block.text
        assert "Tweede Kamer, vergaderjaar" not in block.text


def test_the_notes_cite_kamerstukken_with_their_budget_chapter() -> None:
    doc = parse_file(FIXTURES / "kst-36200-VI-99.pypdf2.txt")
    assert [r.key for r in doc.references if r.footnote] == ["kst-36200-VI-12", "kst-36410-VI-5", "kst-24587-995"]
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings[2:] == ["Voortgang maatregelen", "Vervolg"]  # bare headings in text without blank lines


def test_a_kamerstuk_on_a_tracking_site_keeps_its_page_reading() -> None:
    # The official heading block is on that page too; the site's chrome and its list of notes
    # ("1. …↩︎") are still read as the page's.
    doc = parse_file(SEEDS["004"])
    assert doc.id == "kst-19637-2535" and len(doc.footnotes) == 26
    assert not any("↩" in (f.text or "") for f in doc.footnotes)


# -- the heading block on its own -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "number"),
    [("29 279", "29279"), ("36 200 VI", "36200-VI"), ("21 501-02", "21501-02"), ("36 600 (R2064)", "36600"),
     ("35000-VI", "35000-VI"), ("23 900 A", "23900-A")],
)  # fmt: skip
def test_dossier_numbers_as_identifiers_hold_them(written: str, number: str) -> None:
    assert dossier_number(written) == number


def test_the_heading_block_in_its_forms() -> None:
    head = read_head([
        "29 665 Evaluatie Schipholbeleid", "31 936 Luchtvaartbeleid",
        "Nr. 385 BRIEF VAN DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 17 april 2020",
    ])  # fmt: skip
    assert head.dossiers == (Dossier("29665", "Evaluatie Schipholbeleid"), Dossier("31936", "Luchtvaartbeleid"))
    assert (head.number, head.what, head.date, head.dated) == (
        "385", "BRIEF VAN DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT", "2020-04-17", None,
    )  # fmt: skip
    assert head.addressee == "de Voorzitter van de Tweede Kamer der Staten-Generaal"
    eerste = read_head(["35 261 Wijziging van de Algemene wet bestuursrecht",
                        "B VOORLOPIG VERSLAG VAN DE VASTE COMMISSIE VOOR BINNENLANDSE ZAKEN1",
                        "Vastgesteld 21 juni 2022"])  # fmt: skip
    assert (eerste.number, eerste.what, eerste.dated) == ("B", "VOORLOPIG VERSLAG VAN DE VASTE COMMISSIE VOOR "
                                                               "BINNENLANDSE ZAKEN", "vastgesteld")  # fmt: skip
    lettered = read_head(["34 550 VIII Vaststelling van de begrotingsstaten", "Nr. 17d AMENDEMENT VAN HET LID X"])
    assert (lettered.dossiers[0].number, lettered.number) == ("34550-VIII", "17d")


def test_a_heading_block_an_extractor_joined_is_cut_into_its_parts() -> None:
    text = (FIXTURES / "kst-36200-VI-99.pypdf2.txt").read_text(encoding="utf-8").replace(
        "voor het jaar 2023\nNr. 99", "voor het jaar 2023 Nr. 99"
    )
    doc = parse_file_text(text)
    assert [b.text for b in doc.blocks[:2]] == [
        "36 200 VI Vaststelling van de begrotingsstaten van het Ministerie van Justitie en Veiligheid (VI) voor het "
        "jaar 2023",
        "Nr. 99 BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID",
    ]


def parse_file_text(text: str):
    from store.parsing import parse_text

    return parse_text(text, "joined.txt")


# -- the page footer, and a note in the same words ----------------------------------------------


def test_a_kamerstuk_footer_is_furniture_only_where_it_names_the_document_itself() -> None:
    lines = [
        "Tweede Kamer, vergaderjaar 2024–2025, 36 200 VI, nr. 99 1",
        "Tweede Kamer, vergaderjaar 2022–2023, 26 485, nr. 123",  # a note citing another paper
        "Tweede Kamer, vergaderjaar 2024–2025, 36 200 VI, nr. 99 2",
    ]
    own = own_footers(lines)
    assert own == frozenset({"kst-36200-VI-99"})
    assert furniture_rule(lines[0], own) == ("page footer", True)
    assert furniture_rule(lines[1], own) is None
    # Printed once, the footer is the document's where it names the id printed above it.
    assert own_footers(["kst-29279-494", "Tweede Kamer, vergaderjaar 2018–2019, 29 279, nr. 494"]) == {"kst-29279-494"}
    # The Aanhangsel's footer and the ISSN line are furniture wherever they stand.
    assert furniture_rule("Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3") == ("page footer", True)
    assert furniture_rule("ISSN 0921 - 7371") == ("issn line", False)
