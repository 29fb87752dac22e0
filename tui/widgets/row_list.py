"""A list to pick from that draws only the rows in view: the bookmark and note lists.

`OptionList` lays out every option when it is filled (50,000 notes took 18 s); here each row
has a known number of lines (`heights`), the line offsets are a running sum, and a row's
lines are made (`render_row`) when they come into view, then cached. Moved with the key
map's "list" keys; the chosen row carries the bar in the gutter that `PickList` draws.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.actions import bindings_for
from tui.messages import WidgetMessage
from tui.widgets.pick_list import CURSOR_BAR, CURSOR_BAR_IDLE, GUTTER

RenderRow = Callable[[int], Sequence[Text]]  # the lines of row i (as many as its height)


class RowList(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = bindings_for("list")

    COMPONENT_CLASSES = {"row-list--cursor", "row-list--highlight"}

    DEFAULT_CSS = """
    RowList { overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    RowList > .row-list--cursor { color: $primary; }
    RowList:focus > .row-list--highlight { background: $block-cursor-background; }
    RowList > .row-list--highlight { background: $block-cursor-blurred-background; }
    """

    class Selected(WidgetMessage):
        def __init__(self, rows: RowList, index: int) -> None:
            super().__init__(rows)
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._render_row: RenderRow = lambda _i: ()
        self._starts: list[int] = [0]  # the first line of each row, and one past the last
        self.highlighted: int | None = None
        self._strips: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)

    @property
    def row_count(self) -> int:
        return len(self._starts) - 1

    def set_rows(self, heights: Sequence[int], render_row: RenderRow, highlighted: int | None = 0) -> None:
        """Show rows of these heights (in lines), whose lines `render_row` makes when in view."""
        self._render_row = render_row
        self._starts = [0, *accumulate(heights)]
        self._strips.clear()
        self.virtual_size = Size(self.size.width, self._starts[-1])
        self.highlighted = None if not heights or highlighted is None else max(0, min(highlighted, len(heights) - 1))
        self._scroll_to_highlighted()
        self.refresh()

    # -- drawing

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if line >= self._starts[-1] or width <= GUTTER:
            return Strip.blank(width, self.rich_style)
        row = bisect_right(self._starts, line) - 1
        chosen = row == self.highlighted
        key = (row, line - self._starts[row], width, chosen, chosen and self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._make_strip(row, line - self._starts[row], width, chosen)
            self._strips[key] = strip
        return strip

    def _make_strip(self, row: int, offset: int, width: int, chosen: bool) -> Strip:
        lines = self._render_row(row)
        text = lines[offset].copy() if offset < len(lines) else Text()
        text.truncate(width - GUTTER, overflow="ellipsis", pad=True)
        base = self.rich_style
        if chosen:
            base = base + self.get_component_rich_style("row-list--highlight")
        glyph = " "
        if chosen:  # on every line of the row, as PickList draws it
            glyph = CURSOR_BAR if self.has_focus else CURSOR_BAR_IDLE
        gutter = Segment(glyph.ljust(GUTTER), base + self.get_component_rich_style("row-list--cursor"))
        rendered = text.render(self.app.console)
        segments = [gutter, *(Segment(s.text, base + s.style if s.style else base) for s in rendered)]
        return Strip(segments, width).crop(0, width)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(event.size.width, self._starts[-1])

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- moving

    def _move_to(self, row: int) -> None:
        if not self.row_count:
            self.app.bell()
            return
        self.highlighted = max(0, min(row, self.row_count - 1))
        self._scroll_to_highlighted()
        self.refresh()

    def _scroll_to_highlighted(self) -> None:
        if self.highlighted is None:
            return
        top, end = self._starts[self.highlighted], self._starts[self.highlighted + 1]
        height = self.scrollable_content_region.height or 1
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif end > self.scroll_offset.y + height:
            self.scroll_to(y=max(top, end - height), animate=False)

    def action_cursor_up(self) -> None:
        self._move_to((self.highlighted or 0) - 1)

    def action_cursor_down(self) -> None:
        self._move_to(0 if self.highlighted is None else self.highlighted + 1)

    def action_page_up(self) -> None:
        if self.highlighted is not None:
            target = self._starts[self.highlighted] - (self.scrollable_content_region.height or 1)
            self._move_to(bisect_right(self._starts, max(target, 0)) - 1)

    def action_page_down(self) -> None:
        if self.highlighted is not None:
            target = self._starts[self.highlighted] + (self.scrollable_content_region.height or 1)
            self._move_to(bisect_right(self._starts, min(target, self._starts[-1] - 1)) - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.row_count - 1)

    def action_select(self) -> None:
        if self.highlighted is None:
            self.app.bell()
            return
        self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        line = self.scroll_offset.y + event.y
        if 0 <= line < self._starts[-1]:
            row = bisect_right(self._starts, line) - 1
            if row == self.highlighted:
                self.action_select()
            else:
                self._move_to(row)
