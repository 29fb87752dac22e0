"""A 2 MB document in the reader: laid out as it is shown, not whole before its first screen.

The document is the bench's (tests/bench/big_document.py: a schriftelijk overleg of 2,000,000
characters, 30 rounds of questions and answers with their notes), imported once for the module.
The reader is started on it as `kamerlezer open ID` starts it. What is checked: it opens with
most of it not laid out yet, End shows its last lines at once, and anchors, notes, find and
the place kept for the next start land on the right text while the rest is laid out, and
after; a page laid out bit by bit is line for line the page laid out whole.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from store.anchors import Place, parse_place
from store.library import Library
from tests.bench.big_document import ROUND_WORD, write_big_document
from tests.tui.conftest import SIZE_LARGE, SIZE_SMALL, reading_view, screen_text, settle
from tui.app import KamerlezerApp
from tui.display import build_display
from tui.page import Page
from tui.widgets.document_view import DocumentView


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("big")
    path = write_big_document(root / "big.txt")
    assert path.stat().st_size > 2_000_000
    report = Library(root / "cache").import_paths([path])
    assert not report.failed and len(report.added) == 1
    return root / "cache", report.added[0]


@pytest.fixture
def big(big_template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    cache = tmp_path / "cache"
    shutil.copytree(big_template[0], cache)
    return cache, big_template[1]


@pytest.fixture(scope="module")
def big_doc(big_template: tuple[Path, str]):
    cache, doc_id = big_template
    return Library(cache).load(doc_id)


def _run(app: KamerlezerApp, scenario: Callable[[Pilot], Awaitable[None]], size=SIZE_LARGE) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)

    asyncio.run(main())


async def _until(pilot: Pilot, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    for _ in range(int(timeout / 0.005)):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def _shown(app: KamerlezerApp, doc_id: str) -> bool:
    try:
        view = reading_view(app)
    except Exception:  # noqa: BLE001 - the main screen is not there yet
        return False
    return view.display_doc is not None and view.display_doc.doc.id == doc_id and view.size.height > 0


def _app(cache: Path, place: str, config: Path) -> KamerlezerApp:
    return KamerlezerApp(cache, parse_place(place), config_dir=config)


def _on_screen(view: DocumentView, block: int) -> bool:
    return view.region_of_block(block) is not None


@pytest.mark.parametrize("size", [SIZE_SMALL, SIZE_LARGE], ids=["80x24", "120x40"])
def test_opens_before_it_is_laid_out_and_end_shows_its_last_lines(big, big_doc, tmp_path, size):
    cache, doc_id = big
    app = _app(cache, doc_id, tmp_path / "config")
    last = len(big_doc.blocks) - 1
    last_words = " ".join(big_doc.blocks[last].text.split()[-3:])

    async def scenario(pilot):
        await _until(pilot, lambda: _shown(app, doc_id), "the document")
        view = reading_view(app)
        await _until(pilot, lambda: app.focused is view, "the text to have the focus")
        # Shown with most of it not laid out: the first screen did not wait for 2 MB to be wrapped.
        assert view.page is not None and not view.page.complete
        assert view.scroll_offset.y == 0 and _on_screen(view, 0)
        await pilot.press("end")
        assert view.scroll_offset.y == view.max_scroll_y > 0
        assert _on_screen(view, last), "End does not show the last block"
        assert last_words in " ".join(screen_text(app).split())
        # Laid out to the end in the background, the view stays at the end.
        await _until(pilot, lambda: view.page.complete, "the page to be laid out")
        await settle(pilot)
        assert view.virtual_size.height == len(view.page) == len(view.page.lines)
        assert view.scroll_offset.y == view.max_scroll_y and _on_screen(view, last)
        await pilot.press("home")
        assert view.scroll_offset.y == 0 and _on_screen(view, 0)

    _run(app, scenario, size)


def test_an_answer_far_down_opens_under_its_question_and_stays_there(big, big_doc, tmp_path):
    cache, doc_id = big
    pair = len(big_doc.qa) - 3  # in the last round
    qa = big_doc.qa[pair]
    anchor = f"qa-{qa.numbers[0]}" if qa.numbers else f"qa-{pair + 1}"
    app = _app(cache, f"{doc_id}#{anchor}", tmp_path / "config")

    async def scenario(pilot):
        await _until(pilot, lambda: _shown(app, doc_id), "the document")
        view = reading_view(app)
        from store.anchors import block_of

        block = block_of(big_doc, anchor)
        await _until(pilot, lambda: view.scroll_offset.y > 0, "the jump")
        assert not view.page.complete
        assert view.cursor_block == block
        assert view.scroll_offset.y == view.page.block_lines[qa.block]  # its question at the top
        assert _on_screen(view, block)
        # The blocks above it are laid out meanwhile (and turn out shorter or longer than their
        # estimate): the question stays at the top of the screen.
        await _until(pilot, lambda: view.page.complete, "the page to be laid out")
        await settle(pilot)
        assert view.scroll_offset.y == view.page.block_lines[qa.block]
        assert view.cursor_block == block and _on_screen(view, block)

    _run(app, scenario)


def test_the_last_footnote_opens_with_its_note_and_its_marker_in_view(big, big_doc, tmp_path):
    cache, doc_id = big
    note = big_doc.footnotes[-1]
    app = _app(cache, f"{doc_id}#fn-{note.mark}", tmp_path / "config")

    async def scenario(pilot):
        await _until(pilot, lambda: _shown(app, doc_id), "the document")
        await settle(pilot)
        view = reading_view(app)
        panel = app.main_screen.reader.panel
        assert panel.is_open and panel.mark == note.mark
        link = view.display_doc.links[view.focused_link]
        assert link.footnote == note.mark
        shown = [view.render_line(row).text for row in range(view.scrollable_content_region.height)]
        assert any(f"[{note.mark}]" in line for line in shown), "the marker is not on screen"

    _run(app, scenario)


def test_find_lands_on_the_one_match_in_the_last_round(big, big_doc, tmp_path):
    cache, doc_id = big
    rounds = sum(1 for s in big_doc.sections if ", ronde " in s.title)
    word = f"{ROUND_WORD}{rounds}"
    app = _app(cache, doc_id, tmp_path / "config")

    async def scenario(pilot):
        await _until(pilot, lambda: _shown(app, doc_id), "the document")
        view = reading_view(app)
        await _until(pilot, lambda: app.focused is view, "the text to have the focus")
        await pilot.press("/", *word)
        assert len(view.matches) == 1
        match = view.matches.items[0]
        assert view.current_match == 0 and view.cursor_block == match.block
        y = view.page.line_of(match.block, match.start) - view.scroll_offset.y
        assert 0 <= y < view.scrollable_content_region.height
        assert word in view.render_line(y).text

    _run(app, scenario)


def test_the_place_read_is_where_the_next_start_opens(big, big_doc, tmp_path):
    cache, doc_id = big
    config = tmp_path / "config"
    target = len(big_doc.blocks) * 2 // 3
    app = _app(cache, doc_id, config)

    async def read_there(pilot):
        await _until(pilot, lambda: _shown(app, doc_id), "the document")
        await settle(pilot)
        reading_view(app).go_to(target)
        await settle(pilot)
        assert reading_view(app).cursor_block == target
        await pilot.press("q")  # the reader keeps where it was as it ends

    _run(app, read_there)
    again = KamerlezerApp(cache, config_dir=config)  # no place asked for: where the reader was

    async def resumed(pilot):
        await _until(pilot, lambda: _shown(again, doc_id) and reading_view(again).cursor_block == target, "resume")
        await settle(pilot)
        view = reading_view(again)
        assert view.cursor_block == target and _on_screen(view, target)
        assert view.scroll_offset.y == view.page.block_lines[target]

    _run(again, resumed)


def test_a_page_laid_out_bit_by_bit_is_the_page_laid_out_whole(big_doc):
    display = build_display(big_doc)
    middle = len(display.blocks) // 2
    for width in (37, 96):
        whole = Page(display, width, eager=True)
        lazy = Page(display, width, eager=False)
        assert not lazy.complete
        lazy.lay_out_end(100)
        lazy.lay_out_around(middle, 50, 50)
        y = lazy.line_of(middle, 40)
        assert lazy.line(y).block == middle  # where a block is now, its lines are
        while lazy.lay_out_more(100_000):
            pass
        assert lazy.complete
        assert lazy.lines == whole.lines and list(lazy.block_lines) == list(whole.block_lines)
        assert len(lazy) == len(whole)


def test_a_long_document_opened_from_the_tree_is_read_from_its_start(big, tmp_path):
    """The reader started with no place: the document opened from the tree as usual."""
    cache, doc_id = big
    app = KamerlezerApp(cache, config_dir=tmp_path / "config")

    async def scenario(pilot):
        await settle(pilot)
        app.main_screen.open_place(Place(doc_id))
        await _until(pilot, lambda: _shown(app, doc_id), "the document")
        await settle(pilot)
        view = reading_view(app)
        assert view.scroll_offset.y == 0 and view.cursor_block == 0
        assert view.display_doc.header[0].split()[0] in screen_text(app)

    _run(app, scenario)


def test_the_questions_pane_made_when_shown_lists_them_all_at_the_readers_question(big, big_doc, tmp_path):
    """A document of 1,500 questions opens without making the hidden pane's list; `v` shows it,
    every question in it, at the one the reading pane's cursor is in."""
    cache, doc_id = big
    qa = big_doc.qa[-10]
    anchor = f"qa-{qa.numbers[0]}" if qa.numbers else f"qa-{len(big_doc.qa) - 9}"
    app = _app(cache, f"{doc_id}#{anchor}", tmp_path / "config")

    async def scenario(pilot):
        await _until(pilot, lambda: _shown(app, doc_id), "the document")
        await settle(pilot)
        pane = app.main_screen.qa_pane
        assert not pane.display and pane.questions.option_count == 0  # not made while hidden
        cursor_qa = app.main_screen.reader.cursor_qa
        assert cursor_qa is not None and cursor_qa > len(big_doc.qa) // 2
        await pilot.press("v")
        await settle(pilot)
        assert pane.display and pane.questions.option_count == len(big_doc.qa)
        assert pane.questions.highlighted == cursor_qa

    _run(app, scenario)
