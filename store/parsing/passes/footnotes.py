"""The footnotes pass: lift note texts out of the body, and write each marker as `[^N]`.

Note texts come in several forms, one per family of raw document:
- superscript digits starting a paragraph: "¹ Deelname en inzet …" (letters made from PDF);
- `<sup>1</sup> Kamerstukken II …` paragraphs after a `---` rule (Markdown from PDF);
- a numbered list at the end, each item ending "↩︎" (a scraped web page);
- "4 Zie o.a. …" lines at the foot of a PDF page (see pdftext.py).
Markers are superscript digits or `<sup>n</sup>` (written `[^n]` by the Markdown pass), or,
in PDF and web text, plain digits glued to a word, a year or a full stop ("Migratieagenda.1",
"29 maart 20181"). Those are found with `place_glued_markers`, which knows the marks run
1, 2, 3 … in reading order and picks the chain of candidates that fits that order best.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from store.formats import MARK, MARKER, marker
from store.parsing.passes.paragraphs import mark_breaks
from store.parsing.reading import NoteText, Pass, RawPara, Reading

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


# --- note texts -------------------------------------------------------------------------

_SUPER_NOTE = re.compile(rf"^\s*([{SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$", re.S)
_SUP_NOTE = re.compile(rf"^\s*<sup>\s*({MARK})\s*</sup>\s*(.*)$", re.S | re.I)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_ENDNOTE = re.compile(r"^\s*(\d{1,6})\.\s+(.*?)\s*↩\ufe0e?\s*$", re.S)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def lift_superscript_notes(paras: Sequence[RawPara]) -> tuple[list[bool], list[NoteText]]:
    """Paragraphs that are note texts ("¹ …"); returns which to remove, and the notes."""
    removed: list[bool] = []
    notes: list[NoteText] = []
    for p in paras:
        m = _SUPER_NOTE.match(p.text)
        if m:
            notes.append(NoteText(m.group(1).translate(_SUPER_TO_DIGIT), _one_line(m.group(2))))
        removed.append(bool(m))
    return removed, notes


def lift_sup_notes(paras: Sequence[RawPara]) -> tuple[list[bool], list[NoteText]]:
    """`---` rules followed by `<sup>n</sup> text` paragraphs (Markdown made from PDF pages)."""
    removed = [False] * len(paras)
    notes: list[NoteText] = []
    for i, p in enumerate(paras):
        m = _SUP_NOTE.match(p.text)
        if m:
            notes.append(NoteText(m.group(1), _one_line(m.group(2))))
            removed[i] = True
            j = i - 1
            while j >= 0 and (removed[j] or _RULE.match(paras[j].text)):
                removed[j] = True
                j -= 1
    return removed, notes


def lift_endnote_list(paras: Sequence[RawPara]) -> tuple[list[bool], list[NoteText]]:
    """A numbered list of notes, each ending in "↩︎", as a web page renders footnotes."""
    removed: list[bool] = []
    notes: list[NoteText] = []
    for p in paras:
        m = _ENDNOTE.match(p.text) if "↩" in p.text else None
        if m:
            notes.append(NoteText(m.group(1), _one_line(m.group(2))))
        removed.append(bool(m))
    return removed, notes


# --- markers ------------------------------------------------------------------------------

_SUPER_RUN = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+")


def superscript_markers(text: str, marks: set[str]) -> str:
    """Superscript digits that are known note marks become `[^N]`."""

    def repl(m: re.Match[str]) -> str:
        mark = m.group().translate(_SUPER_TO_DIGIT)
        return marker(mark) if mark in marks else m.group()

    return _SUPER_RUN.sub(repl, text)


_URL = re.compile(r"(?:https?://|www\.)\S+")
_DIGIT_RUN = re.compile(r"\d+")
# What may follow a glued mark: a space, punctuation that closes a word, or the end.
_CLOSERS = frozenset(".,;:)]»”’")
_AFTER_PUNCTUATION = frozenset(".,;:?!)»”’´'")
_LOWER = re.compile(r"[a-zà-ÿ]")
_UPPER = re.compile(r"[A-ZÀ-Þ]")
_SENTENCE_END = re.compile(r"\s+[A-ZÀ-Þ]|\s*$")


def _places(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Where a glued marker may stand in the digit run text[s:e], with how strongly the place
    suggests one: (offset of the mark in the run, strength). A number glued to a lower-case word
    ("arbeidsmarkt5") or to punctuation after a word ("Migratieagenda.6", "staan»?11") is a
    strong sign; after a capital ("VOI25") or a number's full stop at a sentence end ("in
    2018.19 Uit") a weaker one; a year with digits glued on ("20181" is 2018 + note 1) or a
    numbered code ("Marrakesh-162" is Marrakesh-16 + note 2) the weakest.

    One pass over the digit runs, each run judged by the characters around it (not a
    regular expression per place, each scanning the whole text)."""
    size = e - s
    before = text[s - 1] if s else ""
    before2 = text[s - 2] if s > 1 else ""
    after = text[e] if e < len(text) else ""
    closed = not after or after in _CLOSERS or after.isspace()
    places: list[tuple[int, int]] = []
    if size <= 5:
        if closed and _LOWER.fullmatch(before):
            places.append((0, 4))
        # After a full stop or comma a digit before means a number ("1.5"); after "?" or "»" it
        # does not ("14 november 2024?1").
        if before in _AFTER_PUNCTUATION and before2 and not before2.isspace() and (
                not before2.isdecimal() or before not in ".,") and (not after or after.isspace()):
            places.append((0, 4))
        if closed and _UPPER.fullmatch(before):
            places.append((0, 2))
        if before == "." and before2.isdecimal() and _SENTENCE_END.match(text, e):
            places.append((0, 2))
    if 5 <= size <= 7 and closed and text[s : s + 2] in ("19", "20"):
        places.append((4, 1))
    if 2 <= size <= 4 and closed and before == "-" and "a" <= before2 <= "z":
        places.extend((k, 1) for k in range(1, size))
    return places


