"""Query sets: known-item variants derived from an article, and judged topics.

A query is ``(set_name, query_text, judgments)`` where judgments map document
keys to graded relevance.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docs import Doc, lead_text

KNOWN_ITEM_SETS = ("title", "unaccented", "nfd", "abbrev", "abbrev-pool", "lead", "typo")

# Full phrase (lower case, NFC) -> abbreviation, and abbreviation -> phrase.
ABBREVIATIONS = {
    "hợp tác xã": "HTX",
    "ủy ban nhân dân": "UBND",
    "uỷ ban nhân dân": "UBND",
    "kinh tế tập thể": "KTTT",
    "nông thôn mới": "NTM",
}
EXPANSIONS = {
    "HTX": "hợp tác xã",
    "UBND": "Ủy ban nhân dân",
    "KTTT": "kinh tế tập thể",
    "NTM": "nông thôn mới",
}

# Vietnamese function syllables left out of lead paraphrases.
STOPWORDS = frozenset(
    [
        "và",
        "của",
        "là",
        "có",
        "được",
        "trong",
        "cho",
        "với",
        "các",
        "những",
        "một",
        "này",
        "đã",
        "đang",
        "sẽ",
        "không",
        "từ",
        "tại",
        "theo",
        "về",
        "để",
        "khi",
        "đến",
        "thì",
        "mà",
        "nhưng",
        "cũng",
        "ra",
        "vào",
        "lại",
        "như",
        "nhiều",
        "rất",
        "bị",
        "do",
        "nên",
        "hay",
        "hoặc",
        "đó",
        "đây",
        "nào",
        "ở",
        "trên",
        "dưới",
        "sau",
        "trước",
        "vì",
        "nếu",
        "còn",
        "chỉ",
        "vẫn",
        "đều",
        "mới",
        "đi",
        "làm",
        "rằng",
        "ông",
        "bà",
        "anh",
        "chị",
        "người",
        "năm",
        "ngày",
        "tháng",
        "qua",
        "lên",
        "xuống",
        "hơn",
        "cùng",
        "việc",
        "nhằm",
        "gì",
        "ai",
        "tới",
        "gần",
    ]
)

_ABBREV_RE = re.compile(
    r"\b(" + "|".join(map(re.escape, [*ABBREVIATIONS, *EXPANSIONS])) + r")\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Query:
    """One evaluation query with its graded judgments."""

    set_name: str
    text: str
    judgments: dict


def strip_marks(text: str) -> str:
    """Remove all Vietnamese marks and map đ/Đ to d/D.

    >>> strip_marks("Hợp tác xã Đồng Tháp")
    'Hop tac xa Dong Thap'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def to_nfd(text: str) -> str:
    """Return ``text`` in Unicode NFD (as typed on some keyboards).

    >>> len(to_nfd("ế"))
    3
    """
    return unicodedata.normalize("NFD", text)


def swap_abbreviations(text: str) -> str:
    """Swap full phrases and their abbreviations in both directions.

    >>> swap_abbreviations("Hợp tác xã và UBND tỉnh")
    'HTX và Ủy ban nhân dân tỉnh'
    >>> swap_abbreviations("Xây dựng nông thôn mới")
    'Xây dựng NTM'
    """

    def replace(match: re.Match) -> str:
        found = match.group(0)
        if found.upper() in EXPANSIONS:
            return EXPANSIONS[found.upper()]
        return ABBREVIATIONS[found.lower()]

    return _ABBREV_RE.sub(replace, unicodedata.normalize("NFC", text))


def syllables(text: str) -> list[str]:
    """Return the word tokens (syllables) of ``text``.

    >>> syllables("Giá lợn hơi, 40.000 đồng/kg")
    ['Giá', 'lợn', 'hơi', '40', '000', 'đồng', 'kg']
    """
    return re.findall(r"\w+", unicodedata.normalize("NFC", text))


def is_content(word: str) -> bool:
    """Return whether a syllable is a content word (not a number or function word).

    >>> is_content("lợn"), is_content("của"), is_content("2017")
    (True, False, False)
    """
    return word.isalpha() and word.lower() not in STOPWORDS


