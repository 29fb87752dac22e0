"""Verslag van een schriftelijk overleg: the committee's questions per fractie, each answered
after an "Antwoord" heading (written five ways in Markdown made from PDF), the answers set in
bold, a table of contents listing the fracties a first time, `<sup>` footnotes after `---` at
page ends that cut answers (even a bold run) in two, and a page-break continuation that came
out as a `##` heading."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from store.model import Identifiers
from store.parsing.passes import letter
from store.parsing.passes.paragraphs import blank_line_split, ends_sentence
from store.parsing.passes.structure import CLOSING, is_bare_heading, sender_of
from store.parsing.pipeline import Family
from store.parsing.reading import Meta, Para, Part, QADraft, Reading

_FRACTIE = re.compile(
    r"^(?:Vragen en opmerkingen|Inbreng|Vragen)\s+(?:van|vanuit)\s+(?:de\s+leden\s+van\s+)?de\s+"
    r"(?P<group>.+?)[- ]fractie$",
    re.I,
)
_ANSWER = re.compile(r"^(?:Antwoord|Reactie)(?: van de (?:minister|staatssecretaris|regering))?\s*:?$", re.I)
_DOSSIER = re.compile(r"^\d{5}(?:-[A-Z0-9]+)?$")
_QUESTION_START = re.compile(r"^(?:(?:De|Deze|Voor de|Ook de|Tenslotte|Ten slotte)\b.*?\bleden\b|Leden van)", re.I)


_FRACTIE_REMARKS = re.compile(r"opmerkingen van de leden van de .{2,40}?-fractie")  # on lower-cased text
_ANSWER_LINE = re.compile(r"^[#* \t]*Antwoord[* \t]*$", re.M)  # not \s: quadratic over blank lines


def detect(text: str) -> int:
    # Lower-cased once: a case-blind regex over the whole text was the slowest of all detectors.
    lower = text.lower()
    answers = _ANSWER_LINE.search(text) is not None
    if answers and _FRACTIE_REMARKS.search(lower):
        return 80
    return 20 if answers and "schriftelijk overleg" in lower else 0


def fractie(para: Para) -> str | None:
    m = _FRACTIE.match(para.text.strip())
    return m.group("group").strip() if m else None


def is_answer_label(para: Para) -> bool:
    return bool(_ANSWER.match(para.text.strip()))


def _is_heading(para: Para) -> bool:
    return bool(para.heading) or fractie(para) is not None


def drop_table_of_contents(paras: Sequence[Para]) -> list[Para]:
    """Remove a run of headings with nothing between them whose titles all come back later.

    The run may flow straight into the first real heading, so the longest prefix of it that
    is repeated after itself is the table of contents.
    """
    out: list[Para] = []
    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and _is_heading(paras[j]):
            j += 1
        toc = next(
            (k for k in range(j - i, 2, -1)
             if all(p.text in {q.text for q in paras[i + k :] if _is_heading(q)} for p in paras[i : i + k])),
            0,
        )
        if toc:
            i += toc
            continue
        out.extend(paras[i : max(j, i + 1)])
        i = max(j, i + 1)
    return out


def _question_like(para: Para) -> bool:
    return "?" in para.text or bool(_QUESTION_START.match(para.text))


def structure(paras: Sequence[Para]) -> tuple[list[Part], list[QADraft]]:
    parts: list[Part] = []
    drafts: list[QADraft] = []
    group: str | None = None
    per_group: dict[str | None, int] = {}
    pending: list[Para] = []  # paragraphs since the last answer: the next question
    answering: bool | None = None  # None: not in an answer; else whether the answer is set in bold

    def flush_pending() -> None:
        for p in pending:
            parts.append(Part("paragraph", p.text))
        pending.clear()

    for i, para in enumerate(paras):
        name = fractie(para)
        if name:
            flush_pending()
            group, answering = name, None
            parts.append(Part("heading", para.text, level=3))
            continue
        if is_answer_label(para):
            per_group[group] = per_group.get(group, 0) + 1
            drafts.append(QADraft(f"{group} {per_group[group]}" if group else f"Vraag {len(drafts) + 1}", (), group))
            k = len(drafts) - 1
            parts.extend(Part("question", p.text, qa=k) for p in pending)
            pending.clear()
            parts.append(Part("heading", "Antwoord", level=4, qa=k, label=True))
            answering = None
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            answering = bool(nxt and nxt.bold)
            continue
        if answering is not None and drafts and not para.heading:
            in_answer = para.bold if answering else not _question_like(para)
            if in_answer and not CLOSING.match(para.text):
                parts.append(Part("answer", para.text, qa=len(drafts) - 1))
                if not answering:
                    answering = False
                continue
            answering = None
        if group is None:
            prev = paras[i - 1] if i else None
            nxt = paras[i + 1] if i + 1 < len(paras) else None
            is_head = para.heading or (para.bold and not ends_sentence(para.text)) or is_bare_heading(para, prev, nxt)
            level = para.heading or 2
            parts.append(Part("heading", para.text, level=level) if is_head else Part("paragraph", para.text))
        elif para.heading and not ends_sentence(para.text):
            flush_pending()
            parts.append(Part("heading", para.text, level=para.heading))
        else:
            pending.append(para)
    flush_pending()
    return parts, drafts


def table_of_contents_and_dossier(reading: Reading) -> Reading:
    """Take out the table of contents, and the dossier number on a line of its own (kept in
    `found["dossiers"]`)."""
    paras = drop_table_of_contents(reading.paras)
    dossiers = tuple(p.text for p in paras if _DOSSIER.match(p.text))[:1]
    kept = [p for p in paras if not _DOSSIER.match(p.text)]
    staying = {id(p) for p in kept}  # by identity: comparing paragraphs by value is quadratic
    gone = [p.text for p in reading.paras if id(p) not in staying]
    return replace(reading, paras=tuple(kept), dropped=reading.without("table of contents", gone)).with_found(
        dossiers=dossiers
    )


def per_fractie(reading: Reading) -> Reading:
    parts, drafts = structure(reading.paras)
    return replace(reading, parts=tuple(parts), drafts=tuple(drafts))


def metadata(reading: Reading) -> Meta:
    head = letter.head_of(reading)
    ids = letter.identifiers(head)
    return Meta(
        kind="schriftelijk-overleg",
        title=head.subject or "Verslag van een schriftelijk overleg",
        date=head.date,
        identifiers=Identifiers(kenmerk=ids.kenmerk, zaak=ids.zaak, dossiers=reading.found.get("dossiers", ())),
        sender=sender_of(reading.paras),
        addressee=head.addressee,
    )


FAMILY = Family(
    name="schriftelijk_overleg",
    kind="schriftelijk-overleg",
    detect=detect,
    split=blank_line_split,
    notes=letter.NOTES,
    body=(*letter.body(lambda p: is_answer_label(p) or fractie(p) is not None), table_of_contents_and_dossier),
    structure=per_fractie,
    metadata=metadata,
)
