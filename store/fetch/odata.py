"""The Tweede Kamer's open data (OData v4 at `gegevensmagazijn.tweedekamer.nl`): which documents
a zaak number (`2022Z09230`) or a document number (`2019D40742`) stands for, and under which
official key each is published.

    base = tk_api_base()
    for doc in documents_for(Client(), "2022Z09230", base):
        doc.key or resource_url(base, doc.id)   # "kv-tk-2022Z09230", "ah-tk-20212022-3072", ...

A response is `{"value": [...], "@odata.nextLink": "..."}`; relations asked for with `$expand`
come inside each entity. The key is derived from the fields the service documents:

- a Kamerstuk: its dossier (`Kamerstukdossier.Nummer`, `Toevoeging`) and `Volgnummer` > 0
  -> `kst-36600-VI-102`;
- an answer printed in the Aanhangsel: `Aanhangselnummer` "242501244" (the two years of the
  vergaderjaar, then the number in five digits) -> `ah-tk-20242025-1244`;
- written questions (`Soort` "Schriftelijke vragen") -> `kv-tk-` and their zaak number;
- anything else (a Mededeling, a letter outside a dossier) has none: its file is at
  `resource_url`.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from store.fetch.http import Client, FetchError, NotFound
from store.fetch.sources import load_sources
from store.formats import (
    Chamber,
    aanhangsel_key,
    chamber_of,
    is_document_number,
    is_key,
    is_zaak_number,
    kamerstuk_key,
    kamervragen_key,
)

MAX_PAGES = 50  # of one answer, following @odata.nextLink; the service pages at 250 entities

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# "242501244": vergaderjaar 2024-2025, number 1244.
_AANHANGSEL = re.compile(r"(\d{2})(\d{2})(\d{5})")
_YEAR = re.compile(r"(\d{4})\s*[-/–]\s*(\d{2}|\d{4})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What stays readable in an address: OData's own signs. Spaces become %20.
_SAFE = "$()',="


@dataclass(frozen=True)
class TkDocument:
    id: str  # the GUID, for resource_url
    number: str  # DocumentNummer: "2019D40742"
    soort: str  # "Schriftelijke vragen", "Antwoord schriftelijke vragen", "Motie", ...
    title: str  # Onderwerp, else Titel
    date: str | None  # "YYYY-MM-DD"
    key: str | None  # the official key it is published under; None: fetch resource_url instead
    content_type: str | None  # of the file at resource_url
    zaken: tuple[str, ...]  # the zaak numbers it belongs to
    modified: str | None  # GewijzigdOp


# -- numbers and addresses -----------------------------------------------------------------


def tk_api_base() -> str:
    return load_sources().tk_api


def _address(base: str, entity: str, options: Mapping[str, str]) -> str:
    query = "&".join(f"{name}={urllib.parse.quote(value, safe=_SAFE)}" for name, value in options.items())
    return f"{base.rstrip('/')}/{entity}?{query}"


def document_query_url(base: str, number: str) -> str:
    number = _canonical(number, is_document_number, "document")
    options = {"$filter": f"DocumentNummer eq '{number}'", "$expand": "DocumentVersie,Zaak,Kamerstukdossier"}
    return _address(base, "Document", options)


def zaak_query_url(base: str, number: str) -> str:
    number = _canonical(number, is_zaak_number, "zaak")
    return _address(base, "Zaak", {"$filter": f"Nummer eq '{number}'", "$expand": "Document($expand=Kamerstukdossier)"})


def resource_url(base: str, doc_id: str) -> str:
    """The address of a document's file (PDF or Word), by its GUID."""
    if not _GUID.fullmatch(doc_id.strip()):
        raise ValueError(f"not a document id: {doc_id!r}")
    return f"{base.rstrip('/')}/Document({doc_id.strip().lower()})/resource"


def _canonical(number: str, test: Callable[[str], bool], what: str) -> str:
    # Checked before it goes into a $filter: a quote in it would change the query.
    if not test(number):
        raise ValueError(f"not a {what} number: {number!r}")
    return number.strip().upper()


# -- reading a response --------------------------------------------------------------------


