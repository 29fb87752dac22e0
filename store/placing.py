"""Where a note or bookmark belongs in a new version of its document.

A place is stored as an anchor (`qa-19`, `fn-2`, `sec-3`, `p-12`) and a clue to what it is
about (`fingerprint`: the start of its text, normalised; an old note has only its quote).
When a document is imported again and has changed, every place on it is found again here:

- with the old version at hand, its blocks are aligned with the new ones (difflib): a block
  whose text is unchanged is where it went, however much was inserted or deleted around it;
- a block that changed is looked for among the new version's changed blocks only, by its text
  (rapidfuzz `fuzz.ratio` at least `LIKE`): a near twin that was already there unchanged (the
  same sentence in another answer, the heading of the next fractie) is never taken for it;
- `qa-N` stays `qa-N` where question N's answer still reads much the same (`QA_LIKE`);
  `fn-M` goes with its footnote's text, `sec-N` with its title;
- what is not found is None: the caller keeps the item, says so, and never moves it.

Pure functions over Documents; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from store.anchors import Anchor, AnchorError, best_anchor, block_of, passage
from store.model import Document
from store.tokens import one_line

__all__ = ["CLUE_LENGTH", "LIKE", "QA_LIKE", "SHORT", "Rematch", "clue_of", "fingerprint", "likeness"]

CLUE_LENGTH = 300  # characters of normalised text kept as a fingerprint
# A lightly edited paragraph scores above 90, and two different paragraphs of one letter below
# 60 (tests/test_anchored_notes.py measures both on the seeds).
LIKE = 80.0
QA_LIKE = 60.0  # the answer to the same question number: its text need only read much the same
SHORT = 40  # a text shorter than this ("Inleiding", "Antwoord 3") is found only as it is
CUT = "…"  # ends a clue that is the start of a longer text


def clue_of(text: str) -> str:
    """The normalised form of a text as a clue: one line, footnote markers out, case folded, cut
    (and marked so) at CLUE_LENGTH. A quote (store.userdata.quote_of, cut with "…") reads as one."""
    norm = one_line(text).casefold()
    if norm.endswith(CUT):
        return norm[:-1].rstrip() + CUT
    return norm if len(norm) <= CLUE_LENGTH else norm[:CLUE_LENGTH] + CUT


def fingerprint(doc: Document, anchor: str) -> str:
    """The clue that finds the place `anchor` names again: a footnote by its text, a section by
    its title, any other place by its passage (AnchorError when the document has no such place)."""
    place = Anchor.parse(anchor)
    if place.kind == "fn":
        note = doc.footnote(place.value)
        if note is not None and note.text:
            return clue_of(note.text)
    if place.kind == "sec" and 1 <= place.number <= len(doc.sections):
        return clue_of(doc.sections[place.number - 1].title)
    return clue_of(passage(doc, block_of(doc, anchor)))


def likeness(clue: str, text: str) -> float:
    """How much the normalised `text` reads as `clue` (0 to 100): a cut clue is compared with as
    much of the start of the text; a short one must be the same."""
    if clue.endswith(CUT):
        clue = clue[:-1]
        text = text[: len(clue)]
    else:
        text = text[: 2 * len(clue) + 10]  # longer than that it cannot score LIKE anyway
    if len(clue) < SHORT:
        return 100.0 if clue == text else 0.0
    from rapidfuzz import fuzz  # loaded when a place is compared, not when the reader starts

    return fuzz.ratio(clue, text)


class Rematch:
    """The places of `old` (None: not at hand) found again in `new`."""

    def __init__(self, old: Document | None, new: Document) -> None:
        self.old, self.new = old, new
        self.texts = [clue_of(b.text) for b in new.blocks]
        self.passages = [clue_of(passage(new, i)) for i in range(len(new.blocks))]
        self.moved: dict[int, int] = {}  # old block -> new block, for the blocks left unchanged
        if old is not None:
            before = [clue_of(passage(old, i)) for i in range(len(old.blocks))]
            matcher = SequenceMatcher(None, before, self.passages, autojunk=False)
            for a, b, size in matcher.get_matching_blocks():
                self.moved.update(zip(range(a, a + size), range(b, b + size), strict=True))
        unchanged = set(self.moved.values())
        self.changed = [i for i in range(len(new.blocks)) if i not in unchanged]

    def place(self, anchor: str, clue: str | None, *, lost: bool = False) -> str | None:
        """The anchor in `new` of what `anchor` named in `old`, found by `clue` (the item's
        fingerprint, or its quote as a clue); None when it is not found. `lost`: the item was not
        found in an earlier version either, so its anchor names nothing in `old`."""
        kind = Anchor.parse(anchor).kind
        if kind == "fn":
            return self._footnote(anchor, clue, lost)
        was = None if lost else self._old_block(anchor, clue)
        if was is not None and self.old is not None:
            clue = fingerprint(self.old, anchor)  # what it is now, whatever the item kept
        if clue is None and was is None:
            return None if lost else self._as_today(anchor)
        found = self.moved.get(was) if was is not None else None
        if found is None and kind == "qa" and clue is not None:
            try:
                same = block_of(self.new, anchor)
            except AnchorError:
                pass
            else:
                if self._score(clue, same) >= QA_LIKE:
                    return anchor
        if found is None and clue is not None:
            pool = self.changed if was is not None else range(len(self.new.blocks))
            if kind == "sec":
                pool = [i for i in pool if any(s.block == i for s in self.new.sections)]
            found = self._best(clue, pool, near=was if was is not None else _number(anchor))
        if found is None:
            return None
        return self._anchor(kind, found)

    def _as_today(self, anchor: str) -> str | None:
        """An old item with nothing to find it by, and no old version to look it up in: where its
        anchor points in the new version, as before this module (None if nowhere)."""
        try:
            block_of(self.new, anchor)
        except AnchorError:
            return None
        return anchor

    def _old_block(self, anchor: str, clue: str | None) -> int | None:
        """The block `anchor` named in the old version, if it still reads as the item's clue (a
        note that an earlier version moved is looked for by its text alone)."""
        if self.old is None:
            return None
        try:
            block = block_of(self.old, anchor)
        except AnchorError:
            return None
        if clue is not None:
            texts = (clue_of(self.old.blocks[block].text), clue_of(passage(self.old, block)))
            if max(likeness(clue, t) for t in texts) < LIKE:
                return None
        return block

    def _score(self, clue: str, block: int) -> float:
        return max(likeness(clue, self.passages[block]), likeness(clue, self.texts[block]))

    def _best(self, clue: str, pool: Sequence[int] | range, near: int | None) -> int | None:
        """The block of `pool` that reads most like `clue` (at least LIKE); of equals, the nearest
        to `near`. None when none does, or when two different texts score within a point."""
        scored = sorted(((self._score(clue, i), i) for i in pool), key=lambda s: -s[0])
        scored = [(s, i) for s, i in scored if s >= LIKE]
        if not scored:
            return None
        top = scored[0][0]
        best = [i for s, i in scored if s == top]
        rivals = [i for s, i in scored if top - 1 <= s < top and self.passages[i] != self.passages[best[0]]]
        if rivals:
            return None  # two texts equally like it: not a guess
        return min(best, key=lambda i: abs(i - near)) if near is not None else best[0]

    def _anchor(self, kind: str, block: int) -> str | None:
        best = best_anchor(self.new, block)
        if kind == "sec":
            return best if best.startswith("sec-") else None
        if kind == "qa" and best.startswith("qa-"):
            return best
        return str(Anchor.block(block))

    def _footnote(self, anchor: str, clue: str | None, lost: bool) -> str | None:
        """A footnote goes with its text: the same mark if its note still reads so, else the note
        that does."""
        mark = Anchor.parse(anchor).value
        old = self.old.footnote(mark) if self.old is not None and not lost else None
        if old is not None and old.text:
            clue = clue_of(old.text)
        notes = [(n.mark, clue_of(n.text)) for n in self.new.footnotes if n.text]
        if clue is None:
            return None if lost else self._as_today(anchor)
        same = next((text for m, text in notes if m == mark), None)
        if same is not None and likeness(clue, same) >= LIKE:
            return anchor
        if not (old is not None and old.text) and self._by_marker(mark, clue):
            return anchor  # an old note's quote is the passage that holds the marker
        scored = sorted(((likeness(clue, text), m) for m, text in notes), reverse=True)
        if scored and scored[0][0] >= LIKE and (len(scored) == 1 or scored[1][0] < scored[0][0] - 1):
            return str(Anchor.note(scored[0][1]))
        return None

    def _by_marker(self, mark: str, clue: str) -> bool:
        note = self.new.footnote(mark)
        return note is not None and note.block is not None and self._score(clue, note.block) >= LIKE


def _number(anchor: str) -> int | None:
    """Where a `p-N` anchor pointed (a block index), to choose between equal texts."""
    place = Anchor.parse(anchor)
    return place.number - 1 if place.kind == "p" else None
