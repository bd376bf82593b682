"""`query` for scripts: -l, -c, --fields, formats, did-you-mean, one-line usage errors."""

from __future__ import annotations

import csv
import io
import json

from conftest import BAC_GIANG_SEED, BUNDLED, indexed_cli

SEED_PATHS = sorted(str(p) for p in BUNDLED.glob("*.txt"))


def test_files_with_matches_prints_every_matching_path_once_per_line(seeds_cli):
    result = seeds_cli("query", "HTX", "-l", "-n", "100")
    assert result.exit_code == 0
    assert sorted(result.stdout.splitlines()) == SEED_PATHS
    # every match, not the first page: the default --limit does not apply to -l
    assert sorted(seeds_cli("query", "HTX", "-l").stdout.splitlines()) == SEED_PATHS


def test_files_with_matches_follows_rank_order_limit_and_offset(seeds_cli):
    ranked = [h["path"] for h in seeds_cli.json("query", "HTX")]
    assert seeds_cli("query", "HTX", "-l").stdout.splitlines() == ranked
    page = seeds_cli("query", "HTX", "--files-with-matches", "--limit", "2", "--offset", "1")
    assert page.stdout.splitlines() == ranked[1:3]


def test_files_with_matches_finds_nothing_with_exit_1(seeds_cli):
    result = seeds_cli("query", "xyzzyplugh", "-l")
    assert (result.exit_code, result.stdout) == (1, "")


def test_count_is_zero_when_the_filters_allow_no_article(seeds_cli):
    nothing = seeds_cli("query", "Bắc Giang", "-c", "--year", "1999")
    assert (nothing.exit_code, nothing.stdout) == (1, "0\n")


def test_count_prints_the_number_of_matches_only(seeds_cli):
    assert seeds_cli("query", "HTX", "-c").stdout == "5\n"
    assert seeds_cli("query", "OCOP Bắc Giang", "--count").stdout == "1\n"
    nothing = seeds_cli("query", "xyzzyplugh", "-c")
    assert (nothing.exit_code, nothing.stdout) == (1, "0\n")


def test_count_in_batch_mode_prints_query_and_count(seeds_cli):
    result = seeds_cli("query", "--queries-from", "-", "-c", input="HTX\nxyzzyplugh\n")
    assert result.stdout == "HTX\t5\nxyzzyplugh\t0\n"
    assert result.exit_code == 0


def test_a_queries_file_in_utf16_is_read_and_one_not_text_is_refused(seeds_cli, tmp_path):
    utf16 = tmp_path / "queries.txt"
    utf16.write_bytes("HTX\nOCOP Bắc Giang\n".encode("utf-16"))  # as Windows Notepad saves
    result = seeds_cli("query", "--queries-from", str(utf16), "-c")
    assert (result.exit_code, result.stdout) == (0, "HTX\t5\nOCOP Bắc Giang\t1\n")
    stray = tmp_path / "stray.txt"
    stray.write_bytes("hợp tác xã\n".encode() + b"\xff\n")  # one stray byte
    assert seeds_cli("query", "--queries-from", str(stray), "-c").stdout.startswith(
        "hợp tác xã\t5\n"
    )
    stray.write_bytes("hợp tác xã\n".encode() + b"\xff\xfe\n")  # a byte-order mark mid-file
    assert seeds_cli("query", "--queries-from", str(stray), "-c").stdout == "hợp tác xã\t5\n"
    binary = tmp_path / "binary.bin"
    binary.write_bytes(b"\x00\x01\x02HTX")
    refused = seeds_cli("query", "--queries-from", str(binary), "-c")
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "is not text" in refused.stderr and "Traceback" not in refused.stderr


def test_fields_choose_json_keys_in_order_and_imply_json(seeds_cli):
    result = seeds_cli("query", "OCOP Bắc Giang", "--fields", "title,rank,date")
    assert json.loads(result.stdout) == {
        "title": "Hội nghị tổng kết hoạt động thành viên năm 2021 – triển khai "
        "nhiệm vụ trọng tâm năm 2022",
        "rank": 1,
        "date": "2022-03-22",
    }
    assert list(json.loads(result.stdout)) == ["title", "rank", "date"]


