"""Child-process side of the benchmark: one measurement per process.

``run.py`` starts ``python bench/worker.py TASK JSON`` for every build,
update and query-latency measurement, so that each system runs in a fresh
interpreter and one system's memory never counts against the other. The
worker prints one JSON object on its last stdout line: the task's numbers
plus the process's own peak memory (``VmHWM``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import coop
import fts5

SYSTEMS = ("coopsearch", "fts5", "tantivy")


def tantivy_peer():
    """The Tantivy peer module, imported only when asked for (an optional extra)."""
    import tantivy_peer

    return tantivy_peer


def peak_rss_kib() -> dict[str, int]:
    """This process's RSS high-water mark and its children's, in KiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    except OSError:
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"peak_rss_kib": own + children, "self_kib": own, "children_kib": children}


def _timed(start: float, cpu: float, report: object) -> dict:
    """Wall and CPU seconds since ``start``/``cpu``, and the system's report."""
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "report": repr(report)[:500],
    }


def build(system: str, index: str, root: str) -> dict:
    """Full build of ``root`` into ``index``; wall and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    if system == "fts5":
        report = fts5.build(Path(index), Path(root))
    elif system == "tantivy":
        report = tantivy_peer().build(Path(index), Path(root))
    else:
        report = coop.build(Path(index), Path(root))
    return _timed(start, cpu, report)


def update(system: str, index: str, root: str) -> dict:
    """Incremental update of ``index`` from ``root``; wall and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    if system == "fts5":
        report = fts5.update(Path(index), Path(root))
    elif system == "tantivy":
        report = tantivy_peer().update(Path(index), Path(root))
    else:
        report = coop.update(Path(index), Path(root))
    return _timed(start, cpu, report)


def _open(system: str, index: str):
    """Open a searcher and a ``search(searcher, query)`` function."""
    if system == "fts5":
        return fts5.Searcher(Path(index)), lambda s, q: s.search(q, limit=10)
    if system == "tantivy":
        return tantivy_peer().Searcher(Path(index)), lambda s, q: s.search(q, limit=10)
    return coop.open_searcher(Path(index)), lambda s, q: coop.search(s, q, limit=10)


def queries(system: str, index: str, queries: list[str], passes: int) -> dict:
    """Query latency in-process: open, one warm-up pass, ``passes`` timed.

    Returns the opening time, every timed latency (wall and CPU seconds,
    one list per query) and the number of hits each query returned.
    """
    start = time.perf_counter()
    searcher, search = _open(system, index)
    with searcher:
        opened = time.perf_counter() - start
        hits = [len(search(searcher, query)) for query in queries]
        latencies: list[list[float]] = [[] for _ in queries]
        cpu_latencies: list[list[float]] = [[] for _ in queries]
        for _ in range(passes):
            for i, query in enumerate(queries):
                t0, c0 = time.perf_counter(), time.process_time()
                search(searcher, query)
                latencies[i].append(time.perf_counter() - t0)
                cpu_latencies[i].append(time.process_time() - c0)
    return {
        "open_seconds": opened,
        "latencies": latencies,
        "cpu_latencies": cpu_latencies,
        "hits": hits,
    }


TASKS = {"build": build, "update": update, "queries": queries}


def main(argv: list[str]) -> int:
    """``TASK JSON-ARGS``: run the task, print its result as JSON."""
    task, args = argv[0], json.loads(argv[1])
    result = TASKS[task](**args)
    result.update(peak_rss_kib())
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
