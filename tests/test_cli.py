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
from kamerlezer.plain_output import json_text
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
# The seeds by date, newest first: 003 (2025-01-29), 000 (2022-05-16), 001 (2022-04-29),
# 004 (2019-10-14), 002 (2018-12-03).
NEWEST_FIRST = ("003", "000", "001", "004", "002")


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
    assert [d["id"] for d in listed] == [ids[n] for n in NEWEST_FIRST]
    assert all(d.keys() == {"id", "kind", "title", "date", "dossiers"} for d in listed)
    assert listed[3] == {
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
    starts = {line.index(ids[n]) for line, n in zip(lines[1:], NEWEST_FIRST, strict=True)}
    assert starts == {lines[0].index("id")}  # the id column lines up
    assert lines[5].endswith("(«Marrakesh Immigratiepact»)")  # into a pipe whole, not cut at a width


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


def test_a_search_into_a_pipe_prints_its_hits_whole_without_loading_rich(seeded: Path) -> None:
    """`kamerlezer search QUERY | …` writes each hit's two lines plainly, as on a terminal less
    the colour, and never imports Rich (a sixth of the command's time); on a terminal (FORCE_COLOR
    makes Rich take the pipe for one) the same lines in colour."""
    script = textwrap.dedent("""
        import sys
        from kamerlezer import cli

        status = cli.main(["--cache", sys.argv[1], "search", "vragen"])
        assert "rich" not in sys.modules, "Rich was imported"
        sys.exit(status)
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(seeded)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    hits = kamerlezer_json("--cache", seeded, "search", "vragen")
    assert len(lines) == 2 * len(hits) > 0
    for hit, head, snippet in zip(hits, lines[::2], lines[1::2], strict=True):
        place = f"{hit['id']}#{hit['anchor']}" if hit["anchor"] else hit["id"]
        assert head == f"{hit['score']:6.3f}  {place}  {hit['where']}  {hit['title']}"
        assert snippet == " " * 8 + hit["snippet"]
    terminal = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "400"}
    coloured = kamerlezer("--cache", seeded, "search", "vragen", env=terminal)
    assert "\x1b[" in coloured.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.stdout).splitlines() == lines


# -- show into a file, and a place of a document --------------------------------------------


def test_show_into_a_file_prints_every_text_whole_and_no_line_padded(seeded: Path, ids: dict[str, str]) -> None:
    """Seed 004 has 26 footnotes, some with long web addresses: into a file each is whole, on one line."""
    doc = kamerlezer_json("--cache", seeded, "show", ids["004"])
    out = kamerlezer("--cache", seeded, "show", ids["004"]).stdout
    lines = out.splitlines()
    assert len(doc["footnotes"]) == 26
    for note in doc["footnotes"]:
        assert any(line.startswith(f"[^{note['mark']}]") and line.endswith(note["text"]) for line in lines), note
    for block in doc["blocks"]:
        assert all(line in lines for line in block["text"].split("\n"))  # a paragraph is unwrapped
    assert "…" not in out and not [line for line in lines if line != line.rstrip()]
    assert max(map(len, lines)) > 200  # nothing cut at 80 columns


def test_show_on_a_terminal_is_wrapped_to_its_width(seeded: Path, ids: dict[str, str]) -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "100"}  # as a colour terminal of 100 columns
    out = ANSI.sub("", kamerlezer("--cache", seeded, "show", ids["004"], env=env).stdout)
    lines = out.splitlines()
    assert max(map(len, lines)) <= 100 and "Footnotes" in lines
    assert any(line.startswith("[^3]") for line in lines)


def test_show_a_question_and_its_answer(seeded: Path, ids: dict[str, str]) -> None:
    out = kamerlezer("--cache", seeded, "show", f"{ids['002']}#qa-19").stdout.splitlines()
    assert out[1] == f"aanhangsel · 2018-12-03 · {ids['002']}#qa-19"
    assert "Vraag 19" in out and "Antwoord 19" in out
    assert out.index("Vraag 19") < out.index("Antwoord 19")
    assert any(line.startswith("Deelt u de opvatting dat het belang van Nederland") for line in out)
    assert any(line.startswith("Deze vraagt wekt onterecht de indruk") for line in out)
    assert not {"Vraag 18", "Vraag 20", "Antwoord 18", "Antwoord 20"} & set(out)
    part = kamerlezer_json("--cache", seeded, "show", f"{ids['002']}#qa-19")
    assert (part["id"], part["anchor"], part["place"]) == (ids["002"], "qa-19", f"{ids['002']}#qa-19")
    assert part["qa"]["numbers"] == [19] and part["qa"]["label"] == "Vraag 19"
    assert [b["kind"] for b in part["blocks"]] == ["heading", "question", "heading", "answer"]
    assert part["blocks"][2]["text"] == "Antwoord 19"
    assert part["text"] == "\n\n".join(b["text"] for b in part["blocks"])
    assert part["text"].startswith("Vraag 19\n\nDeelt u") and part["section"] is None


def test_show_a_footnote_and_what_it_cites(seeded: Path, ids: dict[str, str]) -> None:
    out = kamerlezer("--cache", seeded, "show", f"{ids['004']}#fn-2").stdout.splitlines()
    assert "[^2]  Kamerstuk 35 000 VI, nr. 59." in out
    assert "References" in out and any("kst-35000-VI-59" in line for line in out)
    assert not any(line.startswith("[^1]") for line in out)
    part = kamerlezer_json("--cache", seeded, "show", f"{ids['004']}#fn-2")
    (note,) = part["footnotes"]
    assert (note["mark"], note["text"]) == ("2", "Kamerstuk 35 000 VI, nr. 59.") and isinstance(note["block"], int)
    assert [r["key"] for r in part["references"]] == ["kst-35000-VI-59"] and part["blocks"] == []
    assert part["text"] == "" and part["qa"] is None


def test_show_a_block_and_a_section(seeded: Path, ids: dict[str, str]) -> None:
    doc = kamerlezer_json("--cache", seeded, "show", ids["004"])
    out = kamerlezer("--cache", seeded, "show", f"{ids['004']}#p-12").stdout.splitlines()
    assert doc["blocks"][11]["text"] in out
    assert [b["block"] for b in kamerlezer_json("--cache", seeded, "show", f"{ids['004']}#p-12")["blocks"]] == [11]
    section = kamerlezer_json("--cache", seeded, "show", f"{ids['004']}#sec-2")
    first = doc["sections"][1]["block"]
    assert section["section"]["title"] == doc["sections"][1]["title"] == section["blocks"][0]["text"]
    assert section["blocks"][0]["block"] == first and len(section["blocks"]) > 1
    marks = {m for b in section["blocks"] for m in re.findall(r"\[\^(\d+)\]", b["text"])}
    assert {f["mark"] for f in section["footnotes"]} == marks and marks  # the notes marked in it, with their text
    people = kamerlezer("--cache", seeded, "show", f"{ids['004']}#sec-2").stdout
    assert all(f"[^{f['mark']}]  {f['text']}" in people.replace("   ", "  ") for f in section["footnotes"])


def test_show_of_a_place_the_document_has_not_is_one_line_and_exit_1(seeded: Path, ids: dict[str, str]) -> None:
    wrong = {
        f"{ids['004']}#fn-99": f"{ids['004']} has no footnote 99",
        f"{ids['002']}#qa-999": f"{ids['002']} has no answer to question 999",
        f"{ids['004']}#vraag-3": "unknown anchor 'vraag-3': use qa-N, fn-N, sec-N or p-N",
    }
    for place, message in wrong.items():
        for json_flag in ((), ("--json",)):
            proc = kamerlezer("--cache", seeded, "show", place, *json_flag)
            assert (proc.returncode, proc.stdout) == (1, "")
            assert error_lines(proc) == [f"kamerlezer: {message}"]


# -- list: order and filters ----------------------------------------------------------------


def _listed(seeded: Path, *args: str) -> list[str]:
    return [d["id"] for d in kamerlezer_json("--cache", seeded, "list", *args)]


def test_list_sorts_by_date_title_id_or_kind(seeded: Path, ids: dict[str, str]) -> None:
    assert _listed(seeded) == [ids[n] for n in NEWEST_FIRST] == _listed(seeded, "--sort", "date")
    assert _listed(seeded, "--reverse") == [ids[n] for n in reversed(NEWEST_FIRST)]
    assert _listed(seeded, "--sort", "id") == sorted(ids.values())
    titles = {d["id"]: d["title"] for d in kamerlezer_json("--cache", seeded, "list")}
    assert _listed(seeded, "--sort", "title") == sorted(titles, key=lambda i: titles[i].casefold())
    # by kind, and within a kind newest first: the two letters 001 (2022) and 004 (2019)
    assert _listed(seeded, "--sort", "kind") == [ids[n] for n in ("002", "000", "001", "004", "003")]
    people = kamerlezer("--cache", seeded, "list", "--sort", "id").stdout.splitlines()
    assert [line.split()[2] for line in people[1:]] == sorted(ids.values())


def test_list_filters_by_kind_dossier_and_dates(seeded: Path, ids: dict[str, str]) -> None:
    assert _listed(seeded, "--kind", "kamerbrief") == [ids["001"], ids["004"]]
    assert _listed(seeded, "--kind", "kamerbrief", "--kind", "aanhangsel") == [ids["001"], ids["004"], ids["002"]]
    assert _listed(seeded, "--kind", "vragen") == []
    assert _listed(seeded, "--dossier", "19 637") == [ids["004"]] == _listed(seeded, "--dossier", "19637")
    assert _listed(seeded, "--dossier", "30573") == [ids["004"]] and _listed(seeded, "--dossier", "1963") == []
    assert _listed(seeded, "--since", "2022-04-29") == [ids["003"], ids["000"], ids["001"]]
    assert _listed(seeded, "--until", "2022-04-29") == [ids["001"], ids["004"], ids["002"]]
    assert _listed(seeded, "--since", "2019-01-01", "--until", "2022-05-01", "--kind", "kamerbrief") == [
        ids["001"], ids["004"],
    ]  # fmt: skip
    people = kamerlezer("--cache", seeded, "list", "--dossier", "19 637").stdout.splitlines()
    assert len(people) == 2 and ids["004"] in people[1]


def test_list_with_a_wrong_filter_is_a_usage_error(seeded: Path) -> None:
    for args in (("--since", "2019-13-01"), ("--until", "gisteren"), ("--kind", "brief"), ("--sort", "size")):
        proc = kamerlezer("--cache", seeded, "list", *args)
        assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr, args


# -- search: exit status --------------------------------------------------------------------


def test_search_exits_1_when_nothing_is_found(seeded: Path) -> None:
    proc = kamerlezer("--cache", seeded, "search", "xqzwvkjq")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert error_lines(proc) == ["kamerlezer: nothing found for 'xqzwvkjq'"]
    proc = kamerlezer("--cache", seeded, "search", "xqzwvkjq", "--json")
    assert (proc.returncode, json.loads(proc.stdout)) == (1, [])
    found = kamerlezer("--cache", seeded, "search", "migratieagenda")
    assert found.returncode == 0 and found.stdout
    assert kamerlezer("--cache", seeded, "search", "migratieagenda", "--json").returncode == 0
