"""What the user's follows brought that has not been opened yet (`kamerlezer update` records
it, store.follows keeps it): newest first, Enter opens one, which marks it seen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.follows import Arrival
from tui.keymap import active_keys, hint
from tui.links import TitleOf
from tui.safe_text import one_line
from tui.screens.dialog import Dialog
from tui.widgets.pick_list import PickList

NEW_MARK = "●"  # as the document tree marks what is new

# Why a document arrived, as the list says it.
WHY = {"answer": "answer", "version": "new version", "mededeling": "mededeling", "new": "new"}


def arrival_prompt(arrival: Arrival, title: str | None) -> Text:
    """Two lines: the mark, id, why and the follow that brought it; then the title."""
    prompt = Text(end="")
    prompt.append(f"{NEW_MARK} ", style="bold")
    prompt.append(one_line(arrival.doc_id), style="bold")
    prompt.append(f" · {WHY.get(arrival.why, arrival.why)} · {one_line(arrival.follow)}", style="dim")
    prompt.append(f"\n  {one_line(title, 160)}" if title else "\n  (no longer in the library)")
    return prompt


class ArrivalsScreen(Dialog[str | None]):
    """`arrivals` newest first (store.follows.arrivals); `title_of` a document's title by its id."""

    DEFAULT_CSS = """
    ArrivalsScreen > #dialog { height: auto; max-height: 85%; }
    ArrivalsScreen PickList { height: auto; max-height: 30; border: none; }
    """

    def __init__(self, arrivals: Sequence[Arrival], title_of: TitleOf) -> None:
        super().__init__()
        self.arrivals = list(arrivals)
        self.title_of = title_of

    def compose(self) -> ComposeResult:
        keys = active_keys(self)
        options = [Option(arrival_prompt(a, self.title_of(a.doc_id)), id=str(n)) for n, a in enumerate(self.arrivals)]
        with Vertical(id="dialog"):
            yield PickList(*options, id="arrivals")
            yield Static(Text(f"{hint(keys, 'select')}: open it · {hint(keys, 'close')}: close"), id="dialog-hint")

    def on_mount(self) -> None:
        count = len(self.arrivals)
        self.query_one("#dialog").border_title = f"New since you last looked · {count}"
        self.query_one(PickList).focus()

    @on(OptionList.OptionSelected, "#arrivals")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        self.dismiss(self.arrivals[index].doc_id)
