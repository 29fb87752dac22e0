"""The help screen, generated from the action registry and the active key map."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.actions import SCOPES, actions_in, bindings_for
from tui.keymap import hint, key_display
from tui.screens.dialog import Dialog

KEY_COLUMN = 22  # keys longer than this wrap within their column


def help_text(keys: Mapping[str, tuple[str, ...]], map_name: str, problems: tuple[str, ...] = ()) -> Group:
    """Every action, by scope, with the keys the active map gives it. Keys and descriptions are
    columns of a grid, so a description that wraps on a narrow terminal stays in its column."""
    head = Text()
    head.append(f"Key map: {map_name}", style="bold")
    head.append("  (choose with --keymap NAME or keymap = \"NAME\" in config.toml; override keys in its [keys])")
    parts: list[RenderableType] = [head]
    if problems:
        parts.append(Text("\nProblems in your key settings (the default keys are used for these):", style="bold"))
        parts.extend(Text(f"  • {problem}") for problem in problems)
    rows_by_scope = {
        scope: [(action, ", ".join(key_display(k) for k in keys.get(action.name, ())) or "(no key)")
                for action in actions_in(scope)]
        for scope in SCOPES
    }
    # One key column for all scopes, as wide as the longest keys up to KEY_COLUMN.
    width = min(KEY_COLUMN, max((len(shown) for rows in rows_by_scope.values() for _, shown in rows), default=1))
    for scope, rows in rows_by_scope.items():
        if not rows:
            continue
        title = SCOPES[scope]
        parts.append(Text(f"\n{title}", style="bold underline"))
        grid = Table.grid(padding=(0, 2), pad_edge=True)
        grid.add_column(width=width + 2, style="bold")  # the width counts the 2-cell indent
        grid.add_column(ratio=1)
        for action, shown in rows:
            description = Text(action.description_in(scope))
            description.append(f"  [{action.name}]", style="dim")
            grid.add_row(shown, description)
        parts.append(grid)
    return Group(*parts)


class HelpBody(VerticalScroll, inherit_bindings=False):
    """The scrolling text of the help, moved with the list keys."""

    BINDINGS = bindings_for("list")

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)

    def action_cursor_down(self) -> None:
        self.scroll_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_first(self) -> None:
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.scroll_end(animate=False)

    def action_select(self) -> None:
        self.scroll_page_down(animate=False)


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    HelpScreen HelpBody { height: 1fr; }
    """

    def __init__(self, keys: Mapping[str, tuple[str, ...]], map_name: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.keys = keys
        self.map_name = map_name
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            with HelpBody(id="help-body"):
                yield Static(help_text(self.keys, self.map_name, self.problems), id="help-text")
            yield Static(
                Text(f"{hint(self.keys, 'close')}: close · {hint(self.keys, 'down')}/{hint(self.keys, 'page_down')}:"
                     " scroll · the [name] is what key maps call the action"),
                id="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Keys"
        self.query_one(HelpBody).focus()
