"""A Kamerstuk as scraped from a parliament-tracking web page: navigation chrome and metadata
lines before the document, the official heading block ("19 637 Vreemdelingenbeleid", "Nr. 2535
BRIEF VAN DE STAATSSECRETARIS …"), numbered section headings, footnote markers glued to words
("Migratieagenda.1") and the note texts as a list at the end ("1. …↩︎")."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from store.model import Identifiers, Kind
from store.parsing.passes.dates import parse_date
from store.parsing.passes.footnotes import endnote_list, glued_marks
from store.parsing.passes.paragraphs import blank_line_split, markdown_paragraphs
from store.parsing.passes.structure import sections, sender_of
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Para, Reading

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
    """The site's navigation, and its metadata lines or its list of notes: above the official
    Kamerstuk layout the page shows under them (store/parsing/families/official_kamerstuk.py)."""
    score = 0
    if _NAV.search(text[:2000]):
        score += 60
    if _NUMMER.search(text[:5000]):
        score += 30
    if "↩" in text:
        score += 20
    return score if score >= 60 else 0


def _heading_block(paras: list[Para]) -> tuple[int, dict[str, Any]]:
    """Where the letter starts after chrome and official heading, and what they said."""
    found: dict[str, Any] = {"dossiers": []}
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


def chrome_and_heading(reading: Reading) -> Reading:
    """Take out the site's navigation and chrome and the official heading block, keeping what
    the heading says (dossiers, number, title) in `found["heading"]`."""
    paras = [p for p in reading.paras if not _NAV.match(p.text)]
    start, found = _heading_block(paras)
    gone = [p.text for p in reading.paras if _NAV.match(p.text)] + [p.text for p in paras[:start]]
    return replace(reading, paras=tuple(paras[start:]), dropped=reading.without("web page chrome", gone)).with_found(
        heading=found
    )


def metadata(reading: Reading) -> Meta:
    text, body, found = reading.text, reading.paras, reading.found["heading"]
    nummer = _NUMMER.search(text)
    zaak = _ZAAK.search(text)
    year = _VERGADERJAAR.search(text)
    kind: Kind = "kamerbrief" if "BRIEF" in str(found.get("what", "")) or "Brief regering" in text else "other"
    dossiers = tuple(found["dossiers"])
    if not dossiers:
        kst = _KST.search(text)
        if kst:
            dossiers = (kst.group(1).split("-")[1],)
    return Meta(
        kind=kind,
        title=str(found.get("title") or (body[0].text[:120] if body else reading.source)),
        date=(nummer.group("date") if nummer else None) or parse_date(text[:3000]),
        identifiers=Identifiers(
            zaak=zaak.group("zaak") if zaak else None,
            document=nummer.group("doc") if nummer else None,
            dossiers=dossiers,
            ondernummer=str(found["ondernummer"]) if "ondernummer" in found else None,
            vergaderjaar=year.group("year") if year else None,
        ),
        sender=sender_of(body),
        addressee="Tweede Kamer" if "Tweede Kamer" in text[:5000] else None,
    )


FAMILY = Family(
    name="webpage",
    kind="kamerbrief",
    detect=detect,
    split=blank_line_split,
    notes=(endnote_list,),
    body=(markdown_paragraphs, chrome_and_heading, glued_marks),
    structure=sections,
    metadata=metadata,
)
