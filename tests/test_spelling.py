"""Spelling: what is corrected, what is not, and how every output says so."""

from __future__ import annotations

import json

import pytest
from conftest import indexed_cli

ARTICLES = {
    "buom.txt": "Vườn bướm Cúc Phương\n\nMùa này bướm bay khắp vườn quốc gia.",
    "buoi.txt": "Buổi họp HTX\n\nBuổi sáng, HTX họp bàn kế hoạch trồng cây.",
    "giang.txt": "HTX Bắc Giang\n\nHTX ở Bắc Giang trồng vải thiều.",
}


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    return indexed_cli(tmp_path_factory.mktemp("spelling"), ARTICLES)


def test_a_real_word_no_article_holds_is_not_a_typo(cli):
    result = cli("query", "bưởi")
    assert result.exit_code == 1 and result.stdout == ""
    assert "showing results" not in result.stderr and "did you mean" not in result.stderr


def test_a_word_with_wrong_marks_gets_the_marked_form_the_index_holds(cli):
    result = cli("query", "Bắc Gịang", "--json")
    assert result.exit_code == 0
    assert "showing results for 'Bắc Giang'" in result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits and all(hit["corrected_from"] == "Bắc Gịang" for hit in hits)


def test_an_uncorrected_hit_says_so_in_json(cli):
    (hit,) = cli.json("query", "Bắc Giang")
    assert hit["corrected_from"] is None


def test_count_and_paths_never_correct(cli):
    counted = cli("query", "Bắc Gịang", "-c")
    assert counted.stdout.strip() == "0" and counted.exit_code == 1
    assert "did you mean 'Bắc Giang'?" in counted.stderr
    listed = cli("query", "Bắc Gịang", "-l")
    assert listed.stdout == "" and listed.exit_code == 1


def test_lowercase_operators_are_never_corrected(cli):
    for word in ("and", "or", "not"):
        result = cli("query", f"HTX {word}")
        assert "showing results" not in result.stderr, word
        assert "did you mean" not in result.stderr, word


def test_a_word_the_index_holds_is_never_replaced(cli):
    result = cli("query", "bướm Bắc Giang")
    assert result.exit_code == 1
    assert "showing results" not in result.stderr


def test_a_correction_that_makes_a_word_with_its_neighbours_beats_a_commoner_one(tmp_path):
    articles = {f"xay{n}.txt": f"Hợp tác xây nhà {n}\n\nHai nhà hợp tác xây nhà." for n in range(3)}
    articles["htx.txt"] = "Hợp tác xã\n\nCác hợp tác xã họp."
    cli = indexed_cli(tmp_path, articles)
    assert cli("query", "hop tac xay", "-c").stdout == "3\n"  # "xay" is in more articles
    result = cli("query", "hop tac xaa", "-l")
    assert "'hop tac xa'" in result.stderr  # "hợp tác xã" is a word
