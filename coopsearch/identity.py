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


def portable_name(path: str, roots: Iterable[str] | Folders) -> str:
    """``path`` relative to the outermost indexed folder that holds it.

    ``path`` is a document's path as the index stores it (absolute, maybe
    with ``#L12``); ``roots`` are the folders or files given to the indexer
    (or their :class:`Folders`, made once for many paths). A file given on
    its own counts as its folder. A path under no root (a symbolic link's
    target elsewhere) is named by its file name.
    """
    folders = roots if isinstance(roots, Folders) else Folders(roots, files_as_folders=True)
    folder = folders.outermost(path) or os.path.dirname(path.split("#", 1)[0])
    return path[len(folder.rstrip("/")) :].lstrip("/")


class Folders:
    """A set of folders that answers, in the depth of a path, which of them hold it.

    An index may cover tens of thousands of roots (a harness that indexes
    files one by one), so membership walks up a path's folders instead of
    comparing it with every root.

    >>> Folders(["/data/crawl", "/data/crawl/2017"]).outermost("/data/crawl/2017/a.txt")
    '/data/crawl'
    >>> Folders(["/data/crawl"]).holds("/data/crawl"), Folders(["/data/c"]).holds("/data/crawl")
    (True, False)
    """

    def __init__(self, roots: Iterable[str], files_as_folders: bool = False) -> None:
        self.roots = {
            trimmed(os.path.dirname(r) if files_as_folders and os.path.isfile(r) else r)
            for r in roots
        }

    def outermost(self, path: str) -> str | None:
        """The shortest root that is ``path`` or one of its folders, else None."""
        found = None
        for folder in _folders_up(path.split("#", 1)[0]):
            if folder in self.roots:
                found = folder
        return found

    def holds(self, path: str) -> bool:
        """True when ``path`` is a root or lies under one."""
        return any(folder in self.roots for folder in _folders_up(path.split("#", 1)[0]))


def trimmed(path: str) -> str:
    """A folder's path as :class:`Folders` keeps it: no trailing slash (but ``/``)."""
    return path.rstrip("/") or "/"


def _folders_up(path: str):
    """``path`` itself, then each folder above it, up to the root."""
    current = trimmed(path)
    while True:
        yield current
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent
