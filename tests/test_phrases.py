"""The phrase matcher finds exactly what Whoosh's own phrase query finds, with the same scores."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import indexed_cli
from whoosh import query

from coopsearch import schema
from coopsearch.pairs import STALE, VOCABULARY_DIGEST, pair_vocabulary
from coopsearch.phrases import Phrase

PHRASES = [
    ("body", ["hợp", "tác", "xã"], 1),
    ("body", ["kinh", "tế", "tập", "thể"], 1),
    ("body_folded", ["bac", "giang"], 1),
    ("body", ["liên", "minh", "tỉnh"], 3),
    ("title", ["kinh", "tế"], 1),
    ("body", ["tỉnh", "tỉnh"], 5),
    ("body", ["không", "có", "từ", "này"], 1),
    ("body", ["hợp", "tác"], 1),  # one listed pair: the pair alone tells where it occurs
    ("body_folded", ["hop", "tac", "xa"], 1),
    ("body", ["tác", "xã", "nông"], 1),  # "xã nông" is no listed word's pair: positions decide
    ("body", ["xã", "tỉnh"], 1),
]


@pytest.mark.parametrize(("field", "words", "slop"), PHRASES)
def test_same_documents_and_scores_as_whoosh(seeds_whoosh_searcher, field, words, slop):
    ours = seeds_whoosh_searcher.search(Phrase(field, words, slop=slop), limit=None)
    whoosh = seeds_whoosh_searcher.search(query.Phrase(field, words, slop=slop), limit=None)
    assert [(h.docnum, round(h.score, 9)) for h in ours] == [
        (h.docnum, round(h.score, 9)) for h in whoosh
    ]


def test_skip_to_lands_on_the_next_document_holding_the_phrase(seeds_whoosh_searcher):
    matcher = Phrase("body", ["hợp", "tác", "xã"]).matcher(seeds_whoosh_searcher)
    found = list(seeds_whoosh_searcher.docs_for_query(query.Phrase("body", ["hợp", "tác", "xã"])))
    assert len(found) >= 2
    matcher.skip_to(found[1])
    assert matcher.id() == found[1]


def test_the_vocabulary_digest_follows_the_data_files():
    """An index records which vocabulary built its pairs; the constant must follow the lists."""
    listed = "\n".join(sorted(pair_vocabulary()["exact"])).encode("utf-8")
    assert hashlib.sha1(listed).hexdigest()[:16] == VOCABULARY_DIGEST


def test_pairs_indexed_are_side_by_side_pairs_of_listed_words(seeds_whoosh_searcher):
    reader = seeds_whoosh_searcher.reader()
    held = {term.decode("utf-8") for term in reader.lexicon(schema.PAIRS[schema.BODY])}
    assert {"hợp tác", "tác xã", "kinh tế", "tập thể"} <= held
    assert held <= pair_vocabulary()["exact"]
    folded = {term.decode("utf-8") for term in reader.lexicon(schema.PAIRS[schema.BODY_FOLDED])}
    assert "hop tac" in folded


ADJACENT = {
    "a.txt": "Hợp tác\n\nBà con hợp tác với nhau.",
    "b.txt": "Tin xã\n\nHợp đồng được ký, hai bên tác động lẫn nhau.",
    "c.txt": "Tác hợp\n\nHọ tác hợp cho đôi trẻ.",
    "d.txt": "Xuống dòng\n\nĐó là sự kết hợp tốt.\nTác phẩm mới ra đời.",
}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('"hợp tác"', ["a.txt"]),
        ('"hop tac"', ["a.txt"]),
        ('"tác hợp"', ["c.txt"]),
        ('"tác động"', ["b.txt"]),
    ],
)
def test_a_phrase_of_listed_words_matches_only_where_they_stand_side_by_side(
    tmp_path, typed, expected
):
    cli = indexed_cli(tmp_path, ADJACENT)
    listed = cli("query", typed, "-l", "--no-expand")
    assert sorted(Path(line).name for line in listed.stdout.split()) == expected


def test_an_index_from_another_vocabulary_is_searched_by_positions(seeds_whoosh_searcher):
    field = seeds_whoosh_searcher.schema[schema.PAIRS[schema.BODY]]
    words = ["hợp", "tác", "xã"]
    with_pairs = seeds_whoosh_searcher.search(Phrase("body", words), limit=None)
    field.vocabulary, kept = "another list", field.vocabulary
    try:
        assert not field.holds_pairs()
        by_positions = seeds_whoosh_searcher.search(Phrase("body", words), limit=None)
    finally:
        field.vocabulary = kept
    assert [(h.docnum, h.score) for h in by_positions] == [(h.docnum, h.score) for h in with_pairs]


def test_an_index_updated_under_another_vocabulary_stops_using_its_pairs(tmp_path):
    """Its pairs are complete for neither list: the update says so, and phrases read positions."""
    from whoosh import index

    cli = indexed_cli(tmp_path, ADJACENT)
    ix = index.open_dir(str(cli.index_dir))
    writer = ix.writer()
    writer.schema[schema.PAIRS[schema.BODY]].vocabulary = "an older list"
    writer.commit()  # as an index built by an earlier release would be
    (tmp_path / "c" / "e.txt").write_text("Mới\n\nHai bên hợp tác.", encoding="utf-8")
    updated = cli("index")
    assert updated.exit_code == 0, updated.stderr
    assert "--rebuild" in updated.stderr and "word list" in updated.stderr
    field = index.open_dir(str(cli.index_dir)).schema[schema.PAIRS[schema.BODY]]
    assert field.vocabulary == STALE and not field.holds_pairs()
    listed = cli("query", '"hợp tác"', "-l", "--no-expand")
    assert sorted(Path(line).name for line in listed.stdout.split()) == ["a.txt", "e.txt"]
    rebuilt = cli("index", "--rebuild")
    assert rebuilt.exit_code == 0 and "word list" not in rebuilt.stderr
    assert index.open_dir(str(cli.index_dir)).schema[schema.PAIRS[schema.BODY]].holds_pairs()


ACROSS_PUNCTUATION = {
    "coop.txt": "Hợp tác xã\n\nHợp tác xã Tân Hương mở rộng sản xuất.",
    "comma.txt": "Giáo dục\n\nTăng cường hợp tác, xã hội hóa công tác giáo dục.",
    "stop.txt": "Tập huấn\n\nĐẩy mạnh hợp tác. Xã viên được tập huấn.",
    "quote.txt": 'Trích dẫn\n\nÔng nói về "hợp tác." Xã viên vui mừng.',
    "wrapped.txt": "Xuống dòng\n\nMô hình hợp tác\nxã kiểu mới được nhân rộng.",
    "hyphen.txt": "Gạch nối\n\nMô hình Hợp-tác-xã được nhân rộng.",
    "paragraph.txt": "Đoạn văn\n\nBài học về hợp tác\n\nXã viên được tập huấn.",
}


@pytest.mark.parametrize("typed", ['"hợp tác xã"', '"hop tac xa"', "hợp tác xã", '"tác xã"'])
def test_a_phrase_never_reaches_across_a_clause_or_sentence_break(tmp_path, typed):
    """A comma or full stop before a space, or a blank line, parts words; a line break does not."""
    cli = indexed_cli(tmp_path, ACROSS_PUNCTUATION)
    listed = cli("query", typed, "-l", "--no-expand")
    assert sorted(Path(line).name for line in listed.stdout.split()) == [
        "coop.txt",
        "hyphen.txt",
        "wrapped.txt",
    ]
    counted = cli("query", typed, "-c", "--no-expand")
    assert counted.stdout == "3\n"


@pytest.mark.parametrize("typed", ['"hợp tác, xã hội"', "hợp tác, xã hội"])
def test_a_comma_typed_in_a_query_parts_its_words_as_in_the_text(tmp_path, typed):
    """The query is read by the index's rule: "hợp tác, xã hội" is two words, not "hợp tác xã"."""
    cli = indexed_cli(tmp_path, ACROSS_PUNCTUATION)
    listed = cli("query", typed, "-l", "--no-expand")
    assert sorted(Path(line).name for line in listed.stdout.split()) == ["comma.txt"]
