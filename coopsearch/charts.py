"""Counts per period as text: Rich bars on a terminal, plain columns, JSON Lines, CSV.

``coopsearch trend`` writes a :class:`~coopsearch.trends.Trend` with
:func:`write_trend`; ``query --facet year`` on a terminal draws its counts
with the same bars (:func:`year_facet_chart`). Query text is shown as
untrusted text, as everywhere else (:func:`coopsearch.render.safe_line`).
"""

from __future__ import annotations

import csv
import json
from typing import IO, TYPE_CHECKING

from rich.bar import Bar
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from coopsearch.render import (
    DATE_STYLE,
    LABEL_STYLE,
    MAX_WIDTH,
    TITLE_STYLE,
    csv_text,
    make_console,
    safe_line,
)

if TYPE_CHECKING:
    from coopsearch.trends import Trend

SERIES_COLORS = ("blue", "magenta", "green", "yellow", "cyan", "red")
MAX_BAR = 50  # columns of the longest bar, however wide the terminal
GAP = 2  # columns between two columns of the chart
TOTAL = "total"


def bar_chart(
    heading: str,
    labels: list[str],
    rows: list[tuple[str, list[int]]],
    width: int,
    apart: int = 0,
    total: bool = False,
) -> Table:
    """A table of one count and one bar per series for each row, fitting ``width`` columns.

    ``heading`` names the first column (``year``), ``labels`` the series.
    The last ``apart`` rows (undated articles) have counts but no bars and
    dim labels; ``total`` adds a row of each series' sum.
    Every bar shares one scale, the largest count of the rows with bars,
    and a count above 0 always shows at least a sliver.
    """
    charted, below = rows[: len(rows) - apart], rows[len(rows) - apart :]
    sums = [sum(column) for column in zip(*(c for _, c in rows), strict=True)] if rows else []
    if total:
        below = [*below, (TOTAL, sums)]
    shown = [*charted, *below]
    first = max([cell_len(heading), *(cell_len(p) for p, _ in shown)])
    counts = [
        max(len(f"{row[i]:,}") for _, row in shown) if shown else 1 for i in range(len(labels))
    ]
    columns = 1 + 2 * len(labels)
    room = width - first - sum(counts) - GAP * (columns - 1)
    bar = max(1, min(MAX_BAR, room // max(1, len(labels))))
    scale = max([n for _, row in charted for n in row] or [0]) or 1
    sliver = scale / (bar * 8)

    table = Table(
        box=None, padding=(0, GAP // 2), pad_edge=False, show_edge=False, header_style=TITLE_STYLE
    )
    table.add_column(heading, style=DATE_STYLE, no_wrap=True, min_width=first)
    for i, label in enumerate(labels):
        table.add_column("", justify="right", no_wrap=True, min_width=counts[i])
        table.add_column(
            Text(safe_line(label)), width=bar, no_wrap=True, overflow="ellipsis", justify="left"
        )
    for period, row in charted:
        cells: list = [period]
        for i, count in enumerate(row):
            color = SERIES_COLORS[i % len(SERIES_COLORS)]
            end = max(count, sliver) if count else 0
            cells += [f"{count:,}", Bar(scale, 0, end, width=bar, color=color)]
        table.add_row(*cells)
    for period, row in below:
        cells = [Text(period, style=LABEL_STYLE)]
        for count in row:
            cells += [f"{count:,}", ""]
        table.add_row(*cells)
    return table


def trend_chart(trend: Trend, width: int) -> Table:
    """The bar chart of a trend: one row per period, then the rows counted apart and a total."""
    from coopsearch.trends import MONTH_UNKNOWN, UNDATED

    rows = trend.rows()
    apart = sum(1 for period, _ in rows if period in (UNDATED, MONTH_UNKNOWN))
    labels = [s.query for s in trend.series]
    return bar_chart(trend.by, labels, rows, width, apart=apart, total=True)


def year_facet_chart(counts: dict, width: int, complete: bool = True) -> Table:
    """``--facet year`` as bars, oldest first; years between with no match are 0 when
    ``complete`` (the facet was not cut at its limit of values)."""
    from coopsearch.trends import UNDATED, period_range

    undated = counts.get(UNDATED, 0)
    years = sorted(int(year) for year in counts if year != UNDATED)
    if complete and years:
        periods = period_range(str(years[0]), str(years[-1]), "year")
    else:
        periods = [str(year) for year in years]
    by_year = {str(year): n for year, n in counts.items() if year != UNDATED}
    rows = [(p, [by_year.get(p, 0)]) for p in periods]
    if undated:
        rows.append((UNDATED, [undated]))
    return bar_chart("year", ["articles"], rows, width, apart=1 if undated else 0)


def write_trend(trend: Trend, fmt: str, stream: IO, color: str = "auto") -> None:
    """Write a trend: Rich bars, plain columns, JSON Lines (one line per query and
    period: ``{"query", "period", "count"}``) or CSV (a column per query)."""
    rows = trend.rows()
    labels = [s.query for s in trend.series]
    if fmt == "json":
        for i, label in enumerate(labels):
            for period, row in rows:
                record = {"query": label, "period": period, "count": row[i]}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["period", *(csv_text(label) for label in labels)])
        writer.writerows([period, *row] for period, row in rows)
    elif fmt == "rich":
        console = make_console(stream, color)
        width = min(console.width, MAX_WIDTH)
        console.print(trend_chart(trend, width), width=width)
    else:
        stream.write(plain_columns(trend.by, labels, rows))
    stream.flush()


def plain_columns(heading: str, labels: list[str], rows: list[tuple[str, list[int]]]) -> str:
    """Aligned columns: the period, then one count per query under its label.

    >>> rows = [("2021", [3, 12]), ("undated", [0, 1])]
    >>> print(plain_columns("year", ["OCOP", "HTX"], rows), end="")
    year     OCOP  HTX
    2021        3   12
    undated     0    1
    """
    header = [safe_line(label) for label in labels]
    first = max([cell_len(heading), *(cell_len(p) for p, _ in rows)])
    widths = [
        max([cell_len(h), *(len(str(row[i])) for _, row in rows)]) for i, h in enumerate(header)
    ]

    def line(cells: list[str], numbers: list[str]) -> str:
        padded = [c + " " * (first - cell_len(c)) for c in cells]
        padded += [" " * (w - cell_len(n)) + n for n, w in zip(numbers, widths, strict=True)]
        return (" " * GAP).join(padded).rstrip() + "\n"

    lines = [line([heading], header)]
    lines += [line([period], [str(n) for n in row]) for period, row in rows]
    return "".join(lines)
