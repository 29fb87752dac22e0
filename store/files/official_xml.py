"""An official publication's XML (KOOP, op-xsd) and its metadata.xml, read into a Document.

    <officiele-publicatie>
      <metadata><meta name="OVERHEIDop.externMetadataRecord" content="…/kst-36200-VI-99/metadata.xml"/>
      <kamervragen> | <kamerstuk> | <handelingen> | <staatsblad> | …   the content: op_elements.py

What the document is (its id, title, date, dossier, who asked and who answered) comes from the
metadata.xml beside it where there is one, else from the file's own head elements
(`kamervraagomschrijving`, `dossier`, `stuk`, `intitule`) and the identifier its metadata
record's address names. Nothing is read from the text as text: the questions, answers, notes and
marked-up citations come from the elements (store/files/op_elements.py); a citation written out
without markup ("Kamerstuk 29 689, nr. 1200") is still found by the references pass.
"""

from __future__ import annotations

import re
from dataclasses import replace
from xml.etree.ElementTree import Element

from store.errors import ParseError
from store.files.metadata_xml import Metadata, parse_xml, read_metadata
from store.files.op_elements import Link, Walked, name, text_of, walk
from store.formats import KEY, is_key, vergaderjaar
from store.model import Document, Identifiers, Kind, Reference, RefKind
from store.parsing.assemble import assemble
from store.parsing.passes.dates import find_dates, parse_date
from store.parsing.passes.kamerstuk_head import dossier_number
from store.parsing.passes.metadata import ZAAK, answered_by, askers, received_date, sent_date
from store.parsing.passes.references import with_references
from store.parsing.reading import Meta

OFFICIAL_ROOT = "officiele-publicatie"
# The content elements of the publications kamerlezer reads, and the kind of document each is.
CONTENT: dict[str, Kind] = {
    "kamervragen": "aanhangsel", "vragen": "aanhangsel", "aanhangsel": "aanhangsel", "kamerstuk": "kamerstuk",
    "handelingen": "handelingen", "staatsblad": "staatsblad", "staatscourant": "other", "blg": "other",
}  # fmt: skip
_RECORD = re.compile(r"/(?P<id>[a-z]+-[A-Za-z0-9-]+?)/metadata\.xml\b")
_KEY_IN = re.compile(rf"(?<![\w-])(?P<key>{KEY.pattern})(?![\w])")
_DOSSIER_LINK = re.compile(r"^dossier/")
_ANSWER = re.compile(r"\s*(?:Antwoord|Mededeling)\b")


def read_official_xml(data: bytes, source: str, metadata: bytes | None = None) -> Document:
    """The document an official XML holds; `metadata`: the bytes of its metadata.xml, if any."""
    root = parse_xml(data, source)
    if name(root) != OFFICIAL_ROOT:
        raise ParseError(source, f"XML that is not an official publication (root <{name(root)}>): not read")
    meta = read_metadata(metadata, source) if metadata else Metadata()
    return publication(root, meta, source)


def identifier_of_publication(data: bytes) -> str | None:
    """The identifier an official XML names for itself (its metadata record's address)."""
    try:
        root = parse_xml(data, "<xml>")
    except ParseError:
        return None
    return _record_id(root)


def publication(root: Element, meta: Metadata, source: str, notes: dict[str, str] | None = None) -> Document:
    """A Document from an element tree in the official vocabulary (the XML, or an HTML page
    mapped onto it) and the metadata that describes it."""
    body = _content(root)
    if body is None:
        raise ParseError(source, "official publication with no content element: not read")
    content = name(body)
    walked = walk(body, notes)
    if not walked.parts:
        raise ParseError(source, f"official publication <{content}> with no text: not read")
    own = _record_id(root)
    about = _about(root, body, meta, walked, own)
    document = assemble(source, about, walked.parts, walked.drafts, walked.notes)
    return with_references(document, marked=_marked(document, walked))


# -- what the document is --------------------------------------------------------------------


def _content(root: Element) -> Element | None:
    children = [c for c in root if name(c) and name(c) not in ("metadata", "kop", "meta")]
    known = [c for c in children if name(c) in CONTENT]
    return known[0] if known else (children[0] if children else None)


def _record_id(root: Element) -> str | None:
    for element in root.iter():
        if name(element) == "meta" and (element.get("name") or "").endswith("externMetadataRecord"):
            m = _RECORD.search(element.get("content") or "")
            if m:
                return m.group("id")
    return None


