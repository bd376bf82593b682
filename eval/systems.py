"""The three search systems compared by the harness, behind one small interface.

Each system builds an index of a list of documents into a directory and opens
a searcher that maps a query to the ranked keys of the documents it returns.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

from docs import iter_docs

PROGRESS_EVERY = 2000


def progress(name: str, done: int, total: int) -> None:
    """Print indexing progress to stderr every ``PROGRESS_EVERY`` documents."""
    if done % PROGRESS_EVERY == 0 or done == total:
        print(f"[{name}] indexed {done}/{total}", file=sys.stderr, flush=True)


def query_words(text: str) -> list[str]:
    """Split a query into words, dropping punctuation but keeping combining marks.

    Query syntax characters (quotes, colons, brackets, operators) become spaces,
    so both baselines see the same plain words.

    >>> query_words('Ông Nhân: "Giải cứu" heo (TP.HCM)')
    ['Ông', 'Nhân', 'Giải', 'cứu', 'heo', 'TP', 'HCM']
    >>> len(query_words(unicodedata.normalize("NFD", "Tiếng Việt")))
    2
    """
    kept = [c if c.isalnum() or unicodedata.category(c).startswith("M") else " " for c in text]
    return "".join(kept).split()


def package_files(package: Path) -> list[Path]:
    """Return the files of a package that git tracks, or all of them outside git."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "."],
            cwd=package,
            capture_output=True,
            check=True,
        ).stdout.decode()
        files = [package / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(p for p in files if p.is_file())


# coopsearch modules that run only when a query is answered, never while indexing.
QUERY_TIME_MODULES = frozenset(
    {
        "cli.py",
        "documents.py",
        "filters.py",
        "matchers.py",
        "paths.py",
        "phrases.py",
        "progress.py",
        "queryparse.py",
        "querybuild.py",
        "render.py",
        "rescoring.py",
        "search.py",
        "segmentation.py",
        "snippets.py",
        "stats.py",
        "suggest.py",
        "syllables.txt",
        "words.txt",
        "words_domain.txt",
    }
)


class Fts5System:
    """SQLite FTS5 with diacritics removed, BM25 with the title weighted 10:1."""

    name = "fts5"

    def version(self) -> str:
        """Return the SQLite version and the schema revision of this adapter."""
        return f"sqlite-{sqlite3.sqlite_version}-v1"

    def ranking_version(self) -> str:
        """Return what decides the ranking: here, the same as :meth:`version`."""
        return self.version()

    def build(self, index_dir: Path, root: Path, keys: list[str]) -> None:
        """Index the documents into ``index_dir/fts.db``."""
        db = sqlite3.connect(index_dir / "fts.db")
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        db.execute("CREATE TABLE keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL)")
        for i, doc in enumerate(iter_docs(root, keys), start=1):
            db.execute(
                "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)", (i, doc.title, doc.body)
            )
            db.execute("INSERT INTO keys (id, key) VALUES (?, ?)", (i, doc.key))
            progress(self.name, i, len(keys))
        db.commit()
        db.close()

    def searcher(self, index_dir: Path, root: Path) -> Fts5Searcher:
        """Open a searcher on a built index."""
        return Fts5Searcher(index_dir / "fts.db")


class Fts5Searcher:
    """Ranks documents by ``bm25(docs, 10.0, 1.0)`` for the OR of the query words."""

    SQL = (
        "SELECT keys.key FROM docs JOIN keys ON keys.id = docs.rowid "
        "WHERE docs MATCH ? ORDER BY bm25(docs, 10.0, 1.0) LIMIT ?"
    )

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)

    def search(self, query: str, k: int) -> list[str]:
        """Return the keys of the top ``k`` documents."""
        words = query_words(query)
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        return [row[0] for row in self.db.execute(self.SQL, (match, k))]

    def close(self) -> None:
        """Close the database."""
        self.db.close()


