"""Did you mean: a corrected query when a word of the query is not in the index.

Corrections come from the index's own vocabulary, on the folded layer (no
marks), so ``Bắc Giangg`` and ``bac giangg`` are both corrected to a word the
articles really use. Vietnamese syllables are short and close to each other
(``chó``/``chò``, ``hop``/``hội``), so the rules are careful:

- a word the index holds is never replaced (nor an abbreviation it knows,
  nor a number, nor ``and``/``or``/``not``); in a query typed with marks a
  word is held when its exact form is, so ``Gịang`` is wrong marks;
- a real Vietnamese syllable (``data/syllables.txt``) that no article holds
  is not a typo: ``bưởi`` (pomelo) is never answered with ``bướm``
  (butterflies) nor with ``buổi``;
- a word typed with wrong marks is offered the accented forms the index
  holds for the same letters (``Bắc Gịang`` -> ``Bắc Giang``);
- words of one or two letters are never corrected; up to five letters one
  edit is allowed, longer words two; swapping two neighbouring letters is
  one edit (``ocpo`` -> ``ocop``);
- a word of glued syllables may be split (``bacgiang`` -> ``bac giang``);
- a syllable typed with the wrong marks inside a word is offered the marks
  that make the word, even when the index holds it as typed (``hợp tắc xã``
  -> ``hợp tác xã``: "tắc" is a real syllable, "hợp tắc" no word);
- among the combinations of corrections, the one whose words stand in the
  most dictionary words with their neighbours wins (the word pairs of
  :mod:`coopsearch.pairs`: ``hop tac xaa`` -> ``hop tac xa``, a word, not
  ``hop tac xay``, though "xay" is in more articles), then the one with the
  fewest typing errors (:func:`typing_cost`: a letter struck twice is the
  likeliest slip, so ``HTXX`` -> ``HTX``, not the more frequent ``HĐXX``),
  then the one that makes the whole query find the most documents; it is
  offered only if it finds more than the query as typed, or (a re-marking
  that makes more words as written) finds any: "hợp tắc xã" finds the
  traffic-jam articles ("tắc" = jammed), more than "hợp tác xã".

A word typed with marks is offered back with marks, in the spelling the
index uses most (``Giăngg`` -> ``Giang``, ``xạa`` -> ``xã``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import lru_cache

from coopsearch import schema
from coopsearch.analysis import exact_form, folded_form
from coopsearch.querybuild import abbreviation_pairs, bound_text
from coopsearch.segmentation import real_syllables
from coopsearch.text import has_marks, normalize

CANDIDATES_PER_WORD = 3
# Corrections keep the first letter typed: walking the whole lexicon for every
# first letter made a query that finds nothing take seconds on a large index,
# and a wrong first letter is the rarest typing error (Lucene's spell checker,
# DirectSpellChecker, defaults to minPrefix = 1 for both reasons).
CORRECTION_PREFIX = 1
MAX_WORDS_CORRECTED = 3
MAX_CORRECTED_LETTERS = 24  # longer is no typo of a word or two; correcting it costs seconds
OPERATORS = frozenset({"AND", "OR", "NOT"})
NEVER_CORRECTED = frozenset({"and", "or", "not"})  # English words, and operators in lower case
_QUERY_WORD = re.compile(r"\w+")
FOLDED_FIELDS = (schema.BODY_FOLDED, schema.TITLE_FOLDED)
EXACT_PAIRS, FOLDED_PAIRS = schema.PAIRS[schema.BODY], schema.PAIRS[schema.BODY_FOLDED]
EXACT_FIELDS = (schema.BODY, schema.TITLE)


def allowed_edits(word: str) -> int:
    """How many edits a correction of ``word`` may make: none for 1-2 letters.

    >>> [allowed_edits(w) for w in ("xa", "htxx", "giangg", "hoptacxa")]
    [0, 1, 2, 2]
    """
    if len(word) <= 2 or word.isdigit():
        return 0
    return 1 if len(word) <= 5 else 2


def typing_cost(typed: str, meant: str) -> float:
    """How unlikely a slip turns ``meant`` into ``typed``: edits, a doubled letter half of one.

    A key struck twice is the commonest typing error after a missed key
    (Damerau 1964; Kukich 1992, "Techniques for automatically correcting
    words in text", section 2.1), and spelling correctors weigh it below
    other edits for that reason.

    >>> typing_cost("htxx", "htx"), typing_cost("htxx", "hdxx"), typing_cost("ocpo", "ocop")
    (0.5, 1, 1)
    """
    for i in range(1, len(typed)):
        if typed[i] == typed[i - 1] and typed[:i] + typed[i + 1 :] == meant:
            return 0.5
    return edit_distance(typed, meant)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap is one edit.

    >>> edit_distance("ocpo", "ocop"), edit_distance("giangg", "giang")
    (1, 1)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    """Corrects query words against the vocabulary of one open Whoosh searcher."""

    def __init__(self, searcher) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._abbreviations = {
            side[0] for pair in abbreviation_pairs() for side in pair if len(side) == 1
        }

    def known(self, folded: str) -> bool:
        """True when the folded word is in the index (or is an abbreviation)."""
        if folded in self._abbreviations:
            return True
        return any(self._frequency(field, folded) for field in FOLDED_FIELDS)

    def known_exact(self, exact: str) -> bool:
        """True when the word as written (exact layer) is in the index."""
        if folded_form(exact) in self._abbreviations:
            return True
        return any(self._frequency(field, exact) for field in EXACT_FIELDS)

    def wrong_marks(self, word: str) -> list[str]:
        """The index's accented spelling of a word typed with marks it never holds."""
        folded = folded_form(word)
        marked = self._marked_form(exact_form(word), folded) if self.known(folded) else None
        return [_in_case_of(word, marked)] if marked else []

    def mismarked(self, text: str) -> dict[int, list[str]]:
        """Words typed with marks that stand beside a neighbour only in other marks.

        Keys are positions in ``_QUERY_WORD.finditer(text)``; values the
        spellings, in the case typed, that make the pair the articles hold.
        It reads the index's word pairs (:mod:`coopsearch.pairs`): "hợp tắc"
        is never indexed, its folded "hop tac" is, and no article writes
        "hợp tắc", so "tắc" is offered "tác". A pair the articles write as
        typed is never flagged ("phóng tên lửa", "ông Tư"), nor one whose
        words do not both carry marks.
        """
        words = [m.group() for m in _QUERY_WORD.finditer(text)]
        found: dict[int, list[str]] = {}
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            if not (has_marks(a) and has_marks(b)) or self._in_a_word(words, i):
                continue
            if not self._holds_pair(a, b, FOLDED_PAIRS) or self._written(a, b):
                continue  # no word in other marks, or the articles write the pair as typed
            for at, word, other, side in ((i, a, b, 0), (i + 1, b, a, 1)):
                beyond = at - 1 if side == 0 else at + 1  # its neighbour on the other side
                if 0 <= beyond < len(words) and self._in_a_word(words, min(at, beyond)):
                    continue  # "nguyên tắc hợp tác xã": "tắc" is right in "nguyên tắc"
                for spelling in self._markings(word):
                    pair = (spelling, other) if side == 0 else (other, spelling)
                    remarked = _in_case_of(word, spelling)
                    if self._holds_pair(*pair, EXACT_PAIRS):
                        found.setdefault(at, [])
                        if remarked not in found[at]:
                            found[at].append(remarked)
        return found

    def _in_a_word(self, words: list[str], i: int) -> bool:
        """Whether ``words[i]`` and ``words[i + 1]``, as typed, make a word the index holds."""
        a, b = words[i], words[i + 1]
        return has_marks(a) and has_marks(b) and self._holds_pair(a, b, EXACT_PAIRS)

    def _written(self, a: str, b: str) -> bool:
        """Whether some article writes ``a b`` side by side as typed ("phóng tên"
        is no dictionary word, so no pair of the index, yet the articles write it)."""
        from whoosh import query

        words = [exact_form(a), exact_form(b)]
        phrases = [query.Phrase(field, words) for field in EXACT_FIELDS]
        return any(True for _ in query.Or(phrases).docs(self._searcher))

    def _holds_pair(self, a: str, b: str, field: str) -> bool:
        form = exact_form if field == EXACT_PAIRS else folded_form
        try:
            return self._reader.doc_frequency(field, f"{form(a)} {form(b)}") > 0
        except KeyError:  # an index built before word pairs
            return False

    def _markings(self, word: str) -> list[str]:
        """The other exact-layer spellings of ``word``'s letters the index holds."""
        exact = exact_form(word)
        return [c for c in self._spellings(exact, folded_form(word)) if c != exact]

    def _spellings(self, exact: str, folded: str) -> list[str]:
        """The exact-layer words folding to ``folded`` near the marks of ``exact``
        (within two edits; the fifty Whoosh's corrector offers)."""
        corrector = self._searcher.corrector(schema.BODY)
        found = [_text(c) for c in corrector.suggest(exact, limit=50, maxdist=2, prefix=0)]
        return [c for c in found if folded_form(c) == folded]

    def _frequency(self, field: str, term: str) -> float:
        try:
            return self._reader.frequency(field, term)
        except KeyError:
            return 0

    def corrections(self, word: str) -> list[str]:
        """Up to three corrections of an unknown ``word``, best first, as they would be typed."""
        folded = folded_form(word)
        limit = allowed_edits(folded)
        if not limit or len(folded) > MAX_CORRECTED_LETTERS:
            return []
        found = []
        corrector = self._searcher.corrector(schema.BODY_FOLDED)
        for candidate in corrector.suggest(folded, limit=20, maxdist=2, prefix=CORRECTION_PREFIX):
            candidate = _text(candidate)
            distance = edit_distance(folded, candidate)
            if distance <= limit and len(candidate) > 1:
                cost = typing_cost(folded, candidate)
                found.append((cost, -self._frequency(schema.BODY_FOLDED, candidate), candidate))
        found.sort()
        folded_choices = [c for _, _, c in found[:CANDIDATES_PER_WORD]]
        folded_choices += self._splits(folded)[: CANDIDATES_PER_WORD - len(folded_choices)]
        return [self._spelled_like(word, c) for c in folded_choices]

    def _splits(self, folded: str) -> list[str]:
        """``bacgiang`` -> ``bac giang``: a glued pair of words the index holds."""
        return [
            f"{folded[:i]} {folded[i:]}"
            for i in range(2, len(folded) - 1)
            if self.known(folded[:i]) and self.known(folded[i:])
        ][:1]

    def _spelled_like(self, word: str, folded: str) -> str:
        """The correction in the user's style: with marks if they typed marks, same case."""
        if has_marks(word) and " " not in folded:
            folded = self._marked_form(exact_form(word), folded) or folded
        return _in_case_of(word, folded)

    def _marked_form(self, exact: str, folded: str) -> str | None:
        """The exact-layer word folding to ``folded`` closest to the marks typed.

        Closest first (``lợnn`` -> ``lợn``, not the more frequent ``lớn``),
        then the most frequent.
        """
        marked = self._spellings(exact, folded)
        if not marked:
            return None
        return min(
            marked, key=lambda c: (edit_distance(exact, c), -self._frequency(schema.BODY, c))
        )


def did_you_mean(
    searcher, text: str, found: int, count: Callable[[str], int], exact: bool | None = None
) -> str | None:
    """A corrected ``text`` that finds more than ``found`` documents (or re-marks a word), or None.

    ``count(query_text)`` runs a query and returns how many documents it
    finds. ``exact`` says whether words are matched as written (by default:
    when the query carries marks).
    """
    text, _ = bound_text(normalize(text))  # the same words the query searched
    exact = has_marks(text) if exact is None else exact
    speller = Speller(searcher)
    unknown = []  # (start, end, corrections)
    for match in _QUERY_WORD.finditer(text):
        word = match.group()
        if _is_syntax(text, match) or word.lower() in NEVER_CORRECTED:
            continue
        if exact and has_marks(word):
            if speller.known_exact(exact_form(word)) or exact_form(word) in real_syllables():
                continue
            corrections = speller.wrong_marks(word) or speller.corrections(word)
        elif speller.known(folded_form(word)) or folded_form(word) in real_folded_syllables():
            continue
        else:
            corrections = speller.corrections(word)
        if corrections:
            unknown.append((match.start(), match.end(), corrections))
    if exact:
        unknown = _with_mismarked_words(speller, text, unknown)
    if not unknown:
        return None
    choices = [c if i < MAX_WORDS_CORRECTED else c[:1] for i, (_, _, c) in enumerate(unknown)]
    typed = [folded_form(text[s:e]) for s, e, _ in unknown]
    words_as_typed = listed_pairs(text, "exact")
    best, best_rank = None, None
    for combination in itertools.product(*choices):
        candidate = _replace(text, [(s, e) for s, e, _ in unknown], combination)
        cost = sum(typing_cost(t, folded_form(c)) for t, c in zip(typed, combination, strict=True))
        rank = (listed_pairs(candidate), listed_pairs(candidate, "exact"), -cost)
        if best_rank is not None and rank < best_rank[:-1]:
            continue  # the count is the costly part: run it only for a contender
        hits = count(candidate)
        makes_words = rank[1] > words_as_typed and hits  # re-marked: what was meant, if any
        if (hits > found or makes_words) and (best_rank is None or rank + (hits,) > best_rank):
            best, best_rank = candidate, rank + (hits,)
    return best


def _with_mismarked_words(speller: Speller, text: str, unknown: list) -> list:
    """``unknown`` with the words :meth:`Speller.mismarked` re-marks, in query order."""
    matches = list(_QUERY_WORD.finditer(text))
    taken = {start for start, _, _ in unknown}
    added = [
        (matches[at].start(), matches[at].end(), spellings)
        for at, spellings in speller.mismarked(text).items()
        if matches[at].start() not in taken and not _is_syntax(text, matches[at])
    ]
    return sorted(unknown + added)


def listed_pairs(text: str, layer: str = "folded") -> int:
    """How many side-by-side words of ``text`` stand together in a dictionary word.

    ``layer`` is ``"folded"`` (marks ignored) or ``"exact"`` (as written).

    >>> listed_pairs("hop tac xa"), listed_pairs("hop tac xay")
    (2, 1)
    >>> listed_pairs("hợp tắc xã"), listed_pairs("hợp tắc xã", "exact")
    (2, 0)
    """
    from coopsearch.pairs import SEPARATOR, pair_vocabulary

    form = folded_form if layer == "folded" else exact_form
    words = [form(w) for w in _QUERY_WORD.findall(text)]
    listed = pair_vocabulary()[layer]
    return sum(f"{a}{SEPARATOR}{b}" in listed for a, b in zip(words, words[1:], strict=False))


@lru_cache(maxsize=1)
def real_folded_syllables() -> frozenset[str]:
    """The real syllables without marks, for words typed without them."""
    return frozenset(folded_form(s) for s in real_syllables())


def _in_case_of(word: str, spelling: str) -> str:
    """``spelling`` in the case ``word`` was typed in: upper, capitalised (each part) or lower.

    >>> _in_case_of("HTXX", "htx"), _in_case_of("Bacgiang", "bac giang"), _in_case_of("xa", "xã")
    ('HTX', 'Bac Giang', 'xã')
    """
    if word.isupper() and len(word) > 1:
        return spelling.upper()
    if word[:1].isupper():
        return " ".join(part[:1].upper() + part[1:] for part in spelling.split(" "))
    return spelling


def _is_syntax(text: str, match: re.Match) -> bool:
    """Operators, ``field:`` names and ``prefix*`` words are not corrected."""
    if match.group() in OPERATORS:
        return True
    after = text[match.end() : match.end() + 1]
    return after in (":", "*")


def _replace(text: str, spans: list[tuple[int, int]], words: tuple[str, ...]) -> str:
    out, last = [], 0
    for (start, end), word in zip(spans, words, strict=True):
        out.append(text[last:start])
        out.append(word)
        last = end
    out.append(text[last:])
    return "".join(out)


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
