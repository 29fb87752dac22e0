"""Crash-safe files: atomic replacement, private permissions, a file lock, and a TinyDB storage.

A crash (or SIGKILL, or a full disk) at any moment leaves either the old or the new file,
never a broken one: data goes to a temp file in the same directory, is fsynced, and is
moved over the old file with `os.replace`; then the directory is fsynced so the rename
itself survives a power cut. Files are created 0600 and directories 0700, because on a
shared server a user's notes are nobody else's business.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from store.errors import KamerlezerError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class DamagedFileError(KamerlezerError):
    """A stored file that exists but cannot be read back (truncated, not JSON, wrong shape)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UnreadableFileError(KamerlezerError):
    """A stored file that is there but that we may not read (its permissions, its owner, a
    directory in its place): not damage, so nothing may be moved aside or rebuilt over it
    on its account, only said."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def naming(exc: OSError, path: Path) -> OSError:
    """`exc` as the same error about `path`: what a failed write of `path` reports, rather than
    nothing ("No space left on device") or its temp file's name."""
    if exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(path))  # of the errno's subclass


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and its missing parents, each 0700 whatever the umask (`mkdir(parents=True)`
    would give the parents the umask's mode); a directory that is there is left as it is."""
    path = Path(path)
    if path.is_dir():
        return path
    if path.parent != path:
        ensure_private_dir(path.parent)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        if not path.is_dir():  # a file where a directory should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from None
        return path  # made at the same moment by another thread or process
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)  # a umask such as 0o700 takes bits from mkdir's mode
    return path


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # pragma: no cover - directories cannot be opened on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600, durable: bool = True) -> None:
    """Replace `path` with `data` atomically. On any error the old file is left untouched.

    `durable=False` leaves out both fsyncs: for the many files of an import, which are made
    durable together by one `sync_filesystem` before the index that names them is written
    (an fsync per file was half the time of an import).
    """
    path = Path(path)
    durable = durable or os.name != "posix"  # sync_filesystem cannot stand in for fsync there
    ensure_private_dir(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise naming(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if mode != 0o600:  # mkstemp already made it 0600
                os.chmod(tmp, mode)
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise naming(exc, path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        try:
            _fsync_dir(path.parent)
        except OSError as exc:
            raise naming(exc, path) from None


def sync_filesystem(path: Path) -> None:
    """Make everything written so far on the file system holding `path` durable: syncfs(2)
    where there is one (one journal commit for thousands of files), else sync(2)."""
    if os.name != "posix":  # pragma: no cover - Windows: atomic_write stays durable there
        return
    libc = _libc()
    if libc is not None and hasattr(libc, "syncfs"):
        fd = os.open(path, os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    os.sync()


@functools.cache
def _libc() -> Any:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def read_json(path: Path) -> Any:
    """Read a JSON file we wrote: DamagedFileError if what is there is not what we write (cut
    short, not JSON, nested past what the decoder can follow), UnreadableFileError if we may not
    read it, FileNotFoundError if it is not there."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise UnreadableFileError(path, "is a directory, not a file (move it out of the way)") from None
    except PermissionError as exc:
        raise UnreadableFileError(path, f"cannot be read ({exc.strerror}): see its owner and permissions") from None
    except OSError as exc:
        raise DamagedFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedFileError(path, f"is damaged ({exc.__class__.__name__}: {exc})") from None
    except RecursionError:  # '[' * 100000: we never write anything nested that deep
        raise DamagedFileError(path, "is damaged (nested too deeply to be one of ours)") from None


class FileLock:
    """An exclusive advisory lock on `path` (created if needed), held while in the `with`.

    The operating system drops the lock when the holder dies, even by SIGKILL, so a crash
    never leaves a stale lock behind. Re-entrant within one object.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, *, blocking: bool = True) -> bool:
        """Take the lock (waiting for it, unless `blocking` is False); whether it was taken."""
        if self._depth:
            self._depth += 1
            return True
        ensure_private_dir(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            else:  # pragma: no cover - Windows
                msvcrt.locking(fd, msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            os.close(fd)
            if not blocking and isinstance(exc, (BlockingIOError, PermissionError)):  # held elsewhere
                return False
            raise
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._depth = 1
        return True

    def release(self) -> None:
        if not self._depth:
            return
        self._depth -= 1
        if self._depth:
            return
        fd, self._fd = self._fd, None
        assert fd is not None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            else:  # pragma: no cover - Windows
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    with FileLock(path):
        yield


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes atomically and reads each file version once.

    TinyDB's stock JSONStorage rewrites the file in place (a crash mid-write loses it) and
    re-parses it on every operation. This one replaces the file atomically, and keeps the
    parsed data while the file on disk is unchanged (same inode, size and mtime), so a
    table read after a table read costs nothing. A damaged file raises DamagedFileError
    instead of being silently treated as empty (and then overwritten).
    """

    def __init__(self, path: str | os.PathLike[str], **_: Any) -> None:
        super().__init__()
        self.path = Path(path)
        self._cached: dict[str, Any] | None = None
        self._stamp: tuple[int, int, int] | None = None

    def _current_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def read(self) -> dict[str, Any] | None:
        stamp = self._current_stamp()
        if stamp is None:
            self._cached, self._stamp = None, None
            return None
        if self._cached is not None and stamp == self._stamp:
            return self._cached
        if stamp[1] == 0:
            raise DamagedFileError(self.path, "is empty (truncated)")
        data = read_json(self.path)
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise DamagedFileError(self.path, "is not a table file")
        self._cached, self._stamp = data, stamp
        return data

    def write(self, data: dict[str, Any]) -> None:
        try:
            atomic_write_json(self.path, data)
        except BaseException:
            self._cached, self._stamp = None, None  # memory may be ahead of disk now
            raise
        self._cached, self._stamp = data, self._current_stamp()

    def close(self) -> None:
        self._cached = None
