"""The peer of the library search in `make bench`: SQLite FTS5 over the same documents.

One FTS5 table (Python's sqlite3; tokenizer unicode61 with diacritics removed, so it folds as
kamerlezer does) of every document of a cache: its id, its title and its text (the file it was
imported from, as read at import). A query is the AND of its terms with a prefix match on the
last one (what a user is typing), ranked by FTS5's bm25 (`ORDER BY rank`), with a snippet:
what `Library.search` does, without the typo tolerance (FTS5 has none).

    .venv/bin/python -m tests.bench.search_peer CACHE QUERY...   # times and hits of each query
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from store.tokens import fold, query_terms

SCHEMA = "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
QUERY = "SELECT id, title, snippet(docs, 2, '[', ']', '…', 24) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?"


@dataclass(frozen=True)
class PeerHit:
    id: str
    title: str
    snippet: str  # matched words between [ and ]


def documents(cache: Path) -> Iterator[tuple[str, str, str]]:
    """(id, title, text) of every document of the cache: the text of the file it came from."""
    from store.decoding import read_file
    from store.library import Library

    for entry in Library(cache).entries():
        try:
            text = read_file(entry.source).text
        except Exception:  # noqa: BLE001 - a file gone since the import: the title alone
            text = ""
        yield entry.id, entry.title, text


def build(db: Path, docs: Iterator[tuple[str, str, str]]) -> int:
    """A fresh FTS5 database of `docs` at `db`; the number of documents."""
    db.unlink(missing_ok=True)
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA journal_mode = OFF")  # a bench database, built once: no journal to write
        con.execute("PRAGMA synchronous = OFF")
        con.execute(SCHEMA)
        con.executemany("INSERT INTO docs (id, title, body) VALUES (?, ?, ?)", docs)
        con.execute("INSERT INTO docs (docs) VALUES ('optimize')")  # one b-tree, as a built index is
        (n,) = con.execute("SELECT count(*) FROM docs").fetchone()
    con.close()
    return int(n)


def match_expression(query: str) -> str | None:
    """FTS5's query for what the user typed: every term (quoted, so no word is an operator),
    the last one as a prefix. None when the query has no term."""
    words = query_terms(query)
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'


def search(con: sqlite3.Connection, query: str, limit: int = 20) -> list[PeerHit]:
    expression = match_expression(query)
    if expression is None:
        return []
    return [PeerHit(*row) for row in con.execute(QUERY, (expression, limit))]


def finds_word(hits: Sequence[PeerHit], word: str) -> bool:
    """Whether a hit's snippet marks `word` (folded): the typo was taken for it."""
    wanted = fold(word)
    for hit in hits:
        marked = hit.snippet.split("[")[1:]
        if any(fold(part.split("]")[0]) == wanted for part in marked):
            return True
    return False


def measure(db: Path, queries: Sequence[str], typos: Sequence[tuple[str, str]]) -> dict:
    """Each query timed on a fresh connection (the first one too: it reads the database), and
    how many of the typo queries (typed, intended) find their intended word."""
    con = sqlite3.connect(db)
    start = time.perf_counter()
    search(con, "asielopvang")
    first = time.perf_counter() - start
    times, hits = [], []
    for query in queries:
        start = time.perf_counter()
        found = search(con, query)
        times.append((time.perf_counter() - start) * 1000)
        hits.append(len(found))
    recalled = sum(finds_word(search(con, typed), intended) for typed, intended in typos)
    con.close()
    return {"first_ms": first * 1000, "times_ms": times, "hits": hits, "typos_found": recalled, "typos": len(typos)}


def main(argv: list[str]) -> int:
    cache, queries = Path(argv[0]), argv[1:]
    db = cache.parent / f"{cache.name}-fts5.sqlite"
    build(db, documents(cache))
    print(json.dumps(measure(db, queries, []), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
