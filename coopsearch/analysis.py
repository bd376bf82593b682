"""Whoosh analyzers for Vietnamese: an exact layer and a folded layer.

Both layers share one tokenizer (normalise, then one token per ``\\w+`` run,
so a one-letter syllable such as ``ở`` is a word) and differ by one filter:

- exact: lowercase, tone marks in the modern position (``hoà`` -> ``hòa``);
- folded: lowercase, no marks at all, ``đ`` -> ``d``.

No stop words and no stemming: "An Giang" and "Long An" are place names, and
Vietnamese syllables do not inflect. Each filter caches its work per distinct
token, because a news corpus repeats the same few thousand syllables.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources

from whoosh import fields, formats
from whoosh.analysis import Filter, RegexTokenizer

from coopsearch.text import canonical_tones, fold, normalize

TOKEN_PATTERN = r"\w+"


class VietnameseTokenizer(RegexTokenizer):
    """Normalise the text (NFC, invisible characters out), then split on ``\\w+``.

    >>> [t.text for t in VietnameseTokenizer()("Tie\\u0302\\u0301ng Việt\\u200b ở")]
    ['Tiếng', 'Việt', 'ở']
    """

    def __init__(self) -> None:
        super().__init__(TOKEN_PATTERN)

    def __call__(self, value, **kwargs):
        return super().__call__(normalize(value), **kwargs)


@lru_cache(maxsize=200_000)
def exact_form(token: str) -> str:
    """The exact-layer form of a token: lowercase, canonical tone position."""
    return canonical_tones(token.lower())


@lru_cache(maxsize=200_000)
def folded_form(token: str) -> str:
    """The folded-layer form of a token: lowercase, no marks, ``đ`` -> ``d``."""
    return fold(token.lower()).lower()


class ExactFilter(Filter):
    """Lowercase each token and put its tone mark in the canonical place.

    >>> [t.text for t in (VietnameseTokenizer() | ExactFilter())("Thuỷ Hoà UỶ")]
    ['thủy', 'hòa', 'ủy']
    """

    def __call__(self, tokens):
        for t in tokens:
            t.text = exact_form(t.text)
            yield t


class FoldFilter(Filter):
    """Lowercase each token and remove all its marks; ``đ`` becomes ``d``.

    >>> [t.text for t in (VietnameseTokenizer() | FoldFilter())("Đồng Tháp")]
    ['dong', 'thap']
    """

    def __call__(self, tokens):
        for t in tokens:
            t.text = folded_form(t.text)
            yield t


def exact_analyzer():
    """Analyzer of the exact layer (``title``, ``body``)."""
    return VietnameseTokenizer() | ExactFilter()


def folded_analyzer():
    """Analyzer of the folded layer (``title_folded``, ``body_folded``)."""
    return VietnameseTokenizer() | FoldFilter()


def exact_tokens(text: str) -> list[str]:
    """The exact-layer tokens of ``text``, as the index sees them."""
    return [t.text for t in exact_analyzer()(text)]


def folded_tokens(text: str) -> list[str]:
    """The folded-layer tokens of ``text``, as the index sees them."""
    return [t.text for t in folded_analyzer()(text)]


_TOKEN = re.compile(TOKEN_PATTERN)
_last_text: list = [None, None]  # (text, its raw tokens): title and body go to two layers


def raw_tokens(text: str) -> list[str]:
    """The tokens of ``text`` before any filter, remembered for the next layer."""
    if _last_text[0] is not text:
        _last_text[:] = [text, _TOKEN.findall(normalize(text))]
    return _last_text[1]


class LayerText(fields.TEXT):
    """A TEXT field of one analysis layer that indexes without the token pipeline.

    Indexing is Whoosh's hot loop, and its generic path builds a Token object
    per word and passes it through a chain of generators. This field produces
    exactly the same terms as its analyzer (``exact_analyzer()`` or
    ``folded_analyzer()``, which still serve queries and highlighting) with one
    regular-expression pass shared by both layers and a cached form per
    distinct word. The output is Whoosh's own contract for
    ``FieldType.index``: ``(term bytes, frequency, weight, encoded positions)``
    for each distinct term.
    """

    def __init__(self, layer: str, **kwargs) -> None:
        analyzer = exact_analyzer() if layer == "exact" else folded_analyzer()
        super().__init__(analyzer=analyzer, **kwargs)
        self.layer = layer

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        form = exact_form if self.layer == "exact" else folded_form
        positions = defaultdict(list)
        for position, token in enumerate(raw_tokens(value)):
            positions[form(token)].append(position)
        encode = self.format.encode
        boost = self.format.field_boost
        for term, found_at in positions.items():
            yield term.encode("utf-8"), len(found_at), len(found_at) * boost, encode(found_at)


PAIR_SEPARATOR = " "
# SHA-1 of data/words.txt (first 16 hex digits), the list pair_vocabulary is made
# from; each PairText field keeps it, and a query walks pairs only on an index
# built from this list. A test checks it against the file: change both together.
WORDS_DIGEST = "22480563173ad06d"


@lru_cache(maxsize=1)
def pair_vocabulary() -> dict[str, frozenset[str]]:
    """The pairs :class:`PairText` indexes, per layer: side by side inside a word of the list.

    ``{"exact": {"hợp tác", "tác xã", …}, "folded": {"hop tac", …}}`` from
    ``data/words.txt`` (the Viet74K list, which query segmentation joins
    syllables into words with), so every word a query is split into has its
    pairs indexed, and the index holds some tens of thousands of pair terms
    rather than every pair of syllables a corpus has (millions).
    """
    raw = resources.files("coopsearch").joinpath("data", "words.txt").read_text("utf-8")
    exact = set()
    for line in raw.split("\n"):
        if line and not line.startswith("#"):
            syllables = line.split()
            exact.update(pairs_of(syllables))
    folded = {folded_pair(pair) for pair in exact}
    return {"exact": frozenset(exact), "folded": frozenset(folded)}


def folded_pair(pair: str) -> str:
    """A pair term of the exact layer as the folded layer has it."""
    return PAIR_SEPARATOR.join(folded_form(word) for word in pair.split(PAIR_SEPARATOR))


class PairText(fields.KEYWORD):
    """Each pair of side-by-side words of one layer that stand together in a listed word.

    The pair terms of "hợp tác xã" are ``"hợp tác"`` and ``"tác xã"``. A
    phrase of two words occurs in a document exactly when its pair term
    does, and a longer phrase only where all of its pairs do, so a phrase's
    postings are walked through its pairs (far rarer than its syllables: in
    a news crawl "tác xã" is in 1 article of 250, "xã" in 1 of 4) before any
    position is read (:mod:`coopsearch.phrases`); the same idea as Lucene's
    shingles and CJK bigrams. Only pairs of :func:`pair_vocabulary` are
    indexed, and ``vocabulary`` records which list that was, so a query
    uses pairs only on an index built from the same list (:data:`WORDS_DIGEST`). Terms only: no
    frequencies, positions or field length.
    """

    def __init__(self, layer: str) -> None:
        super().__init__(scorable=False)
        self.format = formats.Existence()
        self.analyzer = exact_analyzer() if layer == "exact" else folded_analyzer()
        self.layer = layer
        self.vocabulary = WORDS_DIGEST

    def index(self, value, **kwargs):
        form = exact_form if self.layer == "exact" else folded_form
        words = [form(token) for token in raw_tokens(value)]
        side_by_side = set(pairs_of(words))
        for term in side_by_side & pair_vocabulary()[self.layer]:
            yield term.encode("utf-8"), 1, 1.0, b""

    def holds_pairs(self) -> bool:
        """Whether this field was built from today's word list (else its pairs are not used)."""
        return getattr(self, "vocabulary", None) == WORDS_DIGEST


def pairs_of(words: list[str]) -> list[str]:
    """The pair terms of a phrase's words, in phrase order.

    >>> pairs_of(["hợp", "tác", "xã"])
    ['hợp tác', 'tác xã']
    """
    return [f"{a}{PAIR_SEPARATOR}{b}" for a, b in zip(words, words[1:], strict=False)]