def test_fields_choose_csv_columns(seeds_cli):
    result = seeds_cli("query", "HTX", "--format", "csv", "--fields", "rank,path")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["rank", "path"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert sorted(r[1] for r in rows[1:]) == SEED_PATHS


def test_csv_rows_compose_with_sort(seeds_cli):
    """Each hit is one CSV line (snippets are one line), so `sort`/`cut` work."""
    result = seeds_cli("query", "HTX", "--format", "csv")
    lines = result.stdout.splitlines()
    assert len(lines) == 6 and lines[0] == "rank,id,path,title,date,date_source,score,snippet"


def test_unknown_field_is_one_line_and_exit_2(seeds_cli):
    result = seeds_cli("query", "HTX", "--fields", "rank,colour")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "coopsearch: error: 'colour' is not a key of query's output; --fields takes query, rank,"
    )
    assert result.stdout == "" and result.stderr.count("\n") == 1


def test_usage_errors_are_one_line_with_a_pointer_to_help(seeds_cli):
    result = seeds_cli("query", "HTX", "--limit", "0")
    assert result.exit_code == 2
    assert result.stderr == (
        "coopsearch: error: Invalid value for '-n' / '--limit': 0 is not in the range "
        "1<=x<=100000 (see 'coopsearch query --help').\n"
    )
    unknown = seeds_cli("query", "HTX", "--colour", "never")
    assert unknown.exit_code == 2 and unknown.stderr.count("\n") == 1


def test_options_that_contradict_each_other_are_usage_errors(seeds_cli):
    for args in (
        ("-l", "-c"),
        ("-l", "--json"),
        ("-c", "--format", "csv"),
        ("--json", "--format", "plain"),
    ):
        result = seeds_cli("query", "HTX", *args)
        assert result.exit_code == 2, args
        assert result.stdout == "" and result.stderr.startswith("coopsearch: error: ")


def test_a_query_that_finds_nothing_gets_the_results_of_its_correction(seeds_cli):
    result = seeds_cli("query", "bac giangg", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["path"].endswith(BAC_GIANG_SEED)
    assert result.stderr == (
        "coopsearch: nothing matches 'bac giangg'; showing results for 'bac giang' "
        "(--no-correct to turn this off).\n"
    )


def test_no_correct_searches_only_what_was_typed(seeds_cli):
    result = seeds_cli("query", "bac giangg", "--json", "--no-correct")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "coopsearch: did you mean 'bac giang'?\n"


def test_a_correction_that_the_filters_exclude_is_not_shown(seeds_cli):
    result = seeds_cli("query", "bac giangg", "--json", "--year", "1999")
    assert result.exit_code == 1 and result.stdout == ""
    assert "showing results" not in result.stderr and "did you mean" not in result.stderr


def test_did_you_mean_keeps_marks_and_case_as_typed(seeds_cli):
    def suggestion(text):
        return seeds_cli("query", text, "--no-correct").stderr

    assert "did you mean 'Bắc Giang'?" in suggestion("Bắc Giangg")
    assert "did you mean 'ocop bac giang'?" in suggestion("ocpo bac giang")
    assert "did you mean 'HTX'?" in suggestion("HTXX")
    assert "showing results for 'Bắc Giang'" in seeds_cli("query", "Bắc Giangg").stderr


def test_a_doubled_letter_is_the_likeliest_slip_over_a_more_frequent_word(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            **{f"toa{n}.txt": f"Phiên tòa {n}\n\nHĐXX tuyên án bị cáo {n}." for n in range(4)},
            "htx.txt": "HTX rau sạch\n\nHTX Tân Phú mở rộng vùng trồng rau.",
        },
    )
    # HĐXX (folded "hdxx", one letter away) is in four articles, HTX in one
    assert "did you mean 'HTX'?" in cli("query", "HTXX", "--no-correct").stderr


def test_a_syllable_with_wrong_marks_inside_a_word_is_re_marked(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            **{
                f"tac{n}.txt": f"Kẹt xe {n}\n\nĐường qua xã {n} tắc nghẽn, họp khẩn bàn cách xử lý."
                for n in range(4)
            },
            "htx.txt": "Hợp tác xã\n\nHợp tác xã Tân Phú có 40 thành viên.",
        },
    )
    typed = cli("query", "hợp tắc xã", "-c")
    # every word is in the index and "tắc" is a real syllable, but no article
    # says "hợp tắc": the cooperative is offered though it finds fewer
    assert "did you mean 'hợp tác xã'?" in typed.stderr
    assert "did you mean" not in cli("query", "tắc nghẽn", "-c").stderr
    assert "did you mean" not in cli("query", "hop tac xa", "-c").stderr


