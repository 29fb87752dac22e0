"""The user's own work in the reader, under faults: a note changed or removed elsewhere while
it is being edited, a user file with places the reader cannot place or nested too deep, and
a list of 50,000 notes. The other side of each change is a real `kamerlezer` process."""

from __future__ import annotations

import json

from store.userdata import UserData
from tests.cli_run import kamerlezer
from tests.tui.conftest import SIZE_LARGE, drive, notifications, open_document, screen_text, settle
from tui.screens.choice import ChoiceScreen
from tui.screens.main import MainScreen
from tui.screens.marks import NotesScreen
from tui.screens.note_editor import NoteEditor


async def _edit_first_note(pilot, typed: str) -> None:
    """From the notes list: the editor on the first note, its text replaced by `typed` (not saved yet)."""
    await pilot.press("A")
    assert isinstance(pilot.app.screen, NotesScreen)
    await pilot.press("e")
    assert isinstance(pilot.app.screen, NoteEditor)
    pilot.app.screen.query_one("TextArea").text = typed


def test_a_note_changed_elsewhere_while_edited_keeps_both_texts(make_app, seed_cache, seed_ids):
    note = UserData.for_cache(seed_cache).add_note(seed_ids["000"], "qa-3", "eerste versie")
    app = make_app()

    async def scenario(pilot):
        await _edit_first_note(pilot, "mijn nieuwe tekst")
        elsewhere = kamerlezer("--cache", seed_cache, "note", "edit", str(note.id), "tekst van elders")
        assert elsewhere.returncode == 0, elsewhere.stderr
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChoiceScreen)
        assert "changed elsewhere" in screen_text(app) and "tekst van elders" in screen_text(app)
        await pilot.press("enter")  # the first answer: keep both
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)

    drive(app, scenario, SIZE_LARGE)
    texts = sorted(n.text for n in UserData.for_cache(seed_cache).notes())
    assert texts == ["mijn nieuwe tekst", "tekst van elders"]


def test_a_note_changed_elsewhere_may_be_edited_again_over_the_other_text(make_app, seed_cache, seed_ids):
    note = UserData.for_cache(seed_cache).add_note(seed_ids["000"], "qa-3", "eerste versie")
    app = make_app()

    async def scenario(pilot):
        await _edit_first_note(pilot, "mijn tekst")
        assert kamerlezer("--cache", seed_cache, "note", "edit", str(note.id), "van elders").returncode == 0
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")  # closing the question is the safe answer: back to the editor
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("TextArea").text == "mijn tekst"
        await pilot.press("ctrl+s")  # the editor now starts from the other text: it saves over it
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)

    drive(app, scenario, SIZE_LARGE)
    assert [n.text for n in UserData.for_cache(seed_cache).notes()] == ["mijn tekst"]


def test_a_note_removed_elsewhere_while_edited_is_saved_anew(make_app, seed_cache, seed_ids):
    note = UserData.for_cache(seed_cache).add_note(seed_ids["000"], "qa-3", "eerste versie")
    app = make_app()

    async def scenario(pilot):
        await _edit_first_note(pilot, "wat ik typte")
        assert kamerlezer("--cache", seed_cache, "note", "rm", str(note.id)).returncode == 0
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChoiceScreen)
        assert "removed elsewhere" in screen_text(app)
        await pilot.press("enter")  # save yours as a new note
        await settle(pilot)

    drive(app, scenario, SIZE_LARGE)
    (saved,) = UserData.for_cache(seed_cache).notes()
    assert (saved.text, saved.doc_id, saved.anchor) == ("wat ik typte", seed_ids["000"], "qa-3")
    assert saved.id != note.id


def test_a_note_edited_in_the_reading_pane_checks_what_changed_underneath(make_app, seed_cache, seed_ids):
    doc_id = seed_ids["001"]
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, doc_id, "p-3")
        await pilot.press("a")
        app.screen.query_one("TextArea").text = "eerste"
        await pilot.press("ctrl+s")
        (note,) = UserData.for_cache(seed_cache).notes()
        await pilot.press("a")  # the same block: the editor on that note
        assert app.screen.query_one("TextArea").text == "eerste"
        app.screen.query_one("TextArea").text = "tweede"
        assert kamerlezer("--cache", seed_cache, "note", "edit", str(note.id), "van elders").returncode == 0
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # keep yours: it replaces the other change
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(app, scenario, SIZE_LARGE)
    assert [n.text for n in UserData.for_cache(seed_cache).notes()] == ["tweede"]


def test_places_that_cannot_be_placed_do_not_keep_a_document_from_opening(make_app, seed_cache, seed_ids):
    """A user file written by hand or by an older kamerlezer: `p-²` is not a place."""
    doc_id = seed_ids["000"]
    note = {"doc_id": doc_id, "anchor": "p-²", "quote": "", "text": "oud", "created": "x", "updated": "x"}
    bookmark = {"doc_id": doc_id, "anchor": "p-١", "quote": "", "label": None, "created": "x"}
    (seed_cache / "user.json").write_text(json.dumps({"notes": {"1": note}, "bookmarks": {"1": bookmark}}))
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, doc_id)
        assert app.main_screen.reader.document.doc.id == doc_id
        assert "International Migration Review Forum" in screen_text(app)
        await pilot.press("A")
        assert "oud" in screen_text(app)  # still listed

    drive(app, scenario, SIZE_LARGE)


def test_a_user_file_nested_too_deep_is_set_aside_and_documents_open(make_app, seed_cache, seed_ids):
    (seed_cache / "user.json").write_text('{"notes": ' + "[" * 100_000 + "]" * 100_000 + "}")
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["001"])
        assert app.main_screen.reader.document.doc.id == seed_ids["001"]
        assert any("nested too deeply" in m for m in notifications(app))

    drive(app, scenario, SIZE_LARGE)
    assert list(seed_cache.glob("user.json.damaged-*"))


def test_a_list_of_fifty_thousand_notes_opens_and_moves_to_its_end(make_app, seed_cache, seed_ids):
    ids = list(seed_ids.values())
    notes = {
        str(i): {"doc_id": ids[i % 5], "anchor": f"p-{1 + i % 9}", "quote": f"passage {i}", "text": f"notitie {i}",
                 "created": "2026-12-01T10:00:00+01:00", "updated": "2026-12-01T10:00:00+01:00"}
        for i in range(1, 50_001)
    }  # fmt: skip
    (seed_cache / "user.json").write_text(json.dumps({"notes": notes, "meta": {"1": {"last_notes": 50_000}}}))
    app = make_app()

    async def scenario(pilot):
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert "Notes · 50000" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        last = app.screen.current
        assert last is app.screen.items[-1]
        assert f"notitie {last.id}" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.reader.document.doc.id == last.doc_id

    drive(app, scenario, SIZE_LARGE)
