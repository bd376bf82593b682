"""Benchmark corpora for coopsearch, prepared outside the repository.

Two kinds of folder are written under ``/tmp/coopsearch-bench/`` (or the
``--root`` given):

* ``real-N/``: a deterministic selection of ``N`` articles of the real crawl
  (``/tmp/vi-news``), hard-linked (copied when linking is impossible) with
  their sub-folders kept, e.g. ``real-1000/baomoi/21395276.txt``.
  ``real-all/`` holds every article.
* ``synthetic-N/``: ``N`` new articles made from real Vietnamese text: each
  takes the title and the paragraph count of one real article, and paragraphs
  from that article and from two others, so vocabulary, token statistics and
  article lengths stay those of the crawl.

Usage::

    python bench/corpus.py real 1000 10000 all
    python bench/corpus.py synthetic 100000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

CRAWL = Path("/tmp/vi-news")
BENCH_ROOT = Path("/tmp/coopsearch-bench")
SYNTHETIC_SEED = 20240601
FILES_PER_FOLDER = 1000


@dataclass(frozen=True)
class Article:
    """One article as the crawl stores it: title on line 1, body after."""

    title: str
    paragraphs: tuple[str, ...]


def list_articles(root: Path) -> list[Path]:
    """Return every ``*.txt`` file under ``root``, sorted by relative path."""
    return sorted(root.rglob("*.txt"), key=lambda p: p.relative_to(root).as_posix())


def select_evenly(paths: list[Path], count: int) -> list[Path]:
    """Pick ``count`` items spread evenly over the sorted ``paths``.

    Deterministic, keeps the sorted order, and draws from every sub-folder
    in proportion to its size (the first N sorted files would all be one
    source).
    """
    total = len(paths)
    if count >= total:
        return list(paths)
    return [paths[(i * total) // count] for i in range(count)]


def parse_size(text: str) -> int | None:
    """Parse a corpus size such as ``1000``, ``10k`` or ``all`` (→ None)."""
    text = text.strip().lower()
    if text == "all":
        return None
    if text.endswith("k"):
        return int(float(text[:-1]) * 1000)
    return int(text)


def real_name(size: int | None) -> str:
    """Folder name of a real subset: ``real-1000`` or ``real-all``."""
    return "real-all" if size is None else f"real-{size}"


def _link_or_copy(src: Path, dest: Path) -> None:
    """Hard-link ``src`` to ``dest``, copying when the link is impossible."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def _marker(folder: Path) -> Path:
    """The completion marker of a corpus folder, kept beside (not in) it."""
    return folder.with_name(folder.name + ".done")


def _is_complete(folder: Path, count: int) -> bool:
    """True when ``folder`` was fully written with ``count`` articles."""
    marker = _marker(folder)
    return marker.exists() and marker.read_text().strip() == str(count)


def prepare_real(size: int | None, root: Path = BENCH_ROOT, crawl: Path = CRAWL) -> Path:
    """Write ``real-N/`` (or ``real-all/``) under ``root`` and return it.

    Already complete folders are reused as they are.
    """
    articles = list_articles(crawl)
    if not articles:
        raise SystemExit(f"no .txt articles under {crawl}")
    chosen = select_evenly(articles, size if size is not None else len(articles))
    folder = root / real_name(size)
    if _is_complete(folder, len(chosen)):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for src in chosen:
        _link_or_copy(src, folder / src.relative_to(crawl))
    _marker(folder).write_text(f"{len(chosen)}\n")
    return folder


def read_article(path: Path) -> Article | None:
    """Read one crawl file; None when it has no title or no body."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = [line.strip() for line in text.splitlines()]
    if not lines or not lines[0]:
        return None
    paragraphs = tuple(line for line in lines[1:] if line)
    if not paragraphs:
        return None
    return Article(title=lines[0], paragraphs=paragraphs)


def load_crawl(crawl: Path = CRAWL) -> list[Article]:
    """Load every usable article of the crawl, in sorted path order."""
    loaded = (read_article(path) for path in list_articles(crawl))
    return [article for article in loaded if article is not None]


def synthesize(articles: list[Article], rng: random.Random) -> str:
    """Make one new article text from real ones.

    The primary article gives the title and the body length in characters;
    paragraphs alternate between the primary article, in order, and two
    other random articles, shuffled, until that length is reached.
    """
    primary = rng.choice(articles)
    target = sum(len(p) for p in primary.paragraphs)
    own = list(primary.paragraphs)
    borrowed = [p for _ in range(2) for p in rng.choice(articles).paragraphs]
    rng.shuffle(borrowed)
    body: list[str] = []
    written = 0
    while written < target and (own or borrowed):
        take_own = own and (len(body) % 2 == 0 or not borrowed)
        paragraph = own.pop(0) if take_own else borrowed.pop()
        body.append(paragraph)
        written += len(paragraph)
    return primary.title + "\n" + "\n".join(body) + "\n"


def synthetic_path(folder: Path, index: int) -> Path:
    """Where synthetic article ``index`` goes: 1,000 files per sub-folder."""
    return folder / f"s{index // FILES_PER_FOLDER:04d}" / f"{index:07d}.txt"


def prepare_synthetic(
    count: int, root: Path = BENCH_ROOT, crawl: Path = CRAWL, seed: int = SYNTHETIC_SEED
) -> Path:
    """Write ``synthetic-N/`` with ``count`` generated articles; return it.

    Deterministic for a given crawl, count and seed. A complete folder is
    reused as it is.
    """
    folder = root / f"synthetic-{count}"
    if _is_complete(folder, count):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    articles = load_crawl(crawl)
    if not articles:
        raise SystemExit(f"no usable articles under {crawl}")
    rng = random.Random(seed)
    for index in range(count):
        path = synthetic_path(folder, index)
        if index % FILES_PER_FOLDER == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthesize(articles, rng), encoding="utf-8")
    _marker(folder).write_text(f"{count}\n")
    return folder


def main(argv: list[str] | None = None) -> int:
    """Command line: ``real SIZE...`` or ``synthetic COUNT...``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["real", "synthetic"])
    parser.add_argument("sizes", nargs="+", help="article counts; 'all' for real")
    parser.add_argument("--root", type=Path, default=BENCH_ROOT)
    parser.add_argument("--crawl", type=Path, default=CRAWL)
    args = parser.parse_args(argv)
    for text in args.sizes:
        size = parse_size(text)
        if args.kind == "real":
            folder = prepare_real(size, args.root, args.crawl)
        elif size is None:
            parser.error("synthetic corpora need a number")
        else:
            folder = prepare_synthetic(size, args.root, args.crawl)
        count = len(list_articles(folder))
        print(f"{folder}: {count} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
