"""Run a user query against an index and return ranked :class:`Hit` records.

A :class:`Searcher` opens the index once and answers many queries (batch
mode, benchmarks); :func:`search` is the one-shot form. A search can be
restricted by :class:`~coopsearch.filters.Filters`, sorted by date, and asked
for facets: counts of the provinces, years, organisations or people over all
its matches, not only the hits shown.
"""

from __future__ import annotations

import itertools
import math
import pickle
import re
import struct
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from whoosh import collectors, scoring, sorting
from whoosh import query as whoosh_query

from coopsearch import documents, schema, segmentcolumns, store
from coopsearch.documents import StoredDocument
from coopsearch.errors import BadFilter
from coopsearch.filters import Filters, build_filter, date_field, year_field
from coopsearch.querybuild import EXACT, Needle, QueryPlan, bound_expansions, build_query
from coopsearch.rescoring import RESCORE_DEPTH, defer_common, matching_docs, rerank
from coopsearch.snippets import MAX_SCAN_CHARS, Span, find_matches, make_snippet, spans_of

DEFAULT_LIMIT = 10
DEFAULT_CONTEXT = 220  # snippet length in characters
BM25_B = 0.75
BM25_K1 = 1.2
SIMILAR_KEY_TERMS = 12  # words that stand for an article in a more-like-this query
# What a facet reports for articles without a value: Whoosh gives undated
# articles the largest 32-bit number as their year.
_MISSING = frozenset({None, "", 2**31 - 1})
FACET_LIMIT = 30  # values per facet, most frequent first
SORTS = ("relevance", "date")
TITLE_FIELDS = frozenset({schema.TITLE_FOLDED})  # searched in the first phase even for common words
# Facet and entity-type names users type, and the keyword field each counts.
FACET_FIELDS = {
    "province": schema.PROVINCE,
    "province_now": schema.PROVINCE_NOW,
    "region": schema.REGION,
    "year": schema.YEAR,
    "org": schema.ORG,
    "person": schema.PERSON,
    "reference": schema.REFERENCE,
    "figure": schema.FIGURE_UNIT,
}
ENTITY_KINDS = ("province", "region", "org", "person", "reference", "figure")
CASE_FOLDED_FACETS = frozenset({"org", "person", "reference"})  # names, as written
# What damaged index files raise while being searched (a bug raises something else).
INDEX_DATA_ERRORS = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    ValueError,
    KeyError,
    IndexError,
)


def _possible(column: str, value) -> bool:
    """False for a value the indexer never writes in ``column`` (a year 4294967294).

    Counting by period spans every year or month between the first and the
    last value: one impossible value would make it count for hours.
    """
    if column == schema.YEAR:
        return isinstance(value, int) and 1 <= value <= 9999
    if column in (schema.DATE, schema.STATED_DATE):
        return isinstance(value, str) and re.fullmatch(r"\d{4}(-\d\d){0,2}", value) is not None
    return True


# A hit's JSON record: these keys first, then the article's other keys
# (documents.article_keys: year, metadata, entities…; body only when asked
# for), then MATCH_KEYS.
RANK_KEYS = (
    "rank",
    "id",
    "path",
    "title",
    "date",
    "score",
    "snippet",
    "highlights",
    "title_highlights",
)
MATCH_KEYS = ("matched_all", "missing", "corrected_from")


def hit_keys(body: bool = True) -> list[str]:
    """The keys of a hit's JSON record, in order.

    :data:`RANK_KEYS`, then the article's other keys (with ``body``, the
    full text, only when ``body`` is true), then :data:`MATCH_KEYS`.

    >>> hit_keys(body=False)[:10], hit_keys()[-4:]
    (['rank', 'id', 'path', 'title', 'date', 'score', 'snippet', 'highlights', \
'title_highlights', 'year'], ['body', 'matched_all', 'missing', 'corrected_from'])
    """
    article = [k for k in documents.article_keys() if k not in RANK_KEYS]
    if not body:
        article.remove(schema.BODY)
    return [*RANK_KEYS, *article, *MATCH_KEYS]


