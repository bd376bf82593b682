"""Relevance harness: recall@10, MRR@10 and nDCG@10 of coopsearch, SQLite FTS5 and plain Whoosh.

Usage::

    python eval/run.py [--corpus DIR] [--sample 300] [--workdir DIR] [--rebuild]
                       [--limit-docs N] [--no-topics] [--systems coopsearch,fts5,whoosh]
                       [--sets title,typo,...]

The corpus is never copied: it is read from ``--corpus``, ``$COOPSEARCH_CORPUS``
or ``/tmp/vi-news``.  Each system's index is cached in ``--workdir`` under a
name keyed by the corpus path, ``--limit-docs`` and the system's version, and
rebuilt only with ``--rebuild``.  Each system's ranked answers are cached too,
keyed by everything that decides its ranking, so a run after a change to
coopsearch's ranking queries only coopsearch again.  Progress goes to stderr,
the table to stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs import corpus_root, iter_docs, list_keys  # noqa: E402
from metrics import mean, ndcg_at_k, recall_at_k, reciprocal_rank  # noqa: E402
from queries import (  # noqa: E402
    KNOWN_ITEM_SETS,
    abbrev_pool_queries,
    known_item_queries,
    sample_docs,
    topic_queries,
)
from systems import SYSTEMS  # noqa: E402

K = 10
METRICS = {"R@10": recall_at_k, "MRR@10": reciprocal_rank, "nDCG@10": ndcg_at_k}
TOPICS = Path(__file__).resolve().parent / "topics.json"
QUESTIONS = Path(__file__).resolve().parent / "questions.json"
ALL_SETS = (*KNOWN_ITEM_SETS, "topic", "question")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="corpus root (default $COOPSEARCH_CORPUS or /tmp/vi-news)")
    parser.add_argument("--sample", type=int, default=300, help="known-item sample size")
    parser.add_argument("--seed", type=int, default=13, help="seed of the known-item sample")
    parser.add_argument(
        "--workdir", default="/tmp/coopsearch-eval", help="where indexes are cached"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached indexes")
    parser.add_argument("--limit-docs", type=int, help="index only the first N articles (sorted)")
    parser.add_argument("--no-topics", action="store_true", help="skip the judged topics")
    parser.add_argument("--topics", type=Path, default=TOPICS, help="judged topics file")
    parser.add_argument(
        "--questions", type=Path, default=QUESTIONS, help="judged questions file (set 'question')"
    )
    parser.add_argument(
        "--sets",
        help=f"comma-separated query sets to run (default all: {','.join(ALL_SETS)})",
    )
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS), help="comma-separated systems to run"
    )
    return parser.parse_args(argv)


def available_systems(names: str) -> list[str]:
    """Return the requested systems that can run, warning about the others."""
    chosen = []
    for name in names.split(","):
        if name not in SYSTEMS:
            sys.exit(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}")
        if name == "coopsearch" and importlib.util.find_spec("coopsearch.search") is None:
            print("coopsearch is not installed (no coopsearch.search): skipped", file=sys.stderr)
            continue
        chosen.append(name)
    return chosen


def index_dir(workdir: Path, name: str, root: Path, limit: int | None) -> Path:
    """Return the cache directory of a system's index for this corpus and version."""
    key = json.dumps([str(root), limit, SYSTEMS[name].version()])
    return workdir / f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def build_one(name: str, target: Path, root: Path, keys: list[str]) -> float:
    """Build one system's index from scratch (in its own process) and return its seconds."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    start = time.perf_counter()
    SYSTEMS[name].build(target, root, keys)
    seconds = time.perf_counter() - start
    info = {
        "system": name,
        "version": SYSTEMS[name].version(),
        "corpus": str(root),
        "docs": len(keys),
    }
    (target / "BUILD.json").write_text(json.dumps({**info, "seconds": seconds}))
    print(f"[{name}] built in {seconds:.1f}s", file=sys.stderr, flush=True)
    return seconds


def ensure_indexes(names: list[str], args: argparse.Namespace, root: Path, keys: list[str]) -> dict:
    """Build missing (or, with ``--rebuild``, all) indexes, one process per system.

    Returns ``{name: (index_dir, seconds, cached)}``.
    """
    workdir = Path(args.workdir)
    dirs = {name: index_dir(workdir, name, root, args.limit_docs) for name in names}
    todo = [n for n in names if args.rebuild or not (dirs[n] / "BUILD.json").exists()]
    results = {}
    if todo:
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            futures = {n: pool.submit(build_one, n, dirs[n], root, keys) for n in todo}
            results = {n: f.result() for n, f in futures.items()}
    out = {}
    for name in names:
        seconds = json.loads((dirs[name] / "BUILD.json").read_text())["seconds"]
        out[name] = (dirs[name], seconds, name not in results)
    return out


def make_queries(args: argparse.Namespace, root: Path, keys: list[str]) -> tuple[list, int]:
    """Return all queries (known items, abbreviation pool, topics) and the sample size."""
    docs = list(iter_docs(root, keys))
    sample = sample_docs(docs, args.sample, args.seed)
    queries = [q for doc in sample for q in known_item_queries(doc, args.seed)]
    queries += abbrev_pool_queries(docs, args.sample, args.seed)
    if not args.no_topics:
        queries += topic_queries(args.topics)
        queries += topic_queries(args.questions, "question")
    return queries, len(sample)


def evaluate(name: str, target: Path, root: Path, queries: list, cache: Path) -> tuple:
    """Run every query on one system, or reuse its answers cached in ``cache``.

    Returns ``{set: {metric: [values]}}``, the number of failed queries and the
    mean milliseconds per query (``None`` when every answer came from the cache).
    """
    answers = json.loads(cache.read_text()) if cache.exists() else {}
    todo = [q for q in queries if q.text not in answers]
    print(
        f"[{name}] running {len(todo)} queries ({len(queries) - len(todo)} cached)",
        file=sys.stderr,
        flush=True,
    )
    failed = set()
    start = time.perf_counter()
    if todo:
        searcher = SYSTEMS[name].searcher(target, root)
        try:
            for query in todo:
                try:
                    answers[query.text] = searcher.search(query.text, K)
                except Exception as exc:  # a failing query scores 0 and is counted
                    failed.add(query.text)
                    print(f"[{name}] query failed: {query.text!r}: {exc!r}", file=sys.stderr)
        finally:
            searcher.close()
        cache.write_text(json.dumps(answers, ensure_ascii=False))
    millis = 1000 * (time.perf_counter() - start) / len(todo) if todo else None
    scores: dict = {}
    for query in queries:
        ranked = [] if query.text in failed else answers[query.text]
        per_set = scores.setdefault(query.set_name, {m: [] for m in METRICS})
        for metric, fn in METRICS.items():
            per_set[metric].append(fn(ranked, query.judgments, K))
    print(f"[{name}] done", file=sys.stderr, flush=True)
    return scores, len(failed), millis


def answers_cache(target: Path, name: str) -> Path:
    """Where a system's answers are kept: beside its index, keyed by its ranking version."""
    adapter = Path(__file__).with_name("systems.py").read_bytes()  # how queries reach it
    key = SYSTEMS[name].ranking_version().encode() + adapter
    return target / f"answers-{hashlib.sha1(key).hexdigest()[:12]}.json"


