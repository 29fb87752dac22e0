"""`kamerlezer follow`, `unfollow` and `update`: the installed command in real processes, against a
real HTTP server on 127.0.0.1 (tests/fetch_server.py) standing for the official site, the
repository's SRU search and the Tweede Kamer's open data.

What the server serves: the SRU pages in tests/data/fetch (written around the real record
shape of tests/data/official/searchrec.xml), the OData answers in tests/data/fetch (written from
the documented fields: there is no public sample), and the official XML of the formats issue.
The later Kamerstuk (`kst-36200-VI-100`) and the corrected version (`kst-36200-VI-99-n1`) are made
here from the written Kamerstuk by changing its identifiers and one sentence, and say so.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.cli_run import KAMERLEZER, kamerlezer
from tests.cli_run import error_lines as _error_lines
from tests.fetch_server import (
    FETCH,
    OFFICIAL,
    REPO,
    TK,
    Route,
    Site,
    cut_short,
    fetch_env,
    free_port,
    serving,
    to_error_page,
)

KST_XML = (OFFICIAL / "written-kst" / "kst-36200-VI-99.xml").read_bytes()
KST_META = (OFFICIAL / "written-kst" / "metadata.xml").read_bytes()
# The corrected version: its identifier, and one sentence changed.
N1_XML = KST_XML.replace(b"kst-36200-VI-99/metadata", b"kst-36200-VI-99-n1/metadata").replace(
    b"Er zijn drie maatregelen genomen", b"Er zijn vier maatregelen genomen"
)
N1_META = KST_META.replace(b">kst-36200-VI-99<", b">kst-36200-VI-99-n1<")
# The next Kamerstuk of the dossier.
K100_XML = (
    KST_XML.replace(b"kst-36200-VI-99", b"kst-36200-VI-100")
    .replace(b"Nr. 99", b"Nr. 100")
    .replace(b"BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID", b"MOTIE VAN HET LID JANSEN")
)
K100_META = (
    KST_META.replace(b">kst-36200-VI-99<", b">kst-36200-VI-100<")
    .replace(b"<overheidop:ondernummer>99<", b"<overheidop:ondernummer>100<")
    .replace(b"Voortgang van het programma", b"Motie over wijkagenten")
)
AH_XML = (OFFICIAL / "written-ah-tk-20232024-1234.xml").read_bytes()
AH_META = (OFFICIAL / "written-ah-tk-20232024-1234.metadata.xml").read_bytes()
PAGE1 = (FETCH / "sru-dossier-page1.xml").read_bytes()
PAGE2 = (FETCH / "sru-dossier-page2.xml").read_bytes()
ZAAK = json.loads((FETCH / "odata-zaak-kamervragen.json").read_bytes())
QUESTIONS_PDF = (Path(__file__).parent / "data" / "pdf" / "00fe7edd-24c8-4857-98da-774ed3b06836.pdf").read_bytes()
MEDEDELING_DOCX = (Path(__file__).parent / "data" / "docx" / "uitstel-078.docx").read_bytes()
ANSWER_KEY = "ah-tk-20212022-3072"  # the key the zaak's answer is published under (its Aanhangselnummer)

XML = "application/xml"


class Sources(Site):
    """The three sources, with what they hold for dossier 36200-VI and zaak 2022Z09230."""

    def __init__(self) -> None:
        super().__init__()
        self.add("/kst-36200-VI-99.xml", KST_XML)
        self.add("/kst-36200-VI-99/metadata.xml", KST_META)
        self.add("/kst-36200-VI-99-n1.xml", N1_XML)
        self.add("/kst-36200-VI-99-n1/metadata.xml", N1_META)
        self.add("/kst-36200-VI-100.xml", K100_XML)
        self.add("/kst-36200-VI-100/metadata.xml", K100_META)
        self.add(f"/{ANSWER_KEY}.xml", AH_XML)
        self.add(f"/{ANSWER_KEY}/metadata.xml", AH_META)
        self.queries: list[str] = []  # the CQL of every SRU request, with its startRecord
        self.routes[f"{REPO}/sru"] = self._sru
        self.routes[f"{TK}/Zaak"] = self._zaak
        self.routes[f"{TK}/Document"] = self._document
        documents = ZAAK["value"][0]["Document"]
        self.tk_files = {
            f"{TK}/Document({documents[0]['Id']})/resource": (QUESTIONS_PDF, "application/pdf"),
            f"{TK}/Document({documents[1]['Id']})/resource": (MEDEDELING_DOCX, "application/octet-stream"),
        }
        for path, (body, kind) in self.tk_files.items():
            self.add(path, body, kind)

    def _sru(self, handler: BaseHTTPRequestHandler) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)
        self.queries.append(f"{query['query'][0]} @{query['startRecord'][0]}")
        _send(handler, PAGE2 if query["startRecord"][0] == "3" else PAGE1, XML)

    def _zaak(self, handler: BaseHTTPRequestHandler) -> None:
        _send(handler, json.dumps(ZAAK).encode(), "application/json")

    def _document(self, handler: BaseHTTPRequestHandler) -> None:
        wanted = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)["$filter"][0].split("'")[1]
        docs = [d for d in ZAAK["value"][0]["Document"] if d["DocumentNummer"] == wanted]
        zaak = {k: v for k, v in ZAAK["value"][0].items() if k != "Document"}
        value = [{**d, "Zaak": [zaak], "DocumentVersie": [], "Kamerstukdossier": []} for d in docs]
        _send(handler, json.dumps({"value": value}).encode(), "application/json")

    def official_downloads(self) -> list[str]:
        return [p for p in self.paths() if not p.startswith((REPO, TK))]


def _send(handler: BaseHTTPRequestHandler, body: bytes, kind: str, status: int = 200) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def site() -> Iterator[tuple[Sources, str]]:
    with serving(Sources()) as (served, base):
        assert isinstance(served, Sources)
        yield served, base


def run(cache: Path, base: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return kamerlezer("--cache", cache, *args, env=fetch_env(base, **env))


def error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    lines = _error_lines(proc)
    assert all(line.startswith("kamerlezer: ") for line in lines), lines
    return [line.removeprefix("kamerlezer: ") for line in lines]


def listing(cache: Path) -> dict[str, dict]:
    proc = kamerlezer("--cache", cache, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    return {e["id"]: e for e in json.loads(proc.stdout)}


def followed(cache: Path, base: str) -> list[dict]:
    proc = run(cache, base, "follow", "--list", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def update_json(cache: Path, base: str, **env: str) -> tuple[int, dict]:
    proc = run(cache, base, "update", "--json", **env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def state(cache: Path) -> tuple[dict[str, dict], bytes | None]:
    """What must not change when an update fails: the library's listing and the downloads."""
    folder = cache / "downloads"
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}
    return listing(cache), json.dumps(sorted(files), default=str).encode()


