"""The installed `kamerlezer` in a real terminal: tmux at 80x24, keys sent, the screen read back.

What a user over SSH sees: on an empty cache the reader imports the bundled documents with
a progress display, shows the tree of the five seeds, opens a document, and `q` ends it with
exit status 0 and no traceback. A second run with NO_COLOR=1 on a 16-colour terminal checks
that the places the user must see (the tree cursor, the focused link, the cursor line) are
marked by reverse video or a glyph, and that no colour other than grey is drawn.

Each test runs its own tmux server (`tmux -L <unique name>`, its socket in a temp dir of
its own), so a user's own tmux is never touched, with HOME, the cache and the config in
temp dirs.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from store.cache import SCHEMA

TMUX = shutil.which("tmux")
KAMERLEZER = shutil.which("kamerlezer", path=str(Path(sys.executable).parent))

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(KAMERLEZER is None, reason="kamerlezer is not installed next to this Python"),
]

EXIT_MARK = "kamerlezer-exited-"
SEED_LINES = (  # the tree at 80 columns: one line per seed (and 004 under both its dossiers); cut titles end in "…"
    "2025-01-29 s.o.  Beantwoording vragen schriftelijk overleg Informele JBZ-Ra…",
    "2022-05-16 antw. Antwoorden Kamervragen over het International Migration Re…",
    "2022-04-29 brief Deelname en inzet Nederland aan het International Migratio…",
    "2019-10-14 brief Voortgang integrale migratieagenda",
    "2018-12-03 aanh. Baudet (FvD): het voornemen van de Staatssecretaris",  # who asked: about what
)


@dataclass(frozen=True)
class Cell:
    """A run of text with the attributes a terminal draws it with."""

    text: str
    bold: bool
    underline: bool
    reverse: bool
    colours: tuple[str, ...]  # the SGR colour codes in force, as written


class Terminal:
    """One tmux server and session, running `kamerlezer` with its own HOME, cache and config."""

    def __init__(
        self, tmp_path: Path, width: int, height: int, extra_env: dict[str, str], shell: bool = False
    ) -> None:
        """`shell`: an interactive shell runs in the pane (job control: ctrl+z, fg), not the reader."""
        self.socket = f"kamerlezer-test-{uuid.uuid4().hex[:10]}"
        # The server's socket goes in a short temp dir of its own (a socket path has a length limit).
        self.tmux_dir = Path(tempfile.mkdtemp(prefix="kl-tmux-"))
        self.home = tmp_path / "home"
        self.cache = tmp_path / "cache"
        self.config = tmp_path / "config"
        self.log = tmp_path / "output.log"
        self.home.mkdir()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "KAMERLEZER_CACHE": str(self.cache),
            "KAMERLEZER_CONFIG": str(self.config),
            "TMUX_TMPDIR": str(self.tmux_dir),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm-256color",
            **extra_env,
        }
        # The program starts a moment after the session, so the output log is in place
        # before its first frame (the import progress may last less than a second).
        # tmux gives its panes its own TERM (tmux-256color): the program gets ours on its command line.
        term = shlex.quote(self.env["TERM"])
        command = f"sleep 0.3; TERM={term} {shlex.quote(str(KAMERLEZER))}; echo {EXIT_MARK}$?; sleep 600"
        if shell:
            command = f"env PS1='shell$ ' TERM={term} bash --norc --noprofile -i"
        session_env = [arg for key, value in self.env.items() for arg in ("-e", f"{key}={value}")]
        self._tmux("new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height), *session_env, command)
        self._tmux("pipe-pane", "-t", "main", "-o", f"cat >> {shlex.quote(str(self.log))}")

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            [str(TMUX), "-L", self.socket, "-f", "/dev/null", "-u", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, f"tmux {args[0]}: {result.stderr}"
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main")

    def styled_screen(self) -> list[list[Cell]]:
        return [parse_sgr(line) for line in self._tmux("capture-pane", "-p", "-e", "-t", "main").splitlines()]

    def send(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)

    def wait_for(self, text: str, timeout: float = 30.0, *, gone: bool = False) -> str:
        """The screen once `text` is on it (or, with gone=True, once it has left)."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if (text in shown) != gone:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not {'leave' if gone else 'appear on'} the screen; it shows:\n{shown}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def close(self) -> None:
        subprocess.run([str(TMUX), "-L", self.socket, "kill-server"], env=self.env, capture_output=True, timeout=30)
        shutil.rmtree(self.tmux_dir, ignore_errors=True)


