"""Editing a note, from the reading pane or the notes list, so that nothing typed is lost.

The editor saves through `UserData.save_note` with the note it started from; when that note
was changed or removed elsewhere in the meantime (`note edit` in a script, another reader),
the user chooses what happens to their text: keep both, overwrite, edit again (seeing the
other text), or, for a removed note, save it anew. Closing the question edits again: only
an explicit choice throws the typed text away.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from store.errors import KamerlezerError
from store.userdata import Note, NoteChanged, UserData
from tui.screens.choice import ChoiceScreen
from tui.screens.note_editor import NoteEditor

_SAID = {"added": "Note saved.", "updated": "Note updated.", "deleted": "Note deleted (it was emptied)."}


def edit_note(
    screen: Screen,
    user: UserData,
    place: tuple[str, str],
    quote: str,
    base: Note | None,
    *,
    text: str | None = None,
    after: Callable[[], None] = lambda: None,
) -> None:
    """Open the editor on `base` (a new note at `place` when None), with `text` typed already."""
    doc_id, anchor = place

    def save(typed: str | None) -> None:
        if typed is None:
            return
        try:
            saved = user.save_note(doc_id, anchor, typed, quote, base=base)
        except NoteChanged as changed:
            _resolve(screen, user, place, quote, changed, typed, after)
            return
        except KamerlezerError as exc:
            screen.notify(str(exc), title="Note not saved", severity="error", markup=False)
            # what was typed is not lost: the editor comes back with it
            edit_note(screen, user, place, quote, base, text=typed, after=after)
            return
        if saved.outcome in _SAID:
            screen.notify(_SAID[saved.outcome], markup=False)
        after()

    initial = text if text is not None else (base.text if base is not None else "")
    screen.app.push_screen(NoteEditor(f"{doc_id}#{anchor}", quote, initial), save)


def _resolve(
    screen: Screen, user: UserData, place: tuple[str, str], quote: str, changed: NoteChanged, typed: str,
    after: Callable[[], None],
) -> None:  # fmt: skip
    current = changed.current
    if current is None:
        choices = [("new", "Save yours as a new note"), ("edit", "Edit yours again"), ("discard", "Discard yours")]
        details = [f"Yours: {typed}"]
    else:
        choices = [
            ("both", "Keep both: save yours as another note on the same place"),
            ("mine", "Keep yours: it replaces the other change"),
            ("edit", "Edit yours again"),
            ("theirs", "Keep the other change: discard yours"),
        ]
        details = [f"Now: {current.text}", f"Yours: {typed}"]

    def chosen(answer: str | None) -> None:
        try:
            if answer in ("new", "both"):
                note = user.add_note(place[0], place[1], typed, quote)
                screen.notify(f"Saved as note {note.id}.", markup=False)
            elif answer == "mine" and current is not None:
                user.save_note(place[0], place[1], typed, quote, base=current)
                screen.notify("Note updated.", markup=False)
            elif answer in ("discard", "theirs"):
                screen.notify("Your text was discarded.", markup=False)
            else:  # edit, or the question closed: back to the editor, over the note as it now is
                edit_note(screen, user, place, quote, current, text=typed, after=after)
                return
        except NoteChanged as again:  # changed once more in the meantime: ask again
            _resolve(screen, user, place, quote, again, typed, after)
            return
        except KamerlezerError as exc:
            screen.notify(str(exc), title="Note not saved", severity="error", markup=False)
            edit_note(screen, user, place, quote, current, text=typed, after=after)
            return
        after()

    question = ChoiceScreen("Note changed elsewhere", str(changed), details, choices, on_close="edit yours again")
    screen.app.push_screen(question, chosen)
