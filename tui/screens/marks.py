"""The lists of all bookmarks and all notes: jump to one, edit it, delete it; export the notes.

Both show, for each item, its document and place; Enter dismisses the screen with that
place, and the app opens it. The list draws only the items in view (`RowList`), so 50,000
notes open as fast as five.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from store.anchors import Place
from store.errors import KamerlezerError
from store.export import write_markdown
from tui.actions import bindings_for
from tui.keymap import active_keys, hint
from tui.note_session import edit_note
from tui.safe_text import one_line
from tui.screens.confirm import ConfirmScreen
from tui.screens.dialog import Dialog
from tui.screens.note_editor import NoteEditor
from tui.widgets.row_list import RowList

if TYPE_CHECKING:
    from store.library import Library
    from store.userdata import UserData


LOST = "[not found in the new version] "  # its document changed, and the place was not found in it


def _place_order(item: Any) -> tuple[str, str, int]:
    number = re.search(r"\d+", item.anchor or "")
    return (item.doc_id, (item.anchor or "").split("-")[0], int(number.group()) if number else 0)


class MarksScreen(Dialog[Place | None]):
    """What the bookmark and note lists share: the list, the keys, the place to jump to."""

    BINDINGS = bindings_for("marks")
    NOUN = "item"
    MARK = "•"

    DEFAULT_CSS = """
    MarksScreen RowList { height: 1fr; border: none; }
    MarksScreen #marks-empty { color: $text-muted; height: 1fr; }
    """

    def __init__(self, userdata: UserData, library: Library) -> None:
        super().__init__()
        self.userdata = userdata
        self.library = library
        self.items: list[Any] = []

    def compose(self) -> ComposeResult:
        keys = active_keys(self)
        with Vertical(id="dialog"):
            yield RowList(id="marks")
            yield Static(Text(f"No {self.NOUN}s yet."), id="marks-empty")
            yield Static(
                Text(f"{hint(keys, 'select')}: go there · {hint(keys, 'edit')}: edit · "
                     f"{hint(keys, 'delete')}: delete · {hint(keys, 'close')}: close"),
                id="dialog-hint",
            )

    def on_mount(self) -> None:
        self.reload()
        self.query_one(RowList).focus()

    def load_items(self) -> list[Any]:
        raise NotImplementedError

    def describe(self, item: Any) -> list[Text]:
        """The lines of an item in the list (as many as `height` says)."""
        raise NotImplementedError

    def height(self, item: Any) -> int:
        raise NotImplementedError

    def _title(self, doc_id: str) -> str:
        entry = self.library.get(doc_id)
        return one_line(entry.title) if entry is not None else f"{doc_id} (document removed from the library)"

    def reload(self, keep: int | None = None) -> None:
        self.items = sorted(self.load_items(), key=_place_order)
        marks = self.query_one(RowList)
        marks.set_rows([self.height(item) for item in self.items], lambda i: self.describe(self.items[i]), keep or 0)
        marks.display = bool(self.items)
        self.query_one("#marks-empty").display = not self.items
        count = len(self.items)
        self.query_one("#dialog").border_title = f"{self.NOUN.capitalize()}s · {count}"

    @property
    def current(self) -> Any | None:
        index = self.query_one(RowList).highlighted
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None

    @on(RowList.Selected, "#marks")
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        item = self.items[event.index]
        if item.lost:
            # Its old place now holds another text: opening there would put it on the wrong block.
            self.notify(f"Not found in the new version of {item.doc_id}; its quote: “{one_line(item.quote, 120)}”",
                        title="Not placed", severity="warning", markup=False)  # fmt: skip
            return
        self.dismiss(Place(item.doc_id, item.anchor))

    def action_delete(self) -> None:
        item = self.current
        if item is None:
            self.app.bell()
            return
        index = self.query_one(RowList).highlighted

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.delete_item(item)
            except KamerlezerError as exc:
                self.notify(str(exc), severity="error", markup=False)
            self.reload(keep=index)

        self.app.push_screen(
            ConfirmScreen(f"Delete this {self.NOUN}?", f"{self._title(item.doc_id)} · {item.doc_id}#{item.anchor}"),
            answer,
        )

    def delete_item(self, item: Any) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The export is the notes list's (the lists share their key scope).
        return action != "export_notes" or isinstance(self, NotesScreen)


class BookmarksScreen(MarksScreen):
    NOUN = "bookmark"
    MARK = "★"

    def load_items(self) -> list[Any]:
        return list(self.userdata.bookmarks())

    def height(self, item: Any) -> int:
        return 3 if item.quote else 2

    def describe(self, item: Any) -> list[Text]:
        place = Text(f"  {one_line(f'{item.doc_id}#{item.anchor}')}", style="dim")
        if item.lost:
            place.append(f" {LOST.strip()}", style="bold")
        if item.label:
            place.append(f" · {one_line(item.label, 80)}", style="")
        lines = [Text(f"{self.MARK} {self._title(item.doc_id)}", style="bold"), place]
        if item.quote:
            lines.append(Text(f"  “{one_line(item.quote, 160)}”", style="italic"))
        return lines

    def delete_item(self, item: Any) -> None:
        self.userdata.remove_bookmark(item.id)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            self.app.bell()
            return
        index = self.query_one(RowList).highlighted

        def save(label: str | None) -> None:
            if label is None:
                return
            try:
                self.userdata.label_bookmark(item.id, label)  # the same bookmark, its number kept
            except KamerlezerError as exc:
                self.notify(str(exc), severity="error", markup=False)
            self.reload(keep=index)

        self.app.push_screen(
            NoteEditor(f"{item.doc_id}#{item.anchor}", item.quote, item.label or "", title="Bookmark label"), save
        )


class NotesScreen(MarksScreen):
    NOUN = "note"
    MARK = "✎"

    def load_items(self) -> list[Any]:
        return list(self.userdata.notes())

    def height(self, item: Any) -> int:
        return 4 if item.quote else 3

    def describe(self, item: Any) -> list[Text]:
        lines = [
            Text(f"{self.MARK} {self._title(item.doc_id)}", style="bold"),
            Text(f"  {one_line(f'{item.doc_id}#{item.anchor}')}", style="dim"),
        ]
        if item.quote:
            lines.append(Text(f"  “{one_line(item.quote, 160)}”", style="italic"))
        text = Text(f"  {LOST}", style="bold") if item.lost else Text("  ")
        text.append(one_line(item.text, 300))
        lines.append(text)
        return lines

    def delete_item(self, item: Any) -> None:
        self.userdata.remove_note(item.id)

    def action_export_notes(self) -> None:
        """All the notes as Markdown in a new file (store.export.write_markdown: the current
        directory, else the home directory); a notification says where."""
        if not self.items:
            self.notify("No notes to export.", severity="warning")
            return
        self._export()

    @work(thread=True, exclusive=True, group="export-notes", exit_on_error=False)
    def _export(self) -> None:
        try:
            path = write_markdown(self.library, self.userdata.notes())
        except KamerlezerError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Notes exported to {path}", title="Export", markup=False)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            self.app.bell()
            return
        index = self.query_one(RowList).highlighted
        edit_note(self, self.userdata, (item.doc_id, item.anchor), item.quote, item,
                  after=lambda: self.reload(keep=index))  # fmt: skip
