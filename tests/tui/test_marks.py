"""Bookmarks and notes: made in the reader, kept in the user's file, found again after a restart."""

from __future__ import annotations

from pathlib import Path

from store.anchors import Place, block_of
from store.library import Library
from store.userdata import UserData
from tests.conftest import SEEDS
from tests.tui.conftest import SIZE_LARGE, drive, reading_view, screen_text, settle
from tui.screens.confirm import ConfirmScreen
from tui.screens.marks import BookmarksScreen, NotesScreen
from tui.screens.note_editor import NoteEditor
from tui.widgets.document_view import BOOKMARK_MARK, NOTE_MARK


def test_bookmark_and_note_survive_a_restart(make_app, seed_ids, seed_cache):
    doc_id = seed_ids["000"]
    first = make_app()
    made = {}

    async def make_marks(pilot):
        first.main_screen.open_place(Place(doc_id, "qa-3"))
        await settle(pilot)
        view = reading_view(first)
        block = view.cursor_block
        made["block"] = block
        assert block == block_of(view.display_doc.doc, "qa-3")
        await pilot.press("m")
        assert block in view.marks.bookmarked
        await pilot.press("a")
        assert isinstance(first.screen, NoteEditor)
        await pilot.press(*"Vergelijk met [bold]de brief[/bold] van 29 april")
        await pilot.press("ctrl+s")
        assert not isinstance(first.screen, NoteEditor)
        assert block in view.marks.noted
        # The marks are drawn in the margin of the block's first line.
        y = view.page.block_lines[block] - view.scroll_offset.y
        assert view.render_line(y).text[:3] == f"▌{NOTE_MARK}{BOOKMARK_MARK}"

    drive(first, make_marks, SIZE_LARGE)

    # The user's file has them, next to the cache: the answer's block by its number (issue 13).
    user = UserData.for_cache(seed_cache)
    assert [(b.doc_id, b.anchor) for b in user.bookmarks()] == [(doc_id, "qa-3")]
    assert [n.text for n in user.notes()] == ["Vergelijk met [bold]de brief[/bold] van 29 april"]

    second = make_app()  # a restart: a new app on the same cache

    async def find_them_again(pilot):
        await pilot.press("apostrophe")
        assert isinstance(second.screen, BookmarksScreen)
        shown = screen_text(second)
        assert "Antwoorden Kamervragen over het International Migration" in shown
        assert f"{doc_id}#qa-3" in shown
        await pilot.press("enter")
        await settle(pilot)
        view = reading_view(second)
        assert view.display_doc.doc.id == doc_id and view.cursor_block == made["block"]
        assert made["block"] in view.marks.noted and made["block"] in view.marks.bookmarked

        await pilot.press("A")
        assert isinstance(second.screen, NotesScreen)
        assert "Vergelijk met [bold]de brief[/bold] van 29 april" in screen_text(second)  # literally
        await pilot.press("e")
        assert isinstance(second.screen, NoteEditor)
        await pilot.press("end", *" (gezien)", "ctrl+s")
        assert isinstance(second.screen, NotesScreen)
        assert "van 29 april (gezien)" in screen_text(second)
        await pilot.press("d")
        assert isinstance(second.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(second.screen, NotesScreen)
        assert "No notes yet." in screen_text(second)
        await pilot.press("escape")
        await settle(pilot)
        assert made["block"] not in view.marks.noted  # the reading pane knows

        await pilot.press("m")  # m again on a bookmarked block removes the bookmark
        assert made["block"] not in view.marks.bookmarked

    drive(second, find_them_again, SIZE_LARGE)
    user = UserData.for_cache(seed_cache)
    assert user.notes() == [] and user.bookmarks() == []


def test_removing_the_open_document_asks_first_and_keeps_its_notes(make_app, seed_ids, seed_cache):
    doc_id = seed_ids["001"]
    UserData.for_cache(seed_cache).add_note(doc_id, "p-2", "Bron voor de IMRF-paragraaf")
    app = make_app()

    async def remove(pilot):
        app.main_screen.open_place(Place(doc_id))
        await settle(pilot)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Remove {doc_id} from the library?" in screen_text(app)
        assert "Your note on it stays in your notes list" in screen_text(app)
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert reading_view(app).display_doc.doc.id == doc_id
        await pilot.press("D", "y")
        await settle(pilot)
        assert reading_view(app).display_doc is None
        assert doc_id not in {e.id for e in app.services.library.entries()}
        assert doc_id not in screen_text(app)  # nor in the tree
        await pilot.press("A")  # the note is kept, and says its document is gone
        assert isinstance(app.screen, NotesScreen)
        shown = screen_text(app)
        assert f"{doc_id} (document removed from the library)" in shown and "Bron voor de IMRF" in shown

    drive(app, remove, SIZE_LARGE)
    assert [n.doc_id for n in UserData.for_cache(seed_cache).notes()] == [doc_id]
    assert doc_id not in {e.id for e in Library(seed_cache).entries()}


def test_the_notes_list_exports_the_notes_to_a_file_and_says_where(make_app, seed_ids, seed_cache, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    from datetime import date

    from store import export
    from tests.tui.conftest import notifications

    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)  # where the reader was started: the export goes there
    user = UserData.for_cache(seed_cache)
    user.add_note(seed_ids["002"], "qa-2", "Voor de memo")
    user.add_note(seed_ids["004"], "p-3", "Ook in de memo")
    app = make_app()
    written = here / f"kamerlezer-notes-{date.today().isoformat()}.md"

    async def export_them(pilot):
        await pilot.press("A")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)  # the list stays open
        assert f"Notes exported to {written}" in notifications(app)

    drive(app, export_them, SIZE_LARGE)
    library = Library(seed_cache)
    assert written.read_text(encoding="utf-8") == export.markdown(export.collect(library, user.notes()))
    text = written.read_text(encoding="utf-8")
    assert "Aanhangsel Handelingen II 2018/19, nr. 811" in text and "Voor de memo" in text and "Ook in de memo" in text


