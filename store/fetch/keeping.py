"""A download kept in the cache's `downloads/` folder and imported from there.

The cache keeps the source of what it imports, so a fetched document is a file the user could
have imported: a rebuild never needs the network. Everything is downloaded whole before this
runs; the files are written atomically, and when the import refuses them (or anything breaks)
the folder is put back as it was, so nothing half-fetched stays behind.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from store.atomic import atomic_write, ensure_private_dir
from store.fetch.http import Cancelled
from store.fetch.model import Download, Fetched
from store.library import Library

DOWNLOADS = "downloads"
_KNOWN_SUFFIXES = (".xml", ".metadata.xml", ".pdf", ".docx")


def downloads_dir(lib: Library) -> Path:
    return lib.path / DOWNLOADS


def downloaded(lib: Library, stem: str) -> bool:
    """Whether a file of that name (a key, a TK document number) was fetched before."""
    folder = downloads_dir(lib)
    return any((folder / f"{stem}{suffix}").is_file() for suffix in (".xml", ".pdf", ".docx"))


def keep(lib: Library, item: str, got: Download, cancel: threading.Event | None = None) -> Fetched:
    """Write `got` into downloads/ and import its document; Fetched says what became of it."""
    if cancel is not None and cancel.is_set():  # the user stopped it: nothing is imported
        raise Cancelled
    folder = ensure_private_dir(downloads_dir(lib))
    first = next(iter(got.files))
    stem = first.rsplit(".", 1)[0]
    before: dict[Path, bytes | None] = {}
    for suffix in _KNOWN_SUFFIXES:  # every form this document may have been fetched in before
        path = folder / f"{stem}{suffix}"
        before[path] = path.read_bytes() if path.is_file() else None
    try:
        for name, data in got.files.items():
            atomic_write(folder / name, data)
        stale = folder / f"{stem}.metadata.xml"
        if first.endswith(".xml") and stale.name not in got.files:  # an older version's, not this one's
            stale.unlink(missing_ok=True)
        report = lib.import_paths([folder / first])
    except BaseException:
        _restore(before)
        raise
    if report.failed:
        _restore(before)
        return Fetched(item, problem=f"downloaded, but could not be read: {report.failed[0][1]}", why=got.why)
    ids = report.added + report.replaced + report.unchanged
    if not ids:  # pragma: no cover - an import of one readable file gives one document
        _restore(before)
        return Fetched(item, problem="downloaded, but no document came of it", why=got.why)
    entry = lib.get(ids[0])
    # A corrected version is news as such only where it replaced the one the user had.
    why = "new" if got.why == "version" and not report.replaced else got.why
    return Fetched(item, ids[0], entry.title if entry else "", unchanged=bool(report.unchanged), why=why)


def _restore(before: dict[Path, bytes | None]) -> None:
    for path, data in before.items():
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, data)
