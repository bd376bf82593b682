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
