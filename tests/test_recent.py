"""store/recent.py: the bodies of the last hits, kept while their files are there."""

from __future__ import annotations

from pathlib import Path

from store.model import Block, Document
from store.recent import RecentBodies
from store.search.hit_body import HitBody, of_document


def doc(doc_id: str, chars: int) -> HitBody:
    return of_document(Document(doc_id, "kamerbrief", doc_id, None, "", blocks=(Block("paragraph", "x" * chars),)))


def test_a_body_read_again_is_not_read_while_its_file_is_there_and_is_once_it_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "kst-1.body"
    path.write_text("")
    reads: list[str] = []

    def read() -> HitBody:
        reads.append("read")
        return doc("kst-1", 10)

    recent = RecentBodies()
    first = recent.read(path, read)
    assert recent.read(path, read) is first and reads == ["read"]
    path.unlink()  # the document was removed: what was kept of it is no hit
    recent.read(path, read)
    assert reads == ["read", "read"]


def test_the_least_recently_read_go_first_once_too_much_text_is_kept(tmp_path: Path) -> None:
    recent = RecentBodies(max_chars=25, max_documents=10)
    paths = [tmp_path / f"{n}.body" for n in range(4)]
    reads: list[int] = []
    for n, path in enumerate(paths):
        path.write_text("")
        recent.read(path, lambda n=n: reads.append(n) or doc(str(n), 10))
    recent.read(paths[0], lambda: reads.append(-1) or doc("0", 10))  # 0 was dropped for 2 and 3
    assert reads == [0, 1, 2, 3, -1]
    recent.read(paths[3], lambda: reads.append(-3) or doc("3", 10))  # 3 is kept
    assert reads == [0, 1, 2, 3, -1]
    recent.read(tmp_path / "big", lambda: doc("big", 100))  # more than all: not kept, nothing dropped
    recent.read(paths[3], lambda: reads.append(-3) or doc("3", 10))
    assert reads == [0, 1, 2, 3, -1]
