"""The main screen: the document tree, the reading pane, the Vraag/Antwoord pane, a status line.

It opens documents (in a worker: the body is read and prepared off the event loop), keeps
the jump history, and lays the panes out for the terminal's width. What happens inside a
pane is the pane's business; the screen only hears where to go.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import DescendantFocus, Resize
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from store.anchors import Anchor, AnchorError, Place, anchor_for_block, block_of
from store.errors import KamerlezerError
from store.formats import kind_info
from store.model import Document
from store.userdata import quote_of
from tui.actions import bindings_for
from tui.display import DocumentDisplay, build_display
from tui.history import History, Position
from tui.note_session import edit_note
from tui.screens.confirm import ConfirmScreen
from tui.screens.linked import LinkedScreen
from tui.services import Services
from tui.widgets.document_tree import DocumentTree
from tui.widgets.document_view import Marks
from tui.widgets.library_pane import LibraryPane
from tui.widgets.qa_pane import QAPane
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.status_line import StatusLine

WIDE = 150  # from here on, three panes side by side
NARROW = 100  # below this, one pane at a time


@dataclass(frozen=True)
class OpenRequest:
    place: Place
    cite_of: str | None = None  # land on the first reference to this document
    block: int | None = None  # for history: an exact block rather than an anchor


def marks_for(services: Services, doc: Document) -> Marks:
    """The blocks of `doc` that carry a note or a bookmark (anchors that no longer fit are skipped)."""

    def blocks(anchors: list[str]) -> frozenset[int]:
        found = set()
        for anchor in anchors:
            try:
                found.add(block_of(doc, anchor))
            except AnchorError:
                continue
        return frozenset(found)

    user = services.userdata
    return Marks(
        noted=blocks([n.anchor for n in user.notes(doc.id)]),
        bookmarked=blocks([b.anchor for b in user.bookmarks(doc.id)]),
    )


class MainScreen(Screen, inherit_bindings=False):
    BINDINGS = bindings_for("main")

    DEFAULT_CSS = """
    MainScreen > #panes { height: 1fr; }
    MainScreen.-medium LibraryPane { width: 38; }
    MainScreen.-narrow LibraryPane { width: 1fr; border-right: none; }
    MainScreen.-narrow QAPane { width: 1fr; border-left: none; }
    """

    class DocumentReady(Message):
        def __init__(self, request: OpenRequest, serial: int, display: DocumentDisplay, marks: Marks) -> None:
            super().__init__()
            self.request = request
            self.serial = serial
            self.display = display
            self.marks = marks

    class OpenFailed(Message):
        def __init__(self, serial: int, text: str) -> None:
            super().__init__()
            self.serial = serial
            self.text = text

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.history = History()
        self._serial = 0  # the newest open request; older results are dropped
        self._want_tree = True
        self._want_qa = False
        self._last_side = "tree"
        self._pending: OpenRequest | None = None
        self._ready = False  # composed and mounted
        self._deferred: tuple[list, Place | None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield LibraryPane(id="library")
            yield ReaderPane(id="reader")
            yield QAPane(id="qa")
        yield StatusLine(id="status")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def library_pane(self) -> LibraryPane:
        return self.query_one(LibraryPane)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one(ReaderPane)

    @property
    def qa_pane(self) -> QAPane:
        return self.query_one(QAPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self._ready = True
        self.reader.title_of = self._title_of
        self.library_pane.document_tree.focus()
        self._update_status()
        self._apply_layout()
        if self._deferred is not None:  # the library opened before this screen was composed
            entries, place = self._deferred
            self._deferred = None
            self.library_ready(entries, place)

    def _title_of(self, doc_id: str) -> str | None:
        library = self.services.library
        entry = library.get(doc_id) if library is not None else None
        return entry.title if entry is not None else None

    # ------------------------------------------------------------------ state down

    def library_ready(self, entries: list, place: Place | None = None) -> None:
        """The library is open: fill the tree, and open `place` if one was asked for."""
        if not self._ready:
            self._deferred = (entries, place)
            return
        self.library_pane.set_entries(entries)
        if place is not None:
            self.open_place(place, record=False)
        elif self._pending is not None:
            request, self._pending = self._pending, None
            self._open(request)
        else:
            self.library_pane.document_tree.focus()

    def refresh_entries(self) -> None:
        if self.services.library is not None:
            self.library_pane.set_entries(self.services.library.entries())

    def open_place(self, place: Place, *, record: bool = True, cite_of: str | None = None) -> None:
        """Go to a place: in the open document at once, another document through the loader."""
        current = self.reader.position
        if record:
            self.history.visit(current)
        if current is not None and place.doc_id == current.doc_id and cite_of is None:
            self._jump_within(place.anchor)
            return
        self._open(OpenRequest(place, cite_of))

    def _jump_within(self, anchor: str | None) -> None:
        display = self.reader.document
        if display is None:
            return
        if anchor is None:
            self.reader.go_to(0)
            return
        try:
            block = block_of(display.doc, anchor)
        except AnchorError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.reader.go_to(block)
        place = Anchor.parse(anchor)
        if place.kind == "fn":
            self.reader.show_note(place.value)
        self._show_reader()

    def _open(self, request: OpenRequest) -> None:
        if self.services.library is None:  # still opening: do it when ready
            self._pending = request
            return
        self._serial += 1
        self.status.show(f"Opening {request.place}…")
        self._load(request, self._serial)

    @work(thread=True, exclusive=True, group="open-document")
    def _load(self, request: OpenRequest, serial: int) -> None:
        """Read and prepare a document off the event loop; touch no widget, post the result."""
        library = self.services.library
        assert library is not None
        try:
            if library.get(request.place.doc_id) is None:
                raise KamerlezerError(f"{request.place.doc_id}: no such document in the library")
            doc = library.load(request.place.doc_id)
            display = build_display(doc)
            marks = marks_for(self.services, doc)
        except KamerlezerError as exc:
            self.post_message(self.OpenFailed(serial, str(exc)))
            return
        except Exception as exc:  # a damaged body must not take the reader down with a traceback
            self.post_message(self.OpenFailed(serial, f"{request.place.doc_id}: {exc.__class__.__name__}: {exc}"))
            return
        self.post_message(self.DocumentReady(request, serial, display, marks))

    @on(DocumentReady)
    def _document_ready(self, event: DocumentReady) -> None:
        if event.serial != self._serial:
            return
        request = event.request
        self.reader.show(
            event.display,
            anchor=request.place.anchor,
            block=request.block,
            cite_of=request.cite_of,
            marks=event.marks,
        )
        self.qa_pane.show_document(event.display.doc)
        self.library_pane.document_tree.reveal(event.display.doc.id)
        self._show_reader()

    @on(OpenFailed)
    def _open_failed(self, event: OpenFailed) -> None:
        if event.serial == self._serial:
            self.notify(event.text, title="Cannot open", severity="error", markup=False)
            self._update_status()

    # ------------------------------------------------------------------ messages up

    @on(DocumentTree.DocumentChosen)
    def _chosen_in_tree(self, event: DocumentTree.DocumentChosen) -> None:
        event.stop()
        self.open_place(Place(event.doc_id))

    @on(ReaderPane.Navigate)
    def _navigate(self, event: ReaderPane.Navigate) -> None:
        event.stop()
        self.open_place(event.place)

    @on(QAPane.Chosen)
    def _question_chosen(self, event: QAPane.Chosen) -> None:
        event.stop()
        display = self.reader.document
        if display is None:
            return
        self.history.visit(self.reader.position)
        self.reader.go_to(display.doc.qa[event.qa].block)
        self._show_reader()

    @on(ReaderPane.StatusChanged)
    def _status_changed(self, event: ReaderPane.StatusChanged) -> None:
        event.stop()
        self._update_status()
        display = self.reader.document
        if display is not None and display.doc.blocks and not self.qa_pane.has_focus_within:
            self.qa_pane.sync_to(display.doc.blocks[self.reader.view.cursor_block].qa)

    def _update_status(self) -> None:
        reader = self.reader
        self.status.show(reader.status_position(), reader.status_link(), reader.status_find())

    # ------------------------------------------------------------------ history

    def _go(self, target: Position | None, word: str) -> None:
        if target is None:
            self.notify(f"Nothing to go {word} to.", markup=False)
            return
        current = self.reader.position
        if current is not None and current.doc_id == target.doc_id:
            self.reader.go_to(target.block)
            self._show_reader()
        else:
            self._open(OpenRequest(Place(target.doc_id), block=target.block))

    def action_back(self) -> None:
        self._go(self.history.back(self.reader.position), "back")

    def action_forward(self) -> None:
        self._go(self.history.forward(self.reader.position), "forward")

    # ------------------------------------------------------------------ panes

    def _pane_targets(self) -> list[tuple[str, Widget]]:
        panes: list[tuple[str, Widget]] = []
        if self._want_tree:
            pane = self.library_pane
            panes.append(("tree", pane.document_tree))
        panes.append(("reader", self._reader_focus_target()))
        if self._want_qa:
            panes.append(("qa", self.qa_pane.questions))
        return panes

    def _reader_focus_target(self) -> Widget:
        panel = self.reader.panel
        return panel if panel.is_open else self.reader.view

    def _current_pane(self) -> str:
        focused = self.focused
        if focused is None:
            return "reader"
        for node in focused.ancestors_with_self:
            if isinstance(node, LibraryPane):
                return "tree"
            if isinstance(node, QAPane):
                return "qa"
        return "reader"

    def _cycle(self, step: int) -> None:
        panes = self._pane_targets()
        names = [name for name, _ in panes]
        current = self._current_pane()
        index = names.index(current) if current in names else 0
        name, widget = panes[(index + step) % len(panes)]
        self._focus_pane(name, widget)

    def _focus_pane(self, name: str, widget: Widget) -> None:
        if name in ("tree", "qa"):
            self._last_side = name
        # Shown first, then focused: a hidden widget refuses the focus (and is laid out at no width).
        self._apply_layout(name)
        widget.focus()

    def action_next_pane(self) -> None:
        self._cycle(+1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_toggle_qa(self) -> None:
        if self._want_qa and not self.qa_pane.display:  # hidden by a narrow layout: the key shows it
            self._focus_pane("qa", self.qa_pane.questions)
            return
        self._want_qa = not self._want_qa
        if self._want_qa:
            self._focus_pane("qa", self.qa_pane.questions)
        else:
            if self._current_pane() == "qa":
                self._show_reader()
            self._apply_layout()

    def action_toggle_tree(self) -> None:
        if self._want_tree and not self.library_pane.display:  # hidden by a narrow layout: the key shows it
            self._focus_pane("tree", self.library_pane.document_tree)
            return
        self._want_tree = not self._want_tree
        if self._want_tree:
            self._focus_pane("tree", self.library_pane.document_tree)
        else:
            if self._current_pane() == "tree":
                self._show_reader()
            self._apply_layout()

    def _show_reader(self) -> None:
        self._apply_layout("reader")
        self._reader_focus_target().focus()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self._apply_layout()

    def on_resize(self, event: Resize) -> None:
        self._apply_layout()

    def _apply_layout(self, current: str | None = None) -> None:
        """Which panes show: all that are wanted when wide; the reader and one side pane in
        between; at 80 columns the pane that has the focus (or is about to), and nothing else."""
        width = self.size.width
        self.set_class(width < NARROW, "-narrow")
        self.set_class(NARROW <= width < WIDE, "-medium")
        current = current or self._current_pane()
        if current in ("tree", "qa"):
            self._last_side = current
        show = {"tree": self._want_tree, "reader": True, "qa": self._want_qa}
        if width < NARROW:
            show = {name: name == current for name in show}
        elif width < WIDE and show["tree"] and show["qa"]:
            hidden = "qa" if self._last_side == "tree" else "tree"
            show[hidden] = False
        # A class, not :focus-within: Textual does not restyle a pane's title when the focus moves.
        self.library_pane.set_class(current == "tree", "-focused")
        self.qa_pane.set_class(current == "qa", "-focused")
        self.library_pane.display = show["tree"]
        self.reader.display = show["reader"]
        self.qa_pane.display = show["qa"]

    # ------------------------------------------------------------------ bookmarks, notes, cited by

    def _current_block(self) -> tuple[Document, int] | None:
        display = self.reader.document
        if display is None or not display.doc.blocks:
            self.notify("Open a document first.", markup=False)
            return None
        return display.doc, self.reader.view.cursor_block

    def _refresh_marks(self) -> None:
        display = self.reader.document
        if display is not None:
            self.reader.set_marks(marks_for(self.services, display.doc))

    def action_bookmark(self) -> None:
        here = self._current_block()
        if here is None:
            return
        doc, block = here
        user = self.services.userdata
        anchor = anchor_for_block(block)
        existing = [b for b in user.bookmarks(doc.id) if _same_block(doc, b.anchor, block)]
        try:
            if existing:
                for bookmark in existing:
                    user.remove_bookmark(bookmark.id)
                self.notify(f"Bookmark removed ({doc.id}#{anchor})", markup=False)
            else:
                user.add_bookmark(doc.id, anchor, quote=quote_of(doc.blocks[block].text))
                self.notify(f"Bookmarked {doc.id}#{anchor}", markup=False)
        except KamerlezerError as exc:
            self.notify(str(exc), title="Bookmark not saved", severity="error", markup=False)
        self._refresh_marks()

    def action_annotate(self) -> None:
        here = self._current_block()
        if here is None:
            return
        doc, block = here
        user = self.services.userdata
        notes = [n for n in user.notes(doc.id) if _same_block(doc, n.anchor, block)]
        note = notes[-1] if notes else None
        anchor = note.anchor if note is not None else anchor_for_block(block)
        quote = quote_of(doc.blocks[block].text)
        edit_note(self, user, (doc.id, anchor), quote, note, after=self._refresh_marks)

    def action_cited_by(self) -> None:
        doc = self._open_document()
        if doc is not None:
            self._linked(doc, "Cited by", doc.cited_by, opens="open at the citation",
                         empty="No document in the library cites this one.", cite_of=doc.id)  # fmt: skip

    def action_answers(self) -> None:
        doc = self._open_document()
        if doc is None:
            return
        side = kind_info(doc.kind).questions
        if side == "puts":
            self._linked(doc, "Answered in", doc.answered_in, opens="open the answer",
                         empty="No answer to these questions in the library.")  # fmt: skip
        elif side == "answers":
            self._linked(doc, "The questions", doc.questions_in, opens="open the questions",
                         empty="The questions are not in the library as a document of their own.")  # fmt: skip
        else:
            self.notify("This document neither puts nor answers written questions.", markup=False)

    def action_remove_document(self) -> None:
        doc = self._open_document()
        if doc is None:
            return
        notes = len(self.services.userdata.notes(doc.id))
        kept = {0: "", 1: " Your note on it stays in your notes list."}.get(
            notes, f" Your {notes} notes on it stay in your notes list.")

        def answer(yes: bool | None) -> None:
            if yes:
                self._remove(doc.id)

        self.app.push_screen(
            ConfirmScreen(f"Remove {doc.id} from the library?",
                          f"{doc.title}\nIts text and index entry go; importing its file again brings it back.{kept}"),
            answer,
        )  # fmt: skip

    def _remove(self, doc_id: str) -> None:
        library = self.services.library
        assert library is not None
        try:
            removed = library.remove([doc_id])
        except (KamerlezerError, OSError) as exc:
            self.notify(str(exc), title="Not removed", severity="error", markup=False)
            return
        if not removed:
            self.notify(f"{doc_id} was not in the library any more.", markup=False)
        self.refresh_entries()
        self.reader.clear()
        self.qa_pane.show_document(None)
        self.history.forget(doc_id)
        self.notify(f"Removed {doc_id} from the library.", markup=False)
        self.library_pane.document_tree.focus()

    def _open_document(self) -> Document | None:
        display = self.reader.document
        if display is None or self.services.library is None:
            self.notify("Open a document first.", markup=False)
            return None
        return display.doc

    def _linked(self, doc: Document, title: str, ids: tuple[str, ...], *, opens: str, empty: str,
                cite_of: str | None = None) -> None:  # fmt: skip
        """The documents `ids` in a list to open one; the only one opens at once where the list
        would offer nothing else to choose."""
        library = self.services.library
        assert library is not None
        entries = [e for e in (library.get(i) for i in ids) if e is not None]

        def chosen(doc_id: str | None) -> None:
            if doc_id is not None:
                self.open_place(Place(doc_id), cite_of=cite_of)

        if len(entries) == 1 and cite_of is None:
            chosen(entries[0].id)
            return
        self.app.push_screen(LinkedScreen(title, entries, opens=opens, empty=empty), chosen)

    def refresh_user_marks(self) -> None:
        """Notes or bookmarks changed elsewhere (the list screens)."""
        self._refresh_marks()


def _same_block(doc: Document, anchor: str, block: int) -> bool:
    try:
        return block_of(doc, anchor) == block
    except AnchorError:
        return False
