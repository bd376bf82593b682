"""Candidate bodies written in foreign words, mined from a crawl: names the news
introduces with a head word and elsewhere writes bare.

"Theo Bloomberg", "Qatar Airways thông báo": a foreign body's name carries no
Vietnamese head word ("Công ty", "Báo") that the extractor's name rules start
from, unless the article adds one ("tờ Bloomberg", "hãng Qatar Airways").
Across a crawl the same names are introduced with one in some articles, which
is the evidence a list can carry to the others.

For each crawl article (judged articles left out, as in ``mine_org_names.py``),
the names of one to three capitalised words in plain Latin letters that follow
a head word (``HEADS``: "hãng", "tờ", "tạp chí", "kênh", "tập đoàn", "ngân
hàng", "CLB"…) are counted, one per article; a word shaped as a Vietnamese
syllable leaves the name out ("Bảo Việt" is found by the name rules). Then
each name's bare uses in the crawl. A name is printed when found after a head
word in at least ``--min-docs`` articles and not already listed in
``data/org_known.txt``, ``data/people_names.txt`` or as a place.

The candidates are read by hand before any goes into
``coopsearch/data/org_foreign.txt`` (what was taken out, and why, is in its
header): firms' legal forms ("TNHH", "TMCP"), countries, leagues, social
networks, products and car makes follow a head word too.

    python eval/mine_foreign_orgs.py [--crawl /tmp/vi-news/baomoi] > /tmp/foreign_orgs.tsv

Output: articles after a head<TAB>articles naming it<TAB>name, most found first.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from mine_org_names import read_article, unjudged_files  # noqa: E402

HEADS = (
    "hãng|Hãng|hãng tin|Hãng tin|hãng hàng không|Hãng hàng không|công ty|Công ty|"
    "tập đoàn|Tập đoàn|ngân hàng|Ngân hàng|CLB|câu lạc bộ|Câu lạc bộ|đội bóng|"
    "tờ|Tờ|tạp chí|Tạp chí|kênh|Kênh|đài|Đài|trang|Trang|nhóm nhạc|ban nhạc|"
    "tổ chức|Tổ chức"
)
_WORD = r"[A-Z][A-Za-z0-9&.'’-]*"
_AFTER_HEAD = re.compile(rf"(?<!\w)(?:{HEADS})\s+({_WORD}(?:\s+{_WORD}){{0,2}})(?!\w)")


def after_heads(path: Path) -> set[str]:
    """The foreign names one article writes after a head word."""
    from coopsearch.text import SYLLABLE

    found = set()
    for match in _AFTER_HEAD.finditer(read_article(path)):
        name = match.group(1).rstrip(".")
        if not any(SYLLABLE.fullmatch(w.lower()) for w in name.split()):
            found.add(name)
    return found


def named_in(args: tuple[Path, re.Pattern]) -> set[str]:
    """The names of ``pattern`` one article writes, with a head word or without."""
    path, pattern = args
    return {m.group() for m in pattern.finditer(read_article(path))}


def _listed() -> set[str]:
    from coopsearch.entities import _data_lines
    from coopsearch.figure_places import _place_rules

    return {
        *_data_lines("org_known.txt"),
        *_data_lines("org_foreign.txt"),
        *_data_lines("people_names.txt"),
        *_place_rules()[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", type=Path, default=Path("/tmp/vi-news/baomoi"))
    parser.add_argument("--min-docs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    files = unjudged_files(args.crawl)
    from coopsearch.entities import _alternation, _is_place_name

    counted: Counter = Counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        for names in pool.map(after_heads, files, chunksize=64):
            counted.update(names)
        listed = _listed()
        kept = [
            n
            for n, docs in counted.items()
            if docs >= args.min_docs and n not in listed and not _is_place_name(n)
        ]
        pattern = re.compile(rf"(?<![\w.])(?:{_alternation(set(kept))})(?!\w)")
        naming: Counter = Counter()
        for names in pool.map(named_in, [(f, pattern) for f in files], chunksize=64):
            naming.update(names)
    for name in sorted(kept, key=lambda n: (-counted[n], n)):
        print(f"{counted[name]}\t{naming[name]}\t{name}")


if __name__ == "__main__":
    main()
