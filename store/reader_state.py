"""Where the reader was, and how it looked: `config_dir()/state.json`.

    {"last": {"doc": "kst-36600-VI-12", "block": 41}, "theme": "textual-dark"}

Read at start (a missing, unreadable or damaged file is no state: never an error), written
atomically (`store.atomic.atomic_write`) when it changed. Fields it does not know are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from store.atomic import atomic_write

STATE_FILE = "state.json"
MAX_SIZE = 64 * 1024  # ours is a hundred bytes: anything larger is not ours


@dataclass(frozen=True)
class ReaderState:
    doc: str | None = None  # the last document open
    block: int = 0  # and the block at its cursor
    theme: str | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {}
        if self.doc is not None:
            data["last"] = {"doc": self.doc, "block": self.block}
        if self.theme is not None:
            data["theme"] = self.theme
        return data


def load_state(directory: Path) -> ReaderState:
    """The state kept in `directory`; an empty one when there is none or it is not what we write."""
    try:
        with open(Path(directory) / STATE_FILE, "rb") as fh:
            data = json.loads(fh.read(MAX_SIZE + 1).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return ReaderState()
    if not isinstance(data, dict):
        return ReaderState()
    doc, block = None, 0
    last = data.get("last")
    if isinstance(last, dict) and isinstance(last.get("doc"), str) and last["doc"]:
        doc = last["doc"]
        raw = last.get("block", 0)
        block = raw if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0 else 0
    theme = data.get("theme")
    return ReaderState(doc, block, theme if isinstance(theme, str) and theme else None)


def save_state(directory: Path, state: ReaderState, *, durable: bool = True) -> None:
    """Replace the state file atomically (OSError if it cannot be written)."""
    text = json.dumps(state.to_json(), ensure_ascii=False, separators=(",", ":"))
    atomic_write(Path(directory) / STATE_FILE, text.encode("utf-8"), durable=durable)
