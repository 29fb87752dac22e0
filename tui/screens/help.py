"""The help screen, generated from the action registry and the active key map."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.actions import SCOPES, actions_in, bindings_for
from tui.keymap import hint, key_display
from tui.screens.dialog import Dialog

KEY_COLUMN = 22


def help_text(keys: Mapping[str, tuple[str, ...]], map_name: str, problems: tuple[str, ...] = ()) -> Text:
    """Every action, by scope, with the keys the active map gives it."""
    text = Text(end="")
    text.append(f"Key map: {map_name}", style="bold")
    text.append("  (choose with --keymap NAME or keymap = \"NAME\" in config.toml; override keys in its [keys])\n")
    if problems:
        text.append("\nProblems in your key settings (the default keys are used for these):\n", style="bold")
        for problem in problems:
            text.append(f"  • {problem}\n")
    for scope, title in SCOPES.items():
        rows = [(action, keys.get(action.name, ())) for action in actions_in(scope)]
        if not rows:
            continue
        text.append(f"\n{title}\n", style="bold underline")
        for action, bound in rows:
            shown = ", ".join(key_display(k) for k in bound) or "(no key)"
            # A long list of keys gets its own gap before the description rather than running into it.
            text.append(f"  {shown:<{KEY_COLUMN}}" if len(shown) < KEY_COLUMN else f"  {shown}  ", style="bold")
            text.append(f"{action.description_in(scope)}")
            text.append(f"  [{action.name}]\n", style="dim")
    return text


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
