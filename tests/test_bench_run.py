"""`make bench` cannot rot: its whole machinery, on a corpus of 30 documents."""

from __future__ import annotations

import json

from tests.bench import run


def test_the_benchmark_runs_end_to_end_on_a_tiny_corpus(tmp_path, capsys) -> None:
    out = tmp_path / "results.json"
    assert run.main(["--docs", "30", "--quick", "--work", str(tmp_path / "work"), "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    required = (
        "corpus_docs import_docs_per_s import_10k_s reimport_unchanged_10k_s startup_empty_s startup_1k_s "
        "startup_10k_s open_largest_s search_median_ms search_p95_ms grep_median_ms peak_rss_mb_10k machine "
        "startup_10k_over_empty search_over_grep targets"
    ).split()
    assert not [key for key in required if key not in results]
    assert results["corpus_docs"] == 30 and results["small_docs"] == 3
    assert set(results["targets"]) == set(run.TARGETS)
    assert all(isinstance(t["pass"], bool) for t in results["targets"].values())
    assert {"cpu", "cores", "ram_gb", "python", "os"} <= results["machine"].keys()
    # Every number is a measurement, not a placeholder.
    assert results["startup_empty_s"] > 0 and results["open_largest_s"] > 0 and results["peak_rss_mb_10k"] > 20
    assert len(results["queries"]) == 10 and all(q["hits"] >= 0 for q in results["queries"])
    printed = capsys.readouterr().out
    assert "start-up large / empty" in printed and "PASS" in printed or "FAIL" in printed
