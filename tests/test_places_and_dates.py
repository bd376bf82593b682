"""Places as places and dates one can rely on, through the command line (issue 15)."""

from __future__ import annotations

import datetime
import io
import json
import os
from pathlib import Path

import pytest
from conftest import Cli, indexed_cli

from coopsearch import render
from coopsearch.metadata import SavedOn, closing_byline, find_date
from coopsearch.search import Hit

# -- places -------------------------------------------------------------------

PLACES = {
    "tpp.txt": "Hiệp định TPP\n\nHiệp định Đối tác xuyên Thái Bình Dương (TPP) và các HTX.\n",
    "nguoi.txt": "Ông Lê Hà Nam\n\nÔng Lê Hà Nam, giám đốc HTX, và anh Nguyễn Thái Bình.\n",
    "thai-binh.txt": "HTX ở Thái Bình\n\nCác HTX ở tỉnh Thái Bình được mùa.\n",
    "ha-nam-ninh.txt": "Ký ức Hà Nam Ninh\n\nHTX của tỉnh Hà Nam Ninh cũ.\n",
    "henan.txt": "Lũ ở Trung Quốc\n\nMưa lớn ở tỉnh Hà Nam (Trung Quốc); các HTX ở Hà Nam, "
    "Trung Quốc thiệt hại.\n",
    "vung-cao.txt": "HTX vùng cao\n\nCác HTX ở Hà Giang, Lào Cai, Yên Bái và Nghệ An - Lào.\n",
    "hcm.txt": "HTX thành phố\n\nCác HTX của Tp. Hồ Chí Minh và thành phố Hồ Chí Minh; "
    "Chủ tịch UBND tỉnh Hà Tĩnh Lê Đình Sơn dự họp với TPHCM.\n",
    "binh-duong.txt": "HTX Bình Dương\n\nCác HTX ở tỉnh Bình Dương phát triển.\n",
    "dong-bac-a.txt": "HTX châu Á\n\nỞ các nước Đông Bắc Á, HTX mạnh; vùng Tây Bắc học hỏi.\n",
}


def _by_name(hits: list[dict]) -> dict[str, dict]:
    return {Path(h["path"]).name: h for h in hits}


def test_a_province_name_inside_a_longer_name_or_a_persons_name_is_not_that_province(tmp_path):
    cli = indexed_cli(tmp_path, PLACES)
    hits = _by_name(cli.json("query", "HTX"))
    assert hits["tpp.txt"]["provinces"] == []
    assert hits["nguoi.txt"]["provinces"] == []
    assert hits["ha-nam-ninh.txt"]["provinces"] == []
    assert hits["henan.txt"]["provinces"] == []  # Hà Nam, Trung Quốc: Henan
    assert hits["vung-cao.txt"]["provinces"] == ["Hà Giang", "Lào Cai", "Yên Bái", "Nghệ An"]
    assert hits["thai-binh.txt"]["provinces"] == ["Thái Bình"]
    found = cli("query", "HTX", "--province", "Thái Bình", "--as-named", "-l")
    assert [Path(p).name for p in found.stdout.split()] == ["thai-binh.txt"]
    assert cli("query", "HTX", "--province", "Hà Nam", "-l").exit_code == 1


def test_an_ambiguous_province_in_a_list_or_in_brackets_is_the_province():
    from coopsearch.entities import province_mentions

    def named(text):
        return [name for name, _, _ in province_mentions(text)]

    assert named("4 tỉnh Vĩnh Phúc, Phú Thọ, Hòa Bình và Hà Giang.") == [
        "Vĩnh Phúc",
        "Phú Thọ",
        "Hòa Bình",
        "Hà Giang",
    ]
    assert named("Ma túy từ Mai Châu (Hòa Bình) về.") == ["Hòa Bình"]
    assert named("Tại Hòa Bình, đoàn kiểm tra phát hiện sai phạm.") == ["Hòa Bình"]
    assert named("Vì hòa bình, Hòa Bình là khát vọng.") == []  # peace
    assert named("Độc giả Lê Quang Lâm TP.HCM gửi thư.") == ["Hồ Chí Minh"]


def test_a_region_followed_by_a_continent_is_a_part_of_the_world(tmp_path):
    cli = indexed_cli(tmp_path, PLACES)
    hit = _by_name(cli.json("query", "HTX"))["dong-bac-a.txt"]
    record = cli.json("export", "HTX", "--fields", "path,regions")
    regions = {Path(r["path"]).name: r["regions"] for r in record}
    assert regions["dong-bac-a.txt"] == ["Tây Bắc"]  # not Đông Bắc: Northeast Asia
    assert hit["provinces"] == []


