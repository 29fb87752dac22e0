"""The `metadata.xml` beside an official publication: what the repository says of the document.

It comes in two real formats, both read into one `Metadata`:

    <metadata_gegevens>                                      the site's metadata.xml
      <metadata name="DC.identifier" content="kst-36200-VI-99" />
    <owms-metadata xmlns:dcterms="http://purl.org/dc/terms/" …>   the repository's metadata_owms.xml
      <owmskern><dcterms:identifier>kst-36200-VI-99</dcterms:identifier>

A name is known by its last word ("DC.identifier", "dcterms:identifier" and "dcterms.identifier"
are all `identifier`), so both formats, and the HTML page's <meta> elements, give the same
fields. This module also holds the one safe XML parser of the official formats (`parse_xml`):
no DTD (so no entity can expand or reach outside the file), no network, a cap on nesting.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLSyntaxError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from store.errors import ParseError
from store.formats import vergaderjaar
from store.parsing.passes.dates import parse_date
from store.parsing.passes.kamerstuk_head import dossier_number
from store.parsing.passes.metadata import DOCUMENT_NR, ZAAK

METADATA_ROOTS = frozenset({"metadata_gegevens", "owms-metadata"})
# The official XML nests some twenty levels deep; a file far past that is made to break a
# reader (10,000 levels), and is refused while it is parsed, before any walk of the tree.
MAX_DEPTH = 200

_ISO = re.compile(r"((?:19|20)\d\d)-([01]\d)-([0-3]\d)")


# -- the safe parser -------------------------------------------------------------------------


def local_name(tag: object) -> str:
    """ "{http://purl.org/dc/terms/}identifier" -> "identifier"; a comment or PI -> ""."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(data: bytes, source: str) -> Element:
    """The root element of `data`, or one clear ParseError: damaged, a DTD, too deeply nested."""
    depth = 0
    root: Element | None = None
    try:
        for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            if event == "end":
                depth -= 1
                continue
            depth += 1
            if root is None:
                root = element
            if depth > MAX_DEPTH:
                raise ParseError(source, f"XML nested deeper than {MAX_DEPTH} levels: not read")
    except DefusedXmlException:
        raise ParseError(source, "XML with a document type declaration (entities could expand or reach "
                                 "outside the file): not read") from None  # fmt: skip
    except XMLSyntaxError as exc:
        raise ParseError(source, f"damaged XML ({_one_line(str(exc))}): not read") from None
    if root is None:
        raise ParseError(source, "damaged XML (no element): not read")
    return root


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- metadata ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    """What a document needs of its metadata; every field None (or empty) where not given."""

    identifier: str | None = None  # DC.identifier: "kst-36200-VI-99", "ah-tk-20182019-811"
    title: str | None = None  # DC.title
    issued: str | None = None  # DCTERMS.issued, ISO
    available: str | None = None  # DCTERMS.available, ISO
    modified: str | None = None  # DCTERMS.modified, ISO
    submitted: str | None = None  # OVERHEIDop.datumIndiening: questions sent in, ISO
    received: str | None = None  # OVERHEIDop.datumOntvangst: the answer received, ISO
    dossiers: tuple[str, ...] = ()  # OVERHEIDop.dossiernummer, as Identifiers holds them: "36200-VI"
    ondernummer: str | None = None  # OVERHEIDop.ondernummer: "99", "H"
    vergaderjaar: str | None = None  # OVERHEIDop.vergaderjaar: "2022-2023"
    indieners: tuple[str, ...] = ()  # OVERHEIDop.indiener
    creators: tuple[str, ...] = ()  # DC.creator
    receiver: str | None = None  # OVERHEIDop.ontvanger
    types: tuple[str, ...] = ()  # every DC.type: "Kamerstuk", "Brief", "Klein Koninklijk Besluit"
    document_title: str | None = None  # OVERHEIDop.documenttitel: "Brief regering"
    publication: str | None = None  # OVERHEIDop.publicationName: "Kamerstuk", "Staatsblad"
    zaak: str | None = None  # the parliament's zaak ("2024Z18775"), where given
    document: str | None = None  # the parliament's document number ("2024D41231"), where given

    @property
    def date(self) -> str | None:
        return self.issued or self.available or self.modified

    @property
    def sender(self) -> str | None:
        """Who sends it: the indiener (a minister's name), else the creator (a ministry)."""
        people = self.indieners or self.creators
        return ", ".join(people) if people else None


