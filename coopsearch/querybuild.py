"""Turn a parsed query into the Whoosh query of its match set, and its ranking extras.

The match set is what researchers count (``-c``, ``-l``, ``export``,
facets), so it follows the words typed, not only a good top 10
(DESIGN.md, rule 11):

- every word is required (AND), minus what ``NOT``/``-`` excludes; ``OR``
  takes either side;
- a word of several syllables (:mod:`coopsearch.segmentation`) matches only
  where its syllables stand side by side, in order (a Whoosh ``Phrase``);
- a query typed with marks matches words as written, on the exact layer
  (case, tone-mark style and NFC/NFD aside): ``Điện Biên`` does not match
  "điển hình … chuyển biến". A query typed without marks matches on the
  folded layer, so ``dien bien`` finds every spelling; so does a word whose
  marks were left out among accented ones ("hop tac xa Bắc Giang"; but
  "cà phê Gia Lai" and "giá lợn con" are as written: see
  :meth:`_Builder.layer_of`). An article written
  without marks (see :func:`coopsearch.text.is_unmarked`) is matched on the
  folded layer even by an accented query. ``any_accents`` folds every query;
- an abbreviation and its expansion find each other (``HTX`` ⇄ ``hợp tác
  xã``, ``data/abbreviations.tsv``), inside a longer word or a quoted
  phrase too (``Liên minh HTX`` ⇄ ``Liên minh Hợp tác xã``), on the layer
  the query is matched on. An abbreviation with several meanings (KTTT:
  "kinh tế tập thể", "kinh tế thị trường") is found for one of them only in
  the articles that support it (:mod:`coopsearch.abbreviations`); typed, it
  stands for its first meaning. The plan lists the expansions it used
  (``expansions``, and a note); ``expand=False`` uses none.

Ranking adds to this (:class:`QueryPlan`): query words standing side by side
in an article earn phrase bonuses (``bonuses``), scored on the best
candidates only (:mod:`coopsearch.rescoring`); and ``relaxed`` is the OR of
the query's required parts (each whole: a word of several syllables as a
phrase, so a partial match holds at least one word), which ranks the closest
partial matches when too few articles hold every word.

Any string is a query, so the work one can ask for is bounded: a query is
cut to :data:`MAX_QUERY_CHARS` characters and :data:`MAX_QUERY_WORDS` words,
and a prefix or wildcard stands for at most :data:`MAX_EXPANSIONS` index
terms (:func:`bound_expansions`). Each cut is told in the plan's ``notes``.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from whoosh import query

from coopsearch import schema
from coopsearch.abbreviations import exact_words, meanings, sense_key
from coopsearch.analysis import exact_form, folded_form
from coopsearch.matchers import AllOf, Excluding
from coopsearch.phrases import Phrase
from coopsearch.queryparse import All, Any, Not, Pattern, Word, parse
from coopsearch.questions import without_question_words
from coopsearch.segmentation import is_known_word, marks_left_out, real_syllables
from coopsearch.text import TONE_MARKS, WORD, has_marks, normalize, valid_text

TITLE_WEIGHT = 1.0
SYNONYM_WEIGHT = 0.9
PROXIMITY_WEIGHT = 2.0
RUN_PHRASE_WEIGHT = 3.0  # bonus for three or more query words found in a row
MAX_RUN_PHRASE = 6  # longest run phrase in syllables; a longer run is cut into pieces

PARTIAL_FROM_PARTS = 3  # queries of this many required parts may show partial matches

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 64
MAX_EXPANSIONS = 512  # index terms one prefix or wildcard may stand for

EXACT = "exact"
FOLDED = "folded"
LAYER_FIELDS = {
    EXACT: {None: (schema.TITLE, schema.BODY), "title": (schema.TITLE,), "body": (schema.BODY,)},
    FOLDED: {
        None: (schema.TITLE_FOLDED, schema.BODY_FOLDED),
        "title": (schema.TITLE_FOLDED,),
        "body": (schema.BODY_FOLDED,),
    },
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


class MarkedPattern(query.Wildcard):
    """A prefix or wildcard typed with marks, on the exact layer.

    The marks typed must be there; a vowel typed without a tone mark takes
    any tone, so ``thươ*`` finds "thương" and "thưởng" but not "thuốc".
    ``Wildcard._get_pattern`` and ``_find_prefix`` are Whoosh's classic hooks.
    """

    def _get_pattern(self) -> str:
        return pattern_regex(self.text)

    def _find_prefix(self, text: str) -> str:
        return re.match(r"[^*?aăâeêioôơuưy]*", text).group()

    def normalize(self) -> query.Query:
        return self


@dataclass(frozen=True)
class Needle:
    """What highlighting looks for: one word, phrase or pattern, on one layer.

    ``forms`` are the word's syllables in the layer's form (exact or folded);
    a pattern has one form, its regular expression (``regex`` true). A
    multi-syllable needle lights up only where its syllables stand together.
    """

    layer: str
    forms: tuple[str, ...]
    regex: bool = False


@dataclass(frozen=True)
class Requirement:
    """One required part of the query (a word, a phrase, a group) and its clause."""

    label: str
    query: query.Query


@dataclass(frozen=True)
class Expansion:
    """One abbreviation swap a query used: ``typed`` also finds ``also``.

    With ``meaning``, the swap reaches an ambiguous abbreviation, and finds it
    only in the articles whose text supports that meaning.
    """

    typed: str
    also: str
    meaning: str | None = None

    def describe(self) -> str:
        """For the note on stderr: ``kinh tế tập thể = KTTT (where it means …)``."""
        where = f" (only where it means {self.meaning})" if self.meaning else ""
        return f"{self.typed} = {self.also}{where}"

    def to_dict(self) -> dict:
        return {"typed": self.typed, "also": self.also, "only_meaning": self.meaning}


@dataclass(frozen=True)
class QueryPlan:
    """A user query ready to run: its match set, its ranking extras, its highlights."""

    text: str
    query: query.Query  # the match set: every required word, exclusions applied
    accented: bool
    needles: tuple[Needle, ...] = ()
    notes: tuple[str, ...] = ()  # what was cut or repaired, for stderr
    bonuses: tuple[query.Query, ...] = ()  # scored on the best candidates only (rescoring)
    required: tuple[Requirement, ...] = ()  # the parts every match holds
    relaxed: query.Query | None = None  # any of the required parts: partial matches
    # (only for queries of PARTIAL_FROM_PARTS parts or more: long or natural-language ones)
    expansions: tuple[Expansion, ...] = ()  # the abbreviation swaps the query used


def build_query(
    text: str, any_accents: bool = False, unmarked: bool = True, expand: bool = True
) -> QueryPlan:
    """Build the match-set query, ranking bonuses and highlights for the user's ``text``.

    ``any_accents`` matches every word on the folded layer; ``unmarked``
    says whether the index holds articles written without marks (then an
    accented word also matches their folded text); ``expand`` false matches
    abbreviations and expansions only as typed. Raises
    :class:`~coopsearch.errors.BadQuery` when the text has no word at all.
    """
    text, notes = bound_text(normalize(valid_text(text)).strip())
    parsed = parse(text)
    tree, asked = without_question_words(parsed.tree, text, parsed.accented)
    if asked:
        notes.append(f"question words are not required: {', '.join(asked)}.")
    builder = _Builder(parsed.accented and not any_accents, unmarked, expand)
    required, excluded = builder.top_level(tree)
    expansions = tuple(dict.fromkeys(builder.expansions))
    if expansions:
        said = "; ".join(e.describe() for e in expansions)
        notes.append(f"abbreviations expanded (--no-expand to turn off): {said}.")
    match = _all_of([r.query for r in required], excluded)
    relaxed = None
    if len(required) >= PARTIAL_FROM_PARTS:
        relaxed = AnyOf([r.query for r in required])
        if excluded is not None:
            relaxed = Excluding(relaxed, excluded)
    return QueryPlan(
        text=text,
        query=match,
        accented=parsed.accented,
        needles=tuple(dict.fromkeys(builder.needles)),
        notes=(*notes, *parsed.notes),
        bonuses=tuple(builder.bonuses),
        required=tuple(required),
        relaxed=relaxed,
        expansions=expansions,
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


_TRAILING_OPERATORS = re.compile(r"(?:\s+(?:AND|OR|NOT))+\s*$")


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


# -- patterns --------------------------------------------------------------

_TONED = {}
for _vowel in "aăâeêioôơuưy":
    _TONED[_vowel] = "".join(
        unicodedata.normalize("NFC", _vowel + mark) for mark in sorted(TONE_MARKS)
    )


def pattern_regex(typed: str) -> str:
    """A regular expression for a prefix or wildcard typed with marks (exact layer).

    ``*`` and ``?`` are glob wildcards; a vowel without a tone mark takes any tone.

    >>> regex = re.compile(pattern_regex("thươ*"))
    >>> bool(regex.match("thưởng")), bool(regex.match("thuốc"))
    (True, False)
    """
    out = []
    for char in typed:
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char in _TONED:
            out.append(f"[{char}{_TONED[char]}]")
        else:
            out.append(re.escape(char))
    return "".join(out) + r"\Z"


def folded_pattern_regex(typed: str) -> str:
    """The regular expression Whoosh's ``Wildcard`` uses for a folded pattern."""
    return fnmatch.translate(typed)


