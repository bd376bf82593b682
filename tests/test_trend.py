"""`coopsearch trend`: match-set counts per period, in every output mode."""

from __future__ import annotations

import json

import pytest
from conftest import indexed_cli

from coopsearch import charts
from coopsearch.trends import Series, Trend

# Dated by their opening line ("Ngày 05/06/2019"), one without any date.
ARTICLES = {
    "a.txt": "HTX chè Tân Cương\n\nNgày 05/03/2019, HTX chè Tân Cương ở Thái Nguyên họp.",
    "b.txt": "OCOP Bắc Giang\n\nNgày 12/04/2019, HTX vải thiều Bắc Giang có sản phẩm OCOP.",
    "c.txt": "HTX ở Sơn La\n\nNgày 20/11/2021, HTX cà phê Sơn La xuất khẩu.",
    "d.txt": "HTX kiểu mới\n\nNgày 02/01/2022, hợp tác xã kiểu mới ở Yên Bái ra đời.",
    "e.txt": "Sản phẩm OCOP\n\nNgày 15/01/2022, tỉnh Yên Bái có thêm sản phẩm OCOP của HTX.",
    "f.txt": "HTX không ngày\n\nHTX rau sạch ở Lâm Đồng bán hàng cho siêu thị.",
    # Metadata dates: one to the month, one to the year only.
    "g.jsonl": "\n".join(
        json.dumps(record, ensure_ascii=False)
        for record in (
            {"title": "HTX lúa", "body": "HTX lúa ở Thái Bình được mùa.", "date": "2022-01"},
            {"title": "HTX cá", "body": "HTX nuôi cá ở An Giang có lãi.", "date": "2021"},
        )
    ),
}


@pytest.fixture(scope="module")
def trend_cli(tmp_path_factory):
    return indexed_cli(tmp_path_factory.mktemp("trend"), ARTICLES)


def test_plain_columns_list_every_year_between_first_and_last_and_undated_apart(trend_cli):
    result = trend_cli("trend", "HTX")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "year     HTX\n2019       2\n2020       0\n2021       2\n2022       3\nundated    1\n"
    )


def test_several_queries_are_counted_side_by_side(trend_cli):
    result = trend_cli("trend", "HTX", "OCOP", "hợp tác xã kiểu mới")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "year     HTX  OCOP  hợp tác xã kiểu mới",
        "2019       2     1                    0",
        "2020       0     0                    0",
        "2021       2     0                    0",
        "2022       3     1                    1",
        "undated    1     0                    0",
    ]


@pytest.mark.parametrize(
    "text", ["HTX", "OCOP", 'HTX -"Sơn La"', "hợp tác xã", "HTX NOT OCOP", "sản phẩm OCOP"]
)
def test_each_year_counts_what_query_year_c_counts(trend_cli, text):
    rows = trend_cli.json("trend", text)
    counts = {row["period"]: row["count"] for row in rows}
    for period, count in counts.items():
        if period == "undated":
            continue
        expected = trend_cli("query", text, "--year", period, "-c").stdout.strip()
        assert count == int(expected), (text, period)
    assert sum(counts.values()) == int(trend_cli("query", text, "-c").stdout)


def test_json_lines_give_one_line_per_query_and_period(trend_cli):
    assert trend_cli.json("trend", "OCOP", "Sơn La") == [
        {"query": "OCOP", "period": "2019", "count": 1},
        {"query": "OCOP", "period": "2020", "count": 0},
        {"query": "OCOP", "period": "2021", "count": 0},
        {"query": "OCOP", "period": "2022", "count": 1},
        {"query": "OCOP", "period": "undated", "count": 0},
        {"query": "Sơn La", "period": "2019", "count": 0},
        {"query": "Sơn La", "period": "2020", "count": 0},
        {"query": "Sơn La", "period": "2021", "count": 1},
        {"query": "Sơn La", "period": "2022", "count": 0},
        {"query": "Sơn La", "period": "undated", "count": 0},
    ]


def test_csv_has_a_column_per_query(trend_cli):
    result = trend_cli("trend", "HTX", "=OCOP", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "period,HTX,'=OCOP",  # a header a spreadsheet would run as a formula is defused
        "2019,2,1",
        "2020,0,0",
        "2021,2,0",
        "2022,3,1",
        "undated,1,0",
    ]


def test_by_month_fills_the_months_between_and_counts_year_only_dates_apart(trend_cli):
    result = trend_cli("trend", "HTX", "--by", "month", "--year", "2021", "--year", "2022")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "month          HTX",
        "2021-11          1",
        "2021-12          0",
        "2022-01          3",
        "month unknown    1",
        "undated          0",
    ]


def test_the_terminal_draws_bars_at_a_fixed_width(trend_cli):
    result = trend_cli(
        "trend", "HTX", "OCOP", "--format", "rich", "--color", "never", env={"COLUMNS": "50"}
    )
    assert result.exit_code == 0, result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "year        HTX                  OCOP",
        "2019     2  ██████████▋       1  █████▎",
        "2020     0                    0",
        "2021     2  ██████████▋       0",
        "2022     3  ████████████████  1  █████▎",
        "undated  1                    0",
        "total    8                    2",
    ]


