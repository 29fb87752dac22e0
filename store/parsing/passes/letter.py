"""Letters made from a PDF or from Word (Markdown-ish text): the passes they share, and the
metadata a letterhead gives.

    split on blank lines -> superscript and <sup> note texts lifted -> plain paragraphs ->
    letterhead read and its repeats removed -> superscript markers [^N] -> paragraphs cut
    by page breaks joined

The families that are letters (kamerbrief, antwoord, schriftelijk overleg) declare these.
"""

from __future__ import annotations

from collections.abc import Callable

from store.model import Identifiers
from store.parsing.passes.footnotes import sup_note_texts, superscript_marks, superscript_note_texts
from store.parsing.passes.letterhead import Letterhead, letterhead
from store.parsing.passes.metadata import ZAAK
from store.parsing.passes.paragraphs import join_broken, markdown_paragraphs
from store.parsing.reading import Para, Pass, Reading

NOTES: tuple[Pass, ...] = (superscript_note_texts, sup_note_texts)


def body(keep: Callable[[Para], bool]) -> tuple[Pass, ...]:
    """The body passes of a letter; `keep(para)` marks paragraphs never joined to a neighbour."""
    return (markdown_paragraphs, letterhead, superscript_marks, join_broken(keep))


def head_of(reading: Reading) -> Letterhead:
    return reading.found.get("letterhead") or Letterhead()


def identifiers(head: Letterhead) -> Identifiers:
    """What a letterhead identifies: the ministry's kenmerk, and the zaak when "Uw kenmerk" is one."""
    zaak = None
    if head.their_kenmerk and ZAAK.fullmatch(head.their_kenmerk.strip()):
        zaak = head.their_kenmerk.strip()
    return Identifiers(kenmerk=head.kenmerk, zaak=zaak)
