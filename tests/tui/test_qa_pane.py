"""The Vraag/Antwoord pane as a user drives it: `a` annotates the selected question, a
number typed in the pane jumps to that question, and a pair opened by its anchor shows
its question with its answer."""

from __future__ import annotations

from store.anchors import block_of
from store.userdata import UserData
from tests.tui.conftest import SIZE_LARGE, drive, open_document, reading_view, screen_text, settle


def test_a_in_the_qa_pane_annotates_the_selected_question_and_quotes_question_and_answer(
    make_app, seed_ids, seed_cache
):
    app = make_app()
    state = {}

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"])
        await pilot.press("v")  # the pane, focused
        assert app.main_screen.qa_pane.has_focus_within
        await pilot.press("down", "down", "down")
        doc = reading_view(app).display_doc.doc
        state["qa"] = doc.qa[3]
        state["doc"] = doc
        await pilot.press("a", *"over vraag 27", "ctrl+s")
        await settle(pilot)

    drive(app, scenario, SIZE_LARGE)
    [note] = UserData.for_cache(seed_cache).notes()
    qa, doc = state["qa"], state["doc"]
    assert block_of(doc, note.anchor) == qa.block  # not the first paragraph, not the reader's cursor
    assert note.quote.startswith(qa.question[:40])
    assert "Antwoord" not in note.quote[:20]


def test_a_note_on_an_answer_block_quotes_the_question_and_the_answer(make_app, seed_ids, seed_cache):
    app = make_app()
    state = {}

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"], "qa-19")
        doc = reading_view(app).display_doc.doc
        state["qa"] = doc.qa[doc.blocks[reading_view(app).cursor_block].qa]
        await pilot.press("a", *"Urgenda", "ctrl+s")
        await settle(pilot)

    drive(app, scenario, SIZE_LARGE)
    [note] = UserData.for_cache(seed_cache).notes()
    qa = state["qa"]
    assert not note.quote.startswith("Antwoord")
    assert note.quote.startswith(qa.question[:30]) and " — " in note.quote



def test_a_number_typed_in_the_pane_then_enter_goes_to_that_question(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"])
        await pilot.press("v", "2", "9")
        pane = app.main_screen.qa_pane
        doc = reading_view(app).display_doc.doc
        assert 29 in doc.qa[pane.selected].numbers
        assert "question 29" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        view = reading_view(app)
        assert view.cursor_block == doc.qa[pane.selected].block
        assert "Vraag 29" in screen_text(app)
        await pilot.press("tab", "9", "9", "9")  # no such question: said, and the list stays
        assert "No question 999" in screen_text(app)
        assert 99 in doc.qa[pane.selected].numbers  # where "99" took it

    drive(app, scenario, SIZE_LARGE)


def test_opening_at_qa_n_shows_the_question_above_its_answer(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"], "qa-29")
        view = reading_view(app)
        doc = view.display_doc.doc
        pair = doc.qa[doc.blocks[view.cursor_block].qa]
        assert view.cursor_block == pair.answer_block  # the place the anchor names has the cursor
        assert view.scroll_offset.y == view.page.block_lines[pair.block]  # its question at the top
        shown = screen_text(app)
        assert "Vraag 29" in shown and "Antwoord 29" in shown
        await open_document(pilot, seed_ids["002"], "qa-3")  # within the open document, the same
        pair = doc.qa[doc.blocks[view.cursor_block].qa]
        assert view.scroll_offset.y == view.page.block_lines[pair.block]

    drive(app, scenario, SIZE_LARGE)
