"""The Vraag/Antwoord pane: the questions of the open document, and the one under the
cursor shown with its answer. Enter asks for the reading pane to jump there; a number typed
in the pane (`19`) moves the list to that question first, so `19` then Enter goes to it."""

from __future__ import annotations

import time

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from store.anchors import qa_index
from store.formats import MARKER
from store.model import Document
from tui.display import answer_title, qa_title
from tui.messages import WidgetMessage
from tui.safe_text import one_line, visible
from tui.widgets.pane import Pane
from tui.widgets.pick_list import PickList

TYPING_PAUSE = 1.5  # seconds: digits typed closer together than this make one number
# A document with more pairs than this fills the list when the pane is first shown, not when the
# document opens (a 2 MB Aanhangsel's 1,500 questions are a tenth of a second of the opening).
EAGER_PAIRS = 200


def _shown(text: str) -> str:
    return visible(MARKER.sub(r"[\1]", text), keep_newlines=True)


class QAPane(Pane):
    pane_name = "qa"

    DEFAULT_CSS = """
    QAPane { width: 44; border-left: solid $secondary; }
    QAPane > #qa-title { width: 1fr; padding: 0 1; text-style: bold; background: $panel; }
    QAPane > PickList { height: 2fr; border: none; }
    QAPane > VerticalScroll { height: 3fr; border-top: solid $secondary; padding: 0 1; }
    QAPane.-empty > PickList { display: none; }
    """

    class Chosen(WidgetMessage):
        """Enter on a question: jump the reading pane to it."""

        def __init__(self, pane: QAPane, qa: int) -> None:
            super().__init__(pane)
            self.qa = qa

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc: Document | None = None
        self._typed = ""  # the number being typed, and when its last digit came
        self._typed_at = 0.0
        self._unfilled: Document | None = None  # shown, but its list not made yet (EAGER_PAIRS)
        self._follow: int | None = None  # the pair the reading pane's cursor is in, meanwhile

    def compose(self) -> ComposeResult:
        yield Label("Vragen en antwoorden", id="qa-title")
        yield PickList(id="qa-list")
        with VerticalScroll(id="qa-preview-scroll", can_focus=False):
            yield Static("", id="qa-preview", markup=False)

    def on_mount(self) -> None:
        if self.doc is None:
            self.show_document(None)

    @property
    def questions(self) -> PickList:
        return self.query_one("#qa-list", PickList)

    def focus_target(self) -> Widget:
        self._fill()
        return self.questions

    def on_show(self) -> None:
        self._fill()

    def _fill(self) -> None:
        if self._unfilled is not None:
            follow = self._follow
            self.show_document(self._unfilled, now=True)
            self.sync_to(follow)

    def show_document(self, doc: Document | None, *, now: bool = False) -> None:
        """The questions of `doc` in the list (made when the pane is shown, for a long one)."""
        self.doc = doc
        self._unfilled = None
        self._follow = None
        if doc is not None and len(doc.qa) > EAGER_PAIRS and not now and not self._on_screen():
            self._unfilled = doc
            self.questions.clear_options()
            self.query_one("#qa-preview", Static).update("")
            self._typed = ""
            self._show_title()
            return
        options = []
        if doc is not None:
            for i, qa in enumerate(doc.qa):
                prompt = Text(end="")
                prompt.append(qa_title(qa, i), style="bold")
                prompt.append("  " + one_line(qa.question, 90))
                options.append(Option(prompt, id=str(i)))
        self.questions.set_options(options)
        self._typed = ""
        self._show_title()
        self.set_class(not options, "-empty")
        if options:
            self.questions.highlighted = 0
            self._preview(0)
        else:
            message = "No document open." if doc is None else "No questions in this document."
            self.query_one("#qa-preview", Static).update(Text(message, style="italic"))

    def _on_screen(self) -> bool:
        return self.display and all(node.display for node in self.ancestors if isinstance(node, Widget))

    @property
    def selected(self) -> int | None:
        """The pair under the list's cursor (an index into the document's `qa`), if any."""
        self._fill()
        index = self.questions.highlighted
        return index if self.doc is not None and index is not None and 0 <= index < len(self.doc.qa) else None

    def _show_title(self, typing: str = "") -> None:
        """The pane's title: the number of pairs, or while a number is typed, what it finds."""
        count = len(self.doc.qa) if self.doc is not None else 0
        title = f"Vragen en antwoorden · {count}" if count else "Vragen en antwoorden"
        self.query_one("#qa-title", Label).update(Text(typing or title))

    def on_key(self, event: events.Key) -> None:
        """Digits are a question's number, typed: the list moves to that question as it is typed."""
        digit = event.character
        if digit is None or not digit.isdigit() or not digit.isascii() or self.doc is None or not self.doc.qa:
            return
        event.stop()
        event.prevent_default()
        self._fill()
        now = time.monotonic()
        typed = (self._typed if now - self._typed_at < TYPING_PAUSE else "") + digit
        self._typed, self._typed_at = typed[-6:], now
        index = qa_index(self.doc, int(self._typed))
        if index is None:
            self._show_title(f"No question {self._typed}")
            return
        self.questions.highlighted = index
        self._show_title(f"Go to question {self._typed} (enter)")

    def sync_to(self, qa: int | None) -> None:
        """Follow the reading pane's cursor (without taking the focus)."""
        if self._unfilled is not None:  # the list is made when the pane is shown, there
            self._follow = qa
            return
        if qa is not None and self.doc is not None and 0 <= qa < len(self.doc.qa) and self.questions.highlighted != qa:
            self.questions.highlighted = qa

    def _preview(self, index: int) -> None:
        if self.doc is None or not 0 <= index < len(self.doc.qa):
            return
        qa = self.doc.qa[index]
        text = Text(end="")
        text.append(qa_title(qa, index) + "\n", style="bold")
        text.append(_shown(qa.question) + "\n\n")
        text.append(answer_title(qa) + "\n", style="bold")
        text.append(_shown(qa.answer) or "(no answer)")
        self.query_one("#qa-preview", Static).update(text)
        self.query_one("#qa-preview-scroll", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#qa-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._preview(event.option_index)

    @on(OptionList.OptionSelected, "#qa-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._typed:
            self._typed = ""
            self._show_title()
        self.post_message(self.Chosen(self, event.option_index))
