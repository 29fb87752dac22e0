"""A Kamerstuk as scraped from a parliament-tracking web page: navigation chrome and metadata
lines before the document, the official heading block ("19 637 Vreemdelingenbeleid", "Nr. 2535
BRIEF VAN DE STAATSSECRETARIS …"), numbered section headings, footnote markers glued to words
("Migratieagenda.1") and the note texts as a list at the end ("1. …↩︎")."""

from __future__ import annotations

import re
from dataclasses import replace

from store.assemble import Meta, assemble
from store.clean import clean
from store.dates import parse_date
from store.families.kamerbrief import section_parts
from store.footnotes import lift_endnote_list, place_glued_markers
from store.letter import lift_notes
from store.model import Document, Identifiers, Kind
from store.paragraphs import Para, split_raw, to_para
from store.structure import sender_of

_NAV = re.compile(r"^(?:\[[^\[\]\n]{1,40}\]\s*){3,}$", re.M)
_NUMMER = re.compile(r"^Nummer:\s*(?P<doc>\d{4}D\d{5}),\s*datum:\s*(?P<date>\d{4}-\d\d-\d\d)", re.M)
_ZAAK = re.compile(r"Onderdeel van zaak (?P<zaak>\d{4}Z\d{5})")
_KST = re.compile(r"\((kst-[\w-]+)\)")
_DOSSIER_LINE = re.compile(r"^(?P<nr>\d\d ?\d{3})(?:-(?P<suffix>[A-Z0-9]+))? (?P<title>[A-Z].*)$")
_ONDERNUMMER = re.compile(r"^Nr\. (?P<nr>\w+)\s+(?P<what>[A-Z][A-Z ,.-]+)$")
_VERGADERJAAR = re.compile(r"^Vergaderjaar (?P<year>\d{4}-\d{4})$", re.M)
_CHROME = re.compile(
    r"^(?:Nummer:|Directe link naar document|Gerelateerde personen|Onderdeel van |Preview document|"
    r"Tweede Kamer der Staten-Generaal|Eerste Kamer der Staten-Generaal|Vergaderjaar \d|"
    r"Aan de Voorzitter van de|Den Haag, \d)"
)
_KIND_LINE = re.compile(r"^(?:Brief regering|Antwoord schriftelijke vragen|Motie|Verslag|Nota|Memorie|Amendement)\b")


def detect(text: str) -> int:
    score = 0
    if _NAV.search(text[:2000]):
        score += 50
    if _NUMMER.search(text[:5000]):
        score += 30
    if "↩" in text:
        score += 20
    return score if score >= 50 else 0


def _heading_block(paras: list[Para]) -> tuple[int, dict[str, object]]:
    """Where the letter starts after chrome and official heading, and what they said."""
    found: dict[str, object] = {"dossiers": []}
    start = 0
    title_at = -1
    for i, para in enumerate(paras):
        text = para.text
        dossier = _DOSSIER_LINE.match(text)
        nr = _ONDERNUMMER.match(text)
        if _NAV.match(text) or _CHROME.match(text) or _KIND_LINE.match(text):
            start = i + 1
        elif dossier and len(text) < 120:
            suffix = f"-{dossier.group('suffix')}" if dossier.group("suffix") else ""
            found["dossiers"].append(dossier.group("nr").replace(" ", "") + suffix)
            start = i + 1
        elif nr:
            found["ondernummer"] = nr.group("nr")
            found["what"] = nr.group("what").strip()
            start = i + 1
        elif i == start and "title" not in found and len(text) < 200:
            found["title"] = text  # the first line after the navigation: the page title
            start, title_at = i + 1, i
        elif i == title_at + 1 == start and len(text) < 60 and not text.endswith("."):
            start = i + 1  # the dossier's name under the title
        elif i > start + 2 and "ondernummer" in found:
            break
    return start, found


def parse(text: str, source: str) -> Document:
    cleaned = clean(text)
    raw, notes = lift_notes(split_raw(cleaned), (lift_endnote_list,))
    paras = [to_para(r) for r in raw if not _NAV.match(r.text)]
    start, found = _heading_block(paras)
    body = paras[start:]
    marks = [n.mark for n in notes]
    texts = place_glued_markers([p.text for p in body], marks)
    body = [replace(p, text=t) for p, t in zip(body, texts, strict=True)]
    nummer = _NUMMER.search(cleaned)
    zaak = _ZAAK.search(cleaned)
    year = _VERGADERJAAR.search(cleaned)
    kind: Kind = "kamerbrief" if "BRIEF" in str(found.get("what", "")) or "Brief regering" in cleaned else "other"
    dossiers = tuple(found["dossiers"])  # type: ignore[arg-type]
    if not dossiers:
        kst = _KST.search(cleaned)
        if kst:
            dossiers = (kst.group(1).split("-")[1],)
    meta = Meta(
        kind=kind,
        title=str(found.get("title") or (body[0].text[:120] if body else source)),
        date=(nummer.group("date") if nummer else None) or parse_date(cleaned[:3000]),
        identifiers=Identifiers(
            zaak=zaak.group("zaak") if zaak else None,
            document=nummer.group("doc") if nummer else None,
            dossiers=dossiers,
            ondernummer=str(found["ondernummer"]) if "ondernummer" in found else None,
            vergaderjaar=year.group("year") if year else None,
        ),
        sender=sender_of(body),
        addressee="Tweede Kamer" if "Tweede Kamer" in cleaned[:5000] else None,
    )
    return assemble(source, meta, section_parts(body), (), notes)

