"""Indexing on every core: worker processes read, analyse and write; this process commits.

Half of indexing is writing the segment (Whoosh sorts the postings and writes
them when a batch is committed), so a parent that received analysed postings
from its workers would still do half the work alone. Here each worker
(:mod:`coopsearch.indexworker`) writes a whole segment of its own, and the
parent's commit lists those segments beside the ones it keeps: what crosses
the process boundary is a path on the way out, a few counts per file on the
way back, and one Whoosh ``Segment`` object (a name and a document count)
per worker and commit.

The parent stats each file (an unchanged file is never sent), deletes a
changed file's earlier documents in its own writer, and sends the path to
the least busy worker. At most ``MAX_IN_FLIGHT`` files wait per worker, so
memory holds a few paths, not the corpus. Each worker's writer may hold
as many postings in memory as the one process's writer
(``WRITER_MEMORY_MB``) before it sorts them to disk, which is slow (with
half that each, two workers spent 28 s of CPU on 3,000 articles instead of
22 s); between them the workers hold at most the ``BATCH_SIZE`` documents
of one commit.

At a commit, every worker that was sent files since the last one seals its
segment; the parent moves the segment's file from the worker's staging
folder (``.staging/`` in the index folder, which Whoosh passes over) into the
index and commits. A commit therefore holds exactly the files sent before
it, together with the deletions of their earlier versions, as one process's
commit does. A file that cannot be read is reported when its worker says so;
a file that was indexed is counted when its segment is sealed.

A worker that dies (a crash in a parser's C code, the out-of-memory killer)
takes its unsealed segment with it: the file it was reading is skipped,
with the reason, and the files of the lost segment are sent again to a new
worker. A worker that dies reading no file (sealing, say) blames none, and
each of its files is sent at most ``MAX_ATTEMPTS`` times. Ctrl-C stops the
workers and removes their staging folders; a killed parent's workers die
with it (:func:`coopsearch.indexworker.main`), and the next run removes
what they left.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from multiprocessing import connection
from pathlib import Path

from coopsearch.errors import WorkerFailed
from coopsearch.indexer import Outcome

# A worker is a new interpreter given one end of a pipe, not a
# multiprocessing.Process: those import the parent's main script again in
# each worker (a script that indexes at its top level would index again),
# and a forked one would inherit the index's locks (an flock lives as long
# as any process holds it), the parent's threads and whatever it patched.
# The worker gets the parent's sys.path, as multiprocessing's would.
WORKER_MAIN = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[3]); "
    "from coopsearch.indexworker import main; main(int(sys.argv[1]), int(sys.argv[2]))"
)
STAGING = ".staging"  # Whoosh's clean-up passes over names that start with a dot
MAX_IN_FLIGHT = 8  # files sent to a worker and not yet answered
MAX_ATTEMPTS = 2  # deaths of a worker holding a file, reading none, before the file is skipped
# Below this many files an automatic run reads in this process. Two workers
# take about 0.2 s to start (a new interpreter importing coopsearch and
# whoosh; measured on the 2-core development machine), a tenth of what 200
# articles take in one process, so from there on they pay for themselves.
MIN_FILES_FOR_WORKERS = 200
STOP_SECONDS = 10.0  # how long a stopped worker may take to exit before it is killed


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def choose_jobs(jobs: int | None, files: int) -> int:
    """How many worker processes to use for ``files`` files; 1 means none.

    An explicit ``jobs`` is kept (but never more workers than files);
    ``None`` is one per core, or 1 below :data:`MIN_FILES_FOR_WORKERS`.

    >>> choose_jobs(1, 5000), choose_jobs(4, 3), choose_jobs(None, 5)
    (1, 3, 1)
    """
    if os.name != "posix":  # workers are handed their pipe as an inherited descriptor
        return 1
    if jobs is None:
        jobs = available_cores() if files >= MIN_FILES_FOR_WORKERS else 1
    return max(1, min(jobs, files))


def remove_staging(index_dir: Path) -> None:
    """Remove the workers' staging folder of ``index_dir``, if a run left one."""
    shutil.rmtree(Path(index_dir) / STAGING, ignore_errors=True)


