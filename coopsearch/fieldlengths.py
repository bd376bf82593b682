"""Field lengths for BM25 read once per segment, not once per posting scored.

BM25 needs the length of the field in every document it scores. Whoosh
keeps one byte per document in a column file and answers each lookup with a
seek and a one-byte read through the segment's compound file: on the full
crawl, the 60 benchmark queries asked about 27,000 times a query for a
broad one ("Thành phố Hồ Chí Minh"), a tenth of its time. The column of a
field is a few tens of kilobytes per segment (one byte per document), so
:func:`install` makes the per-document reader keep it whole, as one
``bytes`` read on first use, and answer from it. The answers are Whoosh's:
the same byte, decoded by Whoosh's own ``byte_to_length``, None for a zero
byte and ``default`` for a field without lengths. Any reader not of the
shape this relies on (``whoosh3`` 3.54 and ``whoosh-reloaded`` 2.7.5 both
are) keeps Whoosh's own lookup.
"""

from __future__ import annotations

from coopsearch.whooshpatch import patch_once

_WHOOSHS = object()  # marker: this field's lengths are looked up by Whoosh's own method


@patch_once
def install() -> bool:
    """Give Whoosh's per-document reader the cached lookup; True when it is in place."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
    from whoosh.util.numeric import byte_to_length

    if not hasattr(W3PerDocReader, "_cached_reader"):
        return False
    whooshs = W3PerDocReader.doc_field_length

    def whole_column(reader, fieldname: str):
        column = reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        shape = ("_dbfile", "_basepos", "_count", "_fixedlen")
        if column is None or not all(hasattr(column, a) for a in shape):
            return _WHOOSHS
        if column._fixedlen != 1:
            return _WHOOSHS
        return column._dbfile.get(column._basepos, column._count)

    def doc_field_length(self, docnum, fieldname, default=0):
        cached = self.__dict__.setdefault("_coopsearch_lengths", {})
        lengths = cached.get(fieldname)
        if lengths is None:
            lengths = cached[fieldname] = whole_column(self, fieldname)
        if lengths is _WHOOSHS or docnum > self._doccount:
            return whooshs(self, docnum, fieldname, default)
        if docnum < len(lengths) and (lbyte := lengths[docnum]):
            return byte_to_length(lbyte)
        return None

    doc_field_length.__doc__ = whooshs.__doc__
    W3PerDocReader.doc_field_length = doc_field_length
    return True
