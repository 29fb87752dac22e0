"""The citation grammar: how parliamentary papers cite each other, as a table of named patterns.

Each pattern has a name, the kind of document it cites, a regular expression built from the
named parts below, the function that turns a match into canonical keys (store/formats.py;
the official identifier shapes), and real examples with the keys each must give
(tests/test_citations.py checks every one). Patterns are tried in table order; a later
pattern never claims text an earlier one matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from store import formats
from store.model import RefKind

# --- the parts ---------------------------------------------------------------------------
_S = r"[ \t\n]"  # white space, line breaks included: PDF text breaks citations across lines
SEP = rf"{_S}*,?{_S}*"  # an optional comma between parts
YEAR = r"(?P<year>(?:19|20)\d\d[ ]?[-–/][ ]?(?:(?:19|20)\d\d|\d\d))"  # 2018-2019, 2018–2019, 2019/20
CHAMBER = r"(?:II|I|TK|EK)"
# A dossier: five digits, often written "19 637"; a suffix for budget chapters and
# sub-dossiers ("36600-VI", "35 000 VI", "21 501-02"); sometimes a rijkswet number "(R2064)".
# A budget chapter may be written out: "29 200 hoofdstuk VII" is dossier 29200-VII.
DOSSIER = (
    rf"(?<![\d-])\d\d[ ]?\d{{3}}(?!\d)(?:(?:-|[ ])(?:[IVXLC]+|[A-Z]|\d\d)(?![\w-])|{_S}+hoofdstuk{_S}+[IVXLC]+\b)?"
    rf"(?:{_S}*\(R\d+\))?"
)
DOSSIERS = rf"(?P<dossiers>{DOSSIER}(?:{_S}*(?:/|\ben\b|,){_S}*{DOSSIER})*)"
# A letter after "en" is an Eerste Kamer number ("nrs. A en B"), not the start of the next
# citation ("nr. 102 en TK 2020-2021, ..."), which a year or dossier follows.
# A number may carry a letter ("nr. 17d").
NUMBERS = (
    r"(?P<nrs>(?:\d+[a-z]?|[A-Z]{1,2})(?:\b(?:[ ]*(?:,|en|&)[ ]*(?:\d+[a-z]?|(?!(?:TK|EK)\b)[A-Z]{1,2}\b(?![ ]*\d))))*)"
)
# Older papers say "zitting" where newer ones say "vergaderjaar".
SESSION = r"(?:vergaderjaar|zitting)"
NR = rf"nrs?\.?{_S}*{NUMBERS}"
KAMERSTUK_PREFIX = (
    rf"(?:Kamerstuk(?:ken)?(?:{_S}+{CHAMBER}\b)?|(?:Tweede|Eerste){_S}+Kamer(?:stuk(?:ken)?)?|\b(?:TK|EK)\b)"
)
ANSWER_NUMBERS = r"(?P<nums>\d{1,3}(?:[ ]*(?:,|en|t/m|–|-)[ ]*\d{1,3}\b)*)"


@dataclass(frozen=True)
class CitationMatch:
    """One cited document where the grammar found it in a text: its kind, key and offsets."""

    kind: RefKind
    key: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Pattern:
    name: str
    kind: RefKind
    regex: re.Pattern[str]
    keys: Callable[[re.Match[str]], list[tuple[str, int, int]]]  # (key, start, end) per cited document
    examples: tuple[tuple[str, tuple[str, ...]], ...]  # real texts, and the keys each gives
    # Words without which the pattern cannot match: a cheap test that skips the regex.
    needs: tuple[str, ...] = ()
    # Every citation but a web address names a number; most paragraphs have no digit at all.
    numbered: bool = True


# --- keys -------------------------------------------------------------------------------------


def _dossier_parts(dossier: str) -> tuple[str, str | None]:
    dossier = re.sub(r"\s*\(R\d+\)", "", dossier).strip()
    m = re.match(r"(\d\d)[ ]?(\d{3})(?:(?:-|\s+hoofdstuk\s+|[ ])(\S+))?$", dossier)
    assert m, dossier
    return m.group(1) + m.group(2), m.group(3)


def _first_dossier(dossiers: str) -> str:
    return re.split(rf"{_S}*(?:/|\ben\b|,){_S}*(?=\d)", dossiers.strip())[0]


def kamerstuk_key(dossier: str, nr: str) -> str:
    number, suffix = _dossier_parts(dossier)
    return formats.kamerstuk_key(number, nr, suffix)


def _numbers_with_spans(m: re.Match[str], group: str) -> list[tuple[str, int, int]]:
    out = []
    for n in re.finditer(r"\d+[a-z]?|[A-Z]{1,2}\b", m.group(group)):
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
    """`h-tk-20182019-27`: the meeting, as the contract keys a citation of the Handelingen, also
    where an item is named ("nr. 27, item 10"); the items of a meeting are known by its key too
    (store/links.document_keys), so the citation finds them."""
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
        "kamerstuk key", "kamerstuk", _p(r"\bkst-\d{5}(?:-[A-Z0-9]{1,5})?-[A-Za-z0-9]+\b"), _literal,
        (("officiële HTML versie (kst-19637-2535)", ("kst-19637-2535",)),
         ("zie kst-36600-VI-102 en kst-35300-D", ("kst-36600-VI-102", "kst-35300-D"))),
        needs=("kst-",),
    ),
    Pattern(
        "aanhangsel key", "aanhangsel", _p(r"\bah-(?:tk|ek)-\d{8}-\d+\b"), _literal,
        (("zie ah-tk-20182019-811", ("ah-tk-20182019-811",)), ("ah-ek-20192020-12.", ("ah-ek-20192020-12",))),
        needs=("ah-",),
    ),
    Pattern(
        "kamervragen key", "kamervragen", _p(r"\bkv-(?:tk|ek)-\d{4}Z\d{5}\b"), _literal,
        (("kv-tk-2024Z18775", ("kv-tk-2024Z18775",)), ("(zie kv-tk-2024Z18436)", ("kv-tk-2024Z18436",))),
        needs=("kv-",),
    ),
    Pattern(
        "aanhangsel", "aanhangsel",
        _p(rf"Aanhangsel(?:{_S}+(?:van{_S}+de{_S}+)?Handelingen)?(?P<chamber>{SEP}{CHAMBER}\b)?{SEP}"
           rf"(?:{SESSION}{_S}+)?{YEAR}{SEP}nr\.?{_S}*(?P<nr>\d+)"),
        _aanhangsel,
        (("Zie ook Aanhangsel Handelingen, vergaderjaar 2018–2019, nr. 665.", ("ah-tk-20182019-665",)),
         ("Zie ook Aanhangsel Handelingen,vergaderjaar 2024–2025, nr. 528.", ("ah-tk-20242025-528",)),
         ("Aanhangsel Handelingen I 2019/20, nr. 12", ("ah-ek-20192020-12",))),
        needs=("Aanhangsel",),
    ),
    Pattern(
        "handelingen", "handelingen",
        _p(rf"Handelingen(?P<chamber>{SEP}{CHAMBER}\b)?{SEP}(?:{SESSION}{_S}+)?{YEAR}{SEP}nr\.?{_S}*(?P<nr>\d+)"
           rf"(?:{SEP}item{_S}*(?P<item>\d+))?(?:{SEP}(?:p|blz)\.?{_S}*\d+(?:[-–]\d+)?)?"),
        _handelingen,
        (("Handelingen II 2018/2019, nr. 27, item 10, p. 14.", ("h-tk-20182019-27",)),
         ("2Handelingen II, vergaderjaar 2024–2025, nr. 8", ("h-tk-20242025-8",)),
         ("Handelingen I 2019/20, nr. 12, item 5", ("h-ek-20192020-12",))),
        needs=("Handelingen",),
    ),
    Pattern(
        "handelingen after the chamber", "handelingen",
        _p(rf"(?P<chamber>(?:Tweede|Eerste){_S}+Kamer(?:stuk(?:ken)?)?){SEP}(?:{SESSION}{_S}+)?{YEAR}{SEP}"
           rf"Handelingen{SEP}nr\.?{_S}*(?P<nr>\d+)"),
        _handelingen,
        (("Tweede Kamerstuk, vergaderjaar 2017–2018, Handelingen, nr. 17", ("h-tk-20172018-17",)),
         ("Eerste Kamer, vergaderjaar 2022–2023, Handelingen, nr. 29", ("h-ek-20222023-29",))),
        needs=("Handelingen",),
    ),
    Pattern(
        "kamerstuk", "kamerstuk",
        _p(rf"{KAMERSTUK_PREFIX}(?:{SEP}(?:{SESSION}{_S}+)?{YEAR})?{SEP}{DOSSIERS}{SEP}{NR}"),
        _kamerstuk,
        (("Kamerstukken II, 2024-2025, 32 317, nr. 890.", ("kst-32317-890",)),
         ("2Kamerstukken II 2024/25, 19 637, nr. 3308", ("kst-19637-3308",)),
         ("Kamerstukken II 2003/04, 29 200 hoofdstuk VII, nr. 4", ("kst-29200-VII-4",)),
         ("Kamerstukken II, zitting 1983–1984, 18 100 VI, nr. 17d", ("kst-18100-VI-17d",))),
        needs=("nr",),
    ),
    Pattern(
        "kamerstuk of the Eerste Kamer by its letter", "kamerstuk",
        _p(rf"(?:Kamerstuk(?:ken)?{_S}+(?:I|EK)\b|Eerste{_S}+Kamer(?:stuk(?:ken)?)?){SEP}(?:(?:{SESSION}{_S}+)?{YEAR}{SEP})?"
           rf"(?P<dossiers>{DOSSIER}){SEP}(?P<nrs>[A-Z]{{1,2}})\b(?![\w-])"),
        _kamerstuk,
        (("Kamerstukken I 2019/20, 35 300, D", ("kst-35300-D",)),
         ("Kamerstukken I 2021/22, 35 925, E.", ("kst-35925-E",))),
        needs=("Eerste", "I"),
    ),
    Pattern(
        "kamerstuk without a prefix", "kamerstuk",
        _p(rf"{DOSSIERS}{SEP}{NR}"),
        _kamerstuk,
        (("34 356 (R2064), nr. 3", ("kst-34356-3",)), ("(vgl. 21 501-02, nr. 2732)", ("kst-21501-02-2732",))),
        needs=("nr",),
    ),
    Pattern(
        "staatsblad", "staatsblad",
        _p(rf"(?:Stb\.?|Staatsblad){_S}*(?P<y>(?:19|20)\d\d){SEP}(?:nr\.?{_S}*)?(?P<n>\d+)"),
        _whole("stb-", "y", "n"),
        (("(Stb. 2019, 143)", ("stb-2019-143",)),
         ("2Stb. 2024, 153, het inwerkingtredingsbesluit", ("stb-2024-153",))),
        needs=("Stb", "Staatsblad"),
    ),
    Pattern(
        "staatscourant", "staatscourant",
        _p(rf"(?:Stcrt\.?|Staatscourant){_S}*(?P<y>(?:19|20)\d\d){SEP}(?:nr\.?{_S}*)?(?P<n>\d+)"),
        _whole("stcrt-", "y", "n"),
        (("Stcrt. 2019, 12345", ("stcrt-2019-12345",)), ("Staatscourant 2023, nr. 1711", ("stcrt-2023-1711",))),
        needs=("Stcrt", "Staatscourant"),
    ),
    Pattern("zaak", "zaak", _p(r"\b(?:19|20)\d\dZ\d{5}\b"), _literal,
            (("(Ingezonden 12 mei 2022, 2022Z09230)", ("2022Z09230",)),
             ("(vraagnummer 2024Z14814).", ("2024Z14814",))), needs=("Z",)),
    Pattern("document", "document", _p(r"\b(?:19|20)\d\dD\d{5}\b"), _literal,
            (("Nummer: 2019D40742, datum", ("2019D40742",)),
             ("32024Z15585/2024D37938", ("2024D37938",))), needs=("D",)),
    Pattern("web address", "url", _p(r"(?:https?://|(?<![\w/.])www\.)[^\s<>\"«»]+"), _url,
            (("raadpleegbaar via https://nos.nl/l/2279584).", ("url:https://nos.nl/l/2279584",)),
             ("(www.rtvnoord.nl/politiek/1221721/ggd-arts).", ("url:www.rtvnoord.nl/politiek/1221721/ggd-arts",))),
            needs=("http", "www."), numbered=False),
    Pattern(
        "answer to a question", "answer",
        _p(rf"(?:(?:[Zz]ie{_S}+(?:ook{_S}+)?)?(?:(?:het|de){_S}+)?(?:[Aa]ntwoord(?:en)?|[Bb]eantwoording)"
           rf"{_S}+(?:(?:op|van){_S}+)?(?:de{_S}+)?vra(?:ag|gen){_S}+){ANSWER_NUMBERS}"),
        _answers,
        (("Zie het antwoord op vraag 19.", ("qa:19",)),
         ("Zoals aangegeven in het antwoord op vraag 7, zal", ("qa:7",))),
        needs=("ntwoord", "eantwoording"),
    ),
    Pattern(
        "answer by its number", "answer",
        _p(rf"[Zz]ie{_S}+(?:ook{_S}+)?(?:het{_S}+)?antwoord{_S}+{ANSWER_NUMBERS}"),
        _answers, (("(zie antwoord 4)", ("qa:4",)), ("Zie antwoord 2 en 3.", ("qa:2", "qa:3"))), needs=("ntwoord",),
    ),
)


_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def scan(text: str) -> list[CitationMatch]:
    """Every citation in `text`, in order; each cited document is one CitationMatch."""
    taken: list[tuple[int, int]] = []
    found: list[CitationMatch] = []
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
            # square of a long list of numbers.
            for key, s, e in keyed:
                found.append(CitationMatch(pattern.kind, key, _SPACES.sub(" ", text[s:e]).strip(), s, e))
    return sorted(found, key=lambda c: (c.start, c.end))
