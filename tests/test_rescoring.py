"""Second-phase scoring gives the candidates the scores Whoosh itself would give them."""

from __future__ import annotations

import pytest
from whoosh import query

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
