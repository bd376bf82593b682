"""Widen the judged pools with a peer that requires every word: Tantivy.

The topics and questions were judged from candidates of peers that OR the
query's words (SQLite FTS5, ripgrep counts). An engine that requires every
word, as coopsearch does, returns articles those pools never saw, and
nDCG counts an unjudged article as not relevant. This script pools the top
``--depth`` articles of Tantivy (``bench/tantivy_peer.py``: every word
required, lowercase and ASCII folding, BM25 with the title weighted 10) for
each topic and question, and writes the ones not yet judged, with their
title and lead, for reading. No coopsearch result is used.

Usage::

    python eval/pool.py [--corpus DIR] [--depth 10] [--out /tmp/coopsearch-pool]

Writes ``OUT/candidates-topics.json`` and ``OUT/candidates-questions.json``:
``{topic id: {"query", "description", "candidates": [{"key", "title", "lead"}]}}``.
Judged candidates (``OUT/judged-*.json``: ``{topic id: {key: grade}}``,
grades of the topic's description, 0 included) go back into
``topics.json``/``questions.json`` with ``--merge``, which adds only
articles not judged before; ``eval/README.md`` says how many were added.
Needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "bench"))

import tantivy_peer  # noqa: E402
from docs import corpus_root, lead_text, read_doc  # noqa: E402
from queries import load_topics  # noqa: E402

SETS = {"topics": HERE / "topics.json", "questions": HERE / "questions.json"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus")
    parser.add_argument("--depth", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("/tmp/coopsearch-pool"))
    parser.add_argument("--merge", action="store_true", help="add OUT/judged-*.json")
    args = parser.parse_args(argv)
    if args.merge:
        return merge(args.out)
    root = corpus_root(args.corpus)
    index_dir = args.out / "tantivy"
    if not (index_dir / tantivy_peer.FILES).exists():
        print(f"building Tantivy over {root} …", file=sys.stderr)
        tantivy_peer.build(index_dir, root)
    with tantivy_peer.Searcher(index_dir) as searcher:
        for name, path in SETS.items():
            pool = {}
            for topic in load_topics(path):
                hits = searcher.search(topic["query"], limit=args.depth)
                keys = [Path(hit.path).relative_to(root).as_posix() for hit in hits]
                fresh = [key for key in keys if key not in topic["judgments"]]
                pool[topic["id"]] = {
                    "query": topic["query"],
                    "description": topic["description"],
                    "candidates": [
                        {
                            "key": key,
                            "title": read_doc(root, key).title,
                            "lead": lead_text(read_doc(root, key)),
                        }
                        for key in fresh
                    ],
                }
            out = args.out / f"candidates-{name}.json"
            out.write_text(json.dumps(pool, ensure_ascii=False, indent=1), encoding="utf-8")
            total = sum(len(p["candidates"]) for p in pool.values())
            print(f"{name}: {total} unjudged articles in Tantivy's top {args.depth} -> {out}")
    return 0


def merge(out: Path) -> int:
    """Add the grades of ``out/judged-*.json`` to the judgments of the topic files."""
    judged: dict[str, dict[str, int]] = {}
    for path in sorted(out.glob("judged-*.json")):
        for topic_id, grades in json.loads(path.read_text(encoding="utf-8")).items():
            judged.setdefault(topic_id, {}).update(grades)
    for name, path in SETS.items():
        data = json.loads(path.read_text(encoding="utf-8"))
        added = Counter()
        for topic in data["topics"]:
            for key, grade in judged.get(topic["id"], {}).items():
                if key not in topic["judgments"]:
                    topic["judgments"][key] = int(grade)
                    added[int(grade)] += 1
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts = ", ".join(f"grade {g}: {n}" for g, n in sorted(added.items(), reverse=True))
        print(f"{name}: added {sum(added.values())} judgments ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
