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


@pytest.fixture
def fresh_cli(tmp_path) -> Cli:
    """A CLI pointed at an index folder that does not exist yet."""
    return Cli(tmp_path / "index")
