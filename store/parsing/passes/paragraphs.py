"""Paragraphs: the segment pass for text whose paragraphs are separated by blank lines.

A raw paragraph remembers what stood before it: how many blank lines, and whether page
furniture (a footnote block, a repeated letterhead) was lifted out there. Both are signs of
a page break, and a paragraph cut in two by a page break is joined again
(`join_continuations`), also when the cut fell inside a bold run or turned the second half
into a `##` heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from store.formats import MARKER
from store.parsing.passes import markdown
from store.parsing.reading import Para, Pass, RawPara, Reading

_BLANKS = re.compile(r"\n(?:[ ]*\n)+")


def split_raw(text: str) -> list[RawPara]:
    """Paragraphs separated by blank lines, with the number of blank lines before each."""
    out: list[RawPara] = []
    pos = 0
    gap = 0
    for m in _BLANKS.finditer(text):
        chunk = text[pos : m.start()]
        if chunk.strip():
            out.append(RawPara(chunk.strip("\n"), gap=gap))
            gap = 0
        gap += m.group().count("\n") - 1
        pos = m.end()
    chunk = text[pos:]
    if chunk.strip():
        out.append(RawPara(chunk.strip("\n"), gap=gap))
    return out


def mark_breaks(paras: list[RawPara], removed: list[bool]) -> list[RawPara]:
    """Drop the paragraphs flagged in `removed`, marking the next kept one `after_break`."""
    out: list[RawPara] = []
    pending = False
    for para, gone in zip(paras, removed, strict=True):
        if gone:
            pending = True
            continue
        out.append(replace(para, after_break=para.after_break or pending) if pending else para)
        pending = False
    return out


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def to_para(raw: RawPara) -> Para:
    """Markdown to plain text, keeping heading level and boldness; soft line breaks become spaces."""
    source = markdown.strip_quote(raw.text)
    level = 0
    head = markdown.heading(source)
    if head:
        level, source = head
    bold = markdown.is_bold(source)
    lines = tuple(markdown.inline(line).strip() for line in source.split("\n"))
    lines = tuple(line for line in lines if line)
    # List items keep their own lines, and so does a closing with its signature
    # ("De Staatssecretaris van Justitie en Veiligheid,\nA. Broekers-Knol"); other soft line
    # breaks are spaces.
    if len(lines) > 1 and (
        all(_LIST_ITEM.match(line) for line in lines[1:])
        or (len(lines) <= 4 and lines[0].endswith(",") and all(len(line) < 70 for line in lines))
    ):
        text = "\n".join(lines)
    else:
        text = " ".join(lines)
    return Para(text=_squash(text), heading=level, bold=bold, gap=raw.gap, after_break=raw.after_break, lines=lines)


_MULTISPACE = re.compile(r"[ ]{2,}")


def _squash(text: str) -> str:
    return (_MULTISPACE.sub(" ", text) if "  " in text else text).strip()


# Words after which a Dutch sentence cannot end: a paragraph ending in one was cut off.
_FUNCTION_WORDS = frozenset(
    """
    de het een van en of in op te voor met aan tot bij naar om dat die dan over door als uit onder
    tussen zijn haar hun ons onze deze dit wordt worden is zal zullen kan kunnen niet ook nog maar
    wel er zich hij zij ze wij we u uw ik mijn waar waarbij waarin welke wie wat omdat zodat
    terwijl tegen zonder binnen buiten na sinds via per vanuit ten ter
    """.split()
)
# These look at the end of a paragraph only: a paragraph grows as page breaks are joined,
# and reading all of it at each join is quadratic (cubic with regex backtracking) on hostile text.
_CLOSERS = """)]"'”’»*_"""
_CLOSING_START = re.compile(r"(?:De|Het)\s")
_TAIL = 200  # longer than any word _cut_off looks for


def _closing(text: str) -> bool:
    """A letter's closing line ("De minister van ...,")."""
    m = _CLOSING_START.match(text)
    body = text.removesuffix("\n")
    return m is not None and body.endswith(",") and "\n" not in body[m.end() :]


def ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence (a note marker after the full stop does not count)."""
    text = text.rstrip()
    while text.endswith("]"):
        start = text.rfind("[^")
        if start < 0 or not MARKER.fullmatch(text, start):
            break
        text = text[:start].rstrip()
    return text.rstrip(_CLOSERS)[-1:] in (".", "?", "!", ":", ";")


def _cut_off(text: str) -> bool:
    words = re.findall(r"[\w'’-]+|[,–-]$", text.rstrip()[-_TAIL:].lower())
    return bool(words) and (words[-1] in _FUNCTION_WORDS or words[-1] in {",", "–", "-"})


def is_continuation(prev: Para, nxt: Para) -> bool:
    """Whether `nxt` continues the sentence `prev` was cut off in (by a page break)."""
    if prev.heading or ends_sentence(prev.text) or _closing(prev.text):
        return False
    if nxt.heading:
        # A page break can turn the rest of a sentence into a "## heading": a heading does
        # not end in a full stop, this text does.
        return (nxt.after_break or nxt.gap > 1) and ends_sentence(nxt.text) and len(nxt.text) > 40
    if prev.bold != nxt.bold:
        return False
    first = nxt.text[:1]
    if first.islower() or first in "([,;":
        return True
    return _cut_off(prev.text) or ((nxt.after_break or nxt.gap > 1) and not first.isdigit())


# A real paragraph is cut by a page break or two; joining without end (hostile text: thousands
# of lines each "continuing" the one before) copies the growing text at every join, quadratic.
MAX_JOINED = 100


def join_continuations(paras: list[Para], keep: Callable[[Para], bool] | None = None) -> list[Para]:
    """Join paragraphs cut in two by a page break. `keep(para)` marks paragraphs never joined."""
    out: list[Para] = []
    joined = 0  # paragraphs joined into out[-1]
    for para in paras:
        if (
            out
            and joined < MAX_JOINED
            and not (keep and (keep(out[-1]) or keep(para)))
            and is_continuation(out[-1], para)
        ):
            prev = out[-1]
            out[-1] = replace(prev, text=f"{prev.text} {para.text}", lines=prev.lines + para.lines)
            joined += 1
        else:
            out.append(para)
            joined = 0
    return out


# -- as passes of the pipeline -----------------------------------------------------------------


def blank_line_split(reading: Reading) -> Reading:
    """Split: paragraphs separated by blank lines (text made from Markdown, Word, web pages)."""
    return replace(reading, raw=tuple(split_raw(reading.text)))


def markdown_paragraphs(reading: Reading) -> Reading:
    """Raw paragraphs to plain ones: Markdown markers out, heading level and boldness kept."""
    return replace(reading, paras=tuple(to_para(r) for r in reading.raw))


def join_broken(keep: Callable[[Para], bool] | None = None) -> Pass:
    """Join paragraphs a page break cut in two; `keep(para)` marks those never joined (labels)."""

    def join(reading: Reading) -> Reading:
        return replace(reading, paras=tuple(join_continuations(list(reading.paras), keep)))

    return join


def lines_apart(stands_alone: Callable[[str], bool], heads: Callable[[str, str], bool] | None = None) -> Pass:
    """A line `stands_alone` says is a paragraph of its own (a "Vraag 4" label) starts one, and
    ends it, also where no blank line sets it apart: text from Word keeps none between an
    answer and the next question's label. `heads(line, next_line)`: a line that stands alone
    by what follows it (a question's bare number above the question)."""

    def alone(lines: list[str], i: int) -> bool:
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        return stands_alone(lines[i]) or (heads is not None and bool(nxt) and heads(lines[i], nxt))

    def split(reading: Reading) -> Reading:
        out: list[RawPara] = []
        for raw in reading.raw:
            lines = raw.text.split("\n")
            flags = [alone(lines, i) for i in range(len(lines))] if len(lines) > 1 else [False]
            if not any(flags):
                out.append(raw)
                continue
            chunk: list[str] = []
            first = True
            for line, apart in zip(lines, flags, strict=True):
                if apart:
                    if chunk:
                        out.append(replace(raw, text="\n".join(chunk), gap=raw.gap if first else 0))
                        first = False
                    out.append(replace(raw, text=line, gap=raw.gap if first else 0))
                    first, chunk = False, []
                else:
                    chunk.append(line)
            if chunk:
                out.append(replace(raw, text="\n".join(chunk), gap=0, after_break=False))
        return replace(reading, raw=tuple(out))

    return split
