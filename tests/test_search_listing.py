"""The search index at scale: per-segment lookups, the listing of each document (what a hit
shows, so a query reads no index row), and finding a query's words in a document in one pass.

Real segment files on disk, real bodies in a real cache; nothing stands in for the index.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.cache import Cache, StaleCache, encode_body
from store.library import Library
from store.model import Block, Document, Identifiers
from store.search import Listed, SearchIndex, SearchIndexError, impacts, search
from store.search import index as index_module
from store.search.hit_body import from_body_data, of_document
from store.search.passages import passage_texts, term_matches
from store.search.segments import Segment, listed_bytes
from store.tokens import fold, fold_in_place, matching_form, term_counts


def letter(doc_id: str, title: str, *paragraphs: str) -> Document:
    return Document(
        id=doc_id, kind="kamerbrief", title=title, date="2024-01-01", source=f"{doc_id}.txt",
        identifiers=Identifiers(), blocks=tuple(Block("paragraph", p) for p in paragraphs),
    )  # fmt: skip


TOPICS = ["opvang", "terugkeer", "migratieagenda", "vreemdelingenbewaring", "grensbewaking", "naturalisatie"]


def corpus(n: int) -> list[Document]:
    """Documents with words in common and of their own, so that every kind of lookup has work."""
    return [
        letter(
            f"kst-{k}",
            f"Brief {k} over {TOPICS[k % len(TOPICS)]}",
            f"Het kabinet schrijft over {TOPICS[k % len(TOPICS)]} en {TOPICS[(k * 7) % len(TOPICS)]}.",
            f"Een eigen woord: woord{k}x, en het nummer 19 {637 + k}." + " opvang" * (k % 4),
        )
        for k in range(n)
    ]


def hits_in(tmp_path: Path, docs: list[Document], query: str) -> list:
    """The hits for `query` in an index of exactly `docs`."""
    index = SearchIndex(tmp_path / "search")
    index.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    by_id = {d.id: d for d in docs}
    return search(index, query, load=lambda f: by_id[f.id])


def sha(doc: Document) -> str:
    return f"{abs(hash(repr(doc))):016x}" * 4


QUERIES = [
    "opvang",
    "terugkeer grens",
    "migratieag",
    "vreemdelingenbewarnig",
    "brief 7",
    "19640",
    "woord12x",
    "kabinet",
]


def test_segments_asked_one_by_one_give_the_hits_of_one_merged_segment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 1000)  # never merged: one segment per addition
    docs = corpus(40)
    by_id = {d.id: d for d in docs}
    apart = SearchIndex(tmp_path / "apart")
    apart.rebuild([])
    for start in range(0, len(docs), 7):
        apart.add([(n, d, sha(d)) for n, d in enumerate(docs[start : start + 7], start + 1)])
    whole = SearchIndex(tmp_path / "whole")
    whole.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    assert len(apart.view().segments) == 6 and len(whole.view().segments) == 1
    assert apart.view().vocabulary() == whole.view().vocabulary()
    for query in QUERIES:
        a = search(apart, query, load=lambda f: by_id[f.id])
        b = search(whole, query, load=lambda f: by_id[f.id])
        assert a == b and a, query


def test_a_segment_finds_terms_prefixes_and_buckets_without_decoding_its_vocabulary(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search")
    docs = corpus(12) + [letter("x", "Één", "Ångström en één naïef café")]
    index.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    (segment,) = index.view().segments
    terms = segment.all_terms()
    assert terms == sorted(terms) and len(segment) == len(terms)
    for i, term in enumerate(terms):
        assert segment.find(term) == i and segment.term(i) == term
    assert segment.find("zzzz") is None and segment.find("") is None
    assert [segment.term(i) for i in segment.prefixed("woord1")] == sorted(t for t in terms if t.startswith("woord1"))
    assert segment.prefixed("qqq") == range(segment.prefixed("qqq").start, segment.prefixed("qqq").start)
    for term in terms:
        assert term in segment.bucket(term[0], len(term))
    assert set(segment.bucket("o", len("opvang"))) == {t for t in terms if t[0] == "o" and len(t) == 6}
    assert "cafe" in terms and "angstrom" in terms  # folded


def test_every_document_is_listed_through_merges_compaction_rebuild_and_replacement(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 3)
    docs = corpus(10)
    index = SearchIndex(tmp_path / "search")
    index.rebuild([])
    for n, doc in enumerate(docs, 1):
        index.add([(n, doc, sha(doc))])  # merged on the way
    view = index.view()
    assert len(view.segments) < len(docs) and view.listed and view.docs == len(docs)
    assert all(view.listing(n) == Listed(d.id, d.title, sha(d)) for n, d in enumerate(docs, 1))
    assert view.listing(99) is None
    new = letter("kst-3", "Brief 3, nieuwe versie", "Helemaal nieuw: nieuwewoord.")
    index.add([(11, new, sha(new))])  # kst-3 replaced: its old version still under ord 4
    assert index.view().listing(4) == Listed("kst-3", "Brief 3 over vreemdelingenbewaring", sha(docs[3]))
    assert index.view().listing(11) == Listed("kst-3", "Brief 3, nieuwe versie", sha(new))
    live = set(range(1, 11)) - {4} | {11}
    index.compact(live)
    view = index.view()
    assert len(view.segments) == 1 and view.docs == 10 and view.listing(4) is None
    assert view.listing(11) == Listed("kst-3", "Brief 3, nieuwe versie", sha(new))
    index.rebuild([(20, new, sha(new))])
    assert index.view().listing(20) == Listed("kst-3", "Brief 3, nieuwe versie", sha(new)) and index.view().docs == 1


def test_a_document_held_under_an_old_and_a_new_ord_is_one_hit_of_its_new_version(tmp_path: Path) -> None:
    old = letter("kst-9", "Oude versie", "Het woord gedeeld staat hier, en oudewoord.")
    new = letter("kst-9", "Nieuwe versie", "Het woord gedeeld staat hier ook.")
    index = SearchIndex(tmp_path / "search")
    index.rebuild([(1, old, sha(old))])
    index.add([(2, new, sha(new))])  # before the import's commit compacts the old one away
    versions = {sha(old): old, sha(new): new}
    (hit,) = search(index, "gedeeld", load=lambda f: versions[f.sha256])
    assert (hit.id, hit.title) == ("kst-9", "Nieuwe versie")


def test_documents_indexed_without_their_listing_are_found_through_the_entries_given(tmp_path: Path) -> None:
    docs = corpus(5)
    index = SearchIndex(tmp_path / "search")
    index.rebuild([])
    index.add_impacts([(n, impacts(d)) for n, d in enumerate(docs, 1)])  # as an older importer does
    assert not index.view().listed
    with pytest.raises(SearchIndexError, match="does not list"):
        search(index, "opvang", load=lambda f: docs[0])
    asked: list[bool] = []

    def entries() -> dict[int, Listed]:
        asked.append(True)
        return {n: Listed(d.id, d.title, sha(d)) for n, d in enumerate(docs, 1)}

    by_id = {d.id: d for d in docs}
    hits = search(index, "opvang", entries=entries, load=lambda f: by_id[f.id])
    assert asked and {h.id for h in hits} == {d.id for d in docs if "opvang" in fold(str(d.blocks) + d.title)}
    listed = SearchIndex(tmp_path / "listed")
    listed.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    asked.clear()
    assert search(listed, "opvang", entries=entries, load=lambda f: by_id[f.id]) == hits and not asked


def test_a_query_reads_only_the_index_and_the_bodies_of_its_hits(tmp_path: Path) -> None:
    """What `kamerlezer search` does: no index row, the bodies through Cache.read_body."""
    cache = Cache(tmp_path / "cache")
    cache.make_dirs()
    docs = corpus(8)
    for doc in docs:
        cache.write_body(doc.id, sha(doc), encode_body(doc))
    index = SearchIndex(cache.search_dir)
    index.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    read: list[str] = []

    def load(found: Listed) -> Document:
        read.append(found.id)
        return cache.read_body(found.id, found.sha256)

    hits = search(index, "opvang", load=load, limit=3)
    assert [h.id for h in hits] == read and len(hits) == 3 and all("opvang" in h.snippet for h in hits)



def test_a_hit_reads_of_a_stored_body_what_the_whole_document_gives(tmp_path: Path) -> None:
    """A hit reads a body's JSON without building the Document (hit_body.py): the same texts,
    pairs and notes as the Document made of it, for every seed (a schriftelijk overleg's
    unnumbered pairs, Aanhangsel answers, notes without a marker), and the same hits."""
    from tests.conftest import SEEDS

    library = Library(tmp_path / "cache")
    assert not library.import_paths(list(SEEDS.values())).failed
    cache = Cache(tmp_path / "cache")
    rows = cache.read_index().rows
    assert len(rows) == 5
    for row in rows:
        doc = cache.read_body(row.id, row.sha256)
        light = from_body_data(cache.read_body_data(row.id, row.sha256))
        assert light == of_document(doc) and passage_texts(light) == passage_texts(doc)
        assert any(light.qa_numbers) or not doc.qa or all(not q.numbers for q in doc.qa)
    path = cache.body_path(rows[0].id, rows[0].sha256)
    path.write_bytes(path.read_bytes()[:-3])  # damaged: said as a stale body, not as a KeyError
    with pytest.raises(StaleCache, match="damaged"):
        cache.read_body_data(rows[0].id, rows[0].sha256)
    hit = next(h for h in library.search(rows[0].title) if h.id == rows[0].id)
    assert hit.snippet  # made from the document parsed again from its source

def test_damage_to_the_listing_is_detected_when_the_segment_is_opened(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search")
    doc = letter("kst-42", "Een titel om te vinden", "tekst")
    index.rebuild([(1, doc, sha(doc))])
    path = next((tmp_path / "search").glob("seg-*.kls"))
    data = bytearray(path.read_bytes())
    at = data.index(listed_bytes(Listed("kst-42", "Een titel om te vinden", sha(doc))))
    data[at + 4] ^= 0x01  # kst-42 -> kst-52: another id, silently, were it not checked
    path.write_bytes(bytes(data))
    with pytest.raises(SearchIndexError, match="checksum"):
        Segment(path)
    with pytest.raises(SearchIndexError, match="checksum"):
        SearchIndex(tmp_path / "search").view()


def test_a_listing_keeps_titles_whatever_they_hold(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search")
    odd = letter("kst-1", "Titel met\ttab, ‘aanhalingstekens’, \\ en 🇳🇱", "woord")
    index.rebuild([(1, odd, "a" * 64)])
    assert index.view().listing(1) == Listed("kst-1", odd.title, "a" * 64)


@given(st.text(alphabet="abcé ÉĳIJ19 637-[^]\n._ﬁ", max_size=80), st.lists(st.sampled_from(
    ["ab", "abc", "19", "637", "19637", "ee", "ij", "c9", "e1"]), min_size=1, max_size=4))  # fmt: skip
def test_finding_the_words_in_one_pass_counts_what_splitting_each_text_counts(text: str, wanted: list[str]) -> None:
    many = "ab ee_abc " * 90  # too many matches to look at one by one
    texts = [part for part in text.split("\n")] + ["abc ab", "19 637 en 19 6370", many]
    terms = frozenset(wanted)
    expected = {
        i: {t: n for t, n in term_counts(fold(t_)).items() if t in terms}
        for i, t_ in enumerate(texts)
    }  # fmt: skip
    assert {i: dict(c) for i, c in term_matches(texts, terms).items()} == {i: c for i, c in expected.items() if c}


@given(st.text(max_size=60))
def test_folding_in_place_is_folding_where_it_keeps_every_place(text: str) -> None:
    folded = fold_in_place(text)
    if folded is not None:
        assert folded == fold(text) and len(folded) == len(text)
    else:
        assert any(len(fold(c)) != 1 for c in text)


@given(st.text(alphabet=st.sampled_from("aBé’–ĳ _1²ΩσﬁÉ\u0301\n\ud800"), max_size=40) | st.text(max_size=40))
def test_the_form_terms_are_found_in_is_the_folded_text_with_what_is_no_term_a_space(text: str) -> None:
    """matching_form: the same terms at the same places as in the folded text; ASCII when every
    character folds to ASCII (the trap: a curly quote or a dash makes a text several times
    slower to lower and search; a lone surrogate, which JSON may hold, is no term)."""
    form, folded = matching_form(text), fold_in_place(text)
    if folded is None:
        assert form is None
        return
    assert form is not None and len(form) == len(text)
    assert term_counts(form) == term_counts(folded)
    assert all(a == b or (b == " " and not a.isalnum()) for a, b in zip(folded, form, strict=True))
    if all(ord(c) < 128 for c in form):
        assert form.isascii()


@pytest.mark.parametrize("nothing", [None, 0.05])
def test_scoring_word_by_word_within_the_matches_so_far_scores_as_every_posting_would(
    tmp_path: Path, monkeypatch, nothing: float | None
) -> None:
    """ranking.relevance scores the rarest word first and the others only where it matched;
    here against the plain sum over every posting (BM25 of the best variant of each word).
    With `nothing`, the words in every document of this small library count as scoring nothing
    (as they do in a large one): they still say which documents match."""
    from store.search import dense, ranking
    from store.search.ranking import IMPACT_SCALE, idf, relevance

    if nothing is not None:
        monkeypatch.setattr(ranking, "NOTHING", nothing)
    tolerance = 1e-3 if nothing is None else nothing * 4
    from store.search.variants import PREFIX_MIN_LENGTH
    from store.tokens import query_terms

    index = SearchIndex(tmp_path / "search")
    docs = corpus(60)
    index.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    view = index.view()
    for query in [*QUERIES, "het kabinet schrijft", "een eigen woord", "nummer 19 opvang", "opvang nergensvoorkomt"]:
        words = query_terms(query)
        variants = [
            view.variants.find(w, i == len(words) - 1 or len(w) >= PREFIX_MIN_LENGTH) for i, w in enumerate(words)
        ]
        per_word = []
        for vs in variants:
            best: dict[int, float] = {}
            for v in vs:
                for ords, imps in view.postings(v.term):
                    for o, m in zip(ords, imps, strict=True):
                        best[o] = max(best.get(o, 0.0), v.weight * idf(v.df, view.docs) * m / IMPACT_SCALE)
            per_word.append(best)
        every = set.intersection(*(set(p) for p in per_word)) or set().union(*per_word)
        expected = {o: sum(p.get(o, 0.0) for p in per_word) for o in every}
        got = relevance(view.postings, variants, view.docs)
        assert got.keys() == expected.keys(), query
        assert all(abs(got[o] - expected[o]) < tolerance for o in got), query
        live = {1, 2, 3, 30}
        assert relevance(view.postings, variants, view.docs, live).keys() <= live
        # Scored over arrays (store/search/dense.py, a query with many postings): the same
        # scores, its k best with the lower ords first of equal ones; so too within `live`.
        for k in (1, 5, 1000):
            for only in (None, live):
                want = {o: s for o, s in got.items() if only is None or o in only}
                if only is not None and not want:
                    want = relevance(view.postings, variants, view.docs, only)
                best, top = dense.best_relevance(view.postings, variants, view.docs, view.size, k, only)
                ranked = sorted(want.items(), key=lambda item: (-item[1], item[0]))[:k]
                assert best == max(want.values(), default=0.0), query
                assert sorted(top) == sorted(o for o, _ in ranked), query
                assert all(top[o] == want[o] for o in top), query


def test_a_typo_is_taken_for_the_words_closest_to_it(tmp_path: Path) -> None:
    """ "voornmeens" is "voornemens" with two letters swapped (closeness 95); "voornemen" is
    alike too (80) and, rarer, would outrank it were it taken as well."""
    docs = [letter(f"a{k}", f"Brief {k}", "Het kabinet heeft voornemens.") for k in range(6)]
    docs += [letter("b", "Brief b", "Het voornemen, het voornemen, het voornemen.")]
    index = SearchIndex(tmp_path / "search")
    index.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    by_id = {d.id: d for d in docs}
    hits = search(index, "voornmeens", load=lambda f: by_id[f.id])
    assert {h.id for h in hits} == {f"a{k}" for k in range(6)}
    assert all(h.snippet[a:b] == "voornemens" for h in hits for a, b in h.highlights)
    assert search(index, "voornemne", load=lambda f: by_id[f.id])[0].id == "b"  # the closest first


def test_a_typo_of_two_letters_swapped_is_the_word_of_those_letters_before_one_a_letter_short(tmp_path: Path) -> None:
    """ "voornemesn" is one typo from "voornemens" (the last two letters swapped) and one from
    "voornemen" (a letter added); fuzz.ratio even rates "voornemen" closer (95 to 90), and being
    rarer it took every hit. The word with exactly the letters typed is the likelier one."""
    docs = [letter(f"a{k}", f"Brief {k}", "Het kabinet heeft voornemens.") for k in range(6)]
    docs += [letter(f"b{k}", f"Brief b{k}", "Het voornemen van het kabinet.") for k in range(2)]
    docs += [letter(f"c{k}", f"Brief c{k}", "Iets anders.") for k in range(4)]
    hits = hits_in(tmp_path, docs, "voornemesn")
    assert hits[0].id.startswith("a") and hits[0].snippet[slice(*hits[0].highlights[0])] == "voornemens"
    assert {h.id for h in hits[:6]} == {f"a{k}" for k in range(6)}


def test_a_rarer_word_nearly_as_close_as_the_closest_does_not_outrank_it(tmp_path: Path) -> None:
    """ "schriftleijk": "schriftelijk" (92) is the closest, "schriftelijke" (85; 88 by fuzz.ratio,
    within the margin) a little rarer; that must not carry it above the word the typo most likely is."""
    docs = [letter(f"a{k}", f"Brief {k}", "Het schriftelijk overleg van vandaag.") for k in range(3)]
    docs += [letter(f"b{k}", f"Brief b{k}", "De schriftelijke vragen van het lid.") for k in range(2)]
    docs += [letter(f"c{k}", f"Brief c{k}", "Iets anders.") for k in range(5)]
    hits = hits_in(tmp_path, docs, "schriftleijk")
    assert hits[0].id.startswith("a") and hits[0].snippet[slice(*hits[0].highlights[0])] == "schriftelijk"


def test_a_swap_finds_its_word_among_many_words_a_letter_longer_or_shorter(tmp_path: Path) -> None:
    """In a large vocabulary a typo has many words one letter longer or shorter than it, which
    fuzz.ratio rates closer than the word two swapped letters were meant for (97.6 to 95.2 for
    "heidopavngbescherstel"); they must not crowd that word out before `closeness` chooses."""
    typed, meant = "heidopavngbescherstel", "heidopvangbescherstel"
    crowd = [typed[:i] + typed[i + 1 :] for i in range(2, len(typed))]  # one letter dropped: 19 words
    docs = [letter(f"a{k}", f"Brief {k}", f"Het {meant} van vandaag.") for k in range(3)]
    docs += [letter(f"b{k}", f"Brief b{k}", f"Het {word} van gisteren.") for k, word in enumerate(crowd)]
    hits = hits_in(tmp_path, docs, typed)
    assert {h.id for h in hits[:3]} == {"a0", "a1", "a2"}
    assert all(hits[k].snippet[slice(*hits[k].highlights[0])] == meant for k in range(3))


def test_an_import_lists_every_document_so_a_query_needs_no_index_row(tmp_path: Path, monkeypatch) -> None:
    from store.cache import Row
    from store.library import Library
    from tests.conftest import SEEDS

    library = Library(tmp_path / "cache")
    library.import_paths(sorted(SEEDS.values()))
    view = SearchIndex(Cache(tmp_path / "cache").search_dir).view()
    assert view.listed
    rows = library._current().index.rows
    assert [view.listing(r.ord) for r in rows] == [Listed(r.id, r.title, r.sha256) for r in rows]

    def no_rows(*_args, **_kwargs):
        raise AssertionError("a query read index.json")

    monkeypatch.setattr(Row, "from_dict", no_rows)
    fresh = Library(tmp_path / "cache", lazy=True)
    assert fresh.search("migratieagenda")  # found from the index and the bodies alone


@given(st.lists(st.integers(0, 400), unique=True, max_size=120), st.sets(st.integers(0, 400), max_size=40))
def test_the_postings_of_a_few_documents_are_found_by_bisection_as_by_reading_the_run(
    ords: list[int], within: set[int]
) -> None:
    """ranking._probed: the postings of exactly the documents `within`, in order."""
    from array import array

    from store.search.ranking import _probed

    ords.sort()
    run = memoryview(array("I", ords))
    imps = memoryview(array("H", [o * 7 % 65_000 for o in ords]))
    found_ords, found_imps = _probed(run, imps, within)
    assert list(zip(found_ords, found_imps, strict=True)) == [(o, o * 7 % 65_000) for o in ords if o in within]


def test_a_whole_word_before_the_last_is_meant_as_written_and_a_cut_one_as_a_start(tmp_path: Path) -> None:
    """The last word is being typed: it matches as the start of a word. One before it matches
    so only when the index does not hold it as written ("migr beleid"): "voor faciliteren" does
    not ask for "voornemens" (the trap: a common word's completions read most of a large index)."""
    docs = [
        letter("voor", "Brief een", "Wij willen het voor u faciliteren."),
        letter("voornemens", "Brief twee", "De voornemens faciliteren het werk."),
        letter("migratie", "Brief drie", "Het migratie beleid en het voornemen."),
    ]
    index = SearchIndex(tmp_path / "search")
    index.rebuild([(n, d, sha(d)) for n, d in enumerate(docs, 1)])
    by_id = {d.id: d for d in docs}

    def found(query: str) -> set[str]:
        return {h.id for h in search(index, query, load=lambda f: by_id[f.id])}

    assert found("voor faciliteren") == {"voor"}
    assert found("migr beleid") == {"migratie"}
    assert found("faciliteren voor") == {"voor", "voornemens"}  # the last word: "voor…"
