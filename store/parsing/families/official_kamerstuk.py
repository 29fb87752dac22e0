"""A Kamerstuk in the official layout: a letter, report or memorandum as the Staten-Generaal
print it, as text pulled out of its PDF or copied from its page on the official site.

    Tweede Kamer der Staten-Generaal 2 / Vergaderjaar 2024–2025       page furniture
    36 200 VI  Vaststelling van de begrotingsstaten …                 the heading block
    Nr. 99  BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID          (store/parsing/passes/
    Aan de Voorzitter van de Tweede Kamer der Staten-Generaal          kamerstuk_head.py)
    Den Haag, 14 november 2024
    …the text, its headings, markers glued to words ("gevolg krijgt.1")…
    1 Kamerstuk 36 200 VI, nr. 12.                                     notes at the page foot
    kst-36200-VI-99 / ISSN 0921 - 7371 / ’s-Gravenhage 2024            furniture, and the id
    Tweede Kamer, vergaderjaar 2024–2025, 36 200 VI, nr. 99

The page passes are the official print's (store/parsing/passes/pages.py and pdftext.py). A
letter ("BRIEF VAN …") is a kamerbrief, any other paper (a verslag, a memorie, a motie, a
nota) a kamerstuk. Its id is the identifier it prints, else the one its dossier and number
make (`kst-36200-VI-99`, an Eerste Kamer paper `kst-35261-B`).
"""

from __future__ import annotations

import re

from store.formats import kamerstuk_key
from store.model import Identifiers
from store.parsing.passes.footnotes import glued_marks
from store.parsing.passes.kamerstuk_head import Head, head_in, head_paragraphs, head_structure, is_head_line
from store.parsing.passes.labels import parse_label
from store.parsing.passes.metadata import printed_id, vergaderjaar_in, vergaderjaar_of_date
from store.parsing.passes.pdftext import pdf_paragraphs, pdf_text_split
from store.parsing.passes.structure import CLOSING, sections, sender_of
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Reading

_HEAD_SCAN = 4000
_LINES = re.compile(r"[^\n]+")


def detect(text: str) -> int:
    """The heading block near the top: a dossier line, then its number and what it is.
    (Above the Aanhangsel's print on furniture alone, below it on its own header.)"""
    lines = [m.group() for m in _LINES.finditer(text[:_HEAD_SCAN]) if m.group().strip()]
    head = head_in(lines[:40])
    return 88 if head.what and head.dossiers else 0


def stands_alone(line: str) -> bool:
    """Lines never joined to the next: the heading block's number, addressee and date lines,
    the closing formula above the signature ("De Minister voor Rechtsbescherming,")."""
    text = line.strip()
    closing = text.endswith(",") and CLOSING.match(text) is not None
    return closing or is_head_line(text) or parse_label(text) is not None


def _head(reading: Reading) -> Head:
    return reading.found.get("kamerstuk") or Head()


_AGENT = re.compile(r"\s+VAN\s+(?:DE|HET)\s+(?P<agent>.+)$")
_SMALL = frozenset("van voor en de het der den op in te".split())


def _title(head: Head, sender: str | None) -> str:
    """ "Rechtsstaat en Rechtsorde; Brief van de Minister voor Rechtsbescherming": the dossier's
    title and what the paper is, as the official titles read: the kind of paper in sentence
    case ("Voorlopig verslag"), a letter with its sender as the signature writes it, else as
    the print names it with a capital to each word of the office."""
    what = head.what or ""
    m = _AGENT.search(what)
    kind = what[: m.start()] if m else what
    name = kind[:1] + kind[1:].lower()
    if kind == "BRIEF" and m:
        words = m.group("agent").lower().split()
        office = sender or " ".join(w if w in _SMALL else w.capitalize() for w in words)
        name = f"Brief van {'het' if m.group().split()[1] == 'HET' else 'de'} {office[:1].upper()}{office[1:]}"
    dossier = head.dossiers[0].title if head.dossiers else ""
    return "; ".join(part for part in (dossier, name) if part) or "Kamerstuk"


def metadata(reading: Reading) -> Meta:
    head = _head(reading)
    paras = reading.paras
    sender = sender_of(paras)
    headers = " ".join(reading.found.get("footers", ()))
    dossiers = tuple(d.number for d in head.dossiers)
    printed = printed_id([reading.found.get("printed_id") or ""])
    if printed is None and dossiers and head.number:
        number, _, suffix = dossiers[0].partition("-")
        printed = kamerstuk_key(number, head.number, suffix or None)
    return Meta(
        kind="kamerbrief" if (head.what or "").startswith("BRIEF") else "kamerstuk",
        title=" ".join(_title(head, sender).split())[:300],
        date=head.date,
        identifiers=Identifiers(
            dossiers=dossiers, ondernummer=head.number,
            vergaderjaar=vergaderjaar_in(headers) or vergaderjaar_of_date(head.date),
        ),
        sender=sender,
        addressee=head.addressee[:1].upper() + head.addressee[1:] if head.addressee else None,
        printed_id=printed,
    )


FAMILY = Family(
    name="official_kamerstuk",
    kind="kamerbrief",
    detect=detect,
    split=pdf_text_split(standalone=stands_alone),
    notes=(),
    body=(pdf_paragraphs, head_paragraphs, glued_marks),
    structure=head_structure(sections),
    metadata=metadata,
    standalone=stands_alone,
)
