"""The benchmark and relevance scripts run end to end on the bundled articles.

They are measured on the real crawl outside the test suite (see README); here
they only have to run and print their tables, so a change to the library API
cannot silently break them. No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


TANTIVY = importlib.util.find_spec("tantivy") is not None
TANTIVY_MISSING = "tantivy is NOT INSTALLED: no tantivy rows"


def table_systems(stdout: str) -> set[str]:
    """The systems with a row in the benchmark's main table."""
    rows = [line.split() for line in stdout.splitlines()]
    names = {"coopsearch", "fts5", "tantivy", "rg"}
    return {row[1] for row in rows if len(row) > 2 and row[0] == "corpus" and row[1] in names}


def test_benchmark_prints_its_table_on_the_bundled_corpus():
    result = run_script("bench/run.py", "--corpus", "corpus", "--quick")
    assert result.returncode == 0, result.stderr
    assert "coopsearch benchmark" in result.stdout
    systems = table_systems(result.stdout)
    assert {"coopsearch", "fts5"} <= systems
    assert "corpus coopsearch: edited word found in 1 of" in result.stdout
    # Tantivy (the optional bench extra) is measured when installed, else skipped with a note
    if TANTIVY:
        assert "tantivy" in systems
        assert "corpus tantivy: edited word found in 1 of" in result.stdout
    else:
        assert "tantivy" not in systems and TANTIVY_MISSING in result.stdout
    # the targets, with a verdict each, and the cold query in parts
    targets = result.stdout.split("targets (coopsearch ÷ peer")[1].split("\n\n")[0]
    for target in ("warm p50 <= 2x fts5", "warm p95 < 150 ms", "cold query faster than rg"):
        line = next(line for line in targets.splitlines() if target in line)
        assert line.rstrip().endswith(("met", "not met", "not measured")), line
    assert "cold query peak memory < 100 MB" in targets
    parts = result.stdout.split("cold `coopsearch query` in parts")[1].splitlines()
    assert parts[1].split()[2:6] == ["start-up", "imports", "open", "search"]
    assert parts[3].split()[:2] == ["corpus", "OCOP"]


def test_benchmark_skips_tantivy_when_it_is_not_installed():
    hide_tantivy = (
        "import runpy, sys; sys.modules['tantivy'] = None; sys.path.insert(0, 'bench'); "
        "sys.argv = ['bench/run.py', '--corpus', 'corpus', '--quick', '--systems', "
        "'fts5,tantivy']; runpy.run_path('bench/run.py', run_name='__main__')"
    )
    result = run_script("-c", hide_tantivy)
    assert result.returncode == 0, result.stderr
    assert table_systems(result.stdout) == {"fts5", "rg"}
    assert TANTIVY_MISSING in result.stdout and "tantivy is NOT INSTALLED" in result.stderr


def test_relevance_harness_prints_every_system_and_query_set(tmp_path):
    result = run_script(
        "eval/run.py",
        "--corpus",
        "corpus",
        "--sample",
        "5",
        "--limit-docs",
        "5",
        "--no-topics",
        "--workdir",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    for label in ("coopsearch", "fts5", "whoosh", "title", "unaccented", "nfd", "typo"):
        assert label in result.stdout
    assert "0 failed queries" in result.stdout


def test_relevance_harness_reuses_cached_answers_on_a_second_run(tmp_path):
    args = ["eval/run.py", "--corpus", "corpus", "--sample", "5", "--limit-docs", "5"]
    args += ["--no-topics", "--workdir", str(tmp_path), "--systems", "fts5", "--sets", "title"]
    first, second = run_script(*args), run_script(*args)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "answers cached" not in first.stdout and "answers cached" in second.stdout
    table = [line for line in second.stdout.splitlines() if line.startswith("title")]
    assert table == [line for line in first.stdout.splitlines() if line.startswith("title")]


def test_tuning_script_applies_an_override_and_prints_one_line(tmp_path):
    result = run_script(
        "eval/tune.py",
        "--corpus",
        "corpus",
        "--sample",
        "5",
        "--limit-docs",
        "5",
        "--workdir",
        str(tmp_path),
        "--sets",
        "title,typo",
        "querybuild.TITLE_WEIGHT=2.0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("querybuild.TITLE_WEIGHT=2.0: nDCG@10 title ")
    unknown = run_script("eval/tune.py", "--workdir", str(tmp_path), "querybuild.NOPE=1")
    assert unknown.returncode != 0 and "has no constant NOPE" in unknown.stderr
