"""A question with a few answers to choose from (a note changed elsewhere while it was being
edited: keep both, overwrite, edit again). Moved and chosen with the list keys; the dialog's
close key is the answer `None`, which callers treat as the safest one."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.keymap import active_keys, hint
from tui.safe_text import one_line
from tui.screens.dialog import Dialog
from tui.widgets.pick_list import PickList


class ChoiceScreen(Dialog[str | None]):
    DEFAULT_CSS = """
    ChoiceScreen > #dialog { height: auto; max-width: 80; }
    ChoiceScreen .choice-detail { color: $text-muted; max-height: 3; overflow: hidden; }
    ChoiceScreen PickList { margin-top: 1; }
    ChoiceScreen PickList { height: auto; max-height: 8; border: none; }
    """

    def __init__(
        self, title: str, question: str, details: Sequence[str], choices: Sequence[tuple[str, str]],
        *, on_close: str = "cancel",
    ) -> None:  # fmt: skip
        """`choices` are (answer, label) pairs, the first chosen at the start; `on_close` says in
        the hint line what the close key does (its answer is None)."""
        super().__init__()
        self.heading = title
        self.question = question
        self.details = list(details)
        self.choices = list(choices)
        self.on_close = on_close

    def compose(self) -> ComposeResult:
        keys = active_keys(self)
        with Vertical(id="dialog"):
            yield Static(Text(one_line(self.question), style="bold"))
            for detail in self.details:
                yield Static(Text(one_line(detail, 300)), classes="choice-detail")
            yield PickList(*(Option(Text(label), id=answer) for answer, label in self.choices), id="choices")
            yield Static(Text(f"{hint(keys, 'select')}: choose · {hint(keys, 'close')}: {self.on_close}"),
                         id="dialog-hint")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.heading
        choices = self.query_one(PickList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
