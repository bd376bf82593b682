"""Build and update an index incrementally from folders of articles.

New files are added, changed files (size or modification time) re-indexed,
files gone from a folder removed, unchanged files skipped without being read.
A file may hold several documents (a ``.jsonl``): they are added, replaced and
removed together, through the ``source`` field they share; the counts in the
summary are of files.
Work is committed in batches, so a long run that is interrupted keeps what it
had committed, and the next run picks up the rest.

Files are read, parsed, extracted and analysed either in this process or,
for a large run, in one worker process per core (:mod:`coopsearch.parallel`),
each of which writes segments of its own that the next commit adds to the
index. Either way a changed file's earlier documents are deleted in the
batch that adds its new ones, and the report counts the same things.

Crash safety rests on three things. Whoosh writes a commit's table of
contents to a temporary file and renames it, so a reader sees the previous
commit or the new one, whole, and a killed writer leaves the last commit in
place (its unfinished segment files are removed by the next commit). A
Ctrl-C that arrives during a commit is held back until the commit is done.
``coopsearch.json`` names the folders before any of their documents are
committed. One writer at a time is ensured by :mod:`coopsearch.lock`.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import LockError

from coopsearch import corpus, schema, store
from coopsearch.corpus import (
    Document,
    Reader,
    describe_os_error,
    find_files,
    human_size,
    path_text,
)
from coopsearch.errors import IndexLocked, UnreadableFile
from coopsearch.formats import JsonKeys
from coopsearch.gazetteer import gazetteer
from coopsearch.lock import WriteLock
from coopsearch.merging import merge_tiers_adding
from coopsearch.text import is_unmarked

BATCH_SIZE = 5000  # documents per commit
BATCH_SECONDS = 20.0  # and at least this often, so slow runs keep their progress
WRITER_MEMORY_MB = 256
REREAD = (-1, -1)  # (mtime_ns, size) no file has: a rebuild re-reads every file it knows

Progress = Callable[[int, int, str], None]


@dataclass
class IndexReport:
    """What an indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    truncated: int = 0  # indexed by their first MAX_INDEXED_BYTES only
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """One line: ``added 5, updated 0, removed 0, unchanged 0, skipped 1 (no text: 1)``.

        Reasons come commonest first, then alphabetically: the same line
        whichever order worker processes reported the files in.
        """
        skipped = sum(self.skipped.values())
        line = (
            f"added {self.added}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged}, skipped {skipped}"
        )
        if skipped:
            counts = sorted(self.skipped.items(), key=lambda item: (-item[1], item[0]))
            reasons = ", ".join(f"{r}: {n}" for r, n in counts)
            line += f" ({reasons})"
        if self.truncated:
            line += f", truncated {self.truncated}"
        return line


