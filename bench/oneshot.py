"""The peers' one-shot command line: ``query INDEX QUERY``, timed as a cold query.

Each peer module (``fts5.py``, ``tantivy_peer.py``) calls :func:`main` with
its ``Searcher``; it prints the top 10 like a search CLI and exits 1 when
nothing is found, 2 on a bad command line.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str], searcher_class, usage: str) -> int:
    """Run ``query INDEX QUERY`` with ``searcher_class(Path(INDEX))``; return the exit status."""
    if len(argv) != 3 or argv[0] != "query":
        print(f"usage: {usage}", file=sys.stderr)
        return 2
    with searcher_class(Path(argv[1])) as searcher:
        hits = searcher.search(argv[2])
    for rank, hit in enumerate(hits, 1):
        print(f"{rank}. {hit.title}\n   {hit.path}\n   {hit.snippet}")
    return 0 if hits else 1
