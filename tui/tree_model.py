"""What the document tree shows: library entries grouped, sorted newest first, filtered.

Works on the small index rows of `Library.entries()` (id, kind, title, date, dossiers),
never on document bodies, so a library of 10,000 documents groups in a blink. Pure
functions: no Textual. The grouping itself is store/grouping.py (store/head.py keeps its groups).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from store.formats import kind_info
from store.grouping import EntryLike
from tui.safe_text import one_line

FILTER_LIMIT = 500
# A query word matches an entry when some stretch of the entry's line is this alike (0-100):
# "marakesh" finds "Marrakesh", "imrf" finds "(IMRF)", and a word of the body finds nothing.
FILTER_CUTOFF = 75


# "Vragen van het lid X (Party) aan de Minister van Y over Z (ingezonden …). Antwoord van …":
# who asked (up to "aan" or "over"), the addressee (skipped), what about (up to what the
# Aanhangsel's title adds after it).
_QUESTIONS_TITLE = re.compile(
    r"(?:mondelinge\s+)?vragen\s+van\s+(?:het|de)\s+(?:lid|leden)\s+(?:lid\s+)?(?P<who>.+?)"
    r"(?:\s+aan\s+(?:de|het)\s+.+?)?\s+over\s+(?P<about>.+?)"
    r"(?:\s*\(ingezonden\b.*|\s*\.\s*antwoord\s+van\b.*)?$",
    re.IGNORECASE | re.DOTALL,
)


def short_title(kind: str, title: str) -> str:
    """The title as a line of the tree says it: for written questions (and their answers in an
    Aanhangsel) who asked and about what, "X (Party): Z", since every one of them starts with
    "Vragen van het lid"; any other title as it is."""
    line = one_line(title)
    if not kind_info(kind).questions:
        return line
    found = _QUESTIONS_TITLE.fullmatch(line)
    if found is None:
        return line
    who = re.sub(r"\s+([,)])", r"\1", found["who"]).strip()  # "Kröger , Thijssen": as a name list is written
    return f"{who}: {found['about'].strip().rstrip('.')}"


def entry_line(entry: EntryLike) -> str:
    """One line of the tree: date, kind, title."""
    date = entry.date or "----------"
    tag = kind_info(entry.kind).tag
    return f"{date} {tag} {short_title(entry.kind, entry.title) or entry.id}"


def _filter_line(entry: EntryLike) -> str:
    kind = kind_info(entry.kind).name
    return f"{entry.title} {kind} {entry.id} {entry.date or ''} {' '.join(entry.dossiers)}"


@dataclass(frozen=True)
class Filtered:
    entries: list[EntryLike]  # best first (the newest first among equals), at most FILTER_LIMIT
    matched: int  # how many entries matched, shown or not


def filter_entries(entries: Sequence[EntryLike], query: str) -> Filtered:
    """The entries that match every word of `query` fuzzily (title, kind, id, date, dossiers), best first.

    Word by word with `partial_ratio`: a whole-string scorer weighs a short query against a long
    title and drops even exact words ("imrf" scores 60 against its title with WRatio).
    """
    words = utils.default_process(query).split()
    if not words:
        return Filtered(list(entries), len(entries))
    choices = [utils.default_process(_filter_line(e)) for e in entries]
    totals: dict[int, float] | None = None
    for word in words:
        found = process.extract(
            word, choices, scorer=fuzz.partial_ratio, processor=None, score_cutoff=FILTER_CUTOFF, limit=None
        )
        scores = {index: score for _, score, index in found}
        totals = scores if totals is None else {i: totals[i] + s for i, s in scores.items() if i in totals}
        if not totals:
            return Filtered([], 0)
    assert totals is not None
    if len(words) > 1:  # the words together, in their order, count too ("ah-tk-20162017-8" is one id)
        phrase = " ".join(words)
        totals = {i: score + fuzz.partial_ratio(phrase, choices[i]) for i, score in totals.items()}
    newest_first = sorted(totals, key=lambda i: entries[i].date or "", reverse=True)
    best = sorted(newest_first, key=lambda i: -totals[i])[:FILTER_LIMIT]
    return Filtered([entries[i] for i in best], len(totals))
