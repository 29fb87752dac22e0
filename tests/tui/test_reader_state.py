"""What the reader keeps between runs (config_dir/state.json), and what it notices while it runs.

Where the user was (the last document and block) and the chosen theme come back at the next
start; `kamerlezer open ID#anchor` wins over the last place; a last document no longer in the
library, or a damaged state file, is silently no state. An import by another process while the
reader runs shows up in the tree within the watch interval.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from store.anchors import Place
from store.library import Library
from store.reader_state import STATE_FILE, ReaderState, load_state, save_state
from tests.conftest import ROOT
from tests.tui.conftest import drive, notifications, open_document, reading_view, settle
from tui import app as app_module
from tui.screens.main import RESUME_DELAY

EXTRA_DOCUMENT = ROOT / "tests" / "data" / "corpus" / "real" / "000_Het_bericht__TEMU_schendt_privacy_door_t.pdf.txt"


def _open_at(app) -> tuple[str, int] | None:
    display = reading_view(app).display_doc
    return None if display is None else (display.doc.id, reading_view(app).cursor_block)


def test_the_state_file_round_trips_and_a_damaged_one_is_no_state(tmp_path: Path):
    save_state(tmp_path, ReaderState("doc-1", 12, "nord"))
    assert json.loads((tmp_path / STATE_FILE).read_text()) == {"last": {"doc": "doc-1", "block": 12}, "theme": "nord"}
    assert load_state(tmp_path) == ReaderState("doc-1", 12, "nord")
    assert load_state(tmp_path / "missing") == ReaderState()
    for damaged in (b"", b"{", b"[1]", b"\xff\xfe", b"[" * 100_000, b'{"last": {"doc": 3, "block": "x"}, "theme": 1}'):
        (tmp_path / STATE_FILE).write_bytes(damaged)
        assert load_state(tmp_path) == ReaderState()
    (tmp_path / STATE_FILE).write_text('{"last": {"doc": "d", "block": -4}}')
    assert load_state(tmp_path) == ReaderState("d", 0)


async def _resumed(pilot) -> None:
    """Wait until the last document has been opened again (a moment after the first frame)."""
    await asyncio.sleep(RESUME_DELAY + 0.1)
    await settle(pilot)


def test_the_reader_opens_where_the_user_left_off(make_app, seed_ids, config_dir):
    doc_id = seed_ids["002"]

    async def read_on(pilot):
        await open_document(pilot, doc_id)
        reading_view(pilot.app).go_to(7, top=True)
        await pilot.pause()
        assert _open_at(pilot.app) == (doc_id, 7)
        await pilot.press("q")

    drive(make_app(), read_on)
    assert load_state(config_dir).doc == doc_id and load_state(config_dir).block == 7

    async def reopened(pilot):
        await _resumed(pilot)
        assert _open_at(pilot.app) == (doc_id, 7)

    drive(make_app(), reopened)


def test_the_place_asked_for_wins_over_the_last_one(make_app, seed_ids, config_dir):
    save_state(config_dir, ReaderState(seed_ids["002"], 7))

    async def scenario(pilot):
        assert _open_at(pilot.app) == (seed_ids["000"], 0)

    drive(make_app(place=Place(seed_ids["000"])), scenario)


@pytest.mark.parametrize("state", [b'{"last": {"doc": "kst-99999-1", "block": 3}}', b"{\"last\": ", b"\x00" * 10])
def test_a_gone_document_or_a_damaged_state_file_starts_as_usual(make_app, config_dir, state):
    (config_dir / STATE_FILE).write_bytes(state)

    async def scenario(pilot):
        assert reading_view(pilot.app).display_doc is None
        assert not [n for n in notifications(pilot.app) if "state" in n or "kst-99999-1" in n]
        assert pilot.app.services.library is not None

    drive(make_app(), scenario)


def test_a_block_past_the_end_of_the_document_opens_at_its_end(make_app, seed_ids, config_dir):
    save_state(config_dir, ReaderState(seed_ids["000"], 10**6))

    async def scenario(pilot):
        await _resumed(pilot)
        doc = reading_view(pilot.app).display_doc.doc
        assert _open_at(pilot.app) == (seed_ids["000"], len(doc.blocks) - 1)

    drive(make_app(), scenario)


def test_the_chosen_theme_is_kept(make_app, config_dir):
    async def choose(pilot):
        assert pilot.app.theme != "nord"
        pilot.app.theme = "nord"
        await pilot.pause()
        await pilot.pause()
        assert load_state(config_dir).theme == "nord"

    drive(make_app(), choose)

    async def kept(pilot):
        assert pilot.app.theme == "nord"

    drive(make_app(), kept)


def test_an_unknown_theme_in_the_state_file_is_ignored(make_app, config_dir):
    save_state(config_dir, ReaderState(theme="no-such-theme"))

    async def scenario(pilot):
        assert pilot.app.theme == "textual-dark"

    drive(make_app(), scenario)


def test_an_import_by_another_process_shows_up_in_the_tree(monkeypatch, make_app, seed_cache, seed_ids):
    monkeypatch.setattr(app_module, "WATCH_INTERVAL", 0.2)
    doc_id = seed_ids["002"]

    async def scenario(pilot):
        app = pilot.app
        await open_document(pilot, doc_id)
        tree = app.main_screen.library_pane.document_tree
        await pilot.pause()
        cursor_before = tree.cursor_node.data.id
        report = await asyncio.to_thread(Library(seed_cache).import_paths, [EXTRA_DOCUMENT])
        assert not report.failed, report.failed
        for _ in range(40):
            await asyncio.sleep(0.1)
            await settle(pilot)
            if "The library changed: 6 documents" in notifications(app):
                break
        assert "The library changed: 6 documents" in notifications(app)
        assert len(tree._entries) == 6
        await pilot.pause()
        assert reading_view(app).display_doc.doc.id == doc_id  # the open document stays open
        assert tree.cursor_node.data.id == cursor_before  # and the tree's cursor where it was
        # Nothing changed since: no second notice.
        await asyncio.sleep(0.5)
        await settle(pilot)
        assert notifications(app).count("The library changed: 6 documents") == 1

    drive(make_app(), scenario)


def test_removing_a_document_in_the_reader_is_no_change_by_another_process(monkeypatch, make_app, seed_ids):
    monkeypatch.setattr(app_module, "WATCH_INTERVAL", 0.2)

    async def scenario(pilot):
        app = pilot.app
        app.main_screen._remove(seed_ids["003"])
        await asyncio.sleep(0.6)
        await settle(pilot)
        assert not [n for n in notifications(app) if n.startswith("The library changed")]

    drive(make_app(), scenario)


def test_a_document_opened_before_the_last_one_reopens_is_kept(make_app, seed_ids, config_dir):
    # The user is quicker than the resume: what they open stays open.
    save_state(config_dir, ReaderState(seed_ids["002"], 7))

    async def scenario(pilot):
        pilot.app.main_screen.open_place(Place(seed_ids["000"]))
        await _resumed(pilot)
        assert _open_at(pilot.app)[0] == seed_ids["000"]

    drive(make_app(), scenario)
