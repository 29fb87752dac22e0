"""Fetching from the reader (issue 14): a cited document the library lacks, the answer to open
written questions, and the "new" marks of what the user's follows brought.

The real app on a real cache, against the loopback server of tests/fetch_server.py (official
site, open data) pointed at through the environment, as a user points kamerlezer at a mirror.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from importlib import resources
from pathlib import Path

import pytest
from textual.pilot import Pilot

from store.fetch.odata import zaak_query_url
from store.follows import add_arrivals, unseen_ids
from store.library import Library
from store.userdata import UserData
from tests.fetch_server import FETCH, OFFICIAL, TK, Site, fetch_env, free_port, serving
from tests.tui.conftest import SIZE_LARGE, notifications, open_document, reading_view, settle, status_text
from tui.app import KamerlezerApp
from tui.keymap import build_keymap, read_map_file, shipped_names
from tui.screens.arrivals import ArrivalsScreen
from tui.widgets.document_tree import NEW_MARK, DocumentTree

KST = "kst-36200-VI-99"
KST_XML = (OFFICIAL / "written-kst" / "kst-36200-VI-99.xml").read_bytes()
KST_META = (OFFICIAL / "written-kst" / "metadata.xml").read_bytes()
AH_XML = (OFFICIAL / "written-ah-tk-20232024-1234.xml").read_bytes()
AH_META = (OFFICIAL / "written-ah-tk-20232024-1234.metadata.xml").read_bytes()
QUESTIONS = next((Path(__file__).parent.parent / "data" / "corpus" / "real").glob("010_*.txt"))  # kv-tk-2024Z18436
QUESTIONS_ID = "kv-tk-2024Z18436"

# A letter that cites, in a note, a Kamerstuk the library does not have.
CITING = """# Brief over de justitiebegroting

De minister schreef eerder over de begroting van Justitie en Veiligheid.<sup>1</sup> Daar komen wij op terug.

Verder niets.

---

<sup>1</sup> Kamerstuk 36 200 VI, nr. 99
"""


def _official(site: Site) -> Site:
    site.add(f"/{KST}.xml", KST_XML)
    site.add(f"/{KST}/metadata.xml", KST_META)
    return site


def _zaak_route(zaak: str) -> str:
    """The path and query the reader asks the open data for a zaak's documents (%-escapes undone)."""
    parts = urllib.parse.urlsplit(zaak_query_url(TK, zaak))
    return urllib.parse.unquote(f"{parts.path}?{parts.query}")


def _zaak_answer(zaak: str, *, answered: bool = True) -> bytes:
    """tests/data/fetch/odata-zaak-kamervragen.json, derived here: its zaak number made `zaak` (the
    questions then are the library's own kv-tk-… and are not fetched again); without `answered`,
    only the questions are in it (nothing has been published since)."""
    body = json.loads((FETCH / "odata-zaak-kamervragen.json").read_text(encoding="utf-8"))
    for entity in body["value"]:
        entity["Nummer"] = zaak
        if not answered:
            entity["Document"] = [d for d in entity["Document"] if d["Soort"] == "Schriftelijke vragen"]
    return json.dumps(body).encode()


@pytest.fixture
def citing_cache(tmp_path: Path) -> tuple[Path, str]:
    """A library of one letter that cites kst-36200-VI-99 in its note 1, and the letter's id."""
    source = tmp_path / "brief.txt"
    source.write_text(CITING, encoding="utf-8")
    cache = tmp_path / "cache"
    report = Library(cache).import_paths([source])
    assert report.added, report
    return cache, report.added[0]


@pytest.fixture
def questions_cache(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    report = Library(cache).import_paths([QUESTIONS])
    assert report.added == (QUESTIONS_ID,), report
    return cache


@pytest.fixture
def pointed_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Site, str]]:
    """The server, with the reader's sources pointed at it (KAMERLEZER_OFFICIAL_URL and the others)."""
    with serving(_official(Site())) as (site, base):
        _point(monkeypatch, base)
        yield site, base


def _point(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    for name in ("KAMERLEZER_OFFICIAL_URL", "KAMERLEZER_REPOSITORY_URL", "KAMERLEZER_TK_API_URL",
                 "KAMERLEZER_FETCH_TIMEOUT"):  # fmt: skip
        monkeypatch.setenv(name, fetch_env(base)[name])
    for proxy in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)


