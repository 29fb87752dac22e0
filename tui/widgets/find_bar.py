"""The find bar under the reading pane: type to find in the document, matches update as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from tui.actions import bindings_for


class FindInput(Input):
    BINDINGS = bindings_for("find")

    class Accepted(Message):
        pass

    class Closed(Message):
        pass

    def __init__(self) -> None:
        super().__init__(placeholder="find in this document", compact=True, id="find-input")
        self.cursor_blink = False

    def action_accept(self) -> None:
        self.post_message(self.Accepted())

    def action_close(self) -> None:
        self.post_message(self.Closed())


class FindBar(Horizontal):
    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $boost; }
    FindBar.-open { display: block; }
    FindBar > Label { width: auto; padding: 0 1; }
    FindBar > #find-count { color: $text-muted; }
    FindBar > FindInput { width: 1fr; }
    """

    class Changed(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Accepted(Message):
        pass

    class Closed(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Label("Find:")
        yield FindInput()
        yield Label("", id="find-count")

    @property
    def search_text(self) -> str:
        return self.query_one(FindInput).value

    def open(self) -> None:
        self.add_class("-open")
        field = self.query_one(FindInput)
        field.focus()
        field.select_all()

    def close(self) -> None:
        self.remove_class("-open")

    def show_count(self, text: str) -> None:
        self.query_one("#find-count", Label).update(Text(text))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    @on(FindInput.Accepted)
    def _accepted(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Accepted())

    @on(FindInput.Closed)
    def _closed(self, event: FindInput.Closed) -> None:
        event.stop()
        self.post_message(self.Closed())