@dataclass(frozen=True)
class _Task:
    """A file sent to be read; ``attempts``: 1 + the deaths of its workers that blamed no file."""

    seq: int
    file: object  # the indexer's _File: path, key, portable name, moved
    replaces: bool
    attempts: int = 1

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def key(self) -> str:
        return self.file.key


class _Worker:
    """The parent's handle on one worker process: its pipe and the files it holds."""

    def __init__(self, staging: Path, setup: tuple) -> None:
        self.staging = staging
        self.conn, child_end = multiprocessing.Pipe()
        fd = child_end.fileno()
        command = [sys.executable, "-c", WORKER_MAIN, str(fd), str(os.getpid())]
        try:
            with _ctrl_c_blocked():
                self.process = subprocess.Popen(
                    [*command, json.dumps(sys.path)], stdin=subprocess.DEVNULL, pass_fds=(fd,)
                )
        except OSError as exc:
            self.conn.close()
            raise WorkerFailed(_could_not_start(exc.strerror or str(exc))) from exc
        finally:
            child_end.close()
        with suppress(OSError):  # if it died at once, the end of its pipe will say so
            self.conn.send((str(staging), *setup))
        self.ready = False  # it said it had started
        self.broken = False  # it said its writer failed, and is exiting
        self.in_flight: deque[_Task] = deque()  # sent, not answered, in order
        self.held: list[tuple[_Task, Outcome]] = []  # indexed into its unsealed segment
        self.sent_since_seal = False
        self.seals_pending = 0

    def stop(self, abort: bool) -> None:
        """Ask the worker to stop (or terminate it), wait for it, and remove its folder."""
        if abort:
            self.process.terminate()
        else:
            with suppress(OSError):  # it died already
                self.conn.send(("stop",))
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.conn.close()
        shutil.rmtree(self.staging, ignore_errors=True)


