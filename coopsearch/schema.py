"""The one Whoosh schema of a coopsearch index, with its field names.

Title and body are indexed twice, once per analysis layer (see
:mod:`coopsearch.analysis`): the exact layer answers accented queries, the
folded layer answers unaccented ones. The normalised text is stored so that
snippets and ``show`` never need the original file.
"""

from __future__ import annotations

from whoosh import fields

from coopsearch.analysis import LayerText

# Bump when the schema or the analysis changes: an index built with another
# version gives wrong results, so it is refused with a request to rebuild.
SCHEMA_VERSION = 1

ID = "id"
PATH = "path"
TITLE = "title"
TITLE_FOLDED = "title_folded"
BODY = "body"
BODY_FOLDED = "body_folded"
DATE = "date"
YEAR = "year"
AUTHOR = "author"
MTIME_NS = "mtime_ns"
SIZE = "size"

EXACT_FIELDS = (TITLE, BODY)
FOLDED_FIELDS = (TITLE_FOLDED, BODY_FOLDED)
FOLDED_TWIN = {TITLE: TITLE_FOLDED, BODY: BODY_FOLDED}


def build_schema() -> fields.Schema:
    """Return a new instance of the coopsearch schema."""
    return fields.Schema(
        **{
            ID: fields.ID(stored=True, unique=True),
            PATH: fields.ID(stored=True, unique=True, sortable=True),
            TITLE: LayerText("exact", stored=True),
            TITLE_FOLDED: LayerText("folded"),
            BODY: LayerText("exact", stored=True),
            BODY_FOLDED: LayerText("folded"),
            DATE: fields.ID(stored=True, sortable=True),
            YEAR: fields.NUMERIC(stored=True, sortable=True),
            AUTHOR: fields.STORED(),
            MTIME_NS: fields.NUMERIC(numtype=int, bits=64, stored=True, sortable=True),
            SIZE: fields.NUMERIC(numtype=int, bits=64, stored=True, sortable=True),
        }
    )
