"""Question and answer labels: "Vraag 3 t/m 7", "Antwoord op vraag 1", "Antwoord 11, 12 en 14".

A label names the questions a block asks or answers; `parse_label` reads it, and
`parse_numbers` turns the numbers as written into the numbers meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Numbers joined by commas, "en", ranges, or only a space where a comma fell out ("Vraag 7, 8, 9 10 en 11").
_NUMS = r"\d{1,4}(?:(?:\s*(?:,|en|t/m|tot en met|–|—|-|&)\s*|[ \t]+)\d{1,4})*"
_LABEL = re.compile(
    rf"^(?P<kind>Vra(?:ag|gen)|Antwoord(?:en)?)(?:\s+(?:op\s+)?(?:de\s+)?vra(?:ag|gen))?\s+(?P<nums>{_NUMS})\s*[:.]?$",
    re.I,
)
# The other ways a letter marks its pairs: "Antwoord" or "Antwoord:" alone after a question, a
# question's number alone on the line above it, "1. Kunt u …?" with its number in front.
_BARE_ANSWER = re.compile(r"^Antwoord(?:en)?\s*:?$", re.I)
_BARE_NUMBER = re.compile(r"^(\d{1,3})\.?$")
_NUMBERED_QUESTION = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)(?=[^?]*\?)", re.S)


@dataclass(frozen=True)
class Label:
    kind: Literal["vraag", "antwoord"]
    numbers: tuple[int, ...]
    text: str


def parse_numbers(text: str) -> tuple[int, ...]:
    """ "3 t/m 7" -> 3..7, "11, 12 en 14" -> 11, 12, 14, "11–14" -> 11..14."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|\ben\b|&)\s*|(?<=\d)[ \t]+(?=\d)", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*(?:t/m|tot en met|–|—|-)\s*(\d+)", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo <= hi <= lo + 500:  # a range, not a typo spanning thousands
                out.extend(range(lo, hi + 1))
                continue
        out.extend(int(n) for n in re.findall(r"\d+", part))
    return tuple(dict.fromkeys(out))  # each once, in order


_NOTICE = re.compile(r"^Mededeling\s*:?$", re.I)


def is_notice(line: str) -> bool:
    """ "Mededeling" on a line of its own: the notice that the answers are postponed starts."""
    return _NOTICE.match(line.strip()) is not None


def is_bare_answer(line: str) -> bool:
    return _BARE_ANSWER.match(line.strip()) is not None


def bare_number(line: str) -> int | None:
    m = _BARE_NUMBER.match(line.strip())
    return int(m.group(1)) if m else None


def numbered_question(text: str) -> tuple[int, str] | None:
    """ "1. Kunt u …?" -> (1, "Kunt u …?"): a question with its number in front."""
    m = _NUMBERED_QUESTION.match(text.strip())
    return (int(m.group(1)), text.strip()[m.end() :]) if m else None


def parse_label(line: str) -> Label | None:
    line = line.strip()
    # Asked of every line of a PDF text: most start with another letter.
    if not line or line[0] not in "VvAa":
        return None
    m = _LABEL.match(line)
    if not m:
        return None
    kind: Literal["vraag", "antwoord"] = "vraag" if m.group("kind").lower().startswith("vra") else "antwoord"
    numbers = parse_numbers(m.group("nums"))
    return Label(kind, numbers, line.strip()) if numbers else None
