"""The jump history of the reading pane, as in a browser: back and forward."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Position:
    """Where the reader was: a document, and the block at its cursor."""

    doc_id: str
    block: int = 0


@dataclass
class History:
    limit: int = 200
    _back: list[Position] = field(default_factory=list)
    _forward: list[Position] = field(default_factory=list)

    def visit(self, leaving: Position | None) -> None:
        """A jump away from `leaving`: it goes on the back stack, and the forward stack is dropped."""
        if leaving is not None and (not self._back or self._back[-1] != leaving):
            self._back.append(leaving)
            del self._back[: -self.limit]
        self._forward.clear()

    def back(self, current: Position | None) -> Position | None:
        if not self._back:
            return None
        if current is not None:
            self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Position | None) -> Position | None:
        if not self._forward:
            return None
        if current is not None:
            self._back.append(current)
        return self._forward.pop()

    def forget(self, doc_id: str) -> None:
        """Drop every place in a document that is gone (removed from the library)."""
        self._back = [p for p in self._back if p.doc_id != doc_id]
        self._forward = [p for p in self._forward if p.doc_id != doc_id]

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)
