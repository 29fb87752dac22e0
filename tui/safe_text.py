"""Document text made safe to show in the reader (see store/visible.py for what is replaced).

Everything the reader shows from a document (titles, paragraphs, notes, snippets) passes
through `visible`, and is then put on screen as plain `Text`, never as markup.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from store.visible import one_line, visible

__all__ = ["one_line", "plain", "visible"]


def plain(text: str, style: Style | str = "") -> Text:
    """Document text as a Rich `Text`: shown literally, never parsed as markup."""
    return Text(visible(text), style=style, end="")
