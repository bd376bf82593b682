"""Faults of the machine while an index is written: a full disk, a folder that cannot be written.

Whoosh replaces its table of contents (``_MAIN_<generation>.toc``) by a
rename, so a write that fails leaves the last commit readable; but the
files the failed writer had begun (segment files ``MAIN_<id>.*``, a
half-written ``_MAIN_<n>.toc.<time>``, its posting pool ``MAIN.tmp/``) stay
on the disk until some later commit happens to clean them, and the error
reaches the user as a traceback. :func:`write_faults` turns these errors
into :class:`~coopsearch.errors.IndexWriteFailed`, one sentence, after
removing every file the failed run created that the last commit does not
name. What the run had committed before the fault is kept, so the next run,
once the disk has room, only does the rest.

Which errors count (``errno``, POSIX): ``ENOSPC`` (no space left),
``EDQUOT`` (quota exceeded), ``EFBIG`` (file too large for the file system),
``EROFS`` (read-only file system), ``EACCES`` and ``EPERM`` (no permission).
Any other ``OSError`` is not a condition of the machine the user can fix by
freeing space or permissions, and is left as it is.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from coopsearch.errors import IndexWriteFailed
from coopsearch.lock import LOCK_FILE

INDEX_NAME = "MAIN"  # Whoosh's default index name, the one coopsearch uses
META_FILE = "coopsearch.json"  # as in coopsearch.store
LOCKS = frozenset({LOCK_FILE, f"{INDEX_NAME}_WRITELOCK"})  # held or just released: never removed
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
FAULTS = NO_SPACE | NOT_WRITABLE

_SEGMENT_FILE = re.compile(rf"({INDEX_NAME}_[0-9a-z]+)[.][A-Za-z0-9_.]+")  # as Whoosh's TOC


def is_fault(exc: BaseException) -> bool:
    """True for an ``OSError`` that says the disk is full or the folder cannot be written."""
    return isinstance(exc, OSError) and exc.errno in FAULTS


@contextmanager
def write_faults(index_dir: Path) -> Iterator[None]:
    """Within the block, a full disk or unwritable folder becomes :class:`IndexWriteFailed`.

    Enter it while holding the index's write lock, before anything is
    written: the folder's files are listed on entry, and on a fault the
    files created since then that the last commit does not use are removed
    (:func:`remove_failed_files`) before the lock is let go.
    """
    index_dir = Path(index_dir)
    before = _listing(index_dir)
    try:
        yield
    except OSError as exc:
        if not is_fault(exc):
            raise
        committed = remove_failed_files(index_dir, before)
        raise fault_error(index_dir, exc, committed) from exc


def remove_failed_files(index_dir: Path, before: set[str]) -> int:
    """Remove the files in ``index_dir`` not in ``before`` that the last commit does not use.

    Returns the number of documents in the last commit (0 when there is no
    readable commit). With no commit, the run's ``coopsearch.json`` goes
    too: it would describe no index.
    Files that were there before are never touched, whatever their names,
    nor the lock files. Removal is best effort: a read-only folder has
    nothing new to remove.
    """
    kept, documents = _last_commit(index_dir)
    for name in _listing(index_dir) - before - LOCKS:
        if kept is not None and (name in kept or name == META_FILE):
            continue
        path = index_dir / name
        with suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    return documents


def committed_documents(index_dir: Path) -> int:
    """The number of documents in the last readable commit in ``index_dir`` (0 if none)."""
    return _last_commit(Path(index_dir))[1]


def fault_error(index_dir: Path, exc: OSError, committed: int) -> IndexWriteFailed:
    """The one sentence for a fault: what happened, what is kept, what to do.

    ``committed`` is the number of documents the last commit holds.

    >>> fault_error(Path("/data/ix"), OSError(errno.ENOSPC, "No space left on device"), 40)
    IndexWriteFailed('The disk holding the index in /data/ix is full (no space left on device); \
the index keeps its last commit of 40 documents, and running the same command again once there \
is space finishes the work.')
    """
    reason = (exc.strerror or os.strerror(exc.errno or 0)).lower()
    if exc.errno in NO_SPACE:
        what = f"The disk holding the index in {index_dir} is full ({reason})"
        when = "once there is space"
    else:
        what = f"The index folder {index_dir} cannot be written to ({reason})"
        when = "once it can be written to"
    if committed:
        documents = f"{committed:,} document{'s' if committed != 1 else ''}"
        return IndexWriteFailed(
            f"{what}; the index keeps its last commit of {documents}, and running the same "
            f"command again {when} finishes the work."
        )
    return IndexWriteFailed(f"{what}; nothing was indexed, so run the same command again {when}.")


def _last_commit(index_dir: Path) -> tuple[set[str] | None, int]:
    """The names of the files the latest commit uses, and its number of documents.

    ``(None, 0)`` when there is no readable commit.
    """
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    try:
        toc = TOC.read(FileStorage(str(index_dir)), INDEX_NAME)  # the latest generation
    except Exception:  # none (EmptyIndexError), or damaged: Whoosh raises many kinds
        return None, 0
    segments = {segment.segment_id() for segment in toc.segments}
    used = {f"_{INDEX_NAME}_{toc.generation}.toc"}
    for name in _listing(index_dir):
        match = _SEGMENT_FILE.match(name)
        if match and match.group(1) in segments:
            used.add(name)
    return used, sum(segment.doc_count() for segment in toc.segments)


def _listing(index_dir: Path) -> set[str]:
    try:
        return set(os.listdir(index_dir))
    except OSError:
        return set()