class Workers:
    """The feed that hands files to worker processes and collects their segments.

    ``record(outcome)`` counts each file's :class:`Outcome`; ``schema`` is
    the index's Whoosh schema, ``reader`` the run's
    :class:`coopsearch.corpus.Reader` (sent to each worker), ``memory_mb``
    the postings memory of each worker's writer. Workers start when the
    first file is sent; :meth:`close` stops them.
    """

    def __init__(
        self,
        index_dir: Path,
        schema,
        reader,
        jobs: int,
        record: Callable[[Outcome], None],
        memory_mb: int,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.jobs = jobs
        self.record = record
        self._setup = (schema, reader, memory_mb)
        self._workers: list[_Worker] = []
        self._started = 0
        self._backlog: deque[_Task] = deque()
        self._seq = itertools.count()
        self._added = 0  # documents reported since index() last returned
        self._segments: list = []  # sealed since the last commit, in the index folder

    def index(self, writer, file, replaces: bool) -> int:
        """Send ``path`` to a worker; return the documents reported added meanwhile.

        Waits while every worker has ``MAX_IN_FLIGHT`` files; ``writer`` is
        not used (the workers write their own segments).
        """
        self._backlog.append(_Task(next(self._seq), file, replaces))
        self._dispatch()
        added, self._added = self._added, 0
        return added

    def seal(self) -> list:
        """Wait for every file sent, have each worker seal its segment; return the segments.

        The segments' files are in the index folder when this returns, in
        no commit yet.
        """
        while True:
            self._dispatch()
            for worker in list(self._workers):
                if worker.sent_since_seal:
                    worker.sent_since_seal = False
                    worker.seals_pending += 1
                    self._send(worker, ("seal",))
            waiting = any(w.seals_pending or w.in_flight for w in self._workers)
            if not waiting and not self._backlog:
                break
            if waiting:
                self._receive()
        segments, self._segments = self._segments, []
        return segments

    def close(self, abort: bool = False) -> None:
        """Stop every worker (at once if ``abort``) and remove the staging folder."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop(abort)
        remove_staging(self.index_dir)

    # -- sending and receiving

    def _dispatch(self) -> None:
        """Send the backlog to the least busy workers, starting them as needed."""
        while self._backlog:
            if len(self._workers) < self.jobs:
                self._start()
                continue
            worker = min(self._workers, key=lambda w: len(w.in_flight))
            if len(worker.in_flight) >= MAX_IN_FLIGHT:
                self._receive()
                continue
            task = self._backlog.popleft()
            worker.in_flight.append(task)
            worker.sent_since_seal = True
            self._send(worker, ("read", task.seq, os.fspath(task.path), task.key, task.file.name))

    def _start(self) -> None:
        self._started += 1
        staging = self.index_dir / STAGING / str(self._started)
        self._workers.append(_Worker(staging, self._setup))

    def _send(self, worker: _Worker, message: tuple) -> None:
        try:
            worker.conn.send(message)
        except OSError:  # it died: what it answered before is still in the pipe
            self._read(worker)
            if worker in self._workers:
                self._lost(worker)

    def _receive(self) -> None:
        """Wait for any worker to answer or die (end of its pipe), and handle what it said."""
        by_conn = {worker.conn: worker for worker in self._workers}
        for ready in connection.wait(list(by_conn)) if by_conn else []:
            if by_conn[ready] in self._workers:  # not lost meanwhile
                self._read(by_conn[ready])

    def _read(self, worker: _Worker) -> None:
        """Handle every message the worker has sent; at the end of its pipe, it died."""
        while True:
            try:
                if not worker.conn.poll():
                    return
                message = worker.conn.recv()
            except (EOFError, OSError):
                self._lost(worker)
                return
            self._handle(worker, message)  # outside the try: it may raise a worker's OSError

    def _handle(self, worker: _Worker, message: tuple) -> None:
        kind = message[0]
        if kind == "ready":
            worker.ready = True
        elif kind == "sealed":
            worker.seals_pending -= 1
            if message[1] is not None:
                self._adopt(worker, message[1])
            for _, outcome in worker.held:
                self.record(outcome)
            worker.held = []
        elif kind == "error":
            raise message[1]
        else:
            task = worker.in_flight.popleft()
            if kind == "done":
                _, _, documents, truncated, size = message
                outcome = Outcome(
                    task.key, task.replaces, documents, truncated, size, moved=task.file.moved
                )
                worker.held.append((task, outcome))
                self._added += documents
            else:  # "failed": the file is skipped; "broken": so is the worker
                self.record(Outcome(task.key, task.replaces, reason=message[2]))
                worker.broken = kind == "broken"

    def _adopt(self, worker: _Worker, segment) -> None:
        """Move a sealed segment's files from the worker's folder into the index folder."""
        prefix = f"{segment.segment_id()}."
        for name in os.listdir(worker.staging):
            if name.startswith(prefix):
                os.replace(worker.staging / name, self.index_dir / name)
        self._segments.append(segment)

    def _lost(self, worker: _Worker) -> None:
        """A worker died: skip the file it was reading, send its other files again.

        A file counts an attempt only when its worker died reading none
        (sealing, say), so that a file lost with the segment of another
        file that killed the worker is never skipped for it.
        """
        self._workers.remove(worker)
        worker.stop(abort=True)
        cause = _cause(worker.process.returncode)
        if not worker.ready:
            raise WorkerFailed(_could_not_start(cause))
        lost = list(worker.in_flight)
        blamed = worker.broken  # it named the file its writer failed on
        if lost and not blamed:
            culprit, blamed = lost.pop(0), True
            reason = f"its worker process died while reading it ({cause})"
            self.record(Outcome(culprit.key, culprit.replaces, reason=reason))
        again = [task for task, _ in worker.held] + lost
        for task in reversed(again):
            if blamed:
                self._backlog.appendleft(task)
            elif task.attempts >= MAX_ATTEMPTS:
                reason = f"its worker process died {task.attempts} times ({cause})"
                self.record(Outcome(task.key, task.replaces, reason=reason))
            else:
                self._backlog.appendleft(replace(task, attempts=task.attempts + 1))


def _could_not_start(cause: str) -> str:
    return (
        f"An indexing worker process could not start ({cause}); "
        "index with --jobs 1 to read files in the main process."
    )


def _cause(exitcode: int | None) -> str:
    """``killed by SIGSEGV``, ``exit status 1``: how a worker ended.

    >>> _cause(-11), _cause(1)
    ('killed by SIGSEGV', 'exit status 1')
    """
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


@contextmanager
def _ctrl_c_blocked() -> Iterator[None]:
    """Block SIGINT while a worker starts: it inherits the mask, and ignores Ctrl-C from then on.

    A Ctrl-C typed meanwhile reaches this process when the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
