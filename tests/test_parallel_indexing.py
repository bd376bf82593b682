"""Indexing in worker processes gives the index, the report and the problems of one process.

A small corpus is written here (articles, a .jsonl of several, and files
that cannot be read), indexed with ``--jobs 1`` and with ``--jobs 2``, and
the two indexes are compared document by document, term by term and query
by query. Workers that die are simulated through the code a worker runs
first (``parallel.WORKER_MAIN``).
"""

from __future__ import annotations

import json
import os
import signal
import sys

import pytest
from conftest import Cli, committed_count, numbered_title, wait_for

from coopsearch import parallel
from coopsearch.indexer import update_index
from coopsearch.store import open_existing

QUERIES = ("hợp tác xã", "HTX Bắc Giang", "ca phe", '"nông thôn mới"', "lúa OR tôm", "thươ*")


def article(n: int) -> str:
    places = ("Bắc Giang", "Sơn La", "Cà Mau", "Đắk Lắk", "Thái Bình")
    crops = ("vải thiều", "cà phê", "tôm", "lúa", "chè")
    place, crop = places[n % 5], crops[n % 5]
    return (
        f"HTX {crop} số {n} ở {place}\n\n"
        f"Ngày {n % 28 + 1:02d}/03/2023, hợp tác xã {crop} số {n} tỉnh {place} tổng kết năm; "
        f"các thành viên thu {n * 7} tấn {crop}, góp phần xây dựng nông thôn mới. "
        f"Ông Nguyễn Văn An, Giám đốc HTX, cho biết thương hiệu đã đạt OCOP {n % 5 + 1} sao."
    )


@pytest.fixture
def mixed_corpus(tmp_path):
    """40 articles in two folders, a .jsonl of three, and five files that cannot be read."""
    folder = tmp_path / "mixed"
    for n in range(40):
        sub = folder / ("a" if n % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"bai-{n:02d}.txt").write_text(article(n), encoding="utf-8")
    records = [{"title": f"Tin ngắn {n}", "body": article(100 + n)} for n in range(3)]
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    (folder / "tin.jsonl").write_text(lines, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "paper.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>>")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "latin1.txt").write_bytes("Hợp tác xã\n\n".encode() + b"\xff\xfe caf\xe9")
    return folder


def build(tmp_path, name: str, corpus, jobs: int, *options: str):
    run = Cli(tmp_path / name)
    result = run("index", str(corpus), "--jobs", str(jobs), *options)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return run, result


def summary(result) -> str:
    return result.stderr.strip().splitlines()[-1].split(": ", 1)[1]


def skipped(result) -> list[str]:
    return sorted(line for line in result.stderr.splitlines() if "skipped /" in line)


def contents(index_dir) -> dict:
    """Every stored document by id, and every field's terms with their document frequencies."""
    ix = open_existing(index_dir)
    with ix.searcher() as searcher:
        documents = {fields["id"]: fields for fields in searcher.all_stored_fields()}
        reader = searcher.reader()
        terms = {
            (field, text): reader.doc_frequency(field, text) for field, text in reader.all_terms()
        }
    ix.close()
    return {"documents": documents, "terms": terms}


def results(run) -> dict:
    """Every hit of each query with its score, equal scores in id order.

    Whoosh breaks ties by document number, which follows the order the
    documents were written in: file order in one process, not with workers.
    """
    found = {}
    for query in QUERIES:
        hits = run.json("query", query, "--limit", "100")
        found[query] = sorted((-h["score"], h["id"]) for h in hits)
    return found


def test_workers_build_the_same_index_and_report_the_same_problems(tmp_path, mixed_corpus):
    one, one_result = build(tmp_path, "one", mixed_corpus, 1)
    two, two_result = build(tmp_path, "two", mixed_corpus, 2)
    assert summary(one_result) == summary(two_result)
    assert summary(two_result).startswith("added 42, updated 0, removed 0, unchanged 0, skipped 4")
    assert skipped(one_result) == skipped(two_result)
    assert len(skipped(two_result)) == 4
    first, second = contents(one.index_dir), contents(two.index_dir)
    assert len(first["documents"]) == 44  # 41 files of one article, 3 records of the .jsonl
    assert first == second
    assert results(one) == results(two)
    assert [p.name for p in two.index_dir.iterdir() if p.name == parallel.STAGING] == []


