"""The base of the reader's widget messages, written as Textual's own widgets write theirs.

A message carries the widget it is about and gives it as `control`, so a handler can pick it
by selector (`@on(FindBar.Changed, "#find-bar")`) as it does `Input.Changed`. A message of a
burst (the cursor moving, the status changing while keys repeat) says so: a newer one from
the same widget replaces one still waiting in the queue, since only the last state counts.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class WidgetMessage(Message):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    @property
    def control(self) -> Widget:
        return self.widget


class BurstMessage(WidgetMessage):
    """Its handlers read the widget's state rather than the message, so dropping a queued one
    that a newer one follows loses nothing."""

    def can_replace(self, message: Message) -> bool:
        return type(message) is type(self) and isinstance(message, WidgetMessage) and message.widget is self.widget
