"""Fetching a document from the official repository by its key, into the library.

    report = fetch_keys(lib, ["kst-19637-2375"])      # [Fetched]

For a key (or an address on zoek.officielebekendmakingen.nl) the official XML and its
metadata.xml are downloaded (`{OFFICIAL}/{key}.xml`, `{OFFICIAL}/{key}/metadata.xml`), else the
PDF (`{OFFICIAL}/{key}.pdf`). What was downloaded is kept in the cache's `downloads/` folder and
imported from there with `Library.import_paths`, as a file the user imports: the cache keeps its
source, so a rebuild never needs the network. Everything is downloaded whole before anything is
written; a download that fails changes nothing, and an import that fails puts back what was
in `downloads/` before.
"""

from __future__ import annotations

import contextlib
import os
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from store.atomic import atomic_write, ensure_private_dir
from store.fetch.http import Client, FetchError, NotFound, Response, Unreachable
from store.files.sniff import sniff
from store.formats import KEY, is_key
from store.library import Library

__all__ = ["Client", "FetchError", "Fetched", "NotFound", "Unreachable", "fetch_keys", "key_of", "official_url"]

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl"
REPOSITORY_URL = "https://repository.overheid.nl"
DOWNLOADS = "downloads"


def official_url() -> str:
    return (os.environ.get("KAMERLEZER_OFFICIAL_URL") or OFFICIAL_URL).rstrip("/")


def repository_url() -> str:
    return (os.environ.get("KAMERLEZER_REPOSITORY_URL") or REPOSITORY_URL).rstrip("/")


def key_of(text: str) -> str | None:
    """The key a command-line argument names: a key (`kst-19637-2375`), or an address of its page
    on the official site (`https://zoek.officielebekendmakingen.nl/kst-19637-2375.html`); None else."""
    text = text.strip()
    if is_key(text):
        return text
    parts = urllib.parse.urlsplit(text)
    hosts = {urllib.parse.urlsplit(OFFICIAL_URL).netloc, urllib.parse.urlsplit(official_url()).netloc}
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        return None
    name = parts.path.strip("/").split("/")[0]
    for suffix in (".html", ".xml", ".pdf"):
        name = name.removesuffix(suffix)
    return name if KEY.fullmatch(name) else None


@dataclass(frozen=True)
class Fetched:
    key: str
    doc_id: str | None = None  # the document it gave (None when it failed)
    title: str = ""
    unchanged: bool = False
    problem: str | None = None  # one line, when it failed


@dataclass(frozen=True)
class _Download:
    files: dict[str, bytes]  # the names in downloads/ and their bytes; the first is the document


def download(key: str, client: Client, base: str | None = None) -> _Download:
    """The official XML (with its metadata.xml when there is one), else the PDF; FetchError else."""
    base = base or official_url()
    xml_url, pdf_url = f"{base}/{key}.xml", f"{base}/{key}.pdf"
    try:
        xml = _expect(client.get(xml_url), "xml")
    except NotFound:
        try:
            pdf = _expect(client.get(pdf_url), "pdf")
        except NotFound:
            raise FetchError(f"not found at {xml_url} nor {pdf_url}") from None
        return _Download({f"{key}.pdf": pdf})
    try:
        metadata: bytes | None = _expect(client.get(f"{base}/{key}/metadata.xml"), "xml")
    except NotFound:
        metadata = None
    files = {f"{key}.xml": xml}
    if metadata is not None:
        files[f"{key}.metadata.xml"] = metadata
    return _Download(files)


def _expect(resp: Response, kind: str) -> bytes:
    """The body if it is what was asked for; an HTML page (the site's error page) is not found."""
    found = sniff(resp.body)
    if found.format == "html" or (kind == "xml" and found.format != "xml") or (kind == "pdf" and found.format != "pdf"):
        raise NotFound(resp.url)
    return resp.body


def fetch_keys(lib: Library, keys: Iterable[str], client: Client | None = None) -> list[Fetched]:
    """Fetch and import each key, one at a time; a failure is reported, never raised (bar a cache
    that cannot be written)."""
    client = client or Client()
    results: list[Fetched] = []
    for key in dict.fromkeys(keys):
        try:
            got = download(key, client)
        except FetchError as exc:
            results.append(Fetched(key, problem=str(exc)))
            continue
        results.append(_store(lib, key, got))
    return results


def _store(lib: Library, key: str, got: _Download) -> Fetched:
    folder = ensure_private_dir(lib.path / DOWNLOADS)
    before: dict[Path, bytes | None] = {}
    for name in (f"{key}.xml", f"{key}.metadata.xml", f"{key}.pdf"):
        path = folder / name
        before[path] = path.read_bytes() if path.is_file() else None
    try:
        for name, data in got.files.items():
            atomic_write(folder / name, data)
        for path in before:  # a metadata.xml of an older download that this one has not
            if path.name not in got.files and path.name.endswith(".metadata.xml") and (folder / f"{key}.xml").is_file():
                path.unlink(missing_ok=True)
        document = folder / next(iter(got.files))
        report = lib.import_paths([document])
    except BaseException:
        _restore(before)
        raise
    if report.failed:
        _restore(before)
        return Fetched(key, problem=f"downloaded, but could not be read: {report.failed[0][1]}")
    ids = report.added + report.replaced + report.unchanged
    if not ids:  # pragma: no cover - an import of one readable file gives one document
        _restore(before)
        return Fetched(key, problem="downloaded, but no document came of it")
    doc_id = ids[0]
    entry = lib.get(doc_id)
    return Fetched(key, doc_id, entry.title if entry else "", unchanged=bool(report.unchanged))


def _restore(before: dict[Path, bytes | None]) -> None:
    for path, data in before.items():
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, data)
