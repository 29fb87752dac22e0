"""A small editor for a note on a block (or a bookmark's label): saves with ctrl+s, escape cancels.

Dismisses with the new text, or None when cancelled.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui.actions import bindings_for
from tui.keymap import active_keys, hint
from tui.safe_text import plain
from tui.screens.dialog import Dialog


class NoteEditor(Dialog[str | None]):
    BINDINGS = bindings_for("editor")

    DEFAULT_CSS = """
    NoteEditor > #dialog { height: auto; max-height: 90%; max-width: 90; }
    NoteEditor #note-place { text-style: bold; }
    NoteEditor #note-quote { color: $text-muted; max-height: 4; overflow: hidden; margin-bottom: 1; }
    NoteEditor TextArea { height: 8; }
    """

    def __init__(self, place: str, quote: str, text: str = "", *, title: str = "Note") -> None:
        super().__init__()
        self.place = place
        self.quote = quote
        self.initial = text
        self.heading = title

    def compose(self) -> ComposeResult:
        keys = active_keys(self)
        with Vertical(id="dialog"):
            yield Static(plain(self.place), id="note-place")
            if self.quote:
                yield Static(plain(f"“{self.quote}”"), id="note-quote")
            editor = TextArea(self.initial, id="note-text", soft_wrap=True, show_line_numbers=False)
            editor.cursor_blink = False
            yield editor
            yield Static(
                Text(f"{hint(keys, 'save')}: save · {hint(keys, 'close')}: cancel"),
                id="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.heading
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)