def test_city_forms_are_the_city_and_province_names_are_never_people(tmp_path):
    cli = indexed_cli(tmp_path, PLACES)
    hit = _by_name(cli.json("query", "HTX"))["hcm.txt"]
    assert hit["provinces"] == ["Hồ Chí Minh", "Hà Tĩnh"]
    names = [p["name"] for p in hit["people"]]
    assert not {"Hồ Chí Minh", "Hà Tĩnh"} & set(names)


def test_a_city_written_tp_dot_name_is_the_city_and_a_club_after_a_dot_is_not(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            "can-tho.txt": "HTX Cần Thơ\n\nUBND TP.Cần Thơ hỗ trợ HTX; CLB SHB.Đà Nẵng thắng.\n",
            "ha-noi.txt": "HTX Hà Nội\n\nCác HTX ở Tp.Hà Nội được mùa.\n",
        },
    )
    hits = _by_name(cli.json("query", "HTX"))
    assert hits["can-tho.txt"]["provinces"] == ["Cần Thơ"]  # not Đà Nẵng: a club's name
    assert hits["ha-noi.txt"]["provinces"] == ["Hà Nội"]
    found = cli("query", "HTX", "--province", "Cần Thơ", "-l")
    assert [Path(p).name for p in found.stdout.split()] == ["can-tho.txt"]


def test_a_part_of_a_provinces_name_is_offered_the_province_and_a_2025_name_its_forebear(
    seeds_cli,
):
    refused = seeds_cli("query", "HTX", "--province", "Bà Rịa")
    assert refused.exit_code == 2
    assert "did you mean 'Bà Rịa–Vũng Tàu'?" in refused.stderr
    named = seeds_cli("query", "HTX", "--province", "Huế", "--as-named", "-c")
    assert "Huế was formed in 2025 from Thừa Thiên Huế" in named.stderr


def test_vung_tau_named_alone_is_its_province(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            "vung-tau.txt": "Du lịch biển\n\nTại TP Vũng Tàu, HTX du lịch đón khách.\n",
            "duong.txt": "Đường phố\n\nHTX ở đường Vũng Tàu, quận 4.\n",
        },
    )
    found = cli("query", "HTX", "--province", "Bà Rịa - Vũng Tàu", "--as-named", "-l")
    assert [Path(p).name for p in found.stdout.split()] == ["vung-tau.txt"]


def test_ho_chi_minh_after_cua_is_the_president_where_the_article_names_him():
    from coopsearch.entities import province_mentions

    def named(text):
        return [name for name, _, _ in province_mentions(text)]

    president = "Ông là học trò của Chủ tịch Hồ Chí Minh. Ông theo Hồ Chí Minh, học trò của "
    assert named(president + "Hồ Chí Minh.") == []
    assert named(president + "Hồ Chí Minh, sống ở TP Hồ Chí Minh.") == ["Hồ Chí Minh"]
    assert named("Các HTX của Hồ Chí Minh phát triển.") == ["Hồ Chí Minh"]  # the city
    assert named("Bác Hồng kể về Hồ Chí Minh.") == ["Hồ Chí Minh"]  # no "Bác Hồ" there


def test_as_named_keeps_to_the_province_as_the_article_named_it(tmp_path):
    cli = indexed_cli(tmp_path, PLACES)
    wide = cli("query", "HTX", "--province", "Hồ Chí Minh", "-l")
    assert sorted(Path(p).name for p in wide.stdout.split()) == ["binh-duong.txt", "hcm.txt"]
    assert "Hồ Chí Minh includes the former" in wide.stderr
    named = cli("query", "HTX", "--province", "Hồ Chí Minh", "--as-named", "-l")
    assert [Path(p).name for p in named.stdout.split()] == ["hcm.txt"]
    assert "includes the former" not in named.stderr
    entity = cli("query", "HTX", "--entity", "province:TP.HCM", "--as-named", "-l")
    assert [Path(p).name for p in entity.stdout.split()] == ["hcm.txt"]
    assert "--as-named" in cli("query", "--help").stdout


# -- dates --------------------------------------------------------------------

STATED = "Hội nghị HTX\nThứ 6, 22/01/2021 | 15:34:48\n\nHTX tổng kết năm 2020.\n"
INFERRED = "Giao ban HTX\n\nNgày 26 - 2, Liên minh HTX họp về Kế hoạch 12/KH ngày 5/1/2021.\n"
MARCH_2021 = datetime.date(2021, 3, 1)  # when the articles' files were saved


