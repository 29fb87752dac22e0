"""A page of zoek.officielebekendmakingen.nl as users save it, read by its elements.

The site makes its pages from the official XML with an XSLT, and the classes it writes are the
XML's element names (`p.wij`, `div.vraag`, `div.antwoord`, `h3.artikel_kop`, `p.ondertekening`),
the notes a block of their own:

    <div id="broodtekst"> … <div class="vraag"><h2 class="stuktitel">Vraag 1</h2><p>…
        … gevolg krijgt.<sup><a class="nootnum" href="#ID1">1</a></sup> …
    <div id="noten"><div class="voet noot"><span class="nootnum">1</span><p>Kamerstuk …</p>

So a page is parsed with a real HTML parser (the standard library's: it never fetches, runs or
expands anything), mapped onto the official vocabulary, and read by the same walker as the XML
(store/files/op_elements.py); its <meta> elements are the metadata.xml's fields. The site's
chrome (scripts, the table of contents, navigation, the header line) is left out, and a page
that is not an official publication is refused rather than stored as text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree.ElementTree import Element, SubElement

from store.errors import ParseError
from store.files.metadata_xml import MAX_DEPTH, metadata_from
from store.files.official_xml import OFFICIAL_ROOT, publication
from store.files.op_elements import PARAGRAPHS, name, text_of
from store.model import Document

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DROPPED = frozenset("script style noscript template iframe svg form button nav header footer select".split())
_CHROME_IDS = frozenset({"kopregel", "inhoudsopgave", "navigatie", "menu", "zoeken", "breadcrumb", "footer",
                         "header", "sidebar", "skiplinks"})  # fmt: skip
_CHROME_CLASS = re.compile(r"\b(?:toc|breadcrumbs?|menu|nav\w*|skiplinks?|site-\w+|cookie\w*|print\w*)\b")
# The content of a page, most specific first: the site's text column, then any page's main part.
_CONTENT_IDS = ("broodtekst", "main-column", "content", "main")
# Classes that say an element is one of the vocabulary's (the XSLT's own names besides them).
_CLASS_NAMES = {
    "vraag": "vraag", "antwoord": "antwoord", "kamervraagopmerking": "kamervraagopmerking",
    "kamervraagomschrijving": "kamervraagomschrijving", "kamervraagomschrijving_kop": "kamervraagomschrijving",
    "staatsblad_kop": "intitule", "stuktitel": "titel", "dossiertitel": "titel", "nummer": "nr",
    "alineagroep": "al-groep", "spreekbeurt": "spreekbeurt", "spreker": "spreker", "agendapunt": "agendapunt",
    "lidnr": "lidnr", "ol": "li.nr", "li.nr": "li.nr",
    **{c: c for c in PARAGRAPHS}, **{c: c for c in ("artikel", "wettekst", "aanhef", "divisie", "stuk")},
}  # fmt: skip
_SIGNS = ("vraag", "antwoord", "stuk", "kamervraagomschrijving", "staatsblad_kop", "wij", "artikel", "spreekbeurt")
_MARK = re.compile(r"^\s*([0-9]{1,3}|[*†‡§])\s*\)?$")


def read_official_html(data: bytes, source: str) -> Document:
    """The document on a saved page of the official site, or a ParseError naming the file."""
    tree, pairs = _parse(_decode(data), source)
    meta = metadata_from(pairs)
    content = _content(tree)
    if not (meta.identifier or _official_classes(content)):
        raise ParseError(source, "an HTML page that is not an official publication (not a page of "
                                 "zoek.officielebekendmakingen.nl): not read")  # fmt: skip
    notes = _notes(tree)
    root = Element(OFFICIAL_ROOT)
    body = SubElement(root, _kind_element(content, meta.publication, meta.identifier))
    for child in list(content):
        if not _is_notes(child):
            body.append(child)
    body.text = content.text
    return publication(root, meta, source, notes)


# -- the parse ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    head = data[:2048].decode("ascii", "replace")
    m = re.search(r"charset=[\"']?([\w-]+)", head) or re.search(r"encoding=[\"']([\w-]+)", head)
    for encoding in (m.group(1) if m else "utf-8", "utf-8", "cp1252"):
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


class _TreeBuilder(HTMLParser):
    """HTML into an element tree in the official vocabulary: each element named by its class
    where the class is a name of the vocabulary, the chrome dropped as it is read."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.root = Element("html")
        self.stack: list[tuple[str, Element]] = [("html", self.root)]
        self.dropping = 0  # depth inside dropped chrome
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and values.get("name"):
            self.meta.append((values["name"], values.get("content", "")))
        if self.dropping:
            if tag not in _VOID:
                self.dropping += 1
            return
        if tag in _DROPPED or values.get("id") in _CHROME_IDS or _CHROME_CLASS.search(values.get("class", "")):
            if tag not in _VOID:
                self.dropping = 1
            return
        if tag in ("p", "li", "tr", "td", "th"):
            self._close_open(tag)
        element = SubElement(self.stack[-1][1], _vocabulary(tag, values), _kept(values))
        if tag not in _VOID:
            if len(self.stack) > MAX_DEPTH:
                raise ParseError(self.source, f"HTML nested deeper than {MAX_DEPTH} levels: not read")
            self.stack.append((tag, element))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.dropping and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag not in _VOID:
                self.dropping -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        parent = self.stack[-1][1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def _close_open(self, tag: str) -> None:
        """An unclosed <p> or <li> ends where the next one starts, as browsers read it."""
        scope = {"p": ("div",), "li": ("ul", "ol"), "tr": ("table",), "td": ("tr",), "th": ("tr",)}[tag]
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth][0]
            if open_tag == tag or (tag in ("td", "th") and open_tag in ("td", "th")):
                del self.stack[depth:]
                return
            if open_tag in scope:
                return


