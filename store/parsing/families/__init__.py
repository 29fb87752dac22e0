"""Document families: each a declaration over the shared passes (store/parsing/pipeline.py).

Each family module holds one `FAMILY`. The family whose `detect` scores a text highest reads
it; `other` reads what no family claims. Families are checked when they are declared, so a
wrong declaration fails at import, not when a file first reaches it.
"""

from __future__ import annotations

from store.parsing.families import (
    antwoord,
    kamerbrief,
    official_kamerstuk,
    official_print,
    other,
    schriftelijk_overleg,
    webpage,
    word_letter,
)
from store.parsing.pipeline import Family

FAMILIES: tuple[Family, ...] = tuple(
    module.FAMILY
    for module in (webpage, official_print, official_kamerstuk, word_letter, antwoord, schriftelijk_overleg, kamerbrief)
)
FALLBACK: Family = other.FAMILY

if len({f.name for f in (*FAMILIES, FALLBACK)}) != len(FAMILIES) + 1:  # pragma: no cover - a declaration error
    raise TypeError("two families have the same name")


def family_of(text: str) -> Family:
    """The family that reads `text` (the fallback when none claims it)."""
    scored = [(family.detect(text), -i, family) for i, family in enumerate(FAMILIES)]
    score, _, family = max(scored, key=lambda s: s[:2])
    return family if score > 0 else FALLBACK
