"""A 2 MB document for the bench, and the time to open it in the reader (issue 15).

    .venv/bin/python -m tests.bench.big_document [--work DIR] [--repeat 5]

`write_big_document(path)` writes a long schriftelijk overleg of ~2,000,000 characters made
from the bundled seed `003` (letterhead, then the fracties' questions with the minister's
answers under `##`/`###` headings, `<sup>N</sup>` notes after `---` rules): its body
repeated in rounds, each round a section of its own with its notes renumbered on (so every
note mark is unique and runs 1, 2, 3 … as in a real paper) and one word made unique to the
round (`agendapunt{round}`), so a find in the last round has one place to land. The importer
reads it as it reads a real paper: sections, question/answer pairs, notes and references.
Deterministic: the same bytes every time.

`measure_big_document(work, repeat)` imports it into a cache and runs tests/bench/open_probe.py
in fresh processes, taking turns: the empty reader until its first screen, the reader
started on the document (`kamerlezer open ID`) until the document's first screen, and End
until the last lines are drawn. Medians.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench import probing

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEED = ROOT / "sample_data" / "003_dfcbf42ef2d25e5b.txt"
CHARS = 2_000_000
BODY_START = "## **I Vragen en opmerkingen vanuit de fracties en reactie van de minister**"
ROUND_WORD = "agendapunt"  # agendapunt1, agendapunt2, …: one per round, for find
TARGETS = {"big_over_empty": ("<=", 1.5), "big_end_ms": ("<", 100.0)}
_SUP = re.compile(r"<sup>(\d+)</sup>")
_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
          ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for letters, value in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def big_document_text(chars: int = CHARS) -> str:
    """The text of the document: the seed's head once, then rounds of its body until `chars`."""
    seed = SEED.read_text(encoding="utf-8")
    cut = seed.index(BODY_START)
    head, body = seed[:cut], seed[cut + len(BODY_START) :]
    notes = max(int(m.group(1)) for m in _SUP.finditer(body))
    parts = [head]
    size = len(head)
    number = 0
    while size < chars:
        number += 1
        offset = (number - 1) * notes
        text = _SUP.sub(lambda m, offset=offset: f"<sup>{int(m.group(1)) + offset}</sup>", body)
        # One word of the round's first paragraph made unique, so find has one place in it.
        text = text.replace("geannoteerde agenda", f"geannoteerde {ROUND_WORD}{number}", 1)
        heading = f"## **{_roman(number)} Vragen en opmerkingen vanuit de fracties, ronde {number}**"
        parts.append(heading + text.rstrip() + "\n\n")
        size += len(parts[-1])
    return "".join(parts)


def write_big_document(path: Path, chars: int = CHARS) -> Path:
    """Write the document to `path` (UTF-8); the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(big_document_text(chars), encoding="utf-8")
    return path


def import_big_document(cache: Path, work: Path, chars: int = CHARS) -> tuple[str, dict[str, float]]:
    """Write the document into `work` and import it into `cache`; its id and what the steps took."""
    from store.library import Library
    from store.parsing import parse_file

    path = write_big_document(work / "big_schriftelijk_overleg.txt", chars)
    start = time.perf_counter()
    doc = parse_file(path)
    parsed = time.perf_counter() - start
    start = time.perf_counter()
    report = Library(cache).import_paths([path])
    imported = time.perf_counter() - start
    if report.failed:
        raise RuntimeError(f"the big document did not import: {report.failed}")
    start = time.perf_counter()
    loaded = Library(cache).load(doc.id)
    load_s = time.perf_counter() - start
    facts = {
        "chars": len(loaded.text), "blocks": len(loaded.blocks), "sections": len(loaded.sections),
        "qa": len(loaded.qa), "footnotes": len(loaded.footnotes), "references": len(loaded.references),
        "parse_s": parsed, "import_s": imported, "load_s": load_s,
    }  # fmt: skip
    return doc.id, facts


def run_probe(cache: Path, *, open_id: str | None = None) -> dict:
    """One reader process (tests/bench/open_probe.py); what it measured."""
    return probing.run_probe("open_probe", ["--cache", str(cache), *(["--open", open_id] if open_id else [])])


def measure_big_document(work: Path, repeat: int) -> dict:
    """Medians over `repeat` rounds (after one unmeasured), the empty and the big reader taking turns."""
    empty_cache, big_cache = work / "empty-cache", work / "big-cache"
    doc_id, facts = import_big_document(big_cache, work)
    run_probe(empty_cache)
    run_probe(big_cache, open_id=doc_id)
    empty: list[float] = []
    big: list[float] = []
    end: list[float] = []
    for _ in range(repeat):
        empty.append(run_probe(empty_cache)["first_screen_s"])
        measured = run_probe(big_cache, open_id=doc_id)
        big.append(measured["first_screen_s"])
        end.append(measured["end_ms"])
    result = {
        "empty_first_screen_s": statistics.median(empty),
        "big_first_screen_s": statistics.median(big),
        "big_over_empty": statistics.median(big) / statistics.median(empty),
        "big_end_ms": statistics.median(end),
        "chars": int(facts["chars"]),
        "doc_id": doc_id,
        "facts": facts,
        "all": {"empty_s": empty, "big_s": big, "end_ms": end},
        "targets": {name: {"op": op, "value": value} for name, (op, value) in TARGETS.items()},
    }
    result["met"] = {
        name: (result[name] <= value if op == "<=" else result[name] < value) for name, (op, value) in TARGETS.items()
    }
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, help="a directory to keep (default: a temp dir)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.work is not None:
        print(json.dumps(measure_big_document(args.work, args.repeat), indent=2))
        return
    with tempfile.TemporaryDirectory(prefix="kamerlezer-big-") as tmp:
        print(json.dumps(measure_big_document(Path(tmp), args.repeat), indent=2))


if __name__ == "__main__":
    main()
