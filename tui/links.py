"""What a reference points to, in words and as an address: for the status line and the panel."""

from __future__ import annotations

from collections.abc import Callable

from store.formats import address_of, is_key, reference_kind_name
from store.links import document_keys
from store.model import Document, Reference
from tui.safe_text import one_line

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


def is_web_address(ref: Reference) -> bool:
    return ref.kind == "url" or bool(ref.key and ref.key.startswith("url:"))


def official_address(ref: Reference) -> str | None:
    """The address a person can open for what is cited: the URL itself, or the official site's
    page of an official key. A zaak or kenmerk number has no page there: no address."""
    if not ref.key or ref.kind == "answer":
        return None
    if is_web_address(ref):
        return ref.key.removeprefix("url:")
    return address_of(ref.key)


def is_this_document(ref: Reference, doc: Document | None) -> bool:
    """A citation of the document it stands in (its own zaak or number, as a letter names its
    questions' zaak): not something missing from the library."""
    if doc is None:
        return False
    return ref.target == doc.id or (ref.key is not None and ref.key in document_keys(doc))


def fetchable(ref: Reference, doc: Document | None = None) -> str | None:
    """What fetching a reference asks the official sources for (its key, or a zaak or document
    number the open data knows), when the library does not have it; None else. `doc`: the
    document it stands in (its own zaak is not missing)."""
    # Imported here: store.fetch brings the HTTP client along, which start-up has no use for.
    from store.fetch.odata import is_document_number, is_zaak_number

    if ref.target or not ref.key or ref.kind == "answer" or is_web_address(ref) or is_this_document(ref, doc):
        return None
    key = ref.key.strip()
    return key if is_key(key) or is_zaak_number(key) or is_document_number(key) else None


def label(ref: Reference) -> tuple[str, str]:
    """The panel's title line as (the kind, the citation as written); no kind where the citation
    already starts with the kind's word ("Kamerstukken II 2019/20, …" is not "Kamerstuk Kamerstukken …")."""
    kind = reference_kind_name(ref.kind)
    text = one_line(ref.text)
    word = kind.split()[0].casefold() if kind.strip() else ""
    if word and text.casefold().startswith(word):
        return "", text
    return f"{kind[:1].upper()}{kind[1:]}", text


def copy_text(ref: Reference) -> str:
    """What `y` copies: the address, else the key, else the citation as written."""
    return official_address(ref) or ref.key or one_line(ref.text)


def describe(ref: Reference, title_of: TitleOf, doc: Document | None = None) -> str:
    """One line: what the reference is and whether it is in the library (`doc`: the document it
    stands in)."""
    kind = reference_kind_name(ref.kind)
    if ref.kind == "answer":
        anchor = answer_anchor(ref)
        return f"answer in this document ({anchor})" if anchor else f"answer: {one_line(ref.text, 60)}"
    if is_this_document(ref, doc):
        return "this document"
    if is_web_address(ref):
        return f"{kind} (outside the library)"
    if ref.target:
        title = title_of(ref.target)
        shown = f"“{one_line(title, 60)}” ({ref.target})" if title else ref.target
        at = f", {ref.anchor}" if ref.anchor else ""
        return f"→ {shown}{at}"
    if ref.key:
        return f"{kind} {one_line(ref.key)} · not in the library"
    return f"“{one_line(ref.text, 60)}” · not in the library"
