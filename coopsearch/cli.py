"""The ``coopsearch`` command line: options in, one library call, render, exit code.

Exit status follows grep: 0 something found, 1 nothing found, 2 an error.
Results go to stdout; messages, warnings and progress to stderr. Heavy
modules (whoosh, rich) are imported inside the commands that need them, so
``coopsearch --help`` starts at once.
"""

from __future__ import annotations

import functools
import itertools
import os
import shlex
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from coopsearch import __version__
from coopsearch.errors import CoopsearchError
from coopsearch.paths import INDEX_ENV, bundled_corpus, chosen_index_dir

FORMATS = ("rich", "plain", "json", "csv")


class YearType(click.ParamType):
    """A year written in full, 1000 to 9999, or one sentence saying the value is not one.

    "17" is refused rather than read as the year 17: a news year is written
    with four digits, and a short one found nothing, silently.
    """

    name = "year"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.isdigit() and 1000 <= int(text) <= 9999:
            return int(text)
        if text.isdigit() and len(text) <= 2:
            self.fail(f"'{value}' is not a year: write all four digits (20{int(text):02d}?)")
        by_date = param is not None and param.name == "years"
        hint = "; a month or a day goes to --since/--until" if by_date else ""
        self.fail(f"'{value}' is not a year (1000 to 9999){hint}")


YEAR = YearType()
COLORS = ("auto", "always", "never")
FOUND, NOT_FOUND, ERROR = 0, 1, 2
DEFAULT_LIMIT = 10
FEW_RESULTS = 3  # below this, a query with a word the index lacks gets a "did you mean"
FACETS = ("province", "province_now", "region", "year", "org", "person", "reference", "figure")
ENTITY_KINDS = ("province", "region", "org", "person", "reference", "figure")


def _valid_argument(ctx, param, value):
    """A query argument with U+FFFD for bytes that were not UTF-8 (:func:`valid_text`)."""
    from coopsearch.text import valid_text

    if value is None:
        return None
    return tuple(map(valid_text, value)) if isinstance(value, tuple) else valid_text(value)


def fail(message: str) -> None:
    """Print one sentence on stderr and exit with status 2."""
    click.echo(f"coopsearch: error: {message}", err=True)
    sys.exit(ERROR)


def _quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop writing, say nothing, exit 0."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(FOUND)


