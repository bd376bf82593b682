"""The command-line contract: exit codes, streams, formats, first run, batch mode."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ARTICLE_KEYS, Cli

from coopsearch import paths
from coopsearch.cli import cli

JSON_KEYS = [
    "rank",
    "id",
    "path",
    "title",
    "date",
    "score",
    "snippet",
    "highlights",
    "title_highlights",
]
# The rest of the article's keys, as show and export give them (without the body).
METADATA_KEYS = [k for k in ARTICLE_KEYS if k not in ("id", "path", "title", "date", "body")]
# Keys of the match-set work, last: whether a hit holds every query word, and the spelling.
MATCH_KEYS = ["matched_all", "missing", "corrected_from"]


def test_exit_status_is_0_when_found_and_1_when_not(seeds_cli):
    assert seeds_cli("query", "HTX").exit_code == 0
    nothing = seeds_cli("query", "xyzzyplugh")
    assert nothing.exit_code == 1 and nothing.stdout == ""


def test_json_lines_have_stable_keys_and_no_colour(seeds_cli):
    result = seeds_cli("query", "HTX", "--json", "--color", "always")
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    for n, line in enumerate(lines, 1):
        record = json.loads(line)
        assert list(record) == JSON_KEYS + METADATA_KEYS + MATCH_KEYS
        assert record["rank"] == n
    assert "\x1b" not in result.stdout


def test_limit_and_offset_page_through_results(seeds_cli):
    all_ids = [h["id"] for h in seeds_cli.json("query", "HTX")]
    assert [h["id"] for h in seeds_cli.json("query", "HTX", "--limit", "2")] == all_ids[:2]
    page = seeds_cli.json("query", "HTX", "--limit", "2", "--offset", "2")
    assert [h["id"] for h in page] == all_ids[2:4] and page[0]["rank"] == 3


def test_a_page_past_the_last_result_is_empty_and_says_so(seeds_cli):
    result = seeds_cli("query", "HTX", "--offset", "20")
    assert result.exit_code == 0 and result.stdout == ""
    assert "this page is empty: 5 results, and --offset 20 skips past them." in result.stderr


def test_plain_output_in_a_pipe_has_no_escape_codes(seeds_cli):
    result = seeds_cli("query", "OCOP Bắc Giang")
    assert "\x1b" not in result.stdout
    first = result.stdout.splitlines()[0]
    assert first == (
        "1. Hội nghị tổng kết hoạt động thành viên năm 2021 – triển khai nhiệm vụ "
        "trọng tâm năm 2022 [2022-03-22]"
    )


def test_csv_format_has_a_header_and_one_row_per_hit(seeds_cli):
    lines = seeds_cli("query", "HTX", "--format", "csv").stdout.splitlines()
    assert lines[0] == "rank,id,path,title,date,date_source,score,snippet"
    assert len(lines) == 6


def test_batch_queries_from_stdin_tag_each_line_with_its_query(seeds_cli):
    result = seeds_cli(
        "query",
        "--queries-from",
        "-",
        "--json",
        "--limit",
        "1",
        input="OCOP Bắc Giang\n\nTây Bắc\nxyzzyplugh\n",
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["query"] for r in records] == ["OCOP Bắc Giang", "Tây Bắc"]
    assert result.exit_code == 0


def test_batch_with_nothing_found_exits_1(seeds_cli):
    assert seeds_cli("query", "--queries-from", "-", input="xyzzy\nplugh\n").exit_code == 1


def test_query_and_queries_from_together_is_a_usage_error(seeds_cli):
    assert seeds_cli("query", "HTX", "--queries-from", "-", input="x\n").exit_code == 2
    assert seeds_cli("query").exit_code == 2


def test_bad_option_value_is_exit_2(seeds_cli):
    assert seeds_cli("query", "HTX", "--limit", "0").exit_code == 2
    assert seeds_cli("query", "HTX", "--format", "xml").exit_code == 2


def test_missing_named_index_is_one_sentence_and_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["query", "HTX", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "There is no index in" in result.stderr and "coopsearch index" in result.stderr


def test_first_query_builds_the_default_index_from_the_bundled_corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "default_index", lambda: tmp_path / "auto")
    env = {"COOPSEARCH_INDEX": ""}
    result = CliRunner().invoke(cli, ["query", "OCOP Bắc Giang", "--json"], env=env)
    assert result.exit_code == 0
    assert "building it from the bundled corpus" in result.stderr
    assert "added 5" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["date"] == "2022-03-22"
    again = CliRunner().invoke(cli, ["query", "OCOP", "--json"], env=env)
    assert "building" not in again.stderr


def test_coopsearch_index_naming_no_index_is_the_same_error_as_the_option(tmp_path):
    typo = tmp_path / "idnex"
    by_env = CliRunner().invoke(cli, ["query", "HTX"], env={"COOPSEARCH_INDEX": str(typo)})
    by_option = CliRunner().invoke(cli, ["query", "HTX", "--index", str(typo)])
    assert by_env.exit_code == by_option.exit_code == 2
    assert by_env.stderr == by_option.stderr
    assert by_env.stderr.count("\n") == 1 and "There is no index in" in by_env.stderr
    assert "building" not in by_env.stderr and not typo.exists()
    # `index` itself still builds a new index where $COOPSEARCH_INDEX points
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hợp tác xã mới\n\nHTX chè ở Thái Nguyên.", encoding="utf-8")
    built = CliRunner().invoke(cli, ["index", str(corpus)], env={"COOPSEARCH_INDEX": str(typo)})
    assert built.exit_code == 0, built.stderr
    found = CliRunner().invoke(cli, ["query", "HTX", "-c"], env={"COOPSEARCH_INDEX": str(typo)})
    assert found.stdout == "1\n"


def test_index_option_is_accepted_before_the_command(seeds_cli):
    result = CliRunner().invoke(cli, ["--index", str(seeds_cli.index_dir), "query", "HTX"])
    assert result.exit_code == 0


def test_incompatible_index_version_asks_for_a_rebuild(tmp_path, corpus_copy):
    from conftest import Cli

    run = Cli(tmp_path / "ix")
    run("index", str(corpus_copy))
    meta_file = tmp_path / "ix" / "coopsearch.json"
    meta = json.loads(meta_file.read_text())
    meta["schema_version"] = -1
    meta_file.write_text(json.dumps(meta))
    result = run("query", "HTX")
    assert result.exit_code == 2
    assert "incompatible version" in result.stderr and "--rebuild" in result.stderr
    assert run("index", "--rebuild", str(corpus_copy)).exit_code == 0
    assert run("query", "HTX").exit_code == 0


def test_help_of_every_command_has_an_example():
    for command in ("index", "query"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout


def test_python_dash_m_runs_the_same_command_line():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "coopsearch", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("coopsearch, version ")


def test_count_or_files_with_a_facet_is_a_usage_error_not_a_silent_drop(seeds_cli):
    for flag in ("-c", "-l"):
        result = seeds_cli("query", "HTX", flag, "--facet", "year")
        assert result.exit_code == 2 and "--facet goes without them" in result.stderr


def test_a_short_id_prefix_says_how_long_a_prefix_must_be(seeds_cli):
    result = seeds_cli("show", "38a")
    assert result.exit_code == 2 and "needs 4 characters or more" in result.stderr


def test_a_query_argument_that_is_not_utf8_is_read_with_replacement_characters(seeds_cli):
    result = seeds_cli("query", "-c", "h\udce1p t\udcc4c HTX")
    assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    assert "Surrogate" not in result.stderr


def test_an_index_without_its_coopsearch_json_says_the_same_for_every_command(
    tmp_path, corpus_copy
):
    run = Cli(tmp_path / "ix")
    run("index", str(corpus_copy))
    (tmp_path / "ix" / "coopsearch.json").unlink()
    messages = {run(*args).stderr for args in (("query", "HTX"), ("stats",), ("index",))}
    assert len(messages) == 1 and "has no coopsearch.json; rebuild it with" in messages.pop()


def test_a_field_a_query_does_not_have_is_an_error_that_names_the_option(seeds_cli):
    result = seeds_cli("query", "date:2017", "-c")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "'date:' is not a field of a query" in result.stderr and "--year" in result.stderr
    assert seeds_cli("query", "province:Bắc Giang", "-c").exit_code == 2
    # the fields a query has, a clock time, a URL and a headline's colon are no such error
    assert seeds_cli("query", "title:HTX", "-c").exit_code == 0
    for typed in ("HTX 10:30", "http://baomoi.com HTX", "8 người tử vong:Tồn dư hóa chất"):
        assert seeds_cli("query", typed, "-c").exit_code in (0, 1), typed