@dataclass(frozen=True)
class Hit:
    """One ranked result; ``to_dict()`` is its JSON form, with stable keys."""

    rank: int
    id: str
    path: str
    title: str
    date: str | None
    score: float | None  # relevance; None when the hits are in date order
    snippet: str
    highlights: tuple[Span, ...] = ()
    title_highlights: tuple[Span, ...] = ()
    # The article's JSON record (documents.article_record); its body only when asked for.
    article: dict = field(default_factory=dict, repr=False)
    matched_all: bool = True  # False: a partial match, ranked after every full one
    missing: tuple[str, ...] = ()  # the query's words a partial match lacks
    corrected_from: str | None = None  # the query as typed, when this hit answers its correction

    def to_dict(self) -> dict:
        """The JSON form, keys as :func:`hit_keys` (``body`` only if the article holds it)."""
        record = {
            "rank": self.rank,
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "title_highlights": [list(span) for span in self.title_highlights],
        }
        record.update((k, v) for k, v in self.article.items() if k not in record)
        record["matched_all"] = self.matched_all
        record["missing"] = list(self.missing)
        record["corrected_from"] = self.corrected_from
        return record


@dataclass(frozen=True)
class SearchResult:
    """The hits of one query, with the total number of matching documents."""

    query: str
    hits: tuple[Hit, ...]
    total: int  # documents in the match set (holding every word of the query)
    elapsed_ms: float
    documents: int  # documents in the index
    plan: QueryPlan | None = field(default=None, repr=False, compare=False)
    facets: dict[str, dict] = field(default_factory=dict)  # name -> {value: count}
    notes: tuple[str, ...] = ()  # what the filters did, where the query was cut
    corrected_from: str | None = None  # the query as typed, when it found nothing and ``query``
    # is the spelling correction whose results these are

    @property
    def partial(self) -> int:
        """How many hits shown are partial matches (they lack some of the query's words)."""
        return sum(not hit.matched_all for hit in self.hits)


