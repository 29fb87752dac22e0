"""Dutch dates as parliamentary papers write them, to ISO dates.

"16 mei 2022", "d.d. 29 april 2022", "3 december 2018", "2019-10-14", "14-10-2019".
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DUTCH_DATE = re.compile(rf"\b(?P<day>[0-3]?\d)\s+(?P<month>{_MONTH_NAMES})\.?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
NUMERIC_DATE = re.compile(r"\b(?P<day>[0-3]?\d)-(?P<month>[01]?\d)-(?P<year>(?:19|20)\d\d)\b")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in `text` as yyyy-mm-dd, or None."""
    found = find_dates(text)
    return found[0][0] if found else None


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every date in `text` as (iso, start, end), in order of appearance."""
    hits: list[tuple[str, int, int]] = []
    for m in DUTCH_DATE.finditer(text):
        iso = _iso(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
        if iso:
            hits.append((iso, m.start(), m.end()))
    for pattern in (ISO_DATE, NUMERIC_DATE):
        for m in pattern.finditer(text):
            iso = _iso(int(m["year"]), int(m["month"]), int(m["day"]))
            if iso and not any(s <= m.start() < e for _, s, e in hits):
                hits.append((iso, m.start(), m.end()))
    return sorted(hits, key=lambda h: h[1])
