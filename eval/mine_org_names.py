"""Candidate long organisation names, mined from a crawl by successor variety.

Vietnamese capitalises the first syllable of a name's parts only, so an
official name can go on in lowercase after its last capital ("Cục Quản lý
lao động ngoài nước", "Cục Cảnh sát phòng chống tội phạm về môi trường"),
where the extractor's name rule stops. Where such a name ends is told by how
the press goes on after it (Harris's successor variety, as used for word and
term boundaries): after a name the next word varies, inside one it does not.

For each organisation the extractor finds in the crawl, the lowercase words
that follow it (up to ``--depth``, stopping at punctuation, a capital, a
digit or a line end) are counted as a trie. A path is printed as a candidate when

- it is met at least ``--min-count`` times in ``--min-docs`` articles;
- after it the next word varies: no one word follows more than half of its
  mentions, and a boundary (punctuation, capital, line end) follows at least
  ``--ends`` of them;
- none of its words is a function word or reads as a verb: a word (one
  syllable, or two forming a word of ``data/words.txt``) that follows a
  preverbal marker ("đã", "sẽ", "đang", "vừa", "không", "chưa", …) in more
  than ``--verbs`` of its uses in the same crawl ("kiểm tra" 55‰, "chỉ
  đạo" 166‰; "giao thông" 0‰, "văn hóa" 0.3‰).

The candidates are read by hand before any goes into
``coopsearch/data/org_names.tsv``: a verb that often follows a name ("Cục
Thuế kiểm tra") can pass the test. Articles of the gold files
(``tests/gold/*.json``, ``eval/figures_articles.tsv``) are left out, so the
scores on them stay a held-out measure.

    python eval/mine_org_names.py [--crawl /tmp/vi-news/baomoi] > /tmp/org_candidates.tsv

Output: count<TAB>articles<TAB>end share<TAB>name as found<TAB>whole name, best first.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopsearch.entities import _FUNCTION_WORDS, organisation_mentions  # noqa: E402
from coopsearch.text import normalize  # noqa: E402

_NEXT = re.compile(r"[ \t]*([^\W\d_]+)|[ \t]*(.)?", re.DOTALL)
_END = "<end>"


def gold_articles() -> set[str]:
    """File names of every judged article (left out of the mining)."""
    names = set()
    for path in (ROOT / "tests" / "gold").glob("*.json"):
        names |= set(json.loads(path.read_text(encoding="utf-8")))
    listed = ROOT / "eval" / "figures_articles.tsv"
    names |= {line.split("\t")[-1] for line in listed.read_text(encoding="utf-8").splitlines()}
    return names


def unjudged_files(crawl: Path) -> list[Path]:
    """The crawl's article files, sorted, without the judged ones (:func:`gold_articles`)."""
    held_out = gold_articles()
    return sorted(p for p in crawl.glob("*.txt") if p.name not in held_out)


def read_article(path: Path) -> str:
    """An article file's normalised text, as the indexer reads it."""
    return normalize(path.read_text(encoding="utf-8", errors="replace"))


def following(text: str, end: int, depth: int) -> list[str]:
    """The lowercase words after ``end`` (at most ``depth``), then :data:`_END` if
    a boundary (punctuation, a capital, a digit, a line end) comes next."""
    out = []
    while len(out) < depth:
        match = _NEXT.match(text, end)
        word = match.group(1)
        if not word or not word.islower():
            out.append(_END)
            break
        out.append(word)
        end = match.end()
    return out


_MARKER = re.compile(
    r"\b(?:đã|sẽ|đang|vừa|không|chưa|cũng|đều|hãy|phải)\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?"
)
_LETTERS = re.compile(r"[^\W\d_]+")
# Words of time and place that follow a name in a sentence, not inside it.
_NOT_NAME_WORDS = frozenset(
    ["ngày", "năm", "tháng", "trước", "sau", "ngay", "khi", "lại", "mới", "nay", "này", "đây"]
)


def mine(files, depth: int):
    """(trie counts, article sets, verb uses, all uses) over ``files``."""
    paths: Counter = Counter()
    docs: dict[tuple, set] = defaultdict(set)
    verb_uses: Counter = Counter()
    uses: Counter = Counter()
    for number, path in enumerate(files):
        text = read_article(path)
        for match in _MARKER.finditer(text):
            verb_uses[match[1]] += 1
            if match[2]:
                verb_uses[f"{match[1]} {match[2]}"] += 1
        letters = _LETTERS.findall(text)
        for a, b in zip(letters, [*letters[1:], ""], strict=True):
            if a.islower():
                uses[a] += 1
                if b.islower():
                    uses[f"{a} {b}"] += 1
        for name, _, end in organisation_mentions(text):
            words = following(text, end, depth)
            for i in range(len(words) + 1):
                key = (name, *words[:i])
                paths[key] += 1
                docs[key].add(number)
    return paths, docs, verb_uses, uses


def _verb_like(words: tuple[str, ...], verb_uses, uses, share: float) -> bool:
    """Whether a word of ``words`` (a dictionary pair first) is a function word or a verb."""
    from coopsearch.figures import _dictionary

    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        unit = pair if i + 1 < len(words) and pair in _dictionary() else words[i]
        if unit in _FUNCTION_WORDS or unit in _NOT_NAME_WORDS:
            return True
        if verb_uses[unit] > share * max(uses[unit], 1):
            return True
        i += 1 + (" " in unit)
    return False


def candidates(paths, docs, verb_uses, uses, args):
    min_count, min_docs, ends = args.min_count, args.min_docs, args.ends
    children: dict[tuple, Counter] = defaultdict(Counter)
    for key, count in paths.items():
        if len(key) > 1:
            children[key[:-1]][key[-1]] += count
    found = []
    for key, count in paths.items():
        if len(key) < 2 or key[-1] == _END:
            continue
        name = key[0]
        if _verb_like(key[1:], verb_uses, uses, args.verbs):
            continue
        if count < min_count or len(docs[key]) < min_docs:
            continue
        after = children[key]
        total = sum(after.values()) or 1
        end_share = after[_END] / total
        top = max((c for w, c in after.items() if w != _END), default=0)
        if end_share < ends or top / total > 0.5:
            continue
        found.append((count, len(docs[key]), end_share, name, " ".join((name, *key[1:]))))
    return sorted(found, key=lambda f: (-f[0], f[4]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", type=Path, default=Path("/tmp/vi-news/baomoi"))
    parser.add_argument("--depth", type=int, default=8)
    parser.add_argument("--min-count", type=int, default=8)
    parser.add_argument("--min-docs", type=int, default=4)
    parser.add_argument("--ends", type=float, default=0.3)
    parser.add_argument("--verbs", type=float, default=0.015)
    parser.add_argument("--limit", type=int, default=0, help="read only this many files")
    args = parser.parse_args()
    files = unjudged_files(args.crawl)
    if args.limit:
        files = files[: args.limit]
    for row in candidates(*mine(files, args.depth), args):
        count, n_docs, end_share, name, whole = row
        print(f"{count}\t{n_docs}\t{end_share:.2f}\t{name}\t{whole}")


if __name__ == "__main__":
    main()