_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def parse_sgr(line: str) -> list[Cell]:
    """Cut a line of `capture-pane -e` into runs of text with their attributes."""
    cells: list[Cell] = []
    bold = underline = reverse = False
    colours: dict[str, str] = {}
    pos = 0
    for m in [*_SGR.finditer(line), None]:
        end = m.start() if m is not None else len(line)
        if end > pos:
            cells.append(Cell(line[pos:end], bold, underline, reverse, tuple(colours.values())))
        if m is None:
            break
        pos = m.end()
        codes = [c for c in m.group(1).replace(":", ";").split(";")] or ["0"]
        i = 0
        while i < len(codes):
            code = int(codes[i] or 0)
            if code == 0:
                bold = underline = reverse = False
                colours.clear()
            elif code == 1:
                bold = True
            elif code == 4:
                underline = True
            elif code == 7:
                reverse = True
            elif code == 22:
                bold = False
            elif code == 24:
                underline = False
            elif code == 27:
                reverse = False
            elif code in (38, 48, 58):
                size = 3 if codes[i + 1] == "5" else 5
                colours[str(code)] = ";".join(codes[i : i + size])
                i += size - 1
            elif code in (39, 49):
                colours.pop(str(code - 1), None)
            elif 30 <= code <= 37 or 90 <= code <= 97:
                colours["38"] = str(code)
            elif 40 <= code <= 47 or 100 <= code <= 107:
                colours["48"] = str(code)
            i += 1
    return cells


def is_grey(colour: str) -> bool:
    """An SGR colour that carries no hue: a 256-colour grey, black/white, or RGB with r == g == b."""
    parts = [int(p) for p in colour.split(";")]
    if len(parts) == 1:  # 30-37, 90-97, 40-47, 100-107: only black and white (and their bright forms)
        return parts[0] % 10 in (0, 7)
    if parts[1] == 2:
        return parts[2] == parts[3] == parts[4]
    index = parts[2]
    if index in (0, 7, 8, 15) or index >= 232:
        return True
    if 16 <= index <= 231:
        r, g, b = (index - 16) // 36, (index - 16) // 6 % 6, (index - 16) % 6
        return r == g == b
    return False


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[callable]:
    started: list[Terminal] = []

    def start(width: int = 80, height: int = 24, shell: bool = False, **extra_env: str) -> Terminal:
        term = Terminal(tmp_path, width, height, extra_env, shell)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


def _quit(term: Terminal) -> str:
    term.send("q")
    shown = term.wait_for(EXIT_MARK)
    assert f"{EXIT_MARK}0" in shown, shown
    assert "Traceback" not in shown and "Traceback" not in term.output()
    return shown


