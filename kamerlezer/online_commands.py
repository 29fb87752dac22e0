"""The commands that go online: `fetch`, `follow`, `unfollow` and `update`.

    kamerlezer fetch KEY|NUMBER|URL ...        kst-19637-2375, 2022Z09230, 2019D40742, an address
    kamerlezer follow DOSSIER|ZAAK|KEY [--since YYYY-MM-DD] | follow --list [--json]
    kamerlezer unfollow DOSSIER|ZAAK|KEY ...
    kamerlezer update [--json]                 for a cron job: exit 1 when something failed

store/fetch does the work and store/follows keeps the follows in the user's file; this layer
only prints. Only `fetch` and `update` reach the network (store.fetch is imported by them alone);
`follow` writes down what to ask for next time and needs no connection.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kamerlezer.context import CommandError, library, user_data
from kamerlezer.plain_output import print_json, say
from store import follows
from store.visible import visible

if TYPE_CHECKING:
    from store.fetch.sources import Sources

_WHY = {"new": "new", "answer": "answer", "mededeling": "mededeling", "version": "new version"}


def cmd_fetch(args: argparse.Namespace) -> int:
    """One line per document fetched (or unchanged), one line on stderr per failure; exit 1 if
    any failed. Arguments that name nothing fetchable are said first, and then nothing is fetched."""
    from store.fetch import fetch, item_of  # only here: the other commands need no network code

    sources = _sources()
    items = {arg: item_of(arg, sources) for arg in args.keys}
    wrong = [arg for arg, item in items.items() if item is None]
    for arg in wrong:
        say(f"{visible(arg)}: not a key (kst-19637-2375, ah-tk-20182019-811, ...), a zaak or document number "
            "(2022Z09230, 2019D40742), nor an address on zoek.officielebekendmakingen.nl: nothing fetched")  # fmt: skip
    if wrong:
        return 1
    lib = library(args)
    failed = 0
    for got in fetch(lib, [i for i in items.values() if i is not None], sources=sources):
        if got.problem is not None:
            failed += 1
            say(f"{visible(got.item)}: {visible(got.problem)}: nothing changed")
        elif got.unchanged:
            print(f"{visible(got.doc_id or got.item)}: unchanged")
        else:
            print(f"fetched {visible(got.doc_id or got.item)}: {visible(got.title)}")
    return 1 if failed else 0


def cmd_follow(args: argparse.Namespace) -> int:
    user = user_data(args)
    if args.list:
        if args.targets:
            raise CommandError("follow --list takes no dossier, zaak or key")
        found = follows.follows(user)
        if args.json:
            return print_json([_follow_json(f) for f in found])
        if not found:
            print("nothing followed (kamerlezer follow DOSSIER|ZAAK|KEY)")
        for f in found:
            print(_follow_line(f))
        return 0
    if not args.targets:
        raise CommandError("follow what? a dossier (36600), a zaak (2022Z09230) or a key (kv-tk-2024Z18775); "
                           "or --list")  # fmt: skip
    targets = [follows.parse_target(t) for t in args.targets]  # all checked before any is written
    for target in targets:
        done = follows.follow(user, target, args.since)
        if done.change == "exists":
            print(f"already following {visible(target.label)} (since {done.follow.since})")
        else:
            print(f"following {visible(target.label)}: `kamerlezer update` fetches "
                  f"{follows.describe(target)} from {done.follow.since} on")  # fmt: skip
    return 0


def cmd_unfollow(args: argparse.Namespace) -> int:
    user = user_data(args)
    targets = [follows.parse_target(t) for t in args.targets]
    missing = 0
    for target in targets:
        if follows.unfollow(user, target) is None:
            missing += 1
            say(f"{visible(target.label)}: not followed (kamerlezer follow --list)")
        else:
            print(f"no longer following {visible(target.label)} (what it brought stays in the library)")
    return 1 if missing else 0


def cmd_update(args: argparse.Namespace) -> int:
    from store.fetch.update import update  # only here: no other command needs the network

    sources = _sources()
    lib, user = library(args), user_data(args)
    report = update(lib, user, sources=sources, say=None if args.json else say)
    if args.json:
        print_json(report.as_json())
        return 1 if report.problems else 0
    for a in report.arrived:
        print(f"{_WHY[a.why]:<12} {visible(a.doc_id)}: {visible(a.title)} ({visible(a.follow)})")
    for p in report.problems:
        say(f"{visible(p.follow)}: {visible(p.item + ': ' if p.item else '')}{visible(p.problem)}")
    if report.offline:
        say("stopped: a source could not be reached; the rest is asked for at the next update "
            "(what the library has is unchanged)")  # fmt: skip
    if not report.followed:
        print("nothing followed (kamerlezer follow DOSSIER|ZAAK|KEY)")
    elif not report.arrived and not report.problems:
        print(f"nothing new ({report.followed} followed)")
    elif report.arrived:
        print(f"{len(report.arrived)} new; the reader marks them until you open them")
    return 1 if report.problems else 0


def _sources() -> Sources:
    """Where the sources are (store.fetch.sources); a broken setting is said, and the default used."""
    from store.fetch.sources import load_sources

    sources = load_sources()
    for problem in sources.problems:
        say(problem)
    return sources


def _follow_json(f: follows.Follow) -> dict[str, object]:
    return {
        "follow": f.target.label, "kind": f.kind, "value": f.value, "added": f.added, "since": f.since,
        "checked": f.checked, "pending": list(f.pending),
    }  # fmt: skip


def _follow_line(f: follows.Follow) -> str:
    checked = f"last update {f.checked}" if f.checked else "not updated yet"
    left = f", {len(f.pending)} left from an update that stopped" if f.pending_since else ""
    return f"{visible(f.target.label):<28} from {f.since}  {checked}{left}"
