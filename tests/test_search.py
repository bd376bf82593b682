"""Ranked search through the real CLI: the issue's 'done when' list, one test each."""

from __future__ import annotations

import unicodedata

from conftest import BAC_GIANG_SEED, indexed_cli


def first_path(cli, *query: str) -> str:
    hits = cli.json("query", *query)
    assert hits, f"no hits for {query}"
    return hits[0]["path"]


def titles(cli, *query: str) -> list[str]:
    return [hit["path"].rsplit("/", 1)[-1] for hit in cli.json("query", *query)]


def test_ocop_bac_giang_lists_the_bac_giang_article_first_with_both_highlighted(seeds_cli):
    top = seeds_cli.json("query", "OCOP Bắc Giang")[0]
    assert top["path"].endswith(BAC_GIANG_SEED)
    marked = {top["snippet"][start:end] for start, end in top["highlights"]}
    assert "OCOP" in marked and "Bắc Giang" in marked


def test_unaccented_nfd_and_long_form_queries_give_the_same_first_result(seeds_cli):
    expected = first_path(seeds_cli, "OCOP Bắc Giang")
    assert first_path(seeds_cli, "ocop bac giang") == expected
    assert first_path(seeds_cli, unicodedata.normalize("NFD", "OCOP Bắc Giang")) == expected
    assert first_path(seeds_cli, "hop tac xa Bac Giang") == expected


def test_abbreviation_finds_the_long_form_and_the_reverse(mini_cli):
    assert "only-long-form.txt" in titles(mini_cli, "HTX")
    assert "only-abbreviation.txt" in titles(mini_cli, "hợp tác xã")
    assert "only-abbreviation.txt" in titles(mini_cli, "hop tac xa")


def test_unaccented_dong_finds_both_dong_and_dong_with_marks(mini_cli):
    found = titles(mini_cli, "dong")
    assert "dong-thap.txt" in found and "dong-anh.txt" in found


def test_accented_dong_matches_only_the_word_as_written(mini_cli):
    assert "dong-anh.txt" not in titles(mini_cli, "Đồng")
    assert "dong-thap.txt" in titles(mini_cli, "Đồng")
    assert "dong-thap.txt" not in titles(mini_cli, "Đông")
    assert "dong-anh.txt" in titles(mini_cli, "Đông")


def test_any_accents_matches_accented_words_loosely(mini_cli):
    found = titles(mini_cli, "Đồng", "--any-accents")
    assert "dong-thap.txt" in found and "dong-anh.txt" in found


def test_paths_only_follow_the_ranked_order(mini_cli):
    paths = mini_cli("query", "Đồng", "-l").stdout.splitlines()
    assert paths == [hit["path"] for hit in mini_cli.json("query", "Đồng")]


def test_old_tone_style_in_documents_matches_new_style_queries_exactly(mini_cli):
    assert titles(mini_cli, "thủy lợi Khánh Hòa")[0] == "old-tones.txt"
    assert titles(mini_cli, "thuỷ lợi Khánh Hoà")[0] == "old-tones.txt"


def test_adjacent_syllables_rank_above_scattered_ones(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            "together.txt": "Tin tức\n\nNông dân ở Bắc Giang thu hoạch vải.",
            "apart.txt": "Tin tức\n\nGió bắc thổi qua sông, bên kia giang.",
        },
    )
    assert titles(cli, "bac giang")[0] == "together.txt"


RUSH_HOUR = "Sáng nay nhiều tuyến đường ở Sài Gòn kẹt cứng"


def saigon_fillers(bus_every_other: bool = False) -> dict[str, str]:
    """130 articles holding "Sài Gòn" more often than the rush-hour article, and the
    query's common words in their bodies; every other one mentions buses if asked."""
    return {
        f"filler-{n:03d}.txt": f"Sài Gòn Sài Gòn số {n}\n\nSài Gòn cũng có nhiều đường, "
        f"Sài Gòn năm nay kết nối.{' Xe buýt chạy.' if bus_every_other and n % 2 else ''}"
        for n in range(130)
    }


def test_a_title_holding_a_long_querys_common_words_is_found_first(tmp_path):
    """Most words of this query are in most articles once folded ("cung" is cũng, cùng,
    cứng...), so they are too common to pick candidates by their body matches; the
    article whose title holds them all must still come first, ahead of 130 articles
    that hold the two rarer words ("Sài Gòn") more often."""
    articles = {**saigon_fillers(), "target.txt": f"{RUSH_HOUR}\n\nXe cộ đông đúc."}
    cli = indexed_cli(tmp_path, articles)
    assert titles(cli, RUSH_HOUR)[0] == "target.txt"
    assert titles(cli, "sang nay nhieu tuyen duong o sai gon ket cung")[0] == "target.txt"


