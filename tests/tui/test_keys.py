"""Keys as data: the default map, `--keymap vim|emacs`, `keymap = "..."` and `[keys]` in the user's
config.toml, problems in a user's map reported at start (the reader still runs), and `?` showing
the keys in force."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.geometry import Region

from store.anchors import Place
from store.userdata import UserData
from tests.tui.conftest import SIZE_LARGE, reading_view, screen_text, settle
from tests.tui.test_open import open_from_the_command_line
from tui.keymap import build_keymap, default_keys, find_clashes, shipped_names
from tui.screens.help import HelpScreen
from tui.screens.linked import LinkedScreen
from tui.widgets.document_tree import DocumentTree
from tui.widgets.qa_pane import QAPane

# What issue 3 asks of the default map: action -> the key it must have.
ISSUE_KEYS = {
    "quit": "q", "help": "question_mark", "command_palette": "ctrl+p", "next_pane": "tab",
    "previous_pane": "shift+tab", "next_link": "right_square_bracket", "previous_link": "left_square_bracket",
    "follow": "enter", "back": "backspace", "find": "slash", "next_match": "n", "previous_match": "N",
    "search_library": "s", "toggle_qa": "v", "bookmark": "m", "bookmarks": "apostrophe", "annotate": "a",
    "annotations": "A", "cited_by": "c", "copy_reference": "y",
}  # fmt: skip


def write_config(config_dir: Path, text: str) -> None:
    (config_dir / "config.toml").write_text(text, encoding="utf-8")


def play(app, scenario) -> None:
    """Like conftest.drive, with notifications shown (run_test hides them unless asked)."""

    async def main() -> None:
        async with app.run_test(size=SIZE_LARGE, notifications=True) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


def help_lines(app) -> list[str]:
    assert isinstance(app.screen, HelpScreen)
    widget = app.screen.query_one("#help-text")
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, *widget.size))]


def keys_in_help(app, action: str) -> list[str]:
    """The keys the help shows for an action (each line ends with its [name])."""
    rows = [line for line in help_lines(app) if line.endswith(f"[{action}]")]
    assert rows, f"{action} is not in the help"
    return [row.split("  ")[1].strip() if row.startswith("  ") else row for row in rows]


def test_the_default_map_has_every_key_of_the_issue_and_no_clash():
    keys = default_keys()
    assert {name: key for name, key in ISSUE_KEYS.items() if key not in keys[name]} == {}
    assert find_clashes(keys) == []
    for name in shipped_names():
        assert build_keymap(name).problems == (), name


def test_the_help_lists_the_keys_of_the_default_map(make_app):
    app = make_app()

    async def scenario(pilot):
        await pilot.press("question_mark")
        lines = help_lines(app)
        assert lines[0].startswith("Key map: default")
        assert any(line.startswith("  s ") and line.endswith("[search_library]") for line in lines)
        assert any(line.startswith("  ' ") and line.endswith("[bookmarks]") for line in lines)
        assert any(line.startswith("  ] ") and "Next link" in line for line in lines)
        assert any(line.startswith("  backspace, alt+← ") and line.endswith("[back]") for line in lines)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)

    play(app, scenario)


def test_the_vim_map_from_the_command_line_moves_with_j_and_the_help_says_so(monkeypatch, seed_cache, seed_ids):
    async def scenario(pilot):
        app = pilot.app
        assert app.keymap.name == "vim"
        view = reading_view(app)
        assert app.focused is view
        top = view.scroll_offset.y
        await pilot.press("j", "j")
        assert view.scroll_offset.y == top + 2
        await pilot.press("k")
        assert view.scroll_offset.y == top + 1
        await pilot.press("G")
        assert view.scroll_offset.y == view.max_scroll_y > top
        await pilot.press("question_mark")
        lines = help_lines(app)
        assert lines[0].startswith("Key map: vim")
        assert any(line.startswith("  ↓, j ") and "Scroll down a line" in line for line in lines)
        assert any(line.startswith("  backspace, ctrl+o ") and line.endswith("[back]") for line in lines)

    argv = ["--cache", str(seed_cache), "--keymap", "vim", "open", seed_ids["002"]]
    open_from_the_command_line(monkeypatch, argv, scenario)


def test_the_default_map_has_no_j(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        app.main_screen.open_place(Place(seed_ids["002"]))
        await settle(pilot)
        view = reading_view(app)
        await pilot.press("j", "j")
        assert view.scroll_offset.y == 0

    play(app, scenario)


def test_keymap_in_the_config_chooses_the_map(make_app, config_dir, seed_ids):
    write_config(config_dir, 'keymap = "vim"\n')
    app = make_app()

    async def scenario(pilot):
        assert app.keymap.name == "vim"
        tree = app.screen.query_one(DocumentTree)
        assert app.focused is tree
        await pilot.press("equals_sign")  # vim's regrouping key (g goes to the top there)
        assert tree.grouping == "kind"
        await pilot.press("g")
        assert tree.grouping == "kind" and tree.cursor_line == 0

    play(app, scenario)


def test_the_emacs_map_moves_the_palette_to_alt_x(monkeypatch, seed_cache, seed_ids):
    async def scenario(pilot):
        from textual.command import CommandPalette

        app = pilot.app
        view = reading_view(app)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+p")
        assert view.scroll_offset.y == 1 and not isinstance(app.screen, CommandPalette)
        await pilot.press("alt+x")
        assert isinstance(app.screen, CommandPalette)

    argv = ["--cache", str(seed_cache), "open", seed_ids["002"], "--keymap", "emacs"]
    open_from_the_command_line(monkeypatch, argv, scenario)


def test_a_key_of_the_users_config_replaces_the_default(make_app, config_dir, seed_ids, seed_cache):
    write_config(config_dir, '[keys]\nbookmark = "B"\nback = ["backspace", "h"]\n')
    app = make_app()

    async def scenario(pilot):
        assert app.keymap.problems == ()
        app.main_screen.open_place(Place(seed_ids["000"], "qa-3"))
        await settle(pilot)
        view = reading_view(app)
        await pilot.press("m")  # no longer the bookmark key
        assert view.marks.bookmarked == frozenset()
        await pilot.press("B")
        assert view.marks.bookmarked == {view.cursor_block}
        app.main_screen.open_place(Place(seed_ids["001"]))
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert view.display_doc.doc.id == seed_ids["000"]
        await pilot.press("question_mark")
        assert any(line.startswith("  B ") and line.endswith("[bookmark]") for line in help_lines(app))
        assert any(line.startswith("  backspace, h ") and line.endswith("[back]") for line in help_lines(app))

    play(app, scenario)
    assert len(UserData.for_cache(seed_cache).bookmarks()) == 1


def test_problems_in_the_users_keys_are_reported_and_the_reader_runs_on(make_app, config_dir, seed_ids):
    write_config(
        config_dir,
        '[keys]\nnonsense = "x"\ntoggle_qa = "c"\nhelp = "ctrl+shift+zz"\nbookmark = 3\n',
    )
    app = make_app()
    expected = [
        "config.toml [keys]: unknown action 'nonsense'",
        "config.toml [keys]: help: 'ctrl+shift+zz' is not a key",
        "config.toml [keys]: bookmark must be a key or a list of keys",
        "config.toml [keys]: key 'c' for toggle_qa clashes with cited_by; toggle_qa keeps v",
    ]

    async def scenario(pilot):
        assert sorted(app.keymap.problems) == sorted(expected)
        shown = screen_text(app)  # one notification at start, each problem on its own line(s)
        assert "Problems in your key settings" in shown
        assert "unknown action 'nonsense'" in shown and "clashes with" in shown
        # The reader runs, and the keys in question keep what they had.
        app.main_screen.open_place(Place(seed_ids["001"]))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, LinkedScreen)
        await pilot.press("escape", "v")
        assert app.screen.query_one(QAPane).display
        await pilot.press("question_mark")
        lines = help_lines(app)
        for problem in expected:
            assert f"  • {problem}" in lines
        assert any(line.startswith("  v ") and line.endswith("[toggle_qa]") for line in lines)
        assert any(line.startswith("  ?, f1 ") and line.endswith("[help]") for line in lines)

    play(app, scenario)


@pytest.mark.parametrize(
    ("config", "keymap", "problem"),
    [
        ("keymap = [\n", None, "config.toml: not valid TOML"),
        ('keymap = "nope"\n', None, "no key map named 'nope' (shipped: default, emacs, vim); using the default keys"),
        ("", "nope", "no key map named 'nope' (shipped: default, emacs, vim); using the default keys"),
        ("[keys]\nquit = ''\n", None, "config.toml [keys]: quit needs at least one key; it keeps its keys"),
    ],
)
def test_a_broken_setting_is_one_line_and_the_default_keys_work(make_app, config_dir, config, keymap, problem):
    write_config(config_dir, config)
    app = make_app(keymap=keymap)

    async def scenario(pilot):
        assert app.keymap.name == "default"
        assert any(problem in p for p in app.problems), app.problems
        assert "Problems in your key settings" in screen_text(app)
        tree = app.screen.query_one(DocumentTree)
        await pilot.press("g")
        assert tree.grouping == "kind"
        await pilot.press("q")
        assert app.return_code == 0

    play(app, scenario)


def test_a_users_own_map_file_in_the_config_dir(make_app, config_dir, seed_ids):
    (config_dir / "keymaps").mkdir()
    (config_dir / "keymaps" / "mine.toml").write_text('[keys]\ntoggle_qa = "x"\n', encoding="utf-8")
    write_config(config_dir, 'keymap = "mine"\n')
    app = make_app()

    async def scenario(pilot):
        assert app.keymap.name == "mine" and app.keymap.problems == ()
        app.main_screen.open_place(Place(seed_ids["003"]))
        await settle(pilot)
        await pilot.press("v")
        assert not app.screen.query_one(QAPane).display
        await pilot.press("x")
        assert app.screen.query_one(QAPane).display

    play(app, scenario)
