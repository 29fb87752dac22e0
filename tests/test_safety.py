"""Nothing lost, and hostile input: what the user wrote survives a full disk, a damaged cache is
said and rebuilt (in the reader and on the command line), a damaged user file is moved aside,
files are private whatever the umask, and hostile documents import (or are refused in one line)
and are shown literally.

(Writers at the same time and writers killed with SIGKILL: tests/test_userdata_processes.py.)
"""

from __future__ import annotations

import asyncio
import errno
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from store.library import Library
from store.userdata import UserData, UserDataError
from tests.cli_run import KAMERLEZER, error_lines, kamerlezer
from tests.conftest import SEEDS
from tests.tui.conftest import SIZE_LARGE, notifications, screen_text, settle
from tui.app import KamerlezerApp

CONTEXT = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
ANSI_SGR = re.compile(r"\x1b\[[0-9;]*m")  # our own styling, when colour is forced


@pytest.fixture(scope="module")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A cache holding the five seeds, and their ids in index order."""
    cache = tmp_path_factory.mktemp("seeds") / "cache"
    report = Library(cache).import_paths(sorted(SEEDS.values()))
    assert not report.failed
    return cache, list(report.added)


@pytest.fixture
def seeded(seed_template: tuple[Path, list[str]], tmp_path: Path) -> Path:
    cache = tmp_path / "seeded"
    shutil.copytree(seed_template[0], cache)
    return cache


@pytest.fixture
def ids(seed_template: tuple[Path, list[str]]) -> list[str]:
    return seed_template[1]


def run_reader(app: KamerlezerApp, scenario: Callable | None = None) -> None:
    """The real reader, headless, with notifications shown; waits until it has opened the library."""

    async def main() -> None:
        async with app.run_test(size=SIZE_LARGE, notifications=True) as pilot:
            await settle(pilot)
            if scenario is not None:
                await scenario(pilot)

    asyncio.run(main())


# -- a write that fails -------------------------------------------------------------------------

DISK_FULL = """
import errno, os, sys
def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
os.fsync = full  # every write of ours is fsynced before it replaces a file
from kamerlezer.cli import main
sys.exit(main(sys.argv[1:]))
"""


def limit_file_size(size: int) -> Callable[[], None]:
    """For a child process: writes past `size` bytes fail with EFBIG, a real failing write."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error from write(), not a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def add_note_with_a_size_limit(cache_dir: str, limit: int, result: multiprocessing.queues.Queue) -> None:
    limit_file_size(limit)()
    try:
        UserData.for_cache(Path(cache_dir)).add_note("kst-1", "p-2", "verloren " * 50)
    except UserDataError as exc:
        result.put(str(exc))
    else:
        result.put(None)


def test_a_write_that_really_fails_leaves_the_users_file_as_it_was(cache_dir: Path) -> None:
    user = UserData.for_cache(cache_dir)
    kept = user.add_note("kst-1", "p-1", "bewaard")
    before = (cache_dir / "user.json").read_bytes()
    result = CONTEXT.Queue()
    child = CONTEXT.Process(target=add_note_with_a_size_limit, args=(str(cache_dir), len(before) + 16, result))
    child.start()
    message = result.get(timeout=60)
    child.join(timeout=60)
    assert message is not None, "the write did not fail"
    assert "\n" not in message and str(cache_dir / "user.json") in message
    assert "File too large" in message and "unchanged" in message
    assert (cache_dir / "user.json").read_bytes() == before
    assert not list(cache_dir.glob(".user.json.*"))
    assert user.notes() == [kept]


@pytest.mark.parametrize("how", ["disk-full", "file-too-large"])
def test_note_add_on_a_full_disk_is_one_line_exit_1_and_the_file_unchanged(seeded: Path, ids: list[str], how: str):
    first = kamerlezer("--cache", seeded, "note", "add", f"{ids[0]}#p-1", "bewaard")
    assert first.returncode == 0, first.stderr
    user_file = seeded / "user.json"
    before = user_file.read_bytes()
    args = ["--cache", str(seeded), "note", "add", f"{ids[0]}#p-2", "verloren " * 50]
    if how == "disk-full":
        proc = subprocess.run([sys.executable, "-c", DISK_FULL, *args], capture_output=True, text=True, timeout=60)
        reason = "No space left on device"
    else:
        proc = subprocess.run(
            [str(KAMERLEZER), *args], capture_output=True, text=True, timeout=60,
            preexec_fn=limit_file_size(len(before) + 16),
        )  # fmt: skip
        reason = "File too large"
    assert proc.returncode == 1 and proc.stdout == ""
    assert error_lines(proc) == [f"kamerlezer: {user_file}: could not be saved ({reason}); it is unchanged"]
    assert user_file.read_bytes() == before
    assert not list(seeded.glob(".user.json.*"))
    listed = kamerlezer("--cache", seeded, "note", "list", "--json")
    assert [n["text"] for n in json.loads(listed.stdout)] == ["bewaard"]


