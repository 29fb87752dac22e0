"""The documents in the library that cite the open one; Enter opens one at its citation."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.keymap import active_keys, hint
from tui.screens.dialog import Dialog
from tui.tree_model import EntryLike, entry_line
from tui.widgets.pick_list import PickList


class CitedByScreen(Dialog[str | None]):
    DEFAULT_CSS = """
    CitedByScreen > #dialog { height: auto; max-height: 85%; }
    CitedByScreen PickList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, doc_id: str, entries: list[EntryLike]) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.entries = entries

    def compose(self) -> ComposeResult:
        keys = active_keys(self)
        with Vertical(id="dialog"):
            if self.entries:
                yield PickList(*[Option(Text(entry_line(e)), id=e.id) for e in self.entries], id="cited-by")
                yield Static(Text(f"{hint(keys, 'select')}: open at the citation · {hint(keys, 'close')}: close"),
                             id="dialog-hint")
            else:
                yield Static(Text("No document in the library cites this one."))
                yield Static(Text(f"{hint(keys, 'close')}: close"), id="dialog-hint")

    def on_mount(self) -> None:
        count = len(self.entries)
        self.query_one("#dialog").border_title = f"Cited by · {count} document{'s' if count != 1 else ''}"
        if self.entries:
            self.query_one(PickList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
