"""What a non-editable install holds: every package of the source tree (a folder left out of
pyproject's package list imports in a checkout and fails once installed)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_folder_of_code_is_a_package_the_install_includes() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    folders = {p.parent for top in ("kamerlezer", "store", "tui") for p in (ROOT / top).rglob("*.py")}
    folders = {f for f in folders if "__pycache__" not in f.parts}
    for folder in folders:
        name = ".".join(folder.relative_to(ROOT).parts)
        assert (folder / "__init__.py").is_file(), f"{name} has no __init__.py"
        assert any(fnmatch.fnmatch(name, pattern) for pattern in include), f"{name} is not installed"
