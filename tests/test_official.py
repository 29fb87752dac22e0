"""The official repository's own formats: its XML (with the metadata.xml beside it) and the
site's HTML pages, read as structure. Real files where they could be had (a Handelingen of the
Eerste Kamer, a Staatsblad as XML and as a page, both metadata formats, an SRU record); the
Kamervragen and Kamerstuk files are written from the documented vocabulary (`written-*`,
tests/data/official/README.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from store.errors import ParseError
from store.files.metadata_xml import read_metadata
from store.files.sniff import sniff
from store.formats import MARKER
from store.parsing import parse_file
from tests.cli_run import error_lines, kamerlezer

OFFICIAL = Path(__file__).parent / "data" / "official"


def _refs(doc):  # (kind, key, where, text) of each reference
    return [(r.kind, r.key, r.where, r.text) for r in doc.references]


def test_a_real_handelingen_xml_is_read_by_its_elements() -> None:
    doc = parse_file(OFFICIAL / "h-ek-20222023-29-7.xml")
    assert (doc.id, doc.kind, doc.format) == ("h-ek-20222023-29-7", "handelingen", "xml")
    assert doc.title == "Wet elektronische gegevensuitwisseling in de zorg"
    assert doc.identifiers.vergaderjaar == "2022-2023"
    speakers = [b.text for b in doc.blocks if b.kind == "heading" and b.level == 2]
    assert speakers[:3] == ["De voorzitter", "De voorzitter", "Mevrouw Gerkens (SP)"]
    assert doc.blocks[0].text == "7. Wet elektronische gegevensuitwisseling in de zorg"
    # The extrefs are its references; "35824, letter H", linked in two pieces, is one.
    assert ("kamerstuk", "kst-35824-H", "body", "35824, letter H") in _refs(doc)
    assert {r.key for r in doc.references} >= {"kst-35824-H", "kst-33509-T"}
    # No XML namespace or schema address becomes a "reference", no markup reaches the text.
    assert not any("w3.org" in (r.key or "") or "oep.overheid" in (r.key or "") for r in doc.references)
    assert not any("<" in b.text for b in doc.blocks)


def test_a_real_staatsblad_as_xml_and_as_the_sites_page() -> None:
    xml = parse_file(OFFICIAL / "stb.xml")
    assert (xml.id, xml.kind, xml.date) == ("stb-2018-84", "staatsblad", "2018-03-09")
    assert xml.title.startswith("Besluit van 9 maart 2018, houdende vaststelling")
    assert [b.text for b in xml.blocks if b.kind == "heading"][1:4] == ["Artikel 1", "Artikel 2", "Artikel 3"]
    assert any(b.text.startswith("2. De vijf-euromunt heeft een gladde rand") for b in xml.blocks)

    page = parse_file(OFFICIAL / "stb.html")
    assert (page.id, page.kind, page.format, page.date) == ("stb-2014-296", "staatsblad", "html", "2014-07-29")
    assert page.title.startswith("Besluit van 14 juli 2014, houdende verlenging")
    text = page.text
    # The site's chrome is gone: the table of contents, the scripts, the header line.
    assert "Aanhef" not in text and "Lichaam" not in text and "popup" not in text
    assert [b.text for b in page.blocks if b.kind == "heading"][:3] == [page.title, "ARTIKEL I", "ARTIKEL II"]
    assert any(b.text == "De Minister van Binnenlandse Zaken en Koninkrijksrelaties, R.H.A. Plasterk"
               for b in page.blocks)  # fmt: skip
    assert ("staatsblad", "stb-2012-363") in [(r.kind, r.key) for r in page.references]


def test_kamervragen_xml_with_its_metadata_gives_pairs_notes_and_links() -> None:
    doc = parse_file(OFFICIAL / "written-ah-tk-20232024-1234.xml")
    assert (doc.id, doc.kind, doc.format) == ("ah-tk-20232024-1234", "aanhangsel", "xml")
    # From the metadata.xml beside it: the title and date as the repository gives them.
    assert doc.title.startswith("Vragen van het lid Van Campen (VVD) aan de Minister")
    assert doc.date == "2024-02-15"
    assert doc.identifiers.zaak == "2024Z01234" and doc.identifiers.vergaderjaar == "2023-2024"
    assert doc.asker == "Van Campen (VVD)"
    assert doc.sender == "Minister Harbers (Infrastructuur en Waterstaat)"
    # "Antwoord 2 en 3" under questions asked apart: one pair holding both questions.
    assert [(q.label, q.numbers) for q in doc.qa] == [("Vraag 1", (1,)), ("Vraag 2 en 3", (2, 3)), ("Vraag 4", (4,))]
    assert "CO₂" in doc.qa[1].question and "norm van 2023?" in doc.qa[1].question
    assert doc.qa[1].answer.startswith("Van de dijken") and "c. verhogen." in doc.qa[1].answer
    # Notes at the point of reference: a marker right after the word, the text from noot.al.
    assert doc.qa[0].question.endswith("niet»?[^1]")
    assert [(f.mark, f.text) for f in doc.footnotes] == [
        ("1", "NOS, 20 januari 2024 (https://nos.nl/artikel/2505000)."),
        ("2", "Zie ook Kamerstuk 32 698, nr. 84."),
    ]
    assert _refs(doc) == [
        ("url", "url:https://nos.nl/artikel/2505000", "footnote 1", "https://nos.nl/artikel/2505000"),
        ("kamerstuk", "kst-27625-650", "qa 2", "Kamerstuk 27 625, nr. 650"),
        ("kamerstuk", "kst-32698-84", "footnote 2", "Kamerstuk 32 698, nr. 84"),
        ("answer", "qa:1", "qa 4", "Zie het antwoord op vraag 1"),
    ]
    for block in doc.blocks:
        for m in MARKER.finditer(block.text):
            assert doc.footnote(m.group(1)) is not None


def test_without_its_metadata_the_xml_still_says_what_it_is(tmp_path: Path) -> None:
    alone = tmp_path / "download.xml"
    shutil.copy(OFFICIAL / "written-ah-tk-20232024-1234.xml", alone)
    doc = parse_file(alone)
    # The id from the metadata record the XML names, the title from its description, the date
    # from the answer's description.
    assert (doc.id, doc.kind, doc.date) == ("ah-tk-20232024-1234", "aanhangsel", "2024-02-14")
    assert doc.title.startswith("Vragen van het lid Van Campen (VVD)")
    assert doc.title.endswith("(ingezonden 22 januari 2024).")
    assert len(doc.qa) == 3 and len(doc.footnotes) == 2


def test_a_kamerstuk_xml_with_the_repositorys_metadata_format() -> None:
    doc = parse_file(OFFICIAL / "written-kst" / "kst-36200-VI-99.xml")
    assert (doc.id, doc.kind, doc.date) == ("kst-36200-VI-99", "kamerbrief", "2023-02-15")
    assert doc.identifiers.dossiers == ("36200-VI",) and doc.identifiers.ondernummer == "99"
    assert doc.sender == "Minister van Justitie en Veiligheid"
    assert [(s.title, s.level) for s in doc.sections] == [
        ("BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID", 1), ("Voortgang", 1), ("1.1 Capaciteit", 2),
        ("Financiën", 1),
    ]
    assert "Jaar | Bedrag" in doc.text and "2023 | € 12 mln" in doc.text
    assert [(r.kind, r.key) for r in doc.references] == [
        ("handelingen", "h-tk-20222023-38"), ("kamerstuk", "kst-36200-VI-12"), ("staatsblad", "stb-2022-143"),
    ]


def test_a_saved_page_of_kamervragen_is_read_by_its_classes() -> None:
    doc = parse_file(OFFICIAL / "written-ah-page.html")
    assert (doc.id, doc.kind, doc.format) == ("ah-tk-20232024-777", "aanhangsel", "html")
    assert doc.asker == "Kathmann (GroenLinks-PvdA) en Six Dijkstra (NSC)"
    assert [q.numbers for q in doc.qa] == [(1,), (2,)]
    assert doc.qa[0].answer.startswith("Ja. Het rapport")
    assert doc.qa[1].answer.splitlines()[-1] == "- bedrijven: 292."
    assert [(f.mark, f.text) for f in doc.footnotes] == [
        ("1", "Algemene Rekenkamer, «Digitale weerbaarheid», 15 november 2023."),
        ("2", "Cijfers van het Nationaal Cyber Security Centrum."),
    ]
    assert "melding[^2], zie" in doc.qa[1].answer
    assert ("kamerstuk", "kst-26643-1100") in [(r.kind, r.key) for r in doc.references]
    text = doc.text
    assert "Vraag 99" not in text and "Home" not in text and "Privacy" not in text and "X Noot" not in text


def test_both_metadata_formats_give_the_same_fields() -> None:
    site = read_metadata((OFFICIAL / "opmeta1.xml").read_bytes(), "opmeta1.xml")
    repository = read_metadata((OFFICIAL / "opmeta2.xml").read_bytes(), "opmeta2.xml")
    assert site.identifier == repository.identifier == "gmb-2024-216934"
    assert site.publication == repository.publication == "Gemeenteblad"
    assert site.date == repository.date == "2024-05-17"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("searchrec.xml", "XML that is not an official publication (root <record>): not read"),  # real SRU record
        ("opmeta1.xml", "a metadata.xml sidecar: it is read with the XML document it describes"),
        ("written-not-official.html", "an HTML page that is not an official publication (not a page of "
                                      "zoek.officielebekendmakingen.nl): not read"),
    ],
)
def test_what_is_not_an_official_publication_is_refused_in_one_line(name: str, problem: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_file(OFFICIAL / name)
    assert caught.value.problem == problem
    proc = kamerlezer("parse", OFFICIAL / name)
    assert proc.returncode == 1 and error_lines(proc) == [f"kamerlezer: {OFFICIAL / name}: {problem}"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<officiele-publicatie><kamervragen><vraag><al>&lol3;</al></vraag></kamervragen></officiele-publicatie>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<officiele-publicatie><kamerstuk><al>&xxe;</al></kamerstuk></officiele-publicatie>"""


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (BILLION_LAUGHS, "XML with a document type declaration (entities could expand or reach outside the file): "
                         "not read"),
        (EXTERNAL, "XML with a document type declaration (entities could expand or reach outside the file): not read"),
        (b'<?xml version="1.0"?>' + b"<officiele-publicatie>" + b"<a>" * 10_000 + b"x" + b"</a>" * 10_000
         + b"</officiele-publicatie>", "XML nested deeper than 200 levels: not read"),
        (b'<?xml version="1.0"?><officiele-publicatie><kamerstuk><al>half', "damaged XML"),
        (b"<!DOCTYPE html><html><body>" + b"<div>" * 10_000 + b"x", "HTML nested deeper than 200 levels: not read"),
    ],
    ids=["billion-laughs", "external-entity", "deep-xml", "damaged-xml", "deep-html"],
)
def test_hostile_xml_and_html_are_one_clear_error(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_bytes(data)
    with pytest.raises(ParseError) as caught:
        parse_file(path)
    assert caught.value.problem.startswith(problem)
    proc = kamerlezer("parse", path)
    lines = error_lines(proc)
    assert proc.returncode == 1 and len(lines) == 1 and lines[0].startswith(f"kamerlezer: {path}: {problem}")


def test_the_format_comes_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    assert sniff((OFFICIAL / "h-ek-20222023-29-7.xml").read_bytes()).root == "officiele-publicatie"  # after a BOM
    assert sniff((OFFICIAL / "stb.html").read_bytes()).format == "html"  # an XHTML page with an XML declaration
    renamed = tmp_path / "stuk.txt"
    shutil.copy(OFFICIAL / "stb.xml", renamed)
    assert parse_file(renamed).id == "stb-2018-84"
    assert sniff(b"<b>Antwoord</b> op vraag 1 staat hieronder.").format == "text"


def test_parse_json_says_the_format() -> None:
    proc = kamerlezer("parse", OFFICIAL / "written-ah-tk-20232024-1234.xml", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["format"] == "xml" and data["id"] == "ah-tk-20232024-1234" and len(data["qa"]) == 3
