"""A yes/no question (deleting a note or a bookmark)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.actions import bindings_for
from tui.keymap import active_keys, hint
from tui.screens.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    BINDINGS = bindings_for("confirm")

    DEFAULT_CSS = """
    ConfirmScreen > #dialog { height: auto; max-width: 70; }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question, style="bold"))
            if self.detail:
                yield Static(Text(self.detail))
            keys = active_keys(self)
            yes, no, close = hint(keys, "confirm"), hint(keys, "refuse"), hint(keys, "close")
            yield Static(Text(f"{yes}: yes · {no} or {close}: no"), id="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Confirm"

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_refuse(self) -> None:
        self.dismiss(False)

    def action_close(self) -> None:
        self.dismiss(False)
