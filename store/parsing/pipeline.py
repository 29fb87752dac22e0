"""The parsing pipeline, in one place: how every document is read, whatever its family.

    clean -> split (lines or paragraphs) -> lift notes -> body passes -> structure
          -> metadata -> assemble -> references

A PDF read from its layout takes the split from it (`traced_layout`): its lines, notes and
furniture come from the characters' sizes and places; the rest is the same.

A family (store/parsing/families/) is a declaration over the shared passes: which
splitter, which note lifters, which body passes, which structure and metadata rules. It
is checked when its module is imported (`Family.__post_init__`), not when a file first
reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from store.formats import DOCUMENT_KINDS
from store.model import Document
from store.parsing.assemble import assemble
from store.parsing.passes.clean import clean
from store.parsing.passes.layout import LaidOut
from store.parsing.passes.pdftext import layout_split
from store.parsing.passes.references import with_references
from store.parsing.reading import Meta, NoteText, Pass, Reading


@dataclass(frozen=True)
class Family:
    """One kind of raw document, as a declaration over the shared passes."""

    name: str
    kind: str  # what it reads (its metadata rule may say better: a Mededeling, say)
    detect: Callable[[str], int]  # how surely a text is of this family, 0 when not at all
    split: Pass  # the cleaned text into raw paragraphs (and, for PDF text, its page-foot notes)
    notes: tuple[Pass, ...]  # lift note texts out of the raw paragraphs
    body: tuple[Pass, ...]  # raw paragraphs to plain ones: furniture out, markers in, breaks joined
    structure: Pass  # paragraphs to blocks: headings, questions and answers
    metadata: Callable[[Reading], Meta]  # what the document says of itself
    # Lines never joined to the next ("Vraag 3"), where a PDF's lines are made into paragraphs
    # from its layout rather than by `split` (store/parsing/passes/layout.py).
    standalone: Callable[[str], bool] = lambda line: False

    def __post_init__(self) -> None:
        problems = []
        if not self.name.isidentifier():
            problems.append(f"its name {self.name!r} is not a plain word")
        if self.kind not in DOCUMENT_KINDS:
            problems.append(f"its kind {self.kind!r} is not one of {', '.join(DOCUMENT_KINDS)}")
        steps = (self.detect, self.split, *self.notes, *self.body, self.structure, self.metadata)
        if not all(callable(step) for step in steps):
            problems.append("a step is not a function")
        if problems:
            raise TypeError(f"family {self.name!r}: " + "; ".join(problems))

    def read(self, text: str, source: str, notes: tuple[NoteText, ...] = ()) -> Document:
        return run(self, text, source, notes)


def run(family: Family, text: str, source: str, notes: tuple[NoteText, ...] = ()) -> Document:
    return traced(family, text, source, notes)[0]


def traced(
    family: Family, text: str, source: str, notes: tuple[NoteText, ...] = ()
) -> tuple[Document, tuple[tuple[str, str], ...]]:
    """The document, and what furniture rules took out of the text on the way (rule, text).
    `notes`: note texts lifted before the pipeline (by a format reader)."""
    return finish(family, family.split(Reading(source=source, text=clean(text), notes=notes)))


def traced_layout(family: Family, laid: LaidOut, source: str) -> tuple[Document, tuple[tuple[str, str], ...]]:
    """A PDF read from its layout: its lines made into paragraphs from it, its notes lifted by
    it (in place of the family's split), then the family's passes as for any text."""
    reading = Reading(source=source, text=clean(laid.plain))
    return finish(family, layout_split(laid, family.standalone)(reading))


def finish(family: Family, reading: Reading) -> tuple[Document, tuple[tuple[str, str], ...]]:
    """The stages after the split: notes, body, structure, metadata, assemble, references."""
    for step in (*family.notes, *family.body):
        reading = step(reading)
    reading = family.structure(reading)
    meta = family.metadata(reading)
    source = reading.source
    return with_references(assemble(source, meta, reading.parts, reading.drafts, reading.notes)), reading.dropped


def steps(*passes: Pass) -> Pass:
    """Passes run one after the other, as one."""

    def run_all(reading: Reading) -> Reading:
        for step in passes:
            reading = step(reading)
        return reading

    return run_all


def keep_paras(test: Callable[..., bool]) -> Pass:
    """Keep only the paragraphs `test(para)` accepts (a pass for furniture a family knows)."""

    def keep(reading: Reading) -> Reading:
        gone = [p.text for p in reading.paras if not test(p)]
        return replace(reading, paras=tuple(p for p in reading.paras if test(p)),
                       dropped=reading.without(getattr(test, "__name__", "furniture"), gone))  # fmt: skip

    return keep
