"""Word pairs: side-by-side syllables indexed as one term, so phrases need no positions first.

Most Vietnamese words are two or three syllables, and the syllables are
common where the word is not: "hợp", "tác" and "xã" are each in thousands of
news articles, "hợp tác xã" in a few hundred. A phrase matcher that walks the
articles holding every syllable and reads their positions spent most of a
query's time there. :class:`PairText` indexes, for each layer of the body,
the pairs of side-by-side syllables ("hợp tác", "tác xã") that stand together
in a word of :func:`pair_vocabulary`; :mod:`coopsearch.phrases` leads a
phrase with its rarest pair, reads positions only where every pair is, and
reads none for a two-word phrase. It is the idea of Lucene's shingles and
CJK bigrams, kept to listed words so that the index holds tens of thousands
of pair terms, not the millions of pairs a corpus has.

A pair is indexed wherever it stands, or nowhere: membership depends on the
pair's forms only. An index remembers which vocabulary built it
(:data:`VOCABULARY_DIGEST`); when the code's vocabulary differs, the pairs are
not used (positions decide, as without pairs) until the index is rebuilt.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from whoosh import fields, formats

from coopsearch.analysis import (
    exact_analyzer,
    exact_form,
    folded_analyzer,
    folded_form,
    raw_tokens,
    token_positions,
)

SEPARATOR = " "
# SHA-1 (first 16 hex digits) of the sorted exact pairs of pair_vocabulary(), one a
# line. Each PairText field keeps it; a test checks it against the data files, so a
# change to them changes it (and an index built before stops using its pairs).
VOCABULARY_DIGEST = "721d8b5f86c96f17"
STALE = "stale"  # an index updated under another vocabulary: its pairs are incomplete


def pairs_of(words: list[str]) -> list[str]:
    """The pair terms of a phrase's words, in phrase order.

    >>> pairs_of(["hợp", "tác", "xã"])
    ['hợp tác', 'tác xã']
    """
    return [f"{a}{SEPARATOR}{b}" for a, b in zip(words, words[1:], strict=False)]


def vocabulary_words() -> list[list[str]]:
    """The words whose pairs are indexed, as exact-layer syllables.

    The words of ``data/words.txt`` (the Viet74K list query segmentation joins
    syllables into words with), the long forms of ``data/abbreviations.tsv``
    (what an expansion searches: "kinh tế tập thể", "mỗi xã một sản phẩm")
    and the names of provinces and regions in ``data/provinces.json``.
    """
    data = resources.files("coopsearch").joinpath("data")
    found = [
        line.split()
        for line in data.joinpath("words.txt").read_text("utf-8").split("\n")
        if line and not line.startswith("#")
    ]
    written = [
        line.split("\t")[1]
        for line in data.joinpath("abbreviations.tsv").read_text("utf-8").split("\n")
        if line and not line.startswith("#") and "\t" in line
    ]
    places = json.loads(data.joinpath("provinces.json").read_text("utf-8"))
    for entry in (*places["provinces"], *places["regions"]):
        written += [entry["name"], *entry["aliases"]]
    found += [[exact_form(token) for token in raw_tokens(text)] for text in written]
    return found


@lru_cache(maxsize=1)
def pair_vocabulary() -> dict[str, frozenset[str]]:
    """The pairs :class:`PairText` indexes, per layer: ``{"exact": …, "folded": …}``."""
    exact = {pair for word in vocabulary_words() for pair in pairs_of(word)}
    folded = set()
    for pair in exact:
        first, second = pair.split(SEPARATOR)
        folded.add(f"{folded_form(first)}{SEPARATOR}{folded_form(second)}")
    return {"exact": frozenset(exact), "folded": frozenset(folded)}


class PairText(fields.KEYWORD):
    """The word pairs of one analysis layer of a text, as terms (no frequency, no positions)."""

    def __init__(self, layer: str) -> None:
        super().__init__(scorable=False)
        self.format = formats.Existence()
        self.analyzer = exact_analyzer() if layer == "exact" else folded_analyzer()
        self.layer = layer
        self.vocabulary = VOCABULARY_DIGEST

    def index(self, value, **kwargs):
        form = exact_form if self.layer == "exact" else folded_form
        words = [form(token) for token in raw_tokens(value)]
        at = token_positions(value)
        side_by_side = {
            f"{words[i]}{SEPARATOR}{words[i + 1]}"
            for i in range(len(words) - 1)
            if at[i + 1] == at[i] + 1  # not across a break (coopsearch.analysis)
        }
        for term in side_by_side & pair_vocabulary()[self.layer]:
            yield term.encode("utf-8"), 1, 1.0, b""

    def holds_pairs(self) -> bool:
        """Whether every pair of today's vocabulary is indexed wherever it stands."""
        return getattr(self, "vocabulary", None) == VOCABULARY_DIGEST


def _pair_fields(schema) -> list[PairText]:
    return [schema[name] for name in schema.names() if isinstance(schema[name], PairText)]


def stale(schema) -> bool:
    """Whether a schema has pair fields its queries must not use (another vocabulary)."""
    return any(not field.holds_pairs() for field in _pair_fields(schema))


def mark_stale(schema) -> None:
    """Mark the pair fields of a schema about to be written under another vocabulary.

    Documents added now get today's pairs while older ones keep theirs, so
    the index's pairs are complete for neither list: marked stale (and kept
    so in the commit's schema), they are never used again until a rebuild.
    """
    for field in _pair_fields(schema):
        if not field.holds_pairs():
            field.vocabulary = STALE


def mark_complete(schema) -> None:
    """Mark the pair fields of a schema whose every document has today's pairs (a rebuild)."""
    for field in _pair_fields(schema):
        field.vocabulary = VOCABULARY_DIGEST
