"""Text pulled out of a PDF: hard line breaks, hyphenation, page footers, notes at page ends.

The segment pass for PDF text. It turns lines into paragraphs:
- page footers ("Tweede Kamer, vergaderjaar 2018–2019, Aanhangsel 11") are dropped;
- note texts at the foot of a page ("4 Zie o.a. …" up to the page end) are lifted out, and
  the paragraph they cut in two is joined again;
- lines are joined, words hyphenated at a line end joined again ("Neder-" + "land"), but real
  hyphens kept ("EU-" + "lidstaten", "niet-" + "afdwingbare"), web addresses broken after a
  "/" joined without a space;
- a paragraph ends at a blank line, at a line the caller says stands alone (a "Vraag 3"
  label), or after a line that ends a sentence although the next word would have fitted
  (the typesetter broke the line on purpose).
A line starting with a space is the first line of a page: that is how this PDF text shows
page starts, and it tells where a note block at a page end stops.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from store.formats import marker
from store.parsing.passes.labels import is_notice, parse_label
from store.parsing.passes.layout import LaidOut
from store.parsing.passes.pages import Line, marks_page_starts, read_pages
from store.parsing.passes.paragraphs import ends_sentence
from store.parsing.passes.unglue import is_glued, plain_words, unglue_line, unglue_marks, word_counts
from store.parsing.reading import NoteText, Para, Pass, RawPara, Reading

FOOTER = re.compile(
    r"^\s*(?:Tweede|Eerste) Kamer,? vergaderjaar \d{4}\s*[–-]\s*\d{4},? (?:Aanhangsel|Vragen|nr\.?)\s*\d+\s*$", re.I
)


@dataclass(frozen=True)
class PdfText:
    paragraphs: tuple[RawPara, ...]  # one line each: the joined text
    notes: tuple[NoteText, ...]
    footers: tuple[str, ...]  # the page headers and footers taken out, as printed
    printed_id: str | None = None  # the document's own id printed at a page foot
    dropped: tuple[tuple[str, str], ...] = ()  # (rule, text) of what was taken out


def _lines(text: str) -> list[Line]:
    starts = marks_page_starts(text)
    return [Line(line.strip(), starts and line.startswith(" ") and bool(line.strip()), not line.strip())
            for line in text.split("\n")]  # fmt: skip


def _join_lines(parts: list[str], vocabulary: set[str]) -> str:
    out = ""
    for part in parts:
        out = join_line(out, part, vocabulary) if out else part
    return out


_WORD_END = re.compile(r"(\S+)-$")
_WORD_START = re.compile(r"^(\S+)")
_HYPHEN_PREFIXES = frozenset({"niet", "ex", "oud", "vice", "non", "pre", "semi", "co"})
_CLASH = {("a", "a"), ("a", "e"), ("a", "i"), ("a", "u"), ("e", "e"), ("e", "i"), ("e", "u"), ("i", "e"),
          ("i", "j"), ("o", "e"), ("o", "i"), ("o", "o"), ("o", "u"), ("u", "i"), ("u", "u")}
_CONJUNCTIONS = frozenset({"en", "of", "tot", "and", "or"})
_FORMULA_HEAD = re.compile(r"(?:CO|NO|SO|NH|CH|N|H|O)")  # the formulas these papers print: CO₂, NOₓ, NH₃
_SUBSCRIPT_TAIL = re.compile(r"\d[-–]\w")
_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*[/_=&?#-]$")


_NOT_WORD = re.compile(r"[^\w-]")


def _word(s: str) -> str:
    return _NOT_WORD.sub("", s).lower()


def join_line(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two lines of PDF text, undoing hyphenation where the hyphen was the typesetter's."""
    left = left.rstrip()
    right = right.lstrip()
    last = left[left.rfind(" ") + 1 :]  # only the last word matters; `left` may be a long paragraph
    if _URL_TAIL.search(last):
        return left + right
    if _FORMULA_HEAD.fullmatch(last) and _SUBSCRIPT_TAIL.match(right):
        return left + right  # "CO" + "2-heffing": the subscript of CO₂ set on the next line
    m = _WORD_END.search(last)
    if not m:
        return f"{left} {right}"
    head = m.group(1)
    first = _WORD_START.match(right)
    tail = first.group(1) if first else ""
    tail_word = _word(tail)
    if tail_word in _CONJUNCTIONS:  # "toelatings-" + "en toegangsprocedures"
        return f"{left} {right}"
    head_word = _word(head.split("-")[-1])
    keep = (
        not tail[:1].islower()  # "Noord-" + "Afrika", "COVID-" + "19"
        or head[-1:].isupper() or head[-1:].isdigit()  # "EU-" + "lidstaten"
    )
    if not keep:
        joined = _word(head) + tail_word
        hyphenated = f"{_word(head)}-{tail_word}"
        if joined.replace("-", "") in vocabulary or joined in vocabulary:
            keep = False
        elif hyphenated in vocabulary or head_word in _HYPHEN_PREFIXES:
            keep = True
        else:
            keep = (head_word[-1:], tail_word[:1]) in _CLASH
    return left + right if keep else left[:-1] + right