# -- abbreviations ---------------------------------------------------------


@lru_cache(maxsize=1)
def abbreviation_swaps() -> tuple[tuple[tuple[str, ...], tuple[str, ...], Expansion], ...]:
    """Each swap a query may make, as (side, other side, the :class:`Expansion` it is).

    An expansion always finds its abbreviation (only where the article
    supports the meaning, for an ambiguous one); an abbreviation finds its
    first meaning's expansion (``data/abbreviations.tsv``), and the other
    abbreviations of an expansion with one meaning ("TP.HCM" ⇄ "TPHCM").
    """
    swaps = []
    for m in meanings():
        short, long = exact_words(m.short), exact_words(m.long)
        swaps.append((long, short, Expansion(m.long, m.short, m.long if m.ambiguous else None)))
        if m.primary:
            swaps.append((short, long, Expansion(m.short, m.long)))
        for other in meanings():  # "TP.HCM" and "TPHCM", two short forms of one long one
            same = other.long == m.long and other.short != m.short
            if same and m.primary and not (m.ambiguous or other.ambiguous):
                swaps.append((short, exact_words(other.short), Expansion(m.short, other.short)))
    return tuple(swaps)


def abbreviation_pairs() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Each (side, other side) as exact-form word tuples (see :func:`abbreviation_swaps`)."""
    return tuple((side, other) for side, other, _ in abbreviation_swaps())


def _folded(syllables) -> tuple[str, ...]:
    return tuple(folded_form(s) for s in syllables)


def alternatives(syllables: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The other spellings of a word holding an abbreviation or an expansion.

    Each abbreviation or expansion found in the word, whole or as a run of
    its syllables, is swapped for its other side, one at a time.

    >>> alternatives(("HTX",))
    [('hợp', 'tác', 'xã')]
    >>> alternatives(("Liên", "minh", "hợp", "tác", "xã"))
    [('Liên', 'minh', 'htx'), ('lmhtx',)]
    """
    return [spelled for spelled, _ in expansions(syllables)]