def update_index(
    index_dir: Path,
    sources: Iterable[Path],
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_problem: Callable[[str, str], None] | None = None,
    json_keys: JsonKeys | None = None,
    on_note: Callable[[str], None] | None = None,
    wait: float | None = None,
    jobs: int | None = None,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``sources``.

    ``progress(done, total, path)`` is called after each file; ``on_problem
    (path, reason)`` once for each file that cannot be indexed; ``on_note
    (message)`` for what the user should know but is not a problem (a file
    indexed only in part, an earlier run that was killed). ``wait`` is how
    many seconds to wait for another writer; :class:`IndexLocked` after that.
    ``jobs`` is how many worker processes read and analyse files: 1 reads
    them in this process; ``None`` one per core, or 1 for a run too small to
    repay starting them (:func:`coopsearch.parallel.choose_jobs`).
    """
    sources = [Path(os.path.realpath(s)) for s in sources]  # as find_files names files
    index_dir = Path(index_dir)
    report = IndexReport()

    def problem(path: str, reason: str) -> None:
        _skip(report, path, reason, on_problem)

    files = list(find_files(sources, problem))
    reader = Reader(json_keys)
    with WriteLock(index_dir, wait) as lock:
        if lock.previous_pid and on_note:
            on_note(
                f"an earlier indexing run (pid {lock.previous_pid}) stopped before it "
                "finished; its committed work is kept and this run completes it."
            )
        ix = store.open_for_update(index_dir, rebuild)
        known = _indexed_files(ix)
        roots = {path_text(s) for s in sources}
        earlier = set(store.read_meta(index_dir).get("roots", []))
        store.write_meta(index_dir, roots=sorted(earlier | roots))  # before any commit
        record = _recorder(report, problem, on_note)
        with (
            _feed(index_dir, ix, reader, jobs, len(files), record) as feed,
            _batches(ix, index_dir, feed) as batch,
        ):
            for done, path in enumerate(files, 1):
                key = path_text(path)
                previous = known.pop(key, None)
                if rebuild and previous is not None:
                    previous = REREAD  # replaced in this batch, never skipped as unchanged
                batch.add(_index_one(batch.writer, feed, path, key, previous, report, problem))
                if progress:
                    progress(done, len(files), key)
            for gone in known if rebuild else _under(known, roots):
                batch.writer.delete_by_term(schema.SOURCE, gone)
                report.removed += 1
        if rebuild:  # complete: the index now holds exactly these sources
            store.write_meta(index_dir, roots=sorted(roots), created=store.now())
        else:
            store.write_meta(index_dir)
    return report


class _Batches:
    """A Whoosh writer that commits every ``BATCH_SIZE`` documents or ``BATCH_SECONDS``.

    Each commit also lists the segments the feed's worker processes sealed
    for it (none when files are read in this process).
    """

    def __init__(self, ix, index_dir: Path, feed) -> None:
        self.ix, self.index_dir, self.feed = ix, index_dir, feed
        self.writer = _writer(ix, index_dir)
        self.pending, self.since = 0, time.monotonic()

    def add(self, work: int) -> None:
        self.pending += work
        overdue = self.pending and time.monotonic() - self.since > BATCH_SECONDS
        if self.pending >= BATCH_SIZE or overdue:
            self.commit()
            self.writer = _writer(self.ix, self.index_dir)
            self.pending, self.since = 0, time.monotonic()

    def commit(self) -> None:
        segments = self.feed.seal()  # may take a while: Ctrl-C still stops it
        with _ctrl_c_after():
            self.writer.commit(mergetype=merge_tiers_adding(segments))

    def cancel(self) -> None:
        if not getattr(self.writer, "is_closed", False):
            # the interruption, not a failed clean-up, is what the user must hear about
            with suppress(Exception):
                self.writer.cancel()


@contextmanager
def _batches(ix, index_dir: Path, feed) -> Iterator[_Batches]:
    batch = _Batches(ix, index_dir, feed)
    try:
        yield batch
        batch.commit()
    except BaseException:
        batch.cancel()
        raise


@contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) back until the block is done, then raise it.

    A commit cut short by ``KeyboardInterrupt`` would leave its writer half
    closed; a commit takes seconds at most, so the user hardly waits.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    if received:
        raise KeyboardInterrupt


def _index_one(writer, feed, path: Path, key: str, previous, report, problem) -> int:
    """Hand one file to the feed if it is new or changed; return the documents it reports added.

    A changed file's earlier documents are deleted now, in the batch that
    will hold its new ones (or none, if it no longer reads).
    """
    try:
        stat = path.stat()
    except OSError as exc:
        return _gone(writer, key, previous, report, problem, describe_os_error(exc, path))
    if previous == (stat.st_mtime_ns, stat.st_size):
        report.unchanged += 1
        return 0
    if previous is not None:
        writer.delete_by_term(schema.SOURCE, key)
    return feed.index(writer, path, key, previous is not None)


@dataclass(frozen=True)
class Outcome:
    """What became of one file that was read: what the report needs, not the documents."""

    key: str  # the file's path as the index stores it
    replaces: bool  # the index held an earlier version (deleted when the file was sent)
    documents: int = 0  # documents added
    truncated: bool = False  # only its first MAX_INDEXED_BYTES were indexed
    size: int = 0  # the file's size in bytes
    reason: str | None = None  # why it could not be indexed; then it added nothing


def _recorder(report: IndexReport, problem, on_note) -> Callable[[Outcome], None]:
    """The function that counts each :class:`Outcome` in ``report`` and tells the user."""

    def record(outcome: Outcome) -> None:
        if outcome.reason is not None:
            if outcome.replaces:
                report.removed += 1
            problem(outcome.key, outcome.reason)
            return
        if outcome.truncated:
            report.truncated += 1
            if on_note:
                on_note(
                    f"{outcome.key}: only the first {human_size(corpus.MAX_INDEXED_BYTES)} "
                    f"of its {human_size(outcome.size)} were indexed."
                )
        if outcome.replaces:
            report.updated += 1
        else:
            report.added += 1

    return record


def read_documents(reader: Reader, path: Path) -> list[Document]:
    """``reader.read(path)``, with any error of a parser turned into :class:`UnreadableFile`.

    A file that trips a bug in a parser (trafilatura, a JSON oddity) is
    skipped with the error's kind as its reason, rather than ending the run.
    """
    try:
        return reader.read(path)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"could not be parsed ({type(exc).__name__})") from exc


class _InProcess:
    """The feed that reads each file in this process and adds it to the batch's writer."""

    def __init__(self, reader: Reader, record: Callable[[Outcome], None]) -> None:
        self.reader, self.record = reader, record

    def index(self, writer, path: Path, key: str, replaces: bool) -> int:
        """Read ``path`` into ``writer``; return how many documents it added."""
        try:
            documents = read_documents(self.reader, path)
        except UnreadableFile as exc:
            self.record(Outcome(key, replaces, reason=str(exc)))
            return 0
        for document in documents:
            writer.add_document(**document_fields(document))
        truncated = any(document.truncated for document in documents)
        self.record(Outcome(key, replaces, len(documents), truncated, documents[0].size))
        return len(documents)

    def seal(self) -> list:
        """No segments of its own: its documents are in the batch's writer."""
        return []


@contextmanager
def _feed(index_dir: Path, ix, reader: Reader, jobs: int | None, files: int, record):
    """The feed of this run: in this process, or worker processes stopped on the way out."""
    from coopsearch import parallel  # multiprocessing is imported only by the indexer

    parallel.remove_staging(index_dir)  # what a killed run's workers left
    jobs = parallel.choose_jobs(jobs, files)
    if jobs == 1:
        yield _InProcess(reader, record)
        return
    workers = parallel.Workers(index_dir, ix.schema, reader, jobs, record, WRITER_MEMORY_MB)
    try:
        yield workers
    except BaseException:
        workers.close(abort=True)
        raise
    workers.close()


def _gone(writer, key: str, previous, report, problem, reason: str) -> int:
    """A file that can no longer be read: report it, and drop what the index held of it."""
    if previous is not None:
        writer.delete_by_term(schema.SOURCE, key)
        report.removed += 1
    problem(key, reason)
    return 0


def _skip(report: IndexReport, path: str, reason: str, on_problem) -> int:
    report.skipped[reason] += 1
    report.problems.append((path, reason))
    if on_problem:
        on_problem(path, reason)
    return 0


def document_fields(document: Document) -> dict:
    """The Whoosh fields of a document: each text once per analysis layer."""
    fields = {
        schema.ID: document.id,
        schema.PATH: document.path,
        schema.SOURCE: document.source or document.path,
        schema.TITLE: document.title,
        schema.TITLE_FOLDED: document.title,
        schema.BODY: document.body,
        schema.BODY_FOLDED: document.body,
        schema.MTIME_NS: document.mtime_ns,
        schema.SIZE: document.size,
    }
    if document.date:
        fields[schema.DATE] = document.date
        fields[schema.YEAR] = document.year
        fields[schema.DATE_PRECISION] = document.date_precision
        fields[schema.DATE_SOURCE] = document.date_source
    if is_unmarked(f"{document.title}\n{document.body}"):
        fields[schema.UNMARKED] = schema.UNMARKED_YES
    if document.author:
        fields[schema.AUTHOR] = document.author
    if document.url:
        fields[schema.URL] = document.url
    fields.update(entity_fields(document))
    return fields


def entity_fields(document: Document) -> dict:
    """The entity keywords and texts of a document, and its entities as stored JSON."""
    found = document.entities
    successors = gazetteer().provinces
    people = [p.name for p in found.people]
    values = {
        schema.PROVINCE: found.provinces,
        schema.PROVINCE_NOW: _unique(successors[p].successor for p in found.provinces),
        schema.REGION: found.regions,
        schema.ORG: found.organisations,
        schema.PERSON: people,
        schema.REFERENCE: found.references,
        schema.FIGURE_UNIT: _unique(f.unit for f in found.figures),
    }
    fields = {name: "\n".join(v) for name, v in values.items() if v}
    for kind, (exact_name, folded_name) in schema.ENTITY_TEXT.items():
        if values[kind]:
            fields[exact_name] = fields[folded_name] = "\n".join(values[kind])
    fields[schema.ENTITIES] = json.dumps(found.to_dict(), ensure_ascii=False)
    return fields


def _unique(items) -> list:
    return list(dict.fromkeys(items))


def _indexed_files(ix) -> dict[str, tuple[int, int]]:
    """Map each indexed file to its (mtime_ns, size), read from columns, not stored text."""
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return {}
        paths = reader.column_reader(schema.SOURCE)
        mtimes = reader.column_reader(schema.MTIME_NS)
        sizes = reader.column_reader(schema.SIZE)
        return {paths[n]: (mtimes[n], sizes[n]) for n in reader.all_doc_ids()}


def _under(known: dict, roots: Iterable[str]) -> list[str]:
    """The indexed paths that lie under one of ``roots`` (and so were not seen again)."""
    return [p for p in known if any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)]


def _writer(ix, index_dir: Path):
    try:
        return ix.writer(limitmb=WRITER_MEMORY_MB)
    except LockError as exc:
        raise IndexLocked(
            f"The index in {index_dir} is being updated by another coopsearch process."
        ) from exc
