"""Benchmark coopsearch against SQLite FTS5, Tantivy and ripgrep on the same files.

    python bench/run.py [--sizes 1000,10000,all] [--synthetic 100000] [--out DIR]
    python bench/run.py --corpus corpus --quick

For every corpus, in one run: full build (articles/s, peak RSS, index size),
in-process query latency (median, p95), a cold one-shot query as a new
process (wall time and peak RSS; and ``rg -i -l`` over the same folder), a
cold ``coopsearch query`` timed in parts (``bench/coldparts.py``), and an
incremental update after touching, then rewriting, 1% of the files. Builds,
updates and query sessions each run in their own child process
(``bench/worker.py``). The result is printed as one fixed-width table, the
issue's targets with a verdict each (coopsearch ÷ peer, from this run's
numbers) and the cold parts; ``--out`` saves the raw numbers as JSON
(outside the repository). Tantivy is measured when the optional ``bench``
extra is installed, and left out with a note otherwise. See
``bench/README.md``.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import coop

import corpus

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
QUERIES = BENCH_DIR / "queries.txt"
SYSTEMS = ("coopsearch", "fts5", "tantivy")
PEERS = ("fts5", "tantivy")
COLD_QUERIES = ("OCOP", "HTX", "hợp tác xã")
EDIT_MARK = "zqbenchedit"


@dataclass
class Settings:
    """How much to measure: the full run, or ``--quick``."""

    passes: int = 3
    cold_runs: int = 5
    cold_queries: tuple[str, ...] = COLD_QUERIES
    systems: tuple[str, ...] = SYSTEMS
    skipped: tuple[str, ...] = ()  # asked for but not installed (tantivy)
    worker_timeout: float = 3600.0


@dataclass
class CorpusResult:
    """Everything measured on one corpus, per system, plus ripgrep."""

    name: str
    folder: str
    docs: int
    systems: dict[str, dict] = field(default_factory=dict)
    rg: dict = field(default_factory=dict)


# ---------------------------------------------------------------- helpers


def log(message: str) -> None:
    """Progress on stderr, with a wall-clock time."""
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


def dir_size(path: Path) -> int:
    """Bytes used by a file, or by every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def read_queries(path: Path) -> list[str]:
    """The benchmark queries: one a line, blank lines and ``#`` comments out."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def rg_path() -> str | None:
    """The ripgrep executable, or None when it is not installed."""
    return shutil.which("rg")


def tantivy_installed() -> bool:
    """True when the ``tantivy`` package (the ``bench`` extra) can be imported."""
    return importlib.util.find_spec("tantivy") is not None


TANTIVY_MISSING = (
    "tantivy is NOT INSTALLED: no tantivy rows. Install the bench extra: "
    "`.venv/bin/pip install -e '.[bench]'`."
)


def version_of(command: list[str]) -> str:
    """First line of ``command --version``, or ``missing``."""
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError:
        return "missing"
    return (out.stdout or out.stderr).strip().splitlines()[0] if out.returncode == 0 else "?"


def package_version(name: str) -> str:
    """Installed version of a distribution, or ``not installed``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, str]:
    """CPU, cores, RAM and software versions for the table header."""
    cpu = "unknown CPU"
    ram = "? GiB"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    rg = rg_path()
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "whoosh": package_version("whoosh3"),
        "sqlite": sqlite3.sqlite_version,
        "tantivy": package_version("tantivy"),
        "coopsearch": package_version("coopsearch"),
        "ripgrep": version_of([rg, "--version"]) if rg else "missing",
        "load_at_start": load_average(),
    }


def load_average() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews timings."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


# ------------------------------------------------------------ measurements


