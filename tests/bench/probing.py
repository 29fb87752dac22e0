"""What the bench's reader probes share: running one in a fresh process, timed from before its
start, and waiting in it for what the app shows. The app without the bundled samples is in
reader_probe.py (it imports Textual, which the bench's own process does not need)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TIMEOUT = 120.0


def run_probe(module: str, arguments: list[str]) -> dict:
    """Run `python -m tests.bench.MODULE ARGUMENTS --t0 NOW` and give the JSON of its last line.
    `--t0` is the wall clock just before the process starts: its interpreter and imports count."""
    command = [sys.executable, "-m", f"tests.bench.{module}", *arguments]
    t0 = time.time()
    done = subprocess.run(
        [*command, "--t0", repr(t0)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the probe {module} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def until(condition: Callable[[], object], what: str, poll: float) -> None:
    """Wait (polling every `poll` s) until `condition()` holds; TimeoutError after TIMEOUT."""
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"waited {TIMEOUT:.0f} s for {what}")
        await asyncio.sleep(poll)
