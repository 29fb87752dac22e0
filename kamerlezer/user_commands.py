"""`kamerlezer bookmark …` and `kamerlezer note …`: the user's bookmarks and notes, for scripts
and for people on a server.

    kamerlezer bookmark add ID[#ANCHOR] [--label TEXT] | list [--json] | rm N
    kamerlezer note add ID#ANCHOR TEXT | list [ID] [--json] | rm N | edit N TEXT
                    | export [--format md|json] [--doc ID]... [ID]

A thin layer: the place is checked by the library (store.library.Library.locate), the bookmarks
and notes kept by store.userdata. What the user wrote is printed as it is: never read as Rich
markup, control characters made visible.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from kamerlezer import PROG
from kamerlezer.context import CommandError, library, user_data
from kamerlezer.output import MarkRow, console, mark_text
from kamerlezer.plain_output import print_json
from store.collector import collector_paused
from store.library import Located, read_place
from store.userdata import Bookmark, Note, quote_for
from store.visible import visible

TOP = "p-1"  # where a bookmark without an anchor points: the document's first block
REMOVED = "[document removed from the library] "
LOST = "[not found in the new version] "  # its document changed, and the place was not found in it


# -- bookmarks --------------------------------------------------------------------------------


def bookmark_add(args: argparse.Namespace) -> int:
    located = library(args).locate(args.place, default_anchor=TOP)
    done = user_data(args).bookmark_at(located.doc, located.anchor or TOP, _quote(located), args.label)
    if done.change == "exists":  # a place is bookmarked once; asking again is no error
        mark = done.bookmark
        console().print(f"already bookmarked: bookmark {mark.id} ({visible(f'{mark.doc_id}#{mark.anchor}')})")
        return 0
    console().print(f"bookmark {done.bookmark.id}: {visible(str(located.place))}")
    return 0


def bookmark_list(args: argparse.Namespace) -> int:
    marks = user_data(args).bookmarks()
    present = _present(args, marks)
    if args.json:
        return print_json([_mark_json(b, present) for b in marks])
    if not marks:
        console().print("no bookmarks")
        return 0
    return _print_marks(marks, "label", lambda b: _on_removed(b, present) + (b.label or ""), lambda b: b.created)


def bookmark_rm(args: argparse.Namespace) -> int:
    if not user_data(args).remove_bookmark(args.number):
        raise CommandError(f"there is no bookmark {args.number} (`{PROG} bookmark list` shows them)")
    console().print(f"bookmark {args.number} removed")
    return 0


# -- notes ------------------------------------------------------------------------------------


def note_add(args: argparse.Namespace) -> int:
    place = read_place(args.place)
    if place.anchor is None:
        raise CommandError(f"say where in {place.doc_id}: {place.doc_id}#qa-N, #p-N, #sec-N or #fn-N")
    located = library(args).locate(place)
    note = user_data(args).add_note(located.doc.id, located.anchor or "", " ".join(args.text), _quote(located))
    console().print(f"note {note.id}: {visible(str(located.place))}")
    return 0


def note_list(args: argparse.Namespace) -> int:
    notes = user_data(args).notes(args.id)
    present = _present(args, notes)
    if args.json:
        return print_json([_mark_json(n, present) for n in notes])
    if not notes:
        console().print(f"no notes on {args.id}" if args.id else "no notes")
        return 0
    return _print_marks(notes, "note", lambda n: _on_removed(n, present) + n.text, lambda n: n.updated)


def note_rm(args: argparse.Namespace) -> int:
    if not user_data(args).remove_note(args.number):
        raise CommandError(f"there is no note {args.number} (`{PROG} note list` shows them)")
    console().print(f"note {args.number} removed")
    return 0


def note_edit(args: argparse.Namespace) -> int:
    note = user_data(args).update_note(args.number, " ".join(args.text))
    console().print(f"note {note.id} changed")
    return 0


def note_export(args: argparse.Namespace) -> int:
    """The notes by document, each under its whole passage (store.export), as Markdown or JSON;
    only those on the documents of --doc and the positional ID, when given."""
    from store import export  # here: the other note commands have no need of it (34 ms)

    wanted = {*(args.doc or ()), *([args.id] if args.id else [])}
    notes = user_data(args).notes()
    lib = library(args)
    unknown = sorted(i for i in wanted if lib.get(i) is None and not any(n.doc_id == i for n in notes))
    if unknown:
        raise CommandError(f"no document {unknown[0]!r} in {lib.path}, and no notes on it (`{PROG} list` shows them)")
    documents = export.collect(lib, notes, wanted)
    if args.format == "json":
        return print_json(export.json_data(documents))
    sys.stdout.write(export.markdown(documents))
    return 0


# -- shared -----------------------------------------------------------------------------------


def _quote(located: Located) -> str:
    """The start of the block the place points at (the anchor is checked: no AnchorError here)."""
    return quote_for(located.doc, located.anchor or TOP)


def _present(args: argparse.Namespace, items: Sequence[Bookmark | Note]) -> set[str]:
    """Which of the documents the items are on are in the library (a removed one's are kept);
    lazy: the head's ids tell, so that a large library's rows are not read for it."""
    return library(args, lazy=True).present(item.doc_id for item in items)


def _on_removed(item: Bookmark | Note, present: set[str]) -> str:
    """What a row says before the item's text: that its document is gone, or that the place was
    not found in the document's new version (its anchor and quote are the old ones)."""
    if item.doc_id not in present:
        return REMOVED
    return LOST if item.lost else ""


def _mark_json(item: Bookmark | Note, present: set[str]) -> dict[str, Any]:
    """A bookmark or note as `list --json` prints it: its fields (not the fingerprint, which only
    finds it again), whether its document is in the library, and `"not_found": true` for one not
    found in its document's new version."""
    data = {**asdict(item), "in_library": item.doc_id in present}
    del data["fingerprint"], data["lost"]
    if item.lost:
        data["not_found"] = True
    return data


def _print_marks(
    items: Sequence[Bookmark | Note], heading: str, text: Callable[..., str], when: Callable[..., str]
) -> int:
    """One row per item: its number, place, `text` over the quoted passage, and date (the cycle
    collector paused: there is nothing for it in 50,000 rows)."""
    with collector_paused():
        rows = [MarkRow(str(i.id), visible(f"{i.doc_id}#{i.anchor}"), text(i), i.quote, when(i)[:10]) for i in items]
        out = console()
        out.file.write(mark_text(out, rows, heading))
    return 0
