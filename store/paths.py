"""Where kamerlezer keeps its files: the cache directory and the user's config directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "kamerlezer"


def cache_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--cache DIR`, else $KAMERLEZER_CACHE, else the platform's user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("KAMERLEZER_CACHE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """$KAMERLEZER_CONFIG, else the platform's user config directory."""
    env = os.environ.get("KAMERLEZER_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False))
