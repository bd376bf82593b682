"""Second-phase scoring gives the candidates the scores Whoosh itself would give them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import indexed_cli
from whoosh import query

from coopsearch.analysis import exact_form, folded_form
from coopsearch.rescoring import add_bonus_scores
from coopsearch.search import Searcher


@pytest.fixture
def whoosh_searcher(seeds_cli):
    with Searcher(seeds_cli.index_dir) as searcher:
        yield searcher._searcher


def test_word_bonuses_add_exactly_whooshs_bm25f_scores(whoosh_searcher):
    words = query.Or(
        [
            query.Term("body", "hợp", boost=2.0),
            query.Term("body_folded", "tac"),
            query.Term("title_folded", "htx", boost=3.0),
        ]
    )
    expected = {hit.docnum: hit.score for hit in whoosh_searcher.search(words, limit=None)}
    assert expected, "the seeds hold these words"
    got = add_bonus_scores(whoosh_searcher, {docnum: 0.0 for docnum in expected}, [words])
    assert got == pytest.approx(expected)


def test_phrase_bonus_goes_exactly_to_the_documents_whoosh_finds_the_phrase_in(whoosh_searcher):
    phrase = query.Phrase("body_folded", ["bac", "giang"])
    every = range(whoosh_searcher.doc_count_all())
    holding = {hit.docnum for hit in whoosh_searcher.search(phrase, limit=None)}
    got = add_bonus_scores(whoosh_searcher, {docnum: 0.0 for docnum in every}, [phrase])
    assert holding and {docnum for docnum, score in got.items() if score > 0} == holding


def test_a_word_shared_by_a_term_and_a_phrase_bonus_counts_for_both(whoosh_searcher):
    term = query.Term("body_folded", "giang")
    phrase = query.Phrase("body_folded", ["bac", "giang"])
    every = range(whoosh_searcher.doc_count_all())
    alone = add_bonus_scores(whoosh_searcher, {d: 0.0 for d in every}, [term])
    phrased = add_bonus_scores(whoosh_searcher, {d: 0.0 for d in every}, [phrase])
    both = add_bonus_scores(whoosh_searcher, {d: 0.0 for d in every}, [term, phrase])
    assert both == pytest.approx({d: alone[d] + phrased[d] for d in every})


def test_deferred_query_clauses_add_exactly_whooshs_scores_phrases_included(whoosh_searcher):
    clause = query.Or(
        [
            query.Phrase("body_folded", ["hop", "tac", "xa"], boost=0.9),
            query.Term("title_folded", "htx"),
        ]
    )
    expected = {hit.docnum: hit.score for hit in whoosh_searcher.search(clause, limit=None)}
    assert expected, "the seeds hold these words"
    got = add_bonus_scores(whoosh_searcher, {docnum: 0.0 for docnum in expected}, [], [clause])
    assert got == pytest.approx(expected)


def test_a_break_does_not_part_a_bonus_phrase_but_a_word_between_does(tmp_path):
    # A query is typed without the article's punctuation: "tấn công giết hại" stands as
    # typed in "tấn công, giết hại" (the comma leaves an empty position), not in "tấn công
    # rồi giết hại". The match set's phrase still stops at the comma.
    cli = indexed_cli(
        tmp_path,
        {
            "comma.txt": "Tin một\n\nHai vụ tấn công, giết hại người qua đường.\n",
            "word.txt": "Tin hai\n\nHai vụ tấn công rồi giết hại người qua đường.\n",
        },
    )
    with Searcher(cli.index_dir) as searcher:
        ws = searcher._searcher
        every = range(ws.doc_count_all())
        names = {docnum: Path(ws.stored_fields(docnum)["path"]).name for docnum in every}
        typed = ["tấn", "công", "giết", "hại"]
        for field in ("body", "body_folded"):
            words = [exact_form(s) if field == "body" else folded_form(s) for s in typed]
            bonus = query.Phrase(field, words)
            got = add_bonus_scores(ws, dict.fromkeys(names, 0.0), [bonus])
            assert {names[d] for d, score in got.items() if score > 0} == {"comma.txt"}
            assert not list(ws.search(bonus, limit=None)), "no phrase of the match set spans it"
