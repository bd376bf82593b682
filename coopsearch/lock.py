"""One writer at a time: an index folder's write lock, naming the process that holds it.

Whoosh has its own write lock (``MAIN_WRITELOCK``), an ``flock`` the
operating system releases when its process dies, however it dies; but it
cannot say who holds it. coopsearch takes its own lock first, the same kind
of lock on ``coopsearch.lock``, and writes its pid into the file, so that a
second writer can be told which process to wait for.

A lock left by a process that was killed needs no clearing: the kernel
dropped it with the process. Its pid stays in the file until the next writer
overwrites it, and that writer learns from it that the previous run did not
finish (see :attr:`WriteLock.previous_pid`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from coopsearch.errors import IndexLocked, IndexWriteFailed

try:
    import fcntl
except ImportError:  # Windows: Whoosh's own lock still keeps writers apart
    fcntl = None

LOCK_FILE = "coopsearch.lock"
POLL_SECONDS = 0.2


class WriteLock:
    """The write lock of ``index_dir``; use as a context manager.

    ``wait`` is how long to wait for another writer to finish: ``None`` or
    ``0`` not at all, ``float("inf")`` for as long as it takes.
    """

    def __init__(self, index_dir: Path, wait: float | None = None) -> None:
        self.path = Path(index_dir) / LOCK_FILE
        self.wait = wait or 0.0
        self.previous_pid: int | None = None  # a writer that died holding the index
        self._fd: int | None = None

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, waiting up to ``wait`` seconds; raise :class:`IndexLocked`.

        A folder that cannot be created or written (read-only, no permission,
        a full disk) is :class:`~coopsearch.errors.IndexWriteFailed`.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            _raise_if_unwritable(self.path.parent, exc)
            reason = (exc.strerror or type(exc).__name__).lower()
            raise IndexWriteFailed(
                f"The index folder {self.path.parent} cannot be created or opened ({reason}); "
                "nothing was changed."
            ) from exc
        deadline = time.monotonic() + self.wait
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise IndexLocked(self._busy_message(fd))
                time.sleep(POLL_SECONDS)
            previous = _read_pid(fd)
            self.previous_pid = previous if previous and previous != os.getpid() else None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException as exc:
            os.close(fd)
            if isinstance(exc, OSError):
                _raise_if_unwritable(self.path.parent, exc)
            raise
        self._fd = fd

    def release(self) -> None:
        """Clear the pid and let the next writer in."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing the file drops the flock

    def _busy_message(self, fd: int) -> str:
        pid = _read_pid(fd)
        who = f"pid {pid}" if pid else "pid unknown"
        waited = f" (waited {self.wait:g} s)" if self.wait else ""
        return (
            f"The index in {self.path.parent} is being updated by another coopsearch "
            f"process ({who}){waited}; wait for it to finish or use --wait."
        )


def _raise_if_unwritable(index_dir: Path, exc: OSError) -> None:
    """Raise :class:`~coopsearch.errors.IndexWriteFailed` if ``exc`` is a machine fault."""
    from coopsearch import diskfaults

    if diskfaults.is_fault(exc):
        committed = diskfaults.committed_documents(index_dir)
        raise diskfaults.fault_error(index_dir, exc, committed) from exc


def holder(index_dir: Path) -> int | None:
    """The pid of the process writing to ``index_dir`` now, or ``None``."""
    path = Path(index_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        if _try_lock(fd):
            return None  # nobody holds it (closing the fd releases our probe)
        return _read_pid(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks (ENOLCK): Whoosh's lock still holds
        return True
    return True


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
