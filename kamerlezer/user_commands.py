"""`kamerlezer bookmark …` and `kamerlezer note …`: the user's bookmarks and notes, for scripts
and for people on a server.

    kamerlezer bookmark add ID[#ANCHOR] [--label TEXT] | list [--json] | rm N
    kamerlezer note add ID#ANCHOR TEXT | list [ID] [--json] | rm N | edit N TEXT | export [--format md] [ID]

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
from kamerlezer.output import MarkRow, console, mark_lines, print_json
from store.library import Located, read_place
from store.userdata import Bookmark, Note, export_markdown, quote_for
from store.visible import visible

TOP = "p-1"  # where a bookmark without an anchor points: the document's first block
REMOVED = "[document removed from the library] "


# -- bookmarks --------------------------------------------------------------------------------


def bookmark_add(args: argparse.Namespace) -> int:
    located = library(args).locate(args.place, default_anchor=TOP)
    mark = user_data(args).add_bookmark(located.doc.id, located.anchor or TOP, _quote(located), args.label)
    console().print(f"bookmark {mark.id}: {visible(str(located.place))}")
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
    notes = user_data(args).notes(args.id)
    lib = library(args)
    titles = {i: entry.title for i in {n.doc_id for n in notes} if (entry := lib.get(i))}
    sys.stdout.write(export_markdown(notes, titles, removed={n.doc_id for n in notes} - titles.keys()))
    return 0


# -- shared -----------------------------------------------------------------------------------


def _quote(located: Located) -> str:
    """The start of the block the place points at (the anchor is checked: no AnchorError here)."""
    return quote_for(located.doc, located.anchor or TOP)


def _present(args: argparse.Namespace, items: Sequence[Bookmark | Note]) -> set[str]:
    """Which of the documents the items are on are in the library (a removed one's are kept)."""
    lib = library(args)
    return {i for i in {item.doc_id for item in items} if lib.get(i) is not None}


def _on_removed(item: Bookmark | Note, present: set[str]) -> str:
    return "" if item.doc_id in present else REMOVED


def _mark_json(item: Bookmark | Note, present: set[str]) -> dict[str, Any]:
    """A bookmark or note as `list --json` prints it: its fields, and whether its document is in the library."""
    return {**asdict(item), "in_library": item.doc_id in present}


def _print_marks(
    items: Sequence[Bookmark | Note], heading: str, text: Callable[..., str], when: Callable[..., str]
) -> int:
    """One row per item: its number, place, `text` over the quoted passage, and date."""
    rows = [MarkRow(str(i.id), visible(f"{i.doc_id}#{i.anchor}"), text(i), i.quote, when(i)[:10]) for i in items]
    out = console()
    out.file.write("".join(line + "\n" for line in mark_lines(out, rows, heading)))
    return 0
