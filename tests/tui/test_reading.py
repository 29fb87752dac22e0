"""Opening documents and moving through them: the real app, driven by its pilot, on the seeds."""

from __future__ import annotations

from tests.tui.conftest import SIZE_LARGE, drive, screen_text, settle, status_text
from tui.widgets.document_view import DocumentView


def test_open_a_document_from_the_tree(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        shown = screen_text(app)
        assert "Library · 5 documents · by dossier" in shown
        assert "2025-01-29 s.o.  Beantwoording" in shown  # newest first, with date and kind
        # The cursor starts on the newest document; enter opens it.
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(DocumentView)
        assert view.display_doc is not None and view.display_doc.doc.id == seed_ids["003"]
        assert app.focused is view
        assert status_text(app).startswith(seed_ids["003"])
        assert "Vraag 1 · PVV" in screen_text(app)

    drive(app, scenario, SIZE_LARGE)
