"""Written questions and the document that answers them, linked both ways in the library
(store/links.py: by the zaak both print, or the "Vragen van … (ingezonden …)" line).

The real corpus holds no question and answer of the same zaak; the answer here is a fixture
written in the layout of the real Aanhangsels (tests/data/fixtures/README.md), the questions
are real (tests/data/corpus/real/010_…).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.library import Library
from store.links import question_keys, same_questions
from store.parsing import parse_file
from tests.cli_run import kamerlezer, kamerlezer_json

DATA = Path(__file__).parent / "data"
QUESTIONS = next((DATA / "corpus" / "real").glob("010_*.txt"))  # kv-tk-2024Z18436, not yet answered
UNANSWERED = next((DATA / "corpus" / "real").glob("012_*.txt"))  # kv-tk-2024Z18566
ANSWER = DATA / "fixtures" / "ah-tk-20242025-640-aidsfonds.txt"


def test_questions_and_their_answer_are_known_by_the_same_line_however_it_is_broken() -> None:
    questions, answer = parse_file(QUESTIONS), parse_file(ANSWER)
    assert (questions.kind, answer.kind) == ("vragen", "aanhangsel")
    # The questions glue "enVolksgezondheid" and break lines elsewhere than the answer does.
    shared = set(question_keys(questions)) & set(question_keys(answer))
    assert len(shared) == 1 and next(iter(shared)).startswith("vragen:rooderkerkenpaulusmabeidend66aande")
    assert question_keys(questions)[0] == "zaak:2024Z18436"  # the zaak, where it is printed


def test_same_questions_links_each_side_to_the_other_and_nothing_else() -> None:
    rows = [
        ("kv-1", "vragen", ("zaak:2024Z1", "vragen:a")),
        ("ah-1", "aanhangsel", ("vragen:a",)),
        ("med-1", "mededeling", ("zaak:2024Z1",)),  # the answer comes later: a link too
        ("kv-2", "vragen", ("zaak:2024Z2",)),  # unanswered
        ("ah-2", "aanhangsel", ("vragen:b",)),  # its questions are not in the library
        ("ah-3", "aanhangsel", ("vragen:a",)),  # two answers sharing a line: questions, not each other
    ]
    assert same_questions(rows) == {
        "kv-1": ("med-1", "ah-1", "ah-3"),
        "med-1": ("kv-1",),
        "ah-1": ("kv-1",),
        "ah-3": ("kv-1",),
    }


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (QUESTIONS, UNANSWERED, ANSWER):
        shutil.copy(path, folder / path.name)
    return folder


def test_show_gives_the_link_both_ways_and_says_where_there_is_no_answer(library_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert kamerlezer("--cache", cache, "import", library_dir).returncode == 0
    questions = kamerlezer_json("--cache", cache, "show", "kv-tk-2024Z18436", "--json")
    answer = kamerlezer_json("--cache", cache, "show", "ah-tk-20242025-640", "--json")
    assert (questions["answered_in"], questions["questions_in"]) == (["ah-tk-20242025-640"], [])
    assert (answer["answered_in"], answer["questions_in"]) == ([], ["kv-tk-2024Z18436"])
    assert kamerlezer_json("--cache", cache, "show", "kv-tk-2024Z18566", "--json")["answered_in"] == []

    shown = kamerlezer("--cache", cache, "show", "kv-tk-2024Z18436", env={"COLUMNS": "120"}).stdout
    assert "Answered in\nah-tk-20242025-640  Vragen van de leden Rooderkerk en Paulusma" in shown
    assert "The questions\nkv-tk-2024Z18436" in kamerlezer("--cache", cache, "show", "ah-tk-20242025-640").stdout
    assert "No answer in the library." in kamerlezer("--cache", cache, "show", "kv-tk-2024Z18566").stdout


@pytest.mark.parametrize(
    ("first", "second"), [(QUESTIONS, ANSWER), (ANSWER, QUESTIONS)], ids=["questions first", "answer first"]
)
def test_the_link_is_made_when_the_second_side_arrives(
    library_dir: Path, tmp_path: Path, first: Path, second: Path
) -> None:
    library = Library(tmp_path / "cache")
    library.import_paths([library_dir / first.name])
    alone = library.load(library.entries()[0].id)
    assert (alone.answered_in, alone.questions_in) == ((), ())
    library.import_paths([library_dir / second.name])
    assert library.load("kv-tk-2024Z18436").answered_in == ("ah-tk-20242025-640",)
    assert library.load("ah-tk-20242025-640").questions_in == ("kv-tk-2024Z18436",)
    reopened = Library(tmp_path / "cache")  # what is on disk, not what this process remembers
    assert reopened.load("ah-tk-20242025-640").questions_in == ("kv-tk-2024Z18436",)
