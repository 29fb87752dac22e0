"""`kamerlezer bookmark …` and `kamerlezer note …`: the user's bookmarks and notes, for scripts
and for people on a server.

    kamerlezer bookmark add ID[#ANCHOR] [--label TEXT] | list [--json] | rm N
    kamerlezer note add ID#ANCHOR TEXT | list [ID] [--json] | rm N | edit N TEXT | export [--format md] [ID]

A thin layer: the document and the place are checked with the cache (store.library), the
bookmarks and notes kept by store.userdata. Errors are one line on stderr and exit 1. What
the user wrote is printed as it is: never read as Rich markup, control characters made visible.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import wraps

from kamerlezer.output import MarkRow, console, json_text, mark_lines
from store.anchors import AnchorError, Place, parse_place
from store.errors import KamerlezerError
from store.library import Library
from store.model import Document
from store.paths import cache_dir
from store.userdata import Bookmark, Note, UserData, export_markdown, quote_for
from store.visible import one_line, visible

PROG = "kamerlezer"
TOP = "p-1"  # where a bookmark without an anchor points: the document's first block
REMOVED = "[document removed from the library] "

Handler = Callable[[argparse.Namespace], int]


class _Refused(KamerlezerError):
    """What the user asked cannot be done (unknown document, place or number)."""


def _say(message: str) -> None:
    print(f"{PROG}: {one_line(message)}", file=sys.stderr, flush=True)


def _reporting(handler: Handler) -> Handler:
    """The handler, with our errors told in one line on stderr (exit 1) instead of raised."""

    @wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except KamerlezerError as exc:
            _say(str(exc))
            return 1

    return run


# -- where things are -------------------------------------------------------------------------


def _user_data(args: argparse.Namespace) -> UserData:
    return UserData.for_cache(cache_dir(args.cache), on_message=_say)


def _library(args: argparse.Namespace) -> Library:
    return Library(args.cache, on_message=_say)


def _place(text: str) -> Place:
    try:
        return parse_place(text)
    except AnchorError as exc:
        raise _Refused(str(exc)) from None


def _document(library: Library, doc_id: str) -> Document:
    try:
        return library.load(doc_id)
    except KeyError:
        raise _Refused(f"no document {doc_id!r} in {library.path} (`{PROG} list` shows what there is)") from None


def _quote(doc: Document, anchor: str) -> str:
    try:
        return quote_for(doc, anchor)
    except AnchorError as exc:
        raise _Refused(str(exc)) from None


def _located(args: argparse.Namespace, default_anchor: str | None) -> tuple[Place, str]:
    """The place args.place names, checked against the cache, and the quote of its block."""
    place = _place(args.place)
    anchor = place.anchor or default_anchor
    if anchor is None:
        raise _Refused(f"say where in {place.doc_id}: {place.doc_id}#qa-N, #p-N, #sec-N or #fn-N")
    doc = _document(_library(args), place.doc_id)
    return Place(doc.id, anchor), _quote(doc, anchor)


# -- bookmarks --------------------------------------------------------------------------------


@_reporting
def bookmark_add(args: argparse.Namespace) -> int:
    place, quote = _located(args, TOP)
    mark = _user_data(args).add_bookmark(place.doc_id, place.anchor or TOP, quote, args.label)
    console().print(f"bookmark {mark.id}: {visible(str(place))}")
    return 0


@_reporting
def bookmark_list(args: argparse.Namespace) -> int:
    marks = _user_data(args).bookmarks()
    present = _present(args, marks)
    if args.json:
        return _print_json(marks, present)
    if not marks:
        console().print("no bookmarks")
        return 0
    return _print_marks(marks, "label", lambda b: _on_removed(b, present) + (b.label or ""), lambda b: b.created)


@_reporting
def bookmark_rm(args: argparse.Namespace) -> int:
    if not _user_data(args).remove_bookmark(args.number):
        raise _Refused(f"there is no bookmark {args.number} (`{PROG} bookmark list` shows them)")
    console().print(f"bookmark {args.number} removed")
    return 0


# -- notes ------------------------------------------------------------------------------------


@_reporting
def note_add(args: argparse.Namespace) -> int:
    place, quote = _located(args, None)
    note = _user_data(args).add_note(place.doc_id, place.anchor or "", " ".join(args.text), quote)
    console().print(f"note {note.id}: {visible(str(place))}")
    return 0


@_reporting
def note_list(args: argparse.Namespace) -> int:
    notes = _user_data(args).notes(args.id)
    present = _present(args, notes)
    if args.json:
        return _print_json(notes, present)
    if not notes:
        console().print(f"no notes on {args.id}" if args.id else "no notes")
        return 0
    return _print_marks(notes, "note", lambda n: _on_removed(n, present) + n.text, lambda n: n.updated)


def _present(args: argparse.Namespace, items: Sequence[Bookmark | Note]) -> set[str]:
    """Which of the documents the items are on are in the library (a removed one's are kept)."""
    library = _library(args)
    return {i for i in {item.doc_id for item in items} if library.get(i) is not None}


def _on_removed(item: Bookmark | Note, present: set[str]) -> str:
    return "" if item.doc_id in present else REMOVED


@_reporting
def note_rm(args: argparse.Namespace) -> int:
    if not _user_data(args).remove_note(args.number):
        raise _Refused(f"there is no note {args.number} (`{PROG} note list` shows them)")
    console().print(f"note {args.number} removed")
    return 0


@_reporting
def note_edit(args: argparse.Namespace) -> int:
    note = _user_data(args).update_note(args.number, " ".join(args.text))
    console().print(f"note {note.id} changed")
    return 0


@_reporting
def note_export(args: argparse.Namespace) -> int:
    notes = _user_data(args).notes(args.id)
    library = _library(args)
    titles = {i: entry.title for i in {n.doc_id for n in notes} if (entry := library.get(i))}
    sys.stdout.write(export_markdown(notes, titles, removed={n.doc_id for n in notes} - titles.keys()))
    return 0


# -- output -----------------------------------------------------------------------------------


def _print_json(items: Sequence[Bookmark | Note], present: set[str]) -> int:
    sys.stdout.write(json_text([{**asdict(i), "in_library": i.doc_id in present} for i in items]) + "\n")
    return 0


def _print_marks(
    items: Sequence[Bookmark | Note], heading: str, text: Callable[..., str], when: Callable[..., str]
) -> int:
    """One row per item: its number, place, `text` over the quoted passage, and date."""
    rows = [MarkRow(str(i.id), visible(f"{i.doc_id}#{i.anchor}"), text(i), i.quote, when(i)[:10]) for i in items]
    out = console()
    out.file.write("".join(line + "\n" for line in mark_lines(out, rows, heading)))
    return 0


# -- the parsers ------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add the `bookmark` and `note` commands. `parents` (the options every command takes,
    such as --cache) are added to each of them."""
    common = {"parents": list(parents)}

    def action(group: argparse._SubParsersAction, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        parser = group.add_parser(name, help=help, description=help, **common)
        parser.set_defaults(func=handler)
        return parser

    def json_flag(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON")

    bookmark = subparsers.add_parser("bookmark", help="add, list or remove bookmarks", **common)
    group = bookmark.add_subparsers(title="actions", metavar="ACTION", required=True)
    p = action(group, "add", bookmark_add, "bookmark a place (without #ANCHOR: the start of the document)")
    p.add_argument("place", metavar="ID[#ANCHOR]")
    p.add_argument("--label", metavar="TEXT", help="a name for the bookmark")
    json_flag(action(group, "list", bookmark_list, "list the bookmarks"))
    action(group, "rm", bookmark_rm, "remove bookmark N").add_argument("number", type=int, metavar="N")

    note = subparsers.add_parser("note", help="add, list, change, remove or export notes", **common)
    group = note.add_subparsers(title="actions", metavar="ACTION", required=True)
    p = action(group, "add", note_add, "write a note on a place (ID#qa-3, ID#p-12, ...)")
    p.add_argument("place", metavar="ID#ANCHOR")
    p.add_argument("text", metavar="TEXT", nargs="+")
    p = action(group, "list", note_list, "list the notes (on one document, with ID)")
    p.add_argument("id", metavar="ID", nargs="?")
    json_flag(p)
    action(group, "rm", note_rm, "remove note N").add_argument("number", type=int, metavar="N")
    p = action(group, "edit", note_edit, "replace the text of note N")
    p.add_argument("number", type=int, metavar="N")
    p.add_argument("text", metavar="TEXT", nargs="+")
    p = action(group, "export", note_export, "print the notes as Markdown, under the passages they annotate")
    p.add_argument("--format", choices=["md"], default="md", help="md (Markdown), the default")
    p.add_argument("id", metavar="ID", nargs="?")
