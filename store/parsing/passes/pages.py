"""The pages of the official print, as text extractors give them: furniture out, notes lifted.

The Tweede Kamer's prints (Aanhangsel, Kamervragen, Kamerstukken) set the same furniture on
every page, and each extractor writes it its own way: PyPDF2 glues it into one line
(`ISSN 0921 - 7398’s-Gravenhage 2024Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1`),
`pdftotext` puts it on lines of its own and `-layout` pads it with spaces. Each rule in
FURNITURE names what it takes out. The document's own id printed at the foot of the first
page (`ah-tk-20242025-594`) and the vergaderjaar of the page header are kept as facts.

Notes stand at the foot of a page, and come out three ways: the number glued to the text
(`1NOS, 29 oktober 2024, …`, PyPDF2), the number and a space (`4 Zie o.a. …`), or the number
on a line of its own with the text after it (`-layout`) or after the page's furniture
(plain `pdftotext`). A note block is found as the lines from the start of note N to the
page's end, numbered on from the last note (notes whose text was lost leave a gap), with no
question label inside; of several places a block could start on a page, the one numbered
straight on from the last note, holding the most notes, wins. A line that only looks like a
note (`1. Bekostiging…`, `2-heffing`, `1 september jl.`) never starts one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass

from store.formats import KEY, kamerstuk_key
from store.parsing.passes.kamerstuk_head import DOSSIER, dossier_number
from store.parsing.reading import NoteText

_YEARS = r"(?:19|20)\d\d\s*[–-]\s*(?:19|20)\d\d"
_CHAMBER_YEAR = rf"(?:Tweede|Eerste) Kamer,? vergaderjaar {_YEARS},?"
# The page footer of an Aanhangsel or of questions: "…, Aanhangsel 3", "…, Vragen 2".
_PRINT_FOOTER = rf"{_CHAMBER_YEAR} (?:Aanhangsel|Vragen|nr\.?)\s*\d*"
# A Kamerstuk's: "…, 36 200 VI, nr. 99" (an Eerste Kamer paper's "…, 35 261, B"), with its page
# number where `-layout` sets it. A note may cite a Kamerstuk in the same words ("Tweede
# Kamer, vergaderjaar 2022–2023, 26 485, nr. 123"): on a line of its own it is furniture only
# where it names the document itself (store/parsing/passes/pages.own_footers).
_KAMERSTUK_FOOTER = (
    rf"{_CHAMBER_YEAR} (?P<dossier>{DOSSIER})(?:\s*(?:,|en)\s*{DOSSIER})*,? "
    rf"(?:nr\.\s*(?P<nr>\d+[a-z]?)|(?P<letter>[A-Z]{{1,3}}))(?: \d{{1,3}})?"
)
_KAMERSTUK_FOOTER_LINE = re.compile(_KAMERSTUK_FOOTER)
_UNNAMED = re.sub(r"\?P<\w+>", "", _KAMERSTUK_FOOTER)  # used inside other patterns: its groups unnamed
_FOOTER = rf"(?:{_PRINT_FOOTER}|{_UNNAMED})"
# (name, pattern of a whole line). A line that holds the page footer ends a page.
FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        ("printed id", KEY.pattern),
        # Each series its own ISSN: 0921-7398 the Aanhangsel, 0921-7371 the Kamerstukken.
        ("issn line", rf"ISSN\s*\d{{4}}\s*-\s*\d{{3}}[\dX]\s*(?:[’']s-Gravenhage\s*\d{{4}})?\s*(?:{_FOOTER})?"),
        ("place of print", rf"[’']s-Gravenhage\s*\d{{4}}\s*(?:{_FOOTER})?"),
        ("page footer", _PRINT_FOOTER),
        ("chamber header", r"(?:Tweede|Eerste) Kamer der Staten-Generaal\s*\d{0,3}"),
        ("vergaderjaar header", rf"Vergaderjaar {_YEARS}\s*(?:Aanhangsel van de Handelingen|Vragen gesteld door "
                                rf"de leden der Kamer)?"),
        ("print header", r"Aanhangsel van de Handelingen|Vragen gesteld door de leden der Kamer(?:, met de daarop "
                         r"door de)?|regering gegeven antwoorden"),
    )
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"\d{1,3}")
_MARKS_ONLY = re.compile(r"\d{1,3}(?: \d{1,3})*")
_MONTH = re.compile(r"\s?(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                    r"december|jl\b)", re.I)  # fmt: skip
_YEAR_START = re.compile(r"(?:19|20)\d\d(?:\D|$)")


# How furniture lines start (ah-, kv-, kst-, h-, stb-, ISSN, ’s-Gravenhage, Tweede/Eerste Kamer,
# Vergaderjaar, Aanhangsel, regering): most lines are ruled out by their first character.
_FIRST = frozenset("ahkstIiTtEeVvAaRr’'")


def furniture_rule(line: str, own: Container[str] = ()) -> tuple[str, bool] | None:
    """(the name of the rule, whether it ends a page) if the line is page furniture; `own`:
    the keys of the Kamerstuk footers that name the document itself (`own_footers`)."""
    first = line.lstrip()[:1]
    if not first or first not in _FIRST or len(line) > 400:
        return None
    text = _SPACES.sub(" ", line).strip()
    if len(text) > 160:
        return None
    for name, pattern in FURNITURE:
        if pattern.fullmatch(text):
            return name, "vergaderjaar" in text and name in ("issn line", "place of print", "page footer")
    if own and (key := _footer_key(text)) is not None and key in own:
        return "page footer", True
    return None


def _footer_key(text: str) -> str | None:
    m = _KAMERSTUK_FOOTER_LINE.fullmatch(text)
    if m is None:
        return None
    number, _, suffix = dossier_number(m.group("dossier")).partition("-")
    return kamerstuk_key(number, m.group("nr") or m.group("letter"), suffix or None)


def own_footers(lines: Iterable[str]) -> frozenset[str]:
    """The Kamerstuk footers that name the document itself: those on more than one page, or
    naming the id it prints."""
    texts = [_SPACES.sub(" ", line).strip() for line in lines if "ergaderjaar" in line or "-" in line[:8]]
    keys = Counter(k for t in texts if (k := _footer_key(t)) is not None)
    printed = {t for t in texts if KEY.fullmatch(t)}
    return frozenset(k for k, n in keys.items() if n >= 2 or k in printed)


@dataclass(frozen=True)
class Line:
    text: str  # stripped, runs of spaces kept as they are
    page_start: bool = False  # the first line of a page (where the text marks it: a leading space)
    blank: bool = False
    # How many characters a full line would hold at this line's density, where the layout
    # tells (a PDF's geometry); text dumps leave it to the text's measure.
    measure: float | None = None


@dataclass(frozen=True)
class Pages:
    """What the page furniture and the notes leave: the body lines (None where a page broke or
    furniture was taken out), the notes, and what was taken out by which rule."""

    body: tuple[Line | None, ...]
    notes: tuple[NoteText, ...]
    dropped: tuple[tuple[str, str], ...]
    printed_id: str | None
    headers: tuple[str, ...]  # the page headers and footers, as printed


def _note_start(text: str, n: int, next_one: bool = True) -> str | None:
    """The text of note `n` if `text` starts it (`n` glued or spaced, or alone: ""), else None.
    `next_one`: `n` is the very next note; only then may its text start with a digit
    ("1110 miljoen euro" is note 11 on "10 miljoen euro"), not across a gap of lost notes."""
    mark = str(n)
    if not text.startswith(mark):
        return None
    rest = text[len(mark):]
    if not rest:
        return ""
    if rest[0] == " ":
        rest = rest[1:]
        if not rest or _MONTH.match(" " + rest):
            return None  # "1 september jongstleden"
    elif rest[0].isdigit():
        # "32024Z15585/2024D37938" is note 3 on a zaak, "31,92% van" note 3 on a figure; but a
        # line that starts with a year ("2023)", a note's text running on) starts no note
        if _YEAR_START.match(text):
            return None
        return rest if next_one or _YEAR_START.match(rest) else None
    if rest[0] in ".,;:)-–/%°" or _MONTH.match(rest):
        return None  # "1. Bekostiging", "2-heffing" (of CO2-heffing), "1e kwartaal"
    return rest


@dataclass(frozen=True)
class _Block:
    start: int  # index of its first line
    end: int  # index after its last line
    notes: tuple[tuple[int, tuple[str, ...]], ...]  # (number, lines of text)


def _starts_note_text(line: str, previous: str) -> bool:
    """For notes whose numbers stand apart from their texts: does `line` start the next one?"""
    return bool(line[:1].isupper() or line.startswith(("http", "www", "«", "“", '"', "'"))) and (
        previous.rstrip().endswith((".", ")", "»", "”", '"', "/")) or "http" in previous or "www." in previous
    )


def _read_block(
    lines: Sequence[Line], kinds: Sequence[str], start: int, end: int, last: int, last_page: bool = False
) -> _Block | None:
    """The notes in lines[start:end] if they are a note block starting at `start`, else None.

    Numbers printed on lines of their own (`-layout`, plain `pdftotext`) are gathered first: a
    text without a number of its own then starts the next of them where it reads as a new note."""
    numbered = {i for i in range(start, end) if kinds[i] == "text" and _MARKS_ONLY.fullmatch(lines[i].text)}
    pool = sorted({int(m) for i in numbered for m in lines[i].text.split()})
    # `-layout` sets each number just above its text; plain pdftotext sets the numbers apart,
    # and only there does a text without a number start the next note.
    # Where numbers stand apart from their texts, a text without a number may start the next
    # note, but only one whose number is not the next number line to come (`-layout` sets each
    # number just above its text; plain pdftotext may set it after).
    ahead: dict[int, int] = {}
    upcoming = 10**9
    for i in range(end - 1, start - 1, -1):
        ahead[i] = upcoming
        if i in numbered:
            upcoming = int(lines[i].text.split()[0])
    notes: list[tuple[int, list[str]]] = []

    def unassigned_after(n: int) -> list[int]:
        taken = {m for m, _ in notes}
        return [m for m in pool if m > n and m not in taken]

    after_blank = False
    stop = end
    for i in range(start, end):
        if kinds[i] == "label":
            return None
        if kinds[i] != "text":
            after_blank = after_blank or kinds[i] == "blank"
            continue
        text = lines[i].text
        current = notes[-1][0] if notes else last
        if _MARKS_ONLY.fullmatch(text):
            numbers = [int(m) for m in text.split()]
            if not notes and not last < numbers[0] <= last + 4:
                return None
            if not notes or notes[-1][1]:
                following = unassigned_after(current)
                if following and following[0] in numbers:
                    notes.append((following[0], []))
            continue
        begun = next(((n, found) for n in range(current + 1, current + 5)
                      if (found := _note_start(text, n, n == current + 1)) is not None), None)  # fmt: skip
        if begun is not None:
            notes.append((begun[0], [begun[1]] if begun[1] else []))
        elif not notes:
            return None
        elif not notes[-1][1]:
            own = _note_start(text, notes[-1][0])  # a stray marker line before the note that repeats it
            notes[-1][1].append(own if own else text)
        elif (
            (following := unassigned_after(current))
            and following[0] < ahead[i]
            and _starts_note_text(text, notes[-1][1][-1])
        ):
            notes.append((following[0], [text]))
        elif after_blank:
            # Text after a blank line that starts no note: not a note block, but at the very end
            # of a text whose last notes stand before a line or two added after them.
            if not last_page or any(k.startswith("furniture") for k in kinds[i:end]):
                return None
            stop = i
            break
        else:
            notes[-1][1].append(text)
        after_blank = False
    if not notes:
        return None
    return _Block(start, stop, tuple((n, tuple(texts)) for n, texts in notes))


def _best_block(
    lines: Sequence[Line], kinds: Sequence[str], page: range, last: int, last_page: bool
) -> _Block | None:
    best: _Block | None = None
    for i in page:
        if kinds[i] != "text":
            continue
        text = lines[i].text
        if not any(_note_start(text, n, n == last + 1) is not None for n in range(last + 1, last + 5)):
            continue
        block = _read_block(lines, kinds, i, page.stop, last, last_page)
        if block is None:
            continue
        score = (block.notes[0][0] == last + 1, len(block.notes), i)
        if best is None or score > (best.notes[0][0] == last + 1, len(best.notes), best.start):
            best = block
    return best


def read_pages(lines: Sequence[Line], is_label: Callable[[str], bool], join: Callable[[Sequence[str]], str]) -> Pages:
    """Furniture out and notes lifted, page by page. `join` makes one text of a note's lines."""
    kinds: list[str] = []
    ends: list[int] = []  # the last line of each page
    dropped: list[tuple[str, str]] = []
    headers: list[str] = []
    printed: str | None = None
    own = own_footers(line.text for line in lines)
    for i, line in enumerate(lines):
        if line.blank:
            kinds.append("blank")
            continue
        rule = furniture_rule(line.text, own)
        if rule is None and _PAGE_NUMBER.fullmatch(line.text):
            before = next((k for k in reversed(kinds) if k != "blank"), None)
            if before == "furniture-end":
                rule = ("page number", True)  # under a page footer, on a line of its own
            elif before == "furniture" and headers and headers[-1].startswith(("Tweede Kamer der", "Eerste Kamer der")):
                rule = ("page number", False)  # beside the page header, set on a line of its own
        if rule is not None:
            name, ends_page = rule
            kinds.append("furniture-end" if ends_page else "furniture")
            dropped.append((name, line.text))
            if name == "printed id" and printed is None:
                printed = line.text.strip()
            else:
                headers.append(_SPACES.sub(" ", line.text).strip())
            continue
        if line.page_start and i:
            ends.append(i - 1)
        kinds.append("label" if is_label(line.text) else "text")
    # A page ends after its last furniture line that ends a page (the footer, and its number).
    for i, kind in enumerate(kinds):
        if kind == "furniture-end":
            after = next((k for k in kinds[i + 1 :] if k != "blank"), None)
            if after != "furniture-end":
                ends.append(i)
    ends = sorted(set(ends) | {len(lines) - 1}) if lines else []
    body: list[Line | None] = []
    notes: list[NoteText] = []
    last = 0
    first = 0
    for end in ends:
        page = range(first, end + 1)
        block = _best_block(lines, kinds, page, last, end == ends[-1])
        stop = block.start if block is not None else page.stop
        kept = [*range(first, stop), *(range(block.end, page.stop) if block is not None else ())]
        for i in kept:
            if kinds[i].startswith("furniture"):
                if not body or body[-1] is not None:
                    body.append(None)
            else:
                body.append(lines[i])
        if block is not None:
            for n, texts in block.notes:
                notes.append(NoteText(str(n), join(texts)))
                dropped.append(("page-foot note", " ".join(texts)))
            last = block.notes[-1][0]
            while body and body[-1] is not None and body[-1].blank:
                body.pop()  # the blank line before the notes belongs to the page break
            body.append(None)
        elif end + 1 < len(lines) and (not body or body[-1] is not None):
            body.append(None)  # a page break
        first = end + 1
    return Pages(tuple(body), tuple(notes), tuple(dropped), printed, tuple(headers))


def marks_page_starts(text: str) -> bool:
    """Whether a leading space marks a page's first line (as some PDF text shows it): only where
    few lines start with one (`-layout` indents whole columns)."""
    lines = [line for line in text.split("\n") if line.strip()]
    indented = sum(1 for line in lines if line.startswith(" "))
    return bool(lines) and indented <= max(2, len(lines) // 20)