def _about(root: Element, body: Element, meta: Metadata, walked: Walked, own: str | None) -> Meta:
    identifier = meta.identifier or own
    descriptions = [(d.get("type"), text_of(d)) for d in body.iter() if name(d) == "kamervraagomschrijving"]
    asked = next((t for kind, t in descriptions if kind == "vraag" or (kind is None and not _ANSWER.match(t))), "")
    answered = " ".join(t for _, t in descriptions if t != asked)
    remarks = " ".join(text_of(e) for e in body.iter() if name(e) == "kamervraagopmerking")
    kind = _kind(body, identifier, walked, answered + " " + remarks, meta)
    dossiers, number = _dossier_and_number(body, meta, identifier)
    zaak = meta.zaak or _first(ZAAK, asked, answered, remarks, *(text_of(e) for e in body.iter()
                                                               if name(e) == "kamervraagnummer"))  # fmt: skip
    title = _title(body, meta, asked, walked)
    date = meta.date or _element_date(body, "antwoord") or received_date(answered) or _element_date(body, None) \
        or sent_date(asked) or _date_in(title)  # fmt: skip
    by = answered_by(answered) or answered_by(remarks)
    questions = name(body) in ("kamervragen", "vragen", "aanhangsel")
    # The indiener of questions is who asked them; of a letter, the minister who sends it, whose
    # office the signature says as the other families say it ("Minister van Justitie en Veiligheid").
    sender = (by[1] if by else None) or _signature(body) or (None if questions else meta.sender)
    asker = askers(asked) if asked else None
    if questions and asker is None and meta.indieners:
        asker = ", ".join(meta.indieners)
    return Meta(
        kind=kind,
        title=title[:300],
        date=date,
        identifiers=Identifiers(
            zaak=zaak, document=meta.document, dossiers=dossiers, ondernummer=number,
            vergaderjaar=meta.vergaderjaar or _vergaderjaar_of(body, identifier),
        ),
        sender=sender,
        addressee=meta.receiver,
        asker=asker,
        printed_id=identifier if identifier and is_key(identifier) else (identifier or None),
    )


def _kind(body: Element, identifier: str | None, walked: Walked, said: str, meta: Metadata) -> Kind:
    """Questions with answers are an Aanhangsel (an answer letter when it is not one); without
    answers a Mededeling when it says the answer is postponed, else questions not yet answered;
    a Kamerstuk that is a letter ("BRIEF VAN DE MINISTER …", DC.type Brief) a Kamerbrief."""
    kind = CONTENT.get(name(body), "other")
    if kind == "aanhangsel":
        answers = any(p.kind == "answer" for p in walked.parts)
        if identifier and identifier.startswith("kv-"):
            return "vragen"
        if not answers:
            return "mededeling" if re.search(r"\b(?:Mededeling|uitstel)\b", said, re.I) else "vragen"
        return "aanhangsel" if not identifier or identifier.startswith("ah-") else "antwoord"
    if kind == "kamerstuk":
        stuk = next((e for e in body.iter() if name(e) == "stuk"), None)
        what = next((text_of(t) for t in stuk if name(t) == "titel"), "") if stuk is not None else ""
        said_by_meta = " ".join((meta.document_title or "", *meta.types)).lower()
        return "kamerbrief" if what.upper().startswith("BRIEF") or "brief" in said_by_meta else "kamerstuk"
    return kind


def _title(body: Element, meta: Metadata, asked: str, walked: Walked) -> str:
    if meta.title:
        return meta.title
    if asked:
        return asked
    for element in body.iter():
        if name(element) in ("intitule", "item-titel"):
            return text_of(element)
    stuk = next((e for e in body.iter() if name(e) == "stuk"), None)
    dossier = next((e for e in body.iter() if name(e) == "dossier"), None)
    dossier_title = next((text_of(t) for t in dossier if name(t) == "titel"), "") if dossier is not None else ""
    stuk_title = next((text_of(t) for t in stuk if name(t) == "titel"), "") if stuk is not None else ""
    if dossier_title or stuk_title:
        what = stuk_title[:1] + stuk_title[1:].lower() if stuk_title.isupper() else stuk_title
        return "; ".join(p for p in (dossier_title, what) if p)
    heading = next((p.text for p in walked.parts if p.kind == "heading"), None)
    return heading or walked.parts[0].text[:120]


def _dossier_and_number(body: Element, meta: Metadata, identifier: str | None) -> tuple[tuple[str, ...], str | None]:
    dossiers = list(meta.dossiers)
    number = meta.ondernummer
    for element in body.iter():
        tag = name(element)
        if tag in ("dossiernummer", "dossiernr") and not meta.dossiers:
            made = dossier_number(text_of(element))
            if made and made not in dossiers:
                dossiers.append(made)
        elif tag in ("stuknr", "ondernummer") and number is None:
            m = re.search(r"(?:Nr\.?\s*)?(?P<n>[0-9]+[a-z]?|[A-Z]{1,2})\b", text_of(element))
            number = m.group("n") if m else None
    if identifier and identifier.startswith("kst-") and not (dossiers and number):
        m = re.fullmatch(r"kst-(?P<d>\d{5})(?:-(?P<sub>[A-Z0-9]{1,5}))?-(?P<n>[A-Z0-9]+)(?:-b\d+)?", identifier)
        if m:
            dossiers = dossiers or [f"{m['d']}-{m['sub']}" if m["sub"] else m["d"]]
            number = number or m["n"]
    return tuple(dossiers), number