def play(app: KamerlezerApp, scenario) -> None:
    """The real app at 120x40, notifications kept (run_test drops them unless asked)."""

    async def main() -> None:
        async with app.run_test(size=SIZE_LARGE, notifications=True) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def _to_the_note_reference(pilot: Pilot, doc_id: str) -> None:
    """Open the letter, go to its note 1 and show the note: its reference has the focus."""
    await open_document(pilot, doc_id)
    view = reading_view(pilot.app)
    link = next(i for i, item in enumerate(view.display_doc.links) if item.footnote == "1")
    view.go_to(view.display_doc.links[link].block, link=link)
    await pilot.press("enter")
    await settle(pilot)


def _ids(cache: Path) -> set[str]:
    return {e.id for e in Library(cache).entries()}


def _leaf_label(app: KamerlezerApp, doc_id: str) -> str:
    tree = app.main_screen.query_one(DocumentTree)
    for group in tree.root.children:
        for leaf in group.children:
            if leaf.data is not None and getattr(leaf.data, "id", None) == doc_id:
                return str(leaf.label)
    raise AssertionError(f"{doc_id} is not in the tree")


# -- a cited document ---------------------------------------------------------------------


def test_the_reference_not_in_the_library_says_the_fetch_key_and_fetches_it(
    pointed_at: tuple[Site, str], citing_cache: tuple[Path, str], config_dir: Path
) -> None:
    cache, letter = citing_cache
    app = KamerlezerApp(cache, config_dir=config_dir)

    async def scenario(pilot: Pilot) -> None:
        await _to_the_note_reference(pilot, letter)
        assert "kst-36200-VI-99 · not in the library · F fetches it" in status_text(app)
        assert "F: fetch into the library" in str(app.main_screen.reader.panel.render())
        await pilot.press("F")
        await settle(pilot)
        assert reading_view(app).display_doc.doc.id == KST
        assert any(n.startswith(f"fetched {KST}: ") for n in notifications(app)), notifications(app)
        # At once in the tree, and the library watch has nothing left to notice (no "library changed").
        screen = app.main_screen
        assert screen.entries_stamp == screen.library.stamp
        _leaf_label(app, KST)  # fails when the tree does not show it
        await pilot.press("backspace")  # back to the letter, whose note now leads into the library
        await settle(pilot)
        assert reading_view(app).display_doc.doc.id == letter
        assert reading_view(app).display_doc.doc.references[0].target == KST

    play(app, scenario)
    assert KST in _ids(cache)


