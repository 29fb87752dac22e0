"""The document tree: library entries grouped by dossier, kind or year, newest first.

Groups are filled only when they open, so a library of 10,000 documents shows at once:
start-up makes one node per group, and a group's documents become nodes when it expands.

A document the user's follows brought and the user has not opened yet (which ones is
store.follows's to say; the screen hands them down) carries a mark before its line, and its
group says how many it holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.actions import bindings_for
from tui.messages import BurstMessage, WidgetMessage
from tui.tree_model import GROUPINGS, EntryLike, Group, entry_line, filter_entries, group_entries

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

    def __init__(self, entries: Sequence[EntryLike] = (), *, id: str | None = None) -> None:
        super().__init__("Library", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = True
        self._entries: list[EntryLike] = list(entries)
        self.grouping = GROUPINGS[0]
        self.filter_text = ""
        self._unseen: frozenset[str] = frozenset()

    def on_mount(self) -> None:
        self._rebuild()

    # ------------------------------------------------------------------ state down

    def set_entries(self, entries: Sequence[EntryLike]) -> None:
        self._entries = list(entries)
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._rebuild()

    def set_unseen(self, doc_ids: frozenset[str]) -> None:
        """Mark these documents new (and only these); the lines whose mark changed are drawn again."""
        changed = doc_ids ^ self._unseen
        if not changed:
            return
        self._unseen = doc_ids
        for group_node in self.root.children:
            group = group_node.data
            if not isinstance(group, Group) or not any(e.id in changed for e in group.entries):
                continue
            group_node.set_label(self._group_label(group))
            for leaf in group_node.children:
                if leaf.data is not None and not isinstance(leaf.data, Group) and leaf.data.id in changed:
                    leaf.set_label(self._entry_label(leaf.data))

    def is_unseen(self, doc_id: str) -> bool:
        return doc_id in self._unseen

    def set_grouping(self, grouping: str) -> None:
        self.grouping = grouping
        self._rebuild()

    def reveal(self, doc_id: str) -> None:
        """Put the cursor on the document (opening its group), if the tree shows it."""
        for group_node in self.root.children:
            group = group_node.data
            if isinstance(group, Group) and any(e.id == doc_id for e in group.entries):
                self._fill(group_node)
                group_node.expand()
                for leaf in group_node.children:
                    if leaf.data is not None and not isinstance(leaf.data, Group) and leaf.data.id == doc_id:
                        self.call_after_refresh(self.move_cursor, leaf)
                        return

    @property
    def first_document(self) -> str | None:
        for group_node in self.root.children:
            group = group_node.data
            if isinstance(group, Group) and group.entries:
                return group.entries[0].id
        return None

    # ------------------------------------------------------------------ building

    def _rebuild(self) -> None:
        filtering = bool(self.filter_text.strip())
        found = filter_entries(self._entries, self.filter_text) if filtering else None
        shown = found.entries if found else self._entries
        groups = group_entries(shown, self.grouping, ranked=filtering)  # filtered: the best match on top
        self.clear()
        open_all = bool(self.filter_text.strip()) or len(shown) <= SMALL_LIBRARY
        for group in groups:
            node = self.root.add(self._group_label(group), data=group, allow_expand=True)
            if open_all:
                self._fill(node)
                node.expand()
        # The cursor starts on the newest document (or the first group of a large library).
        self.cursor_line = 1 if open_all and groups else 0
        matched = found.matched if found else len(shown)
        self.post_message(self.Regrouped(self, self.grouping, len(shown), len(self._entries), matched))

    def _fill(self, node: TreeNode[TreeData]) -> None:
        group = node.data
        if not isinstance(group, Group) or node.children:
            return
        for entry in group.entries:
            node.add_leaf(self._entry_label(entry), data=entry)

    def _group_label(self, group: Group) -> Text:
        label = Text(end="")
        label.append(group.label, style="bold")
        label.append(f"  {len(group.entries)}", style="dim")
        new = sum(1 for e in group.entries if e.id in self._unseen) if self._unseen else 0
        if new:
            label.append(f"  {NEW_MARK} {new} new", style="bold")
        return label

    def _entry_label(self, entry: EntryLike) -> Text:
        line = entry_line(entry)
        label = Text(end="", no_wrap=True, overflow="ellipsis")
        if entry.id in self._unseen:
            label.append(f"{NEW_MARK} ", style="bold")
        label.append(line[:16], style="dim")
        label.append(line[16:])
        return label

    def render_label(self, node: TreeNode[TreeData], base_style: Style, style: Style) -> Text:
        """A document's line ends in "…" where the pane cuts it, so a cut title shows it is cut."""
        label = super().render_label(node, base_style, style)
        room = self.scrollable_content_region.width - _depth(node) * self.guide_depth
        if room > 1 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")
        return label

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