def _vergaderjaar_of(body: Element, identifier: str | None) -> str | None:
    for element in body.iter():
        if (element.get("inhoud") or "") == "vergaderjaar" or name(element) == "vergaderjaar":
            m = re.search(r"((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d)", text_of(element))
            if m:
                return vergaderjaar(f"{m[1]}-{m[2]}")
    m = re.match(r"(?:ah|h)-(?:tk|ek)-(\d{8})-", identifier or "")
    return f"{m[1][:4]}-{m[1][4:]}" if m else None


def _element_date(body: Element, kind: str | None) -> str | None:
    """The `isodatum` of a date element: in the answer's description when asked for, else the first."""
    for element in body.iter():
        if name(element) != "kamervraagomschrijving" or (kind and element.get("type") != kind):
            continue
        for date in element.iter():
            if name(date) == "datum":
                iso = date.get("isodatum") or parse_date(text_of(date))
                if iso:
                    return iso[:10]
    return None


def _date_in(title: str) -> str | None:
    """ "Besluit van 9 maart 2018, houdende …": a decree's date is in its title."""
    found = find_dates(title[:80])
    return found[0][0] if found else None


def _signature(body: Element) -> str | None:
    for element in body.iter():
        if name(element) == "ondertekening":
            office = next((text_of(c) for c in element.iter() if name(c) == "functie"), "")
            office = re.sub(r"^(?:De|de|Het|het)\s+", "", office.rstrip(",").strip())
            return office[:1].upper() + office[1:] or None
    return None


def _first(pattern: re.Pattern[str], *texts: str) -> str | None:
    for text in texts:
        m = pattern.search(text.replace(" ", "")) if text else None
        if m:
            return m.group()
    return None


# -- citations the file marks up -----------------------------------------------------------------


def _marked(document: Document, walked: Walked) -> list[Reference]:
    """A Reference for every extref that names a document: the key it gives, where it stands."""
    refs: list[Reference] = []
    for link in _joined(walked.links):
        cited = cited_key(link)
        if cited is None:
            continue
        kind, key = cited
        if link.note is not None:
            note = document.footnote(link.note)
            text = (note.text or "")[link.start:link.end] if note else link.text
            refs.append(Reference(text=text, kind=kind, key=key, where="", footnote=link.note,
                                  start=link.start, end=link.end))  # fmt: skip
        elif link.part is not None and link.part < len(document.blocks):
            text = document.blocks[link.part].text[link.start:link.end]
            refs.append(Reference(text=text, kind=kind, key=key, where="", block=link.part,
                                  start=link.start, end=link.end))  # fmt: skip
    return refs


def _joined(links: tuple[Link, ...]) -> list[Link]:
    """ "(<extref doc=kst-35824-H>35824</extref>, letter <extref doc=kst-35824-H>H</extref>)": one
    citation written in two linked pieces is one reference, from the first to the last."""
    out: list[Link] = []
    for link in links:
        last = out[-1] if out else None
        if (last is not None and last.doc == link.doc and last.part == link.part and last.note == link.note
                and 0 <= link.start - last.end <= _JOIN_GAP):  # fmt: skip
            out[-1] = replace(last, end=link.end)  # its text is read from the block, whole
            continue
        out.append(link)
    return out


_JOIN_GAP = 12  # ", letter " or ", nr. " between the pieces


_KIND_OF_PREFIX: dict[str, RefKind] = {
    "kst": "kamerstuk", "ah": "aanhangsel", "kv": "kamervragen", "h": "handelingen", "stb": "staatsblad",
    "stcrt": "staatscourant",
}  # fmt: skip


def cited_key(link: Link) -> tuple[RefKind, str] | None:
    """(kind, key) of what a link cites: an official key, in `doc` or inside an address on the
    official site; a web address; None for what is no one document (a whole dossier)."""
    doc = link.doc.strip()
    if not doc or doc.startswith("#") or _DOSSIER_LINK.match(doc):
        return None  # a place on the same page, or a dossier: many documents, none of them cited here
    m = _KEY_IN.search(doc)
    if m and (not link.url or "officielebekendmakingen.nl" in doc or "overheid.nl" in doc):
        key = m.group("key")
        kind = _KIND_OF_PREFIX.get(key.split("-", 1)[0])
        if kind:
            return kind, key
    if link.url or doc.startswith(("http://", "https://", "www.")):
        return "url", f"url:{doc}"
    if re.fullmatch(r"kst-\d{5}-[A-Za-z0-9-]+", doc):
        return "kamerstuk", doc
    return None
