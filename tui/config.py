"""The user's settings for the reader: `config_dir()/config.toml`.

    keymap = "vim"          # a shipped map, or one in config_dir()/keymaps/NAME.toml
    [keys]                  # any action, key by key (see `?` in the reader for the names)
    bookmark = "b"

A missing file is no settings; a broken one is reported (one line) and ignored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILE = "config.toml"


@dataclass(frozen=True)
class Config:
    keymap: str | None = None
    keys: dict[str, Any] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def load_config(directory: Path) -> Config:
    path = directory / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        return Config(problems=(f"{path}: cannot be read ({exc}); using no settings",))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Config(problems=(f"{path}: not valid TOML ({exc}); using no settings",))
    except RecursionError:  # `a = [[[[…` 100,000 deep: no settings file of ours is
        return Config(problems=(f"{path}: nested too deeply to be a settings file; using no settings",))
    problems: list[str] = []
    keymap = data.get("keymap")
    if keymap is not None and not isinstance(keymap, str):
        problems.append(f"{path}: keymap must be a name such as \"vim\"")
        keymap = None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        problems.append(f"{path}: [keys] must be a table of action = key(s)")
        keys = {}
    unknown = sorted(set(data) - {"keymap", "keys"})
    if unknown:
        problems.append(f"{path}: unknown settings {', '.join(unknown)}")
    return Config(keymap, keys, tuple(problems))
