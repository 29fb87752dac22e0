"""What parliamentary papers print about themselves, as patterns and small readers.

The zaak (`2024Z18294`, also printed `2024Z 17972`), the document number (`2019D40742`),
the official identifier at a page foot (`ah-tk-20242025-594`, `kv-tk-2024Z18775`), the
vergaderjaar, "(ingezonden 14 november 2024)" and "(ontvangen 20 november 2024)", who asked
("Vragen van de leden Rooderkerk en Paulusma (beiden D66) aan de …") and who answered
("Antwoord van Minister Bruins (Onderwijs, Cultuur en Wetenschap)"). Families' metadata
rules are made of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from store.formats import KEY, vergaderjaar
from store.parsing.passes.dates import parse_date

ZAAK = re.compile(r"\b(?:19|20)\d\dZ\d{5}\b")
# A zaak number alone on a line, as answer letters and the official prints put it at the top;
# a space may fall after the Z ("2024Z 17972").
ZAAK_LINE = re.compile(r"^\s*(?P<year>(?:19|20)\d\d)\s?Z\s?(?P<nr>\d{5})\s*$", re.M)
DOCUMENT_NR = re.compile(r"\b(?:19|20)\d\dD\d{5}\b")
PRINTED_ID = re.compile(rf"^\s*(?P<id>{KEY.pattern})\s*$", re.M)
VERGADERJAAR = re.compile(r"[Vv]ergaderjaar\s+(?P<year>(?:19|20)\d\d\s*[–-]\s*(?:19|20)\d\d)")
SENT = re.compile(r"\(\s*ingezonden\s+(?P<date>[^)]{6,30}?)\s*\)", re.I)
RECEIVED = re.compile(r"\(\s*ontvangen\s+(?P<date>[^)]{6,30}?)\s*\)", re.I)
# "Vragen van het lid X (Party) aan de Minister … over …"; "Mondelinge vragen van …"; the
# askers end where the addressee starts ("aan de", "aan het"), or at "over" or the date.
ASKERS = re.compile(
    r"(?:^|\b)(?:Mondelinge\s+)?[Vv]ragen\s+van\s+(?:het\s+lid|de\s+leden|lid)\s+(?:lid\s+)?(?P<who>.+?)"
    r"\s+(?=aan\s+(?:de|het|)\s*[A-Za-z]|over\s|\(ingezonden)",
    re.S,
)
# "Antwoord van Staatssecretaris Van Marum (Binnenlandse Zaken en Koninkrijksrelaties) en van
# Minister Hermans (Klimaat en Groene Groei) (ontvangen 18 november 2024)": who, up to the date.
ANSWERED_BY = re.compile(
    r"(?:^|(?<=[.)]\s))(?P<what>Antwoord|Mededeling)\s+van\s+(?:de\s+)?(?P<who>(?:minister|staatssecretaris|staatssecretarissen|"
    r"ministers|minister-president)\b.*?)\s*(?:\(\s*ontvangen|\.\s+Zie ook|\s*$)",
    re.M | re.I,
)


def zaak_in(text: str) -> str | None:
    """The zaak on a line of its own near the top, else the first zaak named at all."""
    m = ZAAK_LINE.search(text)
    if m:
        return f"{m.group('year')}Z{m.group('nr')}"
    m = ZAAK.search(text)
    return m.group() if m else None


def printed_id(lines: Iterable[str]) -> str | None:
    """The official identifier a document prints on a line of its own (a PDF's page foot)."""
    for line in lines:
        m = PRINTED_ID.match(line)
        if m:
            return m.group("id")
    return None


def vergaderjaar_in(text: str) -> str | None:
    m = VERGADERJAAR.search(text)
    return vergaderjaar(m.group("year")) if m else None


def sent_date(text: str) -> str | None:
    m = SENT.search(text)
    return parse_date(m.group("date")) if m else None


def received_date(text: str) -> str | None:
    m = RECEIVED.search(text)
    return parse_date(m.group("date")) if m else None


def askers(text: str) -> str | None:
    """Who put the questions, with their parties: "Rooderkerk en Paulusma (beiden D66)"."""
    m = ASKERS.search(text)
    if not m:
        return None
    who = " ".join(m.group("who").split()).rstrip(",")
    return who or None


def answered_by(text: str) -> tuple[str, str] | None:
    """("Antwoord" or "Mededeling", who): "Minister Bruins (Onderwijs, Cultuur en Wetenschap)"."""
    m = ANSWERED_BY.search(text)
    if not m:
        return None
    return m.group("what"), " ".join(m.group("who").split())


def vergaderjaar_of_date(iso: str | None) -> str | None:
    """The vergaderjaar a date falls in, where that is certain: it starts on the third Tuesday
    of September, so a date in September says nothing."""
    if not iso:
        return None
    year, month = int(iso[:4]), int(iso[5:7])
    if month == 9:
        return None
    start = year if month >= 10 else year - 1
    return f"{start}-{start + 1}"
