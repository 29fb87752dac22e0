"""The reading column: the text, the footnote/reference panel under it, and the find bar.

It decides what following a link means inside one document (show the note, jump to an
answer, show a reference that is not in the library) and asks its owner, with `Navigate`,
for every jump, so the owner can keep the history and open other documents.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget

from store.anchors import AnchorError, Place, block_of
from store.formats import anchor_of
from store.model import Document
from store.userdata import Marks
from tui.display import DocumentDisplay, answer_title, qa_title
from tui.find import Matches, find_all
from tui.history import Position
from tui.keymap import active_keys, hint
from tui.links import TitleOf, answer_anchor, cited_anchor, describe, fetchable
from tui.messages import BurstMessage, WidgetMessage
from tui.safe_text import one_line
from tui.widgets.document_view import DocumentView
from tui.widgets.find_bar import FindBar
from tui.widgets.link_panel import LinkPanel
from tui.widgets.pane import Pane


def pair_start(doc: Document, block: int) -> int | None:
    """The first block (the question's label) of the question/answer pair `block` is in: an
    answer opened by its `qa-N` is shown with its question above it."""
    qa = doc.blocks[block].qa if 0 <= block < len(doc.blocks) else None
    return doc.qa[qa].block if qa is not None and 0 <= qa < len(doc.qa) else None


class ReaderPane(Pane):
    pane_name = "reader"

    DEFAULT_CSS = """
    ReaderPane { width: 1fr; }
    ReaderPane > DocumentView { height: 1fr; }
    """

    class Navigate(WidgetMessage):
        """A jump: to a place in this or another document (the owner keeps the history)."""

        def __init__(self, pane: ReaderPane, place: Place) -> None:
            super().__init__(pane)
            self.place = place

    class StatusChanged(BurstMessage):
        """Where the reader is, and what the focused link points to, changed."""

    def __init__(self, title_of: TitleOf, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_of = title_of  # a document's title, by id (None: not in the library)

    def compose(self) -> ComposeResult:
        yield DocumentView(id="document")
        yield LinkPanel(self.title_of, id="link-panel")
        yield FindBar(id="find-bar")

    def focus_target(self) -> Widget:
        return self.panel if self.panel.is_open else self.view

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    @property
    def panel(self) -> LinkPanel:
        return self.query_one(LinkPanel)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    @property
    def document(self) -> DocumentDisplay | None:
        return self.view.display_doc

    @property
    def position(self) -> Position | None:
        display = self.view.display_doc
        return None if display is None else Position(display.doc.id, self.view.cursor_block)

    @property
    def here(self) -> tuple[Document, int] | None:
        """The open document and the block under the cursor (what `m` and `a` act on), if any."""
        display = self.view.display_doc
        if display is None or not display.doc.blocks:
            return None
        return display.doc, self.view.cursor_block

    @property
    def cursor_qa(self) -> int | None:
        """The question/answer pair the cursor is in, if it is in one."""
        here = self.here
        return None if here is None else here[0].blocks[here[1]].qa

    # ------------------------------------------------------------------ state down

    def clear(self) -> None:
        """Show no document."""
        self.panel.close()
        self.find_bar.close()
        self.view.clear()
        self.post_message(self.StatusChanged(self))

    def show(
        self,
        display: DocumentDisplay,
        *,
        anchor: str | None = None,
        block: int | None = None,
        cite_of: str | None = None,
        marks: Marks | None = None,
    ) -> None:
        """Show `display` at a block, an anchor, or the first place citing `cite_of`."""
        self.panel.close()
        self.find_bar.close()
        doc = display.doc
        note_mark = None
        link = None
        from_block = None
        if anchor is not None:
            try:
                block = block_of(doc, anchor)
            except AnchorError as exc:
                self.notify(str(exc), severity="warning", markup=False)
                block = 0
            place = anchor_of(anchor)
            if place is not None and place.kind == "qa":
                from_block = pair_start(doc, block)
            if place is not None and place.kind == "fn":
                note_mark = place.value
                link = next(
                    (i for i, item in enumerate(display.links) if item.footnote == note_mark and item.block == block),
                    None,
                )
        if cite_of is not None:
            link = self._citing_link(display, cite_of)
            if link is not None:
                block = display.links[link].block
                note_mark = display.links[link].footnote  # cited in a note: show the note
        self.view.show(display, block or 0, link=link, marks=marks or Marks(), from_block=from_block)
        self.view.focus()
        if note_mark is not None:
            self.show_note(note_mark)
            if cite_of is not None:  # the note's reference to the document we came from has the focus
                self.panel.focus_reference_to(cite_of)
        self.post_message(self.StatusChanged(self))

    @staticmethod
    def _citing_link(display: DocumentDisplay, cite_of: str) -> int | None:
        """The first link that cites `cite_of`: a reference in the text, or the marker of a note
        whose reference does."""
        doc = display.doc
        notes = {r.footnote for r in doc.references if r.target == cite_of and r.footnote is not None}
        for i, item in enumerate(display.links):
            if item.reference is not None and doc.references[item.reference].target == cite_of:
                return i
            if item.footnote is not None and item.footnote in notes:
                return i
        return None

    def go_to(self, block: int, *, from_block: int | None = None) -> None:
        self.view.go_to(block, top=True, from_block=from_block)
        self.view.focus()

    def set_marks(self, marks: Marks) -> None:
        self.view.set_marks(marks)

    def show_note(self, mark: str) -> None:
        display = self.view.display_doc
        if display is None:
            return
        self.panel.show_note(display.doc, mark)
        self.panel.focus()

    def status_position(self) -> str:
        """Document id, where the cursor is (section or question), and the block number."""
        display = self.view.display_doc
        if display is None:  # at 80 columns the tree fills the screen: say what opens a document
            keys = active_keys(self)
            return f"no document open · {hint(keys, 'select')} in the tree opens one · {hint(keys, 'help')}: all keys"
        doc = display.doc
        if not doc.blocks:
            return f"{doc.id} · empty"
        index = self.view.cursor_block
        block = doc.blocks[index]
        parts = [doc.id]
        shown = display.blocks[index]
        if block.qa is not None and 0 <= block.qa < len(doc.qa):
            qa = doc.qa[block.qa]
            parts.append(answer_title(qa) if shown.side == "answer" else qa_title(qa, block.qa))
        elif block.section is not None and 0 <= block.section < len(doc.sections):
            parts.append(one_line(doc.sections[block.section].title, 40))
        parts.append(f"block {index + 1}/{len(doc.blocks)}")
        return " · ".join(parts)

    @property
    def focused_reference(self) -> int | None:
        """The reference the user has selected: the panel's focused one while the panel has the
        focus, else the text's focused link when it is a reference (not a footnote marker)."""
        display = self.view.display_doc
        if display is None:
            return None
        if self.panel.has_focus and self.panel.focused_reference is not None:
            return self.panel.focused_reference
        if self.view.focused_link is None:
            return None
        return display.links[self.view.focused_link].reference

    def fetchable(self) -> tuple[str, str | None] | None:
        """What fetching the selected reference asks for, and the place in it the citation names,
        when the library does not have it."""
        display, index = self.view.display_doc, self.focused_reference
        if display is None or index is None:
            return None
        ref = display.doc.references[index]
        item = fetchable(ref, display.doc)
        return None if item is None else (item, cited_anchor(ref))

    def status_link(self) -> str:
        """What the focused link (in the panel if it has focus, else in the text) points to."""
        display = self.view.display_doc
        if display is None:
            return ""
        index = self.focused_reference
        if index is None:
            mark = display.links[self.view.focused_link].footnote if self.view.focused_link is not None else None
            if mark is None:
                return ""
            note = display.doc.footnote(mark)
            missing = " (text missing)" if note is None or note.text is None else ""
            return f"footnote {mark}{missing} · enter shows it"
        said = describe(display.doc.references[index], self.title_of, display.doc)
        if self.fetchable() is not None:
            said += f" · {hint(active_keys(self), 'fetch')} fetches it"
        return said

    def status_find(self) -> str:
        matches, current = self.view.matches, self.view.current_match
        if not matches.query:
            return ""
        if not matches.items:
            return f"“{matches.query}”: no matches"
        where = f"{current + 1}/" if current is not None else ""
        return f"“{matches.query}”: {where}{matches.count_text()}"

    # ------------------------------------------------------------------ following links

    def follow_reference(self, index: int) -> None:
        display = self.view.display_doc
        if display is None:
            return
        doc = display.doc
        ref = doc.references[index]
        if ref.kind == "answer":
            anchor = answer_anchor(ref)
            if anchor is None:
                self.notify(f"Cannot tell which answer “{ref.text}” means.", severity="warning", markup=False)
                return
            self.post_message(self.Navigate(self, Place(doc.id, anchor)))
        elif ref.target:
            self.post_message(self.Navigate(self, Place(ref.target, cited_anchor(ref))))
        else:
            self.panel.show_reference(doc, index)
            self.panel.focus()
        self.post_message(self.StatusChanged(self))

    @on(DocumentView.LinkFollowed)
    def _link_followed(self, event: DocumentView.LinkFollowed) -> None:
        event.stop()
        display = self.view.display_doc
        if display is None:
            return
        link = display.links[event.link]
        if link.footnote is not None:
            self.show_note(link.footnote)
            self.post_message(self.StatusChanged(self))
        elif link.reference is not None:
            self.follow_reference(link.reference)

    @on(LinkPanel.ReferenceFollowed)
    def _panel_followed(self, event: LinkPanel.ReferenceFollowed) -> None:
        event.stop()
        self.follow_reference(event.reference)

    @on(LinkPanel.Closed)
    def _panel_closed(self, event: LinkPanel.Closed) -> None:
        event.stop()
        self.view.focus()
        self.post_message(self.StatusChanged(self))

    @on(DocumentView.CloseRequested)
    def _close_requested(self, event: DocumentView.CloseRequested) -> None:
        event.stop()
        self.panel.close()
        self.find_bar.close()
        self.post_message(self.StatusChanged(self))

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        # What the status line says of links depends on where the focus is: the panel or the text.
        self.post_message(self.StatusChanged(self))

    @on(DocumentView.CursorMoved)
    @on(DocumentView.LinkFocused)
    @on(DocumentView.MatchMoved)
    def _moved(self, event: Message) -> None:
        event.stop()
        self.post_message(self.StatusChanged(self))

    # ------------------------------------------------------------------ find

    @on(DocumentView.FindRequested)
    def _find_requested(self, event: DocumentView.FindRequested) -> None:
        event.stop()
        self.panel.close()
        self.find_bar.open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        display = self.view.display_doc
        if display is None:
            return
        matches = find_all(display, event.query)
        current = matches.after(self.view.cursor_block, 0) if matches.items else None
        self.view.set_matches(matches, current)
        self.find_bar.show_count(self.status_find().partition(": ")[2])

    @on(FindBar.Accepted)
    def _find_accepted(self, event: FindBar.Accepted) -> None:
        event.stop()
        self.find_bar.close()
        self.view.focus()
        if not self.view.matches.items and self.view.matches.query:
            self.notify(f"Not found: {self.view.matches.query}", markup=False)

    @on(FindBar.Closed)
    def _find_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self.find_bar.close()
        self.view.set_matches(Matches(""), None)
        self.view.focus()
