"""Key maps: which keys run which named action (see `tui.actions`), read from TOML.

The active map is built in layers: `keymaps/default.toml`, then the chosen map (`--keymap
NAME` or `keymap = "NAME"` in the user's config: a path to a .toml file, or a name looked
for in the user's `config_dir()/keymaps/` first, then among the shipped maps), then the
`[keys]` table of
the user's config. A layer only names the actions it changes. Whatever a user's layer gets
wrong (an unknown action, a key that is no key, a key that clashes with another action)
is reported as a problem and that action keeps the keys it had before: the reader always
starts.

A map file looks like:

    description = "Vim-like keys"
    [keys]
    down = ["down", "j"]
    first = "home,g"
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, format_key, key_to_character

from tui.actions import ACTIONS, BY_NAME, overlap

if TYPE_CHECKING:
    from textual.dom import DOMNode

KeyMap = dict[str, tuple[str, ...]]

_MODIFIERS = ("ctrl", "alt", "meta", "super", "hyper", "shift")
_NAMED_KEYS = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}


class KeymapError(Exception):
    """A key map file that cannot be read at all (one line: file and problem)."""


@dataclass(frozen=True)
class Keymap:
    """The active key map: keys per action name, and what was wrong with the user's layers."""

    name: str
    keys: Mapping[str, tuple[str, ...]]
    problems: tuple[str, ...] = ()

    def for_textual(self) -> dict[str, str]:
        """The map in the shape `App.set_keymap` takes: binding id -> "key,key"."""
        return {name: ",".join(keys) for name, keys in self.keys.items() if keys}


def character_key(character: str) -> str:
    """The name Textual gives the key that types `character`: itself for a letter or digit, else
    its Unicode name in lower case with underscores ("?" -> "question_mark"), shortened as
    Textual shortens some ("/" -> "slash"). Written here from Textual's public tables, since the
    function Textual uses for it is private."""
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:  # a control character has no name
        return "tab" if character == "\t" else character
    return KEY_NAME_REPLACEMENTS.get(name, name)


