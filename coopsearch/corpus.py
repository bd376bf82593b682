"""Find article files, decode them, and parse each into a :class:`Document`.

A corpus is a set of files or folders; folders are walked recursively in a
stable order, hidden files and folders are passed over.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coopsearch.errors import SourceNotFound, UnreadableFile
from coopsearch.metadata import find_date, split_title
from coopsearch.text import normalize

TEXT_SUFFIXES = frozenset({".txt", ".md"})
MAX_FILE_BYTES = 64 * 1024 * 1024


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

    @property
    def id(self) -> str:
        return document_id(self.path)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def document_id(path: str) -> str:
    """A short stable identifier derived from the document's absolute path."""
    return hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def find_files(sources: Iterable[Path]) -> Iterator[Path]:
    """Yield every article file under ``sources``, each once, in a stable order."""
    seen: set[str] = set()
    for source in sources:
        if not source.exists():
            raise SourceNotFound(f"{source} does not exist.")
        candidates = [source] if source.is_file() else _walk(source)
        for path in candidates:
            key = str(path.resolve())
            if key not in seen and path.suffix.lower() in TEXT_SUFFIXES:
                seen.add(key)
                yield Path(key)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


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
    try:
        stat = path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from exc
    text = normalize(decode(data))
    title, rest = split_title(text)
    if not title:
        raise UnreadableFile("no text")
    date = find_date(rest)
    return Document(
        path=str(path),
        title=title,
        body=rest.strip(),
        date=date.iso if date else None,
        date_precision=date.precision if date else None,
        mtime_ns=stat.st_mtime_ns,
        size=stat.st_size,
    )
