"""Portable document IDs: the same article has the same ID on every machine.

An article is named by its path inside the folder it was indexed from, as a
URL path names a page on a site: ``2022-03-22-bac-giang-tong-ket-hoat-dong-
thanh-vien-2021.txt``, ``2017/a.jsonl#L12``. Its ID is the first 12
hexadecimal digits of the SHA-1 of that name.

Why the name and not the content: an edited article keeps its ID (a note
that cites it stays valid), and two articles with the same text in two
places stay two documents. Why not the absolute path: it differs between
machines and changes when a folder is moved or renamed. Two folders of one
index may hold the same name (two crawls laid out ``2017/01/a.txt``); the
indexer then names the second file by its absolute path (see
:class:`coopsearch.indexer.IndexPlan`), so IDs stay unique.

A file indexed on its own is named as if its folder had been indexed, so
indexing a file and then its folder gives each article one ID.

>>> portable_name("/data/crawl/2017/a.txt", ["/data/crawl"])
'2017/a.txt'
>>> portable_name("/data/crawl/a.jsonl#L12", ["/elsewhere", "/data"])
'crawl/a.jsonl#L12'
>>> document_id("2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt")
'20ea96d2e20c'
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

ID_LENGTH = 12  # hex digits: 48 bits, no collision to expect below ~10^7 articles


def document_id(name: str) -> str:
    """The ID of the article named ``name`` (see :func:`portable_name`): 12 hex digits."""
    return hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()[:ID_LENGTH]


def portable_name(path: str, roots: Iterable[str]) -> str:
    """``path`` relative to the outermost indexed folder that holds it.

    ``path`` is a document's path as the index stores it (absolute, maybe
    with ``#L12``); ``roots`` are the folders or files given to the indexer.
    A file given on its own counts as its folder. A path under no root (a
    symbolic link's target elsewhere) is named by its file name.
    """
    folders = [_folder_of(root) for root in roots]
    holding = [f for f in folders if path.startswith(f.rstrip("/") + "/")]
    folder = min(holding, key=len) if holding else os.path.dirname(path.split("#", 1)[0])
    return path[len(folder.rstrip("/")) :].lstrip("/")


def _folder_of(root: str) -> str:
    return os.path.dirname(root) if os.path.isfile(root) else root
