"""The command line as a user runs it: real processes, real files, a real cache."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kamerlezer import cli
from kamerlezer.output import json_text
from store.library import Library
from store.parsing import parse_file
from tests.cli_run import error_lines, kamerlezer, kamerlezer_json
from tests.conftest import SAMPLE_DATA, SEEDS

CONTRACT = {
    "id", "kind", "title", "date", "source", "identifiers", "from", "to", "asker", "text", "sections", "qa",
    "footnotes", "references", "cited_by",
}  # fmt: skip
IDENTIFIERS = {"kenmerk", "zaak", "document", "dossiers", "ondernummer", "vergaderjaar"}
REFERENCE = {"text", "kind", "key", "in", "target"}
HOSTILE = (
    "Titel met [bold]opmaak[/bold] en :smile:\n\n"
    "Een alinea met \x1b[31mrood\x1b[0m, \x1b]52;c;ZXZpbA==\x07 een klembord, \x9b2J een 8-bit CSI "
    "en [link=https://kwaad.example]een link[/link] [/].\n"
)
ANSI = re.compile("\x1b\\[[0-9;]*m")


@pytest.fixture(scope="module")
def ids() -> dict[str, str]:
    return {name: parse_file(path).id for name, path in SEEDS.items()}


@pytest.fixture
def seeded(cache_dir: Path) -> Path:
    proc = kamerlezer("--cache", cache_dir, "import", SAMPLE_DATA)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"5 added, 0 replaced, 0 unchanged, 0 failed ({cache_dir})"
    return cache_dir


def test_after_importing_sample_data_show_gives_the_links_both_ways(seeded: Path, ids: dict[str, str]) -> None:
    letter = kamerlezer_json("--cache", seeded, "show", ids["001"])
    assert ids["000"] in letter["cited_by"]
    answers = kamerlezer_json("--cache", seeded, "show", ids["000"])
    assert [r["target"] for r in answers["references"] if r["in"] == "footnote 1"] == [ids["001"]]


def test_parse_json_keeps_the_contract(tmp_path: Path) -> None:
    doc = kamerlezer_json("parse", SEEDS["004"])
    assert doc.keys() >= CONTRACT and doc["identifiers"].keys() >= IDENTIFIERS
    assert doc["id"] == "kst-19637-2535" and doc["source"] == str(SEEDS["004"])
    assert all(r.keys() >= REFERENCE for r in doc["references"]) and doc["references"]
    assert all(r["target"] is None for r in doc["references"]) and doc["cited_by"] == []  # no cache touched
    assert not (tmp_path / "home").exists()


def test_list_json_gives_id_kind_title_date_dossiers(seeded: Path, ids: dict[str, str]) -> None:
    listed = kamerlezer_json("--cache", seeded, "list")
    assert [d["id"] for d in listed] == [ids[n] for n in sorted(ids)]
    assert all(d.keys() == {"id", "kind", "title", "date", "dossiers"} for d in listed)
    assert listed[4] == {
        "id": "kst-19637-2535",
        "kind": "kamerbrief",
        "title": "Voortgang integrale migratieagenda",
        "date": "2019-10-14",
        "dossiers": ["19637", "30573"],
    }


def test_list_for_people_is_aligned_and_plain_when_piped(seeded: Path, ids: dict[str, str]) -> None:
    proc = kamerlezer("--cache", seeded, "list")
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["date", "kind", "id", "title"] and len(lines) == 6
    assert "\x1b" not in proc.stdout  # no colour into a pipe
    starts = {line.index(ids[n]) for line, n in zip(lines[1:], sorted(ids), strict=True)}
    assert starts == {lines[0].index("id")}  # the id column lines up
    assert lines[3].endswith("(«Marrakesh Immigratiepact»)")  # into a pipe whole, not cut at a width


def test_show_for_people_has_the_parts_of_the_document(seeded: Path, ids: dict[str, str]) -> None:
    out = kamerlezer("--cache", seeded, "show", ids["000"]).stdout
    for part in ("Antwoorden Kamervragen", "kenmerk", "4010904", "Vraag 1", "Antwoord op vraag 7", "Footnotes",
                 "References", "kst-19637-2688", f"→ {ids['001']}"):  # fmt: skip
        assert part in out
    assert "Cited by" in kamerlezer("--cache", seeded, "show", ids["001"]).stdout


def test_show_of_an_unknown_id_is_one_line_and_exit_1(seeded: Path) -> None:
    proc = kamerlezer("--cache", seeded, "show", "kst-1-1", "--json")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert error_lines(proc) == [
        f"kamerlezer: no document 'kst-1-1' in {seeded} (`kamerlezer list` shows what there is)"
    ]


def test_document_text_is_printed_literally_never_as_markup_or_escapes(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    for env in ({}, {"FORCE_COLOR": "1", "COLUMNS": "200"}):  # into a pipe, and as if into a colour terminal
        proc = kamerlezer("parse", path, env={**os.environ, **env})
        assert proc.returncode == 0, proc.stderr
        text = ANSI.sub("", proc.stdout)  # our own styling, when colour is forced
        assert "[bold]opmaak[/bold]" in text and ":smile:" in text and "[link=https://kwaad.example]" in text
        assert not {"\x1b", "\x07", "\x9b"} & set(text)
        assert "␛[31mrood" in text


def test_json_output_escapes_every_control_character() -> None:
    text = json_text({"t": "a\x1bb\x9bc\x7fd\x07é"})
    assert not {"\x1b", "\x9b", "\x7f", "\x07"} & set(text)
    assert json.loads(text) == {"t": "a\x1bb\x9bc\x7fd\x07é"} and "é" in text


def test_no_color_is_respected(tmp_path: Path) -> None:
    env = {**os.environ, "FORCE_COLOR": "1"}
    coloured = kamerlezer("parse", SEEDS["001"], env=env).stdout
    plain = kamerlezer("parse", SEEDS["001"], env={**env, "NO_COLOR": "1"}).stdout
    assert re.search("\x1b\\[[0-9;]*3[0-9]m", coloured) or re.search("\x1b\\[[0-9;]*[12]m", coloured)
    assert not re.search("\x1b\\[[0-9;]*3[0-9]m", plain)


def test_refs_reads_a_citation_on_stdin_and_a_file(tmp_path: Path) -> None:
    proc = kamerlezer("refs", "--json", input="Kamerstuk 19 637, nr. 2478\n")
    assert proc.returncode == 0, proc.stderr
    ref = json.loads(proc.stdout)  # a citation typed alone: its object, as the contract says
    assert ref.keys() >= REFERENCE and (ref["key"], ref["in"], ref["kind"]) == ("kst-19637-2478", "body", "kamerstuk")
    path = tmp_path / "note.txt"
    path.write_text("Zie Kamerstukken II, 2024-2025, 32 317, nr. 890 en https://www.tweedekamer.nl.\n")
    keys = [r["key"] for r in kamerlezer_json("refs", path)]
    assert "kst-32317-890" in keys and any(k.startswith("url:") for k in keys)
    proc = kamerlezer("refs", "-", "--json", input="zie Kamerstuk 19 637, nr. 2478\n")  # in text: the array
    assert [r["key"] for r in json.loads(proc.stdout)] == ["kst-19637-2478"]
    human = kamerlezer("refs", path).stdout
    assert "kst-32317-890" in human and human.splitlines()[0].split() == ["in", "kind", "key", "text"]


def test_search_json_is_best_first(seeded: Path) -> None:
    hits = kamerlezer_json("--cache", seeded, "search", "migratieagenda")
    assert hits and hits[0]["id"] == "kst-19637-2535"
    assert all({"id", "where", "score", "snippet"} <= h.keys() for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    people = kamerlezer("--cache", seeded, "search", "migratieagenda").stdout
    assert "kst-19637-2535" in people


def test_options_may_stand_after_the_command(seeded: Path) -> None:
    assert len(kamerlezer_json("list", "--cache", seeded)) == 5


def test_a_damaged_cache_is_rebuilt_with_a_message_on_stderr(seeded: Path) -> None:
    (seeded / "index.json").write_text('{"meta": {"1": {"sch')
    proc = kamerlezer("--cache", seeded, "list", "--json")
    assert proc.returncode == 0
    (line,) = error_lines(proc)
    assert line.startswith(f"kamerlezer: {seeded / 'index.json'}: is damaged") and "rebuilt from 5 sources" in line
    assert len(json.loads(proc.stdout)) == 5


def test_open_with_a_malformed_place_is_one_line(seeded: Path) -> None:
    proc = kamerlezer("--cache", seeded, "open", "kst-19637-2535#vraag-3")
    assert proc.returncode == 1
    assert error_lines(proc) == ["kamerlezer: unknown anchor 'vraag-3': use qa-N, fn-N, sec-N or p-N"]


def test_python_m_kamerlezer_is_the_same_command() -> None:
    proc = subprocess.run([sys.executable, "-m", "kamerlezer", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "import" in proc.stdout and "search" in proc.stdout


def test_an_unexpected_error_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def broken(_library: object) -> None:
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(Library, "check", broken)  # the first thing `list` asks of the library
    assert cli.main(["list"]) == 2
    err = capsys.readouterr().err
    assert err == "kamerlezer: unexpected error: RuntimeError: something broke (KAMERLEZER_DEBUG=1 shows where)\n"
    monkeypatch.setenv("KAMERLEZER_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["list"])


def test_the_help_names_files_the_project_ships_and_the_contract_names_every_kind() -> None:
    from store.formats import DOCUMENT_KINDS

    root = Path(__file__).resolve().parent.parent
    helps = " ".join(kamerlezer(*args).stdout for args in (("--help",), ("parse", "--help"), ("show", "--help")))
    named = set(re.findall(r"[\w/.-]+\.md", " ".join(helps.split())))
    assert named == {"docs/document-json.md"}
    assert all((root / name).is_file() for name in named)
    contract = (root / "docs" / "document-json.md").read_text(encoding="utf-8")
    assert all(f"`{kind}`" in contract for kind in DOCUMENT_KINDS), "a kind the contract does not name"
    for field in ("answered_in", "questions_in", "cited_by"):
        assert f"`{field}`" in contract


def test_the_command_line_imports_nothing_of_the_reader(seeded: Path) -> None:
    """Only `open` (and no command) starts the reader: the other commands load neither tui/ nor Textual."""
    script = textwrap.dedent("""
        import sys
        from kamerlezer import cli

        for argv in (["list"], ["bookmark", "list"], ["note", "list", "--json"], ["--help"]):
            try:
                cli.main(["--cache", sys.argv[1], *argv])
            except SystemExit:  # --help
                pass
        loaded = [m for m in sys.modules if m.split(".")[0] in ("tui", "textual")]
        assert not loaded, loaded
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(seeded)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    # And in the source: the one import of tui/ is the reader's start, in `open`.
    package = Path(cli.__file__).parent
    imports = [
        (path.relative_to(package).as_posix(), line.strip())
        for path in sorted(package.rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(from|import)\s+(tui|textual)\b", line)
    ]
    assert [(name, line.split("  #")[0]) for name, line in imports] == [("library_commands.py", "from tui import app")]
