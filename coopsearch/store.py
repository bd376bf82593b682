"""The index on disk: create it, open it, and check it was built by us.

Beside Whoosh's files, an index folder holds ``coopsearch.json``: the schema
version it was built with and the corpus folders it covers. An index whose
version differs is refused with a request to rebuild, rather than searched
with analysis that no longer matches it; so is a folder whose
``coopsearch.json`` is missing or damaged, or whose Whoosh files cannot be
read.

``coopsearch.json`` is written before the Whoosh commits it describes (its
``roots`` only ever grow ahead of the documents), so an indexer killed
between a commit and the next write of the file leaves the two consistent.
A reader opening the index while a writer commits may find a segment file
gone under it; it then opens the newer commit instead.

Whoosh checks little of what it reads: damaged bytes inside a segment file
surface, when and if they are read, as whatever the decoding code happens to
raise (``zlib.error``, ``struct.error``, ``UnicodeDecodeError``,
``EOFError``, its own ``CorruptIndexError``...). :func:`reading` turns those,
and only those raised inside Whoosh's code, into :class:`IndexUnreadable`;
the command line wraps every command in it.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shlex
import struct
import sysconfig
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from coopsearch import (
    __version__,
    blockheaders,
    diskfaults,
    fieldlengths,
    leafskip,
    segmentcolumns,
)
from coopsearch.errors import IndexNotFound, IndexUnreadable, IndexVersionMismatch
from coopsearch.schema import SCHEMA_VERSION, build_schema
from coopsearch.schema import SOURCE as SOURCE_FIELD

META_FILE = "coopsearch.json"
OPEN_ATTEMPTS = 8  # a reader racing commits that removed the files it was opening (1.4 s)


def exists(index_dir: Path) -> bool:
    """True when ``index_dir`` holds a coopsearch index (of any version)."""
    if not (index_dir / META_FILE).is_file():
        return False
    return _has_whoosh_files(index_dir) or _segments_without_contents(index_dir)


def _has_whoosh_files(index_dir: Path) -> bool:
    """True when Whoosh's files are in ``index_dir``, readable or not (opening says which)."""
    try:
        return whoosh_index.exists_in(str(index_dir))
    except Exception:  # a damaged table of contents: there is an index, and it is damaged
        return True


def read_meta(index_dir: Path) -> dict:
    """The index's ``coopsearch.json`` as a dict."""
    try:
        meta = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexNotFound(_no_index_message(index_dir)) from exc
    except (OSError, ValueError) as exc:
        raise IndexUnreadable(
            f"The index in {index_dir} has a damaged {META_FILE}; {rebuild_hint(index_dir)}."
        ) from exc
    if not isinstance(meta, dict):
        raise IndexUnreadable(
            f"The index in {index_dir} has a damaged {META_FILE}; {rebuild_hint(index_dir)}."
        )
    return meta


def write_meta(index_dir: Path, **changes) -> dict:
    """Update ``coopsearch.json`` atomically with ``changes`` and return it."""
    try:
        meta = read_meta(index_dir)
    except (IndexNotFound, IndexUnreadable):
        meta = {"created": now()}
    meta.update(changes, schema_version=SCHEMA_VERSION, coopsearch_version=__version__)
    meta["updated"] = now()
    tmp = index_dir / f".{META_FILE}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, index_dir / META_FILE)
    except OSError:  # a full disk: the previous file stays whole, and no half of the new one
        tmp.unlink(missing_ok=True)
        raise
    return meta


