"""The reader's flows, each as a user goes through it on the seed documents: the tree (grouping,
filter), the Vraag/Antwoord pane, the status line, links and "cited by", search, bookmark labels."""

from __future__ import annotations

from store.anchors import Place, block_of
from store.userdata import UserData
from tests.tui.conftest import (
    SIZE_LARGE,
    SIZE_SMALL,
    drive,
    open_document,
    reading_view,
    screen_text,
    settle,
    status_text,
)
from tui.screens.confirm import ConfirmScreen
from tui.screens.linked import LinkedScreen
from tui.screens.marks import BookmarksScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.search import SearchScreen
from tui.widgets.document_tree import DocumentTree
from tui.widgets.document_view import DocumentView
from tui.widgets.link_panel import LinkPanel
from tui.widgets.qa_pane import QAPane


def _view(app) -> DocumentView:
    return reading_view(app)


def _tree_lines(app) -> list[str]:
    """The tree as shown: group labels and document lines, in order."""
    tree = app.screen.query_one(DocumentTree)
    return [tree.get_node_at_line(y).label.plain for y in range(tree.last_line + 1)]


def _tree_ids(app) -> list[str]:
    tree = app.screen.query_one(DocumentTree)
    nodes = [tree.get_node_at_line(y) for y in range(tree.last_line + 1)]
    return [n.data.id for n in nodes if n is not None and hasattr(n.data, "id")]


# ---------------------------------------------------------------------------- the tree