def _index_at(tmp_path: Path, articles: dict[str, str], saved: datetime.date) -> Cli:
    """An index of ``articles`` whose files were last modified on ``saved``."""
    folder = tmp_path / "c"
    folder.mkdir()
    stamp = datetime.datetime.combine(saved, datetime.time(12)).timestamp()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, (stamp, stamp))
    cli = Cli(tmp_path / "ix")
    assert cli("index", str(folder)).exit_code == 0
    return cli


def test_every_output_mode_says_whether_a_date_is_stated_or_inferred(tmp_path):
    cli = _index_at(tmp_path, {"stated.txt": STATED, "inferred.txt": INFERRED}, MARCH_2021)
    plain = cli("query", "HTX", "--sort", "date").stdout
    assert "Giao ban HTX [2021-02-26 (inferred)]" in plain
    assert "Hội nghị HTX [2021-01-22]" in plain
    rows = cli("query", "HTX", "--sort", "date", "--format", "csv").stdout.splitlines()
    assert rows[0] == "rank,id,path,title,date,date_source,score,snippet"
    assert ",2021-02-26,inferred," in rows[1] and ",2021-01-22,stated," in rows[2]
    sources = [h["date_source"] for h in cli.json("query", "HTX", "--sort", "date")]
    assert sources == ["inferred", "stated"]
    hit = Hit(1, "abc", "/c/x.txt", "Giao ban", "2021-02-26", 1.0, "")
    hit = Hit(**{**hit.__dict__, "article": {"date_source": "inferred"}})
    buffer = io.StringIO()
    render.make_console(buffer, "never", width=80).print(render.hit_block(hit, 80))
    assert "2021-02-26 (inferred) · abc" in buffer.getvalue()


def test_stated_dates_limits_since_until_year_and_date_order(tmp_path):
    cli = _index_at(tmp_path, {"stated.txt": STATED, "inferred.txt": INFERRED}, MARCH_2021)

    def names(*args):
        return [Path(h["path"]).name for h in cli.json("query", "HTX", *args)]

    assert names("--since", "2021-02") == ["inferred.txt"]
    assert cli("query", "HTX", "--since", "2021-02", "--stated-dates").exit_code == 1
    assert names("--year", "2021", "--stated-dates") == ["stated.txt"]
    assert names("--until", "2021-12", "--stated-dates") == ["stated.txt"]
    assert names("--sort", "date") == ["inferred.txt", "stated.txt"]
    assert names("--sort", "date", "--stated-dates") == ["stated.txt", "inferred.txt"]
    exported = cli("export", "--sort", "date", "--stated-dates", "--fields", "path")
    assert [Path(json.loads(line)["path"]).name for line in exported.stdout.splitlines()] == [
        "stated.txt",
        "inferred.txt",
    ]
    bad = cli("query", "HTX", "--stated-dates", "--since", "2021-13")
    assert bad.exit_code == 2 and "there is no month 13" in bad.stderr


def test_an_opening_date_after_a_glued_photo_caption_is_stated(tmp_path):
    captioned = (
        "Phạt nguội xe\nÔng Hán làm việc với cơ quan chức năng. Ngày 10/2/2017, báo phản ánh.\n"
    )
    question = (
        "Tết thiếu nhi\nNgày này ra đời thế nào? Rạng sáng ngày 1/6/1942, phát xít Đức tới.\n"
    )
    cli = _index_at(tmp_path, {"captioned.txt": captioned, "question.txt": question}, MARCH_2021)
    dates = {Path(h["path"]).name: (h["date"], h["date_source"]) for h in cli.json("query", "ngày")}
    assert dates["captioned.txt"] == ("2017-02-10", "stated")
    assert dates["question.txt"] == (None, None)  # a question heads a section, not a caption


def test_stated_dates_limits_the_year_facet_and_trend_counts_too(tmp_path):
    cli = _index_at(tmp_path, {"stated.txt": STATED, "inferred.txt": INFERRED}, MARCH_2021)

    def year_facet(*args):
        return cli.json("query", "HTX", "--facet", "year", *args)[-1]["counts"]

    def trend(*args):
        return [(row["period"], row["count"]) for row in cli.json("trend", "HTX", *args)]

    assert year_facet() == {"2021": 2}
    assert year_facet("--stated-dates") == {"2021": 1, "undated": 1}
    assert trend() == [("2021", 2), ("undated", 0)]
    assert trend("--stated-dates") == [("2021", 1), ("undated", 1)]
    assert trend("--by", "month", "--stated-dates") == [("2021-01", 1), ("undated", 1)]


