"""Parsing: raw text (or a file) in, a Document out.

The text goes to the family that recognises it (store/parsing/families), and through the one
pipeline of passes (store/parsing/pipeline.py) that family declares. Bad input raises
store.errors.ParseError, nothing else.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from store.errors import ParseError
from store.model import Document
from store.parsing.reading import NoteText

if TYPE_CHECKING:
    from store.parsing.passes.layout import LaidOut

# A character that shows after the clean pass: anything but white space and the invisible
# characters it drops, or a control character other than CR (it becomes a picture). Looked for
# instead of cleaning the whole text an extra time only to see whether it is empty.
_VISIBLE = re.compile(r"[^\s\u00ad\u200b\u200c\u200d\u2060\ufeff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")


def parse_file(path: str | os.PathLike[str]) -> Document:
    """A file of any format users have (PDF, Word, the official XML and HTML, text): the
    format is decided from its bytes (store/files/)."""
    from store.files.content import parse_path

    return parse_path(path)


def parse_text(text: str, source: str, notes: tuple[NoteText, ...] = ()) -> Document:
    """`notes`: note texts a format reader lifted already (a Word file's footnotes), their
    markers written `[^N]` in `text`."""
    from store.parsing.families import family_of

    if not _VISIBLE.search(text):
        raise ParseError(source, "empty file")
    try:
        return family_of(text).read(text, source, notes)
    except RecursionError:
        raise ParseError(source, "nested too deeply to read") from None


def parse_pdf(data: bytes, source: str) -> Document:
    """A PDF, read from its layout (store/files/pdf.py, store/parsing/passes/layout.py)."""
    return parse_laid_out(laid_out_pdf(data, source), source)


def laid_out_pdf(data: bytes, source: str) -> LaidOut:
    from store.files.pdf import read_pdf
    from store.parsing.passes.layout import laid_out

    return laid_out(read_pdf(data, source))


def parse_laid_out(laid: LaidOut, source: str) -> Document:
    from store.parsing.families import family_of
    from store.parsing.pipeline import traced_layout

    try:
        return traced_layout(family_of(laid.plain), laid, source)[0]
    except RecursionError:
        raise ParseError(source, "nested too deeply to read") from None


def parse_traced(text: str, source: str) -> tuple[Document, tuple[tuple[str, str], ...]]:
    """`parse_text`, with what the named furniture rules took out on the way: (rule, text)."""
    from store.parsing.families import family_of
    from store.parsing.pipeline import traced

    return traced(family_of(text), text, source)
