"""The panel under the text: a footnote (with its own references), or a reference that is
not in the library (its key and official address, which `y` copies and `F` fetches)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from store.model import Document
from tui.actions import bindings_for
from tui.browser import offer
from tui.keymap import active_keys, hint
from tui.links import TitleOf, copy_text, describe, fetchable, label, official_address
from tui.messages import WidgetMessage
from tui.safe_text import one_line, visible


class LinkPanel(Widget, can_focus=True, inherit_bindings=False):
    BINDINGS = bindings_for("panel")

    COMPONENT_CLASSES = {"link-panel--title", "link-panel--link", "link-panel--link-focused", "link-panel--hint"}

    DEFAULT_CSS = """
    LinkPanel {
        height: auto;
        max-height: 12;
        overflow-y: auto;
        padding: 0 1;
        border-top: solid $secondary;
        display: none;
    }
    LinkPanel.-open { display: block; }
    LinkPanel:focus { border-top: heavy $accent; background: $boost; }
    LinkPanel > .link-panel--title { text-style: bold; }
    LinkPanel > .link-panel--link { text-style: underline; color: $text-accent; }
    LinkPanel > .link-panel--link-focused { text-style: bold reverse underline; color: $text-accent; }
    LinkPanel > .link-panel--hint { color: $text-muted; }
    """

    class ReferenceFollowed(WidgetMessage):
        def __init__(self, panel: LinkPanel, reference: int) -> None:
            super().__init__(panel)
            self.reference = reference

    class Closed(WidgetMessage):
        pass

    def __init__(self, title_of: TitleOf, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc: Document | None = None
        self.title_of = title_of
        self.mark: str | None = None
        self.reference: int | None = None  # shown on its own (not in the library)
        self.refs: list[int] = []  # references of the note, in order
        self.focused: int | None = None  # index into refs

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def show_note(self, doc: Document, mark: str) -> None:
        self.doc, self.mark, self.reference = doc, mark, None
        self.refs = sorted(
            (i for i, r in enumerate(doc.references) if r.footnote == mark),
            key=lambda i: doc.references[i].start,
        )
        self.focused = 0 if self.refs else None
        self._open()

    def show_reference(self, doc: Document, reference: int) -> None:
        self.doc, self.mark, self.reference = doc, None, reference
        self.refs, self.focused = [reference], 0
        self._open()

    def close(self) -> None:
        self.remove_class("-open")
        self.doc = None

    def _open(self) -> None:
        self.add_class("-open")
        self.refresh(layout=True)

    def focus_reference_to(self, doc_id: str) -> None:
        """Focus the shown note's first reference to `doc_id` (if it has one)."""
        doc = self.doc
        if doc is not None:
            citing = (n for n, i in enumerate(self.refs) if doc.references[i].target == doc_id)
            self.focused = next(citing, self.focused)
            self.refresh()

    @property
    def focused_reference(self) -> int | None:
        return None if self.focused is None else self.refs[self.focused]

    def render(self) -> Text:
        doc = self.doc
        if doc is None:
            return Text("")
        title = self.get_component_rich_style("link-panel--title", partial=True)
        hint = self.get_component_rich_style("link-panel--hint", partial=True)
        text = Text(end="")
        if self.mark is not None:
            note = doc.footnote(self.mark)
            text.append(f"Footnote {visible(self.mark)}  ", style=title)
            if note is None or note.text is None:
                text.append("The text of this note is missing from the source.", style=hint)
            else:
                self._append_with_links(text, note.text)
            text.append("\n" + self._hint("follow the reference" if self.refs else None), style=hint)
        elif self.reference is not None:
            ref = doc.references[self.reference]
            kind, cited = label(ref)
            if kind:
                text.append(f"{kind} ", style=title)
            text.append(cited, style=self._link_style(True))
            text.append("\n")
            text.append(describe(ref, self.title_of, doc))
            address = official_address(ref)
            if address:  # a real hyperlink (OSC 8) where the terminal has them
                text.append("\n" + visible(address), style=Style(link=address))
            elif ref.key:
                text.append(f"\nKey: {visible(ref.key)}")
            else:
                text.append("\nNamed by title (and date) only, with no official key.")
            text.append("\n" + self._hint(None), style=hint)
        return text

    def _hint(self, follow: str | None) -> str:
        keys = active_keys(self)
        parts = [f"{hint(keys, 'follow')}: {follow}"] if follow else []
        if len(self.refs) > 1:
            parts.append(f"{hint(keys, 'next_link')}/{hint(keys, 'previous_link')}: next/previous reference")
        if self.focused_reference is not None and self.doc is not None and official_address(
            self.doc.references[self.focused_reference]
        ):
            parts.append(f"{hint(keys, 'open_address')}: open")
        focused = self.focused_reference
        if focused is not None and self.doc is not None and fetchable(self.doc.references[focused], self.doc):
            parts.append(f"{hint(keys, 'fetch')}: fetch into the library")
        parts += [f"{hint(keys, 'copy_reference')}: copy", f"{hint(keys, 'close')}: close"]
        return " · ".join(parts)

    def _link_style(self, focused: bool):
        name = "link-panel--link-focused" if focused else "link-panel--link"
        return self.get_component_rich_style(name, partial=True)

    def _append_with_links(self, text: Text, note_text: str) -> None:
        assert self.doc is not None
        shown = visible(note_text)
        pos = 0
        for n, ref_index in enumerate(self.refs):
            ref = self.doc.references[ref_index]
            if not (pos <= ref.start < ref.end <= len(shown)):
                continue
            text.append(shown[pos : ref.start])
            text.append(shown[ref.start : ref.end], style=self._link_style(n == self.focused))
            pos = ref.end
        text.append(shown[pos:])

    # keys

    def _step(self, step: int) -> None:
        if not self.refs or self.focused is None:
            self.app.bell()
            return
        self.focused = (self.focused + step) % len(self.refs)
        self.refresh()

    def action_next_link(self) -> None:
        self._step(+1)

    def action_previous_link(self) -> None:
        self._step(-1)

    def action_follow(self) -> None:
        ref = self.focused_reference
        if ref is None or self.reference is not None:
            self.app.bell()
            return
        self.post_message(self.ReferenceFollowed(self, ref))

    def action_copy_reference(self) -> None:
        if self.doc is None:
            return
        ref = self.focused_reference
        if ref is not None:
            copied = copy_text(self.doc.references[ref])
        elif self.mark is not None and (note := self.doc.footnote(self.mark)) and note.text:
            copied = one_line(note.text)
        else:
            self.app.bell()
            return
        self.app.copy_to_clipboard(copied)
        self.notify(f"Copied: {copied}", markup=False)

    def action_open_address(self) -> None:
        ref = self.focused_reference
        if self.doc is None or ref is None:
            self.app.bell()
            return
        offer(self, official_address(self.doc.references[ref]))

    def action_close(self) -> None:
        self.close()
        self.post_message(self.Closed(self))
