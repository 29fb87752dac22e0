"""The two search services (store/fetch/sru.py, store/fetch/odata.py) and their addresses
(store/fetch/sources.py): the readers on written answers (tests/data/fetch/README.md), and the
walks over pages against a real HTTP server on 127.0.0.1. Nothing here reaches the internet."""

from __future__ import annotations

import copy
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from store.fetch.http import Client, FetchError, NotFound
from store.fetch.odata import (
    TkDocument,
    document_key,
    document_query_url,
    documents_for,
    read_documents,
    read_zaak_documents,
    resource_url,
    tk_api_base,
    zaak_query_url,
)
from store.fetch.sources import OFFICIAL_URL, REPOSITORY_URL, TK_API_URL, Sources, load_sources
from store.fetch.sru import Page, Record, dossier_query, identifier_query, read_page, search, search_url
from store.formats import is_document_number, is_zaak_number

DATA = Path(__file__).parent / "data"
FETCH = DATA / "fetch"
PAGE1 = (FETCH / "sru-dossier-page1.xml").read_bytes()
PAGE2 = (FETCH / "sru-dossier-page2.xml").read_bytes()
SRU_EMPTY = (FETCH / "sru-empty.xml").read_bytes()
SRU_DIAGNOSTIC = (FETCH / "sru-diagnostic.xml").read_bytes()
SRU_MALFORMED = (FETCH / "sru-malformed.xml").read_bytes()
ZAAK = (FETCH / "odata-zaak-kamervragen.json").read_bytes()
KAMERSTUK = (FETCH / "odata-document-kamerstuk.json").read_bytes()
ODATA_EMPTY = (FETCH / "odata-empty.json").read_bytes()
DELETED = (FETCH / "odata-document-deleted.json").read_bytes()

DOSSIER_CQL = dossier_query("36200-VI")
REPO = "https://repository.overheid.nl/frbr/officielepublicaties"
KST_TITLE = "Vaststelling van de begrotingsstaten van het Ministerie van Justitie en Veiligheid (VI) voor het jaar 2023"
ENV = ("KAMERLEZER_OFFICIAL_URL", "KAMERLEZER_REPOSITORY_URL", "KAMERLEZER_TK_API_URL")


def _one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    text = str(exc.value)
    assert "\n" not in text and text.strip() == text, text
    return text


# -- SRU: reading a page -------------------------------------------------------------------


def test_read_page_gives_every_field_of_a_record() -> None:
    page = read_page(PAGE1, "page1")
    assert page.total == 4
    assert page.next_position == 3
    assert [r.identifier for r in page.records] == ["kst-36200-VI-99", "blg-1085432"]
    assert page.records[0] == Record(
        identifier="kst-36200-VI-99",
        title=f"{KST_TITLE}; Brief regering; Voortgang van de aanpak van ondermijning",
        modified="2023-05-10",
        kind="Kamerstuk",
        dossiers=("36200-VI",),
        xml_url=f"{REPO}/kst/36200-VI/kst-36200-VI-99/1/xml/kst-36200-VI-99.xml",
        pdf_url=f"{REPO}/kst/36200-VI/kst-36200-VI-99/1/pdf/kst-36200-VI-99.pdf",
        preferred_url="https://zoek.officielebekendmakingen.nl/kst-36200-VI-99.html",
    )
    attachment = page.records[1]
    assert (attachment.kind, attachment.dossiers) == ("Bijlage", ("36200-VI",))
    assert attachment.xml_url == f"{REPO}/blg/2023/blg-1085432/1/xml/blg-1085432.xml"


def test_read_page_of_the_last_page_has_no_next_position() -> None:
    page = read_page(PAGE2, "page2")
    assert [r.identifier for r in page.records] == ["kst-36200-VI-99-n1", "kst-36200-VI-100"]
    assert [r.modified for r in page.records] == ["2023-05-12", "2023-06-01"]
    assert (page.total, page.next_position) == (4, None)


