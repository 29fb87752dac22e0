"""Parsing: raw text (or a file) in, a Document out.

The text goes to the family that recognises it (store/parsing/families), and through the one
pipeline of passes (store/parsing/pipeline.py) that family declares. Bad input raises
store.errors.ParseError, nothing else.
"""

from __future__ import annotations

import os
import re

from store.errors import ParseError
from store.model import Document

# A character that shows after the clean pass: anything but white space and the invisible
# characters it drops, or a control character other than CR (it becomes a picture). Looked for
# instead of cleaning the whole text an extra time only to see whether it is empty.
_VISIBLE = re.compile(r"[^\s\u00ad\u200b\u200c\u200d\u2060\ufeff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")


def parse_file(path: str | os.PathLike[str]) -> Document:
    from store.decoding import read_file

    return parse_text(read_file(path).text, str(path))


def parse_text(text: str, source: str) -> Document:
    from store.parsing.families import family_of

    if not _VISIBLE.search(text):
        raise ParseError(source, "empty file")
    try:
        return family_of(text).read(text, source)
    except RecursionError:
        raise ParseError(source, "nested too deeply to read") from None


def parse_traced(text: str, source: str) -> tuple[Document, tuple[tuple[str, str], ...]]:
    """`parse_text`, with what the named furniture rules took out on the way: (rule, text)."""
    from store.parsing.families import family_of
    from store.parsing.pipeline import traced

    return traced(family_of(text), text, source)
