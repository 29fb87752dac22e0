"""The structure pass for letters: which paragraphs are headings, the closing, the signature.

Letters made from PDFs lose their heading styles: a section heading is a bare short line
("Inleiding", "1. Voorkomen van irreguliere migratie"), told apart from body text by having
no sentence end, and from the signature ("E. van der Burg") by the closing formula that
precedes a signature ("De Staatssecretaris van Justitie en Veiligheid,").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from store.parsing.passes.paragraphs import ends_sentence
from store.parsing.reading import Para, Part, Reading

CLOSING = re.compile(
    r"^(?:De|Het)\s+(?P<who>(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris|[Vv]oorzitter|[Gg]riffier|"
    r"[Aa]djunct-griffier)\b[^,]*?),?$"
)
SIGNATURE = re.compile(r"^(?:[A-Z][a-z]?\.)+(?:[A-Z]\.)*\s*\S")
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")


def sender_of(paras: Sequence[Para]) -> str | None:
    """Who signs the letter: "Staatssecretaris van Justitie en Veiligheid", from its closing."""
    for para in paras:
        first = para.lines[0] if para.lines else para.text
        m = CLOSING.match(first)
        if m and first.endswith(",") and re.match(r"(?i)(minister|staatssecretaris)", m.group("who")):
            who = m.group("who").strip()
            return who[0].upper() + who[1:]
    return None


def is_bare_heading(para: Para, prev: Para | None, nxt: Para | None) -> bool:
    """A short line on its own, no sentence end, followed by text: a section heading."""
    text = para.text
    if para.heading:
        return True
    if nxt is None or len(para.lines) > 1 or len(text) > 90 or len(text) < 3:
        return False
    if ends_sentence(text) or text.endswith((",", "-", "–")) or text[-1:] in "([":
        return False
    if " | " in text:  # a table's row (a Word file's, an official XML's): short, but no heading
        return False
    if not (text[0].isupper() or _NUMBERED.match(text)):
        return False
    if prev is not None and prev.text.rstrip().endswith(","):
        return False  # the name under a closing formula
    if SIGNATURE.match(text) or CLOSING.match(text):
        return False
    return not nxt.heading or _NUMBERED.match(text) is not None


def heading_level(para: Para) -> int:
    if para.heading:
        return para.heading
    return 2


def section_parts(paras: Sequence[Para]) -> list[Part]:
    """Headings (bare or Markdown) and paragraphs: the structure of a letter or other text."""
    parts: list[Part] = []
    for i, para in enumerate(paras):
        prev = paras[i - 1] if i else None
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if is_bare_heading(para, prev, nxt):
            parts.append(Part("heading", para.text, level=heading_level(para)))
        else:
            parts.append(Part("paragraph", para.text))
    return parts


def sections(reading: Reading) -> Reading:
    """The structure pass of a text without questions: sections under their headings."""
    return replace(reading, parts=tuple(section_parts(reading.paras)))