class WhooshSystem:
    """Plain Whoosh: StandardAnalyzer TEXT fields, BM25F, OR query over title and body."""

    name = "whoosh"

    def version(self) -> str:
        """Return the Whoosh version and the schema revision of this adapter."""
        import whoosh

        return f"whoosh-{whoosh.versionstring()}-v1"

    def ranking_version(self) -> str:
        """Return what decides the ranking: here, the same as :meth:`version`."""
        return self.version()

    def build(self, index_dir: Path, root: Path, keys: list[str]) -> None:
        """Index the documents with a single-process writer."""
        from whoosh import fields, index

        schema = fields.Schema(
            key=fields.ID(stored=True, unique=True),
            title=fields.TEXT(stored=False),
            body=fields.TEXT(stored=False),
        )
        ix = index.create_in(str(index_dir), schema)
        writer = ix.writer(limitmb=256)
        for i, doc in enumerate(iter_docs(root, keys), start=1):
            writer.add_document(key=doc.key, title=doc.title, body=doc.body)
            progress(self.name, i, len(keys))
        print(f"[{self.name}] committing", file=sys.stderr, flush=True)
        writer.commit()

    def searcher(self, index_dir: Path, root: Path) -> WhooshSearcher:
        """Open a searcher on a built index."""
        return WhooshSearcher(index_dir)


class WhooshSearcher:
    """Parses queries with a ``MultifieldParser`` in ``OrGroup`` mode."""

    def __init__(self, index_dir: Path):
        from whoosh import index
        from whoosh.qparser import MultifieldParser, OrGroup

        self.ix = index.open_dir(str(index_dir))
        self.parser = MultifieldParser(["title", "body"], self.ix.schema, group=OrGroup)
        self.searcher = self.ix.searcher()

    def search(self, query: str, k: int) -> list[str]:
        """Return the keys of the top ``k`` documents."""
        parsed = self.parser.parse(" ".join(query_words(query)))
        return [hit["key"] for hit in self.searcher.search(parsed, limit=k)]

    def close(self) -> None:
        """Close the searcher."""
        self.searcher.close()


class CoopsearchSystem:
    """coopsearch through its library API (``update_index`` and ``Searcher``)."""

    name = "coopsearch"

    def version(self) -> str:
        """Return coopsearch's version and a digest of the files that shape its index.

        The package is under active development, so its sources are part of the
        cache key: a change to them gives a fresh index. Modules that only run
        at query time (:data:`QUERY_TIME_MODULES`) are left out, so ranking
        work reuses the index; :meth:`ranking_version` covers them too.
        """
        return self._digest(lambda path: path.name not in QUERY_TIME_MODULES)

    def ranking_version(self) -> str:
        """Return coopsearch's version and a digest of every package file."""
        return self._digest(lambda path: True)

    @staticmethod
    def _digest(wanted) -> str:
        """Digest of the package files ``wanted`` keeps (only those git tracks, in git)."""
        import coopsearch

        package = Path(coopsearch.__file__).parent
        digest = hashlib.sha1()
        for path in package_files(package):
            if wanted(path):
                digest.update(path.relative_to(package).as_posix().encode())
                digest.update(path.read_bytes())
        return f"coopsearch-{getattr(coopsearch, '__version__', '0')}-{digest.hexdigest()[:12]}"

    def build(self, index_dir: Path, root: Path, keys: list[str]) -> None:
        """Build a fresh index of exactly the listed files (never the folder itself).

        coopsearch also indexes ``.md`` files, so passing the folder could
        index files the other systems do not see.
        """
        from coopsearch.indexer import update_index

        def report_progress(done: int, total: int, path: str) -> None:
            progress(self.name, done, total)

        sources = [root / key for key in keys]
        report = update_index(index_dir, sources, rebuild=True, progress=report_progress)
        print(f"[{self.name}] {report.summary()}", file=sys.stderr, flush=True)

    def searcher(self, index_dir: Path, root: Path) -> CoopsearchSearcher:
        """Open a searcher on a built index."""
        return CoopsearchSearcher(index_dir, root)


class CoopsearchSearcher:
    """Maps coopsearch hits (absolute paths) back to corpus keys."""

    def __init__(self, index_dir: Path, root: Path):
        from coopsearch.search import Searcher

        self.root = root
        self.searcher = Searcher(index_dir)
        self.searcher.__enter__()

    def search(self, query: str, k: int) -> list[str]:
        """Return the keys of the top ``k`` documents, the query passed as typed."""
        result = self.searcher.search(query, limit=k, snippets=False)
        return [self.key(hit.path) for hit in result.hits]

    def key(self, path: str) -> str:
        """Return the corpus key of an absolute document path."""
        resolved = Path(path).resolve()
        try:
            return resolved.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def close(self) -> None:
        """Close the searcher."""
        self.searcher.__exit__(None, None, None)


SYSTEMS = {system.name: system for system in (CoopsearchSystem(), Fts5System(), WhooshSystem())}
