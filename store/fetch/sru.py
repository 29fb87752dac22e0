"""The official repository's search: SRU 2.0 at `{repository}/sru`, record schema `gzd`.

    cql = dossier_query("36600-VI", since="2026-11-01")
    for page in search(Client(), cql, sources.repository):
        for record in page.records:       # Record("kst-36600-VI-102", ..., xml_url=..., pdf_url=...)
            ...

A response is `searchRetrieveResponse` with `numberOfRecords`, `records/record/recordData/gzd`
and, when there are more, `nextRecordPosition`; a refused query comes as `diagnostics`. Each
record's `gzd` holds `originalData/meta` (owmskern, owmsmantel, tpmeta) and `enrichedData` (the
addresses of its manifestations). Elements are matched by local name only: the prefixes and
even the namespaces differ between the service's answers and the snippets people save.
"""

from __future__ import annotations

import datetime
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from store.fetch.http import Client, FetchError

PRODUCT_AREA = "c.product-area==officielepublicaties"
# Oldest first, so a record added while we page lands at the end, not in a page already read.
SORT = "sortBy dt.modified/sort.ascending"
PAGE_SIZE = 50
LIMIT = 5000

# A dossier as the repository indexes it: "36600", "36600-VI", "21501-02".
_DOSSIER = re.compile(r"\d{1,6}(?:-[A-Za-z0-9]{1,8})?")
# An identifier such as "kst-36600-VI-102-n1" or "blg-1234567"; nothing CQL would read as syntax.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BARE = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Record:
    identifier: str  # "kst-36600-VI-102", "kst-36600-VI-102-n1", "blg-1234567"
    title: str
    modified: str | None  # "2026-11-03"
    kind: str  # owmskern type: "Kamerstuk", "Aanhangsel van de Handelingen", ...; "" if none
    dossiers: tuple[str, ...]  # tpmeta dossiernummer values: ("36600",)
    xml_url: str | None
    pdf_url: str | None
    preferred_url: str | None  # the page on the official site


@dataclass(frozen=True)
class Page:
    records: tuple[Record, ...]
    total: int  # numberOfRecords: all that match, not those on this page
    next_position: int | None  # where the next page starts; None on the last page


# -- queries -------------------------------------------------------------------------------


def _term(text: str) -> str:
    """A CQL search term: bare when it is letters and digits, else quoted ("21501-02")."""
    return text if _BARE.fullmatch(text) else f'"{text}"'


def dossier_query(dossier: str, since: str | None = None) -> str:
    """The publications of a dossier (modified on or after `since`, a date "YYYY-MM-DD"), oldest
    first. ValueError for a dossier or date of another shape."""
    dossier = dossier.strip()
    if not _DOSSIER.fullmatch(dossier):
        raise ValueError(f"not a dossier number: {dossier!r} (use e.g. 36600 or 36600-VI)")
    number, sep, suffix = dossier.partition("-")
    cql = f"{PRODUCT_AREA} AND w.dossiernummer=={_term(number + sep + suffix.upper())}"
    if since is not None:
        cql += f" AND dt.modified>={_date(since)}"
    return f"{cql} {SORT}"


def _date(text: str) -> str:
    text = text.strip()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    return text


def identifier_query(identifiers: Sequence[str]) -> str:
    """The publications with these identifiers. ValueError for none, or one of another shape."""
    if isinstance(identifiers, str):  # a str is a Sequence too: "kst-1" would be five queries
        identifiers = [identifiers]
    terms = []
    for identifier in dict.fromkeys(i.strip() for i in identifiers):
        if not _IDENTIFIER.fullmatch(identifier):
            raise ValueError(f"not an identifier: {identifier!r}")
        terms.append(f"dt.identifier=={_term(identifier)}")
    if not terms:
        raise ValueError("no identifiers to search for")
    return f"{PRODUCT_AREA} AND ({' OR '.join(terms)})"


