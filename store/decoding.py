"""Raw bytes to text: the first pass, where bad input is told apart from text in an old encoding.

Text in a legacy encoding (Latin-1, Windows-1252, UTF-16 with a byte-order mark) is decoded,
not rejected. What is not text at all (empty, binary, far too large) raises ParseError with
the file's name and the problem.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from store.errors import ParseError

# The longest seed is 70 KB and a very long Aanhangsel a few MB; anything past this is not a
# parliamentary paper but a mistake (a dump, a video), and parsing it would only stall an import.
MAX_BYTES = 16 * 1024 * 1024

_SNIFF = 8192


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def read_file(path: str | os.PathLike[str]) -> Decoded:
    """Read and decode a file, or raise ParseError naming it and what is wrong."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise ParseError(name, "is a directory")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(name, f"too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ParseError(name, "no such file") from None
    except PermissionError:
        raise ParseError(name, "permission denied") from None
    except IsADirectoryError:
        raise ParseError(name, "is a directory") from None
    except OSError as exc:
        raise ParseError(name, f"cannot be read ({exc.strerror or exc})") from None
    return decode_bytes(data, name)


def decode_bytes(data: bytes, name: str) -> Decoded:
    if len(data) > MAX_BYTES:
        raise ParseError(name, f"too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise ParseError(name, f"starts with a {enc} byte-order mark but is not valid {enc}") from None
            return _checked(Decoded(text, enc), name)
    if _looks_binary(data):
        raise ParseError(name, "binary file, not text")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), name)
    except UnicodeDecodeError:
        pass
    # Not UTF-8: Windows-1252 is what Dutch office software writes; it is Latin-1 with
    # printable characters where Latin-1 has controls, so it is tried first.
    try:
        return _checked(Decoded(data.decode("cp1252"), "cp1252"), name)
    except UnicodeDecodeError:
        return _checked(Decoded(data.decode("latin-1"), "latin-1"), name)


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def _checked(decoded: Decoded, name: str) -> Decoded:
    if not decoded.text.strip():
        raise ParseError(name, "empty file" if not decoded.text else "contains only white space")
    return decoded
