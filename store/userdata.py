"""The user's bookmarks and notes (and follows: store.follows): their own TinyDB file beside the cache.

`user.json` holds what the user made, so nothing else writes it: importing and
rebuilding the cache never touch it. Several processes may use it at once (two readers
and a script on one server), so every operation, reads included, holds the lock file
`user.lock` from reading the file to writing it back, id choice included; the file is
written once per operation, atomically (store.atomic), and a crash leaves the old or the
new file. A file that cannot be read is never overwritten: it is moved aside, the user
is told where, and a new empty one is started.

Ids are never reused: a counter in the `meta` table remembers the highest one given, so
`note rm 7` in an old script cannot remove a newer note.

A note or bookmark names its place by what it is (`qa-19`, `fn-2`, `sec-3`, else `p-12`) and
keeps a `fingerprint` of its text (store/placing.py). When its document is imported again and
has changed, `re_place` finds each place again in the new version; one that is not found is
kept, with its old anchor and quote, as `lost` ("not found in the new version"), and marks no
block. An entry written before these fields existed has neither: it reads as before.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.table import Document as Row

from store.anchors import AnchorError, best_anchor, block_of, parse_place, passage
from store.atomic import AtomicJSONStorage, DamagedFileError, FileLock, UnreadableFileError
from store.collector import collector_paused
from store.errors import KamerlezerError
from store.follows import check_rows as check_follow_rows
from store.model import Document
from store.placing import Rematch, clue_of, fingerprint
from store.tokens import one_line

USER_FILE = "user.json"
QUOTE_LENGTH = 200

_log = logging.getLogger(__name__)


class UserDataError(KamerlezerError):
    """An operation on the user's file that cannot be done; str() is one line."""


class NoteChanged(UserDataError):
    """The note an editor started from was changed (`current`) or removed (`current` None)
    elsewhere since: saving over it would lose what was done there, so nothing is saved."""

    def __init__(self, base: Note, current: Note | None) -> None:
        what = "removed" if current is None else "changed"
        super().__init__(f"note {base.id} was {what} elsewhere while you edited it")
        self.base = base
        self.current = current


Outcome = Literal["added", "updated", "deleted", "unchanged"]
Change = Literal["added", "removed", "exists"]


@dataclass(frozen=True)
class Saved:
    outcome: Outcome
    note: Note | None  # the note as now stored (None once deleted, or when nothing was written)


@dataclass(frozen=True)
class Bookmark:
    id: int
    doc_id: str
    anchor: str
    quote: str
    label: str | None
    created: str
    fingerprint: str | None = None  # what finds the place again in a new version (None: the quote)
    lost: bool = False  # not found in the new version of its document: anchor and quote are the old ones


@dataclass(frozen=True)
class Note:
    id: int
    doc_id: str
    anchor: str
    quote: str
    text: str
    created: str
    updated: str
    fingerprint: str | None = None
    lost: bool = False


@dataclass(frozen=True)
class Replaced:
    """What `re_place` did on one document: items found where they were (`kept`), found
    elsewhere (`moved`), not found (`lost`)."""

    kept: int = 0
    moved: int = 0
    lost: int = 0


@dataclass(frozen=True)
class Toggled:
    """What bookmarking a place did: added `bookmark`, or removed it (the first of those on that
    block), or found it there already (`exists`: nothing written)."""

    change: Change
    bookmark: Bookmark


@dataclass(frozen=True)
class Marks:
    """The blocks of one document that carry a note, and those that carry a bookmark."""

    noted: frozenset[int] = frozenset()
    bookmarked: frozenset[int] = frozenset()


Item = TypeVar("Item", Bookmark, Note)
_TABLES: dict[type, str] = {Bookmark: "bookmarks", Note: "notes"}
_META = "meta"
_META_ROW = 1
# The stored fields and the types each may hold (`id` is the TinyDB document id).
_FIELDS: dict[type, dict[str, tuple[type, ...]]] = {
    Bookmark: {"doc_id": (str,), "anchor": (str,), "quote": (str,), "label": (str, type(None)), "created": (str,)},
    Note: {
        "doc_id": (str,), "anchor": (str,), "quote": (str,), "text": (str,), "created": (str,), "updated": (str,),
    },
}
# Fields added later, with their types and the value an entry without them has: written only
# when not that value, so an old file reads as it is and a new one stays small.
_OPTIONAL: dict[str, tuple[tuple[type, ...], Any]] = {
    "fingerprint": ((str, type(None)), None),
    "lost": ((bool,), False),
}


