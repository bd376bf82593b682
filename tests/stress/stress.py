"""Stress: index a crawl while querying it, kill the indexer at random, check nothing is lost.

    python tests/stress/stress.py /tmp/vi-news --kills 4 --sample 500

Each round starts ``coopsearch index CORPUS`` in a subprocess, with a query
process hammering the same index from the side, and kills the indexer after
a random delay, alternately with SIGKILL and SIGINT (Ctrl-C). Then it checks:

- the index opens, and holds at least as many documents as the query process
  last saw (no committed document lost);
- a second writer started during the run was refused in one sentence that
  named the indexer's pid, with exit status 2;
- after SIGINT, the indexer exited promptly with status 130 and no traceback;
- every sampled committed document is found in the top 10 by its own title
  as an exact phrase.

A last round lets the indexer finish, and the same checks run on the whole
index. The query process reports how many queries it ran and whether any
failed. Not part of the test suite (minutes on a real crawl); tests run a
small version of it on the bundled corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COOPSEARCH = [sys.executable, "-c", "from coopsearch.cli import main; main()"]

QUERY_LOOP = """
import json, sys, time
from pathlib import Path
from coopsearch.errors import CoopsearchError
from coopsearch.search import Searcher
index_dir, stop_file, report_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
queries = ["hợp tác xã", "kinh te tap the", "HTX", "Hà Nội", "bóng đá", "giá vàng", "covid*"]
stats = {"queries": 0, "errors": 0, "not_ready": 0, "last_count": 0, "max_count": 0, "messages": []}
n = 0
while not stop_file.exists():
    try:
        with Searcher(index_dir) as searcher:
            count = searcher.document_count
            if count < stats["max_count"]:
                stats["errors"] += 1
                stats["messages"].append(f"count went down: {stats['max_count']} -> {count}")
            stats["last_count"], stats["max_count"] = count, max(count, stats["max_count"])
            searcher.search(queries[n % len(queries)], limit=10)
            stats["queries"] += 1
    except CoopsearchError as exc:
        stats["not_ready"] += 1  # no index yet (first seconds)
        if "no index" not in str(exc).lower():
            stats["errors"] += 1
            stats["messages"].append(str(exc))
    except Exception as exc:
        stats["errors"] += 1
        stats["messages"].append(repr(exc))
    n += 1
    report_file.write_text(json.dumps(stats))
    time.sleep(0.05)
report_file.write_text(json.dumps(stats))
"""


def log(message: str) -> None:
    print(message, flush=True)


def committed(index_dir: Path) -> list[tuple[str, str, str]]:
    """(id, path, title) of every document in the last commit."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        return [(f["id"], f["path"], f.get("title", "")) for f in searcher.all_stored_fields()]


def check_titles(index_dir: Path, docs, sample: int, rng: random.Random) -> tuple[int, int, list]:
    """Query a sample of documents by their exact title; count those in the top 10."""
    from coopsearch.search import Searcher

    chosen = rng.sample(docs, min(sample, len(docs)))
    found, misses = 0, []
    with Searcher(index_dir) as searcher:
        for doc_id, path, title in chosen:
            phrase = '"' + title.replace('"', " ") + '"'
            ids = [h.id for h in searcher.search(phrase, limit=10, snippets=False).hits]
            if doc_id in ids:
                found += 1
            else:
                misses.append((path, title))
    return found, len(chosen), misses


