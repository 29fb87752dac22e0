"""The official publications' element vocabulary (op-xsd), read as structure: parts in reading
order, question/answer pairs, notes and the citations the file marks up.

The official XML says what each piece is, so nothing here guesses from the text:

    vraag / antwoord with nr, al          a question and its answer ("Vraag 3", "Antwoord 5 en 6")
    kop, item-titel, intitule, tussenkop  headings            al, wij, considerans.al, wat    paragraphs
    lijst / li with li.nr, lid / lidnr    list items          table / row / entry             rows " | "
    spreekbeurt / spreker, tekst          a speaker's turn    ondertekening                   the signature
    noot[@id] with noot.nr, noot.al       a note where it is referred to: `[^N]` in the text
    extref[@doc]                          a citation ("kst-35824-H", a web address)

The official HTML pages are this XML through the site's XSLT, their classes the element names;
store/files/official_html.py maps a page onto these elements and this walker reads both.
Elements it does not know are containers: their children are read, nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from xml.etree.ElementTree import Element

from store.formats import is_mark, marker
from store.parsing.passes.labels import parse_numbers
from store.parsing.passes.qa_pairs import LABEL_LEVEL
from store.parsing.reading import NoteText, Part, QADraft

# The file's own head (what kamerstuk, vragen and Staatsblad say of themselves is read as
# metadata, store/files/official_xml.py), pictures, and the site's own furniture.
SKIPPED = frozenset({
    "metadata", "meta", "kamerstukkop", "kamervraagkop", "kamervraagnummer", "dossier", "plaatje",
    "illustratie", "voetnoten", "stuknr", "ondernummer",
})  # fmt: skip
HEADINGS = frozenset({"kop", "item-titel", "intitule", "tussenkop", "titel", "stuktitel", "subtitel"})
PARAGRAPHS = frozenset({
    "al", "wij", "considerans.al", "wat", "datumtekst", "dagtekening", "koning", "ondertekening",
    "kamervraagomschrijving", "slotformulering.al", "aanhef.al", "afkondiging.al", "functie",
})  # fmt: skip
_LABEL_WORD = re.compile(r"^\s*(?:vraag|vragen|antwoord(?:en)?)(?:\s+op\s+vra(?:ag|gen))?\s*", re.I)
_SPACE = re.compile(r"\s+")
_BEFORE_MARKER = re.compile(r"\s+(?=\[\^)")
# A link's ends travel through the whitespace clean-up inside the text as private-use characters.
_OPEN, _CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Link:
    """A citation the file marks up: `doc` as the file gives it, where it stands in the text
    of part `part` or of note `note`, at [start, end)."""

    doc: str
    text: str
    start: int
    end: int
    part: int | None = None
    note: str | None = None
    url: bool = False  # a web address (extref soort="URL", an <a href> to another site)


@dataclass(frozen=True)
class Walked:
    parts: tuple[Part, ...]
    drafts: tuple[QADraft, ...]
    notes: tuple[NoteText, ...]
    links: tuple[Link, ...]


def name(element: Element) -> str:
    """ "{ns}al" -> "al"; a comment or processing instruction -> "" ."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def walk(body: Element, notes_outside: dict[str, str] | None = None) -> Walked:
    """The parts of `body` (the publication's content element) in reading order. `notes_outside`:
    note texts kept apart from their markers (an HTML page's notes block), by mark."""
    walker = _Walker(dict(notes_outside or {}))
    walker.block(body, level=0)
    return walker.result()


def text_of(element: Element) -> str:
    """The plain text of an element and all it holds, notes left out, whitespace made single."""
    text, _ = _Inline({}, []).read(element)
    return text


# -- inline text -------------------------------------------------------------------------------


