"""Shared fixtures: the bundled corpus, small Vietnamese corpora, real indexes on disk.

Every test drives the real command line through click's CliRunner against a
real Whoosh index in a temporary folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopsearch.cli import cli

BUNDLED = Path(__file__).resolve().parent.parent / "corpus"
BAC_GIANG_SEED = "2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt"

# Tiny articles that isolate one behaviour each (title on the first line).
MINI_ARTICLES = {
    "dong-thap.txt": "Đồng Tháp mở rộng vùng sen\n\nNông dân Đồng Tháp trồng sen.",
    "dong-anh.txt": "Đông Anh xây cầu mới\n\nHuyện Đông Anh khởi công cây cầu vào mùa đông.",
    "only-long-form.txt": "Nông dân góp vốn\n\nBà con lập hợp tác xã trồng rau sạch ở Lâm Đồng.",
    "only-abbreviation.txt": "Mô hình mới\n\nCác HTX nuôi cá ở An Giang có lãi.",
    "old-tones.txt": "Thuỷ lợi Khánh Hoà\n\nTỉnh Khánh Hoà đầu tư thuỷ lợi cho vùng khô hạn.",
}

# The keys of an article's JSON record, in order (export; show adds highlights).
ARTICLE_KEYS = [
    "id",
    "path",
    "title",
    "date",
    "year",
    "author",
    "date_precision",
    "date_source",
    "name",
    "source",
    "url",
    "provinces",
    "regions",
    "organisations",
    "people",
    "references",
    "figures",
    "size",
    "mtime_ns",
    "body",
]


class Cli:
    """Runs ``coopsearch`` against one index folder; returns click's Result."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        runner = CliRunner()
        return runner.invoke(
            cli,
            [*args, "--index", str(self.index_dir)],
            input=input,
            env=env,
            catch_exceptions=False,
        )

    def json(self, *args: str) -> list[dict]:
        result = self(*args, "--json")
        return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="session")
def seeds_cli(tmp_path_factory) -> Cli:
    """The five bundled seed articles, indexed once for the session."""
    index_dir = tmp_path_factory.mktemp("seeds-index")
    run = Cli(index_dir)
    result = run("index", str(BUNDLED))
    assert result.exit_code == 0, result.stderr
    return run


@pytest.fixture(scope="session")
def mini_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mini-corpus")
    for name, text in MINI_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def mini_cli(tmp_path_factory, mini_corpus) -> Cli:
    """The mini articles, indexed once for the session."""
    run = Cli(tmp_path_factory.mktemp("mini-index"))
    assert run("index", str(mini_corpus)).exit_code == 0
    return run


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the bundled corpus, for tests that change files."""
    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED, folder)
    return folder


@pytest.fixture(scope="session")
def seeds_whoosh_searcher(seeds_cli):
    """Whoosh's own searcher on the seeds index, to compare queries with Whoosh's."""
    from coopsearch.search import Searcher

    with Searcher(seeds_cli.index_dir) as opened:
        yield opened._searcher


@pytest.fixture
def fresh_cli(tmp_path) -> Cli:
    """A CLI pointed at an index folder that does not exist yet."""
    return Cli(tmp_path / "index")


def indexed_cli(tmp_path: Path, articles: dict[str, str]) -> Cli:
    """A CLI on a new index of ``articles`` (file name -> text), written under ``tmp_path``."""
    folder = tmp_path / "c"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    cli = Cli(tmp_path / "ix")
    result = cli("index", str(folder))
    assert result.exit_code == 0, result.stderr
    return cli


# -- a real indexer in another process, slowed down so it can be caught mid-run --

SLOW_INDEXER = '''
import sys
import coopsearch.indexer as indexer
import coopsearch.parallel as parallel
indexer.BATCH_SIZE = int(sys.argv[1])
SLOW_READ = """
import time, coopsearch.corpus as corpus
read = corpus.Reader.read
def slow_read(self, path):
    time.sleep(DELAY)
    return read(self, path)
corpus.Reader.read = slow_read
""".replace("DELAY", repr(float(sys.argv[2])))
exec(SLOW_READ)  # reading in this process (--jobs 1), and in every worker process:
start = "from coopsearch.indexworker import main"
parallel.WORKER_MAIN = parallel.WORKER_MAIN.replace(start, f"exec({SLOW_READ!r}); {start}")
from coopsearch.cli import cli
cli(sys.argv[3:], prog_name="coopsearch")
'''


def start_indexer(
    index_dir: Path, corpus: Path, *options: str, batch: int = 10, delay: float = 0.05
):
    """Start ``coopsearch index [options]`` in a subprocess, committing every ``batch`` files."""
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-c", SLOW_INDEXER, str(batch), str(delay)]
        + ["index", *options, str(corpus), "--index", str(index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def committed_count(index_dir: Path) -> int:
    """Documents in the index's last commit (0 if there is no readable index yet)."""
    from coopsearch.errors import CoopsearchError
    from coopsearch.search import Searcher

    try:
        with Searcher(index_dir) as searcher:
            return searcher.document_count
    except CoopsearchError:
        return 0


def wait_for(condition, timeout: float = 20.0, step: float = 0.02):
    """Poll ``condition()`` until it is true; fail after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {condition}")


def numbered_title(n: int) -> str:
    """A title no other generated article shares: a made-up code word per number."""
    code = "".join("bcdghklmnpqrstvx"[int(d)] for d in f"{n:04d}")
    return f"Hợp tác xã số {n} mã {code}"


@pytest.fixture
def numbered_corpus(tmp_path) -> Path:
    """Sixty small articles, each findable by its own title."""
    folder = tmp_path / "numbered"
    folder.mkdir()
    for n in range(60):
        (folder / f"article-{n:03d}.txt").write_text(
            f"{numbered_title(n)}\n\nNgày 05/06/2023, HTX số {n} ở Bắc Giang họp tổng kết.",
            encoding="utf-8",
        )
    return folder
