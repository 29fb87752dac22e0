"""Raw bytes to text: the first pass, where bad input is told apart from text in an old encoding.

Text in a legacy encoding (Latin-1, Windows-1252, UTF-16 with a byte-order mark) is decoded,
not rejected. What is not text at all (empty, binary, far too large) raises ParseError with
the file's name and the problem.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass

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
    return decode_bytes(read_bytes(path), str(path))


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or ParseError naming it.

    Only a regular file is read: a device (`/dev/zero` never ends), a FIFO (blocks until a
    writer comes) or a socket is refused before it is opened, and again after (it may have
    been swapped in between). The read is bounded whatever the file's size claims, so a file
    growing while it is read cannot take more than `limit` bytes of memory either.
    """
    name = str(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ParseError(name, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise ParseError(name, f"not a regular file ({_file_kind(st.st_mode)}): not read")
        if st.st_size > limit:
            raise ParseError(name, _too_large(st.st_size, limit))
        # O_NONBLOCK: should a FIFO have been put here since the stat, opening it does not wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ParseError(name, f"not a regular file ({_file_kind(st.st_mode)}): not read")
            chunks, size = [], 0
            while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise ParseError(name, _too_large(max(size, os.fstat(fd).st_size), limit))
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise ParseError(name, "no such file") from None
    except PermissionError:
        raise ParseError(name, "permission denied") from None
    except IsADirectoryError:
        raise ParseError(name, "is a directory") from None
    except OSError as exc:
        raise ParseError(name, f"cannot be read ({exc.strerror or exc})") from None
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return kind
    return "not a file"


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / 1e6:.1f} MB; the limit is {limit // 2**20} MB)"


def decode_bytes(data: bytes, name: str) -> Decoded:
    if len(data) > MAX_BYTES:
        raise ParseError(name, _too_large(len(data), MAX_BYTES))
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