def test_the_bookmarks_list_has_no_export(make_app, seed_ids, seed_cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    UserData.for_cache(seed_cache).add_note(seed_ids["004"], "p-3", "Een notitie")
    UserData.for_cache(seed_cache).add_bookmark(seed_ids["004"], "p-3")
    app = make_app()

    async def press_x(pilot):
        await pilot.press("apostrophe")
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("x")
        await settle(pilot)

    drive(app, press_x, SIZE_LARGE)
    assert list(tmp_path.glob("kamerlezer-notes-*")) == []


def test_a_note_not_found_in_the_new_version_of_its_document_says_so(make_app, tmp_path: Path):
    source, cache = tmp_path / "brief.txt", tmp_path / "own-cache"
    text = SEEDS["001"].read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    library = Library(cache)
    library.import_paths([source])
    (doc_id,) = [e.id for e in library.entries()]
    doc, user = library.load(doc_id), UserData.for_cache(cache)
    assert doc.blocks[2].text.startswith("Het Global Compact on Migration (GCM) is op 19 december 2018")
    user.save_note(doc, 2, "Over het begin")
    user.save_note(doc, 3, "Blijft staan")
    deleted = "Het Global Compact on Migration (GCM)"
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith(deleted)]
    source.write_text("".join(kept), encoding="utf-8")
    assert library.import_paths([source]).replaced == (doc_id,)
    app = make_app(cache_dir=cache)

    async def look(pilot):
        await pilot.press("A")
        assert isinstance(app.screen, NotesScreen)
        shown = screen_text(app)
        assert "[not found in the new version] Over het begin" in shown
        assert "“Het Global Compact on Migration (GCM) is op 19 december 2018" in shown  # the old quote
        assert "  Blijft staan" in shown and "[not found in the new version] Blijft" not in shown

    drive(app, look, SIZE_LARGE)
