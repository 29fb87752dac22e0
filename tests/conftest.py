"""Shared fixtures. Every test runs with its own cache, config and home directory, so a
developer's own files never leak into a test, nor a test into them."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "sample_data"
SEEDS = {
    "000": SAMPLE_DATA / "000_4f8ea494069e7460.txt",
    "001": SAMPLE_DATA / "001_19524ec3a7bc3ba9.txt",
    "002": SAMPLE_DATA / "002_caf9aef001c7f7d1.txt",
    "003": SAMPLE_DATA / "003_dfcbf42ef2d25e5b.txt",
    "004": SAMPLE_DATA / "004_8fe19c38945734b1.txt",
}


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("KAMERLEZER_CACHE", str(home / "cache"))
    monkeypatch.setenv("KAMERLEZER_CONFIG", str(home / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"
