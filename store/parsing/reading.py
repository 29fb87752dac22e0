"""What the parsing pipeline carries from pass to pass: a document part-way read.

Each pass takes a `Reading` and gives the next one (frozen: `replace` makes the new one),
so a pass can be run and tested on its own, and the pipeline (store/parsing/pipeline.py)
is only their order. The stages fill it in turn:

    text      the cleaned text                                  (clean)
    raw       paragraphs as split from the text                 (split)
    notes     footnote texts lifted out of it                   (notes)
    paras     plain paragraphs, furniture out, markers [^N] in  (body)
    found     what the document says of itself on the way       (any pass)
    parts     blocks in reading order, and the qa drafts        (structure)
    dropped   what a named furniture rule took out, and which rule
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from store.model import BlockKind, Identifiers, Kind


@dataclass(frozen=True)
class RawPara:
    """A paragraph as split from the text, and what stood before it."""

    text: str  # the raw lines of the paragraph, joined by "\n"
    gap: int = 1  # blank lines before it
    after_break: bool = False  # furniture was lifted out just before it (a page break)


@dataclass(frozen=True)
class Para:
    """A paragraph as plain text, with what its raw form said about its role."""

    text: str
    heading: int = 0  # Markdown heading level, 0 when not written as a heading
    bold: bool = False  # set in bold throughout
    gap: int = 1
    after_break: bool = False
    lines: tuple[str, ...] = ()  # plain text of each raw line (for list items, addresses)


@dataclass(frozen=True)
class NoteText:
    mark: str
    text: str


@dataclass(frozen=True)
class Part:
    """A block as the structure pass reads it, before block indices are known."""

    kind: BlockKind
    text: str
    level: int = 0
    qa: int | None = None  # index into the reading's drafts
    label: bool = False  # the "Vraag 3" / "Antwoord 3" label of a pair


@dataclass(frozen=True)
class QADraft:
    label: str
    numbers: tuple[int, ...] = ()
    group: str | None = None


@dataclass(frozen=True)
class Meta:
    """What the metadata rules of a family read: kind, title, date, identifiers, people."""

    kind: Kind
    title: str
    date: str | None = None
    identifiers: Identifiers = field(default_factory=Identifiers)
    sender: str | None = None
    addressee: str | None = None
    asker: str | None = None
    printed_id: str | None = None  # the official identifier the document prints, if any


_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Reading:
    source: str
    text: str
    raw: tuple[RawPara, ...] = ()
    paras: tuple[Para, ...] = ()
    notes: tuple[NoteText, ...] = ()
    parts: tuple[Part, ...] = ()
    drafts: tuple[QADraft, ...] = ()
    found: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    dropped: tuple[tuple[str, str], ...] = ()

    def with_found(self, **facts: Any) -> Reading:
        """The reading with more facts; a fact found earlier is kept (the first says it)."""
        merged = {**{k: v for k, v in facts.items() if v is not None}, **self.found}
        return replace(self, found=MappingProxyType(merged))

    def without(self, rule: str, texts: tuple[str, ...] | list[str]) -> tuple[tuple[str, str], ...]:
        """`dropped` with `texts` added as taken out by furniture rule `rule`."""
        return self.dropped + tuple((rule, t) for t in texts if t.strip())


Pass = Callable[[Reading], Reading]
