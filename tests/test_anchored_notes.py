"""Notes and bookmarks stay on what they are about when their document is imported again changed
(issue 13): real imports into a real cache, of seeds changed as a new version changes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kamerlezer import cli
from store.anchors import block_of
from store.library import Library
from store.model import Document
from store.parsing import parse_file, parse_text
from store.placing import LIKE, Rematch, clue_of, likeness
from store.userdata import UserData, quote_for
from tests.conftest import SEEDS

INSERTED = (
    "Een eerste alinea die in de nieuwe versie is ingevoegd, over iets heel anders dan de rest. \n\n"
    "Een tweede ingevoegde alinea: ook deze stond niet in de eerste versie van het stuk. \n\n"
    "En een derde, zodat alles daarna drie blokken verder staat dan eerst. \n\n"
)


def _copy(seed: str, tmp_path: Path) -> Path:
    source = tmp_path / "bron.txt"
    source.write_text(SEEDS[seed].read_text(encoding="utf-8"), encoding="utf-8")
    return source


def _edit(source: Path, *changes: tuple[str, str]) -> None:
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")


def _text_at(doc: Document, anchor: str) -> str:
    return doc.blocks[block_of(doc, anchor)].text


@pytest.fixture
def aanhangsel(tmp_path: Path) -> tuple[Library, UserData, Path, Document]:
    source = _copy("002", tmp_path)
    lib = Library(tmp_path / "cache")
    assert lib.import_paths([source]).added
    (doc_id,) = [e.id for e in lib.entries()]
    return lib, UserData.for_cache(lib.path), source, lib.load(doc_id)


def test_notes_on_an_aanhangsel_follow_their_text_into_the_new_version(aanhangsel, capsys) -> None:
    lib, user, source, doc = aanhangsel
    answer = block_of(doc, "qa-19")
    on_answer = user.save_note(doc, answer, "bij antwoord 19").note  # the reader's `a` on "Antwoord 19"
    on_text = user.save_note(doc, answer + 1, "de alinea eronder").note  # a paragraph: by its text
    edited = user.save_note(doc, block_of(doc, "qa-20") + 1, "licht gewijzigd").note
    deleted = user.save_note(doc, block_of(doc, "qa-9") + 2, "wordt geschrapt").note
    # As `kamerlezer note add ID#fn-6` makes it (no fingerprint: the quote of the passage).
    footnote = user.add_note(doc.id, "fn-6", "de voetnoot", quote_for(doc, "fn-6"))
    bookmark = user.toggle_bookmark(doc, answer).bookmark
    gone_mark = user.bookmark_at(doc, block_of(doc, "qa-9") + 2).bookmark
    assert on_answer and on_text and edited and deleted
    assert (on_answer.anchor, bookmark.anchor) == ("qa-19", "qa-19")
    assert on_text.anchor == f"p-{answer + 2}" and doc.blocks[answer + 1].text.startswith("Deze vraagt wekt")
    assert doc.blocks[block_of(doc, "qa-9") + 2].text.startswith("De Nederlandse inbreng")
    before = {n.id: _text_at(doc, n.anchor) for n in user.notes()}

    _edit(
        source,
        ("Vraag 19\n", INSERTED + "Vraag 19\n"),  # three paragraphs before the annotated answer
        ("Het kabinet deelt deze mening niet.", "Het kabinet deelt deze mening uitdrukkelijk niet."),
        ("De Nederlandse inbreng is gecoördineerd door het Ministerie van Buiten-\nlandse Zaken en het Ministerie "
         "van Justitie en Veiligheid in nauwe samenwer-\nking met de meest betrokken ministeries. Daarnaast hebben "
         "verschillende \nNederlandse maatschappelijke organisaties hun zienswijze kenbaar gemaakt. \n", ""),
    )  # fmt: skip
    report = lib.import_paths([source])
    assert report.replaced == (doc.id,)
    new = lib.load(doc.id)
    assert len(new.blocks) == len(doc.blocks) + 3 - 1

    notes = {n.id: n for n in user.notes()}
    assert set(notes) == set(before)  # nothing lost
    for note_id in (on_answer.id, on_text.id, footnote.id):
        assert not notes[note_id].lost
        assert _text_at(new, notes[note_id].anchor) == before[note_id]  # the block with the same text
    assert notes[on_answer.id].anchor == "qa-19"  # the answer still answers question 19
    assert notes[on_text.id].anchor == f"p-{answer + 2 + 3 - 1}"  # three inserted, one deleted before it
    assert notes[footnote.id].anchor == "fn-6"
    assert not notes[edited.id].lost
    assert _text_at(new, notes[edited.id].anchor).startswith("Het kabinet deelt deze mening uitdrukkelijk niet.")
    assert notes[deleted.id].lost and notes[deleted.id].quote == deleted.quote
    assert notes[deleted.id].anchor == deleted.anchor  # kept as it was, never moved
    marks = {b.id: b for b in user.bookmarks()}
    assert marks[bookmark.id].anchor == "qa-19" and not marks[bookmark.id].lost
    assert marks[gone_mark.id].lost
    assert any("not found in the new version" in m for m in report.messages)

    # Listed as such, with the old quote; and marking no block of the new version.
    assert block_of(new, deleted.anchor) not in user.marks(new).noted or any(
        not n.lost and block_of(new, n.anchor) == block_of(new, deleted.anchor) for n in notes.values()
    )
    cli.main(["--cache", str(lib.path), "note", "list"])
    out = capsys.readouterr().out
    assert "[not found in the new version] wordt geschrapt" in out
    assert "De Nederlandse inbreng" in out
    cli.main(["--cache", str(lib.path), "note", "list", "--json"])
    listed = {n["id"]: n for n in json.loads(capsys.readouterr().out)}
    assert listed[deleted.id]["not_found"] is True and "not_found" not in listed[on_text.id]
    cli.main(["--cache", str(lib.path), "bookmark", "list"])
    assert "[not found in the new version]" in capsys.readouterr().out


def test_a_restored_paragraph_brings_its_note_back(aanhangsel) -> None:
    lib, user, source, doc = aanhangsel
    original = source.read_text(encoding="utf-8")
    paragraph = block_of(doc, "qa-9") + 2
    note = user.save_note(doc, paragraph, "wordt geschrapt en komt terug").note
    assert note is not None
    cut = ("De Nederlandse inbreng is gecoördineerd door het Ministerie van Buiten-\n", "")
    _edit(source, cut, ("landse Zaken en het Ministerie van Justitie en Veiligheid in nauwe samenwer-\n", ""))
    lib.import_paths([source])
    assert user.notes()[0].lost
    source.write_text(original, encoding="utf-8")
    assert lib.import_paths([source]).replaced == (doc.id,)
    (back,) = user.notes()
    assert not back.lost and _text_at(lib.load(doc.id), back.anchor) == doc.blocks[paragraph].text


def test_a_section_is_found_by_its_title_and_a_paragraph_by_its_text(tmp_path: Path) -> None:
    source = _copy("001", tmp_path)
    lib = Library(tmp_path / "cache")
    lib.import_paths([source])
    (doc_id,) = [e.id for e in lib.entries()]
    doc, user = lib.load(doc_id), UserData.for_cache(lib.path)
    heading = next(s.block for s in doc.sections if s.title == "Nederlandse inzet IMRF")
    on_heading = user.save_note(doc, heading, "de inzet").note
    on_paragraph = user.save_note(doc, heading + 2, "de boodschap").note
    assert on_heading and on_paragraph and on_heading.anchor == "sec-2"
    assert on_heading.fingerprint == "nederlandse inzet imrf"

    _edit(source, ("Nederlandse inzet IMRF\n", "Een nieuw hoofdstuk\n\n" + INSERTED + "Nederlandse inzet IMRF\n"))
    assert lib.import_paths([source]).replaced == (doc_id,)
    new = lib.load(doc_id)
    assert [s.title for s in new.sections][:3] == ["Inleiding", "Een nieuw hoofdstuk", "Nederlandse inzet IMRF"]
    notes = {n.id: n for n in user.notes()}
    assert notes[on_heading.id].anchor == "sec-3" and not notes[on_heading.id].lost
    assert _text_at(new, notes[on_paragraph.id].anchor) == doc.blocks[heading + 2].text


def test_an_unchanged_reimport_leaves_the_users_file_alone(aanhangsel) -> None:
    lib, user, source, doc = aanhangsel
    user.save_note(doc, block_of(doc, "qa-19"), "blijft")
    before = user.path.read_bytes()
    assert lib.import_paths([source]).unchanged == (doc.id,)
    assert user.path.read_bytes() == before


# -- the threshold, measured -------------------------------------------------------------------


def _paragraphs(seed: str) -> list[str]:
    return [clue_of(b.text) for b in parse_file(SEEDS[seed]).blocks if b.kind == "paragraph" and len(b.text) >= 80]


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_a_lightly_edited_paragraph_is_like_itself_and_no_other_paragraph_is(seed: str) -> None:
    paragraphs = _paragraphs(seed)
    for i, text in enumerate(paragraphs):
        words = text.split()
        words[len(words) // 2] = "anders"  # a word changed
        words.insert(len(words) // 3, "nu")  # and one added
        assert likeness(text, " ".join(words)) >= LIKE + 5
        others = [likeness(text, other) for j, other in enumerate(paragraphs) if j != i]
        assert max(others, default=0) < LIKE - 15, text[:60]


def test_a_deleted_heading_is_not_taken_for_its_twin_that_was_there_already() -> None:
    """Seed 003 has a heading per fractie: "… van de leden van de VVD-fractie" and the PVV's read
    98% alike. The VVD's deleted, its note is not found; the PVV's unchanged heading is no candidate."""
    text = SEEDS["003"].read_text(encoding="utf-8")
    old = parse_text(text, "003.txt")
    vvd = next(i for i, b in enumerate(old.blocks) if b.text == "Vragen en opmerkingen van de leden van de VVD-fractie")
    pvv = next(i for i, b in enumerate(old.blocks) if b.text == "Vragen en opmerkingen van de leden van de PVV-fractie")
    assert likeness(clue_of(old.blocks[vvd].text), clue_of(old.blocks[pvv].text)) > LIKE
    heading = "Vragen en opmerkingen van de leden van de VVD-fractie"
    new = parse_text(text.replace(f"**{heading}**\n", "").replace(f"{heading}\n", ""), "003.txt")  # and the contents
    assert not any("VVD-fractie" in b.text and len(b.text) < 80 for b in new.blocks)
    rematch = Rematch(old, new)
    assert rematch.place(f"p-{vvd + 1}", None) is None
    pvv_now = rematch.place(f"p-{pvv + 1}", None)
    assert pvv_now is not None and new.blocks[block_of(new, pvv_now)].text == old.blocks[pvv].text


def test_a_place_is_bookmarked_once_from_the_command_line(aanhangsel, capsys) -> None:
    lib, user, _source, doc = aanhangsel
    cache = str(lib.path)
    assert cli.main(["--cache", cache, "bookmark", "add", f"{doc.id}#qa-19"]) == 0
    assert capsys.readouterr().out == f"bookmark 1: {doc.id}#qa-19\n"
    # The same place again, or another anchor of its block: said, exit 0, no second bookmark.
    for place in (f"{doc.id}#qa-19", f"{doc.id}#p-{block_of(doc, 'qa-19') + 1}"):
        assert cli.main(["--cache", cache, "bookmark", "add", place]) == 0
        assert capsys.readouterr().out == f"already bookmarked: bookmark 1 ({doc.id}#qa-19)\n"
    assert cli.main(["--cache", cache, "bookmark", "add", f"{doc.id}#qa-20"]) == 0
    assert [b.id for b in user.bookmarks()] == [1, 2]
