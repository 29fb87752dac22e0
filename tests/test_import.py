"""Import into a real cache on disk: what is added, replaced, left alone, and linked."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from store import importer
from store.cache import Cache, Index
from store.library import Library
from store.parsing import parse_file
from tests.cli_run import KAMERLEZER
from tests.conftest import SAMPLE_DATA, SEEDS


def seed_ids() -> dict[str, str]:
    return {name: parse_file(path).id for name, path in SEEDS.items()}


def variant(directory: Path, seed: str, n: int) -> Path:
    """A copy of a seed with one sentence of its own, so its text (and hash) is new."""
    path = directory / f"{seed}-{n:03d}.txt"
    path.write_text(SEEDS[seed].read_text(encoding="utf-8") + f"\n\nNaschrift nummer {n}.\n", encoding="utf-8")
    return path


def test_importing_sample_data_adds_the_five_seeds(cache_dir: Path) -> None:
    library = Library(cache_dir)
    assert library.is_empty()
    report = library.import_paths([SAMPLE_DATA])
    ids = seed_ids()
    assert sorted(report.added) == sorted(ids.values())
    assert report.failed == report.replaced == report.unchanged == ()
    assert [e.id for e in library.entries()] == [ids[n] for n in sorted(ids)]  # in import order
    for entry in library.entries():
        doc = library.load(entry.id)
        assert (doc.id, doc.title, doc.kind) == (entry.id, entry.title, entry.kind)
        assert entry.size == len(doc.text) and entry.qa_count == len(doc.qa)
        assert entry.source == str(SAMPLE_DATA / Path(entry.source).name)
    # a new Library on the same directory sees the same
    assert Library(cache_dir).entries() == library.entries()


def test_importing_unchanged_files_again_changes_nothing(cache_dir: Path) -> None:
    library = Library(cache_dir)
    library.import_paths([SAMPLE_DATA])
    index = cache_dir / "index.json"
    before = (index.stat().st_mtime_ns, index.stat().st_ino, index.read_bytes())
    report = library.import_paths([SAMPLE_DATA])
    assert sorted(report.unchanged) == sorted(seed_ids().values())
    assert report.added == report.replaced == report.failed == ()
    assert (index.stat().st_mtime_ns, index.stat().st_ino, index.read_bytes()) == before  # not even rewritten


def test_a_changed_file_replaces_its_document_under_the_same_id(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    shutil.copy(SEEDS["001"], path)
    library = Library(cache_dir)
    (doc_id,) = library.import_paths([path]).added
    old_sha = Cache(cache_dir).read_index().rows[0].sha256
    path.write_text(path.read_text(encoding="utf-8") + "\n\nEen nieuwe slotalinea.\n", encoding="utf-8")
    report = library.import_paths([path])
    assert report.replaced == (doc_id,) and report.added == ()
    assert [e.id for e in library.entries()] == [doc_id]
    assert "Een nieuwe slotalinea." in library.load(doc_id).text
    assert not Cache(cache_dir).has_source(old_sha)  # the old text is not kept around


def test_a_replaced_document_gets_a_new_ord_and_the_search_index_forgets_the_old_one(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "letter.txt"
    text = SEEDS["004"].read_text(encoding="utf-8")
    path.write_text(text + "\nZwaluwstaartverbinding.\n", encoding="utf-8")
    library = Library(cache_dir)
    library.import_paths([path])
    first = Cache(cache_dir).read_index().rows[0].ord
    assert [h.id for h in library.search("zwaluwstaartverbinding")] == [library.entries()[0].id]
    path.write_text(text + "\nKikkerdril.\n", encoding="utf-8")
    library.import_paths([path])
    index = Cache(cache_dir).read_index()
    assert index.rows[0].ord > first and index.next_ord > index.rows[0].ord
    assert [h.id for h in library.search("kikkerdril")] == [index.rows[0].id]
    assert library.search("zwaluwstaartverbinding") == []


def test_another_file_with_a_taken_id_is_kept_under_a_suffix(cache_dir: Path, tmp_path: Path) -> None:
    a, b = variant(tmp_path, "001", 1), variant(tmp_path, "001", 2)
    library = Library(cache_dir)
    report = library.import_paths([a, b])
    base = parse_file(SEEDS["001"]).id
    assert report.added == (base, f"{base}~2")
    assert any(f"id {base} is taken" in m and f"imported as {base}~2" in m for m in report.messages)
    # stable: importing both again, or the second one changed, keeps the ids
    assert library.import_paths([b, a]).unchanged == (f"{base}~2", base)
    b.write_text(b.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    assert library.import_paths([b]).replaced == (f"{base}~2",)


def test_the_same_text_under_another_path_is_imported_once(cache_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(SEEDS["000"], copy)
    library = Library(cache_dir)
    (doc_id,) = library.import_paths([SEEDS["000"]]).added
    report = library.import_paths([copy])
    assert report.unchanged == (doc_id,) and report.added == ()
    assert report.messages == (f"{copy}: same text as {SEEDS['000']}, already imported as {doc_id}",)
    assert len(library.entries()) == 1


def test_a_directory_is_walked_in_order_without_hidden_files_and_python_files(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    for name in ("b/2.txt", "b/1.txt", "a.txt", ".hidden.txt", ".git/x.txt", "__pycache__/y.txt", "__init__.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert importer.expand([root, missing]).files == [
        str(root / "a.txt"), str(root / "b" / "1.txt"), str(root / "b" / "2.txt"), str(missing),
    ]  # fmt: skip


def test_links_are_resolved_again_when_the_cited_document_arrives(cache_dir: Path) -> None:
    ids = seed_ids()
    library = Library(cache_dir)
    library.import_paths([SEEDS["000"]])
    assert [r.target for r in library.load(ids["000"]).references if r.where == "footnote 1"] == [None]
    report = library.import_paths([SEEDS["000"], SEEDS["001"]])
    assert report.unchanged == (ids["000"],) and report.added == (ids["001"],)
    assert [r.target for r in library.load(ids["000"]).references if r.where == "footnote 1"] == [ids["001"]]
    assert library.get(ids["001"]).cited_by == (ids["000"],)
    assert library.load(ids["001"]).cited_by == (ids["000"],)


def test_resolve_names_the_document_a_key_stands_for(cache_dir: Path) -> None:
    library = Library(cache_dir)
    library.import_paths([SAMPLE_DATA])
    ids = seed_ids()
    assert library.resolve("kst-19637-2535") == ids["004"]
    assert library.resolve("kst-30573-2535") == ids["004"]  # its second dossier
    assert library.resolve("2019D40742") == ids["004"]
    assert library.resolve("ah-tk-20182019-811") == ids["002"]
    assert library.resolve("kst-1-1") is None


def test_many_files_parse_in_worker_processes_with_the_same_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [variant(tmp_path, seed, n) for n, seed in enumerate(["000", "001", "002", "003", "004"] * 2)]
    assert len(files) >= importer.PARALLEL_FROM
    progress: list[tuple[int, int]] = []
    pooled = Library(tmp_path / "pooled").import_paths(
        files, progress=lambda n, total, _path: progress.append((n, total))
    )
    assert progress == [(n, len(files)) for n in range(1, len(files) + 1)]
    monkeypatch.setattr(importer, "PARALLEL_FROM", 10_000)
    monkeypatch.setattr(importer, "CHECKPOINT", 3)  # and several checkpoints
    serial = Library(tmp_path / "serial").import_paths(files)
    assert pooled.added == serial.added and len(set(pooled.added)) == len(files)
    assert [e.id for e in Library(tmp_path / "pooled").entries()] == [
        e.id for e in Library(tmp_path / "serial").entries()
    ]


def test_two_processes_importing_at_once_leave_a_whole_cache(cache_dir: Path, tmp_path: Path) -> None:
    batches = []
    for n in range(2):
        directory = tmp_path / f"batch{n}"
        directory.mkdir()
        batches.append([variant(directory, seed, 10 * n + i) for i, seed in enumerate(["000", "001", "002", "004"])])
    procs = [
        subprocess.Popen(
            [str(KAMERLEZER), "--cache", str(cache_dir), "import", *map(str, files)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for files in batches
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    library = Library(cache_dir)
    entries = library.entries()
    assert sorted(e.source for e in entries) == sorted(str(f) for files in batches for f in files)
    assert len({e.id for e in entries}) == 8
    for entry in entries:
        assert library.load(entry.id).id == entry.id


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the import reads and parses (in this process: fewer files than PARALLEL_FROM)."""
    read: list[str] = []
    prepare = importer.prepare

    def counting(root: str, job: importer.Job) -> importer.Result:
        read.append(job.path)
        return prepare(root, job)

    monkeypatch.setattr(importer, "prepare", counting)
    return read