def create(index_dir: Path):
    """Create a new empty index in ``index_dir`` (replacing any there).

    ``coopsearch.json`` comes first: killed before the Whoosh files exist,
    the folder is not an index yet (:func:`exists` is false) and the next run
    creates it again.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    write_meta(index_dir, roots=[], created=now())
    return _storage(index_dir).create_index(build_schema())


def open_for_update(
    index_dir: Path, rebuild: bool = False, on_note: Callable[[str], None] | None = None
):
    """The index to add documents to: a new one if there is none yet.

    An index whose ``coopsearch.json`` is gone or damaged but which holds
    documents is refused rather than replaced: it may be hours of work, and
    only ``--rebuild`` may throw it away. Even then a readable index of this
    version is kept, and the rebuild replaces its documents one batch at a
    time (see :func:`coopsearch.indexer.update_index`), so a rebuild that is
    killed loses nothing; only an index this version cannot read is started
    anew, after a note through ``on_note`` when it was damaged (not merely
    built by another version).
    """
    if rebuild:
        readable = _open_if_readable(index_dir, on_note)
        return readable if readable is not None else create(index_dir)
    if not _has_whoosh_files(index_dir):
        if _segments_without_contents(index_dir):
            raise IndexUnreadable(_lost_contents_message(index_dir))
        return create(index_dir)
    if not (index_dir / META_FILE).is_file() or _meta_damaged(index_dir):
        if _document_count(index_dir) == 0:
            return create(index_dir)
        raise IndexUnreadable(
            f"The index in {index_dir} has a missing or damaged {META_FILE}; "
            f"{rebuild_hint(index_dir)}."
        )
    return open_existing(index_dir)


def refuse_unlabelled(index_dir: Path) -> None:
    """Raise :class:`IndexUnreadable` when ``index_dir`` holds documents but its
    ``coopsearch.json`` is missing or damaged: the index cannot say which folders
    it covers, so a run given none would replace it with an empty one; only
    ``--rebuild`` naming the folders may (the sentence ``query`` gives too)."""
    labelled = (index_dir / META_FILE).is_file()
    if labelled and not _meta_damaged(index_dir):
        return
    if not _has_whoosh_files(index_dir) or _document_count(index_dir) == 0:
        return
    state = "a damaged" if labelled else "no"
    raise IndexUnreadable(
        f"The index in {index_dir} has {state} {META_FILE}; {rebuild_hint(index_dir)}."
    )


def _lost_contents_message(index_dir: Path) -> str:
    roots = read_meta(index_dir).get("roots")
    return (
        f"The index in {index_dir} has lost its table of contents (_MAIN_*.toc); "
        f"{rebuild_hint(index_dir, roots)}."
    )


def _segments_without_contents(index_dir: Path) -> bool:
    """True when segment files lie beside a ``coopsearch.json`` that a finished run
    wrote (it names the folders indexed) but Whoosh's table of contents is gone:
    a damaged index, not one whose first run was stopped before its first commit."""
    if not any(index_dir.glob("*.seg")) or _meta_damaged(index_dir):
        return False
    try:
        return bool(read_meta(index_dir).get("roots"))
    except IndexNotFound:
        return False


def _open_if_readable(index_dir: Path, on_note: Callable[[str], None] | None = None):
    """The index in ``index_dir`` if it exists and this version reads it, else None."""
    if not _has_whoosh_files(index_dir):
        return None
    if not (index_dir / META_FILE).is_file() or _meta_damaged(index_dir):
        problem = f"the index in {index_dir} has a missing or damaged {META_FILE}"
        if on_note and _document_count(index_dir) != 0:
            on_note(f"{problem}; {STARTING_ANEW}.")
        return None
    try:
        ix = open_existing(index_dir)
        with ix.reader() as reader:
            _check_sources_resolve(reader)
        return ix
    except IndexVersionMismatch:
        return None
    except Exception as exc:  # damaged segments: Whoosh has no single error class
        if on_note:
            on_note(f"the index in {index_dir} cannot be read ({describe(exc)}); {STARTING_ANEW}.")
        return None


STARTING_ANEW = "the rebuild starts a new one (the documents it holds cannot be trusted)"


class SourcesUnresolved(Exception):
    """A document's file is not found through the term index: replacing it would duplicate it."""


def _check_sources_resolve(reader) -> None:
    """Raise unless every document's file (``SOURCE``) is found through the term index.

    A rebuild replaces each file's documents with ``delete_by_term`` on that
    term; in a segment whose term index is damaged the lookup finds nothing,
    the old documents stay beside the new ones, and every count doubles.
    Reads one column and looks up each distinct file once.
    """
    if not reader.doc_count():
        return
    paths = segmentcolumns.column(reader, SOURCE_FIELD)
    for path in {paths[n] for n in reader.all_doc_ids()}:
        if not reader.doc_frequency(SOURCE_FIELD, path):
            raise SourcesUnresolved(f"the file {path} is not found through the term index")


def _meta_damaged(index_dir: Path) -> bool:
    try:
        read_meta(index_dir)
    except IndexUnreadable:
        return True
    return False


def _document_count(index_dir: Path) -> int | None:
    try:
        ix = _storage(index_dir).open_index()
        try:
            return ix.doc_count_all()
        finally:
            ix.close()
    except Exception:  # damaged: not known to be empty
        return None


def _storage(index_dir: Path) -> FileStorage:
    """Whoosh's storage of ``index_dir``, reading segment files with ordinary reads.

    Whoosh maps a compound segment file, then wraps each of its sub-files as
    ``BytesIO(memoryview)``, which copies it: opening a searcher through
    ``mmap`` reads the whole index into memory (478 MB on disk gave an 847 MB
    peak and 0.74 s to open; without mmap, 23 MB and 0.12 s), and a merge
    copies every segment it reads. See README, "Upstream defects".
    """
    return FileStorage(str(index_dir), supports_mmap=False)


