"""Filters, facets, date sort and the entities command, through the command line."""

from __future__ import annotations

import json

import pytest
from conftest import indexed_cli

BAC_GIANG = "2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt"


def test_province_filter_returns_the_bac_giang_seed_with_date_and_entities(seeds_cli):
    hits = seeds_cli.json("query", "HTX", "--province", "Bắc Giang")
    assert len(hits) == 1 and hits[0]["path"].endswith(BAC_GIANG)
    assert hits[0]["date"] == "2022-03-22"
    assert hits[0]["provinces"] == ["Bắc Giang"]
    assert "Liên minh HTX tỉnh Bắc Giang" in hits[0]["organisations"]
    assert {"text": "950 HTX", "value": 950, "unit": "HTX", "kind": "count"} in hits[0][
        "figures"
    ]


def test_a_post_2025_province_reaches_the_provinces_merged_into_it(seeds_cli):
    result = seeds_cli("query", "HTX", "--province", "Bắc Ninh", "--json")
    assert json.loads(result.stdout.splitlines()[0])["path"].endswith(BAC_GIANG)
    assert "Bắc Ninh includes the former Bắc Giang (merged 2025)" in result.stderr
    assert seeds_cli("query", "HTX", "--province", "bac ninh", "--json").exit_code == 0


def test_unknown_province_is_one_sentence_and_exit_2(seeds_cli):
    result = seeds_cli("query", "HTX", "--province", "Atlantis")
    assert result.exit_code == 2
    assert "'Atlantis' is not a Vietnamese province" in result.stderr


def test_year_and_partial_date_ranges(seeds_cli):
    assert [
        h["date"] for h in seeds_cli.json("query", "HTX", "--year", "2021", "--sort", "date")
    ] == [
        "2021-02-26",
        "2021-01-22",
    ]
    dates = [
        h["date"] for h in seeds_cli.json("query", "HTX", "--since", "2020-11", "--until", "2021")
    ]
    assert sorted(dates) == ["2020-11-06", "2021-01-22", "2021-02-26"]
    assert seeds_cli("query", "HTX", "--since", "March").exit_code == 2


def test_sort_by_date_puts_the_newest_first(seeds_cli):
    dates = [h["date"] for h in seeds_cli.json("query", "HTX", "--sort", "date")]
    assert dates == sorted(dates, reverse=True)


def test_entity_filters_match_accented_or_not(seeds_cli):
    for spec in ("org:HTX chè Tân Hương", "org:che tan huong", "person:Đỗ Nhân Đạo"):
        assert len(seeds_cli.json("query", "HTX", "--entity", spec)) == 1, spec
    assert len(seeds_cli.json("query", "HTX", "--entity", "region:Tây Bắc")) == 1
    assert len(seeds_cli.json("query", "HTX", "--entity", "reference:461/QĐ-TTg")) == 1
    assert seeds_cli("query", "HTX", "--entity", "colour:red").exit_code == 2


def test_facets_count_over_all_matches_in_json_after_the_hits(seeds_cli):
    result = seeds_cli(
        "query",
        "kinh tế tập thể",
        "--facet",
        "province",
        "--facet",
        "year",
        "--limit",
        "1",
        "--json",
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert "rank" in lines[0] and len(lines) == 3
    assert lines[1] == {
        "facet": "province",
        "counts": {"Bắc Giang": 1, "Sơn La": 1, "Thái Nguyên": 1, "Yên Bái": 1, "Điện Biên": 1},
    }
    assert lines[2] == {"facet": "year", "counts": {"2021": 2, "2019": 1, "2020": 1, "2022": 1}}


def test_facets_in_plain_text(seeds_cli):
    result = seeds_cli("query", "kinh tế tập thể", "--facet", "year", "--format", "plain")
    assert "year:\n  2  2021\n  1  2019\n  1  2020\n  1  2022\n" in result.stdout


def test_entities_command_lists_the_most_frequent(seeds_cli):
    result = seeds_cli("entities", "--type", "org", "--limit", "2", "--json")
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"type": "org", "value": "Liên minh HTX Việt Nam", "count": 3},
        {"type": "org", "value": "UBND tỉnh", "count": 3},
    ]
    plain = seeds_cli("entities", "Tây Bắc", "--type", "province", "--format", "plain")
    assert plain.stdout == "province:\n  1  Sơn La\n  1  Yên Bái\n  1  Điện Biên\n\n"
    assert seeds_cli("entities", "khongcogi", "--type", "person").exit_code == 1


def test_undated_articles_are_counted_apart_in_the_year_facet(mini_cli):
    result = mini_cli("query", "Đồng", "--facet", "year", "--json")
    matches = int(mini_cli("query", "Đồng", "-c").stdout)
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "facet": "year",
        "counts": {"undated": matches},
    }


