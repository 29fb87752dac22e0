"""Each family is recognised from content, not name; and reads small documents of its kind."""

from __future__ import annotations

import pytest

from store.anchors import AnchorError, block_of, parse_place
from store.document_json import from_json, to_json
from store.errors import ParseError
from store.parsing import parse_file, parse_text
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    ("seed", "kind", "doc_id"),
    [("000", "antwoord", "2022Z09230"), ("001", "kamerbrief", "kenmerk-3963666"),
     ("002", "aanhangsel", "ah-tk-20182019-811"), ("003", "schriftelijk-overleg", "kenmerk-6133006"),
     ("004", "kamerbrief", "kst-19637-2535")],
)
def test_the_kind_of_document_is_read_from_its_content_not_its_name(seed: str, kind: str, doc_id: str,
                                                                     tmp_path) -> None:  # fmt: skip
    text = SEEDS[seed].read_text(encoding="utf-8")
    renamed = tmp_path / "zonder-naam.md"  # the name tells nothing
    renamed.write_text(text, encoding="utf-8")
    doc, again = parse_file(SEEDS[seed]), parse_file(renamed)
    assert (doc.kind, doc.id) == (again.kind, again.id) == (kind, doc_id)
    assert doc.blocks == again.blocks


def test_any_other_text_reads_as_paragraphs_headings_notes_and_references() -> None:
    doc = parse_text(
        "# Notitie over migratie\n\nZie Kamerstuk 19 637, nr. 2375 en het verslag¹.\n\n"
        "## Vervolg\n\nDatum: 3 maart 2021.\n\n¹ Kamerstuk 30 573, nr. 171.",
        "notitie.md",
    )
    assert doc.kind == "other" and doc.id == "doc-notitie-over-migratie"  # from its title, not the file name
    assert doc.title == "Notitie over migratie"
    assert [s.title for s in doc.sections] == ["Notitie over migratie", "Vervolg"]
    assert [(f.mark, f.text) for f in doc.footnotes] == [("1", "Kamerstuk 30 573, nr. 171.")]
    assert [r.key for r in doc.references] == ["kst-19637-2375", "kst-30573-171"]
    assert doc.date == "2021-03-03"


def test_answers_letter_without_letterhead_still_pairs_questions() -> None:
    doc = parse_text("Vraag 1\n\nIs dat zo?\n\nAntwoord op vraag 1\n\nJa.\n\nVraag 2\n\nEn dit?\n\nAntwoord 2\n\nNee.",
                     "a.txt")
    assert doc.kind == "antwoord"
    assert [(q.numbers, q.question, q.answer) for q in doc.qa] == [((1,), "Is dat zo?", "Ja."),
                                                                   ((2,), "En dit?", "Nee.")]


def test_ids_are_official_and_stable() -> None:
    assert parse_file(SEEDS["004"]).id == "kst-19637-2535"
    assert parse_file(SEEDS["002"]).id == "ah-tk-20182019-811"
    assert parse_file(SEEDS["001"]).id == "kenmerk-3963666"
    assert parse_file(SEEDS["000"]).id == "2022Z09230"


def test_json_round_trip_keeps_everything() -> None:
    for path in SEEDS.values():
        doc = parse_file(path)
        assert from_json(to_json(doc)) == doc


def test_contract_shape() -> None:
    data = to_json(parse_file(SEEDS["004"]))
    for key in ("id", "kind", "title", "date", "source", "identifiers", "from", "to", "asker", "text", "sections",
                "qa", "footnotes", "references", "cited_by"):
        assert key in data
    assert set(data["identifiers"]) >= {"kenmerk", "zaak", "document", "dossiers", "ondernummer", "vergaderjaar"}
    assert all(set(r) >= {"text", "kind", "key", "in", "target"} for r in data["references"])
    assert "Migratieagenda.[^1]" in data["text"]


def test_reference_positions_point_at_their_text() -> None:
    for path in SEEDS.values():
        doc = parse_file(path)
        for ref in doc.references:
            holder = doc.blocks[ref.block].text if ref.block is not None else doc.footnote(ref.footnote).text
            if ref.kind == "url":
                assert holder[ref.start:ref.end] == ref.key.removeprefix("url:")
            elif ref.kind != "title":
                assert holder[ref.start:ref.end].split()[0] in ref.text


def test_anchors() -> None:
    doc = parse_file(SEEDS["002"])
    answer_19 = block_of(doc, "qa-19")
    assert doc.blocks[answer_19].text == "Antwoord 19"
    assert doc.blocks[block_of(doc, "qa-5")].text == "Antwoord 3 t/m 7"
    assert "[^2]" in doc.blocks[block_of(doc, "fn-2")].text
    letter = parse_file(SEEDS["004"])
    assert letter.blocks[block_of(letter, "sec-2")].text == "1. Voorkomen van irreguliere migratie"
    assert parse_place("ah-tk-20182019-811#qa-19").anchor == "qa-19"
    for bad in ("qa-101", "fn-99", "sec-0", "p-9999"):
        with pytest.raises(AnchorError):
            block_of(doc, bad)
    with pytest.raises(AnchorError):
        parse_place("x#zomaar")


def test_so_questions_are_numbered_by_their_place() -> None:
    doc = parse_file(SEEDS["003"])
    assert not any(qa.numbers for qa in doc.qa)
    assert doc.blocks[block_of(doc, "qa-1")].qa == 0 and doc.qa[0].group == "PVV"


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError):
        parse_text(text, "leeg.txt")