def test_a_user_file_that_cannot_be_locked_is_one_line_in_store_and_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    cache = tmp_path / "file" / "cache"
    user = UserData.for_cache(cache)
    for attempt in (user.notes, lambda: user.add_note("kst-1", "p-1", "x")):
        with pytest.raises(UserDataError) as failure:
            attempt()
        assert str(failure.value) == f"{cache / 'user.lock'}: cannot be locked (Not a directory)"
    proc = kamerlezer("--cache", cache, "note", "list")
    assert proc.returncode == 1 and proc.stdout == ""
    assert error_lines(proc) == [f"kamerlezer: {cache / 'user.lock'}: cannot be locked (Not a directory)"]


def test_a_damaged_user_file_that_cannot_be_moved_aside_is_left_alone_and_said(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir.mkdir()
    (cache_dir / "user.json").write_bytes(DAMAGED_USER_FILE)

    def refused(*args: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "rename", refused)
    user = UserData.for_cache(cache_dir)
    for attempt in (user.notes, lambda: user.add_note("kst-1", "p-1", "x")):
        with pytest.raises(UserDataError, match="is empty|is damaged") as failure:
            attempt()
        assert "cannot be moved aside (Permission denied)" in str(failure.value) and "\n" not in str(failure.value)
    assert (cache_dir / "user.json").read_bytes() == DAMAGED_USER_FILE  # never overwritten
    assert sorted(p.name for p in cache_dir.iterdir()) == ["user.json", "user.lock"]


def test_the_users_file_goes_through_our_storage_never_tinydbs_own(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tinydb.storages

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("tinydb's JSONStorage writes in place, without a lock")

    monkeypatch.setattr(tinydb.storages.JSONStorage, "__init__", refused)
    user = UserData.for_cache(cache_dir)
    note = user.add_note("kst-1", "p-1", "een")
    user.add_bookmark("kst-1", "p-2")
    user.update_note(note.id, "twee")
    assert [n.text for n in user.notes()] == ["twee"] and len(user.bookmarks()) == 1


# -- a damaged cache ----------------------------------------------------------------------------


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _other_schema(cache: Path) -> None:
    index = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    index["meta"]["1"]["schema"] = 0
    (cache / "index.json").write_text(json.dumps(index), encoding="utf-8")


def _body_of(cache: Path, doc_id: str) -> Path:
    from store.cache import Cache

    (row,) = [r for r in Cache(cache).read_index().rows if r.id == doc_id]
    return Cache(cache).body_path(row.id, row.sha256)


# What is damaged, and a part of what the user is told.
DAMAGE: dict[str, tuple[Callable[[Path, list[str]], None], str]] = {
    "index-truncated": (lambda c, ids: _truncate(c / "index.json"), "cache rebuilt from 5 sources"),
    "index-not-json": (lambda c, ids: (c / "index.json").write_bytes(b"\x00{nee"), "cache rebuilt from 5 sources"),
    "index-empty": (lambda c, ids: (c / "index.json").write_bytes(b""), "cache rebuilt from 5 sources"),
    "index-other-schema": (lambda c, ids: _other_schema(c), "cache of schema 0"),
    "body-missing": (lambda c, ids: _body_of(c, ids[1]).unlink(), "rebuilt from its source"),
    "links-truncated": (lambda c, ids: _truncate(c / "links.json"), "the links of 5 documents read again"),
    "search-manifest-damaged": (
        lambda c, ids: (c / "search" / "manifest.json").write_bytes(b"{]"), "search index rebuilt for 5 documents"
    ),
    "search-segment-truncated": (
        lambda c, ids: _truncate(next((c / "search").glob("seg-*.kls"))), "search index rebuilt for 5 documents"
    ),
}


def assert_mended(cache: Path, ids: list[str]) -> None:
    """Every document is there and reads, and the cache has nothing left to say."""
    said: list[str] = []
    library = Library(cache, on_message=said.append)
    library.check()
    assert [e.id for e in library.entries()] == ids
    assert all(library.load(i).id == i for i in ids)
    assert library.search("migratieagenda")
    assert said == []


@pytest.mark.parametrize("case", list(DAMAGE))
def test_the_reader_says_a_damaged_cache_is_rebuilt_and_shows_the_documents(
    seeded: Path, ids: list[str], tmp_path: Path, case: str
) -> None:
    damage, told = DAMAGE[case]
    damage(seeded, ids)
    app = KamerlezerApp(seeded, config_dir=tmp_path / "config")

    async def scenario(pilot) -> None:
        assert any(told in message for message in notifications(app)), notifications(app)
        assert "rebuilt" in screen_text(app) or "read again" in screen_text(app)  # the notification is on screen
        assert "Library · 5 documents" in screen_text(app)
        assert [e.id for e in app.services.library.entries()] == ids
        from store.anchors import Place

        app.main_screen.open_place(Place(ids[1], None))
        await settle(pilot)
        title = app.services.library.get(ids[1]).title
        assert title[:30] in screen_text(app)

    run_reader(app, scenario)
    assert app.return_code in (None, 0)
    assert_mended(seeded, ids)


@pytest.mark.parametrize("case", list(DAMAGE))
def test_kamerlezer_list_says_a_damaged_cache_is_rebuilt_and_lists_the_documents(
    seeded: Path, ids: list[str], case: str
) -> None:
    damage, told = DAMAGE[case]
    damage(seeded, ids)
    proc = kamerlezer("--cache", seeded, "list")
    assert proc.returncode == 0, proc.stderr
    lines = error_lines(proc)
    assert lines and all(line.startswith("kamerlezer: ") for line in lines)
    assert any(told in line for line in lines), lines
    assert all(i in proc.stdout for i in ids)
    assert_mended(seeded, ids)


def test_list_on_a_whole_cache_does_not_wait_for_an_import_elsewhere(seeded: Path, ids: list[str]) -> None:
    from store.atomic import FileLock

    with FileLock(seeded / "cache.lock"):  # as a long import in another process holds it
        proc = kamerlezer("--cache", seeded, "list", timeout=60)
    assert proc.returncode == 0 and error_lines(proc) == []
    assert all(i in proc.stdout for i in ids)


# -- a damaged user file ------------------------------------------------------------------------

DAMAGED_USER_FILE = b'{"notes": {"1": {"doc_id": "kst-1", "anchor": "p-1", "te'


def test_the_reader_moves_a_damaged_user_file_aside_says_where_and_starts_empty(
    seeded: Path, ids: list[str], tmp_path: Path
) -> None:
    (seeded / "user.json").write_bytes(DAMAGED_USER_FILE)
    app = KamerlezerApp(seeded, config_dir=tmp_path / "config")

    async def scenario(pilot) -> None:
        (aside,) = seeded.glob("user.json.damaged-*")
        assert re.fullmatch(r"user\.json\.damaged-\d{8}-\d{6}(-\d+)?", aside.name)
        assert any(str(aside) in message for message in notifications(app)), notifications(app)
        assert "damaged-" in screen_text(app)
        user = app.services.userdata
        assert user.notes() == [] and user.bookmarks() == []
        user.add_bookmark(ids[0], "p-1")  # the new file takes what the user does next

    run_reader(app, scenario)
    (aside,) = seeded.glob("user.json.damaged-*")
    assert aside.read_bytes() == DAMAGED_USER_FILE  # never overwritten
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert [b.doc_id for b in UserData.for_cache(seeded).bookmarks()] == [ids[0]]


def test_the_command_line_moves_a_damaged_user_file_aside_with_a_line_on_stderr(seeded: Path) -> None:
    (seeded / "user.json").write_bytes(DAMAGED_USER_FILE)
    proc = kamerlezer("--cache", seeded, "note", "list")
    assert proc.returncode == 0 and proc.stdout.strip() == "no notes"
    (aside,) = seeded.glob("user.json.damaged-*")
    (line,) = error_lines(proc)
    assert line.startswith(f"kamerlezer: {seeded / 'user.json'} is damaged") and str(aside) in line
    assert aside.read_bytes() == DAMAGED_USER_FILE


# -- private files, whatever the umask ----------------------------------------------------------


def assert_private(root: Path) -> int:
    """Every directory under `root` (itself included) 0700, every file 0600; how many there are."""
    paths = [root, *root.rglob("*")]
    for path in paths:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path} is {oct(mode)}"
    return len(paths)


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_what_the_command_line_creates_is_private_whatever_the_umask(
    tmp_path: Path, ids: list[str], umask: int
) -> None:
    top = tmp_path / "made"  # none of it exists yet: every directory on the way is ours
    cache = top / "deeper" / "cache"
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local" / "share"), "KAMERLEZER_CONFIG": str(top / "config")}  # fmt: skip

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(KAMERLEZER), "--cache", str(cache), *map(str, args)],
            capture_output=True, text=True, env=env, timeout=120, umask=umask,
        )  # fmt: skip
        assert "Traceback" not in proc.stderr
        return proc

    assert run("import", *sorted(SEEDS.values())).returncode == 0
    assert run("note", "add", f"{ids[0]}#p-1", "geheim").returncode == 0
    assert run("bookmark", "add", ids[1]).returncode == 0
    assert run("search", "migratieagenda").returncode == 0
    (cache / "user.json").write_bytes(DAMAGED_USER_FILE)
    (cache / "user.json").chmod(0o666)  # as another program might leave it
    assert run("note", "list").returncode == 0
    assert run("note", "add", f"{ids[0]}#p-2", "opnieuw").returncode == 0
    (cache / "links.json").unlink()
    (cache / "search" / "manifest.json").unlink()
    assert run("list").returncode == 0  # rebuilt
    names = {p.name for p in cache.iterdir()}
    assert {"index.json", "links.json", "user.json", "user.lock", "cache.lock", "bodies", "sources", "search"} <= names
    assert any(name.startswith("user.json.damaged-") for name in names)
    assert assert_private(top) > 25


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_what_the_reader_creates_is_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    top = tmp_path / "made"
    cache, config = top / "data" / "cache", top / "config"
    app = KamerlezerApp(cache, config_dir=config)

    async def scenario(pilot) -> None:
        entries = app.services.library.entries()
        assert len(entries) == 5  # the bundled documents, imported at the first start
        app.services.userdata.add_note(entries[0].id, "p-1", "geheim")
        app.services.library.search("migratieagenda")

    old = os.umask(umask)
    try:
        run_reader(app, scenario)
    finally:
        os.umask(old)
    assert {"index.json", "links.json", "user.json", "bodies", "sources", "search"} <= {p.name for p in cache.iterdir()}
    assert assert_private(top) > 25