def test_the_network_down_is_one_line_and_the_document_stays(
    citing_cache: tuple[Path, str], config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, letter = citing_cache
    port = free_port()
    _point(monkeypatch, f"http://127.0.0.1:{port}")
    app = KamerlezerApp(cache, config_dir=config_dir)
    before = _ids(cache)

    async def scenario(pilot: Pilot) -> None:
        await _to_the_note_reference(pilot, letter)
        position = app.main_screen.reader.position
        said = len(notifications(app))
        await pilot.press("F")
        await settle(pilot)
        new = notifications(app)[said:]
        assert len(new) == 1, new
        assert new[0].startswith(f"{KST}: could not reach 127.0.0.1:{port} (")
        assert new[0].endswith("; nothing changed")
        assert "\n" not in new[0]
        assert app.main_screen.reader.position == position
        assert "fetching" not in status_text(app)

    play(app, scenario)
    assert _ids(cache) == before


def test_escape_stops_a_slow_fetch_and_nothing_changes(
    pointed_at: tuple[Site, str], citing_cache: tuple[Path, str], config_dir: Path
) -> None:
    site, _ = pointed_at
    cache, letter = citing_cache

    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(3)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml")
        handler.send_header("Content-Length", str(len(KST_XML)))
        handler.end_headers()
        handler.wfile.write(KST_XML)

    site.routes[f"/{KST}.xml"] = slow
    app = KamerlezerApp(cache, config_dir=config_dir)
    before = _ids(cache)

    async def scenario(pilot: Pilot) -> None:
        await _to_the_note_reference(pilot, letter)
        position = app.main_screen.reader.position
        await pilot.press("F")
        await pilot.pause(0.3)
        assert f"fetching {KST} … (esc cancels)" in status_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "fetch cancelled; nothing changed" in notifications(app)
        assert "fetching" not in status_text(app)
        assert app.main_screen.reader.panel.is_open  # the key stopped the fetch, not the panel
        await settle(pilot)  # the request ends when the server answers; nothing of it is kept
        assert app.main_screen.reader.position == position
        assert not any(n.startswith("fetched") for n in notifications(app))
        await pilot.press("escape")  # no fetch under way: the close key closes the panel again
        assert not app.main_screen.reader.panel.is_open

    play(app, scenario)
    assert _ids(cache) == before
    assert not (cache / "downloads").exists() or not any((cache / "downloads").iterdir())


# -- the answer to written questions ------------------------------------------------------


def test_the_answer_to_open_questions_is_fetched_and_opened(
    pointed_at: tuple[Site, str], questions_cache: Path, config_dir: Path
) -> None:
    site, _ = pointed_at
    site.add(_zaak_route("2024Z18436"), _zaak_answer("2024Z18436"), "application/json")
    site.add("/ah-tk-20212022-3072.xml", AH_XML)
    site.add("/ah-tk-20212022-3072/metadata.xml", AH_META)
    # The Mededeling has no official key, and the Kamer's own file is not served: it fails alone.
    app = KamerlezerApp(questions_cache, config_dir=config_dir)

    async def scenario(pilot: Pilot) -> None:
        await open_document(pilot, QUESTIONS_ID)
        await pilot.press("F")
        await settle(pilot)
        shown = reading_view(app).display_doc.doc
        assert shown.id != QUESTIONS_ID and shown.kind == "aanhangsel", shown.id
        said = notifications(app)
        assert any(n.startswith(f"fetched {shown.id}: ") for n in said), said
        assert any(n.startswith(f"{QUESTIONS_ID}: 1 of what it names could not be fetched: 2022D22001") for n in said)

    play(app, scenario)
    assert len(_ids(questions_cache)) == 2


def test_no_answer_yet_is_said_so(pointed_at: tuple[Site, str], questions_cache: Path, config_dir: Path) -> None:
    site, _ = pointed_at
    site.add(_zaak_route("2024Z18436"), _zaak_answer("2024Z18436", answered=False), "application/json")
    app = KamerlezerApp(questions_cache, config_dir=config_dir)

    async def scenario(pilot: Pilot) -> None:
        await open_document(pilot, QUESTIONS_ID)
        await pilot.press("F")
        await settle(pilot)
        assert reading_view(app).display_doc.doc.id == QUESTIONS_ID
        assert f"no answer to {QUESTIONS_ID} has been published yet" in notifications(app)

    play(app, scenario)
    assert _ids(questions_cache) == {QUESTIONS_ID}


def test_nothing_to_fetch_says_what_would_be(make_app, seed_ids) -> None:
    app = make_app()

    async def scenario(pilot: Pilot) -> None:
        await open_document(pilot, seed_ids["001"])
        await pilot.press("F")
        await settle(pilot)
        assert any(n.startswith("Nothing to fetch here: select a reference") for n in notifications(app))

    play(app, scenario)


# -- what is new --------------------------------------------------------------------------


def test_a_new_arrival_is_marked_until_it_is_opened(make_app, seed_cache: Path, seed_ids) -> None:
    user = UserData.for_cache(seed_cache)
    new, old = seed_ids["001"], seed_ids["000"]
    add_arrivals(user, [(new, "dossier 36200-VI", "new")])
    app = make_app()

    async def scenario(pilot: Pilot) -> None:
        await settle(pilot)
        assert _leaf_label(app, new).startswith(f"{NEW_MARK} ")
        assert not _leaf_label(app, old).startswith(NEW_MARK)
        await open_document(pilot, new)
        assert not _leaf_label(app, new).startswith(NEW_MARK)

    play(app, scenario)
    assert unseen_ids(user) == frozenset()


def test_the_new_documents_list_opens_one_and_then_says_nothing_is_new(make_app, seed_cache: Path, seed_ids) -> None:
    user = UserData.for_cache(seed_cache)
    first, second = seed_ids["001"], seed_ids["003"]
    add_arrivals(user, [(first, "dossier 36200-VI", "new"), (second, "zaak 2022Z09230", "answer")])
    app = make_app()

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("W")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArrivalsScreen)
        assert [a.doc_id for a in screen.arrivals] == [second, first]  # newest first
        await pilot.press("enter")
        await settle(pilot)
        assert reading_view(app).display_doc.doc.id == second
        await pilot.press("W")
        await settle(pilot)
        assert [a.doc_id for a in app.screen.arrivals] == [first]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ArrivalsScreen)
        await open_document(pilot, first)
        await pilot.press("W")
        await settle(pilot)
        assert not isinstance(app.screen, ArrivalsScreen)
        assert "nothing new since you last looked" in notifications(app)

    play(app, scenario)
    assert unseen_ids(user) == frozenset()


def test_every_shipped_map_names_the_new_actions() -> None:
    for name in shipped_names():
        written = read_map_file(resources.files("keymaps") / f"{name}.toml")
        assert {"fetch", "new_documents"} <= set(written), name
        assert build_keymap(name).problems == (), name