def handles_errors(command):
    """Turn library errors, Ctrl-C and closed pipes into the CLI's contract.

    Damage met while Whoosh reads the index (:func:`coopsearch.store.reading`:
    only errors raised inside Whoosh's code, of the kinds damaged bytes
    cause) becomes the index's one "cannot be read; rebuild it" sentence,
    whichever command met it and wherever it was read (a lazily consumed
    result, a merge during ``index``). An error raised by coopsearch's own
    code is a bug and keeps its traceback.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from coopsearch import store

        ctx = click.get_current_context(silent=True)
        option = kwargs.get("index_dir")
        target = chosen_index(ctx, option)[0] if ctx else chosen_index_dir(option)[0]
        try:
            with store.reading(target):
                return command(*args, **kwargs)
        except CoopsearchError as exc:
            fail(str(exc))
        except BrokenPipeError:
            _quiet_broken_pipe()
        except KeyboardInterrupt:
            click.echo(
                "coopsearch: interrupted; the index keeps what was committed "
                "(run the same command again to finish).",
                err=True,
            )
            sys.exit(130)

    return wrapper


class OneLineUsageErrors(click.Group):
    """Report a bad command line in one line, like the CLI's other errors.

    click prints the usage, a hint and the error over four lines; a script's
    log wants one: ``coopsearch: error: Invalid value for '--limit': … (see
    'coopsearch query --help').``
    """

    def make_context(self, *args, **kwargs):
        with _one_line_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _one_line_usage_errors():
            return super().invoke(ctx)


class CommandLineError(click.ClickException):
    """A bad command line, shown as one line and exit status 2."""

    exit_code = ERROR

    def show(self, file=None) -> None:
        click.echo(f"coopsearch: error: {self.format_message()}", err=True)


class _one_line_usage_errors:
    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if not isinstance(exc, click.ClickException) or isinstance(
            exc, (CommandLineError, click.exceptions.NoArgsIsHelpError)
        ):
            return False
        ctx = getattr(exc, "ctx", None)
        command = " ".join(["coopsearch", *ctx.command_path.split()[1:]]) if ctx else ""
        hint = f" (see '{command} --help')" if ctx else ""
        message = exc.format_message().rstrip(".")
        raise CommandLineError(f"{message}{hint}.") from exc


def index_option(command):
    """``--index DIR``, accepted by every command (and before the command name)."""
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help=f"Index folder (default: ${INDEX_ENV}, else index/ in a source checkout, "
        "or in the user data folder when installed).",
    )(command)


@dataclass(frozen=True)
class Output:
    """What the shared output options asked for; ``format`` None means automatic."""

    format: str | None
    color: str
    fields: tuple[str, ...] | None

    def resolve(self, stream, default: str | None = None) -> str:
        """The format to write: explicit, else ``default``, else rich on a terminal."""
        if self.format:
            return self.format
        if self.fields:
            return "json"
        if default:
            return default
        from coopsearch.render import choose_format

        return choose_format(None, False, stream)


def output_options(formats: tuple[str, ...] = FORMATS, fields: bool = True):
    """Add ``--json``, ``--format``, ``--color`` and ``--fields``; pass one ``output``.

    Every command that prints data takes the same options, the way
    sqlite-utils' ``output_options`` works.
    """

    def decorator(command):
        @functools.wraps(command)
        def wrapper(*args, json_flag, fmt, color="never", fields=None, **kwargs):
            if json_flag and fmt and fmt != "json":
                raise click.UsageError(f"--json and --format {fmt} contradict each other.")
            chosen = None
            if fields is not None:
                chosen = tuple(f.strip() for f in fields.split(",") if f.strip())
                if not chosen:
                    raise click.UsageError("--fields names no key; give some, e.g. id,title.")
            output = Output("json" if json_flag else fmt, color, chosen)
            return command(*args, output=output, **kwargs)

        options = [
            click.option(
                "--json", "json_flag", is_flag=True, help="JSON Lines (same as --format json)."
            ),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(formats),
                help=f"Output format: {', '.join(formats)}.",
            ),
        ]
        if "rich" in formats:
            options.append(
                click.option(
                    "--color",
                    type=click.Choice(COLORS),
                    default="auto",
                    show_default=True,
                    help="Colour on a terminal; NO_COLOR and TERM=dumb are honoured.",
                )
            )
        if fields:
            options.append(
                click.option(
                    "--fields",
                    metavar="A,B,…",
                    help="Keys of the JSON or CSV output, in order (implies --json); "
                    "any key of the JSON record, body for the full text.",
                )
            )
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorator


def checked_fields(output: Output, available: list[str]) -> list[str] | None:
    """The keys ``--fields`` chose, in order, or None when it was not given.

    Every key must be one of ``available`` (the keys the command's JSON
    can hold) or ``entities``, which stands for the entity keys
    (``provinces`` … ``figures``). An unknown key is a usage error (one
    sentence, exit 2), raised before the command opens the index or prints
    anything.
    """
    if not output.fields:
        return None
    from coopsearch.documents import KEY_GROUPS

    groups = {name: keys for name, keys in KEY_GROUPS.items() if set(keys) <= set(available)}
    unknown = [f for f in output.fields if f not in available and f not in groups]
    if unknown:
        command = click.get_current_context().info_name
        raise CommandLineError(
            f"{unknown[0]!r} is not a key of {command}'s output; "
            f"--fields takes {', '.join([*available, *groups])}."
        )
    chosen = itertools.chain.from_iterable(groups.get(f, (f,)) for f in output.fields)
    return list(dict.fromkeys(chosen))


def filter_options(command):
    """``--province``, ``--year``, ``--since``, ``--until``, ``--entity``: what matches may be.

    ``--as-named`` and ``--stated-dates`` say how the province and date filters read.
    """
    options = [
        click.option(
            "--province",
            "provinces",
            multiple=True,
            metavar="NAME",
            help="Articles naming this province; a post-2025 name also reaches the "
            "provinces merged into it (repeatable: any of them).",
        ),
        click.option(
            "--as-named",
            is_flag=True,
            help="--province and --entity province: keep to the province as the article "
            "named it, without the provinces merged into it in 2025.",
        ),
        click.option(
            "--year",
            "years",
            multiple=True,
            type=YEAR,
            help="Articles dated in this year (repeatable: any of them).",
        ),
        click.option(
            "--since",
            metavar="DATE",
            callback=_checked_date,
            help="Dated on or after 2021, 2021-03 or 2021-03-05.",
        ),
        click.option(
            "--until",
            metavar="DATE",
            callback=_checked_date,
            help="Dated on or before 2021, 2021-03 or 2021-03-05.",
        ),
        click.option(
            "--stated-dates",
            is_flag=True,
            help="--year, --since, --until, --sort date, the year facet and trend use only "
            "dates the article or its metadata states; a date inferred from the text "
            "counts as none.",
        ),
        click.option(
            "--entity",
            "entity_specs",
            multiple=True,
            metavar="TYPE:VALUE",
            help='Articles naming this entity, e.g. org:"Tân Hương" (repeatable: all of them).',
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _checked_date(ctx, param, value: str | None) -> str | None:
    """A ``--since``/``--until`` value, refused before any work if no calendar has it."""
    from coopsearch.errors import BadFilter
    from coopsearch.filters import check_date

    try:
        return None if value is None else check_date(value)
    except BadFilter as exc:
        raise click.BadParameter(str(exc), ctx, param) from exc


def sort_option(help_text: str):
    """``--sort relevance|date`` (relevance by default), with the command's own help."""
    return click.option(
        "--sort",
        type=click.Choice(("relevance", "date")),
        default="relevance",
        show_default=True,
        help=help_text,
    )


def accents_option(command):
    """``--any-accents``: match every word with any marks, as if typed without them."""
    return click.option(
        "--any-accents",
        is_flag=True,
        help="Match words with any accents, even when typed with them (loose matching: "
        "'bán' also finds 'bàn' and 'bạn').",
    )(command)


def expand_option(command):
    """``--no-expand``: abbreviations and organisation names only as typed."""
    return click.option(
        "--no-expand",
        is_flag=True,
        help="Match abbreviations as typed: HTX no longer finds 'hợp tác xã' (the "
        "expansions a query uses are noted on stderr).",
    )(command)


def chosen_filters(values: dict):
    """The library's Filters from the filter options' values."""
    from coopsearch.filters import Filters, parse_entity

    return Filters(
        provinces=tuple(values.get("provinces") or ()),
        years=tuple(values.get("years") or ()),
        since=values.get("since"),
        until=values.get("until"),
        entities=tuple(parse_entity(spec) for spec in values.get("entity_specs") or ()),
        as_named=bool(values.get("as_named")),
        stated_dates=bool(values.get("stated_dates")),
    )


