"""Which documents `kamerlezer list` shows, and in what order: a pure function over index entries.

select_entries(entries)                                  # newest first, undated last, then by id
select_entries(entries, kinds={"aanhangsel"}, dossier="19 637", since="2019-01-01", sort="title")
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from store.library import Entry

__all__ = ["SORTS", "select_entries"]


def _by_date(e: Entry) -> tuple[Any, ...]:
    return (e.date is None, _descending(e.date or ""), e.id)


def _descending(text: str) -> tuple[int, ...]:
    """A key that orders ISO dates newest first."""
    return tuple(-ord(ch) for ch in text)


# Each order with its key; `date` is newest first, the others ascending; ties go by id.
SORTS: dict[str, Callable[[Entry], tuple[Any, ...]]] = {
    "date": _by_date,
    "title": lambda e: (e.title.casefold(), e.id),
    "id": lambda e: (e.id,),
    "kind": lambda e: (e.kind, *_by_date(e)),
}


def _digits(dossier: str) -> str:
    return "".join(dossier.split()).casefold()


def select_entries(
    entries: Iterable[Entry],
    *,
    kinds: Collection[str] = (),
    dossier: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str = "date",
    reverse: bool = False,
) -> list[Entry]:
    """The entries that pass every filter given, in the order `sort` names (a key of SORTS; ValueError
    otherwise), reversed with `reverse`.

    `kinds`: any of these kinds (none: every kind); `dossier`: one of the entry's dossiers, spaces
    ignored ("19 637" is "19637"); `since`/`until`: ISO dates, both ends included, so a document
    without a date is left out by either."""
    if sort not in SORTS:
        raise ValueError(f"unknown order {sort!r}: one of {', '.join(SORTS)}")
    wanted = _digits(dossier) if dossier is not None else None
    chosen = [
        e
        for e in entries
        if (not kinds or e.kind in kinds)
        and (wanted is None or any(_digits(d) == wanted for d in e.dossiers))
        and (since is None or (e.date is not None and e.date >= since))
        and (until is None or (e.date is not None and e.date <= until))
    ]
    chosen.sort(key=SORTS[sort])
    return chosen[::-1] if reverse else chosen
