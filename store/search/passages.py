"""Where in a document a hit is, and its snippet: the passage where the words of the query
are densest, and about a line of it around them with the matched words marked."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, islice

from store.anchors import anchor_for_block
from store.formats import MARKER
from store.model import Document
from store.search.hit_body import HitBody, of_document
from store.tokens import Span, fold, matching_form, one_line, spellings, term_spans

SNIPPET_WIDTH = 160
SNIPPET_LEAD = 50  # context shown before the first match


@dataclass(frozen=True)
class Passage:
    where: str  # "title", "qa N" or "body"
    anchor: str | None  # where to open the document; None for the title
    text: str


# A word of the query as matched in a document: each term standing for it, and its weight.
Word = Mapping[str, float]


def passage_texts(doc: Document | HitBody) -> list[str]:
    """The title, the title with what the document is known by, every block, every footnote."""
    body = doc if isinstance(doc, HitBody) else of_document(doc)
    title = [body.title, f"{body.title} ({body.head[len(body.title) :].strip()})"]
    return [*title, *body.texts, *(text for _, text, _ in body.notes)]


def passage(body: HitBody, i: int) -> Passage:
    """Passage i of `passage_texts`, with the place it stands in the document."""
    if i < 2:
        return Passage("title", None, passage_texts(body)[i])
    if i - 2 < len(body.texts):
        return _block_passage(body, i - 2)
    mark, text, block = body.notes[i - 2 - len(body.texts)]
    if block is None:  # a note whose marker is nowhere: no place to open it at
        return Passage("body", None, text)
    return Passage(_block_passage(body, block).where, f"fn-{mark}", text)


def _block_passage(body: HitBody, b: int) -> Passage:
    """Block b: in a question/answer pair "qa N" (opened at "qa-N" when b is the block
    that anchor names, else at the block itself), else "body"."""
    k = body.qa_of[b]
    if k is None or not 0 <= k < len(body.qa_numbers):
        return Passage("body", anchor_for_block(b), body.texts[b])
    number = body.qa_numbers[k][0] if body.qa_numbers[k] else k + 1
    exact = body.qa_block(number) == b
    return Passage(f"qa {number}", f"qa-{number}" if exact else anchor_for_block(b), body.texts[b])


@lru_cache(maxsize=64)
def _terms_patterns(terms: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """Patterns finding the terms in folded text without underscores, where a term may start
    (not after a letter or digit) and not followed by more of a term: the terms as they are;
    and, apart (they overlap the parts they are made of, which are terms too), numbers as they
    may be written ("19637" as "19 637", not in "19 637 123"), at a `\\b`."""
    plain = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    grouped = [re.escape(s) + r"(?! \d{3}(?![^\W_]))" for t in terms for s in spellings(t)[1:]]
    # Each term first, and then that no letter or digit stands before it: so that the regex
    # engine skips at once to where a term's first character is (a `\b` first, it cannot).
    alone = "|".join(f"{t}(?<![^\\W_]{t})" for t in plain)
    return re.compile(f"(?:{alone})(?![^\\W_])"), _whole(grouped) if grouped else None


def _whole(alternatives: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?![^\W_])")


def _blanked(text: str) -> str:
    """Footnote markers made spaces (the same length): they are not words."""
    return MARKER.sub(lambda m: " " * len(m.group()), text) if "[^" in text else text


MANY_MATCHES = 250  # beyond this many in a document, each text is searched and counted in C


def term_matches(texts: Sequence[str], terms: frozenset[str]) -> dict[int, Counter[str]]:
    """For each text holding any of `terms` (as whole terms, as `term_counts` splits text),
    how often each occurs. The texts are folded together (once per document, not once per
    block) and searched in one pass, each match placed in its text by bisection: searching
    each of a document's hundreds of blocks on its own costs more than that. But a query of
    common words only ("vragen van het") stands thousands of times in a document, too many
    to look at one by one: then each text is searched and counted in C."""
    pattern, grouped = _terms_patterns(terms)
    joined = _blanked("\n".join(texts)).replace("_", " ")  # "_" is no part of a term, but \b thinks so
    folded = matching_form(joined)
    if folded is None:  # folding changes lengths (a ligature, say): each text on its own
        return _each_text([fold(_blanked(t)).replace("_", " ") for t in texts], pattern, grouped)
    ends = list(accumulate(len(t) + 1 for t in texts))
    few = list(islice(pattern.finditer(folded), MANY_MATCHES + 1))
    if len(few) > MANY_MATCHES:
        return _each_text(
            [folded[end - len(t) - 1 : end - 1] for t, end in zip(texts, ends, strict=True)], pattern, grouped
        )
    found: dict[int, Counter[str]] = {}
    for m in few:
        found.setdefault(bisect_right(ends, m.start()), Counter())[m.group()] += 1
    if grouped is not None:
        for m in grouped.finditer(folded):
            found.setdefault(bisect_right(ends, m.start()), Counter())[m.group().replace(" ", "")] += 1
    return {i: found[i] for i in sorted(found)}


def _each_text(
    parts: Sequence[str], plain: re.Pattern[str], grouped: re.Pattern[str] | None
) -> dict[int, Counter[str]]:
    found: dict[int, Counter[str]] = {}
    for i, part in enumerate(parts):
        if matches := plain.findall(part):
            found[i] = Counter(matches)
        if grouped is not None and (numbers := grouped.findall(part)):
            found.setdefault(i, Counter()).update(n.replace(" ", "") for n in numbers)
    return found


def best_passage(doc: HitBody, words: Sequence[Word]) -> Passage | None:
    """The passage covering the most words of the query (the title on a tie), then with the
    best variants of them (the word itself before a completion or a near miss: a typo is shown
    as the word it was taken for), then with the most matches (a near miss counting less than
    the word itself). None when nothing matches."""
    every = frozenset().union(*words)
    if not every:
        return None
    weight_of = {t: max(w.get(t, 0.0) for w in words) for t in every}
    matches = term_matches(passage_texts(doc), every)
    if not matches:
        return None
    # Only the passages covering the most words can win: the rest are not weighed at all.
    covering = {i: sum(1 for w in words if not counts.keys().isdisjoint(w)) for i, counts in matches.items()}
    most = max(covering.values())
    best: tuple[tuple[bool, float, float], int] | None = None
    for i, counts in matches.items():
        if covering[i] < most:
            continue
        quality = sum(max((w[t] for t in counts if t in w), default=0.0) for w in words)
        weight = sum(n * weight_of[t] for t, n in counts.items())
        key = (i < 2, quality, weight)
        if best is None or key > best[0]:
            best = (key, i)
    return passage(doc, best[1]) if best else None


def snippet(text: str, words: Sequence[Word], width: int = SNIPPET_WIDTH) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About `width` characters of `text` on one line, and the [start, end) of every
    matched term inside it. It starts a little before the first match of the stretch
    that shows the most words of the query (of those, the first at its word's best variant:
    the first match, when one word is asked as it is written)."""
    line = one_line(text)
    spans = _disjoint(term_spans(line, only=frozenset().union(*words)))
    first = max(spans, key=lambda s: _window_key(spans, s, width, words), default=None)
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


def _window_key(spans: Sequence[Span], first: Span, width: int, words: Sequence[Word]) -> tuple[int, float]:
    """How good a snippet starting at `first` is: the words of the query it shows, then how
    well `first` stands for its word (a typo's intended word before another near miss)."""
    covered = _covered(spans, first.start, first.start + width - SNIPPET_LEAD, words)
    return covered, max(w.get(first.term, 0.0) for w in words)


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
