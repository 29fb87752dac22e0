"""The command line: `kamerlezer [--cache DIR] [--keymap NAME] COMMAND ...`; no command opens the reader.

Each command asks store/ and prints: JSON with --json (the contract of docs/document-json.md),
else text for people (kamerlezer/output.py). Errors are one line on stderr, never a traceback:
exit 1 for bad input (a file that cannot be imported, an unknown id), 2 for a wrong command
line or anything unexpected (KAMERLEZER_DEBUG=1 shows the traceback instead).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.resources
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from store import paths
from store.anchors import AnchorError, Place, block_of, parse_place
from store.decoding import MAX_BYTES, decode_bytes, read_file
from store.document_json import to_json
from store.errors import KamerlezerError
from store.library import Library
from store.model import Document
from store.samples import bundled_corpus
from store.visible import one_line, visible

PROG = "kamerlezer"

Handler = Callable[[argparse.Namespace], int]


class CommandError(KamerlezerError):
    """A command that cannot do what was asked (unknown id, missing part): one line, exit 1."""


# -- the commands ---------------------------------------------------------------------------


def cmd_parse(args: argparse.Namespace) -> int:
    from store.parsing import parse_file

    doc = parse_file(args.file)
    return _print_json(to_json(doc)) if args.json else _print_document(doc, {})


def cmd_import(args: argparse.Namespace) -> int:
    library = _library(args)
    with _progress_bar() as progress:
        report = library.import_paths(args.paths, progress=progress)
    for path, problem in report.failed:
        _error(f"{path}: {problem}")
    print(
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
        f"{len(report.failed)} failed ({visible(str(library.path))})"
    )
    return 1 if report.failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    library = _library(args)
    library.check()  # what is there, so a damaged links.json, search index or body is said (and mended) here
    entries = library.entries()
    if args.json:
        return _print_json(
            [
                {"id": e.id, "kind": e.kind, "title": e.title, "date": e.date, "dossiers": list(e.dossiers)}
                for e in entries
            ]
        )
    from kamerlezer.output import COLUMN_CAP, console, entry_lines, print_lines

    out = console()
    print_lines(out, entry_lines(entries, cap=COLUMN_CAP if out.is_terminal else None))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    library = _library(args)
    try:
        doc = library.load(args.id)
    except KeyError:
        raise CommandError(f"no document {args.id!r} in {library.path} (`{PROG} list` shows what there is)") from None
    if args.json:
        return _print_json(to_json(doc))
    linked = {r.target for r in doc.references if r.target} | {*doc.cited_by, *doc.answered_in, *doc.questions_in}
    titles = {i: e.title for i in linked if (e := library.get(i))}
    return _print_document(doc, titles)


def cmd_rm(args: argparse.Namespace) -> int:
    library = _library(args)
    titles = {i: e.title for i in args.ids if (e := library.get(i))}
    unknown = [i for i in dict.fromkeys(args.ids) if i not in titles]
    removed = library.remove([i for i in args.ids if i in titles])
    for doc_id in removed:
        print(f"removed {visible(doc_id)}: {visible(titles[doc_id])}")
    from store.userdata import UserData

    kept = [n for n in UserData.for_cache(library.path, on_message=_error).notes() if n.doc_id in removed]
    if kept:
        what = "your note" if len(kept) == 1 else f"your {len(kept)} notes"
        print(f"kept {what} on {'it' if len(removed) == 1 else 'them'} (`{PROG} note list` shows "
              f"{'it' if len(kept) == 1 else 'them'} as on a removed document)")  # fmt: skip
    for doc_id in unknown:
        _error(f"no document {doc_id!r} in {library.path} (`{PROG} list` shows what there is)")
    return 1 if unknown else 0


def cmd_refs(args: argparse.Namespace) -> int:
    from store.parsing.passes.references import find_references

    if args.file in (None, "-"):
        text = decode_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>").text  # bounded: `refs < /dev/zero`
    else:
        text = read_file(args.file).text
    refs = find_references(text, where="body")
    if args.json:
        # The contract's reference objects, exactly as a document's `references` shows them;
        # a citation typed alone gives its object, any other text the array.
        objects = to_json(_holder(refs))["references"]
        return _print_json(objects[0] if _is_one_citation(text, refs) else objects)
    from kamerlezer.output import COLUMN_CAP, console, print_lines, reference_lines

    out = console()
    print_lines(out, reference_lines(refs, cap=COLUMN_CAP if out.is_terminal else None))
    return 0


def _is_one_citation(text: str, refs: list) -> bool:
    """Whether `text` is a single citation and nothing else (bar spaces and punctuation)."""
    if len(refs) != 1:
        return False
    rest = text[: refs[0].start] + text[refs[0].end :]
    return not any(ch.isalnum() for ch in rest)


def cmd_search(args: argparse.Namespace) -> int:
    hits = _library(args).search(args.query, limit=args.limit)
    if args.json:
        return _print_json(
            [
                {
                    "id": h.id,
                    "where": h.where,
                    "score": h.score,
                    "snippet": h.snippet,
                    "title": h.title,
                    "anchor": h.anchor,
                }
                for h in hits
            ]
        )
    from kamerlezer.output import console, hit_lines, print_lines

    if not hits:
        _error(f"nothing found for {args.query!r}")
    print_lines(console(), hit_lines(hits))
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    """The reader, at a place (`open ID[#ANCHOR]`) or where the user left off (no command)."""
    place = getattr(args, "place", None)
    if place is not None:
        try:
            place = str(_check_place(args, parse_place(place)))
        except AnchorError as exc:
            raise CommandError(str(exc)) from None
    if importlib.util.find_spec("tui.app") is None:
        raise CommandError(f"the reader is not built yet; try `{PROG} list` or `{PROG} --help`")
    from tui import app  # only here: Textual is slow to import and the other commands need none of it

    return app.run(paths.cache_dir(args.cache), place, args.keymap)


def _check_place(args: argparse.Namespace, place: Place) -> Place:
    """`place` if the cache has it: a wrong id or anchor is one line here, not a notice in the reader."""
    library = _library(args)
    if library.is_empty():
        # The reader's first start imports the bundled documents: the place must be one of theirs.
        bundled = {doc.id: doc for doc in map(_parse_bundled, bundled_corpus())}
        if place.doc_id not in bundled:
            raise CommandError(
                f"no document {place.doc_id!r} in the bundled documents that a first start imports into the empty "
                f"{library.path}; import yours first (`{PROG} import PATH`)"
            )
        doc = bundled[place.doc_id]
    elif library.get(place.doc_id) is None:
        raise CommandError(f"no document {place.doc_id!r} in {library.path} (`{PROG} list` shows what there is)")
    else:
        doc = library.load(place.doc_id)
    if place.anchor is not None:
        block_of(doc, place.anchor)  # AnchorError: "X has no answer to question 99"
    return place


def _parse_bundled(file: Traversable) -> Document:
    from store.parsing import parse_file  # as in cmd_parse: the other commands need no parser

    with importlib.resources.as_file(file) as path:
        return parse_file(path)


# -- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    # --cache and --keymap may stand before the command or after it; after it they are only
    # set when given, so as not to undo the same option given before it.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A keyboard-driven reader for Dutch parliamentary papers. Without a command it opens the reader.",
        epilog="With --json the commands print the shapes of docs/document-json.md (in the kamerlezer repository).",
    )
    _global_options(parser, default=None)
    parser.set_defaults(func=cmd_open)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("parse", parents=[common], help="parse one file and print it (the cache is not touched)")
    p.add_argument("file", metavar="FILE")
    _json_flag(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("import", parents=[common], help="import files and directories into the cache")
    p.add_argument("paths", metavar="PATH", nargs="+")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", parents=[common], help="list the documents in the cache")
    _json_flag(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="print one document from the cache, with its links")
    p.add_argument("id", metavar="ID")
    _json_flag(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("rm", parents=[common], help="remove documents from the library (your notes on them are kept)")
    p.add_argument("ids", metavar="ID", nargs="+")
    p.set_defaults(func=cmd_rm)

    p = sub.add_parser("refs", parents=[common], help="print the references found in a text (a file, or stdin)")
    p.add_argument("file", metavar="FILE", nargs="?", help="the text to read; - or nothing for stdin")
    _json_flag(p)
    p.set_defaults(func=cmd_refs)

    p = sub.add_parser("search", parents=[common], help="search the titles and text of the cache")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    _json_flag(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "open", parents=[common], help="open the reader at a document, or a place in it (ID#qa-3, ID#fn-1)"
    )
    p.add_argument("place", metavar="ID[#ANCHOR]")
    p.set_defaults(func=cmd_open)

    if importlib.util.find_spec("kamerlezer.user_commands") is not None:
        from kamerlezer import user_commands

        user_commands.register(sub)
    return parser


def _global_options(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--cache", metavar="DIR", default=default,
        help="the cache directory (default: $KAMERLEZER_CACHE, else the user data directory)",
    )  # fmt: skip
    parser.add_argument(
        "--keymap", metavar="NAME", default=default, help="the reader's key map (default, vim, emacs, or a TOML file)"
    )


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (its shape: docs/document-json.md)")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except KamerlezerError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:  # `kamerlezer list | head`: the reader of our output has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # an unwritable cache directory, a full disk: the file and the problem
        if _debugging():
            raise
        _error(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
        return 1
    except Exception as exc:
        if _debugging():
            raise
        _error(f"unexpected error: {exc.__class__.__name__}: {exc} (KAMERLEZER_DEBUG=1 shows where)")
        return 2


# -- helpers --------------------------------------------------------------------------------


def _debugging() -> bool:
    return os.environ.get("KAMERLEZER_DEBUG") == "1"


def _library(args: argparse.Namespace) -> Library:
    return Library(args.cache, on_message=_error)


def _error(message: str) -> None:
    """One line on stderr, control characters made visible."""
    print(f"{PROG}: {one_line(message)}", file=sys.stderr, flush=True)


def _print_json(data: Any) -> int:
    from kamerlezer.output import json_text

    sys.stdout.write(json_text(data) + "\n")
    return 0


def _print_document(doc: Any, titles: dict[str, str]) -> int:
    from kamerlezer.output import console, document_view

    console().print(document_view(doc, titles))
    return 0


def _holder(refs: Sequence[Any]) -> Any:
    from store.model import Document

    return Document(id="", kind="other", title="", date=None, source="", references=tuple(refs))


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr while importing, when stderr is a terminal; else nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kamerlezer.output import console

    # The file name is the description: shown as it is, never read as Rich markup (a file
    # named `[link=http://…]x[/link].txt` would send the terminal a hyperlink).
    columns = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console(sys.stderr), transient=True) as bar:
        task = bar.add_task("importing", total=None)

        def update(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=visible(Path(path).name[:40]))

        yield update
