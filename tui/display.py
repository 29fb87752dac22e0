"""A document as the reading pane shows it, before it is cut into lines of some width.

`build_display(doc)` turns each block into display text (control characters made visible,
a footnote marker `[^1]` shown as `[1]`) with its links: footnote markers, and the
references the parser found in that block, their offsets carried over to the display
text. It also gives each question/answer pair the labels that set it apart ("Vraag 3 t/m 7
· PVV", "Antwoord 3 t/m 7") where the document has no heading of its own for them.

Pure functions over the model: no Textual, so it is built in the worker that loads a
document, and tested on its own.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

from store.formats import MARKER, kind_info
from store.model import QA, Document, Reference
from store.userdata import quote_of
from tui.safe_text import one_line, visible


@dataclass(frozen=True, slots=True)
class Link:
    """A place in the text that leads somewhere: a footnote marker or a reference."""

    block: int
    start: int  # offsets into the block's display text
    end: int
    footnote: str | None = None  # the mark, for a footnote marker
    reference: int | None = None  # index into Document.references


@dataclass(frozen=True, slots=True)
class DisplayBlock:
    kind: str  # heading | paragraph | question | answer
    text: str  # display text: safe, markers as [N]
    level: int = 0
    qa: int | None = None
    label: str | None = None  # a label line shown above the block (question/answer pairs)
    links: tuple[int, ...] = ()  # indexes into DocumentDisplay.links, in text order
    side: str | None = None  # "question" or "answer": the part of a question/answer pair it is in

    @property
    def is_qa_heading(self) -> bool:
        """A heading of the pair itself ("Vraag 1", "Antwoord op vraag 1"), shown as a label."""
        return self.kind == "heading" and self.side is not None

    @property
    def has_rule(self) -> bool:
        """A top-level heading of the document (not of a pair) is underlined."""
        return self.kind == "heading" and self.level <= 1 and self.qa is None


def continues(block: DisplayBlock, following: DisplayBlock | None) -> bool:
    """Whether `following` goes on with `block`'s question (or answer) without a label of its
    own: the blank between them keeps the bar, or goes (under "Vraag 1" its text sits right on it)."""
    return (
        following is not None
        and following.side in ("question", "answer")
        and following.label is None
        and (block.side, block.qa) == (following.side, following.qa)
    )


@dataclass(frozen=True, slots=True)
class Measure:
    """What the number of screen lines of a block depends on, for an estimate without wrapping."""

    chars: int  # of its text
    newlines: int
    label: int  # characters of its label (0: none)
    barred: bool  # a question's or answer's bar takes two columns
    extra: int  # a rule under it, a blank after it


@dataclass(frozen=True)
class DocumentDisplay:
    doc: Document
    header: tuple[str, ...]  # title, then lines of metadata
    blocks: tuple[DisplayBlock, ...]
    links: tuple[Link, ...]

    @cached_property
    def measures(self) -> tuple[Measure, ...]:
        """Each block's `Measure` (made in the worker that builds the display, see build_display)."""
        blocks = self.blocks
        out = []
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            tail = 0 if block.is_qa_heading and continues(block, following) else 1
            out.append(
                Measure(
                    len(block.text),
                    block.text.count("\n"),
                    len(block.label) if block.label is not None else 0,
                    block.side in ("question", "answer"),
                    tail + block.has_rule,
                )
            )
        return tuple(out)

    def link_at(self, block: int, offset: int) -> int | None:
        for i in self.blocks[block].links:
            link = self.links[i]
            if link.start <= offset < link.end:
                return i
        return None


def describe_numbers(numbers: tuple[int, ...]) -> str:
    """(3, 4, 5, 6, 7) -> "3 t/m 7"; (11, 12, 14) -> "11, 12 en 14"; (27, 28) -> "27 en 28"."""
    if not numbers:
        return ""
    ordered = sorted(set(numbers))
    if len(ordered) > 2 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0]} t/m {ordered[-1]}"
    words = [str(n) for n in ordered]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} en {words[-1]}"


def qa_title(qa: QA, index: int) -> str:
    """How a question/answer pair is named in lists and labels: "Vraag 3 t/m 7 · PVV"."""
    numbers = describe_numbers(qa.numbers)
    name = f"Vraag {numbers}" if numbers else f"Vraag {index + 1}"
    return f"{name} · {qa.group}" if qa.group else name


def answer_title(qa: QA) -> str:
    numbers = describe_numbers(qa.numbers)
    return f"Antwoord {numbers}" if numbers else "Antwoord"


