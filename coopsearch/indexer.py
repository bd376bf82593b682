"""Build and update an index incrementally from folders of articles.

New files are added, changed files (size or modification time) re-indexed,
files gone from a folder removed, unchanged files skipped without being read.
A file may hold several documents (a ``.jsonl``): they are added, replaced and
removed together, through the ``source`` field they share; the counts in the
summary are of files.
Work is committed in batches, so a long run that is interrupted keeps what it
had committed, and the next run picks up the rest.

Crash safety rests on three things. Whoosh writes a commit's table of
contents to a temporary file and renames it, so a reader sees the previous
commit or the new one, whole, and a killed writer leaves the last commit in
place (its unfinished segment files are removed by the next commit). A
Ctrl-C that arrives during a commit is held back until the commit is done.
``coopsearch.json`` names the folders before any of their documents are
committed. One writer at a time is ensured by :mod:`coopsearch.lock`. A full
disk or an index folder that cannot be written ends the run with
:class:`~coopsearch.errors.IndexWriteFailed`, once the files of the batch it
was writing are removed (:mod:`coopsearch.diskfaults`); the commits before it stay.
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
from coopsearch.diskfaults import write_faults
from coopsearch.errors import IndexLocked, UnreadableFile
from coopsearch.formats import JsonKeys
from coopsearch.gazetteer import gazetteer
from coopsearch.lock import WriteLock
from coopsearch.merging import merge_tiers
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
        """One line: ``added 5, updated 0, removed 0, unchanged 0, skipped 1 (no text: 1)``."""
        skipped = sum(self.skipped.values())
        line = (
            f"added {self.added}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged}, skipped {skipped}"
        )
        if skipped:
            reasons = ", ".join(f"{r}: {n}" for r, n in self.skipped.most_common())
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
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``sources``.

    ``progress(done, total, path)`` is called after each file; ``on_problem
    (path, reason)`` once for each file that cannot be indexed; ``on_note
    (message)`` for what the user should know but is not a problem (a file
    indexed only in part, an earlier run that was killed). ``wait`` is how
    many seconds to wait for another writer; :class:`IndexLocked` after that.
    """
    sources = [Path(os.path.realpath(s)) for s in sources]  # as find_files names files
    index_dir = Path(index_dir)
    report = IndexReport()

    def problem(path: str, reason: str) -> None:
        _skip(report, path, reason, on_problem)

    files = list(find_files(sources, problem))
    reader = Reader(json_keys)
    with WriteLock(index_dir, wait) as lock, write_faults(index_dir):
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
        with _batches(ix, index_dir) as batch:
            for done, path in enumerate(files, 1):
                key = path_text(path)
                previous = known.pop(key, None)
                if rebuild and previous is not None:
                    previous = REREAD  # replaced in this batch, never skipped as unchanged
                batch.add(
                    _index_one(batch.writer, reader, path, key, previous, report, problem, on_note)
                )
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
    """A Whoosh writer that commits every ``BATCH_SIZE`` documents or ``BATCH_SECONDS``."""

    def __init__(self, ix, index_dir: Path) -> None:
        self.ix, self.index_dir = ix, index_dir
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
        with _ctrl_c_after():
            self.writer.commit(mergetype=merge_tiers)

    def cancel(self) -> None:
        if not getattr(self.writer, "is_closed", False):
            # the interruption, not a failed clean-up, is what the user must hear about
            with suppress(Exception):
                self.writer.cancel()


@contextmanager
def _batches(ix, index_dir: Path) -> Iterator[_Batches]:
    batch = _Batches(ix, index_dir)
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


def _index_one(
    writer, reader: Reader, path: Path, key: str, previous, report, problem, on_note
) -> int:
    """Index one file if it is new or changed; return 1 if the writer got work."""
    try:
        stat = path.stat()
    except OSError as exc:
        return _gone(writer, key, previous, report, problem, describe_os_error(exc, path))
    if previous == (stat.st_mtime_ns, stat.st_size):
        report.unchanged += 1
        return 0
    try:
        documents = reader.read(path)
    except UnreadableFile as exc:
        return _gone(writer, key, previous, report, problem, str(exc))
    if previous is not None:
        writer.delete_by_term(schema.SOURCE, key)
    for document in documents:
        writer.add_document(**document_fields(document))
    if any(document.truncated for document in documents):
        report.truncated += 1
        if on_note:
            on_note(
                f"{key}: only the first {human_size(corpus.MAX_INDEXED_BYTES)} of its "
                f"{human_size(documents[0].size)} were indexed."
            )
    if previous is None:
        report.added += 1
    else:
        report.updated += 1
    return len(documents)


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
