"""The citation grammar: how parliamentary papers cite each other, as a table of named patterns.

Each pattern has a name, the kind of document it cites, a regular expression built from the
named parts below, the function that turns a match into canonical keys (see
../shared/spec/document-json.md), and a real example with the keys it must give
(tests/test_citations.py checks every one). Patterns are tried in table order; a later
pattern never claims text an earlier one matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from store import formats

# --- the parts ---------------------------------------------------------------------------
_S = r"[ \t\n]"  # white space, line breaks included: PDF text breaks citations across lines
SEP = rf"{_S}*,?{_S}*"  # an optional comma between parts
YEAR = r"(?P<year>(?:19|20)\d\d[ ]?[-–/][ ]?(?:(?:19|20)\d\d|\d\d))"  # 2018-2019, 2018–2019, 2019/20
CHAMBER = r"(?:II|I|TK|EK)"
# A dossier: five digits, often written "19 637"; a suffix for budget chapters and
# sub-dossiers ("36600-VI", "35 000 VI", "21 501-02"); sometimes a rijkswet number "(R2064)".
DOSSIER = rf"(?<![\d-])\d\d[ ]?\d{{3}}(?!\d)(?:(?:-|[ ])(?:[IVXLC]+|[A-Z]|\d\d)(?![\w-]))?(?:{_S}*\(R\d+\))?"
DOSSIERS = rf"(?P<dossiers>{DOSSIER}(?:{_S}*(?:/|\ben\b|,){_S}*{DOSSIER})*)"
# A letter after "en" is an Eerste Kamer number ("nrs. A en B"), not the start of the next
# citation ("nr. 102 en TK 2020-2021, ..."), which a year or dossier follows.
NUMBERS = r"(?P<nrs>(?:\d+|[A-Z]{1,2})(?:\b(?:[ ]*(?:,|en|&)[ ]*(?:\d+|(?!(?:TK|EK)\b)[A-Z]{1,2}\b(?![ ]*\d))))*)"
NR = rf"nrs?\.?{_S}*{NUMBERS}"
KAMERSTUK_PREFIX = (
    rf"(?:Kamerstuk(?:ken)?(?:{_S}+{CHAMBER}\b)?|(?:Tweede|Eerste){_S}+Kamer(?:stuk(?:ken)?)?|\b(?:TK|EK)\b)"
)
ANSWER_NUMBERS = r"(?P<nums>\d{1,3}(?:[ ]*(?:,|en|t/m|–|-)[ ]*\d{1,3}\b)*)"


@dataclass(frozen=True)
class Citation:
    kind: str
    key: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Pattern:
    name: str
    kind: str
    regex: re.Pattern[str]
    keys: Callable[[re.Match[str]], list[tuple[str, int, int]]]  # (key, start, end) per cited document
    example: str
    expected: tuple[str, ...]
    # Words without which the pattern cannot match: a cheap test that skips the regex.
    needs: tuple[str, ...] = ()
    # Every citation but a web address names a number; most paragraphs have no digit at all.
    numbered: bool = True


# --- keys -------------------------------------------------------------------------------------


def _dossier_parts(dossier: str) -> tuple[str, str | None]:
    dossier = re.sub(r"\s*\(R\d+\)", "", dossier).strip()
    m = re.match(r"(\d\d)[ ]?(\d{3})(?:(?:-|[ ])(\S+))?$", dossier)
    assert m, dossier
    return m.group(1) + m.group(2), m.group(3)


def _first_dossier(dossiers: str) -> str:
    return re.split(rf"{_S}*(?:/|\ben\b|,){_S}*(?=\d)", dossiers.strip())[0]


def kamerstuk_key(dossier: str, nr: str) -> str:
    number, suffix = _dossier_parts(dossier)
    return formats.kamerstuk_key(number, nr, suffix)


def _numbers_with_spans(m: re.Match[str], group: str) -> list[tuple[str, int, int]]:
    out = []
    for n in re.finditer(r"\d+|[A-Z]{1,2}\b", m.group(group)):
        out.append((n.group(), m.start(group) + n.start(), m.start(group) + n.end()))
    return out


def _spans(m: re.Match[str], keyed: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The first document cited spans the citation up to its number; the others their number."""
    out = []
    for i, (key, s, e) in enumerate(keyed):
        out.append((key, m.start(), e) if i == 0 else (key, s, e))
    return out


