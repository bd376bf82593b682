"""The SQLite FTS5 baseline that coopsearch is compared with.

One database file holds ``docs`` (path, mtime, size: what incremental
updates compare) and the FTS5 table ``t(title, body)`` with the
``unicode61 remove_diacritics 2`` tokenizer. Queries are the OR of the
query's words, each double-quoted, ranked by ``bm25(t, 10.0, 1.0)``, with a
``snippet()`` of the body.

Also a tiny command line, used to time a cold one-shot query::

    python bench/fts5.py query DB "OCOP Bắc Giang"
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE docs(id INTEGER PRIMARY KEY, path TEXT UNIQUE, mtime_ns INTEGER, size INTEGER);
CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');
"""

SEARCH_SQL = """
SELECT d.path, t.title, snippet(t, 1, '[', ']', '…', 16), bm25(t, 10.0, 1.0) AS score
FROM t JOIN docs d ON d.id = t.rowid
WHERE t MATCH ?
ORDER BY score
LIMIT ?
"""


@dataclass(frozen=True)
class Hit:
    """One ranked result."""

    path: str
    title: str
    snippet: str
    score: float


def iter_files(root: Path) -> Iterator[Path]:
    """Every ``*.txt`` file under ``root``, sorted."""
    return iter(sorted(root.rglob("*.txt")))


def read_document(path: Path) -> tuple[str, str]:
    """Split an article file into (title, body): title is its first line."""
    text = path.read_text(encoding="utf-8", errors="replace")
    title, _, body = text.partition("\n")
    return title.strip(), body


def to_match_query(query: str) -> str:
    """Turn a user query into an FTS5 MATCH expression: OR of quoted words."""
    words = query.split()
    return " OR ".join('"' + word.replace('"', '""') + '"' for word in words)


def _insert(db: sqlite3.Connection, path: Path) -> None:
    """Index one file: a ``docs`` row and the matching ``t`` row."""
    stat = path.stat()
    title, body = read_document(path)
    cursor = db.execute(
        "INSERT INTO docs(path, mtime_ns, size) VALUES (?, ?, ?)",
        (str(path), stat.st_mtime_ns, stat.st_size),
    )
    db.execute(
        "INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)", (cursor.lastrowid, title, body)
    )


def _delete(db: sqlite3.Connection, doc_id: int) -> None:
    """Remove one document from both tables."""
    db.execute("DELETE FROM t WHERE rowid = ?", (doc_id,))
    db.execute("DELETE FROM docs WHERE id = ?", (doc_id,))


def build(db_path: Path, root: Path) -> int:
    """Build the database from scratch; return the number of documents."""
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    try:
        db.executescript(SCHEMA)
        count = 0
        with db:
            for path in iter_files(root):
                _insert(db, path)
                count += 1
        return count
    finally:
        db.close()


def update(db_path: Path, root: Path) -> int:
    """Re-index files whose mtime or size changed, add new, drop deleted.

    Returns the number of documents added, changed or removed.
    """
    db = sqlite3.connect(db_path)
    try:
        known = {
            path: (doc_id, mtime, size)
            for doc_id, path, mtime, size in db.execute("SELECT id, path, mtime_ns, size FROM docs")
        }
        changed = 0
        with db:
            for path in iter_files(root):
                stat = path.stat()
                entry = known.pop(str(path), None)
                if entry and entry[1:] == (stat.st_mtime_ns, stat.st_size):
                    continue
                if entry:
                    _delete(db, entry[0])
                _insert(db, path)
                changed += 1
            for doc_id, _, _ in known.values():
                _delete(db, doc_id)
                changed += 1
        return changed
    finally:
        db.close()


class Searcher:
    """An open database answering ranked queries; a context manager."""

    def __init__(self, db_path: Path) -> None:
        self.db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Top ``limit`` hits for ``query``, best first, with snippets."""
        match = to_match_query(query)
        if not match:
            return []
        rows = self.db.execute(SEARCH_SQL, (match, limit)).fetchall()
        return [Hit(*row) for row in rows]

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def main(argv: list[str]) -> int:
    """``query INDEX QUERY``: the top 10, as a search CLI prints them (``oneshot.main``)."""
    from oneshot import main as one_shot

    return one_shot(argv, Searcher, "python bench/fts5.py query DB QUERY")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
