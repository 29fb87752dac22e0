"""Fetching documents from the official sources into the library, and keeping followed ones new.

    fetch(lib, ["kst-19637-2375", "2022Z09230", "2019D40742"])     # [Fetched, ...]

A key is fetched from the official site (store.fetch.official: the XML and its metadata.xml,
else the PDF); a zaak or document number is looked up in the Tweede Kamer's open data
(store.fetch.odata) and each document it names fetched as the best file there is for it
(store.fetch.tk). What was downloaded is kept in the cache's `downloads/` and imported from
there (store.fetch.keeping), so a rebuild never needs the network and a download that breaks
off changes nothing. `store.fetch.update` keeps what the user follows up to date.

Where the sources are is store.fetch.sources (the environment, then config.toml).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable
from dataclasses import replace

from store.fetch.http import Cancelled, Client, FetchError, NotFound, Unreachable
from store.fetch.keeping import downloaded, keep
from store.fetch.model import Download, Fetched
from store.fetch.odata import TkDocument, documents_for
from store.fetch.official import download
from store.fetch.sources import OFFICIAL_URL, Sources, load_sources
from store.fetch.tk import tk_download
from store.formats import KEY, is_document_number, is_key, is_zaak_number, work_key
from store.library import Library

__all__ = [
    "Cancelled", "Client", "FetchError", "Fetched", "NotFound", "Unreachable", "fetch", "fetch_answer", "item_of",
    "key_of",
]  # fmt: skip


def key_of(text: str, sources: Sources | None = None) -> str | None:
    """The key a command-line argument names: a key (`kst-19637-2375`), or an address of its page
    on the official site (`https://zoek.officielebekendmakingen.nl/kst-19637-2375.html`); None else."""
    text = text.strip()
    if is_key(text):
        return text
    parts = urllib.parse.urlsplit(text)
    official = (sources or load_sources()).official
    hosts = {urllib.parse.urlsplit(OFFICIAL_URL).netloc, urllib.parse.urlsplit(official).netloc}
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        return None
    name = parts.path.strip("/").split("/")[0]
    for suffix in (".html", ".xml", ".pdf"):
        name = name.removesuffix(suffix)
    return name if KEY.fullmatch(name) else None


def item_of(text: str, sources: Sources | None = None) -> str | None:
    """What `kamerlezer fetch` can fetch: a key or an address of one, a zaak number (`2022Z09230`)
    or a document number (`2019D40742`), as the canonical text; None for anything else."""
    key = key_of(text, sources)
    if key is not None:
        return key
    bare = text.strip().upper()
    return bare if is_zaak_number(bare) or is_document_number(bare) else None


def present(lib: Library, doc: TkDocument) -> bool:
    """Whether the library has this document of the Kamer's already (under its key, or as its file)."""
    if doc.key and (lib.resolve(doc.key) or downloaded(lib, work_key(doc.key))):
        return True  # by its key, or by the file fetched under it (which may read as another id)
    return downloaded(lib, doc.number)


def fetch(
    lib: Library,
    items: Iterable[str],
    client: Client | None = None,
    sources: Sources | None = None,
    *,
    skip_present: bool = False,
) -> list[Fetched]:
    """Fetch and import each item (see `item_of`), one request at a time. A failure is reported in
    its Fetched, never raised; only Cancelled (the user stopped it) and a cache that cannot be
    written are. An item written `?key` is optional: when it is not there it is `absent`, not a
    problem (a corrected version that may have appeared). With `skip_present`, the documents a
    zaak names that the library has are not fetched again."""
    client = client or Client()
    sources = sources or load_sources()
    results: list[Fetched] = []
    for asked in dict.fromkeys(items):
        optional, item = asked.startswith("?"), asked.removeprefix("?")
        try:
            if is_key(item):
                got: list[Download | Fetched] = [download(item, client, sources.official)]
            else:
                docs = documents_for(client, item, sources.tk_api)
                got = [_tk(lib, item, doc, client, sources) for doc in docs if not (skip_present and present(lib, doc))]
        except Cancelled:
            raise
        except NotFound as exc:
            results.append(Fetched(item, absent=True) if optional else Fetched(item, problem=str(exc), missing=True))
            continue
        except FetchError as exc:
            results.append(Fetched(item, problem=str(exc), offline=isinstance(exc, Unreachable)))
            continue
        for one in got:
            results.append(one if isinstance(one, Fetched) else keep(lib, item, one, client.cancel))
    return results


def _tk(lib: Library, item: str, doc: TkDocument, client: Client, sources: Sources) -> Download | Fetched:
    """One document of a zaak: its download, or the Fetched that says why there is none (one
    document that fails does not stop the others)."""
    try:
        return tk_download(doc, client, sources)
    except Cancelled:
        raise
    except FetchError as exc:
        what = doc.key or doc.number
        return Fetched(
            item, problem=f"{what}: {exc}", offline=isinstance(exc, Unreachable), missing=isinstance(exc, NotFound)
        )


def fetch_answer(
    lib: Library, doc_id: str, client: Client | None = None, sources: Sources | None = None
) -> list[Fetched]:
    """The answer (and any Mededeling) to the written questions `doc_id`, from its zaak; the
    documents of the zaak the library has are not fetched again. [] when there is nothing new."""
    zaak = zaak_of(lib, doc_id)
    if zaak is None:
        return [Fetched(doc_id, problem="names no zaak, so its answer cannot be looked up")]
    found = fetch(lib, [zaak], client, sources, skip_present=True)
    return [replace(f, item=doc_id) for f in found]


def zaak_of(lib: Library, doc_id: str) -> str | None:
    """The zaak number of a document of written questions (from its id `kv-tk-2024Z18775`, or what it prints)."""
    tail = doc_id.rsplit("-", 1)[-1].upper()
    if doc_id.startswith("kv-") and is_zaak_number(tail):
        return tail
    try:
        zaak = lib.load(doc_id).identifiers.zaak
    except KeyError:
        return None
    return zaak.upper() if zaak and is_zaak_number(zaak.upper()) else None