# -- hostile documents --------------------------------------------------------------------------

TITLE = "Brief van de minister over de migratieagenda\n\n"
HOSTILE: dict[str, str] = {
    "escapes": TITLE + "Rood: \x1b[31mrood\x1b[0m. Klembord: \x1b]52;c;aGFjaw==\x07. Wissen: \x1b[2J\x1b[H. "
    "Acht bits: \x9b31m. Een link: \x1b]8;;https://kwaad.example\x1b\\klik\x1b]8;;\x1b\\. Bel: \x07.\n",
    "markup": TITLE + "[bold]vet[/bold], [link=https://kwaad.example]klik[/link], [/], [red on blue]x[/] en :smile:.\n",
    "one-mb-line": TITLE + "woord " * 175_000 + "\n",
    "nul-bytes": TITLE + "Tekst\x00met\x00NUL\x00bytes.\n",
    "nested-quotes": TITLE + ">" * 10_000 + " diep\n",
    "nested-list": TITLE + "- " * 10_000 + "diep\n",
    "nested-ordered-list": TITLE + "1. " * 10_000 + "diep\n",
    "indented-list": TITLE + "".join(" " * level + "- niveau\n" for level in range(3_000)),
    # 10,000 levels of indentation, one space each, is 50 MB: over the size limit, refused unread.
    "indented-list-10000": TITLE + "".join(" " * level + "- niveau\n" for level in range(10_000)),
    "quote-staircase": TITLE + "".join(">" * level + " niveau\n" for level in range(1, 2_000)),
    "ten-thousand-markers": TITLE + "".join(f"Zin{n}[^{n}]. " for n in range(1, 10_001))
    + "\n\n" + "".join(f"[^{n}]: Noot {n}.\n" for n in range(1, 10_001)),
    "one-marker-ten-thousand-times": TITLE + "Zin[^1]. " * 10_000 + "\n\n[^1]: De noot.\n",
    "empty-quotes": TITLE + "\n\n>" * 4_000 + "\n",
    "blank-lines": TITLE + "\n" * 100_000 + "Einde.\n",
    "paragraphs-each-continuing-the-last": TITLE + "\n\nen" * 200_000 + "\n",
    # Each of 5,000 references stored the whole citation: a 139 MB body, `show` took 106 s.
    "citation-of-5000-numbers": TITLE + "Kamerstuk 36 600, nrs. " + ", ".join(map(str, range(5_000))) + "\n",
}


