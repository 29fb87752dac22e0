"""What the user follows, and what arrived for it: two tables in the user's own file.

    follow(user, parse_target("36600"))          # a dossier
    follow(user, parse_target("2022Z09230"))     # a zaak: a Kamervraag's answer and Mededeling
    follow(user, parse_target("kv-tk-2024Z18775"))
    arrivals(user)                              # what `update` brought that the reader has not shown

They live in `user.json` beside the bookmarks and notes (store.userdata), with the same lock
and atomic writes: a follow is the user's, never the cache's, and a rebuild keeps it.

A follow remembers `since`, the day the next update asks from (the day it was made, or the
day the last complete update started: the repository's search is by date, and a day asked
twice only finds what is already here). An update that has found what is new stores that
list as `pending` before it downloads anything, and takes each item off as it is imported;
one that is stopped (Ctrl-C, the network gone, a crash) leaves the rest there, and the next
update starts with them: it resumes where it stopped instead of asking again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from tinydb import TinyDB
from tinydb.table import Document as Row

from store.errors import KamerlezerError
from store.formats import is_document_number, is_key, is_zaak_number, work_key

if TYPE_CHECKING:
    from store.userdata import UserData

FOLLOWS = "follows"
ARRIVALS = "arrivals"

TargetKind = Literal["dossier", "zaak", "key"]
Why = Literal["new", "answer", "mededeling", "version"]

# A dossier as people write it: "36600", "36 600", "36600-VI", "21501-02" (five digits; four
# would be a year); a zaak "2022Z09230"; a document number "2019D40742" (not followed: a
# document does not change, its zaak does).
_DOSSIER = re.compile(r"(?P<n>\d{2}\s?\d{3})(?:[-\s](?P<sub>[A-Z0-9]{1,5}))?", re.I)


class FollowError(KamerlezerError):
    """What cannot be followed, in one line."""


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: str  # "36600", "36600-VI", "2022Z09230", "kv-tk-2024Z18775"

    @property
    def label(self) -> str:
        """ "dossier 36600", "zaak 2022Z09230", "kv-tk-2024Z18775": what the user is shown."""
        return self.value if self.kind == "key" else f"{self.kind} {self.value}"


def parse_target(text: str) -> Target:
    """What `kamerlezer follow TEXT` names; FollowError (one line) for anything else."""
    raw = text.strip()
    bare = re.sub(r"^(?:dossier|zaak)\s+", "", raw, flags=re.I)
    if is_zaak_number(bare):
        return Target("zaak", bare.upper())
    if m := _DOSSIER.fullmatch(bare):
        number = m.group("n").replace(" ", "")
        return Target("dossier", f"{number}-{m.group('sub').upper()}" if m.group("sub") else number)
    if is_key(bare):
        return Target("key", bare)
    if is_document_number(bare):
        raise FollowError(f"{bare} is a document: follow its zaak or its dossier (a document does not change)")
    raise FollowError(
        f"{raw!r} is not a dossier (36600, 36600-VI), a zaak (2022Z09230) or a key (kv-tk-2024Z18775, kst-36600-VI-102)"
    )


@dataclass(frozen=True)
class Follow:
    id: int
    kind: TargetKind
    value: str
    added: str  # when it was followed (ISO time)
    since: str  # the day (YYYY-MM-DD) the next update asks from
    checked: str | None = None  # when an update last went through it whole
    pending: tuple[str, ...] = ()  # what a stopped update still has to fetch (keys, TK document numbers)
    pending_since: str | None = None  # the `since` that update sets once `pending` is done

    @property
    def target(self) -> Target:
        return Target(self.kind, self.value)


@dataclass(frozen=True)
class Arrival:
    id: int
    doc_id: str
    follow: str  # the follow's label, "dossier 36600"
    why: Why
    arrived: str  # ISO time
    seen: bool = False


@dataclass(frozen=True)
class Followed:
    change: Literal["added", "exists"]
    follow: Follow


# -- rows: the fields each table holds and their types (a row of another shape is damage)

_FOLLOW_FIELDS: dict[str, tuple[type, ...]] = {
    "kind": (str,), "value": (str,), "added": (str,), "since": (str,), "checked": (str, type(None)),
    "pending": (list,), "pending_since": (str, type(None)),
}  # fmt: skip
_ARRIVAL_FIELDS: dict[str, tuple[type, ...]] = {
    "doc_id": (str,), "follow": (str,), "why": (str,), "arrived": (str,), "seen": (bool,),
}  # fmt: skip
_KINDS = ("dossier", "zaak", "key")
_WHYS = ("new", "answer", "mededeling", "version")


def check_rows(data: Mapping[str, Any]) -> None:
    """ValueError naming the first row of the follows or arrivals that is not one (the user's
    file is then moved aside as damaged, as for a broken note)."""
    for table, build in ((FOLLOWS, _follow), (ARRIVALS, _arrival)):
        rows = data.get(table, {})
        if not isinstance(rows, dict):
            raise ValueError(f"the {table} table is not a table")
        for key, row in rows.items():
            build(int(key), row)


def _typed(row: Any, fields: Mapping[str, tuple[type, ...]], what: str) -> dict[str, Any]:
    if not isinstance(row, dict) or not all(isinstance(row.get(f), t) for f, t in fields.items()):
        raise ValueError(f"{what} is not one")
    return row


def _follow(key: int, row: Any) -> Follow:
    row = _typed(row, _FOLLOW_FIELDS, f"follows entry {key}")
    if row["kind"] not in _KINDS or not all(isinstance(p, str) for p in row["pending"]):
        raise ValueError(f"follows entry {key} is not one")
    return Follow(key, row["kind"], row["value"], row["added"], row["since"], row["checked"],
                  tuple(row["pending"]), row["pending_since"])  # fmt: skip


def _arrival(key: int, row: Any) -> Arrival:
    row = _typed(row, _ARRIVAL_FIELDS, f"arrivals entry {key}")
    if row["why"] not in _WHYS:
        raise ValueError(f"arrivals entry {key} is not one")
    return Arrival(key, row["doc_id"], row["follow"], row["why"], row["arrived"], row["seen"])


def _row(item: Follow | Arrival) -> Row:
    data = asdict(item)
    del data["id"]
    if isinstance(item, Follow):
        data["pending"] = list(item.pending)
    return Row(data, doc_id=item.id)


def _all_follows(db: TinyDB) -> list[Follow]:
    rows = (db.storage.read() or {}).get(FOLLOWS, {})
    return sorted((_follow(int(k), r) for k, r in rows.items()), key=lambda f: f.id)


def _all_arrivals(db: TinyDB) -> list[Arrival]:
    rows = (db.storage.read() or {}).get(ARRIVALS, {})
    return sorted((_arrival(int(k), r) for k, r in rows.items()), key=lambda a: a.id)


def _put(db: TinyDB, table: str, item: Follow | Arrival) -> None:
    t = db.table(table)
    if t.contains(doc_id=item.id):
        t.remove(doc_ids=[item.id])
    t.insert(_row(item))


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def today() -> str:
    return date.today().isoformat()


# -- follows


def follows(user: UserData) -> list[Follow]:
    with user.session() as db:
        return _all_follows(db)


def follow(user: UserData, target: Target, since: str | None = None) -> Followed:
    """Follow `target` from `since` (a day, YYYY-MM-DD; default today: what appears from now on).
    Following it again changes nothing (`exists`)."""
    if since is not None:
        try:
            since = date.fromisoformat(since).isoformat()
        except ValueError:
            raise FollowError(f"not a day: {since!r} (write it as 2026-11-01)") from None
    with user.session(write=True) as db:
        for existing in _all_follows(db):
            if existing.target == target:
                return Followed("exists", existing)
        new = Follow(user.next_id(db, FOLLOWS), target.kind, target.value, _now(), since or today())
        _put(db, FOLLOWS, new)
        return Followed("added", new)


def unfollow(user: UserData, target: Target) -> Follow | None:
    """Stop following `target`; the follow that was removed, None when it was not followed. What
    it brought stays in the library."""
    with user.session(write=True) as db:
        for existing in _all_follows(db):
            if existing.target == target:
                db.table(FOLLOWS).remove(doc_ids=[existing.id])
                return existing
    return None


def set_pending(user: UserData, follow_id: int, pending: Sequence[str], pending_since: str) -> Follow | None:
    """Remember what an update is about to fetch for a follow (before it fetches any of it)."""
    return _change(user, follow_id, lambda f: replace(f, pending=tuple(pending), pending_since=pending_since))


def done_with(user: UserData, follow_id: int, item: str) -> Follow | None:
    """One item of a follow's pending list fetched (or found gone): taken off."""
    return _change(user, follow_id, lambda f: replace(f, pending=tuple(p for p in f.pending if p != item)))


def finish(user: UserData, follow_id: int) -> Follow | None:
    """An update went through the follow whole: the next one asks from the day this one started."""
    return _change(
        user,
        follow_id,
        lambda f: replace(f, since=f.pending_since or f.since, checked=_now(), pending=(), pending_since=None),
    )


def _change(user: UserData, follow_id: int, how: Any) -> Follow | None:
    with user.session(write=True) as db:
        row = db.table(FOLLOWS).get(doc_id=follow_id)
        if row is None:  # unfollowed meanwhile (another process): nothing to remember
            return None
        now = how(_follow(follow_id, row))
        _put(db, FOLLOWS, now)
        return now


# -- arrivals: the "new" the reader shows


def add_arrivals(user: UserData, arrived: Iterable[tuple[str, str, Why]]) -> list[Arrival]:
    """Record documents (doc_id, follow label, why) as new, unseen. A document already waiting
    unseen is not listed twice (a second answer to it is still one thing to read)."""
    made: list[Arrival] = []
    with user.session(write=True) as db:
        waiting = {a.doc_id for a in _all_arrivals(db) if not a.seen}
        for doc_id, label, why in arrived:
            if doc_id in waiting:
                continue
            waiting.add(doc_id)
            new = Arrival(user.next_id(db, ARRIVALS), doc_id, label, why, _now())
            _put(db, ARRIVALS, new)
            made.append(new)
    return made


