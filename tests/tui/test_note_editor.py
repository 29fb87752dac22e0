"""The note editor's escape: nothing typed closes at once; typed text is never thrown away
without a question (save, discard, keep editing)."""

from __future__ import annotations

from store.userdata import UserData
from tests.tui.conftest import SIZE_LARGE, drive, open_document, screen_text, settle
from tui.screens.choice import ChoiceScreen
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor


def test_escape_with_nothing_typed_closes_at_once(make_app, seed_ids, seed_cache):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"], "qa-3")
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    drive(app, scenario, SIZE_LARGE)
    assert UserData.for_cache(seed_cache).notes() == []


def test_escape_with_text_asks_and_each_answer_does_what_it_says(make_app, seed_ids, seed_cache):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"], "qa-3")
        await pilot.press("a", *"mijn notitie")
        await pilot.press("escape")
        assert isinstance(app.screen, ChoiceScreen)
        assert "not saved" in screen_text(app)
        await pilot.press("escape")  # closing the question keeps editing
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("TextArea").text == "mijn notitie"
        await pilot.press(*" nog", "escape")
        await pilot.press("down", "enter")  # discard
        assert isinstance(app.screen, MainScreen)
        assert UserData.for_cache(seed_cache).notes() == []
        await pilot.press("a", *"bewaard", "escape")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # the first answer: save
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(app, scenario, SIZE_LARGE)
    assert [n.text for n in UserData.for_cache(seed_cache).notes()] == ["bewaard"]
