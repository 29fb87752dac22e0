"""`kamerlezer fetch KEY|URL`: a real HTTP server on 127.0.0.1 serving recorded files, and the
installed command in a real process pointed at it with KAMERLEZER_OFFICIAL_URL."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.cli_run import error_lines as _error_lines
from tests.cli_run import kamerlezer
from tests.fetch_server import Site, cut_short, fetch_env, free_port, serving, to_error_page

DATA = Path(__file__).parent / "data"
OFFICIAL = DATA / "official"
AH_XML = (OFFICIAL / "written-ah-tk-20232024-1234.xml").read_bytes()
AH_META = (OFFICIAL / "written-ah-tk-20232024-1234.metadata.xml").read_bytes()
KST_XML = (OFFICIAL / "written-kst" / "kst-36200-VI-99.xml").read_bytes()
KST_META = (OFFICIAL / "written-kst" / "metadata.xml").read_bytes()
PDF = (DATA / "pdf" / "00fe7edd-24c8-4857-98da-774ed3b06836.pdf").read_bytes()  # ah-tk-20232024-1314

AH_TITLE = "Vragen van het lid Van Campen (VVD) aan de Minister van Infrastructuur en Waterstaat over het bericht"
KST_TITLE = "Vaststelling van de begrotingsstaten van het Ministerie van Justitie en Veiligheid (VI)"


def _site() -> Site:
    site = Site()
    site.routes.update({
        "/ah-tk-20232024-1234.xml": (200, {"Content-Type": "text/xml"}, AH_XML),
        "/ah-tk-20232024-1234/metadata.xml": (200, {"Content-Type": "text/xml"}, AH_META),
        "/kst-36200-VI-99.xml": (200, {"Content-Type": "application/xml"}, KST_XML),
        "/kst-36200-VI-99/metadata.xml": (200, {"Content-Type": "application/xml"}, KST_META),
        "/ah-tk-20232024-1314.pdf": (200, {"Content-Type": "application/pdf"}, PDF),
    })  # fmt: skip
    return site


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    with serving(_site()) as served:
        yield served


def error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines on stderr, each `kamerlezer: ...` (the prefix taken off); never a traceback."""
    lines = _error_lines(proc)
    assert all(line.startswith("kamerlezer: ") for line in lines), lines
    return [line.removeprefix("kamerlezer: ") for line in lines]


def _fetch(cache: Path, base: str, *keys: str) -> subprocess.CompletedProcess[str]:
    return kamerlezer("--cache", cache, "fetch", *keys, env=fetch_env(base))


def _listing(cache: Path) -> list[dict]:
    proc = kamerlezer("--cache", cache, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _entry(cache: Path, doc_id: str) -> dict:
    return next(e for e in _listing(cache) if e["id"] == doc_id)


def _seeded(cache: Path, base: str) -> list[dict]:
    """A library with one fetched document, to see that a fault leaves it as it was."""
    assert _fetch(cache, base, "kst-36200-VI-99").returncode == 0
    return _listing(cache)


def test_fetch_by_key_reads_the_xml_with_its_metadata(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    cache = tmp_path / "cache"
    proc = _fetch(cache, base, "ah-tk-20232024-1234")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"fetched ah-tk-20232024-1234: {AH_TITLE}")
    entry = _entry(cache, "ah-tk-20232024-1234")
    assert entry["title"].startswith(AH_TITLE) and entry["date"] == "2024-02-15"
    # Only GETs, with a User-Agent naming kamerlezer; the XML and its metadata, nothing else.
    assert [(m, p) for m, p, _ in state.requests] == [
        ("GET", "/ah-tk-20232024-1234.xml"), ("GET", "/ah-tk-20232024-1234/metadata.xml"),
    ]  # fmt: skip
    assert all(agent.startswith("kamerlezer/") for _, _, agent in state.requests)
    # Kept in the cache, so the source recorded exists and a rebuild needs no network.
    assert (cache / "downloads" / "ah-tk-20232024-1234.xml").read_bytes() == AH_XML
    assert (cache / "downloads" / "ah-tk-20232024-1234.metadata.xml").read_bytes() == AH_META


def test_fetch_by_address_and_again_is_unchanged(site: tuple[Site, str], tmp_path: Path) -> None:
    _, base = site
    cache = tmp_path / "cache"
    proc = _fetch(cache, base, "https://zoek.officielebekendmakingen.nl/kst-36200-VI-99.html")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"fetched kst-36200-VI-99: {KST_TITLE}")
    entry = _entry(cache, "kst-36200-VI-99")
    assert entry["date"] == "2023-02-15"
    before = _listing(cache)
    again = _fetch(cache, base, "kst-36200-VI-99")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "kst-36200-VI-99: unchanged"
    assert _listing(cache) == before


