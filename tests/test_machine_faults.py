"""Faults of the machine while indexing (issue 12, point 8): a full disk, an unwritable folder.

Each fault must end in one sentence on stderr and exit status 2, keep the
last commit whole, leave no file of the failed run behind, and let the next
run, once the disk has room again, finish the work.

The faults are made two ways: injected at the file layer under Whoosh (its
``FileStorage`` opens every file it writes through ``open``), which runs
anywhere; and, where the tests may mount file systems (as root), with a
real tmpfs that is too small or read-only.
"""

from __future__ import annotations

import builtins
import errno
import os
import random
import subprocess

import pytest
from conftest import Cli, committed_count, numbered_title

from coopsearch import indexer

ONE_LINE_ERROR = "coopsearch: error: "
FULL = "is full (no space left on device); the index keeps its last commit"


class Disk:
    """A disk with ``free`` bytes for Whoosh's files; a write past them fails with ``code``."""

    def __init__(self, free: float = float("inf"), code: int = errno.ENOSPC) -> None:
        self.free, self.code, self.written = free, code, 0

    def open(self, path, mode="r", *args, **kwargs):
        handle = builtins.open(path, mode, *args, **kwargs)  # noqa: SIM115 (Whoosh closes it)
        return _Metered(handle, self) if any(c in mode for c in "wa+") else handle


class _Metered:
    def __init__(self, handle, disk: Disk) -> None:
        self._handle, self._disk = handle, disk

    def write(self, data) -> int:
        disk = self._disk
        if disk.written + len(data) > disk.free:
            raise OSError(disk.code, os.strerror(disk.code), self._handle.name)
        disk.written += len(data)
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)


def whoosh_disk(monkeypatch, disk: Disk) -> None:
    """Put Whoosh's file writes on ``disk`` (``FileStorage.create_file`` calls ``open``)."""
    import whoosh.filedb.filestore as filestore

    monkeypatch.setattr(filestore, "open", disk.open, raising=False)


