"""Question/answer pairs of numbered questions: "Vraag 3 t/m 7" … "Antwoord 3 t/m 7".

The structure pass shared by answers sent as a letter and the Aanhangsel: paragraphs after
a "Vraag" label are the question, after the "Antwoord" label the answer, until the next
label. What stands before the first label is the introduction; a closing formula after the
last answer ends it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from store.parsing.passes.labels import parse_label
from store.parsing.passes.structure import CLOSING
from store.parsing.reading import Para, Part, Pass, QADraft, Reading

LABEL_LEVEL = 4


def numbered_pairs(paras: Sequence[Para], intro: Callable[[int, Para], Part]) -> tuple[list[Part], list[QADraft]]:
    """Parts and drafts of the pairs; `intro(i, para)` makes the part of a paragraph outside any pair."""
    parts: list[Part] = []
    drafts: list[QADraft] = []
    state: str | None = None  # "vraag" or "antwoord" while inside a pair
    for i, para in enumerate(paras):
        label = parse_label(para.text)
        if label and label.kind == "vraag":
            drafts.append(QADraft(label.text, label.numbers))
            state = "vraag"
            parts.append(Part("heading", label.text, level=LABEL_LEVEL, qa=len(drafts) - 1, label=True))
        elif label:
            current = drafts[-1] if drafts else None
            if state != "vraag" or current is None or not set(label.numbers) & set(current.numbers):
                drafts.append(QADraft(label.text, label.numbers))  # an answer without its question
            elif set(label.numbers) - set(current.numbers):
                drafts[-1] = QADraft(current.label, tuple(sorted(set(current.numbers) | set(label.numbers))))
            state = "antwoord"
            parts.append(Part("heading", label.text, level=LABEL_LEVEL, qa=len(drafts) - 1, label=True))
        elif state and CLOSING.match(para.lines[0] if para.lines else para.text):
            state = None
            parts.append(intro(i, para))
        elif state == "vraag":
            parts.append(Part("question", para.text, qa=len(drafts) - 1))
        elif state == "antwoord":
            parts.append(Part("answer", para.text, qa=len(drafts) - 1))
        else:
            parts.append(intro(i, para))
    return parts, drafts


Intro = Callable[[Sequence[Para]], Callable[[int, Para], Part]]


def numbered_qa(intro: Intro) -> Pass:
    """The structure pass of numbered questions and answers; `intro(paras)` gives the function
    that makes the part of a paragraph outside any pair."""

    def structure(reading: Reading) -> Reading:
        parts, drafts = numbered_pairs(reading.paras, intro(reading.paras))
        return replace(reading, parts=tuple(parts), drafts=tuple(drafts))

    return structure
