"""`make bench` cannot rot: its whole machinery, on a corpus of 30 documents."""

from __future__ import annotations

import json

from tests.bench import run


def test_the_benchmark_runs_end_to_end_on_a_tiny_corpus(tmp_path, capsys) -> None:
    out = tmp_path / "results.json"
    assert run.main(["--docs", "30", "--quick", "--work", str(tmp_path / "work"), "--out", str(out)]) == 0
    results = json.loads(out.read_text())["runs"]["30"]
    required = (
        "corpus_docs import_docs_per_s import_large_s reimport_unchanged_s startup_empty_s startup_small_s "
        "startup_large_s open_largest_s search_median_ms search_p95_ms grep_median_ms peak_rss_mb_large machine "
        "startup_large_over_empty search_over_grep cache_bytes_per_raw_byte import_rate_over_small big_over_empty "
        "big_end_ms targets"
    ).split()
    assert not [key for key in required if key not in results]
    assert results["corpus_docs"] == 30 and results["small_docs"] == 3
    assert set(results["targets"]) == set(run.targets_for(30))
    assert all(isinstance(t["pass"], bool) for t in results["targets"].values())
    assert {"cpu", "cores", "ram_gb", "python", "os"} <= results["machine"].keys()
    # Every number is a measurement, not a placeholder.
    assert results["startup_empty_s"] > 0 and results["open_largest_s"] > 0 and results["peak_rss_mb_large"] > 20
    assert results["cache_bytes_per_raw_byte"] > 0 and results["big_end_ms"] > 0
    assert len(results["queries"]) == 10 and all(q["hits"] >= 0 for q in results["queries"])
    printed = capsys.readouterr().out
    assert "start-up, the library / empty" in printed and ("PASS" in printed or "FAIL" in printed)
    # A run of another size goes beside it in the same file; the README's table shows both.
    other = dict(results, corpus_docs=300)
    run.write_run(out, other)
    runs = json.loads(out.read_text())["runs"]
    assert list(runs) == ["30", "300"] and runs["30"] == results
    table = run.markdown_table(runs)
    assert "| | 30 documents | 300 documents | growth | target |" in table
    # How each figure grows from the smaller run to the larger (here the same figures: ×1.00).
    assert f"| cache bytes per byte of raw text | {results['cache_bytes_per_raw_byte']:.2f} ✓ |" in table
    assert "| ×1.00 | <= 1.5 |" in table
    assert "| cache bytes per byte of raw text |" in table
