"""Where the official services are: the site, the repository and the Tweede Kamer's open data.

    sources = load_sources()        # Sources(official=..., repository=..., tk_api=..., problems=())

Each address comes from the environment (`KAMERLEZER_OFFICIAL_URL`, `KAMERLEZER_REPOSITORY_URL`,
`KAMERLEZER_TK_API_URL`), else from the `[sources]` table of `config_dir()/config.toml`:

    [sources]
    official = "https://zoek.officielebekendmakingen.nl"
    repository = "https://repository.overheid.nl"
    tk_api = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"

else the public address. A missing file is no settings; a broken file or value is ignored for
what it breaks and said in `problems` (one line each): an address must never stop a command.
"""

from __future__ import annotations

import os
import tomllib
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.paths import config_dir as _config_dir

CONFIG_FILE = "config.toml"
TABLE = "sources"

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl"
REPOSITORY_URL = "https://repository.overheid.nl"
TK_API_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"

# Each setting: its key in [sources], its environment variable, its default.
_SETTINGS: dict[str, tuple[str, str]] = {
    "official": ("KAMERLEZER_OFFICIAL_URL", OFFICIAL_URL),
    "repository": ("KAMERLEZER_REPOSITORY_URL", REPOSITORY_URL),
    "tk_api": ("KAMERLEZER_TK_API_URL", TK_API_URL),
}


@dataclass(frozen=True)
class Sources:
    official: str = OFFICIAL_URL  # the site: {official}/{key}.xml
    repository: str = REPOSITORY_URL  # {repository}/sru and {repository}/frbr/...
    tk_api: str = TK_API_URL  # the OData service: {tk_api}/Document, {tk_api}/Zaak
    problems: tuple[str, ...] = ()  # one line each, naming the file, for the caller to say


def is_http_url(text: str) -> bool:
    parts = urllib.parse.urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def load_sources(config_dir: Path | None = None) -> Sources:
    """The addresses: environment, else `[sources]` in config.toml, else the public ones."""
    path = (config_dir if config_dir is not None else _config_dir()) / CONFIG_FILE
    table, problems = _read_table(path)
    values: dict[str, str] = {}
    for name, (variable, default) in _SETTINGS.items():
        env = os.environ.get(variable, "").strip()
        if env:  # what the user set for this run wins, unchecked: a test server is http://127.0.0.1
            values[name] = env.rstrip("/")
            continue
        value = table.get(name)
        if value is not None and not (isinstance(value, str) and is_http_url(value)):
            problems.append(f"{path}: [sources] {name} must be an http(s) address; using {default}")
            value = None
        values[name] = (value.strip() if isinstance(value, str) else default).rstrip("/")
    unknown = sorted(set(table) - set(_SETTINGS))
    if unknown:
        problems.append(f"{path}: unknown [sources] settings {', '.join(unknown)}")
    return Sources(values["official"], values["repository"], values["tk_api"], tuple(problems))


def _read_table(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The [sources] table of the file ({} when there is none) and what is wrong with the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: cannot be read ({exc}); using the default addresses"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{path}: not valid TOML ({exc}); using the default addresses"]
    except RecursionError:  # `a = [[[[…` nested deeper than the parser goes
        return {}, [f"{path}: nested too deeply to be a settings file; using the default addresses"]
    table = data.get(TABLE, {})
    if not isinstance(table, dict):
        return {}, [f"{path}: [sources] must be a table of addresses; using the default addresses"]
    return table, []
