"""Abbreviations and their meanings, and which meaning an article supports.

``data/abbreviations.tsv`` lists each abbreviation with its expansion, and
for an abbreviation with several meanings (KTTT is "kinh tế tập thể" and
"kinh tế thị trường"; THT is "tổ hợp tác" and "tiểu hành tinh") the words of
each meaning's domain. Whether an article's abbreviation carries a meaning
is read from the article itself, as a reader does:

- an abbreviation with one meaning in the table always carries it (the
  table lists only the domain's sense of such abbreviations);
- a meaning of an ambiguous one is supported when the article spells that
  meaning out somewhere, or when one of the meaning's domain words stands
  within :data:`CUE_WINDOW` words of the abbreviation.

At indexing time the supported meanings are kept per article
(:func:`article_senses`, one :func:`sense_key` per line in
``schema.SENSES``); at query time an expansion towards an ambiguous
abbreviation matches only the articles holding that key
(:mod:`coopsearch.querybuild`). This is the query-time "synonym" of a
search engine made conditional on the document, as word-sense
disambiguation by "one sense per discourse" and by collocations (Yarowsky,
1995) would have it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coopsearch.analysis import exact_form, folded_form
from coopsearch.text import normalize, words

CUE_WINDOW = 30  # words either side of an abbreviation in which a domain word counts


@dataclass(frozen=True)
class Meaning:
    """One meaning of an abbreviation: its expansion and its domain's words."""

    short: str  # as written in the table ("KTTT")
    long: str  # "kinh tế tập thể"
    cues: tuple[str, ...] = ()
    primary: bool = True  # the first meaning listed: the one a typed abbreviation stands for
    ambiguous: bool = False  # the abbreviation has other meanings in the table

    @property
    def key(self) -> str:
        return sense_key(self.short, self.long)


def sense_key(short: str, long: str) -> str:
    """The keyword recording that an article supports one meaning of an abbreviation.

    >>> sense_key("KTTT", "kinh tế tập thể")
    'kttt=kinh te tap the'
    """
    return f"{' '.join(_folded(short))}={' '.join(_folded(long))}"


def _folded(text: str) -> tuple[str, ...]:
    return tuple(folded_form(w) for w in words(normalize(text)))


@lru_cache(maxsize=1)
def meanings() -> tuple[Meaning, ...]:
    """Every line of ``data/abbreviations.tsv``, in order."""
    raw = resources.files("coopsearch").joinpath("data/abbreviations.tsv").read_text("utf-8")
    rows = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        short, long, *rest = line.split("\t")
        cues = tuple(c.strip() for c in rest[0].split(",") if c.strip()) if rest else ()
        rows.append((short, long, cues))
    counts: dict[tuple[str, ...], int] = {}
    for short, _, _ in rows:
        counts[_folded(short)] = counts.get(_folded(short), 0) + 1
    seen: set[tuple[str, ...]] = set()
    found = []
    for short, long, cues in rows:
        key = _folded(short)
        found.append(Meaning(short, long, cues, key not in seen, counts[key] > 1))
        seen.add(key)
    return tuple(found)


def exact_words(text: str) -> tuple[str, ...]:
    """``text`` as exact-form words (the form query clauses are built from)."""
    return tuple(exact_form(w) for w in words(normalize(text)))


def _find(tokens: list[str], phrase: tuple[str, ...]) -> list[int]:
    n = len(phrase)
    first = phrase[0]
    return [i for i, t in enumerate(tokens) if t == first and tuple(tokens[i : i + n]) == phrase]


def article_senses(text: str) -> tuple[str, ...]:
    """The :func:`sense_key` of each meaning of an ambiguous abbreviation ``text`` supports.

    >>> article_senses("Phát triển KTTT, trong đó HTX là nòng cốt.")
    ('kttt=kinh te tap the',)
    >>> article_senses("NASA phát hiện THT bay gần Trái Đất.")
    ('tht=tieu hanh tinh',)
    >>> article_senses("Nền kinh tế thị trường (KTTT) vận hành.")
    ('kttt=kinh te thi truong',)
    """
    ambiguous = [m for m in meanings() if m.ambiguous]
    present = [m for m in ambiguous if _SHORT_RULES[m.short].search(text)] if ambiguous else []
    if not present:
        return ()
    tokens = [folded_form(w) for w in words(text)]
    supported = []
    for meaning in present:
        places = _find(tokens, _folded(meaning.short))
        if not places:
            continue
        if _find(tokens, _folded(meaning.long)):
            supported.append(meaning.key)
            continue
        near = {i for p in places for i in range(max(0, p - CUE_WINDOW), p + CUE_WINDOW + 1)}
        for cue in meaning.cues:
            if any(p in near for p in _find(tokens, _folded(cue))):
                supported.append(meaning.key)
                break
    return tuple(dict.fromkeys(supported))


class _ShortRules(dict):
    """A regex per abbreviation, found where written as a word ("KTTT", not "KTTTX")."""

    def __missing__(self, short: str) -> re.Pattern:
        rule = re.compile(rf"(?<!\w){re.escape(short)}(?!\w)")
        self[short] = rule
        return rule


_SHORT_RULES = _ShortRules()
