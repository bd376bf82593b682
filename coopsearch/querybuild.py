"""Turn what a user types into a Whoosh query over both analysis layers.

The user's syntax (AND, OR, NOT, "phrases", ``title:``, trailing ``*``) is read
by Whoosh's parser; the tree it returns is then rewritten word by word:

- a query typed with marks searches the folded layer and adds the score of
  the exact layer, so ``Đồng`` ranks "Đồng" above "Đông" but still finds
  both; a query typed without marks searches the folded layer only (the
  exact layer is scored on the best candidates only, see below);
- an abbreviation and its expansion find each other (``HTX`` ⇄ ``hợp tác xã``),
  from ``data/abbreviations.tsv``;
- query words standing side by side in a document add a phrase bonus, since
  Vietnamese words are several syllables ("Bắc Giang", "kinh tế tập thể");
  these bonuses are returned apart (``QueryPlan.bonuses``) and scored on the
  best candidates only (:mod:`coopsearch.rescoring`);
- title and body are separate BM25F fields; a word in a short title already
  weighs more than one in a long body, so ``TITLE_WEIGHT`` is 1 (the
  relevance harness, ``eval/tune.py``, found any extra title weight hurt);
- three or more query words in a row in a document earn a second phrase
  bonus (``RUN_PHRASE_WEIGHT``).

Syntax the parser cannot read falls back to the plain words of the query.

Any string is a query, so the work one can ask for is bounded: a query is
cut to :data:`MAX_QUERY_CHARS` characters and :data:`MAX_QUERY_WORDS` words
(Whoosh's parser is quadratic on a long token), and a prefix or wildcard
stands for at most :data:`MAX_EXPANSIONS` index terms
(:func:`bound_expansions`). Each cut is told in the plan's ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice

from whoosh import fields, query
from whoosh.qparser import QueryParser, plugins

from coopsearch import schema
from coopsearch.analysis import exact_analyzer, exact_form, folded_form
from coopsearch.text import WORD, has_marks, normalize, words

TITLE_WEIGHT = 1.0
EXACT_BOOST = 1.0
SYNONYM_WEIGHT = 0.9
PROXIMITY_WEIGHT = 2.0
RUN_PHRASE_WEIGHT = 3.0  # bonus for three or more query words found in a row
MAX_RUN_PHRASE = 6  # longest run phrase; a longer run of words is cut into pieces
ALL_WORDS_UP_TO = 4  # longer queries match documents holding only some words

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 64
MAX_EXPANSIONS = 512  # index terms one prefix or wildcard may stand for

ANY_FIELD = "text"  # the parser's default field: title and body
FIELD_TARGETS = {
    ANY_FIELD: (schema.TITLE, schema.BODY),
    schema.TITLE: (schema.TITLE,),
    schema.BODY: (schema.BODY,),
}


class AnyOf(query.Or):
    """An OR that always walks its clauses as a tree of union matchers.

    On a segment of up to 5,000 documents Whoosh's ``Or`` otherwise chooses a
    matcher that reads every posting of every clause up front (and, for a
    phrase, every position of every document holding its words), which is
    what made a five-word query take seconds, and which defeats both the
    top-k pruning of the first phase and the ``skip_to`` of the second.
    ``matcher_type`` is part of Whoosh's classic ``Or``.
    """

    matcher_type = query.Or.DEFAULT_MATCHER


@dataclass(frozen=True)
class QueryPlan:
    """A user query ready to run, with what its matches look like for highlighting."""

    text: str
    query: query.Query
    accented: bool
    terms: frozenset[str]  # folded words to highlight
    phrases: frozenset[tuple[str, ...]]  # folded word sequences to highlight
    prefixes: tuple[str, ...]  # folded prefixes to highlight
    notes: tuple[str, ...] = ()  # what was cut to keep the query bounded, for stderr
    bonuses: tuple[query.Query, ...] = ()  # scored on the best candidates only (rescoring)


def build_query(text: str) -> QueryPlan:
    """Build the Whoosh query and highlight terms for the user's ``text``."""
    text, notes = bound_text(normalize(text).strip())
    accented = has_marks(text)
    parsed = _parse(text)
    collector = _Highlights()
    rewriter = _Rewriter(accented, collector, text)
    rewritten = rewriter.rewrite(parsed)
    return QueryPlan(
        text=text,
        query=rewritten,
        accented=accented,
        terms=frozenset(collector.terms),
        phrases=frozenset(collector.phrases),
        prefixes=tuple(sorted(collector.prefixes)),
        notes=tuple(notes),
        bonuses=tuple(rewriter.bonuses),
    )


