"""The reading pane draws again only the lines whose look changed: moving the cursor redraws the
block it leaves and the block it enters, and the other lines on screen come from the cache."""

from __future__ import annotations

from store.anchors import Place
from tests.tui.conftest import SIZE_LARGE, drive, reading_view, settle
from tui.widgets.document_view import DocumentView


def _lines_of(view: DocumentView, block: int) -> set[int]:
    page = view.page
    assert page is not None
    end = page.block_lines[block + 1] if block + 1 < len(page.block_lines) else len(page)
    return set(range(page.block_lines[block], end))


def test_moving_the_cursor_draws_only_the_blocks_it_leaves_and_enters(make_app, seed_ids, monkeypatch):
    app = make_app()

    async def scenario(pilot):
        app.main_screen.open_place(Place(seed_ids["002"], "qa-10"))
        await settle(pilot)
        view = reading_view(app)
        assert app.focused is view
        start = view.cursor_block
        visible = [b for b in range(len(view.display_doc.blocks)) if view.region_of_block(b) is not None]
        on_screen = set(view._visible_lines()) & set(range(len(view.page)))
        # Wholly on screen, well apart from the cursor.
        target = next(b for b in reversed(visible) if b > start + 2 and _lines_of(view, b) <= on_screen)

        drawn: list[int] = []
        render = view._render_index
        monkeypatch.setattr(view, "_render_index", lambda index: drawn.append(index) or render(index))
        view.go_to(target, top=False)
        await settle(pilot)

        assert view.cursor_block == target and set(view._visible_lines()) & on_screen == on_screen  # no scroll
        changed = _lines_of(view, start) | _lines_of(view, target)
        assert drawn, "the cursor's new block was not drawn"
        assert set(drawn) <= changed, sorted(set(drawn) - changed)
        assert set(view.page.text_lines(target)) <= set(drawn)  # the bar is drawn where the cursor is now
        # And the lines between them were not drawn again: they are still in the cache.
        between = on_screen - changed
        assert between and not between & set(drawn)

        drawn.clear()
        await pilot.press("tab")  # the focus leaves the pane: only the cursor's bar changes shape
        await settle(pilot)
        assert set(drawn) <= _lines_of(view, target)

    drive(app, scenario, SIZE_LARGE)
