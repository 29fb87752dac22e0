"""Answers, Mededelingen and questions as Word files give them, without a letterhead: what
ministries send the Kamer before the Aanhangsel prints it, and what members hand in.

    AH 614                                       (the Aanhangsel number to be)
    2024Z14815                                   (the zaak of the questions)
    Antwoord van staatssecretaris … (ontvangen 20 november 2024)
    Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 376
    Vraag 1 / Antwoord 1, or "1" / "Antwoord", or "1. …?" / "Antwoord vraag 1:"

or, for questions not yet answered, the zaak, "(ingezonden 20 november 2024)" and "Vragen van
de leden … aan de … over …" above the questions. Notes are Word's: "1)" after the word with
"1) …" at the end, or "[1]" with "[1] …".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from store.formats import kamervragen_key
from store.model import Identifiers, Kind
from store.parsing.passes.footnotes import word_marks, word_note_texts
from store.parsing.passes.labels import bare_number, is_bare_answer, is_notice, parse_label
from store.parsing.passes.metadata import (
    ZAAK_LINE,
    answered_by,
    askers,
    received_date,
    sent_date,
    vergaderjaar_of_date,
)
from store.parsing.passes.paragraphs import blank_line_split, join_broken, lines_apart, markdown_paragraphs
from store.parsing.passes.qa_pairs import numbered_qa
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Para, Part, Reading

_AH = re.compile(r"^AH\s+(?P<nr>\d{1,5})$")
_SENT_LINE = re.compile(r"^\(\s*ingezonden\s+[^)]{6,30}\)\s*\.?$", re.I)
_OPENING = re.compile(r"^(?:Antwoord|Mededeling)\s+van\b|^(?:Mondelinge\s+)?Vragen\s+van\b|^\(\s*ingezonden\b", re.I)
_QUESTIONS_BY = re.compile(r"^(?:Mondelinge\s+)?Vragen\s+van\b", re.I)


def detect(text: str) -> int:
    """An "AH" number or a zaak on one of the first lines, and an opening line of answers,
    a Mededeling or questions soon after."""
    lines = [line.strip() for line in text[:4000].split("\n") if line.strip()][:10]
    top = lines[:3]
    if not any(_AH.match(line) or ZAAK_LINE.fullmatch(line) for line in top):
        return 0
    return 70 if any(_OPENING.match(line) for line in lines) else 0


def header(reading: Reading) -> Reading:
    """The lines above the questions, each a paragraph of its own; the "AH" number, the zaak and
    the date sent taken out as furniture (they are in the identifiers and the date)."""
    paras = list(reading.paras)
    first = next((i for i, p in enumerate(paras) if parse_label(p.text) or _question_start(p.text)), len(paras))
    head: list[Para] = []
    facts: dict[str, str] = {}
    gone: list[str] = []
    for para in paras[: min(first, 8)]:
        for line in para.lines or (para.text,):
            if m := _AH.match(line):
                facts.setdefault("number", m.group("nr"))
                gone.append(line)
            elif m := ZAAK_LINE.fullmatch(line):
                facts.setdefault("zaak", f"{m.group('year')}Z{m.group('nr')}")
                gone.append(line)
            elif _SENT_LINE.match(line):
                facts.setdefault("sent", line)
                gone.append(line)
            else:
                head.append(Para(line, lines=(line,)))
    rest = paras[min(first, 8) :]
    return replace(reading, paras=tuple(head + rest), dropped=reading.without("letter header", gone)).with_found(
        **facts
    )


def is_label_line(line: str) -> bool:
    """A line that marks a pair or the notice: never part of a paragraph of text."""
    line = line.strip().strip("*")
    return parse_label(line) is not None or is_bare_answer(line) or is_notice(line)


def _numbered(line: str, nxt: str) -> bool:
    """ "3" alone on its line, the question under it with no blank line between (python-docx
    dumps keep none): the number stands apart, to be read as the question's label."""
    return bare_number(line) is not None and "?" in nxt


def _question_start(text: str) -> bool:
    return bool(re.match(r"^\d{1,3}(?:\.\s+\S.*\?|\s*$)", text, re.S))


def intro(paras: Sequence[Para]):
    def part(i: int, para: Para) -> Part:
        return Part("paragraph", para.text)

    return part


def _kind(answer: tuple[str, str] | None) -> Kind:
    if answer is None:
        return "vragen"
    return "mededeling" if answer[0].lower() == "mededeling" else "antwoord"


def metadata(reading: Reading) -> Meta:
    paras = reading.paras
    first = next((i for i, p in enumerate(paras) if p.text and (parse_label(p.text) or _question_start(p.text))),
                 len(paras))  # fmt: skip
    opening = "\n".join(p.text for p in paras[: max(first, 1)])[:4000]
    answer = answered_by(opening)
    kind = _kind(answer)
    zaak = reading.found.get("zaak")
    questions = next((p.text for p in paras[:first] if _QUESTIONS_BY.match(p.text)), None)
    sent = sent_date(reading.found.get("sent", "")) or sent_date(opening)
    date = (received_date(opening) if answer else None) or sent
    printed = None
    if kind == "vragen" and zaak:
        printed = kamervragen_key(zaak)
    elif kind == "mededeling" and zaak:
        printed = f"{zaak}-mededeling"
    if questions:
        title = questions
    elif answer:
        title = f"{'Antwoord' if kind == 'antwoord' else 'Mededeling'} van {answer[1]} op vragen {zaak or ''}".strip()
    else:
        title = "Vragen"
    everything = "\n".join(p.text for p in paras)
    return Meta(
        kind=kind,
        title=" ".join(title.split())[:300],
        date=date,
        identifiers=Identifiers(
            zaak=zaak,
            ondernummer=reading.found.get("number"),
            vergaderjaar=vergaderjaar_of_date(date) if reading.found.get("number") else None,
        ),
        sender=answer[1] if answer else None,
        addressee="Tweede Kamer",
        asker=askers(questions or opening) or askers(everything[:6000]),
        printed_id=printed,
    )


FAMILY = Family(
    name="word_letter",
    kind="antwoord",
    detect=detect,
    split=blank_line_split,
    notes=(word_note_texts,),
    body=(lines_apart(is_label_line, _numbered), markdown_paragraphs, header, word_marks,
          join_broken(keep=lambda p: is_label_line(p.text))),  # fmt: skip
    structure=numbered_qa(intro),
    metadata=metadata,
)