@dataclass(frozen=True)
class _Candidate:
    para: int
    start: int  # where the mark's digits start
    end: int
    value: int
    score: int


def _candidates(texts: Sequence[str], wanted: set[int]) -> list[_Candidate]:
    found: dict[tuple[int, int], _Candidate] = {}
    for i, text in enumerate(texts):
        urls = [(m.start(), m.end()) for m in _URL.finditer(text)] if "www." in text or "http" in text else []
        for run in _DIGIT_RUN.finditer(text):
            s, e = run.span()
            if urls and any(a <= s < b for a, b in urls):
                continue
            for k, score in _places(text, s, e):
                mark = text[s + k : e]
                if mark[0] == "0" or int(mark) not in wanted:
                    continue
                key = (i, s + k)
                if key not in found or found[key].score < score:
                    found[key] = _Candidate(i, s + k, e, int(mark), score)
    return sorted(found.values(), key=lambda c: (c.para, c.start))


class _PrefixMax:
    """Fenwick tree over mark values: the best chain ending in a value below v."""

    def __init__(self, size: int) -> None:
        self.tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)

    def update(self, value: int, item: tuple[int, int, int]) -> None:
        while value < len(self.tree):
            if item > self.tree[value]:
                self.tree[value] = item
            value += value & -value

    def best_below(self, value: int) -> tuple[int, int, int]:
        top = (0, 0, -1)
        value -= 1
        while value > 0:
            if self.tree[value] > top:
                top = self.tree[value]
            value -= value & -value
        return top


def place_glued_markers(texts: Sequence[str], marks: Sequence[str]) -> list[str]:
    """Write `[^N]` for the glued markers of notes `marks` (numbered 1, 2, 3 … in reading order).

    Among all candidate places, choose the chain that has the marks in increasing order with
    the highest total strength (a longest-increasing-subsequence programme over the candidates
    in reading order), so one misleading number cannot derail the rest. Linear-logarithmic in
    the number of candidates, so 10,000 markers parse as fast as ten.
    """
    wanted = {int(m) for m in marks if m.isdigit() and int(m) > 0}
    if not wanted:
        return list(texts)
    cands = _candidates(texts, wanted)
    table = _PrefixMax(max(wanted) + 1)
    best: list[tuple[int, int]] = []
    parent: list[int] = []
    for i, c in enumerate(cands):
        score, count, j = table.best_below(c.value)
        best.append((score + c.score, count + 1))
        parent.append(j)
        table.update(c.value, (score + c.score, count + 1, i))
    if not best:
        return list(texts)
    cur = max(range(len(best)), key=lambda i: (best[i], -i))
    chosen: list[_Candidate] = []
    while cur >= 0:
        chosen.append(cands[cur])
        cur = parent[cur]
    out = list(texts)
    for c in sorted(chosen, key=lambda c: (c.para, -c.start)):
        t = out[c.para]
        out[c.para] = f"{t[: c.start]}{marker(str(c.value))}{t[c.end :]}"
    return out


# -- as passes of the pipeline -----------------------------------------------------------------

Lifter = Callable[[Sequence[RawPara]], tuple[list[bool], list[NoteText]]]


def lifting(lifter: Lifter) -> Pass:
    """A pass that lifts the note texts `lifter` finds out of the raw paragraphs; the paragraph
    after a lifted block is marked as standing after a page break."""

    def lift(reading: Reading) -> Reading:
        removed, found = lifter(reading.raw)
        return replace(reading, raw=tuple(mark_breaks(list(reading.raw), removed)), notes=reading.notes + tuple(found))

    lift.__name__ = lifter.__name__
    return lift