def second_writer(index_dir: Path, corpus: Path, pid: int) -> str:
    result = subprocess.run(
        [*COOPSEARCH, "index", str(corpus), "--index", str(index_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = result.stderr.strip().splitlines()
    # the pid, or "pid unknown" when the holder has the lock but has not yet written its pid
    named = len(lines) == 1 and (f"pid {pid}" in lines[0] or "(pid unknown)" in lines[0])
    ok = result.returncode == 2 and named
    return ("refused as expected: " if ok else "UNEXPECTED: ") + (
        f"exit {result.returncode}, {result.stderr.strip()!r}"
    )


def run_round(args, index_dir: Path, n: int, rng: random.Random, last_count: int) -> dict:
    how = None if n == args.kills else ("SIGKILL" if n % 2 == 0 else "SIGINT")
    stop = Path(tempfile.mktemp(prefix="stress-stop-"))
    report = Path(tempfile.mktemp(prefix="stress-queries-"))
    queries = subprocess.Popen([sys.executable, "-c", QUERY_LOOP, str(index_dir), stop, report])
    started = time.monotonic()
    indexer = subprocess.Popen(
        [*COOPSEARCH, "index", str(args.corpus), "--index", str(index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    outcome = {"round": n + 1, "signal": how or "none (run to completion)"}
    time.sleep(min(2.0, args.max_delay / 2))
    if indexer.poll() is None:
        verdict = second_writer(index_dir, args.corpus, indexer.pid)
        if verdict.startswith("UNEXPECTED"):
            # a small corpus: the first indexer may have released the lock and be exiting
            with contextlib.suppress(subprocess.TimeoutExpired):
                indexer.wait(timeout=2)
            if indexer.poll() is not None:
                verdict = "not checked: the indexer finished first"
        outcome["second_writer"] = verdict
    if how:
        delay = rng.uniform(args.min_delay, args.max_delay)
        try:
            indexer.wait(timeout=max(0.0, delay - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            sent = time.monotonic()
            indexer.send_signal(signal.SIGKILL if how == "SIGKILL" else signal.SIGINT)
            indexer.wait()
            outcome["killed_after_s"] = round(sent - started, 1)
            outcome["exit_after_signal_s"] = round(time.monotonic() - sent, 2)
    else:
        indexer.wait()
    _, stderr = indexer.communicate()
    outcome["exit_status"] = indexer.returncode
    outcome["traceback"] = "Traceback" in stderr
    outcome["stderr_tail"] = stderr.strip().splitlines()[-1:] if stderr.strip() else []
    outcome["skipped_lines"] = sum(1 for line in stderr.splitlines() if "skipped /" in line)
    stop.touch()
    queries.wait(timeout=60)
    stats = json.loads(report.read_text()) if report.exists() else {}
    stop.unlink(missing_ok=True)
    report.unlink(missing_ok=True)
    outcome["query_process"] = {k: stats.get(k) for k in ("queries", "errors", "not_ready")}
    outcome["query_process_messages"] = stats.get("messages", [])[:3]
    docs = committed(index_dir)
    seen = max(stats.get("max_count", 0), last_count)
    outcome["committed_docs"] = len(docs)
    outcome["docs_seen_before"] = seen
    outcome["lost"] = max(0, seen - len(docs))
    found, sampled, misses = check_titles(index_dir, docs, args.sample, rng)
    outcome["title_check"] = f"{found}/{sampled} found in the top 10 by exact title"
    outcome["misses"] = misses[:5]
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--index", type=Path, help="index folder (default: a new temp folder)")
    parser.add_argument("--kills", type=int, default=4, help="rounds ended by a signal")
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--min-delay", type=float, default=5.0)
    parser.add_argument("--max-delay", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    index_dir = args.index or Path(tempfile.mkdtemp(prefix="stress-index-"))
    files = sum(1 for _ in args.corpus.rglob("*.txt"))
    log(f"stress: corpus {args.corpus} ({files} .txt files), index {index_dir}")
    log(f"stress: {args.kills} killed rounds (SIGKILL/SIGINT alternating), then one to completion")
    failures, last_count, started = 0, 0, time.monotonic()
    for n in range(args.kills + 1):
        outcome = run_round(args, index_dir, n, rng, last_count)
        last_count = outcome["committed_docs"]
        problems = [
            reason
            for reason, bad in (
                ("committed documents lost", outcome["lost"]),
                ("traceback on stderr", outcome["traceback"]),
                ("query process saw errors", outcome["query_process"]["errors"]),
                ("second writer not refused", "UNEXPECTED" in outcome.get("second_writer", "")),
                (
                    "SIGINT exit status not 130",
                    outcome["signal"] == "SIGINT" and outcome["exit_status"] not in (130, 0),
                ),
                (
                    "completed run failed",
                    outcome["signal"].startswith("none") and outcome["exit_status"] != 0,
                ),
                ("titles not found", outcome["misses"]),
            )
            if bad
        ]
        outcome["problems"] = problems
        failures += bool(problems)
        log(json.dumps(outcome, ensure_ascii=False))
    log(
        f"stress: done in {time.monotonic() - started:.0f} s; "
        f"{failures} round(s) with a problem; final index holds {last_count} documents"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