def evaluate_all(names: list[str], built: dict, root: Path, queries: list) -> dict:
    """Evaluate the systems side by side, one process per system."""
    results = {}
    with ProcessPoolExecutor(max_workers=min(len(names), os.cpu_count() or 1)) as pool:
        futures = {
            n: pool.submit(evaluate, n, built[n][0], root, queries, answers_cache(built[n][0], n))
            for n in names
        }
        for name, future in futures.items():
            try:
                results[name] = future.result()
            except Exception as exc:  # one broken system must not lose the others' results
                print(f"[{name}] evaluation failed, left out: {exc!r:.300}", file=sys.stderr)
    return results


def print_table(names: list[str], all_scores: dict, sets: list[str]) -> None:
    """Print one row per query set and three metric columns per system."""
    width = 8 * len(METRICS)
    print(f"{'':12s}{'':>5s}" + "".join(f" | {name:^{width - 1}s}" for name in names))
    header = "".join(" | " + "".join(f"{m:>8s}" for m in METRICS)[1:] for _ in names)
    print(f"{'set':12s}{'n':>5s}{header}")
    print("-" * (17 + (width + 2) * len(names)))
    for set_name in sets:
        n = len(all_scores[names[0]][set_name]["R@10"])
        cells = "".join(
            " | " + "".join(f"{mean(all_scores[name][set_name][m]):8.3f}" for m in METRICS)[1:]
            for name in names
        )
        print(f"{set_name:12s}{n:5d}{cells}")


