"""``coopsearch figures``: one row per figure of the matching articles, in every output mode."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import BAC_GIANG_SEED, indexed_cli

from coopsearch.figures import KEYS, extract_rows

ARTICLES = {
    "2021-05-10-thai-binh-htx.txt": (
        "Thái Bình phát triển hợp tác xã\n\n10/05/2021 08:00\n\n"
        "Năm 2020, toàn tỉnh có 312 HTX với 1,5 nghìn tỷ đồng vốn điều lệ. "
        "Tỷ lệ HTX có lãi đạt 76,9%.\n"
        "Cả nước có 2.473 tổ hợp tác và 210 nghìn thành viên."
    ),
    "2019-08-01-lua-dong-thap.txt": (
        "Nông dân Đồng Tháp trúng mùa\n\n01/08/2019 09:30\n\n"
        "Giá lúa dao động 4.200 - 4.500 đồng/kg, năng suất đạt 6,8 tấn/ha trên 500 ha lúa."
    ),
    "2018-02-02-khong-so.txt": "Tin vắn\n\nHội nghị diễn ra ngày 27/4/2018 tại thôn 6.",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return indexed_cli(tmp_path_factory.mktemp("figures"), ARTICLES)


def rows(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_json_rows_have_the_gold_keys_and_vietnamese_values(small):
    result = small("figures", "--json")
    assert result.exit_code == 0, result.stderr
    found = rows(result)
    assert all(list(row) == [*KEYS, "path"] for row in found)  # the gold's, then the file
    by_text = {(row["text"], row["value"]): row for row in found}
    htx = by_text[("312 HTX", 312)]
    assert (htx["unit"], htx["counts"], htx["place"]) == ("HTX", "HTX", "Thái Bình")
    assert (htx["year"], htx["year_source"]) == (2020, "text")
    assert htx["article"].endswith("2021-05-10-thai-binh-htx.txt") and len(htx["id"]) == 12
    assert by_text[("1,5 nghìn tỷ đồng", 1500)]["unit"] == "tỷ đồng"
    assert by_text[("76,9%", 76.9)]["unit"] == "%"
    assert by_text[("210 nghìn thành viên", 210000)]["unit"] == "người"
    nation = by_text[("2.473 tổ hợp tác", 2473)]
    assert (nation["place"], nation["year"], nation["year_source"]) == ("Việt Nam", 2021, "article")
    # A range gives one row per number; a rate keeps its denominator.
    assert {r["value"] for r in found if r["unit"] == "đồng/kg"} == {4200, 4500}
    assert by_text[("500 ha", 500)]["counts"] == "lúa"
    # Dates and names holding a number are not figures.
    assert not [r for r in found if r["article"].endswith("khong-so.txt")]


def test_filters_of_the_figures_and_of_the_articles(small):
    assert [r["value"] for r in small.json("figures", "--unit", "%")] == [76.9]
    assert [r["value"] for r in small.json("figures", "--counts", "hop tac xa")] == [312]
    assert {r["value"] for r in small.json("figures", "--place", "Việt Nam")} == {2473, 210000}
    assert {r["value"] for r in small.json("figures", "--figure-year", "2020")} >= {312, 76.9}
    assert {r["unit"] for r in small.json("figures", "lúa", "--year", "2019")} == {
        "đồng/kg",
        "tấn/ha",
        "ha",
    }
    nothing = small("figures", "--unit", "USD")
    assert (nothing.exit_code, nothing.stdout) == (1, "")
    assert "no row is in 'USD'; the units of these articles' rows" in nothing.stderr
    assert "tỷ đồng" in nothing.stderr  # the units there are, to choose from
    elsewhere = small("figures", "--unit", "%", "--place", "Atlantis")
    assert (elsewhere.exit_code, elsewhere.stdout) == (2, "")
    assert "--place 'Atlantis' is not a province, region or country" in elsewhere.stderr
    assert "Traceback" not in elsewhere.stderr


def test_no_expand_lists_the_figures_of_the_articles_that_use_the_words_as_typed(small):
    # Only the Thái Bình article has "tổ hợp tác", and none writes THT.
    assert small("figures", "THT", "--json").exit_code == 0  # THT = tổ hợp tác
    none = small("figures", "THT", "--no-expand", "--json")
    assert (none.exit_code, none.stdout) == (1, "")


def test_plain_is_tab_separated_columns_with_a_header(small):
    result = small("figures", "lúa", "--format", "plain")
    assert result.exit_code == 0
    header, *lines = result.stdout.splitlines()
    assert header.split("\t")[:5] == ["value", "unit", "counts", "place", "year"]
    assert header.split("\t")[-3:] == ["id", "article", "sentence"]
    assert "4200\tđồng/kg\tgiá lúa\tĐồng Tháp\t2019\tarticle\t" in result.stdout
    assert len(lines) == 4
    # the file's name, so a reader can open the article the figure comes from
    assert all(line.split("\t")[7].endswith(".txt") for line in lines)


def test_csv_has_the_json_keys_for_pandas(small):
    result = small("figures", "--format", "csv", "--unit", "ha")
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == [*KEYS, "path"]
    assert all(Path(r["path"]).is_file() and r["path"].endswith(r["article"]) for r in table)
    assert [(r["value"], r["unit"], r["counts"]) for r in table] == [("500", "ha", "lúa")]


def test_rich_table_highlights_the_figure_in_its_sentence(small):
    result = small("figures", "HTX", "--unit", "HTX", "--format", "rich", "--color", "always")
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout and "value" in result.stdout
    assert "312 HTX" in result.stdout and "2020" in result.stdout
    plain = small("figures", "HTX", "--unit", "HTX", "--format", "rich", "--color", "never")
    assert "\x1b[" not in plain.stdout and "┃ value" in plain.stdout


def test_bad_input_is_one_sentence_and_status_2(small):
    result = small("figures", "--figure-year", "next")
    assert result.exit_code == 2
    assert result.stderr.startswith("coopsearch: error:") and result.stderr.count("\n") == 1
    result = small("figures", '""')
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    for option in ("--counts", "--unit", "--place"):
        result = small("figures", option, " ")
        assert result.exit_code == 2 and "needs a value" in result.stderr, option


def test_a_counted_thing_no_row_has_says_what_the_rows_count(small):
    result = small("figures", "--counts", "xyzzy")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no row counts 'xyzzy'; what these articles' rows count" in result.stderr


def test_a_province_of_today_reaches_the_merged_ones_and_says_so(seeds_cli):
    found = seeds_cli("figures", "HTX", "--counts", "HTX", "--place", "Bắc Ninh", "--json")
    assert found.exit_code == 0
    assert "Bắc Ninh includes the former Bắc Giang (merged 2025)" in found.stderr
    assert 950 in {json.loads(line)["value"] for line in found.stdout.splitlines()}


def test_bac_giang_seed_reports_950_htx_in_2021(seeds_cli):
    found = seeds_cli.json("figures", "HTX", "--counts", "HTX", "--place", "Bắc Giang")
    rows950 = [r for r in found if r["value"] == 950]
    assert len(rows950) == 1
    row = rows950[0]
    assert row["article"].endswith(BAC_GIANG_SEED)
    assert (row["unit"], row["place"], row["year"], row["year_source"]) == (
        "HTX",
        "Bắc Giang",
        2021,
        "text",
    )
    assert "950 HTX" in row["sentence"] and row["text"] == "950 HTX"


def test_show_and_export_do_not_carry_the_stored_rows(seeds_cli):
    exported = seeds_cli.json("export", "--fields", "id,figures")
    assert exported and all("figure_rows" not in record for record in exported)


def test_extract_rows_reads_years_said_in_the_text():
    rows = extract_rows(
        "Tin Hà Nam",
        "Năm ngoái, HTX tôi cào được 4.000 - 5.000 giạ rồi, năm nay chưa có.\n"
        "Trong thời gian 3 năm trước, HTX đạt doanh thu 1,0 tỷ đồng/năm so với năm 2015.",
        2017,
    )
    years = [(r.text, r.value, r.year, r.year_source) for r in rows]
    assert years[:2] == [
        ("4.000 - 5.000 giạ", 4000, 2016, "text"),
        ("4.000 - 5.000 giạ", 5000, 2016, "text"),
    ]
    assert ("1,0 tỷ đồng/năm", 1, 2017, "article") in years


def rows_of(title: str, body: str, year: int = 2017) -> dict[str, tuple]:
    """text → (counts, place, year) of each figure an article reports."""
    return {r.text: (r.counts, r.place, r.year) for r in extract_rows(title, body, year)}


def test_a_district_gives_its_province_and_the_article_its_place():
    found = rows_of(
        "Tin vắn",
        "Đến nay, huyện Lộc Hà có 80 HTX. Lộc Hà có 13 xã. "
        "Sau tết, huyện Phong Điền (TP Cần Thơ) có 1.300 ha lúa đổ ngã.",
    )
    assert found["80 HTX"][1] == "Hà Tĩnh"
    assert found["13 xã"][1] == "Hà Tĩnh"  # bare, after the article named it "huyện Lộc Hà"
    assert found["1.300 ha"][1] == "Cần Thơ"  # Phong Điền of Cần Thơ, not of Thừa Thiên Huế


def test_a_place_in_a_bodys_name_is_not_where_the_article_is():
    found = rows_of(
        "Xử lý nghiêm xe khách tắt dữ liệu",
        "Tổng cục đề nghị Sở GTVT thành phố Hồ Chí Minh kiểm tra. Vụ tai nạn xảy ra "
        "trên cầu Gianh, Quảng Bình. Trên xe có 15 người. Xe thuộc Công ty Trung Nam "
        "thành phố Hồ Chí Minh.",
    )
    assert found["15 người"][1] == "Quảng Bình"  # named once, but outside any body's name


def test_national_sentences_bodies_and_origins():
    found = rows_of(
        "Lâm Đồng phát triển nông nghiệp công nghệ cao",
        "Thủ tướng Chính phủ đã cho phép nâng gói tín dụng từ 60.000 tỷ đồng lên "
        "100.000 tỷ đồng. Tổng cục Đường bộ Việt Nam xác định xe có tốc độ 63 km/h. "
        "Bác Thanh, 74 tuổi, người gốc Quỳnh Lưu (Nghệ An), trồng 2 ha rau.",
    )
    assert found["60.000 tỷ đồng"][1] == "Việt Nam"  # the government, no place named
    assert found["63 km/h"][1] == "Lâm Đồng"  # "Việt Nam" in a body's name is no place
    assert found["74 tuổi"][1] == "Lâm Đồng"  # where he comes from is not where he is


def test_an_article_on_a_country_or_on_national_rules_is_that_country():
    germany = rows_of(
        "Kinh nghiệm phát triển HTX của Đức",
        "Các HTX tại Đức rất mạnh. Nông nghiệp Đức hiện đại. "
        "Toàn quốc có 260.000 doanh nghiệp nông nghiệp. Hội thảo diễn ra tại Hà Nội.",
    )
    assert germany["260.000 doanh nghiệp"][1] == "Đức"
    rules = rows_of(
        "Tiêu chí hỗ trợ HTX nông nghiệp",
        "Luật HTX và Nghị định 193/2013 của Chính phủ hướng dẫn điều kiện hỗ trợ. "
        "Ông Toàn ở TP Hà Nội hỏi. Công trình phải có quy mô tối thiểu 100 hộ sử dụng nước.",
    )
    assert rules["100 hộ"][1] == "Việt Nam"


def test_a_local_story_on_a_national_rule_is_about_its_province():
    found = rows_of(
        "Quản lý sản xuất rượu thủ công",
        "Nghị định 94/2012/NĐ-CP về sản xuất rượu thủ công ra đời đã lâu. "
        "Nhiều địa phương ở Hà Tĩnh vẫn chưa áp dụng. Xã Khánh Lộc có trên 50% hộ dân "
        "nấu rượu. Lãnh đạo Sở Công Thương Hà Tĩnh cho biết tỉnh Hà Tĩnh sẽ kiểm tra.",
    )
    assert found["50%"][1] == "Hà Tĩnh"  # named three times: the decree is the topic, not the place


def test_a_figure_phrase_of_its_own_place_and_the_area_of_the_article():
    found = rows_of(
        "Giao ban Cụm thi đua các tỉnh Tây Bắc",
        "Cụm tặng cờ cho 1 HTX nông nghiệp của tỉnh Yên Bái và 1 HTX phi nông nghiệp "
        "của tỉnh Điện Biên. Đối với 16 tỉnh trong vùng, Phó Thủ tướng đề nghị hỗ trợ.",
    )
    places = [
        r.place
        for r in extract_rows(
            "Giao ban Cụm thi đua các tỉnh Tây Bắc",
            "Cụm tặng "
            "cờ cho 1 HTX nông nghiệp của tỉnh Yên Bái và 1 HTX phi nông nghiệp của tỉnh "
            "Điện Biên.",
            2020,
        )
    ]
    assert places == ["Yên Bái", "Điện Biên"]
    assert found["16 tỉnh"][1] == "Tây Bắc"  # "trong vùng": the article's own area
    regional = rows_of(
        "Sơ kết Luật HTX",
        "Chiều 17/6 tại tỉnh Hà Nam, Phó Thủ tướng chủ trì buổi sơ kết của 16 tỉnh, thành "
        "phố khu vực Đồng bằng sông Hồng và Bắc Trung Bộ. Hà Nam có 120 HTX.",
    )
    assert regional["16 tỉnh"][1] == "Đồng bằng sông Hồng và Bắc Trung Bộ"
    assert regional["120 HTX"][1] == "Hà Nam"


def test_counted_things_of_classifiers_prices_and_linked_figures():
    found = rows_of(
        "Người nuôi lợn lỗ nặng",
        "Mỗi con lợn lãi 300.000 đồng/con. Trong chuồng còn 100 con lợn. "
        "Nhà anh nuôi khoảng 600 con. Thương lái trả 18.000 đồng/kg lợn hơi. "
        "Tổng số vốn hoạt động của các HTX là 11 tỷ đồng, tăng 4 tỷ đồng. "
        "Tổng thu ngân sách trên địa bàn đạt 3.048 tỷ đồng, tăng 36% so với cùng kỳ.",
    )
    assert found["100 con"][0] == "lợn"  # a classifier counts the noun after it
    assert found["600 con"][0] == "lợn"  # ... else the one the article writes after it
    assert found["18.000 đồng/kg"][0] == "giá lợn hơi"  # money by the kilogram is a price
    assert found["300.000 đồng/con"][0] == "lãi"  # a measure's head before it wins
    assert found["4 tỷ đồng"][0] == found["11 tỷ đồng"][0]  # a change of the figure before it
    assert found["11 tỷ đồng"][0].startswith("vốn hoạt động")
    assert found["3.048 tỷ đồng"][0] == "thu ngân sách"  # "trên địa bàn" read past
    assert found["36%"][0] == "thu ngân sách"  # a percentage that is its change


def test_years_of_months_now_and_not_of_documents():
    found = rows_of(
        "Tin vắn",
        "Tháng 6/2016, Hapro thoái 100% vốn nhà nước. "
        "Theo Quyết định số 461/QĐ-TTg ngày 27/4/2018, phát triển 15.000 HTX. "
        "Hiện nay, giá muối lên tới 24 ngàn đồng/giạ, cao gấp 2,5 lần vụ năm trước.",
    )
    assert found["100%"][2] == 2016
    assert found["15.000 HTX"][2] == 2017  # a decision's date is not the year spoken of
    assert found["24 ngàn đồng/giạ"][2] == 2017  # "hiện nay" against "năm trước"


def test_times_of_day_and_plan_spans_are_no_figures():
    found = rows_of(
        "Tin vắn",
        "Khoảng 10 giờ sáng, xe chạy 63 km/h. Dự kiến 20 giờ cùng ngày họp. "
        "Kế hoạch phát triển 5 năm giai đoạn 2021 – 2025 có 3 nhiệm vụ.",
    )
    assert set(found) == {"63 km/h", "3 nhiệm vụ"}


def test_a_clock_time_or_a_scale_is_no_figure_nor_is_a_number_before_a_line_break():
    dateline = "Thứ 6, 22/01/2021 | 15:34:48\n\nHTX tổng kết. Bản đồ tỷ lệ 1:500 ha. Có 20 HTX."
    assert set(rows_of("Tin vắn", dateline)) == {"20 HTX"}


@pytest.mark.parametrize(
    ("sentence", "figure", "counts"),
    [
        # cut between dictionary words, never inside one ("trung ương", not "ương")
        (
            "Nguồn vốn từ ngân sách trung ương là 5 tỷ đồng.",
            "5 tỷ đồng",
            "nguồn vốn từ ngân sách trung ương",
        ),
        (
            "Cả nước sẽ có 10 khu nông nghiệp ứng dụng công nghệ cao.",
            "10 khu",
            "khu nông nghiệp ứng dụng",
        ),
        # a classifier counts the noun after it; a verb, a name or "rồi" ends a phrase
        ("Trại nuôi 5.500 con heo.", "5.500 con", "heo"),
        ("HTX có 12 xe chở khách.", "12 xe", "xe"),
        ("Cần Thơ: Lúa đổ ngã 15% Huyện Thới Lai thu hoạch sớm.", "15%", "lúa đổ ngã"),
        # a measure named before the figure, its head's qualifiers and "mức" left out
        ("Vụ này lại cho năng suất thấp, ước tính chỉ khoảng 6 tấn/ha.", "6 tấn/ha", "năng suất"),
        ("Tỷ lệ HTX có lãi đạt 60%.", "60%", "tỷ lệ HTX có lãi"),
        ("Khi ổn định mức lãi khoảng 300.000 đồng/kg lợn hơi.", "300.000 đồng/kg", "lãi"),
        ("Lúa thơm 5.000 đồng/kg, nếp thì giữ mức 5.900 đồng/kg.", "5.900 đồng/kg", "giá nếp"),
        # a place at the phrase's end is the row's place, not its thing
        (
            "Tổng doanh thu các HTX nông nghiệp của Đức đạt 38 tỷ euro.",
            "38 tỷ euro",
            "doanh thu HTX nông nghiệp",
        ),
        # a share counts its subject, or the thing of the figure just before it
        (
            "Toàn vùng có 908 HTX hoạt động tốt và khá, chiếm tỷ lệ 38%.",
            "38%",
            "HTX hoạt động tốt và khá",
        ),
        ("Lực lượng thu gom rác dân lập vẫn chiếm 60%.", "60%", "lực lượng thu gom rác dân lập"),
        ("HTX nông nghiệp chiếm tỷ lệ lớn (70%).", "70%", "HTX nông nghiệp"),
        # "gấp N lần X" compares X; "16 tỉnh, thành phố" counts both
        ("Giá muối cao gấp 2,5 lần giá muối chính vụ.", "2,5 lần", "giá muối chính vụ"),
        ("Hội nghị của 16 tỉnh, thành phố khu vực.", "16 tỉnh", "tỉnh, thành phố"),
    ],
)
def test_counted_thing(sentence, figure, counts):
    rows = [row for row in extract_rows("", sentence, 2017) if row.text == figure]
    assert rows and rows[0].counts == counts, [(r.text, r.counts) for r in rows]


def test_a_ministry_that_issued_a_cited_rule_does_not_make_a_figure_national():
    body = (
        "Tỉnh Lạng Sơn thu ngân sách. Tuy nhiên, thực tế thu lên đến 566 tỷ 384 triệu đồng, "
        "chưa phù hợp với quy định tại Điều 9 của Thông tư số 84 của Bộ Tài chính."
    )
    rows = [r for r in extract_rows("Lạng Sơn thu ngân sách", body, 2017) if r.value == 566.384]
    assert [(r.place, r.counts) for r in rows] == [("Lạng Sơn", "")]


def _places(title, body):
    return {r.text: r.place for r in extract_rows(title, body, 2017)}


def test_the_whole_country_is_viet_nam_unless_the_article_is_about_another():
    # Japan named once, Việt Nam more often: "cả nước" is Việt Nam, not Japan.
    found = _places(
        "Nông nghiệp Việt và vận hội mới",
        "Nông nghiệp Việt Nam đang có tín hiệu tốt. Doanh nghiệp Nhật Bản quan tâm. "
        "Việt Nam có lợi thế. Cả nước hiện có 11 nghìn hợp tác xã. Trên cả nước có "
        "300 học sinh tham gia chương trình của Việt Nam.",
    )
    assert found["11 nghìn hợp tác xã"] == "Việt Nam"
    assert found["300 học sinh"] == "Việt Nam"
    # A Vietnamese province named less often than a foreign country's company
    # still is the article's own place.
    found = _places(
        "Dân bỏ lúa trồng sen",
        "Tại huyện Cao Lãnh, Đồng Tháp, dân cho công ty của Trung Quốc thuê đất. "
        "Công ty Trung Quốc trồng sen, Trung Quốc thu mua. Nông dân Đồng Tháp chỉ hưởng 11%.",
    )
    assert found["11%"] == "Đồng Tháp"
    # An article about another country keeps it ("Toàn quốc" is Germany).
    found = _places(
        "Hợp tác xã ở Đức có gì đặc biệt?",
        "Nông nghiệp Đức có 17 triệu ha đất. Toàn quốc có 260.000 doanh nghiệp. "
        "Việt Nam học hỏi Đức.",
    )
    assert found["260.000 doanh nghiệp"] == "Đức"


def test_a_national_story_naming_provinces_once_is_about_viet_nam():
    found = _places(
        "Góc nhìn nông nghiệp",
        "Việt Nam cần đổi mới. Một doanh nghiệp ở Quảng Ninh, một ở Nghệ An đã đầu tư. "
        "Nông sản Việt Nam xuất khẩu. Mỗi năm có 30 tỷ USD xuất khẩu.",
    )
    assert found["30 tỷ USD"] == "Việt Nam"


def test_a_country_in_a_persons_name_is_no_place():
    found = _places(
        "Bầu Đức thua lỗ 500 tỷ đồng",
        "Năm 2008, bầu Đức chi khoảng 5 triệu USD mua máy bay. Theo ông Đức, HAGL "
        "sẽ trồng 17 loại trái cây. Tại Gia Lai, HAGL có 3.000 ha chuối.",
    )
    assert found["500 tỷ đồng"] != "Đức"
    assert found["5 triệu USD"] != "Đức"
    assert found["17 loại"] != "Đức"
    # Named in full once, then by the given name alone.
    found = _places(
        "Tai nạn trên cao tốc",
        "Nạn nhân là anh Bùi Văn Đức (25 tuổi) ở Hà Nội. Đức bị chảy máu 50% não. "
        "Đi được 200 m, chiến sĩ Đức rơi xuống đường.",
    )
    assert set(found.values()) == {"Hà Nội"}
    # A country before a Vietnamese syllable is a name or a place ("Đức Hòa",
    # "Mỹ Tho"); a sentence opener is no name ("Tại Mỹ"); a word is no country.
    found = _places(
        "Tin vắn Long An",
        "Huyện Đức Hòa có 12 HTX. Pháp luật quy định 3 loại hình. Tại Mỹ, có 2.000 HTX.",
    )
    assert found["12 HTX"] == "Long An"
    assert found["3 loại hình"] == "Long An"
    assert found["2.000 HTX"] == "Mỹ"


@pytest.mark.parametrize(
    "sentence, figure, unit, counts",
    [
        ("Sở đã tiếp nhận 1.132 hồ sơ.", "1.132 hồ sơ", "hồ sơ", "hồ sơ"),  # not lakes
        ("Có 27 tổ chức tham gia.", "27 tổ chức", "tổ chức", "tổ chức"),  # not groups
        ("Có 3 hồ chứa nước bị cạn.", "3 hồ", "hồ", "hồ chứa nước"),  # lakes
        ("Huyện có 247 xe máy.", "247 xe", "xe", "xe máy"),  # a kind of the unit
        ("Xã có 500 hộ sản xuất.", "500 hộ", "hộ", "hộ sản xuất"),
        ("Đường dài 2 cây số.", "2 cây số", "km", "đường"),
        ("Trong 2 năm nay, giá tăng.", "2 năm", "năm", "thời gian"),  # a time keeps it
        ("HTX thu 3 tỷ đồng tiền lãi.", "3 tỷ đồng", "tỷ đồng", "tiền lãi"),
        ("Trại nuôi 100 con lợn.", "100 con", "con", "lợn"),  # a classifier keeps it
    ],
)
def test_units_are_whole_words(sentence, figure, unit, counts):
    rows = [r for r in extract_rows("Tin vắn", sentence, 2017) if r.text == figure]
    assert [(r.unit, r.counts) for r in rows] == [(unit, counts)]


@pytest.mark.parametrize(
    "sentence, figure, value, unit",
    [
        ("Dư nợ đạt 720 nghìn tỉ đồng.", "720 nghìn tỉ đồng", 720000, "tỷ đồng"),
        ("Nợ đọng gần 10 nghìn tỷ đồng.", "10 nghìn tỷ đồng", 10000, "tỷ đồng"),
        ("GDP đạt 30 nghìn tỷ USD.", "30 nghìn tỷ USD", 30000, "tỷ USD"),
        ("Chi phí 3 tỷ 442 triệu đồng.", "3 tỷ 442 triệu đồng", 3.442, "tỷ đồng"),
        ("Cần 1 tỷ 800 triệu để mổ.", "1 tỷ 800 triệu", 1.8, "tỷ đồng"),
        ("Hãng chở 220 triệu hành khách.", "220 triệu hành khách", 220000000, "hành khách"),
        ("Công ty có 73,09 triệu cổ phiếu.", "73,09 triệu cổ phiếu", 73090000, "cổ phiếu"),
        ("Anh nhận 3 triệu bảng Anh.", "3 triệu bảng Anh", 3, "triệu bảng Anh"),
        ("MU trả 60 triệu bảng cho anh.", "60 triệu bảng", 60, "triệu bảng Anh"),
        ("Quỹ chi 10 triệu NDT.", "10 triệu NDT", 10, "triệu nhân dân tệ"),
        ("Chỉ số giảm còn 99,233 điểm.", "99,233 điểm", 99.233, "điểm"),  # points: decimals
        ("Tỉnh có 135,400 người.", "135,400 người", 135400, "người"),  # people: whole
        # a rate's denominator is a whole word, not its first syllable ("ha/trang")
        ("Bình quân 59ha/trang trại.", "59ha/trang trại", 59, "ha/trang trại"),
        ("Giá 39.000 đồng/cổ phiếu.", "39.000 đồng/cổ phiếu", 39000, "đồng/cổ phiếu"),
        ("Lương 23 triệu đồng/tháng năm 2015.", "23 triệu đồng/tháng", 23, "triệu đồng/tháng"),
    ],
)
def test_values_and_units_are_what_the_text_says(sentence, figure, value, unit):
    rows = [r for r in extract_rows("Tin vắn", sentence, 2017) if r.text == figure]
    assert [(r.value, r.unit) for r in rows] == [(value, unit)]


def test_a_unit_cut_from_a_verb_or_a_link_is_no_figure():
    for sentence in ("Máy bay 5 tấn công mục tiêu.", "Đội nằm ngoài top 5 tỷ lệ kiểm soát bóng."):
        assert extract_rows("Tin vắn", sentence, 2017) == []


def test_a_counted_thing_opening_a_sentence_takes_its_case_inside_one():
    from coopsearch.figures import _sentence_case

    assert _sentence_case("Lợi nhuận", "Lợi nhuận đạt 5 tỷ đồng.") == "lợi nhuận"
    assert _sentence_case("Lúa đổ ngã", "Cần Thơ: Lúa đổ ngã 15%.") == "lúa đổ ngã"
    for name in ("HTX", "Hà Nội", "OCOP"):
        assert _sentence_case(name, f"{name} có 5 người.") == name
    inside = "Có 5 người ở Liên minh HTX."  # a name inside a sentence keeps its capital
    assert _sentence_case("Liên minh HTX", inside) == "Liên minh HTX"


def test_a_birth_year_is_no_year_of_a_figure_and_a_year_right_after_one_is_its_own():
    rows = rows_of(
        "Xử phạt",
        "Trần Văn Việt, sinh năm 1980, nhận tiền công là 15 triệu đồng.\n"
        "Diện tích tăng từ 4,6 ha năm 2016 lên 12,1 ha năm 2017.\n"
        "Tỷ lệ giảm từ 11% năm 1996 xuống còn 5,5% vào năm 2016.",
    )
    assert rows["15 triệu đồng"][2] == 2017  # the article's year, not the birth year
    assert rows["4,6 ha"][2] == 2016 and rows["12,1 ha"][2] == 2017
    assert rows["11%"][2] == 1996 and rows["5,5%"][2] == 2016
    # an intake or a cost "sinh" in a year is no birth: the year is the figure's
    rows = rows_of(
        "Tuyển sinh",
        "Chỉ tiêu tuyển sinh năm 2016 là 3.000 sinh viên.\n"
        "Tổng chi phí phát sinh năm 2015 là 5 tỷ đồng.",
    )
    assert rows["3.000 sinh viên"][2] == 2016 and rows["5 tỷ đồng"][2] == 2015


def test_a_foreign_country_or_the_whole_north_is_the_place_of_its_sentence():
    rows = rows_of(
        "Tin tổng hợp",
        "Tỉnh Hải Dương gieo cấy 60.000 ha lúa.\n"
        "Toàn miền Bắc dự kiến gieo cấy 1,137 triệu ha lúa mùa.\n"
        "Tuyết rơi dày ở Afghanistan, hơn 100 người thiệt mạng.\n"
        "Ở Syria, 300.000 người đã chết trong nội chiến.",
    )
    assert rows["60.000 ha"][1] == "Hải Dương"
    assert rows["1,137 triệu ha"][1] == "Miền Bắc"
    assert rows["100 người"][1] == "Afghanistan"  # not the article's Vietnamese province
    assert rows["300.000 người"][1] == "Syria"
    rows = rows_of("Giá lợn", "Giá lợn hơi tại khu vực Bắc Bộ dao động 30.000 đồng/kg.")
    assert rows["30.000 đồng/kg"][1] == "Miền Bắc"
    rows = rows_of("Đánh bắt", "Tàu cá Hải Phòng đánh bắt 20 tấn cá ở vịnh Bắc Bộ.")
    assert rows["20 tấn"][1] != "Miền Bắc"  # the Gulf of Tonkin
    rows = rows_of("Mưa lớn", "Mưa lớn ở bang Kerala, miền Nam Ấn Độ, khiến 25 người thiệt mạng.")
    assert rows["25 người"][1] != "Miền Nam"  # India's south, not Vietnam's


def test_a_pronoun_or_a_verb_alone_is_no_counted_thing():
    rows = rows_of("Tai nạn", "Vụ tai nạn làm 8 người chết, 3 người bị thương.")
    assert rows["8 người"][0] != "chết"
    # nor does a counted thing end on a preposition; a word that ends so stays whole
    rows = rows_of("HTX", "Toàn tỉnh có 222 hợp tác xã chuyển đổi sang hoạt động theo luật mới.")
    assert rows["222 hợp tác xã"][0] == "hợp tác xã chuyển đổi"


def test_clock_times_terms_and_a_conjunction_are_no_figures_nor_counted_things():
    found = rows_of(
        "Tin vắn",
        "Từ 8 giờ 25 đến 11 giờ 30, đoàn làm việc. Xe chạy mất 2 giờ 30 phút. "
        "Hội nghị Trung ương 5 khóa XII đã họp. Đàn bò tăng 2% song chưa ổn định. "
        "Kim ngạch song phương đạt 70 tỷ USD.",
    )
    assert set(found) == {"2 giờ", "30 phút", "2%", "70 tỷ USD"}
    assert found["2%"][0] != "song"  # "song" is "but", except in a word: "song phương"
    assert found["70 tỷ USD"][0] == "kim ngạch song phương"


def test_a_range_written_short_has_the_magnitude_of_its_end_and_cubic_metres_are_m3():
    def values(sentence):
        return [(r.value, r.unit) for r in extract_rows("Tin vắn", sentence, 2017)]

    assert values("Giá thuê 30 - 50.000 đồng/công.") == [(30000, "đồng/công"), (50000, "đồng/công")]
    assert values("Có 500 - 1.000 người dự.") == [(500, "người"), (1000, "người")]
    assert values("Công suất 617.000 m 3 /ngày đêm.") == [(617000, "m3/ngày đêm")]
    assert values("Khai thác 20 m³ gỗ.") == [(20, "m3")]


def test_what_an_average_is_per_is_no_figure():
    assert set(
        rows_of("Tin vắn", "Bình quân 1 tỉnh có 98 HTX, trung bình 1 HTX có 15 lao động.")
    ) == {
        "98 HTX",
        "15 lao động",
    }
