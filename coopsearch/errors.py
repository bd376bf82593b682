"""The errors a user can cause, as coopsearch's own exception classes.

The library raises these; the command line turns each into one sentence on
stderr and exit status 2. Their messages are written for the user.
"""

from __future__ import annotations


class CoopsearchError(Exception):
    """Base class: something the user can fix; the message says what."""


class IndexNotFound(CoopsearchError):
    """There is no index at the given folder."""


class IndexUnreadable(CoopsearchError):
    """The folder holds something that is not a readable coopsearch index."""


class IndexVersionMismatch(CoopsearchError):
    """The index was built by an incompatible version of coopsearch."""


class IndexLocked(CoopsearchError):
    """Another process is writing to the index."""


class IndexWriteFailed(CoopsearchError):
    """The disk is full or the index folder cannot be written; the last commit is kept."""


class SourceNotFound(CoopsearchError):
    """A path given to the indexer does not exist."""


class RemovalNotConfirmed(CoopsearchError):
    """An update would remove most of the index and the user did not confirm it."""


class NotCovered(CoopsearchError):
    """A folder given to ``index --forget`` is not one the index covers."""


class UnreadableFile(CoopsearchError):
    """A file could not be turned into a document; the message is the reason."""


class DocumentNotFound(CoopsearchError):
    """No indexed document has the ID or path the user gave."""


class AmbiguousDocument(CoopsearchError):
    """An ID prefix or path end names more than one document."""


class BadFilter(CoopsearchError):
    """A filter names a province, date or entity type that does not exist."""


class BadQuery(CoopsearchError):
    """The query has nothing to search for (only operators, or empty quotes)."""


class WorkerFailed(CoopsearchError):
    """Indexing worker processes could not be started."""
