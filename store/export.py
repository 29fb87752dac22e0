"""The user's notes as what goes into a memo: Markdown to paste, or JSON for scripts.

`collect` gathers the notes by document; `markdown` and `json_data` write that out;
`write_markdown` puts the Markdown in a file (the reader's export: over SSH a file is what
works). The command line (`kamerlezer note export`) and the reader's notes list both go
through here, so they give the same export.

- One section per document, the oldest first: by the document's date, then its id; documents
  without a date after the dated ones, and documents removed from the library (whose date is
  no longer known) last. Each is headed by its title, its citation as people write it
  (`store.formats.citation_of`: "Kamerstuk 19 637, nr. 2535"; a document without an official
  key by its kind and date) and its official address (only for an official key).
- Each note under the whole passage it annotates, in document order: for `qa-N` the question
  and the answer, for `fn-N` the footnote, for `p-N`/`sec-N` the block (a heading with the
  block after it). Notes on one passage share it. Where the document was removed, or the place
  no longer fits it (the document changed), the quote stored with the note stands in, and the
  export says so; such notes come after the others, in the order they were written.
- Dates in words, in Dutch ("2 december 2026"): the memos are written in Dutch. Labels taken
  from the document ("Vraag 19", "Antwoord op vraag 19") are Dutch too, and so is "Voetnoot";
  what kamerlezer itself remarks ("removed from the library") is in English, as everywhere else.
- What comes from documents is escaped to read as itself (`markdown_literal`), footnote
  markers are left out of passages; the user's notes keep their Markdown but no raw HTML
  (`markdown_note`); no control character gets through.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import count, groupby
from pathlib import Path
from typing import Any, Protocol

from store.anchors import AnchorError, block_of, qa_index
from store.atomic import atomic_write
from store.errors import KamerlezerError
from store.formats import MARKER, Anchor, address_of, citation_of, kind_info
from store.model import Document
from store.parsing.passes.dates import MONTHS
from store.tokens import one_line
from store.userdata import Note
from store.visible import markdown_literal, markdown_note

REMOVED = "removed from the library"
# The full name of each month: the longest of the names the date parser reads for it.
_MONTH_NAMES = {n: max((name for name, m in MONTHS.items() if m == n), key=len) for n in range(1, 13)}


class ExportError(KamerlezerError):
    """An export that could not be written; str() is one line."""


class Entries(Protocol):
    """What the export reads of a library (store.library.Library)."""

    def get(self, doc_id: str) -> Any: ...  # an Entry (its title, kind, date) or None

    def load(self, doc_id: str) -> Document: ...  # KeyError when it has no such document


@dataclass(frozen=True)
class Part:
    """A piece of a passage: its label ("Vraag 19", a heading; "" for none) and its text."""

    label: str
    text: str


@dataclass(frozen=True)
class Passage:
    """What a note annotates: the parts of the document, from block `block` on; or, with a
    `remark` saying why, the quote stored with the note (`block` None)."""

    parts: tuple[Part, ...]
    block: int | None = None
    remark: str | None = None

    @property
    def text(self) -> str:
        """The passage as plain text: each part's label and text, blank lines between."""
        return "\n\n".join(piece for part in self.parts for piece in (part.label, part.text) if piece)


@dataclass(frozen=True)
class Exported:
    """One document of the export and its notes, each with its passage, in document order."""

    id: str
    title: str | None  # None: removed from the library
    kind: str | None
    date: str | None  # ISO yyyy-mm-dd
    citation: str | None
    address: str | None
    notes: tuple[tuple[Note, Passage], ...]

    @property
    def in_library(self) -> bool:
        return self.title is not None


# -- dates ---------------------------------------------------------------------------------


def human_date(value: str | date | None) -> str | None:
    """ "2026-12-02", "2026-12-02T21:18:11+00:00" -> "2 december 2026" (the date as written
    there, in its own time zone); None for None; what is no date is given back as it is."""
    if value is None:
        return None
    when: date
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    else:
        when = value
    return f"{when.day} {_MONTH_NAMES[when.month]} {when.year}"


