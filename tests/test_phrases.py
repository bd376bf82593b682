"""The phrase matcher finds exactly what Whoosh's own phrase query finds, with the same scores."""

from __future__ import annotations

import pytest
from whoosh import query

from coopsearch.phrases import Phrase

PHRASES = [
    ("body", ["hợp", "tác", "xã"], 1),
    ("body", ["kinh", "tế", "tập", "thể"], 1),
    ("body_folded", ["bac", "giang"], 1),
    ("body", ["liên", "minh", "tỉnh"], 3),
    ("title", ["kinh", "tế"], 1),
    ("body", ["tỉnh", "tỉnh"], 5),
    ("body", ["không", "có", "từ", "này"], 1),
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