@pytest.fixture(scope="module")
def hostile_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path], dict[str, object]]:
    """Each hostile file imported on its own (a process each) into one cache: the cache, the files,
    and per file its id, or the one line it was refused with."""
    work = tmp_path_factory.mktemp("hostile")
    cache = work / "cache"
    files, outcome = {}, {}
    for name, text in HOSTILE.items():
        path = work / f"{name}.txt"
        # Each its own title, so each its own id (ids come from what a document says, never its file name).
        path.write_bytes(text.replace(TITLE, f"{TITLE.strip()} {name}\n\n", 1).encode("utf-8"))
        files[name] = path
        proc = kamerlezer("--cache", cache, "import", path, timeout=60)  # generous: a guard against a hang
        lines = error_lines(proc)
        if proc.returncode == 0:
            assert lines == [] and "1 added" in proc.stdout, (name, proc.stdout)
            (entry,) = [e for e in Library(cache).entries() if e.source == str(path)]
            outcome[name] = entry.id
        else:
            assert proc.returncode == 1, (name, proc.returncode)
            assert len(lines) == 1 and lines[0].startswith(f"kamerlezer: {path}: "), (name, lines)
            outcome[name] = lines[0]
    return cache, files, outcome


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_document_is_imported_or_refused_in_one_line(hostile_import, name: str) -> None:
    cache, files, outcome = hostile_import
    if name == "nul-bytes":
        assert outcome[name] == f"kamerlezer: {files[name]}: binary file, not text"
    elif name == "indented-list-10000":
        assert outcome[name] == f"kamerlezer: {files[name]}: too large (50.1 MB; the limit is 16 MB)"
    else:
        assert isinstance(outcome[name], str) and not outcome[name].startswith("kamerlezer:"), outcome[name]
        assert Library(cache).load(outcome[name]).title.startswith("Brief van de minister")


