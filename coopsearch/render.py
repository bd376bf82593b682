"""Results to text: Rich on a terminal, plain lines in a pipe, JSON Lines, CSV.

Document text is untrusted: it is never parsed as Rich markup (only
``rich.text.Text`` objects are printed, styled by offsets, on a console with
markup, emoji and highlighting off) and every control and format character
(ESC, CSI, OSC 8 links, bidi overrides) is removed before it reaches a
terminal or a plain-text pipe. JSON carries text verbatim (JSON-escaped) and
is never coloured.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from coopsearch.text import is_invisible, strip_invisible

if TYPE_CHECKING:  # rendering needs no index code at run time, and Rich only on a terminal
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    from coopsearch.documents import StoredDocument
    from coopsearch.search import Hit, SearchResult
    from coopsearch.stats import IndexStats

FORMATS = ("rich", "plain", "json", "csv")
COLOR_CHOICES = ("auto", "always", "never")
CSV_FIELDS = ("rank", "id", "path", "title", "date", "date_source", "score", "snippet")

HIGHLIGHT_STYLE = "bold black on yellow"
TITLE_STYLE = "bold"
DATE_STYLE = "cyan"
PATH_STYLE = "green"
ID_STYLE = "magenta"
RANK_STYLE = "bold blue"
BADGE_STYLE = "black on cyan"
LABEL_STYLE = "dim"
RULE_STYLE = "dim"
PARTIAL_STYLE = "italic yellow"
RANK_WIDTH = 3
BADGE_FIELDS = ("provinces", "province")  # shown as badges when a hit carries them
SEPARATOR = " · "
MAX_WIDTH = 120  # lines longer than this are hard to read, even on a wide terminal


def safe(text: str | None) -> str:
    """Remove control and format characters (ESC, bidi overrides…) from display text.

    >>> safe("a\\x1b[31mb\\u202e")
    'a[31mb'
    """
    return strip_invisible(text) if text else ""


def safe_line(text: str | None) -> str:
    """``safe`` and on one line: tabs and line breaks become spaces."""
    return " ".join(safe(text).split()) if text else ""


def safe_line_spans(text: str | None, spans) -> tuple[str, list[tuple[int, int]]]:
    """:func:`safe_line` of ``text`` and ``spans`` (offsets into ``text``) moved to it.

    Highlights are found on the text as stored; the line shown drops invisible
    characters and collapses white space, so each offset is carried over.

    >>> safe_line_spans("Giá    lợn\u200b hơi", [(7, 10)])
    ('Giá lợn hơi', [(4, 7)])
    """
    if not text:
        return "", []
    kept = [(i, c) for i, c in enumerate(text) if not is_invisible(c)]
    line, where = [], {}  # where: offset in text -> offset in line
    for i, c in kept:
        if c.isspace():
            if line and line[-1] != " ":
                line.append(" ")
            where[i] = len(line) - 1 if line else 0
            continue
        where[i] = len(line)
        line.append(c)
    while line and line[-1] == " ":
        line.pop()
    shown = "".join(line)
    moved = []
    for start, end in spans:
        inside = [where[i] for i in range(start, min(end, len(text))) if i in where]
        if inside:
            moved.append((min(inside), min(max(inside) + 1, len(shown))))
    return shown, moved


def choose_format(requested: str | None, json_flag: bool, stream: IO) -> str:
    """The output format: explicit, else ``rich`` on a terminal and ``plain`` in a pipe."""
    if json_flag:
        return "json"
    if requested:
        return requested
    return "rich" if is_terminal(stream) else "plain"


def is_terminal(stream: IO) -> bool:
    """True when ``stream`` is a terminal (not a pipe, file or test buffer)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def colour_off(color: str) -> bool:
    """True when ``--color`` (``never``), ``NO_COLOR`` or ``TERM=dumb`` turns colour off."""
    if color == "always":
        return False
    return color == "never" or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"