def test_a_mistyped_word_does_not_hide_the_article_of_a_long_query(tmp_path):
    cli = indexed_cli(tmp_path, {**saigon_fillers(), "target.txt": f"{RUSH_HOUR}\n\nXe."})
    assert titles(cli, "Sáng nay nhiều tuyếnn đường ở Sài Gòn kẹt cứng")[0] == "target.txt"


def test_three_query_words_in_a_row_rank_above_the_same_words_in_pairs(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            "a-pairs.txt": "Tin chợ\n\nGiá lợn tăng mạnh, lợn hơi giảm mạnh.",
            "b-in-a-row.txt": "Tin chợ\n\nGiá lợn hơi tăng mạnh, lợn con giảm.",
        },
    )
    assert titles(cli, "giá lợn hơi")[0] == "b-in-a-row.txt"


def test_not_still_excludes_in_a_long_query_that_needs_only_some_words(tmp_path):
    """A long query is an OR; its NOT clause must stay a filter even though the
    excluded word is common enough to be left to the second phase otherwise."""
    articles = {**saigon_fillers(bus_every_other=True), "target.txt": f"{RUSH_HOUR}\n\nXe."}
    cli = indexed_cli(tmp_path, articles)
    query = "sáng nay nhiều tuyến đường ở Sài Gòn"
    assert titles(cli, query)[0] == "target.txt"
    without_bus = titles(cli, f"{query} NOT xe", "-n", "200")
    assert len(without_bus) == 65 and "target.txt" not in without_bus


def test_a_repeated_word_keeps_its_place_in_the_adjacency_bonuses(seeds_cli):
    from coopsearch.querybuild import build_query

    phrases = {
        tuple(leaf.words)
        for bonus in build_query("giá lợn hơi giá lợn con").bonuses
        for leaf in bonus.leaves()
        if hasattr(leaf, "words")
    }
    assert ("giá", "lợn", "hơi") in phrases and ("lợn", "hơi", "giá") in phrases
    assert ("giá", "lợn") in phrases and ("lợn", "con") in phrases
    assert ("hơi", "con") not in phrases


def test_title_matches_weigh_more_than_body_matches(seeds_cli):
    assert titles(seeds_cli, "Tây Bắc")[0].startswith("2020-11-06")


def test_query_syntax_phrase_not_or_title_and_prefix(seeds_cli):
    assert titles(seeds_cli, '"Liên minh HTX tỉnh Yên Bái"') == [
        "2020-11-06-giao-ban-cum-thi-dua-lien-minh-htx-tay-bac.txt"
    ]
    assert not any("tay-bac" in t for t in titles(seeds_cli, "HTX NOT Yên"))
    assert len(titles(seeds_cli, "OCOP OR Yên")) == 2
    assert titles(seeds_cli, "title:OCOP") == []
    assert len(titles(seeds_cli, "title:Tây")) == 1
    assert len(titles(seeds_cli, "Thái*")) >= 1


def test_unreadable_syntax_falls_back_to_plain_words(seeds_cli):
    for text in ['"Bắc Giang', "(OCOP", "OCOP AND", "OCOP OR", "OCOP NOT", "title:OCOP)))"]:
        result = seeds_cli("query", text)
        assert result.exit_code in (0, 1), (text, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_repaired_query_says_what_was_left_out_in_every_mode(seeds_cli):
    for mode in ((), ("-c",), ("-l",), ("--json",)):
        result = seeds_cli("query", "OCOP OR", *mode)
        assert result.exit_code == 0
        assert "'OR' has nothing after it; it was left out." in result.stderr


def test_a_query_of_syntax_only_is_one_sentence_and_status_2(seeds_cli):
    for text in ['""', "NOT", "OR", "()", "title:", "-"]:
        result = seeds_cli("query", text)
        assert result.exit_code == 2, text
        assert result.stderr.count("\n") == 1 and "no word to search for" in result.stderr


def test_snippet_keeps_original_accents_and_offsets_are_characters(seeds_cli):
    for hit in seeds_cli.json("query", "bac giang"):
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower() in {"bắc giang", "bắc", "giang"}
