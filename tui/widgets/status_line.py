"""The status line: where the reader is, and what the focused link points to."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    StatusLine > .status-line--position { text-style: bold; }
    StatusLine > .status-line--detail { color: $text-muted; }
    """

    COMPONENT_CLASSES = {"status-line--position", "status-line--detail"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: tuple[str, ...] = ("",)

    def show(self, position: str, *details: str) -> None:
        """Texts are shown as they are (never as markup); empty details are left out."""
        self._parts = (position, *[d for d in details if d])
        self.refresh()

    @property
    def plain_text(self) -> str:
        return " │ ".join(p for p in self._parts if p)

    def render(self) -> Text:
        position, *details = self._parts
        room = self.content_region.width
        wanted = len(position) + sum(len(d) + 3 for d in details)
        if details and room and wanted > room:
            # What the focused link leads to matters more than the section name: shorten the position.
            keep = max(room - (wanted - len(position)), room // 3, 1)
            if keep < len(position):
                position = position[: keep - 1].rstrip() + "…"
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(position, style=self.get_component_rich_style("status-line--position", partial=True))
        for detail in details:
            line.append(" │ ")
            line.append(detail, style=self.get_component_rich_style("status-line--detail", partial=True))
        return line