def bound_text(text: str) -> tuple[str, list[str]]:
    """Cut ``text`` to the first ``MAX_QUERY_CHARS`` characters and ``MAX_QUERY_WORDS`` words.

    >>> bound_text("hợp tác xã")
    ('hợp tác xã', [])
    """
    notes = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(
            f"the query is longer than {MAX_QUERY_CHARS:,} characters; "
            f"only its first {MAX_QUERY_CHARS:,} are searched."
        )
    found = list(islice(WORD.finditer(text), MAX_QUERY_WORDS + 1))
    if len(found) > MAX_QUERY_WORDS:
        text = text[: found[MAX_QUERY_WORDS - 1].end()]
        notes.append(
            f"the query has more than {MAX_QUERY_WORDS} words; "
            f"only the first {MAX_QUERY_WORDS} are searched."
        )
    if notes:  # a cut may leave an operator with nothing after it, or a phrase open
        text = _TRAILING_OPERATORS.sub("", text)
        if text.count('"') % 2:
            text += '"'
    return text, notes


_TRAILING_OPERATORS = re.compile(r"(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE))+\s*$")


def bound_expansions(
    q: query.Query, reader, limit: int = MAX_EXPANSIONS
) -> tuple[query.Query, list[str]]:
    """Replace each prefix or wildcard matching more than ``limit`` terms by its first ``limit``.

    Whoosh would otherwise OR together every term a pattern matches (``a*``
    matches tens of thousands in a news corpus). The kept terms are the
    first in the index's (alphabetical) order; a note says which patterns
    were cut.
    """
    notes: dict[str, str] = {}

    def visit(node: query.Query) -> query.Query:
        if isinstance(node, query.PatternQuery):
            found = [t for _, t in islice(node.expanded_terms(reader), limit + 1)]
            if len(found) <= limit:
                return node
            typed = node.text + "*" if isinstance(node, query.Prefix) else node.text
            notes.setdefault(
                typed,
                f"'{typed}' matches more than {limit} words; only the first {limit} "
                "in alphabetical order are searched.",
            )
            kept = [query.Term(node.fieldname, t, boost=node.boost) for t in found[:limit]]
            return AnyOf(kept)
        return node.apply(visit)

    return visit(q), list(notes.values())


def _parse(text: str) -> query.Query:
    """Parse with Whoosh's syntax; on anything it cannot read, use the plain words."""
    try:
        parsed = _parser().parse(text)
    except Exception:  # the parser has no single error class
        parsed = None
    if parsed is None or parsed is query.NullQuery or not _has_words(parsed):
        parsed = _plain_words(text)
    return parsed


def _has_words(q: query.Query) -> bool:
    return any(
        isinstance(leaf, (query.Term, query.Phrase, query.PatternQuery)) for leaf in _leaves(q)
    )


def _leaves(q: query.Query):
    if q.is_leaf():
        yield q
    for child in q.children():
        yield from _leaves(child)


def _plain_words(text: str) -> query.Query:
    terms = [query.Term(ANY_FIELD, exact_form(w)) for w in words(text)]
    if not terms:
        return query.NullQuery
    return terms[0] if len(terms) == 1 else query.And(terms)


@lru_cache(maxsize=1)
def _parser() -> QueryParser:
    analyzer = exact_analyzer()
    parse_schema = fields.Schema(**{name: fields.TEXT(analyzer=analyzer) for name in FIELD_TARGETS})
    parser = QueryParser(ANY_FIELD, parse_schema)
    for unwanted in (plugins.SingleQuotePlugin, plugins.RangePlugin, plugins.EveryPlugin):
        parser.remove_plugin_class(unwanted)
    return parser


