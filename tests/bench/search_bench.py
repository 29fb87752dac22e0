"""Library search at scale: a synthetic library built from the seeds, and query timings.

    .venv/bin/python -m tests.bench.search_bench [--docs 10000] [--dir DIR] [--grep]

Documents are made from the seed paragraphs (so the words, their frequencies and the
lengths are Dutch parliamentary prose) with part of the words swapped for new compounds
drawn from a Zipf-distributed pool, so that the vocabulary grows with the library as a
real one does (hundreds of thousands of distinct terms at 10,000 documents) instead of
staying at the seeds' few thousand. Everything is deterministic from `seed`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from store.document_json import from_json, to_json
from store.model import QA, Block, Document, Identifiers
from store.search import SearchIndex, search

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
TARGET_CHARS = 36_000  # the seeds' average
KINDS = ("kamerbrief", "antwoord", "aanhangsel", "schriftelijk-overleg", "other")


def seed_paragraphs() -> list[str]:
    """The seeds' paragraphs on one line each, without Markdown marks; the raw text is
    enough to make prose from, and does not depend on the parser."""
    paragraphs = []
    for path in sorted(SAMPLE_DATA.glob("*.txt")):
        for raw in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            text = " ".join(re.sub(r"[#*<>]|</?sup>", " ", raw).split())
            if len(text) >= 40:
                paragraphs.append(text)
    return paragraphs


class Vocabulary:
    """New words for the synthetic library: compounds of seed words, Zipf-distributed."""

    def __init__(self, paragraphs: list[str], rng: random.Random, size: int = 600_000) -> None:
        words = sorted({w.lower() for p in paragraphs for w in re.findall(r"[^\W\d_]{4,}", p)})
        pool = set()
        while len(pool) < size:
            pool.add(rng.choice(words) + rng.choice(words))
        self.words = sorted(pool)
        rng.shuffle(self.words)
        self.cumulative = list(itertools.accumulate(1 / (rank + 10) for rank in range(size)))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def _prose(paragraphs: list[str], vocabulary: Vocabulary, rng: random.Random, chars: int) -> Iterator[str]:
    total = 0
    while total < chars:
        words = rng.choice(paragraphs).split(" ")
        swapped = len(words) // 12
        for i, new in zip(rng.sample(range(len(words)), swapped), vocabulary.sample(rng, swapped), strict=True):
            words[i] = new
        text = " ".join(words)
        total += len(text) + 2
        yield text


def synthetic_document(n: int, paragraphs: list[str], vocabulary: Vocabulary, rng: random.Random) -> Document:
    """Document number n: a letter of paragraphs, or (one in three) questions and answers."""
    dossier = str(rng.randint(20_000, 36_999))
    kind = KINDS[n % len(KINDS)]
    chars = int(TARGET_CHARS * rng.lognormvariate(0, 0.6))
    body = list(_prose(paragraphs, vocabulary, rng, chars))
    title_words = rng.choice(paragraphs).split(" ")[: rng.randint(4, 10)] + vocabulary.sample(rng, 1)
    title = " ".join(title_words).strip(" ,.;:")
    blocks: list[Block] = []
    qas: list[QA] = []
    if n % 3 == 0:
        for number, (question, answer) in enumerate(itertools.pairwise(body[::2]), 1):
            first = len(blocks)
            blocks += [
                Block("heading", f"Vraag {number}", 3, qa=len(qas)),
                Block("question", question, qa=len(qas)),
                Block("heading", f"Antwoord {number}", 3, qa=len(qas)),
                Block("answer", answer, qa=len(qas)),
            ]
            qas.append(QA(f"Vraag {number}", (number,), None, question, answer, first, first + 2))
    else:
        blocks = [Block("paragraph", text) for text in body]
        blocks.insert(0, Block("paragraph", f"Kamerstuk {dossier[:2]} {dossier[2:]}, nr. {rng.randint(1, 3000)}"))
    return Document(
        id=f"kst-{dossier}-{n}",
        kind=kind,
        title=title,
        date=f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        source=f"synthetic/{n}.txt",
        identifiers=Identifiers(dossiers=(dossier,), ondernummer=str(n)),
        blocks=tuple(blocks),
        qa=tuple(qas),
    )


def synthetic_library(count: int, seed: int = 2024) -> Iterator[tuple[int, Document]]:
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    vocabulary = Vocabulary(paragraphs, rng)
    for n in range(1, count + 1):
        yield n, synthetic_document(n, paragraphs, vocabulary, rng)


def queries(docs: dict[str, Document], count: int = 50, seed: int = 7) -> list[str]:
    """Varied queries as people type them: words, phrases, titles, typos, half-typed words,
    dossier numbers."""
    rng = random.Random(seed)
    chosen = [docs[i] for i in rng.sample(sorted(docs), count)]
    out = []
    for n, doc in enumerate(chosen):
        words = [w for w in re.findall(r"[^\W\d_]{4,}", rng.choice(doc.blocks).text)] or ["migratie"]
        style = n % 6
        if style == 0:
            out.append(rng.choice(words))
        elif style == 1:
            start = rng.randrange(len(words))
            out.append(" ".join(words[start : start + 2]))
        elif style == 2:
            out.append(" ".join(doc.title.split(" ")[:3]))
        elif style == 3:
            word = max(words, key=len)
            i = rng.randrange(1, len(word) - 1)
            out.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # two letters swapped
        elif style == 4:
            word = rng.choice(words)
            out.append(f"{rng.choice(words)} {word[: max(3, len(word) // 2)]}")
        else:
            out.append(doc.identifiers.dossiers[0])
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(root: Path, count: int) -> None:
    """The library in `root`: the index, each body as JSON (as the cache keeps them), the
    (ord, id, title) rows, the queries, and (for grep) the texts as plain files."""
    t0 = time.perf_counter()
    library = list(synthetic_library(count))
    t1 = time.perf_counter()
    print(f"generated {len(library)} documents, {sum(len(d.text) for _, d in library) / 1e6:.0f} MB, {t1 - t0:.1f} s")
    SearchIndex(root / "search").rebuild(library)
    t2 = time.perf_counter()
    size = sum(p.stat().st_size for p in (root / "search").iterdir())
    print(f"index built in {t2 - t1:.1f} s ({count / (t2 - t1):.0f} documents/s), {size / 1e6:.1f} MB on disk")
    for directory in ("bodies", "texts"):
        (root / directory).mkdir(exist_ok=True)
    for _, doc in library:
        (root / "bodies" / f"{doc.id}.json").write_text(json.dumps(to_json(doc), ensure_ascii=False), encoding="utf-8")
        (root / "texts" / f"{doc.id}.txt").write_text(f"{doc.title}\n\n{doc.text}", encoding="utf-8")
    rows = [(n, doc.id, doc.title) for n, doc in library]
    (root / "entries.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    (root / "queries.json").write_text(json.dumps(queries({d.id: d for _, d in library})), encoding="utf-8")


def _load_body(root: Path, doc_id: str) -> Document:
    return from_json(json.loads((root / "bodies" / f"{doc_id}.json").read_text(encoding="utf-8")))


def measure(root: Path, *, grep: bool) -> dict[str, float]:
    """Time the queries against the library in `root`, as the reader would run them:
    index loaded on first use, bodies read from disk for the hits."""
    index = SearchIndex(root / "search")
    entries = [tuple(row) for row in json.loads((root / "entries.json").read_text(encoding="utf-8"))]
    batch = json.loads((root / "queries.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    index.load()
    load_s = time.perf_counter() - start
    timings = []
    for query in batch:
        start = time.perf_counter()
        hits = search(index, query, entries=entries, load=lambda doc_id: _load_body(root, doc_id))
        timings.append((time.perf_counter() - start) * 1000)
        print(f"  {timings[-1]:6.1f} ms  {len(hits):2d} hits  {query!r}")
    timings.sort()
    result = {
        "docs": len(entries),
        "index_load_s": round(load_s, 3),
        "search_median_ms": round(statistics.median(timings), 1),
        "search_p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "search_max_ms": round(timings[-1], 1),
        "peak_rss_mb": round(_rss_mb()),
    }
    if grep:
        times = []
        for query in batch:
            start = time.perf_counter()
            subprocess.run(["grep", "-ril", "--", query, str(root / "texts")], stdout=subprocess.DEVNULL, check=False)
            times.append((time.perf_counter() - start) * 1000)
        result["grep_median_ms"] = round(statistics.median(times), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, help="build the library here, or reuse it (default: a temp dir)")
    parser.add_argument("--grep", action="store_true", help="also time grep -ril over the texts as files")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="kl-search-bench-"))
    try:
        if args.measure_only:
            print(json.dumps(measure(root, grep=args.grep)))
            return
        if not (root / "queries.json").exists():
            build(root, args.docs)
        # Measured in a fresh process, so its memory is the reader's, not the generator's.
        command = [sys.executable, "-m", "tests.bench.search_bench", "--dir", str(root), "--measure-only"]
        subprocess.run(command + ["--grep"] * args.grep, check=True)
    finally:
        if not args.dir:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
