"""What is printed is safe everywhere, not only in the reader: the command line's lists, its
document view, its JSON, the import's progress bar on a terminal, and the notes exported as
Markdown never pass a terminal escape, a bidirectional override or markup through."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
from pathlib import Path

import pytest

from store.library import Library
from store.parsing.passes.markdown import strip_tags
from store.userdata import UserData
from tests.cli_run import KAMERLEZER, error_lines, kamerlezer
from tests.conftest import SEEDS

BIDI = "\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
RAW = re.compile(f"[\x1b\x07\x9b{BIDI}]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # our own colours, when colour is forced


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, str]:
    """A cache with a letter whose subject holds a nested script tag, Markdown and a right-to-left override."""
    subject = "Onderwerp Brief over <scr<script>ipt>alert(1)</scr</script>ipt> en [klik](javascript:x) \u202eezreverom"
    text = SEEDS["001"].read_text(encoding="utf-8").replace(
        "Onderwerp Deelname en inzet Nederland aan het International Migration Review\nForum (IMRF)", subject
    )
    letter = tmp_path / "brief.txt"
    letter.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    (doc_id,) = Library(cache).import_paths([letter]).added
    return cache, doc_id


def test_tags_are_stripped_to_a_fixed_point() -> None:
    assert strip_tags("<scr<script>ipt>alert(1)</scr</script>ipt>") == "alert(1)"
    assert strip_tags("<scr<b>ipt>x") == "x"
    assert strip_tags("1 < 2 en 3 > 2") == "1 < 2 en 3 > 2"  # not a tag
    assert strip_tags("<" + "<b>" * 5_000 + "x") == "<x"  # deep, and in one pass


def test_a_nested_tag_in_a_subject_never_becomes_one_in_any_output(hostile: tuple[Path, str]) -> None:
    cache, doc_id = hostile
    UserData.for_cache(cache).add_note(doc_id, "p-2", "zie")
    for args in (["list"], ["show", doc_id], ["show", doc_id, "--json"], ["note", "export"], ["list", "--json"],
                 ["show", f"{doc_id}#p-2"], ["show", f"{doc_id}#p-2", "--json"]):  # fmt: skip
        proc = kamerlezer("--cache", cache, *args)
        assert proc.returncode == 0 and error_lines(proc) == []
        assert "<script>" not in proc.stdout and "alert(1)" in proc.stdout, args


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1", "COLUMNS": "200"}], ids=["pipe", "terminal"])
def test_bidirectional_controls_are_shown_not_obeyed(hostile: tuple[Path, str], env: dict[str, str]) -> None:
    cache, doc_id = hostile
    UserData.for_cache(cache).add_note(doc_id, "p-2", "omgekeerd: \u202etekst\u2069", quote="\u2066x\u2069")
    commands = (["list"], ["show", doc_id], ["search", "ezreverom"], ["note", "list"], ["note", "export"],
                ["bookmark", "list"], ["list", "--json"], ["show", doc_id, "--json"], ["note", "list", "--json"],
                ["show", f"{doc_id}#p-2"], ["show", f"{doc_id}#p-2", "--json"], ["list", "--sort", "title"])
    for args in commands:
        proc = kamerlezer("--cache", cache, *args, env={**os.environ, **env})
        assert proc.returncode == 0, (args, proc.stderr)
        assert not RAW.search(SGR.sub("", proc.stdout)), args
    listed = json.loads(kamerlezer("--cache", cache, "list", "--json").stdout)
    assert "\u202e" in listed[0]["title"]  # JSON keeps the character, written as an escape


def test_the_markdown_export_reads_as_text_and_passes_no_control_character(hostile: tuple[Path, str]) -> None:
    cache, doc_id = hostile
    user = UserData.for_cache(cache)
    # A place the letter does not have: the export gives the quote kept with the note.
    user.add_note(doc_id, "p-999", "Let op \x1b]52;c;aGFjaw==\x07 en \x1b[2J, **vet** blijft <img src=x onerror=y>",
                  quote="# Geen kop, [geen link](javascript:alert(1)) en <b>geen html</b>")  # fmt: skip
    proc = kamerlezer("--cache", cache, "note", "export")
    assert proc.returncode == 0
    out = proc.stdout
    assert "\x1b" not in out and "\x07" not in out and "␛]52;c;aGFjaw==␇" in out
    assert "**vet** blijft" in out  # the user's own Markdown is theirs
    assert "<img" not in out.replace("\\<", "") and "\\<img src=x onerror=y>" in out  # shown, not run
    assert "> \\# Geen kop, \\[geen link\\](javascript:alert(1)) en \\<b\\>geen html\\</b\\>" in out
    title = next(line for line in out.splitlines() if line.startswith("## "))
    assert "alert(1) en klik (javascript:x) �ezreverom" in title and "<" not in title


def _run_on_a_terminal(args: list[str]) -> bytes:
    """`kamerlezer ARGS` with a pseudo-terminal for its stdout and stderr: everything it wrote."""
    main, side = pty.openpty()
    proc = subprocess.Popen([str(KAMERLEZER), *args], stdin=subprocess.DEVNULL, stdout=side, stderr=side,
                            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"})  # fmt: skip
    os.close(side)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(main)
    return out


def test_the_import_progress_bar_shows_file_names_as_they_are(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n, seed in enumerate(["000", "001", "002"]):
        name = f"[link=http:__kwaad.example]L{n}[_link][bold].txt"
        (docs / name).write_text(SEEDS[seed].read_text(encoding="utf-8"), encoding="utf-8")
    out = _run_on_a_terminal(["--cache", str(tmp_path / "cache"), "import", str(docs)])
    assert b"3 added" in out
    assert b"\x1b]8;" not in out  # no hyperlink was sent to the terminal
    assert b"[link=http:__kwaad.example]" in out  # the name was drawn as it is


def test_show_into_a_pipe_passes_no_escape_and_a_terminal_still_gets_its_colours(hostile: tuple[Path, str]) -> None:
    """Into a pipe `show` writes the plain text itself (not through Rich): still made visible."""
    cache, doc_id = hostile
    text = SEEDS["001"].read_text(encoding="utf-8") + "\n\nSlot met \x1b[31mrood\x1b[0m en \x9b2J.\n"
    path = cache.parent / "escapes.txt"
    path.write_text(text, encoding="utf-8")
    for args in (["parse", str(path)], ["show", doc_id]):
        piped = kamerlezer("--cache", cache, *args).stdout
        assert not RAW.search(piped) and "\x1b" not in piped, args
    assert "␛[31mrood" in kamerlezer("parse", path).stdout
    out = _run_on_a_terminal(["--cache", str(cache), "show", f"{doc_id}#p-2"]).decode("utf-8", "replace")
    assert SGR.search(out)  # a terminal gets the styled view
    assert not RAW.search(SGR.sub("", out))


def test_every_character_made_visible_is_one_python_calls_unprintable() -> None:
    """`visible` passes a printable text through untouched (most are, and it is the quick way):
    that is right only while every character its table replaces is one `str.isprintable`
    refuses, C0, DEL, C1 and bidi controls alike."""
    from store import visible as module
    from store.visible import BIDI_CONTROLS, visible

    replaced = {chr(c) for c in module._TABLE}
    assert set(BIDI_CONTROLS) | {"\x1b", "\x9b", "\x00", "\x7f", "\t", "\n"} <= replaced
    assert not any(ch.isprintable() for ch in replaced)
    for ch in sorted(replaced - {"\n"}):
        assert ch not in visible(f"Titel {ch}[31m rood") and visible(f"a\n{ch}", keep_newlines=True).startswith("a\n")
