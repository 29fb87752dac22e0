"""An official XML and the metadata.xml that describes it, kept as one content in the cache, so
a rebuild reads the pair as the import did (the pair's hash says when either changed).

    KAMERLEZER-BUNDLE 1\\n<length of the document>\\n<document bytes><metadata bytes>
"""

from __future__ import annotations

from store.errors import ParseError
from store.files.sniff import BUNDLE_MAGIC


def pack(document: bytes, metadata: bytes) -> bytes:
    return BUNDLE_MAGIC + str(len(document)).encode("ascii") + b"\n" + document + metadata


def unpack(data: bytes, source: str) -> tuple[bytes, bytes]:
    head, sep, rest = data[len(BUNDLE_MAGIC) :].partition(b"\n")
    if not data.startswith(BUNDLE_MAGIC) or not sep or not head.isdigit() or int(head) > len(rest):
        raise ParseError(source, "damaged: a document and its metadata, kept together, cannot be told apart")
    size = int(head)
    return rest[:size], rest[size:]
