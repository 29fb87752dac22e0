"""The facts a real text prints about itself, read with simple line rules: what a correct
reading of it must show. The rules are those of ../shared/tools/check_real.py (kept here so
that the tests need no ../shared), over a parsed Document rather than its JSON.

Each fact is (name, check) with check(doc) -> (holds, what was got).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from store.document_json import to_json
from store.model import Document

MONTHS = {m: i + 1 for i, m in enumerate(
    "januari februari maart april mei juni juli augustus september oktober november december".split())}  # fmt: skip
PRINTED_ID = re.compile(r"^\s*(ah-tk-\d{8}-\d+|kv-tk-\d{4}Z\d{5})\s*$", re.M)
ZAAK = re.compile(r"^\s*(\d{4})\s?Z\s?(\d{5})\s*$", re.M)
RECEIVED = re.compile(r"\(ontvangen\s+(\d{1,2})\s+([a-z]+)\s+(\d{4})\s*\)", re.I)
SENT = re.compile(r"\(ingezonden\s+(\d{1,2})\s+([a-z]+)\s+(\d{4})\s*\)", re.I)
ASKER = re.compile(r"vragen van (?:het lid|de leden)\s+(.+?)\s+(?:\(|aan de|aan het)", re.I | re.S)
LABEL_NUMS = r"(\d+)((?:\s*(?:,|en|t/m|tot en met|-|–)?\s*\d+)*)"
VRAAG = re.compile(r"^[ \t\f]*Vraag(?:en)?\s+" + LABEL_NUMS + r"[ \t]*:?[ \t]*$", re.M)
ANTWOORD = re.compile(r"^[ \t\f]*Antwoord(?: op (?:de )?vra(?:ag|gen))?\s+" + LABEL_NUMS + r"[ \t]*:?[ \t]*$",
                      re.M | re.I)  # fmt: skip
FURNITURE = ["ISSN 0921 - 7398", "’s-Gravenhage 20", "'s-Gravenhage 20", "Tweede Kamer, vergaderjaar",
             "Tweede Kamer der Staten-Generaal2"]  # fmt: skip

Fact = tuple[str, Callable[[dict[str, Any]], tuple[bool, Any]]]


def _iso(d: str, m: str, y: str) -> str | None:
    month = MONTHS.get(m.lower())
    return f"{int(y):04d}-{month:02d}-{int(d):02d}" if month else None


def _expand(first: str, rest: str) -> list[int]:
    nums = [int(first)]
    tokens = re.findall(r"t/m|tot en met|-|–|\d+", rest)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in ("t/m", "tot en met", "-", "–") and i + 1 < len(tokens):
            nums.extend(range(nums[-1] + 1, int(tokens[i + 1]) + 1))
            i += 2
            continue
        if t.isdigit():
            nums.append(int(t))
        i += 1
    return nums


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s or "")).lower()


def facts_of(text: str, footnotes: list[dict[str, Any]] | None = None) -> list[Fact]:
    head = text[:600]
    out: list[Fact] = []
    ids = PRINTED_ID.findall(text)
    printed = ids[0] if ids else None
    if printed:
        out.append((f"id is {printed}", lambda d: (d["id"] == printed, d["id"])))
        if printed.startswith("kv-"):
            out.append(("kind is vragen", lambda d: (d["kind"] == "vragen", d["kind"])))
    if "Aanhangsel van de Handelingen" in head:
        out.append(("kind is aanhangsel", lambda d: (d["kind"] == "aanhangsel", d["kind"])))
        year = re.search(r"Vergaderjaar (\d{4})\s*[–-]\s*(\d{4})", head)
        if year:
            vj = f"{year.group(1)}-{year.group(2)}"
            out.append((f"vergaderjaar {vj}", lambda d: (d["identifiers"]["vergaderjaar"] == vj,
                                                         d["identifiers"]["vergaderjaar"])))  # fmt: skip
    zaak = ZAAK.search(text[:300])
    if zaak:
        z = f"{zaak.group(1)}Z{zaak.group(2)}"
        out.append((f"zaak {z}", lambda d: (d["identifiers"]["zaak"] == z, d["identifiers"]["zaak"])))
    rec, sent = RECEIVED.search(text[:3000]), SENT.search(text[:3000])
    date = _iso(*rec.groups()) if rec else (_iso(*sent.groups()) if sent and printed and printed.startswith("kv-")
                                            else None)  # fmt: skip
    if date:
        out.append((f"date {date}", lambda d: (d["date"] == date, d["date"])))
    asker = ASKER.search(text[:3000])
    if asker:
        words = {w for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", asker.group(1)) if w[0].isupper()}
        words -= {"Van", "Der", "Den", "Ter", "Kamer", "Minister", "Staatssecretaris"}
        if words:
            out.append((f"asker names one of {sorted(words)}",
                        lambda d: (any(w.lower() in (d["asker"] or "").lower() for w in words), d["asker"])))
    asked = sorted({n for m in VRAAG.finditer(text) for n in _expand(m.group(1), m.group(2))})
    answered = sorted({n for m in ANTWOORD.finditer(text) for n in _expand(m.group(1), m.group(2))})
    if asked:
        out.append((f"question numbers {asked}",
                    lambda d: (sorted({n for b in d["qa"] for n in b["numbers"]}) == asked, len(d["qa"]))))
    for n in answered:
        out.append((f"answer {n} present",
                    lambda d, n=n: (bool(bs := [b for b in d["qa"] if n in b["numbers"]])
                                    and all(norm(b["answer"]) for b in bs), n)))  # fmt: skip
    for leak in [f for f in FURNITURE if f in text] + ([printed] if printed else []):
        def clean(d: dict[str, Any], leak: str = leak) -> tuple[bool, Any]:
            texts = [b["question"] for b in d["qa"]] + [b["answer"] for b in d["qa"]] + [d["text"]]
            bad = [t for t in texts if t and leak in t]
            return not bad, norm(bad[0])[:60] if bad else None

        out.append((f"no {leak!r} in the text", clean))
    if footnotes is not None:
        out.append((f"{len(footnotes)} footnotes",
                    lambda d: (len(d["footnotes"]) == len(footnotes), len(d["footnotes"]))))  # fmt: skip
        for n in footnotes:
            def reads(d: dict[str, Any], n: dict[str, Any] = n) -> tuple[bool, Any]:
                got = next((f for f in d["footnotes"] if str(f["mark"]) == str(n["mark"])), None)
                if not got:
                    return False, None
                if n["starts"] is None:
                    return not got["text"], got["text"]
                return squash(n["starts"]) in squash(got["text"]), norm(got["text"])[:50]

            out.append((f"footnote {n['mark']} reads {n['starts']!r}", reads))
    return out


def failed_facts(text: str, doc: Document, footnotes: list[dict[str, Any]] | None = None) -> list[str]:
    """The facts of `text` that the reading `doc` does not show, each with what it showed."""
    data = to_json(doc)
    failed = []
    for name, check in facts_of(text, footnotes):
        holds, got = check(data)
        if not holds:
            failed.append(f"{name} (got {got!r})")
    return failed