class _Inline:
    """The text of one paragraph-like element: notes become markers (their texts collected),
    extrefs become links whose ends are kept through the whitespace clean-up."""

    def __init__(self, notes: dict[str, str], note_order: list[str],
                 note_links: list[Link] | None = None) -> None:  # fmt: skip
        self.notes = notes
        self.note_order = note_order
        self.note_links = note_links if note_links is not None else []
        self.pending: list[tuple[str, bool]] = []  # (doc, is_url) of each link opened, in order

    def read(self, element: Element) -> tuple[str, list[tuple[str, bool, int, int]]]:
        raw = "".join(self._pieces(element, top=True))
        return self._finish(raw)

    def _pieces(self, element: Element, top: bool = False) -> Iterator[str]:
        tag = name(element)
        if not top:
            if tag == "noot":
                yield self._note(element)
                yield from _tail(element)
                return
            if tag in ("br", "tab"):
                yield " "
                yield from _tail(element)
                return
            if tag in ("plaatje", "illustratie") or tag == "":
                yield from _tail(element)
                return
            if tag == "extref" or (tag == "a" and element.get("href")):
                doc = (element.get("doc") or element.get("href") or "").strip()
                url = (element.get("soort") or "").upper() == "URL" or doc.startswith(("http://", "https://"))
                self.pending.append((doc, url))
                yield _OPEN
                yield element.text or ""
                for child in element:
                    yield from self._pieces(child)
                yield _CLOSE
                yield from _tail(element)
                return
            if tag == "inf" and (element.text or "").strip().isdigit():
                yield (element.text or "").strip().translate(_SUBSCRIPT)  # CO₂: a lowered digit is no note
                yield from _tail(element)
                return
        yield element.text or ""
        spaced = tag in _SPACED
        for child in element:
            yield from self._pieces(child)
            if spaced:
                yield " "
        if not top:
            yield from _tail(element)

    def _note(self, element: Element) -> str:
        number = next((c for c in element if name(c) in ("noot.nr", "nootnr")), None)
        mark = text_of(number) if number is not None else ""
        if not is_mark(mark):
            mark = str(len(self.note_order) + 1)
        if mark not in self.notes:
            text, links = self._note_text(element)
            if text:
                self.notes[mark] = text
                self.note_links.extend(Link(d, text[a:b], a, b, note=mark, url=u) for d, u, a, b in links)
        if mark not in self.note_order:
            self.note_order.append(mark)
        return marker(mark)

    def _note_text(self, element: Element) -> tuple[str, list[tuple[str, bool, int, int]]]:
        """A note's paragraphs as one text, with the links in it."""
        text = (element.text or "").strip()
        links: list[tuple[str, bool, int, int]] = []
        for child in element:
            if name(child) in ("noot.nr", "nootnr") or not name(child):
                continue
            inner = _Inline({}, [], self.note_links)
            piece, found = inner.read(child)
            if not piece:
                continue
            shift = len(text) + 1 if text else 0
            links.extend((d, u, a + shift, b + shift) for d, u, a, b in found)
            text = f"{text} {piece}" if text else piece
        return text, links

    def _finish(self, raw: str) -> tuple[str, list[tuple[str, bool, int, int]]]:
        text = _BEFORE_MARKER.sub("", _SPACE.sub(" ", raw)).strip()
        links: list[tuple[str, bool, int, int]] = []
        out: list[str] = []
        opened: list[int] = []
        length = 0
        count = 0
        for ch in text:
            if ch == _OPEN:
                opened.append(count)
                count += 1
                links.append(("", False, length, length))
            elif ch == _CLOSE:
                if opened:
                    k = opened.pop()
                    doc, url = self.pending[k] if k < len(self.pending) else ("", False)
                    links[k] = (doc, url, links[k][2], length)
            else:
                out.append(ch)
                length += 1
        joined = "".join(out)
        trimmed = []
        for doc, url, start, end in links:
            while start < end and joined[start].isspace():
                start += 1
            while end > start and joined[end - 1].isspace():
                end -= 1
            if doc and start < end:  # a link around nothing (a space, a picture) cites nothing here
                trimmed.append((doc, url, start, end))
        return joined, trimmed


# Elements whose children are words set apart (a heading's number and title, a signature's office
# and name), as the site's XSLT sets them; elsewhere children run on as written.
_SPACED = frozenset({"kop", "ondertekening", "naam", "spreker", "stuknr", "dossiernummer"})
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _tail(element: Element) -> Iterator[str]:
    if element.tail:
        yield element.tail


# -- blocks ------------------------------------------------------------------------------------