def test_a_repeated_year_means_any_of_those_years(seeds_cli):
    hits = seeds_cli.json("query", "HTX", "--year", "2019", "--year", "2020", "--sort", "date")
    assert [h["date"] for h in hits] == ["2020-11-06", "2019-01-22"]
    assert seeds_cli("query", "HTX", "--year", "2019", "--year", "2020", "-c").stdout == "2\n"
    both = seeds_cli("query", "HTX", "--year", "2020", "--year", "2020", "--year", "2022", "-c")
    assert both.stdout == "2\n"
    facet = seeds_cli(
        "query", "HTX", "--year", "2019", "--year", "2022", "--facet", "year", "--json"
    ).stdout.splitlines()[-1]
    assert json.loads(facet) == {"facet": "year", "counts": {"2019": 1, "2022": 1}}


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--since", "2022-13", "'2022-13' is not a date: there is no month 13"),
        ("--until", "2021-00", "'2021-00' is not a date: there is no month 0"),
        ("--since", "2021-02-29", "'2021-02-29' is not a date: 2021-02 has no day 29"),
        ("--until", "2021-04-31", "'2021-04-31' is not a date: 2021-04 has no day 31"),
        ("--since", "0000", "'0000' is not a date: there is no year 0"),
        ("--since", "2021/03", "'2021/03' is not a date like 2021, 2021-03 or 2021-03-05"),
        ("--year", "0", "'0' is not a year: write all four digits (2000?)"),
        ("--year", "17", "'17' is not a year: write all four digits (2017?)"),
        ("--year", "170", "'170' is not a year (1000 to 9999)"),
        ("--year", "2021-05", "'2021-05' is not a year (1000 to 9999); a month or a day goes to"),
    ],
)
def test_an_impossible_date_is_one_sentence_and_exit_2(seeds_cli, option, value, reason):
    for command in (("query", "HTX"), ("query", "HTX", "-c"), ("entities",)):
        result = seeds_cli(*command, option, value)
        assert result.exit_code == 2, (command, result.stdout)
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"coopsearch: error: Invalid value for '{option}': ")
        assert reason in result.stderr, result.stderr
    assert seeds_cli("query", "HTX", "-c").stdout == "5\n"  # nothing indexed was touched


def test_a_date_range_that_ends_before_it_starts_is_refused(seeds_cli):
    result = seeds_cli("query", "HTX", "--since", "2022", "--until", "2021-12")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "coopsearch: error: The date range 2022 to 2021-12 is empty: it starts after it ends.\n"
    )
    # a day inside the month that ends the range is not after it
    same_month = seeds_cli("query", "HTX", "--since", "2022-03-22", "--until", "2022-03", "-c")
    assert same_month.exit_code == 0 and same_month.stdout == "1\n"


def test_real_calendar_days_are_accepted(seeds_cli):
    assert seeds_cli("query", "HTX", "--since", "2024-02-29", "-c").exit_code == 1  # leap day
    assert seeds_cli("query", "HTX", "--until", "2022-03-31", "-c").stdout == "5\n"


def test_each_merger_note_is_printed_once(seeds_cli):
    note = "coopsearch: note: Bắc Ninh includes the former Bắc Giang (merged 2025)"
    runs = [
        seeds_cli("query", "HTX", "--province", "Bắc Ninh"),
        seeds_cli("query", "HTX", "--province", "Bắc Ninh", "--format", "rich"),
        seeds_cli("query", "HTX", "--province", "Bắc Ninh", "--json"),
        seeds_cli("query", "HTX", "--province", "Bắc Ninh", "-c"),
        seeds_cli("query", "HTX", "--province", "Bắc Ninh", "--province", "bac ninh", "-l"),
        seeds_cli("query", "--queries-from", "-", "--province", "Bắc Ninh", input="HTX\nOCOP\n"),
        seeds_cli("entities", "--province", "Bắc Ninh", "--entity", "province:Bac Ninh"),
    ]
    for result in runs:
        assert result.exit_code == 0, result.stderr
        assert result.stderr.count("Bắc Ninh includes") == 1, result.stderr
        assert note + "\n" in result.stderr


def test_filters_alone_browse_every_article_within_them_newest_first(seeds_cli):
    hits = seeds_cli.json("query", "--since", "2020-11")
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4
    assert all(h["score"] is None for h in hits)  # date order: no relevance to show
    assert seeds_cli("query", "--since", "2020-11", "-c").stdout.strip() == "4"
    exported = seeds_cli("export", "--since", "2020-11").stdout.splitlines()
    listed = seeds_cli("query", "--since", "2020-11", "-l").stdout.splitlines()
    assert sorted(listed) == sorted(json.loads(line)["path"] for line in exported)


def test_browsing_a_province_gives_its_facets_and_exit_1_when_empty(seeds_cli):
    result = seeds_cli("query", "--province", "Bắc Giang", "--facet", "org", "--json")
    facet = json.loads(result.stdout.splitlines()[-1])
    assert facet["facet"] == "org" and facet["counts"]["Liên minh HTX tỉnh Bắc Giang"] == 1
    assert seeds_cli("query", "--province", "Cà Mau", "-c").exit_code == 1


def test_a_query_with_no_words_and_no_filter_is_a_usage_error(seeds_cli):
    result = seeds_cli("query")
    assert result.exit_code == 2
    assert "give a QUERY, --queries-from FILE or a filter" in result.stderr


def test_hits_in_date_order_have_no_score(seeds_cli):
    assert {h["score"] for h in seeds_cli.json("query", "HTX", "--sort", "date")} == {None}
    assert all(h["score"] > 0 for h in seeds_cli.json("query", "HTX"))


def test_an_entity_filter_never_matches_across_two_names(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            "cuop.txt": "Bắt cướp\n\nPhòng CSGT Đường bộ phối hợp với Công an TP.HCM bắt cướp.",
            "bo-ca.txt": "Chỉ đạo\n\nBộ Công an chỉ đạo các địa phương.",
        },
    )
    found = cli("query", "--entity", "org:Bộ Công an", "-l")
    assert [line.rsplit("/", 1)[-1] for line in found.stdout.split()] == ["bo-ca.txt"]
    assert cli("query", "--entity", "org:Đường bộ Công an", "-c").stdout.strip() == "0"
