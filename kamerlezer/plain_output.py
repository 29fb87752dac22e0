"""What the command line prints without Rich: its messages (one line on stderr, `kamerlezer:
…`), JSON, and the lines of a command whose output goes into a pipe or a file.

Apart from output.py so that a command printing into a pipe never imports Rich, which was a
sixth of the time `kamerlezer search | …` took. Rich decides what a terminal is; this module
only recognises the plain case in which Rich too would see none (see `into_pipe`).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from kamerlezer import PROG
from store.visible import BIDI_CONTROLS, one_line, visible

if TYPE_CHECKING:
    from store.search import Hit

# json.dumps(ensure_ascii=False) escapes the C0 controls but leaves DEL, the C1 controls (an
# 8-bit CSI is \x9b) and the bidirectional controls (which reorder a terminal's line) raw; they
# only ever stand inside JSON strings, where \uXXXX means the same.
_RAW_CONTROLS = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")

# Rich takes a stream for a terminal when one of these says so, whatever the stream is.
_TERMINAL_SETTINGS = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")

HIT_INDENT = " " * 8
Piece = tuple[str, str]  # a text and its Rich style


def say(message: str) -> None:
    """One line on stderr, control characters made visible: every error and message of the command line."""
    print(f"{PROG}: {one_line(message)}", file=sys.stderr, flush=True)


def print_json(data: Any) -> int:
    """`data` as JSON on stdout (`json_text`); 0, the exit status of a command that printed it."""
    sys.stdout.write(json_text(data) + "\n")
    return 0


def json_text(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def into_pipe(stream: IO[str] | None = None) -> bool:
    """Whether `stream` (stdout) is plainly no terminal: not a tty, and no setting that makes
    Rich take it for one. Then every line is written whole and without colour."""
    stream = stream or sys.stdout
    if any(name in os.environ for name in _TERMINAL_SETTINGS):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return not (isatty and isatty())
    except ValueError:  # a closed stream: let Rich say what it says
        return False


def write_lines(lines: Iterable[str], stream: IO[str] | None = None) -> None:
    out = stream or sys.stdout
    for line in lines:
        out.write(line + "\n")


def hit_pieces(hit: Hit) -> tuple[Sequence[Piece], str]:
    """`kamerlezer search`'s two lines of a hit: its score, id (and place), where and title;
    under it the snippet (in which `hit.highlights` mark the matched words, after HIT_INDENT)."""
    place = f"{hit.id}#{hit.anchor}" if hit.anchor else hit.id
    head = [(f"{hit.score:6.3f}  ", "dim"), (visible(place), "cyan"), ("  ", ""), (hit.where, "magenta"),
            ("  ", ""), (visible(hit.title), "bold")]  # fmt: skip
    return head, HIT_INDENT + visible(hit.snippet)


def hit_plain_lines(hits: Sequence[Hit]) -> list[str]:
    """The lines of `hit_pieces` without styles."""
    lines = []
    for hit in hits:
        head, snippet = hit_pieces(hit)
        lines += ["".join(text for text, _ in head), snippet]
    return lines
