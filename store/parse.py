"""Entry point of parsing: raw text (or a file) in, a Document out.

PROVISIONAL: a naive reading (paragraphs only) so the cache and the reader can be built
while the real pipeline lands. Replaced by the family pipeline.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from store.decoding import read_file
from store.model import Block, Document


def parse_file(path: str | os.PathLike[str]) -> Document:
    return parse_text(read_file(path).text, str(path))


def parse_text(text: str, source: str) -> Document:
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    paras = [p for p in paras if p]
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(source).stem).strip("-").lower() or "document"
    return Document(
        id=f"doc-{stem}",
        kind="other",
        title=paras[0][:120] if paras else stem,
        date=None,
        source=source,
        blocks=tuple(Block("paragraph", p) for p in paras),
    )
