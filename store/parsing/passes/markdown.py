"""Markdown made from PDFs, back to plain text.

Headings keep their level, a paragraph that was bold throughout is marked bold (answers in
a schriftelijk overleg are set in bold), and every marker goes: `**`, `__`, `*`, `#`,
`<sup>n</sup>` (a footnote marker, written `[^n]`), `[text](url)`, `<url>`, backslash
escapes, `> ` quotes.
"""

from __future__ import annotations

import re

from store.formats import MARK, marker

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")

_SUP = re.compile(rf"<sup>\s*({MARK})\s*</sup>", re.I)  # a footnote marker, written [^N]
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>")
_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!|<>~])")
# Bold markers are dropped, not paired: pairing is quadratic on hostile input, and a page
# break can leave one half of a pair in another paragraph anyway.
_BOLD = re.compile(r"\*\*|(?<!\w)__|__(?!\w)")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_QUOTE = re.compile(r"^\s*>\s?", re.M)
_LINE_BREAK = re.compile(r"(?:  |\\)$", re.M)


def _link(m: re.Match[str]) -> str:
    text, url = m.group(1).strip(), m.group(2).strip()
    if not url or url == "#" or url.startswith("#"):
        return text
    if not text or text == url or url.rstrip("/").endswith(text.rstrip("/")):
        return url
    return f"{text} ({url})"


def inline(text: str) -> str:
    """Plain text of a run of Markdown: markers removed, footnote markers as [^n]."""
    # Each pattern needs a character most runs lack: looking for it first is cheap.
    if "<" in text:
        text = _SUP.sub(lambda m: marker(m.group(1)), text)
    if "[" in text:
        text = _LINK.sub(_link, text)
    if "<" in text:
        text = strip_tags(_AUTOLINK.sub(r"\1", text))
    if "*" in text or "_" in text:
        text = _BOLD.sub("", text)
        if "*" in text:
            text = _ITALIC_STAR.sub(r"\1", text)
        if "_" in text:
            text = _ITALIC_UNDERSCORE.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def strip_tags(text: str) -> str:
    """`text` with every HTML tag removed, to a fixed point: a tag that removing another one
    makes (`<scr<b>ipt>` is `<script>` once `<b>` goes) goes too.

    In one pass, not by repeating a substitution, which is quadratic in the nesting: a tag
    holds exactly one `<` (its first character), so when a `>` comes, only the text since
    the last `<` kept can be a tag, and a kept `>` after that `<` rules it out at once."""
    if "<" not in text:
        return text
    out: list[str] = []
    opens: list[int] = []  # where each `<` kept stands in `out`
    last_close = -1  # where the last `>` kept stands
    for ch in text:
        if ch == ">" and opens and opens[-1] > last_close:
            start = opens[-1]
            if _TAG.fullmatch("".join(out[start:]) + ">"):
                del out[start:]
                opens.pop()
                continue
        if ch == "<":
            opens.append(len(out))
        elif ch == ">":
            last_close = len(out)
        out.append(ch)
    return "".join(out)


def is_bold(raw: str) -> bool:
    """Whether a whole paragraph is set in bold (possibly cut open by a page break)."""
    s = (_QUOTE.sub("", raw) if ">" in raw else raw).strip()
    s = HEADING.sub(r"\2", s) if s.startswith("#") else s
    return s.startswith(("**", "__")) and (s.endswith(("**", "__")) or s.count("**") % 2 == 1)


def strip_quote(raw: str) -> str:
    # Called on every paragraph: the patterns run only where their characters are.
    text = _QUOTE.sub("", raw) if ">" in raw else raw
    return _LINE_BREAK.sub("", text) if "  " in text or "\\" in text else text


def heading(raw: str) -> tuple[int, str] | None:
    """(level, raw text) when `raw` is an ATX heading line."""
    if "\n" in raw.strip():
        return None
    m = HEADING.match(raw.strip())
    return (len(m.group(1)), m.group(2)) if m else None
