"""Answers to written Kamervragen, sent as a minister's letter: the cover letter, then
"Vraag N" / "Antwoord op vraag N" pairs, with the letterhead repeated mid-answer at page
breaks and superscript footnotes whose text can cut an answer in two."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from store.parsing.families.kamerbrief import keep_apart
from store.parsing.passes import letter
from store.parsing.passes.metadata import ZAAK
from store.parsing.passes.paragraphs import blank_line_split, ends_sentence
from store.parsing.passes.qa_pairs import numbered_qa
from store.parsing.passes.structure import is_bare_heading, sender_of
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Para, Part, Reading

_VRAAG = re.compile(r"^\**Vraag \d+", re.M)
_ANTWOORD = re.compile(r"^\**Antwoord(?: op vra(?:ag|gen))? \d+", re.M)
_ASKER = re.compile(r"vragen van (?:het lid|de leden) (?P<who>.+?)(?= aan | over |\s*\(ingezonden|$)", re.I)


def detect(text: str) -> int:
    """Vraag/Antwoord labels on lines of their own, in a letter (not PDF page text)."""
    if _VRAAG.search(text) and _ANTWOORD.search(text):
        return 60 if re.search(r"^\**(?:Datum|Ons kenmerk|Onderwerp)\b", text, re.M) else 30
    return 0


def asker_of(paras: Sequence[Para]) -> str | None:
    for para in paras:
        m = _ASKER.search(para.text)
        if m:
            return m.group("who").strip()
    return None


def intro(paras: Sequence[Para]):
    def part(i: int, para: Para) -> Part:
        prev = paras[i - 1] if i else None
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        # A bold line set apart ("Antwoorden van de staatssecretaris … (Ingezonden …)") is a heading.
        if (para.bold and not ends_sentence(para.text) and len(para.text) < 400) or is_bare_heading(para, prev, nxt):
            return Part("heading", para.text, level=2)
        return Part("paragraph", para.text)

    return part


def metadata(reading: Reading) -> Meta:
    head = letter.head_of(reading)
    ids = letter.identifiers(head)
    if ids.zaak is None:
        found = next((m.group() for p in reading.paras for m in [ZAAK.search(p.text)] if m), None)
        ids = replace(ids, zaak=found)
    return Meta(
        kind="antwoord",
        title=head.subject or "Antwoorden op Kamervragen",
        date=head.date,
        identifiers=ids,
        sender=sender_of(reading.paras),
        addressee=head.addressee,
        asker=asker_of(reading.paras),
    )


FAMILY = Family(
    name="antwoord",
    kind="antwoord",
    detect=detect,
    split=blank_line_split,
    notes=letter.NOTES,
    body=letter.body(keep_apart),
    structure=numbered_qa(intro),
    metadata=metadata,
)