def test_read_page_of_an_empty_result() -> None:
    assert read_page(SRU_EMPTY, "empty") == Page((), 0, None)


def test_read_page_matches_local_names_whatever_the_namespaces() -> None:
    # The real record, as it was saved: no namespaces at all, in an envelope without them.
    record = (DATA / "official" / "searchrec.xml").read_bytes()
    data = b"<searchRetrieveResponse><version>2.0</version><numberOfRecords>641420</numberOfRecords><records>"
    data += record + b"</records><nextRecordPosition>641421</nextRecordPosition></searchRetrieveResponse>"
    page = read_page(data, "saved")
    assert (page.total, page.next_position) == (641420, 641421)
    (got,) = page.records
    assert got.identifier == "gmb-2023-174296"
    assert got.title.startswith("Ingekomen melding, Frater Romboutsstraat 42")
    assert (got.modified, got.kind, got.dossiers) == ("2023-04-20", "omgevingsvergunning", ())
    assert got.pdf_url is not None and got.pdf_url.endswith("/1/pdf/gmb-2023-174296.pdf")
    assert got.xml_url is not None and got.xml_url.endswith("/1/xml/gmb-2023-174296.xml")
    assert got.preferred_url == "https://zoek.officielebekendmakingen.nl/gmb-2023-174296.html"


def test_a_record_without_an_identifier_is_skipped() -> None:
    data = PAGE1.replace(b">blg-1085432</dcterms:identifier>", b"></dcterms:identifier>")
    page = read_page(data, "page1")
    assert [r.identifier for r in page.records] == ["kst-36200-VI-99"]
    assert page.total == 4  # what the server says, not what was kept


def test_a_record_without_manifestations_has_no_addresses() -> None:
    start, end = PAGE1.index(b"<gzd:enrichedData>"), PAGE1.index(b"</gzd:enrichedData>") + len(b"</gzd:enrichedData>")
    record = read_page(PAGE1[:start] + PAGE1[end:], "page1").records[0]
    assert (record.xml_url, record.pdf_url, record.preferred_url) == (None, None, None)


def test_a_diagnostic_is_one_line_naming_the_source_and_the_reason() -> None:
    with pytest.raises(FetchError) as exc:
        read_page(SRU_DIAGNOSTIC, "https://repository.overheid.nl/sru?q")
    text = _one_line(exc)
    assert text.startswith("https://repository.overheid.nl/sru?q: ")
    assert "Query syntax error" in text and "w.dossiernummer==" in text


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (SRU_MALFORMED, "not a readable search response"),
        (b"", "not a readable search response"),
        (b"<html><body>Pagina niet gevonden</body></html>", "not a search response (the document is <html>)"),
        (b"<searchRetrieveResponse><version>2.0</version></searchRetrieveResponse>", "no number of records"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>',
            "not a readable search response",
        ),
    ],
)
def test_what_is_not_an_sru_response_is_one_line_naming_the_source(data: bytes, said: str) -> None:
    with pytest.raises(FetchError) as exc:
        read_page(data, "the-source")
    text = _one_line(exc)
    assert text.startswith("the-source: ") and said in text


# -- SRU: queries --------------------------------------------------------------------------


def test_dossier_query() -> None:
    assert dossier_query("36600") == (
        "c.product-area==officielepublicaties AND w.dossiernummer==36600 sortBy dt.modified/sort.ascending"
    )
    assert dossier_query(" 36600-vi ", since="2026-11-01") == (
        'c.product-area==officielepublicaties AND w.dossiernummer=="36600-VI" AND dt.modified>=2026-11-01'
        " sortBy dt.modified/sort.ascending"
    )
    assert 'w.dossiernummer=="21501-02"' in dossier_query("21501-02")


