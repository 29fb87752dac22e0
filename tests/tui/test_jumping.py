"""Following links: footnotes, references to cached documents, answers in the same document,
the history (back and forward), references not in the library, and "cited by"."""

from __future__ import annotations

from store.anchors import Place
from tests.tui.conftest import SIZE_LARGE, drive, reading_view, screen_text, settle, status_text
from tui.widgets.document_view import DocumentView
from tui.widgets.link_panel import LinkPanel


def _view(app) -> DocumentView:
    return reading_view(app)


def _focused_link(app):
    view = _view(app)
    return None if view.focused_link is None else view.display_doc.links[view.focused_link]


async def _open(pilot, doc_id: str, anchor: str | None = None) -> None:
    pilot.app.main_screen.open_place(Place(doc_id, anchor))
    await settle(pilot)


async def _press_until(pilot, key: str, done, limit: int = 40) -> None:
    for _ in range(limit):
        if done():
            return
        await pilot.press(key)
    assert done(), f"pressing {key} {limit} times did not get there"


def test_footnote_1_of_seed_000_leads_to_seed_001_and_back(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await _open(pilot, seed_ids["000"])
        # ] walks the links of the text until it reaches the marker of footnote 1.
        await _press_until(pilot, "]", lambda: (link := _focused_link(app)) is not None and link.footnote == "1")
        assert "footnote 1" in status_text(app)
        marker_block = _view(app).cursor_block
        await pilot.press("enter")  # shows the note
        panel = app.screen.query_one(LinkPanel)
        assert panel.is_open and app.focused is panel
        shown = screen_text(app)
        assert "Footnote 1" in shown
        assert "Deelname en inzet Nederland aan het IMRF, d.d. 29 april 2022" in shown
        await pilot.press("enter")  # follows the note's reference: seed 001, named by title and date
        await settle(pilot)
        assert _view(app).display_doc.doc.id == seed_ids["001"]
        assert "Deelname en inzet Nederland" in screen_text(app)
        await pilot.press("backspace")  # back where we came from
        await settle(pilot)
        assert _view(app).display_doc.doc.id == seed_ids["000"]
        assert _view(app).cursor_block == marker_block
        await pilot.press("f")  # and forward again
        await settle(pilot)
        assert _view(app).display_doc.doc.id == seed_ids["001"]

    drive(app, scenario, SIZE_LARGE)


def test_see_the_answer_to_question_19_jumps_there(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await _open(pilot, seed_ids["002"], "qa-54")
        doc = _view(app).display_doc.doc
        await _press_until(
            pilot,
            "]",
            lambda: (link := _focused_link(app)) is not None
            and link.reference is not None
            and doc.references[link.reference].key == "qa:19",
        )
        assert "answer in this document (qa-19)" in status_text(app)
        await pilot.press("enter")
        await settle(pilot)
        view = _view(app)
        block = view.display_doc.blocks[view.cursor_block]
        assert 19 in doc.qa[block.qa].numbers
        assert "Antwoord 19" in screen_text(app)
        await pilot.press("backspace")
        await settle(pilot)
        block = view.display_doc.blocks[view.cursor_block]
        assert 54 in doc.qa[block.qa].numbers

    drive(app, scenario, SIZE_LARGE)


LETTER_CITING_AN_ANSWER = """\
> Tweede Kamer der Staten-Generaal
Datum 1 december 2018
Betreft Antwoorden op vragen over het migratiepact

Geachte voorzitter,

Over de ondertekening verwijs ik naar het antwoord op vraag 19 in Aanhangsel Handelingen,
vergaderjaar 2018–2019, nr. 811, en naar wat ik eerder schreef.

De Staatssecretaris van Justitie en Veiligheid,

M. Harbers
"""


def test_a_citation_naming_an_answer_in_another_document_opens_it_there(make_app, seed_cache, seed_ids, tmp_path):
    from store.library import Library

    letter = tmp_path / "letter.txt"
    letter.write_text(LETTER_CITING_AN_ANSWER, encoding="utf-8")
    report = Library(seed_cache).import_paths([letter])
    (letter_id,) = report.added
    app = make_app()

    async def scenario(pilot):
        await _open(pilot, letter_id)
        doc = _view(app).display_doc.doc
        await _press_until(pilot, "]", lambda: (link := _focused_link(app)) is not None
                           and link.reference is not None and doc.references[link.reference].anchor == "qa-19")
        ref = doc.references[_focused_link(app).reference]
        assert (ref.kind, ref.target) == ("aanhangsel", seed_ids["002"])
        assert "qa-19" in status_text(app)
        await pilot.press("enter")
        await settle(pilot)
        view = _view(app)
        assert view.display_doc.doc.id == seed_ids["002"]
        block = view.display_doc.blocks[view.cursor_block]
        assert 19 in view.display_doc.doc.qa[block.qa].numbers
        assert "Antwoord 19" in screen_text(app)

    drive(app, scenario, SIZE_LARGE)
