"""Run a user query against an index and return ranked :class:`Hit` records.

A :class:`Searcher` opens the index once and answers many queries (batch
mode, benchmarks); :func:`search` is the one-shot form.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import scoring

from coopsearch import schema, store
from coopsearch.querybuild import QueryPlan, build_query
from coopsearch.snippets import Span, find_matches, make_snippet

DEFAULT_LIMIT = 10
DEFAULT_CONTEXT = 220  # snippet length in characters
BM25_B = 0.75
BM25_K1 = 1.2


@dataclass(frozen=True)
class Hit:
    """One ranked result; ``to_dict()`` is its JSON form, with stable keys."""

    rank: int
    id: str
    path: str
    title: str
    date: str | None
    score: float
    snippet: str
    highlights: tuple[Span, ...] = ()
    title_highlights: tuple[Span, ...] = ()

    def to_dict(self) -> dict:
        record = asdict(self)
        record["score"] = round(self.score, 4)
        record["highlights"] = [list(span) for span in self.highlights]
        record["title_highlights"] = [list(span) for span in self.title_highlights]
        return record


@dataclass(frozen=True)
class SearchResult:
    """The hits of one query, with the total number of matching documents."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    elapsed_ms: float
    documents: int  # documents in the index
    plan: QueryPlan | None = field(default=None, repr=False, compare=False)


class Searcher:
    """An open index answering queries; use as a context manager."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._index = store.open_existing(self.index_dir)
        weighting = scoring.BM25F(B=BM25_B, K1=BM25_K1)
        self._searcher = self._index.searcher(weighting=weighting)

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._searcher.close()
        self._index.close()

    @property
    def document_count(self) -> int:
        return self._searcher.doc_count()

    def search(
        self,
        text: str,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        snippets: bool = True,
        context: int = DEFAULT_CONTEXT,
    ) -> SearchResult:
        """Rank the documents matching ``text``; return ``limit`` hits after ``offset``."""
        started = time.perf_counter()
        plan = build_query(text)
        results = self._searcher.search(plan.query, limit=offset + limit)
        total = len(results)
        hits = tuple(
            self._hit(offset + i + 1, results[offset + i], plan, snippets, context)
            for i in range(max(0, min(limit, len(results.top_n) - offset)))
        )
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(text, hits, total, elapsed, self.document_count, plan)

    def _hit(self, rank: int, result, plan: QueryPlan, snippets: bool, context: int) -> Hit:
        stored = result.fields()
        title = stored.get(schema.TITLE, "")
        snippet, spans = "", []
        if snippets:
            matches = find_matches(
                stored.get(schema.BODY, ""), plan.terms, plan.phrases, plan.prefixes
            )
            snippet, spans = make_snippet(stored.get(schema.BODY, ""), matches, context)
        return Hit(
            rank=rank,
            id=stored[schema.ID],
            path=stored[schema.PATH],
            title=title,
            date=stored.get(schema.DATE),
            score=float(result.score or 0.0),
            snippet=snippet,
            highlights=tuple(spans),
            title_highlights=tuple(find_matches(title, plan.terms, plan.phrases, plan.prefixes)),
        )


def search(index_dir: Path, text: str, **options) -> SearchResult:
    """Open the index, run one query, close the index."""
    with Searcher(index_dir) as searcher:
        return searcher.search(text, **options)
