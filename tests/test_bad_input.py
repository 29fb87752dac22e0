"""Bad input on the command line: one line per bad file naming it and the problem, every good
file imported, exit 1, no traceback, and the cache whole afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from store.decoding import MAX_BYTES
from store.library import Library
from tests.cli_run import KAMERLEZER, error_lines, kamerlezer
from tests.conftest import SAMPLE_DATA, SEEDS


@pytest.fixture
def seeded(cache_dir: Path) -> list[str]:
    """The cache holds the five seeds; their ids."""
    return list(Library(cache_dir).import_paths([SAMPLE_DATA]).added)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A good file that is not in the cache yet."""
    return write_good(tmp_path / "good.txt")


def write_good(path: Path) -> Path:
    path.write_text("Notitie over de migratieagenda\n\nEen korte maar goede tekst.\n", encoding="utf-8")
    return path


def write_bytes(data: bytes) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


def sparse_50_mb(path: Path) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB on paper, nothing on disk, and never read
    return path


def assert_whole(cache_dir: Path, ids: list[str]) -> None:
    library = Library(cache_dir)
    assert [e.id for e in library.entries()][: len(ids)] == ids
    for doc_id in ids:
        assert library.load(doc_id).id == doc_id


BAD = {
    "empty": (write_bytes(b""), "empty file"),
    "white-space": (write_bytes(b" \n\n\t \r\n"), "contains only white space"),
    "binary": (write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8), "binary file, not text"),
    "invisible-only": (write_bytes("\u200b\u2060\n".encode()), "empty file"),  # decodes, but the parser finds nothing
    "50-mb": (sparse_50_mb, "too large (52.4 MB; the limit is 16 MB)"),
    "missing": (lambda path: path, "no such file"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_is_one_line_and_the_good_ones_are_imported(
    case: str, cache_dir: Path, tmp_path: Path, seeded: list[str], good: Path
) -> None:
    make, problem = BAD[case]
    bad = make(tmp_path / f"{case}.txt")
    proc = kamerlezer("--cache", cache_dir, "import", good, bad)
    assert proc.returncode == 1
    assert error_lines(proc) == [f"kamerlezer: {bad}: {problem}"]
    assert "1 added" in proc.stdout and "1 failed" in proc.stdout
    assert_whole(cache_dir, seeded)
    assert len(Library(cache_dir).entries()) == len(seeded) + 1


def test_50_mb_is_over_the_limit() -> None:
    assert MAX_BYTES < 50 * 1024 * 1024


def test_a_file_that_may_not_be_read_is_one_line(seeded: list[str], cache_dir: Path) -> None:
    # Root reads every file: then the command runs as root without its capabilities (no
    # CAP_DAC_OVERRIDE), to whom a file of mode 000 is unreadable. Not as another user: a
    # checkout in a private directory (a fresh clone in `mktemp -d`) is out of that user's reach.
    uncapable = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"] if os.geteuid() == 0 else []
    if uncapable and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux): root reads every file, so none is unreadable")
    work = Path(tempfile.mkdtemp(prefix="kamerlezer-perm-"))
    try:
        cache = work / "cache"
        shutil.copytree(cache_dir, cache)
        good, secret = write_good(work / "good.txt"), work / "secret.txt"
        shutil.copy(SEEDS["004"], secret)
        good.chmod(0o644)
        secret.chmod(0o000)
        env = {**os.environ, "HOME": str(work)}
        proc = subprocess.run(
            [*uncapable, str(KAMERLEZER), "--cache", str(cache), "import", str(good), str(secret)],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr
        assert error_lines(proc) == [f"kamerlezer: {secret}: permission denied"]
        assert_whole(cache, seeded)
    finally:
        shutil.rmtree(work)


def test_text_in_a_legacy_encoding_is_decoded_not_rejected(cache_dir: Path, tmp_path: Path) -> None:
    texts = {}
    for encoding in ("latin-1", "cp1252", "utf-8-sig", "utf-16"):
        euro = " De kosten: € 12 miljoen, ‘voorlopig’." if encoding != "latin-1" else ""
        text = f"Brief over de coördinatie met België ({encoding})\n\nDe financiële ideeën zijn reëel.{euro}\n"
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        texts[path] = text
    proc = kamerlezer("--cache", cache_dir, "import", *texts)
    assert proc.returncode == 0, proc.stderr
    assert error_lines(proc) == []
    library = Library(cache_dir)
    assert len(library.entries()) == 4
    for entry in library.entries():
        doc = library.load(entry.id)
        assert "coördinatie met België" in doc.title + doc.text
        assert "De financiële ideeën zijn reëel." in doc.text
        if "€" in texts[Path(entry.source)]:
            assert "€ 12 miljoen, ‘voorlopig’" in doc.text


def test_a_mixed_directory_imports_the_good_files_and_names_the_bad(cache_dir: Path, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    (mixed / "sub").mkdir(parents=True)
    shutil.copy(SEEDS["001"], mixed / "a-good.txt")
    (mixed / "b-empty.txt").write_bytes(b"")
    (mixed / "sub" / "c-binary.pdf").write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03" * 100)
    (mixed / "sub" / "d-latin1.txt").write_bytes("Notitie over één zaak\n\nDe reële kosten.\n".encode("latin-1"))
    (mixed / ".e-hidden.txt").write_bytes(b"")
    proc = kamerlezer("--cache", cache_dir, "import", mixed)
    assert proc.returncode == 1
    assert error_lines(proc) == [
        f"kamerlezer: {mixed / 'b-empty.txt'}: empty file",
        # Read as a PDF (its bytes say so), and found to be none.
        f"kamerlezer: {mixed / 'sub' / 'c-binary.pdf'}: damaged PDF: not read (PDFSyntaxError: No /Root object! - "
        "Is this really a PDF?)",
    ]
    sources = sorted(Path(e.source).name for e in Library(cache_dir).entries())
    assert sources == ["a-good.txt", "d-latin1.txt"]


def test_a_path_that_does_not_exist_alone_exits_1(cache_dir: Path, tmp_path: Path) -> None:
    proc = kamerlezer("--cache", cache_dir, "import", tmp_path / "nope")
    assert proc.returncode == 1
    assert error_lines(proc) == [f"kamerlezer: {tmp_path / 'nope'}: no such file"]


def test_parse_of_a_bad_file_is_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for path, problem in ((empty, "empty file"), (tmp_path / "nope.txt", "no such file")):
        proc = kamerlezer("parse", path, "--json")
        assert (proc.returncode, proc.stdout) == (1, "")
        assert error_lines(proc) == [f"kamerlezer: {path}: {problem}"]


def test_a_cache_directory_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    proc = kamerlezer("--cache", not_a_dir, "import", SEEDS["000"])
    assert proc.returncode == 1
    (line,) = error_lines(proc)
    assert str(not_a_dir) in line and "Not a directory" in line
