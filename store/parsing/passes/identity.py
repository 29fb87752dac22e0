"""A document's id: the identifier it prints, so it is stable and guessable.

In order: the official identifier printed on the document (`ah-tk-20242025-594` at a page
foot, `kv-tk-2024Z18775`; a corrected version `…-n1` has the id of what it corrects), the
Kamerstuk (`kst-19637-2535`, sub-dossier kept: `kst-36200-VI-99`), for questions not yet
answered `kv-tk-{zaak}`, the parliament's document number (`2019D40742`), for answers to
written questions the zaak of the questions (`2022Z09230`), the ministry's kenmerk
(`kenmerk-3963666`); and where the document names none of these, a name made from its title
(`doc-brief-over-de-migratieagenda`): never from the file's name or a page number, which say
nothing of the document.
"""

from __future__ import annotations

import re
import unicodedata

from store.formats import kamerstuk_key, kamervragen_key, work_key
from store.model import Identifiers

# What an id may hold: it is typed on command lines, names places (`ID#qa-3`: a `#` in an id
# would make it a place that cannot be opened or bookmarked) and becomes a file name.
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._~-]+")
_SLUG_LENGTH = 80  # characters of a title's slug, cut at a word


def document_id(kind: str, ids: Identifiers, title: str, printed: str | None = None) -> str:
    """The id of a document; only ASCII letters, digits and `. _ ~ -`, whatever it prints."""
    made = _chosen_id(kind, ids, title, printed)
    return _NOT_IN_ID.sub("-", made).strip("-") or "document"


def _chosen_id(kind: str, ids: Identifiers, title: str, printed: str | None) -> str:
    if printed:
        # Trap: a corrected version prints `kst-…-n1`; it replaces the one without, so it keeps its id.
        return work_key(printed)
    if ids.ondernummer and ids.dossiers:
        dossier, _, suffix = ids.dossiers[0].partition("-")
        return kamerstuk_key(dossier, ids.ondernummer, suffix or None)
    if kind == "vragen" and ids.zaak:
        return kamervragen_key(ids.zaak)
    if ids.document:
        return ids.document
    if kind in ("antwoord", "mededeling") and ids.zaak:
        return ids.zaak
    if ids.kenmerk:
        return f"kenmerk-{ids.kenmerk}"
    return f"doc-{slug(title)}"


def slug(text: str, length: int = _SLUG_LENGTH) -> str:
    """ "Brief van de minister over de migratieagenda" -> "brief-van-de-minister-over-de-migratieagenda"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = ""
    for word in re.findall(r"[A-Za-z0-9]+", ascii_text.lower()):
        if made and len(made) + 1 + len(word) > length:
            break
        made = f"{made}-{word}" if made else word[:length]
    return made or "document"
