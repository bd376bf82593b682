"""Find article files, decode them, and parse each into :class:`Document`s.

A corpus is a set of files or folders; folders are walked recursively in a
stable order, hidden files and folders are passed over, and so are the
metadata files kept beside a folder (:mod:`coopsearch.sidecar`), whose
records enrich the articles of that folder instead.

Most files hold one article; a ``.json`` list or a ``.jsonl`` file holds many,
each a document whose path is the file's plus ``#L12`` (``#3`` for the third
object of a list). Every document keeps the file it came from as ``source``,
so a changed or deleted file updates or removes all of its documents.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from coopsearch import formats
from coopsearch.decoding import decode
from coopsearch.entities import Entities, Person, extract
from coopsearch.errors import SourceNotFound, UnreadableFile
from coopsearch.formats import JsonKeys, Record
from coopsearch.metadata import date_from_metadata, parse_article
from coopsearch.sidecar import Sidecars, is_sidecar
from coopsearch.text import normalize

SUFFIXES = formats.SUFFIXES
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One article, as the index stores it."""

    path: str
    title: str
    body: str
    date: str | None = None
    date_precision: str | None = None
    date_source: str | None = None
    author: str | None = None
    url: str | None = None
    source: str = ""  # the file the article came from (its path, without #L12)
    entities: Entities = field(default_factory=Entities)
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
            if key in seen or path.suffix.lower() not in SUFFIXES or is_sidecar(path):
                continue
            seen.add(key)
            yield Path(key)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


class Reader:
    """Reads article files into documents, with the options of one indexing run."""

    def __init__(self, json_keys: JsonKeys | None = None) -> None:
        self.json_keys = json_keys or JsonKeys()
        self.sidecars = Sidecars()

    def read(self, path: Path) -> list[Document]:
        """Every document in one file; raise :class:`UnreadableFile` if there is none."""
        try:
            stat = path.stat()
            if stat.st_size > MAX_FILE_BYTES:
                raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MiB")
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(exc.strerror or str(exc)) from exc
        records = formats.parse(decode(data), path.suffix, self.json_keys)
        extra = self.sidecars.lookup(path) if len(records) == 1 else None
        documents = []
        for record in records:
            document = _document(path, record, extra, self.json_keys)
            if document is not None:
                documents.append(document)
        if not documents:
            raise UnreadableFile("no text")
        return [_with_file(d, str(path), stat.st_mtime_ns, stat.st_size) for d in documents]


def _document(path: Path, record: Record, extra: dict | None, keys: JsonKeys) -> Document | None:
    article = parse_article(normalize(record.text))
    title = normalize(record.title).strip() if record.title else article.title
    if not title:
        return None
    date = (
        date_from_metadata(keys.pick(extra, "date") if extra else None)
        or date_from_metadata(record.date)
        or article.date
    )
    author = record.author or article.author
    bylines = tuple(Person(b.name, b.role) for b in article.bylines if b.role)
    return Document(
        path=f"{path}#{record.key}" if record.key else str(path),
        title=title,
        body=article.body,
        date=date.iso if date else None,
        date_precision=date.precision if date else None,
        date_source=date.source if date else None,
        author=normalize(author) if author else None,
        url=record.url or (keys.pick(extra, "url") if extra else None),
        entities=extract(f"{title}\n\n{article.body}", bylines),
    )


def _with_file(document: Document, source: str, mtime_ns: int, size: int) -> Document:
    return replace(document, source=source, mtime_ns=mtime_ns, size=size)


def read_document(path: Path) -> Document:
    """Read the first (usually only) document of one article file."""
    return Reader().read(path)[0]
