"""Hostile documents in the reader: terminal escapes, Rich markup, a 1 MB line, NUL bytes.

Such text is imported (or refused with a one-line reason) and shown literally: escape
characters as visible symbols (ESC as ␛, BEL as ␇, an 8-bit CSI as �), markup as the
brackets it is. Nothing styled on screen comes from the document, nothing crashes, and in a
real terminal (tmux) nothing is interpreted: no clipboard write, no cleared screen.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.color import Color

from store.anchors import Place
from store.library import Library
from tests.tui.conftest import SIZE_LARGE, SIZE_SMALL, drive, reading_view, screen_text, settle
from tui.page import LineKind
from tui.screens.search import SearchScreen
from tui.widgets.document_view import MARGIN

TITLE = "Kamerbrief over [bold]vette[/] tekst"
HOSTILE = (
    f"{TITLE}\n\n"
    "Hierbij \x1b[31mrood\x1b[0m en een klembord \x1b]52;c;ZWNobyBoaQ==\x07 en CSI \x1b[2J\x1b[H wissen.\n\n"
    "Markup [link=http://e]y[/link] en [red]rood[/red] en [overzicht] blijft staan.\n\n"
    "Een 8-bit CSI \x9b31m daar, een DEL \x7f, een OSC 8 \x1b]8;;http://e\x1b\\anker\x1b]8;;\x1b\\ einde.\n"
)
# How the reader shows them: each control character as a visible symbol of one cell.
SHOWN = (
    TITLE,
    "Hierbij ␛[31mrood␛[0m en een klembord ␛]52;c;ZWNobyBoaQ==␇ en CSI ␛[2J␛[H wissen.",
    "Markup [link=http://e]y[/link] en [red]rood[/red] en [overzicht] blijft staan.",
    "Een 8-bit CSI \ufffd31m daar, een DEL ␡, een OSC 8 ␛]8;;http://e␛\\anker␛]8;;␛\\ einde.",
)
LONG_WORDS = 180_000  # "woord " * 180,000: a single line of a little over 1 MB


@pytest.fixture
def hostile_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "hostile"
    folder.mkdir()
    files = {
        "escapes": folder / "escapes.txt",
        "longline": folder / "longline.txt",
        "nul": folder / "nul.txt",
    }
    files["escapes"].write_text(HOSTILE, encoding="utf-8")
    files["longline"].write_text("Een lange regel\n\n" + "woord " * LONG_WORDS + "einde\n", encoding="utf-8")
    files["nul"].write_bytes(b"Titel met NUL\n\nTekst \x00\x00 met [bold]NUL-bytes[/bold] \x1b[31m\n")
    assert files["longline"].stat().st_size > 1_000_000
    return files


@pytest.fixture
def hostile_cache(seed_cache: Path, hostile_files: dict[str, Path]) -> dict[str, str]:
    """The seed cache with the hostile files imported as a user would: the ids of what got in."""
    report = Library(seed_cache).import_paths(sorted(hostile_files.values()))
    # A file with NUL bytes is refused, with a reason a user understands; the others get in.
    assert report.failed == ((str(hostile_files["nul"]), "binary file, not text"),)
    by_source = {e.source: e.id for e in Library(seed_cache).entries()}
    ids = {name: by_source[str(hostile_files[name])] for name in ("escapes", "longline")}
    assert set(report.added) == set(ids.values()) and all(i.startswith("doc-") for i in ids.values())
    return ids


@pytest.mark.parametrize("size", [SIZE_SMALL, SIZE_LARGE], ids=["80x24", "120x40"])
def test_escapes_and_markup_are_shown_literally(make_app, hostile_cache, size):
    app = make_app()

    async def scenario(pilot):
        app.main_screen.open_place(Place(hostile_cache["escapes"]))
        await settle(pilot)
        view = reading_view(app)
        assert view.display_doc is not None and view.display_doc.doc.id == hostile_cache["escapes"]
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown and "\x7f" not in shown
        # What the reading pane shows (its lines, less the margin), as one run of words.
        in_view = [view.render_line(row).text[MARGIN:] for row in range(view.scrollable_content_region.height)]
        flat = " ".join(" ".join(in_view).split())
        for text in SHOWN:
            assert " ".join(text.split()) in flat, f"{text!r} is not on screen literally:\n{shown}"

        # Nothing styled came from the text: each line of the body is one run of the paragraph's
        # own style, with no colour from `[red]`/ESC[31m and no hyperlink from `[link=…]` or OSC 8.
        page = view.page
        blocks = view.display_doc.blocks
        rows = [
            y - view.scroll_offset.y
            for y, line in enumerate(page.lines)
            if line.kind == LineKind.TEXT and blocks[line.block].kind == "paragraph"
        ]
        rows = [row for row in rows if 0 <= row < view.scrollable_content_region.height]
        assert len(rows) >= 3
        for row in rows:
            strip = view.render_line(row)
            text_segments = [s for s in list(strip)[1:] if s.text.strip() and s.text not in ("▌", "▏")]
            styles = {s.style for s in text_segments}
            assert len(styles) == 1, [(s.text, s.style) for s in text_segments]
            (style,) = styles
            assert style.link is None and not style.bold and not style.reverse
            assert style.color is None or style.color != Color.parse("red")
        # The tree lists the title as it is written (at 80 columns `t` shows the tree).
        if not app.main_screen.library_pane.display:
            await pilot.press("t")
            await settle(pilot)
        assert TITLE in screen_text(app)

    drive(app, scenario, size)


def test_library_search_shows_hostile_snippets_literally(make_app, hostile_cache):
    app = make_app()

    async def scenario(pilot):
        await pilot.press("s", *"klembord")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        shown = " ".join(screen_text(app).split())
        assert TITLE in shown
        assert "␛]52;c;ZWNobyBoaQ==␇" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert reading_view(app).display_doc.doc.id == hostile_cache["escapes"]

    drive(app, scenario, SIZE_LARGE)


def test_a_one_megabyte_line_opens_and_scrolls(make_app, hostile_cache):
    app = make_app()

    async def scenario(pilot):
        started = time.monotonic()
        app.main_screen.open_place(Place(hostile_cache["longline"]))
        await settle(pilot)
        view = reading_view(app)
        assert view.display_doc.doc.id == hostile_cache["longline"]
        assert "woord woord woord" in screen_text(app)
        await pilot.press("end")
        await settle(pilot)
        assert "einde" in screen_text(app)
        await pilot.press("home", "pagedown", "pagedown")
        await settle(pilot)
        assert "woord woord" in screen_text(app)
        assert time.monotonic() - started < 30  # generous: it takes well under a second here

    drive(app, scenario, SIZE_SMALL)


def test_seed_004_starts_with_bracketed_words_shown_as_written(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        app.main_screen.open_place(Place(seed_ids["004"]))
        await settle(pilot)
        doc = reading_view(app).display_doc.doc
        bracketed = [b.text for b in doc.blocks if "[overzicht]" in b.text]
        if bracketed:  # kept by the parser: then the reader shows it as it is
            assert "[overzicht]" in screen_text(app)
        assert "Voortgang integrale migratieagenda" in screen_text(app)

    drive(app, scenario, SIZE_LARGE)


def test_the_command_line_refuses_nul_bytes_in_one_line(hostile_files, tmp_path):
    kamerlezer = Path(sys.executable).parent / "kamerlezer"
    if not kamerlezer.exists():
        pytest.skip("kamerlezer is not installed next to this Python")
    result = subprocess.run(
        [str(kamerlezer), "--cache", str(tmp_path / "cache"), "import", str(hostile_files["nul"])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"kamerlezer: {hostile_files['nul']}: binary file, not text"
    assert "Traceback" not in result.stderr


def test_nothing_reaches_a_real_terminal(tmp_path, hostile_files):
    """In tmux: showing the document sets no clipboard (OSC 52), clears nothing, and the text is there."""
    from tests.tui.test_terminal import EXIT_MARK, KAMERLEZER, TMUX, Terminal

    if TMUX is None or KAMERLEZER is None:
        pytest.skip("tmux or the installed kamerlezer is missing")
    cache = tmp_path / "cache"
    Library(cache).import_paths([hostile_files["escapes"]])
    run = tmp_path / "run"
    run.mkdir()
    term = Terminal(run, 80, 24, {"KAMERLEZER_CACHE": str(cache)})
    try:
        # With set-clipboard on, an OSC 52 that reached tmux would fill its paste buffer.
        subprocess.run([str(TMUX), "-L", term.socket, "set-option", "-s", "set-clipboard", "on"], env=term.env,
                       check=True, timeout=30)
        shown = term.wait_for("Library · 1 document")
        assert "Kamerbrief over [b" in shown  # the tree line, cut at 80 columns
        term.send("Enter")
        shown = term.wait_for(" doc-kamerbrief-over-bold-vette-tekst · ")  # the status line, once it is open
        flat = " ".join(shown.split())
        for text in SHOWN[1:]:
            assert " ".join(text.split()) in flat, shown
        assert "[bold]vette[/]" in shown
        # No OSC 52 reached tmux: its paste buffers are empty.
        buffers = subprocess.run(
            [str(TMUX), "-L", term.socket, "list-buffers"], capture_output=True, text=True, env=term.env, timeout=30
        )
        assert buffers.stdout.strip() == "", buffers.stdout
        term.send("q")
        shown = term.wait_for(EXIT_MARK)
        assert f"{EXIT_MARK}0" in shown and "Traceback" not in shown
    finally:
        term.close()
