"""Link resolution (store/links.py): by key, by title and date, and the backlinks."""

from __future__ import annotations

import pytest

from store.links import (
    TITLE_THRESHOLD,
    Citable,
    LinkIndex,
    OutgoingLink,
    citations,
    document_keys,
    key_index,
    resolve_all,
    resolve_key,
    split_title_date,
    title_score,
)
from store.model import Document, Identifiers, Reference
from store.parsing import parse_file
from tests.conftest import SEEDS

IMRF = "Deelname en inzet Nederland aan het International Migration Review Forum (IMRF)"
NOTE = "Deelname en inzet Nederland aan het IMRF, d.d. 29 april 2022"


def doc(
    doc_id: str,
    *refs: Reference,
    kind: str = "kamerbrief",
    title: str = "",
    date: str | None = None,
    ids: Identifiers | None = None,
) -> Document:
    return Document(
        id=doc_id, kind=kind, title=title, date=date, source=f"{doc_id}.txt",
        identifiers=ids or Identifiers(), references=refs,
    )  # fmt: skip


def ref(text: str, kind: str = "kamerstuk", key: str | None = None, where: str = "body") -> Reference:
    return Reference(text=text, kind=kind, key=key, where=where)


def citable(d: Document) -> Citable:
    return Citable(d.id, d.title, d.date, document_keys(d))


def resolve(*docs: Document):
    return resolve_all([citable(d) for d in docs], {d.id: citations(d) for d in docs})


# -- the keys a document is known by ----------------------------------------------------------


def test_a_kamerbrief_is_known_by_its_id_its_kamerstuk_per_dossier_and_its_numbers() -> None:
    ids = Identifiers(zaak="2019Z19563", document="2019D40742", dossiers=("19637", "30573"), ondernummer="2535")
    letter = doc("kst-19637-2535", ids=ids)
    assert document_keys(letter) == ("kst-19637-2535", "kst-30573-2535", "2019Z19563", "2019D40742")


def test_an_aanhangsel_is_known_by_its_ah_key_not_by_kamerstuk_keys() -> None:
    ids = Identifiers(vergaderjaar="2018-2019", ondernummer="811", dossiers=("19637",))
    answers = doc("doc-x", kind="aanhangsel", ids=ids)
    assert document_keys(answers) == ("doc-x", "ah-tk-20182019-811")


def test_answers_and_urls_never_resolve_to_a_document() -> None:
    d = doc(
        "a",
        ref("zie het antwoord op vraag 19", "answer", "qa:19"),
        ref("https://x.nl", "url", "url:https://x.nl"),
        ref("Kamerstuk 19 637, nr. 2375", key="kst-19637-2375"),
        ref(NOTE, "title"),
    )
    assert citations(d) == (
        OutgoingLink(2, key="kst-19637-2375"),
        OutgoingLink(3, title="Deelname en inzet Nederland aan het IMRF", date="2022-04-29"),
    )


# -- by key --------------------------------------------------------------------------------


def test_a_reference_resolves_by_any_key_of_the_cited_document_and_backlinks_follow() -> None:
    cited = doc("kst-19637-2375", ids=Identifiers(dossiers=("19637", "30573"), ondernummer="2375", document="2018D1"))
    a = doc("a", ref("Kamerstuk 30 573, nr. 2375", key="kst-30573-2375"), ref("2018D1", "document", "2018D1"))
    b = doc("b", ref("Kamerstukken 19 637 en 30 573, nr. 2375", key="kst-19637-2375"))
    links = resolve(cited, a, b)
    assert links.targets["a"] == {0: "kst-19637-2375", 1: "kst-19637-2375"}
    assert links.targets["b"] == {0: "kst-19637-2375"}
    assert links.cited_by["kst-19637-2375"] == ("a", "b")  # once per citing document, in import order
    assert "a" not in links.cited_by and "b" not in links.cited_by