def lead_phrase(doc: Doc, size: int = 4) -> str | None:
    """Return ``size`` contiguous content words of the lead, avoiding title words if possible.

    >>> d = Doc("baomoi/1.txt", "Giá lợn giảm", "Người chăn nuôi thua lỗ nặng vì giá lợn giảm sâu")
    >>> lead_phrase(d)
    'chăn nuôi thua lỗ'
    """
    words = syllables(lead_text(doc))
    title_words = {w.lower() for w in syllables(doc.title)}
    for avoid_title in (True, False):
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            if all(is_content(w) for w in window) and not (
                avoid_title and any(w.lower() in title_words for w in window)
            ):
                return " ".join(window)
    return None


def typo(text: str, rng: random.Random) -> str | None:
    """Mistype one syllable of 4+ letters: delete a letter or swap two adjacent ones.

    >>> mistyped = typo("Giá lợn giảm", random.Random(1))
    >>> mistyped != "Giá lợn giảm" and mistyped.startswith("Giá lợn ")
    True
    >>> typo("Giá cá", random.Random(1)) is None
    True
    """
    tokens = text.split(" ")
    candidates = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 4]
    if not candidates:
        return None
    i = rng.choice(candidates)
    word = tokens[i]
    pos = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        mistyped = word[:pos] + word[pos + 1 :]
    else:
        mistyped = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    if mistyped == word:
        mistyped = word[:pos] + word[pos + 1 :]
    tokens[i] = mistyped
    return " ".join(tokens)


def known_item_queries(doc: Doc, seed: int) -> list[Query]:
    """Return the known-item query variants of one article (skipping the ones that do not apply)."""
    judgments = {doc.key: 1}
    title = unicodedata.normalize("NFC", doc.title)
    variants = {
        "title": doc.title,
        "unaccented": strip_marks(title),
        "nfd": to_nfd(title),
        "abbrev": swap_abbreviations(title),
        "lead": lead_phrase(doc),
        "typo": typo(title, random.Random(f"{seed}:{doc.key}")),
    }
    if variants["abbrev"] == title:
        variants["abbrev"] = None
    return [Query(name, text, judgments) for name, text in variants.items() if text]


def eligible_docs(docs: list[Doc]) -> list[Doc]:
    """Return the articles fit to be known items: a unique title of 3+ words."""
    counts: dict[str, int] = {}
    for doc in docs:
        counts[doc.title.lower()] = counts.get(doc.title.lower(), 0) + 1
    return [d for d in docs if counts[d.title.lower()] == 1 and len(d.title.split()) >= 3]


def sample_docs(docs: list[Doc], size: int, seed: int) -> list[Doc]:
    """Return a seeded sample of the eligible articles."""
    eligible = eligible_docs(docs)
    return random.Random(seed).sample(eligible, min(size, len(eligible)))


def abbrev_pool_queries(docs: list[Doc], size: int, seed: int) -> list[Query]:
    """Return swapped-title queries for a seeded sample of all swappable titles.

    A random sample of news titles rarely holds "hợp tác xã", "UBND" or "NTM",
    so the ``abbrev`` set is often nearly empty; this set (``abbrev-pool``)
    draws its known items from every eligible article whose title has
    something to swap.
    """
    pool = []
    for doc in eligible_docs(docs):
        title = unicodedata.normalize("NFC", doc.title)
        swapped = swap_abbreviations(title)
        if swapped != title:
            pool.append(Query("abbrev-pool", swapped, {doc.key: 1}))
    return random.Random(seed).sample(pool, min(size, len(pool)))


def load_topics(path: Path) -> list[dict]:
    """The judged topics of ``topics.json`` or ``questions.json``: id, query, description,
    judgments (article key -> grade)."""
    return json.loads(path.read_text(encoding="utf-8"))["topics"]


def topic_queries(path: Path, set_name: str = "topic") -> list[Query]:
    """Load judged topics (``topics.json``, ``questions.json``) as queries of ``set_name``."""
    return [Query(set_name, t["query"], dict(t["judgments"])) for t in load_topics(path)]
