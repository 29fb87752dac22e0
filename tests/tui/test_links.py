"""What a reference says of itself (tui/links.py), and the panel as a user opens it: a
document's own zaak is "this document", an address only where one exists, a label that
does not repeat its kind, a web address that is not "missing from the library"."""

from __future__ import annotations

from store.model import Document, Identifiers, Reference
from tests.tui.conftest import SIZE_LARGE, drive, open_document, reading_view, screen_text, settle, status_text
from tui.links import describe, is_this_document, label, official_address


def _ref(kind: str, key: str | None, text: str) -> Reference:
    return Reference(text=text, kind=kind, key=key, where="body")  # type: ignore[arg-type]


def _none(_: str) -> str | None:
    return None


def test_a_zaak_number_has_no_address_and_official_keys_have_one():
    assert official_address(_ref("zaak", "2022Z09230", "2022Z09230")) is None
    for key in ("kst-19637-2535", "ah-tk-20182019-811", "kv-tk-2024Z18436", "h-tk-20192020-1-1", "stb-2018-84",
                "stcrt-2019-1234"):  # fmt: skip
        address = official_address(_ref("kamerstuk", key, key))
        assert address is not None and address.startswith("https://zoek.officielebekendmakingen.nl/") and key in address
    assert official_address(_ref("url", "url:https://nos.nl/l/2279584", "https://nos.nl/l/2279584")) == (
        "https://nos.nl/l/2279584"
    )


def test_the_documents_own_zaak_is_this_document():
    doc = Document(id="kst-19637-2535", kind="kamerstuk", title="t", date=None, source="s",
                   identifiers=Identifiers(zaak="2019Z19563"))  # fmt: skip
    own = _ref("zaak", "2019Z19563", "2019Z19563")
    assert is_this_document(own, doc)
    assert describe(own, _none, doc) == "this document"
    assert "not in the library" in describe(_ref("zaak", "2019Z00001", "2019Z00001"), _none, doc)


def test_a_label_does_not_repeat_its_kind_and_a_web_address_is_not_missing():
    assert label(_ref("kamerstuk", "kst-32317-890", "Kamerstukken II, 2024-2025, 32 317, nr. 890")) == (
        "", "Kamerstukken II, 2024-2025, 32 317, nr. 890")  # fmt: skip
    assert label(_ref("kamerstuk", "kst-34952-1", "34 952, nr. 1")) == ("Kamerstuk", "34 952, nr. 1")
    web = _ref("url", "url:https://nos.nl/l/2279584", "https://nos.nl/l/2279584")
    assert "not in the library" not in describe(web, _none)


def test_the_panel_of_a_documents_own_zaak_number(make_app, seed_ids):
    """Seed 000 cites its own zaak: following it says so, and offers no invented address."""
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["000"])
        view = reading_view(app)
        doc = view.display_doc.doc
        zaak = next(i for i, r in enumerate(doc.references) if r.kind == "zaak")
        link = next(i for i, item in enumerate(view.display_doc.links) if item.reference == zaak)
        view.go_to(view.display_doc.links[link].block, link=link)
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "this document" in shown or "this document" in status_text(app)
        assert "not in the library" not in shown
        assert "zoek.officielebekendmakingen.nl/2022Z09230" not in shown

    drive(app, scenario, SIZE_LARGE)
