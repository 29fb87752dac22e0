"""One run of the real reader, headless, timed from the start of its process (run by tests/bench/run.py).

    python -m tests.bench.reader_probe --cache DIR --t0 EPOCH [--open ID] [--search QUERY] [--no-samples]

`--t0` is the wall-clock time the parent took just before starting this process, so the
interpreter's start and every import count. The probe starts `KamerlezerApp` with
`run_test()` (Textual's headless driver), waits until the tree is shown (from the head in a
large library: its groups, before the rows are read), presses a key and waits until the app
has handled it: that is start-up. Then it waits until the library's rows are read too
(`library_open_s`, from process start). Then,
optionally, it opens a document until its first screen of lines is drawn, and runs one
library search through the search screen. It prints one line of JSON, with the peak
resident memory of the process.

`--no-samples`: on an empty cache the reader imports the bundled sample documents first;
this skips that (a subclass that leaves `_import_bundled` out), so the empty-cache start-up
measures the reader itself.
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before the imports below: they are part of start-up

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from store.anchors import Place  # noqa: E402
from tests.bench.probing import until  # noqa: E402
from tui.app import KamerlezerApp  # noqa: E402
from tui.screens.search import SearchInput, SearchScreen  # noqa: E402
from tui.widgets.document_view import DocumentView  # noqa: E402

SIZE = (120, 40)
POLL = 0.002


class NoSamplesApp(KamerlezerApp):
    CSS_PATH = str(Path(sys.modules[KamerlezerApp.__module__].__file__).with_name("app.tcss"))  # not beside this file

    def _import_bundled(self, library) -> None:
        pass


def _peak_rss_mb() -> float:
    """The high-water mark of this process's resident memory. VmHWM, not getrusage's ru_maxrss:
    Linux carries ru_maxrss over from the parent through fork and exec (the bench's own)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 2**20)


async def _until(condition, what: str) -> None:
    await until(condition, what, POLL)


def _count_drawn_lines() -> dict[str, int]:
    """Count the lines DocumentView draws, per document id (the class is patched in this process only)."""
    drawn: dict[str, int] = {}
    original = DocumentView.render_line

    def render_line(self, y):
        strip = original(self, y)
        if self.display_doc is not None and self.page is not None:
            key = self.display_doc.doc.id
            drawn[key] = drawn.get(key, 0) + 1
        return strip

    DocumentView.render_line = render_line
    return drawn


async def probe(args: argparse.Namespace) -> dict[str, float]:
    drawn = _count_drawn_lines()
    cls = NoSamplesApp if args.no_samples else KamerlezerApp
    config = Path(args.cache) / "probe-config"
    # Each run as a first run: no place saved by the run before (the reader would open it again).
    (config / "state.json").unlink(missing_ok=True)
    app = cls(Path(args.cache), config_dir=config)
    out: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        out["app_running_s"] = time.perf_counter() - START
        await _until(lambda: len(app.screen_stack) > 1 and app.screen_stack[1].is_mounted, "the main screen")
        tree = app.main_screen.library_pane.document_tree
        await _until(lambda: len(tree.root.children) > 0 or app.services.library is not None, "the tree to fill")
        groups = len(tree.root.children)
        before = tree.cursor_line
        await pilot.press("down")
        if groups > 1 and tree.cursor_line == before:
            raise RuntimeError("the tree did not take the key")
        elapsed = time.time() - args.t0
        out["startup_s"] = elapsed
        out["startup_in_process_s"] = time.perf_counter() - START
        out["from_head"] = float(app.services.library is None)  # the tree was drawn before the rows were read
        await _until(lambda: app.services.library is not None, "the library to open")
        out["library_open_s"] = time.perf_counter() - START
        out["documents"] = len(tree._entries)

        if args.open:
            if app.services.library.get(args.open) is None:
                raise KeyError(f"no document {args.open} in {args.cache}")
            view = app.main_screen.reader.view
            start = time.perf_counter()
            app.main_screen.open_place(Place(args.open))
            await _until(
                lambda: view.display_doc is not None
                and view.display_doc.doc.id == args.open
                and drawn.get(args.open, 0) >= view.scrollable_content_region.height,
                "the document's first screen",
            )
            out["open_s"] = time.perf_counter() - start

        if args.search:
            await pilot.press("escape")
            start = time.perf_counter()
            app.action_search_library()
            await _until(
                lambda: isinstance(app.screen, SearchScreen) and bool(app.screen.query(SearchInput)),
                "the search screen",
            )
            screen = app.screen
            screen.query_one(SearchInput).value = args.search
            await _until(lambda: bool(screen.hits), "search results")
            out["search_s"] = time.perf_counter() - start
            out["search_hits"] = len(screen.hits)
        out["peak_rss_mb"] = _peak_rss_mb()
        app.exit()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", required=True)
    ap.add_argument("--t0", type=float, required=True, help="time.time() just before this process was started")
    ap.add_argument("--open", metavar="ID")
    ap.add_argument("--search", metavar="QUERY")
    ap.add_argument("--no-samples", action="store_true")
    args = ap.parse_args()
    result = asyncio.run(probe(args))
    print(json.dumps(result), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