def test_a_small_count_still_shows_a_sliver_of_bar():
    trend = Trend("year", ("2020", "2021"), (Series("HTX", {"2020": 1, "2021": 900}),))
    text = rich_text(charts.trend_chart(trend, 40), 40)
    assert [line.rstrip() for line in text.splitlines()] == [
        "year          HTX",
        "2020       1  ▏",
        "2021     900  ██████████████████████████",
        "undated    0",
        "total    901",
    ]


def test_query_facet_year_on_a_terminal_uses_the_same_bars(trend_cli):
    result = trend_cli(
        "query",
        "HTX",
        "--facet",
        "year",
        "--format",
        "rich",
        "--color",
        "never",
        "--no-snippet",
        env={"COLUMNS": "40"},
    )
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    start = lines.index("year        articles")
    assert lines[start:] == [
        "year        articles",
        "2019     2  ██████████████████▋",
        "2020     0",
        "2021     2  ██████████████████▋",
        "2022     3  ████████████████████████████",
        "undated  1",  # counted apart, as by trend
        "",
    ]


def test_filters_and_any_accents_restrict_the_counts(trend_cli):
    assert trend_cli("trend", "HTX", "--province", "Yên Bái").stdout.splitlines() == [
        "year     HTX",
        "2022       2",
        "undated    0",
    ]
    assert trend_cli("trend", "HTX", "--until", "2019").stdout.splitlines()[1:] == [
        "2019       2",
        "undated    0",
    ]
    loose = trend_cli("trend", "sơn la", "--any-accents", "--json")
    assert sum(json.loads(line)["count"] for line in loose.stdout.splitlines()) == 1


def test_exit_status_is_1_when_nothing_matches_and_2_on_an_error(trend_cli):
    nothing = trend_cli("trend", "Cà Mau")
    assert nothing.exit_code == 1
    assert nothing.stdout.splitlines() == ["year     Cà Mau", "undated       0"]
    one_of_two = trend_cli("trend", "Cà Mau", "OCOP")
    assert one_of_two.exit_code == 0
    for args in (["trend", '""'], ["trend", "HTX", "--by", "week"], ["trend"]):
        result = trend_cli(*args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert result.stderr.startswith("coopsearch: error: ")
        assert len(result.stderr.strip().splitlines()) == 1


def test_query_text_reaches_the_terminal_without_control_characters(trend_cli):
    result = trend_cli("trend", "HTX \x1b[31m", "--format", "rich", "--color", "never")
    assert "\x1b" not in result.stdout
    assert "\x1b" not in trend_cli("trend", "HTX \x1b[31m").stdout


def rich_text(renderable, width: int) -> str:
    import io

    from coopsearch.render import make_console

    buffer = io.StringIO()
    make_console(buffer, "never", width=width).print(renderable)
    return buffer.getvalue()


def test_trend_has_help_with_an_example_and_keeps_the_cold_start_lean():
    import subprocess
    import sys

    from click.testing import CliRunner

    from coopsearch.cli import cli

    result = CliRunner().invoke(cli, ["trend", "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout
    code = (
        "import sys\nfrom coopsearch.cli import cli\n"
        "try:\n    cli.main(['trend', '--help'], prog_name='coopsearch')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'rich')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_missing_or_damaged_index_is_one_sentence_and_exit_2(tmp_path):
    from conftest import Cli

    missing = Cli(tmp_path / "none")("trend", "HTX")
    assert missing.exit_code == 2 and "There is no index in" in missing.stderr
    run = indexed_cli(tmp_path, {"a.txt": ARTICLES["a.txt"]})
    for toc in run.index_dir.glob("*.toc"):
        toc.write_bytes(b"garbage")
    damaged = run("trend", "HTX")
    assert damaged.exit_code == 2 and "--rebuild" in damaged.stderr
    assert damaged.stderr.count("\n") == 1


def test_counts_walk_the_match_set_when_whoosh_may_have_skipped_matches(trend_cli):
    """`query -c` counts every match, as `-l` lists them.

    A top-N Whoosh search drops the parts of an OR that cannot reach the top
    N and may then count only what it collected: on a 3,000-article sample of
    the crawl in three segments, `query HTX -c` said 57 where `-l` listed 146.
    """
    from coopsearch.search import Searcher

    with Searcher(trend_cli.index_dir) as searcher:
        for text in ("HTX", "OCOP", "HTX OR OCOP", 'HTX -"Sơn La"', "hợp tác xã"):
            wanted = searcher.bounded_query(text)
            every = len(set(searcher._searcher.docs_for_query(wanted)))
            assert searcher.count(text) == every, text
            lines = trend_cli("query", text, "-l").stdout.splitlines()
            assert int(trend_cli("query", text, "-c").stdout) >= len(lines), text


def test_no_expand_counts_the_abbreviation_only_as_typed(trend_cli):
    # The note that names the expansion offers --no-expand: trend must accept it.
    expanded = trend_cli("trend", "hợp tác xã")
    assert "--no-expand" in expanded.stderr
    assert trend_cli.json("trend", "hợp tác xã", "--no-expand") == [
        {"query": "hợp tác xã", "period": "2022", "count": 1},
        {"query": "hợp tác xã", "period": "undated", "count": 0},
    ]
    as_typed = trend_cli("query", "hợp tác xã", "--no-expand", "-c").stdout.strip()
    assert as_typed == "1"
