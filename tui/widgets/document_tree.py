"""The document tree: library entries grouped by dossier, kind or year, newest first.

Groups are filled only when they open, so a library of 10,000 documents shows at once:
start-up makes one node per group, and a group's documents become nodes when it expands.
A library of 100,000 documents is first shown from its head (store/head.py: the groups and
their counts, no documents); when the rows come (`set_entries`), the tree is filled again
with the same groups open and the cursor where it was.

A document the user's follows brought and the user has not opened yet (which ones is
store.follows's to say; the screen hands them down) carries a mark before its line, and its
group says how many it holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span, Text
from textual import on
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from store.grouping import GROUPINGS, EntryLike, Group, group_entries, groups_of, parts_of
from tui.actions import bindings_for

if TYPE_CHECKING:
    from store.head import Head
from tui.messages import BurstMessage, WidgetMessage
from tui.tree_model import entry_line, filter_entries

SMALL_LIBRARY = 60  # up to this many documents, every group starts open
NEW_MARK = "●"  # before a document not opened since a follow brought it

TreeData = Group | EntryLike


def _depth(node: TreeNode[TreeData]) -> int:
    """1 for a group, 2 for a document: how many guides indent its line below the hidden root."""
    depth = 0
    while node.parent is not None:
        node = node.parent
        depth += 1
    return depth


class DocumentTree(Tree[TreeData], inherit_bindings=False):
    BINDINGS = bindings_for("tree")

    DEFAULT_CSS = """
    DocumentTree { background: $surface; overflow-x: hidden; }
    DocumentTree > .tree--cursor { text-style: bold reverse; }
    DocumentTree:blur > .tree--cursor { text-style: bold; }
    """

    class DocumentChosen(WidgetMessage):
        def __init__(self, tree: DocumentTree, doc_id: str) -> None:
            super().__init__(tree)
            self.doc_id = doc_id

    class FilterRequested(WidgetMessage):
        pass

    class Regrouped(BurstMessage):
        """The tree was filled again (new entries, a filter, a grouping): what it shows now."""

        def __init__(self, tree: DocumentTree, grouping: str, shown: int, total: int, matched: int) -> None:
            super().__init__(tree)
            self.grouping = grouping
            self.shown = shown
            self.total = total
            self.matched = matched  # a filter's matches, of which the best `shown` are in the tree

    _adding_nodes = 0  # how deep inside _adding(); on the class: Tree's __init__ already invalidates
    _lines_width = 0  # the pane's width as Tree last built its lines (_build)

    def __init__(self, entries: Sequence[EntryLike] = (), *, head: Head | None = None, id: str | None = None) -> None:
        super().__init__("Library", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = True
        self._entries: list[EntryLike] = list(entries)
        self._entries_by_id: dict[str, EntryLike] | None = None
        self._head = head  # until the rows are set: the groups to show
        self.grouping = GROUPINGS[0]
        self.filter_text = ""
        self._unseen: frozenset[str] = frozenset()

    def on_mount(self) -> None:
        self._rebuild()

    # ------------------------------------------------------------------ state down

    def set_entries(self, entries: Sequence[EntryLike]) -> None:
        """The library's documents now: the groups that were open stay open, the cursor stays on
        what it was on (a document, else its group), wherever they are now."""
        self._entries = list(entries)
        self._entries_by_id = None
        self._head = None
        self._rebuild(keep=True)

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._rebuild()

    def set_unseen(self, doc_ids: frozenset[str]) -> None:
        """Mark these documents new (and only these); the lines whose mark changed are drawn again."""
        changed = doc_ids ^ self._unseen
        if not changed:
            return
        self._unseen = doc_ids
        with self._adding():
            self._mark_unseen(self.root, changed)

    def _mark_unseen(self, parent: TreeNode[TreeData], changed: frozenset[str]) -> None:
        for node in parent.children:
            data = node.data
            if isinstance(data, Group):
                if any(e.id in changed for e in data.entries):
                    node.set_label(self._group_label(data))
                    self._mark_unseen(node, changed)
            elif data is not None and data.id in changed:
                node.set_label(self._entry_label(data))

    def is_unseen(self, doc_id: str) -> bool:
        return doc_id in self._unseen

    def set_grouping(self, grouping: str) -> None:
        self.grouping = grouping
        self._rebuild()

    def reveal(self, doc_id: str) -> None:
        """Put the cursor on the document (opening its group, and the year or month of a large
        one, that holds it), if the tree shows it."""
        entry = self._by_id().get(doc_id)
        if entry is None:
            return
        # Its groups by their keys: looking through every group's documents was most of opening
        # a document in a library of 100,000. Within a group, its years and months are looked through.
        keys = {key for key, _ in groups_of(entry, self.grouping)}
        parent = self.root
        while True:
            for node in parent.children:
                data = node.data
                if isinstance(data, Group) and (
                    data.key in keys if parent is self.root else any(e.id == doc_id for e in data.entries)
                ):
                    self._fill(node)
                    node.expand()
                    parent = node
                    break
                if data is not None and not isinstance(data, Group) and data.id == doc_id:
                    self.call_after_refresh(self.move_cursor, node)
                    return
            else:
                return

    def _by_id(self) -> dict[str, EntryLike]:
        """The entries by id, made at the first use after they were set."""
        if self._entries_by_id is None:
            self._entries_by_id = {e.id: e for e in self._entries}
        return self._entries_by_id

    @property
    def first_document(self) -> str | None:
        for group_node in self.root.children:
            group = group_node.data
            if isinstance(group, Group) and group.entries:
                return group.entries[0].id
        return None

    # ------------------------------------------------------------------ building

    def _rebuild(self, keep: bool = False) -> None:
        if self._head is not None:
            self._show_head(self._head)
            return
        was_open, was_on = self._state() if keep else (set(), None)
        filtering = bool(self.filter_text.strip())
        found = filter_entries(self._entries, self.filter_text) if filtering else None
        shown = found.entries if found else self._entries
        groups = group_entries(shown, self.grouping, ranked=filtering)  # filtered: the best match on top
        self.clear()
        open_all = bool(self.filter_text.strip()) or len(shown) <= SMALL_LIBRARY
        with self._adding():
            for group in groups:
                node = self.root.add(self._group_label(group), data=group, allow_expand=True)
                if open_all or group.key in was_open:
                    self._open(node, was_open)
        cursor = self._node_for(was_on) if was_on is not None else None
        # The cursor starts on the newest document (or the first group of a large library).
        self.cursor_line = 1 if open_all and groups else 0
        if cursor is not None:
            self.call_after_refresh(self.move_cursor, cursor)
        matched = found.matched if found else len(shown)
        self.post_message(self.Regrouped(self, self.grouping, len(shown), len(self._entries), matched))

    def _show_head(self, head: Head) -> None:
        """The head's groups, closed (their documents come with the rows)."""
        self.clear()
        with self._adding():
            for group in head.groupings.get(self.grouping, ()):
                self.root.add(self._group_label(group), data=group, allow_expand=True)
        self.cursor_line = 0
        self.post_message(self.Regrouped(self, self.grouping, head.documents, head.documents, head.documents))

    def _open(self, node: TreeNode[TreeData], was_open: set[str]) -> None:
        """Fill and open a group, and the years or months in it that were open."""
        self._fill(node)
        node.expand()
        for part in node.children:
            if isinstance(part.data, Group) and part.data.key in was_open:
                self._open(part, was_open)

    def _groups(self) -> Iterator[TreeNode[TreeData]]:
        """The group nodes the tree holds, of every depth (the years and months of a large group
        once it has been opened)."""
        nodes = list(self.root.children)
        while nodes:
            node = nodes.pop()
            if isinstance(node.data, Group):
                yield node
                nodes.extend(c for c in node.children if isinstance(c.data, Group))

    def _state(self) -> tuple[set[str], tuple[str, str | None] | None]:
        """The keys of the open groups, and what the cursor is on: (group key, document id or None)."""
        was_open = {n.data.key for n in self._groups() if isinstance(n.data, Group) and n.is_expanded}
        node = self.cursor_node
        if node is None or node.data is None:
            return was_open, None
        if isinstance(node.data, Group):
            return was_open, (node.data.key, None)
        parent = node.parent.data if node.parent is not None else None
        return was_open, (parent.key if isinstance(parent, Group) else "", node.data.id)

    def _node_for(self, was_on: tuple[str, str | None]) -> TreeNode[TreeData] | None:
        key, doc_id = was_on
        for node in self._groups():
            if isinstance(node.data, Group) and node.data.key == key:
                if doc_id is None:
                    return node
                return next((leaf for leaf in node.children if getattr(leaf.data, "id", None) == doc_id), None)
        return None

    def _fill(self, node: TreeNode[TreeData]) -> None:
        group = node.data
        if not isinstance(group, Group) or node.children:
            return
        # A large group opens into its years or months (not while filtering: the best match first).
        parts = parts_of(group) if not self.filter_text.strip() else ()
        with self._adding():
            for part in parts:
                node.add(self._group_label(part), data=part, allow_expand=True)
            for entry in group.entries if not parts else ():
                node.add_leaf(self._entry_label(entry), data=entry)

    @contextmanager
    def _adding(self) -> Iterator[None]:
        """Nodes added in one go: Tree drops its line cache and asks for a layout after every
        node it adds, which made a group of 20,000 documents take a second to open; here once."""
        self._adding_nodes += 1
        try:
            yield
        finally:
            self._adding_nodes -= 1
            self._invalidate()

    def _invalidate(self) -> None:
        if not self._adding_nodes:
            super()._invalidate()

    def process_label(self, label: str | Text) -> Text:
        # Our labels are one line of Text already (entry_line, _group_label): not split again.
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def _group_label(self, group: Group) -> Text:
        label = Text(end="")
        label.append(group.label, style="bold")
        label.append(f"  {group.count}", style="dim")
        new = sum(1 for e in group.entries if e.id in self._unseen) if self._unseen else 0
        if new:
            label.append(f"  {NEW_MARK} {new} new", style="bold")
        return label

    def _entry_label(self, entry: EntryLike) -> Text:
        # Made straight from its spans: a group of 20,000 documents makes 20,000 labels as it opens.
        mark = f"{NEW_MARK} " if entry.id in self._unseen else ""
        line = entry_line(entry)
        dim = len(mark) + min(16, len(line))
        spans = [Span(0, len(mark), "bold"), Span(len(mark), dim, "dim")] if mark else [Span(0, dim, "dim")]
        return Text(mark + line, end="", no_wrap=True, overflow="ellipsis", spans=spans)

    def render_label(self, node: TreeNode[TreeData], base_style: Style, style: Style) -> Text:
        """A document's line ends in "…" where the pane cuts it, so a cut title shows it is cut."""
        label = super().render_label(node, base_style, style)
        room = self._room(node)
        if room > 1 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")
        return label

    def get_label_width(self, node: TreeNode[TreeData]) -> int:
        """What `render_label` gives, without rendering it: Tree asks this of every line each time
        its lines change, which for an open group of 20,000 documents was most of opening it."""
        icon = cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE) if node.allow_expand else 0
        width = icon + node._label.cell_len
        room = self._room(node, self._lines_width)
        return min(width, room) if room > 1 else width

    def _build(self) -> None:
        # The pane's width once for all the lines get_label_width is asked about (Tree's own build).
        self._lines_width = self.scrollable_content_region.width
        super()._build()

    def _room(self, node: TreeNode[TreeData], width: int | None = None) -> int:
        """How many cells a node's label has beside its guides."""
        width = self.scrollable_content_region.width if width is None else width
        return width - _depth(node) * self.guide_depth

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[TreeData]) -> None:
        self._fill(event.node)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[TreeData]) -> None:
        event.stop()
        data = event.node.data
        if data is not None and not isinstance(data, Group):
            self.post_message(self.DocumentChosen(self, data.id))

    # ------------------------------------------------------------------ actions (keys)

    def action_expand(self) -> None:
        node = self.cursor_node
        if node is not None and isinstance(node.data, Group):
            self._fill(node)
            node.expand()

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if isinstance(node.data, Group):
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_cycle_grouping(self) -> None:
        self.set_grouping(GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)])
        self.notify(f"Grouped by {self.grouping}", markup=False)

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested(self))
