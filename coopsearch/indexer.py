"""Build and update an index incrementally from folders of articles.

New files are added, changed files (size or modification time, or their
record in the folder's sidecar, :mod:`coopsearch.sidecar`) re-indexed,
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
committed. One writer at a time is ensured by :mod:`coopsearch.lock`. A full
disk or an index folder that cannot be written ends the run with
:class:`~coopsearch.errors.IndexWriteFailed`, once the files of the batch it
was writing are removed (:mod:`coopsearch.diskfaults`); the commits before it stay.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import LockError

from coopsearch import corpus, pairs, schema, segmentcolumns, store
from coopsearch.abbreviations import article_senses
from coopsearch.analysis import raw_tokens
from coopsearch.corpus import (
    Document,
    Reader,
    describe_os_error,
    find_files,
    human_size,
    path_text,
)
from coopsearch.diskfaults import write_faults
from coopsearch.entities import canonical_org, canonical_person, canonical_reference
from coopsearch.errors import (
    IndexLocked,
    NotCovered,
    RemovalNotConfirmed,
    SourceNotFound,
    UnreadableFile,
)
from coopsearch.figures import rows_to_json
from coopsearch.formats import JsonKeys
from coopsearch.gazetteer import gazetteer
from coopsearch.identity import Folders, document_id, portable_name
from coopsearch.lock import WriteLock
from coopsearch.merging import merge_tiers_adding
from coopsearch.sidecar import bad_lines, sidecars_of
from coopsearch.text import is_unmarked

BATCH_SIZE = 5000  # documents per commit
BATCH_SECONDS = 20.0  # and at least this often, so slow runs keep their progress
WRITER_MEMORY_MB = 256
REREAD = (-1, -1, -1)  # (mtime_ns, size, sidecar) no file has: a rebuild re-reads every file

Progress = Callable[[int, int, str], None]


@dataclass
class IndexReport:
    """What an indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    moved: int = 0  # found under a new folder, same portable name: replaced, not doubled
    removed: int = 0
    unchanged: int = 0
    truncated: int = 0  # indexed by their first MAX_INDEXED_BYTES only
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.moved or self.removed)

    def summary(self) -> str:
        """One line: ``added 5, updated 0, removed 0, unchanged 0, skipped 1 (no text: 1)``.

        Reasons come commonest first, then alphabetically: the same line
        whichever order worker processes reported the files in.
        """
        skipped = sum(self.skipped.values())
        line = f"added {self.added}, updated {self.updated}, "
        if self.moved:
            line += f"moved {self.moved}, "
        line += f"removed {self.removed}, unchanged {self.unchanged}, skipped {skipped}"
        if skipped:
            counts = sorted(self.skipped.items(), key=lambda item: (-item[1], item[0]))
            reasons = ", ".join(f"{r}: {n}" for r, n in counts)
            line += f" ({reasons})"
        if self.truncated:
            line += f", truncated {self.truncated}"
        return line


@dataclass(frozen=True)
class IndexedFile:
    """What the index holds of one file: its state when read, and its documents."""

    mtime_ns: int
    size: int
    documents: int
    name: str  # its portable name (coopsearch.identity), without a #L12 suffix
    sidecar: int = 0  # the fingerprint of its sidecar record (Sidecars.fingerprint)

    @property
    def state(self) -> tuple[int, int, int]:
        return (self.mtime_ns, self.size, self.sidecar)


# confirm_removal(documents_to_remove, documents_in_index) -> go ahead?
ConfirmRemoval = Callable[[int, int], bool]