def test_a_reference_to_an_unknown_key_stays_unresolved() -> None:
    links = resolve(doc("a", ref("Kamerstuk 1, nr. 2", key="kst-1-2")))
    assert links.targets == {} and links.cited_by == {}


def test_a_document_never_resolves_to_itself() -> None:
    me = doc("2022Z09230", ref("2022Z09230", "zaak", "2022Z09230"), ids=Identifiers(zaak="2022Z09230"))
    links = resolve(me)
    assert links.targets == {} and links.cited_by == {}


def test_where_documents_share_a_key_the_one_named_by_it_wins_then_the_earlier() -> None:
    first = doc("kenmerk-1", ids=Identifiers(zaak="2022Z1"))
    second = doc("kenmerk-2", ids=Identifiers(zaak="2022Z1"))
    named = doc("2022Z1")
    index = key_index([(d.id, document_keys(d)) for d in (first, second, named)])
    assert resolve_key(index, "2022Z1") == "2022Z1"
    assert resolve_key(index, "2022z1") == "2022Z1"  # keys compare case-blind
    index = key_index([(d.id, document_keys(d)) for d in (first, second)])
    assert resolve_key(index, "2022Z1") == "kenmerk-1"
    assert resolve_key(index, "2022Z1", exclude="kenmerk-1") == "kenmerk-2"


# -- by title and date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NOTE, ("Deelname en inzet Nederland aan het IMRF", "2022-04-29")),
        (
            "Kamerbrief 'Voortgang integrale migratieagenda' van 14 oktober 2019",
            ("Kamerbrief 'Voortgang integrale migratieagenda", "2019-10-14"),
        ),
        ("Forum van 17 t/m 20 mei 2022, d.d. 16 mei 2022", ("Forum van 17 t/m 20 mei 2022", "2022-05-16")),
        ("Brief van 2019-10-14 over de migratieagenda", ("Brief over de migratieagenda", "2019-10-14")),
        ("Deelname en inzet Nederland aan het IMRF", None),
    ],
)
def test_a_note_splits_into_title_and_date(text: str, expected: tuple[str, str] | None) -> None:
    assert split_title_date(text) == expected


def test_the_title_threshold_lets_the_real_title_in_and_keeps_near_misses_out() -> None:
    title = "Deelname en inzet Nederland aan het IMRF"
    assert title_score(title, IMRF) == 100
    # the abbreviation stands for words of the title
    assert title_score(title, "Deelname en inzet Nederland aan het International Migration Review Forum") == 100
    # same words, a different forum; some words shared; nothing shared
    assert title_score(title, "Deelname en inzet Nederland aan het Global Forum on Migration") < TITLE_THRESHOLD
    assert title_score(title, "Inzet van Nederland bij de informele JBZ-Raad") < TITLE_THRESHOLD
    assert title_score(title, "Voortgang integrale migratieagenda") < TITLE_THRESHOLD


def test_a_title_note_resolves_only_to_a_document_of_that_date_and_subject() -> None:
    note = doc("answers", ref(NOTE, "title", where="footnote 1"), title="Antwoorden over het IMRF", date="2022-05-16")
    real = doc("letter", title=IMRF, date="2022-04-29")
    other_subject = doc("jbz", title="Inzet van Nederland bij de informele JBZ-Raad", date="2022-04-29")
    other_date = doc("later", title=IMRF, date="2022-05-02")
    assert resolve(note, other_subject, other_date).targets == {}
    links = resolve(note, other_subject, other_date, real)
    assert links.targets == {"answers": {0: "letter"}}
    assert links.cited_by == {"letter": ("answers",)}


def test_a_title_note_never_resolves_to_the_document_it_stands_in() -> None:
    itself = doc("letter", ref(NOTE, "title", where="footnote 1"), title=IMRF, date="2022-04-29")
    assert resolve(itself).targets == {}


def test_a_note_with_too_few_words_resolves_to_nothing() -> None:
    vague = doc("a", ref("brief van 29 april 2022", "title"))
    assert resolve(vague, doc("letter", title="Brief", date="2022-04-29")).targets == {}


