"""The command palette's library search: the same search as `s`, as a Textual `Provider`."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from store.anchors import Place
from tui.safe_text import one_line

PALETTE_HITS = 12


class LibrarySearchProvider(Provider):
    """Hits from `Library.search`, run off the event loop; choosing one opens it at the hit."""

    async def search(self, query: str) -> Hits:
        from tui.app import KamerlezerApp  # here: the app module imports this one

        app = self.app
        if not isinstance(app, KamerlezerApp):
            return
        library = app.services.library
        if library is None or len(query.strip()) < 2:
            return
        hits = await asyncio.to_thread(library.search, query, PALETTE_HITS)
        best = max((h.score for h in hits), default=1) or 1
        for hit in hits:
            title = one_line(hit.title, 70) or hit.id
            # Everything goes in the prompt as Text: the palette parses `help` as markup.
            prompt = Text(f"Open: {title}", end="")
            prompt.append(f"\n{hit.where} · {hit.id} · {one_line(hit.snippet, 90)}", style="dim")
            yield Hit(
                score=max(min(hit.score / best, 1.0), 0.0),
                match_display=prompt,
                command=partial(app.open_place, Place(hit.id, hit.anchor)),
                text=f"Open: {title}",
            )
