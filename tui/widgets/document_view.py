"""The reading pane: a document drawn line by line, only the lines in view.

A `ScrollView` whose `render_line` cuts each screen line out of a `Page` (the document
laid out at the pane's width) and caches the `Strip`s it makes, as toolong does for logs.
No widget per paragraph: a 2 MB document is one widget, a list of line offsets, and the
strips of what is on screen. A strip is cached under what its line depends on (the page,
the line's place in its block, whether it is on the cursor block, its marks, the focused
link or matches on it), so moving the cursor draws the lines of the block it leaves and the
one it enters, no more.

A long document's page is laid out as it is needed (`tui.page`): what is in view and a
screen around it before it is drawn (`_settle`, on every scroll), the place a jump goes to
before the jump, the last screen for End, and the rest a slice at a time in the background
once the view has been still for a moment. A block laid out may turn out longer or shorter
than estimated: the line at the top of the view is kept where it was (`_keep_top`).

The pane keeps a cursor on one block (shown by a bar in the margin: that is the block `m`
bookmarks and `a` annotates) and a focused link (`]`/`[`); it says so with messages and
leaves what following a link means to its owner.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Hashable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.userdata import Marks
from tui.actions import bindings_for
from tui.browser import offer
from tui.display import DocumentDisplay
from tui.find import Matches
from tui.links import copy_text, official_address
from tui.messages import BurstMessage, WidgetMessage
from tui.page import Line, LineKind, Page
from tui.safe_text import one_line

MARGIN = 3  # cursor bar, note/bookmark mark, space
MAX_MEASURE = 100  # longest line of text, for reading comfort on wide terminals
CURSOR_BAR = "▌"
CURSOR_BAR_IDLE = "▏"
NOTE_MARK = "✎"
BOOKMARK_MARK = "★"

# A long document is laid out block by block (tui.page): what is on screen and a screen's worth
# around it at once, the rest in the background, this many characters of text a step (a few ms).
BACKGROUND_CHARS = 40_000
BACKGROUND_PAUSE = 0.002  # seconds between steps: keys and drawing go first
QUIET = 0.15  # seconds after the view moved before the background goes on: the new lines are drawn first
SYNC_EVERY = 10  # steps: the scrollbar follows the page's height now and then, not at every step

PLACEHOLDER = (
    "",
    "No document open.",
    "",
    "Choose one in the tree (tab to move between panes, enter to open),",
    "search the library with s, or press ? for all keys.",
)


class DocumentView(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = bindings_for("reader")

    COMPONENT_CLASSES = {
        "document-view--title",
        "document-view--meta",
        "document-view--rule",
        "document-view--heading",
        "document-view--label",
        "document-view--question",
        "document-view--bar",
        "document-view--link",
        "document-view--link-focused",
        "document-view--match",
        "document-view--match-current",
        "document-view--cursor",
        "document-view--mark",
        "document-view--placeholder",
    }

    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    DocumentView > .document-view--title { text-style: bold; color: $text; }
    DocumentView > .document-view--meta { color: $text-muted; }
    DocumentView > .document-view--rule { color: $text-muted; }
    DocumentView > .document-view--heading { text-style: bold; color: $text-primary; }
    DocumentView > .document-view--label { text-style: bold; color: $text-secondary; }
    DocumentView > .document-view--question { color: $text; }
    DocumentView > .document-view--bar { color: $secondary; }
    DocumentView > .document-view--link { text-style: underline; color: $text-accent; }
    DocumentView > .document-view--link-focused { text-style: bold reverse underline; color: $text-accent; }
    DocumentView > .document-view--match { text-style: bold; background: $warning 35%; }
    DocumentView > .document-view--match-current { text-style: bold reverse; color: $warning; }
    DocumentView > .document-view--cursor { color: $primary; }
    DocumentView > .document-view--mark { color: $warning; }
    DocumentView > .document-view--placeholder { color: $text-muted; }
    """

    class CursorMoved(BurstMessage):
        """The cursor moved to another block."""

        def __init__(self, view: DocumentView, block: int) -> None:
            super().__init__(view)
            self.block = block

    class LinkFocused(BurstMessage):
        def __init__(self, view: DocumentView, link: int | None) -> None:
            super().__init__(view)
            self.link = link

    class LinkFollowed(WidgetMessage):
        def __init__(self, view: DocumentView, link: int) -> None:
            super().__init__(view)
            self.link = link

    class FindRequested(WidgetMessage):
        """The user wants to find text in the document."""

    class MatchMoved(BurstMessage):
        def __init__(self, view: DocumentView, index: int | None) -> None:
            super().__init__(view)
            self.index = index

    class CloseRequested(WidgetMessage):
        """Escape in the text: close what is open around it (panel, find bar)."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.display_doc: DocumentDisplay | None = None
        self.page: Page | None = None
        self.cursor_block = 0
        self.focused_link: int | None = None
        self.matches = Matches("")
        self.current_match: int | None = None
        self.marks = Marks()
        self._strips: LRUCache[Hashable, Strip] = LRUCache(1024)
        self._page_serial = 0  # a new page (document, width) or new styles: every strip is new
        self._matches_serial = 0
        self._styles: dict[str, Style] = {}  # component styles by their short name ("link")
        self._styles_checked = False
        self._style_signature: tuple[Style, ...] = ()
        self._base = Style()
        self._frame: int | None = None  # the content's width while a frame is drawn
        # (block, offset, to the top, the block to show from) to scroll to
        self._target: tuple[int, int, bool, int | None] | None = None
        self._background_steps = 0
        self._moved_at = 0.0  # time.monotonic() when the view last scrolled

    # ------------------------------------------------------------------ state down

    def show(
        self, display: DocumentDisplay, block: int = 0, link: int | None = None, marks: Marks | None = None,
        *, from_block: int | None = None,
    ) -> None:  # fmt: skip
        """Show a document with the cursor on `block` (and `link` focused), from `from_block` on
        if given (see go_to)."""
        self.display_doc = display
        self.marks = marks or Marks()
        self.matches = Matches("")
        self.current_match = None
        self.focused_link = None
        self.cursor_block = 0
        self.page = None
        self._relayout(keep_position=False)
        self.go_to(block, link=link, top=True, from_block=from_block)

    def clear(self) -> None:
        """Show no document (the one shown was removed from the library)."""
        self.display_doc = None
        self.marks = Marks()
        self.matches = Matches("")
        self.current_match = None
        self.focused_link = None
        self.cursor_block = 0
        self._relayout(keep_position=False)

    def go_to(
        self, block: int, offset: int = 0, *, link: int | None = None, top: bool = True, from_block: int | None = None
    ) -> None:
        """Move the cursor to `block` and scroll it into view (to the top, by default). With
        `from_block` (an earlier block, such as the question of the answer `block`), that block
        is at the top instead, as long as `block` still starts in view."""
        if self.display_doc is None or self.page is None or not self.display_doc.blocks:
            return
        block = min(max(block, 0), len(self.display_doc.blocks) - 1)
        self._set_focused_link(link)
        if link is not None:
            offset = self.display_doc.links[link].start
        self._set_cursor(block)
        # Scrolling waits until the pane has a size (it may have just been shown).
        self._target = (block, offset, top, from_block)
        self._scroll_to_target()
        self.call_after_refresh(self._scroll_to_target)

    def _scroll_to_target(self) -> None:
        if self._target is None or self.page is None or self.size.height == 0:
            return
        block, offset, top, from_block = self._target
        self._target = None
        # What is shown from there is laid out first, so that it stays where it is put.
        height = max(self.scrollable_content_region.height, 1)
        if from_block is not None and 0 <= from_block < block:
            self.page.lay_out_around(from_block, height, 2 * height)
        self.page.lay_out_around(block, height, 2 * height)
        self._sync_size()
        # A block is shown from its first line (label included); the first one with the header.
        y = self.page.line_of(block, offset) if offset else (self.page.block_lines[block] if block else 0)
        if from_block is not None and not offset and 0 <= from_block < block:
            start = self.page.block_lines[from_block] if from_block else 0
            if y - start < self.scrollable_content_region.height - 1:
                y = start
        if top:
            # A block starts at the top; a place inside one (a link) gets some text above it.
            above = self.scrollable_content_region.height // 4 if offset else 0
            self.scroll_to(y=max(y - above, 0), animate=False, immediate=True)
        else:
            self._scroll_line_into_view(y)

    def set_marks(self, marks: Marks) -> None:
        self.marks = marks
        self.refresh()  # the strips of blocks whose marks did not change are still good

    def set_matches(self, matches: Matches, current: int | None) -> None:
        self.matches = matches
        self._matches_serial += 1
        self.move_to_match(current)

    def move_to_match(self, index: int | None) -> None:
        self.current_match = index
        if index is not None and self.page is not None and 0 <= index < len(self.matches.items):
            match = self.matches.items[index]
            self._set_cursor(match.block)
            height = self.scrollable_content_region.height
            self.page.lay_out_around(match.block, height, 2 * height)
            self._sync_size()
            y = self.page.line_of(match.block, match.start)
            if not self._line_visible(y):
                self.scroll_to(y=max(y - height // 3, 0), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.MatchMoved(self, index))

    # ------------------------------------------------------------------ layout

    @property
    def text_width(self) -> int:
        return max(min(self.scrollable_content_region.width - MARGIN - 1, MAX_MEASURE), 10)

    def _relayout(self, keep_position: bool = True) -> None:
        if self.display_doc is None:
            self.page = None
            self.virtual_size = Size(self.scrollable_content_region.width, len(PLACEHOLDER))
            self._new_strips()
            return
        anchor = None
        if keep_position and self._target is None and self.page is not None and len(self.page):
            top = self.page.line(min(self.scroll_offset.y, len(self.page) - 1))
            anchor = (top.block, top.start)
        self.page = page = Page(self.display_doc, self.text_width)
        if anchor is not None and anchor[0] >= 0:
            height = max(self.scrollable_content_region.height, 1)
            page.lay_out_around(anchor[0], height, 2 * height)
        self._sync_size()
        if anchor is not None:  # a line of the header (block -1) keeps the header in view
            y = page.line_of(*anchor) if anchor[0] >= 0 else 0
            self.scroll_to(y=y, animate=False, immediate=True)
        self._new_strips()
        if not page.complete:
            self.call_after_refresh(self._lay_out_in_background, page)

    def _sync_size(self) -> None:
        """The scrollable height is the page's: laying out blocks can change it."""
        size = Size(self.scrollable_content_region.width, len(self.page) if self.page is not None else 0)
        if self.virtual_size != size:
            self.virtual_size = size

    def _keep_top(self, change: Callable[[], object], *, sync: bool = True) -> None:
        """Run `change`, which lays out blocks, keeping the line at the top of the view where it is
        (the blocks above it may turn out longer or shorter than their estimate). `sync=False`:
        the scrollable height is left as it was unless the view moves (it costs a layout)."""
        page = self.page
        if page is None:
            return
        block, k = page.locate(self.scroll_offset.y)
        before = page.moves
        change()
        if page.moves == before:
            return
        y = page.block_lines[block] + min(k, page.block_height(block) - 1) if block >= 0 else self.scroll_offset.y
        moved = self._target is None and y != self.scroll_offset.y
        if sync or moved:
            self._sync_size()
        if moved:
            still_since = self._moved_at  # keeping the view in place is not the user moving it
            self.scroll_to(y=y, animate=False, immediate=True)
            self._moved_at = still_since

    def _settle(self) -> None:
        """Lay out what is in view and a screen around it, before it is drawn."""
        page = self.page
        if page is None or page.complete or self.size.height == 0:
            return
        height = max(self.scrollable_content_region.height, 1)

        def around_top() -> None:
            block, k = page.locate(self.scroll_offset.y)
            page.lay_out_around(max(block, 0), height, k + 2 * height)

        self._keep_top(around_top)

    def _lay_out_in_background(self, page: Page) -> None:
        """One step of laying out a long page, then the next after a pause (until it is complete
        or replaced)."""
        if page is not self.page or page.complete:
            return
        wait = self._moved_at + QUIET - time.monotonic()
        if wait > 0:
            self.set_timer(wait, lambda: self._lay_out_in_background(page))
            return
        self._background_steps += 1
        self._keep_top(lambda: page.lay_out_more(BACKGROUND_CHARS), sync=self._background_steps % SYNC_EVERY == 0)
        if page.complete:
            self._sync_size()
        else:
            self.set_timer(BACKGROUND_PAUSE, lambda: self._lay_out_in_background(page))

    def on_resize(self, event: events.Resize) -> None:
        if self.page is None or self.page.width != self.text_width:
            self._relayout()
            # A repaint asked for while a hidden pane is being shown can be lost: ask again.
            self.call_after_refresh(self._new_strips)
        self._scroll_to_target()

    def _relayout_if_stale(self) -> None:
        if self.page is not None and self.page.width != self.text_width:
            if self._target is None:  # the old page's scroll position means nothing: go to the cursor
                self._target = (self.cursor_block, 0, True, None)
            self._relayout(keep_position=False)
            self._scroll_to_target()

    def notify_style_update(self) -> None:
        # Textual says so whenever it restyles the widget (the focus moving, a class on a parent),
        # mostly with the same styles as before: they are compared before the next line is drawn.
        super().notify_style_update()
        self._styles_checked = False
        self.refresh()

    def _check_styles(self) -> None:
        self._styles_checked = True
        styles = {
            name.removeprefix("document-view--"): self.get_component_rich_style(name, partial=True)
            for name in sorted(self.COMPONENT_CLASSES)
        }
        signature = (self.rich_style, *styles.values())
        self._base = signature[0]  # the widget's own style (asking Textual walks the ancestors)
        if signature != self._style_signature:
            self._style_signature = signature
            self._styles = styles
            self._page_serial += 1
            self._strips.clear()

    def on_focus(self) -> None:
        self._refresh_block(self.cursor_block)  # the cursor's shape says whether the pane has the focus

    def on_blur(self) -> None:
        self._refresh_block(self.cursor_block)

    def _new_strips(self) -> None:
        """Every strip drawn again: a new page, new styles."""
        self._page_serial += 1
        self._strips.clear()
        self.refresh()

    def _refresh_block(self, block: int | None) -> None:
        """Draw the lines of one block again (its strips are cached under what changed)."""
        page = self.page
        if page is None or block is None or not 0 <= block < len(page.block_lines):
            return
        start = page.block_lines[block]
        end = page.block_lines[block + 1] if block + 1 < len(page.block_lines) else len(page)
        self.refresh_lines(start, end - start)

    # ------------------------------------------------------------------ cursor and scrolling

    def _visible_lines(self) -> range:
        top = self.scroll_offset.y
        return range(top, top + max(self.scrollable_content_region.height, 1))

    def _line_visible(self, y: int) -> bool:
        return y in self._visible_lines()

    def _scroll_line_into_view(self, y: int) -> None:
        visible = self._visible_lines()
        if y < visible.start:
            self.scroll_to(y=y, animate=False, immediate=True)
        elif y >= visible.stop:
            self.scroll_to(y=y - len(visible) + 1, animate=False, immediate=True)

    def _set_cursor(self, block: int) -> None:
        if block != self.cursor_block:
            self._refresh_block(self.cursor_block)
            self.cursor_block = block
            self._refresh_block(block)
            self.post_message(self.CursorMoved(self, block))

    def _set_focused_link(self, link: int | None) -> None:
        if link != self.focused_link:
            self._refresh_block(self._link_block(self.focused_link))
            self.focused_link = link
            self._refresh_block(self._link_block(link))
            self.post_message(self.LinkFocused(self, link))

    def _link_block(self, link: int | None) -> int | None:
        display = self.display_doc
        if link is None or display is None or not 0 <= link < len(display.links):
            return None
        return display.links[link].block

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._moved_at = time.monotonic()
        self._settle()
        self._keep_cursor_in_view()

    def _keep_cursor_in_view(self) -> None:
        """When scrolling leaves the cursor block out of view, the cursor follows the text."""
        page = self.page
        if page is None or self.display_doc is None or not self.display_doc.blocks:
            return
        if self._target is not None or self.size.height == 0:
            return  # not in its place yet
        visible = self._visible_lines()
        lines = page.text_lines(self.cursor_block)
        if lines.start < visible.stop and lines.stop > visible.start:
            return
        y = min(visible.start, len(page) - 1)
        while y < min(visible.stop, len(page)) - 1 and page.line(y).kind is not LineKind.TEXT:
            y += 1
        block = page.block_at(y)
        if self.focused_link is not None and self.display_doc.links[self.focused_link].block != block:
            self._set_focused_link(None)
        self._set_cursor(block)

    # ------------------------------------------------------------------ actions (keys)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-max(self.scrollable_content_region.height - 2, 1), animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_relative(y=max(self.scrollable_content_region.height - 2, 1), animate=False, immediate=True)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        if self.page is not None:  # the last screen laid out, not the whole document
            self.page.lay_out_end(2 * max(self.scrollable_content_region.height, 1))
            self._sync_size()
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def _link_line(self, link: int) -> int:
        assert self.page is not None and self.display_doc is not None
        item = self.display_doc.links[link]
        return self.page.line_of(item.block, item.start)

    def _step_link(self, step: int) -> None:
        display, page = self.display_doc, self.page
        if display is None or page is None or not display.links:
            self.notify("No links in this document.", severity="information", markup=False)
            return
        visible = self._visible_lines()
        current = self.focused_link
        target: int | None
        # Links are in reading order: only those from the blocks in view on are looked at (each
        # look lays out its block).
        blocks = [link.block for link in display.links]
        if current is not None and self._line_visible(self._link_line(current)):
            target = current + step
        elif step > 0:  # the first link in view, or after it
            first = bisect.bisect_left(blocks, page.block_at(visible.start))
            target = next((i for i in range(first, len(blocks)) if self._link_line(i) >= visible.start), None)
        else:
            last = bisect.bisect_right(blocks, page.block_at(max(visible.stop - 1, 0)))
            target = next((i for i in reversed(range(last)) if self._link_line(i) < visible.stop), None)
        if target is None or not 0 <= target < len(display.links):
            self.app.bell()
            self.notify("No more links that way.", markup=False)
            return
        link = display.links[target]
        self._set_focused_link(target)
        self._set_cursor(link.block)
        self._scroll_line_into_view(self._link_line(target))

    def action_next_link(self) -> None:
        self._step_link(+1)

    def action_previous_link(self) -> None:
        self._step_link(-1)

    def action_follow(self) -> None:
        if self.focused_link is None:
            self.notify("No link chosen: ] and [ move between the links.", markup=False)
            return
        self.post_message(self.LinkFollowed(self, self.focused_link))

    def action_copy_reference(self) -> None:
        display = self.display_doc
        if display is None or self.focused_link is None:
            self.notify("No link chosen: ] and [ move between the links.", markup=False)
            return
        link = display.links[self.focused_link]
        if link.reference is not None:
            text = copy_text(display.doc.references[link.reference])
        else:
            note = display.doc.footnote(link.footnote or "")
            text = one_line(note.text) if note and note.text else f"[{link.footnote}]"
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied: {text}", markup=False)

    def action_open_address(self) -> None:
        display = self.display_doc
        if display is None or self.focused_link is None:
            self.notify("No link chosen: ] and [ move between the links.", markup=False)
            return
        link = display.links[self.focused_link]
        ref = display.doc.references[link.reference] if link.reference is not None else None
        offer(self, official_address(ref) if ref is not None else None)

    def _step_part(self, step: int) -> None:
        display = self.display_doc
        if display is None:
            return
        parts = [
            i
            for i, b in enumerate(display.blocks)
            if (b.kind == "heading" and b.side != "answer") or (b.label is not None and b.kind == "question")
        ]
        ahead = [i for i in parts if (i > self.cursor_block if step > 0 else i < self.cursor_block)]
        if not ahead:
            self.app.bell()
            return
        self.go_to(ahead[0] if step > 0 else ahead[-1], top=True)

    def action_next_part(self) -> None:
        self._step_part(+1)

    def action_previous_part(self) -> None:
        self._step_part(-1)

    def action_find(self) -> None:
        if self.display_doc is not None:
            self.post_message(self.FindRequested(self))

    def _step_match(self, step: int) -> None:
        if not self.matches.items:
            self.notify("Nothing to find: / starts a search.", markup=False)
            return
        if self.current_match is None:
            index = self.matches.after(self.cursor_block, 0) or 0
        else:
            index = (self.current_match + step) % len(self.matches.items)
        self.move_to_match(index)

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def action_close(self) -> None:
        if self.matches.items:
            self.set_matches(Matches(""), None)
        self.post_message(self.CloseRequested(self))

    # ------------------------------------------------------------------ drawing

    def _style(self, name: str) -> Style:
        if not self._styles_checked:
            self._check_styles()
        return self._styles[name]

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widths are worked out once a frame, not once a line (each look is a walk of the styles).
        self._relayout_if_stale()
        self._frame = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        if self._frame is None:  # drawn on its own (not in a frame)
            self._relayout_if_stale()
        # Laid out while hidden (at no width), now drawn at its real width before the Resize
        # arrives: laid out again first, so not one frame shows the text in a 10-column strip.
        width = self._frame if self._frame is not None else self.scrollable_content_region.width
        if not self._styles_checked:
            self._check_styles()
        index = self.scroll_offset.y + y
        page = self.page
        if page is not None and not page.complete and 0 <= index < len(page) and not page.is_laid_out(
            page.block_at(index)
        ):
            self._settle()  # not laid out yet (a jump of the scrollbar): now, and the view kept in place
            self.refresh()  # the lines drawn before it in this frame may have moved
            index = self.scroll_offset.y + y
        # Under the line's place in its block, not its number: the lines above it may still move.
        place = page.locate(index) if page is not None and 0 <= index < len(page) else (None, index)
        key = (self._page_serial, place, width, self._line_state(index))
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_index(index).adjust_cell_length(width, self._base)
            self._strips[key] = strip
        return strip

    def _line_state(self, index: int) -> Hashable:
        """What a line's look depends on beyond the page: the cursor bar, the marks, a focused
        link and matches on it. The key of its strip, so that only lines whose state changed are drawn again."""
        page, display = self.page, self.display_doc
        if page is None or display is None or not 0 <= index < len(page):
            return None
        block, k = page.locate(index)
        if block < 0:
            return None
        line = page.line(index)
        cursor = 0
        if block == self.cursor_block and line.kind in (LineKind.TEXT, LineKind.LABEL):
            cursor = 1 if self.has_focus else 2
        marks = None
        if k == 0:
            marks = (block in self.marks.noted, block in self.marks.bookmarked)
        if line.kind is not LineKind.TEXT:
            return cursor, marks
        link = self.focused_link
        if link is not None:
            item = display.links[link]
            if item.block != block or not (item.end > line.start and item.start < line.end):
                link = None
        matches = None
        on_block = self.matches.by_block.get(block)
        if on_block:
            current = self.current_match if self.current_match in on_block else None
            matches = (self._matches_serial, current)
        return cursor, marks, link, matches

    def _render_index(self, index: int) -> Strip:
        if not self._styles_checked:
            self._check_styles()
        base = self._base
        if self.page is None:
            if 0 <= index < len(PLACEHOLDER):
                text = PLACEHOLDER[index]
                return Strip([Segment(" " * MARGIN, base), Segment(text, base + self._style("placeholder"))])
            return Strip([])
        if not 0 <= index < len(self.page):
            return Strip([])
        line = self.page.line(index)
        segments = [*self._margin(index, line, base)]
        if line.prefix:
            segments.append(Segment(line.prefix, base + self._style("bar")))
        if line.kind is LineKind.TEXT:
            segments.extend(self._text_segments(line, base))
        elif line.kind is LineKind.LABEL:
            segments.append(Segment(line.text, base + self._style("label")))
        elif line.kind is LineKind.TITLE:
            segments.append(Segment(line.text, base + self._style("title")))
        elif line.kind is LineKind.META:
            segments.append(Segment(line.text, base + self._style("meta")))
        elif line.kind is LineKind.RULE:
            segments.append(Segment(line.text, base + self._style("rule")))
        return Strip(segments)

    def _margin(self, index: int, line: Line, base: Style) -> list[Segment]:
        assert self.page is not None
        block = line.block
        if block < 0:
            return [Segment(" " * MARGIN, base)]
        on_cursor = block == self.cursor_block and line.kind in (LineKind.TEXT, LineKind.LABEL)
        # The cursor's shape says whether the pane has the focus: ▌ with it, ▏ without.
        glyph = (CURSOR_BAR if self.has_focus else CURSOR_BAR_IDLE) if on_cursor else " "
        bar = Segment(glyph, base + self._style("cursor"))
        marks = "  "
        if self.page.locate(index)[1] == 0:  # on the block's first line: ✎ a note, ★ a bookmark
            noted, bookmarked = block in self.marks.noted, block in self.marks.bookmarked
            marks = (NOTE_MARK if noted else "") + (BOOKMARK_MARK if bookmarked else "")
            marks = marks.ljust(2)
        return [bar, Segment(marks, base + self._style("mark"))]

    def _text_segments(self, line: Line, base: Style) -> list[Segment]:
        assert self.display_doc is not None
        block = self.display_doc.blocks[line.block]
        text = block.text
        if block.is_qa_heading:
            base = base + self._style("label")
        elif block.kind == "heading":
            base = base + self._style("heading")
        elif block.kind == "question":
            base = base + self._style("question")
        spans: list[tuple[int, int, Style]] = []
        for link_index in block.links:
            link = self.display_doc.links[link_index]
            if link.end > line.start and link.start < line.end:
                name = "link-focused" if link_index == self.focused_link else "link"
                style = self._style(name)
                if link.reference is not None:  # a real hyperlink (OSC 8) where the terminal has them
                    address = official_address(self.display_doc.doc.references[link.reference])
                    style = style + Style(link=address) if address else style
                spans.append((link.start, link.end, style))
        for match_index in self.matches.by_block.get(line.block, ()):
            match = self.matches.items[match_index]
            if match.end > line.start and match.start < line.end:
                name = "match-current" if match_index == self.current_match else "match"
                spans.append((match.start, match.end, self._style(name)))
        if not spans:
            return [Segment(text[line.start : line.end], base)]
        cuts = sorted({line.start, line.end, *(min(max(p, line.start), line.end) for s in spans for p in s[:2])})
        segments = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            style = base
            for start, end, span_style in spans:
                if start <= a and b <= end:
                    style = style + span_style
            segments.append(Segment(text[a:b], style))
        return segments

    def region_of_block(self, block: int) -> Region | None:
        """Where a block is on screen (for tests and the status line), None if out of view."""
        if self.page is None:
            return None
        lines = self.page.text_lines(block)
        visible = self._visible_lines()
        top = max(lines.start, visible.start)
        bottom = min(lines.stop, visible.stop)
        if top >= bottom:
            return None
        return Region(0, top - visible.start, self.size.width, bottom - top)
