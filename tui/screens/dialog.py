"""The frame of every dialog: a modal box with a title and a hint line, closed with escape."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from tui.actions import bindings_for

T = TypeVar("T")


class Dialog(ModalScreen[T], inherit_bindings=False):
    BINDINGS = bindings_for("dialog")

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > #dialog {
        width: 90%;
        max-width: 110;
        height: 85%;
        border: heavy $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    Dialog #dialog-hint { color: $text-muted; height: auto; }
    """

    def action_close(self) -> None:
        self.dismiss(None)
