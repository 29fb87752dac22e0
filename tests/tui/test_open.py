"""`kamerlezer open ID[#ANCHOR]`: the command line starts the reader at a place, refuses a wrong
one in one line, and a large library shows its tree without reading a single document body."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kamerlezer import cli
from store.anchors import Place, block_of
from store.cache import Cache
from store.grouping import group_entries
from store.library import Library
from tests.bench.corpus import generate
from tests.tui.conftest import SIZE_LARGE, drive, reading_view, screen_text, settle, status_text
from tui import tree_model
from tui.app import KamerlezerApp
from tui.widgets.document_tree import DocumentTree
from tui.widgets.document_view import DocumentView
from tui.widgets.link_panel import LinkPanel

Scenario = Callable[[Pilot], Awaitable[None]]


def _view(app: KamerlezerApp) -> DocumentView:
    return reading_view(app)


def open_from_the_command_line(monkeypatch: pytest.MonkeyPatch, argv: list[str], scenario: Scenario) -> list:
    """Run `kamerlezer ARGV` as the user would, with the reader headless under the pilot instead of
    taking the terminal. Returns the apps started (none when the command line refused)."""
    started: list[KamerlezerApp] = []

    def run_headless(app: KamerlezerApp, *args, **kwargs) -> None:
        started.append(app)

        async def main() -> None:
            async with app.run_test(size=SIZE_LARGE) as pilot:
                await settle(pilot)
                await scenario(pilot)

        asyncio.run(main())

    monkeypatch.setattr(KamerlezerApp, "run", run_headless)
    monkeypatch.setenv("KAMERLEZER_DEBUG", "1")  # a failed assertion in the scenario is raised, not reported
    assert cli.main(argv) == 0
    return started


def test_open_at_the_answer_to_question_19(monkeypatch, seed_cache, seed_ids):
    doc_id = seed_ids["002"]

    async def scenario(pilot):
        app = pilot.app
        view = _view(app)
        assert view.display_doc.doc.id == doc_id
        doc = view.display_doc.doc
        assert view.cursor_block == block_of(doc, "qa-19")
        assert 19 in doc.qa[doc.blocks[view.cursor_block].qa].numbers
        assert view.region_of_block(view.cursor_block) is not None  # on screen
        assert "Antwoord 19" in screen_text(app)
        assert status_text(app).startswith(f"{doc_id} · Antwoord 19")
        assert app.focused is view

    (app,) = open_from_the_command_line(monkeypatch, ["--cache", str(seed_cache), "open", f"{doc_id}#qa-19"], scenario)
    assert app.place is not None and app.place.anchor == "qa-19"


def test_open_at_a_footnote_shows_the_note_and_enter_follows_its_reference(monkeypatch, seed_cache, seed_ids):
    async def scenario(pilot):
        app = pilot.app
        view = _view(app)
        panel = app.screen.query_one(LinkPanel)
        # As if the marker had been followed: the marker is the focused link, the note is shown.
        assert view.display_doc.doc.id == seed_ids["000"]
        assert view.display_doc.links[view.focused_link].footnote == "1"
        assert panel.is_open and app.focused is panel
        shown = screen_text(app)
        assert "Footnote 1" in shown and "Deelname en inzet Nederland aan het IMRF, d.d. 29 april 2022" in shown
        await pilot.press("enter")  # the note's own reference: seed 001, in the library
        await settle(pilot)
        assert view.display_doc.doc.id == seed_ids["001"]
        await pilot.press("backspace")
        await settle(pilot)
        assert view.display_doc.doc.id == seed_ids["000"]

    open_from_the_command_line(monkeypatch, ["--cache", str(seed_cache), "open", f"{seed_ids['000']}#fn-1"], scenario)


def test_open_at_footnote_2_whose_reference_is_not_in_the_library(monkeypatch, seed_cache, seed_ids):
    async def scenario(pilot):
        app = pilot.app
        panel = app.screen.query_one(LinkPanel)
        assert panel.is_open and app.focused is panel
        assert "Footnote 2  TK 2020-2021, 19 637, nr. 2688" in screen_text(app)
        assert "Kamerstuk kst-19637-2688 · not in the library" in status_text(app)
        await pilot.press("enter")  # not in the library: its key and official address
        shown = screen_text(app)
        assert "Kamerstuk kst-19637-2688 · not in the library" in shown
        assert "https://zoek.officielebekendmakingen.nl/kst-19637-2688" in shown
        await pilot.press("y")
        assert app.clipboard == "https://zoek.officielebekendmakingen.nl/kst-19637-2688.html"
        assert _view(app).display_doc.doc.id == seed_ids["000"]  # nothing else opened

    open_from_the_command_line(monkeypatch, ["--cache", str(seed_cache), "open", f"{seed_ids['000']}#fn-2"], scenario)


def test_open_at_section_3(monkeypatch, seed_cache, seed_ids):
    doc_id = seed_ids["004"]

    async def scenario(pilot):
        app = pilot.app
        view = _view(app)
        doc = view.display_doc.doc
        assert view.cursor_block == doc.sections[2].block == block_of(doc, "sec-3")
        assert doc.sections[2].title.startswith("2. Versterken opvang")
        assert view.region_of_block(view.cursor_block) is not None
        assert "2. Versterken opvang" in screen_text(app)

    open_from_the_command_line(monkeypatch, ["--cache", str(seed_cache), "open", f"{doc_id}#sec-3"], scenario)


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("nope", "no document 'nope' in {cache} (`kamerlezer list` shows what there is)"),
        ("nope#qa-1", "no document 'nope' in {cache} (`kamerlezer list` shows what there is)"),
        ("{002}#qa-999", "{002} has no answer to question 999"),
        ("{000}#fn-9", "{000} has no footnote 9"),
        ("{002}#vraag-3", "unknown anchor 'vraag-3': use qa-N, fn-N, sec-N or p-N"),
        ("#qa-3", "no document id in '#qa-3'"),
    ],
)
def test_a_wrong_place_is_one_line_and_the_reader_does_not_start(
    monkeypatch, capsys, seed_cache, seed_ids, place, message
):
    started = []
    monkeypatch.setattr(KamerlezerApp, "run", lambda app, *a, **k: started.append(app))
    ids = {"000": seed_ids["000"], "002": seed_ids["002"]}
    place = place.replace("{000}", ids["000"]).replace("{002}", ids["002"])
    message = message.replace("{000}", ids["000"]).replace("{002}", ids["002"]).format(cache=seed_cache)
    assert cli.main(["--cache", str(seed_cache), "open", place]) == 1
    assert capsys.readouterr().err.splitlines() == [f"kamerlezer: {message}"]
    assert started == []


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("nope", "no document 'nope' in the bundled documents that a first start imports into the empty {cache}; "
                 "import yours first (`kamerlezer import PATH`)"),
        ("{002}#qa-999", "{002} has no answer to question 999"),
    ],
)
def test_on_an_empty_cache_a_place_is_checked_against_the_bundled_documents(
    monkeypatch, capsys, tmp_path, seed_ids, place, message
):
    started = []
    monkeypatch.setattr(KamerlezerApp, "run", lambda app, *a, **k: started.append(app))
    empty = tmp_path / "empty"
    place, message = place.replace("{002}", seed_ids["002"]), message.replace("{002}", seed_ids["002"])
    assert cli.main(["--cache", str(empty), "open", place]) == 1
    assert capsys.readouterr().err.splitlines() == [f"kamerlezer: {message.format(cache=empty)}"]
    assert started == [] and Library(empty).is_empty()  # nothing imported by a refused command


def test_on_an_empty_cache_a_bundled_document_opens_at_its_place_after_the_first_import(
    monkeypatch, tmp_path, seed_ids
):
    async def scenario(pilot):
        await settle(pilot)
        view = _view(pilot.app)
        assert view.display_doc is not None and view.display_doc.doc.id == seed_ids["002"]
        assert view.cursor_block == block_of(view.display_doc.doc, "qa-19")
        assert "Antwoord 19" in screen_text(pilot.app)
        assert len(Library(tmp_path / "empty").entries()) == 5  # the first start imported the bundled documents

    apps = open_from_the_command_line(
        monkeypatch, ["--cache", str(tmp_path / "empty"), "open", f"{seed_ids['002']}#qa-19"], scenario
    )
    assert len(apps) == 1


@pytest.fixture(scope="module")
def many_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache of 80 documents of all families (more than the tree opens at once)."""
    root = tmp_path_factory.mktemp("many")
    made = generate(80, root / "corpus", seed=11)
    library = Library(root / "cache")
    assert not library.import_paths([g.path for g in made]).failed
    return root / "cache"


