"""What the main screen's panes share: a name, and where the focus lands inside each.

The screen moves the focus between panes (tab, `t`, `v`) without knowing what is inside
them: each pane says which of its widgets takes the focus when it is entered.
"""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget

from tui.layout import PaneName


class Pane(Vertical):
    pane_name: ClassVar[PaneName]

    # The pane that has the focus, or is about to. A class, not :focus-within: Textual does not
    # restyle a pane's title when the focus moves.
    current: reactive[bool] = reactive(False, toggle_class="-focused")

    def focus_target(self) -> Widget:
        """The widget that takes the focus when the pane is entered."""
        raise NotImplementedError

    def focus_within(self) -> None:
        self.focus_target().focus()


def pane_of(widget: Widget | None) -> Pane | None:
    """The pane a widget is in, if it is in one."""
    if widget is None:
        return None
    return next((node for node in widget.ancestors_with_self if isinstance(node, Pane)), None)
