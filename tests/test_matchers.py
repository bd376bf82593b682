"""AllOf and Excluding find what Whoosh's And and AndNot should, with the same scores."""

from __future__ import annotations

import pytest
from conftest import indexed_cli
from whoosh import query

from coopsearch.matchers import AllOf, Excluding
from coopsearch.phrases import Phrase
from coopsearch.search import Searcher

CLAUSES = [
    [query.Term("body", "htx"), query.Term("body", "tỉnh")],
    [query.Term("body", "htx"), Phrase("body", ["bắc", "giang"]), query.Term("body", "năm")],
    [query.Term("body", "và"), query.Term("body", "của"), query.Term("title", "tổng")],
    [query.Term("body", "htx"), query.Term("body", "không-có-từ-này")],
]


@pytest.mark.parametrize("clauses", CLAUSES)
def test_all_of_matches_and_scores_as_whoosh_and(seeds_whoosh_searcher, clauses):
    ours = seeds_whoosh_searcher.search(AllOf(clauses), limit=None)
    whoosh = seeds_whoosh_searcher.search(query.And(clauses), limit=None)
    assert sorted((h.docnum, round(h.score, 9)) for h in ours) == sorted(
        (h.docnum, round(h.score, 9)) for h in whoosh
    )


def test_excluding_checks_the_first_document_too(tmp_path):
    """Regression: Whoosh's AndNot kept a document holding both sides when another
    document holding the excluded word came first."""
    from conftest import indexed_cli

    cli = indexed_cli(
        tmp_path, {"a.txt": "Tin khác\n\nGạo rẻ.", "b.txt": "Cà phê tăng giá\n\nGạo đắt."}
    )
    with Searcher(cli.index_dir) as opened:
        found = list(
            opened._searcher.docs_for_query(
                Excluding(query.Term("title", "phê"), query.Term("body", "gạo"))
            )
        )
    assert found == []


def test_bisecting_skip_to_lands_on_the_first_posting_at_or_after_the_target(tmp_path):
    """coopsearch.leafskip: the posting Whoosh's walk would reach, across many blocks."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    from coopsearch import leafskip, store

    articles = {
        f"{n:04}.txt": f"Bài {n}\n\n{'HTX nuôi ong' if n % 3 else 'Nông dân'} số {n}."
        for n in range(700)
    }
    cli = indexed_cli(tmp_path, articles)
    assert leafskip.install() and W3LeafMatcher.skip_to.__module__ == "coopsearch.leafskip"
    ix, searcher = store.open_searcher(cli.index_dir)
    try:
        reader = searcher.reader()
        every = list(reader.postings("body", "htx").all_ids())
        assert len(every) > 400  # several blocks of postings
        last = max(every)  # document numbers follow the order the indexing workers wrote in
        for target in [0, 1, 2, 3, 127, 128, 129, 300, 511, 512, last - 1, last]:
            matcher = reader.postings("body", "htx")
            matcher.skip_to(target)
            assert matcher.id() == next(d for d in every if d >= target), target
        matcher = reader.postings("body", "htx")
        for target in range(0, last + 1, 7):  # one matcher, moving forward
            matcher.skip_to(target)
            assert matcher.id() == next(d for d in every if d >= target), target
        matcher.skip_to(last + 1)
        assert not matcher.is_active()  # past the last posting
    finally:
        searcher.close()
        ix.close()


def test_field_lengths_read_whole_give_whooshs_own_lengths(seeds_whoosh_searcher):
    """coopsearch.fieldlengths: BM25's lengths, answered from a column read once."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
    from whoosh.util.numeric import byte_to_length

    from coopsearch import fieldlengths

    assert fieldlengths.install()
    assert W3PerDocReader.doc_field_length.__module__ == "coopsearch.fieldlengths"
    for reader in [r for r, _ in seeds_whoosh_searcher.reader().leaf_readers()]:
        perdoc = reader._perdoc
        for field in ("title", "body", "title_folded", "body_folded"):
            column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            for docnum in range(reader.doc_count_all()):
                stored = column[docnum]
                expected = byte_to_length(stored) if stored else None
                assert perdoc.doc_field_length(docnum, field) == expected, (field, docnum)
        assert perdoc.doc_field_length(0, "no_such_field", default=7) == 7


def test_block_headers_read_in_one_read_give_whooshs_objects_and_positions():
    """coopsearch.blockheaders: the same object, and the file left where Whoosh leaves it."""
    import io
    import pickle

    from whoosh.filedb.structfile import StructFile

    from coopsearch import blockheaders

    assert blockheaders.install()
    small = (128, 4096, 3.5, True, 12, 200)
    large = list(range(blockheaders.CHUNK))  # pickled, longer than one chunk
    data = b"head" + pickle.dumps(small, -1) + pickle.dumps(large, -1) + b"tail"
    stream = StructFile(io.BytesIO(data))
    stream.seek(4)
    assert stream.read_pickle() == small
    assert stream.read_pickle() == large
    assert stream.read(4) == b"tail"
