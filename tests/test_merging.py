"""The merge policy: segments merge by tiers, never all at once."""

from __future__ import annotations

from dataclasses import dataclass

from coopsearch.merging import MERGE_FACTOR, segments_to_merge


@dataclass(frozen=True)
class FakeSegment:
    docs: int
    name: str = ""

    def doc_count(self) -> int:
        return self.docs


def test_batches_below_the_merge_factor_are_left_alone():
    segments = [FakeSegment(5000, str(i)) for i in range(MERGE_FACTOR - 1)]
    assert segments_to_merge(segments) == []


def test_a_full_tier_merges_its_smallest_segments_only():
    batches = [FakeSegment(2000 + i, str(i)) for i in range(MERGE_FACTOR + 2)]
    big = FakeSegment(50_000, "big")
    chosen = segments_to_merge([big, *batches])
    assert chosen == batches[:MERGE_FACTOR]


def test_small_incremental_segments_merge_before_large_ones():
    small = [FakeSegment(3, f"s{i}") for i in range(MERGE_FACTOR)]
    large = [FakeSegment(3000, f"l{i}") for i in range(MERGE_FACTOR)]
    assert segments_to_merge(large + small) == small


def test_segments_whose_documents_were_all_deleted_are_dropped():
    gone = FakeSegment(0, "gone")
    assert segments_to_merge([FakeSegment(100), gone]) == [gone]
