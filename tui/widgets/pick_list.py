"""A list to pick from (questions, search hits, bookmarks, notes), moved with the key map's keys."""

from __future__ import annotations

from textual.widgets import OptionList

from tui.actions import bindings_for


class PickList(OptionList, inherit_bindings=False):
    """An `OptionList` whose keys come from the registry's "list" scope.

    Prompts must be Rich `Text` (or Content) built from plain strings: document text is never
    parsed as markup.
    """

    BINDINGS = bindings_for("list")