def search_url(base: str, cql: str, start: int = 1, maximum: int = PAGE_SIZE) -> str:
    query = urllib.parse.urlencode(
        {
            "operation": "searchRetrieve",
            "version": "2.0",
            "query": cql,
            "startRecord": str(start),
            "maximumRecords": str(maximum),
            "recordSchema": "gzd",
        },
        quote_via=urllib.parse.quote,  # spaces as %20, as every server reads them
    )
    return f"{base.rstrip('/')}/sru?{query}"


# -- reading a response --------------------------------------------------------------------


def _local(element: ET.Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    return next((c for c in element if _local(c) == name), None)


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if element is None else [c for c in element if _local(c) == name]


def _text(element: ET.Element | None) -> str:
    """The element's text, its whitespace run together into single spaces."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def read_page(data: bytes, source: str) -> Page:
    """The records of one SRU response; FetchError (one line naming `source`) for a body that
    is not XML, not an SRU response, or a refusal (a diagnostic)."""
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise FetchError(f"{source}: not a readable search response ({_one_line(str(exc))})") from None
    if _local(root) != "searchRetrieveResponse":
        raise FetchError(f"{source}: not a search response (the document is <{_local(root)}>)")
    diagnostics = _children(_child(root, "diagnostics"), "diagnostic")
    count = _text(_child(root, "numberOfRecords"))
    # A refusal has diagnostics and no result; diagnostics beside a result are warnings
    # (SRU 2.0 allows non-fatal ones), and the records are read.
    if diagnostics and not (count.isdigit() and int(count) > 0):
        raise FetchError(f"{source}: the search was refused: {_diagnostic(diagnostics[0])}")
    if not count.isdigit():
        raise FetchError(f"{source}: not a search response (no number of records)")
    records = (_record(r) for r in _children(_child(root, "records"), "record"))
    position = _text(_child(root, "nextRecordPosition"))
    return Page(
        tuple(r for r in records if r is not None),
        int(count),
        int(position) if position.isdigit() else None,
    )


def _diagnostic(element: ET.Element) -> str:
    message, details = _text(_child(element, "message")), _text(_child(element, "details"))
    said = "; ".join(part for part in (message, details) if part)
    return said or _text(_child(element, "uri")) or "no reason given"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _record(record: ET.Element) -> Record | None:
    """One record; None for one without an identifier (a surrogate diagnostic, say)."""
    gzd = _child(_child(record, "recordData"), "gzd")
    meta = _child(_child(gzd, "originalData"), "meta")
    kern, tpmeta = _child(meta, "owmskern"), _child(meta, "tpmeta")
    identifier = _text(_child(kern, "identifier"))
    if not identifier:
        return None
    enriched = _child(gzd, "enrichedData")
    items = {c.get("manifestation"): _text(c) for c in _children(enriched, "itemUrl")}
    return Record(
        identifier=identifier,
        title=_text(_child(kern, "title")),
        modified=_text(_child(kern, "modified")) or None,
        kind=_text(_child(kern, "type")),
        dossiers=tuple(dict.fromkeys(t for t in map(_text, _children(tpmeta, "dossiernummer")) if t)),
        xml_url=items.get("xml") or None,
        pdf_url=items.get("pdf") or None,
        preferred_url=_text(_child(enriched, "preferredUrl")) or None,
    )


# -- walking the pages ---------------------------------------------------------------------


def search(
    client: Client, cql: str, base: str, *, page_size: int = PAGE_SIZE, limit: int = LIMIT, start: int = 1
) -> Iterator[Page]:
    """The pages of a search, one request each, until the last page, a page without records, or
    `limit` records. A server that points back to a page already read ends the walk: a loop
    would never end."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    position, count = start, 0
    seen: set[int] = set()
    while count < limit:
        url = search_url(base, cql, position, min(page_size, limit - count))
        page = read_page(client.get(url).body, url)
        if len(page.records) > limit - count:  # a server that sends more than it was asked for
            page = Page(page.records[: limit - count], page.total, page.next_position)
        yield page
        count += len(page.records)
        seen.add(position)
        following = page.next_position
        if following is None or not page.records or following <= position or following in seen:
            return
        position = following