# -- passages ------------------------------------------------------------------------------


def _text(text: str) -> str:
    return MARKER.sub("", text).strip()


def _answer_label(doc: Document, qa: int) -> str:
    """The heading the document gives the answer ("Antwoord op vraag 3"), else "Antwoord"."""
    for i in (doc.qa[qa].answer_block, doc.qa[qa].answer_block - 1):
        if 0 <= i < len(doc.blocks) and doc.blocks[i].kind == "heading" and doc.blocks[i].qa == qa:
            return doc.blocks[i].text
    return "Antwoord"


def passage_of(doc: Document, anchor: str) -> Passage | None:
    """The whole passage `anchor` names in `doc`; None when the document has no such place."""
    try:
        place = Anchor.parse(anchor)
        if place.kind == "qa":
            i = qa_index(doc, place.number)
            if i is None:
                return None
            qa = doc.qa[i]
            parts = [Part(qa.label, _text(qa.question))]
            if qa.answer.strip():
                parts.append(Part(_answer_label(doc, i), _text(qa.answer)))
            return Passage(tuple(parts), qa.block)
        if place.kind == "fn":
            note = doc.footnote(place.value)
            if note is None or (note.text is None and note.block is None):
                return None
            text = note.text if note.text is not None else doc.blocks[note.block or 0].text
            at = note.block if note.block is not None else len(doc.blocks)
            return Passage((Part(f"Voetnoot {place.value}", _text(text)),), at)
        i = block_of(doc, place)
    except AnchorError:
        return None
    block = doc.blocks[i]
    if block.kind == "heading" and i + 1 < len(doc.blocks) and doc.blocks[i + 1].kind != "heading":
        return Passage((Part(_text(block.text), _text(doc.blocks[i + 1].text)),), i)
    return Passage((Part("", _text(block.text)),), i)


def _quoted(note: Note, remark: str) -> Passage:
    return Passage((Part("", note.quote or f"({note.anchor})"),), None, remark)


# -- gathering -----------------------------------------------------------------------------


def collect(library: Entries, notes: Iterable[Note], doc_ids: Collection[str] = ()) -> list[Exported]:
    """The notes (only those on `doc_ids`, when given) by document, in the order of the module's
    docstring: each document loaded once, each note with its passage."""
    by_doc: dict[str, list[Note]] = {}
    for note in notes:
        if not doc_ids or note.doc_id in doc_ids:
            by_doc.setdefault(note.doc_id, []).append(note)
    found = [_exported(library, doc_id, of_doc) for doc_id, of_doc in by_doc.items()]
    return sorted(found, key=lambda e: (not e.in_library, e.date is None, e.date or "", e.id))


def _exported(library: Entries, doc_id: str, notes: Sequence[Note]) -> Exported:
    entry = library.get(doc_id)
    doc = None
    if entry is not None:
        try:
            doc = library.load(doc_id)
        except KeyError:  # removed meanwhile
            entry = None
    if entry is None or doc is None:
        placed = [(n, _quoted(n, f"the quote kept with the note: the document was {REMOVED}")) for n in notes]
        return Exported(doc_id, None, None, None, citation_of(doc_id), address_of(doc_id),
                        tuple(sorted(placed, key=lambda p: p[0].id)))  # fmt: skip
    placed = []
    for note in notes:
        passage = None if note.lost else passage_of(doc, note.anchor)  # lost: not found again in a new version
        if passage is None:
            passage = _quoted(note, f"the quote kept with the note: {note.anchor} no longer fits the document")
        placed.append((note, passage))
    placed.sort(key=lambda p: (p[1].block is None, p[1].block or 0, p[1].text, p[0].id))
    citation = citation_of(doc_id) or ", ".join(filter(None, (kind_info(entry.kind).name, human_date(entry.date))))
    return Exported(doc_id, entry.title, entry.kind, entry.date, citation, address_of(doc_id), tuple(placed))


# -- writing -------------------------------------------------------------------------------