def open_existing(index_dir: Path):
    """Open the index in ``index_dir`` after checking its version."""
    if not index_dir.is_dir():
        raise IndexNotFound(_no_index_message(index_dir))
    if not (index_dir / META_FILE).exists():
        if _has_whoosh_files(index_dir):
            raise IndexUnreadable(
                f"The index in {index_dir} has no {META_FILE}; {rebuild_hint(index_dir)}."
            )
        raise IndexNotFound(_no_index_message(index_dir))
    check_version(index_dir)
    try:
        return _storage(index_dir).open_index()
    except Exception as exc:  # whoosh raises many kinds on a damaged folder
        empty = isinstance(exc, whoosh_index.EmptyIndexError)  # no table of contents
        if _segments_without_contents(index_dir) and (empty or not _has_whoosh_files(index_dir)):
            raise IndexUnreadable(_lost_contents_message(index_dir)) from exc
        if empty:  # a first build's metadata but not yet its first commit (or it was
            # stopped before it): nothing to read yet, and nothing damaged
            raise IndexUnreadable(
                f"There is no index in {index_dir} yet: no build has committed one (one may "
                f"be running); {rebuild_hint(index_dir, covered_folders(index_dir))}."
            ) from exc
        raise unreadable(index_dir, exc) from exc


def open_searcher(index_dir: Path, **options):
    """Open the index and a Whoosh searcher on its latest commit: ``(index, searcher)``.

    Opening reads the list of segments, then each segment's files; a writer
    committing in between may merge and delete some of them. That is retried
    on the newer commit; anything else is a damaged index.
    """
    leafskip.install()  # postings skip by bisection (same results, less time)
    fieldlengths.install()  # BM25's field lengths read once per segment (same scores)
    blockheaders.install()  # a posting block's header in one read
    for attempt in range(OPEN_ATTEMPTS):
        retry = attempt + 1 < OPEN_ATTEMPTS
        try:
            ix = open_existing(index_dir)  # the commit's table of contents may go too
        except IndexUnreadable as exc:
            if retry and isinstance(exc.__cause__, FileNotFoundError):
                time.sleep(0.05 * (attempt + 1))
                continue
            raise
        try:
            return ix, ix.searcher(**options)
        except Exception as exc:  # whoosh raises many kinds on a damaged folder
            ix.close()
            if retry and isinstance(exc, FileNotFoundError):
                time.sleep(0.05 * (attempt + 1))
                continue
            raise unreadable(index_dir, exc) from exc
    raise AssertionError("unreachable")


def unreadable(index_dir: Path, exc: BaseException) -> IndexUnreadable:
    """The error for Whoosh files that cannot be read: name the damage, say how to rebuild."""
    return IndexUnreadable(
        f"The index in {index_dir} cannot be read ({describe(exc)}); "
        f"{rebuild_hint(index_dir, covered_folders(index_dir))}."
    )


def describe(exc: BaseException) -> str:
    """What a read of the index ran into, in a few words, with the error's name.

    >>> describe(zlib.error("Error -3 while decompressing data"))
    'damaged compressed data: zlib.error'
    >>> describe(EOFError())
    'a file ends too soon: EOFError'
    >>> describe(FileNotFoundError(2, "No such file or directory"))
    'a file is missing: FileNotFoundError'
    """
    kind = type(exc)
    module = kind.__module__.lstrip("_")
    plain = module == "builtins" or module.startswith("whoosh")
    name = kind.__name__ if plain else f"{module}.{kind.__name__}"
    if isinstance(exc, SourcesUnresolved):
        return f"{exc}: {kind.__name__}"
    if isinstance(exc, FileNotFoundError):
        what = "a file is missing"
    elif isinstance(exc, EOFError):
        what = "a file ends too soon"
    elif isinstance(exc, zlib.error):
        what = "damaged compressed data"
    elif isinstance(exc, OSError):
        what = f"a read failed: {(exc.strerror or str(exc) or 'error').lower()}"
    else:
        what = "damaged data"
    return f"{what}: {name}"


def covered_folders(index_dir: Path) -> list[str]:
    """The folders ``coopsearch.json`` says the index covers; [] when it cannot be read."""
    try:
        roots = read_meta(index_dir).get("roots")
    except (IndexNotFound, IndexUnreadable):
        return []
    return [r for r in roots if isinstance(r, str)] if isinstance(roots, list) else []


# What reading damaged Whoosh files raises. Whoosh checks little: damaged bytes
# surface as whatever decodes them fails with, or as a value of the wrong type
# that some later step trips over (TypeError, KeyError, IndexError...).
DAMAGE_KINDS = (
    EOFError,
    OSError,  # but not a machine fault (diskfaults.is_fault)
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    ValueError,  # UnicodeDecodeError among them
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    MemoryError,  # a damaged length asking for gigabytes
)
_STDLIB = os.path.realpath(sysconfig.get_paths()["stdlib"]) + os.sep
_INSTALLED = re.compile(r"[/\\](site|dist)-packages[/\\]")  # under stdlib outside a venv
_WHOOSH = os.path.realpath(os.path.dirname(whoosh_index.__file__)) + os.sep
# coopsearch's own replacements of Whoosh's readers (installed by open_searcher)
_READER_MODULES = {
    os.path.realpath(module.__file__) for module in (leafskip, fieldlengths, blockheaders)
}


