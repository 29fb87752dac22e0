"""Question/answer pairs of numbered questions: "Vraag 3 t/m 7" … "Antwoord 3 t/m 7".

The structure pass shared by answers sent as a letter and the Aanhangsel: paragraphs after
a "Vraag" label are the question, after the "Antwoord" label the answer, until the next
label. What stands before the first label is the introduction; a closing formula after the
last answer ends it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from store.parsing.passes.labels import Label, bare_number, is_bare_answer, is_notice, numbered_question, parse_label
from store.parsing.passes.structure import CLOSING
from store.parsing.reading import Para, Part, Pass, QADraft, Reading

LABEL_LEVEL = 4


def numbered_pairs(paras: Sequence[Para], intro: Callable[[int, Para], Part]) -> tuple[list[Part], list[QADraft]]:
    """Parts and drafts of the pairs; `intro(i, para)` makes the part of a paragraph outside any pair.

    One answer to questions asked apart ("Vraag 5" … "Vraag 6" … "Antwoord 5 en 6") makes them
    one pair, so every question has its answer; "Mededeling" on its own line ends the pairs
    (the answers are postponed: the notice is no answer)."""
    parts: list[Part] = []
    drafts: list[QADraft] = []
    answered: list[bool] = []
    merged: dict[int, int] = {}  # draft index -> the draft it was joined to
    state: str | None = None  # "vraag" or "antwoord" while inside a pair
    asked = 0  # the highest question number so far
    for i, para in enumerate(paras):
        label = parse_label(para.text)
        numbered = None
        if label is None:
            label, numbered = _other_label(paras, i, state, asked, drafts)
        if label and label.kind == "vraag":
            asked = max(asked, *label.numbers)
        if numbered is not None and label is not None:  # "1. Kunt u …?": the question with its number in front
            drafts.append(QADraft(label.text, label.numbers))
            answered.append(False)
            state = "vraag"
            parts.append(Part("question", para.text, qa=len(drafts) - 1))
        elif label and label.kind == "vraag":
            drafts.append(QADraft(label.text, label.numbers))
            answered.append(False)
            state = "vraag"
            parts.append(Part("heading", label.text, level=LABEL_LEVEL, qa=len(drafts) - 1, label=True))
        elif label:
            current = drafts[-1] if drafts else None
            if state != "vraag" or current is None or not set(label.numbers) & set(current.numbers):
                drafts.append(QADraft(label.text, label.numbers))  # an answer without its question
                answered.append(True)
            else:
                first = len(drafts) - 1  # the questions asked apart that this one answer answers
                while (first > 0 and not answered[first - 1] and first - 1 not in merged
                       and set(drafts[first - 1].numbers) <= set(label.numbers)):  # fmt: skip
                    first -= 1
                numbers = set(label.numbers).union(*(drafts[k].numbers for k in range(first, len(drafts))))
                for k in range(first + 1, len(drafts)):
                    merged[k] = first
                drafts[first] = QADraft(drafts[first].label, tuple(sorted(numbers)), drafts[first].group)
                answered[first] = answered[-1] = True
            state = "antwoord"
            target = merged.get(len(drafts) - 1, len(drafts) - 1)
            parts.append(Part("heading", label.text, level=LABEL_LEVEL, qa=target, label=True))
        elif state and (is_notice(para.text) or CLOSING.match(para.lines[0] if para.lines else para.text)):
            state = None
            notice = is_notice(para.text)
            parts.append(Part("heading", para.text, level=2) if notice else intro(i, para))
        elif state == "vraag":
            parts.append(Part("question", para.text, qa=len(drafts) - 1))
        elif state == "antwoord":
            parts.append(Part("answer", para.text, qa=merged.get(len(drafts) - 1, len(drafts) - 1)))
        else:
            parts.append(intro(i, para))
    if merged:
        parts = [replace(p, qa=merged.get(p.qa, p.qa)) if p.qa is not None else p for p in parts]
    return parts, drafts


def _other_label(
    paras: Sequence[Para], i: int, state: str | None, asked: int, drafts: Sequence[QADraft]
) -> tuple[Label | None, str | None]:
    """A pair marked without "Vraag N" / "Antwoord N": the next question's number alone on
    the line above it, "Antwoord" alone after a question, or "N. …?" (then the second item
    is the question's text)."""
    text = para_text = paras[i].text
    nxt = paras[i + 1].text if i + 1 < len(paras) else ""
    n = bare_number(text)
    if n is not None and n == asked + 1 and "?" in nxt and parse_label(nxt) is None:
        return Label("vraag", (n,), f"Vraag {n}"), None
    if is_bare_answer(text) and state == "vraag" and drafts:
        return Label("antwoord", drafts[-1].numbers, text.strip()), None
    question = numbered_question(para_text)
    if question is not None and question[0] == asked + 1:
        return Label("vraag", (question[0],), f"Vraag {question[0]}"), question[1]
    return None, None


Intro = Callable[[Sequence[Para]], Callable[[int, Para], Part]]


def numbered_qa(intro: Intro) -> Pass:
    """The structure pass of numbered questions and answers; `intro(paras)` gives the function
    that makes the part of a paragraph outside any pair."""

    def structure(reading: Reading) -> Reading:
        parts, drafts = numbered_pairs(reading.paras, intro(reading.paras))
        return replace(reading, parts=tuple(parts), drafts=tuple(drafts))

    return structure
