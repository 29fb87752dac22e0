"""The left pane: a header, the fuzzy filter (shown on `/`), and the document tree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from store.grouping import EntryLike, Group
from tui.actions import bindings_for
from tui.messages import WidgetMessage
from tui.safe_text import one_line
from tui.widgets.document_tree import DocumentTree
from tui.widgets.pane import Pane

if TYPE_CHECKING:
    from store.head import Head


class TreeFilter(Input):
    BINDINGS = bindings_for("filter")

    class Leave(WidgetMessage):
        def __init__(self, field: TreeFilter, open_first: bool) -> None:
            super().__init__(field)
            self.open_first = open_first

    class Cleared(WidgetMessage):
        pass

    def __init__(self) -> None:
        super().__init__(placeholder="filter: type a few letters", compact=True, id="tree-filter")
        self.cursor_blink = False

    def action_focus_tree(self) -> None:
        self.post_message(self.Leave(self, open_first=False))

    def action_open_first(self) -> None:
        self.post_message(self.Leave(self, open_first=True))

    def action_close(self) -> None:
        self.post_message(self.Cleared(self))


class LibraryPane(Pane):
    pane_name = "tree"

    DEFAULT_CSS = """
    LibraryPane { width: 42; border-right: solid $secondary; }
    LibraryPane > #library-title {
        width: 1fr; padding: 0 1; background: $panel; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis;
    }
    LibraryPane > TreeFilter { display: none; background: $boost; }
    LibraryPane.-filtering > TreeFilter { display: block; }
    LibraryPane > DocumentTree { height: 1fr; }
    LibraryPane > #tree-detail { width: 1fr; max-height: 4; padding: 0 1; border-top: solid $secondary; }
    """

    def __init__(self, entries: Sequence[EntryLike], *, head: Head | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries = entries
        self._head = head

    def compose(self) -> ComposeResult:
        yield Label("Library", id="library-title")  # with the count once the tree is filled
        yield TreeFilter()
        yield DocumentTree(self._entries, head=self._head, id="tree")
        # A tree line is cut at the pane's edge: the highlighted document's whole title shows here.
        yield Static("", id="tree-detail", markup=False)

    @on(DocumentTree.NodeHighlighted)
    def _highlighted(self, event: DocumentTree.NodeHighlighted) -> None:
        entry = event.node.data
        detail = self.query_one("#tree-detail", Static)
        if entry is None:
            detail.update("")
            return
        if isinstance(entry, Group):
            noun = "document" if entry.count == 1 else "documents"
            newest = f" · newest {entry.newest}" if entry.newest else ""
            detail.update(Text(f"{entry.label}\n{entry.count} {noun}{newest}"))
            return
        dossiers = f" · dossier {', '.join(entry.dossiers)}" if entry.dossiers else ""
        new = " · new: not opened since a follow brought it" if self.document_tree.is_unseen(entry.id) else ""
        detail.update(Text(f"{one_line(entry.title)}\n{entry.id}{dossiers}{new}"))

    @property
    def document_tree(self) -> DocumentTree:
        return self.query_one(DocumentTree)

    def focus_target(self) -> Widget:
        return self.document_tree

    def set_entries(self, entries: Sequence[EntryLike]) -> None:
        self.document_tree.set_entries(entries)

    def set_unseen(self, doc_ids: frozenset[str]) -> None:
        """Mark the documents not opened since a follow brought them."""
        self.document_tree.set_unseen(doc_ids)

    def reveal(self, doc_id: str) -> None:
        """Put the tree's cursor on a document (the one just opened)."""
        self.document_tree.reveal(doc_id)

    @on(DocumentTree.Regrouped)
    def _regrouped(self, event: DocumentTree.Regrouped) -> None:
        event.stop()
        noun = "document" if event.total == 1 else "documents"
        if event.matched > event.shown:  # a filter matched more than the tree shows
            count = f"the best {event.shown} of {event.matched} found"
        elif event.shown != event.total:
            count = f"{event.shown} of {event.total} {noun}"
        else:
            count = f"{event.total} {noun}"
        self.query_one("#library-title", Label).update(Text(f"Library · {count} · by {event.grouping}"))

    @on(DocumentTree.FilterRequested)
    def _filter_requested(self, event: DocumentTree.FilterRequested) -> None:
        event.stop()
        self.add_class("-filtering")
        self.query_one(TreeFilter).focus()

    @on(Input.Changed, "#tree-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.document_tree.set_filter(event.value)

    @on(Input.Submitted, "#tree-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._leave_filter(open_first=True)

    @on(TreeFilter.Leave)
    def _filter_left(self, event: TreeFilter.Leave) -> None:
        event.stop()
        self._leave_filter(event.open_first)

    def _leave_filter(self, open_first: bool) -> None:
        tree = self.document_tree
        if not self.query_one(TreeFilter).value:
            self.remove_class("-filtering")
        tree.focus()
        first = tree.first_document
        if first is None:
            return
        tree.reveal(first)
        if open_first:
            self.post_message(DocumentTree.DocumentChosen(tree, first))

    @on(TreeFilter.Cleared)
    def _filter_cleared(self, event: TreeFilter.Cleared) -> None:
        event.stop()
        self.query_one(TreeFilter).value = ""
        self.remove_class("-filtering")
        self.document_tree.set_filter("")
        self.document_tree.focus()
