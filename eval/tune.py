"""Try ranking constants without editing code: nDCG@10 per query set, coopsearch only.

Usage::

    python eval/tune.py [--sets topic,lead] [run.py's options] [module.NAME=VALUE ...]
    python eval/tune.py querybuild.TITLE_WEIGHT=2.0 querybuild.PROXIMITY_WEIGHT=2.0

Each ``module.NAME=VALUE`` sets a constant of ``coopsearch.module`` (and the
same name wherever another coopsearch module imported it) before any query
runs, with the type of its current value (a constant already bound as a
default argument, such as ``MAX_EXPANSIONS``, is not reached this way). The
index is the one ``run.py``
caches (built first if missing), the queries are ``run.py``'s, and one line
is printed: the overrides, then nDCG@10 and the number of queries per set.
A constant change is kept in the code only when this says it helps, and
``run.py`` then prints the full table.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs import corpus_root, list_keys  # noqa: E402
from metrics import mean, ndcg_at_k  # noqa: E402
from run import ALL_SETS, K, ensure_indexes, make_queries, parse_args  # noqa: E402
from systems import SYSTEMS  # noqa: E402

DEFAULT_SETS = "topic,lead"
SHARING_MODULES = ("querybuild", "rescoring", "search", "suggest")


def override(spec: str) -> None:
    """Apply one ``module.NAME=VALUE`` to coopsearch, keeping the constant's type."""
    name, _, value = spec.partition("=")
    module_name, _, attr = name.rpartition(".")
    module = importlib.import_module(f"coopsearch.{module_name}")
    if not hasattr(module, attr):
        sys.exit(f"coopsearch.{module_name} has no constant {attr}")
    current = getattr(module, attr)
    if isinstance(current, bool):
        typed = value.lower() in ("1", "true", "yes")
    else:
        typed = type(current)(value)
    for other_name in (module_name, *SHARING_MODULES):
        other = importlib.import_module(f"coopsearch.{other_name}")
        if other is module or getattr(other, attr, None) is current:
            setattr(other, attr, typed)


def main(argv: list[str] | None = None) -> int:
    """Apply the overrides, run the chosen sets on coopsearch, print one line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    specs = [a for a in argv if "=" in a and not a.startswith("-")]
    args = parse_args([a for a in argv if a not in specs])
    for spec in specs:
        override(spec)
    root = corpus_root(args.corpus)
    keys = list_keys(root, args.limit_docs)
    target = ensure_indexes(["coopsearch"], args, root, keys)["coopsearch"][0]
    wanted = (args.sets or DEFAULT_SETS).split(",")
    if set(wanted) - set(ALL_SETS):
        sys.exit(f"unknown query sets; choose from {', '.join(ALL_SETS)}")
    queries = [q for q in make_queries(args, root, keys)[0] if q.set_name in wanted]
    searcher = SYSTEMS["coopsearch"].searcher(target, root)
    scores: dict[str, list[float]] = {}
    start = time.perf_counter()
    try:
        for query in queries:
            ranked = searcher.search(query.text, K)
            scores.setdefault(query.set_name, []).append(ndcg_at_k(ranked, query.judgments, K))
    finally:
        searcher.close()
    cells = "  ".join(f"{name} {mean(v):.3f} (n={len(v)})" for name, v in scores.items())
    seconds = time.perf_counter() - start
    print(f"{' '.join(specs) or 'as coded'}: nDCG@10 {cells}  [{seconds:.0f} s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
