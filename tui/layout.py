"""Which panes of the main screen show at a terminal's width: a pure function, tested per band.

From WIDE columns every pane the user wants shows; between NARROW and WIDE the reader and
one side pane (the one last used); below NARROW (an 80-column terminal over SSH) only the
pane that has the focus, or is about to get it, at the full width.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaneName = Literal["tree", "reader", "qa"]
SidePane = Literal["tree", "qa"]
Band = Literal["narrow", "medium", "wide"]

WIDE = 150  # from here on, three panes side by side
NARROW = 100  # below this, one pane at a time
READER_MIN = 80  # columns the reader keeps beside the side panes, where the width allows
QA_WIDTH = 44  # the Vraag/Antwoord pane's width beside the reader (its CSS says the same)
TREE_MIN = 36  # the tree is never narrower than this beside the reader...
TREE_MAX = 64  # ...and never wider: beyond it a title line is read as well as it will be


@dataclass(frozen=True)
class Shown:
    tree: bool
    reader: bool
    qa: bool
    band: Band
    last_side: SidePane  # the side pane used last, which the medium band keeps


def band_of(width: int) -> Band:
    if width < NARROW:
        return "narrow"
    return "medium" if width < WIDE else "wide"


def panes_shown(width: int, want_tree: bool, want_qa: bool, current: PaneName, last_side: SidePane) -> Shown:
    """The panes that show at `width`, with `current` the pane that has (or gets) the focus.
    The reader is always wanted; a side pane only while the user has not put it away."""
    if current != "reader":
        last_side = current
    band = band_of(width)
    if band == "narrow":
        return Shown(current == "tree", current == "reader", current == "qa", band, last_side)
    tree, qa = want_tree, want_qa
    if band == "medium" and tree and qa:  # room for one side pane: the one used last
        tree, qa = last_side == "tree", last_side == "qa"
    return Shown(tree, True, qa, band, last_side)


def tree_width(width: int, qa_shown: bool) -> int:
    """The tree's width beside the reader: what the reader (READER_MIN) and the Vraag/Antwoord
    pane leave, between TREE_MIN and TREE_MAX (at 120 columns 40, at 160 without the pane 64)."""
    room = width - READER_MIN - (QA_WIDTH if qa_shown else 0)
    return max(TREE_MIN, min(TREE_MAX, room))