def print_gaps(names: list[str], all_scores: dict) -> None:
    """Print, per system, the nDCG@10 lost from ``title`` to ``unaccented`` and to ``nfd``."""
    variants = [v for v in ("unaccented", "nfd") if v in all_scores[names[0]]]
    if "title" not in all_scores[names[0]] or not variants:
        return
    print("\nnDCG@10 gap (title minus variant):")
    for name in names:
        title = mean(all_scores[name]["title"]["nDCG@10"])
        gaps = [f"{v}: {title - mean(all_scores[name][v]['nDCG@10']):+.3f}" for v in variants]
        print(f"  {name:12s}" + "   ".join(gaps))


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the indexes, run all query sets on all systems, print the table."""
    args = parse_args(argv)
    root = corpus_root(args.corpus)
    if not root.is_dir():
        sys.exit(f"corpus not found: {root}")
    keys = list_keys(root, args.limit_docs)
    names = available_systems(args.systems)
    print(f"corpus {root}: {len(keys)} documents; systems {', '.join(names)}", file=sys.stderr)
    built = ensure_indexes(names, args, root, keys)
    queries, sampled = make_queries(args, root, keys)
    if args.sets:
        wanted = args.sets.split(",")
        unknown = sorted(set(wanted) - set(ALL_SETS))
        if unknown:
            sys.exit(f"unknown query sets {', '.join(unknown)}; choose from {', '.join(ALL_SETS)}")
        queries = [q for q in queries if q.set_name in wanted]
    results = evaluate_all(names, built, root, queries)
    names = [n for n in names if n in results]
    if not names:
        sys.exit("every system failed; see the messages above")
    all_scores = {n: r[0] for n, r in results.items()}
    errors = {n: r[1] for n, r in results.items()}
    millis = {n: r[2] for n, r in results.items()}
    sets = [s for s in ALL_SETS if s in all_scores[names[0]]]
    print(f"corpus {root}: {len(keys)} docs; known items: {sampled} sampled (seed {args.seed});")
    swapped = len(all_scores[names[0]].get("abbrev", {}).get("R@10", []))
    pool = len(all_scores[names[0]].get("abbrev-pool", {}).get("R@10", []))
    print(f"abbrev: {swapped} of {sampled} sampled titles had something to swap;")
    print(f"abbrev-pool: {pool} swapped titles drawn from all swappable titles\n")
    print_table(names, all_scores, sets)
    print_gaps(names, all_scores)
    print("\nindex builds and queries:")
    for name in names:
        target, seconds, cached = built[name]
        note = "cached, built earlier" if cached else "built now"
        speed = "answers cached" if millis[name] is None else f"{millis[name]:.1f} ms/query"
        print(
            f"  {name:12s}build {seconds:7.1f}s ({note}; {target}); "
            f"{speed}; {errors[name]} failed queries"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