_OPTIONAL_NAMES = tuple(_OPTIONAL)
_OPTIONAL_DEFAULTS = tuple(default for _types, default in _OPTIONAL.values())
_OPTIONAL_TYPES = tuple(types for types, _default in _OPTIONAL.values())


def _optional(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(map(row.get, _OPTIONAL_NAMES, _OPTIONAL_DEFAULTS))  # in C: run for every row


def _optional_ok(row: Mapping[str, Any]) -> bool:
    return all(map(isinstance, map(row.get, _OPTIONAL_NAMES, _OPTIONAL_DEFAULTS), _OPTIONAL_TYPES))


def quote_of(text: str, length: int = QUOTE_LENGTH) -> str:
    """The start of a block's text on one line, cut at a word: what a note or bookmark
    keeps so that it still makes sense after the document changes."""
    line = one_line(text)
    if len(line) <= length:
        return line
    cut = line.rfind(" ", 0, length)
    return line[: cut if cut > length // 2 else length - 1].rstrip() + "…"


def quote_for(doc: Document, anchor: str) -> str:
    """The quote of the block `anchor` points at (a heading, such as the "Antwoord 19" that
    `qa-19` names, with the start of the block after it); AnchorError when there is no such place."""
    return quote_of(passage(doc, block_of(doc, anchor)))


def _fingerprint(doc: Document, anchor: str) -> str | None:
    try:
        return fingerprint(doc, anchor)
    except AnchorError:
        return None


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# Per kind, what reads a row's fields in order, and their types in that order: checking 50,000
# notes field by field in Python took half a second; itemgetter and map do it in C.
_GETTERS = {kind: itemgetter(*fields) for kind, fields in _FIELDS.items()}
_TYPES = {kind: tuple(fields.values()) for kind, fields in _FIELDS.items()}
_NAMES = {kind: tuple(f.name for f in dataclass_fields(kind)) for kind in _FIELDS}


def _item(kind: type[Item], doc_id: int, row: Mapping[str, Any]) -> Item:
    """A stored row as a Bookmark or Note; ValueError when it does not have that shape."""
    try:
        values = _GETTERS[kind](row)
    except (KeyError, TypeError):
        values = None
    if values is None or not all(map(isinstance, values, _TYPES[kind])) or not _optional_ok(row):
        raise ValueError(f"{_TABLES[kind]} entry {doc_id} is not a {kind.__name__.lower()}")
    return kind(doc_id, *values, *_optional(row))


def _built(kind: type[Item], values: Iterable[Any]) -> Item:
    """A Bookmark or Note of checked values in field order. A frozen dataclass's __init__ sets
    each field through object.__setattr__: a tenth of a second for 50,000 notes; here they go
    into the new object's __dict__ at once (the classes have no __post_init__ nor slots)."""
    item = object.__new__(kind)
    item.__dict__.update(zip(_NAMES[kind], values, strict=True))
    return item


_STORED = {kind: frozenset(_NAMES[kind]) - {"id"} for kind in _FIELDS}
_ABSENT = dict(zip(_OPTIONAL_NAMES, _OPTIONAL_DEFAULTS, strict=True))  # an optional field left out


def _built_all(kind: type, rows: Mapping[str, Mapping[str, Any]], doc_id: str | None) -> list[Any]:
    """Every row of `rows` (of `doc_id`, or all) as a `kind`, in the file's order. A row holds
    the fields by name already: a copy of it is the item's __dict__ (half the time of taking
    its values out and putting them in again), unless it holds anything else."""
    get, stored, new, put = _GETTERS[kind], _STORED[kind], object.__new__, object.__setattr__
    items: list[Any] = []
    for key, row in rows.items():
        if doc_id is not None and row["doc_id"] != doc_id:
            continue
        if row.keys() <= stored:
            item: Any = new(kind)
            put(item, "__dict__", {**_ABSENT, **row, "id": int(key)})
            items.append(item)
        else:
            items.append(_built(kind, (int(key), *get(row), *_optional(row))))
    return items


def _row(item: Bookmark | Note) -> dict[str, Any]:
    data = asdict(item)
    del data["id"]
    for name, (_types, default) in _OPTIONAL.items():
        if data[name] == default:
            del data[name]
    return data


def _block_at(doc: Document, anchor: str) -> int | None:
    """The block `anchor` points at; None when it no longer fits the document (which changed
    since: the item is still listed, it just marks no block)."""
    try:
        return block_of(doc, anchor)
    except AnchorError:
        return None


def _blocks(doc: Document, items: Sequence[Bookmark | Note]) -> frozenset[int]:
    """The blocks the items mark (one not found in this version marks none)."""
    return frozenset(b for b in (_block_at(doc, item.anchor) for item in items if not item.lost) if b is not None)


def _on_block(doc: Document, items: Sequence[Item], block: int) -> list[Item]:
    """The items that point at `block`, by whatever anchor names it (`qa-3` or `p-12`)."""
    return [item for item in items if not item.lost and _block_at(doc, item.anchor) == block]


def _block_and_anchor(doc: Document, place: int | str) -> tuple[int, str]:
    """A block of `doc` and the anchor to store for it: a block number is named by what it is
    (store.anchors.best_anchor: `qa-19`, `sec-2`, else `p-N`), an anchor is kept as the caller
    wrote it."""
    if isinstance(place, str):
        try:
            return block_of(doc, place), place
        except AnchorError as exc:
            raise UserDataError(str(exc)) from None
    if not 0 <= place < len(doc.blocks):
        raise UserDataError(f"{doc.id} has {len(doc.blocks)} blocks, not {place + 1}")
    return place, best_anchor(doc, place)


def _check_place(doc_id: str, anchor: str) -> None:
    try:
        place = parse_place(f"{doc_id}#{anchor}")
    except AnchorError as exc:
        raise UserDataError(str(exc)) from None
    if place.doc_id != doc_id or place.anchor != anchor or not anchor:
        raise UserDataError(f"not a place in a document: {doc_id}#{anchor}")


class UserData:
    """The bookmarks and notes in the TinyDB file `path` (locked through `path` with .lock).

    Safe to share between threads, and between processes through the lock file.
    `on_message` hears what the user should know (a damaged file moved aside); by
    default it goes to the `store.userdata` logger.
    """

    def __init__(self, path: Path, *, on_message: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self._on_message = on_message or _log.warning
        self._file_lock = FileLock(self.path.with_suffix(".lock"))
        self._thread_lock = threading.RLock()

    @classmethod
    def for_cache(cls, cache_dir: Path, **kw: Any) -> UserData:
        return cls(Path(cache_dir) / USER_FILE, **kw)

    # -- bookmarks

    def bookmarks(self, doc_id: str | None = None) -> list[Bookmark]:
        with self._open() as db:
            return self._all(db, Bookmark, doc_id)

    def add_bookmark(
        self, doc_id: str, anchor: str, quote: str = "", label: str | None = None, *, fingerprint: str | None = None
    ) -> Bookmark:
        _check_place(doc_id, anchor)
        with self._open(write=True) as db:
            new = Bookmark(self._next_id(db, Bookmark), doc_id, anchor, quote_of(quote), label, _now(), fingerprint)
            return self._put(db, new)

    def bookmark_at(
        self, doc: Document, place: int | str, quote: str | None = None, label: str | None = None
    ) -> Toggled:
        """Bookmark a place of `doc` (a block number, or an anchor) once: when its block has a
        bookmark already (by any anchor that points at it), that one is the answer (`exists`)
        and nothing is written. `quote` defaults to the passage there."""
        block, anchor = _block_and_anchor(doc, place)
        _check_place(doc.id, anchor)
        with self._open(write=True) as db:
            here = _on_block(doc, self._all(db, Bookmark, doc.id), block)
            if here:
                return Toggled("exists", here[0])
            text = quote if quote is not None else passage(doc, block)
            new = Bookmark(
                self._next_id(db, Bookmark), doc.id, anchor, quote_of(text), label, _now(), _fingerprint(doc, anchor)
            )
            return Toggled("added", self._put(db, new))

    def label_bookmark(self, bookmark_id: int, label: str | None) -> Bookmark:
        """The bookmark with its label replaced, under the same id (None or blank: no label)."""
        label = label.strip() or None if label is not None else None
        with self._open(write=True) as db:
            row = db.table(_TABLES[Bookmark]).get(doc_id=bookmark_id)
            if row is None:
                raise UserDataError(f"there is no bookmark {bookmark_id}")
            return self._put(db, replace(_item(Bookmark, bookmark_id, row), label=label))

    def toggle_bookmark(self, doc: Document, place: int | str, quote: str | None = None) -> Toggled:
        """Bookmark a block of `doc` (a block number, or an anchor), or, when the block has a
        bookmark already (by any anchor that points at it), remove every bookmark on it: one key
        both sets and clears. `quote` defaults to the start of the block. Done under one lock, so
        two readers pressing it at once cannot both add."""
        block, anchor = _block_and_anchor(doc, place)
        _check_place(doc.id, anchor)
        with self._open(write=True) as db:
            here = _on_block(doc, self._all(db, Bookmark, doc.id), block)
            if here:
                db.table(_TABLES[Bookmark]).remove(doc_ids=[b.id for b in here])
                return Toggled("removed", here[0])
            text = quote if quote is not None else doc.blocks[block].text
            new = Bookmark(
                self._next_id(db, Bookmark), doc.id, anchor, quote_of(text), None, _now(), _fingerprint(doc, anchor)
            )
            return Toggled("added", self._put(db, new))

    def remove_bookmark(self, bookmark_id: int) -> bool:
        return self._remove(Bookmark, bookmark_id)

    # -- notes

    def notes(self, doc_id: str | None = None) -> list[Note]:
        with self._open() as db:
            return self._all(db, Note, doc_id)

    def add_note(self, doc_id: str, anchor: str, text: str, quote: str = "", *, fingerprint: str | None = None) -> Note:
        _check_place(doc_id, anchor)
        if not text.strip():
            raise UserDataError("a note needs some text")
        with self._open(write=True) as db:
            now = _now()
            new = Note(self._next_id(db, Note), doc_id, anchor, quote_of(quote), text, now, now, fingerprint)
            return self._put(db, new)

    def update_note(self, note_id: int, text: str) -> Note:
        if not text.strip():
            raise UserDataError("a note needs some text (to delete a note, remove it)")
        with self._open(write=True) as db:
            row = db.table(_TABLES[Note]).get(doc_id=note_id)
            if row is None:
                raise UserDataError(f"there is no note {note_id}")
            return self._put(db, replace(_item(Note, note_id, row), text=text, updated=_now()))

    def remove_note(self, note_id: int) -> bool:
        return self._remove(Note, note_id)

    def note_on(self, doc: Document, block: int) -> Note | None:
        """The note an editor opened on `block` starts from: the newest of those on it (by any
        anchor that points at it), None when it has none."""
        on_block = _on_block(doc, self.notes(doc.id), block)
        return on_block[-1] if on_block else None

    def save_note(
        self, doc_id: str | Document, anchor: str | int, text: str, quote: str = "", *, base: Note | None = None
    ) -> Saved:
        """What an editor saves: `text` written at a place, over `base` (the note it started from)
        if there was one. A new note with no text adds nothing; emptying a note deletes it. The
        place is a document id and an anchor, or a Document and a block number or anchor: then
        the anchor names the block by what it is, and a fingerprint of its text is kept.

        NoteChanged when `base` was changed or removed elsewhere since it was read (by `note
        edit` from a script, another reader): then nothing is written, and the caller decides
        (keep both, overwrite, edit again) without losing what was typed."""
        if base is None:
            if not text.strip():
                return Saved("unchanged", None)
            if isinstance(doc_id, Document):
                block, place = _block_and_anchor(doc_id, anchor)
                new = self.add_note(doc_id.id, place, text, quote or passage(doc_id, block),
                                    fingerprint=_fingerprint(doc_id, place))  # fmt: skip
                return Saved("added", new)
            if not isinstance(anchor, str):
                raise UserDataError(f"not a place in a document: {doc_id}#{anchor}")
            return Saved("added", self.add_note(doc_id, anchor, text, quote))
        with self._open(write=True) as db:
            row = db.table(_TABLES[Note]).get(doc_id=base.id)
            current = None if row is None else _item(Note, base.id, row)
            if current is None and not text.strip():
                return Saved("deleted", None)  # emptied here, removed there: what both wanted
            if current is None or (current.text, current.updated) != (base.text, base.updated):
                raise NoteChanged(base, current)
            if not text.strip():
                db.table(_TABLES[Note]).remove(doc_ids=[base.id])
                return Saved("deleted", None)
            if text == current.text:
                return Saved("unchanged", current)
            return Saved("updated", self._put(db, replace(current, text=text, updated=_now())))

    # -- both

    def doc_ids(self) -> set[str]:
        """The documents that have a note or a bookmark: what an import asks before it drops an
        old version. Only read: a missing file is none, and one that cannot be read is left as it
        is (UserDataError; the reader moves it aside when it opens it)."""
        with self._thread_lock, self._locked():
            try:
                data = json.loads(self.path.read_bytes())
                return {
                    row["doc_id"] for table in _TABLES.values() for row in (data.get(table) or {}).values()
                }  # fmt: skip
            except FileNotFoundError:
                return set()
            except (OSError, ValueError, TypeError, AttributeError, KeyError, RecursionError) as exc:
                raise UserDataError(f"{self.path}: cannot be read ({exc.__class__.__name__})") from None

    def re_place(self, old: Document | None, new: Document) -> Replaced:
        """Find every note and bookmark on `new.id` again in `new`, the version that replaced `old`
        (None: not at hand; then by their fingerprints alone). One found gets its new anchor; one
        not found is kept as it was and marked lost, never moved; one lost before that is found
        now is back. Nothing is removed; the file is written once."""
        rematch = Rematch(old, new)
        done: list[str] = []
        with self._open(write=True) as db:
            for bookmark in self._all(db, Bookmark, new.id):
                done.append(self._re_place_one(db, bookmark, rematch, new))
            for note in self._all(db, Note, new.id):
                done.append(self._re_place_one(db, note, rematch, new))
        return Replaced(done.count("kept"), done.count("moved"), done.count("lost"))

    def _re_place_one(self, db: TinyDB, item: Item, rematch: Rematch, new: Document) -> str:
        clue = item.fingerprint or (clue_of(item.quote) if item.quote.strip() else None)
        try:
            anchor = rematch.place(item.anchor, clue, lost=item.lost)
        except (AnchorError, ValueError, IndexError) as exc:  # a place that cannot be read: kept, as lost
            _log.warning("%s#%s: not placed again (%s)", item.doc_id, item.anchor, exc)
            anchor = None
        if anchor is None:
            now, what = replace(item, lost=True), "lost"
        else:
            what = "kept" if anchor == item.anchor and not item.lost else "moved"
            # An old entry found where it was stays as it was (its quote finds it); any other
            # keeps what it is in this version, so that light edits in a row are followed.
            unmoved = what == "kept" and item.fingerprint is None
            now = replace(item, anchor=anchor, lost=False, fingerprint=None if unmoved else _fingerprint(new, anchor))
        if now != item:  # nothing changed: the file is not written
            self._put(db, now)
        return what

    def marks(self, doc: Document) -> Marks:
        """The blocks of `doc` with a note and with a bookmark (one read of the file)."""
        with self._open() as db:
            notes, bookmarks = self._all(db, Note, doc.id), self._all(db, Bookmark, doc.id)
        return Marks(noted=_blocks(doc, notes), bookmarked=_blocks(doc, bookmarks))

    # -- the file

    def check(self) -> None:
        """Read the file now, so that a damaged one is moved aside (and the user told) at start-up
        rather than at the first bookmark."""
        with self._open():
            pass

    def _all(self, db: TinyDB, kind: type[Item], doc_id: str | None) -> list[Item]:
        # Every row was checked when the file was read (`_readable_db`), so they are only built here.
        rows: dict[str, dict[str, Any]] = (db.storage.read() or {}).get(_TABLES[kind], {})
        items: list[Item] = _built_all(kind, rows, doc_id)
        return sorted(items, key=lambda i: i.id)

    def _put(self, db: TinyDB, item: Item) -> Item:
        table = db.table(_TABLES[type(item)])
        # Replaced whole, not updated: a field back at its default is left out (upsert would keep it).
        table.remove(doc_ids=[item.id]) if table.contains(doc_id=item.id) else None
        table.insert(Row(_row(item), doc_id=item.id))
        return item

    def _remove(self, kind: type, item_id: int) -> bool:
        with self._open(write=True) as db:
            table = db.table(_TABLES[kind])
            return table.contains(doc_id=item_id) and bool(table.remove(doc_ids=[item_id]))

    def _next_id(self, db: TinyDB, kind: type) -> int:
        return self.next_id(db, _TABLES[kind])

    def next_id(self, db: TinyDB, table: str) -> int:
        """One more than any id ever given in `table`, recorded at once (call it in a `session`,
        which holds the lock)."""
        key = f"last_{table}"
        meta: Mapping[str, Any] = db.table(_META).get(doc_id=_META_ROW) or {}
        ids = [row.doc_id for row in db.table(table).all()]
        new = max([*ids, int(meta.get(key, 0))], default=0) + 1
        db.table(_META).upsert(Row({**meta, key: new}, doc_id=_META_ROW))
        return new

    def session(self, *, write: bool = False) -> contextlib.AbstractContextManager[TinyDB]:
        """The file as a TinyDB under the lock, for the other tables of the user's file
        (store.follows): written back once, atomically, when a `write` session ends without
        an error."""
        return self._open(write=write)

    @contextmanager
    def _open(self, *, write: bool = False) -> Iterator[TinyDB]:
        """The file as a TinyDB, under the lock; its changes written back once, atomically,
        when the block ends without an error. The cycle collector waits meanwhile: reading
        50,000 notes makes as many dicts, which it would walk again and again for nothing."""
        with self._thread_lock, self._locked(), collector_paused():
            db = self._readable_db()
            yield db
            if write:
                self._remove_leftovers()
                try:
                    cast(CachingMiddleware, db.storage).flush()  # the storage _readable_db made
                except OSError as exc:
                    raise UserDataError(f"{self.path}: could not be saved ({_reason(exc)}); it is unchanged") from None

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The file lock; a lock that cannot be made (a read-only or missing directory) is a
        UserDataError, which the reader and the command line tell in one line."""
        try:
            self._file_lock.acquire()
        except OSError as exc:
            raise UserDataError(f"{self._file_lock.path}: cannot be locked ({_reason(exc)})") from None
        try:
            yield
        finally:
            self._file_lock.release()

    def _readable_db(self) -> TinyDB:
        """The file as a TinyDB whose every entry reads; a damaged file is moved aside first."""
        storage = CachingMiddleware(AtomicJSONStorage)  # collects the changes; flushed once
        db = TinyDB(self.path, storage=storage)
        try:
            data = db.storage.read() or {}
            for kind, table in _TABLES.items():
                rows = data.get(table, {})
                get, types = _GETTERS[kind], _TYPES[kind]
                try:  # the common case in C (50,000 notes: 40 ms); the first bad row said below
                    whole = all(all(map(isinstance, get(row), types)) and _optional_ok(row) for row in rows.values())
                    int_keys = all(k.isascii() and k.isdigit() for k in rows)
                except (KeyError, TypeError):
                    whole = int_keys = False
                if not (whole and int_keys):
                    for key, row in rows.items():
                        _item(kind, int(key), row)
            check_follow_rows(data)  # the follows and what arrived for them (store.follows)
            meta = data.get(_META, {}).get(str(_META_ROW), {})
            if not all(isinstance(v, int) for v in meta.values()):
                raise ValueError("the id counters are not numbers")
        except UnreadableFileError as exc:  # not damage: the file stays exactly as it is
            raise UserDataError(f"{exc}; nothing was changed") from None
        except DamagedFileError as exc:
            self._set_aside(exc.problem)
        except (ValueError, TypeError, AttributeError) as exc:
            self._set_aside(f"is damaged ({exc})")
        else:
            return db
        return TinyDB(self.path, storage=CachingMiddleware(AtomicJSONStorage))

    def _remove_leftovers(self) -> None:
        """Temp files of writes killed half-way (only a writer holding the lock makes them,
        and we hold it)."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def _set_aside(self, problem: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
        try:
            os.rename(self.path, aside)
        except OSError as exc:
            raise UserDataError(f"{self.path} {problem}, and cannot be moved aside ({_reason(exc)})") from None
        with contextlib.suppress(OSError):  # it may have been written by another program, with another mode
            os.chmod(aside, 0o600)
        self._on_message(f"{self.path} {problem}: moved it to {aside} and started an empty one")


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__

