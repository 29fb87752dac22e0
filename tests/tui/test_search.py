"""Searching: in the open document (find), across the library (screen and command palette)."""

from __future__ import annotations

from store.anchors import Place, block_of
from tests.tui.conftest import SIZE_LARGE, drive, reading_view, screen_text, settle, status_text
from tui.screens.search import SearchScreen
from tui.widgets.document_view import DocumentView
from tui.widgets.pick_list import PickList


def _view(app) -> DocumentView:
    return reading_view(app)


def test_library_search_ranks_highlights_and_opens_at_the_hit(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await pilot.press("s")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"bandencriterium")
        await settle(pilot)
        screen = app.screen
        assert screen.hits, "the search found nothing"
        assert screen.hits[0].id == seed_ids["003"]
        shown = screen_text(app)
        assert "bandencriterium" in shown and "qa 1" in shown
        # The matched word is marked in the snippet (not by colour alone: bold reverse).
        prompt = screen.query_one(PickList).get_option_at_index(0).prompt
        marked = [prompt.plain[s.start : s.end] for s in prompt.spans if "reverse" in str(s.style)]
        assert "bandencriterium" in marked
        hit = screen.hits[0]
        await pilot.press("down", "enter")  # to the results, open the first
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        view = _view(app)
        assert view.display_doc.doc.id == hit.id
        assert view.cursor_block == block_of(view.display_doc.doc, hit.anchor)

    drive(app, scenario, SIZE_LARGE)


def test_library_search_updates_as_you_type(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await pilot.press("s", *"imrf")
        await settle(pilot)
        assert {h.id for h in app.screen.hits} >= {seed_ids["000"], seed_ids["001"]}
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"Marrakesh")
        await settle(pilot)
        assert app.screen.hits[0].id == seed_ids["002"]
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)

    drive(app, scenario, SIZE_LARGE)


def test_the_command_palette_searches_the_library(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        from textual.command import CommandPalette

        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"migratieagenda")
        for _ in range(20):  # the palette gathers hits in its own task
            await pilot.pause(0.05)
            if "Open: Voortgang integrale migratieagenda" in screen_text(app):
                break
        assert "Open: Voortgang integrale migratieagenda" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert _view(app).display_doc.doc.id == seed_ids["004"]

    drive(app, scenario, SIZE_LARGE)


def test_find_in_the_document_highlights_and_steps_through_matches(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        app.main_screen.open_place(Place(seed_ids["002"]))
        await settle(pilot)
        view = _view(app)
        await pilot.press("/", *"marrakesh")
        matches = view.matches
        assert len(matches) >= 3
        assert view.current_match == 0
        status = status_text(app)
        assert f"“marrakesh”: 1/{len(matches)}" in status
        await pilot.press("enter")  # keep the matches, back to the text
        assert app.focused is view
        await pilot.press("n")
        assert view.current_match == 1
        first = matches.items[1]
        assert view.cursor_block == first.block
        # The match is on screen, drawn in the match style.
        region = view.region_of_block(first.block)
        assert region is not None
        await pilot.press("N", "N")
        assert view.current_match == len(matches) - 1  # wraps round
        await pilot.press("escape")
        assert len(view.matches) == 0

    drive(app, scenario, SIZE_LARGE)
