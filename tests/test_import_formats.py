"""`kamerlezer import ~/Downloads` as users have it: PDFs, the official XML with its metadata.xml,
the site's HTML pages and Word letters beside files that cannot be read; and `kamerlezer rm`.
Everything through the installed command and the real cache on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from store.library import Library
from store.userdata import UserData
from tests.cli_run import error_lines, kamerlezer, kamerlezer_json
from tests.conftest import SEEDS

DATA = Path(__file__).parent / "data"
PDF = DATA / "pdf"
OFFICIAL = DATA / "official"
DOCX = DATA / "docx"

GOOD = {  # file in the downloads folder -> (id, kind, format, questions, notes)
    "aanhangsel-1314.pdf": ("ah-tk-20232024-1314", "aanhangsel", "pdf", 4, 2),
    "aanhangsel-1786.pdf": ("ah-tk-20232024-1786", "aanhangsel", "pdf", 14, 16),
    "ah.xml": ("ah-tk-20232024-1234", "aanhangsel", "xml", 3, 2),
    "kst-36200-VI-99/kst-36200-VI-99.xml": ("kst-36200-VI-99", "kamerbrief", "xml", 0, 2),
    "h-ek-20222023-29-7.xml": ("h-ek-20222023-29-7", "handelingen", "xml", 0, 0),
    "stb.xml": ("stb-2018-84", "staatsblad", "xml", 0, 0),
    "stb-2014-296.html": ("stb-2014-296", "staatsblad", "html", 0, 0),
    "ah-777.html": ("ah-tk-20232024-777", "aanhangsel", "html", 2, 2),
    "Antwoord Beckerman.docx": None,  # Word: its id and kind are those of the same letter as text
}
BAD = {  # file -> the problem said for it
    "scan.pdf": "no text layer: scanned PDF, OCR is not supported",
    "encrypted.pdf": "encrypted PDF: not read (it needs a password)",
    "beveiligd.docx": "password-protected Word file: not read (remove the password in Word and import it again)",
    "zoekresultaat.xml": "XML that is not an official publication (root <record>): not read",
    "nieuws.html": "an HTML page that is not an official publication (not a page of "
                   "zoek.officielebekendmakingen.nl): not read",  # fmt: skip
}


def _downloads(root: Path) -> Path:
    folder = root / "Downloads"
    (folder / "kst-36200-VI-99").mkdir(parents=True)
    copies = {
        "aanhangsel-1314.pdf": PDF / "00fe7edd-24c8-4857-98da-774ed3b06836.pdf",
        "aanhangsel-1786.pdf": PDF / "1b0f0b98-7c34-418c-98dc-43de7930e685.pdf",
        "ah.xml": OFFICIAL / "written-ah-tk-20232024-1234.xml",
        "ah.metadata.xml": OFFICIAL / "written-ah-tk-20232024-1234.metadata.xml",
        "kst-36200-VI-99/kst-36200-VI-99.xml": OFFICIAL / "written-kst" / "kst-36200-VI-99.xml",
        "kst-36200-VI-99/metadata.xml": OFFICIAL / "written-kst" / "metadata.xml",
        "h-ek-20222023-29-7.xml": OFFICIAL / "h-ek-20222023-29-7.xml",
        "stb.xml": OFFICIAL / "stb.xml",
        "stb-2014-296.html": OFFICIAL / "stb.html",
        "ah-777.html": OFFICIAL / "written-ah-page.html",
        "Antwoord Beckerman.docx": DOCX / "letter-022.docx",
        "scan.pdf": PDF / "scanned.pdf",
        "encrypted.pdf": PDF / "encrypted.pdf",
        "beveiligd.docx": DOCX / "empty-pw.docx",
        "zoekresultaat.xml": OFFICIAL / "searchrec.xml",
        "nieuws.html": OFFICIAL / "written-not-official.html",
    }
    for name, source in copies.items():
        shutil.copy(source, folder / name)
    return folder


@pytest.fixture
def imported(tmp_path: Path, cache_dir: Path) -> tuple[Path, Path, dict[str, dict]]:
    """A library with two seeds, then the downloads folder imported into it."""
    assert kamerlezer("--cache", cache_dir, "import", SEEDS["000"], SEEDS["004"]).returncode == 0
    before = {e["id"]: e for e in kamerlezer_json("--cache", cache_dir, "list")}
    folder = _downloads(tmp_path)
    proc = kamerlezer("--cache", cache_dir, "import", folder)
    assert proc.returncode == 1  # some files could not be imported
    lines = error_lines(proc)
    assert sorted(lines) == sorted(f"kamerlezer: {folder / name}: {problem}" for name, problem in BAD.items())
    assert proc.stdout.startswith(f"{len(GOOD)} added, 0 replaced, 0 unchanged, {len(BAD)} failed")
    return folder, cache_dir, before


def test_every_format_is_read_into_the_library_and_the_bad_files_are_one_line_each(imported) -> None:
    folder, cache, before = imported
    listed = {e["id"]: e for e in kamerlezer_json("--cache", cache, "list")}
    # Nothing stored before is lost or changed.
    assert all(listed[i] == e for i, e in before.items())
    word = kamerlezer_json("parse", SEEDS["000"].parent.parent / "tests" / "data" / "docx" / "letter-022.docx.txt")
    for name, expected in GOOD.items():
        doc = kamerlezer_json("--cache", cache, "show", expected[0] if expected else word["id"])
        assert doc["source"] == str(folder / name)
        if expected is None:  # the Word letter reads as its text does
            assert (doc["format"], doc["kind"], len(doc["qa"])) == ("docx", word["kind"], len(word["qa"]))
            continue
        assert (doc["id"], doc["kind"], doc["format"], len(doc["qa"]), len(doc["footnotes"])) == expected, name
    # The metadata.xml files were read with their XML, not imported, nor said to have failed.
    assert not any(e["title"].startswith(("gmb", "<")) for e in listed.values())
    assert len(listed) == len(before) + len(GOOD)
    # Links across formats: the HTML page cites the XML's Aanhangsel, which is in the library.
    page = kamerlezer_json("--cache", cache, "show", "ah-tk-20232024-777")
    cited = [r for r in page["references"] if r["key"] == "ah-tk-20232024-1234"]
    assert cited and cited[0]["target"] == "ah-tk-20232024-1234"


def test_a_rebuild_from_the_cache_reads_every_format_again_without_the_files(imported) -> None:
    folder, cache, _ = imported
    ids = {e["id"] for e in kamerlezer_json("--cache", cache, "list")}
    xml = kamerlezer_json("--cache", cache, "show", "ah-tk-20232024-1234")
    shutil.rmtree(folder)  # the downloads are gone: the cache keeps what it needs
    (cache / "index.json").unlink()
    proc = kamerlezer("--cache", cache, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    assert {e["id"] for e in json.loads(proc.stdout)} == ids
    again = kamerlezer_json("--cache", cache, "show", "ah-tk-20232024-1234")
    assert again["title"] == xml["title"] and again["date"] == "2024-02-15"  # its metadata.xml came along


def test_rm_takes_a_document_out_and_keeps_the_users_notes(imported) -> None:
    folder, cache, _ = imported
    assert kamerlezer("--cache", cache, "note", "add", "ah-tk-20232024-1234#qa-2", "Check the 1.200 km").returncode == 0
    assert kamerlezer("--cache", cache, "search", "dijken", "--json").stdout.count("ah-tk-20232024-1234") >= 1

    proc = kamerlezer("--cache", cache, "rm", "ah-tk-20232024-1234", "no-such-id")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "removed ah-tk-20232024-1234: Vragen van het lid Van Campen (VVD) aan de Minister van Infrastructuur en "
        "Waterstaat over het bericht «Dijken houden het niet»",
        "kept your note on it (`kamerlezer note list` shows it as on a removed document)",
    ]
    unknown = f"kamerlezer: no document 'no-such-id' in {cache} (`kamerlezer list` shows what there is)"
    assert error_lines(proc) == [unknown]

    ids = {e["id"] for e in kamerlezer_json("--cache", cache, "list")}
    assert "ah-tk-20232024-1234" not in ids
    assert kamerlezer("--cache", cache, "show", "ah-tk-20232024-1234").returncode == 1
    assert "ah-tk-20232024-1234" not in kamerlezer("--cache", cache, "search", "dijken", "--json").stdout
    # What cited it now cites a document not in the library.
    page = kamerlezer_json("--cache", cache, "show", "ah-tk-20232024-777")
    assert [r["target"] for r in page["references"] if r["key"] == "ah-tk-20232024-1234"] == [None]
    # The note is kept, and said to be on a removed document.
    notes = kamerlezer_json("--cache", cache, "note", "list")
    assert [(n["doc_id"], n["text"], n["in_library"]) for n in notes] == [
        ("ah-tk-20232024-1234", "Check the 1.200 km", False)]
    listing = kamerlezer("--cache", cache, "note", "list").stdout
    assert "[document removed from the library] Check the 1.200 km" in listing
    assert "(removed from the library)" in kamerlezer("--cache", cache, "note", "export").stdout

    # A rebuild does not bring it back; importing its file again does, and the note is on it again.
    (cache / "index.json").unlink()
    assert "ah-tk-20232024-1234" not in {e["id"] for e in kamerlezer_json("--cache", cache, "list")}
    assert not any(cache.joinpath("sources").rglob("*.bin.gz.tmp"))
    proc = kamerlezer("--cache", cache, "import", folder / "ah.xml")
    assert proc.returncode == 0 and proc.stdout.startswith("1 added")
    assert kamerlezer_json("--cache", cache, "note", "list")[0]["in_library"] is True


def test_rm_of_every_document_leaves_an_empty_library_that_still_works(cache_dir: Path) -> None:
    assert kamerlezer("--cache", cache_dir, "import", SEEDS["000"], SEEDS["001"]).returncode == 0
    ids = [e["id"] for e in kamerlezer_json("--cache", cache_dir, "list")]
    assert kamerlezer("--cache", cache_dir, "rm", *ids).returncode == 0
    assert kamerlezer_json("--cache", cache_dir, "list") == []
    library = Library(cache_dir)
    library.check()
    assert library.entries() == [] and library.search("migratie") == []
    assert not list((cache_dir / "sources").rglob("*.gz")) and not list((cache_dir / "bodies").rglob("*.json"))
    assert UserData.for_cache(cache_dir).notes() == []
