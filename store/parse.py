"""Entry point of parsing: raw text (or a file) in, a Document out.

The text is handed to the document family that recognises it (store/families); each family
is a pipeline of small pure passes. Bad input raises store.errors.ParseError, nothing else.
"""

from __future__ import annotations

import os
import re

from store.decoding import read_file
from store.errors import ParseError
from store.families import family_of, other
from store.model import Document


def parse_file(path: str | os.PathLike[str]) -> Document:
    return parse_text(read_file(path).text, str(path))


# A character that shows after store.clean.clean: anything but white space and the invisible
# characters it drops, or a control character other than CR (it becomes a picture). Looked for
# instead of cleaning the whole text an extra time only to see whether it is empty.
_VISIBLE = re.compile(r"[^\s\u00ad\u200b\u200c\u200d\u2060\ufeff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")


def parse_text(text: str, source: str) -> Document:
    if not _VISIBLE.search(text):
        raise ParseError(source, "empty file")
    family = family_of(text) or other
    try:
        return family.parse(text, source)
    except RecursionError:
        raise ParseError(source, "nested too deeply to read") from None
