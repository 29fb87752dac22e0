"""The reader's widget messages carry their widget as `control` (so `@on(Message, "#id")` picks
them), and those of a burst say that a newer one replaces one still queued."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import App, ComposeResult

from tui.app import KamerlezerApp
from tui.widgets.document_tree import DocumentTree
from tui.widgets.document_view import DocumentView
from tui.widgets.find_bar import FindBar


def test_a_message_names_its_widget_and_a_burst_coalesces_per_widget() -> None:
    view, other = DocumentView(), DocumentView()
    moved = DocumentView.CursorMoved(view, 3)
    assert moved.control is view
    assert moved.can_replace(DocumentView.CursorMoved(view, 4))
    assert not moved.can_replace(DocumentView.CursorMoved(other, 4))  # another view's cursor counts too
    assert not moved.can_replace(DocumentView.LinkFocused(view, 1))
    followed = DocumentView.LinkFollowed(view, 1)  # not a burst: every follow is done
    assert followed.control is view and not followed.can_replace(DocumentView.LinkFollowed(view, 1))
    bar = FindBar()
    assert FindBar.Changed(bar, "IM").can_replace(FindBar.Changed(bar, "IMRF"))


def test_import_steps_coalesce_within_a_run_only() -> None:
    step = KamerlezerApp.ImportStep
    assert step(1, 5, "a.txt").can_replace(step(2, 5, "b.txt"))
    assert step(1, 9, "a", "Repairing the library").can_replace(step(2, 9, "b", "Repairing the library"))
    assert not step(1, 9, "a", "Repairing the library").can_replace(step(0, 5, ""))  # it says what ran


def test_a_handler_picks_the_message_of_one_widget_by_its_id() -> None:
    heard: list[str] = []

    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield DocumentTree(id="left")
            yield DocumentTree(id="right")

        @on(DocumentTree.FilterRequested, "#right")
        def _right(self, event: DocumentTree.FilterRequested) -> None:
            heard.append(event.control.id or "")

    async def main() -> None:
        app = Two()
        async with app.run_test() as pilot:
            for tree in app.query(DocumentTree):
                tree.action_filter()
            await pilot.pause()

    asyncio.run(main())
    assert heard == ["right"]
