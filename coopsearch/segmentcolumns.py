"""A field's column over every segment of an index, read by top-level document number.

Whoosh's multi-segment reader (``MultiReader.column_reader``, the same in
whoosh3 3.54 and Whoosh 2.7) builds its column from the segments that hold
one and leaves the others out, yet keeps looking documents up by their
top-level number. A segment writes no column for a field none of its
documents has a value for (an update adding only undated articles writes no
date column), so after such an update a lookup lands in the wrong segment:
an ``IndexError`` past the last one, or another document's value before it.

:func:`column` builds the column from every leaf reader instead: a segment
without the column gives the field's default for each of its documents, as
Whoosh's own per-segment ``column_reader`` does.
"""

from __future__ import annotations

from whoosh.columns import MultiColumnReader


def column(reader, fieldname: str):
    """The column of ``fieldname`` for all of ``reader``'s documents, indexed by
    top-level document number (deleted ones included, as Whoosh numbers them).

    Raises what Whoosh raises for a field without a column.
    """
    leaves = list(reader.leaf_readers())
    if len(leaves) == 1 and leaves[0][0] is reader:
        return reader.column_reader(fieldname)
    readers = [leaf.column_reader(fieldname) for leaf, _ in leaves]
    return MultiColumnReader(readers, [offset for _, offset in leaves])
