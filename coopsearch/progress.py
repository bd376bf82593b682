"""Indexing progress on stderr: a Rich bar on a terminal, nothing in a pipe."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


@contextmanager
def progress_reporter(stream: IO) -> Iterator:
    """Yield a ``progress(done, total, path)`` callback, or ``None`` off a terminal."""
    if not stream.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from coopsearch.render import make_console

    columns = (
        TextColumn("{task.description}", markup=False),  # our console never reads markup
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta", markup=False),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=make_console(stream), transient=True) as bar:
        task = bar.add_task("Indexing", total=None)

        def progress(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total)

        yield progress