def read_damage(exc: BaseException) -> bool:
    """True when ``exc`` is what damaged index files make Whoosh raise while reading them.

    Its kind must be one damaged data raises (:data:`DAMAGE_KINDS`, or one of
    Whoosh's own errors), and it must come from inside Whoosh: the innermost
    frame that is not the standard library's (``zlib``, ``struct`` and
    ``pickle`` have none) is Whoosh's code or coopsearch's replacement of one
    of Whoosh's readers. The same kinds raised by coopsearch's own code are
    bugs, and keep their traceback.
    """
    if not isinstance(exc, DAMAGE_KINDS + _whoosh_damage_kinds()) or diskfaults.is_fault(exc):
        return False
    tb, innermost = exc.__traceback__, None
    while tb is not None:
        path = os.path.realpath(tb.tb_frame.f_code.co_filename)
        if not path.startswith(_STDLIB) or _INSTALLED.search(path):
            innermost = path
        tb = tb.tb_next
    return innermost is not None and (innermost.startswith(_WHOOSH) or innermost in _READER_MODULES)


def _whoosh_damage_kinds() -> tuple[type[BaseException], ...]:
    """Whoosh's own errors about what it read (not its lock, schema or query errors)."""
    from whoosh.automata.fst import FileVersionError
    from whoosh.filedb.filestore import StorageError
    from whoosh.filedb.filetables import FileFormatError
    from whoosh.matching import ReadTooFar
    from whoosh.reading import CorruptIndexError, TermNotFound

    return (
        CorruptIndexError,
        FileFormatError,
        TermNotFound,
        whoosh_index.IndexError,
        StorageError,
        ReadTooFar,
        FileVersionError,
    )


def read_through(index_dir: Path) -> bool:
    """True when every document of the index's last commit reads without damage.

    Reads what merging its segments would (stored fields, field lengths,
    vectors, column values, every posting): as long as a rebuild takes, but
    asked only when one has met an error that looks like damage, to tell a
    damaged index (to start anew) from a bug (the index is kept).
    """
    try:
        ix = _storage(index_dir).open_index()
    except Exception as exc:
        return not read_damage(exc)
    try:
        with ix.reader() as top:
            for reader, _ in top.leaf_readers():
                _read_segment(reader)
    except Exception as exc:
        return not read_damage(exc)
    finally:
        ix.close()
    return True


def _read_segment(reader) -> None:
    schema = reader.schema
    columns = {
        name: reader.column_reader(name, field.column_type)
        for name, field in schema.items()
        if field.column_type and reader.has_column(name)
    }
    for docnum, stored in reader.iter_docs():
        for name in set(schema.names()) | {n for n in stored if n in schema}:
            reader.doc_field_length(docnum, name)
            if schema[name].vector and reader.has_vector(docnum, name):
                reader.vector(docnum, name, schema[name].vector).all_ids()
            if name in columns:
                columns[name][docnum]
    for _ in reader.iter_postings():
        pass


@contextmanager
def reading(index_dir: Path) -> Iterator[None]:
    """Within the block, damage met reading the index becomes :class:`IndexUnreadable`.

    Only :func:`read_damage` counts; every other error passes unchanged.
    """
    try:
        yield
    except Exception as exc:
        if not read_damage(exc):
            raise
        raise unreadable(Path(index_dir), exc) from exc


def rebuild_hint(index_dir: Path, roots=None) -> str:
    """How to rebuild, as the end of an error sentence, naming the folders if known."""
    sources = " ".join(shlex.quote(str(r)) for r in roots or []) or "PATH..."
    return f"rebuild it with 'coopsearch index --rebuild {sources} --index {index_dir}'"


def check_version(index_dir: Path) -> None:
    """Raise :class:`IndexVersionMismatch` unless the index matches this schema."""
    meta = read_meta(index_dir)
    found = meta.get("schema_version")
    if found != SCHEMA_VERSION:
        raise IndexVersionMismatch(
            f"The index in {index_dir} was built by an incompatible version of coopsearch "
            f"(schema {found}, this version needs {SCHEMA_VERSION}); "
            f"{rebuild_hint(index_dir, meta.get('roots'))}."
        )


def _no_index_message(index_dir: Path) -> str:
    return (
        f"There is no index in {index_dir}; build one with "
        f"'coopsearch index PATH --index {index_dir}'."
    )


def now() -> str:
    """The local time as ``coopsearch.json`` records it."""
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
