"""One run of the real reader, headless, timed from the start of its process (run by tests/bench/big_document.py).

    python -m tests.bench.open_probe --cache DIR --t0 EPOCH [--open ID]

`--t0` is the wall-clock time the parent took just before starting this process, so the
interpreter's start and every import count. Without `--open`, the reader on an empty cache
(without the import of the bundled samples): the time until its first screen, the main
screen with the reading pane's lines drawn. With `--open ID`, the reader started on that
document as `kamerlezer open ID` starts it: the time until the document's first screen of
lines is drawn; then End (the key bound to `last` in the key map) is pressed and timed
until the document's last line is drawn at the foot of the pane. One line of JSON.
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before the imports below: they are part of start-up

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from textual import events  # noqa: E402

from store.anchors import Place  # noqa: E402
from tests.bench.probing import until  # noqa: E402
from tests.bench.reader_probe import NoSamplesApp  # noqa: E402
from tui.app import KamerlezerApp  # noqa: E402
from tui.screens.main import MainScreen  # noqa: E402
from tui.widgets.document_view import DocumentView  # noqa: E402

SIZE = (120, 40)
POLL = 0.001


class Drawn:
    """What DocumentView has drawn in this process (its render_line patched here only): per
    document id (None: no document) the number of lines, and the last line index drawn."""

    def __init__(self) -> None:
        self.lines: dict[str | None, int] = {}
        self.last_index = -1
        original = DocumentView.render_line

        def render_line(view: DocumentView, y: int):
            strip = original(view, y)
            key = view.display_doc.doc.id if view.display_doc is not None else None
            self.lines[key] = self.lines.get(key, 0) + 1
            self.last_index = max(self.last_index, view.scroll_offset.y + y)
            return strip

        DocumentView.render_line = render_line  # type: ignore[method-assign]


async def _until(condition, what: str) -> None:
    await until(condition, what, POLL)


def _key_for_last(app: KamerlezerApp) -> str:
    """The first key the active map binds to `last` (End in the default map)."""
    keys = app.keymap.keys.get("last") or ("end",)
    return keys[0]


async def _press_end(app: KamerlezerApp, v: DocumentView, drawn: Drawn) -> float:
    """Milliseconds from the key End (as the terminal gives it) until the document's last line is drawn."""
    drawn.last_index = -1
    # Straight to the driver: the pilot's press would add its own waits for the app to go idle
    # (tens of milliseconds) to what is measured.
    key = events.Key(_key_for_last(app), None)
    key.set_sender(app)
    start = time.perf_counter()
    assert app._driver is not None
    app._driver.send_message(key)
    await _until(
        lambda: v.virtual_size.height > 0
        and drawn.last_index == v.virtual_size.height - 1
        and v.scroll_offset.y == v.max_scroll_y,
        "the last line",
    )
    return (time.perf_counter() - start) * 1000


async def probe(args: argparse.Namespace) -> dict[str, float]:
    drawn = Drawn()
    place = Place(args.open) if args.open else None
    config = Path(args.cache) / "probe-config"
    (config / "state.json").unlink(missing_ok=True)  # each run a first run: no place kept from the last
    app = (KamerlezerApp if args.open else NoSamplesApp)(Path(args.cache), place, config_dir=config)
    out: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:

        def view() -> DocumentView | None:
            screen = app.screen
            if not isinstance(screen, MainScreen):
                return None
            found = screen.query(DocumentView)  # nothing while the screen is still being composed
            return found.first() if found else None

        def first_screen(doc_id: str | None) -> bool:
            v = view()
            return v is not None and v.size.height > 0 and drawn.lines.get(doc_id, 0) >= v.size.height

        await _until(lambda: first_screen(args.open), "the first screen")
        out["first_screen_s"] = time.time() - args.t0
        out["first_screen_in_process_s"] = time.perf_counter() - START
        if args.open:
            v = view()
            assert v is not None
            # At once, as a reader who opens a long paper to read its end does: the rest of the page
            # is still being laid out in the background.
            # (An earlier reader laid every page out whole at once: complete.)
            out["laid_out_before_end"] = float(getattr(v.page, "complete", True))
            out["end_ms"] = await _press_end(app, v, drawn)
            out["lines"] = v.virtual_size.height
            # And once the reader is idle, from the top again.
            v.scroll_to(y=0, animate=False, immediate=True)
            await pilot.pause()
            out["end_idle_ms"] = await _press_end(app, v, drawn)
        app.exit()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", required=True)
    ap.add_argument("--t0", type=float, required=True, help="time.time() just before this process was started")
    ap.add_argument("--open", metavar="ID")
    args = ap.parse_args()
    result = asyncio.run(probe(args))
    print(json.dumps(result), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
