"""One JSON record for an article in every command; export as a research tool.

`query`, `similar`, `show` and `export` give an article with the same keys
and types (entities as arrays, `year` a number); `--fields` takes every key
the JSON holds and refuses any other before printing; `export` takes the
filters of `query`; CSV tables hold rows only; `-l` lists files a shell can
open.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ARTICLE_KEYS, Cli

ARTICLES = {
    "bac-giang-2021.txt": (
        "HTX vải thiều Lục Ngạn\n\nNgày 05/06/2021, ông Nguyễn Văn An, Chủ tịch Liên minh HTX "
        "tỉnh Bắc Giang, cho biết tỉnh có 950 HTX và 76,9% sản phẩm OCOP."
    ),
    "bac-giang-2022.txt": (
        "HTX gà đồi Yên Thế\n\nNgày 12/03/2022, các HTX ở Bắc Giang bán 120 tấn gà đồi."
    ),
    "son-la-2021.txt": (
        "HTX rau Mộc Châu\n\nNgày 20/09/2021, HTX rau sạch ở Sơn La ký hợp đồng với siêu thị."
    ),
    "undated.txt": "HTX nuôi cá\n\nCác HTX nuôi cá ở An Giang có lãi.",
}
JSONL_ARTICLES = [
    {"title": "HTX chè Tân Cương", "body": "HTX chè ở Thái Nguyên bán chè.", "date": "2020-04-02"},
    {"title": "HTX lúa Thái Bình", "body": "HTX lúa ở Thái Bình được mùa.", "date": "2023-10-10"},
]
ENTITY_KEYS = ["provinces", "regions", "organisations", "people", "references", "figures"]
RANK_KEYS = ["rank", "score", "snippet", "highlights", "title_highlights"]
MATCH_KEYS = ["matched_all", "missing", "corrected_from"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shape-corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = [json.dumps(record, ensure_ascii=False) for record in JSONL_ARTICLES]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cli(tmp_path_factory, corpus) -> Cli:
    run = Cli(tmp_path_factory.mktemp("shape-index"))
    result = run("index", str(corpus))
    assert result.exit_code == 0, result.stderr
    return run


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def refused(result) -> str:
    """The one-line error of a refused command line (nothing on stdout, exit 2)."""
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("coopsearch: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return result.stderr


# --- 5. one data shape -------------------------------------------------------


def test_query_similar_show_and_export_give_one_article_the_same_keys_and_values(cli, corpus):
    path = str(corpus / "bac-giang-2021.txt")
    exported = next(r for r in records(cli("export")) if r["path"] == path)
    shown = records(cli("show", path, "--json"))[0]
    hit = records(cli("query", "vải thiều", "--json"))[0]
    similar = next(
        r for r in records(cli("similar", "bac-giang-2022.txt", "--json")) if r["path"] == path
    )
    assert list(exported) == ARTICLE_KEYS
    assert list(shown) == [*ARTICLE_KEYS, "highlights", "title_highlights"]
    article_without_body = [k for k in ARTICLE_KEYS if k != "body"]
    for ranked in (hit, similar):
        assert [k for k in ranked if k not in RANK_KEYS + MATCH_KEYS] == article_without_body
        assert {k: ranked[k] for k in article_without_body} == {
            k: exported[k] for k in article_without_body
        }
    assert {k: shown[k] for k in ARTICLE_KEYS} == exported


def test_entities_are_json_arrays_and_objects_never_a_string(cli, corpus):
    shown = records(cli("show", "bac-giang-2021.txt", "--json"))[0]
    assert "entities" not in shown
    assert shown["provinces"] == ["Bắc Giang"]
    assert shown["people"] == [
        {"name": "Nguyễn Văn An", "role": "Chủ tịch Liên minh HTX tỉnh Bắc Giang"}
    ]
    assert {"text": "950 HTX", "value": 950, "unit": "HTX", "kind": "count"} in shown[
        "figures"
    ]
    for record in records(cli("export")):
        assert all(isinstance(record[k], list) for k in ENTITY_KEYS), record["path"]


def test_year_is_a_number_in_every_command(cli):
    assert records(cli("show", "bac-giang-2022.txt", "--json"))[0]["year"] == 2022
    assert records(cli("query", "gà đồi", "--fields", "year"))[0]["year"] == 2022
    similar = [r["year"] for r in records(cli("similar", "bac-giang-2021.txt", "--fields", "year"))]
    assert 2022 in similar and all(year is None or isinstance(year, int) for year in similar)
    exported = {r["path"].rsplit("/", 1)[1]: r["year"] for r in records(cli("export"))}
    assert exported["bac-giang-2022.txt"] == 2022 and exported["undated.txt"] is None
    years = records(cli("stats", "--json"))[0]["years"]
    assert sorted(y["year"] for y in years) == [2020, 2021, 2022, 2023]
    assert {y["year"]: y["documents"] for y in years}[2021] == 2


def test_fields_takes_every_key_the_json_prints(cli):
    for command in (("query", "HTX"), ("similar", "bac-giang-2021.txt"), ("export",)):
        printed = list(records(cli(*command, "--json"))[0])
        for key in printed:
            chosen = records(cli(*command, "--fields", key))
            assert chosen and all(list(r) == [key] for r in chosen), (command, key)


def test_fields_naming_no_key_is_refused(cli):
    for given in ("", " , "):
        result = cli("query", "HTX", "--format", "csv", "--fields", given)
        assert result.exit_code == 2 and result.stdout == ""
        assert "--fields names no key" in result.stderr


def test_query_fields_take_entities_provinces_and_the_full_text(cli):
    chosen = records(cli("query", "vải thiều", "--fields", "rank,entities,year"))
    assert [list(r) for r in chosen] == [["rank", *ENTITY_KEYS, "year"]]
    exported = records(cli("export", "vải thiều", "--fields", "entities"))
    assert {k: chosen[0][k] for k in ENTITY_KEYS} == exported[0]
    assert chosen[0]["people"] == [
        {"name": "Nguyễn Văn An", "role": "Chủ tịch Liên minh HTX tỉnh Bắc Giang"}
    ]
    assert records(cli("query", "gà đồi", "--fields", "rank,provinces")) == [
        {"rank": 1, "provinces": ["Bắc Giang"]}
    ]
    body = records(cli("query", "gà đồi", "--fields", "body"))[0]["body"]
    assert body == records(cli("show", "bac-giang-2022.txt", "--json"))[0]["body"]
    assert body == ARTICLES["bac-giang-2022.txt"].split("\n\n", 1)[1]


def test_query_key_goes_with_queries_from_where_fields_puts_it(cli):
    result = cli(
        "query", "--queries-from", "-", "--fields", "rank,query,title", input="gà đồi\nchè\n"
    )
    assert records(result) == [
        {"rank": 1, "query": "gà đồi", "title": "HTX gà đồi Yên Thế"},
        {"rank": 1, "query": "chè", "title": "HTX chè Tân Cương"},
    ]
    table = cli(
        "query", "--queries-from", "-", "--fields", "rank,title", "--format", "csv", input="chè\n"
    )
    assert table.stdout == "query,rank,title\nchè,1,HTX chè Tân Cương\n"


def test_csv_cells_of_people_and_figures_read_as_written(cli):
    result = cli("export", "vải thiều", "--format", "csv", "--fields", "people,figures,year")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [
        {
            "people": "Nguyễn Văn An (Chủ tịch Liên minh HTX tỉnh Bắc Giang)",
            "figures": "950 HTX; 76,9%",
            "year": "2021",
        }
    ]


@pytest.mark.parametrize(
    "command",
    [
        ("query", "HTX", "--fields", "rank,entities,colour"),
        ("query", "HTX", "--format", "csv", "--fields", "rank,nope"),
        ("similar", "bac-giang-2021.txt", "--fields", "rank,query"),
        ("export", "--fields", "id,rank"),
        ("export", "HTX", "--format", "csv", "--fields", "title,entity"),
    ],
)
def test_an_unknown_field_is_refused_before_anything_is_printed(cli, command):
    message = refused(cli(*command))
    unknown = command[-1].split(",")[-1]
    assert f"'{unknown}' is not a key of {command[0]}'s output; --fields takes " in message


# --- 6. export, a research tool ---------------------------------------------


def exported_names(cli, *options) -> list[str]:
    result = cli("export", *options, "--fields", "path")
    return [Path(r["path"]).name for r in records(result)] if result.stdout else []


def queried_names(cli, *options) -> list[str]:
    every = () if "--limit" in options else ("--limit", "100")
    result = cli("query", *options, *every, "--fields", "path", "--no-correct")
    return [Path(r["path"]).name for r in records(result)] if result.stdout else []


@pytest.mark.parametrize(
    "filters",
    [
        ("--province", "Bắc Giang"),
        ("--province", "Bắc Ninh"),  # after the 2025 mergers, Bắc Giang is part of it
        ("--year", "2021"),
        ("--since", "2021-07", "--until", "2022"),
        ("--entity", "person:Nguyễn Văn An"),
        ("--sort", "date"),
        ("--sort", "date", "--limit", "2"),
        ("--province", "Bắc Giang", "--sort", "date", "--limit", "1"),
    ],
)
def test_export_takes_the_filters_of_query_and_writes_the_same_articles(cli, filters):
    exported = exported_names(cli, "HTX", *filters)
    assert exported, filters
    assert exported == queried_names(cli, "HTX", *filters)


def test_export_filters_without_a_query_and_sorts_by_date(cli):
    assert sorted(exported_names(cli, "--year", "2021")) == [
        "bac-giang-2021.txt",
        "son-la-2021.txt",
    ]
    by_date = records(cli("export", "--sort", "date", "--fields", "date"))
    assert [r["date"] for r in by_date] == [
        "2023-10-10",
        "2022-03-12",
        "2021-09-20",
        "2021-06-05",
        "2020-04-02",
        None,  # undated last
    ]
    assert len(records(cli("export", "--limit", "3"))) == 3
    nothing = cli("export", "--year", "1999")
    assert (nothing.exit_code, nothing.stdout) == (1, "")


def test_export_of_the_2021_articles_about_bac_giang_has_their_full_text(cli):
    result = cli("export", "--province", "Bắc Giang", "--year", "2021", "--fields", "title,body")
    assert records(result) == [
        {
            "title": "HTX vải thiều Lục Ngạn",
            "body": ARTICLES["bac-giang-2021.txt"].split("\n\n", 1)[1],
        }
    ]


def test_export_says_what_a_merged_province_includes_on_stderr(cli):
    result = cli("export", "--province", "Bắc Ninh", "--fields", "path")
    assert "Bắc Ninh includes the former Bắc Giang" in result.stderr
    assert all("bac-giang" in r["path"] for r in records(result))


@pytest.mark.parametrize(
    "options",
    [
        ("--province", "Atlantis"),
        ("--entity", "colour:red"),
        ("--sort", "size"),
        ("--limit", "0"),
    ],
)
def test_export_refuses_bad_filters_in_one_sentence(cli, options):
    refused(cli("export", "HTX", *options))


def test_csv_with_facets_holds_the_table_only_and_counts_go_to_stderr(cli):
    result = cli("query", "HTX", "--format", "csv", "--fields", "rank,year", "--facet", "year")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["rank", "year"] and len(rows) == 1 + 6
    assert all(row[0].isdigit() for row in rows[1:])
    assert "year:\n  2  2021\n" in result.stderr
    assert "facet" not in result.stdout


def test_files_with_matches_lists_a_jsonl_file_once_by_its_file(cli, corpus):
    listed = cli("query", "HTX", "-l").stdout.splitlines()
    assert sorted(listed) == sorted(str(p) for p in corpus.iterdir())
    assert all(Path(p).is_file() for p in listed)
    assert cli("query", "HTX", "-l0").stdout.split("\0")[:-1] == listed
    jsonl = cli("query", "HTX Thái", "-l").stdout
    assert jsonl == f"{corpus / 'news.jsonl'}\n"
    lines = records(cli("query", "HTX Thái", "--fields", "path,source"))
    assert sorted(r["path"] for r in lines) == [
        f"{corpus / 'news.jsonl'}#L1",
        f"{corpus / 'news.jsonl'}#L2",
    ]
    assert {r["source"] for r in lines} == {str(corpus / "news.jsonl")}