def test_a_date_is_inferred_only_from_when_the_page_was_saved_and_a_text_that_agrees(tmp_path):
    articles = {
        "decree.txt": "HTX theo quyết định\n\nTheo Quyết định số 246/2006/QĐ-TTg ngày "
        "27/10/2006 của Thủ tướng, HTX được hỗ trợ.\n",
        "event.txt": "Xử án ở HTX\n\nDiễn biến tại tòa cho thấy, chiều 15/1/2016, anh D. "
        "chở vợ đến HTX.\n",
        "birth.txt": "Tai nạn ở HTX\n\nNgày 3.7, bà Trần Thị M. (SN 1966) làm việc ở HTX.\n",
        "this-year.txt": "Tôm và HTX\n\nNgày 6/2, HTX nuôi tôm bàn Kế hoạch 05/KH-UBND "
        "ngày 10/1/2017; phải đạt mục tiêu trước năm 2025.\n",
        "forecast.txt": "HTX và 5G\n\nNgày 9/2, HTX dự hội thảo: thị trường 5G đạt 582 "
        "tỷ USD vào năm 2017.\n",
        "last-year.txt": "Lúa và HTX\n\nNgày 8/2, HTX lúa họp. Năm 2016 xuất khẩu tăng.\n",
        "later.txt": "HTX tương lai\n\nHTX sẽ khánh thành ngày 5/3/2030 như kế hoạch.\n",
        "2017-02-10-hop-htx.txt": "Họp HTX\n\nCác HTX họp bàn.\n",
    }
    cli = _index_at(tmp_path, articles, datetime.date(2017, 3, 1))
    dates = {Path(h["path"]).name: (h["date"], h["date_source"]) for h in cli.json("query", "HTX")}
    assert dates == {
        "decree.txt": (None, None),  # a document's date, not the article's
        "event.txt": (None, None),  # an earlier event told in the lede
        "birth.txt": (None, None),  # the text names no year of its own
        "this-year.txt": ("2017-02-06", "inferred"),
        "forecast.txt": (None, None),  # a file's time may be a copy's: the text must
        "last-year.txt": (None, None),  # date something in that year
        "later.txt": (None, None),
        "2017-02-10-hop-htx.txt": ("2017-02-10", "inferred"),  # the collector's date
    }


