"""What a file is, from its first bytes, never from its name: a PDF saved as `.txt` is a PDF,
and a `.xml` that is an HTML page is HTML.

    pdf       "%PDF-" (after at most a little junk: some servers prepend a line)
    docx      a zip holding word/document.xml
    ole       an OLE compound file: a password-protected (encrypted) Office file, or an old .doc
    zip       any other zip
    xml       an XML document, and the name of its root element
    html      an HTML page
    bundle    a document and its metadata.xml, as kamerlezer keeps them together (files/bundle.py)
    text      anything else: decoded as text (store/decoding.py) or refused as binary there
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Literal

Format = Literal["pdf", "docx", "ole", "zip", "xml", "html", "bundle", "text"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BUNDLE_MAGIC = b"KAMERLEZER-BUNDLE 1\n"
_HEAD = 4096
# After a byte-order mark, an XML declaration, comments, processing instructions and a doctype
# (its internal subset too, where a billion-laughs file hides its entities): the first element's name.
_PROLOGUE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*"
    rb"<([A-Za-z_][\w.:-]*)", re.S
)
_HTML = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.S | re.I
)


@dataclass(frozen=True)
class Sniffed:
    format: Format
    root: str | None = None  # the root element of an XML document ("officiele-publicatie")


def sniff(data: bytes) -> Sniffed:
    head = data[:_HEAD]
    if head.startswith(BUNDLE_MAGIC):
        return Sniffed("bundle")
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf")
    if head.startswith(_OLE):
        return Sniffed("ole")
    if head.startswith(b"PK\x03\x04"):
        return Sniffed("docx" if _is_docx(data) else "zip")
    if _HTML.match(head):
        return Sniffed("html")
    m = _PROLOGUE.match(head)
    if m:
        root = m.group(1).decode("ascii", "replace")
        if root.lower() == "html":
            return Sniffed("html")
        # XML says so, or closes its first element at its end; a text that starts with a tag
        # ("<b>Antwoord</b> …") is text.
        declared = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")
        if declared or data.rstrip().endswith(b"</" + m.group(1) + b">"):
            return Sniffed("xml", root)
    return Sniffed("text")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        # A zip cut short has lost its directory, at the end; the names of its first entries
        # still stand in their local headers: a Word file's start with "word/" or "[Content_Types]".
        head = data[:65536]
        return b"word/document.xml" in head or (b"word/" in head and b"[Content_Types].xml" in head[:4096])
