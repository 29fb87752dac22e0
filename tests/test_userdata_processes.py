"""Nothing the user wrote is lost: real processes writing the user's file at once, and a
writer killed with SIGKILL at random moments. (A full disk: tests/test_userdata.py.)"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from store.userdata import UserData

pytestmark = pytest.mark.slow

# fork starts a writer in milliseconds; spawn (where there is no fork) imports this module anew.
CONTEXT = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def add_notes(cache_dir: str, writer: int, count: int, start: multiprocessing.synchronize.Event) -> None:
    user = UserData.for_cache(Path(cache_dir))
    start.wait()
    for i in range(count):
        user.add_note(f"doc-{writer}", "p-1", f"{writer}:{i}")


def add_until_killed(cache_dir: str, report: str, first: int) -> None:
    """Add notes without end; after each add returns, say so in `report` (unbuffered)."""
    user = UserData.for_cache(Path(cache_dir))
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    n = first
    while True:
        note = user.add_note("doc", "p-1", f"note {n} " + "x" * 500)  # long: writing takes a while
        os.write(fd, f"{note.id} {note.text}\n".encode())
        n += 1


def add_and_stall_at_the_rename(cache_dir: str, moment: str, stalled: multiprocessing.synchronize.Event) -> None:
    """Add a note, but stop for good just before (or just after) the new file replaces the old."""
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if moment == "after":
            real_replace(src, dst)
        stalled.set()
        time.sleep(3600)

    os.replace = replace
    UserData.for_cache(Path(cache_dir)).add_note("doc", "p-1", "never returned")


def read_notes(cache_dir: Path) -> dict[int, str]:
    """The notes in the file, checking on the way that it is whole JSON and reads without complaint."""
    json.loads((cache_dir / "user.json").read_text(encoding="utf-8"))
    complaints: list[str] = []
    notes = UserData.for_cache(cache_dir, on_message=complaints.append).notes()
    assert complaints == []
    return {n.id: n.text for n in notes}


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_writer_killed_at_the_rename_leaves_the_old_file_or_the_new(cache_dir: Path, moment: str) -> None:
    user = UserData.for_cache(cache_dir)
    kept = user.add_note("doc", "p-1", "kept")
    stalled = CONTEXT.Event()
    writer = CONTEXT.Process(target=add_and_stall_at_the_rename, args=(str(cache_dir), moment, stalled))
    writer.start()
    assert stalled.wait(timeout=30)
    os.kill(writer.pid, signal.SIGKILL)
    writer.join()
    notes = read_notes(cache_dir)
    assert notes == ({kept.id: "kept"} if moment == "before" else {kept.id: "kept", kept.id + 1: "never returned"})
    assert user.add_note("doc", "p-1", "next").id == kept.id + (1 if moment == "before" else 2)
    assert not list(cache_dir.glob(".user.json.*.tmp"))


@pytest.mark.parametrize("writers", [2, 4])
def test_writers_at_the_same_time_lose_no_note(cache_dir: Path, writers: int) -> None:
    start = CONTEXT.Event()
    processes = [CONTEXT.Process(target=add_notes, args=(str(cache_dir), w, 250, start)) for w in range(writers)]
    for p in processes:
        p.start()
    start.set()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0
    notes = read_notes(cache_dir)
    assert len(notes) == 250 * writers
    assert sorted(notes.values()) == sorted(f"{w}:{i}" for w in range(writers) for i in range(250))
    assert sorted(notes) == list(range(1, 250 * writers + 1))  # ids chosen under the lock: no two alike


def test_a_writer_killed_at_any_moment_leaves_every_note_it_had_added(cache_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(20261122)
    added: dict[int, str] = {}
    mid_write = 0  # kills that caught a write half-way (its temp file left behind)
    for kill in range(60):
        report = tmp_path / f"report-{kill}"
        writer = CONTEXT.Process(target=add_until_killed, args=(str(cache_dir), str(report), len(added) * 10))
        writer.start()
        time.sleep(rng.uniform(0.002, 0.06))
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert writer.exitcode == -signal.SIGKILL
        mid_write += bool(list(cache_dir.glob(".user.json.*.tmp")))
        if report.exists():
            for line in report.read_text().splitlines():
                note_id, text = line.split(" ", 1)
                added[int(note_id)] = text
        if (cache_dir / "user.json").exists():
            notes = read_notes(cache_dir)
            assert {i: notes.get(i) for i in added} == added
    assert len(added) > 60  # the writer got on between the kills
    assert mid_write >= 5  # and the kills fell inside writes too (about half of them do)
    assert not list(cache_dir.glob("user.json.damaged-*"))
    UserData.for_cache(cache_dir).add_note("doc", "p-1", "after")  # a writer clears what killed ones left
    assert not list(cache_dir.glob(".user.json.*.tmp"))
