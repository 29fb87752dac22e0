"""Words as the library search sees them: folded, split, and found again in the text.

A term is a run of two or more letters or digits after folding: lower case, accents
dropped ("geïnformeerd" and "geinformeerd" are one term), so the user need not type
diacritics. Footnote markers (`[^3]`) are not words and are skipped. Dutch writes
dossier numbers with a space ("19 637"), users type them without ("19637"): the index
holds both the parts and the joined number, and a query joins them.

Indexing folds a whole text at once (fast); highlighting needs to know where each term
stands in the original text, so `term_spans` folds character by character and keeps a
map back (exact, and only ever run on a short passage).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from store.formats import MARKER

# Combining marks as NFKD leaves them after Latin, Greek and Cyrillic letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_TERM = re.compile(r"[^\W_]{2,}")
# "19 637", "1 000 000": groups of three digits after a first group of one to three, not
# inside a word. (It starts with the digit, not the look-behind, so the scan skips quickly.)
_GROUPED_NUMBER = re.compile(r"\d(?<![^\W_]\d)\d{0,2}(?: \d{3})+(?![^\W_])")
# For counting terms fast: ASCII letters and digits kept, other ASCII bytes made spaces. The
# bytes of other characters are kept, and the few tokens holding them split again by _TERM
# (in folded Dutch text they are mostly punctuation: – « » ’).
_ASCII_SPLIT = bytes(b if chr(b).isalnum() or b >= 0x80 else 0x20 for b in range(256))
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Span:
    """A term and where it stands, [start, end), in the text it was found in."""

    term: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case without accents: the form in which text is indexed and compared.

    Folding a text equals folding each of its characters in turn (NFKD decomposes per
    character, casefold is context-free and the marks reordering could move are dropped),
    which is what lets `term_spans` map folded positions back to the original.
    """
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


_ASCII_BYTES = bytes(range(128))


def fold_in_place(text: str) -> str | None:
    """`fold(text)` when it folds character for character (each character to one), so that
    places in it are places in `text`; else None. A document's text is mostly ASCII, with a
    few characters of other kinds used over and over: each of those is folded once, and the
    rest is only lowered (folding is character by character: see `fold`)."""
    return _folded_in_place(text, terms_only=False)


def matching_form(text: str) -> str | None:
    """`fold_in_place(text)` with every other character than ASCII that folds to no letter or
    digit (a curly quote, a dash) made a space, which like it is no part of a term: the form a
    document is searched for terms in. Then nearly every document's text is ASCII, which Python
    lowers and searches several times faster than text with one character of another kind."""
    return _folded_in_place(text, terms_only=True)


def _folded_in_place(text: str, terms_only: bool) -> str | None:
    if text.isascii():
        return text.lower()
    # The other characters are what is left of the UTF-8 once its ASCII bytes are deleted: in C,
    # where a regex for them walked a document's 40,000 characters in 0.15 ms, this in 0.02.
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate (JSON may hold one) kept as it is
    others = set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    for char in others:
        folded = _fold_char(char)
        if len(folded) != 1:
            return None
        text = text.replace(char, folded if folded.isalnum() or not terms_only else " ")
    return text.lower()


def _without_markers(text: str) -> str:
    """Footnote markers blanked out (same length, so positions stay valid)."""
    return MARKER.sub(lambda m: " " * len(m.group()), text) if "[^" in text else text


def terms(text: str) -> list[str]:
    """Every term of `text`, in order, repeats kept: what the index counts.

    Grouped numbers are added joined ("19 637" gives 19, 637 and 19637).
    """
    return folded_terms(fold(text))


def folded_terms(folded: str) -> list[str]:
    """`terms` of a text already folded."""
    folded = _without_markers(folded)
    return _TERM.findall(folded) + _grouped_numbers(folded)


def term_counts(folded: str) -> Counter[str]:
    """`Counter(folded_terms(folded))`, computed without the generator: indexing a document costs this."""
    folded = _without_markers(folded)
    # "surrogatepass": a lone surrogate (JSON may hold one) is no term, but no reason to fail.
    tokens = Counter(folded.encode("utf-8", "surrogatepass").translate(_ASCII_SPLIT).split())
    words = map(bytes.decode, tokens, repeat("utf-8"), repeat("surrogatepass"))
    counts = Counter(dict(zip(words, tokens.values(), strict=True)))
    for token in [t for t in counts if len(t) < 2 or not t.isascii()]:
        n = counts.pop(token)
        for term in _TERM.findall(token):
            counts[term] += n
    counts.update(_grouped_numbers(folded))
    return counts


def _grouped_numbers(folded: str) -> list[str]:
    return [m.replace(" ", "") for m in _GROUPED_NUMBER.findall(folded)] if _DIGIT.search(folded) else []


def query_terms(query: str) -> list[str]:
    """The distinct terms of what the user typed, in order, grouped numbers joined."""
    folded = _GROUPED_NUMBER.sub(lambda m: m.group().replace(" ", ""), fold(_without_markers(query)))
    return list(dict.fromkeys(_TERM.findall(folded)))


def spellings(term: str) -> tuple[str, ...]:
    """How a term may stand in folded text: a number of more than three digits also grouped
    in threes ("19637" as "19 637")."""
    if len(term) <= 3 or not term.isdigit():
        return (term,)
    head = len(term) % 3 or 3
    return term, " ".join([term[:head], *(term[i : i + 3] for i in range(head, len(term), 3))])


def fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each folded character (plus one past the end), its position in `text`."""
    if text.isascii():
        return text.lower(), list(range(len(text) + 1))
    folded = fold_in_place(text)
    if folded is not None:  # each character folded to one (nearly always): the places stay
        return folded, list(range(len(text) + 1))
    parts: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        origin.extend([i] * len(folded))
    origin.append(len(text))
    return "".join(parts), origin


def term_spans(text: str, only: Container[str] | None = None) -> list[Span]:
    """The terms of `text` with their places in it (grouped numbers as one span as well); of
    the terms in `only`, when given (a snippet marks a few of its fifty words)."""
    folded, origin = fold_map(_without_markers(text))

    def spans() -> Iterator[Span]:
        for m in _TERM.finditer(folded):
            if only is None or m.group() in only:
                yield Span(m.group(), origin[m.start()], origin[m.end() - 1] + 1)
        for m in _GROUPED_NUMBER.finditer(folded):
            joined = m.group().replace(" ", "")
            if only is None or joined in only:
                yield Span(joined, origin[m.start()], origin[m.end() - 1] + 1)

    return sorted(spans(), key=lambda s: (s.start, -s.end))


def one_line(text: str) -> str:
    """Footnote markers out, every run of white space one space: text to show in a list."""
    return _SPACE.sub(" ", MARKER.sub("", text)).strip()
