"""How the library's documents are grouped for the tree: by dossier, kind or year, newest first.

Pure functions over the small index rows (id, kind, title, date, dossiers), never bodies. In
store/, not tui/, because store/head.py keeps the groups (labels, counts, newest dates) beside
the index, so that a reader of a large library can draw them before it has read every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from store.formats import kind_info
from store.visible import one_line

GROUPINGS: tuple[str, ...] = ("dossier", "kind", "year")
# A group of more documents than this opens into its years, and a year of more into its months:
# in a library of 100,000 the questions without a dossier are tens of thousands, more than
# anyone scrolls through, and a tree line each is a second to make whenever the group opens.
SPLIT_FROM = 1_000


class EntryLike(Protocol):
    """What grouping reads of an entry (read-only: `store.library.Entry` is frozen)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def dossiers(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Group:
    """A group of the tree. `entries` newest first; a group read from the head (store/head.py)
    has none yet, and says how many it holds (`count`) and its newest date (`newest`)."""

    key: str
    label: str
    entries: tuple[EntryLike, ...]
    count: int
    newest: str

    @classmethod
    def of(cls, key: str, label: str, entries: tuple[EntryLike, ...]) -> Group:
        return cls(key, label, entries, len(entries), next((e.date for e in entries if e.date), ""))

    @property
    def read(self) -> bool:
        """Whether its documents are known (not a group of the head waiting for the rows)."""
        return len(self.entries) == self.count


def _newest_first(entries: Iterable[EntryLike]) -> list[EntryLike]:
    # Undated documents last; ties by title so the order is stable.
    ordered = sorted(entries, key=lambda e: (e.title or "", e.id))
    return sorted(ordered, key=lambda e: e.date or "", reverse=True)


def group_entries(entries: Iterable[EntryLike], grouping: str = "dossier", ranked: bool = False) -> list[Group]:
    """Groups newest first, documents newest first; `ranked` entries (a filter's, best first) keep
    their order instead, and the group with the best match comes first."""
    buckets: dict[str, list[EntryLike]] = {}
    labels: dict[str, str] = {}
    for entry in entries:
        for key, label in groups_of(entry, grouping):
            buckets.setdefault(key, []).append(entry)
            labels[key] = label
    if ranked:  # dicts keep insertion order: the first bucket holds the best match
        return [Group.of(key, labels[key], tuple(items)) for key, items in buckets.items()]
    return order_groups([Group.of(key, labels[key], tuple(_newest_first(items))) for key, items in buckets.items()],
                        grouping)  # fmt: skip


def parts_of(group: Group) -> tuple[Group, ...]:
    """What a large group (more than SPLIT_FROM documents) opens into: its years, or, when its
    documents are of one year (a year's group, or a year of a larger one), its months; each a
    Group of the same documents in the same order, newest first, the undated last. () for a
    group that shows its documents themselves, as one that cannot be split (a month) does."""
    if len(group.entries) <= SPLIT_FROM:
        return ()
    for cut in (4, 7):  # "2024", then "2024-05"
        buckets: dict[str, list[EntryLike]] = {}
        for entry in group.entries:
            buckets.setdefault((entry.date or "")[:cut], []).append(entry)
        if len(buckets) > 1:
            break
    else:
        return ()
    return tuple(Group.of(f"{group.key}/{part}", part or "No date", tuple(items)) for part, items in buckets.items())


def order_groups(groups: list[Group], grouping: str) -> list[Group]:
    """Years newest first; other groups by their newest document, then by label."""
    groups = sorted(groups, key=lambda g: g.label)
    if grouping == "year":
        return sorted(groups, key=lambda g: g.key if g.key != "year:" else "", reverse=True)
    return sorted(groups, key=lambda g: g.newest, reverse=True)


def groups_of(entry: EntryLike, grouping: str) -> list[tuple[str, str]]:
    """The (key, label) of each group a document is in: a document of two dossiers is in both."""
    kind_name = kind_info(entry.kind).name
    if grouping == "kind":
        return [(f"kind:{entry.kind}", kind_name)]
    if grouping == "year":
        year = (entry.date or "")[:4]
        return [(f"year:{year}", year or "No date")]
    if entry.dossiers:
        return [(f"dossier:{d}", f"Dossier {one_line(d)}") for d in entry.dossiers]
    return [(f"kind:{entry.kind}", f"{kind_info(entry.kind).group} (no dossier)")]

