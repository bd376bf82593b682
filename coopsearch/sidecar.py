"""Metadata files kept beside a folder of articles.

Crawls often save the text of each article in a folder and what is known
about it (title, date, url) in one JSON Lines file next to the folder:
``dantri/`` and ``dantri-meta.jsonl``, one record per article with its file
name (without suffix) under ``doc_id`` or ``id``. Such a file is not itself a
set of articles: :func:`is_sidecar` tells the indexer to pass it over, and
:class:`Sidecars` looks up the record of any article in the folder, and its
fingerprint: the indexer keeps it with the file's time and size, so an
edited record re-indexes its article on the next run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

SUFFIX = "-meta.jsonl"
ID_KEYS = ("doc_id", "id")


def sidecar_path(folder: Path) -> Path:
    """Where the metadata file of ``folder`` lives: ``<folder>-meta.jsonl`` beside it."""
    return folder.parent / f"{folder.name}{SUFFIX}"


def is_sidecar(path: Path) -> bool:
    """True for ``NAME-meta.jsonl`` when a folder ``NAME`` stands beside it."""
    name = path.name
    return name.endswith(SUFFIX) and (path.parent / name[: -len(SUFFIX)]).is_dir()


class Sidecars:
    """Metadata records by article file, each sidecar file read once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, dict]] = {}

    def lookup(self, path: Path) -> dict | None:
        """The sidecar record of the article file ``path``: its folder's, else that of
        the nearest folder above it that has one (``articles/sub/21478053.txt`` is
        an article of ``articles/`` too, whose ``articles-meta.jsonl`` may hold it)."""
        for folder in _folders_up(path):
            if folder not in self._by_folder:
                self._by_folder[folder] = _load(sidecar_path(folder))
            record = self._by_folder[folder].get(path.stem)
            if record is not None:
                return record
        return None

    def fingerprint(self, path: Path) -> int:
        """A number that changes when the sidecar record of ``path`` does; 0 without one."""
        record = self.lookup(path)
        if record is None:
            return 0
        canonical = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
        digest = hashlib.blake2b(canonical, digest_size=8).digest()
        return int.from_bytes(digest, "big") >> 1 or 1  # fits a signed 64-bit column


MAX_LEVELS = 8  # folders above an article whose sidecar may hold its record


def _folders_up(path: Path) -> list[Path]:
    return [*path.parents][:MAX_LEVELS]


def sidecars_of(files) -> list[Path]:
    """The sidecar files that exist for the folders of ``files`` (and those above), once each."""
    folders = {folder for path in files for folder in _folders_up(Path(path))}
    return sorted(p for p in map(sidecar_path, folders) if p.is_file())


def bad_lines(path: Path) -> list[int]:
    """Numbers of the lines of sidecar ``path`` that are not a JSON record with an id
    (``doc_id`` or ``id``), or whose ``date`` cannot be read: they give no article
    its metadata, or not its date."""
    from coopsearch.metadata import date_from_metadata

    bad = []
    for number, record in _lines(path):
        date = record.get("date") if record else None
        if _record_id(record) is None or (date and date_from_metadata(date) is None):
            bad.append(number)
    return bad


def _lines(path: Path) -> Iterator[tuple[int, dict | None]]:
    """Each non-blank line of sidecar ``path``: its number and its JSON object (None
    if it is not one); an absent or unreadable file has none."""
    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        yield number, record if isinstance(record, dict) else None


def _record_id(record: dict | None) -> str | None:
    """The article a record is of: its ``doc_id`` (else ``id``), as text."""
    if record is None:
        return None
    key = next((record[k] for k in ID_KEYS if record.get(k) is not None), None)
    return None if key is None else str(key)


def _load(path: Path) -> dict[str, dict]:
    """Records of one sidecar by their id; an absent or broken file gives none."""
    records: dict[str, dict] = {}
    for _, record in _lines(path):
        if (key := _record_id(record)) is not None:
            records[key] = record
    return records
