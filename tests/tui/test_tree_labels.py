"""The tree says who asked and about what (not "Vragen van het lid …" on every line), and is
as wide as the reader leaves it."""

from __future__ import annotations

import pytest

from tests.tui.conftest import drive
from tui.layout import READER_MIN, TREE_MAX, TREE_MIN, tree_width
from tui.tree_model import short_title
from tui.widgets.document_tree import DocumentTree


@pytest.mark.parametrize(
    ("kind", "title", "shown"),
    [
        ("vragen", "Vragen van het lid Westerveld (GroenLinks-PvdA) over ADL-hulp",
         "Westerveld (GroenLinks-PvdA): ADL-hulp"),
        ("aanhangsel", "Vragen van het lid X (Party) aan de Minister van Y over Z", "X (Party): Z"),
        ("aanhangsel", "Vragen van het lid Van Houwelingen (FVD) over Oekraïne als atoommacht (ingezonden 23 oktober "
         "2024). Antwoord van Minister Veldkamp (Buitenlandse Zaken) (ontvangen 18 november 2024)",
         "Van Houwelingen (FVD): Oekraïne als atoommacht"),
        ("vragen", "Vragen van de leden Kröger , Thijssen (beiden GroenLinks-PvdA) en Rooderkerk (D66) over de "
         "uitspraak", "Kröger, Thijssen (beiden GroenLinks-PvdA) en Rooderkerk (D66): de uitspraak"),
        ("vragen", "Mondelinge vragen van het lid Krul (CDA) over het bericht «TEMU»",
         "Krul (CDA): het bericht «TEMU»"),
        ("vragen", "Vragen van het lid Hertzberger (NSC) over het antwoord van de commissie over de nota",
         "Hertzberger (NSC): het antwoord van de commissie over de nota"),
        # Not a title of questions, or not a kind that puts or answers them: as it is.
        ("antwoord", "Antwoord van minister Hermans (KGG) op vragen 2024Z15078",
         "Antwoord van minister Hermans (KGG) op vragen 2024Z15078"),
        ("kamerbrief", "Vragen van het lid X over Y", "Vragen van het lid X over Y"),
    ],
)  # fmt: skip
def test_short_title(kind, title, shown):
    assert short_title(kind, title) == shown


def test_tree_width_leaves_the_reader_80_columns():
    assert tree_width(120, qa_shown=False) == 120 - READER_MIN
    assert tree_width(160, qa_shown=False) == TREE_MAX
    assert tree_width(160, qa_shown=True) == TREE_MIN
    assert 160 - tree_width(160, qa_shown=True) - 44 >= READER_MIN


@pytest.mark.parametrize("size", [(120, 40), (160, 40)])
def test_no_aanhangsel_line_reads_vragen_van_het_lid(make_app, size):
    app = make_app()
    seen = {}

    async def scenario(pilot):
        tree = app.screen.query_one(DocumentTree)
        seen["lines"] = [tree.get_node_at_line(y).label.plain for y in range(tree.last_line + 1)]
        seen["width"] = app.main_screen.library_pane.outer_size.width
        seen["reader"] = app.main_screen.reader.outer_size.width

    drive(app, scenario, size)
    assert seen["width"] >= 40 and seen["reader"] >= READER_MIN
    lines = [line for line in seen["lines"] if " aanh. " in line or " vrag. " in line]
    assert lines and not any("Vragen van" in line for line in lines), lines
