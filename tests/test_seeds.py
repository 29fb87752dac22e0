"""End to end on the five seeds: each reads as the seed facts say, by parse and after import."""

from __future__ import annotations

import re

import pytest

from store.document_json import to_json
from store.library import Library
from store.parsing import parse_file
from tests.conftest import SAMPLE_DATA
from tests.seed_facts import FACTS, check

CASES = [(name, level) for name, facts in FACTS.items() for level in ("must", "should") if level in facts]


@pytest.mark.parametrize(("name", "level"), CASES, ids=[f"{n[:3]}-{lvl}" for n, lvl in CASES])
def test_seed_reads_as_the_facts_say(name: str, level: str) -> None:
    doc = to_json(parse_file(SAMPLE_DATA / name))
    assert check(doc, FACTS[name][level]) == []


def test_seed_002_has_77_labelled_pairs() -> None:
    # The shared facts say 74 blocks; the raw text has 77 "Vraag …" labels, each followed by
    # its own "Antwoord …" label (three of them, 51, 72 and 89, start a PDF page), and every
    # one of the 100 questions is in exactly one of them. We read what the paper says.
    raw = (SAMPLE_DATA / "002_caf9aef001c7f7d1.txt").read_text(encoding="utf-8")
    assert len(re.findall(r"^\s*Vraag \d", raw, re.M)) == 77
    assert len(re.findall(r"^\s*Antwoord \d", raw, re.M)) == 77
    doc = parse_file(SAMPLE_DATA / "002_caf9aef001c7f7d1.txt")
    numbers = [n for qa in doc.qa for n in qa.numbers]
    assert sorted(numbers) == list(range(1, 101))


def test_after_import_all_footnote_1_of_000_resolves_to_001(tmp_path) -> None:
    ids = {name: parse_file(SAMPLE_DATA / name).id for name in FACTS}
    library = Library(tmp_path / "cache")
    report = library.import_paths(sorted(SAMPLE_DATA.glob("*.txt")))
    assert not report.failed
    answers = library.load(ids["000_4f8ea494069e7460.txt"])
    targets = [r.target for r in answers.references if r.where == "footnote 1"]
    assert targets == [ids["001_19524ec3a7bc3ba9.txt"]]
    letter = library.load(ids["001_19524ec3a7bc3ba9.txt"])
    assert ids["000_4f8ea494069e7460.txt"] in letter.cited_by