def test_fetch_falls_back_to_the_pdf(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    cache = tmp_path / "cache"
    proc = _fetch(cache, base, "ah-tk-20232024-1314")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("fetched ah-tk-20232024-1314: Vragen van de leden Mutluer")
    assert [p for _, p, _ in state.requests] == ["/ah-tk-20232024-1314.xml", "/ah-tk-20232024-1314.pdf"]
    assert _entry(cache, "ah-tk-20232024-1314")["date"] == "2024-03-25"


def test_a_key_that_is_not_there(site: tuple[Site, str], tmp_path: Path) -> None:
    _, base = site
    cache = tmp_path / "cache"
    before = _seeded(cache, base)
    proc = _fetch(cache, base, "kst-12345-6")
    assert proc.returncode == 1
    assert error_lines(proc) == [
        f"kst-12345-6: not found at {base}/kst-12345-6.xml nor {base}/kst-12345-6.pdf: nothing changed"
    ]
    assert _listing(cache) == before


def test_a_soft_404_is_not_found(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site

    state.routes["/kst-12345-7.xml"] = to_error_page("/Errors/404.htm?aspxerrorpath=/x")
    state.routes["/Errors/404.htm?aspxerrorpath=/x"] = state.routes["/Errors/404.htm"]
    state.routes["/kst-12345-7.pdf"] = (200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html><p>Fout</p>")
    cache = tmp_path / "cache"
    before = _seeded(cache, base)
    proc = _fetch(cache, base, "kst-12345-7")
    assert proc.returncode == 1
    [line] = error_lines(proc)
    assert line.startswith("kst-12345-7: not found at ") and line.endswith(": nothing changed")
    assert _listing(cache) == before
    assert not (cache / "downloads" / "kst-12345-7.xml").exists()


def test_429_with_retry_after_then_success(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    served = state.routes["/ah-tk-20232024-1234.xml"]
    calls = []

    def busy_once(handler: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            handler.send_response(429)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        assert not callable(served)
        status, headers, body = served
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    state.routes["/ah-tk-20232024-1234.xml"] = busy_once
    cache = tmp_path / "cache"
    proc = _fetch(cache, base, "ah-tk-20232024-1234")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("fetched ah-tk-20232024-1234: ")
    assert len(calls) == 2


def test_a_server_error_stores_nothing(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    state.routes["/kst-12345-8.xml"] = (500, {}, b"oops")
    cache = tmp_path / "cache"
    before = _seeded(cache, base)
    proc = _fetch(cache, base, "kst-12345-8")
    assert proc.returncode == 1
    assert error_lines(proc) == [
        f"kst-12345-8: the server answered 500 Internal Server Error at {base}/kst-12345-8.xml: nothing changed"
    ]
    assert _listing(cache) == before
    assert not (cache / "downloads" / "kst-12345-8.xml").exists()


def test_a_truncated_download_stores_nothing(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site

    state.routes["/ah-tk-20232024-1314.pdf"] = cut_short(PDF)
    cache = tmp_path / "cache"
    before = _seeded(cache, base)
    proc = _fetch(cache, base, "ah-tk-20232024-1314")
    assert proc.returncode == 1
    [line] = error_lines(proc)
    assert line.startswith("ah-tk-20232024-1314: the download broke off at ") and line.endswith(": nothing changed")
    assert _listing(cache) == before
    assert not (cache / "downloads" / "ah-tk-20232024-1314.pdf").exists()


def test_the_network_down_is_one_line(tmp_path: Path) -> None:
    port = free_port()
    proc = _fetch(tmp_path / "cache", f"http://127.0.0.1:{port}", "kst-36200-VI-99", "ah-tk-20232024-1234")
    assert proc.returncode == 1
    lines = error_lines(proc)
    assert len(lines) == 2
    assert lines[0].startswith(f"kst-36200-VI-99: could not reach 127.0.0.1:{port} (")
    assert all(line.endswith(": nothing changed") for line in lines)
    assert _listing(tmp_path / "cache") == []


def test_several_keys_one_missing(site: tuple[Site, str], tmp_path: Path) -> None:
    _, base = site
    cache = tmp_path / "cache"
    proc = _fetch(cache, base, "kst-36200-VI-99", "kst-12345-9", "ah-tk-20232024-1234")
    assert proc.returncode == 1
    assert [line.split(":")[0] for line in proc.stdout.splitlines()] == [
        "fetched kst-36200-VI-99", "fetched ah-tk-20232024-1234",
    ]  # fmt: skip
    assert [line.split(":")[0] for line in error_lines(proc)] == ["kst-12345-9"]
    assert {e["id"] for e in _listing(cache)} == {"kst-36200-VI-99", "ah-tk-20232024-1234"}


@pytest.mark.parametrize("wrong", ["not-a-key", "https://example.org/kst-19637-2375.html", "kst-1-2"])
def test_not_a_key_is_one_line(site: tuple[Site, str], tmp_path: Path, wrong: str) -> None:
    state, base = site
    proc = _fetch(tmp_path / "cache", base, wrong)
    assert proc.returncode == 1
    [line] = error_lines(proc)
    assert line.startswith(f"{wrong}: not a key")
    assert state.requests == []


def test_key_of() -> None:
    from store.fetch import key_of

    assert key_of("kst-36600-VI-102") == "kst-36600-VI-102"
    assert key_of("https://zoek.officielebekendmakingen.nl/kst-19637-2375.html") == "kst-19637-2375"
    assert key_of("https://zoek.officielebekendmakingen.nl/h-tk-20192020-1-1") == "h-tk-20192020-1-1"
    assert key_of("kv-tk-2024Z18775") == "kv-tk-2024Z18775"
    assert key_of("https://evil.example/kst-19637-2375.html") is None
    assert key_of("stb-2018") is None


def test_retry_after_is_capped() -> None:
    from store.fetch.http import Client

    client = Client(max_wait=3)
    assert client._wait("120", 0) == 3
    assert client._wait("1", 0) == 1
    assert client._wait(None, 1) == 2