def leftovers(index_dir) -> set[str]:
    """Files in ``index_dir`` that neither the last commit nor coopsearch itself uses."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    names = set(os.listdir(index_dir))
    toc = TOC.read(FileStorage(str(index_dir)), "MAIN")
    used = {f"_MAIN_{toc.generation}.toc", "coopsearch.json", "coopsearch.lock", "MAIN_WRITELOCK"}
    segments = tuple(f"{s.segment_id()}." for s in toc.segments)
    return {n for n in names - used if not n.startswith(segments)}


def write_articles(folder, numbers) -> None:
    folder.mkdir(exist_ok=True)
    for n in numbers:
        (folder / f"article-{n:03d}.txt").write_text(
            f"{numbered_title(n)}\n\nNgày 05/06/2023, HTX số {n} ở Bắc Giang họp tổng kết.",
            encoding="utf-8",
        )


def assert_one_sentence(result, *parts: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith(ONE_LINE_ERROR), result.stderr
    assert last.count(". ") == 0 and last.endswith("."), last
    for part in parts:
        assert part in last, last


# --- faults injected at the file layer: run anywhere ---------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, FULL),
        (errno.EDQUOT, "is full (disk quota exceeded); the index keeps its last commit"),
        (errno.EACCES, "cannot be written to (permission denied); the index keeps its last"),
        (errno.EROFS, "cannot be written to (read-only file system); the index keeps its last"),
    ],
)
def test_a_fault_in_the_middle_of_a_run_keeps_the_commits_and_the_next_run_finishes(
    tmp_path, monkeypatch, code, words
):
    monkeypatch.setattr(indexer, "BATCH_SIZE", 10)
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(20))
    run = Cli(tmp_path / "ix")
    assert run("index", str(corpus)).exit_code == 0
    write_articles(corpus, range(20, 80))

    measured = Disk()  # how many bytes the run writes, on the same files elsewhere
    whoosh_disk(monkeypatch, measured)
    scratch = tmp_path / "scratch"
    assert Cli(scratch / "ix")("index", str(corpus)).exit_code == 0
    disk = Disk(free=measured.written // 3, code=code)
    whoosh_disk(monkeypatch, disk)

    failed = run("index", str(corpus))
    assert_one_sentence(failed, words, "finishes the work")
    kept = committed_count(run.index_dir)
    assert 20 < kept < 80  # the first run and this run's first batches are committed
    assert f"the index keeps its last commit of {kept} documents," in failed.stderr
    assert leftovers(run.index_dir) == set()
    assert not list(run.index_dir.glob(".coopsearch.json.*"))
    assert run("query", numbered_title(3), "-c").stdout == "1\n"

    whoosh_disk(monkeypatch, Disk())  # space again
    again = run("index", str(corpus))
    assert again.exit_code == 0, again.stderr
    assert f"added {80 - kept}," in again.stderr
    assert committed_count(run.index_dir) == 80
    assert run("query", numbered_title(79), "-c").stdout == "1\n"
    assert leftovers(run.index_dir) == set()


def test_a_full_disk_at_the_first_write_of_a_new_index_leaves_nothing_behind(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(5))
    whoosh_disk(monkeypatch, Disk(free=0))
    run = Cli(tmp_path / "ix")
    failed = run("index", str(corpus))
    assert_one_sentence(failed, "is full (no space left on device); nothing was indexed")
    assert set(os.listdir(run.index_dir)) <= {"coopsearch.lock", "MAIN_WRITELOCK"}
    assert run("query", "HTX").exit_code == 2  # no index, said in one sentence
    whoosh_disk(monkeypatch, Disk())
    assert run("index", str(corpus)).exit_code == 0
    assert committed_count(run.index_dir) == 5


def test_an_index_folder_that_cannot_be_written_at_all_is_one_sentence(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(5))
    run = Cli(tmp_path / "ix")
    assert run("index", str(corpus)).exit_code == 0
    before = sorted(os.listdir(run.index_dir))
    write_articles(corpus, range(5, 10))
    index_dir, fresh = str(run.index_dir), str(tmp_path / "new" / "ix")
    real_open, real_mkdir = os.open, os.mkdir
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def refusing_open(path, flags, *args, **kwargs):
        if str(path).startswith(index_dir) and flags & writing:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    def refusing_mkdir(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "new")):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "mkdir", refusing_mkdir)
    failed = run("index", str(corpus))
    assert_one_sentence(failed, f"The index folder {index_dir} cannot be written to")
    assert "(permission denied); the index keeps its last commit of 5 documents" in failed.stderr
    new = Cli(tmp_path / "new" / "ix")("index", str(corpus))
    assert_one_sentence(new, f"The index folder {fresh} cannot be written to", "nothing was")
    monkeypatch.undo()

    assert sorted(os.listdir(run.index_dir)) == before
    assert committed_count(run.index_dir) == 5
    assert run("index", str(corpus)).exit_code == 0
    assert committed_count(run.index_dir) == 10


# --- a real small or read-only file system (tmpfs), where mounting is permitted -------


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a tmpfs at ``tmp_path/disk``; yield a function that remounts it with options."""
    folder = tmp_path / "disk"
    folder.mkdir()

    def mount(*options: str) -> None:
        args = ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)]
        if os.path.ismount(folder):
            args = ["mount", "-o", ",".join(("remount", *options)), str(folder)]
        done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")

    mount.folder = folder
    try:
        yield mount
    finally:
        if os.path.ismount(folder):
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def random_articles(folder, count: int, seed: int = 12) -> None:
    """Articles of random Vietnamese syllables: their postings take room an index must write."""
    rng = random.Random(seed)
    onsets = ["b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph"]
    rimes = ["a", "à", "á", "ả", "ạ", "ai", "anh", "ăn", "âm", "ế", "ình", "ơ", "ư", "ương", "yên"]
    folder.mkdir(exist_ok=True)
    for n in range(count):
        words = " ".join(rng.choice(onsets) + rng.choice(rimes) for _ in range(500))
        (folder / f"a{n:03d}.txt").write_text(f"{numbered_title(n)}\n\n{words}.", encoding="utf-8")


def test_a_full_tmpfs_is_one_sentence_and_the_run_after_more_space_finishes(
    tmp_path, tmpfs, monkeypatch
):
    tmpfs("size=2m")
    monkeypatch.setattr(indexer, "BATCH_SIZE", 30)
    corpus = tmp_path / "corpus"
    random_articles(corpus, 150)  # an index of about 4 MB
    run = Cli(tmpfs.folder / "ix")
    failed = run("index", str(corpus))
    assert_one_sentence(failed, FULL, "once there is space finishes the work")
    kept = committed_count(run.index_dir)
    assert 0 < kept < 150
    assert f"the index keeps its last commit of {kept} documents," in failed.stderr
    assert leftovers(run.index_dir) == set()

    tmpfs("size=16m")
    again = run("index", str(corpus))
    assert again.exit_code == 0, again.stderr
    assert f"added {150 - kept}," in again.stderr
    assert committed_count(run.index_dir) == 150
    assert run("query", numbered_title(149), "-c").stdout == "1\n"
    assert leftovers(run.index_dir) == set()


def test_a_read_only_tmpfs_is_one_sentence_and_queries_still_work(tmp_path, tmpfs):
    tmpfs("size=8m")
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(5))
    run = Cli(tmpfs.folder / "ix")
    assert run("index", str(corpus)).exit_code == 0
    write_articles(corpus, range(5, 10))
    tmpfs("ro")
    failed = run("index", str(corpus))
    assert_one_sentence(
        failed, "cannot be written to (read-only file system); the index keeps its last commit of 5"
    )
    assert run("query", "HTX", "-c").stdout == "5\n"  # the last commit, read as before

    tmpfs("rw")
    assert run("index", str(corpus)).exit_code == 0
    assert run("query", "HTX", "-c").stdout == "10\n"
    assert leftovers(run.index_dir) == set()