def chosen_index(ctx: click.Context, index_dir: Path | None) -> tuple[Path, bool]:
    """The index folder, and whether the user named it (``--index``, ``COOPSEARCH_INDEX``)."""
    target, explicit = chosen_index_dir(index_dir or (ctx.obj or {}).get("index_dir"))
    if target.exists() and not target.is_dir():
        raise CommandLineError(f"{target} is a file; an index is a folder (--index DIR).")
    return target, explicit


def ready_index(ctx: click.Context, index_dir: Path | None) -> Path:
    """The chosen index folder, built from the bundled corpus if it is the default one."""
    target, explicit = chosen_index(ctx, index_dir)
    ensure_index(target, explicit)
    say_if_being_written(target)
    return target


def say_if_being_written(index_dir: Path) -> None:
    """A note on stderr when another process is indexing into ``index_dir`` now:
    what a command reads is what that run has committed so far."""
    from coopsearch import lock

    pid = lock.holder(index_dir)
    if pid is not None and pid != os.getpid():
        click.echo(
            f"coopsearch: note: process {pid} is indexing into this index now; "
            "what follows holds only what it has committed so far.",
            err=True,
        )


@click.group(cls=OneLineUsageErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopsearch")
@index_option
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None) -> None:
    """Search Vietnamese news about cooperatives (hợp tác xã), accented or not.

    Results go to stdout, everything else to stderr. Exit status: 0 found,
    1 nothing found, 2 error. Shell completion:
    eval "$(_COOPSEARCH_COMPLETE=bash_source coopsearch)".

    \b
    Quick start:
        coopsearch query "OCOP Bắc Giang"
        coopsearch show 2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt
        coopsearch index ~/articles --index ~/my-index
    """
    ctx.obj = {"index_dir": index_dir}


class PathNotSeconds(str):
    """What followed ``--wait`` when it names an existing file or folder, not seconds."""


class WaitSeconds(click.ParamType):
    """``--wait``'s optional value: seconds, unless it is a path that exists.

    Click gives an option with an optional value the next word, so
    ``coopsearch index --wait ~/crawl`` would read the folder as seconds;
    an existing path is handed back (as :class:`PathNotSeconds`) to be indexed.
    """

    name = "seconds"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        if os.path.exists(value):
            return PathNotSeconds(value)
        try:
            seconds = float(value)
        except ValueError:
            self.fail(f"{value!r} is neither a number of seconds nor an existing path.", param, ctx)
        if seconds < 0:
            self.fail(f"{value!r} is negative.", param, ctx)
        return seconds


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--rebuild",
    is_flag=True,
    help="Re-read every file; with PATHS, keep only these folders (the old index stays "
    "until replaced).",
)
@click.option(
    "--forget",
    "forget",
    multiple=True,
    metavar="FOLDER",
    help="Remove a folder the index covers, and its articles (repeatable).",
)
@click.option(
    "-y", "--yes", is_flag=True, help="Do not ask before removing more than half of the index."
)
@click.option(
    "--json-keys",
    metavar="NAME=KEY,...",
    help="Keys of .json/.jsonl records, e.g. title=headline,body=content "
    "(NAME: title, body, date, url, author).",
)
@click.option(
    "--wait",
    type=WaitSeconds(),
    is_flag=False,
    flag_value=float("inf"),
    default=None,
    metavar="[SECONDS]",
    help="If another process is updating the index, wait for it (for up to SECONDS).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Worker processes that read and analyse files (default: one per core, or none "
    "below 200 files; 1: read them in this process).",
)
@index_option
@click.pass_context
@handles_errors
def index(
    ctx: click.Context,
    paths: tuple[Path, ...],
    rebuild: bool,
    forget: tuple[str, ...],
    yes: bool,
    json_keys,
    wait: float | None,
    jobs: int | None,
    index_dir,
) -> None:
    """Build or update the index from folders or files of articles.

    New and changed files are (re)indexed, deleted files removed, unchanged
    files skipped. Without PATHS, every folder the index covers is updated
    (see `coopsearch stats`); a new index at the default place starts from
    the bundled seed articles. A folder that no longer exists keeps its
    articles until --forget. A run that would remove more than half of the
    index asks first (--yes in scripts). A progress bar is drawn on stderr
    when it is a terminal. Work is committed in batches: an interrupted run
    keeps what it committed, and running it again finishes the rest. One
    process updates an index at a time.

    \b
    Example:
        coopsearch index ~/crawl/baomoi --index ~/coop-index
        coopsearch index --index ~/coop-index          # update every folder it covers
        coopsearch index ~/crawl --wait 600            # queue behind a running update
        coopsearch index --forget ~/old-crawl
        coopsearch index ~/crawl --jobs 1                # one process, no workers
    """
    from coopsearch.formats import JsonKeys

    try:
        keys = JsonKeys.parse(json_keys)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--json-keys") from exc
    if isinstance(wait, PathNotSeconds):  # `--wait ~/crawl`: the folder, waiting with no limit
        paths, wait = (Path(wait), *paths), float("inf")
    target, explicit = chosen_index(ctx, index_dir)
    if forget:
        if paths or rebuild:
            raise CommandLineError("--forget takes no PATHS and no --rebuild.")
        forget_folders(target, forget, wait)
        return
    sources = list(paths) or default_sources(target, explicit)
    build_index(target, sources, rebuild=rebuild, json_keys=keys, wait=wait, yes=yes, jobs=jobs)