_LINE_END_FRAGMENT = re.compile(r"\S*-[ ]*$", re.M)
_WORDS = re.compile(r"\w[\w-]*")


def vocabulary_of(text: str) -> set[str]:
    """Words as they stand inside lines (not at a line end), for telling real hyphens apart."""
    return set(_WORDS.findall(_LINE_END_FRAGMENT.sub("", text.lower())))


def _width(lines: list[Line]) -> int:
    """The measure: how long a full line is. Full lines are the ones a sentence runs on from
    (the next line starts in lower case), and they bunch just under the measure; PyPDF2 glues
    some into lines of any length, which bunch nowhere. So: the length with the most full
    lines just under it (in a short text, the most lines of any kind)."""
    full = [len(a.text) for a, b in zip(lines, lines[1:], strict=False)
            if not a.blank and b.text[:1].islower() and len(a.text) <= _LONGEST_LINE]  # fmt: skip
    if len(full) < 5:
        full = [len(line.text) for line in lines if 20 <= len(line.text) <= _LONGEST_LINE]
    if not full:
        return max((len(line.text) for line in lines), default=0)
    full.sort()
    top = max(set(full), key=lambda n: (bisect.bisect_right(full, n) - bisect.bisect_left(full, 0.85 * n), n))
    bunch = full[bisect.bisect_left(full, 0.85 * top) : bisect.bisect_right(full, top)]
    return bunch[int(len(bunch) * 0.9)] if len(bunch) > 1 else top  # its longest lines but the odd few


def read_pdf_text(text: str, standalone: Callable[[str], bool] = lambda line: False) -> PdfText:
    """Paragraphs, note texts and page furniture of PDF text (store/parsing/passes/pages.py)."""
    vocabulary = vocabulary_of(text)
    raw = _lines(text)
    lines = _lines(unglue_marks(text))  # the same lines, with spaces put in
    measure = _width(lines)
    if is_glued([line.text for line in raw], measure):
        counts = word_counts(text)
        words = plain_words(counts)
        lines = [_with_text(line, unglue_line(line.text, measure, counts, words, join_line)) for line in lines]
    # A note block never holds a question's label (a number alone on a line may be a note's).
    pages = read_pages(lines, _pair_label, lambda parts: _join_lines(list(parts), vocabulary))
    marks = {n.mark for n in pages.notes}
    kept = _marker_lines(list(pages.body), marks)
    paragraphs = tuple(_paragraphs(kept, standalone, vocabulary, _width([x for x in kept if x is not None])))
    return PdfText(paragraphs, pages.notes, pages.headers, pages.printed_id, pages.dropped)


def _with_text(line: Line, text: str) -> Line:
    return line if text == line.text else replace(line, text=text)


def _pair_label(line: str) -> bool:
    return parse_label(line) is not None or is_notice(line)


_MARKS_LINE = re.compile(r"\d{1,3}(?: \d{1,3})*")
_MARK_THEN_WORD = re.compile(r"(\d{1,3}) (?=[a-zà-ÿ(«])")
_MARK_THEN_SENTENCE = re.compile(r"(\d{1,3}) (?=[A-ZÀ-Þ][a-zà-ÿ])")
_SENTENCE_CLOSE = ("?", ".", "!", "»", "”", "?»", ".»")


def _last_text(lines: list[Line | None]) -> tuple[int, Line] | None:
    """The last line with text, and where it is."""
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k]
        if line is not None and not line.blank:
            return k, line
    return None


def _marker_lines(body: list[Line | None], marks: set[str]) -> list[Line | None]:
    """Markers an extractor set apart from the word they follow: a line of marks only ("1",
    "2 3") or a mark starting the next line ("2 waarin ik …"), each a note's mark, become
    `[^N]` at the end of the text before them."""
    out: list[Line | None] = []
    for line in body:
        if line is None or line.blank:
            out.append(line)
            continue
        text = line.text
        found: list[str] = []
        last = _last_text(out)
        if _MARKS_LINE.fullmatch(text) and set(text.split()) <= marks:
            found, text = text.split(), ""
        elif (m := _MARK_THEN_WORD.match(text)) and m.group(1) in marks:
            found, text = [m.group(1)], text[m.end() :]
        elif (
            (m := _MARK_THEN_SENTENCE.match(text)) and m.group(1) in marks
            and last is not None and last[1].text.rstrip().endswith(_SENTENCE_CLOSE)
        ):  # "… onder vuur»?" + "1 Herkent u": the marker after a question, the next one begun
            found, text = [m.group(1)], text[m.end() :]
        if found and last is not None and len(out) - last[0] <= 2:
            previous, before = last
            out[previous] = Line(before.text + "".join(marker(f) for f in found), before.page_start, False)
            if not text:
                continue
            line = Line(text, line.page_start, False)
        out.append(line)
    return out


_GLUED_MARK = re.compile(r"(?<=[.?!»”])\d{1,3}$")