def arrivals(user: UserData, *, unseen: bool = True) -> list[Arrival]:
    """What arrived, newest first (only what the reader has not shown, by default)."""
    with user.session() as db:
        found = _all_arrivals(db)
    return sorted((a for a in found if not unseen or not a.seen), key=lambda a: a.id, reverse=True)


def unseen_ids(user: UserData) -> frozenset[str]:
    return frozenset(a.doc_id for a in arrivals(user))


def mark_seen(user: UserData, doc_ids: Iterable[str]) -> int:
    """The documents were shown: no longer new. How many arrivals that changed (0: nothing written)."""
    wanted = set(doc_ids)
    changed = 0
    with user.session() as db:
        if not any(a.doc_id in wanted and not a.seen for a in _all_arrivals(db)):
            return 0
    with user.session(write=True) as db:
        for a in _all_arrivals(db):
            if a.doc_id in wanted and not a.seen:
                _put(db, ARRIVALS, replace(a, seen=True))
                changed += 1
    return changed


def describe(target: Target) -> str:
    """What following a target brings, for `follow`'s answer."""
    if target.kind == "dossier":
        return "new documents of the dossier"
    if target.kind == "zaak" or target.value.startswith("kv-"):
        return "the answer, a Mededeling and any other document of the zaak"
    return f"a corrected version of {work_key(target.value)}"
