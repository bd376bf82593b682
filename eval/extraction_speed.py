"""How fast metadata and entity extraction run, beside Whoosh's analysis of the same text.

Reads up to N articles (default 2000) from a folder, then times, per article:
parsing the metadata (title, date, author, chrome), extracting the entities,
and running the exact and folded analyzers over title and body (what indexing
costs anyway). Prints articles per second for each.

    python eval/extraction_speed.py /tmp/vi-news/baomoi 2000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopsearch.analysis import exact_analyzer, folded_analyzer  # noqa: E402
from coopsearch.decoding import decode  # noqa: E402
from coopsearch.entities import extract  # noqa: E402
from coopsearch.metadata import parse_article  # noqa: E402
from coopsearch.text import normalize  # noqa: E402


def timed(label: str, work, items) -> list:
    started = time.perf_counter()
    out = [work(item) for item in items]
    elapsed = time.perf_counter() - started
    print(f"{label:<28}{len(items) / elapsed:>10,.0f} articles/s  ({elapsed:.2f} s)")
    return out


def analyse(article) -> int:
    text = f"{article.title}\n{article.body}"
    return sum(1 for _ in exact_analyzer()(text)) + sum(1 for _ in folded_analyzer()(text))


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus"
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    paths = sorted(folder.rglob("*.txt"))[:limit]
    texts = [normalize(decode(p.read_bytes())) for p in paths]
    print(f"{len(texts)} articles from {folder}")
    articles = timed("metadata (title/date/…)", parse_article, texts)
    timed("entities (all types)", lambda a: extract(f"{a.title}\n\n{a.body}"), articles)
    timed("Whoosh analysis (2 layers)", analyse, articles)


if __name__ == "__main__":
    main()
