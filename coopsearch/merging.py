"""When to merge index segments: a log-structured (tiered) policy.

Every committed batch becomes a Whoosh segment (one per worker process when
workers index, :mod:`coopsearch.parallel`). Whoosh's default policy can
decide at any commit to merge nearly all segments into one, which rewrites
the whole index through an external sort: minutes and gigabytes of temporary
files on a large corpus, at an unpredictable moment. Here segments are put in
tiers by size (powers of ten in documents) and only when ``MERGE_FACTOR``
segments share a tier are the smallest of them merged into one, so each
document is rewritten about once per tier (log-structured merging, as in
Lucene's LogMergePolicy), and small incremental commits merge cheaply.

This is a ``mergetype`` for ``writer.commit()``, Whoosh's classic API.
"""

from __future__ import annotations

import math
from collections import defaultdict

MERGE_FACTOR = 10


def tier(doc_count: int) -> int:
    """The size tier of a segment: 0 for up to 9 documents, 1 for 10-99, ...

    >>> tier(5), tier(10), tier(2000), tier(9999)
    (0, 1, 3, 3)
    """
    return int(math.log10(doc_count)) if doc_count > 0 else 0


def segments_to_merge(segments) -> list:
    """The segments to merge now: empty ones, and the smallest of the lowest full tier."""
    empty = [s for s in segments if s.doc_count() == 0]
    tiers = defaultdict(list)
    for segment in segments:
        if segment.doc_count():
            tiers[tier(segment.doc_count())].append(segment)
    for level in sorted(tiers):
        crowded = sorted(tiers[level], key=lambda s: s.doc_count())
        if len(crowded) >= MERGE_FACTOR:
            return empty + crowded[:MERGE_FACTOR]
    return empty


def merge_tiers(writer, segments):
    """Whoosh merge function: merge one crowded tier, keep every other segment."""
    from whoosh.reading import SegmentReader

    chosen = segments_to_merge(segments)
    for segment in chosen:
        with SegmentReader(writer.storage, writer.schema, segment) as reader:
            writer.add_reader(reader)
    return [s for s in segments if s not in chosen]


def merge_tiers_adding(segments: list):
    """A merge function for a commit that also lists ``segments``, finished elsewhere.

    Worker processes (:mod:`coopsearch.parallel`) write whole segments, which
    a commit adds as they are, after :func:`merge_tiers` has chosen what to
    merge among the segments already committed (as it would for a segment of
    the committing writer's own). With no such segments this is
    :func:`merge_tiers` itself.
    """
    if not segments:
        return merge_tiers
    added = list(segments)

    def merge_and_add(writer, committed):
        return merge_tiers(writer, committed) + added

    return merge_and_add