# -- follow, follow --list, unfollow


def test_follow_list_and_unfollow_keep_the_users_other_data(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    assert run(cache, base, "fetch", "kst-36200-VI-99").returncode == 0
    assert run(cache, base, "note", "add", "kst-36200-VI-99#p-1", "lees dit").returncode == 0
    asked = len(served.requests)
    proc = run(cache, base, "follow", "36 200 VI", "--since", "2023-01-01")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("following dossier 36200-VI: `kamerlezer update` fetches new documents")
    assert run(cache, base, "follow", "2022Z09230").returncode == 0
    again = run(cache, base, "follow", "dossier 36200-VI")
    assert again.stdout.strip() == "already following dossier 36200-VI (since 2023-01-01)"
    follows = followed(cache, base)
    assert [(f["follow"], f["since"], f["checked"]) for f in follows] == [
        ("dossier 36200-VI", "2023-01-01", None),
        ("zaak 2022Z09230", time.strftime("%Y-%m-%d"), None),
    ]
    assert len(served.requests) == asked  # following needs no network
    # In the user's own file, beside the notes, which are untouched.
    stored = json.loads((cache / "user.json").read_text())
    assert len(stored["follows"]) == 2 and len(stored["notes"]) == 1
    assert (cache / "user.json").stat().st_mode & 0o777 == 0o600
    assert run(cache, base, "unfollow", "2022Z09230").stdout.startswith("no longer following zaak 2022Z09230")
    gone = run(cache, base, "unfollow", "2022Z09230")
    assert gone.returncode == 1 and error_lines(gone) == ["zaak 2022Z09230: not followed (kamerlezer follow --list)"]
    assert [f["follow"] for f in followed(cache, base)] == ["dossier 36200-VI"]
    assert run(cache, base, "note", "list", "--json").stdout.count("lees dit") == 1


@pytest.mark.parametrize(
    ("wrong", "said"),
    [
        ("2019D40742", "2019D40742 is a document: follow its zaak or its dossier"),
        ("nonsense", "'nonsense' is not a dossier (36600, 36600-VI), a zaak (2022Z09230) or a key"),
    ],
)
def test_what_cannot_be_followed_is_one_line(site: tuple[Sources, str], tmp_path: Path, wrong: str, said: str) -> None:
    _, base = site
    proc = run(tmp_path / "cache", base, "follow", wrong)
    assert proc.returncode == 1
    [line] = error_lines(proc)
    assert line.startswith(said)
    user_file = tmp_path / "cache" / "user.json"
    assert not user_file.exists() or "follows" not in user_file.read_text()


# -- update: a dossier


def test_update_fetches_a_dossiers_new_documents_then_nothing_new(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    assert run(cache, base, "follow", "36200-VI", "--since", "2023-01-01").returncode == 0
    code, report = update_json(cache, base)
    assert code == 0, report
    # The dossier's search, paged, from the follow's day; the bijlage left out; of 99 the newest version.
    assert served.queries == [
        'c.product-area==officielepublicaties AND w.dossiernummer=="36200-VI" AND dt.modified>=2023-01-01 '
        "sortBy dt.modified/sort.ascending @1",
        'c.product-area==officielepublicaties AND w.dossiernummer=="36200-VI" AND dt.modified>=2023-01-01 '
        "sortBy dt.modified/sort.ascending @3",
    ]
    assert [(a["doc_id"], a["why"], a["follow"]) for a in report["arrived"]] == [
        ("kst-36200-VI-99", "new", "dossier 36200-VI"),
        ("kst-36200-VI-100", "new", "dossier 36200-VI"),
    ]
    assert report["finished"] == ["dossier 36200-VI"] and report["problems"] == []
    assert "/kst-36200-VI-99.xml" not in served.official_downloads()  # the corrected version only
    shown = kamerlezer("--cache", cache, "show", "kst-36200-VI-99").stdout
    assert "Er zijn vier maatregelen genomen" in shown
    assert set(listing(cache)) == {"kst-36200-VI-99", "kst-36200-VI-100"}
    [follow] = followed(cache, base)
    assert follow["since"] == time.strftime("%Y-%m-%d") and follow["checked"] and follow["pending"] == []
    # New until the reader shows them: `list --new` lists them for a script.
    new = json.loads(kamerlezer("--cache", cache, "list", "--new", "--json").stdout)
    assert {e["id"] for e in new} == {"kst-36200-VI-99", "kst-36200-VI-100"}

    # Again: the search is asked from today, finds what the library has, and fetches nothing.
    downloads = len(served.official_downloads())
    proc = run(cache, base, "update")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "nothing new (1 followed)"
    assert len(served.official_downloads()) == downloads
    assert f"dt.modified>={time.strftime('%Y-%m-%d')}" in served.queries[-1]


def test_update_replaces_a_document_with_its_corrected_version(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    assert run(cache, base, "fetch", "kst-36200-VI-99").returncode == 0
    assert run(cache, base, "note", "add", "kst-36200-VI-99#p-1", "de eerste alinea").returncode == 0
    assert run(cache, base, "follow", "kst-36200-VI-99").returncode == 0
    proc = run(cache, base, "update")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("new version  kst-36200-VI-99: ")
    assert "/kst-36200-VI-99-n1.xml" in served.paths()
    # One document still, read from the corrected version; the note is on it yet.
    assert set(listing(cache)) == {"kst-36200-VI-99"}
    assert "Er zijn vier maatregelen genomen" in kamerlezer("--cache", cache, "show", "kst-36200-VI-99").stdout
    notes = json.loads(kamerlezer("--cache", cache, "note", "list", "--json").stdout)
    assert [(n["doc_id"], n["text"]) for n in notes] == [("kst-36200-VI-99", "de eerste alinea")]
    # The next update asks for the version after it (-n2), which is not there: nothing new.
    again = run(cache, base, "update")
    assert again.stdout.strip() == "nothing new (1 followed)", again.stderr
    assert served.paths()[-2:] == ["/kst-36200-VI-99-n2.xml", "/kst-36200-VI-99-n2.pdf"]


# -- update: a Kamervraag's zaak


def test_update_finds_the_answer_and_the_mededeling_of_a_followed_zaak(
    site: tuple[Sources, str], tmp_path: Path
) -> None:
    served, base = site
    cache = tmp_path / "cache"
    assert run(cache, base, "follow", "kv-tk-2022Z09230").returncode == 0
    code, report = update_json(cache, base)
    assert code == 0, report
    whys = {a["item"]: a["why"] for a in report["arrived"]}
    # The questions, the Mededeling and the answer; the deleted copy of the answer left out.
    assert whys == {"2022D19234": "new", "2022D22001": "mededeling", "2022D24567": "answer"}
    answer = next(a for a in report["arrived"] if a["why"] == "answer")
    assert answer["doc_id"] in listing(cache)
    assert f"/{ANSWER_KEY}.xml" in served.paths()  # the answer from the official site, by its Aanhangsel key
    assert f"{TK}/Document(0c6a0a61-1d2e-4b8a-9f35-6a1d3e5f7a02)/resource" in served.paths()  # the Mededeling
    # Nothing new the second time, and nothing downloaded again.
    before = len(served.requests)
    code, report = update_json(cache, base)
    assert code == 0 and report["arrived"] == []
    assert [p for p in served.paths()[before:] if not p.startswith(f"{TK}/Zaak")] == []


def test_fetch_by_zaak_and_document_number(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    proc = run(cache, base, "fetch", "2022d24567")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("fetched ah-tk-20232024-1234: ")  # what the answer's XML reads as
    assert f"/{ANSWER_KEY}.xml" in served.paths()
    proc = run(cache, base, "fetch", "2022Z09230")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 3  # the questions, the Mededeling, the answer (unchanged)
    assert "ah-tk-20232024-1234: unchanged" in proc.stdout


# -- faults: nothing stored is lost or corrupted, and each is one line


def _followed_dossier(cache: Path, base: str) -> None:
    assert run(cache, base, "fetch", "kst-36200-VI-99").returncode == 0
    assert run(cache, base, "follow", "36200-VI", "--since", "2023-01-01").returncode == 0


def _sru_route(served: Sources, route: Route) -> None:
    served.routes[f"{REPO}/sru"] = route


def test_update_waits_out_a_429_with_retry_after(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    _followed_dossier(cache, base)
    calls: list[float] = []
    real = served._sru

    def busy_once(handler: BaseHTTPRequestHandler) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            handler.send_response(429)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            real(handler)

    _sru_route(served, busy_once)
    code, report = update_json(cache, base)
    assert code == 0, report
    assert calls[1] - calls[0] >= 0.9  # it waited as it was told
    assert {a["doc_id"] for a in report["arrived"]} == {"kst-36200-VI-99", "kst-36200-VI-100"}


@pytest.mark.parametrize("fault", ["500", "malformed", "timeout", "down"])
def test_a_failing_search_changes_nothing(site: tuple[Sources, str], tmp_path: Path, fault: str) -> None:
    served, base = site
    cache = tmp_path / "cache"
    _followed_dossier(cache, base)
    before, follows_before = state(cache), followed(cache, base)
    env = {}
    if fault == "500":
        served.add(f"{REPO}/sru", b"oops", "text/plain", status=500)
    elif fault == "malformed":
        served.add(f"{REPO}/sru", (FETCH / "sru-malformed.xml").read_bytes())
    elif fault == "timeout":

        def slow(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(2.5)
            _send(handler, PAGE1, XML)

        _sru_route(served, slow)
        env["KAMERLEZER_FETCH_TIMEOUT"] = "1"
    proc = run(cache, base if fault != "down" else f"http://127.0.0.1:{free_port()}", "update", **env)
    assert proc.returncode == 1
    lines = error_lines(proc)
    expected = {
        "500": "dossier 36200-VI: the server answered 500",
        "malformed": "dossier 36200-VI: http://127.0.0.1:",
        "timeout": "dossier 36200-VI: could not reach 127.0.0.1:",
        "down": "dossier 36200-VI: could not reach 127.0.0.1:",
    }[fault]
    assert lines[0].startswith(expected), lines
    if fault == "malformed":
        assert "not a readable search response" in lines[0]
    if fault in ("timeout", "down"):
        assert lines[1].startswith("stopped: a source could not be reached") and len(lines) == 2
    else:
        assert len(lines) == 1
    assert state(cache) == before
    assert followed(cache, base) == follows_before  # not moved on: the next update asks the same again


def test_a_truncated_document_is_asked_for_again(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    _followed_dossier(cache, base)
    served.routes["/kst-36200-VI-100.xml"] = cut_short(K100_XML, XML)
    code, report = update_json(cache, base)
    assert code == 1
    [problem] = report["problems"]
    assert problem["item"] == "kst-36200-VI-100" and problem["problem"].startswith("the download broke off at ")
    assert not (cache / "downloads" / "kst-36200-VI-100.xml").exists()
    assert "kst-36200-VI-100" not in listing(cache)
    [follow] = followed(cache, base)
    assert follow["pending"] == ["kst-36200-VI-100"] and follow["since"] == "2023-01-01"
    # The next update goes on with what is left, without searching again, and finishes.
    served.add("/kst-36200-VI-100.xml", K100_XML)
    searched = len(served.queries)
    code, report = update_json(cache, base)
    assert code == 0, report
    assert report["resumed"] == ["dossier 36200-VI"]
    assert [a["doc_id"] for a in report["arrived"]] == ["kst-36200-VI-100"]
    assert len(served.queries) == searched
    assert followed(cache, base)[0]["pending"] == []


def test_a_soft_404_of_a_listed_document_is_left_out(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    _followed_dossier(cache, base)

    served.routes["/kst-36200-VI-100.xml"] = to_error_page()
    served.routes["/kst-36200-VI-100.pdf"] = to_error_page()
    proc = run(cache, base, "update")
    assert proc.returncode == 0, proc.stderr
    assert "dossier 36200-VI: kst-36200-VI-100 is no longer there; left out" in error_lines(proc)
    assert "kst-36200-VI-100" not in listing(cache)
    assert followed(cache, base)[0]["pending"] == []


def test_an_update_killed_half_way_resumes_where_it_stopped(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    cache = tmp_path / "cache"
    _followed_dossier(cache, base)
    asked = []

    def hang(handler: BaseHTTPRequestHandler) -> None:
        asked.append(1)
        time.sleep(4)
        _send(handler, K100_XML, XML)

    served.routes["/kst-36200-VI-100.xml"] = hang
    proc = subprocess.Popen([str(KAMERLEZER), "--cache", str(cache), "update"], env=fetch_env(base),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while not asked and time.monotonic() < deadline:
        time.sleep(0.05)
    assert asked, "the update never asked for the second document"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close() if proc.stdout else None
    proc.stderr.close() if proc.stderr else None
    [follow] = followed(cache, base)
    assert follow["pending"] == ["kst-36200-VI-100"]  # the corrected 99 was imported before the kill
    assert "Er zijn vier maatregelen" in kamerlezer("--cache", cache, "show", "kst-36200-VI-99").stdout
    served.add("/kst-36200-VI-100.xml", K100_XML)
    searched = len(served.queries)
    code, report = update_json(cache, base)
    assert code == 0, report
    assert report["resumed"] == ["dossier 36200-VI"] and len(served.queries) == searched
    assert set(listing(cache)) == {"kst-36200-VI-99", "kst-36200-VI-100"}


def test_update_with_nothing_followed(tmp_path: Path) -> None:
    proc = kamerlezer("--cache", tmp_path / "cache", "update", env=fetch_env(f"http://127.0.0.1:{free_port()}"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "nothing followed (kamerlezer follow DOSSIER|ZAAK|KEY)"


def test_the_sources_from_the_config_file(site: tuple[Sources, str], tmp_path: Path) -> None:
    served, base = site
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'[sources]\nofficial = "{base}"\nrepository = "ftp://nope"\n')
    env = fetch_env(base, KAMERLEZER_CONFIG=str(config))
    del env["KAMERLEZER_OFFICIAL_URL"], env["KAMERLEZER_REPOSITORY_URL"]  # from the config file only
    proc = kamerlezer("--cache", tmp_path / "cache", "fetch", "kst-36200-VI-99", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("fetched kst-36200-VI-99: ")
    [line] = error_lines(proc)  # the broken setting is said, and the default kept for it
    assert line.startswith(f"{config / 'config.toml'}: ") and "repository" in line
