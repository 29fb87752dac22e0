"""Shown while the bundled documents are imported into an empty cache (first start)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from tui.safe_text import one_line


class ImportProgress(ModalScreen[None]):
    DEFAULT_CSS = """
    ImportProgress { align: center middle; }
    ImportProgress > #dialog {
        width: 64; height: auto; border: heavy $accent; background: $surface; padding: 1 2;
    }
    ImportProgress #import-file { color: $text-muted; }
    """

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Your library is empty: importing the bundled documents."))
            yield ProgressBar(total=self.total or None, show_eta=False, id="import-bar")
            yield Static(Text(""), id="import-file")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "First start"

    def advance(self, done: int, total: int, name: str) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total or None, progress=done)
        self.query_one("#import-file", Static).update(Text(f"{done}/{total} {one_line(name, 50)}"))
