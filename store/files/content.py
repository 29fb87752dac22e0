"""A file's content as the cache keeps it, and the document read from it, whatever its format.

The content of a text file is its decoded text (a str: the cache stores text, and the hash is
of the text, so a file re-encoded stays unchanged); of a PDF, a Word file, an official XML or
HTML page, its bytes. An official XML travels with the `metadata.xml` beside it, bundled
(store/files/bundle.py), so a rebuild from the cache reads it as the import did.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from store.decoding import decode_bytes, read_bytes
from store.errors import ParseError
from store.files import bundle
from store.files.metadata_xml import METADATA_ROOTS, metadata_identifier
from store.files.official_xml import OFFICIAL_ROOT, identifier_of_publication
from store.files.sniff import sniff
from store.model import Document

Content = str | bytes


def read_content(path: str | os.PathLike[str]) -> Content:
    """What the cache keeps of a file: its text, or its bytes (with its metadata.xml)."""
    data = read_bytes(path)
    found = sniff(data)
    if found.format == "text":
        return decode_bytes(data, str(path)).text
    if found.format == "xml" and found.root == OFFICIAL_ROOT:
        sidecar = metadata_beside(Path(path), data)
        if sidecar is not None:
            return bundle.pack(data, sidecar)
    return data


def parse_content(content: Content, source: str) -> Document:
    """The document in `content` (as `read_content` gives it), its format said in `format`."""
    from store.parsing import parse_text

    if isinstance(content, str):
        return replace(parse_text(content, source), format="text")
    return parse_bytes(content, source)


def parse_bytes(data: bytes, source: str, metadata: bytes | None = None) -> Document:
    found = sniff(data)
    match found.format:
        case "bundle":
            document, sidecar = bundle.unpack(data, source)
            return parse_bytes(document, source, sidecar)
        case "pdf":
            from store.parsing import parse_pdf

            return replace(parse_pdf(data, source), format="pdf")
        case "docx" | "ole":
            from store.files.docx import read_docx
            from store.parsing import parse_text

            text = read_docx(data, source)  # an OLE file: a password-protected one, or an old .doc, said there
            return replace(parse_text(text.text, source, text.notes), format="docx")
        case "zip":
            raise ParseError(source, "a zip archive, not a document: not read (unpack it and import its files)")
        case "xml":
            if found.root in METADATA_ROOTS:
                raise ParseError(source, "a metadata.xml sidecar: it is read with the XML document it describes")
            if found.root != OFFICIAL_ROOT:
                raise ParseError(source, f"XML that is not an official publication (root <{found.root}>): not read")
            from store.files.official_xml import read_official_xml

            return replace(read_official_xml(data, source, metadata), format="xml")
        case "html":
            from store.files.official_html import read_official_html

            return replace(read_official_html(data, source), format="html")
        case _:
            from store.parsing import parse_text

            return replace(parse_text(decode_bytes(data, source).text, source), format="text")


def parse_path(path: str | os.PathLike[str]) -> Document:
    return parse_content(read_content(path), str(path))


# -- the metadata.xml beside an official XML ---------------------------------------------------

_SIDECAR_NAMES = ("{stem}.metadata.xml", "{stem}-metadata.xml", "{stem}_metadata.xml", "metadata.xml")


def metadata_beside(path: Path, data: bytes) -> bytes | None:
    """The metadata.xml that describes the XML at `path`: named after it, or `metadata.xml` in
    its folder, and naming the same identifier (an unrelated metadata.xml is left alone)."""
    wanted = identifier_of_publication(data) or path.stem
    for name in _SIDECAR_NAMES:
        candidate = path.with_name(name.format(stem=path.stem))
        if candidate == path or not candidate.is_file():
            continue
        try:
            sidecar = read_bytes(candidate)
        except ParseError:
            continue
        found = sniff(sidecar)
        if found.format == "xml" and found.root in METADATA_ROOTS and _named(sidecar, str(candidate)) in (wanted,
                                                                                                         path.stem):
            return sidecar
    return None


def is_sidecar_of_another(path: Path) -> bool:
    """Whether `path` is a metadata.xml whose document lies beside it (it is read with that)."""
    try:
        data = read_bytes(path)
    except ParseError:
        return False
    found = sniff(data)
    if found.format != "xml" or found.root not in METADATA_ROOTS:
        return False
    named = _named(data, str(path))
    for other in path.parent.glob("*.xml"):
        if other == path:
            continue
        stem = other.name.removesuffix(".xml")
        if named and stem == named:
            return True
        if path.name in (f"{stem}.metadata.xml", f"{stem}-metadata.xml", f"{stem}_metadata.xml"):
            return True
    return False


def _named(data: bytes, source: str) -> str | None:
    """The identifier a metadata.xml names; None for one that cannot be read (it is then
    nobody's sidecar, and is refused on its own with its problem)."""
    try:
        return metadata_identifier(data, source)
    except ParseError:
        return None
