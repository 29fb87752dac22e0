"""The commands on the documents: `parse`, `import`, `list`, `show`, `rm`, `refs`, `search` and
`open` (also what runs with no command: the reader, where the user left off).

Each asks store/ and prints: JSON with --json (the shapes of store/document_json.py, the contract
of docs/document-json.md), else text for people (kamerlezer/output.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kamerlezer import PROG
from kamerlezer.context import library, user_data
from kamerlezer.plain_output import hit_plain_lines, into_pipe, print_json, say, write_lines
from store import paths
from store.decoding import MAX_BYTES, decode_bytes, read_file
from store.document_json import entry_json, hit_json, part_json, reference_json, to_json
from store.library import NoDocument
from store.listing import select_entries
from store.model import Reference
from store.parts import part_of
from store.visible import visible


def cmd_parse(args: argparse.Namespace) -> int:
    from kamerlezer.output import print_document
    from store.parsing import parse_file  # only here: the other commands need no parser

    doc = parse_file(args.file)
    return print_json(to_json(doc)) if args.json else print_document(doc, {})


def cmd_import(args: argparse.Namespace) -> int:
    from kamerlezer.output import progress_bar

    lib = library(args)
    with progress_bar() as progress:
        report = lib.import_paths(args.paths, progress=progress)
    for path, problem in report.failed:
        say(f"{path}: {problem}")
    print(
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
        f"{len(report.failed)} failed ({visible(str(lib.path))})"
    )
    return 1 if report.failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    """Newest first (undated last), or in the order of --sort; only what --kind, --dossier,
    --since, --until and --new let through (store.listing, store.follows)."""
    from kamerlezer.output import COLUMN_CAP, console, entry_lines, print_lines

    lib = library(args)
    lib.check()  # what is there, so a damaged links.json, search index or body is said (and mended) here
    entries = select_entries(
        lib.entries(), kinds=args.kind or (), dossier=args.dossier, since=args.since, until=args.until,
        sort=args.sort, reverse=args.reverse,
    )  # fmt: skip
    if args.new:  # what `update` brought that the reader has not shown yet
        from store.follows import unseen_ids  # here: the other commands need none of it

        unseen = unseen_ids(user_data(args))
        entries = [e for e in entries if e.id in unseen]
    if args.json:
        return print_json([entry_json(e) for e in entries])
    out = console()
    print_lines(out, entry_lines(entries, cap=COLUMN_CAP if out.is_terminal else None))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """The document, or with `ID#ANCHOR` the part of it the anchor names (store.parts), checked by
    Library.locate: a wrong id or anchor is one line, exit 1."""
    from kamerlezer.output import part_view, print_document, print_pieces

    lib = library(args)
    located = lib.locate(args.id)
    doc = located.doc
    if located.anchor is not None:
        part = part_of(doc, located.anchor)
        if args.json:
            return print_json(part_json(part))
        titles = {i: e.title for r in part.references if r.target and (e := lib.get(i := r.target))}
        return print_pieces(part_view(part, titles))
    if args.json:
        return print_json(to_json(doc))
    linked = {r.target for r in doc.references if r.target} | {*doc.cited_by, *doc.answered_in, *doc.questions_in}
    titles = {i: e.title for i in linked if (e := lib.get(i))}
    return print_document(doc, titles)


def cmd_rm(args: argparse.Namespace) -> int:
    lib = library(args)
    titles = {i: e.title for i in args.ids if (e := lib.get(i))}
    unknown = [i for i in dict.fromkeys(args.ids) if i not in titles]
    removed = lib.remove([i for i in args.ids if i in titles])
    for doc_id in removed:
        print(f"removed {visible(doc_id)}: {visible(titles[doc_id])}")
    kept = [n for n in user_data(args).notes() if n.doc_id in removed]
    if kept:
        what = "your note" if len(kept) == 1 else f"your {len(kept)} notes"
        print(f"kept {what} on {'it' if len(removed) == 1 else 'them'} (`{PROG} note list` shows "
              f"{'it' if len(kept) == 1 else 'them'} as on a removed document)")  # fmt: skip
    for doc_id in unknown:
        say(str(NoDocument(doc_id, lib.path)))
    return 1 if unknown else 0


def cmd_refs(args: argparse.Namespace) -> int:
    from kamerlezer.output import COLUMN_CAP, console, print_lines, reference_lines
    from store.parsing.passes.references import find_references

    if args.file in (None, "-"):
        text = decode_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>").text  # bounded: `refs < /dev/zero`
    else:
        text = read_file(args.file).text
    refs = find_references(text, where="body")
    if args.json:
        # The contract's reference objects, exactly as a document's `references` shows them;
        # a citation typed alone gives its object, any other text the array.
        objects = [reference_json(r) for r in refs]
        return print_json(objects[0] if _is_one_citation(text, refs) else objects)
    out = console()
    print_lines(out, reference_lines(refs, cap=COLUMN_CAP if out.is_terminal else None))
    return 0


def _is_one_citation(text: str, refs: Sequence[Reference]) -> bool:
    """Whether `text` is a single citation and nothing else (bar spaces and punctuation)."""
    if len(refs) != 1:
        return False
    rest = text[: refs[0].start] + text[refs[0].end :]
    return not any(ch.isalnum() for ch in rest)


def cmd_search(args: argparse.Namespace) -> int:
    """The hits, best first; exit 1 when there are none (as grep does: `[]` with --json)."""
    hits = library(args, lazy=True).search(args.query, limit=args.limit)  # from the search index: no rows read
    if args.json:
        print_json([hit_json(h) for h in hits])
    elif not hits:
        say(f"nothing found for {args.query!r}")
    elif into_pipe():  # written whole, without Rich (a sixth of the command's time)
        write_lines(hit_plain_lines(hits))
    else:
        from kamerlezer.output import console, hit_lines, print_lines

        print_lines(console(), hit_lines(hits))
    return 0 if hits else 1


def cmd_open(args: argparse.Namespace) -> int:
    """The reader, at a place (`open ID[#ANCHOR]`) or where the user left off (no command).

    The place is checked first (store.library.Library.locate, against the bundled documents
    when the cache is empty): a wrong id or anchor is one line here, not a notice in the reader."""
    place = getattr(args, "place", None)
    if place is not None:
        place = str(library(args).locate(place, first_start=True).place)
    from tui import app  # the one import of tui/, only here: Textual is slow to import and no other command needs it

    return app.run(paths.cache_dir(args.cache), place, args.keymap)
