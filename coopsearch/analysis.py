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

from whoosh import fields
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


# A token, or a break no phrase reaches across: a clause's or sentence's punctuation
# before a space (closing quotes and brackets between them), a blank line, or a
# quotation mark or bracket at a word's edge.
# "hợp tác, xã hội" holds no "hợp tác xã"; "TP.HCM", "2,5" and a wrapped line break
# nothing, nor the full stop of a town's abbreviation ("TP. Hồ Chí Minh", "TX. Sơn
# Tây", "TT. Hậu Nghĩa"), which stands before its name, not at a sentence's end.
_TOWN_STOP = r"(?<!\bTP)(?<!\bTp)(?<!\bTX)(?<!\bTx)(?<!\bTT)\."
# A quotation or a bracket is a unit of its own: a quotation mark (double or single,
# straight or curly) or an opening bracket after a space, and one or a closing
# bracket before a space, break too ('đã "nâng đẳng cấp"' holds no "đà nẵng").
_QUOTE_OR_BRACKET = r"(?<=\s)[\"“”‘’'«(\[]|[\"”“’‘'»)\]](?=\s|$)"
BREAK_PATTERN = rf"(?:{_TOWN_STOP}|[,;:!?…])[\"”’)\]»]*(?:\s|$)|\n[^\S\n]*\n|{_QUOTE_OR_BRACKET}"
_TOKEN_OR_BREAK = re.compile(rf"({TOKEN_PATTERN})|{BREAK_PATTERN}")
_last_text: list = [None, None, None]  # (text, tokens, positions): for the next layer


def _analyse(text: str) -> None:
    if _last_text[0] is text:
        return
    tokens, positions, position = [], [], -1
    for match in _TOKEN_OR_BREAK.finditer(normalize(text)):
        position += 1
        if match.group(1) is None:
            continue  # a position left empty: words on either side are not side by side
        tokens.append(match.group(1))
        positions.append(position)
    _last_text[:] = [text, tokens, positions]


def raw_tokens(text: str) -> list[str]:
    """The tokens of ``text`` before any filter, remembered for the next layer."""
    _analyse(text)
    return _last_text[1]


def token_positions(text: str) -> list[int]:
    """Each of :func:`raw_tokens`' tokens' position: one apart, two across a break.

    >>> token_positions("Hợp tác, xã hội ở TP.HCM")
    [0, 1, 3, 4, 5, 6, 7]
    >>> token_positions("ở TP. Hồ Chí Minh. Sau")
    [0, 1, 2, 3, 4, 6]
    >>> token_positions('đã "nâng đẳng cấp" cho (Hà Nội)')
    [0, 2, 3, 4, 6, 8, 9]
    >>> token_positions("đã 'nâng' cho")
    [0, 2, 4]
    """
    _analyse(text)
    return _last_text[2]


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
        for position, token in zip(token_positions(value), raw_tokens(value), strict=True):
            positions[form(token)].append(position)
        encode = self.format.encode
        boost = self.format.field_boost
        for term, found_at in positions.items():
            yield term.encode("utf-8"), len(found_at), len(found_at) * boost, encode(found_at)
