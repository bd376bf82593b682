"""The index on disk: create it, open it, and check it was built by us.

Beside Whoosh's files, an index folder holds ``coopsearch.json``: the schema
version it was built with and the corpus folders it covers. An index whose
version differs is refused with a request to rebuild, rather than searched
with analysis that no longer matches it.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from whoosh import index as whoosh_index

from coopsearch import __version__
from coopsearch.errors import IndexNotFound, IndexUnreadable, IndexVersionMismatch
from coopsearch.schema import SCHEMA_VERSION, build_schema

META_FILE = "coopsearch.json"


def exists(index_dir: Path) -> bool:
    """True when ``index_dir`` holds a coopsearch index (of any version)."""
    if not (index_dir / META_FILE).is_file():
        return False
    try:
        return whoosh_index.exists_in(str(index_dir))
    except Exception:  # damaged: it is there, and opening it will say what is wrong
        return True


def read_meta(index_dir: Path) -> dict:
    """The index's ``coopsearch.json`` as a dict."""
    try:
        return json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexNotFound(_no_index_message(index_dir)) from exc
    except (OSError, ValueError) as exc:
        raise IndexUnreadable(f"{index_dir} does not hold a readable coopsearch index.") from exc


def write_meta(index_dir: Path, **changes) -> dict:
    """Update ``coopsearch.json`` atomically with ``changes`` and return it."""
    try:
        meta = read_meta(index_dir)
    except (IndexNotFound, IndexUnreadable):
        meta = {"created": _now()}
    meta.update(changes, schema_version=SCHEMA_VERSION, coopsearch_version=__version__)
    meta["updated"] = _now()
    tmp = index_dir / f".{META_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, index_dir / META_FILE)
    return meta


def create(index_dir: Path):
    """Create a new empty index in ``index_dir`` (replacing any there)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), build_schema())
    write_meta(index_dir, roots=[])
    return ix


def open_existing(index_dir: Path):
    """Open the index in ``index_dir`` after checking its version."""
    if not index_dir.is_dir() or not (index_dir / META_FILE).exists():
        raise IndexNotFound(_no_index_message(index_dir))
    check_version(index_dir)
    try:
        return whoosh_index.open_dir(str(index_dir))
    except Exception as exc:  # whoosh raises many kinds on a damaged folder
        raise IndexUnreadable(
            f"The index in {index_dir} cannot be read ({exc.__class__.__name__}); "
            f"rebuild it with 'coopsearch index --rebuild --index {index_dir}'."
        ) from exc


def check_version(index_dir: Path) -> None:
    """Raise :class:`IndexVersionMismatch` unless the index matches this schema."""
    found = read_meta(index_dir).get("schema_version")
    if found != SCHEMA_VERSION:
        raise IndexVersionMismatch(
            f"The index in {index_dir} was built by an incompatible version of coopsearch "
            f"(schema {found}, this version needs {SCHEMA_VERSION}); rebuild it with "
            f"'coopsearch index --rebuild --index {index_dir}'."
        )


def _no_index_message(index_dir: Path) -> str:
    return (
        f"There is no index in {index_dir}; build one with "
        f"'coopsearch index PATH --index {index_dir}'."
    )


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