def expansions(syllables: tuple[str, ...]) -> list[tuple[tuple[str, ...], Expansion]]:
    """:func:`alternatives`, each with the :class:`Expansion` that made it.

    >>> [e.describe() for _, e in expansions(("kinh", "tế", "tập", "thể"))]
    ['kinh tế tập thể = KTTT (only where it means kinh tế tập thể)']
    """
    found = _swapped_once(syllables)
    for spelled, expansion in list(found.items()):  # "LMHTX" = "liên minh hợp tác xã",
        for again, second in _swapped_once(spelled).items():  # so "liên minh HTX" too
            if expansion.meaning or second.meaning:
                continue  # an ambiguous abbreviation is reached in one swap, with its sense
            if _folded(again) != _folded(syllables):
                found.setdefault(again, expansion)
    return list(found.items())


def _swapped_once(syllables: tuple[str, ...]) -> dict[tuple[str, ...], Expansion]:
    """The spellings of ``syllables`` with one abbreviation or expansion swapped."""
    folded = _folded(syllables)
    found: dict[tuple[str, ...], Expansion] = {}
    for side, other, expansion in abbreviation_swaps():
        side = _folded(side)
        n = len(side)
        for i in range(len(folded) - n + 1):
            if folded[i : i + n] == side:
                typed = Expansion(" ".join(syllables[i : i + n]), *_also(expansion))
                found.setdefault((*syllables[:i], *other, *syllables[i + n :]), typed)
    return found


def _also(expansion: Expansion) -> tuple[str, str | None]:
    return expansion.also, expansion.meaning


# -- the builder -----------------------------------------------------------