def test_a_large_library_shows_its_tree_without_reading_a_body(monkeypatch, many_documents, config_dir):
    reads: list[str] = []
    read_body = Cache.read_body

    def counting(cache: Cache, doc_id: str, sha256: str):
        reads.append(doc_id)
        return read_body(cache, doc_id, sha256)

    monkeypatch.setattr(Cache, "read_body", counting)
    app = KamerlezerApp(many_documents, config_dir=config_dir)
    wanted = Library(many_documents).entries()[7].id

    async def scenario(pilot):
        tree = app.screen.query_one(DocumentTree)
        assert "Library · 80 documents · by dossier" in screen_text(app)
        assert tree.root.children and tree.last_line > 0
        assert reads == []  # the tree came from the index alone
        await pilot.press("g", "g")  # regrouping, too
        assert "by year" in screen_text(app) and reads == []
        await pilot.press("/", *wanted)  # and filtering
        assert wanted in [getattr(n.data, "id", None) for g in tree.root.children for n in g.children]
        assert reads == []
        await pilot.press("enter")  # opening one document reads that body, and only that one
        await settle(pilot)
        assert _view(app).display_doc.doc.id == wanted
        assert reads == [wanted]

    drive(app, scenario, SIZE_LARGE)


def test_a_large_library_shows_its_groups_before_its_rows_and_keeps_the_cursor_when_they_come(
    monkeypatch, many_documents, config_dir
):
    """The tree of a large library is drawn from head.json (store/head.py) while index.json is
    still being read; the rows then join their groups without moving the cursor or closing a group."""
    import threading

    from tui import app as app_module

    monkeypatch.setattr(app_module, "HEAD_FROM", 50)  # 80 documents count as a large library here
    expected = {g.label: g.count for g in group_entries(Library(many_documents).entries())}
    rows_may_come = threading.Event()
    read_index = Cache.read_index

    def slow(cache: Cache):
        assert rows_may_come.wait(timeout=30)
        return read_index(cache)

    monkeypatch.setattr(Cache, "read_index", slow)
    app = KamerlezerApp(many_documents, config_dir=config_dir)

    async def until(condition, pilot) -> None:
        for _ in range(2000):
            if condition():
                return
            await pilot.pause(0.01)
        raise AssertionError("waited too long")

    async def main() -> None:
        async with app.run_test(size=SIZE_LARGE) as pilot:
            # The main screen pushed and composed (on a loaded machine the two are frames apart).
            await until(lambda: len(app.screen_stack) > 1 and bool(app.screen.query(DocumentTree)), pilot)
            tree = app.screen.query_one(DocumentTree)
            await until(lambda: "Library · 80 documents" in screen_text(app), pilot)
            assert app.services.library is None  # the rows are not read yet
            shown = {g.data.label: g.data.count for g in tree.root.children}
            assert shown == expected
            await pilot.press("down", "down", "enter")  # the keys are taken: the third group, opened
            third = tree.root.children[2]
            assert tree.cursor_node is third and third.is_expanded and not third.children
            rows_may_come.set()
            await until(lambda: app.services.library is not None, pilot)
            await settle(pilot)
            assert tree.cursor_node is not None and tree.cursor_node.data.key == third.data.key
            opened = tree.cursor_node
            assert opened.is_expanded and len(opened.children) == expected[third.data.label]
            assert "Library · 80 documents · by dossier" in screen_text(app)

    asyncio.run(main())


