"""Draw the articles of the general-news gold file (``tests/gold/general.json``).

The sample is ``random.Random(SEED).sample`` over the sorted names of the
crawl's ``*.txt`` files, so the same crawl and seed always give the same
articles, in the same order. The draw is uniform over the crawl: most
articles are not about cooperatives, which is the point.

    python eval/draw_sample.py                     # the names, one a line
    python eval/draw_sample.py --show | less       # the texts, for reading
    python eval/draw_sample.py --crawl DIR -n 80 --seed 7
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CRAWL = Path("/tmp/vi-news/baomoi")  # tar -xJf ../shared/corpora/vi-news.tar.xz -C /tmp/vi-news
SEED = 15
SIZE = 60


def draw(crawl: Path = CRAWL, size: int = SIZE, seed: int = SEED) -> list[str]:
    """``size`` file names of ``crawl``, drawn without replacement with ``seed``."""
    names = sorted(p.name for p in crawl.glob("*.txt"))
    return random.Random(seed).sample(names, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", type=Path, default=CRAWL)
    parser.add_argument("-n", "--size", type=int, default=SIZE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--show", action="store_true", help="print each article's text too")
    args = parser.parse_args()
    for number, name in enumerate(draw(args.crawl, args.size, args.seed), 1):
        if not args.show:
            print(name)
            continue
        text = (args.crawl / name).read_text(encoding="utf-8", errors="replace")
        print(f"===== {number} {name} ({len(text)} characters)\n{text.strip()}\n")


if __name__ == "__main__":
    main()