def _header(doc: Document) -> tuple[str, ...]:
    ids = doc.identifiers
    facts = [kind_info(doc.kind).name]
    if doc.date:
        facts.append(doc.date)
    facts.append(doc.id)
    if ids.dossiers:
        facts.append("dossier " + ", ".join(ids.dossiers))
    lines = [one_line(doc.title) or doc.id, " · ".join(one_line(f) for f in facts)]
    people = []
    if doc.sender:
        people.append(f"Van: {one_line(doc.sender)}")
    if doc.addressee:
        people.append(f"Aan: {one_line(doc.addressee)}")
    if doc.asker:
        people.append(f"Vragensteller: {one_line(doc.asker)}")
    if people:
        lines.append(" · ".join(people))
    side = kind_info(doc.kind).questions
    if side == "puts":
        answers = one_line(", ".join(doc.answered_in))
        lines.append(f"answered in {answers}" if doc.answered_in else "no answer in the library")
    elif side == "answers" and doc.questions_in:
        lines.append(f"the questions: {one_line(', '.join(doc.questions_in))}")
    return tuple(lines)


def _marker_shift(markers: list[int]):
    """Offset in the raw block text -> offset in the display text (each marker loses its '^')."""

    def shift(offset: int) -> int:
        return offset - bisect.bisect_left(markers, offset)

    return shift


def _labels(doc: Document) -> dict[int, str]:
    labels: dict[int, str] = {}
    for i, qa in enumerate(doc.qa):
        if 0 <= qa.block < len(doc.blocks) and doc.blocks[qa.block].kind != "heading":
            labels[qa.block] = qa_title(qa, i)
        if (
            qa.answer_block != qa.block
            and 0 <= qa.answer_block < len(doc.blocks)
            and doc.blocks[qa.answer_block].kind != "heading"
        ):
            labels.setdefault(qa.answer_block, answer_title(qa))
    return labels


def _side(doc: Document, index: int) -> str | None:
    block = doc.blocks[index]
    if block.kind in ("question", "answer"):
        return block.kind
    if block.qa is None or not 0 <= block.qa < len(doc.qa):
        return None
    return "question" if index < doc.qa[block.qa].answer_block else "answer"


def build_display(doc: Document) -> DocumentDisplay:
    refs_by_block: dict[int, list[tuple[int, Reference]]] = {}
    for r_index, ref in enumerate(doc.references):
        if ref.block is not None and ref.footnote is None and ref.end > ref.start:
            refs_by_block.setdefault(ref.block, []).append((r_index, ref))
    labels = _labels(doc)

    blocks: list[DisplayBlock] = []
    links: list[Link] = []
    for b_index, block in enumerate(doc.blocks):
        raw = block.text
        found: list[Link] = []
        markers: list[int] = []  # raw offsets of the '^' of each marker
        joined = raw
        if "[^" in raw:  # most blocks have no marker: a 2 MB document is built in a few tens of ms
            pieces: list[str] = []
            pos = 0
            for shift_so_far, m in enumerate(MARKER.finditer(raw)):
                pieces.append(raw[pos : m.start()])
                start = m.start() - shift_so_far  # each earlier marker lost its '^'
                pieces.append(f"[{m.group(1)}]")
                found.append(Link(b_index, start, start + len(m.group(1)) + 2, footnote=m.group(1)))
                markers.append(m.start() + 1)
                pos = m.end()
            pieces.append(raw[pos:])
            joined = "".join(pieces)
        # Printable text has no control character to make visible (isprintable is the quicker look).
        text = joined if joined.isprintable() else visible(joined, keep_newlines=True)
        refs = refs_by_block.get(b_index)
        if refs:
            shift = _marker_shift(markers)
            for r_index, ref in refs:
                start, end = shift(ref.start), shift(ref.end)
                if 0 <= start < end <= len(text):
                    found.append(Link(b_index, start, end, reference=r_index))
        ids: tuple[int, ...] = ()
        if found:
            found.sort(key=lambda link: (link.start, link.end))
            ids = tuple(range(len(links), len(links) + len(found)))
            links.extend(found)
        label = labels.get(b_index)
        if label is None and block.kind == "heading" and block.qa is not None and 0 <= block.qa < len(doc.qa):
            group = doc.qa[block.qa].group
            if group and group not in raw:
                text = f"{text} · {visible(group)}"
        blocks.append(DisplayBlock(block.kind, text, block.level, block.qa, label, ids, _side(doc, b_index)))
    display = DocumentDisplay(doc, _header(doc), tuple(blocks), tuple(links))
    display.measures  # noqa: B018 - made here, in the loader's worker, not when the page is laid out
    return display


def note_quote(doc: Document, block: int) -> str:
    """What a note on `block` quotes: for a block of a question/answer pair the question and
    its answer (its label, "Antwoord 19", says nothing once the numbering changes), else the
    block's own text."""
    qa = doc.blocks[block].qa
    if qa is not None and 0 <= qa < len(doc.qa):
        pair = doc.qa[qa]
        return quote_of(f"{pair.question} — {pair.answer}" if pair.answer else pair.question)
    return quote_of(doc.blocks[block].text)
