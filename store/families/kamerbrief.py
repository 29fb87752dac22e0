"""Kamerbrief: a minister's letter to the Kamer, made from a PDF. Letterhead, bare section
headings, superscript footnotes, the letterhead repeated mid-text at page breaks."""

from __future__ import annotations

import re

from store.assemble import Meta, Part, assemble
from store.letter import read_letter
from store.letterhead import Letterhead
from store.model import Document, Identifiers
from store.paragraphs import Para
from store.questions import parse_label
from store.structure import heading_level, is_bare_heading, sender_of

ZAAK = re.compile(r"\b(?:19|20)\d\dZ\d{5}\b")
_LETTERHEAD = re.compile(r"^\**(?:Datum|Onderwerp|Betreft|Ons kenmerk|Onze referentie)\b", re.M)


def detect(text: str) -> int:
    """A letterhead with a date and a subject: a letter. (Answers and overleggen score higher.)"""
    labels = {m.group().strip("*").lower() for m in _LETTERHEAD.finditer(text[:6000])}
    return 40 if "datum" in labels and len(labels) >= 2 else 0


def letter_identifiers(head: Letterhead, paras: tuple[Para, ...]) -> Identifiers:
    zaak = None
    if head.their_kenmerk and ZAAK.fullmatch(head.their_kenmerk.strip()):
        zaak = head.their_kenmerk.strip()
    return Identifiers(kenmerk=head.kenmerk, zaak=zaak)


def section_parts(paras: tuple[Para, ...] | list[Para]) -> list[Part]:
    parts: list[Part] = []
    for i, para in enumerate(paras):
        prev = paras[i - 1] if i else None
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if is_bare_heading(para, prev, nxt):
            parts.append(Part("heading", para.text, level=heading_level(para)))
        else:
            parts.append(Part("paragraph", para.text))
    return parts


def parse(text: str, source: str) -> Document:
    letter = read_letter(text, keep=lambda p: bool(p.heading) or parse_label(p.text) is not None)
    head = letter.head
    meta = Meta(
        kind="kamerbrief",
        title=head.subject or (letter.paras[0].text[:120] if letter.paras else source),
        date=head.date,
        identifiers=letter_identifiers(head, letter.paras),
        sender=sender_of(letter.paras),
        addressee=head.addressee,
    )
    return assemble(source, meta, section_parts(letter.paras), (), letter.notes)
