"""What a reference points to, in words and as an address: for the status line and the panel."""

from __future__ import annotations

from collections.abc import Callable

from store.formats import reference_kind_name
from store.model import Reference
from tui.safe_text import one_line

OFFICIAL = "https://zoek.officielebekendmakingen.nl/"

TitleOf = Callable[[str], str | None]  # a document's title by its id; None when it is not in the library



def answer_anchor(ref: Reference) -> str | None:
    """For "zie het antwoord op vraag 19" (key `qa:19`): the anchor `qa-19` in the same document."""
    if ref.kind == "answer" and ref.key and ref.key.startswith("qa:"):
        number = ref.key[3:].split(",")[0].strip()
        if number.isdigit():
            return f"qa-{number}"
    return None


def cited_anchor(ref: Reference) -> str | None:
    """The place inside the cited document, where the citation names one ("..., antwoord op vraag 3")."""
    return ref.anchor


def official_address(ref: Reference) -> str | None:
    """The address a person can open for what is cited: the URL itself, or the official site."""
    if not ref.key:
        return None
    if ref.kind == "url" or ref.key.startswith("url:"):
        return ref.key.removeprefix("url:")
    if ref.kind == "answer":
        return None
    return OFFICIAL + ref.key


def copy_text(ref: Reference) -> str:
    """What `y` copies: the address, else the key, else the citation as written."""
    return official_address(ref) or ref.key or one_line(ref.text)


def describe(ref: Reference, title_of: TitleOf) -> str:
    """One line: what the reference is and whether it is in the library."""
    kind = reference_kind_name(ref.kind)
    if ref.kind == "answer":
        anchor = answer_anchor(ref)
        return f"answer in this document ({anchor})" if anchor else f"answer: {one_line(ref.text, 60)}"
    if ref.target:
        title = title_of(ref.target)
        shown = f"“{one_line(title, 60)}” ({ref.target})" if title else ref.target
        at = f", {ref.anchor}" if ref.anchor else ""
        return f"→ {shown}{at}"
    if ref.key:
        return f"{kind} {one_line(ref.key)} · not in the library"
    return f"“{one_line(ref.text, 60)}” · not in the library"
