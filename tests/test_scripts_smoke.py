"""The benchmark and relevance scripts run end to end on the bundled articles.

They are measured on the real crawl outside the test suite (see README); here
they only have to run and print their tables, so a change to the library API
cannot silently break them. No timing is asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_benchmark_prints_its_table_on_the_bundled_corpus():
    result = run_script("bench/run.py", "--corpus", "corpus", "--quick")
    assert result.returncode == 0, result.stderr
    assert "coopsearch benchmark" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines()]
    systems = {row[1] for row in rows if len(row) > 2 and row[0] == "corpus"}
    assert {"coopsearch", "fts5"} <= systems
    assert "corpus coopsearch: edited word found in 1 of" in result.stdout


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