@pytest.mark.parametrize("name", [n for n in HOSTILE if n not in ("nul-bytes", "indented-list-10000")])
def test_show_prints_a_hostile_document_literally(hostile_import, name: str) -> None:
    cache, files, outcome = hostile_import
    for env in ({}, {"FORCE_COLOR": "1", "COLUMNS": "200"}):  # into a pipe, and as if into a colour terminal
        proc = kamerlezer("--cache", cache, "show", outcome[name], env={**os.environ, **env}, timeout=120)
        assert proc.returncode == 0 and error_lines(proc) == []
        text = ANSI_SGR.sub("", proc.stdout)
        assert not {"\x1b", "\x07", "\x9b", "\x00"} & set(text)
        if name == "escapes":
            assert "␛[31mrood␛[0m" in text and "␛]52;c;aGFjaw==␇" in text and "␛[2J" in text
        if name == "markup":
            words = " ".join(text.split())  # the paragraph is wrapped to the terminal's width
            assert "[bold]vet[/bold], [link=https://kwaad.example]klik[/link], [/], [red on blue]x[/]" in words
            assert ":smile:" in words
        if name == "one-mb-line":
            assert text.count("woord") >= 175_000


def test_list_and_search_print_hostile_titles_and_snippets_literally(hostile_import) -> None:
    cache, files, outcome = hostile_import
    for args in (["list"], ["search", "rood klembord"], ["search", "vet klik"]):
        for env in ({}, {"FORCE_COLOR": "1", "COLUMNS": "200"}):
            proc = kamerlezer("--cache", cache, *args, env={**os.environ, **env})
            assert proc.returncode == 0 and error_lines(proc) == []
            text = ANSI_SGR.sub("", proc.stdout)
            assert not {"\x1b", "\x07", "\x9b", "\x00"} & set(text), args
            assert "doc-brief-van-de-minister-over" in text or args == ["search", "vet klik"]  # cut on a terminal
    hits = kamerlezer("--cache", cache, "search", "vet klik").stdout
    assert "[bold]vet[/bold]" in hits or "[link=https://kwaad.example]klik" in hits