def test_a_pair_the_articles_write_as_typed_is_no_wrong_marks(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            "dam.txt": "Việc khó\n\nAnh ấy dám nhận việc khó.",
            "dam-2.txt": "Nhiệm vụ\n\nÔng đảm nhận nhiệm vụ mới.",
            "tu.txt": "Chuyện làng\n\nông Tư kể chuyện làng; ông từ giữ đền.",
            "nguyen-tac.txt": "Nguyên tắc\n\nNguyên tắc của hợp tác xã là tự nguyện; tác hợp.",
        },
    )
    # "tắc" stands right in "nguyên tắc": its pair with "hợp" is no reason to re-mark it
    assert "did you mean" not in cli("query", "nguyên tắc hợp tác xã", "-c").stderr
    # "dám nhận" is no dictionary word, "đảm nhận" is; but an article writes it
    assert "did you mean" not in cli("query", "dám nhận", "-c").stderr
    assert "did you mean" not in cli("query", "ông Tư", "-c").stderr


def test_no_suggestion_for_words_the_index_holds_or_short_words(seeds_cli):
    assert "did you mean" not in seeds_cli("query", "OCOP").stderr
    assert "did you mean" not in seeds_cli("query", "xq").stderr
    assert "did you mean" not in seeds_cli("query", "xyzzyplugh").stderr


def test_count_and_paths_also_get_suggestions(seeds_cli):
    assert "did you mean 'bac giang'?" in seeds_cli("query", "bac giangg", "-c").stderr


def test_summary_line_goes_to_stderr_in_rich_format(seeds_cli):
    result = seeds_cli("query", "HTX", "--format", "rich", "--color", "never")
    summary = result.stderr.splitlines()[-1]  # after the notes (HTX = hợp tác xã)
    assert summary.startswith("5 results in ") and "(index of 5 documents)" in summary
    assert "results in" not in result.stdout


def test_plain_output_shows_the_bac_giang_seed(seeds_cli):
    result = seeds_cli("query", "OCOP Bắc Giang", "--format", "plain")
    assert result.stdout.splitlines()[1] == f"   {BUNDLED / BAC_GIANG_SEED}"


def test_plain_output_marks_the_matched_words_in_a_pipe_only_with_color_always(seeds_cli):
    marked = seeds_cli("query", "OCOP Bắc Giang", "--format", "plain", "--color", "always")
    assert "\x1b[1;31mOCOP\x1b[0m" in marked.stdout  # as grep --color=always marks its matches
    plain = seeds_cli("query", "OCOP Bắc Giang", "--format", "plain")
    assert "\x1b[" not in plain.stdout
    assert plain.stdout == marked.stdout.replace("\x1b[1;31m", "").replace("\x1b[0m", "")


def test_marks_fall_on_the_matched_word_where_the_title_had_runs_of_spaces(tmp_path):
    cli = indexed_cli(tmp_path, {"gia.txt": "Giá    lợn\u200b hơi tăng mạnh\n\nGiá lợn hơi tăng."})
    out = cli("query", "lợn", "--format", "plain", "--color", "always").stdout
    assert out.splitlines()[0].startswith("1. Giá \x1b[1;31mlợn\x1b[0m hơi tăng mạnh")


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(tmp_path):
    cli = indexed_cli(tmp_path, {"formula.txt": '=HYPERLINK("http://x","HTX")\n\nHTX ở Bắc Giang.'})
    rows = list(csv.DictReader(io.StringIO(cli("query", "HTX", "--format", "csv").stdout)))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x","HTX")'
    assert float(rows[0]["score"]) > 0


def test_null_ends_each_path_with_a_nul_byte_for_xargs_0(seeds_cli):
    result = seeds_cli("query", "HTX", "-l0")
    assert result.exit_code == 0
    assert result.stdout.endswith("\0") and "\n" not in result.stdout
    assert sorted(result.stdout.rstrip("\0").split("\0")) == SEED_PATHS


def test_null_without_paths_only_is_a_usage_error(seeds_cli):
    result = seeds_cli("query", "HTX", "-0")
    assert result.exit_code == 2 and "-0/--null goes with -l" in result.stderr


def test_a_corrected_batch_query_is_labelled_with_the_query_as_typed(seeds_cli):
    result = seeds_cli("query", "--queries-from", "-", "--json", input="bac giangg\n")
    assert result.exit_code == 0
    assert {json.loads(line)["query"] for line in result.stdout.splitlines()} == {"bac giangg"}
    assert "showing results for 'bac giang'" in result.stderr


def test_a_correction_keeps_the_marks_typed_rather_than_the_commonest_spelling(tmp_path):
    cli = indexed_cli(tmp_path, {"a.txt": "Chợ\n\nGiá lợn hơi. Heo lớn, bò lớn, gà lớn, vịt lớn."})
    assert "did you mean 'giá lợn'?" in cli("query", "giá lợnn", "--no-correct").stderr
