"""A list to pick from (questions, search hits, bookmarks, notes), moved with the key map's keys."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList

from tui.actions import bindings_for

# The chosen item carries a bar in a gutter, as the reading pane's cursor does (▌ with the
# focus, ▏ without): Textual draws the highlight by colour only (CSS reverse is not passed
# on to lists), which NO_COLOR and a 16-colour terminal may not show.
CURSOR_BAR = "▌"
CURSOR_BAR_IDLE = "▏"
GUTTER = 2
# The gutter is made room for by overriding OptionList's private `_get_left_gutter_width` (there is
# no public way to narrow the options' width). Written against this Textual release; a test fails on
# any other until the gutter is checked there (tests/tui/test_textual_pins.py).
WRITTEN_FOR_TEXTUAL = "8.2.8"


class PickList(OptionList, inherit_bindings=False):
    """An `OptionList` whose keys come from the registry's "list" scope.

    Prompts must be Rich `Text` (or Content) built from plain strings: document text is never
    parsed as markup.
    """

    BINDINGS = bindings_for("list")

    def _get_left_gutter_width(self) -> int:  # private in OptionList: see WRITTEN_FOR_TEXTUAL
        return GUTTER

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        # Which option the line belongs to: OptionList marks each line of an option with it (its
        # mouse clicks use the mark). Read from the line itself, not from OptionList's private
        # line table, so that a Textual release that changes the table costs the bar, not the list.
        option_index = next((seg.style.meta.get("option") for seg in strip if seg.style and seg.style.meta), None)
        if option_index is None:  # below the last option: a blank line of the full width
            return strip
        style = self.get_visual_style("option-list--option").rich_style
        glyph = " "
        if option_index == self.highlighted:
            glyph = CURSOR_BAR if self.has_focus else CURSOR_BAR_IDLE
        return Strip([Segment(glyph.ljust(GUTTER), style), *strip], strip.cell_length + GUTTER)