def test_first_start_imports_the_seeds_then_reads_and_quits(terminal):
    term = terminal(80, 24)
    term.wait_for("Library · 5 documents · by dossier")
    shown = term.wait_for("q Quit")  # the main screen's footer fills a frame after it is first drawn
    # The import showed its progress while it ran (the log holds every frame the program drew).
    assert "Your library is empty: importing the bundled documents." in term.output()
    assert "First start" in term.output()
    for line in SEED_LINES:
        assert line in shown, f"{line!r} not in the tree:\n{shown}"
    assert "no document open · enter in the tree opens one" in shown
    assert "t Tree" in shown and "? Help" in shown and "q Quit" in shown
    assert (term.cache / "index.json").is_file()

    # Enter opens the newest document (the cursor starts on it); at 80 columns it takes the screen.
    term.send("Enter")
    shown = term.wait_for("kenmerk-6133006 · block 1/")
    assert "Beantwoording vragen schriftelijk overleg Informele JBZ-Raad" in shown
    assert "Schriftelijk overleg" in shown
    assert "Library · 5 documents" not in shown  # the tree is hidden while reading
    assert "▌" in shown  # the cursor bar beside the current block

    # t brings the tree back, its cursor on the open document; t again returns to the text.
    term.send("t")
    shown = term.wait_for("Library · 5 documents")
    assert "Beantwoording vragen schriftelijk overleg" in shown
    term.send("t")
    shown = term.wait_for("Library · 5 documents", gone=True)
    assert "Beantwoording vragen schriftelijk overleg Informele JBZ-Raad" in shown

    # Down the document a page, then the help screen and back.
    term.send("Space")
    term.send("?")
    term.wait_for("Key map: default")
    term.send("Escape")
    shown = term.wait_for("Key map: default", gone=True)
    assert "kenmerk-6133006 · " in shown

    shown = _quit(term)
    assert "Library ·" not in shown  # the terminal is given back: the reader's screen is gone


def test_no_color_at_80x24_marks_places_without_colour(terminal):
    term = terminal(80, 24, NO_COLOR="1", TERM="xterm-16color")
    term.wait_for("Library · 5 documents · by dossier")

    def cursor_cells() -> list[Cell]:
        return [c for line in term.styled_screen() for c in line if c.reverse and c.text.strip()]

    # The tree cursor (on the newest document) is drawn in reverse video.
    reversed_text = "".join(c.text for c in cursor_cells())
    assert "2025-01-29 s.o." in reversed_text, reversed_text

    term.send("Enter")
    term.wait_for("kenmerk-6133006 · block 1/")
    term.send("]")  # the first link in view gets the focus; the status line says where it leads
    shown = term.wait_for("kenmerk-6133006 · block 1/", gone=True)
    status = shown.splitlines()[-2]
    focused = [c for c in cursor_cells() if c.underline]
    assert focused, f"no focused link in reverse and underline:\n{shown}"
    assert status.split(" │ ")[1].strip(), status
    assert any(line.startswith("▌") for line in shown.splitlines()), "no cursor bar in the margin"

    # Nothing on screen has a colour with a hue: NO_COLOR leaves only greys.
    colours = {colour for line in term.styled_screen() for cell in line for colour in cell.colours}
    hues = sorted(c for c in colours if not is_grey(c))
    assert not hues, f"colours drawn despite NO_COLOR: {hues}"
    _quit(term)


def test_sixteen_colours_at_80x24(terminal):
    """On a 16-colour terminal the reader draws with the 16 colours only, and marks the tree
    cursor and the focused link by reverse video as well."""
    term = terminal(80, 24, TERM="xterm-16color")
    term.wait_for("Library · 5 documents · by dossier")
    reversed_text = "".join(c.text for line in term.styled_screen() for c in line if c.reverse)
    assert "2025-01-29 s.o." in reversed_text, reversed_text
    term.send("Enter")
    term.wait_for("kenmerk-6133006 · block 1/")
    term.send("]")
    term.wait_for("kenmerk-6133006 · block 1/", gone=True)
    assert [c for line in term.styled_screen() for c in line if c.reverse and c.underline and c.text.strip()]
    colours = {colour for line in term.styled_screen() for cell in line for colour in cell.colours}
    wide = sorted(c for c in colours if ";" in c and not (c.split(";")[1] == "5" and int(c.split(";")[2]) < 16))
    assert not wide, f"colours beyond the 16 on a 16-colour terminal: {wide}"
    _quit(term)


