"""Find article files, decode them, and parse each into a :class:`Document`.

A corpus is a set of files or folders; folders are walked recursively in a
stable order, hidden files and folders are passed over. Folders a crawl left
behind hold anything: a file is read only if it is a regular file (never a
FIFO, which would block), at most :data:`MAX_INDEXED_BYTES` of it (the rest
of a huge dump is left out and the document says so), and only if it does not
look like a PDF, an image or an archive renamed ``.txt``. Everything else that
goes wrong becomes an :class:`UnreadableFile` whose message is the reason.

A file name that is not valid UTF-8 keeps its bytes in the index as
backslash escapes (``caf\\xe9.txt``): see :func:`path_text`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat as stat_module
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coopsearch.errors import SourceNotFound, UnreadableFile
from coopsearch.metadata import find_date, split_title
from coopsearch.text import normalize

TEXT_SUFFIXES = frozenset({".txt", ".md"})
# A news article is 5-50 KB; past this a file is a dump, and indexing costs
# about 18 MB of memory and 2 s per MB, so only its beginning is indexed.
MAX_INDEXED_BYTES = 4 * 1024 * 1024
MAX_TITLE_CHARS = 300  # a title longer than this is a line of body text

# Signatures of files that are not text whatever their name says.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX, XLSX, EPUB)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"BZh", "bzip2-compressed"),
    (b"\xfd7zXZ", "xz-compressed"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3", "an SQLite database"),
)
_CONTROL_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32))


@dataclass(frozen=True)
class Document:
    """One article, as the index stores it."""

    path: str
    title: str
    body: str
    date: str | None = None
    date_precision: str | None = None
    author: str | None = None
    mtime_ns: int = 0
    size: int = 0
    truncated: bool = False  # only the first MAX_INDEXED_BYTES were indexed

    @property
    def id(self) -> str:
        return document_id(self.path)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def document_id(path: str) -> str:
    """A short stable identifier derived from the document's absolute path."""
    return hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def path_text(path: str | os.PathLike) -> str:
    """The path as the index stores and shows it: always valid UTF-8 text.

    A name that is not valid UTF-8 reaches Python with its stray bytes as
    lone surrogates, which no index, JSON encoder or terminal accepts; they
    are written as backslash escapes instead, which keeps two such names
    apart and shows which bytes they hold.

    >>> path_text("/crawl/caf\\udce9.txt")
    '/crawl/caf\\\\xe9.txt'
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def find_files(
    sources: Iterable[Path], on_problem: Callable[[str, str], None] | None = None
) -> Iterator[Path]:
    """Yield every article file under ``sources``, each once, in a stable order.

    Symbolic links are followed to their target (indexed under its path);
    a broken one or a loop is yielded as it is, so that reading it reports
    why. ``on_problem(path, reason)`` hears of folders that cannot be listed.
    """
    seen: set[str] = set()
    for source in sources:
        if not os.path.lexists(source):
            raise SourceNotFound(f"{path_text(source)} does not exist.")
        candidates = _walk(source, on_problem) if source.is_dir() else [source]
        for path in candidates:
            if path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            key = _real_path(path)
            if key not in seen:
                seen.add(key)
                yield Path(key)


def _real_path(path: Path) -> str:
    """The absolute path of the file ``path`` names, or of ``path`` if it names none."""
    absolute = os.path.abspath(path)
    real = os.path.realpath(absolute)
    return real if os.path.exists(real) else absolute


def _walk(folder: Path, on_problem=None) -> Iterator[Path]:
    def unlistable(error: OSError) -> None:
        if on_problem and error.filename is not None:
            on_problem(path_text(error.filename), describe_os_error(error))

    for root, dirs, files in os.walk(folder, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


def describe_os_error(error: OSError, path: str | os.PathLike | None = None) -> str:
    """A short reason for an error met reading a file, for the skipped-file report."""
    if error.errno == errno.ENOENT and path is not None and os.path.islink(path):
        return "broken symbolic link"
    reasons = {
        errno.ENOENT: "deleted before it could be read",
        errno.ELOOP: "symbolic link loop",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "not a regular file",
    }
    return reasons.get(error.errno) or (error.strerror or str(error)).lower()


def read_bounded(path: Path, limit: int | None = None) -> tuple[bytes, os.stat_result, bool]:
    """The first ``limit`` bytes of a regular file, its stat, and whether it had more.

    ``limit`` defaults to :data:`MAX_INDEXED_BYTES`.
    The stat is taken on the open file before reading: if the file is
    rewritten while it is read, the next run sees a newer modification time
    and reads it again. A cut falls after a line, or at least between two
    UTF-8 characters.
    """
    limit = MAX_INDEXED_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: a FIFO opens at once instead of hanging
        try:
            stat = os.fstat(fd)
            if not stat_module.S_ISREG(stat.st_mode):
                raise UnreadableFile("not a regular file")
            with os.fdopen(fd, "rb", closefd=False) as stream:
                data = stream.read(limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise UnreadableFile(describe_os_error(exc, path)) from exc
    if len(data) <= limit:
        return data, stat, False
    return _cut(data, limit), stat, True


def _cut(data: bytes, limit: int) -> bytes:
    line_end = data.rfind(b"\n", max(0, limit - 65536), limit)
    if line_end > 0:
        return data[: line_end + 1]
    end = limit
    while end > limit - 4 and data[end] & 0xC0 == 0x80:  # inside a UTF-8 sequence
        end -= 1
    return data[:end]


def human_size(size: int) -> str:
    """``4 MiB``, ``64 KiB``, ``200 MiB``: a size for a message.

    >>> human_size(4 * 2**20), human_size(65536), human_size(1536)
    ('4 MiB', '64 KiB', '2 KiB')
    """
    if size >= 2**20:
        return f"{size / 2**20:,.0f} MiB"
    return f"{size / 2**10:,.0f} KiB"


def binary_kind(head: bytes) -> str | None:
    """What a file is if its first bytes show it is not text, else ``None``.

    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind("Hợp tác xã".encode())
    ('a PDF document', None)
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NUL bytes by design
        return None
    sample = head[:4096]
    if sample and sum(b in _CONTROL_BYTES for b in sample) > len(sample) // 10:
        return "binary data"
    return None


def decode(data: bytes) -> str:
    """Decode the bytes of a text file: UTF-8 (BOM or not), else UTF-16 by BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary content (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def read_document(path: Path) -> Document:
    """Read and parse one article file; raise :class:`UnreadableFile` if it cannot be."""
    data, stat, truncated = read_bounded(path)
    kind = binary_kind(data)
    if kind:
        raise UnreadableFile(f"binary content ({kind})")
    try:
        text = normalize(decode(data))
    except UnicodeDecodeError as exc:
        raise UnreadableFile("cannot be decoded as text") from exc
    del data
    title, rest = _bounded_title(*split_title(text))
    if not title:
        raise UnreadableFile("no text")
    date = find_date(rest)
    return Document(
        path=path_text(path),
        title=title,
        body=rest.strip(),
        date=date.iso if date else None,
        date_precision=date.precision if date else None,
        mtime_ns=stat.st_mtime_ns,
        size=stat.st_size,
        truncated=truncated,
    )


def _bounded_title(title: str, rest: str) -> tuple[str, str]:
    """A first line too long to be a title is shortened; the body keeps all of it."""
    if len(title) <= MAX_TITLE_CHARS:
        return title, rest
    cut = title.rfind(" ", 0, MAX_TITLE_CHARS)
    short = title[: cut if cut > MAX_TITLE_CHARS // 2 else MAX_TITLE_CHARS].rstrip()
    return short + "…", title + "\n" + rest