def test_workers_update_an_index_as_one_process_does(tmp_path, mixed_corpus):
    one, _ = build(tmp_path, "one", mixed_corpus, 1)
    two, _ = build(tmp_path, "two", mixed_corpus, 2)
    (mixed_corpus / "a" / "bai-01.txt").write_text(article(99), encoding="utf-8")
    (mixed_corpus / "b" / "bai-02.txt").unlink()
    (mixed_corpus / "new.txt").write_text(article(77), encoding="utf-8")
    (mixed_corpus / "b" / "bai-04.txt").write_bytes(b"\x00\x01binary now")
    updates = [
        run("index", str(mixed_corpus), "--jobs", str(jobs)) for run, jobs in ((one, 1), (two, 2))
    ]
    assert summary(updates[0]) == summary(updates[1])
    assert summary(updates[1]).startswith("added 1, updated 1, removed 2, unchanged 39, skipped 5")
    assert skipped(updates[0]) == skipped(updates[1])
    assert contents(one.index_dir) == contents(two.index_dir)
    assert results(one) == results(two)


def test_a_rebuild_with_workers_replaces_every_document(tmp_path, mixed_corpus):
    run, _ = build(tmp_path, "two", mixed_corpus, 2)
    before = contents(run.index_dir)
    result = run("index", "--rebuild", str(mixed_corpus), "--jobs", "2")
    assert summary(result).startswith("added 0, updated 42, removed 0, unchanged 0, skipped 4")
    assert contents(run.index_dir) == before


def test_small_runs_read_in_this_process_unless_jobs_is_given():
    assert parallel.choose_jobs(None, parallel.MIN_FILES_FOR_WORKERS - 1) == 1
    assert parallel.choose_jobs(None, 10**6) == parallel.available_cores()
    assert parallel.choose_jobs(2, 60) == 2


def worker_main_with(monkeypatch, code: str) -> None:
    """Have every worker run ``code`` (after its sys.path is set, before it starts)."""
    start = "from coopsearch.indexworker import main"
    assert start in parallel.WORKER_MAIN
    monkeypatch.setattr(
        parallel, "WORKER_MAIN", parallel.WORKER_MAIN.replace(start, code + "; " + start)
    )


def reader_patched_in_workers(monkeypatch, body: str) -> None:
    """Replace ``Reader.read`` in every worker: ``body`` runs first, with ``path`` set."""
    worker_main_with(
        monkeypatch,
        "import coopsearch.corpus as c; read = c.Reader.read\n"
        "def patched(self, path):\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
        + "    return read(self, path)\n"
        "c.Reader.read = patched",
    )


def test_a_file_that_kills_its_worker_is_skipped_and_the_rest_indexed(
    tmp_path, mixed_corpus, monkeypatch
):
    for n in range(3):
        (mixed_corpus / "a" / f"crash-{n}.txt").write_text(article(50 + n), encoding="utf-8")
    reader_patched_in_workers(
        monkeypatch,
        "import os, signal\n"
        "if path.name.startswith('crash-'): os.kill(os.getpid(), signal.SIGKILL)",
    )
    run, result = build(tmp_path, "two", mixed_corpus, 2)
    assert summary(result).startswith("added 42, updated 0, removed 0, unchanged 0, skipped 7")
    for n in range(3):
        assert (
            f"coopsearch: skipped {mixed_corpus / 'a' / f'crash-{n}.txt'}: its worker process "
            "died while reading it (killed by SIGKILL)"
        ) in result.stderr
    monkeypatch.undo()
    one, _ = build(tmp_path, "one", mixed_corpus, 1)
    without_crashes = contents(one.index_dir)
    for n in range(3):
        del without_crashes["documents"][article_id(one, f"crash-{n}.txt")]
    assert contents(run.index_dir)["documents"] == without_crashes["documents"]


def article_id(run, name: str) -> str:
    [hit] = [h for h in run.json("export") if h["path"].endswith("/" + name)]
    return hit["id"]