def update_index(
    index_dir: Path,
    sources: Iterable[Path] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_problem: Callable[[str, str], None] | None = None,
    json_keys: JsonKeys | None = None,
    on_note: Callable[[str], None] | None = None,
    wait: float | None = None,
    confirm_removal: ConfirmRemoval | None = None,
    jobs: int | None = None,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``sources``.

    ``sources=None`` means every folder the index covers (``coopsearch.json``
    ``roots``); a covered folder that no longer exists is reported through
    ``on_note`` and its articles are kept (:func:`forget_folders` removes
    them). A file found under a new folder with the portable name of a file
    that no longer exists is the same article moved: it replaces the old one.

    ``progress(done, total, path)`` is called after each file; ``on_problem
    (path, reason)`` once for each file that cannot be indexed; ``on_note
    (message)`` for what the user should know but is not a problem (a file
    indexed only in part, an earlier run that was killed). ``wait`` is how
    many seconds to wait for another writer; :class:`IndexLocked` after that.
    When the run would remove more than half of the index's documents,
    ``confirm_removal(to_remove, total)`` is asked first, and a refusal (or
    no callback) raises :class:`RemovalNotConfirmed` before anything changes.
    ``jobs`` is how many worker processes read and analyse files: 1 reads
    them in this process; ``None`` one per core, or 1 for a run too small to
    repay starting them (:func:`coopsearch.parallel.choose_jobs`).
    """
    index_dir = Path(index_dir)
    report = IndexReport()

    def problem(path: str, reason: str) -> None:
        _skip(report, path, reason, on_problem)

    def note(message: str) -> None:
        if on_note:
            on_note(message)

    def run(ix) -> None:
        """Update ``ix`` (the index opened or started anew) from the sources, into ``report``."""
        known = _indexed_files(ix)
        if sources is None:
            chosen = [Path(r) for r in earlier if os.path.lexists(r)]
            missing = [r for r in earlier if not os.path.lexists(r)]
        else:
            chosen = [Path(os.path.realpath(s)) for s in sources]  # as find_files names files
            missing = []
        roots = [path_text(s) for s in chosen]
        own = Folders([path_text(os.path.realpath(index_dir))])  # never index the index itself
        files = [f for f in find_files(chosen, problem) if not own.holds(path_text(f))]
        for sidecar in sidecars_of(files):
            if bad := bad_lines(sidecar):
                shown = ", ".join(map(str, bad[:5])) + (", …" if len(bad) > 5 else "")
                note(
                    f"{path_text(sidecar)}: {len(bad)} line(s) ({shown}) are not a JSON record "
                    "with a doc_id, or hold a date that cannot be read; no article gets "
                    "its metadata, or its date, from them."
                )
        kept = set(_under(known, missing))
        for root in missing:
            held = sum(known[p].documents for p in _under(known, [root]))
            note(
                f"{root} no longer exists; its {held} articles stay in the index "
                f"until `coopsearch index --forget {shlex.quote(root)}`."
            )
        plan = IndexPlan(known, roots, files, rebuild, kept)
        if plan.removing * 2 > plan.total and not (
            confirm_removal and confirm_removal(plan.removing, plan.total)
        ):
            raise RemovalNotConfirmed(
                f"This would remove {plan.removing} of the {plan.total} articles in {index_dir}; "
                "nothing was changed (confirm with --yes)."
            )
        store.write_meta(index_dir, roots=sorted(set(earlier) | set(roots)))  # before any commit
        record = _recorder(report, problem, on_note)
        with (
            _feed(index_dir, ix, reader, jobs, len(files), record) as feed,
            _batches(ix, index_dir, feed) as batch,
        ):
            for done, path in enumerate(files, 1):
                key = path_text(path)
                previous = known.pop(key, None)
                state = previous.state if previous else None
                if rebuild and previous is not None:
                    state = REREAD  # replaced in this batch, never skipped as unchanged
                name = plan.name_of(key, previous)
                moved_from = plan.moved_from(key, name) if previous is None else None
                if moved_from is not None:
                    batch.writer.delete_by_term(schema.SOURCE, moved_from)
                    known.pop(moved_from, None)
                task = _File(path, key, name, moved_from is not None)
                batch.add(_index_one(batch.writer, feed, reader, task, state, report, problem))
                if progress:
                    progress(done, len(files), key)
            for gone in plan.leaving:
                if gone in known:
                    batch.writer.delete_by_term(schema.SOURCE, gone)
                    report.removed += 1
        if plan.named_by_path:
            note(
                f"{plan.named_by_path} files have the same path inside their folder as files "
                "of another folder the index covers; their IDs are made from their full paths."
            )
        covered = set(earlier) | set(roots) if not rebuild else set(roots) | set(missing)
        still_held = {r for r in covered if os.path.lexists(r) or _under(known, [r])}
        if rebuild:  # complete: the index now holds exactly these sources
            if not kept:  # and every document was written with today's word pairs
                _pairs_complete(ix, index_dir)
            store.write_meta(index_dir, roots=sorted(still_held), created=store.now())
        else:
            store.write_meta(index_dir, roots=sorted(still_held))

    sources = None if sources is None else list(sources)
    for source in sources or ():  # before the index folder is made: a typo makes no index
        if not os.path.lexists(source):
            raise SourceNotFound(f"{path_text(source)} does not exist.")
    reader = Reader(json_keys)
    with WriteLock(index_dir, wait) as lock, write_faults(index_dir):
        if lock.previous_pid:
            note(
                f"an earlier indexing run (pid {lock.previous_pid}) stopped before it "
                "finished; its committed work is kept and this run completes it."
            )
        # read before a rebuild may start an index of another schema anew: a rebuild
        # without PATHS must still re-read the folders the old index covered
        earlier = store.covered_folders(index_dir)
        if sources is None and not earlier:
            store.refuse_unlabelled(index_dir)
        ix = store.open_for_update(index_dir, rebuild, on_note=note)
        if pairs.stale(ix.schema) and not rebuild:
            note(
                "this index was built with another word list; phrases are searched "
                "without its word pairs (slower, same results) until `coopsearch index --rebuild`."
            )
        try:
            run(ix)
        except Exception as exc:
            if not (rebuild and store.read_damage(exc)) or store.read_through(index_dir):
                raise  # not damage, or it is not the index's: a bug, the index is kept
            note(
                f"the index in {index_dir} cannot be read ({store.describe(exc)}); "
                f"{store.STARTING_ANEW}."
            )
            report = IndexReport()
            run(store.create(index_dir))
    return report


class IndexPlan:
    """What a run will do before it does it: names, moves and removals.

    ``leaving`` are the indexed files the run removes: for an update, those
    under the given folders that are gone; for a rebuild, every file not
    found again, except those of covered folders that no longer exist
    (``kept``). A file that was moved is not leaving: it is replaced by the
    file found under its portable name.
    """

    def __init__(self, known: dict[str, IndexedFile], roots, files, rebuild: bool, kept) -> None:
        self.roots = Folders(roots, files_as_folders=True)
        found = {path_text(p) for p in files}
        self.found_names = {portable_name(p, self.roots): p for p in found if p not in known}
        self.by_name = {f.name: p for p, f in known.items() if p not in found}
        candidates = [p for p in known if p not in found]
        if not rebuild:
            candidates = _under(candidates, roots)
        self.leaving = [
            p for p in candidates if p not in kept and not self._is_moving(p, known[p].name)
        ]
        leaving = set(self.leaving)
        self._taken = {f.name for p, f in known.items() if p not in leaving}
        self.named_by_path = 0  # files whose portable name another folder's file holds
        self.total = sum(f.documents for f in known.values())
        self.removing = sum(known[p].documents for p in self.leaving)

    def _is_moving(self, path: str, name: str) -> bool:
        return not os.path.lexists(path) and name in self.found_names

    def name_of(self, key: str, previous: IndexedFile | None) -> str:
        """The portable name a file's documents get (an indexed file keeps its own).

        A second file under a name already taken by a file that still exists
        (two copies of a folder) is named by its absolute path instead.
        """
        if previous is not None:
            return previous.name
        name = portable_name(key, self.roots)
        holder = self.by_name.get(name)
        moving = holder is not None and not os.path.lexists(holder)
        if name in self._taken and not moving:
            self.named_by_path += 1
            return key
        self._taken.add(name)
        return name

    def moved_from(self, key: str, name: str) -> str | None:
        """The indexed file, no longer on disk, that ``key`` replaces, if any."""
        holder = self.by_name.get(name)
        if holder is not None and holder != key and not os.path.lexists(holder):
            return holder
        return None


def forget_folders(
    index_dir: Path, folders: Iterable[str | os.PathLike], wait: float | None = None
) -> int:
    """Remove the folders from those the index covers, and their articles; return how many.

    Each folder must be one the index covers (as ``stats`` lists them), named
    by its path as it was indexed or as it resolves now; else
    :class:`NotCovered`, before anything changes.
    """
    index_dir = Path(index_dir)
    with WriteLock(index_dir, wait), write_faults(index_dir):
        ix = store.open_existing(index_dir)
        covered = store.read_meta(index_dir).get("roots", [])
        chosen = [_covered_folder(f, covered, index_dir) for f in folders]
        known = _indexed_files(ix)
        staying = set(_under(known, set(covered) - set(chosen)))  # another folder covers them
        leaving = [p for p in _under(known, chosen) if p not in staying]
        with _batches(ix, index_dir, _InProcess(Reader(), lambda outcome: None)) as batch:
            for gone in leaving:
                batch.writer.delete_by_term(schema.SOURCE, gone)
        store.write_meta(index_dir, roots=sorted(set(covered) - set(chosen)))
        return sum(known[p].documents for p in leaving)


def _covered_folder(folder, covered: list[str], index_dir: Path) -> str:
    for candidate in (os.path.abspath(folder), os.path.realpath(folder), os.fspath(folder)):
        text = path_text(candidate).rstrip("/") or "/"
        if text in covered:
            return text
    listing = ", ".join(covered) or "none"
    raise NotCovered(
        f"{path_text(folder)} is not a folder the index in {index_dir} covers (it covers: "
        f"{listing})."
    )


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


def _index_one(writer, feed, reader: Reader, task: _File, previous, report, problem) -> int:
    """Hand one file to the feed if it is new or changed; return the documents it reports added.

    A changed file's earlier documents are deleted now, in the batch that
    will hold its new ones (or none, if it no longer reads).
    """
    path, key = task.path, task.key
    try:
        stat = path.stat()
    except OSError as exc:
        return _gone(writer, key, previous, report, problem, describe_os_error(exc, path))
    if previous == (stat.st_mtime_ns, stat.st_size, reader.sidecars.fingerprint(path)):
        report.unchanged += 1
        return 0
    if previous is not None:
        writer.delete_by_term(schema.SOURCE, key)
    return feed.index(writer, task, previous is not None)


@dataclass(frozen=True)
class _File:
    """A file to read, under the portable name its documents' IDs are made from."""

    path: Path
    key: str  # its path as the index stores it
    name: str  # its portable name (coopsearch.identity)
    moved: bool = False  # it replaces the documents of a file that moved here

    def document_name(self, document: Document) -> str:
        """The portable name of one of its documents (``#L12`` kept for a line of a .jsonl)."""
        return self.name + document.path[len(self.key) :]


@dataclass(frozen=True)
class Outcome:
    """What became of one file that was read: what the report needs, not the documents."""

    key: str  # the file's path as the index stores it
    replaces: bool  # the index held an earlier version (deleted when the file was sent)
    documents: int = 0  # documents added
    truncated: bool = False  # only its first MAX_INDEXED_BYTES were indexed
    size: int = 0  # the file's size in bytes
    reason: str | None = None  # why it could not be indexed; then it added nothing
    moved: bool = False  # it replaced the documents of a file that moved here


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
        elif outcome.moved:
            report.moved += 1
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

    def index(self, writer, task: _File, replaces: bool) -> int:
        """Read ``task``'s file into ``writer``; return how many documents it added."""
        try:
            documents = read_documents(self.reader, task.path)
        except UnreadableFile as exc:
            self.record(Outcome(task.key, replaces, reason=str(exc)))
            return 0
        for document in documents:
            writer.add_document(**document_fields(document, task.document_name(document)))
        truncated = any(document.truncated for document in documents)
        size = documents[0].size
        self.record(Outcome(task.key, replaces, len(documents), truncated, size, moved=task.moved))
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


def document_fields(document: Document, name: str) -> dict:
    """The Whoosh fields of a document named ``name``: each text once per analysis layer."""
    fields = {
        schema.ID: document_id(name),
        schema.NAME: name,
        schema.PATH: document.path,
        schema.SOURCE: document.source or document.path,
        schema.TITLE: document.title,
        schema.TITLE_FOLDED: document.title,
        schema.BODY: document.body,
        schema.BODY_FOLDED: document.body,
        **{pairs: document.body for pairs in schema.PAIRS.values()},
        schema.MTIME_NS: document.mtime_ns,
        schema.SIZE: document.size,
        schema.SIDECAR: document.sidecar,
        # title, then body: raw_tokens keeps the last text's tokens, and Whoosh indexes
        # fields in sorted order (body first), so the body is tokenised once
        schema.WORDS: len(raw_tokens(document.title)) + len(raw_tokens(document.body)),
    }
    if document.date:
        fields[schema.DATE] = document.date
        fields[schema.YEAR] = document.year
        fields[schema.DATE_PRECISION] = document.date_precision
        fields[schema.DATE_SOURCE] = document.date_source
        if document.date_source == "stated":
            fields[schema.STATED_DATE] = document.date
    if is_unmarked(f"{document.title}\n{document.body}"):
        fields[schema.UNMARKED] = schema.UNMARKED_YES
    senses = article_senses(f"{document.title}\n\n{document.body}")
    if senses:
        fields[schema.SENSES] = "\n".join(senses)
    if document.author:
        fields[schema.AUTHOR] = document.author
    if document.url:
        fields[schema.URL] = document.url
    fields.update(entity_fields(document))
    fields[schema.FIGURE_ROWS] = rows_to_json(document.figure_rows)
    return fields


def entity_fields(document: Document) -> dict:
    """The entity keywords and texts of a document, and its entities as stored JSON.

    An organisation's keyword is its canonical name (:func:`canonical_org`), and
    a cited document's too (:func:`canonical_reference`: "Luật Hợp tác xã" is
    "Luật HTX"), so that facets and filters count one body or law once however
    it was written; its text holds the written forms as well, and the stored
    JSON only those.
    """
    found = document.entities
    successors = gazetteer().provinces
    people = _unique_folded(canonical_person(p.name) for p in found.people)
    values = {
        schema.PROVINCE: found.provinces,
        schema.PROVINCE_NOW: _unique(successors[p].successor for p in found.provinces),
        schema.REGION: found.regions,
        schema.ORG: _unique_folded(canonical_org(o) for o in found.organisations),
        schema.PERSON: people,
        schema.REFERENCE: _unique(canonical_reference(r) for r in found.references),
        schema.FIGURE_UNIT: _unique(f.unit for f in found.figures),
    }
    fields = {name: "\n".join(v) for name, v in values.items() if v}
    for kind, (exact_name, folded_name) in schema.ENTITY_TEXT.items():
        if values[kind]:
            written = {schema.ORG: found.organisations, schema.REFERENCE: found.references}
            written = written.get(kind, ())
            # a blank line parts the names: a phrase never spans two ("Phòng CSGT
            # Đường bộ" then "Công an TP.HCM" holds no "Bộ Công an")
            names = _unique([*written, *values[kind]])
            fields[exact_name] = fields[folded_name] = "\n\n".join(names)
    fields[schema.ENTITIES] = json.dumps(found.to_dict(), ensure_ascii=False)
    return fields


def _unique(items) -> list:
    return list(dict.fromkeys(items))


def _unique_folded(items) -> list:
    """The items, the first of each spelling that differs in case only ("Liên hợp
    quốc", "Liên Hợp Quốc"): an article counts once in a facet, which merges them
    (:func:`coopsearch.search.facet_counts`)."""
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(item.casefold(), item)
    return list(first.values())


def _indexed_files(ix) -> dict[str, IndexedFile]:
    """Map each indexed file to what the index holds of it, read from columns, not stored text."""
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return {}
        paths = segmentcolumns.column(reader, schema.SOURCE)
        mtimes = segmentcolumns.column(reader, schema.MTIME_NS)
        sizes = segmentcolumns.column(reader, schema.SIZE)
        names = segmentcolumns.column(reader, schema.NAME)
        sidecars = segmentcolumns.column(reader, schema.SIDECAR)
        files: dict[str, IndexedFile] = {}
        for n in reader.all_doc_ids():
            path = paths[n]
            held = files.get(path)
            documents = held.documents + 1 if held else 1
            name = held.name if held else names[n].split("#", 1)[0]
            files[path] = IndexedFile(mtimes[n], sizes[n], documents, name, sidecars[n])
        return files


def _under(paths: Iterable[str], roots: Iterable[str]) -> list[str]:
    """The ``paths`` that lie under (or are) one of ``roots``."""
    folders = Folders(roots)
    return [p for p in paths if folders.holds(p)]


def _pairs_complete(ix, index_dir: Path) -> None:
    """After a whole rebuild, let a stale index's word pairs be used again (one empty commit)."""
    if not pairs.stale(ix.schema):  # the last commit's schema
        return
    writer = _writer(ix, index_dir)
    pairs.mark_complete(writer.schema)
    writer.commit()


def _writer(ix, index_dir: Path):
    try:
        writer = ix.writer(limitmb=WRITER_MEMORY_MB)
        pairs.mark_stale(writer.schema)  # its commit keeps the mark
        return writer
    except LockError as exc:
        raise IndexLocked(
            f"The index in {index_dir} is being updated by another coopsearch process."
        ) from exc
