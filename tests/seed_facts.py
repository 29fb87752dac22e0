"""The facts a correct reading of each seed shows (tests/data/seeds_expected.json), as checks.

The same facts ../shared/tools/check_expected.py checks through the command line, held here
so the project's tests need nothing outside the project.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FACTS = json.loads((Path(__file__).parent / "data" / "seeds_expected.json").read_text(encoding="utf-8"))["seeds"]


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def _numbers(spec: str) -> set[int]:
    lo, hi = spec.split("-")
    return set(range(int(lo), int(hi) + 1))


def _pick_qa(doc: dict[str, Any], want: dict[str, Any]) -> dict[str, Any] | None:
    for qa in doc.get("qa") or []:
        if "numbers" in want and list(qa.get("numbers") or []) != want["numbers"]:
            continue
        if "group" in want and qa.get("group") != want["group"]:
            continue
        if "numbers" in want:
            return qa
        q, a = norm(qa.get("question")), norm(qa.get("answer"))
        if all(norm(c) in q for c in want.get("question_contains", [])) and all(
            norm(c) in a for c in want.get("answer_contains", [])
        ):
            return qa
    return None


def _check_qa(doc: dict[str, Any], wants: list[dict[str, Any]]) -> list[str]:
    failures = []
    for w in wants:
        label = w.get("numbers") or w.get("group")
        qa = _pick_qa(doc, w)
        if qa is None:
            failures.append(f"block {label} found")
            continue
        q, a = norm(qa.get("question")), norm(qa.get("answer"))
        if "question_starts" in w and not q.startswith(w["question_starts"]):
            failures.append(f"question {label} starts {w['question_starts']!r}")
        if "answer_starts" in w and not a.startswith(w["answer_starts"]):
            failures.append(f"answer {label} starts {w['answer_starts']!r}")
        if "answer_equals" in w and a != w["answer_equals"]:
            failures.append(f"answer {label} is {w['answer_equals']!r}")
        for key, text, present in (("question_contains", q, True), ("question_lacks", q, False),
                                   ("answer_contains", a, True), ("answer_lacks", a, False)):
            for c in w.get(key, []):
                if (norm(c) in text) != present:
                    failures.append(f"{key} {label}: {c!r}")
    return failures


def check(doc: dict[str, Any], facts: dict[str, Any]) -> list[str]:
    """The facts `doc` (a document as JSON) fails; empty when it shows them all."""
    fails: list[str] = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            fails.append(what)

    ids = doc.get("identifiers") or {}
    qas = doc.get("qa") or []
    notes = {str(f.get("mark")): f.get("text") for f in doc.get("footnotes") or []}
    keys = {r.get("key") for r in doc.get("references") or []}
    titles = [norm(s.get("title")) for s in doc.get("sections") or []]
    every = "\n".join([doc.get("text") or ""] + [f"{qa.get('question') or ''}\n{qa.get('answer') or ''}" for qa in qas])
    for key, want in facts.items():
        if key in ("kind", "id", "date"):
            expect(doc.get(key) == want, f"{key} is {want!r}, got {doc.get(key)!r}")
        elif key == "identifiers":
            for k, v in want.items():
                expect(ids.get(k) == v, f"identifiers.{k} is {v!r}, got {ids.get(k)!r}")
        elif key == "title_contains":
            for c in want:
                expect(c.lower() in (doc.get("title") or "").lower(), f"title contains {c!r}")
        elif key == "asker_contains":
            expect(want in (doc.get("asker") or ""), f"asker contains {want!r}")
        elif key == "qa_count":
            expect(len(qas) == want, f"{want} question/answer blocks, got {len(qas)}")
        elif key == "qa_numbers":
            got = set().union(*(set(qa.get("numbers") or []) for qa in qas)) if qas else set()
            expect(got == _numbers(want), f"question numbers are exactly {want}")
        elif key == "qa_groups_include":
            have = [list(qa.get("numbers") or []) for qa in qas]
            for g in want:
                expect(g in have, f"a block answers exactly questions {g}")
        elif key == "groups":
            counts: dict[str | None, int] = {}
            order: list[str | None] = []
            for qa in qas:
                counts[qa.get("group")] = counts.get(qa.get("group"), 0) + 1
                if qa.get("group") not in order:
                    order.append(qa.get("group"))
            for g, n in want.items():
                expect(counts.get(g) == n, f"fractie {g} has {n} blocks, got {counts.get(g)}")
            expect(order == list(want), f"fracties in order {list(want)}, got {order}")
        elif key == "qa":
            fails.extend(_check_qa(doc, want))
        elif key == "footnotes":
            for m, t in want.items():
                expect(norm(notes.get(m)) == norm(t), f"footnote {m} reads {t!r}, got {notes.get(m)!r}")
        elif key == "footnote_count":
            expect(len(notes) == want, f"{want} footnotes, got {len(notes)}")
        elif key == "footnote_marks_include":
            for m in want:
                expect(m in notes, f"footnote marker {m} found")
        elif key == "footnotes_missing_text":
            for m in want:
                expect(m in notes and notes[m] is None, f"footnote {m} is known to have no text")
        elif key == "reference_keys":
            for k in want:
                expect(k in keys, f"reference {k} found")
        elif key == "sections":
            for t in want:
                expect(norm(t) in titles, f"section {t!r} found")
        elif key == "sections_lack":
            for t in want:
                expect(t not in " | ".join(titles), f"no section titled like {t!r}")
        elif key == "text_starts":
            expect(norm(doc.get("text")).startswith(want), f"text starts {want!r}")
        elif key == "text_contains":
            for c in want:
                expect(norm(c) in norm(doc.get("text")), f"text contains {c!r}")
        elif key == "text_lacks":
            for c in want:
                expect(c not in every and norm(c) not in norm(every), f"no text contains {c!r}")
        else:
            fails.append(f"unknown fact {key!r}")
    return fails
