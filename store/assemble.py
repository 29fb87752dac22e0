"""The last pass: from a family's reading (parts in order, question/answer pairs, note texts,
metadata) to a Document with sections, footnotes and references pointing into its blocks.

Every family ends here, so what a Document promises (block indices that hold, every marker
a footnote, every note text a footnote, references in reading order) is kept in one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from store.footnotes import NoteText
from store.identity import document_id
from store.model import QA, Block, BlockKind, Document, Footnote, Identifiers, Kind, Reference, Section
from store.references import find_references, note_references

MARKER = re.compile(r"\[\^(\w{1,6})\]")


@dataclass(frozen=True)
class Part:
    """A block as a family reads it, before indices are known."""

    kind: BlockKind
    text: str
    level: int = 0
    qa: int | None = None  # index into the family's QADrafts
    label: bool = False  # the "Vraag 3" / "Antwoord 3" label of a pair


@dataclass(frozen=True)
class QADraft:
    label: str
    numbers: tuple[int, ...] = ()
    group: str | None = None


@dataclass(frozen=True)
class Meta:
    kind: Kind
    title: str
    date: str | None = None
    identifiers: Identifiers = field(default_factory=Identifiers)
    sender: str | None = None
    addressee: str | None = None
    asker: str | None = None
    aanhangsel: str | None = None  # the ah-tk key, for an Aanhangsel


def _mark_order(mark: str) -> tuple[int, int | str]:
    return (0, int(mark)) if mark.isdigit() else (1, mark)


def assemble(source: str, meta: Meta, parts: Sequence[Part], qas: Sequence[QADraft],
             notes: Sequence[NoteText]) -> Document:
    parts = [p for p in parts if p.text.strip()]
    blocks: list[Block] = []
    sections: list[Section] = []
    for i, part in enumerate(parts):
        if part.kind == "heading" and part.qa is None:
            sections.append(Section(part.text, max(part.level, 1), i))
        blocks.append(Block(part.kind, part.text, part.level, part.qa, len(sections) - 1 if sections else None))

    members_of: dict[int, list[int]] = {}
    for i, part in enumerate(parts):
        if part.qa is not None:
            members_of.setdefault(part.qa, []).append(i)
    qa_list: list[QA] = []
    renumber: dict[int, int] = {}  # draft index -> index in qa_list (drafts without blocks are skipped)
    for k, draft in enumerate(qas):
        members = members_of.get(k)
        if not members:
            continue
        answers = [i for i in members if parts[i].kind == "answer"]
        answer_labels = [i for i in members if parts[i].label and i + 1 in answers]
        first_answer = answer_labels[0] if answer_labels else (answers[0] if answers else members[-1])
        renumber[k] = len(qa_list)
        qa_list.append(QA(
            label=draft.label,
            numbers=draft.numbers,
            group=draft.group,
            question="\n\n".join(parts[i].text for i in members if parts[i].kind == "question"),
            answer="\n\n".join(parts[i].text for i in answers),
            block=members[0],
            answer_block=first_answer,
        ))
    blocks = [Block(b.kind, b.text, b.level, renumber.get(b.qa) if b.qa is not None else None, b.section)
              for b in blocks]

    texts = {n.mark: n.text for n in notes}
    first_marker: dict[str, int] = {}
    for i, b in enumerate(blocks):
        for m in MARKER.finditer(b.text):
            first_marker.setdefault(m.group(1), i)
    footnotes = tuple(
        Footnote(mark, texts.get(mark), first_marker.get(mark))
        for mark in sorted(set(texts) | set(first_marker), key=_mark_order)
    )

    doc_id = document_id(meta.kind, meta.identifiers, source, meta.aanhangsel)
    return Document(
        id=doc_id,
        kind=meta.kind,
        title=meta.title,
        date=meta.date,
        source=source,
        identifiers=meta.identifiers,
        sender=meta.sender,
        addressee=meta.addressee,
        asker=meta.asker,
        blocks=tuple(blocks),
        sections=tuple(sections),
        qa=tuple(qa_list),
        footnotes=footnotes,
        references=tuple(_references(blocks, qa_list, footnotes)),
    )


def _where(block: Block, qa_list: Sequence[QA]) -> str:
    if block.qa is None:
        return "body"
    qa = qa_list[block.qa]
    return f"qa {qa.numbers[0]}" if qa.numbers else f"qa {block.qa + 1}"


def _references(blocks: Sequence[Block], qa_list: Sequence[QA], footnotes: Sequence[Footnote]) -> list[Reference]:
    """All references in reading order; a note's references stand where its marker stands."""
    placed: list[tuple[tuple[int, int, int], Reference]] = []
    marker_at: dict[str, tuple[int, int]] = {}
    for i, block in enumerate(blocks):
        for m in MARKER.finditer(block.text):
            marker_at.setdefault(m.group(1), (i, m.start()))
        if block.kind == "heading" and block.qa is not None:
            continue  # a "Vraag 3" label cites nothing
        for ref in find_references(block.text, _where(block, qa_list), block=i):
            placed.append(((i, ref.start, 0), ref))
    end = (len(blocks), 0)
    for note in footnotes:
        if note.text is None:
            continue
        at = marker_at.get(note.mark, end)
        for ref in note_references(note.mark, note.text):
            placed.append(((at[0], at[1], 1 + ref.start), ref))
    placed.sort(key=lambda p: p[0])
    return [ref for _, ref in placed]
