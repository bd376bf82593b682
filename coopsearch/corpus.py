"""Find article files, decode them, and parse each into :class:`Document`s.

A corpus is a set of files or folders; folders are walked recursively in a
stable order, hidden files and folders are passed over, and so are the
metadata files kept beside a folder (:mod:`coopsearch.sidecar`), whose
records enrich the articles of that folder instead.

Most files hold one article; a ``.json`` list or a ``.jsonl`` file holds many,
each a document whose path is the file's plus ``#L12`` (``#3`` for the third
object of a list). Every document keeps the file it came from as ``source``,
so a changed or deleted file updates or removes all of its documents.

Folders a crawl left behind hold anything: a file is read only if it is a regular file (never a
FIFO, which would block), at most :data:`MAX_INDEXED_BYTES` of it (the rest
of a huge dump is left out and the document says so), and only if it does not
look like a PDF, an image or an archive renamed ``.txt``. Everything else that
goes wrong becomes an :class:`UnreadableFile` whose message is the reason.

A file name that is not valid UTF-8 keeps its bytes in the index as
backslash escapes (``caf\\xe9.txt``): see :func:`path_text`.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from coopsearch import formats
from coopsearch.decoding import decode
from coopsearch.entities import Entities, Person, extract
from coopsearch.errors import SourceNotFound, UnreadableFile
from coopsearch.figures import extract_rows, figure_entities
from coopsearch.formats import JsonKeys, Record
from coopsearch.metadata import date_from_metadata, date_in_file_name, parse_article, saved_on
from coopsearch.sidecar import SUFFIX as SIDECAR_SUFFIX
from coopsearch.sidecar import Sidecars, is_sidecar
from coopsearch.text import normalize

SUFFIXES = formats.SUFFIXES
# A news article is 5-50 KB; past this a file is a dump, and indexing costs
# about 18 MB of memory and 2 s per MB, so only its beginning is indexed.
MAX_INDEXED_BYTES = 4 * 1024 * 1024
# A .json list cut in the middle cannot be parsed, so record files get more room.
MAX_RECORD_FILE_BYTES = 64 * 1024 * 1024
MAX_TITLE_CHARS = 300  # a title longer than this is a line of body text


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
    figure_rows: tuple = ()  # coopsearch.figures.FigureRow, one per figure, read with the entities
    mtime_ns: int = 0
    size: int = 0
    sidecar: int = 0  # the fingerprint of the file's sidecar record (Sidecars.fingerprint)
    truncated: bool = False  # only the first MAX_INDEXED_BYTES were indexed

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


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
    why. ``on_problem(path, reason)`` hears of folders that cannot be listed, and of
    a file named in ``sources`` that is not of a kind indexed.
    """
    seen: set[str] = set()
    for source in sources:
        if not os.path.lexists(source):
            raise SourceNotFound(f"{path_text(source)} does not exist.")
        named = not source.is_dir()  # a file given by name, not found in a folder
        candidates = [source] if named else _walk(source, on_problem)
        for path in candidates:
            if is_sidecar(path):
                continue
            if path.suffix.lower() not in SUFFIXES:
                if named and on_problem:
                    kinds = ", ".join(sorted(SUFFIXES))
                    on_problem(path_text(path), f"not an article file ({kinds})")
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


class Reader:
    """Reads article files into documents, with the options of one indexing run."""

    def __init__(self, json_keys: JsonKeys | None = None) -> None:
        self.json_keys = json_keys or JsonKeys()
        self.sidecars = Sidecars()

    def read(self, path: Path) -> list[Document]:
        """Every document in one file; raise :class:`UnreadableFile` if there is none."""
        records_file = path.suffix.lower() in formats.JSON_SUFFIXES
        limit = MAX_RECORD_FILE_BYTES if records_file else MAX_INDEXED_BYTES
        data, stat, truncated = read_bounded(path, limit)
        text = decode(data)
        del data
        try:
            records = formats.parse(text, path.suffix, self.json_keys)
        except UnreadableFile as exc:
            if path.name.endswith(SIDECAR_SUFFIX):
                folder = path.name[: -len(SIDECAR_SUFFIX)]
                raise UnreadableFile(
                    f"{exc}; a metadata file is read only beside its folder "
                    f"('{path.name}' next to '{folder}/', not inside it)"
                ) from exc
            raise
        extra = self.sidecars.lookup(path) if len(records) == 1 else None
        saved = saved_on(stat.st_mtime_ns, extra)
        documents = []
        for record in records:
            document = _document(path, record, extra, self.json_keys, saved)
            if document is not None:
                documents.append(document)
        if not documents:
            raise UnreadableFile("no text")
        source = path_text(path)
        sidecar = self.sidecars.fingerprint(path)
        return [replace(_with_file(d, source, stat, truncated), sidecar=sidecar) for d in documents]


def _document(
    path: Path, record: Record, extra: dict | None, keys: JsonKeys, saved=None
) -> Document | None:
    article = parse_article(normalize(record.text), saved)
    title = normalize(record.title).strip() if record.title else article.title
    title, body = _bounded_title(title, article.body)
    if not title:
        return None
    stated = article.date if article.date and article.date.source == "stated" else None
    date = (
        date_from_metadata(keys.pick(extra, "date") if extra else None)
        or date_from_metadata(record.date)
        or stated
        or date_in_file_name(path_text(path))
        or article.date
    )
    author = record.author or article.author
    bylines = tuple(Person(b.name, b.role) for b in article.bylines if b.role)
    document = Document(
        path=f"{path_text(path)}#{record.key}" if record.key else path_text(path),
        title=title,
        body=body,
        date=date.iso if date else None,
        date_precision=date.precision if date else None,
        date_source=date.source if date else None,
        author=normalize(author) if author else None,
        url=record.url or (keys.pick(extra, "url") if extra else None),
    )
    rows = tuple(extract_rows(title, body, document.year))
    entities = extract(f"{title}\n\n{body}", bylines, document.date)
    return replace(
        document, entities=replace(entities, figures=figure_entities(rows)), figure_rows=rows
    )


def _with_file(document: Document, source: str, stat, truncated: bool) -> Document:
    return replace(
        document, source=source, mtime_ns=stat.st_mtime_ns, size=stat.st_size, truncated=truncated
    )


def read_document(path: Path) -> Document:
    """Read the first (usually only) document of one article file."""
    return Reader().read(path)[0]


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


def _bounded_title(title: str, rest: str) -> tuple[str, str]:
    """A first line too long to be a title is shortened; the body keeps all of it."""
    if len(title) <= MAX_TITLE_CHARS:
        return title, rest
    cut = title.rfind(" ", 0, MAX_TITLE_CHARS)
    short = title[: cut if cut > MAX_TITLE_CHARS // 2 else MAX_TITLE_CHARS].rstrip()
    return short + "…", title + "\n" + rest
