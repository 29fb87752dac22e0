"""What the reader takes from Textual beyond its public API, pinned: an upgrade of Textual fails
here, loudly, rather than quietly costing a list its cursor bar."""

from __future__ import annotations

import asyncio
import string

import pytest
import textual
from textual.app import App, ComposeResult
from textual.keys import format_key, key_to_character
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.keymap import character_key, normalize_key
from tui.widgets.pick_list import CURSOR_BAR, GUTTER, WRITTEN_FOR_TEXTUAL, PickList


def test_textual_is_the_release_the_pick_list_gutter_was_written_against() -> None:
    assert textual.__version__ == WRITTEN_FOR_TEXTUAL, (
        f"Textual {textual.__version__} is installed; PickList (tui/widgets/pick_list.py) overrides the private "
        f"OptionList._get_left_gutter_width and reads the 'option' meta of its lines, written for "
        f"{WRITTEN_FOR_TEXTUAL}: check that the tests below still pass and the bar shows, then raise "
        "WRITTEN_FOR_TEXTUAL"
    )
    assert hasattr(OptionList, "_get_left_gutter_width")


def test_the_pick_list_draws_its_bar_in_a_gutter_of_its_own() -> None:
    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield PickList(Option("Vraag 1  Waarom?"), Option("Vraag 2  Hoe?"))

    async def main() -> None:
        app = One()
        async with app.run_test(size=(40, 6)) as pilot:
            pick = app.query_one(PickList)
            pick.focus()
            pick.highlighted = 0
            await pilot.pause()
            first, second = (pick.render_line(y).text for y in (0, 1))
            assert first.startswith(CURSOR_BAR.ljust(GUTTER) + "Vraag 1"), first
            assert second.startswith(" " * GUTTER + "Vraag 2"), second  # the prompt is not overdrawn

    asyncio.run(main())


@pytest.mark.parametrize("character", list(string.punctuation + string.ascii_letters + string.digits + "é€§"))
def test_a_character_key_is_named_as_textual_names_it(character: str) -> None:
    """Our `character_key` stands in for Textual's private one: Textual's public functions read
    the name back (as the footer shows it, or as the character it types)."""
    name = character_key(character)
    assert character in (format_key(name), key_to_character(name))
    assert normalize_key(character) == name


def test_character_names_agree_with_textuals_own_while_it_has_one() -> None:
    keys = pytest.importorskip("textual.keys")
    theirs = getattr(keys, "_character_to_key", None)
    if theirs is None:
        pytest.skip("Textual no longer has _character_to_key: the round trip above is what holds")
    assert [character_key(c) for c in string.printable] == [theirs(c) for c in string.printable]
