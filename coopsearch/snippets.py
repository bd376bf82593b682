"""Snippets: the passage of a document that best shows why it matched.

Matches are found in the stored text as written (accents and all), by
comparing each word's folded form with the folded words, phrases and
prefixes of the query. Offsets are in characters, never bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coopsearch.analysis import folded_form
from coopsearch.text import WORD

Span = tuple[int, int]
ELLIPSIS = "…"
MAX_SCAN_CHARS = 200_000  # a snippet is looked for in the first 200k characters
_SPACE_RUN = re.compile(r"\s+")


def find_matches(
    text: str,
    terms: Iterable[str],
    phrases: Iterable[tuple[str, ...]] = (),
    prefixes: Iterable[str] = (),
) -> list[Span]:
    """Character spans of ``text`` matching a query word, phrase or prefix, in order.

    >>> find_matches("Hợp tác xã ở Bắc Giang", {"giang"}, {("hop", "tac", "xa")})
    [(0, 10), (17, 22)]
    """
    tokens = [(m.start(), m.end(), folded_form(m.group())) for m in WORD.finditer(text)]
    terms, prefixes = set(terms), tuple(p for p in prefixes if p)
    spans = [
        (start, end)
        for start, end, word in tokens
        if word in terms or (prefixes and word.startswith(prefixes))
    ]
    folded = [word for _, _, word in tokens]
    for phrase in phrases:
        n = len(phrase)
        first = phrase[0]
        for i, word in enumerate(folded):
            if word == first and tuple(folded[i : i + n]) == phrase:
                spans.append((tokens[i][0], tokens[i + n - 1][1]))
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def best_window(text: str, spans: list[Span], width: int) -> Span:
    """The ``width``-character window holding the most distinct matched words.

    One pass with two pointers over the (sorted) spans, so a body that
    matches on every word still costs linear time.

    >>> best_window("a b c hop tac xa", [(6, 9), (10, 13)], 8)
    (5, 13)
    """
    if not spans:
        return 0, min(len(text), width)
    lead = width // 5
    words = [text[s:e].lower() for s, e in spans]
    counts: dict[str, int] = {}
    best, best_score = (0, width), -1.0
    first = last = 0  # the spans inside the window are spans[first:last]
    for anchor, _ in spans:
        start = max(0, anchor - lead)
        end = start + width
        while last < len(spans) and spans[last][1] <= end:
            counts[words[last]] = counts.get(words[last], 0) + 1
            last += 1
        while first < last and spans[first][0] < start:
            counts[words[first]] -= 1
            if not counts[words[first]]:
                del counts[words[first]]
            first += 1
        score = len(counts) + 0.01 * (last - first)
        if score > best_score:
            best, best_score = (start, end), score
    return best[0], min(best[1], len(text))


def make_snippet(text: str, spans: list[Span], width: int = 200) -> tuple[str, list[Span]]:
    """A one-line passage of about ``width`` characters and its highlight spans.

    Whitespace runs become one space, the cut falls between words, and an
    ellipsis marks text left out on either side.

    >>> make_snippet("Năm 2021,\\n\\ntỉnh Bắc Giang có 950 HTX.", [(16, 25)], 200)
    ('Năm 2021, tỉnh Bắc Giang có 950 HTX.', [(15, 24)])
    """
    text = text[:MAX_SCAN_CHARS]
    start, end = best_window(text, spans, width)
    start, end = _word_bounds(text, start, end)
    return _compact(text, start, end, [s for s in spans if s[0] >= start and s[1] <= end])


def _word_bounds(text: str, start: int, end: int) -> Span:
    if start > 0 and not text[start - 1].isspace():
        nxt = _SPACE_RUN.search(text, start)
        start = nxt.end() if nxt and nxt.end() < end else start
    if end < len(text) and not text[end].isspace():
        cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
        end = cut if cut > start else end
    return start, end


def _compact(text: str, start: int, end: int, spans: list[Span]) -> tuple[str, list[Span]]:
    """Collapse whitespace in ``text[start:end]``, keeping spans on the same letters."""
    out: list[str] = []
    new_at: dict[int, int] = {}
    prefix = ELLIPSIS + " " if start > 0 else ""
    position = len(prefix)
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    for i in range(lead, len(piece)):
        char = piece[i]
        new_at[start + i] = position
        if char.isspace():
            if out and out[-1] == " ":
                continue
            char = " "
        out.append(char)
        position += 1
    new_at[end] = position
    body = "".join(out).rstrip()
    snippet = prefix + body + (" " + ELLIPSIS if end < len(text.rstrip()) else "")
    moved = [(new_at[s], new_at[e]) for s, e in spans if s in new_at and e in new_at]
    return snippet, moved