def test_a_filter_that_matches_more_than_the_tree_shows_says_how_many_it_found(monkeypatch, many_documents, config_dir):
    monkeypatch.setattr(tree_model, "FILTER_LIMIT", 5)
    app = KamerlezerApp(many_documents, config_dir=config_dir)
    found = tree_model.filter_entries(Library(many_documents).entries(), "brief")
    assert found.matched > 5 and len(found.entries) == 5

    async def scenario(pilot):
        # On a group, the line under the tree says what is in it.
        detail = " ".join(str(app.screen.query_one("#tree-detail").render()).split())
        first = app.screen.query_one(DocumentTree).root.children[0].data
        assert detail == f"{first.label} {first.count} documents · newest {first.newest}"
        await pilot.press("/", *"brief")
        title = str(app.screen.query_one("#library-title").render())
        assert title == f"Library · the best 5 of {found.matched} found · by dossier"  # cut with "…" at 38 columns
        shown = {n.data.id for g in app.screen.query_one(DocumentTree).root.children for n in g.children}
        assert shown == {e.id for e in found.entries}

    drive(app, scenario, SIZE_LARGE)


def test_equally_good_matches_of_a_filter_come_newest_first():
    @dataclass(frozen=True)
    class Row:
        id: str
        kind: str
        title: str
        date: str | None
        dossiers: tuple[str, ...] = ()

    rows = [Row(f"d{n}", "kamerbrief", "Voortgang migratieagenda", date)
            for n, date in enumerate(["2019-10-14", None, "2024-01-02", "2021-05-06"])]
    rows.append(Row("other", "kamerbrief", "Asielopvang", "2025-01-01"))
    found = tree_model.filter_entries(rows, "migratieagenda")
    assert [e.id for e in found.entries] == ["d2", "d3", "d0", "d1"] and found.matched == 4


