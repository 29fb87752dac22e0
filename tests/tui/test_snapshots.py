"""Snapshots of the reader's main screens, at 80x24 and 120x40, on the seed cache.

Each test drives the real app to one screen and compares an SVG of what the terminal shows
with the one committed in `__snapshots__/`. After a deliberate change of the look, look at
the new pictures (`pytest --snapshot-report`), then accept them with `--snapshot-update`.

What is on screen must not depend on the day or the machine: the cache is a copy of the
same seeds, the bookmarks and notes are made here, and no screen shown shows a date of
today or a temp path.
"""

from __future__ import annotations

import pytest

from store.anchors import Place
from store.userdata import UserData
from tests.tui.conftest import SIZE_LARGE, SIZE_SMALL, drive, screen_text, settle

SIZES = pytest.mark.parametrize("size", [SIZE_SMALL, SIZE_LARGE], ids=["80x24", "120x40"])


def opened(doc_id: str, anchor: str | None = None, *keys: str):
    """A run_before that waits for the library, opens a place as the palette does, then presses keys."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.main_screen.open_place(Place(doc_id, anchor))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def pressed(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@SIZES
def test_library_tree_on_start(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=pressed())


@SIZES
def test_document_open_000(snap_compare, make_app, seed_ids, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=opened(seed_ids["000"]))


@SIZES
def test_document_open_002(snap_compare, make_app, seed_ids, size):
    """The Aanhangsel: questions and answers set apart by their bars; a pair in the middle."""
    assert snap_compare(make_app(), terminal_size=size, run_before=opened(seed_ids["002"], "qa-10"))


@SIZES
def test_tree_shown_while_reading(snap_compare, make_app, seed_ids, size):
    """`t` while reading: at 80 columns the tree takes the screen, its cursor on the open document."""
    assert snap_compare(make_app(), terminal_size=size, run_before=opened(seed_ids["000"], None, "t"))


@SIZES
def test_vraag_antwoord_pane(snap_compare, make_app, seed_ids, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=opened(seed_ids["000"], "qa-2", "v", "down"))


@SIZES
def test_footnote_in_the_link_panel(snap_compare, make_app, seed_ids, size):
    """Footnote 1 of seed 000 holds a reference to a letter in the library: the panel shows it."""
    assert snap_compare(make_app(), terminal_size=size, run_before=opened(seed_ids["000"], "fn-1"))


@SIZES
def test_focused_link_and_find_matches(snap_compare, make_app, seed_ids, size):
    async def run_before(pilot) -> None:
        await opened(seed_ids["000"], "qa-2")(pilot)
        await pilot.press("/", *"IMRF", "enter", "n", "right_square_bracket")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@SIZES
def test_library_search_with_results(snap_compare, make_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("s", *"marrakesh")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@SIZES
def test_bookmarks_list(snap_compare, make_app, seed_cache, seed_ids, size):
    user = UserData.for_cache(seed_cache)
    user.add_bookmark(seed_ids["000"], "qa-3", "Bent u het ermee eens dat in het belang van Nederland")
    user.add_bookmark(seed_ids["003"], "p-12", "De Raad sprak over het pact", label="voor het debat")
    assert snap_compare(make_app(), terminal_size=size, run_before=pressed("apostrophe"))


@SIZES
def test_notes_list(snap_compare, make_app, seed_cache, seed_ids, size):
    user = UserData.for_cache(seed_cache)
    user.add_note(seed_ids["000"], "qa-3", "Vergelijk met [bold]de brief[/bold] van 29 april", quote="Bent u het")
    user.add_note(seed_ids["002"], "fn-4", "Bron nagaan: de link in de voetnoot is kapot (hhttps).")
    assert snap_compare(make_app(), terminal_size=size, run_before=pressed("A"))


@SIZES
def test_help_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=pressed("question_mark"))


# ---------------------------------------------------------------------------------- without colour


def _runs(app, attribute: str) -> list[str]:
    """The texts on screen drawn with a text attribute ("reverse", "underline", "bold")."""
    strips = app.screen._compositor.render_strips()
    return [seg.text for strip in strips for seg in strip if seg.style and getattr(seg.style, attribute)]


def test_no_color_every_place_is_marked_without_colour(make_app, seed_ids, seed_cache, monkeypatch):
    """With NO_COLOR the tree cursor, the focused link, find matches, the cursor line and the
    chosen item of a list are still marked: by reverse video, underline or a glyph."""
    monkeypatch.setenv("NO_COLOR", "1")
    UserData.for_cache(seed_cache).add_bookmark(seed_ids["000"], "qa-3", "Bent u het ermee eens")
    app = make_app()
    assert app.no_color

    async def scenario(pilot):
        # The tree cursor, on the newest document.
        assert "2025-01-29 s.o. " in _runs(app, "reverse")
        # The cursor line has its bar; the focused link is in reverse and underlined.
        app.main_screen.open_place(Place(seed_ids["000"], "qa-2"))
        await settle(pilot)
        shown = screen_text(app).splitlines()
        assert any(line.startswith("▌") for line in shown)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        focused = set(_runs(app, "reverse")) & set(_runs(app, "underline"))
        assert "[1]" in focused, focused
        # Find: every match in reverse.
        await pilot.press("/", *"IMRF", "enter")
        await settle(pilot)
        assert _runs(app, "reverse").count("IMRF") >= 2
        await pilot.press("escape")
        # The Vraag/Antwoord pane: its title in reverse, a bar beside the chosen question.
        await pilot.press("v")
        await settle(pilot)
        assert any(text.startswith("Vragen en antwoorden") for text in _runs(app, "reverse"))
        assert any(line.lstrip("▊ ").startswith("▌ Vraag") for line in screen_text(app).splitlines())
        # A list: a bar beside the chosen bookmark.
        await pilot.press("apostrophe")
        await settle(pilot)
        assert any("▌ ★ Antwoorden Kamervragen" in line for line in screen_text(app).splitlines())

    drive(app, scenario, SIZE_SMALL)