def test_seed_000_footnote_1_resolves_to_seed_001_by_title_and_date() -> None:
    answers, letter = parse_file(SEEDS["000"]), parse_file(SEEDS["001"])
    others = [parse_file(SEEDS[n]) for n in ("002", "003", "004")]
    links = resolve(answers, letter, *others)
    note = next(i for i, r in enumerate(answers.references) if r.where == "footnote 1")
    assert links.targets[answers.id][note] == letter.id
    assert answers.id in links.cited_by[letter.id]


# -- kept resolved while documents come and go (an import's commits) --------------------------


def _library_of_changes(seed: int) -> list[tuple[list[str], list[tuple[int, Citable, tuple[OutgoingLink, ...]]]]]:
    """Steps of (ids taken out, documents taken in) over a small world of shared keys, dates and
    titles, so that arrivals and departures keep changing what citations resolve to: a key
    two documents claim (one whose id it is), a title and date two documents fit."""
    import random

    rng = random.Random(seed)
    titles = [IMRF, "Voortgang migratieagenda", "Deelname Nederland aan het IMRF overleg", "Asielopvang en migratie"]
    dates = ["2022-04-29", "2022-05-01"]
    keys = [f"kst-1-{n}" for n in range(6)]
    live: dict[str, int] = {}
    steps = []
    place = 0
    for _ in range(40):
        out = rng.sample(sorted(live), k=min(len(live), rng.randint(0, 3)))
        for doc_id in out:
            del live[doc_id]
        ins = []
        for _ in range(rng.randint(0, 4)):
            place += 1
            doc_id = rng.choice([*keys, f"d{place}", f"d{rng.randint(1, place)}"])
            if doc_id in live or any(d.id == doc_id for _, d, _ in ins):
                continue
            live[doc_id] = place
            own = tuple(rng.sample(keys, k=rng.randint(0, 2)))
            cites = tuple(
                OutgoingLink(i, key=rng.choice(keys)) if rng.random() < 0.6
                else OutgoingLink(i, title=NOTE if rng.random() < 0.5 else "Voortgang migratieagenda",
                                  date=rng.choice(dates))
                for i in range(rng.randint(0, 3))
            )  # fmt: skip
            ins.append((place, Citable(doc_id, rng.choice(titles), rng.choice([*dates, None]), (doc_id, *own)), cites))
        steps.append((out, ins))
    return steps


@pytest.mark.parametrize("seed", range(12))
def test_links_kept_resolved_across_changes_are_those_resolved_at_once(seed: int) -> None:
    index = LinkIndex()
    docs: dict[str, tuple[int, Citable, tuple[OutgoingLink, ...]]] = {}
    resolved_somewhere = False
    for out, ins in _library_of_changes(seed):
        before = resolve_all([d for _, d, _ in sorted(docs.values(), key=lambda x: x[0])],
                             {i: c for i, (_, _, c) in docs.items()})  # fmt: skip
        for doc_id in out:
            del docs[doc_id]
        docs.update((d.id, (p, d, c)) for p, d, c in ins)
        changed = index.change(out, ins)
        whole = resolve_all([d for _, d, _ in sorted(docs.values(), key=lambda x: x[0])],
                            {i: c for i, (_, _, c) in docs.items()})  # fmt: skip
        for doc_id in docs:
            assert index.targets(doc_id) == tuple(sorted(whole.targets.get(doc_id, {}).items())), doc_id
            assert index.cited_by(doc_id) == whole.cited_by.get(doc_id, ())
            if (whole.targets.get(doc_id) != before.targets.get(doc_id)
                    or whole.cited_by.get(doc_id) != before.cited_by.get(doc_id)):  # fmt: skip
                assert doc_id in changed  # what a commit writes again
        resolved_somewhere |= bool(whole.targets)
    assert resolved_somewhere