@lru_cache(maxsize=1)
def abbreviation_pairs() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Each (abbreviation, expansion) as folded word tuples, both directions."""
    raw = resources.files("coopsearch").joinpath("data/abbreviations.tsv").read_text("utf-8")
    pairs = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        short, long = line.split("\t")
        short_words = tuple(exact_form(w) for w in words(normalize(short)))
        long_words = tuple(exact_form(w) for w in words(normalize(long)))
        pairs.append((short_words, long_words))
        pairs.append((long_words, short_words))
    # Longest match first, so "liên minh hợp tác xã" wins over "hợp tác xã".
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _runs(bigrams: list) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The runs of three to :data:`MAX_RUN_PHRASE` query words that follow each other.

    ``bigrams`` are ``(position, word, next word, targets)`` of adjacent words;
    chained bigrams make a run (a longer run is cut into pieces of the maximum).

    >>> pairs = [(0, "giá", "lợn", "T"), (1, "lợn", "hơi", "T"), (3, "bắc", "giang", "T")]
    >>> _runs(pairs)
    [(('giá', 'lợn', 'hơi'), 'T')]
    """
    runs, current = [], []
    for bigram in [*bigrams, None]:
        if current and (bigram is None or bigram[0] != current[-1][0] + 1):
            words_ = (current[0][1], *(b[2] for b in current))
            for start in range(0, len(words_) - 2, MAX_RUN_PHRASE - 1):
                piece = words_[start : start + MAX_RUN_PHRASE]
                if len(piece) >= 3:
                    runs.append((piece, current[0][3]))
            current = []
        if bigram is not None:
            current.append(bigram)
    return runs


