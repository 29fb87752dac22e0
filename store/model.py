"""The document model: what a parsed parliamentary paper is.

Everything here is immutable data. Parsing produces a `Document`; the cache stores it;
the reader and the command line only read it. A document's body is a sequence of
`Block`s in reading order; sections, question/answer pairs, footnotes and references
point into that sequence by block index, so the reader can jump to any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

# The kinds of document (store/formats.py names them: DOCUMENT_KINDS).
Kind = Literal[
    "kamerbrief", "antwoord", "aanhangsel", "vragen", "mededeling", "schriftelijk-overleg", "kamerstuk",
    "handelingen", "staatsblad", "other",
]

BlockKind = Literal["heading", "paragraph", "question", "answer"]

# What a reference cites. `answer` is an answer elsewhere in the same document
# ("zie het antwoord op vraag 19"); `title` is a document named only by title and date.
RefKind = Literal[
    "kamerstuk", "aanhangsel", "kamervragen", "handelingen", "staatsblad", "staatscourant", "zaak", "document", "url",
    "answer", "title",
]


@dataclass(frozen=True)
class Identifiers:
    kenmerk: str | None = None
    zaak: str | None = None
    document: str | None = None
    dossiers: tuple[str, ...] = ()
    ondernummer: str | None = None
    vergaderjaar: str | None = None


@dataclass(frozen=True)
class Block:
    """One unit of the readable body: a heading, a paragraph, or part of a question/answer pair.

    `text` is plain text; a footnote marker is written `[^N]` right after the word it was
    glued to. `qa` is the index into `Document.qa` for the blocks of a question/answer pair
    (its "Vraag 3" heading included); `section` the index into `Document.sections` of the
    section the block falls under.
    """

    kind: BlockKind
    text: str
    level: int = 0
    qa: int | None = None
    section: int | None = None


@dataclass(frozen=True)
class Section:
    title: str
    level: int
    block: int  # index of its heading block


@dataclass(frozen=True)
class QA:
    """A question/answer pair; a block answering several questions keeps them all."""

    label: str  # as written: "Vraag 3 t/m 7", "Antwoord op vraag 1", "Antwoord"
    numbers: tuple[int, ...]
    group: str | None  # the fractie in a schriftelijk overleg
    question: str
    answer: str
    block: int  # first block of the pair
    answer_block: int  # first block of the answer


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str | None  # None where the marker is in the text but the note itself is missing
    block: int | None = None  # block holding the (first) marker, None if no marker was found


@dataclass(frozen=True)
class Reference:
    """A citation found in the document.

    It stands either in block `block` or in the text of footnote `footnote`, at
    [start, end) of that text. `target` is the id of the cached document it resolves to.
    """

    text: str
    kind: RefKind
    key: str | None
    where: str  # the JSON "in": "footnote 1", "qa 13", "body"
    block: int | None = None
    footnote: str | None = None
    start: int = 0
    end: int = 0
    target: str | None = None
    anchor: str | None = None  # the place inside the cited document it names ("qa-3"), if any


@dataclass(frozen=True)
class Document:
    id: str
    kind: Kind
    title: str
    date: str | None  # ISO yyyy-mm-dd
    source: str
    identifiers: Identifiers = field(default_factory=Identifiers)
    sender: str | None = None
    addressee: str | None = None
    asker: str | None = None
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    qa: tuple[QA, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    references: tuple[Reference, ...] = ()
    cited_by: tuple[str, ...] = ()
    # Questions and their answers in the library, linked both ways (store/links.py): on questions
    # the documents that answer them (or postpone the answer), on an answer its questions.
    answered_in: tuple[str, ...] = ()
    questions_in: tuple[str, ...] = ()
    # The format of the file it was read from: "pdf", "docx", "xml", "html" or "text".
    format: str = "text"

    @property
    def text(self) -> str:
        """The readable body: blocks separated by a blank line, headings on lines of their own."""
        return "\n\n".join(b.text for b in self.blocks)

    def footnote(self, mark: str) -> Footnote | None:
        return next((f for f in self.footnotes if f.mark == mark), None)

    def with_links(self, targets: dict[int, str], cited_by: tuple[str, ...], answered_in: tuple[str, ...] = (),
                   questions_in: tuple[str, ...] = ()) -> Document:  # fmt: skip
        """A copy with resolved reference targets (by reference index), backlinks, and the
        documents of the same questions filled in."""
        refs = tuple(replace(r, target=targets.get(i)) for i, r in enumerate(self.references))
        return replace(self, references=refs, cited_by=cited_by, answered_in=answered_in, questions_in=questions_in)
