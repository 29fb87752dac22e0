"""What shows while the library opens (in a worker): the main screen is made once it is open,
with the library in hand, so that nothing in it waits for a library that may not be there."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Label


class StartScreen(Screen, inherit_bindings=False):
    DEFAULT_CSS = """
    StartScreen > #start-title {
        width: 42; padding: 0 1; background: $panel; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("Opening the library…", id="start-title")
        yield Footer(compact=True, show_command_palette=False)

    def failed(self) -> None:
        """The library could not be opened (the app says why in a notification)."""
        self.query_one("#start-title", Label).update(Text("The library could not be opened"))
