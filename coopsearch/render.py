"""Hits to text: Rich on a terminal, plain lines in a pipe, JSON Lines, CSV.

Document text is untrusted: it is never parsed as Rich markup (only
``rich.text.Text`` objects are printed, styled by offsets) and every control
character is removed before it reaches a terminal. JSON carries text
verbatim and is never coloured.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import unicodedata
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

if TYPE_CHECKING:  # rendering needs no index code at run time
    from coopsearch.search import Hit, SearchResult

FORMATS = ("rich", "plain", "json", "csv")
COLOR_CHOICES = ("auto", "always", "never")
CSV_FIELDS = ("rank", "id", "path", "title", "date", "score", "snippet")

HIGHLIGHT_STYLE = "bold black on yellow"
TITLE_STYLE = "bold"
DATE_STYLE = "cyan"
PATH_STYLE = "green"
RANK_STYLE = "dim"


def safe(text: str | None) -> str:
    """Remove control and format characters (ESC, bidi overrides…) from display text.

    >>> safe("a\\x1b[31mb\\u202e")
    'a[31mb'
    """
    if not text:
        return ""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf"))


def choose_format(requested: str | None, json_flag: bool, stream: IO) -> str:
    """The output format: explicit, else ``rich`` on a terminal and ``plain`` in a pipe."""
    if json_flag:
        return "json"
    if requested:
        return requested
    return "rich" if _is_terminal(stream) else "plain"


def _is_terminal(stream: IO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_console(
    stream: IO | None = None, color: str = "auto", width: int | None = None
) -> Console:
    """A Rich console for ``stream`` honouring ``--color``, ``NO_COLOR`` and ``TERM=dumb``."""
    stream = stream or sys.stdout
    no_color = color == "never" or (
        color == "auto" and ("NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb")
    )
    return Console(
        file=stream,
        force_terminal=True if color == "always" else None,
        no_color=no_color,
        color_system=None if no_color else "auto",
        highlight=False,
        markup=False,
        emoji=False,
        width=width,
    )


def styled(text: str, spans: Iterable[tuple[int, int]], base: str = "") -> Text:
    """A Rich ``Text`` of ``text`` with ``spans`` highlighted (offsets, never markup)."""
    result = Text(text, style=base)
    for start, end in spans:
        result.stylize(HIGHLIGHT_STYLE, start, end)
    return result


class Renderer:
    """Writes search results in one format to one stream."""

    def __init__(self, fmt: str, stream: IO, color: str = "auto", batch: bool = False):
        self.fmt = fmt
        self.stream = stream
        self.batch = batch
        self.console = make_console(stream, color) if fmt == "rich" else None
        self._csv_writer = None
        self._write = {
            "json": self._write_json,
            "csv": self._write_csv,
            "plain": self._write_plain,
            "rich": self._write_rich,
        }[fmt]

    def result(self, result: SearchResult) -> None:
        """Write every hit of ``result``."""
        for hit in result.hits:
            self._write(hit, result.query)
        self.stream.flush()

    def _write_json(self, hit: Hit, query: str) -> None:
        record = hit.to_dict()
        if self.batch:
            record = {"query": query, **record}
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _write_csv(self, hit: Hit, query: str) -> None:
        if self._csv_writer is None:
            self._csv_writer = csv.writer(self.stream, lineterminator="\n")
            self._csv_writer.writerow((("query",) if self.batch else ()) + CSV_FIELDS)
        record = hit.to_dict()
        row = [safe(str(record[k])) if record[k] is not None else "" for k in CSV_FIELDS]
        self._csv_writer.writerow(([query] if self.batch else []) + row)

    def _write_plain(self, hit: Hit, query: str) -> None:
        head = f"{hit.rank}. {safe(hit.title)}"
        if hit.date:
            head += f" [{hit.date}]"
        if self.batch:
            head = f"{safe(query)}\t{head}"
        lines = [head, f"   {safe(hit.path)}"]
        if hit.snippet:
            lines.append(f"   {safe(hit.snippet)}")
        self.stream.write("\n".join(lines) + "\n\n")

    def _write_rich(self, hit: Hit, query: str) -> None:
        head = Text(f"{hit.rank:>2}  ", style=RANK_STYLE)
        head.append_text(styled(safe(hit.title), hit.title_highlights, TITLE_STYLE))
        if hit.date:
            head.append("  ")
            head.append(hit.date, style=DATE_STYLE)
        self.console.print(head)
        self.console.print(Padding(Text(safe(hit.path), style=PATH_STYLE), (0, 0, 0, 4)))
        if hit.snippet:
            self.console.print(Padding(styled(safe(hit.snippet), hit.highlights), (0, 0, 0, 4)))
        self.console.print()


def summary_line(result: SearchResult) -> str:
    """``5 results in 12 ms (index of 38,093 documents)``, for stderr."""
    noun = "result" if result.total == 1 else "results"
    return (
        f"{result.total:,} {noun} in {result.elapsed_ms:.0f} ms "
        f"(index of {result.documents:,} documents)"
    )
