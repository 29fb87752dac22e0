"""`kamerlezer update`: fetch what is new for everything the user follows.

For each follow (store.follows), what is new is found first (its plan), then fetched:

- a dossier: the repository's SRU search for its publications modified since the follow's
  `since` day (`w.dossiernummer==36600 AND dt.modified>=…`, paged), less what the library has;
  a corrected version (`…-n1`) newer than the one at hand is fetched and replaces it;
- a zaak, or the questions `kv-tk-…`: the documents the Tweede Kamer's open data lists for the
  zaak (the answer, a Mededeling) that the library does not have;
- another key: the document itself when it is not here, and its next corrected version, if any.

The plan is stored in the follow (`pending`) before anything is fetched, and each item taken
off as it is imported; an update that is stopped resumes with what is left. A follow is
finished (its `since` moved to the day this update started) only when nothing is left, so a
document that could not be fetched is asked for again next time. When the network is down the
update stops at the first failure and says so once; nothing already stored changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from store.atomic import FileLock
from store.errors import ParseError
from store.fetch import fetch, present
from store.fetch.http import Cancelled, Client, FetchError, Unreachable
from store.fetch.keeping import downloads_dir
from store.fetch.model import Fetched, Why
from store.fetch.odata import documents_for
from store.fetch.sources import Sources, load_sources
from store.fetch.sru import dossier_query, search
from store.files.metadata_xml import metadata_identifier
from store.files.official_xml import identifier_of_publication
from store.follows import Follow, add_arrivals, done_with, finish, follows, set_pending, today
from store.formats import is_key, version_of, work_key
from store.library import Library
from store.userdata import UserData

UPDATE_LOCK = "update.lock"


class UpdateRunning(FetchError):
    def __init__(self) -> None:
        super().__init__("another update is running on this cache; try again when it is done")


@dataclass(frozen=True)
class Arrived:
    doc_id: str
    title: str
    why: Why
    follow: str  # its label: "dossier 36600"
    item: str  # what was fetched: a key or a TK document number


@dataclass(frozen=True)
class Problem:
    follow: str
    item: str | None  # None: finding what is new failed
    problem: str


@dataclass
class UpdateReport:
    followed: int = 0
    finished: list[str] = field(default_factory=list)  # the follows gone through whole
    resumed: list[str] = field(default_factory=list)  # those that went on where a stopped update left them
    arrived: list[Arrived] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    offline: bool = False  # stopped because a source could not be reached

    def as_json(self) -> dict[str, object]:
        return {
            "followed": self.followed,
            "finished": self.finished,
            "resumed": self.resumed,
            "arrived": [a.__dict__ for a in self.arrived],
            "problems": [p.__dict__ for p in self.problems],
            "offline": self.offline,
        }


Say = Callable[[str], None]


def update(
    lib: Library,
    user: UserData,
    client: Client | None = None,
    sources: Sources | None = None,
    say: Say | None = None,
) -> UpdateReport:
    """Go through every follow; see the module's docstring. UpdateRunning when another update
    holds the cache's update lock (a cron job and a hand-run one at the same time)."""
    client = client or Client()
    sources = sources or load_sources()
    tell = say or (lambda _text: None)
    lock = FileLock(Path(lib.path) / UPDATE_LOCK)
    if not lock.acquire(blocking=False):
        raise UpdateRunning
    try:
        report = UpdateReport()
        started = today()
        everything = follows(user)
        report.followed = len(everything)
        for one in everything:
            if report.offline:
                break
            _one(lib, user, one, client, sources, started, report, tell)
        return report
    finally:
        lock.release()


def _one(
    lib: Library, user: UserData, one: Follow, client: Client, sources: Sources, started: str,
    report: UpdateReport, tell: Say,
) -> None:  # fmt: skip
    label = one.target.label
    if one.pending_since is None:
        try:
            wanted = plan(lib, one, client, sources)
        except Cancelled:
            raise
        except FetchError as exc:
            report.problems.append(Problem(label, None, str(exc)))
            report.offline = isinstance(exc, Unreachable)
            return
        now = set_pending(user, one.id, wanted, started)
        if now is None:  # unfollowed meanwhile
            return
        one = now
        if wanted:
            tell(f"{label}: {len(wanted)} to fetch")
    else:
        report.resumed.append(label)
        tell(f"{label}: going on with the {len(one.pending)} left by an update that stopped")
    for item in one.pending:
        results = fetch(lib, [item], client, sources, skip_present=True)
        failed = [r for r in results if r.problem is not None]
        for r in results:
            if r.problem is None and r.doc_id and not r.unchanged and not r.absent:
                report.arrived.append(Arrived(r.doc_id, r.title, r.why, label, item))
                add_arrivals(user, [(r.doc_id, label, r.why)])
        if failed and all(r.missing for r in failed) and len(failed) == len(results):
            # Listed, but no longer there (withdrawn): asking again would not bring it.
            tell(f"{label}: {item} is no longer there; left out")
            failed = []
        if failed:
            report.problems.extend(Problem(label, item, r.problem or "") for r in failed)
            if any(r.offline for r in failed):
                report.offline = True
                return
            continue
        done_with(user, one.id, item)
    left = next((f for f in follows(user) if f.id == one.id), None)
    if left is not None and not left.pending:
        finish(user, one.id)
        report.finished.append(label)


def plan(lib: Library, one: Follow, client: Client, sources: Sources) -> list[str]:
    """What is new for a follow, as items `fetch` takes (keys, TK document numbers, `?key`)."""
    target = one.target
    if target.kind == "dossier":
        return _dossier(lib, target.value, one.since, client, sources)
    if target.kind == "zaak" or target.value.startswith("kv-"):
        zaak = target.value if target.kind == "zaak" else target.value.rsplit("-", 1)[-1]
        docs = documents_for(client, zaak, sources.tk_api)
        return [doc.number for doc in docs if not present(lib, doc)]
    work = work_key(target.value)
    wanted = [] if lib.resolve(work) else [target.value]
    return [*wanted, f"?{work}-n{max(version_held(lib, work), version_of(target.value)) + 1}"]


def _dossier(lib: Library, dossier: str, since: str, client: Client, sources: Sources) -> list[str]:
    newest: dict[str, str] = {}  # work key -> the key of its newest version listed
    for page in search(client, dossier_query(dossier, since), sources.repository):
        for record in page.records:
            key = record.identifier
            if not is_key(key):  # a bijlage (blg-…) or another kind kamerlezer does not read on its own
                continue
            work = work_key(key)
            if work not in newest or version_of(key) > version_of(newest[work]):
                newest[work] = key
    return [key for work, key in newest.items() if not _have(lib, work, key)]


def _have(lib: Library, work: str, key: str) -> bool:
    if not lib.resolve(work):
        return False
    return version_held(lib, work) >= version_of(key)


def version_held(lib: Library, work: str) -> int:
    """The version of `work` the library has from the official site (0: the first, or not
    fetched): read from the identifier its downloaded metadata.xml or XML names."""
    folder = downloads_dir(lib)
    for name, read in ((f"{work}.metadata.xml", metadata_identifier), (f"{work}.xml", None)):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
            named = read(data, str(path)) if read else identifier_of_publication(data)
        except (OSError, ParseError):  # one that cannot be read counts as the first version
            continue
        if named:
            return version_of(named)
    return 0


__all__ = ["Arrived", "Fetched", "Problem", "UpdateReport", "UpdateRunning", "plan", "update", "version_held"]
