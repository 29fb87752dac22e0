"""The parser on hostile and mutated input: it reads or refuses with ParseError, never crashes,
keeps every index it hands out valid, and takes time linear in the size of the text."""

from __future__ import annotations

import contextlib
import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.decoding import decode_bytes
from store.document_json import to_json
from store.errors import ParseError
from store.model import Document
from store.parsing import parse_text
from tests.conftest import SEEDS

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS.values()]

# Pieces that stress the passes: structure markers, note syntaxes, citations, and what a
# terminal or Rich would interpret.
HOSTILE = [
    "\n\n", "\n", " ", "**", "*", "__", "#", "## ", "> ", "---", "<sup>3</sup>", "[^1]", "¹", "²³", "↩︎", "1. ",
    "Vraag 3 t/m 7\n", "Antwoord 11, 12 en 14\n", "### **Antwoord**\n", "Antwoord op vraag 2\n",
    "Kamerstuk 19 637, nr. ", "Aanhangsel Handelingen, vergaderjaar 2018–2019, nr. ", "nrs. 1 en 2",
    "Zie het antwoord op vraag ",
    "https://", "www.", "(", ")", "[", "]", "](", "[bold]", "[/]", "[link=https://x]", "\x1b[2J", "\x1b]52;c;aGk=\x07",
    "\x00", "\x7f", "\u202e", "\ufeff", "Neder-\nland", "20181", "Migratieagenda.1 ", " Vraag 32\n", "2022Z09230",
    "Datum 16 mei 2022\n", "Ons kenmerk\n4010904\n", "De Minister van Asiel en Migratie,\n",
    "Vragen en opmerkingen van de leden van de PVV-fractie\n", "Tweede Kamer, vergaderjaar 2018–2019, Aanhangsel 11\n",
]


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, len(text)))
    text = text[start : start + draw(st.integers(0, 6000))]
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(("insert", "delete", "duplicate", "splice", "text")))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(HOSTILE)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif action == "splice":  # a piece of another seed: note numbers and labels start over
            other = draw(st.sampled_from(SEED_TEXTS))
            cut = draw(st.integers(0, len(other)))
            text = text[:at] + other[cut : cut + draw(st.integers(1, 3000))] + text[at:]
        elif action == "duplicate":
            text = text[:at] + text[at : at + draw(st.integers(1, 500))] * draw(st.integers(1, 4)) + text[at:]
        else:
            text = text[:at] + draw(st.text(max_size=30)) + text[at:]
    return text


def assert_consistent(doc: Document) -> None:
    n = len(doc.blocks)
    assert all(0 <= s.block < n and doc.blocks[s.block].kind == "heading" for s in doc.sections)
    for qa in doc.qa:
        assert 0 <= qa.block <= qa.answer_block < n
    assert all(b.qa is None or 0 <= b.qa < len(doc.qa) for b in doc.blocks)
    assert all(f.block is None or 0 <= f.block < n for f in doc.footnotes)
    marks = {f.mark for f in doc.footnotes}
    for ref in doc.references:
        holder = doc.blocks[ref.block].text if ref.block is not None else doc.footnote(ref.footnote).text
        assert ref.footnote is None or ref.footnote in marks
        assert 0 <= ref.start <= ref.end <= len(holder)
    # Nothing that acts on a terminal survives parsing.
    assert not any(ch in doc.text for ch in "\x1b\x00\x07\x7f")
    json.dumps(to_json(doc))


@settings(max_examples=10_000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_documents())
def test_mutated_documents_parse_or_are_refused(text: str) -> None:
    try:
        doc = parse_text(text, "mutant.txt")
    except ParseError:
        return
    assert_consistent(doc)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.binary(max_size=4000))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "x.bin")
    except ParseError as err:
        assert str(err).startswith("x.bin: ")
        return
    with contextlib.suppress(ParseError):
        assert_consistent(parse_text(decoded.text, "x.bin"))


def test_hostile_documents() -> None:
    cases = {
        "escapes": "Titel\n\n" + "tekst \x1b[2J\x1b]52;c;aGVsbG8=\x07 \x9b31m meer. " * 200,
        "markup": "Titel\n\n" + "[bold]vet[/] [link=https://evil.example]klik[/link] [/] [[x]] " * 200,
        "one long line": "woord " * 180_000,
        "long runs of spaces": "Titel\n\n" + " " * 300_000 + "woord\nzin" + " " * 300_000 + "\n\nmeer",
        "digits everywhere": "Titel\n\n" + "a1 b.2 C3 2018.4 20185 x-12 " * 20_000 + "\n\n1. Noot.↩︎",
        "nested markdown": ">" * 5000 + " " + "*" * 5000 + "[" * 5000 + "(" * 5000 + "#" * 3000,
        "ten thousand markers": "\n\n".join(f"Zin nummer{n}." for n in range(1, 10_001))
        + "\n\n" + "\n\n".join(f"  {n}. Noot {n}.↩︎" for n in range(1, 10_001)),
    }
    for name, text in cases.items():
        doc = parse_text(text, name)
        assert_consistent(doc)
    markers = parse_text(cases["ten thousand markers"], "m")
    assert len(markers.footnotes) == 10_000 and all(f.block is not None for f in markers.footnotes)
    assert "[bold]vet[/]" in parse_text(cases["markup"], "m").text  # kept literally, for the reader to show literally


def _parse_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parse_text(text, "x")
        best = min(best, time.perf_counter() - start)
    return best


def test_parse_time_grows_linearly_with_size() -> None:
    # Not a speed target (that is make bench) but a guard against quadratic passes: eight
    # times the text may take at most about eight times as long (with slack for noise).
    for seed in ("002", "003"):
        text = SEEDS[seed].read_text(encoding="utf-8")
        one, eight = _parse_seconds(text), _parse_seconds("\n\n".join([text] * 8))
        assert eight < one * 8 * 2.5, f"seed {seed}: x1 {one:.3f}s, x8 {eight:.3f}s"