def default_sources(index_dir: Path, explicit: bool) -> list[Path] | None:
    """What ``index`` without PATHS indexes: the covered folders, or the seeds for a new index.

    None stands for the folders the index covers. A new index takes the
    bundled corpus only at the default place; one named by --index or
    COOPSEARCH_INDEX must be given its folders.
    """
    from coopsearch import store

    if store.exists(index_dir):
        return None
    store.refuse_unlabelled(index_dir)  # documents without a readable coopsearch.json
    if explicit:
        raise CommandLineError(
            f"There is no index in {index_dir} yet; name the folders to index "
            f"(coopsearch index FOLDER --index {shlex.quote(str(index_dir))})."
        )
    return [bundled_corpus()]


def build_index(
    index_dir: Path,
    sources: list[Path] | None,
    rebuild: bool = False,
    json_keys=None,
    wait: float | None = None,
    yes: bool = False,
    jobs: int | None = None,
) -> None:
    """Run the indexer with progress and problems on stderr, then a summary line.

    ``sources=None`` updates every folder the index covers.
    """
    from coopsearch.indexer import update_index
    from coopsearch.progress import progress_reporter

    def problem(path: str, reason: str) -> None:
        click.echo(f"coopsearch: skipped {path}: {reason}", err=True)

    def note(message: str) -> None:
        click.echo(f"coopsearch: note: {message}", err=True)

    def confirm(removing: int, total: int) -> bool:
        if yes:
            return True
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            return False
        return click.confirm(
            f"This removes {removing} of the {total} articles in {index_dir}. Go ahead?",
            err=True,
        )

    with progress_reporter(sys.stderr) as progress:
        report = update_index(
            index_dir,
            sources,
            rebuild=rebuild,
            progress=progress,
            on_problem=problem,
            json_keys=json_keys,
            on_note=note,
            wait=wait,
            confirm_removal=confirm,
            jobs=jobs,
        )
    click.echo(f"Indexed into {index_dir}: {report.summary()}", err=True)
    read = report.added + report.updated + report.moved + report.unchanged
    if sources is not None and report.skipped and not read:
        fail("Nothing was indexed: every file given was skipped, for the reasons above.")


def forget_folders(index_dir: Path, folders: tuple[str, ...], wait: float | None) -> None:
    """``index --forget``: drop folders and their articles, then say how many went."""
    from coopsearch import indexer

    removed = indexer.forget_folders(index_dir, folders, wait)
    click.echo(f"Removed {removed} articles of {', '.join(folders)} from {index_dir}.", err=True)


def ensure_index(index_dir: Path, explicit: bool) -> None:
    """Build the default index from the bundled corpus on first use."""
    from coopsearch import store

    if store.exists(index_dir) or explicit:
        return
    corpus = bundled_corpus()
    click.echo(
        f"No index in {index_dir} yet; building it from the bundled corpus ({corpus}).",
        err=True,
    )
    index_dir.mkdir(parents=True, exist_ok=True)
    build_index(index_dir, [corpus])


