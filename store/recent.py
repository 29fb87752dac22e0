"""What a search read of the bodies of its last hits, kept for a while.

Reading a hit's body is most of what a query costs, and a search as it is typed, corrected or
asked again ("Vraag", then "Vraag 3") shows many of the same hits again. A body file is named
by its document's id and the hash of the text it was made from, so what was read from it
stays true for as long as the file is there.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

MAX_CHARS = 8_000_000  # of text kept, about 30 MB of Python objects
MAX_DOCUMENTS = 256


class Body(Protocol):
    @property
    def chars(self) -> int: ...  # the characters of text it holds (what it costs to keep)


B = TypeVar("B", bound=Body)


class RecentBodies(Generic[B]):
    """What was read of body files, by file, least recently used out first; safe in any thread."""

    def __init__(self, max_chars: int = MAX_CHARS, max_documents: int = MAX_DOCUMENTS) -> None:
        self._kept: OrderedDict[Path, tuple[B, int]] = OrderedDict()
        self._chars = 0
        self._max_chars, self._max_documents = max_chars, max_documents
        self._lock = threading.Lock()

    def read(self, path: Path, read: Callable[[], B]) -> B:
        """What was read of body file `path`: as kept, if the file is still there, else `read()`."""
        with self._lock:
            kept = self._kept.get(path)
            if kept is not None:
                self._kept.move_to_end(path)
        if kept is not None and path.exists():  # a removed document's body is gone: not a hit
            return kept[0]
        doc = read()
        size = doc.chars
        if size <= self._max_chars:
            with self._lock:
                if path in self._kept:
                    self._chars -= self._kept.pop(path)[1]
                self._kept[path] = (doc, size)
                self._chars += size
                while self._chars > self._max_chars or len(self._kept) > self._max_documents:
                    self._chars -= self._kept.popitem(last=False)[1][1]
        return doc