class _Walker:
    def __init__(self, notes: dict[str, str]) -> None:
        self.parts: list[Part] = []
        self.drafts: list[QADraft] = []
        self.links: list[Link] = []
        self.note_links: list[Link] = []
        self.notes = notes
        self.note_order: list[str] = list(notes)
        self.qa: int | None = None  # the pair being read
        self.side: str = "question"

    def result(self) -> Walked:
        notes = tuple(NoteText(m, self.notes[m]) for m in self.note_order if self.notes.get(m))
        return Walked(tuple(self.parts), tuple(self.drafts), notes, (*self.links, *self.note_links))

    # what a part is made of

    def add(self, kind: str, element: Element, level: int = 0, prefix: str = "", label: bool = False) -> None:
        inline = _Inline(self.notes, self.note_order, self.note_links)
        text, links = inline.read(element)
        self.add_text(kind, text, links, level, prefix, label)

    def add_text(self, kind: str, text: str, links: list[tuple[str, bool, int, int]] | None = None,
                 level: int = 0, prefix: str = "", label: bool = False) -> None:  # fmt: skip
        text = (f"{prefix} {text}" if prefix and text else prefix or text).strip()
        if not text:
            return
        shift = len(prefix) + 1 if prefix and text != prefix else 0
        in_pair = self.qa is not None and kind in ("paragraph", "question", "answer")
        if in_pair:
            kind = self.side
        part = Part(kind, text, level, self.qa if in_pair or label else None, label)  # type: ignore[arg-type]
        index = len(self.parts)
        self.parts.append(part)
        for doc, url, start, end in links or ():
            a, b = start + shift, end + shift
            self.links.append(Link(doc, text[a:b], a, b, part=index, url=url))

    # the walk

    def block(self, element: Element, level: int) -> None:
        for child in element:
            tag = name(child)
            if not tag or tag in SKIPPED:
                continue
            handler = _HANDLERS.get(tag)
            if handler is not None:
                handler(self, child, level)
            elif tag in HEADINGS:
                self.heading(child, level)
            elif tag in PARAGRAPHS:
                self.add("paragraph", child)
            else:
                self.container(child, level)

    def container(self, element: Element, level: int) -> None:
        """An element the vocabulary does not name as a block: its own loose text (mixed content)
        is a paragraph, its children are read."""
        loose = (element.text or "").strip() or any((c.tail or "").strip() for c in element)
        if loose and not any(name(c) in _BLOCK_TAGS for c in element):
            self.add("paragraph", element)
            return
        self.block(element, level)

    def heading(self, element: Element, level: int) -> None:
        if self.qa is not None:
            self.end_pair()
        self.add("heading", element, level=max(1, min(level, 3)))

    def list_item(self, element: Element, level: int) -> None:
        number = next((c for c in element if name(c) in ("li.nr", "lidnr")), None)
        prefix = text_of(number) if number is not None else ""
        if not any(name(c) in _BLOCK_TAGS for c in element):  # an HTML <li> holds its text itself
            if number is not None:
                element = _without(element, number)
            self.add("paragraph", element, prefix=prefix or "-")
            return
        first = True
        for child in element:
            tag = name(child)
            if tag in ("li.nr", "lidnr") or not tag:
                continue
            if tag in PARAGRAPHS and first:
                self.add("paragraph", child, prefix=prefix)
                first = False
            elif tag in PARAGRAPHS:
                self.add("paragraph", child)
            else:
                self.block_one(child, level)
                first = False

    def block_one(self, element: Element, level: int) -> None:
        wrapper = Element("_")
        wrapper.append(element)
        self.block(wrapper, level)

    def table(self, element: Element, level: int) -> None:
        for row in element.iter():
            if name(row) in ("row", "tr"):
                cells = [text_of(c) for c in row if name(c) in ("entry", "td", "th")]
                if any(cells):
                    self.add_text("paragraph", " | ".join(cells))
        for note in element.iter():
            if name(note) == "noot":  # a table's notes: their texts, no marker to place in a row
                _Inline(self.notes, self.note_order, self.note_links)._note(note)

    def speaker_turn(self, element: Element, level: int) -> None:
        for child in element:
            tag = name(child)
            if tag == "spreker":
                self.add_text("heading", text_of(child).rstrip(":").strip(), level=min(level + 1, 3))
            elif tag:
                self.block_one(child, level + 1)

    def agenda_item(self, element: Element, level: int) -> None:
        """ "7" and "Wet elektronische gegevensuitwisseling in de zorg": one heading."""
        number = next((text_of(c) for c in element if name(c) == "nr"), "")
        for child in element:
            tag = name(child)
            if tag == "nr" or not tag:
                continue
            if tag == "item-titel":
                self.end_pair()
                self.add("heading", child, level=1, prefix=f"{number}." if number else "")
            else:
                self.block_one(child, level + 1)

    def division(self, element: Element, level: int) -> None:
        self.block(element, level + 1)

    def description(self, element: Element, level: int) -> None:
        """ "Vragen van het lid …", "Antwoord van minister … (ontvangen …)", a remark such as a
        Mededeling: they stand between pairs, never inside one."""
        self.end_pair()
        if name(element) == "kamervraagomschrijving":
            self.add("paragraph", element)
        else:
            self.container(element, level)

    # questions and answers

    def pair_side(self, element: Element, level: int) -> None:
        side = "question" if name(element) == "vraag" else "answer"
        number = next((c for c in element if name(c) == "nr"), None)
        label = text_of(number) if number is not None else ""
        numbers = parse_numbers(_LABEL_WORD.sub("", label)) if label else ()
        if side == "question":
            self._open_question(label, numbers)
        else:
            self._open_answer(label, numbers)
        for child in element:
            tag = name(child)
            if tag == "nr" or not tag:
                continue
            if tag in PARAGRAPHS or tag in HEADINGS:
                self.add("paragraph", child)
            else:
                self.block_one(child, level)

    def _open_question(self, label: str, numbers: tuple[int, ...]) -> None:
        n = numbers or ((max((x for d in self.drafts for x in d.numbers), default=0) + 1),)
        written = label if label and not label.strip().isdigit() else f"Vraag {_numbers_text(n)}"
        self.drafts.append(QADraft(written, n))
        self.qa = len(self.drafts) - 1
        self.side = "question"
        self.add_text("heading", written, level=LABEL_LEVEL, label=True)

    def _open_answer(self, label: str, numbers: tuple[int, ...]) -> None:
        targets = [k for k, d in enumerate(self.drafts) if set(d.numbers) & set(numbers)] if numbers else []
        if not targets:
            if self.qa is None:  # an answer with no question before it: its own pair
                n = numbers or (len(self.drafts) + 1,)
                self.drafts.append(QADraft(f"Vraag {_numbers_text(n)}", n))
                targets = [len(self.drafts) - 1]
            else:
                targets = [self.qa]
        first = targets[0]
        if len(targets) > 1:  # "Antwoord 5 en 6" under questions asked apart: one pair
            merged = tuple(dict.fromkeys(x for k in targets for x in self.drafts[k].numbers))
            self.drafts[first] = QADraft(f"Vraag {_numbers_text(merged)}", merged)
            gone = set(targets[1:])
            self.parts = [replace(p, qa=first) if p.qa in gone else p for p in self.parts]
            self.drafts = [QADraft(d.label, ()) if k in gone else d for k, d in enumerate(self.drafts)]
        self.qa = first
        self.side = "answer"
        shown = numbers or self.drafts[first].numbers
        written = label if label and not label.strip().isdigit() else f"Antwoord {_numbers_text(shown)}"
        self.add_text("heading", written, level=LABEL_LEVEL, label=True)

    def end_pair(self) -> None:
        self.qa = None
        self.side = "question"


def _without(element: Element, child: Element) -> Element:
    copy = Element(element.tag, element.attrib)
    copy.text = element.text
    for c in element:
        if c is not child:
            copy.append(c)
        elif c.tail:
            copy.text = (copy.text or "") + c.tail
    return copy


def _numbers_text(numbers: tuple[int, ...]) -> str:
    if len(numbers) <= 1:
        return "".join(str(n) for n in numbers)
    return ", ".join(str(n) for n in numbers[:-1]) + f" en {numbers[-1]}"


_HANDLERS = {
    "vraag": _Walker.pair_side,
    "antwoord": _Walker.pair_side,
    "lijst": _Walker.block,
    "li": _Walker.list_item,
    "lid": _Walker.list_item,
    "table": _Walker.table,
    "spreekbeurt": _Walker.speaker_turn,
    "agendapunt": _Walker.agenda_item,
    "divisie": _Walker.division,
    "kamervraagomschrijving": _Walker.description,
    "kamervraagopmerking": _Walker.description,
}
_BLOCK_TAGS = frozenset({*HEADINGS, *PARAGRAPHS, *_HANDLERS, "al-groep", "tekst", "divisie"})
