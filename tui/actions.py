"""The one registry of what a key can do in the reader.

Every key binding of the app is made here, from this table: an action has a name (what
key map files and the user's config call it), a description (what the help screen shows)
and, per scope, the Textual action it runs there. Which keys trigger it is data, in
`keymaps/*.toml`; widgets take their `BINDINGS` from `bindings_for(scope)`, each binding
with the action name as its id, so `App.set_keymap` can rebind it.

A scope is a place where keys are read: the whole app, the main screen, the reading pane,
a list, a dialog. Scopes nest (`PARENTS`): a key bound in a scope shadows the same key
in the scopes around it, which is what makes two bindings of one key clash.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from textual.binding import Binding, BindingType

# Where keys are read, with a title for the help screen, in the order the help shows them.
SCOPES: dict[str, str] = {
    "app": "Everywhere",
    "main": "Main screen",
    "reader": "Reading pane",
    "panel": "Footnote / reference panel",
    "find": "Find bar",
    "tree": "Document tree",
    "filter": "Tree filter",
    "list": "Lists (questions, results, bookmarks, notes)",
    "dialog": "Dialogs",
    "marks": "Bookmark and note lists",
    "search": "Library search",
    "editor": "Note editor",
    "confirm": "Confirmation",
}

# The scopes around each scope: its bindings shadow theirs.
PARENTS: dict[str, tuple[str, ...]] = {
    "app": (),
    "main": ("app",),
    "reader": ("main",),
    "panel": ("main",),
    "find": ("main",),
    "tree": ("main",),
    "filter": ("main",),
    "list": ("main", "dialog"),
    "dialog": ("app",),
    "marks": ("dialog",),
    "search": ("dialog",),
    "editor": ("dialog",),
    "confirm": ("dialog",),
}


@dataclass(frozen=True)
class Target:
    """What an action does in one scope: the Textual action to run, and how the help says it."""

    method: str
    description: str | None = None  # None: the action's own description
    # Checked before the focused widget's keys (Textual's priority binding): for what must take a
    # key wherever the focus is, and lets it pass on (its check_action says no) when it has nothing to do.
    priority: bool = False


@dataclass(frozen=True)
class Action:
    name: str
    description: str
    targets: Mapping[str, Target] = field(default_factory=dict)
    footer: str | None = None  # a short label: the action is shown in the footer

    def description_in(self, scope: str) -> str:
        return self.targets[scope].description or self.description


def _action(
    name: str, description: str, footer: str | None = None, **targets: str | tuple[str, str] | Target
) -> Action:
    made = {
        scope: spec if isinstance(spec, Target) else Target(*spec) if isinstance(spec, tuple) else Target(spec)
        for scope, spec in targets.items()
    }
    return Action(name, description, made, footer)


ACTIONS: tuple[Action, ...] = (
    # Everywhere
    _action("quit", "Quit kamerlezer", "Quit", app="quit"),
    _action("help", "Show the keys (this screen)", "Help", app="help"),
    _action("command_palette", "Command palette: commands and library search", app="command_palette"),
    _action("search_library", "Search the library", "Search", app="search_library"),
    _action("bookmarks", "List bookmarks", app="bookmarks"),
    _action("annotations", "List notes", app="annotations"),
    _action("fetch", "Fetch the focused reference into the library (in questions: their answer)", app="fetch"),
    _action("new_documents", "List what your follows brought that you have not opened yet", app="new_documents"),
    _action("suspend", "Suspend to the shell (fg resumes)", app="suspend_process"),
    # Main screen
    _action("next_pane", "Next pane", main="next_pane", dialog=("app.focus_next", "Next field")),
    _action("previous_pane", "Previous pane", main="previous_pane", dialog=("app.focus_previous", "Previous field")),
    _action("back", "Back (jump history)", "Back", main="back"),
    _action("forward", "Forward (jump history)", main="forward"),
    _action("toggle_qa", "Show or hide the Vraag/Antwoord pane", "Vragen", main="toggle_qa"),
    _action("toggle_tree", "Show or hide the document tree", "Tree", main="toggle_tree"),
    _action("bookmark", "Bookmark the current block (again: remove it)", main="bookmark"),
    _action("annotate", "Write a note on the current block", main="annotate"),
    _action("cited_by", "Documents that cite this one", main="cited_by"),
    _action("answers", "The answer to these questions, or the questions of this answer", main="answers"),
    _action("remove_document", "Remove the open document from the library (asks first; your notes are kept)",
            main="remove_document"),
    # Reading pane (and the panel under it)
    _action("up", "Up", reader=("scroll_up", "Scroll up a line"), tree="cursor_up", list="cursor_up"),
    _action("down", "Down", reader=("scroll_down", "Scroll down a line"), tree="cursor_down", list="cursor_down",
            filter=("focus_tree", "Go to the tree"), search=("focus_results", "Go to the results")),
    _action("page_up", "Page up", reader="page_up", tree="page_up", list="page_up"),
    _action("page_down", "Page down", reader="page_down", tree="page_down", list="page_down"),
    _action("first", "To the top", reader="scroll_home", tree="scroll_home", list="first"),
    _action("last", "To the end", reader="scroll_end", tree="scroll_end", list="last"),
    _action("next_link", "Next link", "Link", reader="next_link", panel="next_link"),
    _action("previous_link", "Previous link", reader="previous_link", panel="previous_link"),
    _action("follow", "Follow the focused link", "Follow", reader="follow", panel="follow"),
    _action("copy_reference", "Copy the focused reference's address (OSC 52)", reader="copy_reference",
            panel="copy_reference"),
    _action("open_address", "Open the focused reference's address in a browser (not over SSH unless $BROWSER)",
            reader="open_address", panel="open_address"),
    _action("next_part", "Next heading or question", reader="next_part"),
    _action("previous_part", "Previous heading or question", reader="previous_part"),
    _action("find", "Find in the document", "Find", reader="find"),
    _action("next_match", "Next match", reader="next_match"),
    _action("previous_match", "Previous match", reader="previous_match"),
    # Tree
    _action("select", "Open the item under the cursor", tree="select_cursor", list="select",
            filter=("open_first", "Open the best match"), search=("open_first", "Open the best hit"),
            find=("accept", "Keep the matches, back to the text")),
    _action("toggle_group", "Open or close a group", tree="toggle_node"),
    _action("expand", "Open a group", tree="expand"),
    _action("collapse", "Close a group (or go to its group)", tree="collapse"),
    _action("grouping", "Group by dossier, kind or year", tree="cycle_grouping"),
    _action("filter", "Filter the tree (fuzzy)", tree="filter"),
    # Closing things
    _action("close", "Close", reader=("close", "Clear the matches and close the panel"), panel="close",
            find=("close", "Close the find bar"), filter=("close", "Clear the filter"), dialog="close",
            main=Target("cancel_fetch", "Stop the fetch under way (nothing is kept of it)", priority=True),
            editor=("close", "Close (asks first when the text changed)")),
    # Lists of bookmarks and notes
    _action("edit", "Edit the note or bookmark label", marks="edit"),
    _action("delete", "Delete", marks="delete"),
    _action("export_notes", "Export the notes as Markdown to a file (in the notes list)", marks="export_notes"),
    _action("save", "Save", editor="save"),
    _action("confirm", "Yes", confirm="confirm"),
    _action("refuse", "No", confirm="refuse"),
)

BY_NAME: dict[str, Action] = {a.name: a for a in ACTIONS}


def actions_in(scope: str) -> Iterator[Action]:
    return (a for a in ACTIONS if scope in a.targets)


def ancestors(scope: str) -> set[str]:
    """The scopes whose keys `scope` shadows (all around it, transitively)."""
    found: set[str] = set()
    todo = list(PARENTS[scope])
    while todo:
        s = todo.pop()
        if s not in found:
            found.add(s)
            todo.extend(PARENTS[s])
    return found


def overlap(a: str, b: str) -> bool:
    """Can keys of scope `a` and scope `b` be read at the same moment (one inside the other)?"""
    return a == b or a in ancestors(b) or b in ancestors(a)


def bindings_for(scope: str) -> list[BindingType]:
    """The `BINDINGS` of a widget of `scope`, keyed by the default key map.

    Each binding's id is the action name, so the active key map (`App.set_keymap`) replaces
    its keys at start-up.
    """
    from tui.keymap import default_keys  # reads keymaps/default.toml once

    keys = default_keys()
    return [
        Binding(
            ",".join(keys[action.name]),
            action.targets[scope].method,
            action.footer or action.description_in(scope),
            show=action.footer is not None,
            priority=action.targets[scope].priority,
            id=action.name,
        )
        for action in actions_in(scope)
        if keys.get(action.name)
    ]
