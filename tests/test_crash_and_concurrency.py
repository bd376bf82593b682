"""Crashes, Ctrl-C and two processes at once: the committed index survives all of them.

These tests run a real indexer in a subprocess (slowed down, committing every
ten files) and send it real signals, query it from this process while it
writes, and start a second writer against it.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import committed_count, numbered_title, start_indexer, wait_for

from coopsearch import lock, store


def all_found_by_title(run, count: int) -> None:
    for n in range(count):
        hits = run.json("query", f'"{numbered_title(n)}"', "--limit", "10")
        assert any(h["title"] == numbered_title(n) for h in hits), numbered_title(n)


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in worker processes
def test_ctrl_c_exits_promptly_with_a_message_and_keeps_the_commits(
    fresh_cli, numbered_corpus, jobs
):
    indexer = start_indexer(fresh_cli.index_dir, numbered_corpus, "--jobs", jobs)
    wait_for(lambda: committed_count(fresh_cli.index_dir) >= 10)
    sent = time.monotonic()
    indexer.send_signal(signal.SIGINT)
    _, stderr = indexer.communicate(timeout=10)
    assert time.monotonic() - sent < 5
    assert indexer.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == (
        "coopsearch: interrupted; the index keeps what was committed "
        "(run the same command again to finish)."
    )
    kept = committed_count(fresh_cli.index_dir)
    assert 10 <= kept < 60
    assert lock.holder(fresh_cli.index_dir) is None
    result = fresh_cli("index", str(numbered_corpus))
    assert result.exit_code == 0 and f"unchanged {kept}," in result.stderr
    assert "earlier indexing run" not in result.stderr  # Ctrl-C cleaned up after itself
    all_found_by_title(fresh_cli, 60)


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in worker processes
def test_sigkill_keeps_the_last_commit_and_a_rerun_completes(fresh_cli, numbered_corpus, jobs):
    indexer = start_indexer(fresh_cli.index_dir, numbered_corpus, "--jobs", jobs)
    wait_for(lambda: committed_count(fresh_cli.index_dir) >= 20)
    indexer.kill()
    indexer.wait(timeout=10)
    kept = committed_count(fresh_cli.index_dir)
    assert kept >= 20
    assert fresh_cli("query", f'"{numbered_title(0)}"').exit_code == 0
    result = fresh_cli("index", str(numbered_corpus))
    assert result.exit_code == 0
    assert f"an earlier indexing run (pid {indexer.pid}) stopped before it finished" in (
        result.stderr
    )
    assert f"added {60 - kept}," in result.stderr
    assert committed_count(fresh_cli.index_dir) == 60
    all_found_by_title(fresh_cli, 60)
    leftovers = [p.name for p in fresh_cli.index_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in worker processes
def test_a_killed_rebuild_loses_no_document(fresh_cli, numbered_corpus, jobs):
    assert fresh_cli("index", str(numbered_corpus)).exit_code == 0
    first_commit = commit_generation(fresh_cli.index_dir)
    indexer = start_indexer(fresh_cli.index_dir, numbered_corpus, "--rebuild", "--jobs", jobs)
    wait_for(lambda: commit_generation(fresh_cli.index_dir) >= first_commit + 2)
    indexer.kill()
    indexer.wait(timeout=10)
    assert committed_count(fresh_cli.index_dir) == 60
    all_found_by_title(fresh_cli, 60)
    finished = fresh_cli("index", "--rebuild", str(numbered_corpus))
    assert finished.exit_code == 0 and "updated 60," in finished.stderr
    assert committed_count(fresh_cli.index_dir) == 60


def test_a_finished_rebuild_holds_only_the_folders_it_was_given(
    fresh_cli, numbered_corpus, corpus_copy
):
    assert fresh_cli("index", str(numbered_corpus), str(corpus_copy)).exit_code == 0
    assert committed_count(fresh_cli.index_dir) == 65
    rebuilt = fresh_cli("index", "--rebuild", "--yes", str(corpus_copy))
    assert rebuilt.exit_code == 0 and "removed 60," in rebuilt.stderr
    assert committed_count(fresh_cli.index_dir) == 5


def commit_generation(index_dir) -> int:
    """The number of Whoosh's latest commit (its table-of-contents file)."""
    return max(int(toc.stem.rsplit("_", 1)[1]) for toc in index_dir.glob("_MAIN_*.toc"))


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in worker processes
def test_queries_see_the_last_commit_while_an_index_is_written(fresh_cli, numbered_corpus, jobs):
    indexer = start_indexer(
        fresh_cli.index_dir, numbered_corpus, "--jobs", jobs, batch=5, delay=0.03
    )
    wait_for(lambda: store.exists(fresh_cli.index_dir))
    counts = []
    while indexer.poll() is None:
        result = fresh_cli("query", "Bắc Giang", "--json", "--limit", "100")
        assert result.exit_code in (0, 1), result.stderr
        counts.append(len(result.stdout.splitlines()))
    assert indexer.returncode == 0
    assert counts == sorted(counts)  # commits only ever add
    assert len(set(counts)) > 2  # the queries saw several commits
    assert fresh_cli("query", "Bắc Giang", "--json", "--limit", "100").stdout.count("\n") == 60


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in worker processes
def test_second_writer_is_refused_in_one_sentence_naming_the_pid(fresh_cli, numbered_corpus, jobs):
    indexer = start_indexer(fresh_cli.index_dir, numbered_corpus, "--jobs", jobs, delay=0.1)
    try:
        wait_for(lambda: lock.holder(fresh_cli.index_dir))
        result = fresh_cli("index", str(numbered_corpus))
        assert result.exit_code == 2
        assert result.stderr == (
            f"coopsearch: error: The index in {fresh_cli.index_dir} is being updated by "
            f"another coopsearch process (pid {indexer.pid}); wait for it to finish or use "
            "--wait.\n"
        )
        waited = fresh_cli("index", str(numbered_corpus), "--wait", "0.3")
        assert waited.exit_code == 2 and "(waited 0.3 s)" in waited.stderr
        rebuild = fresh_cli("index", "--rebuild", str(numbered_corpus))
        assert rebuild.exit_code == 2  # a rebuild does not wipe an index being written
    finally:
        indexer.kill()
        indexer.wait()


