"""Real documents as people get them, read right: every fact each text prints about itself
(its id, kind, zaak, dates, askers, question and answer labels, no page furniture in the
text) and every footnote read by hand. See tests/data/corpus/README.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from store.formats import MARKER
from store.parsing import parse_file, parse_traced
from store.parsing.passes.clean import clean
from tests.conftest import SEEDS
from tests.real_facts import failed_facts, squash

CORPUS = Path(__file__).parent / "data" / "corpus"
REAL = sorted((CORPUS / "real").glob("*.txt"))
EXTRACTED = sorted((CORPUS / "extracted").glob("*.txt"))
FIXTURES = sorted((Path(__file__).parent / "data" / "fixtures").glob("*.txt"))


def _footnotes(path: Path) -> list[dict] | None:
    if path.name.endswith(".pdftotext.txt"):
        return None  # plain pdftotext sets note numbers apart from their texts, out of order
    facts = json.loads((path.parent / "footnotes.json").read_text(encoding="utf-8"))
    return facts.get(path.name, {}).get("footnotes")


@pytest.mark.parametrize("path", REAL + EXTRACTED, ids=lambda p: f"{p.parent.name}/{p.name[:40]}")
def test_a_real_document_shows_every_fact_it_prints_about_itself(path: Path) -> None:
    doc = parse_file(path)
    assert failed_facts(path.read_text(encoding="utf-8"), doc, _footnotes(path)) == []


_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]{2,}")
# Markup that says how text looks, not what it says: no word of the document.
_MARKUP = frozenset({"sup", "br", "nbsp"})


@pytest.mark.parametrize("path", [*SEEDS.values(), *REAL, *EXTRACTED, *FIXTURES], ids=lambda p: p.name[:40])
def test_nothing_in_the_source_vanishes(path: Path) -> None:
    """Every word of the source ends up in the text, in a field, in a footnote, or is taken out
    by a named furniture rule: nothing is lost without a rule saying so."""
    text = path.read_text(encoding="utf-8")
    doc, dropped = parse_traced(text, str(path))
    ids = doc.identifiers
    fields = [doc.id, doc.title, doc.date, doc.sender, doc.addressee, doc.asker, ids.kenmerk, ids.zaak, ids.document,
              ids.ondernummer, ids.vergaderjaar, *ids.dossiers]  # fmt: skip
    notes = [f.text or "" for f in doc.footnotes]
    told = " ".join([doc.text, *notes, *(t for _, t in dropped), *(x for x in fields if x)])
    accounted = squash(MARKER.sub(r"\1", told))  # a marker stands for the number that was glued on
    marks = {f.mark for f in doc.footnotes}
    lost = []
    for word in _WORD.findall(clean(text)):
        w = squash(word)
        if w in accounted or w in _MARKUP:
            continue
        # a note's number glued to its first word: "1NOS", "1110" (note 11 on "10 miljoen")
        if any(w[:k] in marks and w[k:] in accounted for k in range(1, 4) if w[:k].isdigit()):
            continue
        lost.append(word)
    assert lost == []