def _parse(text: str, source: str) -> tuple[Element, list[tuple[str, str]]]:
    builder = _TreeBuilder(source)
    try:
        builder.feed(text)
        builder.close()
    except RecursionError:
        raise ParseError(source, "HTML nested too deeply: not read") from None
    return builder.root, builder.meta


def _vocabulary(tag: str, attrs: dict[str, str]) -> str:
    for cls in attrs.get("class", "").split():
        if cls in _CLASS_NAMES:
            return _CLASS_NAMES[cls]
        if cls.startswith("nootnum") and tag in ("a", "span"):
            return "nootnum"
    return {
        "p": "al", "ul": "lijst", "ol": "lijst", "li": "li", "table": "table", "tr": "row", "td": "entry",
        "th": "entry", "h1": "kop", "h2": "kop", "h3": "kop", "h4": "kop", "h5": "kop", "h6": "kop", "br": "br",
        "img": "plaatje", "a": "a" if attrs.get("href") else "span", "sup": "sup", "sub": "inf",
        "blockquote": "al-groep",
    }.get(tag, tag)  # fmt: skip


def _kept(attrs: dict[str, str]) -> dict[str, str]:
    return {k: attrs[k] for k in ("id", "class", "href") if attrs.get(k)}


# -- the page's parts --------------------------------------------------------------------------


def _content(tree: Element) -> Element:
    by_id = {e.get("id"): e for e in tree.iter() if e.get("id")}
    for wanted in _CONTENT_IDS:
        if wanted in by_id:
            return _with_markers(by_id[wanted])
    main = next((e for e in tree.iter() if name(e) in ("main", "article")), None)
    body = next((e for e in tree.iter() if name(e) == "body"), tree)
    return _with_markers(main if main is not None else body)


def _official_classes(content: Element) -> bool:
    return any((e.get("class") or "").split() and set(e.get("class", "").split()) & set(_SIGNS)
               for e in content.iter())  # fmt: skip


def _with_markers(content: Element) -> Element:
    """Note references (`a.nootnum`, or a <sup> holding a link to a note) become `noot` elements
    holding their mark, as the XML has them (the note texts are in the notes block); a pair's
    heading ("Vraag 1" in h2.stuktitel, or p.nummer) becomes its `nr`."""
    found: list[tuple[Element, int, Element, str]] = []
    for parent in content.iter():
        for i, child in enumerate(parent):
            link = child if name(child) == "nootnum" else None
            if name(child) == "sup":
                link = next((c for c in child.iter() if name(c) in ("nootnum", "a")
                             and (c.get("href") or "").startswith("#")), None)  # fmt: skip
            if link is not None and _MARK.match(text_of(link)):
                found.append((parent, i, child, text_of(link).strip().rstrip(")")))
    for parent, i, child, mark in found:
        note = Element("noot")
        SubElement(note, "noot.nr").text = mark
        note.tail = child.tail
        parent[i] = note
    for pair in content.iter():
        numbered = any(name(c) == "nr" for c in pair)
        if name(pair) in ("vraag", "antwoord") and len(pair) and not numbered and name(pair[0]) in ("kop", "titel"):
            pair[0].tag = "nr"
    return content


def _is_notes(element: Element) -> bool:
    return element.get("id") == "noten" or "noten" in (element.get("class") or "").split()


def _notes(tree: Element) -> dict[str, str]:
    """The page's notes by mark: each `div.noot` (or an item of the notes block) with its number."""
    notes: dict[str, str] = {}
    for block in (e for e in tree.iter() if _is_notes(e)):
        for item in block.iter():
            classes = (item.get("class") or "").split()
            if "noot" not in classes and not (name(item) == "li" and item in list(block)):
                continue
            number = next((c for c in item.iter() if name(c) == "nootnum" or "nootnum" in (c.get("class") or "")), None)
            mark = text_of(number).strip().rstrip(")") if number is not None else str(len(notes) + 1)
            texts = [text_of(p) for p in item.iter() if name(p) in ("al", *PARAGRAPHS) and p is not item]
            text = " ".join(t for t in texts if t) or text_of(item).removeprefix(mark).strip()
            if text and mark not in notes:
                notes[mark] = text
    return notes


def _kind_element(content: Element, publication_name: str | None, identifier: str | None) -> str:
    """Which content element the page is: questions and answers, a Kamerstuk, a Staatsblad…"""
    names = {name(e) for e in content.iter()}
    said = (publication_name or "").lower()
    if {"vraag", "antwoord", "kamervraagomschrijving"} & names or (identifier or "").startswith(("ah-", "kv-")):
        return "kamervragen"
    if "staatsblad" in said or "intitule" in names or (identifier or "").startswith("stb-"):
        return "staatsblad"
    if "handelingen" in said or "spreekbeurt" in names or (identifier or "").startswith("h-"):
        return "handelingen"
    if "kamerstuk" in said or (identifier or "").startswith("kst-"):
        return "kamerstuk"
    return "kamerstuk" if "stuk" in names else "publicatie"

