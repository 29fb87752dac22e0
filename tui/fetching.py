"""Fetching from the reader: a cited document that is not in the library, or the answer to the
written questions that are open. The network and the import are `store.fetch`'s; this module
says what the reader asks for, runs it (in the main screen's worker thread), and turns what
came back into the document to open and the lines to say. No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from store.errors import KamerlezerError
from tui.keymap import hint

if TYPE_CHECKING:
    from store.fetch.model import Fetched
    from store.library import Entry, Library

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class FetchJob:
    """One fetch the user asked for: `item` (a key, a zaak or document number), or with
    `answer_to` the answer to the questions `item` (a document id). `anchor`: where to open what
    arrives, the place the citation names. Setting `cancel` stops the request under way."""

    item: str
    anchor: str | None = None
    answer_to: bool = False
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)

    def progress(self, keys: Mapping[str, tuple[str, ...]]) -> str:
        """The status line while it runs."""
        what = f"the answer to {self.item}" if self.answer_to else self.item
        return f"fetching {what} … ({hint(keys, 'close')} cancels)"


@dataclass(frozen=True)
class FetchOutcome:
    """What a fetch gave: each item's Fetched, or one problem that stopped it before any
    (a cache that cannot be written), or that the user stopped it. `entries` and `stamp`: the
    library's documents after it, when it changed (None: it did not)."""

    results: tuple[Fetched, ...] = ()
    problem: str | None = None
    cancelled: bool = False
    entries: Sequence[Entry] | None = None
    stamp: object = None


def run_fetch(library: Library, job: FetchJob) -> FetchOutcome:
    """Fetch `job` into `library` (blocking: a worker thread's work). Never raises."""
    # Imported here: the HTTP client is loaded when the reader first fetches, not at start-up.
    from store.fetch import Cancelled, Client, fetch, fetch_answer

    before = _stamp(library)
    client = Client(cancel=job.cancel)
    results: tuple[Fetched, ...] = ()
    problem: str | None = None
    cancelled = False
    try:
        found = fetch_answer(library, job.item, client) if job.answer_to else fetch(library, [job.item], client)
        results = tuple(found)
    except Cancelled:
        cancelled = True
    except (KamerlezerError, OSError) as exc:
        problem = " ".join(str(exc).split())
    except Exception as exc:  # a fault of ours or the cache's must not take the reader down
        problem = f"{exc.__class__.__name__}: {' '.join(str(exc).split())}"
    stamp = _stamp(library)
    if stamp == before:
        return FetchOutcome(results, problem, cancelled)
    try:
        entries: Sequence[Entry] | None = library.entries()
    except Exception:  # noqa: BLE001 - the library watch reads them again in a moment
        entries = None
    return FetchOutcome(results, problem, cancelled, entries, stamp)


def _stamp(library: Library) -> object:
    try:
        return library.stamp
    except OSError:
        return None


@dataclass(frozen=True)
class Report:
    """What the reader does with an outcome: open `doc_id` (None: stay where it is), and say `lines`."""

    doc_id: str | None
    lines: tuple[tuple[str, Severity], ...]


def report(job: FetchJob, outcome: FetchOutcome) -> Report:
    """The document to open and what to say. A failure is one line that names what was asked
    for and the problem; the answer is the answer when one came, else the first document."""
    if outcome.problem is not None:
        return Report(None, ((f"{job.item}: {outcome.problem}; nothing changed", "error"),))
    if job.answer_to and not outcome.results:
        return Report(None, ((f"no answer to {job.item} has been published yet", "information"),))
    got = [f for f in outcome.results if f.doc_id]
    failed = [f for f in outcome.results if f.problem]
    chosen = next((f for f in got if f.why == "answer"), None) if job.answer_to else None
    chosen = chosen or (got[0] if got else None)
    if chosen is None or chosen.doc_id is None:
        if failed:
            more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
            return Report(None, ((f"{failed[0].item}: {failed[0].problem}{more}; nothing changed", "error"),))
        return Report(None, ((f"{job.item}: nothing to fetch there; nothing changed", "warning"),))
    title = " ".join(chosen.title.split())
    said = f"{chosen.doc_id} was in the library already" if chosen.unchanged else f"fetched {chosen.doc_id}"
    lines: list[tuple[str, Severity]] = [(f"{said}: {title}" if title else said, "information")]
    if failed:
        first = failed[0]
        lines.append((f"{first.item}: {len(failed)} of what it names could not be fetched: {first.problem}",
                      "warning"))  # fmt: skip
    return Report(chosen.doc_id, tuple(lines))
