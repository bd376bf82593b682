"""Second-phase scoring: extra evidence computed only for the best candidates.

Whoosh is pure Python and spends a few microseconds per posting it scores,
so a query that makes it walk every posting of a syllable found in three
articles out of four ("năm", "phát triển"), or check word positions for a
phrase in every document that holds both words, costs hundreds of
milliseconds on a 40,000-article index. The search therefore runs in two
phases, like Lucene's rescorers:

1. Whoosh ranks candidates with the query's distinctive words (BM25F);
2. for those candidates only, each bonus query (words side by side, very
   common words) is scored by moving its matcher straight to each candidate
   with ``skip_to`` — block postings let it jump over everything else — and
   its score is added.

The bonus queries are ordinary Whoosh queries; only ``Query.matcher``,
``Matcher.skip_to``, ``is_active``, ``id`` and ``score`` are used, all of
Whoosh's classic API.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query as whoosh_query

RESCORE_DEPTH = 100  # candidates re-ranked in the second phase


def add_bonus_scores(
    searcher, scores: dict[int, float], bonuses: Iterable[whoosh_query.Query]
) -> dict[int, float]:
    """Add each bonus query's score to the candidates in ``scores`` (docnum -> score)."""
    candidates = sorted(scores)
    for bonus in bonuses:
        for leaf, offset, docs in _per_leaf(searcher, candidates):
            matcher = bonus.matcher(leaf, leaf.context())
            for docnum in docs:
                local = docnum - offset
                if not matcher.is_active():
                    break
                if matcher.id() < local:
                    matcher.skip_to(local)
                    if not matcher.is_active():
                        break
                if matcher.id() == local:
                    scores[docnum] += matcher.score()
    return scores


def _per_leaf(searcher, candidates: list[int]):
    """Split sorted top-level docnums among the index segments holding them."""
    leaves = searcher.leaf_searchers()
    for i, (leaf, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else float("inf")
        docs = [d for d in candidates if offset <= d < end]
        if docs:
            yield leaf, offset, docs


def rerank(searcher, results, bonuses, depth: int = RESCORE_DEPTH) -> list[tuple[int, float]]:
    """``(docnum, score)`` of the top ``depth`` results, best first after the bonuses."""
    scores = {hit.docnum: hit.score for hit in results[:depth]}
    if bonuses and scores:
        add_bonus_scores(searcher, scores, bonuses)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


COMMON_FRACTION = 0.1  # a clause found in more than this share of documents is common
KEEP_RAREST = 2  # clauses that always stay in the first phase


def defer_common(q: whoosh_query.Query, searcher) -> tuple[whoosh_query.Query, list]:
    """Split a long OR query: rare clauses find candidates, common ones only score them.

    In an OR of many words, a syllable found in most articles ("năm", "của")
    adds almost nothing to the ranking (its IDF is near zero) but makes
    Whoosh walk most of the index. Such clauses are moved to the second
    phase; the ``KEEP_RAREST`` rarest clauses always stay. Other queries (AND,
    a single word, phrases) are returned whole.
    """
    if not isinstance(q, whoosh_query.Or) or len(q.subqueries) <= KEEP_RAREST:
        return q, []
    limit = COMMON_FRACTION * searcher.doc_count_all()
    frequencies = [clause_frequency(clause, searcher) for clause in q.subqueries]
    rarest = sorted(range(len(frequencies)), key=frequencies.__getitem__)[:KEEP_RAREST]
    keep = set(rarest) | {i for i, df in enumerate(frequencies) if df <= limit}
    if len(keep) == len(frequencies):
        return q, []
    kept = [c for i, c in enumerate(q.subqueries) if i in keep]
    deferred = [c for i, c in enumerate(q.subqueries) if i not in keep]
    main = kept[0] if len(kept) == 1 else type(q)(kept, boost=q.boost)
    return main, deferred


def clause_frequency(clause: whoosh_query.Query, searcher) -> int:
    """How many documents a clause may match: its most frequent term or phrase.

    >>> from whoosh import query as q
    >>> class Counts:
    ...     def doc_frequency(self, field, text):
    ...         return {"nam": 900, "htx": 40, "hop": 500, "tac": 300}.get(text, 0)
    >>> clause_frequency(q.Or([q.Term("f", "htx"), q.Phrase("f", ["hop", "tac"])]), Counts())
    300
    """
    frequencies = [0]
    for leaf in clause.leaves() if not clause.is_leaf() else [clause]:
        if isinstance(leaf, whoosh_query.Term):
            frequencies.append(searcher.doc_frequency(leaf.fieldname, leaf.text))
        elif isinstance(leaf, whoosh_query.Phrase):
            words = [searcher.doc_frequency(leaf.fieldname, w) for w in leaf.words]
            frequencies.append(min(words, default=0))
    return max(frequencies)
