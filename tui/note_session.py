"""Editing a note, from the reading pane or the notes list, so that nothing typed is lost.

The editor saves through `UserData.save_note` with the note it started from; when that note
was changed or removed elsewhere in the meantime (`note edit` in a script, another reader),
the user chooses what happens to their text: keep both, keep theirs, edit again (over the
other text), or, for a removed note, save it anew. Closing the question edits again, and a
save that fails brings the editor back with the text: only an explicit choice drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from store.errors import KamerlezerError
from store.model import Document
from store.userdata import Note, NoteChanged, Saved, UserData
from tui.screens.choice import ChoiceScreen
from tui.screens.note_editor import NoteEditor

_SAID = {"added": "Note saved.", "updated": "Note updated.", "deleted": "Note deleted (it was emptied)."}


@dataclass(frozen=True)
class _Session:
    screen: Screen
    user: UserData
    # The document (or its id) and the anchor: given the document, the store keeps a
    # fingerprint of the block's text, so the note is found again in a new version.
    place: tuple[Document | str, str]
    quote: str
    after: Callable[[], None]  # once the note is saved (or the text let go)

    def edit(self, base: Note | None, text: str) -> None:
        def save(typed: str | None) -> None:
            if typed is not None:
                self.attempt(base, typed, lambda: _SAID.get(self.save(typed, base).outcome))

        doc, anchor = self.place
        where = f"{doc.id if isinstance(doc, Document) else doc}#{anchor}"
        self.screen.app.push_screen(NoteEditor(where, self.quote, text), save)

    def save(self, typed: str, base: Note | None) -> Saved:
        return self.user.save_note(*self.place, typed, self.quote, base=base)

    def save_anew(self, typed: str) -> str | None:
        note = self.save(typed, None).note
        return f"Saved as note {note.id}." if note is not None else None

    def attempt(self, base: Note | None, typed: str, write: Callable[[], str | None]) -> None:
        """`write` the user's text (what it returns is said); a conflict is a question, a
        failure brings the editor back with the text."""
        try:
            said = write()
        except NoteChanged as changed:
            self.ask(changed, typed)
            return
        except KamerlezerError as exc:
            self.screen.notify(str(exc), title="Note not saved", severity="error", markup=False)
            self.edit(base, typed)
            return
        if said:
            self.screen.notify(said, markup=False)
        self.after()

    def ask(self, changed: NoteChanged, typed: str) -> None:
        current = changed.current
        if current is None:
            choices = [("new", "Save yours as a new note"), ("edit", "Edit yours again"), ("drop", "Discard yours")]
            details = [f"Yours: {typed}"]
        else:
            choices = [
                ("new", "Keep both: save yours as another note on the same place"),
                ("mine", "Keep yours: it replaces the other change"),
                ("edit", "Edit yours again"),
                ("drop", "Keep the other change: discard yours"),
            ]
            details = [f"Now: {current.text}", f"Yours: {typed}"]

        def chosen(answer: str | None) -> None:
            if answer == "new":
                self.attempt(current, typed, lambda: self.save_anew(typed))
            elif answer == "mine" and current is not None:
                self.attempt(current, typed, lambda: _SAID.get(self.save(typed, current).outcome))
            elif answer == "drop":
                self.screen.notify("Your text was discarded.", markup=False)
                self.after()
            else:  # edit, or the question closed: back to the editor, over the note as it now is
                self.edit(current, typed)

        question = ChoiceScreen("Note changed elsewhere", str(changed), details, choices, on_close="edit yours again")
        self.screen.app.push_screen(question, chosen)


def edit_note(
    screen: Screen, user: UserData, place: tuple[Document | str, str], quote: str, base: Note | None, *,
    after: Callable[[], None] = lambda: None,
) -> None:  # fmt: skip
    """Open the editor on `base` (a new note at `place` when None)."""
    _Session(screen, user, place, quote, after).edit(base, base.text if base is not None else "")