def run_worker(task: str, settings: Settings, **args: object) -> dict:
    """Run one measurement in a fresh child process; its JSON result.

    On failure the result is ``{"error": ...}`` with the child's last
    stderr line, so one broken system does not stop the run.
    """
    command = [sys.executable, str(BENCH_DIR / "worker.py"), task, json.dumps(args)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=settings.worker_timeout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"{task} timed out after {settings.worker_timeout:.0f} s"}
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        return {"error": lines[-1][:300]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_build(system: str, index: Path, docs: Path, count: int, settings: Settings) -> dict:
    """Full build: seconds, articles/s, peak RSS and index size."""
    result = run_worker("build", settings, system=system, index=str(index), root=str(docs))
    if "error" not in result:
        result["docs_per_second"] = count / result["seconds"] if result["seconds"] else None
        result["index_bytes"] = dir_size(index)
    return result


def measure_queries(system: str, index: Path, queries: list[str], settings: Settings) -> dict:
    """In-process latency over ``queries``: median, p95, queries with hits."""
    result = run_worker(
        "queries",
        settings,
        system=system,
        index=str(index),
        queries=queries,
        passes=settings.passes,
    )
    if "error" not in result:
        samples = [t for per_query in result["latencies"] for t in per_query]
        result["median_seconds"] = statistics.median(samples)
        result["p95_seconds"] = percentile(samples, 0.95)
        cpu = [t for per_query in result.get("cpu_latencies", []) for t in per_query]
        if cpu:
            result["cpu_median_seconds"] = statistics.median(cpu)
            result["cpu_p95_seconds"] = percentile(cpu, 0.95)
        result["queries_with_hits"] = sum(1 for n in result["hits"] if n)
        result["queries"] = len(queries)
    return result


@dataclass
class Spawned:
    """One finished child process: wall seconds, exit status, output."""

    seconds: float
    status: int
    stdout: str
    stderr: str


def spawn(command: list[str], keep_stdout: bool = False) -> Spawned:
    """Run ``command`` to its end; its wall time (stdout discarded unless kept)."""
    start = time.perf_counter()
    done = subprocess.run(
        command,
        stdout=subprocess.PIPE if keep_stdout else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seconds = time.perf_counter() - start
    stdout = done.stdout.decode(errors="replace") if keep_stdout else ""
    return Spawned(seconds, done.returncode, stdout, done.stderr.decode(errors="replace"))


def checked(command: list[str], done: Spawned) -> Spawned:
    """``done``, or RuntimeError when it failed (exit status 1, nothing found, is no failure)."""
    if done.status not in (0, 1) or "Traceback (most recent call last)" in done.stderr:
        message = done.stderr.strip().splitlines() or ["?"]
        raise RuntimeError(f"{command[0]} exit {done.status}: {message[-1][:200]}")
    return done


def time_command(command: list[str], runs: int) -> list[float]:
    """Wall seconds of ``runs`` executions of ``command`` after one warm-up; output discarded."""
    checked(command, spawn(command))
    return [checked(command, spawn(command)).seconds for _ in range(runs)]


@functools.cache
def gnu_time() -> str | None:
    """GNU time (``/usr/bin/time``), which reports a child's own peak RSS; None if missing.

    Not ``os.wait4`` from here: on Linux an exec'd child's ``ru_maxrss``
    starts at its parent's high-water mark, so every child of this script
    would seem to need at least this script's memory.
    """
    path = shutil.which("time") or "/usr/bin/time"
    return path if "GNU" in version_of([path, "--version"]) else None


def peak_rss_kib(command: list[str]) -> int | None:
    """Peak RSS (KiB) of one run of ``command``, measured by GNU time; None without it."""
    timer = gnu_time()
    if not timer:
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        checked(command, spawn([timer, "-f", "%M", "-o", report.name, *command]))
        return int(report.read().strip().splitlines()[-1])


def compile_package() -> None:
    """Write coopsearch's bytecode, as ``pip install`` does, before any cold query is timed.

    Run from a source checkout with ``PYTHONDONTWRITEBYTECODE`` set (as CI
    machines often are), every cold ``coopsearch`` would compile each of its
    modules from source again: about 45 ms on a 2-core machine that an
    installed package never pays.
    """
    spec = importlib.util.find_spec("coopsearch")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        done = subprocess.run(
            [sys.executable, "-m", "compileall", "-q", folder], capture_output=True, check=False
        )
        if done.returncode:
            log(f"could not write coopsearch's bytecode in {folder}: cold queries compile it")


def measure_cold(commands: list[list[str]], runs: int) -> dict:
    """Median wall time of one-shot commands, each a new process; highest peak RSS.

    The peak RSS comes from one more run of each command under GNU time, so
    the timed runs do not carry its start-up.
    """
    try:
        samples = [t for command in commands for t in time_command(command, runs)]
        rss = [peak_rss_kib(command) for command in commands]
    except (OSError, RuntimeError, ValueError) as error:
        return {"error": str(error)}
    measured = [kib for kib in rss if kib is not None]
    return {
        "median_seconds": statistics.median(samples),
        "samples": samples,
        "peak_rss_kib": max(measured) if measured else None,
        "rss_samples_kib": rss,
    }


def measure_cold_parts(index: Path, queries: tuple[str, ...], runs: int) -> dict:
    """A cold ``coopsearch query`` in parts (``bench/coldparts.py``), per query.

    For every query: one warm-up, then ``runs`` fresh processes; the median
    of each part, of the process's wall time and of its peak RSS. ``start-up``
    is the wall time less the time inside the script (interpreter start and
    exit).
    """
    script = str(BENCH_DIR / "coldparts.py")
    per_query = {}
    try:
        for query in queries:
            command = [sys.executable, script, str(index), query]
            checked(command, spawn(command, keep_stdout=True))
            samples = []
            for _ in range(runs):
                done = checked(command, spawn(command, keep_stdout=True))
                parts = json.loads(done.stdout.strip().splitlines()[-1])
                parts["wall_ms"] = done.seconds * 1000
                parts["startup_ms"] = parts["wall_ms"] - parts["total_ms"]
                samples.append(parts)
            per_query[query] = {
                "parts_ms": {
                    part: statistics.median(s["parts_ms"][part] for s in samples)
                    for part in samples[0]["parts_ms"]
                },
                "startup_ms": statistics.median(s["startup_ms"] for s in samples),
                "wall_ms": statistics.median(s["wall_ms"] for s in samples),
                "peak_rss_kib": statistics.median(s["peak_rss_kib"] for s in samples),
                "unhooked": samples[0]["unhooked"],
                "samples": samples,
            }
    except (OSError, RuntimeError, ValueError, IndexError, KeyError) as error:
        return {"error": str(error)[:300]}
    return per_query


def measure_import_time(index: Path, query: str) -> dict:
    """Imports over one whole cold ``coopsearch query`` run, from ``python -X importtime``.

    The total is the sum of the top-level imports' cumulative times, so
    imports done late (while opening or searching) count too; the heaviest
    top-level imports are kept by name.
    """
    command = [sys.executable, "-X", "importtime", *coop.cli_command(index, query)]
    try:
        done = checked(command, spawn(command))
    except (OSError, RuntimeError) as error:
        return {"error": str(error)}
    top: list[tuple[float, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|")
        if len(name) - len(name.lstrip()) == 1:  # nested imports are indented further
            top.append((int(cumulative) / 1000, name.strip()))
    top.sort(reverse=True)
    return {
        "query": query,
        "total_ms": sum(ms for ms, _ in top),
        "heaviest": [[name, ms] for ms, name in top[:4]],
    }


def cold_commands(system: str, index: Path, docs: Path, queries: tuple[str, ...]) -> list:
    """The one-shot query command lines of ``system`` (or ``rg``)."""
    if system == "coopsearch":
        return [coop.cli_command(index, query) for query in queries]
    if system in PEERS:
        script = str(BENCH_DIR / ("fts5.py" if system == "fts5" else "tantivy_peer.py"))
        return [[sys.executable, script, "query", str(index), query] for query in queries]
    return [[rg_path() or "rg", "-i", "-l", "-F", query, str(docs)] for query in queries]


def pick_one_percent(docs: Path) -> list[Path]:
    """1% of the corpus files (at least one), spread evenly, deterministic."""
    files = corpus.list_articles(docs)
    return corpus.select_evenly(files, max(1, round(len(files) / 100)))


def touch_files(paths: list[Path]) -> None:
    """Give ``paths`` a new mtime without changing their content."""
    when = time.time() + 60
    for path in paths:
        os.utime(path, (when, when))


def rewrite_files(paths: list[Path]) -> None:
    """Change ``paths`` slightly: one sentence added after the title, new mtime.

    Added after the title, not at the end: the end of a saved web page is
    site chrome (ratings, link lists) that coopsearch leaves out of the body.
    """
    when = time.time() + 120
    for path in paths:
        title, newline, rest = path.read_text(encoding="utf-8").partition("\n")
        path.write_text(f"{title}\nBài viết được cập nhật {EDIT_MARK}.\n{rest}", encoding="utf-8")
        os.utime(path, (when, when))


def measure_update(system: str, index: Path, docs: Path, settings: Settings) -> dict:
    """One incremental update in a child process."""
    return run_worker("update", settings, system=system, index=str(index), root=str(docs))


def edits_found(system: str, index: Path, settings: Settings) -> int | None:
    """Hits (≤10) for the word appended by ``rewrite_files``: were edits indexed?"""
    result = run_worker(
        "queries", settings, system=system, index=str(index), queries=[EDIT_MARK], passes=0
    )
    return None if "error" in result else result["hits"][0]


# ------------------------------------------------------------------ driver


def work_copy(folder: Path, work: Path) -> Path:
    """A private copy of the corpus (mtimes kept) that updates may modify."""
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    shutil.copytree(folder, docs, symlinks=False, ignore=shutil.ignore_patterns(".*"))
    for path in docs.rglob("*"):
        path.chmod(path.stat().st_mode | 0o200)
    return docs


def index_path(system: str, work: Path) -> Path:
    """Where ``system`` keeps its index for this corpus."""
    return work / {"fts5": "fts5.sqlite", "tantivy": "tantivy-index"}.get(system, "coop-index")


def run_corpus(
    name: str, folder: Path, work_root: Path, queries: list[str], settings: Settings
) -> CorpusResult:
    """Every measurement on one corpus, for both systems and ripgrep."""
    work = work_root / name
    docs = work_copy(folder, work)
    result = CorpusResult(name, str(folder), len(corpus.list_articles(docs)))
    for system in settings.systems:
        log(f"{name}: {system} build of {result.docs} articles")
        result.systems[system] = {
            "build": measure_build(system, index_path(system, work), docs, result.docs, settings)
        }
    for system in settings.systems:
        row = result.systems[system]
        if "error" in row["build"]:
            continue
        index = index_path(system, work)
        log(f"{name}: {system} query latency")
        row["queries"] = measure_queries(system, index, queries, settings)
        log(f"{name}: {system} cold one-shot queries")
        commands = cold_commands(system, index, docs, settings.cold_queries)
        row["cold"] = measure_cold(commands, settings.cold_runs)
        if system == "coopsearch":
            log(f"{name}: coopsearch cold query in parts")
            row["cold_parts"] = measure_cold_parts(index, settings.cold_queries, settings.cold_runs)
            row["import_time"] = measure_import_time(index, settings.cold_queries[0])
    if rg_path():
        log(f"{name}: rg -i -l")
        commands = cold_commands("rg", Path(), docs, settings.cold_queries)
        result.rg = {"cold": measure_cold(commands, settings.cold_runs)}
    run_incremental(name, docs, work, result, settings)
    return result


def run_incremental(
    name: str, docs: Path, work: Path, result: CorpusResult, settings: Settings
) -> None:
    """Touch 1% of the files, update; rewrite them, update; both systems."""
    changed = pick_one_percent(docs)
    live = [s for s in result.systems if "error" not in result.systems[s]["build"]]
    for step, mutate in (("touch", touch_files), ("edit", rewrite_files)):
        mutate(changed)
        for system in live:
            log(f"{name}: {system} update after {step} of {len(changed)} files")
            update = measure_update(system, index_path(system, work), docs, settings)
            update["files"] = len(changed)
            result.systems[system][step] = update
    for system in live:
        result.systems[system]["edit"]["found"] = edits_found(
            system, index_path(system, work), settings
        )


# ------------------------------------------------------------------- table

COLUMNS = (
    ("corpus", 16),
    ("system", 10),
    ("docs", 7),
    ("build s", 8),
    ("cpu s", 7),
    ("docs/s", 7),
    ("peak MB", 8),
    ("index MB", 9),
    ("q p50 ms", 9),
    ("q p95 ms", 9),
    ("q hits", 7),
    ("cold ms", 8),
    ("cold MB", 8),
    ("touch s", 8),
    ("edit s", 8),
    ("edit/full", 10),
)


def fmt(value: float | None, spec: str) -> str:
    """Format a number, ``-`` when missing."""
    return "-" if value is None else format(value, spec)


def _get(row: dict, *keys: str) -> float | None:
    """Nested lookup that yields None on any missing or failed step."""
    for key in keys:
        if not isinstance(row, dict) or key not in row or "error" in row:
            return None
        row = row[key]
    return row


def system_cells(result: CorpusResult, system: str) -> list[str]:
    """Table cells of one system on one corpus."""
    row = result.systems.get(system, {})
    build = row.get("build", {})
    if "error" in build:
        return [result.name, system, str(result.docs), "ERROR"] + ["-"] * (len(COLUMNS) - 4)
    seconds = _get(row, "build", "seconds")
    edit = _get(row, "edit", "seconds")
    hits = _get(row, "queries", "queries_with_hits")
    ms = 1000.0
    return [
        result.name,
        system,
        str(result.docs),
        fmt(seconds, ".1f"),
        fmt(_get(row, "build", "cpu_seconds"), ".1f"),
        fmt(_get(row, "build", "docs_per_second"), ".0f"),
        fmt((_get(row, "build", "peak_rss_kib") or 0) / 1024 or None, ".0f"),
        fmt((_get(row, "build", "index_bytes") or 0) / 2**20 or None, ".1f"),
        fmt((_get(row, "queries", "median_seconds") or 0) * ms or None, ".1f"),
        fmt((_get(row, "queries", "p95_seconds") or 0) * ms or None, ".1f"),
        "-" if hits is None else f"{hits}/{_get(row, 'queries', 'queries')}",
        fmt((_get(row, "cold", "median_seconds") or 0) * ms or None, ".0f"),
        fmt((_get(row, "cold", "peak_rss_kib") or 0) / 1024 or None, ".0f"),
        fmt(_get(row, "touch", "seconds"), ".2f"),
        fmt(edit, ".2f"),
        "-" if not (edit and seconds) else f"{100 * edit / seconds:.1f}%",
    ]


def rg_cells(result: CorpusResult) -> list[str]:
    """Table cells of the ripgrep row (one-shot search only)."""
    cold = _get(result.rg, "cold", "median_seconds")
    rss = _get(result.rg, "cold", "peak_rss_kib")
    cells = [result.name, "rg -i -l", str(result.docs)] + ["-"] * (len(COLUMNS) - 3)
    titles = [title for title, _ in COLUMNS]
    cells[titles.index("cold ms")] = fmt(cold * 1000 if cold else None, ".0f")
    cells[titles.index("cold MB")] = fmt(rss / 1024 if rss else None, ".0f")
    return cells


# ----------------------------------------------------------------- targets

TARGET_P50_RATIO = 2.0  # warm p50 at most 2x FTS5's
TARGET_P95_MS = 150.0  # warm p95, with snippets
TARGET_COLD_RATIO = 1.0  # cold coopsearch query faster than rg -i -l
TARGET_COLD_MB = 100.0  # peak RSS of a cold coopsearch query
TARGET_LARGE_DOCS = 100_000  # at this size and above...
TARGET_LARGE_COLD_S = 1.0  # ...a cold query under 1 s

TARGET_COLUMNS = (
    ("corpus", 16),
    ("target", 40),
    ("coopsearch", 22),
    ("peer", 22),
    ("ratio", 8),
    ("verdict", 12),
)


def verdict(ok: bool | None) -> str:
    """``met``, ``not met``, or ``not measured`` when a number is missing."""
    return "not measured" if ok is None else ("met" if ok else "not met")


def ratio_text(value: float | None) -> str:
    """A coopsearch ÷ peer ratio, ``-`` when missing."""
    return "-" if value is None else f"{value:.3g}x"


def ms_text(seconds: float | None, cpu: float | None = None) -> str:
    """Milliseconds, with the CPU milliseconds beside them when known."""
    if seconds is None:
        return "-"
    text = f"{seconds * 1000:.1f} ms"
    return text if cpu is None else f"{text} (cpu {cpu * 1000:.1f})"


def divide(a: float | None, b: float | None) -> float | None:
    """``a / b``, None when either is missing or ``b`` is 0."""
    return None if a is None or not b else a / b


def target_rows(result: CorpusResult) -> list[list[str]]:
    """The issue's targets on one corpus: coopsearch's number, the peer's, ratio, verdict."""
    coop_row = result.systems.get("coopsearch")
    if not coop_row or "error" in coop_row.get("build", {}):
        return []
    peers = {p: result.systems[p] for p in PEERS if p in result.systems}
    rows = []
    speed = _get(coop_row, "build", "docs_per_second")
    for peer, row in peers.items():
        theirs = _get(row, "build", "docs_per_second")
        rows.append(
            [
                f"indexing articles/s vs {peer}",
                fmt(speed, ".0f") + "/s",
                fmt(theirs, ".0f") + "/s",
                ratio_text(divide(speed, theirs)),
                "no target",
            ]
        )
    p50 = _get(coop_row, "queries", "median_seconds")
    p50_cpu = _get(coop_row, "queries", "cpu_median_seconds")
    for peer, row in peers.items():
        theirs = _get(row, "queries", "median_seconds")
        ratio = divide(p50, theirs)
        goal = (
            f"warm p50 <= {TARGET_P50_RATIO:g}x {peer}" if peer == "fts5" else f"warm p50 vs {peer}"
        )
        ok = None if ratio is None else ratio <= TARGET_P50_RATIO
        rows.append(
            [
                goal,
                ms_text(p50, p50_cpu),
                ms_text(theirs, _get(row, "queries", "cpu_median_seconds")),
                ratio_text(ratio),
                verdict(ok) if peer == "fts5" else "no target",
            ]
        )
    p95 = _get(coop_row, "queries", "p95_seconds")
    rows.append(
        [
            f"warm p95 < {TARGET_P95_MS:g} ms",
            ms_text(p95, _get(coop_row, "queries", "cpu_p95_seconds")),
            "-",
            "-",
            verdict(None if p95 is None else p95 * 1000 < TARGET_P95_MS),
        ]
    )
    cold = _get(coop_row, "cold", "median_seconds")
    rg = _get(result.rg, "cold", "median_seconds")
    ratio = divide(cold, rg)
    rows.append(
        [
            "cold query faster than rg -i -l",
            ms_text(cold),
            ms_text(rg) + " (rg)" if rg else "-",
            ratio_text(ratio),
            verdict(None if ratio is None else ratio < TARGET_COLD_RATIO),
        ]
    )
    rss = _get(coop_row, "cold", "peak_rss_kib")
    mb = None if rss is None else rss / 1024
    rows.append(
        [
            f"cold query peak memory < {TARGET_COLD_MB:g} MB",
            "-" if mb is None else f"{mb:.0f} MB",
            "-",
            "-",
            verdict(None if mb is None else mb < TARGET_COLD_MB),
        ]
    )
    if result.docs >= TARGET_LARGE_DOCS:
        rows.append(
            [
                f"cold query < {TARGET_LARGE_COLD_S:g} s (>= {TARGET_LARGE_DOCS:,} articles)",
                ms_text(cold),
                "-",
                "-",
                verdict(None if cold is None else cold < TARGET_LARGE_COLD_S),
            ]
        )
    return [[result.name, *row] for row in rows]


def render_targets(results: list[CorpusResult]) -> list[str]:
    """The targets table: one row per target and corpus, verdicts from this run."""
    rows = [row for result in results for row in target_rows(result)]
    if not rows:
        return []
    widths = [width for _, width in TARGET_COLUMNS]
    header = "  ".join(title.ljust(width) for title, width in TARGET_COLUMNS).rstrip()
    lines = [
        "targets (coopsearch ÷ peer; wall times, CPU in brackets; from this run's numbers)",
        header,
        "-" * len(header),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return lines


# -------------------------------------------------------------- cold parts

PART_COLUMNS = (
    ("corpus", 16),
    ("query", 14),
    ("start-up", 9),
    ("imports", 8),
    ("open", 7),
    ("search", 7),
    ("snippets", 9),
    ("spelling", 9),
    ("render", 7),
    ("close", 6),
    ("cli", 6),
    ("wall", 7),
    ("peak MB", 8),
)
PART_KEYS = ("imports", "open", "search", "snippets", "spelling", "render", "close", "cli")


def render_cold_parts(results: list[CorpusResult], settings: Settings) -> list[str]:
    """The cold ``coopsearch query`` in parts, one line per corpus and query."""
    lines: list[str] = []
    notes: list[str] = []
    for result in results:
        row = result.systems.get("coopsearch", {})
        parts = row.get("cold_parts")
        if not parts:
            continue
        if "error" in parts:
            notes.append(f"{result.name}: cold parts ERROR: {parts['error']}")
            continue
        for query, measured in parts.items():
            cells = [result.name, query[:14], f"{measured['startup_ms']:.1f}"]
            cells += [f"{measured['parts_ms'].get(key, 0.0):.1f}" for key in PART_KEYS]
            cells += [f"{measured['wall_ms']:.0f}", f"{measured['peak_rss_kib'] / 1024:.0f}"]
            lines.append(
                "  ".join(c.rjust(w) for c, (_, w) in zip(cells, PART_COLUMNS, strict=True))
            )
            if measured["unhooked"]:
                notes.append(
                    f"{result.name} {query!r}: not hooked (its time is in the part around "
                    f"it): {', '.join(measured['unhooked'])}"
                )
        imports = row.get("import_time", {})
        if "error" in imports:
            notes.append(f"{result.name}: -X importtime ERROR: {imports['error']}")
        elif imports:
            heaviest = ", ".join(f"{name} {ms:.0f}" for name, ms in imports["heaviest"])
            notes.append(
                f"{result.name}: imports over one whole cold run (python -X importtime, "
                f"{imports['query']!r}, one run, slowed by the tracing itself): "
                f"{imports['total_ms']:.0f} ms; heaviest top-level (ms): {heaviest}"
            )
    if not lines and not notes:
        return []
    header = "  ".join(title.rjust(width) for title, width in PART_COLUMNS)
    return [
        f"cold `coopsearch query` in parts, ms (bench/coldparts.py: median of "
        f"{settings.cold_runs} fresh processes per query, output to /dev/null; start-up = "
        "interpreter start and exit; each part excludes the parts nested in it)",
        header,
        "-" * len(header),
        *lines,
        *notes,
    ]


def render_table(
    results: list[CorpusResult], info: dict[str, str], notes: list[str], settings: Settings
) -> str:
    """The whole report: machine header, the table, targets, cold parts, notes."""
    header = [
        f"coopsearch benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, {info['os']}",
        f"python {info['python']}, whoosh3 {info['whoosh']}, sqlite {info['sqlite']}, "
        f"tantivy {info['tantivy']}, coopsearch {info['coopsearch']}, {info['ripgrep']}",
        f"load average at start: {info['load_at_start']} (at end: {load_average()})",
    ]
    line = "  ".join(title.rjust(width) for title, width in COLUMNS)
    rows = [header[0], *header[1:], "", line, "-" * len(line)]
    for result in results:
        cell_rows = [system_cells(result, s) for s in result.systems]
        if result.rg:
            cell_rows.append(rg_cells(result))
        for cells in cell_rows:
            rows.append("  ".join(c.rjust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)))
    for section in (render_targets(results), render_cold_parts(results, settings)):
        if section:
            rows += ["", *section]
    return "\n".join(rows + [""] + notes)


def system_notes(name: str, system: str, row: dict, queries: list[str]) -> list[str]:
    """Footnotes of one system on one corpus: edits found, no-hit queries, errors."""
    notes = []
    files = _get(row, "edit", "files")
    if files is not None:
        found = _get(row, "edit", "found")
        notes.append(
            f"{name} {system}: edited word found in {found} of min(10, {files}) "
            "expected hits after the edit update"
        )
    cpu_p50 = _get(row, "queries", "cpu_median_seconds")
    if cpu_p50 is not None:
        cpu_p95 = _get(row, "queries", "cpu_p95_seconds")
        notes.append(
            f"{name} {system}: query CPU time p50 {cpu_p50 * 1000:.1f} ms, "
            f"p95 {cpu_p95 * 1000:.1f} ms (≈ wall time on an idle machine, warm cache)"
        )
    hits = _get(row, "queries", "hits")
    if hits:
        missed = [query for query, count in zip(queries, hits, strict=True) if not count]
        notes.append(f"{name} {system}: no hits for {missed}")
    for step, value in row.items():
        if isinstance(value, dict) and "error" in value:
            notes.append(f"{name} {system} {step} ERROR: {value['error']}")
    return notes


def collect_notes(results: list[CorpusResult], settings: Settings, queries: list[str]) -> list[str]:
    """Footnotes: what was measured, then per corpus and system details."""
    notes = [
        f"q: {len(queries)} queries, top 10 with snippets, {settings.passes} timed passes "
        f"after 1 warm-up; q hits = queries with at least one hit. cold: median of "
        f"{settings.cold_runs} runs x {len(settings.cold_queries)} queries "
        f"{list(settings.cold_queries)}, a new process each (fts5, tantivy: python "
        "bench/fts5.py, bench/tantivy_peer.py); cold MB = highest peak RSS of one more run "
        "of each, under GNU time.",
        "Query semantics: coopsearch and tantivy require every word of a query (AND); the "
        "fts5 peer ORs them, so it ranks more candidates and finds hits for more queries.",
        "touch/edit: incremental update after new mtime / a sentence added on 1% of files; "
        "edit/full = edit update time / full build time. cpu s = CPU time of the build "
        "(wall time grows when other work shares the machine: see the load average).",
    ]
    for result in results:
        for system, row in result.systems.items():
            notes.extend(system_notes(result.name, system, row, queries))
        if isinstance(result.rg.get("cold"), dict) and "error" in result.rg["cold"]:
            notes.append(f"{result.name} rg ERROR: {result.rg['cold']['error']}")
    if not rg_path():
        notes.append(
            "ripgrep (rg) is MISSING: no rg rows. Install it with "
            "`apt-get update && apt-get install -y ripgrep`."
        )
    if "tantivy" in settings.skipped:
        notes.append(TANTIVY_MISSING)
    if not gnu_time():
        notes.append(
            "GNU time is MISSING: no cold MB (peak memory of a cold query). Install it with "
            "`apt-get update && apt-get install -y time`."
        )
    return notes


# --------------------------------------------------------------------- CLI


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,all",
        help="real-crawl subsets, comma-separated ('all' = every article)",
    )
    parser.add_argument(
        "--synthetic", default="", help="synthetic corpus sizes, comma-separated, e.g. 100000"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=[],
        help="benchmark this folder instead (repeatable)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 timed pass, 2 cold runs of 2 queries (for smoke runs)",
    )
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help="systems to measure, comma-separated (default: coopsearch,fts5,tantivy; "
        "tantivy only when installed)",
    )
    parser.add_argument("--out", type=Path, help="folder for a JSON of the raw numbers")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument(
        "--root", type=Path, default=corpus.BENCH_ROOT, help="where corpora and indexes are written"
    )
    parser.add_argument("--crawl", type=Path, default=corpus.CRAWL)
    return parser.parse_args(argv)


def outside_repo(path: Path) -> bool:
    """True when ``path`` is not inside this repository."""
    return not path.resolve().is_relative_to(REPO)


def corpora(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """(name, folder) of every corpus to benchmark, prepared if needed."""
    if args.corpus:
        return [(folder.resolve().name, folder) for folder in args.corpus]
    chosen = []
    for text in filter(None, args.sizes.split(",")):
        size = corpus.parse_size(text)
        log(f"preparing {corpus.real_name(size)}")
        chosen.append((corpus.real_name(size), corpus.prepare_real(size, args.root, args.crawl)))
    for text in filter(None, args.synthetic.split(",")):
        size = corpus.parse_size(text)
        log(f"preparing synthetic-{size}")
        chosen.append((f"synthetic-{size}", corpus.prepare_synthetic(size, args.root, args.crawl)))
    return chosen


def json_path(out: Path) -> Path:
    """A new, dated JSON file name under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    return out / f"coopsearch-bench-{datetime.now():%Y%m%d-%H%M%S}.json"


def save_json(path: Path, info: dict, results: list[CorpusResult], seconds: float) -> None:
    """Write the raw numbers measured so far as JSON to ``path``."""
    payload = {
        "machine": info,
        "seconds": seconds,
        "results": [result.__dict__ for result in results],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    args = parse_args(argv)
    if args.out and not outside_repo(args.out):
        print("--out must be outside the repository", file=sys.stderr)
        return 2
    systems = tuple(filter(None, args.systems.split(",")))
    if not systems or set(systems) - set(SYSTEMS):
        print(f"--systems: choose from {', '.join(SYSTEMS)}", file=sys.stderr)
        return 2
    skipped = ()
    if "tantivy" in systems and not tantivy_installed():
        log(TANTIVY_MISSING.replace("no tantivy rows", "the tantivy comparison is skipped"))
        systems, skipped = tuple(s for s in systems if s != "tantivy"), ("tantivy",)
        if not systems:
            print("--systems: nothing left to measure without tantivy", file=sys.stderr)
            return 2
    settings = (
        Settings(
            passes=1,
            cold_runs=2,
            cold_queries=COLD_QUERIES[:2],
            systems=systems,
            skipped=skipped,
        )
        if args.quick
        else Settings(systems=systems, skipped=skipped)
    )
    if not rg_path():
        log(
            "ripgrep (rg) is MISSING: the rg comparison is skipped "
            "(apt-get update && apt-get install -y ripgrep)"
        )
    started = time.perf_counter()
    compile_package()
    queries = read_queries(args.queries)
    info = machine_info()
    raw = json_path(args.out) if args.out else None
    results: list[CorpusResult] = []
    for name, folder in corpora(args):
        results.append(run_corpus(name, folder, args.root / "work", queries, settings))
        if raw:  # after every corpus, so a long run that is stopped keeps its numbers
            save_json(raw, info, results, time.perf_counter() - started)
    seconds = time.perf_counter() - started
    notes = collect_notes(results, settings, queries)
    notes.append(f"total benchmark time: {seconds:.0f} s")
    print(render_table(results, info, notes, settings))
    if raw:
        save_json(raw, info, results, seconds)
        log(f"raw numbers: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