def test_a_large_group_opens_into_years_and_months_and_a_document_opened_is_found_in_them(
    monkeypatch, many_documents, config_dir
):
    """A group of more than SPLIT_FROM documents (tens of thousands of questions without a dossier
    in a library of 100,000) shows its years, and a year its months: the tree never makes a line
    for each of them at once. Opening a document opens the year and month it is in, with the
    cursor on it, and they stay open, the cursor on it, when the library is read again."""
    from store import grouping
    from store.grouping import parts_of

    monkeypatch.setattr(grouping, "SPLIT_FROM", 4)
    largest = max(group_entries(Library(many_documents).entries(), "kind"), key=lambda g: g.count)
    assert largest.count > 4 and len(parts_of(largest)) > 1
    wanted = largest.entries[-1]  # in its oldest year
    app = KamerlezerApp(many_documents, config_dir=config_dir)

    async def scenario(pilot):
        tree = app.screen.query_one(DocumentTree)
        await pilot.press("g")  # by kind: every kind's documents in one group
        await settle(pilot)
        node = next(n for n in tree.root.children if n.data.key == largest.key)
        tree.select_node(node)
        await pilot.pause()
        years = [p.data for p in node.children]
        assert node.is_expanded and years == list(parts_of(largest))  # its years, no document lines
        app.main_screen.open_place(Place(wanted.id))
        await settle(pilot)
        on = tree.cursor_node
        assert on is not None and on.data.id == wanted.id
        assert on.parent.data.key.startswith(largest.key + "/") and on.parent.parent in (node, *node.children)
        path = [n.data.key for n in (on.parent, on.parent.parent)]
        app.main_screen.refresh_entries()
        await settle(pilot)
        on = tree.cursor_node
        assert on is not None and on.data.id == wanted.id
        assert [n.data.key for n in (on.parent, on.parent.parent)] == path

    drive(app, scenario, SIZE_LARGE)
