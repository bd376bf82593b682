"""`show`, `similar`, `stats`, `export`: output in each format and exit status."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import ARTICLE_KEYS, BAC_GIANG_SEED, BUNDLED, Cli, indexed_cli

BAC_GIANG_PATH = str(BUNDLED / BAC_GIANG_SEED)
BAC_GIANG_TITLE = (
    "Hội nghị tổng kết hoạt động thành viên năm 2021 – triển khai nhiệm vụ trọng tâm năm 2022"
)
# An article's JSON record, the same in show and export (and in query, without the body).
STORED_KEYS = ARTICLE_KEYS


@pytest.fixture(scope="module")
def bac_giang_id(seeds_cli) -> str:
    return seeds_cli.json("query", "OCOP Bắc Giang")[0]["id"]


# --- show --------------------------------------------------------------------


def test_show_finds_a_document_by_id_prefix_path_and_path_end(seeds_cli, bac_giang_id):
    stem = BAC_GIANG_SEED.removesuffix(".txt")  # a crawl's own ID is its file's name
    for ref in (bac_giang_id, bac_giang_id[:5], BAC_GIANG_PATH, BAC_GIANG_SEED, stem):
        record = json.loads(seeds_cli("show", ref, "--json").stdout)
        assert record["path"] == BAC_GIANG_PATH, ref


def test_show_plain_has_header_lines_a_blank_line_then_the_body(seeds_cli, bac_giang_id):
    result = seeds_cli("show", bac_giang_id)
    assert result.exit_code == 0 and "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        f"Title: {BAC_GIANG_TITLE}",
        f"ID: {bac_giang_id}",
        f"Path: {BAC_GIANG_PATH}",
        "Date: 2022-03-22",
        "Author: Nguyễn Thị Thúy",
        "Date precision: day",
        "Date source: stated",
        "Provinces: Bắc Giang",
    ]
    size = lines.index("Size: 9.5 KiB")
    assert lines[size + 1].startswith("Modified: ") and lines[size + 2] == ""
    assert lines[size + 3].startswith("Sáng ngày 22/3/2022, Liên minh HTX tỉnh Bắc Giang")


def test_show_json_has_every_stored_field_and_highlight_offsets(seeds_cli, bac_giang_id):
    result = seeds_cli("show", bac_giang_id, "--json", "--highlight", "Bắc Giang")
    record = json.loads(result.stdout)
    assert list(record) == [*STORED_KEYS, "highlights", "title_highlights"]
    assert record["title"] == BAC_GIANG_TITLE and record["year"] == 2022
    marked = {record["body"][s:e] for s, e in record["highlights"]}
    assert marked == {"Bắc Giang"}
    assert record["title_highlights"] == []


def test_show_rich_marks_the_highlighted_words(seeds_cli, bac_giang_id):
    result = seeds_cli(
        "show", bac_giang_id, "--format", "rich", "--color", "always", "--highlight", "OCOP"
    )
    assert "\x1b[1;30;43mOCOP\x1b[0m" in result.stdout
    assert result.stdout.count("\x1b[1;30;43m") == result.stdout.count("OCOP")


def test_show_unknown_document_is_one_sentence_and_exit_2(seeds_cli):
    result = seeds_cli("show", "nothing-like-this.txt")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "coopsearch: error: No document in the index has the ID or path 'nothing-like-this.txt'.\n"
    )


def test_show_and_similar_of_bytes_that_are_no_text_say_no_document(seeds_cli):
    # a shell passes "\xff\xfe" through as surrogates; that is no ID, not a damaged index
    for command in ("show", "similar"):
        result = seeds_cli(command, "ab\udcff\udcfe")
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == (
            "coopsearch: error: No document in the index has the ID or path 'ab\\xff\\xfe' "
            "(it is not valid text).\n"
        )


def test_show_ambiguous_path_end_names_the_candidates(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / "corpus" / folder).mkdir(parents=True)
        (tmp_path / "corpus" / folder / "same.txt").write_text(f"Tin {folder}\n\nNội dung.")
    run = Cli(tmp_path / "ix")
    run("index", str(tmp_path / "corpus"))
    result = run("show", "same.txt")
    assert result.exit_code == 2
    assert "'same.txt' names 2 documents" in result.stderr and "a/same.txt" in result.stderr
    assert json.loads(run("show", "a/same.txt", "--json").stdout)["title"] == "Tin a"


def test_a_file_name_that_is_also_an_id_prefix_is_ambiguous_not_the_wrong_article(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Tin a\n\nNội dung.")
    run = Cli(tmp_path / "ix")
    run("index", str(tmp_path / "corpus"))
    prefix = run.json("query", "Nội dung")[0]["id"][:6]
    (tmp_path / "corpus" / f"{prefix}.txt").write_text("Tin b\n\nNội dung khác.")
    run("index", str(tmp_path / "corpus"))
    result = run("show", prefix)
    assert result.exit_code == 2 and f"'{prefix}' names 2 documents" in result.stderr


def test_show_pages_through_pager_on_a_terminal(seeds_cli, bac_giang_id, monkeypatch):
    import click

    from coopsearch import render

    paged = []
    monkeypatch.setattr(render, "is_terminal", lambda stream: True)
    monkeypatch.setattr(click, "echo_via_pager", lambda text, **kw: paged.append(text))
    result = seeds_cli("show", bac_giang_id, "--format", "rich", "--color", "never")
    assert result.stdout == "" and len(paged) == 1
    assert paged[0].startswith("Hội nghị tổng kết") and "Sáng ngày 22/3/2022" in paged[0]
    paged.clear()
    no_pager = seeds_cli("show", bac_giang_id, "--format", "rich", "--no-pager")
    assert paged == [] and "Sáng ngày 22/3/2022" in no_pager.stdout


# --- similar -----------------------------------------------------------------


def test_similar_lists_the_other_articles_not_itself(seeds_cli, bac_giang_id):
    result = seeds_cli("similar", bac_giang_id, "--json")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0
    assert len(hits) == 4 and bac_giang_id not in {h["id"] for h in hits}
    assert [h["rank"] for h in hits] == [1, 2, 3, 4]
    assert all(h["snippet"] for h in hits)


def test_similar_accepts_limit_and_fields(seeds_cli):
    result = seeds_cli("similar", BAC_GIANG_SEED, "-n", "2", "--fields", "rank,path")
    assert [list(json.loads(line)) for line in result.stdout.splitlines()] == [["rank", "path"]] * 2


def test_similar_unknown_is_exit_2_and_nothing_similar_is_exit_1(seeds_cli, tmp_path):
    assert seeds_cli("similar", "ffffffffffff").exit_code == 2
    run = indexed_cli(
        tmp_path,
        {
            "htx.txt": "Hợp tác xã nông nghiệp\n\nHợp tác xã trồng lúa.",
            "other.txt": "Quantum chromodynamics\n\nGluons bind quarks.",
        },
    )
    result = run("similar", "other.txt")
    assert (result.exit_code, result.stdout) == (1, "")


# --- stats -------------------------------------------------------------------


def test_stats_json_describes_the_index(seeds_cli):
    figures = json.loads(seeds_cli("stats", "--json").stdout)
    assert list(figures) == [
        "index",
        "documents",
        "words",
        "terms",
        "folded_terms",
        "size_bytes",
        "created",
        "updated",
        "age_seconds",
        "folders",
        "years",
        "undated",
        "provinces",
        "schema_version",
    ]
    assert figures["documents"] == 5
    assert figures["folders"] == [{"folder": str(BUNDLED), "documents": 5, "exists": True}]
    assert figures["terms"] > figures["folded_terms"] > 100 and figures["size_bytes"] > 0
    assert sorted(y["year"] for y in figures["years"]) == [2019, 2020, 2021, 2022]


def test_stats_plain_is_label_value_lines(seeds_cli):
    lines = seeds_cli("stats").stdout.splitlines()
    assert lines[0] == f"Index: {seeds_cli.index_dir}"
    assert lines[1] == "Documents: 5"
    assert f"Folder: {BUNDLED} (5 articles)" in lines
    assert "Years: 2021 (2), 2019 (1), 2020 (1), 2022 (1)" in lines  # most documents first


# --- export ------------------------------------------------------------------


def test_export_writes_every_document_with_all_stored_fields(seeds_cli):
    result = seeds_cli("export")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and len(records) == 5
    assert all(list(r) == STORED_KEYS for r in records)
    assert sorted(r["path"] for r in records) == sorted(str(p) for p in BUNDLED.glob("*.txt"))


def test_export_of_a_query_writes_its_matches_best_first(seeds_cli):
    ranked = [h["id"] for h in seeds_cli.json("query", "Tây Bắc", "-n", "100")]
    exported = [
        json.loads(line)["id"] for line in seeds_cli("export", "Tây Bắc").stdout.splitlines()
    ]
    assert exported == ranked


def test_export_csv_has_a_header_and_reads_back(seeds_cli):
    result = seeds_cli("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == STORED_KEYS and len(rows) == 5
    bac_giang = next(r for r in rows if r["path"] == BAC_GIANG_PATH)
    assert bac_giang["body"].startswith("Sáng ngày 22/3/2022") and "\n" in bac_giang["body"]


def test_export_fields_and_nothing_found(seeds_cli):
    result = seeds_cli("export", "OCOP Bắc Giang", "--format", "csv", "--fields", "date,title")
    assert result.stdout == f"date,title\n2022-03-22,{BAC_GIANG_TITLE}\n"
    nothing = seeds_cli("export", "xyzzyplugh")
    assert (nothing.exit_code, nothing.stdout) == (1, "")
    assert seeds_cli("export", "--fields", "body,nope").exit_code == 2
    assert seeds_cli("export", "--format", "rich").exit_code == 2


def test_csv_of_a_query_that_finds_nothing_is_its_header_alone(seeds_cli):
    result = seeds_cli("query", "HTX", "--since", "2030", "--format", "csv", "--fields", "id,title")
    assert result.exit_code == 1
    assert result.stdout == "id,title\n"


def test_an_index_folder_that_cannot_be_made_is_one_sentence(tmp_path):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    run = Cli(tmp_path / "a-file" / "index")
    result = run("index", str(BUNDLED))
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("coopsearch: error: The index folder ")
    assert "cannot be created or opened (not a directory)" in result.stderr


def test_an_empty_query_is_refused_by_every_command_that_takes_one(seeds_cli):
    for command in ("query", "export", "trend", "figures", "entities"):
        result = seeds_cli(command, "")
        assert result.exit_code == 2, command
        assert "has no word to search for" in result.stderr, command
