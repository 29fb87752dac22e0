"""The official print of written questions, as text pulled out of its PDF: the Aanhangsel van
de Handelingen (questions with the government's answers, or a Mededeling that they come
later) and the Kamervragen not yet answered.

What it has to cope with is the PDF text (store/parsing/passes/pages.py and pdftext.py):
furniture on every page, glued by PyPDF2 or padded by `pdftotext -layout`; note texts at
page feet with their number glued on, spaced, or apart; markers glued to words and years
("29 maart 20181" is 2018 + note 1) or alone on a line; no blank lines between paragraphs.

What it reads of the document itself: the id printed at the foot of the first page
(`ah-tk-20242025-594`, `kv-tk-2024Z18775`), the vergaderjaar of the page header, the
Aanhangsel number or the zaak at the top, who asked ("Vragen van het lid Boomsma (Nieuw
Sociaal Contract) aan de …", sent "(ingezonden 10 oktober 2024)"), who answered and when
("Antwoord van Minister … (ontvangen 18 november 2024)"), or the Mededeling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from store.formats import aanhangsel_key, kamervragen_key
from store.model import Identifiers, Kind
from store.parsing.passes.footnotes import glued_marks
from store.parsing.passes.labels import is_notice, parse_label
from store.parsing.passes.metadata import (
    ZAAK_LINE,
    answered_by,
    askers,
    printed_id,
    received_date,
    sent_date,
    vergaderjaar_in,
)
from store.parsing.passes.pages import furniture_rule
from store.parsing.passes.pdftext import pdf_paragraphs, pdf_text_split
from store.parsing.passes.qa_pairs import numbered_qa
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Para, Part, Reading

_ANSWERS_HEADER = re.compile(r"Aanhangsel van de Handelingen|met de daarop door de", re.I)
_QUESTIONS_HEADER = re.compile(r"Vragen gesteld door de leden der Kamer", re.I)
_NUMBER = re.compile(r"\d{1,5}")
_QUESTIONS_BY = re.compile(r"^(?:Mondelinge\s+)?Vragen van (?:het lid|de leden|lid)\b", re.I)
_SUBJECT = re.compile(r"\bover\s+(?P<subject>.+?)\s*(?:\(ingezonden[^)]*\))?\s*\.?\s*$", re.S)


def detect(text: str) -> int:
    """The print's own header, or its page furniture on a line of its own."""
    head = text[:3000]
    if _QUESTIONS_HEADER.search(head):
        return 90
    lines = text.split("\n")
    furniture = (line for line in lines if line.strip()[:1] in "TtIi’'aAkV" and furniture_rule(line))
    return 85 if next(furniture, None) and next(furniture, None) else 0


def number_or_zaak(reading: Reading) -> Reading:
    """The Aanhangsel number or the zaak on a line of its own above the questions: furniture
    here, kept in `found` (the id holds the one, the identifiers the other)."""
    paras = reading.paras
    head = next((i for i, p in enumerate(paras) if _QUESTIONS_BY.match(p.text) or parse_label(p.text)), len(paras))
    number = zaak = None
    drop: set[int] = set()
    for i in range(min(head, 6)):
        text = paras[i].text
        if number is None and _NUMBER.fullmatch(text):
            number = text
            drop.add(i)
        elif zaak is None and (m := ZAAK_LINE.fullmatch(text)):
            zaak = f"{m.group('year')}Z{m.group('nr')}"
            drop.add(i)
    kept = tuple(p for i, p in enumerate(paras) if i not in drop)
    gone = [paras[i].text for i in sorted(drop)]
    return replace(reading, paras=kept, dropped=reading.without("number above the questions", gone)).with_found(
        number=number, zaak=zaak
    )


def stands_alone(line: str) -> bool:
    """Lines never joined to the next: labels, "Mededeling", the number or zaak above the questions."""
    text = line.strip()
    if parse_label(text) is not None or is_notice(text):
        return True
    return bool(_NUMBER.fullmatch(text) or ZAAK_LINE.fullmatch(text))


def intro(paras: Sequence[Para]):
    def part(i: int, para: Para) -> Part:
        return Part("paragraph", para.text)

    return part


_WHO = re.compile(r"^(?P<lead>(?:Mondelinge\s+)?Vragen\s+van\s+(?:het\s+lid|de\s+leden|lid)\b)", re.I)


def short_title(questions: str) -> str:
    """ "Vragen van het lid Baudet (FvD) aan de Staatssecretaris … over het voornemen … (ingezonden …)."
    -> "Vragen van het lid Baudet (FvD) over het voornemen …": who asked, and about what."""
    lead = _WHO.match(questions)
    who = askers(questions)
    subject = _SUBJECT.search(questions)
    if not (lead and who and subject):
        return questions
    return f"{lead.group('lead')} {who} over {subject.group('subject')}"


def _kind(reading: Reading, answer: tuple[str, str] | None) -> Kind:
    headers = " ".join(reading.found.get("footers", ()))
    printed = reading.found.get("printed_id") or ""
    if printed.startswith("kv-") or (answer is None and not _ANSWERS_HEADER.search(headers)):
        return "vragen"
    return "aanhangsel"


def metadata(reading: Reading) -> Meta:
    paras = reading.paras
    first = next((i for i, p in enumerate(paras) if parse_label(p.text)), len(paras))
    intro_text = "\n".join(p.text for p in paras[: first + 1] if not parse_label(p.text))[:3000]
    questions = next((p.text for p in paras[:first] if _QUESTIONS_BY.match(p.text)), None)
    answer = answered_by(intro_text)
    kind = _kind(reading, answer)
    headers = " ".join(reading.found.get("footers", ()))
    year = vergaderjaar_in(headers) or vergaderjaar_in(intro_text)
    number = reading.found.get("number")
    zaak = reading.found.get("zaak")
    printed = printed_id([reading.found.get("printed_id") or ""])
    if printed is None:
        if kind == "aanhangsel" and year and number:
            printed = aanhangsel_key("tk", year, number)
        elif kind == "vragen" and zaak:
            printed = kamervragen_key(zaak)
    title = short_title(questions) if questions else "Vragen"
    date = received_date(intro_text) if answer else None
    return Meta(
        kind=kind,
        title=" ".join(title.split())[:300],
        date=date or sent_date(intro_text),
        identifiers=Identifiers(zaak=zaak, vergaderjaar=year, ondernummer=number if kind == "aanhangsel" else None),
        sender=answer[1] if answer else None,
        addressee="Eerste Kamer" if "Eerste Kamer" in headers else "Tweede Kamer",
        asker=askers(questions) if questions else None,
        printed_id=printed,
    )


FAMILY = Family(
    name="official_print",
    kind="aanhangsel",
    detect=detect,
    split=pdf_text_split(standalone=stands_alone),
    notes=(),
    body=(pdf_paragraphs, number_or_zaak, glued_marks),
    structure=numbered_qa(intro),
    metadata=metadata,
    standalone=stands_alone,
)