def test_an_unchanged_file_is_known_by_its_stamp_and_a_changed_one_of_the_same_size_and_time_is_not(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "RACY_NS", 0)  # the files were written just now: trust their stamps at once
    files = [variant(tmp_path, seed, n) for n, seed in enumerate(["001", "002", "004"])]
    library = Library(cache_dir)
    library.import_paths(files)
    assert all(len(r.stamp) == 4 for r in Cache(cache_dir).read_index().rows)
    read = _counting_reads(monkeypatch)
    again = library.import_paths(files)
    assert len(again.unchanged) == 3 and read == []  # a stat each, nothing read
    # Same size, same mtime, other text: its ctime moved (nothing can set that back), so it is read.
    time.sleep(0.05)  # past the file system's clock tick
    before = files[1].stat()
    text = files[1].read_text(encoding="utf-8")
    files[1].write_text(text.replace("Naschrift nummer 1.", "Naschrift nummer 7."), encoding="utf-8")
    os.utime(files[1], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (files[1].stat().st_size, files[1].stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    changed = library.import_paths(files)
    assert read == [str(files[1])] and len(changed.replaced) == 1 and len(changed.unchanged) == 2
    assert "Naschrift nummer 7." in library.load(changed.replaced[0]).text


def test_a_touched_file_is_read_once_and_its_new_stamp_kept(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "RACY_NS", 0)
    path = variant(tmp_path, "003", 1)
    library = Library(cache_dir)
    library.import_paths([path])
    read = _counting_reads(monkeypatch)
    time.sleep(0.05)
    os.utime(path)  # touched: new times, the same text
    assert library.import_paths([path]).unchanged and read == [str(path)]
    (row,) = Cache(cache_dir).read_index().rows
    assert row.stamp == importer.file_stamp(str(path))
    assert library.import_paths([path]).unchanged and read == [str(path)]  # not read again


def test_a_file_changed_a_moment_ago_keeps_no_stamp_and_is_read_next_time(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within a tick of the file system's clock a second change could leave its times as they
    were: such a file is trusted only by its hash."""
    path = variant(tmp_path, "003", 2)
    library = Library(cache_dir)
    library.import_paths([path])
    (row,) = Cache(cache_dir).read_index().rows
    assert row.stamp == ()
    read = _counting_reads(monkeypatch)
    assert library.import_paths([path]).unchanged and read == [str(path)]


def test_checkpoints_grow_with_the_library_and_the_ords_they_reserve_leave_no_gap(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "PARALLEL_FROM", 10_000)
    monkeypatch.setattr(importer, "CHECKPOINT", 2)
    monkeypatch.setattr(importer, "CHECKPOINT_SHARE", 2)  # a checkpoint holds at least half the library
    assert [importer.checkpoint_size(n) for n in (0, 2, 4, 6, 9)] == [2, 2, 2, 3, 4]
    files = [variant(tmp_path, seed, n) for n, seed in enumerate(["000", "001", "002", "003", "004"] * 2)]
    written: list[tuple[int, int]] = []  # (next ord, rows) of each index.json written
    write_index = Cache.write_index

    def recording(self: Cache, index: Index) -> None:
        written.append((index.next_ord, len(index.rows)))
        write_index(self, index)

    monkeypatch.setattr(Cache, "write_index", recording)
    report = Library(cache_dir).import_paths(files)
    assert len(report.added) == 10
    # One write reserves the first checkpoint's ords; then each commit reserves the next one's.
    assert written == [(3, 0), (5, 2), (7, 4), (10, 6), (11, 9), (11, 10)]
    index = Cache(cache_dir).read_index()
    assert [r.ord for r in index.rows] == list(range(1, 11)) and index.next_ord == 11
