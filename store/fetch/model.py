"""What fetching gives: the files of one download, and what became of one item asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Why = Literal["new", "answer", "mededeling", "version"]


@dataclass(frozen=True)
class Download:
    """The files one download gave, by the names they get in the cache's `downloads/`
    (the first is the document; an official XML's metadata.xml may follow)."""

    files: dict[str, bytes]
    why: Why = "new"  # what it is to someone who follows it (an answer to their question, a version)


@dataclass(frozen=True)
class Fetched:
    """One document fetched (`doc_id`), found unchanged, or not (`problem`, one line)."""

    item: str  # what was asked for: a key, a zaak or document number
    doc_id: str | None = None
    title: str = ""
    unchanged: bool = False
    problem: str | None = None
    why: Why = "new"
    absent: bool = False  # an optional item (a version that may exist) that does not: not a problem
    offline: bool = False  # the problem is that the site could not be reached
    missing: bool = False  # the problem is that it is not there (a 404, or the site's error page)
