"""The parsing pipeline, in one place: how every document is read, whatever its family.

    clean -> split (lines or paragraphs) -> lift notes -> body passes -> structure
          -> metadata -> assemble -> references

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
from store.parsing.passes.references import with_references
from store.parsing.reading import Meta, Pass, Reading


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

    def read(self, text: str, source: str) -> Document:
        return run(self, text, source)


def run(family: Family, text: str, source: str) -> Document:
    return traced(family, text, source)[0]


def traced(family: Family, text: str, source: str) -> tuple[Document, tuple[tuple[str, str], ...]]:
    """The document, and what furniture rules took out of the text on the way (rule, text)."""
    reading = family.split(Reading(source=source, text=clean(text)))
    for step in (*family.notes, *family.body):
        reading = step(reading)
    reading = family.structure(reading)
    meta = family.metadata(reading)
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