class Searcher:
    """An open index answering queries; use as a context manager."""

    def __init__(self, index_dir: Path, any_accents: bool = False, expand: bool = True) -> None:
        """Open the index at ``index_dir``; ``any_accents`` matches every word without marks,
        ``expand`` false leaves abbreviations unexpanded."""
        self.index_dir = Path(index_dir)
        self.any_accents = any_accents
        self.expand = expand
        weighting = scoring.BM25F(B=BM25_B, K1=BM25_K1)
        self._index, self._searcher = store.open_searcher(self.index_dir, weighting=weighting)
        self._has_unmarked = bool(
            self._searcher.doc_frequency(schema.UNMARKED, schema.UNMARKED_YES)
        )
        self._article_keys = documents.article_keys(self._searcher.schema)
        self._article_keys_no_body = [k for k in self._article_keys if k != schema.BODY]

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

    def plan(self, text: str | None) -> QueryPlan:
        """The query plan of ``text`` for this index (raises ``BadQuery`` on a query of no word).

        ``None`` browses: its plan matches every document (within the
        filters a search is given), with nothing to highlight.
        """
        if text is None:
            return QueryPlan("", whoosh_query.Every(), accented=False)
        return build_query(
            text, any_accents=self.any_accents, unmarked=self._has_unmarked, expand=self.expand
        )

    def search(
        self,
        text: str | None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        snippets: bool = True,
        context: int = DEFAULT_CONTEXT,
        filters: Filters | None = None,
        facets: tuple[str, ...] = (),
        sort: str = "relevance",
        count: bool = False,
        correct: bool = True,
        partial: bool = True,
        body: bool = False,
    ) -> SearchResult:
        """Rank the documents matching ``text``; return ``limit`` hits after ``offset``.

        ``text`` None browses the documents within ``filters``, the newest first.

        ``filters`` restrict the matches, ``facets`` (names of
        :data:`FACET_FIELDS`) are counted over all of them, and ``sort="date"``
        puts the newest first. ``total`` is the size of the match set (the
        documents holding every word): exact with ``count=True`` (or facets,
        or date order, or when fewer than ``offset + limit`` match),
        otherwise an estimate.

        With ``partial``, when fewer documents than the page asks for hold
        every word of a query of several words, the page goes on with the
        closest partial matches (``Hit.matched_all`` false, ``Hit.missing``
        naming the words they lack), ranked by the OR of the query's words.

        With ``correct``, a query that finds nothing because of a word no
        article holds (a typo) is answered with its spelling correction
        (:meth:`did_you_mean`), and ``corrected_from`` keeps what was typed.

        With ``body``, each hit's article carries its full text.
        """
        options = dict(
            limit=limit,
            offset=offset,
            snippets=snippets,
            context=context,
            filters=filters,
            facets=facets,
            sort=sort,
            count=count,
            partial=partial,
            body=body,
        )
        if text is None and sort == "relevance":
            options["sort"] = "date"  # browsing has no relevance: the newest first
        result = self._search(text, **options)
        if correct and result.total == 0 and text is not None:
            better = self.did_you_mean(text, 0, filters)
            if better:
                corrected = self._search(better, **options)
                if corrected.total:
                    hits = tuple(replace(h, corrected_from=text) for h in corrected.hits)
                    return replace(corrected, hits=hits, corrected_from=text)
        return result

    def _search(
        self, text, limit, offset, snippets, context, filters, facets, sort, count, partial, body
    ) -> SearchResult:
        """:meth:`search` of ``text`` exactly as typed, without spelling correction."""
        started = time.perf_counter()
        plan = self.plan(text)
        restriction, filter_notes = build_filter(filters or Filters())
        if sort not in SORTS:
            raise BadFilter(f"'{sort}' is not a sort order ({', '.join(SORTS)}).")
        needed = offset + limit
        try:
            reader = self._searcher.reader()
            bounded, cut_notes = bound_expansions(plan.query, reader)
            if facets or sort == "date":
                by = date_field(filters) if sort == "date" else None
                ranked, total, counted = self._full_pass(
                    bounded, restriction, facets, by, needed, year_field(filters)
                )
            else:
                ranked, total = self._two_phases(plan, bounded, restriction, needed, count)
                counted = {}
            shown = [(docnum, score, ()) for docnum, score in ranked[offset:needed]]
            if partial and len(ranked) < needed and plan.relaxed is not None and total < needed:
                shown += self._partial_matches(plan, ranked, restriction, offset, needed)
            weights = self.needle_weights(plan.needles) if snippets and shown else ()
            hits = tuple(
                self._hit(
                    offset + i + 1, docnum, score, plan, snippets, context, weights, missing, body
                )
                for i, (docnum, score, missing) in enumerate(shown)
            )
        except INDEX_DATA_ERRORS as exc:
            raise store.unreadable(self.index_dir, exc) from exc
        elapsed = (time.perf_counter() - started) * 1000
        notes = (*filter_notes, *plan.notes, *cut_notes)
        return SearchResult(text, hits, total, elapsed, self.document_count, plan, counted, notes)

    def _partial_matches(self, plan: QueryPlan, ranked, restriction, offset: int, needed: int):
        """``(docnum, score, missing words)`` of the closest partial matches after ``ranked``.

        Candidates are the best of the OR of the query's required parts, each
        whole (with its exclusions, the full matches masked out), so each holds
        at least one of the query's words. Each one's missing words are the
        required parts whose clause does not match it. They stay in score
        order: a word's score weighs its rarity, and counting missing words
        alone put "bao nhiêu" on a par with a name.
        """
        reader = self._searcher.reader()
        relaxed, _ = bound_expansions(plan.relaxed, reader)
        full = {docnum for docnum, _ in ranked}
        want = needed - len(ranked)
        loose = replace(plan, query=relaxed)
        candidates, _ = self._two_phases(loose, relaxed, restriction, want, None, mask=full)
        closest = candidates[max(0, offset - len(ranked)) : want]
        docnums = sorted(d for d, _ in closest)
        holding = [
            matching_docs(self._searcher, bound_expansions(r.query, reader)[0], docnums)
            for r in plan.required
        ]

        def missing(docnum: int) -> tuple[str, ...]:
            pairs = zip(plan.required, holding, strict=True)
            return tuple(r.label for r, has in pairs if docnum not in has)

        return [(docnum, score, missing(docnum)) for docnum, score in closest]

    def _two_phases(
        self, plan: QueryPlan, bounded, restriction, needed: int, count: bool, mask=None
    ):
        """Relevance ranking: candidates from the distinctive words, then bonuses on them.

        Returns ``(ranked (docnum, score) pairs, total)``; the total is exact
        when ``count`` is true, Whoosh's estimate when it is false (counting
        every match costs a second pass over all of them), and not computed
        (None) when it is None.
        """
        main, deferred = defer_common(bounded, self._searcher, TITLE_FIELDS)
        depth = max(needed, RESCORE_DEPTH) if deferred or plan.bonuses else needed
        options = {"limit": depth, "filter": restriction, "mask": mask}
        results = self._searcher.search(main, **options)
        if deferred and len(results.top_n) < depth:  # too few candidates: the whole query
            deferred, results = [], self._searcher.search(bounded, **options)
        ranked = rerank(self._searcher, results, plan.bonuses, depth, deferred)
        collected = len(results.top_n)
        if count is None:
            total = None
        elif count and deferred:
            total = self._total(
                self._searcher.search(bounded, limit=1, filter=restriction), restriction
            )
        elif count:
            total = self._total(results, restriction)
        else:  # below the depth every match was collected, so the count is exact
            total = collected if collected < depth else max(collected, results.estimated_length())
        return ranked, total

    def _full_pass(
        self, bounded, restriction, facets, by_date: str | None, needed: int, years: str
    ):
        """Facets and date order need every match: one Whoosh search over all of them.

        ``by_date`` is the date field to sort on, newest first (None: by score);
        ``years`` the column the year facet counts (:func:`year_field`).
        """
        options = {"limit": needed, "filter": restriction}
        if facets:
            options["groupedby"] = facet_grouping(facets, years)
        if by_date:
            options["sortedby"] = sorting.FieldFacet(by_date, reverse=True)
        results = self._searcher.search(bounded, **options)
        # sorted by date, Whoosh's "score" is the sort key: the hits have no score
        ranked = [(hit.docnum, None if by_date else hit.score or 0.0) for hit in results]
        counted = {name: facet_counts(results, name) for name in facets}
        return ranked, self._total(results, restriction), counted

    def bounded_query(self, text: str | None):
        """The match-set query for ``text``, its prefixes and wildcards cut to their cap."""
        return bound_expansions(self.plan(text).query, self._searcher.reader())[0]

    def top_entities(
        self,
        text: str | None = None,
        kinds: tuple[str, ...] = ENTITY_KINDS,
        limit: int = 20,
        filters: Filters | None = None,
    ) -> tuple[dict[str, list[tuple[str, int]]], int, tuple[str, ...]]:
        """The most frequent entities of each kind, over the matches of ``text`` (or all).

        Returns ``({kind: [(value, articles), ...]}, articles matched, notes)``.
        """
        match_all = whoosh_query.Every() if text is None else self.bounded_query(text)
        restriction, notes = build_filter(filters or Filters())
        if text is not None:
            notes = (*notes, *self.plan(text).notes)
        grouping = facet_grouping(kinds, year_field(filters))
        results = self._searcher.search(match_all, limit=1, filter=restriction, groupedby=grouping)
        counted = {kind: list(facet_counts(results, kind, limit).items()) for kind in kinds}
        return counted, self._total(results, restriction), notes

    def count(self, text: str | None, filters: Filters | None = None) -> int:
        """How many documents ``text`` finds (None: all within ``filters``), unranked."""
        restriction, _ = build_filter(filters or Filters())
        results = self._searcher.search(self.bounded_query(text), limit=1, filter=restriction)
        return self._total(results, restriction)

    def column_counts(
        self, text: str, column: str, filters: Filters | None = None
    ) -> tuple[dict, int]:
        """How many of ``text``'s match set hold each value of the sortable ``column``.

        Returns ``({value: documents}, total)``: one pass over the match set
        (the set :meth:`count` counts) grouped by the column's values, as a
        facet is; no stored text is read. A document without a value is
        counted under ``None``, so the counts add up to ``total``.
        """
        restriction, _ = build_filter(filters or Filters())
        by_value = sorting.FieldFacet(column, maptype=sorting.Count)
        try:
            results = self._searcher.search(
                self.bounded_query(text), limit=1, filter=restriction, groupedby={"by": by_value}
            )
            total = self._total(results, restriction)
            groups = results.groups("by") if total else {}
        except INDEX_DATA_ERRORS as exc:
            raise store.unreadable(self.index_dir, exc) from exc
        counts: dict = {}
        for value, n in groups.items():
            key = None if value in _MISSING else value
            key = int(key) if isinstance(key, float) else key
            if key is not None and not _possible(column, key):  # damaged bytes read as a value
                raise store.unreadable(self.index_dir, ValueError(f"{column} {key!r}"))
            counts[key] = counts.get(key, 0) + n
        return counts, total

    def _total(self, results, restriction) -> int:
        """How many documents ``results`` matched within ``restriction``.

        Whoosh's count treats a filter that allows no document at all as no
        filter (its hits are right, its count is not), so that case is
        checked here.

        A top-N search skips postings blocks and drops the parts of an OR
        that cannot reach the top N, and Whoosh then counts only what it
        collected whenever the last segment's matcher could not skip: on an
        index of several segments ``len(results)`` can be far below the match
        set (57 for 146 articles holding HTX in a sample of the crawl). Such
        a count is made again by walking the query's matches, unscored.
        """
        allows_none = (
            restriction is not None
            and not results.top_n
            and next(iter(self._searcher.docs_for_query(restriction)), None) is None
        )
        if allows_none:
            return 0
        if _may_skip(results.collector):
            return self._walked_count(results.q, restriction)
        return len(results)

    def _walked_count(self, wanted, restriction) -> int:
        """Every document ``wanted`` matches within ``restriction``, counted one by one."""
        found = self._searcher.docs_for_query(wanted)
        if restriction is None:
            return sum(1 for _ in found)
        allowed = set(self._searcher.docs_for_query(restriction))
        return sum(1 for docnum in found if docnum in allowed)

    def files(self, text: str | None, filters: Filters | None = None) -> Iterator[str]:
        """The files holding the documents ``text`` finds, best first, each once.

        A file is what a shell can open: the articles of a ``.jsonl`` file
        (paths ``file.jsonl#L3``) are listed once, by the file. No stored
        text is read. Raises ``BadQuery`` or ``BadFilter``.
        """
        restriction, _ = build_filter(filters or Filters())
        column = segmentcolumns.column(self._searcher.reader(), schema.SOURCE)
        seen = set()
        for docnum in self._ranked_docnums(text, restriction):
            source = column[docnum]
            if source not in seen:
                seen.add(source)
                yield source

    def _ranked_docnums(
        self, text: str | None, restriction, sort: str = "relevance", by: str = schema.DATE
    ):
        """Document numbers of the match set of ``text`` (all documents if None), in order.

        By relevance the first ``RESCORE_DEPTH`` are in the order ``search``
        gives (second phase included), the rest in first-phase order, and
        without a query in index order; by date (the field ``by``) the newest come first.
        """
        if sort not in SORTS:
            raise BadFilter(f"'{sort}' is not a sort order ({', '.join(SORTS)}).")
        if text is None:
            wanted, plan = whoosh_query.Every(), None
        else:
            plan = self.plan(text)
            wanted, _ = bound_expansions(plan.query, self._searcher.reader())
        if sort == "date":
            by_date = sorting.FieldFacet(by, reverse=True)
            results = self._searcher.search(
                wanted, limit=None, filter=restriction, sortedby=by_date
            )
            yield from (docnum for docnum, _ in results.items())
            return
        if plan is None:
            yield from self._searcher.docs_for_query(
                restriction if restriction is not None else wanted
            )
            return
        results = self._searcher.search(wanted, limit=None, filter=restriction)
        head = [docnum for docnum, _ in rerank(self._searcher, results, plan.bonuses)]
        seen = set(head)
        yield from head
        yield from (docnum for docnum, _ in results.items() if docnum not in seen)

    def document(self, ref: str) -> StoredDocument:
        """The stored document named by ID, ID prefix, path or path end."""
        return documents.stored_document(
            self._searcher.reader(), documents.find_docnum(self._searcher, ref)
        )

    def documents(
        self,
        text: str | None = None,
        filters: Filters | None = None,
        sort: str = "relevance",
        limit: int | None = None,
    ) -> Iterator[StoredDocument]:
        """Every document, or the match set of ``text``, within ``filters``; one at a time.

        ``sort="relevance"`` gives a query's matches best first (as
        :meth:`search`) and, without a query, the index's order;
        ``sort="date"`` the newest first. At most ``limit`` documents.
        Raises ``BadQuery`` or ``BadFilter``.
        """
        reader = self._searcher.reader()
        restriction, _ = build_filter(filters or Filters())
        if text is None and restriction is None and sort == "relevance":
            found = documents.iter_documents(reader)
        else:
            by = date_field(filters)
            docnums = self._ranked_docnums(text, restriction, sort, by)
            found = (documents.stored_document(reader, docnum) for docnum in docnums)
        yield from itertools.islice(found, limit)

    def similar(
        self,
        ref: str,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        snippets: bool = True,
        context: int = DEFAULT_CONTEXT,
        body: bool = False,
    ) -> SearchResult:
        """The articles most like the one ``ref`` names (more like this).

        The stored body is analysed again into the folded layer and its most
        telling words (Bo1 model, function words left out) become a weighted
        OR query; the article itself is masked out. Re-analysing one stored
        article takes milliseconds, whereas term vectors would make every
        index larger and need a schema change for the same answer.
        """
        started = time.perf_counter()
        source = self.document(ref)
        terms = self.key_terms(source)
        q = whoosh_query.Or(
            [whoosh_query.Term(schema.BODY_FOLDED, word, boost=weight) for word, weight in terms]
        )
        results = self._searcher.search(q, limit=offset + limit, mask={source.docnum})
        plan = QueryPlan(
            text=source.title,
            query=q,
            accented=False,
            needles=tuple(Needle("folded", (word,)) for word, _ in terms),
        )
        weights = self.needle_weights(plan.needles) if snippets else ()
        hits = tuple(
            self._hit(
                offset + i + 1, hit.docnum, hit.score, plan, snippets, context, weights, body=body
            )
            for i, hit in enumerate(results[offset : offset + limit])
        )
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(source.id, hits, len(results), elapsed, self.document_count, plan)

    def key_terms(self, document: StoredDocument) -> list[tuple[str, float]]:
        """The folded words that best tell ``document`` apart, with weights."""
        text = f"{document.title}\n{document.body}"
        terms = self._searcher.key_terms_from_text(
            schema.BODY_FOLDED, text, numterms=SIMILAR_KEY_TERMS + len(function_words())
        )
        return [(w, weight) for w, weight in terms if w not in function_words()][:SIMILAR_KEY_TERMS]

    def did_you_mean(self, text: str, found: int, filters: Filters | None = None) -> str | None:
        """A corrected query that finds more than ``found`` documents (within ``filters``)."""
        from coopsearch.suggest import did_you_mean

        exact = None if not self.any_accents else False
        return did_you_mean(
            self._searcher, text, found, lambda typed: self.count(typed, filters), exact
        )

    def mismarked(self, text: str) -> bool:
        """Whether a word typed with marks stands beside another only in other marks.

        ``hợp tắc xã``: the articles hold "hợp tác", never "hợp tắc". Such a
        query gets a "did you mean" however much it finds. Never true when
        marks are ignored (``any_accents``).
        """
        from coopsearch.suggest import Speller
        from coopsearch.text import has_marks

        if self.any_accents or not has_marks(text):
            return False
        return bool(Speller(self._searcher).mismarked(text))

    def needle_weights(self, needles) -> list[float]:
        """How much each needle tells, for choosing a snippet: its rarest syllable's IDF.

        A needle of several syllables is rarer than any of them, so its
        syllables' IDFs are added. A pattern weighs 1.
        """
        total = max(1, self._searcher.doc_count_all())
        weights = []
        for needle in needles:
            if needle.regex:
                weights.append(1.0)
                continue
            field = schema.BODY if needle.layer == EXACT else schema.BODY_FOLDED
            idf = [
                math.log(total / (1 + self._searcher.doc_frequency(field, form))) + 1
                for form in needle.forms
            ]
            weights.append(sum(idf))
        return weights

    def _hit(
        self,
        rank: int,
        docnum: int,
        score: float,
        plan: QueryPlan,
        snippets: bool,
        context: int,
        weights: list[float],
        missing: tuple[str, ...] = (),
        body: bool = False,
    ) -> Hit:
        """One hit; ``weights`` are :meth:`needle_weights` of ``plan.needles``, read once a page.

        Its ``article`` is the stored article's JSON record, with the body only if ``body``.
        """
        stored = self._searcher.stored_fields(docnum)
        title = stored.get(schema.TITLE, "")
        snippet, spans = "", []
        if snippets:
            scanned = stored.get(schema.BODY, "")[:MAX_SCAN_CHARS]  # bounded on a 5 MB line
            matches = find_matches(scanned, plan.needles)
            snippet, spans = make_snippet(scanned, matches, context, weights)
        return Hit(
            rank=rank,
            id=stored[schema.ID],
            path=stored[schema.PATH],
            title=title,
            date=stored.get(schema.DATE),
            score=None if score is None else float(score),
            snippet=snippet,
            highlights=tuple(spans),
            title_highlights=tuple(spans_of(find_matches(title[:MAX_SCAN_CHARS], plan.needles))),
            article=documents.article_record(
                stored, self._article_keys if body else self._article_keys_no_body
            ),
            matched_all=not missing,
            missing=missing,
        )


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Folded function words ("và", "của"), never key terms of an article."""
    raw = resources.files("coopsearch").joinpath("data/function_words.txt").read_text("utf-8")
    return frozenset(w for w in raw.split() if not w.startswith("#")) - {"#"}


def _may_skip(collector) -> bool:
    """True when ``collector`` (or one it wraps) is a top-N collector allowed to skip matches."""
    while collector is not None:
        if isinstance(collector, collectors.TopCollector):
            return bool(collector.usequality)
        collector = getattr(collector, "child", None)
    return False


def facet_grouping(names, years: str = schema.YEAR) -> dict:
    """Whoosh facets counting each named field over all matches.

    ``years`` is the column the year facet counts: the year of every date, or
    the stated date only (:func:`~coopsearch.filters.year_field`), whose
    values :func:`facet_counts` folds to their years.
    """
    grouping = {}
    for name in names:
        if name not in FACET_FIELDS:
            raise BadFilter(f"'{name}' is not a facet ({', '.join(FACET_FIELDS)}).")
        overlap = name != "year"  # an article names many provinces, but has one year
        field = years if name == "year" else FACET_FIELDS[name]
        grouping[name] = sorting.FieldFacet(field, allow_overlap=overlap, maptype=sorting.Count)
    return grouping


def facet_counts(results, name: str, limit: int = FACET_LIMIT) -> dict:
    """``{value: count}`` of one facet, most frequent first (ties by value).

    The year facet ends with ``"undated"``: the matches without a date, so
    that its counts add up to the match set (as ``trend`` counts them).
    """
    groups = results.groups(name)
    if name == "year":  # stated dates ("2021-03-05") count for their years
        groups = _by_year(groups)
    elif name in CASE_FOLDED_FACETS:
        groups = _by_folded_case(groups)
    counts = sorted(
        ((key, n) for key, n in groups.items() if key not in _MISSING),
        key=lambda item: (-item[1], str(item[0])),
    )
    counted = {(int(key) if isinstance(key, float) else key): n for key, n in counts[:limit]}
    if name == "year":
        from coopsearch.trends import UNDATED

        undated = sum(n for key, n in groups.items() if key in _MISSING)
        if undated:
            counted[UNDATED] = undated
    return counted


def _by_folded_case(groups: dict) -> dict:
    """Counts of names that differ in case only, added under the spelling most
    articles use ("Liên hợp quốc" 20 and "Liên Hợp Quốc" 17 are one body, 37).

    The indexer keeps one spelling per article (:func:`coopsearch.indexer.entity_fields`),
    so the sum counts each article once.
    """
    spellings: dict[str, list] = {}
    for key, n in groups.items():
        if key in _MISSING:
            continue
        spellings.setdefault(str(key).casefold(), []).append((n, key))
    merged = {}
    for variants in spellings.values():
        shown = min(variants, key=lambda item: (-item[0], str(item[1])))[1]
        merged[shown] = sum(n for n, _ in variants)
    return merged


def _by_year(groups: dict) -> dict:
    """Year-facet counts keyed by year: ISO dates fold into their years, missing values stay."""
    years: dict = {}
    for key, n in groups.items():
        if isinstance(key, str) and key[:4].isdigit():
            key = int(key[:4])
        years[key] = years.get(key, 0) + n
    return years


def search(index_dir: Path, text: str, **options) -> SearchResult:
    """Open the index, run one query, close the index."""
    with Searcher(index_dir) as searcher:
        return searcher.search(text, **options)
