"""A worker process of an import (see store/workers.py): `python -m store.import_worker ROOT`.

Reads `(n, Job)` messages on stdin until its end, answers each with `(n, Result)` on stdout.
It dies with its parent: stdin ends when the parent dies, a write to a parent that has gone
fails (EPIPE), and a watch thread ends it mid-file when its parent process is no more.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any, cast

from store.workers import READY, read_message, write_message


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:  # re-parented: the importer has died
            os._exit(1)


def main(root: str) -> int:
    from store.importer import prepare

    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but messages may go to the parent's pipe
    write_message(stdout, (READY, None))
    while (message := read_message(stdin)) is not None:
        n, job = cast(tuple[int, Any], message)  # the parent sends (job number, job)
        write_message(stdout, (n, prepare(root, job)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1]))
    except (BrokenPipeError, KeyboardInterrupt):
        os._exit(1)  # the importer has gone or is stopping: nothing to say, nobody to say it to
