"""The small formats kamerlezer writes and reads everywhere, each defined once.

- the footnote marker in block text: `[^N]`;
- the anchor of a place inside a document: `qa-19`, `fn-2`, `sec-3`, `p-12`;
- the canonical keys of official documents: `kst-36600-VI-102`, `ah-tk-20182019-811`,
  `ah-ek-…`, `kv-tk-2024Z18775`, `h-tk-20192020-1-1`, `h-ek-…`, `stb-2018-84`, `stcrt-…`;
- the kinds of documents and of references, with the words the reader and the command
  line show for them.

store/ (parsing, search, the user's data), tui/ and the command line all use these, so a
marker the parser writes is the marker the reader links and the search index skips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# -- footnote markers ----------------------------------------------------------------------

# A note's mark: digits, ASCII letters, the signs typesetters use for notes, and the joiners
# of a Markdown footnote name ("[^abc-d]"); never a space, a bracket, or a `#` (a mark goes
# into an anchor, `fn-abc-d`, and an anchor into a place, `ID#fn-abc-d`).
MARK = r"[0-9A-Za-z*†‡§¶][0-9A-Za-z*†‡§¶._-]{0,15}"
MARKER = re.compile(rf"\[\^({MARK})\]")
_MARK = re.compile(MARK)


def marker(mark: str) -> str:
    """The marker of note `mark` as it stands in block text."""
    return f"[^{mark}]"


def is_mark(text: str) -> bool:
    return _MARK.fullmatch(text) is not None


def mark_order(mark: str) -> tuple[int, int | str]:
    """Numbered notes in their order, then the others by name."""
    return (0, int(mark)) if mark.isdigit() and mark.isascii() else (1, mark)


# -- anchors -------------------------------------------------------------------------------

AnchorKind = Literal["qa", "fn", "sec", "p"]
# ASCII digits only: `\d` takes any script's digits ("p-²", "p-١"), which int() refuses or
# reads as another number than the one shown.
_ANCHOR = re.compile(rf"(qa|sec|p)-([0-9]{{1,9}})|fn-({MARK})", re.ASCII)
ANCHOR_HELP = "use qa-N, fn-N, sec-N or p-N"


class AnchorError(ValueError):
    """An anchor that is malformed or names a place the document does not have."""


@dataclass(frozen=True)
class Anchor:
    """A place inside a document: the answer to question N (`qa`), footnote N (`fn`, whose
    value is the note's mark), the N-th section (`sec`), the N-th block (`p`). Numbers count
    from 1."""

    kind: AnchorKind
    value: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        m = _ANCHOR.fullmatch(text)
        if m is None:
            raise AnchorError(f"unknown anchor {text!r}: {ANCHOR_HELP}")
        if m.group(3) is not None:
            return cls("fn", m.group(3))
        return cls(m.group(1), str(int(m.group(2))))  # type: ignore[arg-type]

    @classmethod
    def answer(cls, number: int) -> Anchor:
        return cls("qa", str(number))

    @classmethod
    def note(cls, mark: str) -> Anchor:
        return cls("fn", mark)

    @classmethod
    def section(cls, number: int) -> Anchor:
        return cls("sec", str(number))

    @classmethod
    def block(cls, index: int) -> Anchor:
        """The anchor naming exactly block `index` (counted from 0)."""
        return cls("p", str(index + 1))

    @property
    def number(self) -> int:
        """The number of a `qa`, `sec` or `p` anchor (ValueError for a footnote's mark)."""
        if self.kind == "fn":
            raise ValueError(f"{self} names a footnote by its mark")
        return int(self.value)

    def __str__(self) -> str:
        return f"{self.kind}-{self.value}"


def anchor_of(text: str | None) -> Anchor | None:
    """The anchor `text` names, or None when it names none (or is not one)."""
    if not text:
        return None
    try:
        return Anchor.parse(text)
    except AnchorError:
        return None


# -- canonical keys ------------------------------------------------------------------------

Chamber = Literal["tk", "ek"]


def vergaderjaar_digits(year: str) -> str:
    """ "2018–2019", "2019/20", "2018/2019", "2018-2019" -> "20182019"."""
    first, second = re.split(r"\s*[-–/]\s*", year.strip())
    if len(second) == 2:
        second = first[:2] + second
    return first + second


def vergaderjaar(year: str) -> str:
    """The vergaderjaar as the identifiers show it: "2024-2025"."""
    digits = vergaderjaar_digits(year)
    return f"{digits[:4]}-{digits[4:]}"


def kamerstuk_key(dossier: str, nr: str, suffix: str | None = None) -> str:
    """`kst-36600-VI-102`: the dossier (five digits), its sub-dossier if any, the number."""
    return f"kst-{dossier}-{suffix.upper()}-{nr}" if suffix else f"kst-{dossier}-{nr}"


def aanhangsel_key(chamber: Chamber, year: str, nr: str | int) -> str:
    return f"ah-{chamber}-{vergaderjaar_digits(year)}-{nr}"


def kamervragen_key(zaak: str, chamber: Chamber = "tk") -> str:
    return f"kv-{chamber}-{zaak}"


def handelingen_key(chamber: Chamber, year: str, meeting: str | int, item: str | int | None = None) -> str:
    base = f"h-{chamber}-{vergaderjaar_digits(year)}-{meeting}"
    return f"{base}-{item}" if item is not None else base


def staatsblad_key(year: str | int, nr: str | int) -> str:
    return f"stb-{year}-{nr}"


def staatscourant_key(year: str | int, nr: str | int) -> str:
    return f"stcrt-{year}-{nr}"


def chamber_of(text: str) -> Chamber:
    """ "II", "Tweede Kamer", "TK" -> tk; "I", "Eerste Kamer", "EK" -> ek."""
    return "ek" if re.search(r"\b(?:I|EK|Eerste)\b", text) else "tk"


# The official identifiers (the shapes the official repository uses), for recognising a key.
KEY = re.compile(
    r"kst-\d{5}(?:-[A-Z0-9]{1,5})?-[A-Z0-9]+(?:-b\d+)?(?:-[hn]\d+)?|kst-\d{5}-[A-Z]{1,2}"
    r"|ah-(?:tk|ek)-\d{8}-\d+(?:-[hn]\d+)?|kv-(?:tk|ek)-\d{4}Z\d{5}|kv-\d+"
    r"|h-(?:tk|ek)-\d{8}-\d+(?:-\d+)?(?:-n\d+)?|stb-\d{4}-\d+|stcrt-\d{4}-\d+"
)


def is_key(text: str) -> bool:
    return KEY.fullmatch(text) is not None


# The Tweede Kamer's own numbers: a zaak (`2022Z09230`: the questions, the answer, a
# Mededeling belong to it) and a document (`2019D40742`); and a dossier as a follow or a search
# names it (`36600`, `36600-VI`, `21501-02`).
ZAAK_NUMBER = re.compile(r"\d{4}Z\d{5}", re.IGNORECASE)
DOCUMENT_NUMBER = re.compile(r"\d{4}D\d{5}", re.IGNORECASE)
DOSSIER_NUMBER = re.compile(r"\d{5}(?:-[A-Z0-9]{1,5})?")


def is_zaak_number(text: str) -> bool:
    return ZAAK_NUMBER.fullmatch(text.strip()) is not None


def is_document_number(text: str) -> bool:
    return DOCUMENT_NUMBER.fullmatch(text.strip()) is not None


# A corrected version (`-n1`, a "nieuwe versie") or a reprint (`-h1`, a "herdruk") of a publication
# replaces the one without the suffix: it is the same document, read again.
_VERSIONED = re.compile(r"(?P<work>.+)-(?P<kind>[hn])(?P<n>\d+)")


def work_key(key: str) -> str:
    """ "kst-36600-VI-102-n1" -> "kst-36600-VI-102": the document a version is a version of."""
    m = _VERSIONED.fullmatch(key)
    return m.group("work") if m and is_key(m.group("work")) else key


def version_of(key: str) -> int:
    """ "ah-tk-20192020-2134-n2" -> 2; 0 for the first publication. A reprint (`-h1`) counts as
    a version too, so that either replaces what came before."""
    m = _VERSIONED.fullmatch(key)
    return int(m.group("n")) if m and is_key(m.group("work")) else 0


OFFICIAL_SITE = "https://zoek.officielebekendmakingen.nl"
_CHAMBER_NUMERAL = {"tk": "II", "ek": "I"}
_KST = re.compile(r"kst-(\d{5})(?:-([A-Z0-9]{1,5}))?-([A-Z0-9]+)(?:-b(\d+))?")
_AH = re.compile(r"ah-(tk|ek)-(\d{4})(\d{4})-(\d+)(?:-([hn]\d+))?")
_KV = re.compile(r"kv-(?:(tk|ek)-)?(\w+)")
_H = re.compile(r"h-(tk|ek)-(\d{4})(\d{4})-(\d+)(?:-(\d+))?(?:-(n\d+))?")
_GAZETTE = re.compile(r"(stb|stcrt)-(\d{4})-(\d+)")


def _dossier(digits: str) -> str:
    """ "19637" -> "19 637", as a dossier number is written."""
    return f"{digits[:-3]} {digits[-3:]}"


def _year(first: str, second: str) -> str:
    """ "2018", "2019" -> "2018/19", as a vergaderjaar is written in a citation."""
    return f"{first}/{second[2:]}"


def citation_of(key: str) -> str | None:
    """The citation of an official key as people write it; None for what is not a key (a zaak
    or kenmerk id):

        kst-19637-2535          Kamerstuk 19 637, nr. 2535
        kst-36600-VI-102        Kamerstuk 36 600 VI, nr. 102
        kst-36600-A             Kamerstuk 36 600, A        (an Eerste Kamer letter)
        ah-tk-20182019-811      Aanhangsel Handelingen II 2018/19, nr. 811
        kv-tk-2024Z18775        Kamervragen 2024Z18775     (kv-ek-: Kamervragen I)
        h-tk-20192020-1-1       Handelingen II 2019/20, nr. 1, item 1
        stb-2018-84             Stb. 2018, 84              (stcrt-: Stcrt.)
    """
    if not is_key(key):
        return None
    if m := _KST.fullmatch(key):
        dossier, sub, nr, bijlage = m.groups()
        number = nr if nr.isalpha() else f"nr. {nr}"  # an Eerste Kamer letter has no "nr."
        where = f"Kamerstuk {_dossier(dossier)}{f' {sub}' if sub else ''}, {number}"
        return f"{where}, bijlage {bijlage}" if bijlage else where
    if m := _AH.fullmatch(key):
        chamber, first, second, nr, part = m.groups()
        where = f"Aanhangsel Handelingen {_CHAMBER_NUMERAL[chamber]} {_year(first, second)}, nr. {nr}"
        return f"{where}, {part}" if part else where
    if m := _H.fullmatch(key):
        chamber, first, second, nr, item, part = m.groups()
        where = f"Handelingen {_CHAMBER_NUMERAL[chamber]} {_year(first, second)}, nr. {nr}"
        where += f", item {item}" if item else ""
        return f"{where}, {part}" if part else where
    if m := _KV.fullmatch(key):
        chamber, number = m.groups()
        return f"Kamervragen I {number}" if chamber == "ek" else f"Kamervragen {number}"
    if m := _GAZETTE.fullmatch(key):
        paper, year, nr = m.groups()
        return f"{'Stb.' if paper == 'stb' else 'Stcrt.'} {year}, {nr}"
    return None


def address_of(key: str) -> str | None:
    """The official address of a key's document (`https://zoek.officielebekendmakingen.nl/KEY.html`);
    None for what is not an official key: a zaak or kenmerk id has no address of its own."""
    return f"{OFFICIAL_SITE}/{key}.html" if is_key(key) else None


# -- kinds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindInfo:
    name: str  # as a document's kind says it: "Aanhangsel Handelingen"
    tag: str  # five characters, for a line of the tree: "aanh."
    group: str  # documents of the kind, as a group: "Aanhangsels"
    # Its side of written questions: "puts" them (not yet answered), "answers" them (or says
    # the answer comes later), or neither. Questions and answers are linked (store/links.py).
    questions: str = ""


DOCUMENT_KINDS: dict[str, KindInfo] = {
    "kamerbrief": KindInfo("Kamerbrief", "brief", "Kamerbrieven"),
    "antwoord": KindInfo("Antwoorden op Kamervragen", "antw.", "Antwoorden", "answers"),
    "aanhangsel": KindInfo("Aanhangsel Handelingen", "aanh.", "Aanhangsels", "answers"),
    "vragen": KindInfo("Kamervragen (nog niet beantwoord)", "vrag.", "Kamervragen", "puts"),
    "mededeling": KindInfo("Mededeling (uitstel van antwoord)", "meded", "Mededelingen", "answers"),
    "schriftelijk-overleg": KindInfo("Schriftelijk overleg", "s.o. ", "Schriftelijk overleg"),
    "kamerstuk": KindInfo("Kamerstuk", "kst. ", "Kamerstukken"),
    "handelingen": KindInfo("Handelingen", "hand.", "Handelingen"),
    "staatsblad": KindInfo("Staatsblad", "stb. ", "Staatsblad"),
    "other": KindInfo("Document", "ander", "Other documents"),
}

REFERENCE_KINDS: dict[str, str] = {
    "kamerstuk": "Kamerstuk",
    "aanhangsel": "Aanhangsel Handelingen",
    "kamervragen": "Kamervragen",
    "handelingen": "Handelingen",
    "staatsblad": "Staatsblad",
    "staatscourant": "Staatscourant",
    "zaak": "zaak",
    "document": "document",
    "url": "web address",
    "answer": "answer",
    "title": "document named by title",
}


def kind_info(kind: str) -> KindInfo:
    """What to call a document's kind (a kind of a newer kamerlezer is shown as it is)."""
    return DOCUMENT_KINDS.get(kind) or KindInfo(kind, kind[:5].ljust(5), kind)


def reference_kind_name(kind: str) -> str:
    return REFERENCE_KINDS.get(kind, kind)
