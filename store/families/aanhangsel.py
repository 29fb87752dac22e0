"""Aanhangsel Handelingen: written questions and their answers as printed in the Handelingen,
here as text pulled out of the PDF: hard line breaks, hyphenation, page footers, grouped
questions ("Vraag 3 t/m 7"), note texts at page ends cutting a question in two, and note
markers glued to words and years ("29 maart 20181" is 2018 + note 1)."""

from __future__ import annotations

import re
from itertools import islice

from store.assemble import Meta, Part, assemble
from store.citations import vergaderjaar
from store.clean import clean
from store.dates import parse_date
from store.footnotes import place_glued_markers
from store.model import Document, Identifiers
from store.paragraphs import Para
from store.pdftext import FOOTER, read_pdf_text
from store.qa_pairs import numbered_pairs
from store.questions import parse_label

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


def _meta(paras: list[Para], footers: tuple[str, ...]) -> Meta:
    number = next((p.text for p in paras[:6] if p.text.isdigit()), None)
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
    key = f"ah-tk-{vergaderjaar(year)}-{number}" if year and number else None
    return Meta(
        kind="aanhangsel",
        title=re.sub(r"\s+", " ", title).strip(),
        date=date,
        identifiers=Identifiers(vergaderjaar=year),
        sender=sender,
        addressee="Tweede Kamer",
        asker=questions.group("who").strip() if questions else None,
        aanhangsel=key,
    )


def _intro(i: int, para: Para) -> Part:
    if _HEADER.match(para.text):
        return Part("heading", para.text, level=1)
    return Part("paragraph", para.text)


def parse(text: str, source: str) -> Document:
    pdf = read_pdf_text(clean(text), standalone=lambda line: parse_label(line) is not None)
    paras = [Para(p.text, gap=p.gap, after_break=p.after_break, lines=(p.text,)) for p in pdf.paragraphs]
    meta = _meta(paras, pdf.footers)
    # The Aanhangsel number on a line of its own is furniture: it is in the id.
    paras = [p for i, p in enumerate(paras) if not (i < 6 and p.text.isdigit())]
    marks = [str(n) for n in range(1, max((int(n.mark) for n in pdf.notes), default=0) + 1)]
    texts = place_glued_markers([p.text for p in paras], marks)
    paras = [Para(t, gap=p.gap, after_break=p.after_break, lines=(t,)) for p, t in zip(paras, texts, strict=True)]
    parts, drafts = numbered_pairs(paras, _intro)
    return assemble(source, meta, parts, drafts, pdf.notes)