superscript_note_texts = lifting(lift_superscript_notes)
sup_note_texts = lifting(lift_sup_notes)
endnote_list = lifting(lift_endnote_list)


def superscript_marks(reading: Reading) -> Reading:
    """Superscript digits that are the marks of lifted notes become `[^N]`."""
    marks = {n.mark for n in reading.notes}
    if not marks:
        return reading
    return replace(reading, paras=tuple(replace(p, text=superscript_markers(p.text, marks)) for p in reading.paras))


def glued_marks(reading: Reading) -> Reading:
    """Markers glued to words, years and punctuation (`Migratieagenda.1`, `in 20233`) for the
    numbered notes whose marker is not in the text yet; the marks run 1 … N in reading order,
    a note whose text was lost included."""
    numbers = [int(n.mark) for n in reading.notes if n.mark.isdigit()]
    if not numbers:
        return reading
    placed = {m for p in reading.paras if "[^" in p.text for m in MARKER.findall(p.text)}
    wanted = [str(n) for n in range(1, max(numbers) + 1) if str(n) not in placed]
    if not wanted:
        return reading
    texts = place_glued_markers([p.text for p in reading.paras], wanted)
    return replace(reading, paras=tuple(replace(p, text=t) for p, t in zip(reading.paras, texts, strict=True)))


# -- notes as Word text gives them: "1)" and "[1]" ---------------------------------------------


@dataclass(frozen=True)
class NoteStyle:
    """How a text made from a Word file writes a note and its marker."""

    name: str
    note: re.Pattern[str]  # a paragraph that is note N's text
    marker: re.Pattern[str]  # note N's marker in the text (group "n")


NOTE_STYLES = (
    # "…stoplicht'? 1)" with "1) Nutri-score dreigt …" at the end; never "(1)", an enumeration,
    # and never the ")" that closes a parenthesis opened before it ("(zie bijlage 2)").
    NoteStyle("parenthesis", re.compile(r"^\s*(\d{1,3})\)\s+(\S.*)$", re.S),
              re.compile(r"(?<=[^\s(\d])(?P<space> ?)(?P<n>\d{1,3})\)(?=[\s.,;:]|$)")),
    # "…onderzoekers'?[1] Zo ja" with "[1] NOS Nieuws, …" at the end (Word's own footnotes).
    NoteStyle("bracket", re.compile(r"^\s*\[(\d{1,3})\]\s*(\S.*)$", re.S),
              re.compile(r"(?P<space>)\[(?P<n>\d{1,3})\](?!\()")),
)  # fmt: skip


def _markers(style: NoteStyle, text: str) -> list[re.Match[str]]:
    found = []
    for m in style.marker.finditer(text):
        if style.name == "parenthesis" and text.count("(", 0, m.start()) > text.count(")", 0, m.start()):
            continue  # the ")" closes a parenthesis
        found.append(m)
    return found


def lift_word_notes(paras: Sequence[RawPara]) -> tuple[list[bool], list[NoteText]]:
    """Note paragraphs in either Word style whose marker stands in the text before them."""
    removed = [False] * len(paras)
    notes: list[NoteText] = []
    for style in NOTE_STYLES:
        seen: set[str] = set()
        for i, p in enumerate(paras):
            m = style.note.match(p.text)
            if m and m.group(1) in seen and not removed[i]:
                notes.append(NoteText(m.group(1), _one_line(m.group(2))))
                removed[i] = True
            else:
                seen.update(x.group("n") for x in _markers(style, p.text))
    return removed, notes


word_note_texts = lifting(lift_word_notes)


def word_marks(reading: Reading) -> Reading:
    """Markers in either Word style become `[^N]`: those of lifted notes, and, where a text keeps
    its markers but lost its notes, markers that run 1, 2, 3 … in reading order."""
    marks = {n.mark for n in reading.notes}
    texts = [p.text for p in reading.paras]
    for style in NOTE_STYLES:
        found = [(i, m) for i, t in enumerate(texts) for m in _markers(style, t)]
        numbers = [int(m.group("n")) for _, m in found]
        in_order = bool(numbers) and numbers == list(range(1, len(numbers) + 1))
        chosen = [(i, m) for i, m in found if m.group("n") in marks or in_order]
        for i, m in sorted(chosen, key=lambda x: (x[0], -x[1].start())):
            t = texts[i]
            texts[i] = t[: m.start()] + marker(m.group("n")) + t[m.end() :]
    return replace(reading, paras=tuple(replace(p, text=t) for p, t in zip(reading.paras, texts, strict=True)))
