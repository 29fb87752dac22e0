"""Kamerbrief: a minister's letter to the Kamer, made from a PDF. Letterhead, bare section
headings, superscript footnotes, the letterhead repeated mid-text at page breaks."""

from __future__ import annotations

import re

from store.parsing.passes import letter
from store.parsing.passes.labels import parse_label
from store.parsing.passes.paragraphs import blank_line_split
from store.parsing.passes.structure import sections, sender_of
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Para, Reading

_LETTERHEAD = re.compile(r"^\**(?:Datum|Onderwerp|Betreft|Ons kenmerk|Onze referentie)\b", re.M)


def detect(text: str) -> int:
    """A letterhead with a date and a subject: a letter. (Answers and overleggen score higher.)"""
    labels = {m.group().strip("*").lower() for m in _LETTERHEAD.finditer(text[:6000])}
    return 40 if "datum" in labels and len(labels) >= 2 else 0


def keep_apart(para: Para) -> bool:
    """Headings and question labels are never joined to a neighbour."""
    return bool(para.heading) or parse_label(para.text) is not None


def metadata(reading: Reading) -> Meta:
    head = letter.head_of(reading)
    paras = reading.paras
    return Meta(
        kind="kamerbrief",
        title=head.subject or (paras[0].text[:120] if paras else reading.source),
        date=head.date,
        identifiers=letter.identifiers(head),
        sender=sender_of(paras),
        addressee=head.addressee,
    )


FAMILY = Family(
    name="kamerbrief",
    kind="kamerbrief",
    detect=detect,
    split=blank_line_split,
    notes=letter.NOTES,
    body=letter.body(keep_apart),
    structure=sections,
    metadata=metadata,
)
