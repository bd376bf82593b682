"""Questions typed as queries: their question words are not required.

"Bắc Giang có bao nhiêu HTX?" is about HTX in Bắc Giang. The articles that
answer it say "Bắc Giang có 950 HTX"; few say "bao nhiêu". Requiring every
word would leave out the answers, so when a query is a question its
question words (``data/question_words.txt``, with the rule and its source)
are taken out of the query before it is built, and the plan's notes say
which (stderr, and under ``-c``/``-l``). Only plain words at the top level
of the query are taken out: a quoted phrase, a ``title:`` word or an OR is
kept as typed; so is a query that would have no word left.

>>> from coopsearch.queryparse import parse
>>> tree = parse("cả nước có bao nhiêu hợp tác xã?").tree
>>> kept, dropped = without_question_words(tree, "cả nước có bao nhiêu hợp tác xã?", True)
>>> [w.text for w in kept.parts], dropped
(['cả', 'nước', 'hợp tác xã'], ['có', 'bao nhiêu'])
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from coopsearch.analysis import exact_form, folded_form
from coopsearch.queryparse import All, Word

STRONG, WEAK = "strong", "weak"


@lru_cache(maxsize=2)
def question_words(accented: bool) -> dict[tuple[str, ...], str]:
    """Each question word as a tuple of syllables (exact or folded form) -> its kind."""
    form = exact_form if accented else folded_form
    raw = resources.files("coopsearch").joinpath("data/question_words.txt").read_text("utf-8")
    found = {}
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            text, kind = line.split("\t")
            found[tuple(form(s) for s in text.split())] = kind
    return found


def without_question_words(tree, text: str, accented: bool) -> tuple[object, list[str]]:
    """``tree`` without the question words of a question, and those words as typed.

    A query is a question when it ends with ``?`` or holds a strong question
    word; otherwise, or when nothing would be left, ``tree`` comes back as it is.
    """
    if not isinstance(tree, All):
        return tree, []
    form = exact_form if accented else folded_form
    known = question_words(accented)
    longest = max(len(words) for words in known)
    parts = list(tree.parts)
    found: dict[int, str] = {}  # part index -> kind
    start = 0
    while start < len(parts):
        match = _match_at(parts, start, known, form, longest)
        if match:
            end, kind = match
            found.update(dict.fromkeys(range(start, end), kind))
            start = end
        else:
            start += 1
    is_question = text.rstrip().endswith("?") or STRONG in found.values()
    if not is_question or len(found) == len(parts):
        return tree, []
    kept = [p for i, p in enumerate(parts) if i not in found]
    dropped = [parts[i].text for i in sorted(found)]
    return (kept[0] if len(kept) == 1 else All(tuple(kept))), dropped


def _match_at(parts, start: int, known, form, longest: int) -> tuple[int, str] | None:
    """The end and kind of the longest question word made of whole plain words from ``start``."""
    syllables: list[str] = []
    best = None
    for end in range(start, len(parts)):
        part = parts[end]
        if not isinstance(part, Word) or part.quoted or part.field:
            break
        syllables += [form(s) for s in part.syllables]
        if len(syllables) > longest:
            break
        kind = known.get(tuple(syllables))
        if kind:
            best = (end + 1, kind)
    return best
