"""Which cached document a reference points at, and which documents cite each one.

Pure functions over plain data, so the cache can re-resolve every link of 10,000 documents
when new ones arrive without reading a single body: it keeps, per document, the keys it is
known by (`document_keys`) and its outgoing citations (`citations`), and hands both here.

A reference resolves by its canonical key (`kst-19637-2375`, `2019D40742`, `ah-tk-20182019-811`).
A note that names a document only by title and date ("Deelname en inzet Nederland aan het
IMRF, d.d. 29 april 2022") resolves to a document of exactly that date whose title covers the
note's title words (see `title_score`). A reference never resolves to the document it stands in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from store.formats import DOCUMENT_KINDS, Chamber, aanhangsel_key, kamerstuk_key
from store.model import Document

# A title-only note resolves when its title words are (nearly) all found in the candidate's
# title; 90 lets in the odd misspelt or abbreviated word, and keeps out a title of the same
# day that shares only some words (tests/test_links.py shows both).
TITLE_THRESHOLD = 90.0
# Fewer significant words than this ("brief van 29 april 2022") say too little to pick a document.
MIN_TITLE_WORDS = 2
# Words that carry no subject: Dutch function words and the words a note uses to point at a letter.
STOPWORDS = frozenset(
    {
        *("de", "het", "een", "en", "of", "van", "aan", "in", "op", "over", "voor", "met", "te", "bij", "tot"),
        *("om", "uit", "naar", "door", "als", "dat", "die", "dit", "deze"),
        *("d", "dd", "datum", "brief", "kamerbrief", "mijn", "uw", "onze", "zie", "inzake", "betreffende"),
    }
)
# Words between a title and its date: "…IMRF, d.d. 29 april 2022", "…IMRF van 29 april 2022".
_DATE_LEAD = re.compile(r"(?:[\s,;:(]|\b(?:d\.\s?d|dd|van|op|datum|dated)\b\.?)*$", re.I)
_NON_RESOLVING = frozenset({"answer", "url"})


@dataclass(frozen=True)
class OutgoingLink:
    """A reference of a document that may resolve to another document: what links.json keeps.

    `index` is its position in `Document.references`. It carries either a canonical `key`, or
    (for a note naming a document by title and date only) the `title` words and ISO `date`.
    """

    index: int
    key: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Citable:
    """What resolution needs to know of a cached document."""

    id: str
    title: str
    date: str | None
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Links:
    """The outcome of resolution: per citing document {reference index: target id}, and backlinks."""

    targets: Mapping[str, Mapping[int, str]]
    cited_by: Mapping[str, tuple[str, ...]]


def document_keys(doc: Document) -> tuple[str, ...]:
    """The canonical keys a document is known by: its id, its Kamerstuk numbers (one per dossier),
    its Aanhangsel number, its zaak and document numbers."""
    ids = doc.identifiers
    keys = [doc.id]
    if doc.kind in ("aanhangsel", "mededeling", "antwoord"):
        if ids.vergaderjaar and ids.ondernummer:
            chamber: Chamber = "ek" if doc.id.startswith("ah-ek-") or doc.addressee == "Eerste Kamer" else "tk"
            keys.append(aanhangsel_key(chamber, ids.vergaderjaar, ids.ondernummer))
    elif ids.ondernummer:
        for dossier in ids.dossiers:
            number, _, suffix = dossier.partition("-")
            keys.append(kamerstuk_key(number, ids.ondernummer, suffix or None))
    if doc.kind == "handelingen" and doc.id.count("-") == 4:  # h-tk-20192020-1-1: meeting 1, item 1
        keys.append(doc.id.rsplit("-", 1)[0])  # a citation of the meeting finds its items
    keys.extend(k for k in (ids.zaak, ids.document) if k)
    return tuple(dict.fromkeys(keys))


def citations(doc: Document) -> tuple[OutgoingLink, ...]:
    """The references of `doc` that could point at another document."""
    found = []
    for i, ref in enumerate(doc.references):
        if ref.kind in _NON_RESOLVING:
            continue
        if ref.key:
            found.append(OutgoingLink(i, key=ref.key))
        elif ref.kind == "title" and (split := split_title_date(ref.text)):
            found.append(OutgoingLink(i, title=split[0], date=split[1]))
    return tuple(found)


def split_title_date(text: str) -> tuple[str, str] | None:
    """("Deelname en inzet Nederland aan het IMRF", "2022-04-29") from
    "Deelname en inzet Nederland aan het IMRF, d.d. 29 april 2022"; None without a date.

    The date is the one written after "d.d." if there is one, else the last in the text (a
    title may name dates of its own: "Forum van 17 t/m 20 mei 2022, d.d. 16 mei 2022").
    """
    from store.parsing.passes.dates import find_dates  # here: `kamerlezer search` never needs it

    dates = find_dates(text)
    if not dates:
        return None
    marked = [d for d in dates if re.search(r"d\.\s?d\.?\s*$", text[: d[1]], re.I)]
    iso, start, end = (marked or dates)[-1]
    lead = _DATE_LEAD.search(text[:start])
    before = text[: lead.start() if lead else start]
    title = " ".join(f"{before} {text[end:]}".split()).strip(" ,;:.()'\"‘’“”")
    return title, iso


def title_score(reference_title: str, title: str) -> float:
    """How well a document title covers the title words of a reference, 0-100.

    Each significant word of the reference (stopwords dropped) counts by its length: fully when
    it stands in the title (spaces ignored, so "migratieagenda" matches "migratie-agenda"), or
    when a word written in capitals is the initials of title words ("IMRF" for "International
    Migration Review Forum"); a longer word partly by its best fuzzy match. Words of the title that
    the reference does not name cost nothing: a note often shortens a title.
    """
    return _coverage(_significant_words(reference_title), _TitleShape.of(title))


def resolve_all(docs: Sequence[Citable], cites: Mapping[str, Sequence[OutgoingLink]]) -> Links:
    """Resolve every citation of every document in `docs` against `docs` itself.

    `docs` is in import order: where two documents share a key, the one whose id is the key wins,
    then the earlier one.
    """
    keys = key_index((d.id, d.keys) for d in docs)
    by_date: dict[str, list[tuple[str, _TitleShape]]] = defaultdict(list)
    for d in docs:
        if d.date:
            by_date[d.date].append((d.id, _TitleShape.of(d.title)))
    targets: dict[str, dict[int, str]] = {}
    backlinks: dict[str, dict[str, None]] = defaultdict(dict)  # an ordered set per target
    for d in docs:
        found: dict[int, str] = {}
        for c in cites.get(d.id, ()):
            if c.key:
                target = resolve_key(keys, c.key, exclude=d.id)
            elif c.title and c.date:
                target = _match_title(c.title, by_date.get(c.date, ()), exclude=d.id)
            else:
                target = None
            if target:
                found[c.index] = target
                backlinks[target][d.id] = None
        if found:
            targets[d.id] = found
    return Links(targets, {t: tuple(sources) for t, sources in backlinks.items()})


class LinkIndex:
    """The links of a library kept resolved while documents come and go: an import's commits.

    `resolve_all` over the whole library at every commit made an import quadratic. Here each
    document's citations are filed under the key or the date they name, so a change re-resolves
    only the citations it can alter: those naming a key or a date of a document taken in or out.
    What it gives is what `resolve_all` gives for the same documents in the same order
    (tests/test_links.py compares the two). Mutable, unlike the rest of this module: it is the
    state of one import, kept between its commits.
    """

    def __init__(self) -> None:
        self.order: dict[str, int] = {}  # id -> its place in import order (its ord)
        self._docs: dict[str, Citable] = {}
        self._cites: dict[str, tuple[OutgoingLink, ...]] = {}
        self._known_by: defaultdict[str, set[str]] = defaultdict(set)  # normalised key -> ids
        self._dated: defaultdict[str, set[str]] = defaultdict(set)  # date -> ids
        self._shapes: dict[str, _TitleShape] = {}  # id -> its title's shape, made when first compared
        self._citing_key: defaultdict[str, set[str]] = defaultdict(set)  # normalised key -> citing ids
        self._citing_date: defaultdict[str, set[str]] = defaultdict(set)  # date -> ids citing a title of it
        self._targets: dict[str, dict[int, str]] = {}
        self._cited_by: defaultdict[str, set[str]] = defaultdict(set)

    def change(
        self, removed: Iterable[str], added: Iterable[tuple[int, Citable, Sequence[OutgoingLink]]]
    ) -> set[str]:
        """Take documents out (by id), then in ((place, the document, its citations)); the ids
        whose targets or backlinks may have changed."""
        keys: set[str] = set()
        dates: set[str] = set()  # of the documents taken out
        arrived: defaultdict[str, list[str]] = defaultdict(list)  # date -> the documents of it taken in
        changed: set[str] = set()
        for doc_id in removed:
            doc = self._docs.pop(doc_id, None)
            if doc is None:
                continue
            del self.order[doc_id]
            keys.update(self._file(doc, self._cites.pop(doc_id), add=False))
            dates.add(doc.date or "")
            for target in self._targets.pop(doc_id, {}).values():
                self._cited_by[target].discard(doc_id)
                changed.add(target)
            changed.add(doc_id)
        fresh = []
        for place, doc, cites in added:
            self.order[doc.id] = place
            self._docs[doc.id] = doc
            self._cites[doc.id] = tuple(cites)
            keys.update(self._file(doc, self._cites[doc.id], add=True))
            arrived[doc.date or ""].append(doc.id)
            fresh.append(doc.id)
        affected = set(fresh).union(*(self._citing_key.get(k, ()) for k in keys),
                                    *(self._citing_date.get(d, ()) for d in dates | arrived.keys()))  # fmt: skip
        change = _Change(set(fresh), keys, dates, arrived, {})
        for doc_id in affected:
            found = self._resolve(doc_id, change)
            old = self._targets.pop(doc_id, {})
            if found:
                self._targets[doc_id] = found
            if found != old:
                changed.add(doc_id)
                before, after = set(old.values()), set(found.values())
                for target in before - after:
                    self._cited_by[target].discard(doc_id)
                for target in after - before:
                    self._cited_by[target].add(doc_id)
                changed.update(before ^ after)
        return changed

    def seed(self, docs: Iterable[tuple[int, Citable, Sequence[OutgoingLink], Iterable[tuple[int, str]]]]) -> None:
        """Fill an empty index with documents whose targets are known ((place, the document, its
        citations, (reference index, target id) pairs): an index row's), without resolving
        them: what a commit resolved stays so until a change it can alter comes."""
        for place, doc, cites, targets in docs:
            self.order[doc.id] = place
            self._docs[doc.id] = doc
            self._cites[doc.id] = tuple(cites)
            self._file(doc, self._cites[doc.id], add=True)
            if found := dict(targets):
                self._targets[doc.id] = found
                for target in found.values():
                    self._cited_by[target].add(doc.id)

    def targets(self, doc_id: str) -> tuple[tuple[int, str], ...]:
        """(reference index, target id) of each citation of `doc_id` that resolves, in index order."""
        return tuple(sorted(self._targets.get(doc_id, {}).items()))

    def cited_by(self, doc_id: str) -> tuple[str, ...]:
        """The documents citing `doc_id`, in import order."""
        return tuple(sorted(self._cited_by.get(doc_id, ()), key=self.order.__getitem__))

    def _file(self, doc: Citable, cites: Sequence[OutgoingLink], *, add: bool) -> set[str]:
        """File a document (or take it out: `add` False) under its keys, its date, and what its
        citations name; its normalised keys."""
        keys = {_norm_key(k) for k in doc.keys}
        for k in keys:
            (self._known_by[k].add if add else self._known_by[k].discard)(doc.id)
        if doc.date:
            (self._dated[doc.date].add if add else self._dated[doc.date].discard)(doc.id)
        if not add:
            self._shapes.pop(doc.id, None)
        for c in cites:
            if c.key:
                where = self._citing_key[_norm_key(c.key)]
            elif c.title and c.date:
                where = self._citing_date[c.date]
            else:
                continue
            (where.add if add else where.discard)(doc.id)
        return keys

    def _resolve(self, doc_id: str, change: _Change) -> dict[int, str]:
        """The targets of `doc_id`'s citations after `change`: each that the change cannot alter
        kept, the rest found again."""
        fresh = doc_id in change.fresh
        old = self._targets.get(doc_id, {})
        found: dict[int, str] = {}
        for c in self._cites[doc_id]:
            if c.key:
                key = _norm_key(c.key)
                if fresh or key in change.keys:
                    ids = [i for i in self._known_by.get(key, ()) if i != doc_id]
                    target = min(ids, key=lambda i: (_norm_key(i) != key, self.order[i])) if ids else None
                else:
                    target = old.get(c.index)
            elif c.title and c.date:
                if fresh or c.date in change.dates:  # a document of that date gone: all of them looked at
                    target = _match_title(c.title, self._all_of(c.date, change), exclude=doc_id)
                elif c.date in change.arrived:
                    # Only arrivals: the best of the date is the one it had, or one of them (the
                    # first of the best, in import order, as _match_title picks).
                    target = _match_title(c.title, self._arrived(c.date, old.get(c.index), change), exclude=doc_id)
                else:
                    target = old.get(c.index)
            else:
                target = None
            if target:
                found[c.index] = target
        return found

    def _all_of(self, date: str, change: _Change) -> list[tuple[str, _TitleShape]]:
        """The documents of `date`, in import order."""
        if date not in change.all_of:
            change.all_of[date] = self._shaped(sorted(self._dated.get(date, ()), key=self.order.__getitem__))
        return change.all_of[date]

    def _arrived(self, date: str, had: str | None, change: _Change) -> list[tuple[str, _TitleShape]]:
        """The documents of `date` that arrived, and the one a citation had, in import order."""
        ids = [*change.arrived.get(date, ()), *([had] if had is not None and had in self._dated.get(date, ()) else [])]
        return self._shaped(sorted(ids, key=self.order.__getitem__))

    def _shaped(self, ids: Iterable[str]) -> list[tuple[str, _TitleShape]]:
        shapes = self._shapes
        return [(i, shapes.get(i) or shapes.setdefault(i, _TitleShape.of(self._docs[i].title))) for i in ids]


@dataclass(frozen=True)
class _Change:
    """What one LinkIndex.change takes in and out, as resolving again needs it."""

    fresh: set[str]  # the documents taken in
    keys: set[str]  # normalised keys of the documents taken in or out
    dates: set[str]  # dates of documents taken out
    arrived: Mapping[str, list[str]]  # date -> documents of it taken in
    all_of: dict[str, list[tuple[str, _TitleShape]]]  # date -> all its documents in order, once worked out


def key_index(docs: Iterable[tuple[str, Sequence[str]]]) -> dict[str, tuple[str, ...]]:
    """From (id, keys) in import order: normalised key -> the ids known by it, best first (the id
    equal to the key, then import order)."""
    index: dict[str, list[str]] = defaultdict(list)
    for doc_id, keys in docs:
        for k in keys:
            index[_norm_key(k)].append(doc_id)
    return {k: _best_first(ids, k) for k, ids in index.items()}


def _best_first(ids: list[str], key: str) -> tuple[str, ...]:
    return tuple(sorted(ids, key=lambda i: _norm_key(i) != key))


def resolve_key(index: Mapping[str, Sequence[str]], key: str, exclude: str | None = None) -> str | None:
    return next((i for i in index.get(_norm_key(key), ()) if i != exclude), None)


def _norm_key(key: str) -> str:
    return key.strip().casefold()


def _match_title(title: str, candidates: Iterable[tuple[str, _TitleShape]], exclude: str) -> str | None:
    words = _significant_words(title)
    if len(words) < MIN_TITLE_WORDS:
        return None
    best, best_score = None, TITLE_THRESHOLD
    for doc_id, shape in candidates:
        if doc_id == exclude:
            continue
        score = _coverage(words, shape)
        if score > best_score or (best is None and score == best_score):  # ties: the earlier document
            best, best_score = doc_id, score
    return best


def _coverage(words: Sequence[tuple[str, bool]], title: _TitleShape) -> float:
    if not words:
        return 0.0
    total = sum(len(w) for w, _ in words)
    return 100.0 * sum(len(w) * title.cover(w, capitals) for w, capitals in words) / total


def _significant_words(text: str) -> list[tuple[str, bool]]:
    """(lower-cased word, written in capitals) for each word of `text` that carries meaning."""
    words = []
    for raw in re.findall(r"\w+", text):
        word = raw.lower()
        if word not in STOPWORDS and not word.isdigit():
            words.append((word, len(raw) >= 3 and raw.isupper()))
    return words


@dataclass(frozen=True)
class _TitleShape:
    """A title prepared for `cover`: its words run together, and the initials of its words."""

    compact: str
    initials: tuple[str, ...]

    @classmethod
    def of(cls, title: str) -> _TitleShape:
        from rapidfuzz.utils import default_process  # here, as fuzz below: store.cache imports this module

        words = default_process(title).split()
        meaningful = [w for w in words if w not in STOPWORDS]
        return cls("".join(words), ("".join(w[0] for w in words), "".join(w[0] for w in meaningful)))

    def cover(self, word: str, capitals: bool) -> float:
        """How far `word` of a reference is found in this title, 0-1."""
        if word in self.compact or (capitals and any(word in i for i in self.initials)):
            return 1.0
        if len(word) < 5:  # a short word matches exactly or not at all
            return 0.0
        from rapidfuzz import fuzz

        return fuzz.partial_ratio(word, self.compact) / 100.0


# -- written questions and the documents that answer them -----------------------------------

QUESTION_KINDS = frozenset(k for k, info in DOCUMENT_KINDS.items() if info.questions == "puts")
ANSWER_KINDS = frozenset(k for k, info in DOCUMENT_KINDS.items() if info.questions == "answers")
_ASKED_LINE = re.compile(
    r"(?:^|\n\n)(?:Mondelinge\s+)?Vragen\s+van\s+(?:het\s+lid|de\s+leden|lid)\b(?P<line>[^\n]{10,1500}?)"
    r"(?:\(\s*ingezonden\s+(?P<sent>[^)]{6,30})\)|\n\n|$)",
    re.I,
)
_SIGNATURE_LENGTH = 160


def question_keys(doc: Document) -> tuple[str, ...]:
    """What the written questions of `doc` are known by, whether it puts them or answers them:
    the zaak of the questions (`zaak:2024Z18436`), and the line that names who asked what
    ("Vragen van de leden Rooderkerk en Paulusma (beiden D66) aan de … over …"), which the
    questions print and the Aanhangsel prints again (as `vragen:` and the line without spaces
    or punctuation: text extractors glue words differently)."""
    if doc.kind not in QUESTION_KINDS | ANSWER_KINDS:
        return ()
    keys = [f"zaak:{doc.identifiers.zaak}"] if doc.identifiers.zaak else []
    head = "\n\n".join(b.text for b in doc.blocks[:4])
    m = _ASKED_LINE.search(head)
    if m:
        line = re.sub(r"\[\^[^\]]*\]|\W", "", m.group("line")).lower()
        keys.append(f"vragen:{line[:_SIGNATURE_LENGTH]}")
    return tuple(keys)


def same_questions(rows: Iterable[tuple[str, str, Sequence[str]]]) -> dict[str, tuple[str, ...]]:
    """From (id, kind, question keys) of every document: per document, the others of the same
    questions on the other side (the answers of questions, the questions of an answer)."""
    asked: dict[str, list[str]] = defaultdict(list)
    answering: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for doc_id, kind, keys in rows:
        kinds[doc_id] = kind
        for key in keys:
            (asked if kind in QUESTION_KINDS else answering)[key].append(doc_id)
    out: dict[str, list[str]] = defaultdict(list)
    for key, questions in asked.items():
        for answer in answering.get(key, ()):
            for question in questions:
                if answer not in out[question]:
                    out[question].append(answer)
                if question not in out[answer]:
                    out[answer].append(question)
    return {doc_id: tuple(ids) for doc_id, ids in out.items()}
