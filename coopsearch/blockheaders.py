"""Posting-block headers read in one read, not one read per pickle opcode.

Each block of postings starts with a small pickled tuple (its length, last
ID, best weight…), which Whoosh reads with ``pickle.load`` on the segment's
file. An index opened without mmap (as coopsearch opens it, so that a query
does not map the whole index into memory) reads through Whoosh's compound
sub-files, where every one of the dozen small reads ``pickle.load`` makes
is a seek and a read: on the full crawl, about 40,000 reads for one long
query, a tenth of its time. :func:`install` makes ``StructFile.read_pickle``
read one chunk, unpickle it from memory and put the file where Whoosh's own
read would have left it. A pickle longer than the chunk is read Whoosh's way.
"""

from __future__ import annotations

import io
import pickle

from coopsearch.whooshpatch import patch_once

CHUNK = 512  # bytes; a block header is a few dozen


@patch_once
def install() -> bool:
    """Give Whoosh's ``StructFile`` the one-read ``read_pickle``; True when it is in place."""
    from whoosh.filedb.structfile import StructFile

    if not hasattr(StructFile, "read_pickle"):
        return False
    whooshs = StructFile.read_pickle

    def read_pickle(self):
        start = self.file.tell()
        chunk = io.BytesIO(self.file.read(CHUNK))
        try:
            value = pickle.load(chunk)
        except (EOFError, pickle.UnpicklingError, ValueError):  # longer than the chunk
            self.file.seek(start)
            return whooshs(self)
        self.file.seek(start + chunk.tell())
        return value

    read_pickle.__doc__ = whooshs.__doc__
    StructFile.read_pickle = read_pickle
    return True
