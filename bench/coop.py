"""The coopsearch side of the benchmark: a thin adapter over its public API.

Contract used (and nothing else)::

    coopsearch.indexer.update_index(index_dir, sources, rebuild=False)
    coopsearch.search.Searcher(index_dir)  # context manager
        .search(query, limit=10, snippets=True).hits
    coopsearch query QUERY --index DIR --limit N   # the CLI, timed cold
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def build(index_dir: Path, root: Path) -> object:
    """Build a fresh index of ``root``; return coopsearch's report."""
    from coopsearch.indexer import update_index

    shutil.rmtree(index_dir, ignore_errors=True)
    return update_index(index_dir, [root], rebuild=True)


def update(index_dir: Path, root: Path) -> object:
    """Update the index of ``root`` incrementally; return the report."""
    from coopsearch.indexer import update_index

    return update_index(index_dir, [root], rebuild=False)


def open_searcher(index_dir: Path):
    """Open coopsearch's searcher (a context manager) on ``index_dir``."""
    from coopsearch.search import Searcher

    return Searcher(index_dir)


def search(searcher, query: str, limit: int = 10) -> list:
    """Top ``limit`` hits with snippets."""
    return list(searcher.search(query, limit=limit, snippets=True).hits)


def cli_command(index_dir: Path, query: str, limit: int = 10) -> list[str]:
    """The ``coopsearch query`` command line for a cold, new-process query."""
    return [cli_path(), "query", query, "--index", str(index_dir), "--limit", str(limit)]


def cli_path() -> str:
    """The ``coopsearch`` executable beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "coopsearch"
    if beside.exists():
        return str(beside)
    return shutil.which("coopsearch") or "coopsearch"
