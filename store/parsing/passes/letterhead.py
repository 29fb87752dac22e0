"""Ministry letterheads: read what they say (date, subject, kenmerk, addressee), then remove them.

A letter made from a PDF carries its letterhead on the first page (return address,
addressee, the ministry's side column, "Datum", "Onderwerp", "Ons kenmerk", the request to
write about one matter per letter) and repeats parts of it at every page break, even in
the middle of an answer. `read_letterhead` takes the first-page block apart;
`strip_repeats` removes the repeats wherever they fall and marks the page break they leave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from store.parsing.passes.dates import parse_date
from store.parsing.passes.labels import parse_label
from store.parsing.reading import Para, Reading

_LABELS = {
    "datum": "date",
    "onderwerp": "subject",
    "betreft": "subject",
    "ons kenmerk": "kenmerk",
    "onze referentie": "kenmerk",
    "ons nummer": "kenmerk",
    "kenmerk": "kenmerk",
    "referentie": "kenmerk",
    "uw kenmerk": "their",
    "uw referentie": "their",
    "uw brief": "their",
    "bijlage": "other",
    "bijlagen": "other",
    "bijlage(n)": "other",
    "contactpersoon": "other",
    "inlichtingen": "other",
    "doorkiesnummer": "other",
    "pagina": "other",
}
_LABEL_NAMES = "|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True))
_LABEL = re.compile(rf"^(?P<label>{_LABEL_NAMES})\b[:\s]*(?P<value>.*)$", re.I)
_ADDRESS = re.compile(
    r"^(?:Retouradres\b|Postbus\s+\d+|\d{4}\s?[A-Z]{2}\b|www\.|https?://|[A-Z][\w.-]+\s+\d+[a-z]?$|T\s+\d|E\s+\S+@|"
    r"Aan de (?:Voorzitter|voorzitter)|der Staten-Generaal$|Ministerie van\b|Directoraat|Directie\b|Dienst\b|"
    r"Bureau\b|Afdeling\b)"
)
_INSTRUCTION = re.compile(r"^Bij beantwoording de datum|^Wilt u slechts één zaak", re.I)
_BODY = re.compile(r"[.?!:]$")


@dataclass(frozen=True)
class Letterhead:
    date: str | None = None
    subject: str | None = None
    kenmerk: str | None = None
    their_kenmerk: str | None = None
    addressee: str | None = None  # "Tweede Kamer", "Eerste Kamer"
    body_start: int = 0  # index of the first paragraph of the letter itself
    furniture: tuple[str, ...] = ()  # normalised texts of the first-page letterhead paragraphs


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _label_fields(para: Para) -> list[tuple[str, str]]:
    """(field, value) pairs of a letterhead paragraph: "Datum 16 mei 2022", "Ons kenmerk\\n4010904"."""
    out: list[tuple[str, str]] = []
    lines = list(para.lines)
    i = 0
    while i < len(lines):
        m = _LABEL.match(lines[i])
        if not m:
            if out and out[-1][0] == "subject":  # a subject runs on over several lines
                out[-1] = ("subject", f"{out[-1][1]} {lines[i]}".strip())
            i += 1
            continue
        field = _LABELS[m.group("label").lower()]
        value = m.group("value").strip()
        if not value and i + 1 < len(lines) and not _LABEL.match(lines[i + 1]):
            i += 1
            value = lines[i].strip()
        out.append((field, value))
        i += 1
    return out


def is_label_paragraph(para: Para) -> bool:
    """A paragraph that is only letterhead labels with short values ("Datum\\n16 mei 2022")."""
    if not para.lines or len(para.text) > 200:
        return False
    fields = _label_fields(para)
    return bool(fields) and _LABEL.match(para.lines[0]) is not None and all(
        len(v) < 40 or f == "subject" for f, v in fields
    )


def _is_furniture(para: Para) -> bool:
    first = para.lines[0] if para.lines else para.text
    if parse_label(first) is not None:
        return False  # "Vraag 1" has the shape of a street and its number, and is none
    return bool(
        is_label_paragraph(para)
        or _ADDRESS.match(first)
        or _INSTRUCTION.match(first)
        or (len(para.lines) >= 2 and all(len(line) < 60 for line in para.lines) and not _BODY.search(para.text))
    )


def _is_body(para: Para) -> bool:
    return not _is_furniture(para) and len(para.text) > 60 and bool(_BODY.search(para.text))


def read_letterhead(paras: Sequence[Para]) -> Letterhead:
    """The fields of the first-page letterhead, and where the letter itself starts."""
    # Where the letter starts: its first paragraph of text; in a short letter without one, after
    # the letterhead's label paragraphs ("Onderwerp Vragen over …" alone at the top is read, not lost).
    start = next((i for i, p in enumerate(paras) if _is_body(p)), None)
    if start is None:
        start = next((i for i, p in enumerate(paras) if not _is_furniture(p)), 0)
    fields: dict[str, str] = {}
    addressee = None
    for para in paras[:start]:
        for field, value in _label_fields(para):
            fields.setdefault(field, value)
        m = re.search(r"\b(Tweede|Eerste) Kamer\b", para.text)
        if m and para.text.lower().startswith("aan "):
            addressee = f"{m.group(1)} Kamer"
    subject = fields.get("subject")
    return Letterhead(
        date=parse_date(fields.get("date", "")),
        subject=re.sub(r"\s+", " ", subject).strip() if subject else None,
        kenmerk=fields.get("kenmerk") or None,
        their_kenmerk=fields.get("their") or None,
        addressee=addressee,
        body_start=start,
        furniture=tuple(_norm(p.text) for p in paras[:start] if len(_norm(p.text)) >= 12),
    )


def strip_repeats(paras: Sequence[Para], head: Letterhead) -> list[Para]:
    """The paragraphs after the first-page letterhead, without its repeats at page breaks."""
    out: list[Para] = []
    broke = False
    for para in paras[head.body_start:]:
        norm = _norm(para.text)
        repeat = is_label_paragraph(para) or (
            len(norm) >= 12 and any(f.startswith(norm) for f in head.furniture)
        )
        if repeat:
            broke = True
            continue
        out.append(replace(para, after_break=True) if broke else para)
        broke = False
    return out


def letterhead(reading: Reading) -> Reading:
    """A pass: read the first page's letterhead into `found["letterhead"]`, and take it and its
    repeats at page breaks out of the paragraphs."""
    head = read_letterhead(reading.paras)
    kept = strip_repeats(reading.paras, head)
    gone = [p.text for p in reading.paras[: head.body_start]]
    return replace(reading, paras=tuple(kept), dropped=reading.without("letterhead", gone)).with_found(
        letterhead=head
    )