def test_wait_queues_behind_the_running_writer(fresh_cli, numbered_corpus):
    indexer = start_indexer(fresh_cli.index_dir, numbered_corpus, delay=0.02)
    wait_for(lambda: lock.holder(fresh_cli.index_dir))
    result = fresh_cli("index", str(numbered_corpus), "--wait")
    assert indexer.wait(timeout=30) == 0
    assert result.exit_code == 0 and "unchanged 60" in result.stderr


def test_wait_followed_by_a_folder_indexes_that_folder(fresh_cli, numbered_corpus):
    result = fresh_cli("index", "--wait", str(numbered_corpus))
    assert result.exit_code == 0 and "added 60," in result.stderr


def test_wait_with_neither_seconds_nor_a_path_is_a_usage_error(fresh_cli):
    result = fresh_cli("index", "--wait", "soon")
    assert result.exit_code == 2
    assert "'soon' is neither a number of seconds nor an existing path" in result.stderr


def test_lock_of_a_killed_writer_is_released_by_the_system(tmp_path):
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from coopsearch.lock import WriteLock; "
            f"WriteLock({str(tmp_path)!r}).acquire(); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    assert lock.holder(tmp_path) == holder.pid
    holder.kill()
    holder.wait()
    assert lock.holder(tmp_path) is None  # nothing to clear by hand
    with lock.WriteLock(tmp_path) as taken:
        assert taken.previous_pid == holder.pid
        assert lock.holder(tmp_path) is None or lock.holder(tmp_path) == os.getpid()


def test_killed_between_the_whoosh_commit_and_the_metadata_write(
    fresh_cli, corpus_copy, monkeypatch
):
    calls = []
    real_write_meta = store.write_meta

    def die_on_the_last_write(index_dir, **changes):
        calls.append(changes)
        if len(calls) == 3:  # create, roots before the commit, then this: after the last commit
            raise KeyboardInterrupt
        return real_write_meta(index_dir, **changes)

    monkeypatch.setattr(store, "write_meta", die_on_the_last_write)
    assert fresh_cli("index", str(corpus_copy)).exit_code == 130
    monkeypatch.setattr(store, "write_meta", real_write_meta)
    meta = store.read_meta(fresh_cli.index_dir)
    assert meta["roots"] == [str(corpus_copy)]  # written before the commit
    assert committed_count(fresh_cli.index_dir) == 5
    assert "unchanged 5" in fresh_cli("index", str(corpus_copy)).stderr


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in worker processes
def test_interrupted_during_a_commit_finishes_the_commit_first(
    fresh_cli, corpus_copy, monkeypatch, jobs
):
    from whoosh.writing import SegmentWriter

    real_commit = SegmentWriter.commit

    def commit_with_ctrl_c(self, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # arrives in the middle of the commit
        return real_commit(self, *args, **kwargs)

    monkeypatch.setattr(SegmentWriter, "commit", commit_with_ctrl_c)
    result = fresh_cli("index", str(corpus_copy), "--jobs", jobs)
    assert result.exit_code == 130 and "interrupted" in result.stderr
    monkeypatch.setattr(SegmentWriter, "commit", real_commit)
    assert committed_count(fresh_cli.index_dir) == 5


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs signals")
def test_smoke_of_the_stress_script_on_the_bundled_corpus(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parent / "stress" / "stress.py"
    corpus = Path(__file__).parent.parent / "corpus"
    result = subprocess.run(
        [sys.executable, str(script), str(corpus), "--index", str(tmp_path / "ix")]
        + ["--kills", "1", "--sample", "5", "--min-delay", "0.2", "--max-delay", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 round(s) with a problem; final index holds 5 documents" in result.stdout


def test_a_query_during_a_build_says_the_index_is_being_written(fresh_cli, numbered_corpus):
    indexer = start_indexer(fresh_cli.index_dir, numbered_corpus)
    wait_for(lambda: committed_count(fresh_cli.index_dir) >= 10)
    during = fresh_cli("query", "-c", "hợp tác xã")
    indexer.communicate(timeout=60)
    note = f"process {indexer.pid} is indexing into this index now"
    assert note in during.stderr and "committed so far" in during.stderr
    assert "is indexing" not in fresh_cli("query", "-c", "hợp tác xã").stderr
