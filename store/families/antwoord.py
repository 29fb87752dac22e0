"""Answers to written Kamervragen, sent as a minister's letter: the cover letter, then
"Vraag N" / "Antwoord op vraag N" pairs, with the letterhead repeated mid-answer at page
breaks and superscript footnotes whose text can cut an answer in two."""

from __future__ import annotations

import re

from store.assemble import Meta, Part, assemble
from store.families.kamerbrief import ZAAK, letter_identifiers
from store.letter import read_letter
from store.model import Document
from store.paragraphs import Para, ends_sentence
from store.qa_pairs import numbered_pairs
from store.questions import parse_label
from store.structure import is_bare_heading, sender_of

_VRAAG = re.compile(r"^\**Vraag \d+", re.M)
_ANTWOORD = re.compile(r"^\**Antwoord(?: op vra(?:ag|gen))? \d+", re.M)
_ASKER = re.compile(r"vragen van (?:het lid|de leden) (?P<who>.+?)(?= aan | over |\s*\(ingezonden|$)", re.I)


def detect(text: str) -> int:
    """Vraag/Antwoord labels on lines of their own, in a letter (not PDF page text)."""
    if _VRAAG.search(text) and _ANTWOORD.search(text):
        return 60 if re.search(r"^\**(?:Datum|Ons kenmerk|Onderwerp)\b", text, re.M) else 30
    return 0


def asker_of(paras: tuple[Para, ...]) -> str | None:
    for para in paras:
        m = _ASKER.search(para.text)
        if m:
            return m.group("who").strip()
    return None


def _intro(paras: tuple[Para, ...]):
    def part(i: int, para: Para) -> Part:
        prev = paras[i - 1] if i else None
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        # A bold line set apart ("Antwoorden van de staatssecretaris … (Ingezonden …)") is a heading.
        if (para.bold and not ends_sentence(para.text) and len(para.text) < 400) or is_bare_heading(para, prev, nxt):
            return Part("heading", para.text, level=2)
        return Part("paragraph", para.text)

    return part


def parse(text: str, source: str) -> Document:
    letter = read_letter(text, keep=lambda p: bool(p.heading) or parse_label(p.text) is not None)
    head = letter.head
    ids = letter_identifiers(head, letter.paras)
    if ids.zaak is None:
        found = next((m.group() for p in letter.paras for m in [ZAAK.search(p.text)] if m), None)
        ids = type(ids)(**{**ids.__dict__, "zaak": found})
    parts, drafts = numbered_pairs(letter.paras, _intro(letter.paras))
    meta = Meta(
        kind="antwoord",
        title=head.subject or "Antwoorden op Kamervragen",
        date=head.date,
        identifiers=ids,
        sender=sender_of(letter.paras),
        addressee=head.addressee,
        asker=asker_of(letter.paras),
    )
    return assemble(source, meta, parts, drafts, letter.notes)
