"""What `kamerlezer list` and `show ID#ANCHOR` choose, as pure functions: store.listing's
select_entries over index entries, store.parts' part_of over a document, and the plain lines
`show` writes into a pipe."""

from __future__ import annotations

import pytest
from rich.text import Text

from kamerlezer.output import plain_lines
from store.anchors import AnchorError
from store.library import Entry
from store.listing import select_entries
from store.model import QA, Block, Document, Footnote, Reference, Section
from store.parts import part_of


def entry(
    doc_id: str, date: str | None, kind: str = "kamerbrief", title: str = "", dossiers: tuple[str, ...] = ()
) -> Entry:
    return Entry(doc_id, kind, title or doc_id, date, dossiers, "", 0, 0, 0, ())


ENTRIES = [
    entry("b", "2019-10-14", dossiers=("19637", "30573"), title="Voortgang"),
    entry("a", None, kind="other", title="zonder datum"),
    entry("c", "2022-05-16", kind="antwoord", title="antwoorden"),
    entry("d", "2019-10-14", kind="aanhangsel", dossiers=("36600-VI",), title="Aanhangsel"),
    entry("e", None, title="Ook zonder"),
]


def ids(entries: list[Entry]) -> list[str]:
    return [e.id for e in entries]


def test_newest_first_undated_last_ties_by_id() -> None:
    assert ids(select_entries(ENTRIES)) == ["c", "b", "d", "a", "e"]
    assert ids(select_entries(ENTRIES, reverse=True)) == ["e", "a", "d", "b", "c"]


def test_the_other_orders() -> None:
    assert ids(select_entries(ENTRIES, sort="id")) == ["a", "b", "c", "d", "e"]
    assert ids(select_entries(ENTRIES, sort="title")) == ["d", "c", "e", "b", "a"]  # case left aside
    assert ids(select_entries(ENTRIES, sort="kind")) == ["d", "c", "b", "e", "a"]  # then newest first
    with pytest.raises(ValueError, match="unknown order 'size'"):
        select_entries(ENTRIES, sort="size")


def test_filters() -> None:
    assert ids(select_entries(ENTRIES, kinds={"kamerbrief"})) == ["b", "e"]
    assert ids(select_entries(ENTRIES, kinds=["antwoord", "aanhangsel"])) == ["c", "d"]
    assert ids(select_entries(ENTRIES, dossier="19 637")) == ["b"] == ids(select_entries(ENTRIES, dossier="30573"))
    assert ids(select_entries(ENTRIES, dossier="36600-vi")) == ["d"] and not select_entries(ENTRIES, dossier="1963")
    assert ids(select_entries(ENTRIES, since="2019-10-14")) == ["c", "b", "d"]  # both ends included, undated out
    assert ids(select_entries(ENTRIES, until="2019-10-14")) == ["b", "d"]
    assert ids(select_entries(ENTRIES, since="2020-01-01", until="2021-12-31")) == []
    assert select_entries([]) == []


DOC = Document(
    id="x",
    kind="antwoord",
    title="T",
    date=None,
    source="",
    blocks=(
        Block("heading", "Inleiding", level=1, section=0),
        Block("paragraph", "Zie de brief.[^1]", section=0),
        Block("heading", "Vraag 1", qa=0, section=0),
        Block("question", "Waarom?[^2]", qa=0, section=0),
        Block("heading", "Antwoord 1", qa=0, section=0),
        Block("answer", "Daarom.", qa=0, section=0),
        Block("heading", "Slot", level=1, section=1),
        Block("paragraph", "Einde.", section=1),
    ),
    sections=(Section("Inleiding", 1, 0), Section("Slot", 1, 6)),
    qa=(QA("Vraag 1", (1,), None, "Waarom?[^2]", "Daarom.", 2, 4),),
    footnotes=(Footnote("1", "Kamerstuk 19 637, nr. 1.", 1), Footnote("2", None, 3)),
    references=(
        Reference("Kamerstuk 19 637, nr. 1", "kamerstuk", "kst-19637-1", "footnote 1", footnote="1"),
        Reference("de brief", "title", None, "body", block=1),
    ),
)


def test_a_pair_is_its_blocks_with_the_notes_marked_in_them() -> None:
    part = part_of(DOC, "qa-1")
    assert part.blocks == (2, 3, 4, 5) and part.qa is DOC.qa[0] and part.section is None
    assert [f.mark for f in part.footnotes] == ["2"] and part.references == ()


def test_a_note_is_itself_and_what_it_cites() -> None:
    part = part_of(DOC, "fn-1")
    assert part.blocks == () and part.footnotes == (DOC.footnotes[0],)
    assert [r.key for r in part.references] == ["kst-19637-1"]


def test_a_section_runs_to_the_next_of_its_level_and_a_block_is_itself() -> None:
    part = part_of(DOC, "sec-1")
    assert part.blocks == (0, 1, 2, 3, 4, 5) and part.section == DOC.sections[0]
    assert [f.mark for f in part.footnotes] == ["1", "2"]
    assert [r.where for r in part.references] == ["footnote 1", "body"]
    assert part_of(DOC, "sec-2").blocks == (6, 7)
    block = part_of(DOC, "p-2")
    assert block.blocks == (1,) and [r.where for r in block.references] == ["footnote 1", "body"]


def test_a_place_the_document_has_not_is_an_anchor_error() -> None:
    for anchor in ("fn-9", "qa-2", "sec-3", "p-9"):
        with pytest.raises(AnchorError):
            part_of(DOC, anchor)


def test_plain_lines_align_a_grid_and_pad_nothing() -> None:
    grid = [(Text("[^1]"), Text("een heel lange noot " * 20)), (Text("[^10]"), Text("eerste\ntweede  "))]
    lines = list(plain_lines([Text("Titel  "), grid, Text()]))
    assert lines == ["Titel", "[^1]   " + ("een heel lange noot " * 20).rstrip(), "[^10]  eerste", "       tweede", ""]
