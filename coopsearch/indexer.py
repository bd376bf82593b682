"""Build and update an index incrementally from folders of articles.

New files are added, changed files (size or modification time) re-indexed,
files gone from a folder removed, unchanged files skipped without being read.
A file may hold several documents (a ``.jsonl``): they are added, replaced and
removed together, through the ``source`` field they share; the counts in the
summary are of files.
Work is committed in batches, so a long run that is interrupted keeps what it
had committed, and the next run picks up the rest.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import LockError

from coopsearch import schema, store
from coopsearch.corpus import Document, Reader, find_files
from coopsearch.errors import IndexLocked, UnreadableFile
from coopsearch.formats import JsonKeys
from coopsearch.gazetteer import gazetteer
from coopsearch.merging import merge_tiers

BATCH_SIZE = 5000
WRITER_MEMORY_MB = 256

Progress = Callable[[int, int, str], None]


@dataclass
class IndexReport:
    """What an indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
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
        return line


def update_index(
    index_dir: Path,
    sources: Iterable[Path],
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_problem: Callable[[str, str], None] | None = None,
    json_keys: JsonKeys | None = None,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``sources``.

    ``progress(done, total, path)`` is called after each file; ``on_problem
    (path, reason)`` once for each file that cannot be indexed.
    """
    sources = [Path(s).resolve() for s in sources]
    files = list(find_files(sources))
    index_dir = Path(index_dir)
    ix = store.create(index_dir) if rebuild or not store.exists(index_dir) else None
    ix = ix or store.open_existing(index_dir)
    known = _indexed_files(ix)
    report = IndexReport()
    reader = Reader(json_keys)
    writer = _writer(ix, index_dir)
    pending = 0
    try:
        for done, path in enumerate(files, 1):
            key = str(path)
            previous = known.pop(key, None)
            outcome = _index_one(writer, reader, path, previous, report, on_problem)
            pending += outcome
            if pending >= BATCH_SIZE:
                writer.commit(mergetype=merge_tiers)
                writer, pending = _writer(ix, index_dir), 0
            if progress:
                progress(done, len(files), key)
        for gone in _under(known, sources):
            writer.delete_by_term(schema.SOURCE, gone)
            report.removed += 1
        writer.commit(mergetype=merge_tiers)
    except BaseException:
        writer.cancel()
        raise
    roots = sorted(set(store.read_meta(index_dir).get("roots", [])) | {str(s) for s in sources})
    store.write_meta(index_dir, roots=roots)
    return report


def _index_one(
    writer, reader: Reader, path: Path, previous, report: IndexReport, on_problem
) -> int:
    """Index one file if it is new or changed; return 1 if the writer got work."""
    try:
        stat = path.stat()
    except OSError as exc:
        return _skip(report, str(path), exc.strerror or "cannot be read", on_problem)
    if previous == (stat.st_mtime_ns, stat.st_size):
        report.unchanged += 1
        return 0
    try:
        documents = reader.read(path)
    except UnreadableFile as exc:
        if previous is not None:
            writer.delete_by_term(schema.SOURCE, str(path))
            report.removed += 1
        return _skip(report, str(path), str(exc), on_problem)
    if previous is not None:
        writer.delete_by_term(schema.SOURCE, str(path))
    for document in documents:
        writer.add_document(**document_fields(document))
    if previous is None:
        report.added += 1
    else:
        report.updated += 1
    return len(documents)


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


def _under(known: dict, sources: list[Path]) -> list[str]:
    """The indexed paths that lie under one of ``sources`` (and so were not seen again)."""
    roots = [str(s) for s in sources]
    return [p for p in known if any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)]


def _writer(ix, index_dir: Path):
    try:
        return ix.writer(limitmb=WRITER_MEMORY_MB)
    except LockError as exc:
        raise IndexLocked(
            f"The index in {index_dir} is being updated by another coopsearch process."
        ) from exc