def normalize_key(key: str) -> str | None:
    """Textual's name for `key` ("?" -> "question_mark", "Ctrl+S" -> "ctrl+s"), None if it is no key."""
    key = key.strip()
    if not key:
        return None
    if len(key) == 1:
        return character_key(key)
    *mods, name = key.split("+")
    if not name:  # "ctrl++"
        mods, name = mods[:-1], "+"
    mods = [m.lower() for m in mods]
    if any(m not in _MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return None
    if len(name) == 1:
        name = character_key(name if not mods else name.lower())
    elif name.lower() in _NAMED_KEYS:
        name = name.lower()
    elif key_to_character(name) is None:
        return None
    mods.sort(key=_MODIFIERS.index)
    return "+".join([*mods, name])


def _keys_of(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [k for k in value.split(",")] if value.strip() else []
    if isinstance(value, list) and all(isinstance(k, str) for k in value):
        return list(value)
    return None


def read_map_file(path: Path | resources.abc.Traversable) -> dict[str, object]:
    """The `[keys]` table of a key map file (raw values); KeymapError when it is not TOML."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KeymapError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise KeymapError(f"{path}: nested too deeply to be a key map") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise KeymapError(f"{path}: [keys] must be a table of action = key(s)")
    return keys


def _shipped(name: str) -> resources.abc.Traversable:
    return resources.files("keymaps") / f"{name}.toml"


def shipped_names() -> list[str]:
    return sorted(p.name.removesuffix(".toml") for p in resources.files("keymaps").iterdir()
                  if p.name.endswith(".toml"))


@cache
def default_keys() -> KeyMap:
    """The keys of `keymaps/default.toml`; it is part of the program, so an error in it is a bug."""
    raw = read_map_file(_shipped("default"))
    keys: KeyMap = {}
    for name, value in raw.items():
        listed = _keys_of(value)
        if name not in BY_NAME or listed is None:
            raise KeymapError(f"keymaps/default.toml: bad entry {name!r}")
        normalized = [normalize_key(k) for k in listed]
        if None in normalized:
            raise KeymapError(f"keymaps/default.toml: bad key in {name!r}")
        keys[name] = tuple(dict.fromkeys(k for k in normalized if k))
    return keys


def _apply_layer(base: KeyMap, raw: Mapping[str, object], origin: str, problems: list[str]) -> tuple[KeyMap, set[str]]:
    """`base` with the actions of one layer replaced; returns the new map and what it changed."""
    merged = dict(base)
    changed: set[str] = set()
    for name, value in raw.items():
        if name not in BY_NAME:
            problems.append(f"{origin}: unknown action {name!r}")
            continue
        listed = _keys_of(value)
        if listed is None:
            problems.append(f"{origin}: {name} must be a key or a list of keys")
            continue
        normalized: list[str] = []
        for key in listed:
            n = normalize_key(key)
            if n is None:
                problems.append(f"{origin}: {name}: {key.strip()!r} is not a key")
            else:
                normalized.append(n)
        if listed and not normalized:
            continue  # nothing usable: keep the previous keys
        if not normalized:
            problems.append(f"{origin}: {name} needs at least one key; it keeps its keys")
            continue
        merged[name] = tuple(dict.fromkeys(normalized))
        changed.add(name)
    return merged, changed


@dataclass(frozen=True)
class Clash:
    key: str
    first: str  # action names
    second: str

    def __str__(self) -> str:
        return f"key {self.key!r} is bound to both {self.first} and {self.second}"


def find_clashes(keys: Mapping[str, tuple[str, ...]]) -> list[Clash]:
    """Pairs of actions that one key would run at the same moment (same or nested scopes)."""
    clashes: list[Clash] = []
    holders: dict[str, list[str]] = {}
    for name, bound in keys.items():
        for key in bound:
            holders.setdefault(key, []).append(name)
    for key, names in holders.items():
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if any(overlap(sa, sb) for sa in BY_NAME[a].targets for sb in BY_NAME[b].targets):
                    clashes.append(Clash(key, a, b))
    return clashes


def build_keymap(
    name: str | None = None,
    overrides: Mapping[str, object] | None = None,
    user_dir: Path | None = None,
) -> Keymap:
    """The active key map: default, then map `name`, then the user's `overrides`."""
    problems: list[str] = []
    keys = default_keys()
    layers: list[tuple[str, Mapping[str, object]]] = []
    chosen = (name or "default").strip() or "default"
    if chosen != "default":
        user_file = user_dir / "keymaps" / f"{chosen}.toml" if user_dir else None
        source: Path | resources.abc.Traversable | None = None
        if chosen.endswith(".toml") or "/" in chosen:  # a file of the user's own
            source = Path(chosen).expanduser()
            chosen = source.stem
            if not source.is_file():
                problems.append(f"{source}: no such key map file; using the default keys")
                source, chosen = None, "default"
        elif user_file is not None and user_file.is_file():
            source = user_file
        elif chosen in shipped_names():
            source = _shipped(chosen)
        if source is None:
            if chosen != "default":
                problems.append(f"no key map named {chosen!r} (shipped: {', '.join(shipped_names())}); "
                                "using the default keys")
            chosen = "default"
        else:
            try:
                layers.append((f"{chosen}.toml", read_map_file(source)))
            except KeymapError as exc:
                problems.append(f"{exc}; using the default keys")
                chosen = "default"
    if overrides:
        layers.append(("config.toml [keys]", overrides))

    for origin, raw in layers:
        before = keys
        keys, changed = _apply_layer(before, raw, origin, problems)
        # A layer's change that clashes is undone, one action at a time, until none clash.
        while True:
            clashes = [c for c in find_clashes(keys) if c.first in changed or c.second in changed]
            if not clashes:
                break
            clash = clashes[0]
            undo = clash.second if clash.second in changed else clash.first
            other = clash.first if undo == clash.second else clash.second
            problems.append(f"{origin}: key {clash.key!r} for {undo} clashes with {other}; "
                            f"{undo} keeps {', '.join(before.get(undo, ())) or 'no key'}")
            keys = {**keys, undo: before.get(undo, ())}
            changed.discard(undo)
    # Actions no layer names (a map written for an older version) keep no key silently
    # only if the default has none; the default covers every action.
    missing = [a.name for a in ACTIONS if not keys.get(a.name)]
    if missing:
        problems.append(f"no key for {', '.join(missing)}")
    return Keymap(chosen, keys, tuple(problems))


# Keys spelled out rather than drawn as Textual's glyphs (⏎, ⌫), which not every font has.
_SPELLED = {"enter": "enter", "backspace": "backspace", "escape": "esc", "delete": "del", "tab": "tab",
            "space": "space"}


def key_display(key: str) -> str:
    """How a key is written for people: "question_mark" -> "?", "ctrl+s" -> "ctrl+s"."""
    *mods, name = key.split("+")
    shown = _SPELLED.get(name) or (format_key(name) if len(name) > 1 else name)
    if shown == name and len(name) > 1:
        shown = name.replace("_", " ")
    return "+".join([*mods, shown])


def hint(keys: Mapping[str, tuple[str, ...]], action: str, limit: int = 2) -> str:
    """The keys of an action for a hint line: "y/enter"."""
    return "/".join(key_display(k) for k in keys.get(action, ())[:limit]) or "(no key)"


def active_keys(node: DOMNode) -> Mapping[str, tuple[str, ...]]:
    """The keys in force for a widget's app (the default map outside the reader app)."""
    try:
        app = node.app
    except RuntimeError:  # no app is running (Textual's NoActiveAppError): a widget tested alone
        return default_keys()
    return app.keymap.keys if isinstance(app, KeymapOwner) else default_keys()


@runtime_checkable
class KeymapOwner(Protocol):
    """An app that holds the key map in force (the reader)."""

    keymap: Keymap