def is_metadata_root(root: str) -> bool:
    """Whether an XML document with this root element is a metadata sidecar."""
    return local_name(root) in METADATA_ROOTS


def read_metadata(data: bytes, source: str) -> Metadata:
    """The metadata of a `metadata.xml` (either format), or a ParseError naming the file."""
    root = parse_xml(data, source)
    name = local_name(root.tag)
    if name not in METADATA_ROOTS:
        raise ParseError(source, f"XML that is not a metadata.xml (root <{name}>): not read")
    return metadata_from(_pairs(root))


def metadata_identifier(data: bytes, source: str) -> str | None:
    """The identifier a metadata file names (to pair it with the publication beside it)."""
    return read_metadata(data, source).identifier


def metadata_from(pairs: Iterable[tuple[str, str]]) -> Metadata:
    """`Metadata` from (name, value) pairs as any of the formats gives them ("DC.identifier",
    "dcterms:identifier", "OVERHEIDop.dossiernummer"); an HTML page's <meta> elements too."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        value = _one_line(value)
        if value:
            values.setdefault(_field(name), []).append(value)

    def first(*names: str) -> str | None:
        return next((v[0] for n in names if (v := values.get(n))), None)

    def every(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(values.get(name, ())))

    return Metadata(
        identifier=first("identifier"),
        title=first("title"),
        issued=_iso(first("issued")),
        available=_iso(first("available")),
        modified=_iso(first("modified")),
        submitted=_iso(first("datumindiening")),
        received=_iso(first("datumontvangst")),
        dossiers=tuple(dict.fromkeys(d for d in map(_dossier, _split_list(every("dossiernummer"))) if d)),
        ondernummer=first("ondernummer"),
        vergaderjaar=_vergaderjaar(first("vergaderjaar")),
        indieners=every("indiener"),
        creators=every("creator"),
        receiver=first("ontvanger"),
        types=every("type"),
        document_title=first("documenttitel"),
        publication=first("publicationname"),
        zaak=_matching(ZAAK, values, "vraagnummer", "zaaknummer", "zaak"),
        document=_matching(DOCUMENT_NR, values, "documentnummer", "tweedekamerdocumentnummer", "document"),
    )


def _pairs(root: Element) -> list[tuple[str, str]]:
    """(name, value) of every field: `<metadata name content>` elements in the one format, the
    elements with text of their own in the other."""
    out: list[tuple[str, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.get("name")
        if name is not None:
            out.append((name, element.get("content") or ""))
        elif len(element) == 0 and element.text and element.text.strip():
            out.append((local_name(element.tag), element.text))
    return out


def _field(name: str) -> str:
    """ "DC.identifier", "dcterms:identifier", "dcterms.identifier" -> "identifier"."""
    return re.split(r"[.:]", local_name(name.strip()))[-1].lower()


def _iso(text: str | None) -> str | None:
    if not text:
        return None
    m = _ISO.match(text)
    return "-".join(m.groups()) if m else parse_date(text)


def _vergaderjaar(text: str | None) -> str | None:
    try:
        return vergaderjaar(text) if text else None
    except ValueError:  # not two years: not a vergaderjaar
        return None


def _split_list(values: Iterable[str]) -> list[str]:
    return [part.strip() for value in values for part in re.split(r"[;|]", value) if part.strip()]


def _dossier(text: str) -> str | None:
    return dossier_number(text) if re.match(r"\d\d ?\d{3}\b", text) else None


def _matching(pattern: re.Pattern[str], values: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        for value in values.get(name, ()):
            m = pattern.search(value.replace(" ", ""))
            if m:
                return m.group()
    return None
