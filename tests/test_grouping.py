"""A group too large to walk opens into its years, and a year too large into its months."""

from __future__ import annotations

from store import grouping
from store.grouping import Group, group_entries, parts_of
from store.library import Entry


def _entry(n: int, date: str | None, kind: str = "vragen") -> Entry:
    return Entry(f"doc-{n:05d}", kind, f"Vragen {n}", date, (), "", 0, 0, 0, 0)


def test_a_group_of_more_than_the_limit_opens_into_its_years_newest_first_and_undated_last(monkeypatch) -> None:
    monkeypatch.setattr(grouping, "SPLIT_FROM", 4)
    dates = ["2024-03-01", "2023-01-09", None, "2024-11-30", "2022-06-01", "2023-05-05"]
    (group,) = group_entries([_entry(n, d) for n, d in enumerate(dates)], "kind")
    parts = parts_of(group)
    assert [(p.label, p.count, p.newest) for p in parts] == [
        ("2024", 2, "2024-11-30"),
        ("2023", 2, "2023-05-05"),
        ("2022", 1, "2022-06-01"),
        ("No date", 1, ""),
    ]
    assert [e for p in parts for e in p.entries] == list(group.entries)  # the same documents, in the same order
    assert len({p.key for p in parts}) == len(parts) and all(p.key.startswith(group.key + "/") for p in parts)


def test_a_year_too_large_opens_into_its_months_and_a_month_into_its_documents(monkeypatch) -> None:
    monkeypatch.setattr(grouping, "SPLIT_FROM", 2)
    entries = [_entry(n, d) for n, d in enumerate(["2024-05-02", "2024-05-01", "2024-05-03", "2024-02-01"])]
    (year,) = group_entries(entries, "year")
    months = parts_of(year)
    assert [(m.label, m.count) for m in months] == [("2024-05", 3), ("2024-02", 1)]
    assert parts_of(months[0]) == ()  # one month: nothing left to split by


def test_a_group_up_to_the_limit_shows_its_documents() -> None:
    entries = tuple(_entry(n, f"{2000 + n % 20}-01-01") for n in range(grouping.SPLIT_FROM))
    assert parts_of(Group.of("kind:vragen", "Vragen", entries)) == ()
    assert len(parts_of(Group.of("kind:vragen", "Vragen", (*entries, _entry(9999, "1999-01-01"))))) == 21
