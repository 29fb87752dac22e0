"""A small editor for a note on a block (or a bookmark's label): saves with ctrl+s; escape
closes at once when nothing was typed, and asks (save, discard, keep editing) when it was, so
that one key never throws a user's text away.

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
from tui.screens.choice import ChoiceScreen
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
                Text(f"{hint(keys, 'save')}: save · {hint(keys, 'close')}: close (asks if the text changed)"),
                id="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.heading
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_close(self) -> None:
        if self.text == self.initial:
            self.dismiss(None)
            return

        def chosen(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
            elif answer == "discard":
                self.dismiss(None)
            else:  # keep editing, or the question closed: the text stays
                self.query_one(TextArea).focus()

        choices = [("save", "Save it"), ("discard", "Discard it"), ("edit", "Keep editing")]
        question = ChoiceScreen(self.heading, "Your text is not saved.", [], choices, on_close="keep editing")
        self.app.push_screen(question, chosen)