def _folded(words_: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(folded_form(w) for w in words_)


class _Highlights:
    """Collects the folded words, phrases and prefixes a query looks for."""

    def __init__(self) -> None:
        self.terms: set[str] = set()
        self.phrases: set[tuple[str, ...]] = set()
        self.prefixes: set[str] = set()


class _Rewriter:
    """Rewrites a parsed tree into layered, expanded, proximity-boosted queries."""

    def __init__(self, accented: bool, highlights: _Highlights, text: str = "") -> None:
        self.accented = accented
        self.text = text  # as parsed: the terms' start and end characters point into it
        self.highlights = highlights
        self.bonuses: list[query.Query] = []  # proximity evidence, for the second phase
        self.negated = 0

    def rewrite(self, q: query.Query) -> query.Query:
        if isinstance(q, query.Term):
            return self.group([q], query.And)
        if isinstance(q, query.Phrase):
            return self.phrase(q.words, FIELD_TARGETS[q.fieldname], q.boost)
        if isinstance(q, (query.Prefix, query.Wildcard)):
            return self.pattern(q)
        if isinstance(q, (query.And, query.Or)):
            return self.group(list(q.subqueries), type(q), q.boost)
        if isinstance(q, query.Not):
            self.negated += 1
            inner = self.rewrite(q.query)
            self.negated -= 1
            return query.Not(inner)
        if isinstance(q, query.AndNot):
            positive = self.rewrite(q.a)
            self.negated += 1
            negative = self.rewrite(q.b)
            self.negated -= 1
            return query.AndNot(positive, negative)
        if isinstance(q, query.AndMaybe):
            return query.AndMaybe(self.rewrite(q.a), self.rewrite(q.b))
        return query.NullQuery

    # -- words ------------------------------------------------------------

    def word(self, text: str, targets: tuple[str, ...], boost: float = 1.0) -> query.Query:
        """One word: the folded layer finds it, the exact layer (if typed with marks)
        adds its score to the best candidates in the second phase."""
        if not self.negated:
            self.highlights.terms.add(folded_form(text))
        folded, exact = [], []
        for field in targets:
            weight = boost * (TITLE_WEIGHT if field == schema.TITLE else 1.0)
            folded.append(query.Term(schema.FOLDED_TWIN[field], folded_form(text), boost=weight))
            exact.append(query.Term(field, text, boost=weight * EXACT_BOOST))
        return self._layers(folded, exact)

    def _layers(self, folded: list, exact: list) -> query.Query:
        """The folded clauses to match on; the exact ones kept for rescoring."""
        if self.accented and not self.negated:
            self.bonuses.append(exact[0] if len(exact) == 1 else AnyOf(exact))
        return folded[0] if len(folded) == 1 else AnyOf(folded)

    def phrase(self, words_, targets: tuple[str, ...], boost: float = 1.0) -> query.Query:
        """Words side by side, on every layer its targets have."""
        words_ = tuple(words_)
        if len(words_) == 1:
            return self.word(words_[0], targets, boost)
        if not self.negated:
            self.highlights.phrases.add(_folded(words_))
        folded, exact = [], []
        for field in targets:
            weight = boost * (TITLE_WEIGHT if field == schema.TITLE else 1.0)
            twin = schema.FOLDED_TWIN[field]
            folded.append(query.Phrase(twin, list(_folded(words_)), boost=weight))
            exact.append(query.Phrase(field, list(words_), boost=weight * EXACT_BOOST))
        return self._layers(folded, exact)

    def pattern(self, q: query.PatternQuery) -> query.Query:
        """A trailing-``*`` prefix or a wildcard, on the folded layer."""
        text = folded_form(q.text)
        if not self.negated:
            self.highlights.prefixes.add(text.rstrip("*?"))
        kind = query.Prefix if isinstance(q, query.Prefix) else query.Wildcard
        clauses = [
            kind(
                schema.FOLDED_TWIN[field],
                text,
                boost=TITLE_WEIGHT if field == schema.TITLE else 1.0,
            )
            for field in FIELD_TARGETS[q.fieldname]
        ]
        return clauses[0] if len(clauses) == 1 else AnyOf(clauses)

    # -- groups -----------------------------------------------------------

    def group(self, children: list, kind, boost: float = 1.0) -> query.Query:
        """A run of clauses: abbreviations expanded, long ANDs relaxed, proximity added."""
        clauses, bigrams = [], []
        i = 0
        while i < len(children):
            child = children[i]
            if not isinstance(child, query.Term):
                clauses.append(self.rewrite(child))
                i += 1
                continue
            run = self._term_run(children, i)
            consumed, clause = self._abbreviation(run)
            if consumed:
                clauses.append(clause)
                i += consumed
                continue
            targets = FIELD_TARGETS[child.fieldname]
            clauses.append(self.word(child.text, targets, child.boost))
            if i + 1 < len(children) and self._side_by_side(child, children[i + 1]):
                bigrams.append((i, child.text, children[i + 1].text, targets))
            i += 1
        if kind is query.And and len(clauses) > ALL_WORDS_UP_TO:
            return self._relaxed(clauses, boost, bigrams)
        if kind is query.Or:
            kind = AnyOf
        self._add_proximity(bigrams)
        return clauses[0] if len(clauses) == 1 else kind(clauses, boost=boost)

    def _add_proximity(self, bigrams: list) -> None:
        """Bonuses for adjacent query words, and for runs of three or more."""
        if self.negated:
            return
        self.bonuses.extend(
            self.phrase((first, second), targets, PROXIMITY_WEIGHT)
            for _, first, second, targets in bigrams
        )
        self.bonuses.extend(
            self.phrase(run, targets, RUN_PHRASE_WEIGHT) for run, targets in _runs(bigrams)
        )

    def _relaxed(self, clauses: list, boost: float, bigrams: list) -> query.Query:
        """A long AND as an OR of its clauses; its NOT clauses still exclude."""
        self._add_proximity(bigrams)
        negated = [c.query for c in clauses if isinstance(c, query.Not)]
        wanted = [c for c in clauses if not isinstance(c, query.Not)]
        either = wanted[0] if len(wanted) == 1 else AnyOf(wanted, boost=boost)
        if not negated:
            return either
        return query.AndNot(either, negated[0] if len(negated) == 1 else query.Or(negated))

    def _side_by_side(self, term: query.Term, following) -> bool:
        """Whether two parsed terms stood next to each other in the typed text.

        Whoosh's parser drops a repeated word ("giá lợn hơi giá lợn con" keeps
        one "giá" and one "lợn"), so neighbours in the tree may not be
        neighbours in the query; only non-word characters may lie between them.
        """
        if not isinstance(following, query.Term) or following.fieldname != term.fieldname:
            return False
        end, start = getattr(term, "endchar", None), getattr(following, "startchar", None)
        if end is None or start is None:  # built without the parser: in typed order
            return True
        return not WORD.search(self.text[end:start])

    @staticmethod
    def _term_run(children: list, start: int) -> list[query.Term]:
        """The consecutive terms of one field starting at ``start``."""
        field = children[start].fieldname
        run = []
        for child in children[start:]:
            if not isinstance(child, query.Term) or child.fieldname != field:
                break
            run.append(child)
        return run

    def _abbreviation(self, run: list[query.Term]) -> tuple[int, query.Query | None]:
        """If ``run`` starts with an abbreviation or its expansion: (words used, clause)."""
        folded_run = tuple(folded_form(t.text) for t in run)
        targets = FIELD_TARGETS[run[0].fieldname]
        for side, other in abbreviation_pairs():
            n = len(side)
            if folded_run[:n] != _folded(side):
                continue
            typed = tuple(t.text for t in run[:n])
            alternative = self.phrase(other, targets, SYNONYM_WEIGHT)
            return n, AnyOf([self.phrase(typed, targets), alternative])
        return 0, None