@pytest.mark.parametrize("since", ["2026-13-01", "2026-02-30", "2026-11-1", "1 november 2026", "2026-11-01 OR x", ""])
def test_dossier_query_checks_the_date(since: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        dossier_query("36600", since=since)


@pytest.mark.parametrize("dossier", ['36600" OR dt.identifier==x', "", "kst-36600", "36600 VI", "36600-VI-102"])
def test_dossier_query_refuses_what_is_not_a_dossier(dossier: str) -> None:
    with pytest.raises(ValueError, match="not a dossier"):
        dossier_query(dossier)


def test_identifier_query() -> None:
    assert identifier_query(["kst-36600-VI-102", "blg-1234567", "kst-36600-VI-102"]) == (
        'c.product-area==officielepublicaties AND (dt.identifier=="kst-36600-VI-102" OR dt.identifier=="blg-1234567")'
    )
    assert identifier_query("kst-1-2") == 'c.product-area==officielepublicaties AND (dt.identifier=="kst-1-2")'
    for bad in ([], ['kst-1" OR x'], ["a b"]):
        with pytest.raises(ValueError):
            identifier_query(bad)


def test_search_url_encodes_the_query() -> None:
    url = search_url("https://repository.overheid.nl/", DOSSIER_CQL, start=51, maximum=25)
    parts = urllib.parse.urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "repository.overheid.nl", "/sru")
    assert " " not in url and "+" not in url and "%20" in url
    assert urllib.parse.parse_qs(parts.query) == {
        "operation": ["searchRetrieve"],
        "version": ["2.0"],
        "query": [DOSSIER_CQL],
        "startRecord": ["51"],
        "maximumRecords": ["25"],
        "recordSchema": ["gzd"],
    }


# -- OData: reading documents --------------------------------------------------------------


def test_read_zaak_documents_derives_each_key_and_leaves_out_the_deleted() -> None:
    docs = {d.number: d for d in read_zaak_documents(ZAAK, "zaak")}
    assert list(docs) == ["2022D19234", "2022D22001", "2022D24567"]  # 2022D24568 is Verwijderd
    questions, notice, answer = docs.values()
    assert questions == TkDocument(
        id="0c6a0a61-1d2e-4b8a-9f35-6a1d3e5f7a01",
        number="2022D19234",
        soort="Schriftelijke vragen",
        title="Vragen van het lid Bikker (ChristenUnie) aan de minister van Justitie en Veiligheid over de "
        "wachttijden bij de reclassering",
        date="2022-05-12",
        key="kv-tk-2022Z09230",
        content_type="application/pdf",
        zaken=("2022Z09230",),
        modified="2022-05-12T16:04:11.1230000+02:00",
    )
    assert (notice.soort, notice.key, notice.date) == ("Mededeling (uitstel antwoord)", None, "2022-06-02")
    assert notice.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (answer.soort, answer.key, answer.zaken) == (
        "Antwoord schriftelijke vragen",
        "ah-tk-20212022-3072",
        ("2022Z09230",),
    )


def test_read_documents_of_a_kamerstuk() -> None:
    (doc,) = read_documents(KAMERSTUK, "document")
    assert doc == TkDocument(
        id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
        number="2023D21345",
        soort="Brief regering",
        title="Voortgang aanpak ondermijning",  # Onderwerp is empty: the Titel
        date="2023-05-09",
        key="kst-36200-VI-99",
        content_type="application/pdf",
        zaken=("2023Z08812",),
        modified="2023-05-09T16:04:11.1230000+02:00",
    )


def test_read_documents_of_an_empty_or_deleted_answer() -> None:
    assert read_documents(ODATA_EMPTY, "empty") == []
    assert read_documents(DELETED, "deleted") == []
    assert read_zaak_documents(ODATA_EMPTY, "empty") == []


def test_a_document_in_two_zaken_is_one_document_in_both() -> None:
    body = json.loads(ZAAK)
    other = copy.deepcopy(body["value"][0])
    other["Nummer"] = "2022Z09999"
    body["value"].append(other)
    docs = read_zaak_documents(json.dumps(body).encode(), "zaak")
    assert len(docs) == 3
    assert all(d.zaken == ("2022Z09230", "2022Z09999") for d in docs)
    assert docs[0].key == "kv-tk-2022Z09230"  # the first zaak names the questions


