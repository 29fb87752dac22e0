"""The kamerlezer reader: a Textual app over `store/`.

`run(cache_dir, place, keymap)` is what the command line calls. Start-up stays quick: a
start screen shows at once, and the library is opened in a worker (which imports the
bundled documents into an empty cache first, with a progress display); then the main
screen is made with the library in hand, its tree filled from the library's small index,
never from document bodies. Until then, what needs the library is disabled (`check_action`).
A large library's main screen comes first with the groups of its head (store/head.py: a few
kilobytes), and its rows join the tree when they are read (`LibraryOpened` after `LibraryHeadRead`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual import on, work
from textual.app import App, SystemCommand
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen, Screen

from store.anchors import AnchorError, Place, parse_place
from store.errors import KamerlezerError
from store.grouping import EntryLike
from store.paths import config_dir as default_config_dir
from store.reader_state import ReaderState, load_state, save_state
from store.samples import bundled_corpus
from tui.actions import ACTIONS, bindings_for
from tui.config import load_config
from tui.keymap import build_keymap, hint
from tui.palette import LibrarySearchProvider
from tui.screens.help import HelpScreen
from tui.screens.import_progress import ImportProgress
from tui.screens.main import MainScreen
from tui.screens.marks import BookmarksScreen, NotesScreen
from tui.screens.search import SearchScreen
from tui.screens.start import StartScreen
from tui.services import Services

if TYPE_CHECKING:
    from store.head import Head
    from store.library import Library
    from store.userdata import UserData

LARGE_LIBRARY = 2000  # documents
HEAD_FROM = 200  # documents: from here the tree is drawn from the head before the rows are read
# After the head's tree is drawn, before reading the rows (which holds the interpreter for a while
# at 100,000 documents): the first keys are taken at once.
HEAD_PAUSE = 0.25  # seconds
WATCH_INTERVAL = 2.0  # seconds between looks at whether another process changed the library
# Actions (methods) disabled until the library is open.
NEEDS_LIBRARY = frozenset({"search_library", "bookmarks", "annotations", "fetch", "new_documents"})


class KamerlezerApp(App[int], inherit_bindings=False):
    TITLE = "kamerlezer"
    CSS_PATH = "app.tcss"
    BINDINGS = bindings_for("app")
    COMMANDS = App.COMMANDS | {LibrarySearchProvider}

    class LibraryOpened(Message):
        def __init__(
            self,
            library: Library,
            userdata: UserData,
            entries: Sequence[EntryLike],
            stamp: object = None,
            place: Place | None = None,
            block: int | None = None,
        ) -> None:
            super().__init__()
            self.library = library
            self.userdata = userdata
            self.entries = entries
            self.stamp = stamp  # the library's when `entries` were read
            self.place = place  # the place to open first, and the block in it (where the reader was)
            self.block = block

    class LibraryHeadRead(Message):
        """A large library's head (store/head.py), read before its rows: the tree's groups."""

        def __init__(self, library: Library, userdata: UserData, head: Head) -> None:
            super().__init__()
            self.library = library
            self.userdata = userdata
            self.head = head

    class LibraryChanged(Message):
        """Another process changed the library: its documents now."""

        def __init__(self, entries: Sequence[EntryLike], stamp: object) -> None:
            super().__init__()
            self.entries = entries
            self.stamp = stamp

    class LibraryFailed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class ImportStep(Message):
        """How far an import or a rebuild is; a rebuild's steps say what it is (title, text).
        One per document: a step still queued when the next one of the same run arrives is dropped."""

        def __init__(self, done: int, total: int, name: str, title: str = "", text: str = "") -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.name = name
            self.title = title
            self.text = text

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, KamerlezerApp.ImportStep) and message.title == self.title

    class LibraryNotice(Message):
        """Something the library or the user's data file wants the user to know."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        cache_dir: Path,
        place: Place | None = None,
        keymap: str | None = None,
        config_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.services = Services(Path(cache_dir))
        self.place = place
        self.config_dir = Path(config_dir) if config_dir is not None else default_config_dir()
        config = load_config(self.config_dir)
        self.keymap = build_keymap(keymap or config.keymap, config.keys, self.config_dir)
        self.problems = (*config.problems, *self.keymap.problems)
        self.animation_level = "none"  # over SSH every frame counts: no animations
        self._progress: ImportProgress | None = None
        self._tree_drawn = threading.Event()
        # Where the reader was and its theme (config_dir/state.json): a hundred bytes, read here because
        # the theme must be in force before the first frame; the last document is checked in the worker.
        self._state: ReaderState = load_state(self.config_dir)
        self._state_problem_said = False

    def get_default_screen(self) -> Screen:
        return StartScreen()

    @property
    def main_screen(self) -> MainScreen:
        """The main screen (there is one once the library is open, right above the start screen)."""
        screen = self.screen_stack[1]
        assert isinstance(screen, MainScreen)
        return screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_LIBRARY and self.services.library is None:
            return None  # shown, but disabled: the library is still opening
        return True

    def on_mount(self) -> None:
        if self._state.theme is not None and self._state.theme in self.available_themes:
            self.theme = self._state.theme
        self.theme_changed_signal.subscribe(self, lambda theme: self._keep(theme=theme.name))
        self.set_keymap(self.keymap.for_textual())
        if self.problems:
            self.notify(
                "\n".join(self.problems) + f"\n{hint(self.keymap.keys, 'help')} lists the keys in force.",
                title="Problems in your key settings",
                severity="warning",
                timeout=30,
                markup=False,
            )
        self._open_library()

    # ------------------------------------------------------------------ the library

    def _from_store(self, text: str) -> None:
        """The library's and user data's on_message: may be called from a worker thread."""
        self.post_message(self.LibraryNotice(text))

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def _open_library(self) -> None:
        from store.library import Library
        from store.userdata import UserData

        try:
            library = Library(
                self.services.cache_dir, on_message=self._from_store, on_rebuild=self._rebuilding, lazy=True
            )
            userdata = UserData.for_cache(self.services.cache_dir, on_message=self._from_store)
            head = library.head()
            if head is not None and head.documents >= HEAD_FROM:
                self.post_message(self.LibraryHeadRead(library, userdata, head))
                self._tree_drawn.wait(timeout=2.0)
                time.sleep(HEAD_PAUSE)
            if library.is_empty():
                self._import_bundled(library)
            stamp = library.stamp  # before the entries: a change between them is seen again later
            entries = library.entries()
            place, block = self.place, None
            last = self._state.doc
            if place is None and last is not None and library.get(last) is not None:  # gone: silently not
                place, block = Place(last), self._state.block
        except KamerlezerError as exc:
            self.post_message(self.LibraryFailed(str(exc)))
            return
        except Exception as exc:  # a damaged cache must not end in a traceback: say what happened
            self.post_message(self.LibraryFailed(f"{self.services.cache_dir}: {exc.__class__.__name__}: {exc}"))
            return
        # What start-up made (the index of every document) lives as long as the reader: out of the
        # cycle collector's way, so that its full sweeps stop walking it again.
        gc.freeze()
        self.post_message(self.LibraryOpened(library, userdata, entries, stamp, place, block))
        # The checks below compete with drawing the tree for the interpreter: they wait until it is drawn,
        # and in a large library (where they take a tenth of a second) until the first keys are taken.
        self._tree_drawn.wait(timeout=2.0)
        if len(entries) > LARGE_LIBRARY:
            time.sleep(0.5)
        # Now, not at the first use: a damaged user file is moved aside and a damaged cache mended,
        # each with a notification.
        for check in (userdata.check, library.check):
            try:
                check()
            except KamerlezerError as exc:
                self._from_store(str(exc))
            except Exception as exc:  # an unwritable cache, a full disk: said, and the reader goes on
                self._from_store(f"{self.services.cache_dir}: {exc.__class__.__name__}: {exc}")
        library.prepare_search()

    def _rebuilding(self, what: str, reason: str, done: int, total: int, path: str) -> None:
        """The library's on_rebuild (from the worker thread): a repair or an upgrade, shown as it goes."""
        title = "Upgrading the library" if what == "upgrade" else "Repairing the library"
        text = f"{reason}: reading every document again from the texts the cache keeps."
        self.post_message(self.ImportStep(done, total, path, title, text))

    def _import_bundled(self, library) -> None:
        files = bundled_corpus()
        self.post_message(self.ImportStep(0, len(files), ""))
        with ExitStack() as stack:
            paths = [stack.enter_context(resources.as_file(f)) for f in files]
            report = library.import_paths(
                paths, progress=lambda done, total, name: self.post_message(self.ImportStep(done, total, name))
            )
        for path, problem in report.failed:
            self.post_message(self.LibraryNotice(f"{path}: {problem}"))

    @on(ImportStep)
    def _import_step(self, event: ImportStep) -> None:
        progress = self._progress
        first = progress is None or bool(event.title and event.title != progress.title_text)
        if progress is None or first:
            if progress is not None:
                progress.dismiss()
            progress = self._progress = ImportProgress(event.total, event.title, event.text)
            self.push_screen(progress)
        if event.done or not first:  # the step that starts a run shows nothing done yet
            progress.advance(event.done, event.total, event.name)

    @on(LibraryHeadRead)
    async def _library_head_read(self, event: LibraryHeadRead) -> None:
        await self.push_screen(MainScreen(event.library, event.userdata, head=event.head))
        self.call_after_refresh(self._tree_drawn.set)

    @on(LibraryOpened)
    async def _library_opened(self, event: LibraryOpened) -> None:
        self._close_progress()
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[1], MainScreen):  # drawn from the head
            self.main_screen.attach(event.entries, event.stamp, event.place, event.block)
        else:
            # Over the start screen, which stays below it: Textual's first screen cannot be replaced.
            await self.push_screen(
                MainScreen(event.library, event.userdata, event.entries, event.place, block=event.block,
                           entries_stamp=event.stamp)  # fmt: skip
            )
        # Told only now that the main screen is mounted: what asks for the library finds it there.
        self.services.library = event.library
        self.services.userdata = event.userdata
        self.refresh_bindings()
        # The main screen lives as long as the reader, as the index does (see _open_library).
        gc.freeze()
        self.call_after_refresh(self._tree_drawn.set)
        self.set_interval(WATCH_INTERVAL, self._look_at_library)

    # ------------------------------------------------------------------ another process's changes

    def _look_at_library(self) -> None:
        """One stat of index.json; the documents are read again (off the event loop) when it changed."""
        library = self.services.library
        if library is None or len(self.screen_stack) < 2:
            return
        try:
            changed = library.stamp != self.main_screen.entries_stamp
        except OSError:
            return
        if changed:
            self._read_entries(library)

    @work(thread=True, exclusive=True, group="library-watch", exit_on_error=False)
    def _read_entries(self, library: Library) -> None:
        try:
            stamp = library.stamp
            entries = library.entries()
        except Exception:  # noqa: BLE001 - half-written by the other process: looked at again in a moment
            return
        self.post_message(self.LibraryChanged(entries, stamp))

    @on(LibraryChanged)
    def _library_changed(self, event: LibraryChanged) -> None:
        screen = self.main_screen
        if event.stamp == screen.entries_stamp:
            return
        screen.refresh_entries(event.entries, event.stamp)
        count = len(event.entries)
        self.notify(f"The library changed: {count} document{'' if count == 1 else 's'}", markup=False)

    # ------------------------------------------------------------------ where the reader was

    @on(MainScreen.DocumentOpened)
    def _document_opened(self, event: MainScreen.DocumentOpened) -> None:
        self._keep(doc=event.doc_id, block=event.block)

    def _keep(self, *, durable: bool = False, **changes: object) -> None:
        """Note a change of the state kept between runs; the file is written only when it changed."""
        state = dataclasses.replace(self._state, **changes)  # type: ignore[arg-type]
        if state == self._state:
            return
        self._state = state
        try:
            save_state(self.config_dir, state, durable=durable)
        except OSError as exc:  # a read-only config dir: the reader goes on, it said so once
            if not self._state_problem_said:
                self._state_problem_said = True
                self.notify(f"Where you were is not kept: {exc}", severity="warning", markup=False)

    def exit(self, result: int | None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        if self.services.library is not None and len(self.screen_stack) > 1:
            with contextlib.suppress(Exception):  # the screens may be going already
                position = self.main_screen.reader.position
                if position is not None:
                    self._keep(doc=position.doc_id, block=position.block, durable=True)
        super().exit(result, return_code, message)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.dismiss()
            self._progress = None

    @on(LibraryFailed)
    def _library_failed(self, event: LibraryFailed) -> None:
        self._close_progress()
        if isinstance(self.screen, StartScreen):
            self.screen.failed()
        self.notify(event.text, title="Cannot open the library", severity="error", timeout=60, markup=False)

    @on(LibraryNotice)
    def _library_notice(self, event: LibraryNotice) -> None:
        self.notify(event.text, title="Library", timeout=10, markup=False)

    # ------------------------------------------------------------------ going places

    def open_place(self, place: Place) -> None:
        """Open a place in the main screen (from the palette and the list screens)."""
        self._close_dialogs()
        self.main_screen.open_place(place)

    def _close_dialogs(self) -> None:
        while len(self.screen_stack) > 1 and isinstance(self.screen, ModalScreen):
            self.pop_screen()

    def _opened(self, place: Place | None) -> None:
        self.main_screen.refresh_user_marks()
        if place is not None:
            self.open_place(place)

    # ------------------------------------------------------------------ actions (keys)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self._close_dialogs()
        self.push_screen(HelpScreen(self.keymap.keys, self.keymap.name, self.problems))

    # These need the library: check_action disables them until it is open.

    def action_search_library(self) -> None:
        self._close_dialogs()
        self.push_screen(SearchScreen(self.main_screen.library), self._opened)

    def action_bookmarks(self) -> None:
        self._close_dialogs()
        screen = self.main_screen
        self.push_screen(BookmarksScreen(screen.userdata, screen.library), self._opened)

    def action_annotations(self) -> None:
        self._close_dialogs()
        screen = self.main_screen
        self.push_screen(NotesScreen(screen.userdata, screen.library), self._opened)

    def action_fetch(self) -> None:
        self._close_dialogs()
        self.main_screen.action_fetch()

    def action_new_documents(self) -> None:
        self._close_dialogs()
        self.main_screen.show_new_documents()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every app-wide action of the registry, with its keys."""
        yield from super().get_system_commands(screen)
        for action in ACTIONS:
            target = action.targets.get("app")
            if target is None or action.name in ("quit", "command_palette"):
                continue
            keys = hint(self.keymap.keys, action.name)
            yield SystemCommand(
                action.description, escape(f"key: {keys}"), lambda method=target.method: self.run_action(method)
            )


def run(cache_dir: Path, place: str | None = None, keymap: str | None = None) -> int:
    """Start the reader on `cache_dir`, optionally at `place` ("ID" or "ID#qa-19"). Exit status."""
    target = None
    if place:
        try:
            target = parse_place(place)
        except AnchorError as exc:
            print(f"kamerlezer: {exc}", file=sys.stderr)
            return 2
    app = KamerlezerApp(Path(cache_dir), target, keymap)
    with _drawing_on_the_terminal():
        app.run()
    return app.return_code or 0


@contextlib.contextmanager
def _drawing_on_the_terminal() -> Iterator[None]:
    """Textual draws on stderr (fd 2): with `kamerlezer 2>log` it would draw into the log and leave
    the screen blank. While the app runs, fd 2 is then the terminal stdout is on; afterwards it is
    the log again, so what is said after the reader ends goes there."""
    try:
        redirected = not os.isatty(2) and os.isatty(1)
    except OSError:
        redirected = False
    if not redirected:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        os.dup2(1, 2)
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
