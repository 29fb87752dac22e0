"""Document text made safe to show: control characters become visible symbols.

Everything the reader shows from a document (titles, paragraphs, notes, snippets) passes
through here, and is then put on screen as plain `Text`, never as markup. The mapping is one
character for one character, so offsets into the original text (reference positions, search
highlights) stay valid in the safe text.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

# C0 controls show as their Unicode "control pictures" (ESC as ␛, NUL as ␀), DEL as ␡, and
# the C1 controls (an 8-bit CSI is \x9b) as the replacement character. A tab is only spacing.
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_TABLE[ord("\t")] = " "
_WITH_NEWLINES = dict(_TABLE)
del _WITH_NEWLINES[ord("\n")]


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character replaced by a visible symbol of the same length."""
    return text.translate(_WITH_NEWLINES if keep_newlines else _TABLE)


def plain(text: str, style: Style | str = "") -> Text:
    """Document text as a Rich `Text`: shown literally, never parsed as markup."""
    return Text(visible(text), style=style, end="")


def one_line(text: str, limit: int | None = None) -> str:
    """The text on one line (runs of white space joined), cut at `limit` characters with '…'."""
    flat = " ".join(visible(text, keep_newlines=True).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat
