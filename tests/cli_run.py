"""Running the installed `kamerlezer` command as a user would, in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

# The console script of the environment running the tests (.venv/bin/kamerlezer under `make test`).
KAMERLEZER = Path(sys.executable).parent / "kamerlezer"


def kamerlezer(*args: str | Path, input: str | bytes | None = None, env: dict[str, str] | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run `kamerlezer ARGS`; stdout and stderr as text (stdin may be bytes)."""
    proc = subprocess.run(
        [str(KAMERLEZER), *map(str, args)],
        input=input.encode() if isinstance(input, str) else input,
        capture_output=True,
        env=env,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )


def kamerlezer_json(*args: str | Path) -> Any:
    """Run `kamerlezer ARGS --json`, which must succeed, and read its output."""
    proc = kamerlezer(*args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines on stderr; never a traceback."""
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr.splitlines()
