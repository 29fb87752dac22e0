"""Start-up: a start screen while the library opens (in a worker), the main screen made once it is
open, with the library in hand; what needs the library is disabled until then."""

from __future__ import annotations

import asyncio
import threading

import store.library
from store.errors import KamerlezerError
from tests.tui.conftest import SIZE_LARGE, screen_text, settle
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.screens.start import StartScreen


def test_the_actions_that_need_the_library_wait_until_it_is_open(make_app, monkeypatch):
    may_open = threading.Event()

    class SlowLibrary(store.library.Library):
        def __init__(self, *args, **kwargs) -> None:
            may_open.wait(timeout=30)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(store.library, "Library", SlowLibrary)
    app = make_app()

    async def main() -> None:
        async with app.run_test(size=SIZE_LARGE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            assert "Opening the library…" in screen_text(app)
            assert app.check_action("search_library", ()) is None  # disabled (and shown so in the footer)
            assert app.check_action("bookmarks", ()) is None and app.check_action("help", ()) is True
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            may_open.set()
            await settle(pilot)
            assert isinstance(app.screen, MainScreen) and app.screen is app.main_screen
            assert app.main_screen.library is app.services.library is not None
            assert "Library · 5 documents · by dossier" in screen_text(app)
            assert app.check_action("search_library", ()) is True
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)

    try:
        asyncio.run(main())
    finally:
        may_open.set()


def test_a_library_that_cannot_be_opened_is_said_on_the_start_screen(make_app, monkeypatch):
    class BrokenLibrary(store.library.Library):
        def __init__(self, *args, **kwargs) -> None:
            raise KamerlezerError("index.json: unreadable (Permission denied)")

    monkeypatch.setattr(store.library, "Library", BrokenLibrary)
    app = make_app()

    async def main() -> None:
        async with app.run_test(size=SIZE_LARGE, notifications=True) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, StartScreen)
            shown = screen_text(app)
            assert "The library could not be opened" in shown
            assert "Cannot open the library" in shown and "Permission denied" in shown
            assert app.check_action("annotations", ()) is None

    asyncio.run(main())
