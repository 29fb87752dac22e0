"""Where in a document a hit is, and its snippet: the passage where the words of the query
are densest, and about a line of it around them with the matched words marked."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from store.anchors import AnchorError, anchor_for_block, block_of
from store.model import Document
from store.search.terms import head_text
from store.tokens import Span, fold, one_line, spellings, term_counts, term_spans

SNIPPET_WIDTH = 160
SNIPPET_LEAD = 50  # context shown before the first match


@dataclass(frozen=True)
class Passage:
    where: str  # "title", "qa N" or "body"
    anchor: str | None  # where to open the document; None for the title
    text: str


# A word of the query as matched in a document: each term standing for it, and its weight.
Word = Mapping[str, float]


def passage_texts(doc: Document) -> list[str]:
    """The title, the title with what the document is known by, every block, every footnote."""
    head = head_text(doc)
    title = [doc.title, f"{doc.title} ({head[len(doc.title) :].strip()})"]
    return [*title, *(b.text for b in doc.blocks), *(f.text or "" for f in doc.footnotes)]


def passage(doc: Document, i: int) -> Passage:
    """Passage i of `passage_texts`, with the place it stands in the document."""
    if i < 2:
        return Passage("title", None, passage_texts(doc)[i])
    if i - 2 < len(doc.blocks):
        return _block_passage(doc, i - 2)
    note = doc.footnotes[i - 2 - len(doc.blocks)]
    if note.block is None:  # a note whose marker is nowhere: no place to open it at
        return Passage("body", None, note.text or "")
    return Passage(_block_passage(doc, note.block).where, f"fn-{note.mark}", note.text or "")


def _block_passage(doc: Document, b: int) -> Passage:
    """Block b: in a question/answer pair "qa N" (opened at "qa-N" when b is the block
    that anchor names, else at the block itself), else "body"."""
    block = doc.blocks[b]
    if block.qa is None or not 0 <= block.qa < len(doc.qa):
        return Passage("body", anchor_for_block(b), block.text)
    qa = doc.qa[block.qa]
    number = qa.numbers[0] if qa.numbers else block.qa + 1
    try:
        exact = block_of(doc, f"qa-{number}") == b
    except AnchorError:
        exact = False
    return Passage(f"qa {number}", f"qa-{number}" if exact else anchor_for_block(b), block.text)


@lru_cache(maxsize=64)
def _any_of(terms: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of the terms in folded text (as a part of a word, too: it only
    spares looking closer at passages that hold none of them)."""
    return re.compile("|".join(re.escape(s) for t in sorted(terms) for s in spellings(t)))


def best_passage(doc: Document, words: Sequence[Word]) -> Passage | None:
    """The passage covering the most words of the query (the title on a tie), then with
    the most matches (a near miss counting less than the word itself). None when nothing matches."""
    every = frozenset().union(*words)
    anywhere = _any_of(every)
    best: tuple[tuple[int, bool, float], int] | None = None
    for i, text in enumerate(passage_texts(doc)):
        folded = fold(text)
        if not anywhere.search(folded):  # most passages: no need to split them into terms
            continue
        counts = term_counts(folded)
        found = counts.keys() & every
        if not found:
            continue
        covered = sum(1 for w in words if not found.isdisjoint(w))
        weight = sum(counts[t] * max(w.get(t, 0.0) for w in words) for t in found)
        key = (covered, i < 2, weight)
        if best is None or key > best[0]:
            best = (key, i)
    return passage(doc, best[1]) if best else None


def snippet(text: str, words: Sequence[Word], width: int = SNIPPET_WIDTH) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About `width` characters of `text` on one line, and the [start, end) of every
    matched term inside it. It starts a little before the first match of the stretch
    that shows the most words of the query (the first match, when one word is asked)."""
    line = one_line(text)
    spans = _disjoint([s for s in term_spans(line) if any(s.term in w for w in words)])
    first = max(spans, key=lambda s: _covered(spans, s.start, s.start + width - SNIPPET_LEAD, words), default=None)
    first = first or Span("", 0, 0)
    start = max(0, min(first.start - SNIPPET_LEAD, len(line) - width))  # the whole width used
    if start:
        space = line.find(" ", start, first.start)
        start = space + 1 if space != -1 else start
    end = min(len(line), start + width)
    if end < len(line):
        space = line.rfind(" ", first.end, end)
        end = space if space != -1 else end
    lead = "…" if start else ""
    shift = len(lead) - start
    shown = lead + line[start:end] + ("…" if end < len(line) else "")
    return shown, tuple((s.start + shift, s.end + shift) for s in spans if s.start >= start and s.end <= end)


def _covered(spans: Sequence[Span], start: int, end: int, words: Sequence[Word]) -> int:
    inside = {s.term for s in spans if start <= s.start and s.end <= end}
    return sum(1 for w in words if not inside.isdisjoint(w))


def _disjoint(spans: Sequence[Span]) -> list[Span]:
    """Spans in order without overlaps (a joined number "19 637" over its parts)."""
    kept: list[Span] = []
    for span in spans:  # sorted by start, longest first
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept
