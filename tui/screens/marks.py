"""The lists of all bookmarks and all notes: jump to one, edit it, delete it.

Both show, for each item, its document and place; Enter dismisses the screen with that
place, and the app opens it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.anchors import Place
from store.errors import KamerlezerError
from tui.actions import bindings_for
from tui.keymap import active_keys, hint
from tui.safe_text import one_line
from tui.screens.confirm import ConfirmScreen
from tui.screens.dialog import Dialog
from tui.screens.note_editor import NoteEditor
from tui.widgets.pick_list import PickList

if TYPE_CHECKING:
    from store.library import Library
    from store.userdata import UserData


def _place_order(item: Any) -> tuple[str, str, int]:
    number = re.search(r"\d+", item.anchor or "")
    return (item.doc_id, (item.anchor or "").split("-")[0], int(number.group()) if number else 0)


class MarksScreen(Dialog[Place | None]):
    """What the bookmark and note lists share: the list, the keys, the place to jump to."""

    BINDINGS = bindings_for("marks")
    NOUN = "item"
    MARK = "•"

    DEFAULT_CSS = """
    MarksScreen PickList { height: 1fr; border: none; }
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
            yield PickList(id="marks")
            yield Static(Text(f"No {self.NOUN}s yet."), id="marks-empty")
            yield Static(
                Text(f"{hint(keys, 'select')}: go there · {hint(keys, 'edit')}: edit · "
                     f"{hint(keys, 'delete')}: delete · {hint(keys, 'close')}: close"),
                id="dialog-hint",
            )

    def on_mount(self) -> None:
        self.reload()
        self.query_one(PickList).focus()

    def load_items(self) -> list[Any]:
        raise NotImplementedError

    def describe(self, item: Any) -> Text:
        raise NotImplementedError

    def _title(self, doc_id: str) -> str:
        entry = self.library.get(doc_id)
        return one_line(entry.title) if entry is not None else f"{doc_id} (not in the library)"

    def reload(self, keep: int | None = None) -> None:
        self.items = sorted(self.load_items(), key=_place_order)
        marks = self.query_one(PickList)
        marks.set_options([Option(self.describe(item), id=str(i)) for i, item in enumerate(self.items)])
        if self.items:
            marks.highlighted = min(keep or 0, len(self.items) - 1)
        marks.display = bool(self.items)
        self.query_one("#marks-empty").display = not self.items
        count = len(self.items)
        self.query_one("#dialog").border_title = f"{self.NOUN.capitalize()}s · {count}"

    @property
    def current(self) -> Any | None:
        index = self.query_one(PickList).highlighted
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None

    @on(OptionList.OptionSelected, "#marks")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.items[event.option_index]
        self.dismiss(Place(item.doc_id, item.anchor))

    def action_delete(self) -> None:
        item = self.current
        if item is None:
            self.app.bell()
            return
        index = self.query_one(PickList).highlighted

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


class BookmarksScreen(MarksScreen):
    NOUN = "bookmark"
    MARK = "★"

    def load_items(self) -> list[Any]:
        return list(self.userdata.bookmarks())

    def describe(self, item: Any) -> Text:
        text = Text(end="")
        text.append(f"{self.MARK} {self._title(item.doc_id)}", style="bold")
        text.append(f"\n  {item.doc_id}#{item.anchor}", style="dim")
        if item.label:
            text.append(f" · {one_line(item.label, 80)}")
        if item.quote:
            text.append(f"\n  “{one_line(item.quote, 160)}”", style="italic")
        return text

    def delete_item(self, item: Any) -> None:
        self.userdata.remove_bookmark(item.id)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            self.app.bell()
            return
        index = self.query_one(PickList).highlighted

        def save(label: str | None) -> None:
            if label is None:
                return
            try:
                # UserData has no update for bookmarks: add the relabelled one, then drop the old
                # (a failure in between leaves a duplicate, never a lost bookmark).
                self.userdata.add_bookmark(item.doc_id, item.anchor, item.quote, label.strip() or None)
                self.userdata.remove_bookmark(item.id)
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

    def describe(self, item: Any) -> Text:
        text = Text(end="")
        text.append(f"{self.MARK} {self._title(item.doc_id)}", style="bold")
        text.append(f"\n  {item.doc_id}#{item.anchor}", style="dim")
        if item.quote:
            text.append(f"\n  “{one_line(item.quote, 160)}”", style="italic")
        text.append(f"\n  {one_line(item.text, 300)}")
        return text

    def delete_item(self, item: Any) -> None:
        self.userdata.remove_note(item.id)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            self.app.bell()
            return
        index = self.query_one(PickList).highlighted

        def save(text: str | None) -> None:
            if text is None:
                return
            try:
                if text.strip():
                    self.userdata.update_note(item.id, text)
                else:
                    self.userdata.remove_note(item.id)
                    self.notify("Note deleted (it was emptied).", markup=False)
            except KamerlezerError as exc:
                self.notify(str(exc), severity="error", markup=False)
            self.reload(keep=index)

        self.app.push_screen(NoteEditor(f"{item.doc_id}#{item.anchor}", item.quote, item.text), save)
