"""head.json: what the tree of a large library shows first, kept beside the index.

A reader of 100,000 documents must not wait for 100,000 index rows before it shows anything:
index.json takes a good part of a second to read at that size. The head holds what the
tree's first screen needs (how many documents, and per grouping its groups with their
labels, counts and newest dates) in a few kilobytes, and names the index.json it was made
from by its stamp (inode, size, mtime): a head whose stamp is not the index's now is stale
and never shown. It is derived, like links.json: written after every change to the index
(store/library.py), ignored when missing, damaged or stale, and made again from the rows.

It also lists the ids of the documents, so that what asks only whether a document is there
(`note list` and `bookmark list` saying which notes are on a removed one) reads two megabytes
at 100,000 documents, not the sixty of the rows.

It also vouches for links.json: the stamp of the links.json that the commit it follows wrote
(or that a check found whole). While links.json is still that file, the reader's check at
start-up need not read it again (36 MB at 100,000 documents) to know it whole.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.atomic import DamagedFileError, UnreadableFileError, atomic_write_json, read_json
from store.grouping import GROUPINGS, EntryLike, Group, groups_of, order_groups

HEAD = "head.json"
VERSION = 2  # 2: the ids of the documents

Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class Head:
    stamp: Stamp  # of the index.json it was made from
    documents: int
    groupings: Mapping[str, tuple[Group, ...]]  # groups without their entries (Group.read is False)
    links: Stamp | None = None  # of a links.json known whole with that index.json
    ids: tuple[str, ...] = ()  # of every document, in no order


def head_of(entries: Iterable[EntryLike], stamp: Stamp, links: Stamp | None = None) -> Head:
    """The head of these entries (one pass per grouping: counts and newest dates, no sorting of documents)."""
    entries = list(entries)
    groupings = {grouping: tuple(_groups(entries, grouping)) for grouping in GROUPINGS}
    return Head(stamp, len(entries), groupings, links, tuple(e.id for e in entries))


def _groups(entries: Sequence[EntryLike], grouping: str) -> list[Group]:
    counts: dict[str, int] = {}
    newest: dict[str, str] = {}
    labels: dict[str, str] = {}
    for entry in entries:
        for key, label in groups_of(entry, grouping):
            counts[key] = counts.get(key, 0) + 1
            labels[key] = label
            if entry.date and entry.date > newest.get(key, ""):
                newest[key] = entry.date
    return order_groups([Group(key, labels[key], (), counts[key], newest.get(key, "")) for key in counts], grouping)


def write_head(cache_dir: Path, head: Head) -> None:
    groupings = {name: [[g.key, g.label, g.count, g.newest] for g in groups] for name, groups in head.groupings.items()}
    atomic_write_json(cache_dir / HEAD, {"version": VERSION, "index": list(head.stamp), "documents": head.documents,
                                         "groupings": groupings,
                                         "links": list(head.links) if head.links else None,
                                         "ids": list(head.ids)})  # fmt: skip


def read_head(cache_dir: Path, stamp: Stamp | None) -> Head | None:
    """The head made from the index.json of `stamp`; None when there is none, or it is damaged,
    of another version, or made from another index.json (then the rows are read instead)."""
    if stamp is None:
        return None
    with contextlib.suppress(FileNotFoundError, DamagedFileError, UnreadableFileError):
        data = read_json(cache_dir / HEAD)
        with contextlib.suppress(KeyError, TypeError, ValueError):
            return _head(data, stamp)
    return None


def _head(data: Any, stamp: Stamp) -> Head | None:
    if data["version"] != VERSION or tuple(data["index"]) != tuple(stamp):
        return None
    documents = _count(data["documents"])
    groupings = {}
    for name in GROUPINGS:
        groups = tuple(_group(g) for g in data["groupings"][name])
        if sum(g.count for g in groups) < documents and documents:  # every document is in some group
            raise ValueError(f"{name}: groups short of the documents")
        groupings[name] = groups
    links = data.get("links")
    if links is not None and not (isinstance(links, list) and len(links) == 3 and all(type(n) is int for n in links)):
        raise TypeError("links is a stamp")
    ids = data["ids"]
    if not (isinstance(ids, list) and len(ids) == documents and all(type(i) is str for i in ids)):
        raise TypeError("ids are the documents' ids")
    return Head(stamp, documents, groupings, tuple(links) if links else None, tuple(ids))


def _group(item: Any) -> Group:
    key, label, count, newest = item
    if not (isinstance(key, str) and isinstance(label, str) and isinstance(newest, str)):
        raise TypeError("a group is [key, label, count, newest]")
    return Group(key, label, (), _count(count), newest)


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("a count is a number")
    return value
