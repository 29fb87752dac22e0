"""A document's id: its official identifier where the text names one, so it is stable and guessable.

In order: the Kamerstuk (`kst-19637-2535`, dossier suffix kept: `kst-36600-VI-102`), the
Aanhangsel (`ah-tk-20182019-811`), the parliament's document number (`2019D40742`), for
answers to written questions the zaak of the questions (`2022Z09230`), the ministry's
kenmerk (`kenmerk-3963666`), else a name made from the file name (`doc-<stem>`).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from store.model import Identifiers

# What an id may hold: it is typed on command lines, names places (`ID#qa-3`: a `#` in an id
# would make it a place that cannot be opened or bookmarked) and becomes a file name.
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._~-]+")


def document_id(kind: str, ids: Identifiers, source: str, aanhangsel: str | None = None) -> str:
    """The id of a document; only ASCII letters, digits and `. _ ~ -`, whatever it prints."""
    made = _printed_id(kind, ids, source, aanhangsel)
    return _NOT_IN_ID.sub("-", made).strip("-") or "document"


def _printed_id(kind: str, ids: Identifiers, source: str, aanhangsel: str | None) -> str:
    if ids.ondernummer and ids.dossiers:
        return f"kst-{ids.dossiers[0]}-{ids.ondernummer}"
    if aanhangsel:
        return aanhangsel
    if ids.document:
        return ids.document
    if kind == "antwoord" and ids.zaak:
        return ids.zaak
    if ids.kenmerk:
        return f"kenmerk-{ids.kenmerk}"
    stem = re.sub(r"[^A-Za-z0-9]+", "-", PurePath(source).stem).strip("-").lower()
    return f"doc-{stem or 'document'}"