def paging_options(command):
    """``-n/--limit``, ``--offset``, ``--no-snippet`` and ``--context``."""
    options = [
        click.option(
            "-n",
            "--limit",
            type=click.IntRange(1, 100_000),
            help=f"Number of results [default: {DEFAULT_LIMIT}; all with -l].",
        ),
        click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many results."),
        click.option("--no-snippet", is_flag=True, help="Leave out snippets."),
        click.option(
            "--context",
            default=220,
            show_default=True,
            type=click.IntRange(40, 5000),
            help="Snippet length in characters.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@click.argument("query_text", metavar="QUERY", required=False, callback=_valid_argument)
@click.option(
    "--queries-from",
    type=click.File("rb"),
    help="Run one query per line of FILE ('-' for stdin) in one process.",
)
@paging_options
@click.option(
    "-l",
    "--files-with-matches",
    "paths_only",
    is_flag=True,
    help="Print only the files holding matches, each once (a .jsonl file once for all "
    "its articles).",
)
@click.option(
    "-0", "--null", "null_separated", is_flag=True, help="With -l: end each path with NUL."
)
@click.option("-c", "--count", "count_only", is_flag=True, help="Print the number of matches only.")
@click.option(
    "--no-correct",
    is_flag=True,
    help="When nothing matches, suggest a spelling instead of showing its results.",
)
@filter_options
@accents_option
@expand_option
@sort_option("Order of the results (date: newest first).")
@click.option(
    "--facet",
    "facets",
    multiple=True,
    type=click.Choice(FACETS),
    help="Count matches by this field, over all matches (repeatable).",
)
@output_options()
@index_option
@click.pass_context
@handles_errors
def query(
    ctx,
    query_text,
    queries_from,
    limit,
    offset,
    no_snippet,
    context,
    paths_only,
    null_separated,
    count_only,
    no_correct,
    any_accents,
    no_expand,
    sort,
    facets,
    output,
    index_dir,
    **filter_values,
) -> None:
    """Search the index; print ranked results with highlighted snippets.

    An article matches when it holds every word of QUERY. A word of several
    syllables ("hợp tác xã", "Bắc Giang") matches only where they stand side
    by side. Typed with accents, a word matches as written ("Điện Biên" is
    not "điển hình"); typed without, it matches any accents (--any-accents
    makes every word so). HTX finds "hợp tác xã" and the reverse.

    Syntax: OR, NOT word or -word (exclude), "a phrase", "a b"~3 (within 3
    words), title:WORD, thươ* (prefix), h?p and ch*n (wildcards). AND, OR
    and NOT are operators in capitals only.

    With filters and no QUERY, every article within them is listed, the
    newest first (-c counts them, --facet breaks them down).

    -c, --facet and the exit status count the articles holding every word,
    and -l lists their files (a .jsonl file once; --json's path gives the
    line). When fewer hold them than the page shows, the list goes on with
    partial matches, marked (in JSON: "matched_all": false, "missing").
    When nothing matches because of a word no article holds, the results
    of its spelling correction are shown, with a note on stderr (-l and -c
    never correct).

    \b
    Examples:
        coopsearch query "OCOP Bắc Giang"
        coopsearch query "hop tac xa" --json | jq -r .title
        coopsearch query HTX -l | xargs wc -c
        coopsearch query HTX -l0 | xargs -0 wc -c
        coopsearch query "Bắc Giang" -c
        coopsearch query '"kinh tế tập thể" NOT "Yên Bái"' -c
        coopsearch query 'HTX -"Sơn La"' -l
        coopsearch query HTX --fields rank,id,title --format csv
        coopsearch query OCOP --fields rank,id,year,provinces,body
        coopsearch query --queries-from queries.txt --json
        coopsearch query HTX --province "Bắc Ninh" --since 2021 --facet year
        coopsearch query --province "Bắc Ninh" --facet org -n 5
    """
    filters = chosen_filters(filter_values)
    if query_text is not None and queries_from is not None:
        raise click.UsageError("give either a QUERY or --queries-from FILE, not both.")
    if query_text is None and queries_from is None and not filters:
        raise click.UsageError("give a QUERY, --queries-from FILE or a filter to browse by.")
    if paths_only and count_only:
        raise click.UsageError("-l/--files-with-matches and -c/--count exclude each other.")
    if null_separated and not paths_only:
        raise click.UsageError("-0/--null goes with -l/--files-with-matches.")
    if (paths_only or count_only) and (output.format or output.fields):
        raise click.UsageError("-l and -c print plain lines; leave out --json/--format/--fields.")
    if (paths_only or count_only) and facets:
        raise click.UsageError("-l and -c print plain lines; --facet goes without them.")
    from coopsearch import render
    from coopsearch.filters import build_filter
    from coopsearch.search import Searcher, hit_keys

    fields = checked_fields(output, ["query", *hit_keys(), "expansions"])
    batch = queries_from is not None
    queries = [query_text] if not batch else query_lines(queries_from)
    target = ready_index(ctx, index_dir)

    filter_notes = build_filter(filters)[1]  # said once here, not again with each result
    for note in filter_notes:
        click.echo(f"coopsearch: note: {note}", err=True)
    fmt = output.resolve(sys.stdout)
    if paths_only:
        writer = render.LineWriter(sys.stdout, end="\0" if null_separated else "\n")
    elif not count_only:
        writer = render.Renderer(fmt, sys.stdout, output.color, batch=batch, fields=fields)
    found, seen = False, set()
    with Searcher(target, any_accents=any_accents, expand=not no_expand) as searcher:
        for text in answerable(searcher, queries, batch):
            if count_only or paths_only:  # the ranked path prints its notes with its results
                for note in searcher.plan(text).notes:
                    click.echo(f"coopsearch: note: {note}", err=True)
            if count_only:
                total = searcher.count(text, filters)
                click.echo(f"{text}\t{total}" if batch else total)
            elif paths_only:
                stop = offset + limit if limit else None
                paths = list(itertools.islice(searcher.files(text, filters), offset, stop))
                total = len(paths)
                writer.lines([p for p in paths if p not in seen])
                seen.update(paths)
            else:
                result = searcher.search(
                    text,
                    limit=limit or DEFAULT_LIMIT,
                    offset=offset,
                    snippets=not no_snippet,
                    context=context,
                    filters=filters,
                    facets=facets,
                    sort=sort,
                    count=fmt == "rich",  # the summary line states the exact number
                    correct=not no_correct,
                    body=bool(fields) and "body" in fields,
                )
                total = result.total
                if result.corrected_from is not None:
                    say_corrected(result)
                for note in result.notes:
                    if note not in filter_notes:
                        click.echo(f"coopsearch: note: {note}", err=True)
                if result.partial:
                    say_partial(result, batch)
                if offset and not result.hits and total:
                    click.echo(
                        f"coopsearch: note: this page is empty: {total:,} results, "
                        f"and --offset {offset} skips past them.",
                        err=True,
                    )
                writer.result(result)
                if fmt == "csv":  # the table stays one table: its facet counts go to stderr
                    render.write_facets("plain", sys.stderr, result.facets)
                else:
                    render.write_facets(fmt, sys.stdout, result.facets, output.color)
                if fmt == "rich":
                    click.echo(render.summary_line(result), err=True)
            found = found or total > 0
            ranked = not (count_only or paths_only)
            if ranked and (result.corrected_from is not None or (total == 0 and not no_correct)):
                continue  # the search itself tried the correction
            if text is not None and (total < FEW_RESULTS or searcher.mismarked(text)):
                suggest(searcher, text, total, batch, filters)
    sys.exit(FOUND if found else NOT_FOUND)


def query_lines(stream) -> list[str]:
    """The non-blank lines of a --queries-from file, decoded as articles are
    (UTF-8, UTF-16 with or without a BOM, Windows-1258…: coopsearch.decoding).

    A file that is not text is a usage error (exit 2), not a traceback.
    """
    from coopsearch.decoding import decode
    from coopsearch.errors import UnreadableFile

    raw = stream.read()
    if not raw.strip():
        return []
    try:
        text = _mostly_utf8(raw) or decode(raw)
    except UnreadableFile as exc:
        name = getattr(stream, "name", "-")
        raise click.UsageError(f"--queries-from {name} is not text: {exc}.") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


def _mostly_utf8(raw: bytes) -> str | None:
    """``raw`` as UTF-8 (stray bytes replaced) when it holds one valid non-ASCII
    UTF-8 letter or more, else None. A queries file is short: a few stray bytes
    ("hợp tác xã" and a line of "\\xff\\xfe") must not make it look like another
    encoding, as they may for an article; a file in Windows-1258 holds no valid
    UTF-8 letter, and one in UTF-16 starts with a byte-order mark or holds NULs."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw:
        return None  # UTF-16, or not text: coopsearch.decoding decides
    text = raw.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    letters = sum(1 for c in text if ord(c) > 127) - invalid
    return text if letters > 0 else None


def answerable(searcher, queries: list[str], batch: bool):
    """The queries to run; in a batch, one with no word is told on stderr and skipped."""
    from coopsearch.errors import BadQuery
    from coopsearch.render import safe

    for text in queries:
        if batch:
            try:
                searcher.plan(text)
            except BadQuery as exc:
                click.echo(f"coopsearch: {safe(text)!r} skipped: {exc}", err=True)
                continue
        yield text


def say_corrected(result) -> None:
    """Tell on stderr that the results are those of the corrected query."""
    from coopsearch.render import safe

    click.echo(
        f"coopsearch: nothing matches {safe(result.corrected_from)!r}; "
        f"showing results for {safe(result.query)!r} (--no-correct to turn this off).",
        err=True,
    )


def say_partial(result, batch: bool) -> None:
    """Tell on stderr that some hits shown lack some of the query's words."""
    from coopsearch.render import safe

    where = f"{safe(result.query)!r}: " if batch else ""
    held = "no article holds" if not result.total else f"only {result.total:,} hold"
    click.echo(
        f"coopsearch: {where}{held} every word of the query; "
        f"{result.partial} partial match{'es follow' if result.partial != 1 else ' follows'}, "
        "marked.",
        err=True,
    )


def suggest(searcher, text: str, found: int, batch: bool, filters) -> None:
    """Print a corrected query on stderr when there is one."""
    from coopsearch.render import safe

    better = searcher.did_you_mean(text, found, filters)
    if better:
        where = f"{safe(text)!r}: " if batch else ""
        click.echo(f"coopsearch: {where}did you mean {safe(better)!r}?", err=True)


@cli.command()
@click.argument("ref", metavar="ID|PATH")
@click.option("--highlight", metavar="QUERY", help="Mark the words QUERY matches.")
@click.option("--no-pager", is_flag=True, help="Print straight to the terminal.")
@output_options(formats=("rich", "plain", "json"), fields=False)
@index_option
@click.pass_context
@handles_errors
def show(ctx, ref, highlight, no_pager, output, index_dir) -> None:
    """Print one whole article with its metadata.

    ID|PATH is a document ID (or its first 4+ characters), a path, or the
    end of a path. On a terminal the article opens in $PAGER (less -FRX by
    default); in a pipe it is plain text. An unknown ID is an error (exit 2).

    \b
    Examples:
        coopsearch show 20ea96d2e20c --highlight "Bắc Giang"
        coopsearch show 2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt
        coopsearch query HTX --json | jq -r .id | head -1 | xargs coopsearch show --json
    """
    target = ready_index(ctx, index_dir)
    from coopsearch import render
    from coopsearch.search import Searcher

    fmt = output.resolve(sys.stdout)
    with Searcher(target) as searcher:
        document = searcher.document(ref)
    marks = render.document_highlights(document, highlight)
    if fmt == "rich" and not no_pager and render.is_terminal(sys.stdout):
        text = render.document_text(document, marks, output.color, sys.stdout)
        page(text, colour=not render.colour_off(output.color))
    else:
        render.write_document(document, marks, fmt, sys.stdout, output.color)
    sys.exit(FOUND)


def page(text: str, colour: bool) -> None:
    """Show ``text`` through ``$PAGER``, else ``less -FRX`` (as git: quit if one screen).

    less gets colours only when its options allow raw escapes (click checks
    ``$LESS``); any other pager the user chose is trusted with them.
    """
    os.environ.setdefault("LESS", "-FRX")
    pager = (shlex.split(os.environ.get("PAGER", "")) or ["less"])[0]
    click.echo_via_pager(text, color=None if Path(pager).name == "less" else colour)


@cli.command()
@click.argument("ref", metavar="ID|PATH")
@paging_options
@output_options()
@index_option
@click.pass_context
@handles_errors
def similar(ctx, ref, limit, offset, no_snippet, context, output, index_dir) -> None:
    """List the articles most like one article (more like this).

    The article's most telling words (accents folded) are searched for in
    the other articles. Exit status 1 when no other article shares them,
    2 when ID|PATH names no article.

    \b
    Examples:
        coopsearch similar 20ea96d2e20c
        coopsearch similar 2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt -n 3
    """
    from coopsearch import render
    from coopsearch.search import Searcher, hit_keys

    fields = checked_fields(output, hit_keys())
    target = ready_index(ctx, index_dir)
    fmt = output.resolve(sys.stdout)
    with Searcher(target) as searcher:
        result = searcher.similar(
            ref,
            limit=limit or DEFAULT_LIMIT,
            offset=offset,
            snippets=not no_snippet,
            context=context,
            body=bool(fields) and "body" in fields,
        )
    render.Renderer(fmt, sys.stdout, output.color, fields=fields).result(result)
    if fmt == "rich":
        click.echo(render.summary_line(result, noun="similar article"), err=True)
    sys.exit(FOUND if result.total else NOT_FOUND)


@cli.command()
@output_options(formats=("rich", "plain", "json"), fields=False)
@index_option
@click.pass_context
@handles_errors
def stats(ctx, output, index_dir) -> None:
    """Describe the index: size, age, corpus folders, years.

    Documents, words, distinct words, size on disk, when it was built and
    updated, the folders it covers, and the years (and provinces) it holds.

    \b
    Examples:
        coopsearch stats
        coopsearch stats --json | jq .documents
    """
    target = ready_index(ctx, index_dir)
    from coopsearch import render
    from coopsearch.stats import index_stats

    figures = index_stats(target)
    render.write_stats(figures, output.resolve(sys.stdout), sys.stdout, output.color)
    sys.exit(FOUND)


@cli.command()
@click.argument("query_text", metavar="[QUERY]", required=False, callback=_valid_argument)
@filter_options
@accents_option
@expand_option
@sort_option("Order: a query's best matches first (without QUERY: index order), or newest first.")
@click.option(
    "-n", "--limit", type=click.IntRange(1), help="Write at most this many articles [default: all]."
)
@output_options(formats=("json", "csv"))
@index_option
@click.pass_context
@handles_errors
def export(
    ctx, query_text, any_accents, no_expand, sort, limit, output, index_dir, **filter_values
) -> None:
    """Write whole articles, all of them or a query's matches, as JSON Lines or CSV.

    The articles QUERY finds (every word, as for query -c), within the same
    filters as query, or all of them; each with every key of the article's
    JSON record, the full text (body) included, or the keys --fields names.
    JSON Lines by default, or CSV with a header; written one article at a
    time, so any index size fits. Exit status 1 when nothing matches.

    \b
    Examples:
        coopsearch export > articles.jsonl
        coopsearch export "hợp tác xã" --format csv > htx.csv
        coopsearch export HTX --province "Bắc Giang" --year 2021 --fields id,date,title,body
        coopsearch export --since 2021 --sort date -n 100 --fields id,date,provinces
        coopsearch export | jq -r '.provinces[]' | sort | uniq -c
        python -c 'import pandas; print(pandas.read_json("articles.jsonl", lines=True))'
    """
    from coopsearch import render
    from coopsearch.documents import article_keys
    from coopsearch.filters import build_filter
    from coopsearch.search import Searcher

    fields = checked_fields(output, article_keys())
    target = ready_index(ctx, index_dir)
    filters = chosen_filters(filter_values)
    for note in build_filter(filters)[1]:
        click.echo(f"coopsearch: note: {note}", err=True)
    with Searcher(target, any_accents=any_accents, expand=not no_expand) as searcher:
        if query_text is not None:
            for note in searcher.plan(query_text).notes:
                click.echo(f"coopsearch: note: {note}", err=True)
        found = searcher.documents(query_text, filters, sort=sort, limit=limit)
        writer = render.RecordWriter(
            output.resolve(sys.stdout, "json"), sys.stdout, fields or article_keys()
        )
        written = writer.write_all(document.to_dict() for document in found)
    sys.exit(FOUND if written else NOT_FOUND)


@cli.command()
@click.argument("query_text", metavar="[QUERY]", required=False, callback=_valid_argument)
@click.option(
    "--type",
    "kinds",
    multiple=True,
    type=click.Choice(ENTITY_KINDS),
    help="Entity type to list (repeatable; default: all).",
)
@click.option(
    "-n", "--limit", default=20, show_default=True, type=click.IntRange(1), help="Per type."
)
@filter_options
@accents_option
@expand_option
@output_options(fields=False)
@index_option
@click.pass_context
@handles_errors
def entities(
    ctx, query_text, kinds, limit, any_accents, no_expand, output, index_dir, **filter_values
) -> None:
    """List the most frequent entities, with the number of articles naming each.

    Over the whole index, or over the articles matching QUERY and filters.

    \b
    Examples:
        coopsearch entities --type org --limit 10
        coopsearch entities "kinh tế tập thể" --type province --json
    """
    target = ready_index(ctx, index_dir)

    from coopsearch.render import write_entities
    from coopsearch.search import Searcher

    filters = chosen_filters(filter_values)
    fmt = output.resolve(sys.stdout)
    with Searcher(target, any_accents=any_accents, expand=not no_expand) as searcher:
        counted, _, notes = searcher.top_entities(query_text, kinds or ENTITY_KINDS, limit, filters)
    for note in notes:
        click.echo(f"coopsearch: note: {note}", err=True)
    write_entities(fmt, sys.stdout, counted, output.color)
    sys.exit(FOUND if any(counted.values()) else NOT_FOUND)


@cli.command()
@click.argument("queries", metavar="QUERY...", nargs=-1, required=True, callback=_valid_argument)
@click.option(
    "--by",
    type=click.Choice(("year", "month")),
    default="year",
    show_default=True,
    help="Period to count by.",
)
@filter_options
@accents_option
@expand_option
@output_options(fields=False)
@index_option
@click.pass_context
@handles_errors
def trend(ctx, queries, by, any_accents, no_expand, output, index_dir, **filter_values) -> None:
    """Count the articles matching each QUERY, per year or month.

    Counts are of the match set (every word, as for query -c), within the
    same filters as query; several queries are counted side by side. Every
    period from the first to the last with a match is listed (0 where none
    matched); undated articles are counted apart, on an "undated" row (and,
    by month, articles dated to a year only on a "month unknown" row). A
    bar chart on a terminal, else plain columns; --json gives one line per
    query and period, --format csv a column per query. Exit status 1 when
    no query matches anything.

    \b
    Examples:
        coopsearch trend OCOP
        coopsearch trend OCOP "hợp tác xã kiểu mới" --since 2015
        coopsearch trend HTX --by month --year 2021 --province "Bắc Giang"
        coopsearch trend "kinh tế tập thể" --format csv > ktt.csv
    """
    target = ready_index(ctx, index_dir)
    from coopsearch.charts import write_trend
    from coopsearch.filters import build_filter
    from coopsearch.search import Searcher
    from coopsearch.trends import trend as count_trend

    filters = chosen_filters(filter_values)
    for note in build_filter(filters)[1]:
        click.echo(f"coopsearch: note: {note}", err=True)
    with Searcher(target, any_accents=any_accents, expand=not no_expand) as searcher:
        counted = count_trend(searcher, queries, by, filters)
        for note in counted.notes:
            click.echo(f"coopsearch: note: {note}", err=True)
        write_trend(counted, output.resolve(sys.stdout), sys.stdout, output.color)
        for series in counted.series:
            if not series.total:
                suggest(searcher, series.query, 0, len(queries) > 1, filters)
    sys.exit(FOUND if counted.found else NOT_FOUND)


@cli.command()
@click.argument("query_text", metavar="[QUERY]", required=False, callback=_valid_argument)
@filter_options
@accents_option
@expand_option
@click.option("--unit", "units", multiple=True, help="Figures in this unit, e.g. 'tỷ đồng', %.")
@click.option(
    "--counts",
    "counts",
    multiple=True,
    metavar="NOUN",
    help="Figures counting this, e.g. HTX, 'thành viên' (its first words suffice).",
)
@click.option(
    "--place", "places", multiple=True, help="Figures about this province, region or country."
)
@click.option(
    "--figure-year",
    "figure_years",
    multiple=True,
    type=YEAR,
    help="Figures about this year (--year filters the articles by their date).",
)
@output_options(fields=False)
@index_option
@click.pass_context
@handles_errors
def figures(
    ctx,
    query_text,
    any_accents,
    no_expand,
    units,
    counts,
    places,
    figure_years,
    output,
    index_dir,
    **filter_values,
) -> None:
    """List the figures the matching articles report, one row per figure.

    Over the articles QUERY matches (every word, as for query -c) within the
    same filters as query, or over all articles. Each row: the value, its
    unit, what it counts, the place and the year it speaks of (year_source:
    stated in the text, the article's date, or empty without either) and the sentence it comes
    from. --unit, --counts, --place and --figure-year keep some rows; each
    can be repeated (any of them). Exit status 1 when no figure is listed.

    \b
    Examples:
        coopsearch figures HTX --counts HTX --place "Bắc Giang"
        coopsearch figures "vốn điều lệ" --unit "tỷ đồng" --figure-year 2021
        coopsearch figures OCOP --format csv > ocop-figures.csv
    """
    from coopsearch import schema
    from coopsearch.errors import BadFilter
    from coopsearch.figure_render import write_figures
    from coopsearch.figures import RowFilter, place_notes, rows_from_json
    from coopsearch.filters import build_filter
    from coopsearch.search import Searcher

    for option, values in (("--unit", units), ("--counts", counts), ("--place", places)):
        if any(not value.strip() for value in values):
            raise click.UsageError(f"{option} needs a value, and an empty one was given.")
    target = ready_index(ctx, index_dir)
    filters = chosen_filters(filter_values)
    keep = RowFilter(tuple(units), tuple(counts), tuple(places), tuple(figure_years))
    try:
        place_notes_found = place_notes(tuple(places))
    except BadFilter as exc:
        raise click.UsageError(str(exc)) from exc
    for note in [*build_filter(filters)[1], *place_notes_found]:
        click.echo(f"coopsearch: note: {note}", err=True)
    with Searcher(target, any_accents=any_accents, expand=not no_expand) as searcher:
        if query_text is not None:
            for note in searcher.plan(query_text).notes:
                click.echo(f"coopsearch: note: {note}", err=True)

        seen_units: Counter[str] = Counter()
        seen_counts: Counter[str] = Counter()

        def records():
            for document in searcher.documents(query_text, filters, sort="date"):
                name = document.fields.get(schema.NAME) or document.path
                for row in rows_from_json(document.fields.get(schema.FIGURE_ROWS)):
                    seen_units[row.unit] += 1
                    seen_counts[row.counts] += bool(row.counts)
                    if keep(row):
                        record = row.to_dict(article=name, id=document.id)
                        path = str(document.path)
                        yield {**record, "start": row.start, "end": row.end, "path": path}

        written = write_figures(output.resolve(sys.stdout), sys.stdout, records(), output.color)
    if not written and units and seen_units and not any(map(keep.has_unit, seen_units)):
        common = ", ".join(u for u, _ in seen_units.most_common(8))
        click.echo(
            f"coopsearch: note: no row is in {' or '.join(map(repr, units))}; "
            f"the units of these articles' rows, commonest first: {common}.",
            err=True,
        )
    elif not written and counts and +seen_counts:
        common = ", ".join(c for c, _ in (+seen_counts).most_common(8))
        click.echo(
            f"coopsearch: note: no row counts {' or '.join(map(repr, counts))}; "
            f"what these articles' rows count, commonest first: {common}.",
            err=True,
        )
    sys.exit(FOUND if written else NOT_FOUND)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="coopsearch")
