"""The main screen: the document tree, the reading pane, the Vraag/Antwoord pane, a status line.

It opens documents (in a worker: the body is read and prepared off the event loop), keeps
the jump history, and shows the panes `tui.layout` says for the terminal's width. What
happens inside a pane is the pane's business (each says where the focus lands in it); the
screen only hears where to go. What bookmarking or annotating a block means is the user's
data's (`store.userdata`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import DescendantFocus, Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

from store.anchors import Anchor, AnchorError, Place, best_anchor, block_of
from store.collector import collector_paused
from store.errors import KamerlezerError
from store.formats import kind_info
from store.grouping import EntryLike, Group
from store.model import Document
from store.userdata import Marks, UserData
from tui.actions import bindings_for
from tui.display import DocumentDisplay, build_display, note_quote
from tui.fetching import FetchJob, FetchOutcome, report, run_fetch
from tui.history import History, Position
from tui.keymap import active_keys, hint
from tui.layout import PaneName, SidePane, panes_shown, tree_width
from tui.note_session import edit_note
from tui.screens.arrivals import ArrivalsScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.linked import LinkedScreen
from tui.widgets.document_tree import DocumentTree
from tui.widgets.library_pane import LibraryPane
from tui.widgets.pane import Pane, pane_of
from tui.widgets.qa_pane import QAPane
from tui.widgets.reader_pane import ReaderPane, pair_start
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from store.head import Head
    from store.library import Library


@dataclass(frozen=True)
class OpenRequest:
    place: Place
    cite_of: str | None = None  # land on the first reference to this document
    block: int | None = None  # for history: an exact block rather than an anchor


RESUME_DELAY = 0.3  # seconds after the first frame before the last document is opened again


class MainScreen(Screen, inherit_bindings=False):
    """Made once the library is open (the app shows `StartScreen` until then), with the
    library, the user's data, the index rows for the tree, and the place to open first."""

    BINDINGS = bindings_for("main")
    AUTO_FOCUS = ""  # on_mount says where the focus starts (Textual's "*" would pick the hidden filter)

    DEFAULT_CSS = """
    MainScreen > #panes { height: 1fr; }
    MainScreen.-narrow LibraryPane { width: 1fr; border-right: none; }
    MainScreen.-narrow QAPane { width: 1fr; border-left: none; }
    """

    narrow: reactive[bool] = reactive(False, toggle_class="-narrow")
    medium: reactive[bool] = reactive(False, toggle_class="-medium")

    class DocumentReady(Message):
        def __init__(self, request: OpenRequest, serial: int, display: DocumentDisplay, marks: Marks) -> None:
            super().__init__()
            self.request = request
            self.serial = serial
            self.display = display
            self.marks = marks

    class DocumentOpened(Message):
        """A document is shown (the app keeps where the reader was)."""

        def __init__(self, doc_id: str, block: int) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.block = block

    class OpenFailed(Message):
        def __init__(self, serial: int, text: str) -> None:
            super().__init__()
            self.serial = serial
            self.text = text

    class FetchEnded(Message):
        def __init__(self, job: FetchJob, outcome: FetchOutcome) -> None:
            super().__init__()
            self.job = job
            self.outcome = outcome

    class UnseenRead(Message):
        """The documents the user's follows brought that have not been opened (store.follows)."""

        def __init__(self, doc_ids: frozenset[str]) -> None:
            super().__init__()
            self.doc_ids = doc_ids

    def __init__(
        self,
        library: Library,
        userdata: UserData,
        entries: Sequence[EntryLike] = (),
        place: Place | None = None,
        *,
        block: int | None = None,
        entries_stamp: object = None,
        head: Head | None = None,
    ) -> None:
        """`block`: open `place` at this block (where the reader was last time) rather than its anchor.
        `entries_stamp`: the library's stamp when `entries` were read (see `refresh_entries`).
        `head`: a large library's groups (store/head.py), shown until `attach` brings the rows."""
        super().__init__()
        self.library = library
        self.userdata = userdata
        self._entries = entries
        self._head = head
        self._first_place = place
        self._first_block = block
        self._resuming = False  # the last document is about to be opened again
        self.entries_stamp = entries_stamp
        self.history = History()
        self._serial = 0  # the newest open request; older results are dropped
        self._wanted: dict[PaneName, bool] = {"tree": True, "reader": True, "qa": False}  # side panes: `t`, `v`
        self._last_side: SidePane = "tree"
        self._fetch: FetchJob | None = None  # the fetch whose worker has not reported yet
        self._unseen: frozenset[str] = frozenset()  # brought by a follow, not opened yet: marked "new"
        self._seen_here: set[str] = set()  # opened in this run (a read of the user's file begun before misses it)

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield LibraryPane(self._entries, head=self._head, id="library")
            yield ReaderPane(self._title_of, id="reader")
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
        self._update_status()
        # The tree has the focus until the place asked for (if any) is open, from the first frame on:
        # at once, as Widget.focus() would wait its turn in the app's queue.
        self._apply_layout("tree")
        self.set_focus(self.library_pane.focus_target())
        if self._head is None:
            self._open_first(self._first_place, self._first_block)
        # After the first frame: the user's file may be large (notes), and the tree must not wait for it.
        self.call_after_refresh(self._read_unseen)

    def attach(self, entries: Sequence[EntryLike], stamp: object, place: Place | None, block: int | None) -> None:
        """The rows of a library whose tree was drawn from its head: they join their groups (the
        cursor and the open groups stay where they are), then the first place opens."""
        self._head = None
        self.entries_stamp = stamp
        self.library_pane.set_entries(entries)
        self._open_first(place, block)
        self._read_unseen()

    def _open_first(self, place: Place | None, block: int | None) -> None:
        if place is not None and block is not None:
            # Where the user left off: opened once the tree is drawn and has taken the first keys,
            # so that reading a large document does not hold up the start.
            self._resuming = True
            self.call_after_refresh(self.set_timer, RESUME_DELAY, lambda: self._resume(OpenRequest(place, block=block)))
        elif place is not None:
            self.open_place(place, record=False)

    def _title_of(self, doc_id: str) -> str | None:
        entry = self.library.get(doc_id)
        return entry.title if entry is not None else None

    # ------------------------------------------------------------------ state down

    def refresh_entries(self, entries: Sequence[EntryLike] | None = None, stamp: object = None) -> None:
        """Show the library's documents again (`entries`, read when its stamp was `stamp`), the
        tree's cursor staying on the document it was on."""
        tree = self.library_pane.document_tree
        node = tree.cursor_node
        kept = node.data.id if node is not None and node.data is not None and not isinstance(node.data, Group) else None
        if entries is None:
            # The stamp first: a change made between the two is seen again.
            stamp, entries = self.library.stamp, self.library.entries()
        self.entries_stamp = stamp
        self.library_pane.set_entries(entries)
        if kept is not None:
            tree.reveal(kept)
        self._read_unseen()  # what changed the library may be an update that brought something new

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
        place = Anchor.parse(anchor)
        self.reader.go_to(block, from_block=pair_start(display.doc, block) if place.kind == "qa" else None)
        if place.kind == "fn":
            self.reader.show_note(place.value)
        self._show_reader()

    def _resume(self, request: OpenRequest) -> None:
        if self._resuming:  # not when the user has opened something in the meantime
            self._open(request)

    def _open(self, request: OpenRequest) -> None:
        self._resuming = False
        self._serial += 1
        self.status.show(f"Opening {request.place}…")
        self._load(request, self._serial)

    @work(thread=True, exclusive=True, group="open-document")
    def _load(self, request: OpenRequest, serial: int) -> None:
        """Read and prepare a document off the event loop; touch no widget, post the result."""
        library = self.library
        try:
            if library.get(request.place.doc_id) is None:
                raise KamerlezerError(f"{request.place.doc_id}: no such document in the library")
            with collector_paused():  # a long document is thousands of objects in no cycle
                doc = library.load(request.place.doc_id)
                display = build_display(doc)
            marks = self.userdata.marks(doc)
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
        block = request.block
        if block is not None:  # a block kept from an earlier version of the document may be past its end
            block = max(0, min(block, len(event.display.doc.blocks) - 1))
        self.reader.show(
            event.display,
            anchor=request.place.anchor,
            block=block,
            cite_of=request.cite_of,
            marks=event.marks,
        )
        self.qa_pane.show_document(event.display.doc)
        # After the document's first screen: in a large library its group is thousands of nodes.
        self.call_after_refresh(self.library_pane.reveal, event.display.doc.id)
        self._seen(event.display.doc.id)
        self._show_reader()
        position = self.reader.position
        if position is not None:
            self.post_message(self.DocumentOpened(position.doc_id, position.block))

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
        if not self.qa_pane.has_focus_within:
            self.qa_pane.sync_to(self.reader.cursor_qa)

    def _update_status(self) -> None:
        reader = self.reader
        job = self._fetch
        fetching = job.progress(active_keys(self)) if job is not None and not job.cancel.is_set() else ""
        self.status.show(reader.status_position(), fetching, reader.status_link(), reader.status_find())

    # ------------------------------------------------------------------ fetching

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The close key stops a fetch under way wherever the focus is (a priority binding); with
        # none, it is the focused widget's close key as ever.
        if action == "cancel_fetch":
            return self._fetch is not None and not self._fetch.cancel.is_set()
        return True

    def action_fetch(self) -> None:
        """The selected reference's document when the library lacks it; else, in written
        questions, their answer. In a worker: the screen goes on while it comes."""
        if self._fetch is not None:
            said = ("The fetch you stopped is still ending; try again in a moment." if self._fetch.cancel.is_set()
                    else f"Already {self._fetch.progress(active_keys(self))}")  # fmt: skip
            self.notify(said, markup=False)
            return
        wanted = self.reader.fetchable()
        display = self.reader.document
        if wanted is not None:
            job = FetchJob(wanted[0], anchor=wanted[1])
        elif display is not None and kind_info(display.doc.kind).questions == "puts":
            job = FetchJob(display.doc.id, answer_to=True)
        else:
            keys = active_keys(self)
            self.notify(f"Nothing to fetch here: select a reference that is not in the library "
                        f"({hint(keys, 'next_link')}), or open written questions to fetch their answer.",
                        markup=False)  # fmt: skip
            return
        self._fetch = job
        self._update_status()
        self._fetch_in_worker(job)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch_in_worker(self, job: FetchJob) -> None:
        self.post_message(self.FetchEnded(job, run_fetch(self.library, job)))

    def action_cancel_fetch(self) -> None:
        job = self._fetch
        if job is None:
            return
        # Said at once: a request waiting on a slow server ends only when the server answers, and
        # from then on nothing of it is imported (store.fetch.keep refuses after a cancel).
        job.cancel.set()
        self.notify("fetch cancelled; nothing changed", markup=False)
        self._update_status()

    @on(FetchEnded)
    def _fetch_ended(self, event: FetchEnded) -> None:
        job, outcome = event.job, event.outcome
        if job is self._fetch:
            self._fetch = None
        if outcome.entries is not None:  # the new document in the tree now, not at the next look
            self.refresh_entries(outcome.entries, outcome.stamp)
        if job.cancel.is_set():
            if outcome.entries is not None:
                self.notify(f"{job.item}: what had arrived before the fetch stopped is kept in the library",
                            severity="warning", markup=False)  # fmt: skip
            self._update_status()
            return
        said = report(job, outcome)
        for text, severity in said.lines:
            self.notify(text, severity=severity, markup=False)
        self._update_status()
        if said.doc_id is not None:
            self.open_place(Place(said.doc_id, job.anchor))

    # ------------------------------------------------------------------ what is new

    @work(thread=True, exclusive=True, group="unseen", exit_on_error=False)
    def _read_unseen(self) -> None:
        from store.follows import unseen_ids

        try:
            ids = unseen_ids(self.userdata)
        except Exception:  # noqa: BLE001 - a damaged user file is the user file check's to report
            return
        self.post_message(self.UnseenRead(ids))

    @on(UnseenRead)
    def _unseen_read(self, event: UnseenRead) -> None:
        self._unseen = event.doc_ids - self._seen_here
        self.library_pane.set_unseen(self._unseen)
        position = self.reader.position
        if position is not None:
            self._seen(position.doc_id)

    def _seen(self, doc_id: str) -> None:
        """A document is shown: its "new" mark goes at once, the user's file is told in a worker."""
        if doc_id not in self._unseen:
            return
        self._seen_here.add(doc_id)
        self._unseen = self._unseen - {doc_id}
        self.library_pane.set_unseen(self._unseen)
        self._mark_seen(doc_id)

    @work(thread=True, group="mark-seen", exit_on_error=False)
    def _mark_seen(self, doc_id: str) -> None:
        from store.follows import mark_seen

        try:
            mark_seen(self.userdata, [doc_id])
        except KamerlezerError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)

    def show_new_documents(self) -> None:
        """The arrivals not opened yet, newest first, to open one."""
        from store.follows import arrivals

        try:
            waiting = [a for a in arrivals(self.userdata) if a.doc_id not in self._seen_here]
        except KamerlezerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not waiting:
            self.notify("nothing new since you last looked", markup=False)
            return

        def chosen(doc_id: str | None) -> None:
            if doc_id is not None:
                self.open_place(Place(doc_id))

        self.app.push_screen(ArrivalsScreen(waiting, self._title_of), chosen)

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

    def _wanted_panes(self) -> list[Pane]:
        """The panes tab moves between, in order: the side panes only while the user wants them."""
        return [pane for pane in (self.library_pane, self.reader, self.qa_pane) if self._wanted[pane.pane_name]]

    def _current_pane(self) -> PaneName:
        pane = pane_of(self.focused)
        return pane.pane_name if pane is not None else "reader"

    def _cycle(self, step: int) -> None:
        panes = self._wanted_panes()
        names = [pane.pane_name for pane in panes]
        current = self._current_pane()
        index = names.index(current) if current in names else 0
        self._focus_pane(panes[(index + step) % len(panes)])

    def _focus_pane(self, pane: Pane) -> None:
        # Shown first, then focused: a hidden widget refuses the focus (and is laid out at no width).
        self._apply_layout(pane.pane_name)
        pane.focus_within()

    def action_next_pane(self) -> None:
        self._cycle(+1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_toggle_qa(self) -> None:
        self._toggle_side(self.qa_pane)

    def action_toggle_tree(self) -> None:
        self._toggle_side(self.library_pane)

    def _toggle_side(self, pane: Pane) -> None:
        """`v` and `t`: show a side pane (and go there), or put it away."""
        name = pane.pane_name
        if self._wanted[name] and not pane.display:  # hidden by a narrow layout: the key shows it
            self._focus_pane(pane)
            return
        self._wanted[name] = not self._wanted[name]
        if self._wanted[name]:
            self._focus_pane(pane)
            return
        if self._current_pane() == pane.pane_name:
            self._show_reader()
        self._apply_layout()

    def _show_reader(self) -> None:
        self._focus_pane(self.reader)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self._apply_layout()

    def on_resize(self, event: Resize) -> None:
        self._apply_layout()

    def _apply_layout(self, current: PaneName | None = None) -> None:
        """Show the panes `tui.layout` says for this width, `current` the pane that has the focus
        or is about to get it."""
        current = current or self._current_pane()
        shown = panes_shown(self.size.width, self._wanted["tree"], self._wanted["qa"], current, self._last_side)
        self._last_side = shown.last_side
        self.narrow = shown.band == "narrow"
        self.medium = shown.band == "medium"
        # As wide as the reader leaves it (a title line says more the wider it is); alone, the whole width.
        self.library_pane.styles.width = "1fr" if self.narrow else tree_width(self.size.width, shown.qa)
        for pane, show in ((self.library_pane, shown.tree), (self.reader, shown.reader), (self.qa_pane, shown.qa)):
            pane.current = pane.pane_name == current
            pane.display = show

    # ------------------------------------------------------------------ bookmarks, notes, cited by

    def _here(self) -> tuple[Document, int] | None:
        here = self.reader.here
        if here is None:
            self.notify("Open a document first.", markup=False)
        return here

    def _refresh_marks(self) -> None:
        display = self.reader.document
        if display is not None:
            self.reader.set_marks(self.userdata.marks(display.doc))

    def action_bookmark(self) -> None:
        here = self._here()
        if here is None:
            return
        doc, block = here
        try:
            toggled = self.userdata.toggle_bookmark(doc, block)
        except KamerlezerError as exc:
            self.notify(str(exc), title="Bookmark not saved", severity="error", markup=False)
        else:
            place = f"{doc.id}#{toggled.bookmark.anchor}"
            said = f"Bookmarked {place}" if toggled.change == "added" else f"Bookmark removed ({place})"
            self.notify(said, markup=False)
        self._refresh_marks()

    def _annotated(self) -> tuple[Document, int] | None:
        """The block `a` writes on: the question selected in the Vraag/Antwoord pane when that
        pane has the focus (what the user is looking at), else the block under the cursor."""
        here = self._here()
        if here is None:
            return None
        qa = self.qa_pane.selected if self.qa_pane.has_focus_within else None
        return (here[0], here[0].qa[qa].block) if qa is not None else here

    def action_annotate(self) -> None:
        here = self._annotated()
        if here is None:
            return
        doc, block = here
        note = self.userdata.note_on(doc, block)
        anchor = note.anchor if note is not None else best_anchor(doc, block)  # what the block is: qa-19, sec-2
        quote = note_quote(doc, block)
        edit_note(self, self.userdata, (doc, anchor), quote, note, after=self._refresh_marks)

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
        notes = len(self.userdata.notes(doc.id))
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
        try:
            removed = self.library.remove([doc_id])
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
        self.library_pane.focus_within()

    def _open_document(self) -> Document | None:
        display = self.reader.document
        if display is None:
            self.notify("Open a document first.", markup=False)
            return None
        return display.doc

    def _linked(self, doc: Document, title: str, ids: tuple[str, ...], *, opens: str, empty: str,
                cite_of: str | None = None) -> None:  # fmt: skip
        """The documents `ids` in a list to open one; the only one opens at once where the list
        would offer nothing else to choose."""
        entries = [e for e in (self.library.get(i) for i in ids) if e is not None]

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
