"""The user's bookmarks and notes in their own TinyDB file: what is kept, and that nothing is lost.

(Concurrent writers and writers killed half-way: tests/test_userdata_processes.py.)
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from tinydb import TinyDB

from store import export
from store.atomic import AtomicJSONStorage
from store.model import QA, Block, Document
from store.userdata import (
    Bookmark,
    Marks,
    Note,
    Toggled,
    UserData,
    UserDataError,
    quote_for,
    quote_of,
)


@pytest.fixture
def user(cache_dir: Path) -> UserData:
    return UserData.for_cache(cache_dir)


def stored(cache_dir: Path) -> dict:
    return json.loads((cache_dir / "user.json").read_text(encoding="utf-8"))


# -- bookmarks ---------------------------------------------------------------------------------


def test_bookmarks_are_kept_and_listed_in_order(user: UserData, cache_dir: Path) -> None:
    first = user.add_bookmark("kst-1", "qa-19", "Antwoord 19 — Zie het antwoord op vraag 3.", label="later")
    second = user.add_bookmark("kst-2", "p-4")
    assert (first.id, second.id) == (1, 2)
    assert first == Bookmark(1, "kst-1", "qa-19", "Antwoord 19 — Zie het antwoord op vraag 3.", "later", first.created)
    assert UserData.for_cache(cache_dir).bookmarks() == [first, second]  # a new process sees them
    assert user.bookmarks("kst-2") == [second]


def test_a_bookmark_may_be_labelled_afterwards(user: UserData) -> None:
    mark = user.add_bookmark("kst-1", "p-3")
    relabelled = user.label_bookmark(mark.id, "hier")
    assert relabelled == Bookmark(mark.id, "kst-1", "p-3", "", "hier", mark.created)
    assert user.bookmarks() == [relabelled]
    assert user.label_bookmark(mark.id, None).label is None
    with pytest.raises(UserDataError, match="no bookmark 9"):
        user.label_bookmark(9, "x")


def test_relabelling_keeps_the_bookmark_and_its_number_and_a_blank_label_is_none(user: UserData) -> None:
    user.add_bookmark("kst-1", "p-1")
    mark = user.add_bookmark("kst-1", "p-3", label="eerst")
    assert user.label_bookmark(mark.id, "  daarna ") == replace(mark, label="daarna")
    assert user.label_bookmark(mark.id, "   ").label is None
    assert [b.id for b in user.bookmarks()] == [1, mark.id]


def test_removing_a_bookmark(user: UserData) -> None:
    mark = user.add_bookmark("kst-1", "p-3")
    assert user.remove_bookmark(mark.id) is True
    assert user.remove_bookmark(mark.id) is False
    assert user.bookmarks() == []


# -- notes -------------------------------------------------------------------------------------


def test_notes_are_kept_changed_and_removed(user: UserData, cache_dir: Path) -> None:
    note = user.add_note("kst-1", "qa-19", "Vergelijk met [bold]2375[/].", quote="Antwoord 19")
    assert note == Note(1, "kst-1", "qa-19", "Antwoord 19", "Vergelijk met [bold]2375[/].", note.created, note.created)
    other = user.add_note("kst-2", "p-1", "Tweede")
    changed = user.update_note(note.id, "Anders")
    assert (changed.id, changed.text, changed.created) == (note.id, "Anders", note.created)
    assert UserData.for_cache(cache_dir).notes() == [changed, other]
    assert user.notes("kst-1") == [changed]
    assert user.remove_note(other.id) is True and user.remove_note(other.id) is False
    assert user.notes() == [changed]


def test_ids_are_never_given_twice(user: UserData) -> None:
    user.add_note("kst-1", "p-1", "een")
    last = user.add_note("kst-1", "p-2", "twee")
    user.remove_note(last.id)
    assert user.add_note("kst-1", "p-3", "drie").id == last.id + 1  # `note rm 2` in an old script stays harmless
    mark = user.add_bookmark("kst-1", "p-1")
    user.remove_bookmark(mark.id)
    assert user.add_bookmark("kst-1", "p-1").id == mark.id + 1


def test_changing_or_adding_what_cannot_be_stored_is_refused(user: UserData) -> None:
    with pytest.raises(UserDataError, match="no note 7"):
        user.update_note(7, "tekst")
    with pytest.raises(UserDataError, match="needs some text"):
        user.add_note("kst-1", "p-1", "   ")
    with pytest.raises(UserDataError, match="unknown anchor"):
        user.add_note("kst-1", "regel-3", "tekst")
    with pytest.raises(UserDataError):
        user.add_bookmark("kst-1#p-1", "p-2")
    assert user.notes() == [] and user.bookmarks() == []


def test_reading_an_absent_file_creates_nothing_but_the_lock(user: UserData, cache_dir: Path) -> None:
    assert user.notes() == [] and user.bookmarks() == []
    assert not (cache_dir / "user.json").exists()


def test_the_file_is_a_tinydb_file(user: UserData, cache_dir: Path) -> None:
    user.add_note("kst-1", "p-1", "een")
    user.add_bookmark("kst-1", "p-2")
    db = TinyDB(cache_dir / "user.json", storage=AtomicJSONStorage)
    assert [dict(row) | {"id": row.doc_id} for row in db.table("notes").all()][0]["text"] == "een"
    assert db.table("bookmarks").get(doc_id=1)["anchor"] == "p-2"


def test_files_are_private(user: UserData, cache_dir: Path) -> None:
    user.add_note("kst-1", "p-1", "geheim")
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert (cache_dir / "user.json").stat().st_mode & 0o777 == 0o600
    assert (cache_dir / "user.lock").stat().st_mode & 0o777 == 0o600


# -- the marks of a document, and the `m` key ------------------------------------------------------


def _aanhangsel() -> Document:
    """Vraag 19 and its answer, then a paragraph: `qa-19` points at block 2 ("Antwoord 19"), as `p-3` does."""
    return Document(
        "ah-1", "aanhangsel", "T", None, "s",
        blocks=(Block("heading", "Vraag 19", qa=0), Block("question", "Waarom?", qa=0),
                Block("heading", "Antwoord 19", qa=0), Block("answer", "Daarom.", qa=0),
                Block("paragraph", "Tot slot."),),
        qa=(QA("Vraag 19", (19,), None, "Waarom?", "Daarom.", 0, 2),),
    )  # fmt: skip


def test_toggling_a_bookmark_adds_it_then_removes_it(user: UserData) -> None:
    doc = _aanhangsel()
    added = user.toggle_bookmark(doc, 4)
    # What finds the place again in a new version is kept with it (store/placing.py).
    assert added == Toggled("added", Bookmark(1, "ah-1", "p-5", "Tot slot.", None, added.bookmark.created, "tot slot."))
    assert user.bookmarks() == [added.bookmark]
    assert user.toggle_bookmark(doc, 4) == Toggled("removed", added.bookmark)
    assert user.bookmarks() == []
    assert user.toggle_bookmark(doc, 4, quote="eigen citaat").bookmark.quote == "eigen citaat"


def test_a_block_is_bookmarked_and_noted_by_what_it_is(user: UserData) -> None:
    doc = _aanhangsel()
    assert user.toggle_bookmark(doc, 2).bookmark.anchor == "qa-19"  # the answer's block: by its number
    assert user.toggle_bookmark(doc, 3).bookmark.anchor == "p-4"  # a paragraph of it: by its text
    saved = user.save_note(doc, 2, "bij het antwoord")
    assert saved.note is not None and (saved.note.anchor, saved.note.quote) == ("qa-19", "Antwoord 19 — Daarom.")
    assert saved.note.fingerprint == "antwoord 19 — daarom."
    assert user.note_on(doc, 2) == saved.note


def test_a_place_is_bookmarked_once(user: UserData) -> None:
    doc = _aanhangsel()
    first = user.bookmark_at(doc, "qa-19", label="eerst")
    assert first.change == "added" and first.bookmark.anchor == "qa-19"
    assert user.bookmark_at(doc, "p-3") == Toggled("exists", first.bookmark)  # the same block
    assert user.bookmark_at(doc, "p-4").change == "added"
    assert [b.id for b in user.bookmarks()] == [1, 2]


def test_an_entry_of_an_older_version_reads_as_before_and_a_new_one_stays_small(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    old = {"doc_id": "ah-1", "anchor": "p-5", "quote": "Tot slot.", "text": "oud", "created": "c", "updated": "u"}
    (cache_dir / "user.json").write_text(json.dumps({"notes": {"1": old}}), encoding="utf-8")
    user = UserData.for_cache(cache_dir)
    assert user.notes() == [Note(1, "ah-1", "p-5", "Tot slot.", "oud", "c", "u", None, False)]
    assert user.marks(_aanhangsel()).noted == {4}
    user.update_note(1, "nieuw")
    assert set(stored(cache_dir)["notes"]["1"]) == set(old)  # no fields of their default value written


def test_entries_read_from_the_file_are_the_entries_made_in_code(cache_dir: Path) -> None:
    """Rows are read straight into the items (store.userdata._built_all): they equal, hash,
    print, replace and store as items made field by field; a row with a field this version
    does not know (a newer kamerlezer's) reads the same way, the field left out."""
    cache_dir.mkdir(parents=True)
    row = {"doc_id": "ah-1", "anchor": "p-5", "quote": "Tot slot.", "created": "c"}
    rows = {
        "bookmarks": {"1": {**row, "label": None}, "2": {**row, "label": "x", "lost": True}},
        "notes": {
            "1": {**row, "text": "t", "updated": "u", "fingerprint": "f"},
            "2": {**row, "text": "t", "updated": "u", "colour": "red"},
        },
    }
    (cache_dir / "user.json").write_text(json.dumps(rows), encoding="utf-8")
    user = UserData.for_cache(cache_dir)
    made = [Bookmark(1, "ah-1", "p-5", "Tot slot.", None, "c"), Bookmark(2, "ah-1", "p-5", "Tot slot.", "x", "c")]
    made[1] = replace(made[1], lost=True)
    assert user.bookmarks() == made and {hash(b) for b in user.bookmarks()} == {hash(b) for b in made}
    notes = user.notes()
    second = Note(2, "ah-1", "p-5", "Tot slot.", "t", "c", "u")
    assert notes == [Note(1, "ah-1", "p-5", "Tot slot.", "t", "c", "u", "f"), second]
    assert repr(notes[1]) == repr(second)
    assert replace(notes[0], text="nieuw").text == "nieuw" and not hasattr(notes[1], "colour")
    with pytest.raises(AttributeError):
        notes[0].text = "changed"  # type: ignore[misc]  # still frozen


def test_one_not_found_in_a_new_version_marks_no_block(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    lost = {"doc_id": "ah-1", "anchor": "p-5", "quote": "Weg.", "text": "x", "created": "c", "updated": "u",
            "fingerprint": "weg.", "lost": True}  # fmt: skip
    (cache_dir / "user.json").write_text(json.dumps({"notes": {"1": lost}}), encoding="utf-8")
    user = UserData.for_cache(cache_dir)
    assert user.notes()[0].lost is True
    assert user.marks(_aanhangsel()) == Marks() and user.note_on(_aanhangsel(), 4) is None


def test_toggling_removes_every_bookmark_on_the_block_whatever_anchor_names_it(user: UserData) -> None:
    doc = _aanhangsel()
    by_answer = user.add_bookmark("ah-1", "qa-19")
    by_block = user.add_bookmark("ah-1", "p-3")
    elsewhere = user.add_bookmark("ah-1", "p-1")
    other_doc = user.add_bookmark("kst-2", "p-3")
    assert user.toggle_bookmark(doc, "p-3") == Toggled("removed", by_answer)
    assert by_block not in user.bookmarks() and user.bookmarks() == [elsewhere, other_doc]
    # An anchor is kept as it was given.
    assert user.toggle_bookmark(doc, "qa-19").bookmark.anchor == "qa-19"


def test_toggling_a_place_the_document_does_not_have_is_refused(user: UserData) -> None:
    doc = _aanhangsel()
    for place in (5, -1, "qa-7", "regel-3"):
        with pytest.raises(UserDataError):
            user.toggle_bookmark(doc, place)
    assert user.bookmarks() == []


def test_the_marks_of_a_document_are_its_noted_and_bookmarked_blocks(user: UserData) -> None:
    doc = _aanhangsel()
    assert user.marks(doc) == Marks()
    user.add_note("ah-1", "qa-19", "bij het antwoord")
    user.add_note("ah-1", "p-5", "slot")
    user.add_note("ah-1", "p-40", "the document was shorter when this was written")  # marks no block
    user.add_note("kst-2", "p-1", "another document")
    user.add_bookmark("ah-1", "p-1")
    user.add_bookmark("ah-1", "fn-9")  # no such note: marks no block
    assert user.marks(doc) == Marks(noted=frozenset({2, 4}), bookmarked=frozenset({0}))


def test_the_note_on_a_block_is_the_newest_of_those_on_it(user: UserData) -> None:
    doc = _aanhangsel()
    assert user.note_on(doc, 2) is None
    user.add_note("ah-1", "qa-19", "eerste")
    newest = user.add_note("ah-1", "p-3", "tweede")
    user.add_note("ah-1", "p-4", "ander blok")
    assert user.note_on(doc, 2) == newest


# -- quotes ------------------------------------------------------------------------------------


def test_a_quote_is_the_start_of_the_block_on_one_line() -> None:
    assert quote_of("Het  kabinet\nschrijft[^2] dit.") == "Het kabinet schrijft dit."
    long = quote_of("woord " * 100)
    assert len(long) <= 200 and long.endswith("woord…")


def test_the_quote_of_a_heading_runs_on_into_its_text() -> None:
    doc = Document(
        "ah-1", "aanhangsel", "T", None, "s",
        blocks=(Block("heading", "Vraag 19", qa=0), Block("question", "Waarom?", qa=0),
                Block("heading", "Antwoord 19", qa=0), Block("answer", "Daarom.", qa=0)),
        qa=(QA("Vraag 19", (19,), None, "Waarom?", "Daarom.", 0, 2),),
    )  # fmt: skip
    assert quote_for(doc, "qa-19") == "Antwoord 19 — Daarom."
    assert quote_for(doc, "p-2") == "Waarom?"


# -- damaged files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"notes": {"1": {"doc_id": "kst-1", "anc', id="truncated"),
        pytest.param(b"", id="empty"),
        pytest.param(b"\x00\x01binary", id="not-json"),
        pytest.param(b"[1, 2]", id="not-tables"),
        pytest.param(b'{"notes": {"1": {"doc_id": "kst-1"}}}', id="note-without-fields"),
        pytest.param(b'{"bookmarks": {"x": {"doc_id": "a", "anchor": "p-1", "quote": "", "label": null, '
                     b'"created": ""}}}', id="id-not-a-number"),  # fmt: skip
        pytest.param(b'{"meta": {"1": {"last_notes": "many"}}}', id="counter-not-a-number"),
        pytest.param(b'{"bookmarks": {"1": {"doc_id": "a", "anchor": "p-1", "quote": "", "label": null, '
                     b'"created": "", "lost": "yes"}}}', id="lost-not-a-bool"),  # fmt: skip
    ],
)
def test_a_damaged_file_is_moved_aside_never_overwritten(cache_dir: Path, content: bytes) -> None:
    cache_dir.mkdir(parents=True)
    (cache_dir / "user.json").write_bytes(content)
    told: list[str] = []
    user = UserData.for_cache(cache_dir, on_message=told.append)
    assert user.notes() == []
    (aside,) = cache_dir.glob("user.json.damaged-*")
    assert aside.read_bytes() == content
    assert len(told) == 1 and str(aside) in told[0] and "user.json" in told[0]
    note = user.add_note("kst-1", "p-1", "opnieuw")
    assert user.notes() == [note] and aside.read_bytes() == content