def _breaks_paragraph(prev: str, nxt: str, width: float) -> bool:
    """A line the next word would have fitted on was broken on purpose: after a sentence end,
    a paragraph ends; a line that ends no sentence, before one that starts with a capital, is
    a heading, a title line, an address or a signature ("1. Inleiding", "Den Haag, 5 maart 2019")."""
    prev = _GLUED_MARK.sub("", prev)  # "staan»?11": a sentence end with a note marker glued on
    first = nxt.split(" ", 1)[0]
    if ends_sentence(prev) and len(prev) > width * _GLUED:
        return True  # a whole paragraph glued into one line (PyPDF2): its line break ends it
    if ends_sentence(prev) and _LIST_ITEM.match(nxt):
        return True  # "… drie aanbevelingen:" + "1. Bekostiging …": an item of a list starts
    if len(prev) + 1 + len(first) >= width - 1:
        return False
    if ends_sentence(prev):
        return True
    # Only a short line: where an extractor glues lines (PyPDF2), the measure is long and
    # tells nothing, and a line ending in a name goes on ("(beiden Nieuw Sociaal" + "Contract)",
    # "en Van" + "Nispen (SP)").
    words = prev.split()
    return (
        first[:1].isupper()
        and len(prev) <= _HEADING_MAX
        and len(prev) + 1 + len(first) < width * 0.6
        and not prev.rstrip().endswith(_RUNS_ON)
        and prev.count("(") <= prev.count(")")
        and bool(words) and words[-1].lower() not in _GOES_ON
    )


_LIST_ITEM = re.compile(r"(?:\d{1,2}[.)]|[a-z][.)]|[•▪●◦–-])\s+\S")
_LONGEST_LINE = 110  # no printed line of these papers is longer: a longer one was glued
_GLUED = 1.3  # a line this much longer than the measure was glued from several
_HEADING_MAX = 60  # a heading, a title line, an address line is seldom longer
_GOES_ON = frozenset("de het een van en of in op aan voor met over te der den tot bij uit om als dat die door naar "
                     "the and".split())  # fmt: skip
_RUNS_ON = (",", "-", "–", "(", "/", "&")  # a line that ends so goes on: "(ontvangen", "Noord-"


def _paragraphs(kept: Sequence[Line | None], standalone: Callable[[str], bool], vocabulary: set[str],
                width: float) -> list[RawPara]:
    out: list[RawPara] = []
    current: list[str] = []
    gap = 0
    after_break = False
    measure = width

    def flush() -> None:
        nonlocal current, gap, after_break
        if current:
            out.append(RawPara(_join_lines(current, vocabulary), gap=gap, after_break=after_break))
            gap, after_break = 0, False
        current = []

    for line in kept:
        if line is None:
            after_break = after_break or not current
            continue
        if line.blank:
            flush()
            gap += 1
            continue
        if standalone(line.text):
            flush()
            out.append(RawPara(line.text, gap=gap, after_break=after_break))
            gap, after_break = 0, False
            continue
        if current and _breaks_paragraph(current[-1], line.text, measure):
            flush()
        current.append(line.text)
        measure = line.measure or width  # the layout's own measure for this line, where it tells
    flush()
    return out


# -- as passes of the pipeline -----------------------------------------------------------------


def pdf_text_split(standalone: Callable[[str], bool] = lambda line: False) -> Pass:
    """Split PDF text: lines into paragraphs, page footers out, page-foot notes lifted;
    `standalone(line)` says which lines stand alone (a "Vraag 3" label)."""

    def split(reading: Reading) -> Reading:
        pdf = read_pdf_text(reading.text, standalone)
        return replace(reading, raw=pdf.paragraphs, notes=reading.notes + pdf.notes,
                       dropped=reading.dropped + pdf.dropped).with_found(footers=pdf.footers,
                                                                          printed_id=pdf.printed_id)  # fmt: skip

    return split


def layout_split(laid: LaidOut, standalone: Callable[[str], bool] = lambda line: False) -> Pass:
    """The split of a PDF read from its layout (store/parsing/passes/layout.py): its body lines
    into paragraphs as PDF text's are (hyphens, deliberate breaks), with the notes, furniture
    and printed id the layout found."""

    def split(reading: Reading) -> Reading:
        vocabulary = vocabulary_of("\n".join(line.text for line in laid.lines if line is not None))
        width = _width([line for line in laid.lines if line is not None])
        raw = tuple(_paragraphs(laid.lines, standalone, vocabulary, width))
        return replace(reading, raw=raw, notes=reading.notes + laid.notes,
                       dropped=reading.dropped + laid.dropped).with_found(footers=laid.headers,
                                                                          printed_id=laid.printed_id)  # fmt: skip

    return split


def pdf_paragraphs(reading: Reading) -> Reading:
    """Raw PDF paragraphs (one joined line each) as plain paragraphs."""
    return replace(reading, paras=tuple(
        Para(p.text, gap=p.gap, after_break=p.after_break, lines=(p.text,)) for p in reading.raw
    ))  # fmt: skip