def _quote_lines(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()]


def _passage_lines(passage: Passage) -> list[str]:
    lines: list[str] = []
    for part in passage.parts:
        if lines:
            lines.append(">")
        if part.label:
            lines += [f"> **{markdown_literal(one_line(part.label))}**"] + ([">"] if part.text else [])
        lines += _quote_lines(markdown_literal(part.text))
    if passage.remark:
        lines += [">", f"> *({markdown_literal(passage.remark)})*"]
    return lines


def markdown(documents: Sequence[Exported]) -> str:
    """The export as Markdown (the module's docstring says what it holds and in what order)."""
    lines = ["# Notes"]
    for doc in documents:
        if doc.title is not None and one_line(doc.title):
            heading = f"## {markdown_literal(one_line(doc.title))}"
        else:
            heading = f"## {markdown_literal(one_line(doc.id))}"
        lines += ["", heading if doc.in_library else f"{heading} ({REMOVED})"]
        if doc.citation:
            dated = f"{doc.citation} · {human_date(doc.date)}" if doc.date and citation_of(doc.id) else doc.citation
            lines += ["", markdown_literal(one_line(dated))]
        if doc.address:
            lines += ["", f"<{doc.address}>"]  # made of a key's letters, digits and dashes only
        for _, on_passage in groupby(doc.notes, key=lambda placed: placed[1]):
            passage_notes = list(on_passage)
            lines += ["", *_passage_lines(passage_notes[0][1])]
            for note, _ in passage_notes:
                when = markdown_literal(human_date(note.updated) or "")
                lines += ["", markdown_note(note.text.strip()), "", f"*{when}*"]
    return "\n".join(lines) + "\n"


def json_data(documents: Sequence[Exported]) -> list[dict[str, Any]]:
    """The export for scripts: one object per document (id, title, kind, date, citation, address,
    in_library) with its notes (id, anchor, passage, from_quote, text, created, updated)."""
    return [
        {
            "id": doc.id, "title": doc.title, "kind": doc.kind, "date": doc.date, "citation": doc.citation,
            "address": doc.address, "in_library": doc.in_library,
            "notes": [
                {"id": note.id, "anchor": note.anchor, "passage": passage.text, "from_quote": passage.block is None,
                 "text": note.text, "created": note.created, "updated": note.updated}
                for note, passage in doc.notes
            ],
        }
        for doc in documents
    ]  # fmt: skip


def file_name(today: date, n: int = 1) -> str:
    """ "kamerlezer-notes-2026-12-02.md"; the n-th of a day "kamerlezer-notes-2026-12-02-2.md"."""
    return f"kamerlezer-notes-{today.isoformat()}{f'-{n}' if n > 1 else ''}.md"


def export_directories() -> tuple[Path, ...]:
    """Where the reader writes an export: the current directory, else the user's home."""
    return (Path.cwd(), Path.home())


def write_markdown(library: Entries, notes: Iterable[Note], directories: Sequence[Path] | None = None,
                   today: date | None = None) -> Path:  # fmt: skip
    """The Markdown export of `notes` in a new file (`file_name`: never over an existing file) in
    the first of `directories` (default `export_directories()`) where it can be written; its path.
    ExportError when it can be written nowhere."""
    text = markdown(collect(library, notes)).encode("utf-8")
    today = today or date.today()
    problems = []
    for directory in directories if directories is not None else export_directories():
        path = next(p for n in count(1) if not (p := directory / file_name(today, n)).exists())
        try:
            atomic_write(path, text)
        except OSError as exc:
            problems.append(f"{directory}: {exc.strerror or exc.__class__.__name__}")
            continue
        return path
    raise ExportError(f"the notes could not be written ({'; '.join(problems) or 'no directory to write to'})")


__all__ = [
    "REMOVED", "Entries", "ExportError", "Exported", "Part", "Passage", "collect", "export_directories",
    "file_name", "human_date", "json_data", "markdown", "passage_of", "write_markdown",
]  # fmt: skip
