"""`make bench`: import, start-up, opening, search and memory of kamerlezer on synthetic libraries.

    .venv/bin/python -m tests.bench.run                  # 1,000 and 10,000 documents (a few minutes)
    .venv/bin/python -m tests.bench.run --docs 100000    # 10,000 and 100,000 (`make bench DOCS=100000`, ~40 min)
    .venv/bin/python -m tests.bench.run --quick          # 300 documents: a smoke run of the same steps
    .venv/bin/python -m tests.bench.run --docs 2000 [--work DIR] [--out FILE]
    .venv/bin/python -m tests.bench.run --table          # results.json's runs side by side, as README shows them

Corpora come from tests/bench/corpus.py (all five families, from the seeds, deterministic
from --seed) and live in a temp dir (or --work DIR, kept), never in the repository. What
is measured, each in the way a user meets it:

- import: `Library.import_paths` of the whole corpus into an empty cache (the importer's
  worker processes included), then again with nothing changed.
- start-up: a new process per measurement (tests/bench/reader_probe.py) runs the real
  reader headless, from process start until the tree is filled and has handled a key;
  on an empty cache (without the import of the bundled samples), and at both sizes.
  The median of REPEAT runs, the three taking turns, after one unmeasured round (so every
  run finds the same page cache).
- opening the largest document until its first screen is drawn (same processes).
- library search: `Library.search` in a fresh process over the large cache, 50 varied
  queries (words, phrases, title words, typos, half-typed words, dossier numbers), after
  one unmeasured query (the index is read on first use), against `grep -rilF` over the
  raw files of the same corpus.
- peak memory (RSS) of the reader process at the large size: after start-up, opening the
  largest document, and one search.
- PDFs: `Library.import_paths` of the 11 real PDFs of tests/data/pdf repeated to PDF_FILES
  files (each copy made unique by a comment after its end, so none is skipped as a twin), in
  pages per second: the import's two worker processes read them from their layout.
- a user's file of NOTES notes on the small corpus: `kamerlezer note list` (into a file, and
  as on a terminal of 100 columns) from process start to exit, and the reader's notes list
  (in a fresh process, from the key until the list is drawn). The median of REPEAT runs.

The small corpus is a tenth of the large one (at least 1,000 documents): the growth from one
to the other is what the targets about growing read. The table is printed and the run written
as JSON into --out (default tests/bench/results.json for a run of 10,000 documents or more,
under `runs` by its size, beside the runs of other sizes; a smaller run writes nothing unless
--out is given, so it never overwrites the measured numbers).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench.probing import run_probe

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = HERE / "results.json"
FULL_DOCS = 10_000
SMALL_DOCS = 1_000
QUICK_DOCS = 300
QUERIES = 50
REPEAT = 5
NOTES = 50_000
PDF_FILES = 330  # the 11 real PDFs, 30 times: 1,290 pages
PDF_DIR = ROOT / "tests" / "data" / "pdf"

# The targets of issue 4 (at 10,000 documents) and issue 15 (the same at 100,000).
TARGETS = {
    "startup_large_over_empty": ("<=", 1.5),
    "startup_small_over_empty": ("<=", 1.5),
    "import_rate_over_small": (">=", 0.9),  # no cost per document that grows with the library
    "reimport_unchanged_s": ("<", 10.0),  # 20 s at 100,000: targets_for
    "cache_bytes_per_raw_byte": ("<=", 1.5),
    "search_over_grep": ("<", 1.0),
    # issue 15: the library search against SQLite FTS5 over the same documents, at any size
    "search_median_over_fts5": ("<=", 2.0),
    "search_p95_ms": ("<", 150.0),
    "search_first_ms": ("<", 150.0),
    "search_cli_ms": ("<", 300.0),
    "search_typo_recall": (">=", 1.0),
    "open_largest_s": ("<", 0.2),
    "peak_rss_mb_large": ("<", 500.0),
    # issue 9: a user's file of 50,000 notes
    "note_list_50k_s": ("<", 1.0),
    "note_list_terminal_50k_s": ("<", 1.0),
    "notes_screen_50k_s": ("<", 1.0),
    # issue 11: PDFs read from their layout, with both cores
    "pdf_pages_per_s": (">=", 30.0),
    # issue 15: a 2 MB document opens as fast as an empty reader starts, and its end comes at once
    "big_over_empty": ("<=", 1.5),
    "big_end_ms": ("<", 100.0),
}


@dataclass(frozen=True)
class Plan:
    docs: int  # the large corpus
    small: int  # the small one (the first `small` documents of the large)
    repeat: int
    warm_up: bool  # one unmeasured reader run first
    queries: int
    seed: int
    notes: int = NOTES  # in the user's file of the notes measurements


def compile_sources() -> None:
    """The project's modules compiled to bytecode first, as an installed package has them (pip
    compiles on install; a checkout's first run writes them): with PYTHONDONTWRITEBYTECODE set,
    as on some machines, every measured process would otherwise compile them again (20 ms for
    the search modules, more for the reader's)."""
    import compileall

    for package in ("store", "tui", "kamerlezer", "tests/bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


def plan_for(docs: int, quick: bool, seed: int) -> Plan:
    small = max(SMALL_DOCS, docs // 10) if docs > SMALL_DOCS else max(docs // 10, 3)
    return Plan(docs, small, 1 if quick else REPEAT, not quick, 10 if quick else QUERIES, seed,
                2_000 if quick else NOTES)  # fmt: skip


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- the corpora ------------------------------------------------------------------------------


def corpus(work: Path, plan: Plan) -> tuple[Path, Path]:
    """The large corpus (generated, or kept from an earlier run with the same size and seed) and
    the small one (hard links to its first files: `generate` is deterministic, so they are the
    small corpus the generator would make)."""
    from tests.bench.corpus import generate

    large = work / f"corpus-{plan.docs}-{plan.seed}"
    stamp = large / ".complete"
    if not stamp.exists():
        shutil.rmtree(large, ignore_errors=True)
        start = time.perf_counter()
        made = generate(plan.docs, large, plan.seed)
        size = sum(g.size for g in made)
        say(f"generated {len(made)} documents, {size / 1e6:.0f} MB, in {time.perf_counter() - start:.0f} s")
        stamp.write_text("")
    small = work / f"corpus-{plan.small}-{plan.seed}"
    if not (small / ".complete").exists():
        shutil.rmtree(small, ignore_errors=True)
        small.mkdir(parents=True)
        for path in sorted(large.glob("*.txt"))[: plan.small]:
            os.link(path, small / path.name)
        (small / ".complete").write_text("")
    return small, large


# -- import -----------------------------------------------------------------------------------


def measure_import(source: Path, cache: Path, again: bool = True) -> dict[str, float]:
    from store.library import Library

    shutil.rmtree(cache, ignore_errors=True)
    library = Library(cache)
    cpu = _cpu_s()
    load = os.getloadavg()[0]
    start = time.perf_counter()
    report = library.import_paths([source])
    fresh = time.perf_counter() - start
    cpu = _cpu_s() - cpu  # this process and its worker processes (reaped when the import ends)
    if report.failed:
        raise SystemExit(f"import failed for {len(report.failed)} files, first: {report.failed[0]}")
    if not again:
        return {"docs": len(report.added), "fresh_s": fresh, "cpu_s": cpu, "load": load}
    start = time.perf_counter()
    again = library.import_paths([source])
    unchanged = time.perf_counter() - start
    if len(again.unchanged) != len(report.added):
        raise SystemExit(f"re-import: {len(again.unchanged)} unchanged of {len(report.added)}")
    return {"docs": len(report.added), "fresh_s": fresh, "unchanged_s": unchanged, "cpu_s": cpu, "load": load}


def disk_bytes(root: Path) -> tuple[int, int]:
    """The bytes of the files under `root` (as `du --apparent-size` counts) and what they take on
    disk (the blocks allocated, as `du` counts: a small file takes a whole block)."""
    apparent = on_disk = 0
    for directory, _dirs, files in os.walk(root):
        for name in files:
            st = os.lstat(os.path.join(directory, name))
            apparent += st.st_size
            on_disk += st.st_blocks * 512
    return apparent, on_disk


def measure_cache(cache: Path, source: Path) -> dict[str, float]:
    """The cache's size per byte of the raw text it was imported from, and per part of it."""
    raw = disk_bytes(source)[0]
    parts = {}
    for part in sorted(cache.iterdir()):
        parts[part.name] = round((disk_bytes(part)[1] if part.is_dir() else part.lstat().st_blocks * 512) / 1e6, 1)
    apparent, on_disk = disk_bytes(cache)
    return {"raw_mb": round(raw / 1e6, 1), "cache_mb": round(on_disk / 1e6, 1),
            "cache_apparent_mb": round(apparent / 1e6, 1), "per_raw_byte": round(on_disk / raw, 3),
            "parts_mb": parts}  # fmt: skip


def _cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pdf_corpus(work: Path, files: int) -> tuple[Path, int]:
    """`files` PDFs, the real ones taken in turn, each copy unique; and their pages in all."""
    from pdfminer.pdfpage import PDFPage

    originals = sorted(p for p in PDF_DIR.glob("*.pdf") if p.stem.count("-") == 4)  # the 11 real answers
    pages_of = {}
    for path in originals:
        with path.open("rb") as f:
            pages_of[path] = sum(1 for _ in PDFPage.get_pages(f))
    folder = work / f"pdf-{files}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages = 0
    for n in range(files):
        original = originals[n % len(originals)]
        # A comment after %%EOF: readers ignore it, and the copy has a hash of its own.
        (folder / f"{n:04d}-{original.name}").write_bytes(original.read_bytes() + f"\n% copy {n}\n".encode())
        pages += pages_of[original]
    return folder, pages


def measure_pdf_import(work: Path, files: int) -> dict[str, float]:
    folder, pages = pdf_corpus(work, files)
    result = measure_import(folder, work / "cache-pdf", again=False)
    return {"files": files, "pages": pages, "s": result["fresh_s"], "pages_per_s": pages / result["fresh_s"]}


# -- the reader -------------------------------------------------------------------------------


def run_reader(cache: Path, *, open_id: str | None = None, query: str | None = None, samples: bool = True) -> dict:
    """One reader process (tests/bench/reader_probe.py); its measurements."""
    arguments = ["--cache", str(cache)]
    if open_id:
        arguments += ["--open", open_id]
    if query:
        arguments += ["--search", query]
    if not samples:
        arguments.append("--no-samples")
    return run_probe("reader_probe", arguments)


def measure_readers(plan: Plan, setups: dict[str, dict]) -> dict[str, dict]:
    """Each setup (run_reader's arguments) `plan.repeat` times, the setups taking turns, after one
    unmeasured round: a machine that gets busier or quieter meanwhile touches them all alike.
    Medians per setup; the peak memory is the highest seen."""
    if plan.warm_up:
        for setup in setups.values():
            run_reader(**setup)
    runs: dict[str, list[dict]] = {name: [] for name in setups}
    for _ in range(plan.repeat):
        for name, setup in setups.items():
            runs[name].append(run_reader(**setup))
    out = {}
    for name, measured in runs.items():
        out[name] = {key: statistics.median(r[key] for r in measured) for key in measured[0] if key != "peak_rss_mb"}
        out[name]["peak_rss_mb"] = max(r["peak_rss_mb"] for r in measured)
        out[name]["startup_all_s"] = [round(r["startup_s"], 3) for r in measured]
    return out


def largest(cache: Path) -> tuple[str, int]:
    from store.library import Library

    entry = max(Library(cache).entries(), key=lambda e: e.size)
    return entry.id, entry.size


# -- search -----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}")


def make_queries(cache: Path, count: int, seed: int) -> list[str]:
    """Varied queries as people type them, from documents of the library: a word, two words
    in a row, the start of a title, a word with two letters swapped, a word and a half-typed
    one, a dossier number."""
    return [query for query, _ in query_plan(cache, count, seed)]


def typo_queries(cache: Path, count: int, seed: int) -> list[tuple[str, str]]:
    """The queries of `make_queries` that are a word with two letters swapped, each with that word."""
    return [(query, word) for query, word in query_plan(cache, count, seed) if word is not None]


def query_plan(cache: Path, count: int, seed: int) -> list[tuple[str, str | None]]:
    """`make_queries`, each with the word it was typed for when it is a typo (else None)."""
    from store.library import Library

    library = Library(cache)
    rng = random.Random(seed)
    entries = library.entries()
    chosen = rng.sample(entries, min(count, len(entries)))
    out: list[tuple[str, str | None]] = []
    for n in range(count):
        entry = chosen[n % len(chosen)]
        doc = library.load(entry.id)
        blocks = [b.text for b in doc.blocks if _WORD.search(b.text)] or [doc.title]
        words = _WORD.findall(rng.choice(blocks)) or ["migratie"]
        style = n % 6
        if style == 0:
            out.append((rng.choice(words), None))
        elif style == 1:
            start = rng.randrange(len(words))
            out.append((" ".join(words[start : start + 2]), None))
        elif style == 2:
            out.append((" ".join(doc.title.split()[:3]), None))
        elif style == 3:
            word = max(words, key=len)
            i = rng.randrange(1, len(word) - 1)
            out.append((word[:i] + word[i + 1] + word[i] + word[i + 2 :], word))  # two letters swapped
        elif style == 4:
            word = rng.choice(words)
            out.append((f"{rng.choice(words)} {word[: max(3, len(word) // 2)]}", None))
        else:
            out.append((entry.dossiers[0] if entry.dossiers else rng.choice(words), None))
    return out


def measure_search(cache: Path, queries: list[str], typos: list[tuple[str, str]]) -> dict:
    """Library.search over `queries`, in this process (run it in a fresh one: its memory and
    its first query), and how many of the `typos` (typed, intended) find their intended word."""
    from store.library import Library
    from store.tokens import fold

    library = Library(cache)
    start = time.perf_counter()
    library.search("asielopvang")  # reads the index: the reader does this once, at its first search
    first = time.perf_counter() - start
    times = []
    hits = []
    for query in queries:
        start = time.perf_counter()
        found = library.search(query, limit=20)
        times.append((time.perf_counter() - start) * 1000)
        hits.append(len(found))
    recalled = 0
    for typed, intended in typos:
        marked = {fold(h.snippet[a:b]) for h in library.search(typed, limit=20) for a, b in h.highlights}
        recalled += fold(intended) in marked
    return {"first_ms": first * 1000, "times_ms": times, "hits": hits, "typos_found": recalled}


def measure_fts5(cache: Path, queries: list[str], typos: list[tuple[str, str]]) -> dict:
    """The peer (tests/bench/search_peer.py): an FTS5 table of the same documents, built once
    beside the cache; then, in this process, the same queries (run it in a fresh one)."""
    from tests.bench import search_peer

    db = cache.parent / f"{cache.name}-fts5.sqlite"
    start = time.perf_counter()
    docs = search_peer.build(db, search_peer.documents(cache))
    built = time.perf_counter() - start
    return {**search_peer.measure(db, queries, typos), "build_s": built, "docs": docs}


def in_fresh_process(what: str, cache: Path, queries: list[str], typos: list[tuple[str, str]]) -> dict:
    """`measure_search` or `measure_fts5` in a new process: its first query is a first one."""
    command = [sys.executable, "-m", "tests.bench.run", what, str(cache), json.dumps([queries, typos])]
    return json.loads(subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout)


def measure_search_cli(cache: Path, queries: list[str], runs: int) -> list[float]:
    """`kamerlezer search QUERY` from process start to exit, into a file (after one unmeasured run)."""
    kamerlezer = Path(sys.executable).parent / "kamerlezer"
    times = []
    for n in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([str(kamerlezer), "--cache", str(cache), "search", queries[n % len(queries)]],
                       stdout=subprocess.DEVNULL, check=False)  # fmt: skip
        if n:
            times.append((time.perf_counter() - start) * 1000)
    return times


def search_figures(cache: Path, source: Path, queries: list[str], typos: list[tuple[str, str]], runs: int) -> dict:
    """Every figure of the library search, with its peers' beside it: FTS5 over the same
    documents and queries, grep over the raw files, and `kamerlezer search` as a command."""
    ours = in_fresh_process("--search-only", cache, queries, typos)
    fts5 = in_fresh_process("--fts5-only", cache, queries, typos)
    grep = measure_grep(source, queries)
    cli = measure_search_cli(cache, queries, runs)
    median = statistics.median(ours["times_ms"])
    return {
        "search_median_ms": round(median, 1),
        "search_p95_ms": round(percentile(ours["times_ms"], 0.95), 1),
        "search_max_ms": round(max(ours["times_ms"]), 1),
        "search_first_ms": round(ours["first_ms"], 1),
        "search_typos": len(typos),
        "search_typos_found": ours["typos_found"],
        "search_typo_recall": round(ours["typos_found"] / len(typos), 3) if typos else 1.0,
        "fts5_median_ms": round(statistics.median(fts5["times_ms"]), 1),
        "fts5_p95_ms": round(percentile(fts5["times_ms"], 0.95), 1),
        "fts5_first_ms": round(fts5["first_ms"], 1),
        "fts5_typos_found": fts5["typos_found"],
        "fts5_build_s": round(fts5["build_s"], 1),
        "search_median_over_fts5": round(median / max(statistics.median(fts5["times_ms"]), 0.001), 3),
        "search_cli_ms": round(statistics.median(cli), 1),
        "grep_median_ms": round(statistics.median(grep), 1),
        "search_over_grep": round(median / statistics.median(grep), 4),
        "queries": [
            {"query": q, "ms": round(t, 1), "hits": h, "fts5_ms": round(f, 1), "fts5_hits": fh, "grep_ms": round(g, 1)}
            for q, t, h, f, fh, g in zip(
                queries, ours["times_ms"], ours["hits"], fts5["times_ms"], fts5["hits"], grep, strict=True
            )
        ],
    }


def measure_grep(source: Path, queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        subprocess.run(["grep", "-rilF", "--", query, str(source)], stdout=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return times


def write_notes(cache: Path, count: int) -> None:
    """A user's file of `count` notes on the documents of `cache`, as UserData writes it."""
    from store.library import Library

    ids = [e.id for e in Library(cache).entries()]
    passage = "Hierbij bied ik u, mede namens de minister van Buitenlandse Zaken, de antwoorden aan op de vragen"
    notes = {
        str(n): {"doc_id": ids[n % len(ids)], "anchor": f"p-{1 + n % 20}", "quote": passage,
                 "text": f"Notitie {n}: van belang voor het beleid rond migratie en de opvang in de regio.",
                 "created": "2026-12-01T10:00:00+01:00", "updated": "2026-12-01T10:00:00+01:00"}
        for n in range(1, count + 1)
    }  # fmt: skip
    data = {"notes": notes, "meta": {"1": {"last_notes": count}}}
    (cache / "user.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def measure_notes(cache: Path, repeat: int) -> dict:
    """`note list` as a script and as a terminal user run it, and the reader's notes list."""
    kamerlezer = Path(sys.executable).parent / "kamerlezer"
    runs: dict[str, list[float]] = {"file": [], "terminal": [], "screen": []}
    for _ in range(repeat):
        for name, env in (("file", {}), ("terminal", {"FORCE_COLOR": "1", "COLUMNS": "100"})):
            start = time.perf_counter()
            subprocess.run([str(kamerlezer), "--cache", str(cache), "note", "list"], stdout=subprocess.DEVNULL,
                           env={**os.environ, **env}, check=True)  # fmt: skip
            runs[name].append(time.perf_counter() - start)
        probe = subprocess.run([sys.executable, "-m", "tests.bench.run", "--notes-screen", str(cache)], cwd=ROOT,
                               capture_output=True, text=True, check=True)  # fmt: skip
        runs["screen"].append(float(probe.stdout))
    return {name: statistics.median(times) for name, times in runs.items()}


def notes_screen_seconds(cache: Path) -> float:
    """In this process: the real reader, headless; from the key that opens the notes list until it is drawn."""
    import asyncio

    from textual.worker import WorkerCancelled

    from tui.app import KamerlezerApp
    from tui.screens.marks import NotesScreen

    app = KamerlezerApp(cache, config_dir=Path(tempfile.mkdtemp(prefix="kl-bench-config-")))
    taken: list[float] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            while app.services.library is None:
                await pilot.pause(0.01)
            while any(w.is_running for w in app.workers):
                # A worker replaced by a newer one (the first document opened) ends cancelled.
                with contextlib.suppress(WorkerCancelled):
                    await app.workers.wait_for_complete()
            start = time.perf_counter()
            await pilot.press("A")
            while not isinstance(app.screen, NotesScreen) or not app.screen.is_mounted:
                await pilot.pause(0)
            await pilot.pause()  # drawn
            taken.append(time.perf_counter() - start)

    asyncio.run(main())
    return taken[0]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


# -- the machine and the table ----------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        ram_gb = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        ram_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def targets_for(docs: int) -> dict[str, tuple[str, float]]:
    """The targets of a run of `docs` documents: the same at every size, but re-importing an
    unchanged library, whose limit is the issue's at its size."""
    return {**TARGETS, "reimport_unchanged_s": ("<", 20.0 if docs > 50_000 else 10.0)}


def verdicts(results: dict, targets: dict[str, tuple[str, float]]) -> dict[str, dict]:
    out = {}
    for key, (op, limit) in targets.items():
        value = results[key]
        ok = {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]
        out[key] = {"value": value, "target": f"{op} {limit}", "pass": ok}
    return out


# What the table shows of a run: (what, key, format); "ms", "s", "MB" and "x" say the unit,
# a key's peer (what kamerlezer is measured against) is shown beside it.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("import, documents per second", "import_docs_per_s", ".1f"),
    ("import, documents per second, a tenth of the library", "import_small_docs_per_s", ".1f"),
    ("import rate, the library / a tenth of it", "import_rate_over_small", ".2f"),
    ("import of the library", "import_large_s", ".0f s"),
    ("import, CPU time of all its processes", "import_cpu_s", ".0f s"),
    ("re-import, nothing changed", "reimport_unchanged_s", ".2f s"),
    ("raw text imported", "raw_mb", ".0f MB"),
    ("cache on disk", "cache_mb", ".0f MB"),
    ("cache bytes per byte of raw text", "cache_bytes_per_raw_byte", ".2f"),
    ("start-up, empty cache", "startup_empty_s", ".2f s"),
    ("start-up, a tenth of the library", "startup_small_s", ".2f s"),
    ("start-up, the library", "startup_large_s", ".2f s"),
    ("start-up, the library / empty", "startup_large_over_empty", ".2f"),
    ("every row read (after the tree is shown)", "rows_read_large_s", ".2f s"),
    ("open the largest document", "open_largest_s", ".3f s"),
    ("a 2 MB document: first screen", "big_first_screen_s", ".2f s"),
    ("a 2 MB document: first screen / empty reader's", "big_over_empty", ".2f"),
    ("a 2 MB document: its end", "big_end_ms", ".0f ms"),
    ("search, median", "search_median_ms", ".1f ms"),
    ("search, p95", "search_p95_ms", ".1f ms"),
    ("search, first query (reads the index)", "search_first_ms", ".0f ms"),
    ("SQLite FTS5, median", "fts5_median_ms", ".1f ms"),
    ("SQLite FTS5, p95", "fts5_p95_ms", ".1f ms"),
    ("SQLite FTS5, first query", "fts5_first_ms", ".0f ms"),
    ("search / FTS5, median", "search_median_over_fts5", ".2f"),
    ("typo queries finding their word (of the bench's)", "search_typos_found", "d"),
    ("typo queries finding their word, FTS5", "fts5_typos_found", "d"),
    ("`kamerlezer search`, process start to exit", "search_cli_ms", ".0f ms"),
    ("grep -rilF, median", "grep_median_ms", ".1f ms"),
    ("search / grep", "search_over_grep", ".3f"),
    ("reader's peak memory", "peak_rss_mb_large", ".0f MB"),
    ("reader's peak memory, empty cache", "peak_rss_mb_empty", ".0f MB"),
    ("note list, 50,000 notes, into a file", "note_list_50k_s", ".2f s"),
    ("note list, 50,000 notes, on a terminal", "note_list_terminal_50k_s", ".2f s"),
    ("the reader's notes list, 50,000 notes", "notes_screen_50k_s", ".2f s"),
    ("PDF import, pages per second", "pdf_pages_per_s", ".1f"),
)


def _shown(value: object, fmt: str) -> str:
    if not isinstance(value, int | float):
        return "–"
    spec, _, unit = fmt.partition(" ")
    return f"{value:{spec}}" + (f" {unit}" if unit else "")


def table(results: dict) -> str:
    """One run, as the terminal shows it, with its verdicts."""
    rows = [("documents (library / a tenth)", f"{results['corpus_docs']} / {results['small_docs']}")]
    rows += [(name, _shown(results.get(key), fmt)) for name, key, fmt in FIGURES if key in results]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    lines.append("")
    for key, v in results["targets"].items():
        lines.append(f"{'PASS' if v['pass'] else 'FAIL'}  {key} = {v['value']:.3g} (target {v['target']})")
    return "\n".join(lines)


def markdown_table(runs: dict[str, dict]) -> str:
    """The runs of results.json side by side (README): a column per size, the target last."""
    sizes = sorted(runs, key=int)
    growth = len(sizes) > 1  # how a figure grows from the smallest run to the largest
    head = "| | " + " | ".join(f"{int(n):,} documents" for n in sizes) + (" | growth" if growth else "") + " | target |"
    lines = [head, "|---|" + "---:|" * (len(sizes) + growth) + "---|"]
    for name, key, fmt in FIGURES:
        if not any(key in runs[n] for n in sizes):
            continue
        target = next((runs[n]["targets"][key] for n in reversed(sizes) if key in runs[n].get("targets", {})), None)
        cells = []
        for n in sizes:
            verdict = runs[n].get("targets", {}).get(key)
            mark = "" if verdict is None else (" ✓" if verdict["pass"] else " ✗")
            cells.append(_shown(runs[n].get(key), fmt) + mark)
        if growth:
            first, last = runs[sizes[0]].get(key), runs[sizes[-1]].get(key)
            numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (first, last))
            cells.append(f"×{last / first:.2f}" if numbers and first else "")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {target['target'] if target else ''} |")
    return "\n".join(lines)


def write_run(out: Path, results: dict) -> None:
    """Keep this run in `out` under its size, beside the runs of other sizes already there."""
    runs: dict[str, dict] = {}
    if out.exists():
        try:
            runs = dict(json.loads(out.read_text(encoding="utf-8")).get("runs", {}))
        except (ValueError, AttributeError):
            runs = {}  # not a file of ours: written anew
    runs[str(results["corpus_docs"])] = results
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"runs": dict(sorted(runs.items(), key=lambda item: int(item[0])))}
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# -- the whole run ----------------------------------------------------------------------------


def bench(plan: Plan, work: Path) -> dict:
    started = time.perf_counter()
    results: dict = {"machine": machine()}
    small_src, large_src = corpus(work, plan)
    small_cache, large_cache = work / "cache-small", work / "cache-large"

    say(f"importing {plan.small} documents …")
    small_import = measure_import(small_src, small_cache)
    say(f"importing {plan.docs} documents …")
    large_import = measure_import(large_src, large_cache)
    cache_size = measure_cache(large_cache, large_src)

    open_id, open_size = largest(large_cache)
    queries = make_queries(large_cache, plan.queries, plan.seed)
    say("start-up, opening, memory …")
    empty = work / "cache-empty"
    shutil.rmtree(empty, ignore_errors=True)
    readers = measure_readers(
        plan,
        {
            "empty": {"cache": empty, "samples": False},
            "small": {"cache": small_cache, "open_id": largest(small_cache)[0], "query": queries[0]},
            "large": {"cache": large_cache, "open_id": open_id, "query": queries[0]},
        },
    )
    empty_run, small_run, large_run = readers["empty"], readers["small"], readers["large"]

    say(f"searching ({len(queries)} queries), FTS5 and grep …")
    typos = typo_queries(large_cache, plan.queries, plan.seed)
    search = search_figures(large_cache, large_src, queries, typos, plan.repeat)

    say(f"{plan.notes} notes …")
    notes_cache = work / "cache-notes"
    shutil.rmtree(notes_cache, ignore_errors=True)
    shutil.copytree(small_cache, notes_cache)
    write_notes(notes_cache, plan.notes)
    notes = measure_notes(notes_cache, plan.repeat)

    pdf_files = PDF_FILES if plan.docs >= SMALL_DOCS else 33
    say(f"importing {pdf_files} PDFs …")
    pdf = measure_pdf_import(work, pdf_files)

    say("a 2 MB document …")
    from tests.bench.big_document import measure_big_document

    big = measure_big_document(work / "big", plan.repeat)

    results.update(
        corpus_docs=plan.docs,
        small_docs=plan.small,
        seed=plan.seed,
        import_docs_per_s=round(large_import["docs"] / large_import["fresh_s"], 1),
        import_small_docs_per_s=round(small_import["docs"] / small_import["fresh_s"], 1),
        import_small_s=round(small_import["fresh_s"], 2),
        import_large_s=round(large_import["fresh_s"], 2),
        reimport_unchanged_s=round(large_import["unchanged_s"], 2),
        # CPU seconds of the import (all processes) and the machine's load when it began: on a
        # busy machine the wall time says more about the others than about the import.
        import_cpu_s=round(large_import["cpu_s"], 1),
        import_small_cpu_s=round(small_import["cpu_s"], 1),
        import_load_average=round(large_import["load"], 2),
        raw_mb=cache_size["raw_mb"],
        cache_mb=cache_size["cache_mb"],
        cache_apparent_mb=cache_size["cache_apparent_mb"],
        cache_bytes_per_raw_byte=cache_size["per_raw_byte"],
        cache_parts_mb=cache_size["parts_mb"],
        startup_empty_s=round(empty_run["startup_s"], 3),
        startup_small_s=round(small_run["startup_s"], 3),
        startup_large_s=round(large_run["startup_s"], 3),
        # From process start until every row is read too (the tree is drawn from the head before).
        rows_read_small_s=round(small_run["library_open_s"], 3),
        rows_read_large_s=round(large_run["library_open_s"], 3),
        largest_document=open_id,
        largest_chars=open_size,
        open_largest_s=round(large_run["open_s"], 3),
        open_largest_small_s=round(small_run["open_s"], 3),
        search_in_reader_s=round(large_run["search_s"], 3),
        **search,
        peak_rss_mb_large=round(large_run["peak_rss_mb"], 1),
        peak_rss_mb_small=round(small_run["peak_rss_mb"], 1),
        peak_rss_mb_empty=round(empty_run["peak_rss_mb"], 1),
        notes=plan.notes,
        note_list_50k_s=round(notes["file"], 3),
        note_list_terminal_50k_s=round(notes["terminal"], 3),
        notes_screen_50k_s=round(notes["screen"], 3),
        pdf_files=pdf["files"],
        pdf_pages=pdf["pages"],
        pdf_import_s=round(pdf["s"], 2),
        pdf_pages_per_s=round(pdf["pages_per_s"], 1),
        big_document_chars=big["chars"],
        big_empty_first_screen_s=round(big["empty_first_screen_s"], 3),
        big_first_screen_s=round(big["big_first_screen_s"], 3),
        big_over_empty=round(big["big_over_empty"], 3),
        big_end_ms=round(big["big_end_ms"], 1),
        # Medians per reader run: when the app ran, the library was open, the key was taken (s from
        # process start), opening and the search in the reader, and the peak memory.
        reader_runs={"empty": empty_run, "small": small_run, "large": large_run},
    )
    results["startup_large_over_empty"] = round(results["startup_large_s"] / results["startup_empty_s"], 3)
    results["startup_small_over_empty"] = round(results["startup_small_s"] / results["startup_empty_s"], 3)
    results["import_rate_over_small"] = round(results["import_docs_per_s"] / results["import_small_docs_per_s"], 3)
    results["targets"] = verdicts(results, targets_for(plan.docs))
    results["bench_s"] = round(time.perf_counter() - started, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, help=f"documents in the large corpus (default {FULL_DOCS})")
    ap.add_argument("--quick", action="store_true", help=f"a smoke run: {QUICK_DOCS} documents, one run each")
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--work", type=Path, help="keep corpora and caches here (default: a temp dir, removed)")
    ap.add_argument("--out", type=Path, help="where the JSON goes (default: tests/bench/results.json for a full run)")
    ap.add_argument("--search-only", nargs=2, metavar=("CACHE", "QUERIES"), help=argparse.SUPPRESS)
    ap.add_argument("--fts5-only", nargs=2, metavar=("CACHE", "QUERIES"), help=argparse.SUPPRESS)
    ap.add_argument("--notes-screen", metavar="CACHE", help=argparse.SUPPRESS)
    ap.add_argument("--table", action="store_true", help="print results.json's runs as the README's table")
    args = ap.parse_args(argv)
    if args.table:
        print(markdown_table(json.loads((args.out or RESULTS).read_text(encoding="utf-8"))["runs"]))
        return 0
    if args.notes_screen:
        print(notes_screen_seconds(Path(args.notes_screen)))
        return 0
    if args.search_only or args.fts5_only:
        cache, given = args.search_only or args.fts5_only
        queries, typos = json.loads(given)
        measure = measure_search if args.search_only else measure_fts5
        print(json.dumps(measure(Path(cache), queries, [tuple(t) for t in typos])))
        return 0

    docs = args.docs or (QUICK_DOCS if args.quick else FULL_DOCS)
    plan = plan_for(docs, args.quick, args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="kamerlezer-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out = args.out or (RESULTS if docs >= FULL_DOCS and not args.quick else None)
    compile_sources()
    try:
        results = bench(plan, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    if out is not None:
        write_run(out, results)
    print(f"\n{results['bench_s']:.0f} s" + (f"; written to {out}" if out else " (a smoke run: --out FILE keeps it)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
