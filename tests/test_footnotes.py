"""Note texts lifted out of the body; markers written [^N] where they stood."""

from __future__ import annotations

from store.parsing.passes.footnotes import (
    lift_endnote_list,
    lift_sup_notes,
    lift_superscript_notes,
    place_glued_markers,
    superscript_markers,
)
from store.parsing.passes.paragraphs import split_raw


def test_superscript_notes_and_markers() -> None:
    raw = split_raw("Het GCM is niet-bindend¹. Nederland stemde in².\n\n¹Tweede Kamer, 30 573, nr. 153\n\n² Nota")
    removed, notes = lift_superscript_notes(raw)
    assert removed == [False, True, True]
    assert [(n.mark, n.text) for n in notes] == [("1", "Tweede Kamer, 30 573, nr. 153"), ("2", "Nota")]
    assert superscript_markers(raw[0].text, {"1", "2"}) == "Het GCM is niet-bindend[^1]. Nederland stemde in[^2]."


def test_sup_notes_after_a_rule_take_the_rule_with_them() -> None:
    raw = split_raw("**Rechten van de**\n\n---\n\n<sup>2</sup> Kamerstukken II, 2024-25, 32 317, nr. 907.\n\n**Mens.**")
    removed, notes = lift_sup_notes(raw)
    assert removed == [False, True, True, False]
    assert notes[0].mark == "2" and notes[0].text == "Kamerstukken II, 2024-25, 32 317, nr. 907."


def test_endnote_list_of_a_web_page() -> None:
    raw = split_raw("Tekst.\n\n  1. Kamerstukken 19 637 en 30 573, nr. 2375.↩︎\n\n  2. Kamerstuk 35 000 VI, nr. 59.↩︎")
    removed, notes = lift_endnote_list(raw)
    assert removed == [False, True, True]
    assert [n.text for n in notes] == ["Kamerstukken 19 637 en 30 573, nr. 2375.", "Kamerstuk 35 000 VI, nr. 59."]


def test_glued_markers_in_the_seeds_forms() -> None:
    texts = [
        "de Integrale Migratieagenda van 29 maart 20181 leidend.",  # a year with note 1 glued on
        "migratie te faciliteren (Marrakesh-162, doelstelling 5)?",  # a numbered code with note 2
        "toelatingsbeleid te voeren (paragraaf3.",
        "In 2017 zijn 3.1 miljoen vergunningen afgegeven aan Afghanistan.4 Een deel",  # 3.1 is no marker
        "van de arbeidsmarkt5 en bevordert",
        "van het aantal aanvragen in 2018.6 Uit het onderzoek",
        "het samenleven onder druk komt te staan»?7",
    ]
    out = place_glued_markers(texts, [str(n) for n in range(1, 8)])
    assert out == [
        "de Integrale Migratieagenda van 29 maart 2018[^1] leidend.",
        "migratie te faciliteren (Marrakesh-16[^2], doelstelling 5)?",
        "toelatingsbeleid te voeren (paragraaf[^3].",
        "In 2017 zijn 3.1 miljoen vergunningen afgegeven aan Afghanistan.[^4] Een deel",
        "van de arbeidsmarkt[^5] en bevordert",
        "van het aantal aanvragen in 2018.[^6] Uit het onderzoek",
        "het samenleven onder druk komt te staan»?[^7]",
    ]


def test_markers_follow_reading_order_so_a_stray_number_is_not_taken() -> None:
    # "B1" could be note 1, but note 1 must come before note 2, and the strong candidate wins.
    texts = ["Zie de agenda.1 Taalniveau B1 volstaat.", "Dit is de brief.2"]
    assert place_glued_markers(texts, ["1", "2"]) == ["Zie de agenda.[^1] Taalniveau B1 volstaat.",
                                                      "Dit is de brief.[^2]"]


def test_numbers_inside_web_addresses_are_never_markers() -> None:
    assert place_glued_markers(["zie https://nos.nl/l/2279584 nu"], ["4"]) == ["zie https://nos.nl/l/2279584 nu"]


def test_ten_thousand_markers_place_in_linear_time() -> None:
    texts = [f"zin nummer{n}." for n in range(1, 10001)]
    out = place_glued_markers(texts, [str(n) for n in range(1, 10001)])
    assert out[0] == "zin nummer[^1]." and out[-1] == "zin nummer[^10000]."
