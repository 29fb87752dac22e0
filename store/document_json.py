"""The document as JSON: the contract of docs/document-json.md, and back.

`to_json` gives the contract's keys plus a few more the reader needs (`blocks`, reference
positions); `from_json` reads that back, so the cache stores bodies in the same shape the
command line prints. The smaller shapes the command line prints (`list`, `search` and `refs`
with --json) are here too, so that the contract is written in one module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from store.model import QA, Block, Document, Footnote, Identifiers, Reference, Section

if TYPE_CHECKING:  # store.library reads bodies through this module; store.search loads on first use
    from store.library import Entry
    from store.parts import Part
    from store.search import Hit


def to_json(doc: Document) -> dict[str, Any]:
    ids = doc.identifiers
    return {
        "id": doc.id,
        "kind": doc.kind,
        "title": doc.title,
        "date": doc.date,
        "source": doc.source,
        "identifiers": {
            "kenmerk": ids.kenmerk,
            "zaak": ids.zaak,
            "document": ids.document,
            "dossiers": list(ids.dossiers),
            "ondernummer": ids.ondernummer,
            "vergaderjaar": ids.vergaderjaar,
        },
        "from": doc.sender,
        "to": doc.addressee,
        "asker": doc.asker,
        "text": doc.text,
        "sections": [{"title": s.title, "level": s.level, "block": s.block} for s in doc.sections],
        "qa": [_qa_json(q) for q in doc.qa],
        "footnotes": [{"mark": f.mark, "text": f.text, "block": f.block} for f in doc.footnotes],
        "references": [reference_json(r) for r in doc.references],
        "cited_by": list(doc.cited_by),
        "answered_in": list(doc.answered_in),
        "questions_in": list(doc.questions_in),
        "format": doc.format,
        "blocks": [
            {"kind": b.kind, "text": b.text, "level": b.level, "qa": b.qa, "section": b.section}
            for b in doc.blocks
        ],
    }


def _qa_json(q: QA) -> dict[str, Any]:
    return {
        "label": q.label,
        "numbers": list(q.numbers),
        "group": q.group,
        "question": q.question,
        "answer": q.answer,
        "block": q.block,
        "answer_block": q.answer_block,
    }


def reference_json(ref: Reference) -> dict[str, Any]:
    """A reference object as a document's `references` has it, and `refs --json` prints it."""
    return {
        "text": ref.text,
        "kind": ref.kind,
        "key": ref.key,
        "in": ref.where,
        "target": ref.target,
        "block": ref.block,
        "footnote": ref.footnote,
        "start": ref.start,
        "end": ref.end,
        "anchor": ref.anchor,
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    """A document as `list --json` prints it: never the body."""
    return {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "date": entry.date,
        "dossiers": list(entry.dossiers),
    }


def part_json(part: Part) -> dict[str, Any]:
    """The part of a document a place names, as `show ID#ANCHOR --json` prints it (store.parts)."""
    doc = part.doc
    section = part.section
    return {
        "id": doc.id,
        "anchor": str(part.anchor),
        "place": f"{doc.id}#{part.anchor}",
        "kind": doc.kind,
        "title": doc.title,
        "date": doc.date,
        "text": "\n\n".join(doc.blocks[i].text for i in part.blocks),
        "blocks": [
            {"block": i, "kind": b.kind, "text": b.text, "level": b.level, "qa": b.qa, "section": b.section}
            for i in part.blocks
            for b in (doc.blocks[i],)
        ],
        "qa": _qa_json(part.qa) if part.qa else None,
        "section": {"title": section.title, "level": section.level, "block": section.block} if section else None,
        "footnotes": [{"mark": f.mark, "text": f.text, "block": f.block} for f in part.footnotes],
        "references": [reference_json(r) for r in part.references],
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search hit as `search --json` prints it."""
    return {
        "id": hit.id,
        "where": hit.where,
        "score": hit.score,
        "snippet": hit.snippet,
        "title": hit.title,
        "anchor": hit.anchor,
    }


def from_json(data: dict[str, Any]) -> Document:
    ids = data.get("identifiers") or {}
    return Document(
        id=data["id"],
        kind=data["kind"],
        title=data["title"],
        date=data.get("date"),
        source=data.get("source", ""),
        identifiers=Identifiers(
            kenmerk=ids.get("kenmerk"),
            zaak=ids.get("zaak"),
            document=ids.get("document"),
            dossiers=tuple(ids.get("dossiers") or ()),
            ondernummer=ids.get("ondernummer"),
            vergaderjaar=ids.get("vergaderjaar"),
        ),
        sender=data.get("from"),
        addressee=data.get("to"),
        asker=data.get("asker"),
        blocks=tuple(
            # Positional: a document has hundreds of blocks, and keywords cost a third more.
            Block(b["kind"], b["text"], b.get("level", 0), b.get("qa"), b.get("section"))
            for b in data.get("blocks") or ()
        ),
        sections=tuple(Section(s["title"], s["level"], s["block"]) for s in data.get("sections") or ()),
        qa=tuple(
            QA(
                label=q["label"],
                numbers=tuple(q.get("numbers") or ()),
                group=q.get("group"),
                question=q["question"],
                answer=q["answer"],
                block=q["block"],
                answer_block=q["answer_block"],
            )
            for q in data.get("qa") or ()
        ),
        footnotes=tuple(Footnote(f["mark"], f.get("text"), f.get("block")) for f in data.get("footnotes") or ()),
        references=tuple(
            Reference(
                text=r["text"],
                kind=r["kind"],
                key=r.get("key"),
                where=r["in"],
                block=r.get("block"),
                footnote=r.get("footnote"),
                start=r.get("start", 0),
                end=r.get("end", 0),
                target=r.get("target"),
                anchor=r.get("anchor"),
            )
            for r in data.get("references") or ()
        ),
        cited_by=tuple(data.get("cited_by") or ()),
        answered_in=tuple(data.get("answered_in") or ()),
        questions_in=tuple(data.get("questions_in") or ()),
        format=data.get("format") or "text",
    )