@pytest.fixture(scope="module")
def fifty_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache of 50 documents: more than enough for the import's worker processes."""
    from store.library import Library
    from tests.bench.corpus import generate

    root = tmp_path_factory.mktemp("fifty")
    generate(50, root / "docs", seed=5)
    assert not Library(root / "cache").import_paths([root / "docs"]).failed
    return root / "cache"


def _older_schema(cache: Path) -> None:
    index = cache / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema"] -= 1
    index.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "title", "told"),
    [
        (lambda c: (c / "index.json").unlink(), "Repairing the library", "the cache has lost its"),
        (_older_schema, "Upgrading the library", f"cache of schema {SCHEMA - 1}"),
        (lambda c: (c / "links.json").write_text("{"), None, "the links of 50"),
    ],
    ids=["index-lost", "older-schema", "links-damaged"],
)
def test_the_reader_repairs_or_upgrades_a_library_of_fifty_documents(terminal, tmp_path, fifty_documents, damage,
                                                                     title, told):  # fmt: skip
    """What the command line always could, from the reader too: its worker processes start
    although Textual's stderr has no file descriptor (it had: "bad value(s) in fds_to_keep")."""
    shutil.copytree(fifty_documents, tmp_path / "cache")
    damage(tmp_path / "cache")
    term = terminal(80, 24)
    term.wait_for("Library · 50 documents", timeout=120)
    assert "Cannot open the library" not in term.output()
    if title is not None:
        assert title in term.output()  # the progress screen, while it ran
    term.wait_for(told, timeout=60)  # and the notification of what was mended
    assert "fds_to_keep" not in term.output()
    term.send("Enter")
    term.wait_for("block 1/")
    _quit(term)
    assert "Traceback" not in term.output()


def test_ctrl_z_suspends_to_the_shell_and_fg_resumes(terminal):
    term = terminal(80, 24, shell=True)
    term.wait_for("shell$")
    term.send(shlex.quote(str(KAMERLEZER)), "Enter")  # alone: a stopped command in a list lets the list go on
    term.wait_for("q Quit")
    time.sleep(0.5)  # the footer is drawn a frame before the keys are read
    term.send("C-z")
    shown = term.wait_for("Stopped")  # the shell's job control has it, and the prompt is back
    assert "Library · 5 documents" not in shown
    term.send("clear", "Enter")
    term.wait_for("Stopped", gone=True)
    term.send("fg", "Enter")
    term.wait_for("Library · 5 documents")
    term.send("q")
    term.wait_for("Library · 5 documents", gone=True)
    term.send(f"echo {EXIT_MARK}$?", "Enter")
    shown = term.wait_for(f"{EXIT_MARK}0")
    assert "Traceback" not in shown and "Traceback" not in term.output()


def test_stderr_to_a_file_still_draws_on_the_terminal(terminal, tmp_path):
    """`kamerlezer 2>log`: Textual draws on fd 2, which the reader points at the terminal while it
    runs; the log gets none of the drawing, and is the reader's stderr again once it ends."""
    term = terminal(80, 24, shell=True)
    log = tmp_path / "stderr.log"
    term.wait_for("shell$")
    term.send(f"{shlex.quote(str(KAMERLEZER))} 2>{shlex.quote(str(log))}", "Enter")
    term.wait_for("Library · 5 documents · by dossier")
    shown = term.wait_for("t Tree")  # the main screen's footer
    for line in SEED_LINES:
        assert line in shown, f"{line!r} not in the tree:\n{shown}"
    time.sleep(0.5)  # the footer is drawn a frame before the keys are read
    term.send("q")
    term.wait_for("Library · 5 documents", gone=True)
    term.send(f"echo {EXIT_MARK}$?", "Enter")
    shown = term.wait_for(f"{EXIT_MARK}0")
    assert "Traceback" not in shown
    assert "\x1b" not in log.read_text(encoding="utf-8", errors="replace")  # no frame went into the log