def test_two_damaged_files_in_the_same_second_are_both_kept(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    user = UserData.for_cache(cache_dir, on_message=lambda _: None)
    for content in (b"{bad", b"{worse"):
        (cache_dir / "user.json").write_bytes(content)
        user.bookmarks()
    assert sorted(p.read_bytes() for p in cache_dir.glob("user.json.damaged-*")) == [b"{bad", b"{worse"]


# -- a full disk -------------------------------------------------------------------------------


@pytest.mark.parametrize("call", ["os.replace", "os.fsync"])
def test_a_write_that_fails_says_so_and_leaves_the_file_as_it_was(
    user: UserData, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    kept = user.add_note("kst-1", "p-1", "bewaard")
    before = (cache_dir / "user.json").read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(call, disk_full)
        with pytest.raises(UserDataError, match="No space left on device.*unchanged") as failure:
            user.add_note("kst-1", "p-2", "verloren")
        assert "\n" not in str(failure.value) and "user.json" in str(failure.value)
        with pytest.raises(UserDataError):
            user.remove_note(kept.id)
    assert (cache_dir / "user.json").read_bytes() == before
    assert not list(cache_dir.glob(".user.json.*"))  # no temp file left behind
    assert user.notes() == [kept]
    assert user.add_note("kst-1", "p-2", "nu wel").id == kept.id + 1


# -- export ------------------------------------------------------------------------------------


def test_export_of_notes_whose_documents_are_gone_keeps_each_note_under_its_stored_quote() -> None:
    """The notes alone, with no document in the library: each under the quote kept with it.
    (The export with the documents: tests/test_export.py.)"""

    class NoLibrary:
        def get(self, doc_id: str) -> None:
            return None

        def load(self, doc_id: str) -> Document:
            raise KeyError(doc_id)

    day = "2024-01-0{}T10:00:00+01:00".format
    quote = "Antwoord 19 — Zie vraag 3."
    notes = [
        Note(1, "kst-36600-VI-102", "qa-19", quote, "Eerste", day(1), day(2)),
        Note(2, "ah-2", "p-4", "Een alinea.", "Op een ander stuk", day(1), day(1)),
        Note(3, "kst-36600-VI-102", "qa-19", quote, "Tweede\nregel", day(3), day(3)),
    ]
    gone = "*(the quote kept with the note: the document was removed from the library)*"
    assert export.markdown(export.collect(NoLibrary(), notes)) == (
        "# Notes\n"
        "\n## ah-2 (removed from the library)\n"
        f"\n> Een alinea.\n>\n> {gone}\n"
        "\nOp een ander stuk\n\n*1 januari 2024*\n"
        "\n## kst-36600-VI-102 (removed from the library)\n"
        "\nKamerstuk 36 600 VI, nr. 102\n"
        "\n<https://zoek.officielebekendmakingen.nl/kst-36600-VI-102.html>\n"
        f"\n> Antwoord 19 — Zie vraag 3.\n>\n> {gone}\n"
        "\nEerste\n\n*2 januari 2024*\n"
        "\nTweede\nregel\n\n*3 januari 2024*\n"
    )


def test_save_note_adds_updates_deletes_and_refuses_to_write_over_a_change_made_elsewhere(tmp_path: Path) -> None:
    from store.userdata import NoteChanged

    user = UserData.for_cache(tmp_path)
    assert user.save_note("kst-1", "p-1", "  ", base=None).outcome == "unchanged" and user.notes() == []
    added = user.save_note("kst-1", "p-1", "een", "citaat", base=None)
    assert added.outcome == "added" and added.note.text == "een" and added.note.quote == "citaat"
    assert user.save_note("kst-1", "p-1", "een", base=added.note).outcome == "unchanged"
    updated = user.save_note("kst-1", "p-1", "twee", base=added.note)
    assert updated.outcome == "updated" and [n.text for n in user.notes()] == ["twee"]
    # Changed elsewhere since the editor read it: nothing is written, both versions are told.
    elsewhere = user.update_note(added.note.id, "van elders")
    with pytest.raises(NoteChanged) as caught:
        user.save_note("kst-1", "p-1", "drie", base=updated.note)
    assert caught.value.base == updated.note and caught.value.current == elsewhere
    assert "changed elsewhere" in str(caught.value)
    assert [n.text for n in user.notes()] == ["van elders"]
    # Removed elsewhere: told, unless the editor emptied it too (both wanted it gone).
    user.remove_note(added.note.id)
    with pytest.raises(NoteChanged) as caught:
        user.save_note("kst-1", "p-1", "vier", base=elsewhere)
    assert caught.value.current is None and "removed elsewhere" in str(caught.value)
    assert user.save_note("kst-1", "p-1", "", base=elsewhere).outcome == "deleted"
    assert user.notes() == []
    again = user.save_note("kst-1", "p-1", "vijf", base=None).note
    assert user.save_note("kst-1", "p-1", "", base=again).outcome == "deleted" and user.notes() == []
