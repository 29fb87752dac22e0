"""Worker processes that read and parse an import's files: our own, over two pipes each.

Not multiprocessing: its pool hands `sys.stderr.fileno()` to the resource tracker it starts,
and inside the reader Textual's stderr answers -1 ("bad value(s) in fds_to_keep": a repair
of 8 or more documents could not start); and a worker of its pool blocked on a full result
pipe outlives a parent killed with SIGKILL, holding the caller's stdout. Here a worker is
`python -m store.import_worker ROOT` with its stdin and stdout our pipes and its stderr
/dev/null, and it dies with its parent: end of file on stdin (the parent's end closes when
it dies), EPIPE on a write to it, or, mid-file, a watch on its parent's pid.

Each message is a 4-byte length and a pickle (between this process and its own children):
`(n, Job)` down, `(n, Result)` up, and first `(READY, None)` up once the worker can work.
A worker has at most DEPTH jobs outstanding, so what is written down never fills its pipe,
and no job more than WINDOW ahead of the next to hand out is sent, so results waiting for
their turn stay few. A worker that dies has its jobs handed out again; a job that was out
at two deaths is reported as failed, not retried.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import pickle
import selectors
import struct
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TypeVar

J = TypeVar("J")
R = TypeVar("R")

DEPTH = 4
WINDOW = 64
READY = -1  # the number of the message a worker sends first, when it can take work
_LENGTH = struct.Struct(">I")
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)  # what holds store/, for the child's sys.path


def write_message(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def read_message(stream: IO[bytes]) -> object | None:
    """The next message, or None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    return pickle.loads(data) if len(data) == size else None


class _Worker:
    def __init__(self, argv: Sequence[str]) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(
            [sys.executable, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env,
        )  # fmt: skip
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin = self.proc.stdin
        self.fd = self.proc.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.buffer = bytearray()
        self.outstanding: set[int] = set()
        self.ready = False  # it said so once its modules were imported

    def send(self, n: int, job: object) -> bool:
        """False when the worker is gone."""
        try:
            write_message(self.stdin, (n, job))
        except (BrokenPipeError, ValueError, OSError):
            return False
        self.outstanding.add(n)
        return True

    def receive(self) -> list[tuple[int, object]] | None:
        """The messages that have come in whole; None when the worker has gone."""
        try:
            while chunk := os.read(self.fd, 1 << 20):
                self.buffer += chunk
            gone = True  # read() gave b"": end of file
        except BlockingIOError:
            gone = False
        messages = []
        while len(self.buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self.buffer)
            if len(self.buffer) < _LENGTH.size + size:
                break
            n, result = pickle.loads(bytes(self.buffer[_LENGTH.size : _LENGTH.size + size]))
            del self.buffer[: _LENGTH.size + size]
            if n == READY:
                self.ready = True
                continue
            self.outstanding.discard(n)
            messages.append((n, result))
        return None if gone and not messages else messages

    def stop(self, *, wait: bool) -> None:
        with contextlib.suppress(OSError):
            self.stdin.close()  # end of file: a worker between jobs exits at once
        if wait:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):
            self.proc.stdout.close()  # type: ignore[union-attr]


def run_parallel(
    argv: Sequence[str],
    jobs: Sequence[J],
    in_process: Callable[[J], R],
    died: Callable[[J], R],
    workers: int,
) -> Iterator[R]:
    """The results of `jobs`, in their order, from `workers` processes running `argv` (after the
    interpreter). `in_process` does a job here, when workers cannot be started; `died` is the
    result of a job that a worker died on twice."""
    todo = list(range(len(jobs)))  # a heap: the earliest job first, handed out again ones included
    done: dict[int, R] = {}
    deaths: Counter[int] = Counter()
    next_out = 0
    selector = selectors.DefaultSelector()
    pool: list[_Worker] = []
    failed_starts = 0
    finished = False

    def start() -> bool:
        nonlocal failed_starts
        try:
            worker = _Worker(argv)
        except OSError:
            failed_starts += 1
            return False
        pool.append(worker)
        selector.register(worker.fd, selectors.EVENT_READ, worker)
        return True

    def bury(worker: _Worker) -> None:
        nonlocal failed_starts
        selector.unregister(worker.fd)
        pool.remove(worker)
        worker.stop(wait=False)
        if not worker.ready:
            failed_starts += 1  # it could not even start: after two, do the rest here
        for n in worker.outstanding:
            deaths[n] += 1
            if deaths[n] >= 2:
                done[n] = died(jobs[n])
            else:
                heapq.heappush(todo, n)

    try:
        for _ in range(workers):
            start()
        while next_out < len(jobs):
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if next_out >= len(jobs):
                break
            if failed_starts >= 2 or not pool:
                break  # the rest here, in this process
            for worker in list(pool):
                while len(worker.outstanding) < DEPTH and todo and todo[0] < next_out + WINDOW:
                    n = heapq.heappop(todo)
                    if not worker.send(n, jobs[n]):
                        heapq.heappush(todo, n)
                        bury(worker)
                        break
            for key, _ in selector.select(timeout=1.0):
                worker = key.data
                messages = worker.receive()
                if messages is None:
                    bury(worker)
                    if failed_starts < 2:
                        start()
                    continue
                for n, result in messages:
                    done[n] = result
        for n in range(next_out, len(jobs)):
            yield done.pop(n) if n in done else in_process(jobs[n])
        finished = True
    finally:
        for worker in pool:
            worker.stop(wait=finished)
        selector.close()
