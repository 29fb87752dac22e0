"""Find in the open document: where a query occurs in the display text of its blocks.

Literal and case-insensitive (a regular expression of the escaped query, so offsets are
those of the text as shown). The number of matches is capped, so typing a single letter
into the find bar of a 2 MB document stays instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.display import DocumentDisplay

MAX_MATCHES = 5000


@dataclass(frozen=True, slots=True)
class Match:
    block: int
    start: int
    end: int


@dataclass(frozen=True)
class Matches:
    query: str
    items: tuple[Match, ...] = ()
    capped: bool = False
    by_block: dict[int, list[int]] = field(default_factory=dict)  # block -> indexes into items

    def __len__(self) -> int:
        return len(self.items)

    def count_text(self) -> str:
        return f"{len(self.items)}+" if self.capped else str(len(self.items))

    def after(self, block: int, offset: int) -> int | None:
        """Index of the first match at or after (block, offset), wrapping round to the first."""
        for i, m in enumerate(self.items):
            if (m.block, m.start) >= (block, offset):
                return i
        return 0 if self.items else None


def find_all(display: DocumentDisplay, query: str) -> Matches:
    if not query:
        return Matches(query)
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    items: list[Match] = []
    by_block: dict[int, list[int]] = {}
    for index, block in enumerate(display.blocks):
        for m in pattern.finditer(block.text):
            by_block.setdefault(index, []).append(len(items))
            items.append(Match(index, m.start(), m.end()))
            if len(items) >= MAX_MATCHES:
                return Matches(query, tuple(items), True, by_block)
    return Matches(query, tuple(items), False, by_block)
