"""The command line: `kamerlezer [--cache DIR] [--keymap NAME] COMMAND ...`; no command opens the reader.

One registry of commands (COMMANDS) makes the parser, so that every command and every action
of a group (`bookmark list`) takes the shared options, before it or after it. The handlers are
in library_commands.py (the documents) and user_commands.py (bookmarks and notes); what they
print, in output.py. Errors are one line on stderr, never a traceback: exit 1 for bad input (a
file that cannot be imported, an unknown id), 2 for a wrong command line or anything unexpected
(KAMERLEZER_DEBUG=1 shows the traceback instead).
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kamerlezer import PROG
from kamerlezer import library_commands as docs
from kamerlezer.plain_output import say
from store.errors import KamerlezerError
from store.formats import DOCUMENT_KINDS
from store.listing import SORTS

Handler = Callable[[argparse.Namespace], int]


def _later(module: str, name: str) -> Handler:
    """The handler `name` of kamerlezer/`module`, imported when its command runs: a command
    pays only for its own imports (`search` loads nothing of the user's data nor the network)."""

    def run(args: argparse.Namespace) -> int:
        handler: Handler = getattr(importlib.import_module(f"kamerlezer.{module}"), name)
        return handler(args)

    run.__name__ = name
    return run


def _user(name: str) -> Handler:
    return _later("user_commands", name)


def _online(name: str) -> Handler:
    return _later("online_commands", name)


CONTRACT_JSON = "print JSON (its shape: docs/document-json.md)"
PLAIN_JSON = "print JSON"


@dataclass(frozen=True)
class Argument:
    """An argument of one command, as `ArgumentParser.add_argument` takes it."""

    names: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


def arg(*names: str, **options: Any) -> Argument:
    return Argument(names, options)


@dataclass(frozen=True)
class Command:
    """A command (`list`), or a group of them (`bookmark` with its actions `add`, `list`, `rm`)."""

    name: str
    help: str
    run: Handler | None = None  # None for a group
    arguments: tuple[Argument, ...] = ()
    json: str | None = None  # the help of its --json flag; None: it has none
    actions: tuple[Command, ...] = ()


NUMBER = arg("number", type=int, metavar="N")


def iso_date(text: str) -> str:
    """A date as the command line takes it (`2019-10-14`), checked; as the index stores dates."""
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


COMMANDS: tuple[Command, ...] = (
    Command("parse", "parse one file and print it (the cache is not touched)", docs.cmd_parse,
            (arg("file", metavar="FILE"),), json=CONTRACT_JSON),
    Command("import", "import files and directories into the cache", docs.cmd_import,
            (arg("paths", metavar="PATH", nargs="+"),)),
    Command("fetch", "download documents from the official sources into the cache, by key, number or address",
            _online("cmd_fetch"),
            (arg("keys", metavar="KEY|NUMBER|URL", nargs="+",
                 help="a key (kst-19637-2375, ah-tk-20182019-811, ...), a zaak or document number of the "
                      "Tweede Kamer (2022Z09230, 2019D40742) or an address on zoek.officielebekendmakingen.nl"),)),
    Command("follow", "follow a dossier, a zaak or a document: `update` fetches what is new for it",
            _online("cmd_follow"),
            (arg("targets", metavar="DOSSIER|ZAAK|KEY", nargs="*",
                 help="a dossier (36600, 36600-VI), a zaak (2022Z09230) or a key (kv-tk-2024Z18775)"),
             arg("--since", type=iso_date, metavar="YYYY-MM-DD",
                 help="also what appeared from this day on (default: from today)"),
             arg("--list", action="store_true", help="list what is followed")),
            json=PLAIN_JSON),
    Command("unfollow", "stop following (what it brought stays in the library)", _online("cmd_unfollow"),
            (arg("targets", metavar="DOSSIER|ZAAK|KEY", nargs="+"),)),
    Command("update", "fetch what is new for everything followed (exit 1 when something failed)",
            _online("cmd_update"), json=PLAIN_JSON),
    Command("list", "list the documents in the cache (newest first)", docs.cmd_list,
            (arg("--sort", choices=list(SORTS), default="date",
                 help="date (newest first, undated last; the default), title, id or kind"),
             arg("--reverse", action="store_true", help="the other way round"),
             arg("--kind", action="append", choices=list(DOCUMENT_KINDS), metavar="KIND",
                 help=f"only documents of this kind (again for more): {', '.join(DOCUMENT_KINDS)}"),
             arg("--dossier", metavar="NNNNN", help="only documents of this dossier (\"19 637\" is 19637)"),
             arg("--since", type=iso_date, metavar="YYYY-MM-DD", help="only documents of this date or later"),
             arg("--until", type=iso_date, metavar="YYYY-MM-DD", help="only documents of this date or earlier"),
             arg("--new", action="store_true",
                 help="only what `update` brought that you have not opened in the reader yet")),
            json=CONTRACT_JSON),
    Command("show", "print one document from the cache with its links, or one place in it (ID#qa-3, ID#fn-2)",
            docs.cmd_show, (arg("id", metavar="ID[#ANCHOR]"),), json=CONTRACT_JSON),
    Command("rm", "remove documents from the library (your notes on them are kept)", docs.cmd_rm,
            (arg("ids", metavar="ID", nargs="+"),)),
    Command("refs", "print the references found in a text (a file, or stdin)", docs.cmd_refs,
            (arg("file", metavar="FILE", nargs="?", help="the text to read; - or nothing for stdin"),),
            json=CONTRACT_JSON),
    Command("search", "search the titles and text of the cache", docs.cmd_search,
            (arg("query", metavar="QUERY"),
             arg("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")),
            json=CONTRACT_JSON),
    Command("open", "open the reader at a document, or a place in it (ID#qa-3, ID#fn-1)", docs.cmd_open,
            (arg("place", metavar="ID[#ANCHOR]"),)),
    Command("bookmark", "add, list or remove bookmarks", actions=(
        Command("add", "bookmark a place (without #ANCHOR: the start of the document)", _user("bookmark_add"),
                (arg("place", metavar="ID[#ANCHOR]"), arg("--label", metavar="TEXT", help="a name for the bookmark"))),
        Command("list", "list the bookmarks", _user("bookmark_list"), json=PLAIN_JSON),
        Command("rm", "remove bookmark N", _user("bookmark_rm"), (NUMBER,)),
    )),
    Command("note", "add, list, change, remove or export notes", actions=(
        Command("add", "write a note on a place (ID#qa-3, ID#p-12, ...)", _user("note_add"),
                (arg("place", metavar="ID#ANCHOR"), arg("text", metavar="TEXT", nargs="+"))),
        Command("list", "list the notes (on one document, with ID)", _user("note_list"),
                (arg("id", metavar="ID", nargs="?"),), json=PLAIN_JSON),
        Command("rm", "remove note N", _user("note_rm"), (NUMBER,)),
        Command("edit", "replace the text of note N", _user("note_edit"),
                (NUMBER, arg("text", metavar="TEXT", nargs="+"))),
        Command("export", "print the notes under the whole passages they annotate, by document", _user("note_export"),
                (arg("--format", choices=["md", "json"], default="md",
                     help="md (Markdown, to paste into a memo; the default) or json (for scripts)"),
                 arg("--doc", action="append", metavar="ID", help="only the notes on ID (again for more)"),
                 arg("id", metavar="ID", nargs="?", help="only the notes on ID (as --doc ID)"))),
    )),
)  # fmt: skip


# -- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A keyboard-driven reader for Dutch parliamentary papers. Without a command it opens the reader.",
        epilog="With --json the commands print the shapes of docs/document-json.md (in the kamerlezer repository).",
    )
    _shared_options(parser, default=None)
    parser.set_defaults(func=docs.cmd_open)
    # The shared options may also stand after a command or a group's name; there they are
    # only set when given, so as not to undo the same option given before.
    after = argparse.ArgumentParser(add_help=False)
    _shared_options(after, default=argparse.SUPPRESS)
    _add_commands(parser, COMMANDS, after, title="commands", metavar="COMMAND", required=False)
    return parser