def test_the_tree_groups_by_dossier_then_kind_then_year_newest_first(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        lines = _tree_lines(app)
        assert lines[0].startswith("Dossier 32317")  # the newest document's dossier first
        assert lines[1] == (  # date, kind, title
            "2025-01-29 s.o.  Beantwoording vragen schriftelijk overleg Informele JBZ-Raad te Polen op 30 en 31 "
            "januari 2025"
        )
        # Documents without a dossier stand under their kind.
        assert lines.index("Aanhangsels (no dossier)  1") + 1 == lines.index(
            next(line for line in lines if line.startswith("2018-12-03 aanh. Baudet (FvD): het voornemen"))
        )
        assert "Antwoorden (no dossier)  1" in lines and "Kamerbrieven (no dossier)  1" in lines
        # One document in two dossiers is in both.
        assert [line.split("  ")[0] for line in lines if line.startswith("Dossier")] == [
            "Dossier 32317", "Dossier 19637", "Dossier 30573",
        ]  # fmt: skip
        assert _tree_ids(app).count(seed_ids["004"]) == 2

        await pilot.press("g")
        assert "Library · 5 documents · by kind" in screen_text(app)
        lines = _tree_lines(app)
        assert [line for line in lines if not line[:1].isdigit()] == [
            "Schriftelijk overleg  1", "Antwoorden op Kamervragen  1", "Kamerbrief  2", "Aanhangsel Handelingen  1",
        ]  # fmt: skip
        # Newest first inside a group too.
        kamerbrieven = lines[lines.index("Kamerbrief  2") + 1 : lines.index("Kamerbrief  2") + 3]
        assert [line[:10] for line in kamerbrieven] == ["2022-04-29", "2019-10-14"]

        await pilot.press("g")
        assert "by year" in screen_text(app)
        assert [line for line in _tree_lines(app) if "  " in line[:6]] == [
            "2025  1", "2022  2", "2019  1", "2018  1",
        ]  # fmt: skip
        await pilot.press("g")
        assert "by dossier" in screen_text(app)

    drive(app, scenario, SIZE_LARGE)


def test_on_80_columns_a_cut_title_ends_in_an_ellipsis_and_the_detail_line_shows_it_whole(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        rows = screen_text(app).splitlines()
        cut = next(row.rstrip() for row in rows if "2025-01-29 s.o.  Beantwoording" in row)
        assert cut.endswith("…") and len(cut) <= 80
        short = next(row.rstrip() for row in rows if "2019-10-14 brief" in row)
        assert short.endswith("Voortgang integrale migratieagenda")  # what fits is not marked
        # The cursor is on the newest document: the line under the tree has its whole title.
        detail = " ".join(str(app.screen.query_one("#tree-detail").render()).split())
        assert "Informele JBZ-Raad te Polen op 30 en 31 januari 2025" in detail

    drive(app, scenario, SIZE_SMALL)


def test_typing_in_the_tree_filter_narrows_it_fuzzily_and_enter_opens_the_best_match(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await pilot.press("/", *"marakesh")  # misspelt: Marrakesh
        assert "Library · 1 of 5 documents" in screen_text(app)
        assert _tree_ids(app) == [seed_ids["002"]]
        await pilot.press("backspace", *"xyz")
        assert _tree_ids(app) == [] and "0 of 5 documents" in screen_text(app)
        await pilot.press(*["backspace"] * 11, *"imrf")
        assert sorted(_tree_ids(app)) == sorted([seed_ids["000"], seed_ids["001"]])
        await pilot.press(*" kamerbrief")  # every word counts: the kind too
        assert _tree_ids(app) == [seed_ids["001"]]
        await pilot.press("enter")
        await settle(pilot)
        assert _view(app).display_doc.doc.id == seed_ids["001"]
        await pilot.press("shift+tab", "/", "escape")  # escape clears the filter
        assert "Library · 5 documents" in screen_text(app)
        assert len(set(_tree_ids(app))) == 5

    drive(app, scenario, SIZE_LARGE)


# ---------------------------------------------------------------------------- Vraag/Antwoord pane


def test_the_question_pane_lists_questions_previews_answers_and_jumps(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["003"])
        await pilot.press("v")
        pane = app.screen.query_one(QAPane)
        assert pane.display and app.focused is pane.questions
        shown = screen_text(app)
        assert "Vragen en antwoorden · 53" in shown
        assert "Vraag 1 · PVV  De leden van de" in shown  # number, fractie, the question's first line
        assert "Vraag 2 · PVV  De leden van de" in shown
        await pilot.press("down")  # moving shows that question with its answer
        preview = str(pane.query_one("#qa-preview").render())
        assert preview.startswith("Vraag 2 · PVV\nDe leden van de PVV-fractie lezen dat tijdens de informele JBZ-Raad")
        assert "\nAntwoord\nHet kabinet werkt dit moment samen met andere EU-lidstaten" in preview
        assert "Het kabinet werkt dit" in screen_text(app)
        doc = _view(app).display_doc.doc
        await pilot.press("down", "enter")  # Enter: the reading pane goes there
        view = _view(app)
        assert app.focused is view
        assert view.cursor_block == doc.qa[2].block
        assert view.region_of_block(doc.qa[2].block) is not None
        assert status_text(app).startswith(f"{seed_ids['003']} · Vraag 3 · PVV")
        await pilot.press("backspace")  # the jump is in the history
        assert view.cursor_block != doc.qa[2].block

        await open_document(pilot, seed_ids["001"])  # a letter: no questions
        await pilot.press("v", "v")
        assert "No questions in this document." in screen_text(app)
        await pilot.press("v")
        assert not pane.display

    drive(app, scenario, SIZE_LARGE)


def test_the_question_pane_on_a_small_terminal_takes_the_screen_and_gives_it_back(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"])
        await pilot.press("v")
        assert app.screen.query_one(QAPane).display and not app.main_screen.reader.display
        assert "Vraag 1" in screen_text(app)
        await pilot.press("end", "enter")
        doc = _view(app).display_doc.doc
        assert app.main_screen.reader.display and _view(app).cursor_block == doc.qa[-1].block

    drive(app, scenario, SIZE_SMALL)


# ---------------------------------------------------------------------------- status line and links


def test_the_status_line_says_document_place_and_where_the_link_goes(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["004"], "sec-3")
        status = status_text(app)
        view = _view(app)
        assert status.startswith(f"{seed_ids['004']} · 2. Versterken opvang")
        assert f"block {view.cursor_block + 1}/42" in status
        await pilot.press("]")  # the first link in view
        link = view.display_doc.links[view.focused_link]
        assert view.region_of_block(link.block) is not None
        assert f"footnote {link.footnote}" in status_text(app)
        await pilot.press("]", "[")
        assert view.display_doc.links[view.focused_link] == link

    drive(app, scenario, SIZE_LARGE)


def test_a_reference_not_in_the_library_shows_its_key_and_address_and_y_copies_it(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["002"])
        view = _view(app)
        doc = view.display_doc.doc
        for _ in range(40):  # ] to "Aanhangsel Handelingen, vergaderjaar 2018–2019, nr. 665", in the text
            await pilot.press("]")
            link = view.display_doc.links[view.focused_link]
            if link.reference is not None and doc.references[link.reference].key == "ah-tk-20182019-665":
                break
        assert "ah-tk-20182019-665 · not in the library" in status_text(app)
        await pilot.press("enter")
        panel = app.screen.query_one(LinkPanel)
        assert panel.is_open
        assert "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-665" in screen_text(app)
        await pilot.press("y")
        assert app.clipboard == "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-665.html"
        await pilot.press("escape")
        assert not panel.is_open and app.focused is view
        await pilot.press("y")  # in the text, on the same link, too
        assert app.clipboard == "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-665.html"

    drive(app, scenario, SIZE_LARGE)


def test_cited_by_lists_the_citing_documents_and_opens_one_at_its_citation(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["001"])
        await pilot.press("c")
        assert isinstance(app.screen, LinkedScreen)
        shown = screen_text(app)
        assert "Cited by · 1 document" in shown
        assert "2022-05-16 antw. Antwoorden Kamervragen over het International Migration" in shown
        await pilot.press("enter")
        await settle(pilot)
        view = _view(app)
        doc = view.display_doc.doc
        assert doc.id == seed_ids["000"]
        # At the citation: the block whose footnote names seed 001.
        citing = next(r for r in doc.references if r.target == seed_ids["001"])
        assert view.cursor_block == block_of(doc, f"fn-{citing.footnote}")
        assert view.region_of_block(view.cursor_block) is not None
        assert view.display_doc.links[view.focused_link].footnote == citing.footnote
        assert "Footnote 1" in screen_text(app)
        assert app.screen.query_one(LinkPanel).focused_reference == doc.references.index(citing)
        await pilot.press("backspace")
        await settle(pilot)
        assert view.display_doc.doc.id == seed_ids["001"]

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, LinkedScreen) and "Cited by · 1 document" in screen_text(app)
        await pilot.press("escape")
        await open_document(pilot, seed_ids["000"])
        await pilot.press("c")  # nobody cites seed 000
        await settle(pilot)
        assert "No document in the library cites this one." in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, LinkedScreen)

    drive(app, scenario, SIZE_LARGE)


def test_back_and_forward_go_between_documents_opened_from_the_tree(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await pilot.press("enter")  # the newest: seed 003
        await settle(pilot)
        await pilot.press("pagedown", "pagedown")
        where = _view(app).cursor_block
        assert where > 0
        await open_document(pilot, seed_ids["004"])
        await pilot.press("backspace")
        await settle(pilot)
        assert _view(app).display_doc.doc.id == seed_ids["003"] and _view(app).cursor_block == where
        await pilot.press("alt+right")
        await settle(pilot)
        assert _view(app).display_doc.doc.id == seed_ids["004"]

    drive(app, scenario, SIZE_LARGE)


# ---------------------------------------------------------------------------- search


def test_library_search_opens_at_the_hit_in_a_long_document(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await pilot.press("s", *"Urgenda")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        hit = app.screen.hits[0]
        assert hit.id == seed_ids["002"] and hit.anchor
        await pilot.press("down", "enter")
        await settle(pilot)
        view = _view(app)
        assert view.display_doc.doc.id == seed_ids["002"]
        assert view.cursor_block == block_of(view.display_doc.doc, hit.anchor) > 0
        assert view.region_of_block(view.cursor_block) is not None
        assert "Urgenda" in screen_text(app)
        await pilot.press("/", *"urgenda", "enter")  # and find in the document from there
        assert len(view.matches) >= 1 and view.matches.items[view.current_match].block >= view.cursor_block - 1

    drive(app, scenario, SIZE_LARGE)


# ---------------------------------------------------------------------------- bookmarks


def test_a_bookmark_is_labelled_and_deleted_in_its_list(make_app, seed_ids, seed_cache):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["004"], "sec-2")
        await pilot.press("m")
        await pilot.press("apostrophe")
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"irreguliere migratie", "ctrl+s")
        assert isinstance(app.screen, BookmarksScreen)
        assert "irreguliere migratie" in screen_text(app)
        assert [b.label for b in UserData.for_cache(seed_cache).bookmarks()] == ["irreguliere migratie"]
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: it stays
        assert "irreguliere migratie" in screen_text(app)
        await pilot.press("d", "y")
        assert "No bookmarks yet." in screen_text(app)
        await pilot.press("escape")
        assert _view(app).marks.bookmarked == frozenset()

    drive(app, scenario, SIZE_LARGE)
    assert UserData.for_cache(seed_cache).bookmarks() == []


def test_a_note_made_on_an_answer_is_marked_and_listed_with_its_place(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        app.main_screen.open_place(Place(seed_ids["002"], "qa-19"))
        await settle(pilot)
        view = _view(app)
        block = view.cursor_block
        await pilot.press("a", *"Urgenda", "ctrl+s")
        assert block in view.marks.noted
        await pilot.press("A")
        shown = screen_text(app)
        # Anchored by what it is about (the answer to question 19), so a new version finds it again.
        assert f"{seed_ids['002']}#qa-19" in shown and "Urgenda" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert view.cursor_block == block

    drive(app, scenario, SIZE_LARGE)


def test_questions_say_where_they_are_answered_and_w_goes_to_the_other_side(make_app, tmp_path):
    """Real questions (corpus 010 and 012), and an answer to 010 written in the Aanhangsel's
    layout (tests/data/fixtures): the header names the other side, `w` goes there."""
    from pathlib import Path

    from store.library import Library

    data = Path(__file__).parent.parent / "data"
    cache = tmp_path / "qa-cache"
    Library(cache).import_paths([
        *(data / "corpus" / "real").glob("010_*.txt"), *(data / "corpus" / "real").glob("012_*.txt"),
        data / "fixtures" / "ah-tk-20242025-640-aidsfonds.txt",
    ])  # fmt: skip
    app = make_app(cache_dir=cache)

    async def scenario(pilot):
        await open_document(pilot, "kv-tk-2024Z18436")
        assert "answered in ah-tk-20242025-640" in screen_text(app)
        await pilot.press("w")  # one answer: opened at once
        await settle(pilot)
        assert _view(app).display_doc.doc.id == "ah-tk-20242025-640"
        assert "the questions: kv-tk-2024Z18436" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        assert _view(app).display_doc.doc.id == "kv-tk-2024Z18436"
        await pilot.press("backspace")  # the jump is in the history
        await settle(pilot)
        assert _view(app).display_doc.doc.id == "ah-tk-20242025-640"

        await open_document(pilot, "kv-tk-2024Z18566")
        assert "no answer in the library" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, LinkedScreen)
        assert "No answer to these questions in the library." in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, LinkedScreen)

    drive(app, scenario, SIZE_SMALL)
