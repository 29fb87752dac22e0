"""The find bar under the reading pane: type to find in the document, matches update as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from tui.actions import bindings_for
from tui.messages import BurstMessage, WidgetMessage


class FindInput(Input):
    BINDINGS = bindings_for("find")

    class Accepted(WidgetMessage):
        pass

    class Closed(WidgetMessage):
        pass

    def __init__(self) -> None:
        super().__init__(placeholder="find in this document", compact=True, id="find-input")
        self.cursor_blink = False

    def action_accept(self) -> None:
        self.post_message(self.Accepted(self))

    def action_close(self) -> None:
        self.post_message(self.Closed(self))


class FindBar(Horizontal):
    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $boost; }
    FindBar.-open { display: block; }
    FindBar > Label { width: auto; padding: 0 1; }
    FindBar > #find-count { color: $text-muted; }
    FindBar > FindInput { width: 1fr; }
    """

    class Changed(BurstMessage):
        """The text to find changed (as it is typed: only the newest counts)."""

        def __init__(self, bar: FindBar, query: str) -> None:
            super().__init__(bar)
            self.query = query

    class Accepted(WidgetMessage):
        pass

    class Closed(WidgetMessage):
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
        self.post_message(self.Changed(self, event.value))

    @on(Input.Submitted)
    @on(FindInput.Accepted)
    def _accepted(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Accepted(self))

    @on(FindInput.Closed)
    def _input_closed(self, event: FindInput.Closed) -> None:
        event.stop()
        self.post_message(self.Closed(self))
