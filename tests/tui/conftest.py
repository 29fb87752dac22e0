"""Fixtures for the reader's tests: a real cache of the seed documents, and the real app.

The seeds are imported once per session into a template cache (through `Library`, as the
app does), and each test gets its own copy, so tests never share state and never touch
the developer's own cache or config (tests/conftest.py points HOME, KAMERLEZER_CACHE and
KAMERLEZER_CONFIG at temp dirs too).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from store.library import Library
from tests.conftest import SEEDS
from tui.app import KamerlezerApp
from tui.widgets.document_view import DocumentView

SIZE_SMALL = (80, 24)
SIZE_LARGE = (120, 40)


@pytest.fixture(scope="session")
def seed_cache_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A cache holding the five seeds, and the id of each seed ("000" -> its document id)."""
    cache = tmp_path_factory.mktemp("seed-cache") / "cache"
    library = Library(cache)
    report = library.import_paths(sorted(SEEDS.values()))
    assert not report.failed, report.failed
    by_source = {Path(e.source).name[:3]: e.id for e in library.entries()}
    assert set(by_source) == set(SEEDS), by_source
    return cache, by_source


@pytest.fixture
def seed_cache(seed_cache_template: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    shutil.copytree(seed_cache_template[0], cache)
    return cache


@pytest.fixture
def seed_ids(seed_cache_template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return seed_cache_template[1]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    path = tmp_path / "config"
    path.mkdir()
    return path


@pytest.fixture
def make_app(seed_cache: Path, config_dir: Path) -> Callable[..., KamerlezerApp]:
    """A reader on the seed cache (a new one per call: the same cache and config, as after a restart)."""

    def make(**kwargs) -> KamerlezerApp:
        kwargs.setdefault("config_dir", config_dir)
        return KamerlezerApp(kwargs.pop("cache_dir", seed_cache), **kwargs)

    return make


async def settle(pilot: Pilot) -> None:
    """Wait until the workers (opening the library, loading a document, searching) are done."""
    app = pilot.app
    for _ in range(50):
        with contextlib.suppress(WorkerCancelled):  # one replaced by a newer one: wait for the rest
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            return
    raise AssertionError("the app's workers did not finish")


async def open_document(pilot: Pilot, doc_id: str, anchor: str | None = None) -> None:
    """Open a document the way a user does from the command palette's search result: through open_place."""
    from store.anchors import Place

    pilot.app.main_screen.open_place(Place(doc_id, anchor))
    await settle(pilot)


def screen_text(app: KamerlezerApp) -> str:
    """What the terminal shows (the top screen), as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def drive(app: KamerlezerApp, scenario: Callable[[Pilot], Awaitable[None]], size: tuple[int, int] = SIZE_LARGE) -> None:
    """Run the real app headless at `size`, wait for the library, and play `scenario` with the pilot."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


# -- what the tests look at: a few documented ways in, not chains into the widgets -----------


def reading_view(app: KamerlezerApp) -> DocumentView:
    """The reading pane's text (its cursor, links, marks and page)."""
    return app.main_screen.reader.view


def status_text(app: KamerlezerApp) -> str:
    """What the status line under the panes says."""
    return app.main_screen.status.plain_text


def notifications(app: KamerlezerApp) -> list[str]:
    """The messages the app has shown as notifications (Textual keeps no public list of them)."""
    return [n.message for n in app._notifications]
