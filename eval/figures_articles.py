"""List the articles the figures gold was written from.

The five seed articles (``corpus/*.txt``), then the first ``--count`` crawl
articles by file name (``baomoi/*.txt``, sorted as strings) whose text, NFC
normalised, names cooperatives at least ``--min-mentions`` times: "hợp tác xã"
anywhere or "HTX" as a word, case-insensitively.

    python eval/figures_articles.py [--crawl /tmp/vi-news/baomoi] [--seeds corpus]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MENTION = re.compile(r"hợp tác xã|\bhtx\b", re.IGNORECASE)
COUNT = 35
MIN_MENTIONS = 3


def mentions(text: str) -> int:
    """How many times a text names cooperatives.

    >>> mentions("Hợp tác xã Tân Tiến và HTX Hòa Bình; htxa không tính")
    2
    """
    return len(MENTION.findall(unicodedata.normalize("NFC", text)))


def crawl_articles(folder: Path, count: int = COUNT, least: int = MIN_MENTIONS) -> list[Path]:
    """The first ``count`` files of ``folder`` by name with ``least`` mentions or more."""
    chosen = []
    for path in sorted(folder.glob("*.txt"), key=lambda p: p.name):
        if mentions(path.read_text(encoding="utf-8", errors="replace")) >= least:
            chosen.append(path)
            if len(chosen) == count:
                break
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawl", type=Path, default=Path("/tmp/vi-news/baomoi"))
    parser.add_argument("--seeds", type=Path, default=ROOT / "corpus")
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--min-mentions", type=int, default=MIN_MENTIONS)
    args = parser.parse_args(argv)
    for path in sorted(args.seeds.glob("*.txt")):
        print(f"seed\t{path.name}")
    for path in crawl_articles(args.crawl, args.count, args.min_mentions):
        print(f"baomoi\t{path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
