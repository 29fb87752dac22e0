"""`kamerlezer bookmark …` and `kamerlezer note …` on a real cache of the seeds."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from kamerlezer import cli
from store.library import Library, PlaceError
from store.userdata import UserData, quote_for
from tests.cli_run import error_lines, kamerlezer
from tests.conftest import SAMPLE_DATA

AANHANGSEL = "ah-tk-20182019-811"  # seed 002: a hundred questions, answers numbered
LETTER = "kst-19637-2535"  # seed 004
COLOUR = re.compile("\x1b\\[[0-9;]*(3[0-9]|9[0-7])m")


@pytest.fixture(scope="module")
def seeded_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("seeded") / "cache"
    report = Library(cache).import_paths([SAMPLE_DATA])
    assert not report.failed
    return cache


@pytest.fixture
def cache(seeded_once: Path, tmp_path: Path) -> Path:
    """A cache of the five seeds of this test's own (so its user.json is too)."""
    return Path(shutil.copytree(seeded_once, tmp_path / "cache"))


def run(cache: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--cache", str(cache), *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- bookmarks ---------------------------------------------------------------------------------


def test_a_bookmark_is_added_at_a_place_listed_and_removed(cache: Path, capsys) -> None:
    assert run(cache, "bookmark", "add", f"{AANHANGSEL}#qa-19", capsys=capsys) == (
        0, f"bookmark 1: {AANHANGSEL}#qa-19\n", ""
    )  # fmt: skip
    code, out, _ = run(cache, "bookmark", "list", "--json", capsys=capsys)
    (mark,) = json.loads(out)
    expected_quote = quote_for(Library(cache).load(AANHANGSEL), "qa-19")
    assert mark == {
        "id": 1, "doc_id": AANHANGSEL, "anchor": "qa-19", "quote": expected_quote, "label": None,
        "created": mark["created"], "in_library": True,
    }  # fmt: skip
    assert expected_quote.startswith("Antwoord 19")
    assert run(cache, "bookmark", "rm", "1", capsys=capsys) == (0, "bookmark 1 removed\n", "")
    assert json.loads(run(cache, "bookmark", "list", "--json", capsys=capsys)[1]) == []


def test_a_bookmark_without_an_anchor_marks_the_start_and_may_have_a_label(cache: Path, capsys) -> None:
    code, out, _ = run(cache, "bookmark", "add", LETTER, "--label", "lezen [vandaag]", capsys=capsys)
    assert (code, out) == (0, f"bookmark 1: {LETTER}#p-1\n")
    code, out, _ = run(cache, "bookmark", "list", capsys=capsys)
    assert code == 0
    assert re.search(rf"1\s+{LETTER}#p-1\s+lezen \[vandaag\]\s+\d{{4}}-\d\d-\d\d", out)


def test_listing_no_bookmarks_says_so(cache: Path, capsys) -> None:
    assert run(cache, "bookmark", "list", capsys=capsys) == (0, "no bookmarks\n", "")


def test_removing_a_bookmark_that_is_not_there_is_one_line_and_exit_1(cache: Path, capsys) -> None:
    code, out, err = run(cache, "bookmark", "rm", "7", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == ["kamerlezer: there is no bookmark 7 (`kamerlezer bookmark list` shows them)"]


# -- notes -------------------------------------------------------------------------------------


def test_a_note_is_written_listed_changed_and_removed(cache: Path, capsys) -> None:
    assert run(cache, "note", "add", f"{AANHANGSEL}#qa-19", "Vergelijk", "met", "2375", capsys=capsys)[:2] == (
        0, f"note 1: {AANHANGSEL}#qa-19\n"
    )  # fmt: skip
    run(cache, "note", "add", f"{LETTER}#fn-1", "De agenda zelf", capsys=capsys)
    notes = json.loads(run(cache, "note", "list", "--json", capsys=capsys)[1])
    assert [(n["id"], n["doc_id"], n["anchor"], n["text"]) for n in notes] == [
        (1, AANHANGSEL, "qa-19", "Vergelijk met 2375"),
        (2, LETTER, "fn-1", "De agenda zelf"),
    ]
    assert set(notes[0]) == {"id", "doc_id", "anchor", "quote", "text", "created", "updated", "in_library"}
    assert [n["id"] for n in json.loads(run(cache, "note", "list", LETTER, "--json", capsys=capsys)[1])] == [2]

    assert run(cache, "note", "edit", "1", "Anders", "gezegd", capsys=capsys) == (0, "note 1 changed\n", "")
    assert json.loads(run(cache, "note", "list", AANHANGSEL, "--json", capsys=capsys)[1])[0]["text"] == "Anders gezegd"
    assert run(cache, "note", "rm", "2", capsys=capsys) == (0, "note 2 removed\n", "")
    assert run(cache, "note", "list", LETTER, capsys=capsys) == (0, f"no notes on {LETTER}\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "add", "nope#qa-1", "x"], "no document 'nope' in {cache} (`kamerlezer list` shows what there is)"),
        (["note", "add", f"{AANHANGSEL}#qa-999", "tekst"], f"{AANHANGSEL} has no answer to question 999"),
        (["note", "add", f"{AANHANGSEL}#regel-2", "tekst"], "unknown anchor 'regel-2': use qa-N, fn-N, sec-N or p-N"),
        (["note", "add", AANHANGSEL, "tekst"], f"say where in {AANHANGSEL}: {AANHANGSEL}#qa-N, #p-N, #sec-N or #fn-N"),
        (["note", "edit", "9", "tekst"], "there is no note 9"),
        (["note", "rm", "9"], "there is no note 9 (`kamerlezer note list` shows them)"),
        (["bookmark", "add", f"{LETTER}#p-9999"], LETTER + " has {blocks} blocks, not 9999"),
    ],
)
def test_what_cannot_be_done_is_one_line_on_stderr_and_exit_1(cache: Path, capsys, args: list[str], message: str):
    blocks = len(Library(cache).load(LETTER).blocks)
    code, out, err = run(cache, *args, capsys=capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"kamerlezer: {message.format(cache=cache, blocks=blocks)}"]
    assert not (cache / "user.json").exists()


def test_a_note_is_printed_as_written_never_as_markup(cache: Path, capsys) -> None:
    text = "[bold]niet vet[/bold] [link=https://kwaad.example]x[/link] \x1b[31mrood"
    run(cache, "note", "add", f"{LETTER}#p-3", text, capsys=capsys)
    code, out, _ = run(cache, "note", "list", capsys=capsys)
    assert "[bold]niet vet[/bold]" in out and "[link=https://kwaad.example]x[/link]" in out
    assert "\x1b" not in out and "␛[31mrood" in out
    assert json.loads(run(cache, "note", "list", "--json", capsys=capsys)[1])[0]["text"] == text


def test_export_gives_markdown_under_the_passages(cache: Path, capsys) -> None:
    """(The export itself: tests/test_export.py.)"""
    run(cache, "note", "add", f"{AANHANGSEL}#qa-19", "Eerste", capsys=capsys)
    run(cache, "note", "add", f"{LETTER}#p-3", "Tweede", capsys=capsys)
    library = Library(cache)
    code, out, _ = run(cache, "note", "export", "--format", "md", capsys=capsys)
    assert code == 0
    assert out.startswith("# Notes\n\n## ")
    assert f"## {library.get(AANHANGSEL).title}\n\nAanhangsel Handelingen II 2018/19, nr. 811 · " in out
    assert "> **Antwoord 19**" in out
    assert f"\n> {library.load(LETTER).blocks[2].text[:80]}" in out and "\n\nTweede\n" in out
    code, only, _ = run(cache, "note", "export", LETTER, capsys=capsys)
    assert AANHANGSEL not in only and "Tweede" in only


def test_notes_outlive_importing_the_documents_again(tmp_path: Path, capsys) -> None:
    cache, source = tmp_path / "own-cache", tmp_path / "brief.txt"
    source.write_text((SAMPLE_DATA / "004_8fe19c38945734b1.txt").read_text(encoding="utf-8"), encoding="utf-8")
    Library(cache).import_paths([source])
    run(cache, "note", "add", f"{LETTER}#p-3", "Blijft", capsys=capsys)
    run(cache, "bookmark", "add", f"{LETTER}#p-2", capsys=capsys)
    before = (cache / "user.json").read_bytes()
    source.write_text(source.read_text(encoding="utf-8") + "\nEen regel erbij.\n", encoding="utf-8")
    assert Library(cache).import_paths([source]).replaced == (LETTER,)
    assert (cache / "user.json").read_bytes() == before
    assert [n["text"] for n in json.loads(run(cache, "note", "list", "--json", capsys=capsys)[1])] == ["Blijft"]


# -- as a user runs it -------------------------------------------------------------------------


def test_colour_goes_with_no_color_and_nothing_else_changes(cache: Path) -> None:
    assert kamerlezer("--cache", cache, "bookmark", "add", f"{LETTER}#p-2").returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"FORCE_COLOR": "1", "COLUMNS": "100"}
    coloured = kamerlezer("--cache", cache, "bookmark", "list", env=env)
    plain = kamerlezer("--cache", cache, "bookmark", "list", env=env | {"NO_COLOR": "1"})
    assert COLOUR.search(coloured.stdout) and not COLOUR.search(plain.stdout)
    strip = re.compile("\x1b\\[[0-9;]*m")
    assert strip.sub("", coloured.stdout) == strip.sub("", plain.stdout)
    assert error_lines(plain) == []


