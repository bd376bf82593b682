"""Indexing on every core: articles/s and memory of one process against worker processes.

    python bench/parallel.py FOLDER [--jobs 2] [--repeat 3] [--mpwriter] [--profile MODE]

Builds a new index of FOLDER (under ``/tmp/coopsearch-bench/parallel``) once
per mode and repeat, the modes alternating back to back so that other work
on the machine weighs on each alike:

* ``jobs-1``: ``update_index(..., jobs=1)``, everything in one process;
* ``jobs-N``: ``update_index(..., jobs=N)``, coopsearch's worker processes;
* ``mpwriter`` and ``mpwriter-multisegment`` (with ``--mpwriter``): one
  process reading and extracting, with Whoosh's ``MpWriter`` (``procs=N``)
  analysing and writing, merged into one segment at each commit, or not.

Each build runs in a child process. Printed per build: wall seconds,
articles/s, CPU seconds of the build's process and of its sub-processes
(``wait4``), and the peak resident memory summed over the process tree
(sampled every 50 ms), with the main process's own peak. ``--profile MODE``
instead runs one build of that mode under cProfile and prints where the
main process spent its time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path("/tmp/coopsearch-bench/parallel")
SAMPLE_SECONDS = 0.05
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024

CHILD = """
import sys, time, resource
from pathlib import Path
mode, folder, index, jobs, profile = sys.argv[1:6]
jobs = int(jobs)
import coopsearch.indexer as indexer
if mode.startswith("mpwriter"):
    multisegment, procs = mode.endswith("multisegment"), jobs
    def mp_writer(ix, index_dir):
        return ix.writer(limitmb=indexer.WRITER_MEMORY_MB, procs=procs, multisegment=multisegment)
    indexer._writer = mp_writer
    jobs = 1
run = lambda: indexer.update_index(Path(index), [Path(folder)], jobs=jobs)
cpu = time.process_time()
if profile:
    import cProfile, pstats
    profiler = cProfile.Profile()
    report = profiler.runcall(run)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
else:
    report = run()
print("RESULT", report.added, time.process_time() - cpu, flush=True)
"""


def tree_rss_kib(root_pid: int) -> tuple[int, int]:
    """Resident KiB of ``root_pid`` and of it plus all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * PAGE_KIB
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return rss.get(root_pid, 0), total


def build(mode: str, folder: Path, jobs: int, profile: bool = False) -> dict:
    """One build of ``folder`` in a child process; its time, CPU and memory.

    ``jobs-K`` modes run K workers; ``jobs`` is the MpWriter modes' ``procs``.
    """
    if mode.startswith("jobs-"):
        jobs = int(mode.split("-")[1])
    index = ROOT / mode
    shutil.rmtree(index, ignore_errors=True)
    command = [sys.executable, "-c", CHILD, mode, str(folder), str(index), str(jobs)]
    started = time.perf_counter()
    child = subprocess.Popen([*command, "1" if profile else ""], stdout=subprocess.PIPE, text=True)
    peaks = {"main": 0, "tree": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            main, tree = tree_rss_kib(child.pid)
            peaks["main"], peaks["tree"] = max(peaks["main"], main), max(peaks["tree"], tree)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
    except BaseException:  # Ctrl-C: the build goes with the benchmark
        child.kill()
        raise
    finally:
        done.set()
    wall = time.perf_counter() - started
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{mode}: the build failed (exit status {child.returncode})")
    if profile:
        print(output.rsplit("RESULT", 1)[0])
    added, main_cpu = output.rsplit("RESULT", 1)[1].split()
    return {
        "mode": mode,
        "articles": int(added),
        "wall": wall,
        "rate": int(added) / wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "main_cpu": float(main_cpu),
        "peak_mib": peaks["tree"] / 1024,
        "main_peak_mib": peaks["main"] / 1024,
    }


def line(result: dict) -> str:
    return (
        f"{result['mode']:<22} {result['articles']:>6} articles {result['wall']:>7.1f} s "
        f"{result['rate']:>6.0f} articles/s  CPU {result['cpu']:>6.1f} s "
        f"(main {result['main_cpu']:.1f} s, others {result['cpu'] - result['main_cpu']:.1f} s)  "
        f"peak {result['peak_mib']:>5.0f} MiB (main {result['main_peak_mib']:.0f} MiB)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mpwriter", action="store_true", help="also time Whoosh's MpWriter")
    parser.add_argument("--profile", metavar="MODE", help="cProfile one build of MODE instead")
    args = parser.parse_args()
    folder = args.folder.resolve()
    parallel = f"jobs-{args.jobs}"
    if args.profile:
        print(line(build(args.profile, folder, args.jobs, profile=True)))
        return 0
    modes = ["jobs-1", parallel] + (["mpwriter", "mpwriter-multisegment"] if args.mpwriter else [])
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(args.repeat):
        for mode in modes:
            result = build(mode, folder, args.jobs)
            results[mode].append(result)
            print(line(result), flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    base = statistics.median(r["rate"] for r in results["jobs-1"])
    for mode in modes:
        rate = statistics.median(r["rate"] for r in results[mode])
        peak = max(r["peak_mib"] for r in results[mode])
        print(f"median {mode:<22} {rate:>6.0f} articles/s  {rate / base:.2f}x  peak {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
