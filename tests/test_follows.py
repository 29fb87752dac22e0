"""store.follows: what the user follows and what arrived for it, in the real user file; and the
small formats under it (a version's key, the numbers of the Tweede Kamer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import follows as fl
from store.formats import is_document_number, is_key, is_zaak_number, version_of, work_key
from store.model import Identifiers
from store.parsing.passes.identity import document_id
from store.userdata import UserData


@pytest.fixture
def user(tmp_path: Path) -> UserData:
    return UserData(tmp_path / "user.json", on_message=lambda _m: None)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("36600", "dossier", "36600"),
        ("36 600", "dossier", "36600"),
        ("36600-vi", "dossier", "36600-VI"),
        ("36600 VI", "dossier", "36600-VI"),
        ("dossier 21501-02", "dossier", "21501-02"),
        ("2022z09230", "zaak", "2022Z09230"),
        ("zaak 2022Z09230", "zaak", "2022Z09230"),
        ("kv-tk-2024Z18775", "key", "kv-tk-2024Z18775"),
        ("kst-36600-VI-102", "key", "kst-36600-VI-102"),
    ],
)
def test_parse_target(text: str, kind: str, value: str) -> None:
    assert fl.parse_target(text) == fl.Target(kind, value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2019D40742", "2019", "kst-1-2", "", "36600-VI-102"])
def test_what_is_not_a_target(text: str) -> None:
    with pytest.raises(fl.FollowError):
        fl.parse_target(text)


def test_follow_once_and_the_pending_list(user: UserData) -> None:
    target = fl.parse_target("36600")
    first = fl.follow(user, target, "2026-11-01")
    assert first.change == "added" and first.follow.since == "2026-11-01"
    assert fl.follow(user, target).change == "exists"
    with pytest.raises(fl.FollowError):
        fl.follow(user, fl.parse_target("36601"), "1 november")
    fid = first.follow.id
    fl.set_pending(user, fid, ["kst-36600-1", "kst-36600-2"], "2026-12-02")
    fl.done_with(user, fid, "kst-36600-1")
    [now] = fl.follows(user)
    assert now.pending == ("kst-36600-2",) and now.since == "2026-11-01" and now.checked is None
    fl.done_with(user, fid, "kst-36600-2")
    done = fl.finish(user, fid)
    assert done is not None and done.since == "2026-12-02" and done.checked and done.pending_since is None
    assert fl.unfollow(user, target) is not None and fl.follows(user) == []
    assert fl.unfollow(user, target) is None
    # Ids are never given twice, as for notes.
    assert fl.follow(user, target).follow.id == fid + 1


def test_arrivals_are_new_until_seen(user: UserData) -> None:
    made = fl.add_arrivals(user, [("kst-1", "dossier 36600", "new"), ("ah-2", "zaak 2022Z09230", "answer")])
    assert len(made) == 2
    assert fl.add_arrivals(user, [("kst-1", "dossier 36600", "version")]) == []  # still waiting: once
    assert [a.doc_id for a in fl.arrivals(user)] == ["ah-2", "kst-1"]  # newest first
    assert fl.unseen_ids(user) == {"kst-1", "ah-2"}
    assert fl.mark_seen(user, ["kst-1"]) == 1
    assert fl.mark_seen(user, ["kst-1"]) == 0
    assert fl.unseen_ids(user) == {"ah-2"}
    assert [a.doc_id for a in fl.arrivals(user, unseen=False)] == ["ah-2", "kst-1"]


def test_follows_share_the_file_with_notes(user: UserData) -> None:
    note = user.add_note("kst-1", "p-1", "mijn notitie")
    fl.follow(user, fl.parse_target("36600"))
    fl.add_arrivals(user, [("kst-1", "dossier 36600", "new")])
    data = json.loads(user.path.read_text())
    assert set(data) >= {"notes", "follows", "arrivals", "meta"}
    assert user.notes() == [note]
    assert user.doc_ids() == {"kst-1"}  # what protects old versions: notes and bookmarks only


def test_a_damaged_follow_moves_the_file_aside(tmp_path: Path) -> None:
    said: list[str] = []
    user = UserData(tmp_path / "user.json", on_message=said.append)
    fl.follow(user, fl.parse_target("36600"))
    data = json.loads(user.path.read_text())
    data["follows"]["1"]["pending"] = "not a list"
    user.path.write_text(json.dumps(data))
    assert fl.follows(user) == []
    assert len(said) == 1 and "is damaged" in said[0] and "moved it to" in said[0]
    assert list(tmp_path.glob("user.json.damaged-*"))


def test_versions_and_numbers() -> None:
    assert work_key("kst-36600-VI-102-n1") == "kst-36600-VI-102" and version_of("kst-36600-VI-102-n1") == 1
    assert work_key("ah-tk-20192020-2134-h1") == "ah-tk-20192020-2134" and version_of("ah-tk-20192020-2134-n2") == 2
    assert work_key("h-tk-20192020-1-1") == "h-tk-20192020-1-1" and version_of("h-tk-20192020-1-1") == 0
    assert work_key("kst-36600-VI-102") == "kst-36600-VI-102"
    assert is_key("kst-36600-VI-102-n1")
    assert is_zaak_number("2022z09230") and not is_zaak_number("2022D09230")
    assert is_document_number("2019D40742") and not is_document_number("2019D4074")


def test_a_corrected_version_keeps_the_id_of_what_it_corrects() -> None:
    # Trap: the corrected version prints its own identifier; it replaces the first, so same id.
    assert document_id("kamerstuk", Identifiers(), "Brief", "kst-36200-VI-99-n1") == "kst-36200-VI-99"
    assert document_id("aanhangsel", Identifiers(), "Vragen", "ah-tk-20192020-2134-n1") == "ah-tk-20192020-2134"
