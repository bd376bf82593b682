"""The indexer: first build, incremental updates, summary line, bad sources."""

from __future__ import annotations

import os

from conftest import BUNDLED


def test_first_build_indexes_every_article_and_prints_a_summary(fresh_cli, corpus_copy):
    result = fresh_cli("index", str(corpus_copy))
    assert result.exit_code == 0
    assert "added 5, updated 0, removed 0, unchanged 0, skipped 0" in result.stderr


def test_second_run_skips_unchanged_files(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    result = fresh_cli("index", str(corpus_copy))
    assert "added 0, updated 0, removed 0, unchanged 5, skipped 0" in result.stderr


def test_new_changed_and_deleted_files_are_added_updated_and_removed(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    thai_nguyen, tay_bac = sorted(corpus_copy.glob("*.txt"))[:2]
    thai_nguyen.unlink()
    tay_bac.write_text("Bài sửa lại\n\nNội dung mới về hợp tác xã chè Tân Cương.", encoding="utf-8")
    (corpus_copy / "new.txt").write_text(
        "Bài mới\n\nHợp tác xã rau sạch Mộc Châu.", encoding="utf-8"
    )
    result = fresh_cli("index", str(corpus_copy))
    assert "added 1, updated 1, removed 1, unchanged 3, skipped 0" in result.stderr
    assert fresh_cli.json("query", "Tân Cương")[0]["title"] == "Bài sửa lại"
    assert fresh_cli("query", '"HTX chè Tân Hương"').exit_code == 1  # only in the deleted article
    assert fresh_cli("query", '"Sunrise Palace"').exit_code == 1  # only in the old text


def test_touched_file_is_reindexed(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    target = sorted(corpus_copy.glob("*.txt"))[2]
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert "updated 1" in fresh_cli("index", str(corpus_copy)).stderr


def test_indexing_another_folder_keeps_the_first(fresh_cli, corpus_copy, mini_corpus):
    fresh_cli("index", str(corpus_copy))
    result = fresh_cli("index", str(mini_corpus))
    assert "removed 0" in result.stderr
    assert fresh_cli("query", "OCOP").exit_code == 0
    assert fresh_cli("query", "Đông Anh").exit_code == 0


def test_rebuild_starts_from_an_empty_index(fresh_cli, corpus_copy, mini_corpus):
    fresh_cli("index", str(corpus_copy))
    result = fresh_cli("index", "--rebuild", "--yes", str(mini_corpus))
    assert "added 5" in result.stderr
    assert fresh_cli("query", "OCOP").exit_code == 1


def test_missing_source_is_one_sentence_and_exit_2(fresh_cli, tmp_path):
    result = fresh_cli("index", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"coopsearch: error: {tmp_path / 'nowhere'} does not exist."
    assert not fresh_cli.index_dir.exists()  # a mistyped path never becomes a new index
    assert "There is no index" in fresh_cli("query", "OCOP").stderr


def test_files_that_cannot_be_read_are_skipped_with_a_reason(fresh_cli, corpus_copy):
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    result = fresh_cli("index", str(corpus_copy))
    assert result.exit_code == 0
    assert "added 5" in result.stderr and "skipped 2" in result.stderr
    assert f"skipped {corpus_copy / 'binary.txt'}: binary content" in result.stderr


def test_searching_reads_segments_without_mapping_the_index_into_memory(seeds_cli):
    """Whoosh copies each mmap'd sub-file of a compound segment (BytesIO(memoryview)),
    so a searcher opened through mmap holds the whole index in memory."""
    from coopsearch import store

    ix, searcher = store.open_searcher(seeds_cli.index_dir)
    try:
        assert ix.storage.supports_mmap is False
    finally:
        searcher.close()
        ix.close()


def test_indexing_reads_segments_without_mapping_them_into_memory(fresh_cli):
    """Merges read whole segments; through mmap Whoosh would copy each one."""
    from coopsearch import store

    assert fresh_cli("index", str(BUNDLED)).exit_code == 0
    ix = store.open_for_update(fresh_cli.index_dir)
    try:
        assert ix.storage.supports_mmap is False
    finally:
        ix.close()
