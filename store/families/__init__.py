"""Document families: one module per kind of raw document, each a pipeline of the shared passes.

Every family module has `detect(text) -> int` (how surely the text is of this family, 0 when
not at all) and `parse(text, source) -> Document`. The family with the highest score reads
the document; `other` reads what no family claims. A new family is a new module here.
"""

from __future__ import annotations

from types import ModuleType

from store.families import aanhangsel, antwoord, kamerbrief, schriftelijk_overleg, webpage

FAMILIES: tuple[ModuleType, ...] = (webpage, aanhangsel, antwoord, schriftelijk_overleg, kamerbrief)


def family_of(text: str) -> ModuleType | None:
    scored = [(module.detect(text), i, module) for i, module in enumerate(FAMILIES)]
    score, _, module = max(scored, key=lambda s: (s[0], -s[1]))
    return module if score > 0 else None