def test_a_parser_error_skips_the_file_in_workers_and_in_this_process(
    tmp_path, mixed_corpus, monkeypatch
):
    code = "if path.name == 'bai-07.txt': raise ValueError('a parser bug')"
    reader_patched_in_workers(monkeypatch, code)
    _, two = build(tmp_path, "two", mixed_corpus, 2)
    from coopsearch import corpus

    read = corpus.Reader.read

    def patched(self, path):
        if path.name == "bai-07.txt":
            raise ValueError("a parser bug")
        return read(self, path)

    monkeypatch.setattr(corpus.Reader, "read", patched)
    _, one = build(tmp_path, "one", mixed_corpus, 1)
    assert summary(one) == summary(two)
    assert "skipped 5 (" in summary(two) and "could not be parsed (ValueError): 1" in summary(two)
    assert skipped(one) == skipped(two)


def test_workers_that_cannot_start_are_one_sentence_and_exit_2(tmp_path, mixed_corpus, monkeypatch):
    monkeypatch.setattr(parallel, "WORKER_MAIN", "import sys; sys.exit(3)")
    run = Cli(tmp_path / "ix")
    result = run("index", str(mixed_corpus), "--jobs", "2")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "coopsearch: error: An indexing worker process could not start (exit status 3); "
        "index with --jobs 1 to read files in the main process."
    )
    assert not (run.index_dir / parallel.STAGING).exists()


def test_the_library_indexes_with_workers_from_a_script_without_a_main_guard(
    tmp_path, mixed_corpus
):
    import subprocess

    script = tmp_path / "build.py"
    script.write_text(
        "from pathlib import Path\n"
        "from coopsearch.indexer import update_index\n"
        f"report = update_index(Path({str(tmp_path / 'ix')!r}), [Path({str(mixed_corpus)!r})], "
        "jobs=2)\n"
        "print(report.summary())\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("added 42,")  # once: the workers did not run the script again


def children(pid: int) -> set[int]:
    """The processes ``pid`` started that are still running (Linux)."""
    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found.update(int(child) for child in listing.read().split())
    return found


def gone(pids: set[int]) -> bool:
    def running(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    return not any(running(pid) for pid in pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_stopping_the_indexer_stops_its_workers(fresh_cli, numbered_corpus, how):
    from conftest import start_indexer

    indexer = start_indexer(fresh_cli.index_dir, numbered_corpus, "--jobs", "2")
    wait_for(lambda: committed_count(fresh_cli.index_dir) >= 10)
    workers = wait_for(lambda: children(indexer.pid))
    assert len(workers) == 2
    indexer.send_signal(how)
    indexer.communicate(timeout=15)
    wait_for(lambda: gone(workers), timeout=10)
    result = fresh_cli("index", str(numbered_corpus))
    assert result.exit_code == 0
    assert committed_count(fresh_cli.index_dir) == 60
    for n in (0, 59):
        assert fresh_cli("query", f'"{numbered_title(n)}"').exit_code == 0
    assert not (fresh_cli.index_dir / parallel.STAGING).exists()


def test_update_index_takes_jobs(tmp_path, mixed_corpus):
    report = update_index(tmp_path / "ix", [mixed_corpus], jobs=2)
    assert (report.added, sum(report.skipped.values())) == (42, 4)


def test_a_worker_that_cannot_write_fails_the_run_with_the_disk_error(
    tmp_path, mixed_corpus, monkeypatch
):
    worker_main_with(
        monkeypatch,
        "import errno, whoosh.writing as w\n"
        "def full(self, **fields): raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "w.SegmentWriter.add_document = full",
    )
    import errno

    with pytest.raises(Exception) as raised:
        update_index(tmp_path / "ix", [mixed_corpus], jobs=2)
    error = raised.value
    while not isinstance(error, OSError) and error.__cause__ is not None:
        error = error.__cause__  # however a full disk is reported, it is the cause
    assert isinstance(error, OSError) and error.errno == errno.ENOSPC
    assert not (tmp_path / "ix" / parallel.STAGING).exists()