def test_an_unknown_document_from_the_installed_command_is_one_line(cache: Path) -> None:
    proc = kamerlezer("--cache", cache, "note", "add", "nope#p-1", "tekst")
    assert proc.returncode == 1
    assert error_lines(proc) == [f"kamerlezer: no document 'nope' in {cache} (`kamerlezer list` shows what there is)"]


# Each action of `bookmark` and `note`: its own arguments, and what it prints on the cache of the
# test (the default cache, $KAMERLEZER_CACHE, is another and empty). The user's file has bookmark
# 1 and note 1 on LETTER, so that there is something to list, change and remove.
ACTIONS = [
    (("bookmark", "add"), (f"{LETTER}#p-3", "--label", "later"), f"bookmark 2: {LETTER}#p-3\n"),
    (("bookmark", "list"), (), f"{LETTER}#p-2"),
    (("bookmark", "list"), ("--json",), f'"doc_id": "{LETTER}"'),
    (("bookmark", "rm"), ("1",), "bookmark 1 removed\n"),
    (("note", "add"), (f"{LETTER}#fn-1", "Tweede", "notitie"), f"note 2: {LETTER}#fn-1\n"),
    (("note", "list"), (), "Eerste"),
    (("note", "list"), ("--json", LETTER), '"text": "Eerste"'),
    (("note", "list"), (LETTER, "--json"), '"text": "Eerste"'),
    (("note", "rm"), ("1",), "note 1 removed\n"),
    (("note", "edit"), ("1", "Anders", "gezegd"), "note 1 changed\n"),
    (("note", "export"), ("--format", "md", LETTER), "\nEerste\n"),
]
SLOTS = ("before the command", "after the command", "after the action", "at the end")