def _parse(data: bytes, source: str) -> tuple[list[dict[str, Any]], str | None]:
    """The entities of one response and the address of the next page (None on the last)."""
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FetchError(f"{source}: not a readable open-data answer ({_one_line(str(exc))})") from None
    value = body.get("value") if isinstance(body, dict) else None
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise FetchError(f"{source}: not an open-data answer (no list of entities in 'value')")
    following = body.get("@odata.nextLink")
    return value, following if isinstance(following, str) and following else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _related(entity: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    """An expanded relation, whether the service gives a list, one object, or null; the deleted
    ones left out."""
    value = entity.get(name)
    items = value if isinstance(value, list) else [value]
    return [i for i in items if isinstance(i, dict) and not i.get("Verwijderd")]


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_documents(data: bytes, source: str) -> list[TkDocument]:
    """The documents of a Document response (deleted ones left out)."""
    entities, _ = _parse(data, source)
    return list(_documents(entities))


def read_zaak_documents(data: bytes, source: str) -> list[TkDocument]:
    """The documents of every zaak in a Zaak response, each knowing its zaak numbers."""
    entities, _ = _parse(data, source)
    return list(_zaak_documents(entities))


def _documents(entities: Iterable[dict[str, Any]]) -> Iterator[TkDocument]:
    for entity in entities:
        if not entity.get("Verwijderd"):
            zaken = [_string(z.get("Nummer")) for z in _related(entity, "Zaak")]
            yield _document(entity, tuple(dict.fromkeys(z for z in zaken if z)))


def _zaak_documents(entities: Iterable[dict[str, Any]]) -> Iterator[TkDocument]:
    # A document in two zaken is one document, in both.
    found: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for zaak in entities:
        if zaak.get("Verwijderd"):
            continue
        number = _string(zaak.get("Nummer"))
        for entity in _related(zaak, "Document"):
            _, numbers = found.setdefault(_string(entity.get("Id")) or str(id(entity)), (entity, []))
            if number and number not in numbers:
                numbers.append(number)
    for entity, numbers in found.values():
        yield _document(entity, tuple(numbers))


def _document(entity: Mapping[str, Any], zaken: tuple[str, ...]) -> TkDocument:
    date = _string(entity.get("Datum"))[:10]
    return TkDocument(
        id=_string(entity.get("Id")),
        number=_string(entity.get("DocumentNummer")).upper(),
        soort=_string(entity.get("Soort")),
        title=_string(entity.get("Onderwerp")) or _string(entity.get("Titel")),
        date=date if _DATE.fullmatch(date) else None,
        key=document_key(entity, zaken),
        content_type=_string(entity.get("ContentType")) or None,
        zaken=zaken,
        modified=_string(entity.get("GewijzigdOp")) or None,
    )


def document_key(entity: Mapping[str, Any], zaken: Iterable[str] = ()) -> str | None:
    """The official key a Document entity is published under (see the module's docstring)."""
    chamber: Chamber = chamber_of(entity["Kamer"]) if isinstance(entity.get("Kamer"), str) else "tk"
    candidates = (
        _kamerstuk(entity),
        _aanhangsel(entity, chamber),
        _kamervragen(entity, zaken, chamber),
    )
    return next((key for key in candidates if key is not None and is_key(key)), None)


def _kamerstuk(entity: Mapping[str, Any]) -> str | None:
    volgnummer = entity.get("Volgnummer")
    if not isinstance(volgnummer, int) or isinstance(volgnummer, bool) or volgnummer <= 0:
        return None
    for dossier in _related(entity, "Kamerstukdossier"):
        number = dossier.get("Nummer")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        if isinstance(number, str) and number.strip().isdigit():
            return kamerstuk_key(number.strip(), str(volgnummer), _string(dossier.get("Toevoeging")) or None)
    return None


def _aanhangsel(entity: Mapping[str, Any], chamber: Chamber) -> str | None:
    raw = entity.get("Aanhangselnummer")
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else _string(raw)
    if not text.isdigit():
        return None
    if m := _AANHANGSEL.fullmatch(text):
        first, second, nr = (int(g) for g in m.groups())
        if (first + 1) % 100 == second:
            century = 1900 if first >= 90 else 2000
            return aanhangsel_key(chamber, f"{century + first}-{century + first + 1}", nr)
    # A plain number: the vergaderjaar field says the year.
    year = _YEAR.fullmatch(_string(entity.get("Vergaderjaar")))
    return aanhangsel_key(chamber, year.group(0), int(text)) if year else None


def _kamervragen(entity: Mapping[str, Any], zaken: Iterable[str], chamber: Chamber) -> str | None:
    if _string(entity.get("Soort")).lower() != "schriftelijke vragen":
        return None
    zaak = next((z.upper() for z in zaken if is_zaak_number(z)), None)
    return kamervragen_key(zaak, chamber) if zaak else None


# -- walking the pages ---------------------------------------------------------------------


def documents_for(client: Client, number: str, base: str) -> list[TkDocument]:
    """The documents a zaak number or a document number stands for. ValueError for text of
    another shape; NotFound when there is no such zaak or document; FetchError else."""
    number = number.strip().upper()
    if is_zaak_number(number):
        url, read = zaak_query_url(base, number), _zaak_documents
    elif is_document_number(number):
        url, read = document_query_url(base, number), _documents
    else:
        raise ValueError(f"not a zaak number (2022Z09230) or a document number (2019D40742): {number!r}")
    entities = list(_pages(client, url))
    live = [e for e in entities if not e.get("Verwijderd")]
    if not live:
        raise _missing(number, url)
    return list(read(live))


def _missing(number: str, url: str) -> NotFound:
    what = "zaak" if is_zaak_number(number) else "document"
    error = NotFound(url)  # caught as any NotFound, but saying the number rather than the query
    error.args = (f"no {what} {number} at {urllib.parse.urlsplit(url).netloc or url}",)
    return error


def _pages(client: Client, url: str) -> Iterator[dict[str, Any]]:
    """The entities of an answer, page after page; a next page that was read before, on another
    host, or past MAX_PAGES ends it with a FetchError rather than a loop or a silent cut."""
    host = urllib.parse.urlsplit(url).netloc
    seen: set[str] = set()
    address: str | None = url
    while address is not None:
        if len(seen) >= MAX_PAGES:
            raise FetchError(f"{url}: more than {MAX_PAGES} pages of results")
        seen.add(address)
        entities, following = _parse(client.get(address).body, address)
        yield from entities
        if following is not None:
            following = urllib.parse.urljoin(address, following)
            if urllib.parse.urlsplit(following).netloc != host:
                raise FetchError(f"{address}: the next page is on another host ({following})")
            if following in seen:
                return  # a server pointing back at a page already read: nothing more to read
        address = following
