"""Assembling a document: from a family's reading (parts in order, question/answer drafts,
note texts, metadata) to a Document with sections and footnotes pointing into its blocks.

Every family ends here, so what a Document promises (block indices that hold, every marker
a footnote, every note text a footnote) is kept in one place. The references come after,
in their own pass (store/parsing/passes/references.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from store.formats import MARKER, mark_order
from store.model import QA, Block, Document, Footnote, Section
from store.parsing.passes.footnotes import NoteText
from store.parsing.passes.identity import document_id
from store.parsing.reading import Meta, Part, QADraft


def assemble(source: str, meta: Meta, parts: Sequence[Part], qas: Sequence[QADraft],
             notes: Sequence[NoteText]) -> Document:  # fmt: skip
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
              for b in blocks]  # fmt: skip

    texts = {n.mark: n.text for n in notes}
    first_marker: dict[str, int] = {}
    for i, b in enumerate(blocks):
        if "[^" in b.text:
            for m in MARKER.finditer(b.text):
                first_marker.setdefault(m.group(1), i)
    footnotes = tuple(
        Footnote(mark, texts.get(mark) or None, first_marker.get(mark))
        for mark in sorted(set(texts) | set(first_marker), key=mark_order)
    )
    return Document(
        id=document_id(meta.kind, meta.identifiers, meta.title, meta.printed_id),
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
    )