def _add_commands(
    parser: argparse.ArgumentParser,
    commands: Sequence[Command],
    shared: argparse.ArgumentParser,
    *,
    title: str,
    metavar: str,
    required: bool,
) -> None:
    sub = parser.add_subparsers(title=title, metavar=metavar, required=required)
    for command in commands:
        p = sub.add_parser(command.name, parents=[shared], help=command.help, description=command.help)
        for argument in command.arguments:
            p.add_argument(*argument.names, **argument.options)
        if command.json is not None:
            p.add_argument("--json", action="store_true", help=command.json)
        if command.actions:
            _add_commands(p, command.actions, shared, title="actions", metavar="ACTION", required=True)
        else:
            p.set_defaults(func=command.run)


def _shared_options(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--cache", metavar="DIR", default=default,
        help="the cache directory (default: $KAMERLEZER_CACHE, else the user data directory)",
    )  # fmt: skip
    parser.add_argument(
        "--keymap", metavar="NAME", default=default, help="the reader's key map (default, vim, emacs, or a TOML file)"
    )


# -- running --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except KamerlezerError as exc:
        say(str(exc))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:  # `kamerlezer list | head`: the reader of our output has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # an unwritable cache directory, a full disk: the file and the problem
        if _debugging():
            raise
        say(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
        return 1
    except Exception as exc:
        if _debugging():
            raise
        say(f"unexpected error: {exc.__class__.__name__}: {exc} (KAMERLEZER_DEBUG=1 shows where)")
        return 2


def _debugging() -> bool:
    return os.environ.get("KAMERLEZER_DEBUG") == "1"
