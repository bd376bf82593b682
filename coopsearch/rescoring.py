"""Second-phase scoring: extra evidence computed only for the best candidates.

Whoosh is pure Python and spends a few microseconds per posting it scores,
so a query that makes it walk every posting of a syllable found in three
articles out of four ("năm", "phát triển"), or check word positions for a
phrase in every document that holds both words, costs hundreds of
milliseconds on a 40,000-article index. The search therefore runs in two
phases, like Lucene's rescorers:

1. Whoosh ranks candidates with the query's distinctive words (BM25F);
2. for those candidates only, each bonus query (words side by side, very
   common words, the exact layer) is scored by moving its matchers straight
   to each candidate with ``skip_to`` — block postings let them jump over
   everything else — and its score is added. A phrase is scored from its
   words' positions at the candidate.

The bonus queries are ordinary Whoosh queries; only ``Query.matcher``,
``Matcher.skip_to``, ``is_active``, ``id``, ``score`` and
``value_as("positions")`` are used, all of Whoosh's classic API.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query as whoosh_query

RESCORE_DEPTH = 100  # candidates re-ranked in the second phase
PHRASE_K1 = 1.2  # saturation of the phrase bonus, as BM25's k1


def add_bonus_scores(
    searcher, scores: dict[int, float], bonuses: Iterable[whoosh_query.Query]
) -> dict[int, float]:
    """Add each bonus query's score to the candidates in ``scores`` (docnum -> score)."""
    candidates = sorted(scores)
    leaves = [leaf for bonus in bonuses for leaf in _scored_leaves(bonus)]
    for leaf_searcher, offset, docs in _per_leaf(searcher, candidates):
        for leaf in leaves:
            if isinstance(leaf, whoosh_query.Phrase):
                found = _phrase_scores(leaf_searcher, leaf, docs, offset)
            else:
                found = _matcher_scores(leaf_searcher, leaf, docs, offset)
            for docnum, score in found:
                scores[docnum] += score
    return scores


def _scored_leaves(q: whoosh_query.Query) -> list:
    """The terms and phrases of a bonus query (an OR of them), boosts carried down."""
    if isinstance(q, (whoosh_query.Term, whoosh_query.Phrase)):
        return [q]
    if isinstance(q, whoosh_query.Or):
        return [leaf for child in q.subqueries for leaf in _scored_leaves(child)]
    return [q]


def _matcher_scores(leaf_searcher, q, docs: list[int], offset: int):
    """Scores of ``q`` at each candidate, moving its matcher there with ``skip_to``."""
    matcher = q.matcher(leaf_searcher, leaf_searcher.context())
    for docnum in docs:
        local = docnum - offset
        if not matcher.is_active():
            return
        if matcher.id() < local:
            matcher.skip_to(local)
            if not matcher.is_active():
                return
        if matcher.id() == local:
            yield docnum, matcher.score()


def _phrase_scores(leaf_searcher, phrase: whoosh_query.Phrase, docs: list[int], offset: int):
    """A BM25-shaped bonus for each candidate where the phrase's words stand in order.

    Whoosh's phrase matcher, asked to ``skip_to`` a document, checks word
    positions in every document on the way; here each word's own matcher
    jumps to the candidate and only the candidate's positions are compared.
    """
    field, words = phrase.fieldname, phrase.words
    reader = leaf_searcher.reader()
    if any((field, w) not in reader for w in words):
        return
    matchers = [whoosh_query.Term(field, w).matcher(leaf_searcher) for w in words]
    idf = sum(leaf_searcher.idf(field, w) for w in words) / len(words)
    for docnum in docs:
        local = docnum - offset
        positions = []
        for matcher in matchers:
            if matcher.is_active() and matcher.id() < local:
                matcher.skip_to(local)
            if not matcher.is_active() or matcher.id() != local:
                break
            positions.append(set(matcher.value_as("positions")))
        else:
            count = sum(
                all(start + i in positions[i] for i in range(1, len(words)))
                for start in positions[0]
            )
            if count:
                yield docnum, phrase.boost * idf * count * (PHRASE_K1 + 1) / (count + PHRASE_K1)


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
