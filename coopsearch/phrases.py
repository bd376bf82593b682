"""A phrase query whose matcher checks word positions with set lookups.

Whoosh answers a ``Phrase`` with its generic span machinery (``SpanNear2``):
for every document holding all the words it builds span objects and
compares them pairwise, which made a cold ``query "hợp tác xã"`` spend over
half a second on 38,000 articles. :class:`Phrase` keeps Whoosh's phrase
semantics (words in order; ``slop`` N lets each word stand up to N positions
after the previous one, 1 meaning side by side) and its score (the sum of
the words' scores where the phrase occurs), but its matcher walks the
intersection of the words' postings, led by the rarest word
(:class:`~coopsearch.matchers.LeapfrogMatcher`), and checks each
document's positions directly.

Only Whoosh's classic API is used: ``Query.matcher``, ``Term`` and the
``Matcher`` protocol (``is_active``, ``id``,
``next``, ``skip_to``, ``score``, ``value_as("positions")``).
"""

from __future__ import annotations

from whoosh import matching, query

from coopsearch import schema
from coopsearch.matchers import LeapfrogMatcher, WalkingMatcher
from coopsearch.pairs import pairs_of


class Phrase(query.Phrase):
    """Words in order in one field; drop-in for Whoosh's ``Phrase``, with a faster matcher."""

    def matcher(self, searcher, context=None):
        if self.fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[self.fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        words, frequency = [], {}  # each term looked up once: a segment's lookups add up
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            frequency[word] = frequency.get(word) or reader.doc_frequency(self.fieldname, word)
            if not frequency[word]:
                return matching.NullMatcher()
            words.append(word)
        if len(words) == 1:
            return query.Term(self.fieldname, words[0], boost=self.boost).matcher(searcher, context)
        leaves = [query.Term(self.fieldname, w).matcher(searcher, context) for w in words]
        by_rarity = sorted(zip(words, leaves, strict=True), key=lambda p: frequency[p[0]])
        pairs = self._pair_terms(searcher)
        walked = sorted(
            [(frequency[w], leaf) for w, leaf in by_rarity]
            + [(df, query.Term(*term).matcher(searcher, context)) for term, df in pairs],
            key=lambda p: p[0],
        )
        scoring = [leaf for _, leaf in by_rarity]  # summed in this order, as before pairs
        both = LeapfrogMatcher([m for _, m in walked], scoring=scoring)
        # two words side by side whose pair is indexed: the pair says where they occur
        told = len(words) == 2 and len(pairs) == 1
        return PhraseMatcher(leaves, self.slop, self.boost, both, check=not told)

    def _pair_terms(self, searcher) -> list:
        """``((field, pair bytes), documents)`` of the phrase's word pairs this segment holds.

        Only a phrase of side-by-side words (slop 1) on a field with a pairs
        twin (:data:`coopsearch.schema.PAIRS`) built from today's word list
        has any. A pair the segment lacks is left out, not taken as absent:
        it may be a pair no listed word has, which is never indexed, and the
        positions then decide.
        """
        pair_field = schema.PAIRS.get(self.fieldname)
        if self.slop != 1 or pair_field not in searcher.schema:
            return []
        if not searcher.schema[pair_field].holds_pairs():
            return []
        reader = searcher.reader()
        terms = [(pair_field, pair.encode("utf-8")) for pair in dict.fromkeys(pairs_of(self.words))]
        counted = [(term, reader.doc_frequency(*term)) for term in terms]
        return [(term, df) for term, df in counted if df]


class PhraseMatcher(WalkingMatcher):
    """Documents where the leaves' words stand in order, each within ``slop`` of the last."""

    def __init__(
        self, leaves: list, slop: int = 1, boost: float = 1.0, both=None, check: bool = True
    ) -> None:
        """``leaves``: the words' matchers in phrase order; ``both``: a matcher of the
        documents holding every word, over the same matchers (by default led by the
        first), perhaps with the phrase's pairs too; ``check``: whether positions
        must be read to tell where the phrase occurs (not when ``both`` walks the
        one pair of a two-word phrase)."""
        self._leaves = leaves
        self._slop = max(1, slop)
        self._boost = boost
        self._both = both if both is not None else LeapfrogMatcher(list(leaves))
        self._check = check
        self._settle()

    def _settle(self) -> None:
        """Move forward to the next document where the phrase occurs."""
        if not self._check:
            return
        while self._both.is_active() and not self._occurs():
            self._both.next()

    def _occurs(self) -> bool:
        """Whether the words stand in order, each within ``slop`` positions of the last.

        Every position of each word that some position of the word before it
        reaches is kept (two pointers over the sorted positions), so a later
        occurrence is tried where an earlier one leads nowhere, and the cost is
        linear in the positions whatever the slop.
        """
        slop = self._slop
        reached = sorted(self._leaves[0].value_as("positions"))
        for leaf in self._leaves[1:]:
            nearest, kept = 0, []
            for at in sorted(leaf.value_as("positions")):
                while nearest < len(reached) and reached[nearest] < at - slop:
                    nearest += 1
                if nearest < len(reached) and reached[nearest] < at:
                    kept.append(at)
            if not kept:
                return False
            reached = kept
        return True

    def is_active(self) -> bool:
        return self._both.is_active()

    def id(self) -> int:
        return self._both.id()

    def next(self) -> None:
        self._both.next()
        self._settle()

    def skip_to(self, docnum: int) -> None:
        if self._both.is_active() and self._both.id() < docnum:
            self._both.skip_to(docnum)
            self._settle()

    def score(self) -> float:
        return self._both.score() * self._boost

    def weight(self) -> float:
        return self._both.weight()

    def max_quality(self) -> float:
        return self._both.max_quality() * self._boost

    def copy(self):
        return PhraseMatcher([leaf.copy() for leaf in self._leaves], self._slop, self._boost)