def make_console(
    stream: IO | None = None, color: str = "auto", width: int | None = None
) -> Console:
    """A Rich console for ``stream`` honouring ``--color``, ``NO_COLOR`` and ``TERM=dumb``."""
    from rich.console import Console

    stream = stream or sys.stdout
    no_color = colour_off(color)
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
    from rich.text import Text

    result = Text(text, style=base)
    for start, end in spans:
        result.stylize(HIGHLIGHT_STYLE, start, end)
    return result


ANSI_MARK, ANSI_RESET = "\x1b[1;31m", "\x1b[0m"  # grep's default match colour, bold red


def ansi_marked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` wrapped in ANSI bold red, for plain output with
    ``--color always`` (as ``grep --color=always`` marks its matches in a pipe).

    >>> ansi_marked("giá lợn hơi", [(4, 7)]) == "giá \x1b[1;31mlợn\x1b[0m hơi"
    True
    """
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out += [text[last:start], ANSI_MARK, text[start:end], ANSI_RESET]
        last = end
    out.append(text[last:])
    return "".join(out)


def short_path(path: str) -> str:
    """``path`` relative to the current folder when under it, else with ``~`` for home."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        pass
    home = str(Path.home())
    if home != "/" and path.startswith(home + "/"):
        return "~" + path[len(home) :]
    return path


def badges(record) -> list[str]:
    """Province names (or other badge values) a hit or document carries, if any."""
    for name in BADGE_FIELDS:
        value = record.get(name) if isinstance(record, dict) else getattr(record, name, None)
        if value:
            return [value] if isinstance(value, str) else [str(v) for v in value]
    return []


class Renderer:
    """Writes search results in one format to one stream."""

    def __init__(
        self,
        fmt: str,
        stream: IO,
        color: str = "auto",
        batch: bool = False,
        fields: list[str] | None = None,
    ):
        self.fmt = fmt
        self.stream = stream
        self.batch = batch
        self.fields = fields
        self.console = make_console(stream, color) if fmt == "rich" else None
        self.marks = fmt == "plain" and color == "always"  # grep --color=always: marked words
        self._csv_writer = None
        self._expansions: list[dict] = []  # of the result being written
        self._write = {
            "json": self._write_json,
            "csv": self._write_csv,
            "plain": self._write_plain,
            "rich": self._write_rich,
        }[fmt]

    def result(self, result: SearchResult) -> None:
        """Write every hit of ``result``, labelled (in batch mode) with the query as typed."""
        typed = result.corrected_from if result.corrected_from is not None else result.query
        plan = result.plan
        self._expansions = [e.to_dict() for e in plan.expansions] if plan is not None else []
        for hit in result.hits:
            self._write(hit, typed)
        if self.fmt == "csv" and self._csv_writer is None:  # no hit: the header alone, for pandas
            self._csv_writer = csv.writer(self.stream, lineterminator="\n")
            self._csv_writer.writerow(self._keys(CSV_FIELDS))
        self.stream.flush()

    def _keys(self, default: Iterable[str]) -> list[str]:
        """The keys to write: ``--fields`` (else ``default``), ``query`` first in a batch.

        A batch labels every record with its query unless ``--fields`` puts
        ``query`` elsewhere.
        """
        keys = list(self.fields or default)
        if self.batch and "query" not in keys:
            keys.insert(0, "query")
        return keys

    def _record(self, hit: Hit, query: str, default: Iterable[str] | None = None) -> dict:
        """The hit's record with ``query`` (as typed), cut to the chosen keys (else ``default``).

        Without ``--fields`` or ``default``: every key of ``Hit.to_dict()``.
        ``expansions`` (the abbreviation swaps the query used) only when
        ``--fields`` asks for it.
        """
        record = hit.to_dict()
        keys = self._keys(default if default is not None else record)
        record["query"] = query
        record["expansions"] = self._expansions
        return {k: record[k] for k in keys}

    def _write_json(self, hit: Hit, query: str) -> None:
        record = self._record(hit, query)
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _write_csv(self, hit: Hit, query: str) -> None:
        record = self._record(hit, query, CSV_FIELDS)
        if self._csv_writer is None:
            self._csv_writer = csv.writer(self.stream, lineterminator="\n")
            self._csv_writer.writerow(record)
        self._csv_writer.writerow([csv_value(value) for value in record.values()])

    def _write_plain(self, hit: Hit, query: str) -> None:
        if self.marks:
            title = ansi_marked(*safe_line_spans(hit.title, hit.title_highlights))
            snippet = ansi_marked(*safe_line_spans(hit.snippet, hit.highlights))
        else:
            title, snippet = safe_line(hit.title), safe_line(hit.snippet)
        head = f"{hit.rank}. {title}"
        if hit.date:
            head += f" [{shown_date(hit)}]"
        if self.batch:
            head = f"{safe_line(query)}\t{head}"
        lines = [head, f"   {safe_line(hit.path)}"]
        if not hit.matched_all:
            lines.append(f"   {partial_label(hit)}")
        if hit.snippet:
            lines.append(f"   {snippet}")
        self.stream.write("\n".join(lines) + "\n\n")

    def _write_rich(self, hit: Hit, query: str) -> None:
        width = min(self.console.width, MAX_WIDTH)
        self.console.print(hit_block(hit, width, query if self.batch else None), width=width)
        self.console.print()


def shown_date(hit: Hit) -> str:
    """A hit's date as plain text and the terminal show it: an inferred one says so.

    A date the article or its metadata states is shown bare; one guessed from
    the text (:mod:`coopsearch.metadata`) reads ``2017-03-02 (inferred)``.
    """
    if hit.article.get("date_source") == "inferred":
        return f"{hit.date} (inferred)"
    return hit.date or ""


def hit_block(hit: Hit, width: int, query: str | None = None) -> Table:
    """One hit as a two-column grid: the rank, then title, metadata and snippet.

    Wrapped lines hang under the title, so the rank column stays clear. The
    path shares the metadata line when it fits in ``width`` columns and
    takes a line of its own otherwise.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=RANK_WIDTH, justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    parts: list[Text] = []
    if hit.date:
        parts.append(Text(shown_date(hit), style=DATE_STYLE))
    parts.extend(Text(f" {safe_line(b)} ", style=BADGE_STYLE) for b in badges(hit))
    parts.append(Text(hit.id, style=ID_STYLE))
    path = Text(safe_line(short_path(hit.path)), style=PATH_STYLE)
    separator = Text(SEPARATOR, style=LABEL_STYLE)
    meta = joined(parts, separator)
    lines: list = [styled(*safe_line_spans(hit.title, hit.title_highlights), TITLE_STYLE)]
    if not hit.matched_all:
        lines.insert(0, Text(partial_label(hit), style=PARTIAL_STYLE))
    if query is not None:
        lines.insert(0, Text(f"query: {safe_line(query)}", style=LABEL_STYLE))
    if meta.cell_len + separator.cell_len + path.cell_len <= width - RANK_WIDTH - 1:
        lines.append(joined([meta, path], separator))
    else:
        lines += [meta, path]
    if hit.snippet:
        lines.append(styled(*safe_line_spans(hit.snippet, hit.highlights)))
    grid.add_row(Text(str(hit.rank), style=RANK_STYLE), Group(*lines))
    return grid


def partial_label(hit: Hit) -> str:
    """``partial match, without: Bắc Giang, OCOP`` for a hit lacking some query words."""
    return "partial match, without: " + ", ".join(safe_line(word) for word in hit.missing)


def joined(parts: list[Text], separator: Text) -> Text:
    """``parts`` one after the other with ``separator`` between, each keeping its style."""
    from rich.text import Text

    line = Text()
    for i, part in enumerate(parts):
        if i:
            line.append_text(separator)
        line.append_text(part)
    return line


def write_facets(fmt: str, stream: IO, facets: dict, color: str = "auto") -> None:
    """Facet counts after the hits: one JSON line per facet, or a short list each (rich, plain).

    CSV has no form of its own: a CSV table holds hits only, so the command
    line writes its facets as plain lists on stderr.
    """
    for name, counts in facets.items():
        if fmt == "json":
            stream.write(json.dumps({"facet": name, "counts": counts}, ensure_ascii=False) + "\n")
        elif fmt == "rich" and name == "year" and counts:
            _write_year_bars(stream, counts, color)
        else:
            _write_counts(fmt, stream, name, list(counts.items()), color)
    stream.flush()


def _write_year_bars(stream: IO, counts: dict, color: str) -> None:
    """The year facet on a terminal: the bars of ``coopsearch trend``, oldest year first."""
    from coopsearch.charts import year_facet_chart
    from coopsearch.search import FACET_LIMIT

    console = make_console(stream, color)
    width = min(console.width, MAX_WIDTH)
    chart = year_facet_chart(counts, width, complete=len(counts) < FACET_LIMIT)
    console.print(chart, width=width)
    console.print()


def write_entities(fmt: str, stream: IO, counted: dict, color: str = "auto") -> None:
    """``coopsearch entities``: one JSON line per entity, or a ranked list per type."""
    writer = csv.writer(stream, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writerow(("type", "value", "count"))
    for kind, pairs in counted.items():
        for value, count in pairs if fmt in ("json", "csv") else ():
            if writer:
                writer.writerow((kind, csv_text(str(value)), count))
            else:
                record = {"type": kind, "value": value, "count": count}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        if fmt not in ("json", "csv"):
            _write_counts(fmt, stream, kind, pairs, color)
    stream.flush()


def _write_counts(fmt: str, stream: IO, name: str, pairs: list, color: str) -> None:
    """A heading and one ``count  value`` line per pair (Rich or plain)."""
    from rich.text import Text

    width = max((len(f"{n:,}") for _, n in pairs), default=1)
    if fmt == "rich":
        console = make_console(stream, color)
        console.print(Text(name, style=TITLE_STYLE))
        for value, count in pairs:
            line = Text(f"  {count:>{width},}  ", style=RANK_STYLE)
            line.append(safe_line(str(value)))
            console.print(line)
        console.print()
        return
    lines = [f"{name}:"] + [
        f"  {count:>{width},}  {safe_line(str(value))}" for value, count in pairs
    ]
    stream.write("\n".join(lines) + "\n\n")


def summary_line(result: SearchResult, noun: str = "result") -> str:
    """``5 results in 12 ms (index of 38,093 documents)``, for stderr."""
    nouns = noun if result.total == 1 else noun + "s"
    return (
        f"{result.total:,} {nouns} in {result.elapsed_ms:.0f} ms "
        f"(index of {result.documents:,} documents)"
    )


class LineWriter:
    """One value per line (``-l``): verbatim in a pipe, neutralised on a terminal.

    With ``end="\\0"`` (``-0``) values end with a NUL byte instead, for
    ``xargs -0`` and paths holding newlines.
    """

    def __init__(self, stream: IO, end: str = "\n") -> None:
        self.stream = stream
        self.end = end
        self.clean = safe_line if is_terminal(stream) else (lambda text: text)

    def lines(self, values: Iterable[str]) -> None:
        for value in values:
            self.stream.write(self.clean(value) + self.end)
        self.stream.flush()


# --- one article (show) -----------------------------------------------------

HIDDEN_IN_HEADER = ("title", "body", "year", "figure_rows")  # year: already in the date
LABELS = {"id": "ID", "mtime_ns": "Modified", "size": "Size"}


def document_highlights(document: StoredDocument, query_text: str | None) -> dict:
    """Spans to mark in the title and body for ``--highlight QUERY`` (empty without it)."""
    if not query_text:
        return {"title": [], "body": []}
    from coopsearch.querybuild import build_query
    from coopsearch.snippets import find_matches, spans_of

    plan = build_query(query_text)
    return {
        name: spans_of(find_matches(text, plan.needles))
        for name, text in (("title", document.title), ("body", document.body))
    }


def header_fields(document: StoredDocument) -> list[tuple[str, str]]:
    """(label, value) of every stored field but title and body, values on one line."""
    rows = []
    for name, value in document.fields.items():
        if name in HIDDEN_IN_HEADER or value in (None, "", [], ()):
            continue
        if name == "entities":
            rows.extend(entity_rows(value))
            continue
        rows.append((LABELS.get(name, name.replace("_", " ").capitalize()), _shown(name, value)))
    return rows


def entity_rows(stored: str) -> list[tuple[str, str]]:
    """The stored entities JSON as one (label, value) row per non-empty type."""
    rows = []
    for kind, values in json.loads(stored or "{}").items():
        if values:
            shown = "; ".join(safe_line(entity_label(v)) for v in values)
            rows.append((kind.capitalize(), shown))
    return rows


def entity_label(value) -> str:
    """An entity as a reader writes it: a person ``name (role)``, a figure its text.

    >>> entity_label({"name": "Trần Quang Hùng", "role": "Phó Chủ tịch"})
    'Trần Quang Hùng (Phó Chủ tịch)'
    >>> entity_label({"text": "950 HTX", "value": 950, "unit": "HTX", "kind": "organisation"})
    '950 HTX'
    """
    if not isinstance(value, dict):
        return str(value)
    if "text" in value:
        return str(value["text"])
    if "name" in value:
        return f"{value['name']} ({value['role']})" if value.get("role") else str(value["name"])
    return json.dumps(value, ensure_ascii=False)


def _shown(name: str, value) -> str:
    if name == "size" and isinstance(value, int):
        return human_bytes(value)
    if name == "mtime_ns" and isinstance(value, int):
        from datetime import datetime

        return datetime.fromtimestamp(value / 1e9).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple, set)):
        return ", ".join(safe_line(str(v)) for v in value)
    return safe_line(str(value))


def human_bytes(size: int) -> str:
    """``4625`` -> ``4.5 KiB``.

    >>> human_bytes(512), human_bytes(4625), human_bytes(3 * 2**20)
    ('512 B', '4.5 KiB', '3.0 MiB')
    """
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def document_renderable(document: StoredDocument, marks: dict) -> Group:
    """The article for Rich: title, a grid of metadata, a rule, the body with marks."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    meta = Table.grid(padding=(0, 2))
    meta.add_column(style=LABEL_STYLE, no_wrap=True)
    meta.add_column(overflow="fold")
    for label, value in header_fields(document):
        style = {"ID": ID_STYLE, "Path": PATH_STYLE, "Date": DATE_STYLE}.get(label, "")
        meta.add_row(label, Text(value, style=style))
    from rich.rule import Rule

    paragraphs = []
    for start, end, line in _lines(document.body):
        spans = [(max(s, start) - start, min(e, end) - start) for s, e in marks["body"]]
        paragraphs.append(styled(safe(line), [(s, e) for s, e in spans if s < e]))
    return Group(
        styled(*safe_line_spans(document.title, marks["title"]), TITLE_STYLE),
        Rule(style=RULE_STYLE),
        meta,
        Rule(style=RULE_STYLE),
        *paragraphs,
    )


def _lines(text: str):
    """(start, end, line) for each line of ``text``, offsets into ``text``."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def document_text(document: StoredDocument, marks: dict, color: str, stream: IO) -> str:
    """The article drawn by Rich for a pager: escape codes only when colour is on."""
    from rich.console import Console

    width = min(make_console(stream, color).width, MAX_WIDTH)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=not colour_off(color),
        no_color=colour_off(color),
        color_system=None if colour_off(color) else "truecolor",
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(document_renderable(document, marks))
    return buffer.getvalue()


def write_document(
    document: StoredDocument, marks: dict, fmt: str, stream: IO, color: str = "auto"
) -> None:
    """Write one article: Rich, plain (``Key: value`` lines, blank line, body) or JSON."""
    if fmt == "json":
        record = {
            **document.to_dict(),
            "highlights": [list(s) for s in marks["body"]],
            "title_highlights": [list(s) for s in marks["title"]],
        }
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "rich":
        console = make_console(stream, color)
        console.print(document_renderable(document, marks), width=min(console.width, MAX_WIDTH))
    else:
        lines = [f"Title: {safe_line(document.title)}"]
        lines += [f"{label}: {value}" for label, value in header_fields(document)]
        stream.write("\n".join(lines) + "\n\n" + safe(document.body).rstrip("\n") + "\n")
    stream.flush()


# --- index figures (stats) --------------------------------------------------


def stats_rows(figures: IndexStats) -> list[tuple[str, str]]:
    """(label, value) lines of ``coopsearch stats``."""
    rows = [
        ("Index", figures.index),
        ("Documents", f"{figures.documents:,}"),
        ("Words", f"{figures.words:,}"),
        ("Distinct words", f"{figures.terms:,} as written, {figures.folded_terms:,} without marks"),
        ("Size on disk", human_bytes(figures.size_bytes)),
        ("Updated", f"{figures.updated} ({human_age(figures.age_seconds)})"),
        ("Created", str(figures.created)),
    ]
    rows += [
        ("Folder", f"{folder} ({n:,} articles{'' if there else ', folder no longer exists'})")
        for folder, n, there in figures.folders
    ]
    if figures.years or figures.undated:
        years = [f"{y} ({n})" for y, n in figures.years]
        years += [f"undated ({figures.undated})"] if figures.undated else []
        rows.append(("Years", ", ".join(years)))
    if figures.provinces:
        rows.append(("Provinces", ", ".join(f"{p} ({n})" for p, n in figures.provinces)))
    return rows


def human_age(seconds: int | None) -> str:
    """``90`` -> ``1 minute ago``.

    >>> human_age(30), human_age(7200), human_age(3 * 86400)
    ('just now', '2 hours ago', '3 days ago')
    """
    if seconds is None:
        return "unknown"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n > 1 else ''} ago"
    return "just now"


def write_stats(figures: IndexStats, fmt: str, stream: IO, color: str = "auto") -> None:
    """Write the index figures as a Rich grid, ``Label: value`` lines, or one JSON object."""
    from rich.table import Table
    from rich.text import Text

    if fmt == "json":
        stream.write(json.dumps(figures.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "rich":
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style=LABEL_STYLE, no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in stats_rows(figures):
            grid.add_row(label, Text(safe_line(value)))
        make_console(stream, color).print(grid)
    else:
        rows = stats_rows(figures)
        stream.write("".join(f"{label}: {safe_line(value)}\n" for label, value in rows))
    stream.flush()


# --- records (export) -------------------------------------------------------


def csv_value(value) -> str:
    """A CSV cell: lists joined by ``; ``, None empty, control characters removed.

    A person is ``name (role)`` and a figure its text (:func:`entity_label`).

    Text that a spreadsheet would run as a formula (starting with ``=``,
    ``+``, ``-`` or ``@``) gets a leading ``'``, as OWASP advises for CSV
    meant to be opened in Excel or LibreOffice; numbers are left alone.

    >>> csv_value("=SUM(A1:A9)"), csv_value(-1.5), csv_value(["a", "@b"])
    ("'=SUM(A1:A9)", '-1.5', "a; '@b")
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(csv_value(v) for v in value)
    return csv_text(entity_label(value))


FORMULA_STARTS = ("=", "+", "-", "@")


def csv_text(text: str) -> str:
    """``text`` for a CSV cell: control characters removed, a formula defused with ``'``."""
    text = safe(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class RecordWriter:
    """Streams dicts as JSON Lines or CSV (header first), one record at a time."""

    def __init__(self, fmt: str, stream: IO, fields: list[str]) -> None:
        self.fmt = fmt
        self.stream = stream
        self.fields = fields

    def write_all(self, records: Iterable[dict]) -> int:
        """Write every record; return how many were written."""
        count = 0
        if self.fmt == "csv":
            writer = csv.writer(self.stream, lineterminator="\n")
            writer.writerow(self.fields)
            for record in records:
                writer.writerow([csv_value(record.get(k)) for k in self.fields])
                count += 1
        else:
            for record in records:
                chosen = {k: record.get(k) for k in self.fields}
                self.stream.write(json.dumps(chosen, ensure_ascii=False) + "\n")
                count += 1
        self.stream.flush()
        return count