def command_line(command: tuple[str, str], rest: tuple[str, ...], options: dict[int, list[str]]) -> list[str]:
    """`kamerlezer [0] GROUP [1] ACTION [2] REST [3]`, with the options at their slots."""
    group, action = command
    parts = ([group], [action], list(rest), [])
    return [word for i, part in enumerate(parts) for word in (*options.get(i, ()), *part)]


@pytest.mark.parametrize("slot", range(len(SLOTS)), ids=SLOTS)
@pytest.mark.parametrize(("command", "rest", "expected"), ACTIONS, ids=[" ".join((*c, *r)) for c, r, _ in ACTIONS])
def test_the_shared_options_work_in_every_position_of_every_action(
    cache: Path, slot: int, command: tuple[str, str], rest: tuple[str, ...], expected: str
) -> None:
    user = UserData.for_cache(cache)
    user.add_bookmark(LETTER, "p-2", quote_for(Library(cache).load(LETTER), "p-2"))
    user.add_note(LETTER, "p-3", "Eerste", quote_for(Library(cache).load(LETTER), "p-3"))
    # --cache at the slot, --keymap at the next one (so each option stands in every slot once).
    argv = command_line(command, rest, {slot: ["--cache", str(cache)], (slot + 1) % len(SLOTS): ["--keymap", "vim"]})
    proc = kamerlezer(*argv)
    assert (proc.returncode, error_lines(proc)) == (0, []), argv
    assert expected in proc.stdout, (argv, proc.stdout)
    assert not Path(os.environ["KAMERLEZER_CACHE"]).exists()  # the default cache was never opened


