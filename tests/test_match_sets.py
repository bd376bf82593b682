"""What a query matches: the articles holding every word, as typed. One test per rule.

The corpus is written here, small enough to count by eye: each article is
there to be matched, or to be a near miss that must not be.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import indexed_cli

from coopsearch.querybuild import query_words

ARTICLES = {
    "dien-bien.txt": "Điện Biên mở rộng cà phê\n\nTỉnh Điện Biên có 50 HTX trồng cà phê.",
    "dien-hinh.txt": "Mô hình điển hình\n\nHTX điển hình đã có chuyển biến rõ rệt trong năm.",
    "phe-duyet.txt": "Phê duyệt đề án\n\nCả nước phê duyệt đề án phát triển hợp tác xã.",
    "yen-bai.txt": "Kinh tế tập thể Yên Bái\n\nKinh tế tập thể ở Yên Bái tăng trưởng khá.",
    "bai-hoc.txt": "Bài học kinh tế tập thể\n\nBài học về kinh tế tập thể ở tỉnh Yên Lạc.",
    "son-la.txt": "HTX Sơn La xuất khẩu xoài\n\nCác HTX ở Sơn La xuất khẩu xoài đi Úc.",
    "gia-lai.txt": "Cà phê Gia Lai được mùa\n\nNông dân Gia Lai thu hoạch cà phê sớm.",
    "gia-lai-loose.txt": "Giá cà phê giảm\n\nGiá cả lại giảm, bà con lo lắng; lai rai mùa sau.",
    "hai-phong.txt": "Cảng biển Hải Phòng\n\nHải Phòng đầu tư cảng biển nước sâu.",
    "hai-phong-apart.txt": "Hải Phòng mưa lớn\n\nMưa ở Hải Phòng; tàu rời cảng ra biển muộn.",
    "unmarked.txt": "Dien Bien phat trien ca phe\n\n"
    + "Tinh Dien Bien co nhieu hop tac xa trong ca phe va che, nong dan rat phan khoi. " * 3,
    "ban-hang.txt": "Bán hàng nông sản\n\nHTX bán hàng trên bàn gỗ cùng bạn bè.",
    "tan-huong.txt": "Chè Thái Nguyên\n\nVùng chè tân tiến, quê hương của nhiều hộ. "
    "Sau nhiều năm, HTX chè Tân Hương đã có thương hiệu. Người dân thương mại hóa sản phẩm.",
    "thuoc.txt": "Thuốc bảo vệ thực vật\n\nHTX thuộc xã mua thuốc bảo vệ thực vật.",
}


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    return indexed_cli(tmp_path_factory.mktemp("match-sets"), ARTICLES)


def names(cli, *query: str) -> set[str]:
    result = cli("query", *query, "-l")
    assert result.exit_code in (0, 1), result.stderr
    return {line.rsplit("/", 1)[-1] for line in result.stdout.splitlines()}


def count(cli, *query: str) -> int:
    return int(cli("query", *query, "-c").stdout)


# -- words, not syllables ------------------------------------------------------


def test_a_name_matches_only_where_its_syllables_stand_together(cli):
    assert names(cli, "Điện Biên") == {"dien-bien.txt", "unmarked.txt"}
    assert count(cli, "Điện Biên") == 2


def test_a_phrase_does_not_reach_across_a_quotation_mark_or_a_bracket(tmp_path):
    quoted = indexed_cli(
        tmp_path,
        {
            "da-nang.txt": "Du lịch Đà Nẵng\n\nĐà Nẵng đón khách quốc tế.",
            "nang-cap.txt": 'Khách sạn\n\nKhách sạn đã "nâng đẳng cấp" cho khu nghỉ.',
            "ngoac.txt": "Tin ngắn\n\nGiá lúa lấy đà (nâng giá theo mùa).",
            "lien.txt": "Tin khác\n\nGiá lúa lấy đà nâng giá theo mùa.",
            "nhay-don.txt": "Khách sạn khác\n\nKhách sạn đã 'nâng hạng' cho khu nghỉ.",
        },
    )
    # 'đã "nâng' and 'đà (nâng' are cut by a mark; "đà nâng" is side by side
    assert names(quoted, "da nang", "--no-expand") == {"da-nang.txt", "lien.txt"}
    assert names(quoted, "nâng đẳng cấp") == {"nang-cap.txt"}  # a phrase inside quotes is one
    assert names(quoted, '"đà nâng"') == {"lien.txt"}


def test_a_proximity_phrase_reaches_any_distance_typed_and_tries_every_occurrence(tmp_path):
    filler = " ".join(["rau"] * 1500)
    near = indexed_cli(
        tmp_path,
        {
            "xa.txt": f"Tin xa\n\nlúa {filler} cá.",
            # "gạo" twice: from the first "cá" is out of reach, from the second it is not
            "hai.txt": "Tin gần\n\nlúa gạo x x gạo x x x cá.",
        },
    )
    assert names(near, '"lúa cá"~999', "--no-expand") == {"hai.txt"}
    assert names(near, '"lúa cá"~1500', "--no-expand") == {"hai.txt", "xa.txt"}
    assert names(near, '"lúa cá"~100000000000000000000', "--no-expand") == {"hai.txt", "xa.txt"}
    assert names(near, '"lúa gạo cá"~3', "--no-expand") == {"hai.txt"}
    refused = near("query", '"lúa cá"~x', "-c")
    assert refused.exit_code == 2 and "needs a whole number" in refused.stderr


def test_a_compound_word_does_not_match_its_syllables_apart(cli):
    assert "phe-duyet.txt" not in names(cli, "cà phê")
    assert names(cli, "cà phê") >= {"dien-bien.txt", "gia-lai.txt"}


def test_a_pair_of_words_needs_both_words_each_whole(cli):
    assert names(cli, "Hải Phòng cảng biển") == {"hai-phong.txt"}


def test_unaccented_queries_are_segmented_too(cli):
    assert names(cli, "hai phong cang bien") == {"hai-phong.txt"}
    assert "gia-lai-loose.txt" not in names(cli, "gia lai")
    assert "gia-lai.txt" in names(cli, "gia lai")


def test_syllables_typed_glued_by_a_dot_or_a_hyphen_stand_together(tmp_path):
    glued = indexed_cli(
        tmp_path,
        {
            "coop.txt": "Saigon Co.op mở rộng\n\nSaigon Co.op mở thêm 2.473 siêu thị.",
            "op-lung.txt": "Ốp lưng điện thoại\n\nCó 2 cửa hàng bán ốp lưng, co giãn; 473 mẫu.",
        },
    )
    for query in ("Co.op", "co.op", "Saigon Co.op", "2.473"):
        assert names(glued, query) == {"coop.txt"}, query
    # a comma or a slash typed without a space parts two words, as a space does
    assert names(glued, "mở,siêu thị") == names(glued, "mở siêu thị") == {"coop.txt"}


def test_a_name_holding_an_abbreviation_is_one_name_whichever_way_it_is_typed(tmp_path):
    unions = indexed_cli(
        tmp_path,
        {
            "short.txt": "Hội nghị\n\nLiên minh HTX Việt Nam tổng kết năm.",
            "long.txt": "Tổng kết\n\nLiên minh Hợp tác xã tỉnh Bắc Giang họp.",
            "abbr.txt": "Họp báo\n\nLMHTX tỉnh công bố kết quả.",
            "apart.txt": "Liên minh châu Âu\n\nLiên minh châu Âu hỗ trợ các HTX ở Hạ Long.",
        },
    )
    expected = {"short.txt", "long.txt", "abbr.txt"}
    for query in ("Liên minh HTX", "liên minh hợp tác xã", "LMHTX", "lien minh htx"):
        assert names(unions, query) == expected, query


def test_query_words_are_segmented_into_dictionary_words_and_names():
    from coopsearch.querybuild import query_words

    assert query_words("Hải Phòng cảng biển") == ["Hải Phòng", "cảng biển"]
    assert query_words("cang bien hai phong") == ["cang bien", "hai phong"]
    assert query_words("HTX chè Tân Hương") == ["HTX", "chè", "Tân Hương"]
    assert query_words("Đắk Lắk Gia Lai") == ["Đắk Lắk", "Gia Lai"]
    assert query_words("Thái Bình Dương") == ["Thái Bình Dương"]
    # terms of the field the general dictionary lacks (data/words_domain.txt)
    assert query_words("HTX kiểu mới") == ["HTX", "kiểu mới"]
    assert query_words("liên kết chuỗi giá trị") == ["liên kết", "chuỗi giá trị"]


# -- accents as typed -----------------------------------------------------------


def test_an_accented_word_does_not_match_other_words_with_its_letters(cli):
    assert "ban-hang.txt" in names(cli, "bán hàng")
    assert names(cli, "bàn") == {"ban-hang.txt"}
    assert "dien-hinh.txt" not in names(cli, "Điện")


def test_case_tone_style_and_nfd_do_not_matter(cli):
    expected = names(cli, "Điện Biên")
    assert names(cli, "điện biên") == expected
    assert names(cli, unicodedata.normalize("NFD", "Điện Biên")) == expected


def test_words_typed_in_capitals_are_words_not_abbreviations(cli):
    # "HẢI PHÒNG CẢNG BIỂN", pasted from a headline: the same words as typed in
    # lowercase, not each syllable on its own (hai-phong-apart.txt has them apart)
    assert names(cli, "CẢNG BIỂN") == names(cli, "cảng biển") == {"hai-phong.txt"}
    assert names(cli, "HẢI PHÒNG CẢNG BIỂN") == {"hai-phong.txt"}
    assert names(cli, "CA PHE") == names(cli, "ca phe")
    assert count(cli, "HTX") == count(cli, "hợp tác xã")  # an abbreviation stays one


def test_an_unaccented_word_matches_any_accents(cli):
    assert names(cli, "ban") >= {"ban-hang.txt"}
    assert names(cli, "dien bien") >= {"dien-bien.txt", "unmarked.txt"}


def test_a_lowercase_word_without_marks_among_accented_ones_matches_any_marks(cli):
    assert names(cli, "ca phe Điện Biên") == {"dien-bien.txt", "unmarked.txt"}
    assert "gia-lai-loose.txt" not in names(cli, "cà phê Gia Lai")  # a name, as written


def test_a_word_typed_with_some_of_its_marks_matches_as_if_typed_without(cli):
    expected = names(cli, "ca phe")
    assert expected == {"dien-bien.txt", "gia-lai.txt", "gia-lai-loose.txt", "unmarked.txt"}
    assert names(cli, "cà phe") == expected  # not "cà" and "phe" apart
    assert names(cli, "hop tác xã") == names(cli, "hop tac xa")
    assert names(cli, "kinh te tập thể") == names(cli, "kinh tế tập thể")


def test_an_article_written_without_marks_is_matched_by_accented_queries(cli):
    assert "unmarked.txt" in names(cli, "Điện Biên cà phê")


def test_any_accents_turns_exact_matching_off(cli):
    assert "dien-hinh.txt" not in names(cli, "Điện")
    assert "dien-hinh.txt" in names(cli, "điền", "--any-accents")
    assert "--any-accents" in cli("query", "--help").stdout


# -- every word required; exclusions -------------------------------------------


def test_not_excludes_a_whole_word(cli):
    assert count(cli, '"kinh tế tập thể"') == 2
    assert names(cli, '"kinh tế tập thể" NOT Yên Bái') == {"bai-hoc.txt"}
    assert names(cli, '"kinh tế tập thể" -"Yên Bái"') == {"bai-hoc.txt"}


def test_a_leading_minus_excludes(cli):
    found = names(cli, "HTX -Sơn")
    assert "son-la.txt" not in found and "dien-bien.txt" in found


def test_explicit_or_takes_either_side(cli):
    assert names(cli, "Sơn La OR Gia Lai") == {"son-la.txt", "gia-lai.txt"}


def test_lowercase_operators_are_words():
    from coopsearch.querybuild import query_words

    assert query_words("cà phê and chè") == ["cà phê", "and", "chè"]


def test_proximity_allows_up_to_n_words_between(cli):
    # "Hải Phòng đầu tư cảng", "Hải Phòng; tàu rời cảng": two words between, and in the
    # second a break (the semicolon), which counts as one more.
    assert names(cli, '"Hải Phòng cảng"') == set()
    assert names(cli, '"Hải Phòng cảng"~1') == set()
    assert names(cli, '"Hải Phòng cảng"~2') == {"hai-phong.txt"}
    assert names(cli, '"Hải Phòng cảng"~3') == {"hai-phong.txt", "hai-phong-apart.txt"}


def test_count_paths_facets_and_exit_status_use_the_match_set(cli):
    assert count(cli, "Điện Biên") == len(names(cli, "Điện Biên")) == 2
    nothing = cli("query", "Điện Biên Sơn La")
    assert nothing.exit_code == 1


def test_export_facets_and_entities_count_the_match_set_only(cli):
    exported = cli("export", "Điện Biên").stdout.splitlines()
    assert len(exported) == 2
    lines = cli("query", "Điện Biên", "--facet", "province", "--json").stdout.splitlines()
    facet = json.loads(lines[-1])
    # The unmarked article names no province the extractor can read: one of two.
    assert facet == {"facet": "province", "counts": {"Điện Biên": 1}}
    listed = cli("entities", "Điện Biên", "--type", "province", "--json").stdout.splitlines()
    counts = {r["value"]: r["count"] for r in map(json.loads, listed)}
    assert counts == {"Điện Biên": 1}


def test_a_long_query_continues_with_marked_partial_matches(cli):
    result = cli("query", "Hải Phòng cảng biển nước sâu Sơn La", "--json")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1  # no article holds every word
    assert hits and all(not hit["matched_all"] for hit in hits)
    assert hits[0]["path"].endswith("hai-phong.txt") and hits[0]["missing"] == ["Sơn La"]
    words = query_words("Hải Phòng cảng biển nước sâu Sơn La")
    assert all(len(hit["missing"]) < len(words) for hit in hits)  # each holds a word whole
    assert "partial match" in result.stderr
    plain = cli("query", "Hải Phòng cảng biển nước sâu Sơn La")
    assert "partial match, without: Sơn La" in plain.stdout


# -- highlights and snippets ------------------------------------------------------


def marked(hit) -> list[str]:
    return [hit["snippet"][s:e] for s, e in hit["highlights"]]


def test_accented_query_highlights_the_exact_forms_only(cli):
    (hit,) = cli.json("query", "bán hàng")
    assert marked(hit) == ["bán hàng"]
    (hit,) = cli.json("query", "bàn")
    assert marked(hit) == ["bàn"]


def test_a_multi_syllable_word_centres_the_snippet_where_it_stands(cli):
    (hit,) = cli.json("query", "Tân Hương")
    assert marked(hit) == ["Tân Hương"]
    assert "HTX chè Tân Hương" in hit["snippet"]
    (short,) = cli.json("query", "Tân Hương", "--context", "40")
    assert "Tân Hương" in marked(short)


def test_an_accented_prefix_matches_and_highlights_the_marked_words(cli):
    hits = cli.json("query", "thươ*")
    assert {h["path"].rsplit("/", 1)[-1] for h in hits} == {"tan-huong.txt"}
    assert set(marked(hits[0])) <= {"thương", "thương hiệu", "thương mại"}


def test_wildcards_inside_and_at_the_start_are_highlighted(cli):
    for pattern in ("h?p", "*tác", "ch*n"):
        hits = cli.json("query", pattern)
        assert hits, pattern
        assert all(marked(h) for h in hits), pattern


# -- ranking -----------------------------------------------------------------------


def test_the_article_titled_with_the_query_ranks_first(cli):
    for query in ("Cảng biển Hải Phòng", "cang bien hai phong"):
        assert cli.json("query", query)[0]["path"].endswith("hai-phong.txt")


def test_the_common_bare_syllables_are_those_of_the_word_list():
    from coopsearch import segmentation

    counts = segmentation.syllable_word_counts()
    made = {
        s
        for s, n in counts.items()
        if n >= segmentation.COMMON_SYLLABLE_WORDS and s.isascii() and s.isalpha() and s.islower()
    }
    assert segmentation.common_bare_syllables() == made
    assert {"con", "xe", "ca"} <= made and not {"nong", "phe", "te"} & made
