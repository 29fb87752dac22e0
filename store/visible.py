"""Text made safe to print: control characters become visible symbols, and Markdown that
would render as something else (HTML, a link, a heading) is escaped.

What kamerlezer prints from a document or a note (the reader, the command line, an export)
passes through `visible`. The mapping is one character for one character, so offsets into
the original text (reference positions, search highlights) stay valid in the safe text.
"""

from __future__ import annotations

import re

# C0 controls show as their Unicode "control pictures" (ESC as ␛, NUL as ␀), DEL as ␡, and
# the C1 controls (an 8-bit CSI is \x9b) as the replacement character. A tab is only spacing.
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_TABLE[ord("\t")] = " "
# The bidirectional controls (embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069,
# the marks U+200E, U+200F and U+061C) reorder what a terminal shows: a title could read
# backwards or hide what follows it. Shown as the replacement character, never obeyed.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_TABLE.update({ord(ch): "\ufffd" for ch in BIDI_CONTROLS})
_WITH_NEWLINES = dict(_TABLE)
del _WITH_NEWLINES[ord("\n")]
# Looked for first: most text has none, and a search is cheaper than translate().
_ANY = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")
_ANY_BUT_NEWLINE = re.compile("[" + "".join(re.escape(chr(c)) for c in _WITH_NEWLINES) + "]")


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character replaced by a visible symbol of the same length."""
    if text.isprintable():  # every character replaced is a control (Cc) or format (Cf) one: not printable
        return text
    if keep_newlines:
        return text.translate(_WITH_NEWLINES) if _ANY_BUT_NEWLINE.search(text) else text
    return text.translate(_TABLE) if _ANY.search(text) else text


def one_line(text: str, limit: int | None = None) -> str:
    """The text on one line (runs of white space joined), cut at `limit` characters with '…'."""
    flat = " ".join(visible(text, keep_newlines=True).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat


# What Markdown reads as markup anywhere in a line (raw HTML and entities, links, emphasis,
# code, tables, strike-through), and what it reads so at the start of a line (headings,
# quotes, list items, rules and setext underlines).
_MARKUP = re.compile(r"([\\`*_\[\]<>&~|!])")
_LINE_START = re.compile(r"^([ \t]*)(#|>|[-+=]|\d{1,9}[.)])", re.M)
_HTML = re.compile(r"([<&])")


def markdown_literal(text: str) -> str:
    """Text from a document (a title, a quote) for a Markdown file: it reads as the text it is,
    never as HTML, a link or a heading, and no control character reaches the terminal."""
    escaped = _MARKUP.sub(r"\\\1", visible(text, keep_newlines=True))
    return _LINE_START.sub(r"\1\\\2", escaped)


def markdown_note(text: str) -> str:
    """The user's own note for a Markdown file: their Markdown kept, but no raw HTML (a `<` or
    `&` is escaped) and no control character."""
    return _HTML.sub(r"\\\1", visible(text, keep_newlines=True))
