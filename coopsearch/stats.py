"""What an index holds: documents, words, size on disk, age, corpus folders, years.

Everything is read from the index's lexicons, columns and ``coopsearch.json``,
never from the stored articles, so ``stats`` answers at once on a large index.
Counts are of live documents only: a document that was replaced or deleted
stays in its segment (and its lexicon counts) until a merge, so where a
segment has deletions its postings and columns are read and the deleted
documents skipped. The distinct-word counts are the one exception: they are
the lexicon's, and may hold words of deleted documents until a merge.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from coopsearch import schema, segmentcolumns, store
from coopsearch.identity import Folders, trimmed

TOP = 10
PROVINCE_FIELDS = ("province", "provinces")  # whichever the schema has, if any


@dataclass(frozen=True)
class IndexStats:
    """The figures ``coopsearch stats`` prints; ``to_dict()`` is its JSON."""

    index: str
    documents: int
    words: int  # word occurrences in titles and bodies
    terms: int  # distinct words as written (exact layer, bodies)
    folded_terms: int  # distinct words without marks (folded layer, bodies)
    size_bytes: int
    created: str | None
    updated: str | None
    age_seconds: int | None
    folders: tuple[tuple[str, int, bool], ...]  # (folder, documents, still exists)
    years: tuple[tuple[int, int], ...]  # (year, documents), most documents first
    undated: int  # documents without a date
    provinces: tuple[tuple[str, int], ...]
    schema_version: int | None

    def to_dict(self) -> dict:
        record = asdict(self)
        record["folders"] = [
            {"folder": f, "documents": n, "exists": there} for f, n, there in self.folders
        ]
        record["years"] = [{"year": y, "documents": n} for y, n in self.years]
        record["provinces"] = [{"province": p, "documents": n} for p, n in self.provinces]
        return record


def index_stats(index_dir: Path) -> IndexStats:
    """Read the figures of the index in ``index_dir``."""
    index_dir = Path(index_dir)
    ix = store.open_existing(index_dir)  # says what is wrong with a damaged index
    meta = store.read_meta(index_dir)
    try:
        with ix.reader() as reader:
            return IndexStats(
                index=str(index_dir),
                documents=reader.doc_count(),
                words=_words(reader),
                terms=_count_terms(reader, schema.BODY),
                folded_terms=_count_terms(reader, schema.BODY_FOLDED),
                size_bytes=folder_size(index_dir),
                created=meta.get("created"),
                updated=meta.get("updated"),
                age_seconds=_age(meta.get("updated")),
                folders=_folders(reader, meta.get("roots", [])),
                years=_years(reader),
                undated=_undated(reader),
                provinces=_top_terms(reader, _province_field(reader.schema)),
                schema_version=meta.get("schema_version"),
            )
    finally:
        ix.close()


def folder_size(folder: Path) -> int:
    """Bytes used by the files directly in ``folder``."""
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _count_terms(reader, field: str) -> int:
    if field not in reader.schema:
        return 0
    return sum(1 for _ in reader.lexicon(field))


def _words(reader) -> int:
    """Word occurrences in the titles and bodies of live documents, from their column."""
    if not reader.doc_count():
        return 0
    words = segmentcolumns.column(reader, schema.WORDS)
    return sum(words[n] for n in reader.all_doc_ids())


def _years(reader) -> tuple[tuple[int, int], ...]:
    """Live documents per year, from the date column (``2022-03-22`` counts for 2022)."""
    counts: Counter = Counter()
    if schema.DATE in reader.schema and reader.doc_count():
        dates = segmentcolumns.column(reader, schema.DATE)
        for n in reader.all_doc_ids():
            if dates[n]:
                counts[int(dates[n][:4])] += 1
    return tuple(sorted(counts.items(), key=lambda yn: (-yn[1], yn[0]))[:TOP])


def _undated(reader) -> int:
    """Live documents without a date."""
    if schema.DATE not in reader.schema or not reader.doc_count():
        return 0
    dates = segmentcolumns.column(reader, schema.DATE)
    return sum(1 for n in reader.all_doc_ids() if not dates[n])


def _folders(reader, roots: list[str]) -> tuple[tuple[str, int, bool], ...]:
    """Each folder the index covers, with its live documents and whether it still exists."""
    counts: Counter = Counter()
    if roots and reader.doc_count():
        folders = Folders(roots)
        sources = segmentcolumns.column(reader, schema.SOURCE)
        for n in reader.all_doc_ids():
            counts[folders.outermost(sources[n])] += 1
    return tuple((r, counts[trimmed(r)], os.path.lexists(r)) for r in roots)


def _province_field(whoosh_schema) -> str | None:
    return next((name for name in PROVINCE_FIELDS if name in whoosh_schema), None)


def _top_terms(reader, field: str | None) -> tuple[tuple[str, int], ...]:
    if not field:
        return ()
    if reader.has_deletions():
        counts = [
            (
                _text(term),
                sum(1 for n in reader.postings(field, term).all_ids() if not reader.is_deleted(n)),
            )
            for term in reader.lexicon(field)
        ]
    else:
        counts = [(_text(t), info.doc_frequency()) for t, info in reader.iter_field(field)]
    counts = [(term, n) for term, n in counts if n]
    return tuple(sorted(counts, key=lambda tn: (-tn[1], tn[0]))[:TOP])


def _age(stamp: str | None) -> int | None:
    if not stamp:
        return None
    try:
        then = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").timestamp()
    except ValueError:
        return None
    return max(0, int(time.time() - then))


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
