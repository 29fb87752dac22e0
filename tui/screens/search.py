"""Search the whole library: results ranked, matched words highlighted, updated as you type.

The search runs in a worker (a new keystroke supersedes the last search), so typing never
waits for the index. Enter opens the document at the hit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from store.anchors import Place
from tui.actions import bindings_for
from tui.keymap import active_keys, hint
from tui.messages import BurstMessage, WidgetMessage
from tui.safe_text import one_line, visible
from tui.screens.dialog import Dialog
from tui.widgets.pick_list import PickList

if TYPE_CHECKING:
    from store.library import Library

# Each hit loads its document for the snippet: 20 (as `kamerlezer search`) fill a 120x40 screen
# and keep a keystroke's search near the library search's 50 ms at 10,000 documents (50 took 0.5 s).
RESULT_LIMIT = 20


def hit_prompt(hit) -> Text:
    """A result: its title, where it matched, and the snippet with the matched words marked."""
    text = Text(end="")
    text.append(one_line(hit.title) or hit.id, style="bold")
    text.append(f"\n  {hit.where} · {hit.id}", style="dim")
    snippet = visible(hit.snippet)
    if snippet:
        text.append("\n  ")
        pos = 0
        for start, end in sorted(hit.highlights or ()):
            if pos <= start < end <= len(snippet):
                text.append(snippet[pos:start])
                text.append(snippet[start:end], style="bold reverse")
                pos = end
        text.append(snippet[pos:])
    return text


class SearchInput(Input):
    BINDINGS = bindings_for("search")

    class Leave(WidgetMessage):
        def __init__(self, field: SearchInput, open_first: bool) -> None:
            super().__init__(field)
            self.open_first = open_first

    def __init__(self, value: str = "") -> None:
        super().__init__(value, placeholder="search titles, questions, answers and text", id="search-input")
        self.cursor_blink = False

    def action_focus_results(self) -> None:
        self.post_message(self.Leave(self, open_first=False))

    def action_open_first(self) -> None:
        self.post_message(self.Leave(self, open_first=True))


class SearchScreen(Dialog[Place | None]):
    DEFAULT_CSS = """
    SearchScreen #search-status { color: $text-muted; height: 1; }
    SearchScreen PickList { height: 1fr; border: none; }
    SearchScreen PickList > .option-list--option-highlighted { text-style: none; }
    """

    class Results(BurstMessage):
        """The hits of a search (one per keystroke: results a newer one follows are never shown)."""

        def __init__(self, screen: SearchScreen, query: str, hits: list) -> None:
            super().__init__(screen)
            self.query = query
            self.hits = hits

    def __init__(self, library: Library, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial = query
        self.hits: list = []

    def compose(self) -> ComposeResult:
        keys = active_keys(self)
        with Vertical(id="dialog"):
            yield SearchInput(self.initial)
            yield Static(Text("Type to search the library."), id="search-status")
            yield PickList(id="search-results")
            yield Static(
                Text(f"{hint(keys, 'select')}: open at the hit · {hint(keys, 'down')}: to the results · "
                     f"{hint(keys, 'next_pane')}: back to the query · {hint(keys, 'close')}: close"),
                id="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Search the library"
        self.query_one(SearchInput).focus()
        if self.initial:
            self._search(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    @work(thread=True, exclusive=True, group="library-search")
    def _search(self, query: str) -> None:
        hits = self.library.search(query, limit=RESULT_LIMIT) if query.strip() else []
        if not get_current_worker().is_cancelled:
            self.post_message(self.Results(self, query, hits))

    @on(Results)
    def _results(self, event: Results) -> None:
        if event.query != self.query_one(SearchInput).value:
            return  # a newer search is on its way
        self.hits = event.hits
        results = self.query_one(PickList)
        results.set_options([Option(hit_prompt(h), id=str(i)) for i, h in enumerate(event.hits)])
        if event.hits:
            results.highlighted = 0
        status = self.query_one("#search-status", Static)
        if not event.query.strip():
            status.update(Text("Type to search the library."))
        elif event.hits:
            more = "+" if len(event.hits) >= RESULT_LIMIT else ""
            noun = "hit" if len(event.hits) == 1 else "hits"
            status.update(Text(f"{len(event.hits)}{more} {noun} for “{one_line(event.query)}”, best first"))
        else:
            status.update(Text(f"Nothing found for “{one_line(event.query)}”"))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._leave(open_first=True)

    @on(SearchInput.Leave)
    def _left(self, event: SearchInput.Leave) -> None:
        event.stop()
        self._leave(event.open_first)

    def _leave(self, open_first: bool) -> None:
        if not self.hits:
            self.app.bell()
            return
        if open_first:
            self._open(0)
        else:
            self.query_one(PickList).focus()

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option_index)

    def _open(self, index: int) -> None:
        hit = self.hits[index]
        self.dismiss(Place(hit.id, hit.anchor))
