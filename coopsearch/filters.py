"""Filters on a search: province (old or new), year, date range, entity.

:func:`build_filter` turns a :class:`Filters` into one Whoosh query that
restricts the matches without changing their scores, and into notes for the
user. A province named as it is after the 2025 mergers also reaches the
articles about the provinces merged into it ("Bắc Ninh" reaches pre-2025
"Bắc Giang"), and the notes say so; ``as_named`` keeps to the province as
the article named it (the boundaries of its time). ``stated_dates`` lets
only dates an article or its metadata states count: an inferred date
(:mod:`coopsearch.metadata`) is then as good as none.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from whoosh import query

from coopsearch import schema
from coopsearch.analysis import folded_tokens
from coopsearch.errors import BadFilter
from coopsearch.gazetteer import gazetteer

ENTITY_TYPES = ("province", "region", "org", "person", "reference", "figure")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Filters:
    """What a search is restricted to; every part given must hold."""

    provinces: tuple[str, ...] = ()
    years: tuple[int, ...] = ()  # any of them
    since: str | None = None  # "2021", "2021-03" or "2021-03-05", inclusive
    until: str | None = None  # inclusive: "2021" ends on 2021-12-31
    entities: tuple[tuple[str, str], ...] = ()  # (type, value)
    as_named: bool = False  # a province as the article named it, not its 2025 successor
    stated_dates: bool = False  # years and date ranges count stated dates only

    def __bool__(self) -> bool:
        return bool(self.provinces or self.years or self.since or self.until or self.entities)


def parse_entity(spec: str) -> tuple[str, str]:
    """``TYPE:VALUE`` as a pair, or :class:`BadFilter` saying what is wrong.

    >>> parse_entity("org:HTX chè Tân Hương")
    ('org', 'HTX chè Tân Hương')
    """
    kind, sep, value = spec.partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if not sep or kind not in ENTITY_TYPES or not value:
        raise BadFilter(f"'{spec}' is not TYPE:VALUE with TYPE one of {', '.join(ENTITY_TYPES)}.")
    return kind, value


def build_filter(filters: Filters) -> tuple[query.Query | None, tuple[str, ...]]:
    """The Whoosh query for ``filters`` (None for no filter) and notes for the user."""
    clauses, notes = [], []
    if filters.provinces:
        alternatives = []
        for name in filters.provinces:
            clause, note = province_clause(name, filters.as_named)
            alternatives.append(clause)
            notes.extend([note] if note else [])
        clauses.append(_any(alternatives))
    if filters.years:
        years = dict.fromkeys(filters.years)
        if filters.stated_dates:
            years_of = [query.TermRange(schema.STATED_DATE, f"{y:04d}", f"{y:04d}~") for y in years]
        else:
            years_of = [query.NumericRange(schema.YEAR, y, y) for y in years]
        clauses.append(_any(years_of))
    if filters.since or filters.until:
        clauses.append(date_clause(filters.since, filters.until, date_field(filters)))
    for kind, value in filters.entities:
        clause, note = entity_clause(kind, value, filters.as_named)
        clauses.append(clause)
        notes.extend([note] if note else [])
    if not clauses:
        return None, ()
    notes = tuple(dict.fromkeys(notes))  # "Bắc Ninh" and "bac ninh" have one note
    return (clauses[0] if len(clauses) == 1 else query.And(clauses)), notes


def date_field(filters: Filters | None) -> str:
    """The field dates are filtered and sorted on: every date, or only the stated ones."""
    return schema.STATED_DATE if filters is not None and filters.stated_dates else schema.DATE


def year_field(filters: Filters | None) -> str:
    """The column years are counted on (year facet, trend by year): the year of
    every date, or the stated date only (an ISO date whose first four digits
    are its year)."""
    return schema.STATED_DATE if filters is not None and filters.stated_dates else schema.YEAR


def province_clause(name: str, as_named: bool = False) -> tuple[query.Query, str | None]:
    """Articles about a province; a post-2025 one also covers those merged into it.

    With ``as_named``, only the articles that name the province itself: the
    boundaries of the article's time (the gazetteer's ``successor`` and
    ``absorbed``, from the 2025 resolutions on the mergers, are not followed).

    >>> province_clause("Bắc Ninh")[1]
    'Bắc Ninh includes the former Bắc Giang (merged 2025)'
    >>> province_clause("Bắc Ninh", as_named=True)
    (Term('province', 'Bắc Ninh'), None)
    """
    province = gazetteer().province(name)
    if province is None:
        near = provinces_holding(name)
        hint = f"; did you mean {_or(near)}?" if near else "."
        raise BadFilter(f"'{name}' is not a Vietnamese province or centrally-run city{hint}")
    if as_named and not province.pre_2025 and province.absorbed:
        note = (
            f"{province.name} was formed in 2025 from {_and(list(province.absorbed))}; "
            "articles of earlier years name those (without --as-named they are counted too)"
        )
        return query.Term(schema.PROVINCE, province.name), note
    if as_named or not province.post_2025:
        return query.Term(schema.PROVINCE, province.name), None
    return query.Term(schema.PROVINCE_NOW, province.name), merger_note(province.name)


def provinces_holding(typed: str) -> list[str]:
    """The provinces whose name or an alias holds the words typed, marks aside
    ("Vũng Tàu" is part of "Bà Rịa–Vũng Tàu").

    >>> provinces_holding("vung tau"), provinces_holding("xyz")
    (['Bà Rịa–Vũng Tàu'], [])
    """
    from coopsearch.analysis import folded_tokens

    words = " ".join(folded_tokens(typed))
    if not words:
        return []
    return [
        province.name
        for province in gazetteer().provinces.values()
        if any(
            f" {words} " in f" {' '.join(folded_tokens(n))} "
            for n in (province.name, *province.aliases)
        )
    ]


def _or(names: list[str]) -> str:
    return _joined([f"'{n}'" for n in names], "or")


def merger_note(province: str) -> str | None:
    """What a province of today covers that an article may name by its old name.

    >>> merger_note("Bắc Ninh"), merger_note("Hà Nội") is None
    ('Bắc Ninh includes the former Bắc Giang (merged 2025)', True)
    """
    merged = [p for p in gazetteer().covered_by(province) if p != province]
    return f"{province} includes the former {_and(merged)} (merged 2025)" if merged else None


def date_clause(since: str | None, until: str | None, field: str = schema.DATE) -> query.Query:
    """Dates from ``since`` to ``until`` inclusive, each a year, a month or a day.

    Dates are ISO strings of varying precision, so the range is lexical:
    "2021" is before "2021-03-05", and "2021-03~" after every day of March.
    Each end is checked by :func:`check_date`; a range that ends before it
    starts is :class:`BadFilter` too, since no date could match it.
    """
    for value in (since, until):
        if value is not None:
            check_date(value)
    upper = f"{until}~" if until else None
    if since and upper and since > upper:
        raise BadFilter(f"The date range {since} to {until} is empty: it starts after it ends.")
    return query.TermRange(field, since, upper)


def check_date(value: str) -> str:
    """``value`` if it is a real year, month or day (``2021``, ``2021-03``, ``2021-03-05``).

    Otherwise :class:`BadFilter`, one sentence saying what is wrong; the
    calendar is Python's :mod:`datetime` (proleptic Gregorian, years 1-9999).

    >>> check_date("2024-02-29")
    '2024-02-29'
    >>> check_date("2022-13")
    Traceback (most recent call last):
    coopsearch.errors.BadFilter: '2022-13' is not a date: there is no month 13.
    """
    if not _PARTIAL_DATE.match(value):
        raise BadFilter(f"'{value}' is not a date like 2021, 2021-03 or 2021-03-05.")
    year, month, day = (*(int(part) for part in value.split("-")), None, None)[:3]
    if year < datetime.MINYEAR:
        raise BadFilter(f"'{value}' is not a date: there is no year {year}.")
    if month is not None and not 1 <= month <= 12:
        raise BadFilter(f"'{value}' is not a date: there is no month {month}.")
    if day is not None:
        try:
            datetime.date(year, month, day)
        except ValueError:
            raise BadFilter(
                f"'{value}' is not a date: {year:04d}-{month:02d} has no day {day}."
            ) from None
    return value


def entity_clause(kind: str, value: str, as_named: bool = False) -> tuple[query.Query, str | None]:
    """Articles naming an entity of ``kind`` whose name holds the words of ``value``.

    A province is reached through its 2025 successor unless ``as_named``. An
    organisation is looked for in its canonical spelling
    (:func:`~coopsearch.entities.canonical_org`: "Liên minh Hợp tác xã" is
    "Liên minh HTX"), which the index holds for every name as well as the
    spelling written, so every variant is found, as facets count them.
    """
    if kind == "province":
        return province_clause(value, as_named)
    if kind == "region":
        region = gazetteer().region(value)
        if region is None:
            raise BadFilter(f"'{value}' is not a region of Vietnam.")
        return query.Term(schema.REGION, region.name), None
    if kind == "figure":
        return query.Term(schema.FIGURE_UNIT, value), None
    field = {"org": schema.ORG, "person": schema.PERSON, "reference": schema.REFERENCE}[kind]
    words = folded_tokens(value)
    if not words:
        raise BadFilter(f"'{value}' has no words to look for.")
    if kind in ("org", "reference"):  # every spelling: the index holds canonical forms too
        from coopsearch.entities import (  # its rules load on first use
            canonical_org,
            canonical_reference,
            entity_key,
        )

        words = entity_key(value).split() or words
        value = canonical_org(value) if kind == "org" else canonical_reference(value)
    folded_field = schema.ENTITY_TEXT[field][1]
    phrase = (
        query.Phrase(folded_field, words) if len(words) > 1 else query.Term(folded_field, words[0])
    )
    return query.Or([query.Term(field, value), phrase]), None


def _any(clauses: list) -> query.Query:
    return clauses[0] if len(clauses) == 1 else query.Or(clauses)


def _and(names: list[str]) -> str:
    return _joined(names, "and")


def _joined(names: list[str], conjunction: str) -> str:
    """``a``, ``a and b``, ``a, b and c``: a list in a sentence.

    >>> _joined(["a"], "and"), _joined(["a", "b", "c"], "or")
    ('a', 'a, b or c')
    """
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
