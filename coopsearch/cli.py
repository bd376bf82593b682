"""The ``coopsearch`` command line: options in, one library call, render, exit code.

Exit status follows grep: 0 something found, 1 nothing found, 2 an error.
Results go to stdout; messages, warnings and progress to stderr. Heavy
modules (whoosh, rich) are imported inside the commands that need them, so
``coopsearch --help`` starts at once.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from coopsearch import __version__
from coopsearch.errors import CoopsearchError
from coopsearch.paths import BUNDLED_CORPUS, INDEX_ENV, resolve_index_dir

FORMATS = ("rich", "plain", "json", "csv")
COLORS = ("auto", "always", "never")
FOUND, NOT_FOUND, ERROR = 0, 1, 2


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
    """Turn library errors, Ctrl-C and closed pipes into the CLI's contract."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CoopsearchError as exc:
            fail(str(exc))
        except BrokenPipeError:
            _quiet_broken_pipe()
        except KeyboardInterrupt:
            click.echo("coopsearch: interrupted; the index keeps what was committed.", err=True)
            sys.exit(130)

    return wrapper


def index_option(command):
    """``--index DIR``, accepted by every command (and before the command name)."""
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help=f"Index folder (default: ${INDEX_ENV}, else index/ in the project).",
    )(command)


def chosen_index(ctx: click.Context, index_dir: Path | None) -> tuple[Path, bool]:
    """The index folder, and whether the user named it (``--index``)."""
    explicit = index_dir or (ctx.obj or {}).get("index_dir")
    return resolve_index_dir(explicit), explicit is not None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopsearch")
@index_option
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None) -> None:
    """Search Vietnamese news about cooperatives (hợp tác xã), accented or not.

    \b
    Quick start:
        coopsearch query "OCOP Bắc Giang"
        coopsearch index ~/articles --index ~/my-index
    """
    ctx.obj = {"index_dir": index_dir}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Start a new index instead of updating.")
@index_option
@click.pass_context
@handles_errors
def index(ctx: click.Context, paths: tuple[Path, ...], rebuild: bool, index_dir) -> None:
    """Build or update the index from folders or files of articles.

    New and changed files are (re)indexed, deleted files removed, unchanged
    files skipped. PATHS defaults to the bundled corpus/.

    \b
    Example:
        coopsearch index ~/crawl/baomoi --index ~/coop-index
    """
    target, _ = chosen_index(ctx, index_dir)
    build_index(target, list(paths) or [BUNDLED_CORPUS], rebuild=rebuild)


def build_index(index_dir: Path, sources: list[Path], rebuild: bool = False) -> None:
    """Run the indexer with progress and problems on stderr, then a summary line."""
    from coopsearch.indexer import update_index
    from coopsearch.progress import progress_reporter

    def problem(path: str, reason: str) -> None:
        click.echo(f"coopsearch: skipped {path}: {reason}", err=True)

    with progress_reporter(sys.stderr) as progress:
        report = update_index(
            index_dir, sources, rebuild=rebuild, progress=progress, on_problem=problem
        )
    click.echo(f"Indexed into {index_dir}: {report.summary()}", err=True)


def ensure_index(index_dir: Path, explicit: bool) -> None:
    """Build the default index from the bundled corpus on first use."""
    from coopsearch import store

    if store.exists(index_dir) or explicit:
        return
    click.echo(
        f"No index in {index_dir} yet; building it from the bundled corpus ({BUNDLED_CORPUS}).",
        err=True,
    )
    build_index(index_dir, [BUNDLED_CORPUS])


@cli.command()
@click.argument("query_text", metavar="QUERY", required=False)
@click.option(
    "--queries-from",
    type=click.File("r", encoding="utf-8"),
    help="Run one query per line of FILE ('-' for stdin) in one process.",
)
@click.option(
    "-n",
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Number of results.",
)
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many results.")
@click.option("--json", "json_flag", is_flag=True, help="JSON Lines (same as --format json).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format (default: rich on a terminal, plain in a pipe).",
)
@click.option(
    "--color",
    type=click.Choice(COLORS),
    default="auto",
    show_default=True,
    help="Colour on a terminal; NO_COLOR and TERM=dumb are honoured.",
)
@click.option("--no-snippet", is_flag=True, help="Leave out snippets.")
@click.option(
    "--context",
    default=220,
    show_default=True,
    type=click.IntRange(40, 5000),
    help="Snippet length in characters.",
)
@index_option
@click.pass_context
@handles_errors
def query(
    ctx,
    query_text,
    queries_from,
    limit,
    offset,
    json_flag,
    fmt,
    color,
    no_snippet,
    context,
    index_dir,
) -> None:
    """Search the index; print ranked results with highlighted snippets.

    Words typed with accents prefer exact matches; words typed without them
    match any accents. HTX finds "hợp tác xã" and the reverse. Syntax: AND,
    OR, NOT, "a phrase", title:WORD, prefix*.

    \b
    Examples:
        coopsearch query "OCOP Bắc Giang"
        coopsearch query "hop tac xa" --json | jq .title
        coopsearch query --queries-from queries.txt --json
    """
    if (query_text is None) == (queries_from is None):
        raise click.UsageError("give either a QUERY or --queries-from FILE.")
    queries = (
        [query_text]
        if query_text is not None
        else [line.strip() for line in queries_from if line.strip()]
    )
    target, explicit = chosen_index(ctx, index_dir)
    ensure_index(target, explicit)

    from coopsearch.render import Renderer, choose_format, summary_line
    from coopsearch.search import Searcher

    fmt = choose_format(fmt, json_flag, sys.stdout)
    renderer = Renderer(fmt, sys.stdout, color, batch=queries_from is not None)
    found = False
    with Searcher(target) as searcher:
        for text in queries:
            result = searcher.search(
                text, limit=limit, offset=offset, snippets=not no_snippet, context=context
            )
            renderer.result(result)
            found = found or result.total > 0
            if fmt == "rich":
                click.echo(summary_line(result), err=True)
    sys.exit(FOUND if found else NOT_FOUND)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="coopsearch")