def test_a_shared_option_after_the_command_overrides_the_one_before(cache: Path, tmp_path: Path) -> None:
    proc = kamerlezer("--cache", tmp_path / "other", "bookmark", "--cache", cache, "add", LETTER)
    assert (proc.returncode, proc.stdout, error_lines(proc)) == (0, f"bookmark 1: {LETTER}#p-1\n", [])
    assert not (tmp_path / "other").exists()


def test_the_library_locates_a_place_with_the_messages_the_commands_print(cache: Path) -> None:
    library = Library(cache)
    located = library.locate(f"{AANHANGSEL}#qa-19")
    assert (located.doc.id, located.anchor, str(located.place)) == (AANHANGSEL, "qa-19", f"{AANHANGSEL}#qa-19")
    assert library.locate(LETTER, default_anchor="p-1").anchor == "p-1"
    assert library.locate(LETTER).anchor is None
    for place, message in [
        ("nope#qa-1", f"no document 'nope' in {cache} (`kamerlezer list` shows what there is)"),
        (f"{AANHANGSEL}#qa-999", f"{AANHANGSEL} has no answer to question 999"),
        (f"{AANHANGSEL}#regel-2", "unknown anchor 'regel-2': use qa-N, fn-N, sec-N or p-N"),
    ]:
        with pytest.raises(PlaceError) as raised:
            library.locate(place)
        assert str(raised.value) == message


def test_note_list_on_a_terminal_wraps_notes_in_their_column_and_cuts_the_quote(cache: Path) -> None:
    long = "Een lange notitie over de migratieagenda " * 6 + "eindigt hier."
    assert kamerlezer("--cache", cache, "note", "add", f"{LETTER}#p-2", long).returncode == 0
    assert kamerlezer("--cache", cache, "note", "add", f"{LETTER}#p-3", "日本語のメモ " * 12).returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"FORCE_COLOR": "1", "COLUMNS": "72"}
    shown = kamerlezer("--cache", cache, "note", "list", env=env)
    assert shown.returncode == 0 and error_lines(shown) == []
    lines = [re.sub("\x1b\\[[0-9;]*m", "", line) for line in shown.stdout.splitlines()]
    from rich.cells import cell_len

    assert all(cell_len(line) <= 72 for line in lines), [line for line in lines if cell_len(line) > 72]
    column = lines[1].index("Een lange")
    words = " ".join(line[column:].strip() for line in lines if line.startswith(" " * column) or "Een" in line)
    assert "eindigt hier." in words  # the whole note, over several lines of its column
    assert sum(line.lstrip().startswith("“") for line in lines) == 2  # each quote on one line
    assert any("日本語のメモ" in line for line in lines)
    # Into a pipe, nothing is cut: one line a note, for grep and scripts.
    piped = kamerlezer("--cache", cache, "note", "list").stdout
    assert long in piped
