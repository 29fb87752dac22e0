"""`kamerlezer note export`: the notes as what goes into a memo, from the installed command on a
real cache of the seeds; the citations and addresses of the keys (store.formats); the file the
reader writes (store.export.write_markdown)."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from store import export
from store.formats import MARKER, address_of, citation_of
from store.library import Library
from store.userdata import Note, UserData
from tests.cli_run import error_lines, kamerlezer
from tests.conftest import SEEDS

AANHANGSEL = "ah-tk-20182019-811"  # seed 002, 3 december 2018
LETTER = "kst-19637-2535"  # seed 004, 14 oktober 2019
ANSWERS = "2022Z09230"  # seed 000, 16 mei 2022: a zaak, no official key
OFFICIAL = "https://zoek.officielebekendmakingen.nl"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]  # fmt: skip


@pytest.fixture(scope="module")
def seeded_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("export") / "cache"
    proc = kamerlezer("--cache", cache, "import", *SEEDS.values())
    assert proc.returncode == 0, proc.stderr
    return cache


@pytest.fixture
def cache(seeded_once: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(seeded_once, tmp_path / "cache"))


def note(cache: Path, place: str, text: str) -> None:
    proc = kamerlezer("--cache", cache, "note", "add", place, text)
    assert proc.returncode == 0, proc.stderr


def exported(cache: Path, *args: str) -> str:
    proc = kamerlezer("--cache", cache, "note", "export", *args)
    assert proc.returncode == 0 and error_lines(proc) == [], proc.stderr
    return proc.stdout


def quoted(text: str) -> str:
    """`text` as the export quotes it (Markdown escapes aside: the texts used here have none)."""
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def in_words(stamp: str) -> str:
    when = datetime.fromisoformat(stamp)
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


# -- the keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "citation"), [
    ("kst-19637-2535", "Kamerstuk 19 637, nr. 2535"),
    ("kst-36600-VI-102", "Kamerstuk 36 600 VI, nr. 102"),
    ("kst-36600-A", "Kamerstuk 36 600, A"),
    ("kst-32317-890-b1", "Kamerstuk 32 317, nr. 890, bijlage 1"),
    ("ah-tk-20182019-811", "Aanhangsel Handelingen II 2018/19, nr. 811"),
    ("ah-ek-20232024-12", "Aanhangsel Handelingen I 2023/24, nr. 12"),
    ("kv-tk-2024Z18775", "Kamervragen 2024Z18775"),
    ("kv-ek-2024Z18775", "Kamervragen I 2024Z18775"),
    ("h-tk-20192020-1-1", "Handelingen II 2019/20, nr. 1, item 1"),
    ("h-tk-20192020-12", "Handelingen II 2019/20, nr. 12"),
    ("stb-2018-84", "Stb. 2018, 84"),
    ("stcrt-2020-1234", "Stcrt. 2020, 1234"),
])  # fmt: skip
def test_each_official_key_has_its_citation_and_its_address(key: str, citation: str) -> None:
    assert citation_of(key) == citation
    assert address_of(key) == f"{OFFICIAL}/{key}.html"


@pytest.mark.parametrize("name", ["2022Z09230", "kenmerk-3963666", "kenmerk-6133006", "brief", ""])
def test_a_zaak_or_kenmerk_id_has_neither_citation_nor_address(name: str) -> None:
    assert citation_of(name) is None and address_of(name) is None


# -- the Markdown -------------------------------------------------------------------------------


def test_one_section_per_document_by_date_with_its_citation_and_address(cache: Path) -> None:
    note(cache, f"{ANSWERS}#qa-1", "Over de antwoorden")
    note(cache, f"{LETTER}#p-3", "Over de brief")
    note(cache, f"{AANHANGSEL}#qa-2", "Over het aanhangsel")
    out = exported(cache, "--format", "md")
    library = Library(cache)
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == [f"## {library.get(i).title}" for i in (AANHANGSEL, LETTER, ANSWERS)]  # 2018, 2019, 2022
    assert out.startswith("# Notes\n\n## ")
    assert (f"\n\nAanhangsel Handelingen II 2018/19, nr. 811 · 3 december 2018\n\n"
            f"<{OFFICIAL}/{AANHANGSEL}.html>\n\n") in out  # fmt: skip
    assert f"\n\nKamerstuk 19 637, nr. 2535 · 14 oktober 2019\n\n<{OFFICIAL}/{LETTER}.html>\n\n" in out
    # A zaak is no official key: the kind and date, and no address.
    answers = out[out.index(f"## {library.get(ANSWERS).title}") :]
    assert "\n\nAntwoorden op Kamervragen, 16 mei 2022\n\n> " in answers and OFFICIAL not in answers
    assert "#p-" not in out and "#qa-" not in out  # no machine places in the memo


def test_a_qa_note_stands_under_the_whole_question_and_answer(cache: Path) -> None:
    doc = Library(cache).load(AANHANGSEL)
    qa = next(qa for qa in doc.qa
              if len(qa.answer) > 400 and "\n\n" in qa.answer and "[^" not in qa.answer + qa.question)  # fmt: skip
    (number,) = qa.numbers
    note(cache, f"{AANHANGSEL}#qa-{number}", "Dit antwoord citeren")
    out = exported(cache)
    passage = (f"> **Vraag {number}**\n>\n{quoted(qa.question)}\n>\n"
               f"> **Antwoord {number}**\n>\n{quoted(qa.answer)}\n\nDit antwoord citeren\n")  # fmt: skip
    assert passage in out
    assert "…" not in out  # nothing cut short


def test_notes_follow_the_document_and_share_a_passage(cache: Path) -> None:
    doc = Library(cache).load(LETTER)
    note(cache, f"{LETTER}#p-10", "NOTE-4")
    note(cache, f"{LETTER}#p-3", "NOTE-2")
    note(cache, f"{LETTER}#fn-1", "NOTE-1")  # footnote 1 is marked in block 2 (p-2)
    note(cache, f"{LETTER}#p-3", "NOTE-3")
    out = exported(cache)
    at = [out.index(f"\n\nNOTE-{n}\n") for n in (1, 2, 3, 4)]
    assert at == sorted(at)
    paragraph = quoted(MARKER.sub("", doc.blocks[2].text))  # footnote markers are left out
    assert "[^2]" in doc.blocks[2].text and out.count(paragraph) == 1  # one passage, both notes under it
    assert f"> **Voetnoot 1**\n>\n> {doc.footnote('1').text}\n\nNOTE-1\n" in out
    assert f"{paragraph}\n\nNOTE-2\n\n*" in out and ">" not in out[at[1] : at[2]]


def test_each_note_is_dated_in_words(cache: Path) -> None:
    note(cache, f"{LETTER}#p-3", "gedateerd")
    (stored,) = json.loads(kamerlezer("--cache", cache, "note", "list", "--json").stdout)
    out = exported(cache)
    assert f"\n\ngedateerd\n\n*{in_words(stored['updated'])}*\n" in out
    assert stored["updated"] not in out


# -- JSON and the choice of documents ------------------------------------------------------------


def test_json_gives_one_object_per_document_with_its_notes(cache: Path) -> None:
    note(cache, f"{LETTER}#p-3", "brief")
    note(cache, f"{AANHANGSEL}#qa-2", "vraag twee")
    documents = json.loads(exported(cache, "--format", "json"))
    assert [d["id"] for d in documents] == [AANHANGSEL, LETTER]
    library = Library(cache)
    first = documents[0]
    assert first | {"notes": None} == {
        "id": AANHANGSEL, "title": library.get(AANHANGSEL).title, "kind": "aanhangsel", "date": "2018-12-03",
        "citation": "Aanhangsel Handelingen II 2018/19, nr. 811", "address": f"{OFFICIAL}/{AANHANGSEL}.html",
        "in_library": True, "notes": None,
    }  # fmt: skip
    (made,) = first["notes"]
    qa = library.load(AANHANGSEL).qa[1]
    assert made["anchor"] == "qa-2" and made["text"] == "vraag twee" and made["from_quote"] is False
    assert made["passage"] == f"Vraag 2\n\n{qa.question}\n\nAntwoord 2\n\n{qa.answer}"
    assert made["created"] and made["updated"]
    assert documents[1]["citation"] == "Kamerstuk 19 637, nr. 2535"


def test_doc_chooses_the_documents_and_the_positional_id_still_does(cache: Path) -> None:
    note(cache, f"{LETTER}#p-3", "brief")
    note(cache, f"{AANHANGSEL}#qa-2", "aanhangsel")
    note(cache, f"{ANSWERS}#qa-1", "antwoorden")

    def ids(*args: str) -> list[str]:
        return [d["id"] for d in json.loads(exported(cache, "--format", "json", *args))]

    assert ids("--doc", LETTER) == [LETTER]
    assert ids("--doc", ANSWERS, "--doc", LETTER) == [LETTER, ANSWERS]
    assert ids(AANHANGSEL) == [AANHANGSEL]
    assert ids(AANHANGSEL, "--doc", ANSWERS) == [AANHANGSEL, ANSWERS]
    only = exported(cache, LETTER)
    assert "brief" in only and "aanhangsel" not in only and "antwoorden" not in only
    proc = kamerlezer("--cache", cache, "note", "export", "--doc", "nope")
    assert proc.returncode == 1
    assert error_lines(proc) == [
        f"kamerlezer: no document 'nope' in {cache}, and no notes on it (`kamerlezer list` shows them)"
    ]


# -- what no longer fits ---------------------------------------------------------------------------


def test_notes_on_a_removed_document_are_exported_with_their_quote(cache: Path) -> None:
    note(cache, f"{LETTER}#p-3", "Blijft bewaard")
    note(cache, f"{AANHANGSEL}#qa-2", "Blijft in de bibliotheek")
    (stored, _) = json.loads(kamerlezer("--cache", cache, "note", "list", "--json").stdout)
    assert kamerlezer("--cache", cache, "rm", LETTER).returncode == 0
    out = exported(cache)
    gone = out[out.index(f"## {LETTER} (removed from the library)") :]
    assert "Blijft in de bibliotheek" not in gone  # the removed one comes last
    assert f"\n\nKamerstuk 19 637, nr. 2535\n\n<{OFFICIAL}/{LETTER}.html>\n\n" in gone  # the key still says it
    assert f"> {stored['quote']}\n>\n> *(the quote kept with the note: the document was removed" in gone
    assert "\n\nBlijft bewaard\n" in gone
    (_, removed) = json.loads(exported(cache, "--format", "json"))
    assert (removed["in_library"], removed["title"], removed["notes"][0]["passage"]) == (False, None, stored["quote"])
    assert removed["notes"][0]["from_quote"] is True


def test_a_place_the_document_no_longer_has_gives_the_stored_quote(cache: Path) -> None:
    UserData.for_cache(cache).add_note(LETTER, "fn-99", "Op een vervallen voetnoot", quote="Een oude zin.")
    note(cache, f"{LETTER}#p-3", "Past")
    out = exported(cache)
    assert out.index("Past") < out.index("Op een vervallen voetnoot")  # after those that fit
    assert "> Een oude zin.\n>\n> *(the quote kept with the note: fn-99 no longer fits the document)*\n" in out


# -- the file the reader writes --------------------------------------------------------------------


def test_the_file_export_never_writes_over_a_file_and_goes_home_when_it_must(cache: Path, tmp_path: Path) -> None:
    library, notes = Library(cache), [Note(1, LETTER, "p-3", "q", "in een bestand", "2026-12-02T10:00:00+01:00",
                                           "2026-12-02T10:00:00+01:00")]  # fmt: skip
    here, home = tmp_path / "here", tmp_path / "home"
    here.mkdir()
    home.mkdir()
    blocked = tmp_path / "a-file"  # where a directory should be: no one can write in it, root neither
    blocked.write_text("", encoding="utf-8")
    day = date(2026, 12, 2)
    first = export.write_markdown(library, notes, [here, home], today=day)
    assert first == here / "kamerlezer-notes-2026-12-02.md"
    assert first.read_text(encoding="utf-8") == export.markdown(export.collect(library, notes))
    assert export.write_markdown(library, notes, [here, home], today=day) == here / "kamerlezer-notes-2026-12-02-2.md"
    assert export.write_markdown(library, notes, [blocked, home], today=day) == home / "kamerlezer-notes-2026-12-02.md"
    with pytest.raises(export.ExportError, match=f"could not be written \\({blocked}: "):
        export.write_markdown(library, notes, [blocked], today=day)
