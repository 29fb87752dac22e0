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
from collections.abc import Sequence
from dataclasses import dataclass

from store.paragraphs import RawPara

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


@dataclass(frozen=True)
class NoteText:
    mark: str
    text: str


# --- note texts -------------------------------------------------------------------------

_SUPER_NOTE = re.compile(rf"^\s*([{SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$", re.S)
_SUP_NOTE = re.compile(r"^\s*<sup>\s*(\w{1,6})\s*</sup>\s*(.*)$", re.S | re.I)
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
        return f"[^{mark}]" if mark in marks else m.group()

    return _SUPER_RUN.sub(repl, text)


_URL = re.compile(r"(?:https?://|www\.)\S+")
# Where a glued marker may stand, with how strongly the place suggests one. Group "num" is
# the number; `split` says which part of it is the mark. A number glued to a lower-case word
# ("arbeidsmarkt5") or to punctuation after a word ("Migratieagenda.6", "staan»?11") is a
# strong sign; after a capital ("VOI25") or a number's full stop at a sentence end ("in
# 2018.19 Uit") a weaker one; a year with digits glued on ("20181" is 2018 + note 1) or a
# numbered code ("Marrakesh-162" is Marrakesh-16 + note 2) the weakest.
_END = r"(?=[\s.,;:)\]»”’]|$)"
_PLACES: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(rf"(?<=[a-zà-ÿ])(?P<num>\d{{1,5}}){_END}"), 4, "whole"),
    (re.compile(r"(?<=[^\d\s][.,;:?!)»”’´'])(?P<num>\d{1,5})(?=\s|$)"), 4, "whole"),
    (re.compile(rf"(?<=[A-ZÀ-Þ])(?P<num>\d{{1,5}}){_END}"), 2, "whole"),
    (re.compile(r"(?<=\d[.])(?P<num>\d{1,5})(?=\s+[A-ZÀ-Þ]|\s*$)"), 2, "whole"),
    (re.compile(rf"(?<!\d)(?:19|20)\d\d(?P<num>\d{{1,3}}){_END}"), 1, "whole"),
    (re.compile(rf"(?<=[a-z]-)(?P<num>\d{{2,4}}){_END}"), 1, "suffixes"),
)


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
        urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
        for pattern, score, split in _PLACES:
            for m in pattern.finditer(text):
                s, num = m.start("num"), m.group("num")
                if any(a <= s < b for a, b in urls):
                    continue
                cuts = range(1, len(num)) if split == "suffixes" else (0,)
                for k in cuts:
                    mark = num[k:]
                    if mark[0] == "0" or int(mark) not in wanted:
                        continue
                    key = (i, s + k)
                    if key not in found or found[key].score < score:
                        found[key] = _Candidate(i, s + k, s + len(num), int(mark), score)
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
        out[c.para] = f"{t[: c.start]}[^{c.value}]{t[c.end :]}"
    return out