def _entity(**fields: Any) -> dict[str, Any]:
    return {"Id": "x", "DocumentNummer": "2024D00001", "Soort": "Brief regering", "Volgnummer": -1, **fields}


@pytest.mark.parametrize(
    ("fields", "zaken", "key"),
    [
        ({"Volgnummer": 102, "Kamerstukdossier": [{"Nummer": 36600, "Toevoeging": "VI"}]}, (), "kst-36600-VI-102"),
        ({"Volgnummer": 3, "Kamerstukdossier": {"Nummer": 36600, "Toevoeging": None}}, (), "kst-36600-3"),
        ({"Volgnummer": 2, "Kamerstukdossier": {"Nummer": "21501", "Toevoeging": "02"}}, (), "kst-21501-02-2"),
        ({"Volgnummer": -1, "Kamerstukdossier": {"Nummer": 36600, "Toevoeging": "VI"}}, (), None),
        ({"Volgnummer": 5, "Kamerstukdossier": None}, (), None),
        ({"Volgnummer": 5, "Kamerstukdossier": [{"Nummer": 36600, "Verwijderd": True}]}, (), None),
        ({"Aanhangselnummer": "242501244"}, (), "ah-tk-20242025-1244"),
        ({"Aanhangselnummer": "990000012"}, (), "ah-tk-19992000-12"),
        ({"Aanhangselnummer": "242501244", "Kamer": "Eerste Kamer"}, (), "ah-ek-20242025-1244"),
        ({"Aanhangselnummer": "1244", "Vergaderjaar": "2024-2025"}, (), "ah-tk-20242025-1244"),
        ({"Aanhangselnummer": 811, "Vergaderjaar": "2018-2019"}, (), "ah-tk-20182019-811"),
        ({"Aanhangselnummer": "1244"}, (), None),  # a plain number and no year
        ({"Aanhangselnummer": ""}, (), None),
        ({"Soort": "Schriftelijke vragen"}, ("2022z09230",), "kv-tk-2022Z09230"),
        ({"Soort": "Schriftelijke vragen"}, (), None),
        ({"Soort": "Mededeling (uitstel antwoord)"}, ("2022Z09230",), None),
    ],
)
def test_document_key(fields: dict[str, Any], zaken: tuple[str, ...], key: str | None) -> None:
    assert document_key(_entity(**fields), zaken) == key


@pytest.mark.parametrize(
    "data",
    [b"{not json", b"\xff\xfe", b"[]", b'{"value": 3}', b'{"value": [1, 2]}', b'{"error": {"message": "x"}}'],
)
def test_what_is_not_an_odata_answer_is_one_line_naming_the_source(data: bytes) -> None:
    for read in (read_documents, read_zaak_documents):
        with pytest.raises(FetchError) as exc:
            read(data, "https://tk.example/Document")
        assert _one_line(exc).startswith("https://tk.example/Document: ")


def test_numbers() -> None:
    assert is_zaak_number("2022Z09230") and is_zaak_number(" 2022z09230 ")
    assert is_document_number("2019D40742") and is_document_number("2019d40742")
    assert not is_zaak_number("2019D40742") and not is_document_number("2022Z09230")
    assert not is_zaak_number("2022Z0923") and not is_document_number("kst-36600-VI-102")


