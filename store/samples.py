"""The bundled corpus: the sample documents shipped inside the package (`sample_data/*.txt`).

The reader imports them into an empty cache on its first start; the command line reads them
to check a place (`kamerlezer open ID#ANCHOR`) before that import has happened.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def bundled_corpus() -> list[Traversable]:
    """The sample documents, in name order."""
    return sorted(
        (p for p in resources.files("sample_data").iterdir() if p.name.endswith(".txt")), key=lambda p: p.name
    )
