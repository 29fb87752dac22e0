"""Entry point of parsing: raw text (or a file) in, a Document out.

The text is handed to the document family that recognises it (store/families); each family
is a pipeline of small pure passes. Bad input raises store.errors.ParseError, nothing else.
"""

from __future__ import annotations

import os

from store.clean import clean
from store.decoding import read_file
from store.errors import ParseError
from store.families import family_of, other
from store.model import Document


def parse_file(path: str | os.PathLike[str]) -> Document:
    return parse_text(read_file(path).text, str(path))


def parse_text(text: str, source: str) -> Document:
    if not clean(text).strip():
        raise ParseError(source, "empty file")
    family = family_of(text) or other
    try:
        return family.parse(text, source)
    except RecursionError:
        raise ParseError(source, "nested too deeply to read") from None
