"""What an index holds: documents, words, size on disk, age, corpus folders, years.

Everything is read from the index's lexicons and ``coopsearch.json``, never
from the stored articles, so ``stats`` answers at once on a large index.
Facets that only some schemas have (provinces) are reported when present.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from coopsearch import schema, store

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
    roots: tuple[str, ...]
    years: tuple[tuple[int, int], ...]  # (year, documents), most documents first
    provinces: tuple[tuple[str, int], ...]
    schema_version: int | None

    def to_dict(self) -> dict:
        record = asdict(self)
        record["roots"] = list(self.roots)
        record["years"] = [{"year": y, "documents": n} for y, n in self.years]
        record["provinces"] = [{"province": p, "documents": n} for p, n in self.provinces]
        return record


def index_stats(index_dir: Path) -> IndexStats:
    """Read the figures of the index in ``index_dir``."""
    index_dir = Path(index_dir)
    meta = store.read_meta(index_dir)
    ix = store.open_existing(index_dir)
    try:
        with ix.reader() as reader:
            return IndexStats(
                index=str(index_dir),
                documents=reader.doc_count(),
                words=int(reader.field_length(schema.BODY) + reader.field_length(schema.TITLE)),
                terms=_count_terms(reader, schema.BODY),
                folded_terms=_count_terms(reader, schema.BODY_FOLDED),
                size_bytes=folder_size(index_dir),
                created=meta.get("created"),
                updated=meta.get("updated"),
                age_seconds=_age(meta.get("updated")),
                roots=tuple(meta.get("roots", [])),
                years=_years(reader),
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


def _years(reader) -> tuple[tuple[int, int], ...]:
    """Documents per year (a number, as ``year`` everywhere), from the dates' lexicon.

    ``2022-03-22`` counts for 2022.
    """
    counts: Counter = Counter()
    if schema.DATE in reader.schema:
        for term, info in reader.iter_field(schema.DATE):
            counts[int(_text(term)[:4])] += info.doc_frequency()
    return tuple(sorted(counts.items(), key=lambda yn: (-yn[1], yn[0]))[:TOP])


def _province_field(whoosh_schema) -> str | None:
    return next((name for name in PROVINCE_FIELDS if name in whoosh_schema), None)


def _top_terms(reader, field: str | None) -> tuple[tuple[str, int], ...]:
    if not field:
        return ()
    counts = [(_text(term), info.doc_frequency()) for term, info in reader.iter_field(field)]
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
