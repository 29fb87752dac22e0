"""The clean pass: one canonical form of raw text before anything reads its structure.

Line ends become "\\n", text is NFC-normalised, and characters that would act rather than
show are made visible: a control character (an ESC starting a terminal escape sequence, a
NUL) becomes its Unicode "control picture" (ESC -> ␛), so a hostile document is displayed
literally and never drives the terminal. Invisible formatting characters are dropped.
Leading spaces are kept: in PDF text they mark where a page starts.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# Soft hyphen, zero-width space/joiners, word joiner, BOM: invisible, and they break matching.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile("[\t\u00a0\u2007\u202f\u2000-\u200a]")


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean(text: str) -> str:
    # A form feed is where pdftotext broke a page: a line break, not a character to show.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROLS.sub(_picture, text)
    # Trailing spaces, line by line: linear, where `[ ]+$` is quadratic on a long run of spaces
    # and a look-behind guard against that made this the slowest step of the pass.
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))
