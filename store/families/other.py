"""Any other text: paragraphs, Markdown or bare headings, footnotes in any of the known forms,
references. The fallback family, for what no other family claims."""

from __future__ import annotations

from dataclasses import replace

from store.assemble import MARKER, Meta, assemble
from store.clean import clean
from store.dates import parse_date
from store.families.kamerbrief import section_parts
from store.footnotes import (
    lift_endnote_list,
    lift_sup_notes,
    lift_superscript_notes,
    place_glued_markers,
    superscript_markers,
)
from store.letter import lift_notes
from store.model import Document
from store.paragraphs import join_continuations, split_raw, to_para


def detect(text: str) -> int:
    return 1


def parse(text: str, source: str) -> Document:
    cleaned = clean(text)
    raw, notes = lift_notes(split_raw(cleaned), (lift_superscript_notes, lift_sup_notes, lift_endnote_list))
    paras = join_continuations([to_para(r) for r in raw], keep=lambda p: bool(p.heading))
    marks = {n.mark for n in notes}
    paras = [replace(p, text=superscript_markers(p.text, marks)) for p in paras]
    placed = {m for p in paras for m in MARKER.findall(p.text)}
    if marks - placed:
        texts = place_glued_markers([p.text for p in paras], sorted(marks, key=lambda m: (len(m), m)))
        paras = [replace(p, text=t) for p, t in zip(paras, texts, strict=True)]
    parts = section_parts(paras)
    title = next((p.text for p in parts if p.kind == "heading"), parts[0].text if parts else source)
    meta = Meta(kind="other", title=title[:200], date=parse_date(cleaned[:5000]))
    return assemble(source, meta, parts, (), notes)
