"""Snippets: the passage of a document that best shows why it matched.

Matches are found in the stored text as written (accents and all) by
comparing each word's exact or folded form with the query's needles
(:class:`~coopsearch.querybuild.Needle`): an accented query lights up the
forms it matched ("bán", not "bàn" or "bạn"), a word of several syllables
lights up only where its syllables stand together ("Tân Hương", not "tân
tiến … quê hương"). Offsets are in characters, never bytes.

The window shown is the one whose distinct needles weigh most: each needle
weighs as its rarity in the index says (:meth:`Searcher.needle_weights`),
so a name outweighs a common word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from coopsearch.analysis import exact_form, folded_form
from coopsearch.text import WORD

Span = tuple[int, int]
ELLIPSIS = "…"
MAX_SCAN_CHARS = 200_000  # a snippet is looked for in the first 200k characters
_SPACE_RUN = re.compile(r"\s+")


class Match(NamedTuple):
    """A stretch of text one needle matched: character offsets and the needle's index."""

    start: int
    end: int
    needle: int


def find_matches(text: str, needles: Sequence) -> list[Match]:
    """Every place in ``text`` where a needle matches, in order of position.

    >>> from coopsearch.querybuild import Needle
    >>> needles = [Needle("exact", ("bắc", "giang")), Needle("folded", ("htx",))]
    >>> find_matches("HTX ở Bắc Giang, không phải bắc giảng", needles)
    [Match(start=0, end=3, needle=1), Match(start=6, end=15, needle=0)]
    """
    tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    if not tokens or not needles:
        return []
    by_layer: dict[str, tuple[list[str], dict[str, list[int]]]] = {}
    found: list[Match] = []
    for k, needle in enumerate(needles):
        if needle.layer not in by_layer:
            by_layer[needle.layer] = _forms_and_positions(tokens, needle.layer)
        forms, positions = by_layer[needle.layer]
        if needle.regex:
            pattern = re.compile(needle.forms[0])
            for form, at in positions.items():
                if pattern.match(form):
                    found += [Match(tokens[i][0], tokens[i][1], k) for i in at]
            continue
        n = len(needle.forms)
        for i in positions.get(needle.forms[0], ()):
            if n == 1 or tuple(forms[i : i + n]) == needle.forms:
                found.append(Match(tokens[i][0], tokens[i + n - 1][1], k))
    return sorted(found)


def _forms_and_positions(tokens, layer: str) -> tuple[list[str], dict[str, list[int]]]:
    """Each token's form on ``layer``, and the token positions of each form."""
    form = exact_form if layer == "exact" else folded_form
    forms = [form(word) for _, _, word in tokens]
    positions: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(forms):
        positions[word].append(i)
    return forms, positions


def spans_of(matches: Sequence[Match]) -> list[Span]:
    """The matches as display spans, overlapping ones merged.

    >>> spans_of([Match(0, 3, 0), Match(2, 8, 1), Match(10, 12, 0)])
    [(0, 8), (10, 12)]
    """
    merged: list[Span] = []
    for start, end, _ in sorted(matches):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def best_window(
    text: str, matches: Sequence[Match], width: int, weights: Sequence[float] = ()
) -> tuple[Span, Match | None]:
    """The ``width``-character window whose distinct needles weigh most, and its first match.

    One pass with two pointers over the (sorted) matches, so a body that
    matches on every word still costs linear time. A needle weighs
    ``weights[needle]`` (1 when not given); repeats add a little.

    >>> best_window("a b c hop tac xa", [Match(6, 9, 0), Match(10, 13, 1)], 8)
    ((5, 13), Match(start=6, end=9, needle=0))
    """
    if not matches:
        return (0, min(len(text), width)), None
    lead = width // 5
    counts: dict[int, int] = {}
    best, best_anchor, best_score = (0, width), matches[0], -1.0
    weight_sum = 0.0
    first = last = 0  # the matches inside the window are matches[first:last]
    for anchor in matches:
        start = max(0, anchor.start - min(lead, max(0, width - (anchor.end - anchor.start))))
        end = start + width
        while last < len(matches) and matches[last].end <= end:
            needle = matches[last].needle
            if not counts.get(needle):
                weight_sum += weights[needle] if needle < len(weights) else 1.0
            counts[needle] = counts.get(needle, 0) + 1
            last += 1
        while first < last and matches[first].start < start:
            needle = matches[first].needle
            counts[needle] -= 1
            if not counts[needle]:
                weight_sum -= weights[needle] if needle < len(weights) else 1.0
            first += 1
        score = weight_sum + 0.01 * (last - first)
        if score > best_score + 1e-9:
            best, best_anchor, best_score = (start, end), anchor, score
    return (best[0], min(best[1], len(text))), best_anchor


def make_snippet(
    text: str, matches: Sequence[Match], width: int = 200, weights: Sequence[float] = ()
) -> tuple[str, list[Span]]:
    """A one-line passage of about ``width`` characters and its highlight spans.

    Whitespace runs become one space, the cut falls between words, an
    ellipsis marks text left out on either side, and the passage always
    holds the whole of its best match, however short ``width`` is.

    >>> make_snippet("Năm 2021,\\n\\ntỉnh Bắc Giang có 950 HTX.", [Match(16, 25, 0)], 200)
    ('Năm 2021, tỉnh Bắc Giang có 950 HTX.', [(15, 24)])
    """
    text = text[:MAX_SCAN_CHARS]
    (start, end), anchor = best_window(text, matches, width, weights)
    start, end = _word_bounds(text, start, end)
    if anchor is not None:
        start, end = min(start, anchor.start), max(end, anchor.end)
    inside = [s for s in spans_of(matches) if s[0] >= start and s[1] <= end]
    return _compact(text, start, end, inside)


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