def test_a_crawl_time_dates_a_day_month_opening_of_the_year_before_too(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(LAST_YEAR, encoding="utf-8")
    (folder / "b.txt").write_text(LAST_YEAR.replace("8/2", "28/12"), encoding="utf-8")
    (tmp_path / "c-meta.jsonl").write_text(
        '{"doc_id": "a", "crawled_at": "2017-03-02T10:00:00"}\n'
        '{"doc_id": "b", "crawled_at": "2017-03-02T10:00:00"}\n',
        encoding="utf-8",
    )
    cli = Cli(tmp_path / "ix")
    assert cli("index", str(folder)).exit_code == 0
    dates = {Path(h["path"]).name: h["date"] for h in cli.json("query", "HTX")}
    assert dates == {"a.txt": "2017-02-08", "b.txt": "2016-12-28"}


LAST_YEAR = "Lúa và HTX\n\nNgày 8/2, HTX lúa họp. Năm 2016 xuất khẩu tăng.\n"


def test_editing_a_sidecar_reindexes_the_articles_it_describes(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("HTX A\n\nMột HTX.\n", encoding="utf-8")
    (folder / "b.txt").write_text("HTX B\n\nHai HTX.\n", encoding="utf-8")
    sidecar = tmp_path / "c-meta.jsonl"
    sidecar.write_text('{"doc_id": "a", "date": "20200101"}\n', encoding="utf-8")
    cli = Cli(tmp_path / "ix")
    assert cli("index", str(folder)).exit_code == 0

    def dates():
        return {Path(h["path"]).name: h["date"] for h in cli.json("query", "HTX")}

    assert dates() == {"a.txt": "2020-01-01", "b.txt": None}
    sidecar.write_text(
        '{"doc_id": "a", "date": "20210505"}\n{"doc_id": "b", "date": "2019-07-01"}\n',
        encoding="utf-8",
    )
    result = cli("index")
    assert "updated 2, removed 0, unchanged 0" in result.stderr
    assert dates() == {"a.txt": "2021-05-05", "b.txt": "2019-07-01"}
    assert "updated 0, removed 0, unchanged 2" in cli("index").stderr


@pytest.mark.parametrize(
    "opening, expected",
    [
        ("Sáng 26/2/2017, HTX họp.", ("2017-02-26", "stated")),
        ("Chiều nay, 26/2/2017, HTX họp.", ("2017-02-26", "stated")),
        ("Vào ngày 26/2/2017, HTX họp.", ("2017-02-26", "stated")),
        ("Ngày 15 tháng 2 năm 2017, HTX họp.", ("2017-02-15", "stated")),
        ("Bạc Liêu - Ngày 15/2/2017, HTX họp.", ("2017-02-15", "stated")),
        ("(TITC) – Ngày 12/2/2017, Văn phòng họp báo.", ("2017-02-12", "stated")),
        ("Theo đó, ngày 6/2/2017, công an phát hiện.", None),  # an event told later on
        ("Ngày 1/7/2017, Luật HTX sẽ có hiệu lực.", None),  # after the page was saved
        # an event the article looks back on: its text speaks of 2014 as past
        ("Ngày 6/2/1952 sau khi vua từ trần, bà lên ngôi. Năm 2014, bà dự lễ.", None),
        ("Sáng 6/2, HTX họp về Kế hoạch 05/KH ngày 10/1/2017.", ("2017-02-06", "inferred")),
        ("GD&TĐ - Chiều 6/2, HTX họp; Quyết định 9/2017/QĐ.", ("2017-02-06", "inferred")),
        ("Ngày 15 tháng 2, HTX họp; Quyết định 9/2017/QĐ.", ("2017-02-15", "inferred")),
        ("Ngày 26/2, Sở sẽ công bố điểm; Quyết định 9/2017/QĐ.", None),  # an event to come
        ("Ngày 16/2 tới, HTX họp; Quyết định 9/2017/QĐ.", None),
        ("Sáng 7/2, Sở cho biết HTX sẽ được hỗ trợ; QĐ 9/2017/QĐ.", ("2017-02-07", "inferred")),
        ("Chiều nay 21/2, thí sinh sẽ tập trung; QĐ 9/2017/QĐ.", ("2017-02-21", "inferred")),
        ("Chiều 6/2, Bộ họp về việc sắp xếp HTX; QĐ 9/2017/QĐ.", ("2017-02-06", "inferred")),
        # a full date the words after it place in the past or the future, but "nay"
        ("Vào ngày 29/06/2007 – tròn 10 năm về trước, iPhone ra đời.\nNgày 09/01/2007 là", None),
        ("Vào ngày 18/02/2017, tức là vài ngày tới, Nga sẽ bầu cử.", None),
        ("Sáng nay, 21/02/2017, Quốc hội sẽ bế mạc.", ("2017-02-21", "stated")),
        # "sẽ" further into the clause announces the event too
        (
            "Ngày 20/02/2017, ngôi sao EDM đình đám thế giới Hardwell sẽ biểu diễn tại Mỹ Đình.",
            None,
        ),
    ],
)
def test_a_lede_opening_on_its_date_dates_the_article(opening, expected):
    date = find_date(opening, SavedOn(datetime.date(2017, 3, 1)))
    assert ((date.iso, date.source) if date else None) == expected


@pytest.mark.parametrize(
    ("last_line", "author"),
    [
        # a byline glued after the last sentence of a one-line body, as the crawl saves them
        ("Anh mới ra sân 9 lần ở Premier League. Đức Mạnh (theo Mirror)", "Đức Mạnh"),
        ("Có lẽ đó là niềm vui chung của người dân nơi đây. Tiến Phúc", "Tiến Phúc"),
        ("… thúc đẩy hợp tác./. Vũ Dũng - Chanh Tuy/VOV", "Vũ Dũng - Chanh Tuy"),
        ("… và thành phần từng môn thi. KHÁNH BÌNH", "KHÁNH BÌNH"),
        ("… về sự việc này. Theo Hoàng Hải/Thoidai.com.vn", "Hoàng Hải"),
        ("… đang tới gần” – T.O.P nói. Tuấn Vĩ Theo Koreaboo", "Tuấn Vĩ"),
        # a paper credited, an acronym, a paragraph that opens with a name: no writer
        ("… trong MV. Theo Trí Thức Trẻ", None),
        ("Theo Vnexpress", None),
        ("… xe buýt tại TP. HCM", None),
        ("Anthony Martial (tiền đạo): Anh từng là sự lựa chọn hàng đầu trên hàng công MU.", None),
        # a long last line that opens with "Theo" may still close with a byline
        ("Theo phản ánh (của người lao động), ông đặt vấn đề như vậy. Kiên Trung", "Kiên Trung"),
    ],
)
def test_a_closing_byline_names_the_writer_and_nothing_else(last_line, author):
    assert closing_byline(last_line) == author