def _kamerstuk(m: re.Match[str]) -> list[tuple[str, int, int]]:
    dossier = _first_dossier(m.group("dossiers"))
    return _spans(m, [(kamerstuk_key(dossier, n), s, e) for n, s, e in _numbers_with_spans(m, "nrs")])


def _aanhangsel(m: re.Match[str]) -> list[tuple[str, int, int]]:
    key = formats.aanhangsel_key(formats.chamber_of(m.group("chamber") or ""), m.group("year"), m.group("nr"))
    return [(key, m.start(), m.end())]


def _handelingen(m: re.Match[str]) -> list[tuple[str, int, int]]:
    key = formats.handelingen_key(formats.chamber_of(m.group("chamber") or ""), m.group("year"), m.group("nr"))
    return [(key, m.start(), m.end())]


def _whole(prefix: str, *groups: str) -> Callable[[re.Match[str]], list[tuple[str, int, int]]]:
    def keys(m: re.Match[str]) -> list[tuple[str, int, int]]:
        return [(prefix + "-".join(m.group(g) for g in groups), m.start(), m.end())]

    return keys


def _literal(m: re.Match[str]) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end())]


_URL_TRAILING = ".,;:!?'\"”’»"


def _url(m: re.Match[str]) -> list[tuple[str, int, int]]:
    url = m.group()
    # Trailing punctuation ends the sentence, not the address; a ")" only belongs to it
    # when the address opened one.
    while url and (url[-1] in _URL_TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return [("url:" + url, m.start(), m.start() + len(url))] if "." in url else []


def _answers(m: re.Match[str]) -> list[tuple[str, int, int]]:
    """One link per number as written ("vragen 11, 12, 14"); a range links its two ends."""
    out = []
    seen: set[str] = set()
    for i, tok in enumerate(re.finditer(r"\d+", m.group("nums"))):
        key = f"qa:{int(tok.group())}"
        if key in seen:
            continue
        seen.add(key)
        s, e = m.start("nums") + tok.start(), m.start("nums") + tok.end()
        out.append((key, m.start() if i == 0 else s, e))
    return out


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "kamerstuk key", "kamerstuk", _p(r"\bkst-\d{5}(?:-[A-Z0-9]{1,5})?-[A-Z0-9]+\b"), _literal,
        "officiële HTML versie (kst-19637-2535)", ("kst-19637-2535",), needs=("kst-",),
    ),
    Pattern(
        "aanhangsel key", "aanhangsel", _p(r"\bah-(?:tk|ek)-\d{8}-\d+\b"), _literal,
        "zie ah-tk-20182019-811", ("ah-tk-20182019-811",), needs=("ah-",),
    ),
    Pattern(
        "aanhangsel", "aanhangsel",
        _p(rf"Aanhangsel(?:{_S}+(?:van{_S}+de{_S}+)?Handelingen)?(?P<chamber>{SEP}{CHAMBER}\b)?{SEP}"
           rf"(?:vergaderjaar{_S}+)?{YEAR}{SEP}nr\.?{_S}*(?P<nr>\d+)"),
        _aanhangsel, "Zie ook Aanhangsel Handelingen, vergaderjaar 2018–2019, nr. 665.", ("ah-tk-20182019-665",),
        needs=("Aanhangsel",),
    ),
    Pattern(
        "handelingen", "handelingen",
        _p(rf"Handelingen(?P<chamber>{SEP}{CHAMBER}\b)?{SEP}(?:vergaderjaar{_S}+)?{YEAR}{SEP}nr\.?{_S}*(?P<nr>\d+)"
           rf"(?:{SEP}item{_S}*\d+)?(?:{SEP}(?:p|blz)\.?{_S}*\d+(?:[-–]\d+)?)?"),
        _handelingen, "Handelingen II 2018/2019, nr. 27, item 10, p. 14.", ("h-tk-20182019-27",),
        needs=("Handelingen",),
    ),
    Pattern(
        "handelingen after the chamber", "handelingen",
        _p(rf"(?P<chamber>(?:Tweede|Eerste){_S}+Kamer(?:stuk(?:ken)?)?){SEP}(?:vergaderjaar{_S}+)?{YEAR}{SEP}"
           rf"Handelingen{SEP}nr\.?{_S}*(?P<nr>\d+)"),
        _handelingen, "Tweede Kamerstuk, vergaderjaar 2017–2018, Handelingen, nr. 17", ("h-tk-20172018-17",),
        needs=("Handelingen",),
    ),
    Pattern(
        "kamerstuk", "kamerstuk",
        _p(rf"{KAMERSTUK_PREFIX}(?:{SEP}(?:vergaderjaar{_S}+)?{YEAR})?{SEP}{DOSSIERS}{SEP}{NR}"),
        _kamerstuk, "Kamerstukken II, 2024-2025, 32 317, nr. 890.", ("kst-32317-890",), needs=("nr",),
    ),
    Pattern(
        "kamerstuk without a prefix", "kamerstuk",
        _p(rf"{DOSSIERS}{SEP}{NR}"),
        _kamerstuk, "34 356 (R2064), nr. 3", ("kst-34356-3",), needs=("nr",),
    ),
    Pattern(
        "staatsblad", "staatsblad",
        _p(rf"(?:Stb\.?|Staatsblad){_S}*(?P<y>(?:19|20)\d\d){SEP}(?:nr\.?{_S}*)?(?P<n>\d+)"),
        _whole("stb-", "y", "n"), "(Stb. 2019, 143)", ("stb-2019-143",), needs=("Stb", "Staatsblad"),
    ),
    Pattern(
        "staatscourant", "staatscourant",
        _p(rf"(?:Stcrt\.?|Staatscourant){_S}*(?P<y>(?:19|20)\d\d){SEP}(?:nr\.?{_S}*)?(?P<n>\d+)"),
        _whole("stcrt-", "y", "n"), "Stcrt. 2019, 12345", ("stcrt-2019-12345",), needs=("Stcrt", "Staatscourant"),
    ),
    Pattern("zaak", "zaak", _p(r"\b(?:19|20)\d\dZ\d{5}\b"), _literal, "(Ingezonden 12 mei 2022, 2022Z09230)",
            ("2022Z09230",), needs=("Z",)),
    Pattern("document", "document", _p(r"\b(?:19|20)\d\dD\d{5}\b"), _literal, "Nummer: 2019D40742, datum",
            ("2019D40742",), needs=("D",)),
    Pattern("web address", "url", _p(r"(?:https?://|(?<![\w/.])www\.)[^\s<>\"«»]+"), _url,
            "raadpleegbaar via https://nos.nl/l/2279584).", ("url:https://nos.nl/l/2279584",), needs=("http", "www."),
            numbered=False),
    Pattern(
        "answer to a question", "answer",
        _p(rf"(?:(?:[Zz]ie{_S}+(?:ook{_S}+)?)?(?:(?:het|de){_S}+)?(?:[Aa]ntwoord(?:en)?|[Bb]eantwoording)"
           rf"{_S}+(?:(?:op|van){_S}+)?(?:de{_S}+)?vra(?:ag|gen){_S}+){ANSWER_NUMBERS}"),
        _answers, "Zie het antwoord op vraag 19.", ("qa:19",), needs=("ntwoord", "eantwoording"),
    ),
    Pattern(
        "answer by its number", "answer",
        _p(rf"[Zz]ie{_S}+(?:ook{_S}+)?(?:het{_S}+)?antwoord{_S}+{ANSWER_NUMBERS}"),
        _answers, "(zie antwoord 4)", ("qa:4",), needs=("ntwoord",),
    ),
)


_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def scan(text: str) -> list[Citation]:
    """Every citation in `text`, in order; each cited document is one Citation."""
    taken: list[tuple[int, int]] = []
    found: list[Citation] = []
    has_digit = _DIGIT.search(text) is not None
    for pattern in PATTERNS:
        if (pattern.numbered and not has_digit) or (pattern.needs and not any(word in text for word in pattern.needs)):
            continue
        for m in pattern.regex.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            keyed = pattern.keys(m)
            if not keyed:
                continue
            taken.append((m.start(), m.end()))
            # Each cited document's own span as written ("Kamerstuk 36 600, nrs. 12" for the
            # first, "14" for the next): never the whole citation for each, which grows with the
            # square of a long list of numbers (20,000 numbers took 5 GB).
            for key, s, e in keyed:
                found.append(Citation(pattern.kind, key, _SPACES.sub(" ", text[s:e]).strip(), s, e))
    return sorted(found, key=lambda c: (c.start, c.end))
