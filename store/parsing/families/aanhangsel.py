"""Aanhangsel Handelingen: written questions and their answers as printed in the Handelingen,
here as text pulled out of the PDF: hard line breaks, hyphenation, page footers, grouped
questions ("Vraag 3 t/m 7"), note texts at page ends cutting a question in two, and note
markers glued to words and years ("29 maart 20181" is 2018 + note 1)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import islice

from store.formats import aanhangsel_key
from store.model import Identifiers
from store.parsing.passes.dates import parse_date
from store.parsing.passes.footnotes import glued_marks
from store.parsing.passes.labels import parse_label
from store.parsing.passes.pdftext import FOOTER, pdf_paragraphs, pdf_text_split
from store.parsing.passes.qa_pairs import numbered_qa
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Para, Part, Reading

_HEADER = re.compile(r"Vragen gesteld door de leden der Kamer", re.I)
# [ \t], not \s: \s would run on over blank lines, from each of them (quadratic on thousands).
_VRAAG_LINE = re.compile(r"^[ \t]*Vraag \d+", re.M)
_ANTWOORD_LINE = re.compile(r"^[ \t]*Antwoord \d+", re.M)
_QUESTIONS_BY = re.compile(
    r"^Vragen van (?:het lid|de leden) (?P<who>.+?) aan (?:de|het) (?P<to>.+?) over (?P<subject>.+?)"
    r"(?:\s*\((?:ingezonden|ontvangen) (?P<sent>[^)]*)\))?\.?$",
    re.I | re.S,
)
_ANSWER_BY = re.compile(r"^Antwoord van (?P<who>.+?)(?:,| \(ontvangen|$)", re.I)
_RECEIVED = re.compile(r"\(ontvangen (?P<date>[^)]*)\)", re.I)
_VERGADERJAAR = re.compile(r"vergaderjaar (?P<year>\d{4}\s*[–-]\s*\d{4})", re.I)


def _at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    return sum(1 for _ in islice(pattern.finditer(text), n)) == n


def detect(text: str) -> int:
    # Every family's detector reads every imported file: each test stops as soon as it knows.
    if _HEADER.search(text[:3000]) or (
        "Aanhangsel" in text and any(FOOTER.match(line) for line in text.split("\n") if "Aanhangsel" in line)
    ):
        return 90
    return 50 if _at_least(_VRAAG_LINE, text, 2) and _at_least(_ANTWOORD_LINE, text, 2) else 0


def metadata(reading: Reading) -> Meta:
    paras, footers = reading.paras, reading.found.get("footers", ())
    number = reading.found.get("number")
    year_m = next((m for f in footers for m in [_VERGADERJAAR.search(f)] if m), None)
    year = re.sub(r"\s*[–-]\s*", "-", year_m.group("year")) if year_m else None
    questions = next((m for p in paras[:8] for m in [_QUESTIONS_BY.match(p.text)] if m), None)
    answered = next((p.text for p in paras[:8] if _ANSWER_BY.match(p.text)), None)
    received = _RECEIVED.search(answered or "")
    date = parse_date(received.group("date")) if received else None
    if date is None and questions and questions.group("sent"):
        date = parse_date(questions.group("sent"))
    title = "Vragen"
    if questions:
        title = f"Vragen van het lid {questions.group('who')} over {questions.group('subject')}"
    sender = _ANSWER_BY.match(answered).group("who").strip() if answered else None
    return Meta(
        kind="aanhangsel",
        title=re.sub(r"\s+", " ", title).strip(),
        date=date,
        identifiers=Identifiers(vergaderjaar=year, ondernummer=number),
        sender=sender,
        addressee="Tweede Kamer",
        asker=questions.group("who").strip() if questions else None,
        printed_id=aanhangsel_key("tk", year, number) if year and number else None,
    )


def aanhangsel_number(reading: Reading) -> Reading:
    """The Aanhangsel number on a line of its own near the top is furniture: it is in the id."""
    paras = reading.paras
    number = next((p.text for p in paras[:6] if p.text.isdigit()), None)
    kept = tuple(p for i, p in enumerate(paras) if not (i < 6 and p.text.isdigit()))
    gone = [p.text for i, p in enumerate(paras) if i < 6 and p.text.isdigit()]
    return replace(reading, paras=kept, dropped=reading.without("aanhangsel number", gone)).with_found(number=number)


def intro(paras: Sequence[Para]):
    def part(i: int, para: Para) -> Part:
        if _HEADER.match(para.text):
            return Part("heading", para.text, level=1)
        return Part("paragraph", para.text)

    return part


FAMILY = Family(
    name="aanhangsel",
    kind="aanhangsel",
    detect=detect,
    split=pdf_text_split(standalone=lambda line: parse_label(line) is not None),
    notes=(),
    body=(pdf_paragraphs, aanhangsel_number, glued_marks),
    structure=numbered_qa(intro),
    metadata=metadata,
)
