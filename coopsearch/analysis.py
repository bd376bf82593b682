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

from functools import lru_cache

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