def test_odata_addresses_are_quoted() -> None:
    base = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
    assert document_query_url(base, "2019d40742") == (
        "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Document?$filter=DocumentNummer%20eq%20'2019D40742'"
        "&$expand=DocumentVersie,Zaak,Kamerstukdossier"
    )
    assert zaak_query_url(base, "2022Z09230") == (
        "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak?$filter=Nummer%20eq%20'2022Z09230'"
        "&$expand=Document($expand=Kamerstukdossier)"
    )
    assert resource_url(base, "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D") == (
        "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Document(a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d)/resource"
    )
    with pytest.raises(ValueError):
        document_query_url(base, "2019D40742' or 1 eq 1")
    with pytest.raises(ValueError):
        zaak_query_url(base, "2019D40742")
    with pytest.raises(ValueError):
        resource_url(base, "../Zaak")


# -- the addresses of the services ---------------------------------------------------------


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_load_sources_defaults(tmp_path: Path, no_env: pytest.MonkeyPatch) -> None:
    assert load_sources(tmp_path) == Sources(OFFICIAL_URL, REPOSITORY_URL, TK_API_URL, ())
    assert load_sources(_config(tmp_path, 'keymap = "vim"\n')) == Sources()  # a file without [sources]


def test_load_sources_environment_over_config_over_default(tmp_path: Path, no_env: pytest.MonkeyPatch) -> None:
    directory = _config(
        tmp_path, '[sources]\nofficial = "https://mirror.example/official/"\nrepository = "http://repo.example"\n'
    )
    no_env.setenv("KAMERLEZER_REPOSITORY_URL", "http://127.0.0.1:8080/")
    no_env.setenv("KAMERLEZER_TK_API_URL", "  ")  # set but empty: as if not set
    got = load_sources(directory)
    assert got == Sources("https://mirror.example/official", "http://127.0.0.1:8080", TK_API_URL, ())


def test_load_sources_reads_the_config_directory_by_default(no_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_env.setenv("KAMERLEZER_CONFIG", str(_config(tmp_path, '[sources]\ntk_api = "http://tk.example/api/"\n')))
    assert load_sources().tk_api == "http://tk.example/api"
    assert tk_api_base() == "http://tk.example/api"
    no_env.setenv("KAMERLEZER_TK_API_URL", "http://127.0.0.1:1/")
    assert tk_api_base() == "http://127.0.0.1:1"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[sources\nofficial = 1", "not valid TOML"),
        ('sources = "https://x.example"\n', "[sources] must be a table"),
        ("a = " + "[" * 10000 + "]" * 10000 + "\n", ""),
    ],
)
def test_a_broken_config_gives_a_problem_line_and_the_defaults(
    tmp_path: Path, no_env: pytest.MonkeyPatch, text: str, said: str
) -> None:
    got = load_sources(_config(tmp_path, text))
    assert (got.official, got.repository, got.tk_api) == (OFFICIAL_URL, REPOSITORY_URL, TK_API_URL)
    (problem,) = got.problems
    assert problem.startswith(f"{tmp_path / 'config.toml'}: ") and said in problem and "\n" not in problem


def test_a_bad_value_is_ignored_for_that_value_only(tmp_path: Path, no_env: pytest.MonkeyPatch) -> None:
    text = '[sources]\nofficial = "ftp://x.example"\nrepository = 3\ntk_api = "http://tk.example"\nother = "x"\n'
    got = load_sources(_config(tmp_path, text))
    assert (got.official, got.repository, got.tk_api) == (OFFICIAL_URL, REPOSITORY_URL, "http://tk.example")
    assert len(got.problems) == 3
    assert all(p.startswith(str(tmp_path / "config.toml")) for p in got.problems)
    assert "official must be an http(s) address" in got.problems[0]
    assert "repository must be an http(s) address" in got.problems[1]
    assert "unknown [sources] settings other" in got.problems[2]
    # The environment still wins over a value that is broken.
    no_env.setenv("KAMERLEZER_OFFICIAL_URL", "http://127.0.0.1:9")
    assert load_sources(tmp_path).official == "http://127.0.0.1:9"


