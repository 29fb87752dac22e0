"""What a hit needs of a document's body: the texts its passage may be, and where each stands.

Building a whole Document (hundreds of frozen blocks, its references, its question/answer texts
joined again) is a third of what reading a hit's body costs, and a query reads twenty: a hit
only looks for its words in the title, the blocks and the footnotes, and opens the document at
the one passage it shows. So the body is read as this, straight from its stored JSON
(`Cache.read_body_data`); the reader builds the Document when the hit is opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.anchors import qa_number_index
from store.model import Document
from store.search.terms import head_text, known_by


@dataclass(frozen=True)
class HitBody:
    title: str
    head: str  # the title and what the document is known by (terms.head_text)
    texts: tuple[str, ...]  # each block's text
    qa_of: tuple[int | None, ...]  # each block's question/answer pair (Block.qa)
    qa_numbers: tuple[tuple[int, ...], ...]  # each pair's question numbers (QA.numbers)
    answer_blocks: tuple[int, ...]  # each pair's first block of the answer (QA.answer_block)
    notes: tuple[tuple[str, str, int | None], ...]  # each footnote's mark, text ("" if missing), block

    @property
    def chars(self) -> int:
        return sum(map(len, self.texts)) + 1

    def qa_block(self, number: int) -> int | None:
        """The block `qa-N` opens at (anchors.block_of), None when there is no such pair."""
        i = qa_number_index(self.qa_numbers, number)
        return None if i is None else self.answer_blocks[i]


def of_document(doc: Document) -> HitBody:
    return HitBody(
        title=doc.title,
        head=head_text(doc),
        texts=tuple(b.text for b in doc.blocks),
        qa_of=tuple(b.qa for b in doc.blocks),
        qa_numbers=tuple(q.numbers for q in doc.qa),
        answer_blocks=tuple(q.answer_block for q in doc.qa),
        notes=tuple((f.mark, f.text or "", f.block) for f in doc.footnotes),
    )


def from_body_data(data: Mapping[str, Any]) -> HitBody:
    """From a stored body's JSON (document_json's names). Raises KeyError, TypeError or
    AttributeError when it is not one."""
    blocks = data.get("blocks") or ()
    qa = data.get("qa") or ()
    ids = data.get("identifiers") or {}
    return HitBody(
        title=data["title"],
        head=known_by(
            data["title"], data["id"], ids.get("dossiers") or (), ids.get("zaak"), ids.get("document"),
            ids.get("kenmerk"), data.get("asker"),
        ),
        texts=tuple(b["text"] for b in blocks),
        qa_of=tuple(b.get("qa") for b in blocks),
        qa_numbers=tuple(tuple(q.get("numbers") or ()) for q in qa),
        answer_blocks=tuple(q["answer_block"] for q in qa),
        notes=tuple((f["mark"], f.get("text") or "", f.get("block")) for f in data.get("footnotes") or ()),
    )

