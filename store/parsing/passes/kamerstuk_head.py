"""The heading block of a Kamerstuk as the Staten-Generaal print it, in the PDF and on the
official web page alike:

    29 279 Rechtsstaat en Rechtsorde                       a dossier and its title (one or more)
    Nr. 494 BRIEF VAN DE MINISTER VOOR RECHTSBESCHERMING   its number, and what the paper is
    Aan de Voorzitter van de Tweede Kamer der Staten-Generaal
    Den Haag, 5 maart 2019

An Eerste Kamer paper has a letter for its number ("B VOORLOPIG VERSLAG VAN DE VASTE
COMMISSIE …"), a report or memorandum says when it was made ("Vastgesteld 21 juni 2022",
"Ontvangen 26 april 2019"). A budget dossier carries its chapter ("36 200 VI"), a sub-dossier
its number ("21 501-02"). Extractors that drop blank lines join the block into one paragraph;
`head_paragraphs` cuts it where each part starts again, so the block reads the same however
it came.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from store.formats import MARKER
from store.parsing.passes.dates import parse_date
from store.parsing.reading import Para, Part, Pass, Reading

# "29 279", "36 200 VI", "21 501-02", "36 600 (R2064)": the dossier, then its title.
DOSSIER = r"\d\d[ ]?\d{3}(?:(?:[ ]|-)(?:[IVXLC]+|[A-Z]|\d\d)(?![\w-]))?(?:[ ]?\(R\d+\))?"
_DOSSIER_LINE = re.compile(rf"(?P<dossier>{DOSSIER})\s+(?P<title>[A-Z«“(].*)", re.S)
# "Nr. 494 BRIEF VAN …", "B VOORLOPIG VERSLAG …": the number (or the letter) and what the
# paper is, in capitals; a note marker may be glued to its end ("KONING1").
_NUMBER_LINE = re.compile(
    r"(?:Nr\.[ ]?(?P<nr>\d+[a-z]?)|(?P<letter>[A-Z]{1,3}))\s+(?P<what>[A-Z][^a-z]*?[A-Z)»”](?P<mark>\d{1,2})?)",
)
_TO = re.compile(r"Aan\s+(?P<to>(?:de|het)\s+\S.*?(?:Staten-Generaal|Koning|Raad van State))(?=\s|$)")
_DATED = re.compile(
    r"(?:(?:Den\s+Haag|[’']s-Gravenhage),\s+|(?P<word>Vastgesteld|Ontvangen|Voorgesteld)\s+)"
    r"(?P<date>\d{1,2}\s+[a-z]+\s+(?:19|20)\d\d)(?=\s|$)"
)
# Where a part of the block starts, inside a paragraph an extractor joined.
_PART_START = re.compile(
    rf"\s(?=Nr\.[ ]?\d+[a-z]?\s+[A-Z]{{2}}|{DOSSIER}\s+[A-Z]|Aan\s+(?:de|het)\s+[A-Z]|Den\s+Haag,\s+\d"
    r"|(?:Vastgesteld|Ontvangen|Voorgesteld)\s+\d)"
)
_WITHIN = 8  # the block stands in the first paragraphs


@dataclass(frozen=True)
class Dossier:
    number: str  # "29279", "36200-VI", "21501-02": as Identifiers.dossiers holds it
    title: str


@dataclass(frozen=True)
class Head:
    dossiers: tuple[Dossier, ...] = ()
    number: str | None = None  # "494", "17d", or the Eerste Kamer's letter "B"
    what: str | None = None  # "BRIEF VAN DE MINISTER VOOR RECHTSBESCHERMING"
    addressee: str | None = None  # "de Voorzitter van de Tweede Kamer der Staten-Generaal"
    date: str | None = None  # ISO
    dated: str | None = None  # "vastgesteld", "ontvangen", or None for a letter's place and date


def dossier_number(written: str) -> str:
    """ "36 200 VI" -> "36200-VI", "21 501-02" -> "21501-02", "36 600 (R2064)" -> "36600"."""
    written = re.sub(r"\s*\(R\d+\)", "", written).strip()
    digits, rest = written[:6].replace(" ", ""), written[6:].strip(" -")
    if not digits[:5].isdigit():
        digits, rest = written[:5], written[5:].strip(" -")
    return f"{digits[:5]}-{rest}" if rest else digits[:5]


def _split(text: str) -> list[str]:
    pieces, start = [], 0
    for m in _PART_START.finditer(text):
        pieces.append(text[start : m.start()].strip())
        start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _number_line(text: str) -> re.Match[str] | None:
    m = _NUMBER_LINE.fullmatch(text)
    if m is None or sum(ch.isalpha() for ch in m.group("what")) < 5:
        return None
    return m


def _extent(paras: Sequence[Para]) -> int:
    """How many of the first paragraphs hold the block: up to its date, else up to its number line."""
    numbered = 0
    for i, para in enumerate(paras[:_WITHIN]):
        pieces = [" ".join(p.split()) for p in _split(para.text)]
        if any(_DATED.fullmatch(p) for p in pieces):
            return i + 1
        if not numbered and any(_number_line(p) for p in pieces):
            numbered = i + 1
    return numbered


def head_paragraphs(reading: Reading) -> Reading:
    """The heading block's parts as paragraphs of their own, and what they say in
    `found["kamerstuk"]` (a `Head`); nothing else is touched. No block, no change."""
    paras = reading.paras
    n = _extent(paras)
    first = [piece for p in paras[:n] for piece in _split(p.text)]
    if not any(_number_line(piece) for piece in first):
        return reading
    out: list[Para] = []
    for para in paras[:n]:
        for piece in _split(para.text):
            text = " ".join(piece.split())  # `-layout` sets the dossier apart from its title
            out.append(replace(para, text=text, lines=(text,)))
    return replace(reading, paras=(*out, *paras[n:])).with_found(kamerstuk=read_head(first), kamerstuk_paras=len(out))


def read_head(pieces: Sequence[str]) -> Head:
    dossiers: list[Dossier] = []
    head = Head()
    for piece in pieces:
        text = " ".join(piece.split())
        if (m := _number_line(text)) is not None and head.what is None:
            what = m.group("what")
            if m.group("mark"):
                what = what[: -len(m.group("mark"))]
            head = replace(head, number=m.group("nr") or m.group("letter"), what=what.strip())
        elif head.what is None and (m := _DOSSIER_LINE.fullmatch(text)) is not None:
            dossiers.append(Dossier(dossier_number(m.group("dossier")), m.group("title").strip()))
        elif (m := _TO.fullmatch(text)) is not None and head.addressee is None:
            head = replace(head, addressee=m.group("to"))
        elif (m := _DATED.fullmatch(text)) is not None and head.date is None:
            word = m.group("word")
            head = replace(head, date=parse_date(m.group("date")), dated=word.lower() if word else None)
    return replace(head, dossiers=tuple(dossiers))


def head_in(lines: Sequence[str]) -> Head:
    """The heading block in the first lines of a text, however an extractor joined them."""
    return read_head([piece for line in lines for piece in _split(" ".join(line.split()))])


def is_head_line(line: str) -> bool:
    """A line of the block that never runs on into the next (for a PDF text's splitter)."""
    text = " ".join(line.split())
    return bool(_number_line(text) or _TO.fullmatch(text) or _DATED.fullmatch(text))


def head_structure(rest: Pass) -> Pass:
    """The heading block as the official page sets it: the dossiers and the number line as
    headings, the addressee and the date as paragraphs; `rest` gives the structure of the
    text after it."""

    def structure(reading: Reading) -> Reading:
        n = reading.found.get("kamerstuk_paras", 0)
        head = [Part("heading" if _is_heading(p.text) else "paragraph", p.text, level=1 if _is_heading(p.text) else 0)
                for p in reading.paras[:n]]  # fmt: skip
        after = rest(replace(reading, paras=reading.paras[n:]))
        return replace(after, paras=reading.paras, parts=(*head, *after.parts))

    return structure


def _is_heading(text: str) -> bool:
    text = " ".join(text.split())
    return bool(_number_line(_without_markers(text)) or _DOSSIER_LINE.fullmatch(text)) and not (
        _TO.fullmatch(text) or _DATED.fullmatch(text)
    )


def _without_markers(text: str) -> str:
    return MARKER.sub(lambda m: m.group(1), text)
