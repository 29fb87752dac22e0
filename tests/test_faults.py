"""Nothing lost under every fault: an import killed or out of disk space, inputs that would
exhaust the machine, files nested or locked away, and workers that outlive their parent.

Each test makes the fault happen for real: a process killed with SIGKILL, a write that
fails because the file-size limit or a tmpfs is full, a FIFO, /dev/zero, a file the user
may not read. (Damaged cache files and hostile documents: tests/test_safety.py.)
"""

from __future__ import annotations

import ctypes
import gzip
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import string
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from store.cache import Cache, encode_body
from store.files.content import read_content
from store.library import Library
from store.parsing import parse_file
from store.userdata import UserData
from tests.bench.corpus import generate
from tests.cli_run import KAMERLEZER, error_lines, kamerlezer
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

CONTEXT = multiprocessing.get_context("fork")
MARK = "Deze regel is nooit vastgelegd."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 generated documents of all families (enough for the import's worker processes)."""
    root = tmp_path_factory.mktemp("corpus")
    generate(40, root / "docs", seed=9)
    return root / "docs"


@pytest.fixture
def imported(corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the corpus imported into a new cache: (cache, documents)."""
    docs = tmp_path / "docs"
    shutil.copytree(corpus, docs)
    cache = tmp_path / "cache"
    assert not Library(cache).import_paths([docs]).failed
    return cache, docs


def append_mark(docs: Path) -> None:
    for path in sorted(docs.iterdir()):
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"\n\n{MARK}\n")


def assert_each_document_whole(cache_dir: Path) -> dict[str, bool]:
    """Every document reads as one committed version: its body is the one its row names, made
    from its stored text (the mark in one iff in the other), sizes agreeing. Per id, whether it
    reads as the new version."""
    said: list[str] = []
    library = Library(cache_dir, on_message=said.append)
    cache = Cache(cache_dir)
    new: dict[str, bool] = {}
    for row in cache.read_index().rows:
        doc = cache.read_body(row.id, row.sha256)  # the body the row names, checked against it
        source = cache.read_source(row.sha256)
        assert (MARK in doc.text) == (MARK in source), row.id
        assert len(doc.text) == row.size and len(doc.qa) == row.qa_count, row.id
        assert library.load(row.id).text == doc.text
        new[row.id] = MARK in doc.text
    assert not [m for m in said if "rebuilt" in m], said  # nothing had to be read again
    return new


# -- 1. an import killed, or out of space, half-way ---------------------------------------------


def _index_replaced(cache_dir: Path, since: int) -> bool:
    try:
        return os.stat(cache_dir / "index.json").st_ino != since
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("delay", [0.0, 0.15, 0.4, 0.8, 1.5])
def test_a_replacing_import_killed_at_any_moment_leaves_each_document_whole(
    imported: tuple[Path, Path], delay: float
) -> None:
    cache_dir, docs = imported
    append_mark(docs)
    first = os.stat(cache_dir / "index.json").st_ino
    proc = subprocess.Popen([str(KAMERLEZER), "--cache", str(cache_dir), "import", str(docs)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while not _index_replaced(cache_dir, first) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)  # the ids of the new versions are reserved: the import is replacing bodies now
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    new = assert_each_document_whole(cache_dir)
    listed = kamerlezer("--cache", cache_dir, "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 40
    assert all(line.endswith("that an interrupted import left behind") for line in error_lines(listed))
    assert not Cache(cache_dir).orphans(Cache(cache_dir).read_index())  # the check mended it
    # Importing the files again brings every document to its new version, whatever was committed.
    again = kamerlezer("--cache", cache_dir, "import", docs)
    assert again.returncode == 0, again.stderr
    assert f"{sum(not n for n in new.values())} replaced, {sum(new.values())} unchanged" in again.stdout
    assert all(assert_each_document_whole(cache_dir).values())


def stall_at_the_commit(cache_dir: str, docs: str, stalled: multiprocessing.synchronize.Event) -> None:
    """Import, stopping for good when index.json is about to be committed (links.json is written)."""
    write_index = Cache.write_index
    calls = []

    def stalling(self: Cache, index) -> None:
        calls.append(index)
        if len(calls) == 2:  # the first reserves the ids, the second commits
            stalled.set()
            time.sleep(600)
        write_index(self, index)

    Cache.write_index = stalling  # type: ignore[method-assign]
    Library(cache_dir).import_paths([docs])


def test_an_import_killed_between_links_and_index_leaves_links_that_are_mended(imported: tuple[Path, Path]) -> None:
    cache_dir, docs = imported
    append_mark(docs)
    for path in sorted(docs.iterdir())[5:]:
        path.unlink()  # fewer files: one process, no workers to stall
    stalled = CONTEXT.Event()
    child = CONTEXT.Process(target=stall_at_the_commit, args=(str(cache_dir), str(docs), stalled))
    child.start()
    assert stalled.wait(timeout=60)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert not any(assert_each_document_whole(cache_dir).values())  # links.json is ahead: nothing committed
    said: list[str] = []
    Library(cache_dir, on_message=said.append).check()
    assert any("links.json" in m and "read again from their text" in m for m in said), said
    assert kamerlezer("--cache", cache_dir, "import", docs).returncode == 0
    assert sum(assert_each_document_whole(cache_dir).values()) == 5  # the five files left


def _limit_file_size(size: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead of a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def test_an_import_whose_writes_fail_stops_in_one_line_and_changes_nothing(imported: tuple[Path, Path]) -> None:
    cache_dir, docs = imported
    append_mark(docs)
    big = sorted(docs.iterdir())[20]
    rng = random.Random(15)  # words that do not compress away: the files stored are compressed
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 10))) for _ in range(5000)]
    paragraphs = "".join(" ".join(rng.choices(words, k=60)) + ".\n\n" for _ in range(1500))
    big.write_text(big.read_text(encoding="utf-8") + paragraphs, encoding="utf-8")
    # A limit the stored text (written by a worker) stays under and the body (by the import) does not.
    source = len(gzip.compress(read_content(big).encode("utf-8"), compresslevel=1, mtime=0))
    body = len(encode_body(parse_file(big)))
    assert source * 1.02 < body, (source, body)
    before = {r.id: r.sha256 for r in Cache(cache_dir).read_index().rows}
    proc = subprocess.run([str(KAMERLEZER), "--cache", str(cache_dir), "import", str(docs)], capture_output=True,
                          text=True, timeout=120, preexec_fn=_limit_file_size((source + body) // 2))  # fmt: skip
    assert proc.returncode == 1 and proc.stdout == ""
    (line,) = error_lines(proc)
    assert line.startswith(f"kamerlezer: {cache_dir}") and "File too large: the import stopped before" in line, line
    assert {r.id: r.sha256 for r in Cache(cache_dir).read_index().rows} == before
    assert not any(assert_each_document_whole(cache_dir).values())
    assert kamerlezer("--cache", cache_dir, "import", docs).returncode == 0
    assert all(assert_each_document_whole(cache_dir).values())


UNSHARE = shutil.which("unshare")


def _can_mount_tmpfs() -> bool:
    if UNSHARE is None:
        return False
    probe = subprocess.run([UNSHARE, "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt 2>/dev/null || "
                            "mount -t tmpfs -o size=1m tmpfs /tmp"], capture_output=True)  # fmt: skip
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="no user namespace to mount a small tmpfs in")
def test_an_import_onto_a_full_disk_stops_in_one_line_and_changes_nothing(imported: tuple[Path, Path],
                                                                         tmp_path: Path) -> None:  # fmt: skip
    """A real ENOSPC: the cache on a tmpfs of its own size plus a little, inside a mount namespace."""
    cache_dir, docs = imported
    append_mark(docs)
    size = sum(p.stat().st_size for p in cache_dir.rglob("*") if p.is_file())
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
set -e
mount -t tmpfs -o size={size + 2_000_000} tmpfs {disk}
cp -a {cache_dir} {disk}/cache
set +e
{KAMERLEZER} --cache {disk}/cache import {docs} > {tmp_path}/out 2> {tmp_path}/err
echo $? > {tmp_path}/status
{sys.executable} -c "import sys; sys.path.insert(0, {str(Path(__file__).parents[1])!r}); \
from tests.test_faults import report; report({str(disk / 'cache')!r}, {str(tmp_path / 'report.json')!r})"
"""
    subprocess.run([UNSHARE, "-rm", "sh", "-c", script], check=True, timeout=300)
    assert (tmp_path / "status").read_text().strip() == "1"
    (line,) = (tmp_path / "err").read_text().splitlines()
    assert "No space left on device: the import stopped" in line and f"{disk}/cache" in line, line
    result = json.loads((tmp_path / "report.json").read_text())
    assert result["whole"] and not any(result["new"].values()), result


def report(cache_dir: str, out: str) -> None:
    """Inside the namespace of the test above: whether the cache is whole, and what it holds."""
    try:
        new = assert_each_document_whole(Path(cache_dir))
        whole = True
    except AssertionError:
        new, whole = {}, False
    Path(out).write_text(json.dumps({"whole": whole, "new": new}))


# -- 3. what is not a regular file --------------------------------------------------------------


def test_devices_and_fifos_are_refused_in_one_line_and_read_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS["001"], docs / "brief.txt")
    os.mkfifo(docs / "pijp.txt")
    (tmp_path / "nul.txt").symlink_to("/dev/zero")
    (tmp_path / "ruis.txt").symlink_to("/dev/urandom")
    named = [docs, tmp_path / "nul.txt", tmp_path / "ruis.txt", "/dev/zero"]  # links named are followed
    proc = subprocess.Popen([str(KAMERLEZER), "--cache", str(tmp_path / "cache"), "import", *map(str, named)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    peak = 0
    while proc.poll() is None:
        with _quiet():
            peak = max(peak, psutil.Process(proc.pid).memory_info().rss)
        time.sleep(0.01)
        assert peak < 500_000_000  # /dev/zero read whole took 12.9 GB
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "1 added" in out
    assert sorted(error_lines(subprocess.CompletedProcess([], 1, out, err))) == sorted([
        "kamerlezer: /dev/zero: not a regular file (a character device): not read",
        f"kamerlezer: {tmp_path / 'nul.txt'}: not a regular file (a character device): not read",
        f"kamerlezer: {tmp_path / 'ruis.txt'}: not a regular file (a character device): not read",
        f"kamerlezer: {docs / 'pijp.txt'}: not a regular file (a FIFO): not read",
    ])  # fmt: skip


class _quiet:
    """psutil may find the process gone between the poll and the look."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, *_: object) -> bool:
        return kind is not None and issubclass(kind, psutil.Error)


def test_a_link_out_of_the_imported_folder_is_not_followed_but_one_inside_is(tmp_path: Path) -> None:
    secret = tmp_path / "elders" / "geheim.txt"
    secret.parent.mkdir()
    shutil.copy(SEEDS["003"], secret)
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    shutil.copy(SEEDS["001"], docs / "sub" / "brief.txt")
    (docs / "naar-buiten.txt").symlink_to(secret)
    (docs / "buiten-map").symlink_to(secret.parent)
    (docs / "binnen.txt").symlink_to(docs / "sub" / "brief.txt")
    proc = kamerlezer("--cache", tmp_path / "cache", "import", docs)
    assert proc.returncode == 1
    assert "1 added" in proc.stdout
    refused = [line for line in error_lines(proc) if "symbolic link" in line]
    assert refused == [
        f"kamerlezer: {docs / 'buiten-map'}: a symbolic link that leads out of {docs}: not followed "
        "(name its target to import it)",
        f"kamerlezer: {docs / 'naar-buiten.txt'}: a symbolic link that leads out of {docs}: not followed "
        "(name its target to import it)",
    ]
    assert [e.source for e in Library(tmp_path / "cache").entries()] == [str(docs / "binnen.txt")]
    # Named on the command line, a link is followed: the user chose it.
    named = kamerlezer("--cache", tmp_path / "cache", "import", docs / "naar-buiten.txt")
    assert named.returncode == 0 and "1 added" in named.stdout


# -- 4. a long list of numbers in one citation --------------------------------------------------


def _limit_memory(size: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return apply


def test_a_citation_of_twenty_thousand_numbers_parses_in_linear_space(tmp_path: Path) -> None:
    numbers = ", ".join(map(str, range(20_000)))
    path = tmp_path / "nummers.txt"
    path.write_text(f"Brief\n\nKamerstuk 36 600, nrs. {numbers}\n", encoding="utf-8")
    proc = subprocess.run([str(KAMERLEZER), "parse", str(path), "--json"], capture_output=True, timeout=120,
                          preexec_fn=_limit_memory(2 << 30))  # fmt: skip (5 GB before the fix)
    assert proc.returncode == 0, proc.stderr[-500:]
    refs = json.loads(proc.stdout)["references"]
    assert len(refs) == 20_000 and refs[1]["key"] == "kst-36600-1" and refs[1]["text"] == "1"
    assert refs[0]["text"] == "Kamerstuk 36 600, nrs. 0"
    assert len(proc.stdout) < 60 * path.stat().st_size  # it grows with the text (before: with its square)
    cache = tmp_path / "cache"
    assert kamerlezer("--cache", cache, "import", path).returncode == 0
    (row,) = Cache(cache).read_index().rows
    assert Cache(cache).body_path(row.id, row.sha256).stat().st_size < 40 * path.stat().st_size


# -- 5. workers of an import that is killed -----------------------------------------------------


def test_the_workers_of_a_killed_import_die_with_it_and_release_its_output(corpus: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen([str(KAMERLEZER), "--cache", str(tmp_path / "cache"), "import", str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = [c for c in parent.children() if "store.import_worker" in " ".join(c.cmdline())]
        time.sleep(0.01)
    assert len(workers) == 2
    proc.kill()
    proc.wait()
    start = time.monotonic()
    assert proc.stdout is not None and proc.stdout.read() == b""  # end of file: nobody holds our pipe any more
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive and time.monotonic() - start < 10


# -- 6. and 7. cache and user files nested too deep, or locked away -----------------------------


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    assert not Library(cache).import_paths(sorted(SEEDS.values())).failed
    return cache


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("name", ["index.json", "links.json", "search/manifest.json"])
def test_a_cache_file_nested_too_deep_is_damage_mended_with_a_line_naming_it(seeded: Path, name: str) -> None:
    (seeded / name).write_text(DEEP)
    proc = kamerlezer("--cache", seeded, "list")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 6
    lines = error_lines(proc)
    assert lines and all(str(seeded / name) in line or "search index" in line for line in lines), lines
    assert kamerlezer("--cache", seeded, "search", "migratieagenda").returncode == 0


def test_a_user_file_nested_too_deep_is_set_aside_as_damaged(seeded: Path) -> None:
    (seeded / "user.json").write_text('{"notes": ' + DEEP + "}")
    proc = kamerlezer("--cache", seeded, "note", "list")
    assert proc.returncode == 0 and proc.stdout == "no notes\n"
    (line,) = error_lines(proc)
    assert line.startswith(f"kamerlezer: {seeded / 'user.json'} is damaged (nested too deeply")
    (aside,) = seeded.glob("user.json.damaged-*")
    assert aside.read_text().startswith('{"notes": [[[')


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_root_powers() -> None:
    """For a child run as root: without the capabilities that let root read any file (dropped
    from its bounding set, so the program it runs cannot have them back), as a user would be."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_user_file_that_may_not_be_read_is_said_and_left_alone(seeded: Path) -> None:
    doc_id = Library(seeded).entries()[0].id
    UserData.for_cache(seeded).add_note(doc_id, "p-1", "mijn notitie")
    user_file = seeded / "user.json"
    before = user_file.read_bytes()
    user_file.chmod(0o000)
    try:
        for args in (["note", "list"], ["note", "add", f"{doc_id}#p-2", "nog een"], ["bookmark", "list"]):
            proc = subprocess.run([str(KAMERLEZER), "--cache", str(seeded), *args], capture_output=True, text=True,
                                  timeout=60, preexec_fn=_without_root_powers)  # fmt: skip
            assert proc.returncode == 1 and proc.stdout == ""
            assert error_lines(proc) == [
                f"kamerlezer: {user_file}: cannot be read (Permission denied): see its owner and permissions; "
                "nothing was changed"
            ]
    finally:
        user_file.chmod(0o600)
    assert user_file.read_bytes() == before and not list(seeded.glob("user.json.damaged-*"))
    assert [n.text for n in UserData.for_cache(seeded).notes()] == ["mijn notitie"]


def test_a_directory_in_place_of_the_index_is_named_in_one_line(seeded: Path) -> None:
    (seeded / "index.json").unlink()
    (seeded / "index.json").mkdir()
    proc = kamerlezer("--cache", seeded, "list")
    assert proc.returncode == 1
    assert error_lines(proc) == [f"kamerlezer: {seeded / 'index.json'}: is a directory, not a file (move it out "
                                 "of the way)"]  # fmt: skip
    assert (seeded / "index.json").is_dir() and list((seeded / "sources").rglob("*.txt.gz"))


# -- 10. smaller ones ---------------------------------------------------------------------------


@pytest.mark.parametrize("anchor", ["p-²", "p-١", "qa-٣", "sec-①"])
def test_anchors_take_ascii_digits_only(seeded: Path, anchor: str) -> None:
    doc_id = Library(seeded).entries()[0].id
    proc = kamerlezer("--cache", seeded, "note", "add", f"{doc_id}#{anchor}", "tekst")
    assert proc.returncode == 1
    assert error_lines(proc) == [f"kamerlezer: unknown anchor {anchor!r}: use qa-N, fn-N, sec-N or p-N"]
    assert not (seeded / "user.json").exists() or UserData.for_cache(seeded).notes() == []


def test_a_rebuild_keeps_a_document_whose_stored_text_is_damaged_but_whose_body_is_whole(
    seeded: Path, tmp_path: Path
) -> None:
    letter = tmp_path / "brief.txt"
    text = SEEDS["001"].read_text(encoding="utf-8") + "\nNaschrift.\n"
    letter.write_text(text, encoding="utf-8")
    library = Library(seeded)
    (doc_id,) = library.import_paths([letter]).added
    letter.unlink()  # the original is gone: the stored text is all there is
    cache = Cache(seeded)
    row = next(r for r in cache.read_index().rows if r.id == doc_id)
    source = seeded / "sources" / row.sha256[:2] / f"{row.sha256}.txt.gz"
    source.write_bytes(source.read_bytes()[:100])
    (seeded / "index.json").unlink()
    said: list[str] = []
    rebuilt = Library(seeded, on_message=said.append)
    assert doc_id in [e.id for e in rebuilt.entries()]
    assert rebuilt.load(doc_id).text == library.load(doc_id).text
    assert any(m.startswith(f"{letter}: its stored text is damaged") and f"kept {doc_id} as last read" in m
               for m in said), said  # fmt: skip
    assert cache.body_path(row.id, row.sha256).exists()
    # The file brought back and imported again stores its text again.
    letter.write_text(text, encoding="utf-8")
    assert rebuilt.import_paths([letter]).unchanged == (doc_id,)
    assert cache.read_source(row.sha256) == text


def test_garbled_search_postings_are_found_and_the_index_rebuilt(seeded: Path) -> None:
    expected = [h.id for h in Library(seeded).search("migratie")]
    (segment,) = (seeded / "search").glob("seg-*.kls")
    data = bytearray(segment.read_bytes())
    for i in range(len(data) * 2 // 3, len(data), 3):  # the postings lie at the end of the file
        data[i] ^= 0x5A
    segment.write_bytes(bytes(data))
    said: list[str] = []
    library = Library(seeded, on_message=said.append)
    assert [h.id for h in library.search("migratie")] == expected
    assert any("is damaged (checksum" in m and "search index rebuilt" in m for m in said), said


def test_an_id_never_holds_a_hash_so_every_document_can_be_bookmarked(tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(SEEDS["001"].read_text(encoding="utf-8").replace("\n3963666\n", "\nBZ#3963666\n"))
    cache = tmp_path / "cache"
    assert kamerlezer("--cache", cache, "import", letter).returncode == 0
    (entry,) = Library(cache).entries()
    assert entry.id == "kenmerk-BZ-3963666"
    assert Library(cache).load(entry.id).identifiers.kenmerk == "BZ#3963666"
    proc = kamerlezer("--cache", cache, "bookmark", "add", f"{entry.id}#p-2")
    assert proc.returncode == 0 and proc.stdout == f"bookmark 1: {entry.id}#p-2\n"
