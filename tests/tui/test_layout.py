"""The responsive layout of the main screen (tui/layout.py), band by band, without an app."""

from __future__ import annotations

import pytest

from tui.layout import NARROW, WIDE, Shown, band_of, panes_shown


def shown(width: int, want_tree: bool = True, want_qa: bool = True, current: str = "reader",
          last_side: str = "tree") -> tuple[bool, bool, bool]:  # fmt: skip
    result = panes_shown(width, want_tree, want_qa, current, last_side)  # type: ignore[arg-type]
    return result.tree, result.reader, result.qa


@pytest.mark.parametrize(("width", "band"), [(40, "narrow"), (80, "narrow"), (NARROW - 1, "narrow"),
                                             (NARROW, "medium"), (120, "medium"), (WIDE - 1, "medium"),
                                             (WIDE, "wide"), (250, "wide")])  # fmt: skip
def test_the_bands_of_width(width: int, band: str) -> None:
    assert band_of(width) == band
    assert panes_shown(width, True, False, "reader", "tree").band == band


@pytest.mark.parametrize("width", [WIDE, 200])
def test_wide_every_wanted_pane_shows(width: int) -> None:
    assert shown(width) == (True, True, True)
    assert shown(width, want_qa=False) == (True, True, False)
    assert shown(width, want_tree=False) == (False, True, True)
    assert shown(width, want_tree=False, want_qa=False) == (False, True, False)
    assert shown(width, current="qa", last_side="tree") == (True, True, True)


@pytest.mark.parametrize("width", [NARROW, 120, WIDE - 1])
def test_medium_the_reader_and_one_side_pane_the_one_used_last(width: int) -> None:
    assert shown(width, last_side="tree") == (True, True, False)
    assert shown(width, last_side="qa") == (False, True, True)
    # The pane that gets the focus is the one used last.
    assert shown(width, current="qa", last_side="tree") == (False, True, True)
    assert shown(width, current="tree", last_side="qa") == (True, True, False)
    # Only one side pane wanted: it shows, whichever was used last.
    assert shown(width, want_qa=False, last_side="qa") == (True, True, False)
    assert shown(width, want_tree=False, last_side="tree") == (False, True, True)
    assert shown(width, want_tree=False, want_qa=False) == (False, True, False)


@pytest.mark.parametrize("width", [40, 80, NARROW - 1])
def test_narrow_only_the_current_pane(width: int) -> None:
    assert shown(width, current="reader") == (False, True, False)
    assert shown(width, current="tree") == (True, False, False)
    assert shown(width, current="qa") == (False, False, True)
    # Whatever is wanted: one pane at a time.
    assert shown(width, want_tree=False, want_qa=False, current="reader") == (False, True, False)


def test_the_side_pane_used_last_is_remembered() -> None:
    assert panes_shown(120, True, True, "qa", "tree").last_side == "qa"
    assert panes_shown(80, True, True, "tree", "qa").last_side == "tree"
    assert panes_shown(200, True, True, "reader", "qa").last_side == "qa"  # the reader changes nothing
    assert panes_shown(120, True, True, "reader", "qa") == Shown(False, True, True, "medium", "qa")
