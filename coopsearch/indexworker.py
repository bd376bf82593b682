"""One indexing worker process: article files in, a finished Whoosh segment out.

:mod:`coopsearch.parallel` starts one of these per core, as a new
interpreter that runs :func:`main` with one end of a pipe. A worker reads,
decodes, parses and extracts each file it is sent (with the run's
:class:`coopsearch.corpus.Reader`), analyses its documents and adds them
to a segment that it writes itself, in a staging folder of its own inside
the index folder. It answers each file
with a few numbers, never with the documents. When the parent commits, the
worker seals its segment (Whoosh writes the postings, the costly half of
indexing) and sends back the Whoosh ``Segment`` object: a name and a
document count, a few hundred bytes. The parent moves the segment's one file
into the index and lists it in its commit.

The staging folder is a Whoosh index of its own that is never searched: each
seal commits it with only the new segment, so that Whoosh's ordinary public
writer API does all the writing.

Messages are tuples, pickled over a pipe::

    parent -> worker   ("read", seq, path)   ("seal",)   ("stop",)
    worker -> parent   ("ready",)
                       ("done", seq, documents, truncated, size)
                       ("failed", seq, reason)    the file is skipped
                       ("broken", seq, reason)    the writer failed; the worker exits
                       ("sealed", segment or None)
                       ("error", exception)       writing failed (a full disk,
                                                  say); the worker exits

A worker ignores Ctrl-C (the parent decides when to stop it) and dies with
its parent, however the parent dies.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from coopsearch.errors import UnreadableFile
from coopsearch.indexer import document_fields, read_documents

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def main(fd: int, parent_pid: int) -> None:
    """Entry point of a worker process: its end of the pipe is file descriptor ``fd``.

    The first message is the setup: ``(staging, schema, reader, limitmb)``.
    """
    _ignore_ctrl_c()
    _die_with(parent_pid)
    conn = Connection(fd)
    try:
        setup = conn.recv()
    except EOFError:  # the parent is gone already
        return
    serve(conn, *setup)


def serve(conn, staging: str, schema, reader, limitmb: int) -> None:
    """The worker's main loop: answer the parent's messages until ``stop`` or end of pipe.

    ``staging`` is the worker's own folder, ``schema`` the index's Whoosh
    schema, ``reader`` the run's :class:`coopsearch.corpus.Reader`,
    ``limitmb`` the megabytes of postings its writer holds in memory before
    sorting them to temporary files.
    """
    try:
        ix = FileStorage(staging, supports_mmap=False).create().create_index(schema)
    except OSError as exc:  # a full disk, say: the parent re-raises it
        conn.send(("error", _picklable(exc)))
        return
    conn.send(("ready",))
    writer = None
    while True:
        message = _next_message(conn)
        if message is None or message[0] == "stop":
            if writer is not None:
                writer.cancel()
            return
        if message[0] == "seal":
            try:
                segment = _seal(writer)
            except Exception as exc:  # a full disk, above all: the parent re-raises it
                conn.send(("error", _picklable(exc)))
                return
            writer = None
            conn.send(("sealed", segment))
            continue
        _, seq, path, key, name = message
        try:
            documents = read_documents(reader, Path(path))
        except UnreadableFile as exc:
            conn.send(("failed", seq, str(exc)))
            continue
        try:
            if writer is None:
                writer = ix.writer(limitmb=limitmb)
            for document in documents:
                writer.add_document(**document_fields(document, name + document.path[len(key) :]))
        except OSError as exc:  # its postings could not be written out: the disk, not the file
            conn.send(("error", _picklable(exc)))
            return
        except Exception as exc:  # the segment may hold half a document: give it up
            conn.send(("broken", seq, f"could not be indexed ({type(exc).__name__})"))
            return
        truncated = any(document.truncated for document in documents)
        conn.send(("done", seq, len(documents), truncated, documents[0].size))


def _seal(writer):
    """Finish the writer's segment and return it, or None if it holds no document."""
    if writer is None:
        return None
    if writer.doc_count() == 0:
        writer.cancel()
        return None
    writer.commit(mergetype=_only_the_new_segment)
    return writer.get_segment()


def _only_the_new_segment(writer, segments) -> list:
    """Whoosh merge function: forget the staging index's earlier segments (moved away)."""
    return []


def _next_message(conn):
    """The parent's next message, or None at the end of the pipe (the parent is gone)."""
    try:
        return conn.recv()
    except (EOFError, OSError):
        return None


def _ignore_ctrl_c() -> None:
    """Ignore SIGINT, then let it in: the parent started this process with SIGINT blocked.

    A Ctrl-C typed in a terminal reaches every process of the foreground
    group; a worker must neither die of it halfway through its imports nor
    print a traceback. The parent stops its workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _die_with(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux), then check it lives.

    Elsewhere a worker stops at its next message, when it finds the pipe
    closed: the parent holds the only other end.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)


def _picklable(exc: Exception) -> Exception:
    """``exc`` itself if it can cross the pipe, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
