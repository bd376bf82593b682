"""How many articles match a query, per year or per month: ``coopsearch trend``.

Each query's match set (the articles :meth:`Searcher.count` counts) is
grouped in one pass by a sortable column: the year column for years (so a
year's count is what ``query --year Y -c`` says), the date column for
months; with ``--stated-dates`` the stated-date column for both, an
inferred date counting as none. No stored text is read. Periods between the first and the last
with a match are all listed, with 0 where nothing matched; undated
articles, and by month those dated to a year only, are counted apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from coopsearch.filters import Filters, date_field, year_field

BY = ("year", "month")
UNDATED = "undated"  # the row of articles without a date
MONTH_UNKNOWN = "month unknown"  # by month: the row of articles dated to a year only


@dataclass(frozen=True)
class Series:
    """One query's counts: ``{period: articles}``, and the articles no period holds."""

    query: str
    counts: dict[str, int]
    undated: int = 0
    month_unknown: int = 0  # by month only: dated to a year, not to a month

    @property
    def total(self) -> int:
        """Every article of the match set, dated or not."""
        return sum(self.counts.values()) + self.undated + self.month_unknown


@dataclass(frozen=True)
class Trend:
    """Several queries' counts over the same periods, oldest first."""

    by: str  # "year" or "month"
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def found(self) -> bool:
        return any(s.total for s in self.series)

    def rows(self) -> list[tuple[str, list[int]]]:
        """``(period, [count per query])`` for every period, then the rows counted apart.

        The ``undated`` row is always there; ``month unknown`` only by month,
        when some query has such articles.
        """
        rows = [(p, [s.counts.get(p, 0) for s in self.series]) for p in self.periods]
        if self.by == "month" and any(s.month_unknown for s in self.series):
            rows.append((MONTH_UNKNOWN, [s.month_unknown for s in self.series]))
        rows.append((UNDATED, [s.undated for s in self.series]))
        return rows


def period_range(first: str, last: str, by: str) -> list[str]:
    """Every period from ``first`` to ``last``, both included.

    >>> period_range("2019", "2022", "year")
    ['2019', '2020', '2021', '2022']
    >>> period_range("2020-11", "2021-02", "month")
    ['2020-11', '2020-12', '2021-01', '2021-02']
    """
    if by == "year":
        return [str(year) for year in range(int(first), int(last) + 1)]
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    periods = []
    while (year, month) <= end:
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def series_of(query: str, values: dict, by: str) -> Series:
    """A query's :class:`Series` from its counts per column value (``None``: no value).

    By year the values are years or ISO dates (their years count); by month,
    ISO dates of any precision.

    >>> series_of("HTX", {"2021-03-05": 2, "2021-03": 1, "2021": 1, None: 1}, "month")
    Series(query='HTX', counts={'2021-03': 3}, undated=1, month_unknown=1)
    """
    counts: dict[str, int] = {}
    undated = month_unknown = 0
    for value, n in values.items():
        if value is None or value == "":
            undated += n
            continue
        period = str(value)[:4] if by == "year" else str(value)[:7]
        if by == "month" and len(period) < 7:
            month_unknown += n
            continue
        counts[period] = counts.get(period, 0) + n
    return Series(query, counts, undated, month_unknown)


def periods_of(series: Iterable[Series], by: str) -> tuple[str, ...]:
    """Every period from the first to the last that any series counts."""
    held = sorted({p for s in series for p, n in s.counts.items() if n})
    return tuple(period_range(held[0], held[-1], by)) if held else ()


def trend(
    searcher, queries: Iterable[str], by: str = "year", filters: Filters | None = None
) -> Trend:
    """The :class:`Trend` of ``queries`` within ``filters``, on an open ``Searcher``.

    Raises ``BadQuery`` for a query of no word and ``BadFilter`` for a bad
    ``by`` or filter, before anything is counted.
    """
    from coopsearch.errors import BadFilter

    if by not in BY:
        raise BadFilter(f"'{by}' is not a period ({', '.join(BY)}).")
    queries = list(queries)
    notes = []
    for text in queries:  # every query is checked before the first is counted
        notes.extend(searcher.plan(text).notes)
    column = year_field(filters) if by == "year" else date_field(filters)
    series = []
    for text in queries:
        values, _ = searcher.column_counts(text, column, filters)
        series.append(series_of(text, values, by))
    return Trend(by, periods_of(series, by), tuple(series), tuple(dict.fromkeys(notes)))
