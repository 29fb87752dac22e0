"""Documents linked to the open one (those that cite it, the answers to its questions, the
questions it answers); Enter opens one."""

from __future__ import annotations

from collections.abc import Sequence

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


class LinkedScreen(Dialog[str | None]):
    """`title` names the link ("Cited by"), `opens` what Enter does, `empty` what is said when
    the library holds none."""

    DEFAULT_CSS = """
    LinkedScreen > #dialog { height: auto; max-height: 85%; }
    LinkedScreen PickList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, title: str, entries: Sequence[EntryLike], *, opens: str, empty: str) -> None:
        super().__init__()
        self.title_text = title
        self.entries = entries
        self.opens = opens
        self.empty = empty

    def compose(self) -> ComposeResult:
        keys = active_keys(self)
        with Vertical(id="dialog"):
            if self.entries:
                yield PickList(*[Option(Text(entry_line(e)), id=e.id) for e in self.entries], id="linked")
                yield Static(Text(f"{hint(keys, 'select')}: {self.opens} · {hint(keys, 'close')}: close"),
                             id="dialog-hint")  # fmt: skip
            else:
                yield Static(Text(self.empty))
                yield Static(Text(f"{hint(keys, 'close')}: close"), id="dialog-hint")

    def on_mount(self) -> None:
        count = len(self.entries)
        self.query_one("#dialog").border_title = f"{self.title_text} · {count} document{'s' if count != 1 else ''}"
        if self.entries:
            self.query_one(PickList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
