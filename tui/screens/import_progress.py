"""Shown while the library is being filled or rebuilt: the bundled documents imported into an
empty cache (first start), or a damaged cache or one of an older version read again from
its stored texts."""

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

    def __init__(self, total: int, title: str = "", text: str = "") -> None:
        super().__init__()
        self.total = total
        self.title_text = title or "First start"
        self.text = text or "Your library is empty: importing the bundled documents."
        self._step: tuple[int, int, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(one_line(self.text)), id="import-what")
            yield ProgressBar(total=self.total or None, show_eta=False, id="import-bar")
            yield Static(Text(""), id="import-file")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.title_text
        if self._step is not None:
            self.advance(*self._step)

    def advance(self, done: int, total: int, name: str) -> None:
        """Show how far it is (kept until the screen is mounted, if it is not yet)."""
        self._step = (done, total, name)
        if not self.is_mounted:
            return
        bar = self.query_one(ProgressBar)
        bar.update(total=total or None, progress=done)
        self.query_one("#import-file", Static).update(Text(f"{done}/{total} {one_line(name, 50)}"))
