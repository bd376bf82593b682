"""``coopsearch figures`` output: a Rich table, plain columns, JSON Lines, CSV.

Each row is a figure (:class:`coopsearch.figures.FigureRow`) of one article.
JSON Lines and CSV carry the keys of the figures gold
(:data:`coopsearch.figures.KEYS`) and the article's ``path``; on a terminal
the figure is highlighted in its sentence. Article text is shown as text,
never read as markup, and on a terminal control characters are neutralised
(DESIGN.md, "The command line").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from rich.table import Table

from coopsearch.figures import KEYS
from coopsearch.render import (
    ID_STYLE,
    RANK_STYLE,
    RecordWriter,
    make_console,
    safe_line,
    styled,
)

PLAIN_COLUMNS = (
    "value",
    "unit",
    "counts",
    "place",
    "year",
    "year_source",
    "id",
    "article",
    "sentence",
)


def shown_value(value) -> str:
    """A value as a reader writes it: no ``.0`` on whole numbers.

    >>> shown_value(950), shown_value(76.9), shown_value(2473.0)
    ('950', '76.9', '2473')
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def write_figures(fmt: str, stream: IO, records: Iterable[dict], color: str = "auto") -> int:
    """Write the figure records (``FigureRow.to_dict`` plus ``start``/``end``); return how many."""
    if fmt in ("json", "csv"):  # the gold's keys, then the article's file, to open it
        return RecordWriter(fmt, stream, [*KEYS, "path"]).write_all(records)
    if fmt == "plain":
        count = 0
        for record in records:
            if not count:
                stream.write("\t".join(PLAIN_COLUMNS) + "\n")
            cells = [shown_value(record["value"])] + [
                "" if record[k] is None else str(record[k]) for k in PLAIN_COLUMNS[1:]
            ]
            stream.write("\t".join(safe_line(c).replace("\t", " ") for c in cells) + "\n")
            count += 1
        stream.flush()
        return count
    return _write_table(stream, list(records), color)


def _write_table(stream: IO, records: list[dict], color: str) -> int:
    console = make_console(stream, color)
    if not records:
        return 0
    table = Table(show_lines=True, expand=False, header_style="bold")
    table.add_column("value", justify="right", style=RANK_STYLE, no_wrap=True)
    table.add_column("unit", no_wrap=True)
    table.add_column("counts")
    table.add_column("place")
    table.add_column("year", no_wrap=True)
    table.add_column("source", ratio=1)
    for record in records:
        sentence = safe_line(record["sentence"])
        source = styled(sentence, [(record["start"], record["end"])])
        source.append(f"\n{record['id']} {record['article']}", style=ID_STYLE)
        year = "" if record["year"] is None else str(record["year"])
        if record["year_source"] == "article":
            year += " (article)"
        table.add_row(
            shown_value(record["value"]),
            safe_line(record["unit"]),
            safe_line(record["counts"]),
            safe_line(record["place"]),
            year,
            source,
        )
    console.print(table)
    return len(records)
