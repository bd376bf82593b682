"""Reading the evaluation corpus: one ``.txt`` per article, title on line 1.

Documents are identified by their path relative to the corpus root, with
``/`` as separator (the keys used in ``topics.json``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = "/tmp/vi-news"


@dataclass(frozen=True)
class Doc:
    """One article: its key (relative path), title and body (the rest)."""

    key: str
    title: str
    body: str


def corpus_root(arg: str | None) -> Path:
    """Return the corpus directory from ``--corpus``, ``COOPSEARCH_CORPUS`` or the default."""
    return Path(arg or os.environ.get("COOPSEARCH_CORPUS") or DEFAULT_CORPUS).resolve()


def list_keys(root: Path, limit: int | None = None) -> list[str]:
    """Return the sorted keys of all ``*.txt`` files under ``root`` (first ``limit`` only)."""
    keys = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.txt") if p.is_file())
    return keys[:limit] if limit else keys


def read_doc(root: Path, key: str) -> Doc:
    """Read one article: the first non-empty line is the title, the rest the body."""
    text = (root / key).read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines[0].strip() if lines else ""
    return Doc(key, title, "\n".join(lines[1:]).strip())


def iter_docs(root: Path, keys: list[str]):
    """Yield the ``Doc`` of each key, in order."""
    for key in keys:
        yield read_doc(root, key)


def lead_text(doc: Doc) -> str:
    """Return the lead: line 2 for baomoi articles, else the first body sentence."""
    first_line = next((line.strip() for line in doc.body.splitlines() if line.strip()), "")
    if doc.key.startswith("baomoi/"):
        return first_line
    return re.split(r"(?<=[.!?])\s+", first_line, maxsplit=1)[0]
