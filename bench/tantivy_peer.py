"""The Tantivy peer: a Rust search library through its official Python bindings.

Named ``tantivy_peer`` so that it does not shadow the ``tantivy`` package.
Needs the optional ``bench`` extra (``pip install -e '.[bench]'``); without
it ``run.py`` leaves Tantivy out and says so.

Configured as well as Tantivy's stock parts allow for Vietnamese:

* text is NFC-normalised in Python first (the simple tokenizer splits a
  decomposed letter from its combining mark);
* one analyzer, ``vi_fold``, for title and body: the simple tokenizer
  (runs of letters and digits), tokens over 40 bytes dropped (as the default
  analyzer does), lowercase, then ASCII folding, which maps every Vietnamese
  letter to its base letter, ``đ`` to ``d`` included; so ``hop tac xa`` finds
  "hợp tác xã";
* both fields stored (snippets are cut from the stored body) and indexed with
  positions (a quoted word that splits into several tokens is a phrase);
* ``path`` indexed whole (raw tokenizer) so an update can delete by it.

Queries mirror the FTS5 peer's: every word of the query double-quoted (so
no word is read as query syntax), over title and body with the title
boosted 10 (FTS5: ``bm25(t, 10.0, 1.0)``), BM25 ranking, top 10 with a snippet
of the body. Unlike the FTS5 peer, which ORs the words, every word is
required (AND), as coopsearch requires them.

The writer uses one indexing thread (``WRITER_THREADS``) and Tantivy's
default 128 MB heap; a build or update ends with the commit and the merges
it started (``wait_merging_threads``), so their time counts.

Incremental update: Tantivy keeps no file table of its own, so a sidecar
``files.json`` beside the index holds (path, mtime, size) as the FTS5
peer's ``docs`` table does; an update deletes the changed and removed files
by path (``delete_documents_by_term``), adds the changed and new ones, and
commits once.

Also a tiny command line, used to time a cold one-shot query::

    python bench/tantivy_peer.py query INDEX_DIR "OCOP Bắc Giang"
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tantivy

ANALYZER = "vi_fold"
TITLE_BOOST = 10.0
WRITER_HEAP = 128_000_000
WRITER_THREADS = 1
SNIPPET_CHARS = 100  # about FTS5's 16-token snippet
INDEX_SUBDIR = "index"
FILES = "files.json"


@dataclass(frozen=True)
class Hit:
    """One ranked result."""

    path: str
    title: str
    snippet: str
    score: float


def analyzer() -> tantivy.TextAnalyzer:
    """Simple tokenizer, long tokens dropped, lowercase, ASCII folding."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def schema() -> tantivy.Schema:
    """path (whole, stored), title and body (folded, stored, with positions)."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name=ANALYZER)
    builder.add_text_field("body", stored=True, tokenizer_name=ANALYZER)
    return builder.build()


def _open(index_dir: Path) -> tantivy.Index:
    """Open the index and register its analyzer (Tantivy does not persist it)."""
    index = tantivy.Index.open(str(index_dir / INDEX_SUBDIR))
    index.register_tokenizer(ANALYZER, analyzer())
    return index


def iter_files(root: Path) -> Iterator[Path]:
    """Every ``*.txt`` file under ``root``, sorted."""
    return iter(sorted(root.rglob("*.txt")))


def read_document(path: Path) -> tuple[str, str]:
    """Split an article file into (title, body): title is its first line, NFC."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
    title, _, body = text.partition("\n")
    return title.strip(), body


def to_query_string(query: str) -> str:
    """A user query as Tantivy query syntax: each word double-quoted, all required."""
    words = unicodedata.normalize("NFC", query).replace('"', " ").split()
    return " ".join(f'"{word}"' for word in words)


def _add(writer: tantivy.IndexWriter, path: Path) -> list[int]:
    """Index one file; its [mtime_ns, size] for the file table."""
    stat = path.stat()
    title, body = read_document(path)
    writer.add_document(tantivy.Document(path=str(path), title=title, body=body))
    return [stat.st_mtime_ns, stat.st_size]


def _save_files(index_dir: Path, files: dict[str, list[int]]) -> None:
    """Write the file table atomically, after the commit it describes."""
    temporary = index_dir / (FILES + ".tmp")
    temporary.write_text(json.dumps(files), encoding="utf-8")
    os.replace(temporary, index_dir / FILES)


def _finish(writer: tantivy.IndexWriter) -> None:
    """Commit, then wait for the merges the commit started."""
    writer.commit()
    writer.wait_merging_threads()


def build(index_dir: Path, root: Path) -> int:
    """Build the index from scratch; return the number of documents."""
    shutil.rmtree(index_dir, ignore_errors=True)
    (index_dir / INDEX_SUBDIR).mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(index_dir / INDEX_SUBDIR), reuse=False)
    index.register_tokenizer(ANALYZER, analyzer())
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
    files = {str(path): _add(writer, path) for path in iter_files(root)}
    _finish(writer)
    _save_files(index_dir, files)
    return len(files)


def update(index_dir: Path, root: Path) -> int:
    """Re-index files whose mtime or size changed, add new, drop deleted.

    Returns the number of documents added, changed or removed.
    """
    known = json.loads((index_dir / FILES).read_text(encoding="utf-8"))
    index = _open(index_dir)
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
    files: dict[str, list[int]] = {}
    changed = 0
    for path in iter_files(root):
        stat = path.stat()
        key = str(path)
        entry = known.pop(key, None)
        if entry == [stat.st_mtime_ns, stat.st_size]:
            files[key] = entry
            continue
        if entry:
            writer.delete_documents_by_term("path", key)
        files[key] = _add(writer, path)
        changed += 1
    for key in known:
        writer.delete_documents_by_term("path", key)
        changed += 1
    _finish(writer)
    _save_files(index_dir, files)
    return changed


class Searcher:
    """An open index answering ranked queries; a context manager."""

    def __init__(self, index_dir: Path) -> None:
        self.index = _open(index_dir)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Top ``limit`` hits for ``query`` (every word required), best first, with snippets."""
        text = to_query_string(query)
        if not text:
            return []
        parsed = self.index.parse_query(
            text,
            default_field_names=["title", "body"],
            field_boosts={"title": TITLE_BOOST},
            conjunction_by_default=True,
        )
        found = self.searcher.search(parsed, limit=limit, count=False).hits
        if not found:
            return []
        snippets = tantivy.SnippetGenerator.create(self.searcher, parsed, self.schema, "body")
        snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = []
        for score, address in found:
            doc = self.searcher.doc(address)
            snippet = mark(snippets.snippet_from_doc(doc))
            hits.append(Hit(doc.get_first("path"), doc.get_first("title"), snippet, score))
        return hits

    def close(self) -> None:
        """Nothing to release explicitly: the bindings free the index with the object."""

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def mark(snippet: tantivy.Snippet) -> str:
    """The snippet's text with its matches in brackets, as the FTS5 peer prints them."""
    fragment = snippet.fragment().encode("utf-8")  # ranges are byte offsets
    parts, at = [], 0
    for span in snippet.highlighted():
        parts += [fragment[at : span.start], b"[", fragment[span.start : span.end], b"]"]
        at = span.end
    parts.append(fragment[at:])
    return b"".join(parts).decode("utf-8", errors="replace")


def main(argv: list[str]) -> int:
    """``query INDEX QUERY``: the top 10, as a search CLI prints them (``oneshot.main``)."""
    from oneshot import main as one_shot

    return one_shot(argv, Searcher, "python bench/tantivy_peer.py query INDEX_DIR QUERY")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
