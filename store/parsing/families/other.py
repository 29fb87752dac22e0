"""Any other text: paragraphs, Markdown or bare headings, footnotes in any of the known forms,
references. The fallback family, for what no other family claims."""

from __future__ import annotations

from store.parsing.passes.dates import parse_date
from store.parsing.passes.footnotes import (
    endnote_list,
    glued_marks,
    sup_note_texts,
    superscript_marks,
    superscript_note_texts,
)
from store.parsing.passes.paragraphs import blank_line_split, join_broken, markdown_paragraphs
from store.parsing.passes.structure import sections
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Reading


def detect(text: str) -> int:
    return 1


def metadata(reading: Reading) -> Meta:
    title = next((p.text for p in reading.parts if p.kind == "heading"), None)
    if title is None:
        title = reading.parts[0].text if reading.parts else reading.source
    return Meta(kind="other", title=title[:200], date=parse_date(reading.text[:5000]))


FAMILY = Family(
    name="other",
    kind="other",
    detect=detect,
    split=blank_line_split,
    notes=(superscript_note_texts, sup_note_texts, endnote_list),
    body=(markdown_paragraphs, join_broken(keep=lambda p: bool(p.heading)), superscript_marks, glued_marks),
    structure=sections,
    metadata=metadata,
)