def test_an_unreadable_config_gives_a_problem_line(tmp_path: Path, no_env: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.toml").write_bytes(b"\xff\xfe[sources]")
    got = load_sources(tmp_path)
    assert got.official == OFFICIAL_URL and len(got.problems) == 1 and "cannot be read" in got.problems[0]


# -- walking the pages against a real server -----------------------------------------------


class Site:
    """What the server answers for each request path (with its query), and what was asked."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}  # path -> (content type, body); else 404
        self.requests: list[str] = []

    def sru(self, start: int, maximum: int, body: bytes, cql: str = DOSSIER_CQL) -> None:
        self.routes[search_url("", cql, start, maximum)] = ("text/xml", body)

    def json(self, path: str, body: bytes | dict[str, Any]) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.routes[path] = ("application/json", data)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Site, str]]:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            state.requests.append(self.path)
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            content_type, body = route
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _client() -> Client:
    return Client(timeout=5, retries=0)


def _identifiers(pages: list[Page]) -> list[str]:
    return [r.identifier for page in pages for r in page.records]


def test_search_walks_two_pages(site: tuple[Site, str]) -> None:
    state, base = site
    state.sru(1, 2, PAGE1)
    state.sru(3, 2, PAGE2)
    pages = list(search(_client(), DOSSIER_CQL, base, page_size=2))
    assert _identifiers(pages) == ["kst-36200-VI-99", "blg-1085432", "kst-36200-VI-99-n1", "kst-36200-VI-100"]
    assert [p.next_position for p in pages] == [3, None]
    assert state.requests == [search_url("", DOSSIER_CQL, 1, 2), search_url("", DOSSIER_CQL, 3, 2)]


def test_search_stops_at_the_limit(site: tuple[Site, str]) -> None:
    state, base = site
    state.sru(1, 2, PAGE1)
    state.sru(3, 1, PAGE2)  # asked for one, the server sends two
    pages = list(search(_client(), DOSSIER_CQL, base, page_size=2, limit=3))
    assert _identifiers(pages) == ["kst-36200-VI-99", "blg-1085432", "kst-36200-VI-99-n1"]
    assert len(state.requests) == 2


def test_search_stops_when_the_server_repeats_its_next_position(site: tuple[Site, str]) -> None:
    state, base = site
    state.sru(1, 2, PAGE1)
    state.sru(3, 2, PAGE1)  # page 1 again, pointing at 3 again
    pages = list(search(_client(), DOSSIER_CQL, base, page_size=2))
    assert len(pages) == 2 and len(state.requests) == 2


def test_search_stops_at_a_page_without_records(site: tuple[Site, str]) -> None:
    state, base = site
    state.sru(1, 50, PAGE1.replace(b"<sru:numberOfRecords>4", b"<sru:numberOfRecords>9"))
    end = b"</sru:searchRetrieveResponse>"
    state.sru(3, 50, SRU_EMPTY.replace(end, b"<sru:nextRecordPosition>5</sru:nextRecordPosition>" + end))
    pages = list(search(_client(), DOSSIER_CQL, base))
    assert _identifiers(pages) == ["kst-36200-VI-99", "blg-1085432"] and len(state.requests) == 2


def test_search_of_nothing_is_one_empty_page(site: tuple[Site, str]) -> None:
    state, base = site
    state.sru(1, 50, SRU_EMPTY)
    assert list(search(_client(), DOSSIER_CQL, base)) == [Page((), 0, None)]


def test_search_refused_names_the_address(site: tuple[Site, str]) -> None:
    state, base = site
    state.sru(1, 50, SRU_DIAGNOSTIC)
    with pytest.raises(FetchError) as exc:
        list(search(_client(), DOSSIER_CQL, base))
    assert _one_line(exc).startswith(f"{base}/sru?operation=searchRetrieve") and "Query syntax error" in str(exc.value)


def test_search_at_a_missing_service_is_not_found(site: tuple[Site, str]) -> None:
    _, base = site
    with pytest.raises(NotFound):
        list(search(_client(), DOSSIER_CQL, base))


def test_documents_for_a_zaak(site: tuple[Site, str]) -> None:
    state, base = site
    state.json(zaak_query_url("", "2022Z09230"), ZAAK)
    docs = documents_for(_client(), " 2022z09230 ", base)
    assert [d.key for d in docs] == ["kv-tk-2022Z09230", None, "ah-tk-20212022-3072"]
    assert state.requests == [zaak_query_url("", "2022Z09230")]


def test_documents_for_a_document_follows_the_next_link(site: tuple[Site, str]) -> None:
    state, base = site
    first = json.loads(KAMERSTUK)
    first["@odata.nextLink"] = f"{base}/Document?$skiptoken=1"
    # The second page: written here, the answer of the zaak fixture as a Document entity.
    answer = json.loads(ZAAK)["value"][0]["Document"][2]
    answer["Zaak"] = [{"Nummer": "2022Z09230", "Verwijderd": False}]
    state.json(document_query_url("", "2023D21345"), first)
    state.json("/Document?$skiptoken=1", {"value": [answer]})
    docs = documents_for(_client(), "2023d21345", base)
    assert [(d.number, d.key, d.zaken) for d in docs] == [
        ("2023D21345", "kst-36200-VI-99", ("2023Z08812",)),
        ("2022D24567", "ah-tk-20212022-3072", ("2022Z09230",)),
    ]
    assert len(state.requests) == 2


def test_documents_for_stops_at_a_next_link_already_read(site: tuple[Site, str]) -> None:
    state, base = site
    body = json.loads(KAMERSTUK)
    path = document_query_url("", "2023D21345")
    body["@odata.nextLink"] = path  # relative, and pointing back at itself
    state.json(path, body)
    assert [d.number for d in documents_for(_client(), "2023D21345", base)] == ["2023D21345"]
    assert len(state.requests) == 1


def test_documents_for_refuses_a_next_link_to_another_host(site: tuple[Site, str]) -> None:
    state, base = site
    body = json.loads(KAMERSTUK)
    body["@odata.nextLink"] = "https://elsewhere.example/Document?$skiptoken=1"
    state.json(document_query_url("", "2023D21345"), body)
    with pytest.raises(FetchError) as exc:
        documents_for(_client(), "2023D21345", base)
    assert "another host" in _one_line(exc) and len(state.requests) == 1


@pytest.mark.parametrize("body", [ODATA_EMPTY, DELETED])
def test_documents_for_a_number_that_is_not_there_is_not_found(site: tuple[Site, str], body: bytes) -> None:
    state, base = site
    state.json(document_query_url("", "2023D30001"), body)
    with pytest.raises(NotFound) as exc:
        documents_for(_client(), "2023D30001", base)
    assert _one_line(exc) == f"no document 2023D30001 at {urllib.parse.urlsplit(base).netloc}"


def test_documents_for_a_zaak_that_is_not_there_is_not_found(site: tuple[Site, str]) -> None:
    state, base = site
    state.json(zaak_query_url("", "2022Z00001"), ODATA_EMPTY)
    with pytest.raises(NotFound, match="no zaak 2022Z00001"):
        documents_for(_client(), "2022Z00001", base)


def test_documents_for_a_404_is_not_found(site: tuple[Site, str]) -> None:
    _, base = site
    with pytest.raises(NotFound):
        documents_for(_client(), "2019D40742", base)


def test_documents_for_a_malformed_answer_names_the_address(site: tuple[Site, str]) -> None:
    state, base = site
    state.json(document_query_url("", "2019D40742"), b"<html>error</html>")
    with pytest.raises(FetchError) as exc:
        documents_for(_client(), "2019D40742", base)
    assert _one_line(exc).startswith(f"{base}/Document?$filter=")


def test_documents_for_refuses_another_shape_of_number(site: tuple[Site, str]) -> None:
    state, base = site
    with pytest.raises(ValueError):
        documents_for(_client(), "kst-36600-VI-102", base)
    assert state.requests == []
