"""Second-phase scoring: extra evidence computed only for the best candidates.

Whoosh is pure Python and spends a few microseconds per posting it scores,
so a query that makes it walk every posting of a syllable found in three
articles out of four ("năm", "phát triển"), or check word positions for a
phrase in every document that holds both words, costs hundreds of
milliseconds on a 40,000-article index. The search therefore runs in two
phases, like Lucene's rescorers:

1. Whoosh ranks candidates with the query's distinctive words (BM25F) and,
   for the very common words, their matches in titles only (title postings
   are short, and a title sharing most of a long query's words is its
   likeliest answer even when those words are common);
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

from coopsearch import schema
from coopsearch.analysis import token_positions

RESCORE_DEPTH = 100  # candidates re-ranked in the second phase
PHRASE_K1 = 1.2  # saturation of the phrase bonus, as BM25's k1
BREAK_REACH = 3  # a bonus phrase's next word: this many positions on at most, breaks between
SHARED = (whoosh_query.Term, whoosh_query.Phrase)  # scored from postings read once per word


def add_bonus_scores(
    searcher,
    scores: dict[int, float],
    bonuses: Iterable[whoosh_query.Query],
    deferred: Iterable[whoosh_query.Query] = (),
) -> dict[int, float]:
    """Add each bonus and deferred query's score to the candidates in ``scores``.

    A bonus phrase scores as :func:`_phrase_scores` says; a ``deferred``
    clause (part of the user's query left out of the first phase) scores
    exactly as Whoosh would have scored it there: a phrase as the sum of its
    words' scores where it occurs.

    A word is usually wanted several times (alone, and in the phrases it
    starts and ends), so each (field, word) posting list is walked once per
    segment and what the candidates hold is shared by every query using it.
    """
    candidates = sorted(scores)
    leaves = [leaf for bonus in bonuses for leaf in _scored_leaves(bonus)]
    as_whoosh = [leaf for clause in deferred for leaf in _scored_leaves(clause)]
    leaves += [leaf for leaf in as_whoosh if not isinstance(leaf, whoosh_query.Phrase)]
    whoosh_phrases = [leaf for leaf in as_whoosh if isinstance(leaf, whoosh_query.Phrase)]
    terms = [leaf for leaf in leaves if isinstance(leaf, whoosh_query.Term)]
    phrases = [leaf for leaf in leaves if isinstance(leaf, whoosh_query.Phrase)]
    others = [leaf for leaf in leaves if not isinstance(leaf, SHARED)]
    with_positions = {
        (leaf.fieldname, word) for leaf in (*phrases, *whoosh_phrases) for word in leaf.words
    }
    wanted = {(leaf.fieldname, leaf.text) for leaf in terms} | with_positions
    for leaf_searcher, offset, docs in _per_leaf(searcher, candidates):
        found = {
            key: _postings_at(leaf_searcher, key, docs, offset, key in with_positions)
            for key in wanted
        }
        for term in terms:
            for docnum, (score, _) in found[(term.fieldname, term.text)].items():
                scores[docnum] += term.boost * score
        breaks = _empty_positions(leaf_searcher, offset)
        for phrase in phrases:
            for docnum, score in _phrase_scores(leaf_searcher, phrase, found, breaks):
                scores[docnum] += score
        for phrase in whoosh_phrases:
            for docnum, score in _whoosh_phrase_scores(phrase, found):
                scores[docnum] += score
        for other in others:
            for docnum, score in _matcher_scores(leaf_searcher, other, docs, offset):
                scores[docnum] += score
    return scores


def _scored_leaves(q: whoosh_query.Query) -> list:
    """The terms and phrases of a bonus query (an OR of them), boosts carried down."""
    if isinstance(q, (whoosh_query.Term, whoosh_query.Phrase)):
        return [q]
    if isinstance(q, whoosh_query.Or):
        return [leaf for child in q.subqueries for leaf in _scored_leaves(child)]
    return [q]


def _postings_at(leaf_searcher, key: tuple[str, str], docs, offset: int, positions: bool) -> dict:
    """``{docnum: (score, positions or None)}`` of one word at the candidates holding it."""
    field, text = key
    term = whoosh_query.Term(field, text)
    found = {}
    for docnum, matcher in _visits(
        term.matcher(leaf_searcher, leaf_searcher.context()), docs, offset
    ):
        found[docnum] = (matcher.score(), matcher.value_as("positions") if positions else None)
    return found


def _matcher_scores(leaf_searcher, q, docs: list[int], offset: int):
    """Scores of ``q`` at each candidate, moving its matcher there with ``skip_to``."""
    matcher = q.matcher(leaf_searcher, leaf_searcher.context())
    for docnum, at in _visits(matcher, docs, offset):
        yield docnum, at.score()


def _visits(matcher, docs: list[int], offset: int):
    """``(docnum, matcher)`` at each candidate the matcher holds, reached with ``skip_to``."""
    for docnum in docs:
        local = docnum - offset
        if not matcher.is_active():
            return
        if matcher.id() < local:
            matcher.skip_to(local)
            if not matcher.is_active():
                return
        if matcher.id() == local:
            yield docnum, matcher


def _occurrences(phrase: whoosh_query.Phrase, found: dict, breaks=None):
    """``(docnum, count)`` for each candidate where the phrase's words stand in order.

    With ``breaks`` (a function of a docnum giving the positions its text
    leaves empty, :func:`_empty_positions`), a break between two of the
    words does not part them: the next word may stand up to
    ``BREAK_REACH`` positions on when every position between is empty.
    """
    postings = [found[(phrase.fieldname, word)] for word in phrase.words]
    if not all(postings):
        return
    for docnum in set.intersection(*(set(p) for p in postings)):
        first, *rest = [p[docnum][1] for p in postings]
        following = [set(p) for p in rest]
        count = sum(all(start + i + 1 in following[i] for i in range(len(rest))) for start in first)
        if breaks is not None and count < len(first):
            apart = [s for s in first if _chained(s, following, None)]
            if len(apart) > count:  # words further apart: only breaks between?
                empty = breaks(docnum, max(apart) + BREAK_REACH * len(rest))
                count = sum(_chained(start, following, empty) for start in apart)
        if count:
            yield docnum, count


def _chained(start: int, following: list[set], empty) -> bool:
    """Whether each next word stands after the last with only empty positions between.

    ``empty`` None allows any position between (a quick test before the
    text is read).

    >>> _chained(0, [{2}, {3}], {1}), _chained(0, [{2}, {3}], set()), _chained(0, [{2}], None)
    (True, False, True)
    """
    ends = {start}
    for held in following:
        ends = {
            q
            for p in ends
            for q in range(p + 1, p + BREAK_REACH + 1)
            if q in held and (empty is None or all(e in empty for e in range(p + 1, q)))
        }
        if not ends:
            return False
    return True


def _empty_positions(leaf_searcher, offset: int):
    """A function of a field and a docnum: the positions its text leaves empty (breaks).

    They are read again from the stored title or body (a folded layer has
    the positions of the text it folds), once per article and field, and
    only for the candidates whose words stand apart.
    """
    exact_of = {folded: exact for exact, folded in schema.FOLDED_TWIN.items()}
    known: dict[tuple[str, int], tuple[int, set[int]]] = {}

    def empty(field: str, docnum: int, upto: int) -> set[int]:
        stored = exact_of.get(field, field)
        reach, found = known.get((stored, docnum), (-1, set()))
        if reach < upto:
            text = leaf_searcher.stored_fields(docnum - offset).get(stored) or ""
            held, whole = _positions_upto(text, upto)
            last = held[-1] if held else 0
            found = set(range(last + 1)).difference(held)
            reach = 1 << 30 if whole else last  # a short text (a title) is read once
            known[stored, docnum] = (reach, found)
        return found

    return empty


def _positions_upto(text: str, upto: int) -> tuple[list[int], bool]:
    """:func:`token_positions` of the start of ``text`` that reaches past position
    ``upto`` (the whole text if shorter): a lead's words need only the lead read.
    Positions before the cut are those of the whole text, as tokens run left to right.
    Also whether the whole text was read."""
    chars = (upto + 8) * 16  # about 7 characters a syllable, with room
    while True:
        held = token_positions(text[:chars])
        if chars >= len(text):
            return held, True
        if held and held[-1] > upto + 1:
            return held[:-1], False  # the last may be cut
        chars *= 2


def _whoosh_phrase_scores(phrase: whoosh_query.Phrase, found: dict):
    """Whoosh's own score of a phrase: the sum of its words' scores, where it occurs."""
    words = [found[(phrase.fieldname, word)] for word in phrase.words]
    for docnum, _ in _occurrences(phrase, found):
        yield docnum, phrase.boost * sum(postings[docnum][0] for postings in words)


def _phrase_scores(leaf_searcher, phrase: whoosh_query.Phrase, found: dict, breaks=None):
    """A BM25-shaped bonus for each candidate where the phrase's words stand in order.

    Whoosh's phrase matcher, asked to ``skip_to`` a document, checks word
    positions in every document on the way; here the positions each word has
    at the candidates (``found``, from :func:`_postings_at`) are compared.
    A bonus rewards the query's words standing as typed, and a query is
    typed without the article's punctuation, so a break between them (a
    comma, a full stop) does not part them here, as it does a word of the
    match set. ``breaks`` is :func:`_empty_positions`' function.
    """
    field, words = phrase.fieldname, phrase.words
    idf = sum(leaf_searcher.idf(field, w) for w in words) / len(words)
    parted = None if breaks is None else lambda docnum, upto: breaks(field, docnum, upto)
    for docnum, count in _occurrences(phrase, found, parted):
        yield docnum, phrase.boost * idf * count * (PHRASE_K1 + 1) / (count + PHRASE_K1)


def _per_leaf(searcher, candidates: list[int]):
    """Split sorted top-level docnums among the index segments holding them."""
    leaves = searcher.leaf_searchers()
    for i, (leaf, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else float("inf")
        docs = [d for d in candidates if offset <= d < end]
        if docs:
            yield leaf, offset, docs


def rerank(
    searcher, results, bonuses, depth: int = RESCORE_DEPTH, deferred=()
) -> list[tuple[int, float]]:
    """``(docnum, score)`` of the top ``depth`` results, best first after the bonuses.

    ``deferred`` are the clauses of the query :func:`defer_common` left out
    of the first phase; they are added as Whoosh would have scored them.
    """
    scores = {hit.docnum: hit.score for hit in results[:depth]}
    if (bonuses or deferred) and scores:
        add_bonus_scores(searcher, scores, bonuses, deferred)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def split_fields(q: whoosh_query.Query, fields) -> tuple:
    """``q`` cut in two: ``(clauses on fields, the other clauses)``, None for an empty side.

    Only ORs are cut (their score is the sum of their clauses' scores, so the
    two sides add up to the whole); any other compound stays whole on the
    side of its leaves, or on the other side if it mixes fields.

    >>> from whoosh import query as q
    >>> word = q.Or([q.Term("title", "nam"), q.Term("body", "nam")])
    >>> split_fields(word, {"title"})
    (Or([Term('title', 'nam')]), Or([Term('body', 'nam')]))
    >>> split_fields(q.Term("body", "nam"), {"title"})
    (None, Term('body', 'nam'))
    """
    if isinstance(q, whoosh_query.Or):
        parts = [split_fields(child, fields) for child in q.subqueries]
        inside = [a for a, _ in parts if a is not None]
        outside = [b for _, b in parts if b is not None]
        return (
            type(q)(inside, boost=q.boost) if inside else None,
            type(q)(outside, boost=q.boost) if outside else None,
        )
    leaves = q.leaves() if not q.is_leaf() else [q]
    if all(getattr(leaf, "fieldname", None) in fields for leaf in leaves):
        return q, None
    return None, q


COMMON_FRACTION = 0.1  # a clause found in more than this share of documents is common
KEEP_RAREST = 2  # clauses that always stay in the first phase


def defer_common(
    q: whoosh_query.Query, searcher, cheap_fields=frozenset()
) -> tuple[whoosh_query.Query, list]:
    """Split a long OR query: rare clauses find candidates, common ones mostly only score them.

    In an OR of many words, a syllable found in most articles ("năm", "của")
    adds little to the ranking (its IDF is low) but makes Whoosh walk most of
    the index. Such clauses are moved to the second phase, except for their
    part on ``cheap_fields`` (titles), whose postings are short. The
    ``KEEP_RAREST`` rarest clauses found in some document (a mistyped word is
    found in none) always stay whole. Other queries (AND, a single word,
    phrases) are returned whole.
    """
    if not isinstance(q, whoosh_query.Or) or len(q.subqueries) <= KEEP_RAREST:
        return q, []
    limit = COMMON_FRACTION * searcher.doc_count_all()
    frequencies = [clause_frequency(clause, searcher) for clause in q.subqueries]
    found = [i for i, df in enumerate(frequencies) if df]
    rarest = sorted(found, key=frequencies.__getitem__)[:KEEP_RAREST]
    keep = set(rarest) | {i for i, df in enumerate(frequencies) if df <= limit}
    if len(keep) == len(frequencies):
        return q, []
    kept, deferred = [], []
    for i, clause in enumerate(q.subqueries):
        if i in keep:
            kept.append(clause)
            continue
        cheap, rest = split_fields(clause, cheap_fields)
        kept += [cheap] if cheap is not None else []
        deferred += [rest] if rest is not None else []
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


def matching_docs(searcher, q: whoosh_query.Query, docnums: list[int]) -> set[int]:
    """Which of the sorted top-level ``docnums`` ``q`` matches, found with ``skip_to``.

    Used to tell a partial match which of the query's words it lacks
    without walking every posting of those words.
    """
    found: set[int] = set()
    for leaf_searcher, offset, docs in _per_leaf(searcher, docnums):
        matcher = q.matcher(leaf_searcher, leaf_searcher.context())
        found.update(docnum for docnum, _ in _visits(matcher, docs, offset))
    return found
