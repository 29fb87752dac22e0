"""Python's cycle collector, paused while a burst of objects is made that holds no cycle.

Reading 10,000 index rows, or a 2 MB document's 6,000 blocks, makes hundreds of thousands of
objects, none in a cycle: the collections they set off each walk the reader's whole heap
(Textual's included) and cost more than the reading itself.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for a while, then back as it was (for the whole process: a
    thread that makes objects meanwhile is spared the collections too)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