class _Builder:
    """Builds Whoosh clauses from a parsed tree, collecting needles and bonuses."""

    def __init__(self, exact: bool, unmarked: bool, expand: bool = True) -> None:
        self.layer = EXACT if exact else FOLDED
        self.unmarked = unmarked
        self.expand = expand
        self.expansions: list[Expansion] = []
        self.needles: list[Needle] = []
        self.bonuses: list[query.Query] = []
        self._negated = 0

    def clause(self, node) -> query.Query:
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Pattern):
            return self.pattern(node)
        if isinstance(node, Any):
            return AnyOf([self.clause(part) for part in node.parts])
        required, excluded = self.top_level(node)
        return _all_of([r.query for r in required], excluded)

    def top_level(self, node) -> tuple[list[Requirement], query.Query | None]:
        """An AND's positive parts, each with its clause, and its excluded parts as one clause.

        A node that is no AND (a word, an OR, a NOT) is an AND of itself.
        """
        parts = node.parts if isinstance(node, All) else (node,)
        wanted = [p for p in parts if not isinstance(p, Not)]
        required = [Requirement(_label(p), self.clause(p)) for p in wanted]
        self._add_proximity(wanted)
        unwanted = [self._negative(p.part) for p in parts if isinstance(p, Not)]
        if not unwanted:
            return required, None
        return required, unwanted[0] if len(unwanted) == 1 else AnyOf(unwanted)

    def _negative(self, node) -> query.Query:
        self._negated += 1
        try:
            return self.clause(node)
        finally:
            self._negated -= 1

    # -- words --------------------------------------------------------------

    def word(self, node: Word) -> query.Query:
        """A word as typed, or (abbreviations) any of its spellings.

        A spelling that reaches an ambiguous abbreviation holds only in the
        articles supporting its meaning (``schema.SENSES``).
        """
        layer = self.layer_of(node.syllables)
        typed = self.spelled(node.syllables, node.field, node.slop, layer)
        if not self.expand:
            return typed
        others = []
        for other, expansion in expansions(node.syllables):
            clause = self.spelled(other, node.field, node.slop, layer, SYNONYM_WEIGHT)
            if expansion.meaning:
                sense = sense_key(expansion.also, expansion.meaning)
                clause = AllOf([clause, query.Term(schema.SENSES, sense)])
            others.append(clause)
            self.expansions.append(expansion)
        return AnyOf([typed, *others]) if others else typed

    def layer_of(self, syllables) -> str:
        """The layer a word is matched on: as written in a query typed with marks.

        A word without marks among accented ones is matched as written when
        it is a name (capitalised: "Gia Lai", "OCOP", "2021") or a word that
        has no marks ("con", "xe"). It matches any marks when its marks were
        left out: a syllable that does not exist without them ("hop" in
        "hop tac xa Bắc Giang"), or a word the dictionary knows only with
        them ("ca phe"), or only some of them ("nong thôn", "cà phe").
        """
        if self.layer == EXACT and marks_left_out(list(syllables)):
            return FOLDED  # "nong thôn", "hop tác xã": some of the word's marks left out
        if self.layer == FOLDED or any(has_marks(s) for s in syllables):
            return self.layer
        if all(s[:1].isupper() or not s.isalpha() for s in syllables):
            return EXACT
        plain = real_syllables()
        if any(s.isalpha() and s.lower() not in plain for s in syllables):
            return FOLDED
        if len(syllables) > 1 and not is_known_word(syllables, True):
            return FOLDED if is_known_word(syllables, False) else EXACT
        return EXACT

    def spelled(self, syllables, field, slop: int, layer: str, boost: float = 1.0) -> query.Query:
        """One spelling of a word on ``layer``, in the fields ``field`` names.

        On the exact layer, articles written without marks are searched on
        the folded layer as well (when the index has any).
        """
        clause = self._on_layer(syllables, field, slop, layer, boost)
        if layer == EXACT and self.unmarked:
            folded = self._on_layer(syllables, field, slop, FOLDED, boost, needle=False)
            unmarked_only = AllOf([folded, query.Term(schema.UNMARKED, schema.UNMARKED_YES)])
            clause = AnyOf([clause, unmarked_only])
        return clause

    def _on_layer(self, syllables, field, slop, layer, boost, needle=True) -> query.Query:
        form = exact_form if layer == EXACT else folded_form
        forms = [form(s) for s in syllables]
        if needle and not self._negated:
            self.needles.append(Needle(layer, tuple(forms)))
        clauses = []
        for name in LAYER_FIELDS[layer][field]:
            weight = boost * (TITLE_WEIGHT if name in (schema.TITLE, schema.TITLE_FOLDED) else 1)
            if len(forms) == 1:
                clauses.append(query.Term(name, forms[0], boost=weight))
            else:
                clauses.append(Phrase(name, forms, slop=max(1, slop + 1), boost=weight))
        return clauses[0] if len(clauses) == 1 else AnyOf(clauses)

    def pattern(self, node: Pattern) -> query.Query:
        """A prefix or wildcard: with marks on the exact layer, else on the folded one."""
        marked = self.layer == EXACT and has_marks(node.text)
        layer = EXACT if marked else FOLDED
        text = exact_form(node.text) if marked else folded_form(node.text)
        if not self._negated:
            regex = pattern_regex(text) if marked else folded_pattern_regex(text)
            self.needles.append(Needle(layer, (regex,), regex=True))
        clauses = []
        for name in LAYER_FIELDS[layer][node.field]:
            if marked:
                clauses.append(MarkedPattern(name, text))
            elif node.is_prefix:
                clauses.append(query.Prefix(name, text[:-1]))
            else:
                clauses.append(query.Wildcard(name, text))
        return clauses[0] if len(clauses) == 1 else AnyOf(clauses)

    # -- ranking bonuses ----------------------------------------------------

    def _add_proximity(self, parts) -> None:
        """Bonuses for adjacent query words found side by side, and for runs of three or more.

        Only plain words typed one after the other count (not quoted
        phrases, not abbreviations, which have other spellings).
        """
        if self._negated:
            return
        run: list[Word] = []
        for part in [*parts, None]:
            plain = isinstance(part, Word) and not part.quoted and not alternatives(part.syllables)
            if plain and (not run or part.field == run[-1].field):
                run.append(part)
                continue
            self._run_bonuses(run)
            run = [part] if plain else []

    def _run_bonuses(self, run: list[Word]) -> None:
        if len(run) < 2:
            return
        field = run[0].field
        exact = all(self.layer_of(w.syllables) == EXACT for w in run)
        layer = EXACT if exact else FOLDED
        for first, second in zip(run, run[1:], strict=False):
            pair = (*first.syllables, *second.syllables)
            self.bonuses.append(self._bonus(pair, field, PROXIMITY_WEIGHT, layer))
        syllables = [s for w in run for s in w.syllables]
        if len(run) >= 3:
            for start in range(0, max(1, len(syllables) - 2), MAX_RUN_PHRASE - 1):
                piece = syllables[start : start + MAX_RUN_PHRASE]
                if len(piece) >= 3:
                    self.bonuses.append(self._bonus(piece, field, RUN_PHRASE_WEIGHT, layer))

    def _bonus(self, syllables, field, weight: float, layer: str) -> query.Query:
        form = exact_form if layer == EXACT else folded_form
        forms = [form(s) for s in syllables]
        clauses = [Phrase(name, forms, boost=weight) for name in LAYER_FIELDS[layer][field]]
        return clauses[0] if len(clauses) == 1 else AnyOf(clauses)


def _all_of(clauses: list, excluded: query.Query | None) -> query.Query:
    """Every clause (every document when there is none), without what ``excluded`` matches."""
    match = clauses[0] if len(clauses) == 1 else AllOf(clauses) if clauses else query.Every()
    return match if excluded is None else Excluding(match, excluded)


def _label(node) -> str:
    """How a required part is named to the user (``missing`` in JSON)."""
    if isinstance(node, Word):
        return f'"{node.text}"' if node.quoted else node.text
    if isinstance(node, Pattern):
        return node.text
    if isinstance(node, Not):
        return "-" + _label(node.part)
    joiner = " OR " if isinstance(node, Any) else " "
    return "(" + joiner.join(_label(p) for p in node.parts) + ")"


def query_words(text: str) -> list[str]:
    """The words of a query as the parser segments them (for tools and tests).

    >>> query_words("Hải Phòng cảng biển")
    ['Hải Phòng', 'cảng biển']
    """
    from coopsearch.queryparse import words_of

    return [leaf.text for leaf in words_of(parse(normalize(text)).tree)]
