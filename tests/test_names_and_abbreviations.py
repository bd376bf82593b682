"""Organisations and people as names, and abbreviations read in their article's sense.

Each article below is there to be found, or to be a near miss that must not
be: a title that starts like a body ("Bộ trưởng"), a verb after an
abbreviated name ("Bộ NN&PTNT đẩy mạnh"), three spellings of one body, a
city written like a person's name, and the two meanings of KTTT and THT.
"""

from __future__ import annotations

import json

import pytest
from conftest import indexed_cli

ARTICLES = {
    "bo-nn.txt": "Hội nghị ngành nông nghiệp\n\n"
    "Bộ trưởng Bộ NN&PTNT đẩy mạnh liên kết. Cục trưởng Cục Kinh tế hợp tác phát biểu. "
    "Bộ KH&ĐT phối hợp với các tỉnh.\n"
    "Sở hữu Trong năm, các HTX ở đây được hỗ trợ theo Luật Hợp tác xã, không phải luật khác.",
    "bo-nn-full.txt": "Tin bộ\n\nBộ Nông nghiệp và Phát triển nông thôn cho biết kết quả.",
    "lien-minh-1.txt": "Liên minh họp\n\nLiên minh Hợp tác xã Việt Nam tổ chức hội nghị.",
    "lien-minh-2.txt": "Liên minh tập huấn\n\nLiên minh HTX Việt Nam mở lớp tập huấn.",
    "lien-minh-3.txt": "Liên minh trao giải\n\nLiên minh Hợp Tác xã Việt Nam trao giải thưởng.",
    "lien-minh-4.txt": "Phát triển kinh tế hợp tác\n\nCác cơ quan như Bộ KH&ĐT, Liên minh HTX "
    "phải cùng vào cuộc.",
    "thanh-pho.txt": "Thành phố mở rộng\n\n"
    "Tp. Hồ Chí Minh mở rộng đường; Chủ tịch Hà Nội yêu cầu báo cáo.",
    "bac-ho.txt": "Ngày sinh\n\nKỷ niệm ngày sinh Chủ tịch Hồ Chí Minh ở quê nhà.",
    "kttt-htx.txt": "Phát triển KTTT\n\nTỉnh chú trọng phát triển KTTT, trong đó HTX là nòng cốt.",
    "kttt-thi-truong.txt": "Nền kinh tế\n\n"
    "Việt Nam xây dựng nền KTTT định hướng xã hội chủ nghĩa và mở cửa.",
    "kttt-bare.txt": "Tin ngắn\n\nBáo cáo nhắc tới KTTT mà không nói rõ.",
    "tht-rau.txt": "Rau sạch\n\nCác THT trồng rau ở xã có 20 thành viên góp vốn.",
    "tht-nasa.txt": "NASA cảnh báo\n\n"
    "Một THT lớn sẽ bay sát Trái Đất vào tuần tới, các nhà thiên văn cho biết.",
    "tieu-hanh-tinh.txt": "Vật thể bay\n\nTiểu hành tinh Apophis được quan sát rõ.",
    "luat-2012.txt": "Luật mới\n\nTheo Luật Hợp tác xã năm 2012, thành viên góp vốn.",
    "luat-htx-2012.txt": "Góp vốn\n\nLuật HTX năm 2012 quy định thành viên góp vốn. "
    "Báo Pháp Luật TP.HCM đưa tin.",
    "luat-htx-2012-b.txt": "Tư vấn góp vốn\n\nTheo Luật HTX 2012, thành viên góp vốn; "
    "Công ty Luật TNHH Thắng Phạm tư vấn.",
    "luat-htx-2012-c.txt": "Góp vốn xưa nay\n\nLuật hợp tác xã ra đời năm 2012 cho thành "
    "viên góp vốn.",
    "tphcm.txt": "Giá nhà\n\nGiá nhà ở TPHCM tăng trong quý.",
    "tp-ho-chi-minh.txt": "Giá đất\n\nGiá đất ở TP Hồ Chí Minh tăng.",
    "hang-bay.txt": "Mua máy bay\n\nQatar Airways sẽ mua thêm 10 máy bay bằng khoản vay "
    "của China Eximbank.",
    "bong-da.txt": "Trận cầu đỉnh\n\nCông Phượng ghi bàn sau đường chuyền của Tuấn Anh, "
    "còn Messi chỉ đứng xem ở khán đài.\nDân xã Thanh Nam cổ vũ. Minh Chiến",
}


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    return indexed_cli(tmp_path_factory.mktemp("names-senses"), ARTICLES)


def names(cli, *query: str) -> set[str]:
    result = cli("query", *query, "-l")
    assert result.exit_code in (0, 1), result.stderr
    return {line.rsplit("/", 1)[-1] for line in result.stdout.splitlines()}


def records(cli, *args: str) -> dict[str, dict]:
    """Each article's export record, by file name."""
    result = cli("export", *args)
    found = [json.loads(line) for line in result.stdout.splitlines()]
    return {r["path"].rsplit("/", 1)[-1]: r for r in found}


def entity_values(cli, kind: str, *args: str) -> dict[str, int]:
    result = cli("entities", *args, "--type", kind, "--limit", "50", "--json")
    return {r["value"]: r["count"] for r in map(json.loads, result.stdout.splitlines())}


# -- organisations and people as names -------------------------------------------


def test_organisation_names_end_where_the_name_ends(cli):
    article = records(cli, "--fields", "path,organisations,references")["bo-nn.txt"]
    orgs = article["organisations"]
    assert "Bộ NN&PTNT" in orgs and "Bộ KH&ĐT" in orgs  # no "đẩy", no "phối"
    assert "Cục Kinh tế hợp tác" in orgs  # not cut at "Kinh tế"
    for wrong in ("Bộ trưởng", "Cục trưởng", "Sở hữu Trong", "HTX ở đây", "Bộ NN&PTNT đẩy"):
        assert not any(o.startswith(wrong) for o in orgs), (wrong, orgs)
    assert "Luật Hợp tác xã" in article["references"]
    full = records(cli, "--fields", "path,organisations")["bo-nn-full.txt"]["organisations"]
    assert full == ["Bộ Nông nghiệp và Phát triển nông thôn"]  # not cut at "Phát triển"


def test_a_city_abbreviated_or_written_out_and_a_hyphen_or_a_case_are_one_body():
    from coopsearch.entities import canonical_org

    spellings = ("UBND TP Hà Nội", "UBND TP.Hà Nội", "UBND Thành phố Hà Nội")
    assert {canonical_org(s) for s in spellings} == {"UBND TP Hà Nội"}
    assert canonical_org("Bộ NN-PTNT") == canonical_org("Bộ NN&PTNT") == "Bộ NN&PTNT"
    assert canonical_org("Vnexpress") == "VnExpress"
    hcm = ("UBND TP HCM", "UBND TPHCM", "UBND TP.HCM", "UBND TP Hồ Chí Minh")
    assert {canonical_org(s) for s in hcm} == {"UBND TP HCM"}
    assert canonical_org("Sở Công thương") == canonical_org("Sở Công Thương")


def test_a_firms_legal_kind_is_left_out_of_its_one_name():
    from coopsearch.entities import canonical_org

    firms = ("Công ty TNHH Cường Hưng", "Công ty Cường Hưng", "Cty CP Cường Hưng")
    assert {canonical_org(s) for s in firms} == {"Công ty Cường Hưng"}
    assert canonical_org("Ngân hàng TMCP Ngoại thương") == "Ngân hàng Ngoại thương"


def test_spellings_of_one_body_are_one_value_in_entities_and_facets(cli):
    orgs = entity_values(cli, "org")
    assert orgs["Liên minh HTX Việt Nam"] == 3
    assert not any(o.startswith("Liên minh Hợp") for o in orgs)
    facet = cli.json("query", "Liên minh", "--facet", "org", "--fields", "id")
    counts = next(line["counts"] for line in facet if line.get("facet") == "org")
    assert counts["Liên minh HTX Việt Nam"] == 3
    # the articles keep the spelling they wrote
    shown = records(cli, "--fields", "path,organisations")["lien-minh-3.txt"]
    assert shown["organisations"] == ["Liên minh Hợp Tác xã Việt Nam"]


def test_a_law_is_one_reference_however_it_is_written(cli):
    every = {"luat-2012.txt", "luat-htx-2012.txt", "luat-htx-2012-b.txt"}
    assert names(cli, "góp vốn", "--entity", "reference:luật hợp tác xã") == {
        *every,
        "luat-htx-2012-c.txt",  # "Luật hợp tác xã ra đời năm 2012": the law, not "… ra đời"
    }
    for spec in ("reference:Luật HTX năm 2012", "reference:Luật Hợp tác xã 2012"):
        assert names(cli, "góp vốn", "--entity", spec) == every, spec
    facet = cli.json("query", "góp vốn", "--facet", "reference", "--fields", "id")
    counts = next(line["counts"] for line in facet if line.get("facet") == "reference")
    # not "Luật TP" of the paper Pháp Luật TP.HCM, nor "Luật TNHH" of a law firm
    assert counts == {"Luật HTX năm 2012": 3, "Luật HTX": 1}


def test_an_org_filter_finds_every_spelling_of_the_name(cli):
    # lien-minh-4 names the alliance bare, with nothing after "Liên minh HTX"
    every_spelling = {"lien-minh-1.txt", "lien-minh-2.txt", "lien-minh-3.txt", "lien-minh-4.txt"}
    assert names(cli, '"Liên minh HTX"') == every_spelling
    for spec in ("org:Liên minh HTX", "org:Liên minh Hợp tác xã", "org:lien minh hop tac xa"):
        assert names(cli, "--entity", spec) == every_spelling, spec
    assert names(cli, "Bộ", "--entity", "org:Bộ Nông nghiệp và Phát triển nông thôn") == {
        "bo-nn.txt",
        "bo-nn-full.txt",
    }


def test_a_place_is_never_a_person(cli):
    people = entity_values(cli, "person")
    assert "Hà Nội" not in people
    assert people.get("Hồ Chí Minh") == 1  # the president, in bac-ho.txt only
    shown = records(cli, "--fields", "path,people")
    assert shown["thanh-pho.txt"]["people"] == []


def test_names_the_press_writes_bare_are_people_but_not_a_byline_or_a_commune(cli):
    record = records(cli, "--fields", "path,people")["bong-da.txt"]
    people = {person["name"] for person in record["people"]}
    assert {"Công Phượng", "Tuấn Anh", "Messi"} <= people
    assert "Minh Chiến" not in people  # the reporter's byline closing the article
    assert "Thanh Nam" not in people  # "xã Thanh Nam": a commune


def test_a_name_ends_with_its_words_of_scope():
    from coopsearch.entities import extract_organisations

    text = "Ông Zhou, giám đốc Trung tâm Hợp tác An ninh quốc tế thuộc Bộ Quốc phòng, nói."
    assert "Trung tâm Hợp tác An ninh quốc tế" in extract_organisations(text)
    assert extract_organisations("Bộ Công Thương quốc tế hóa thị trường.") == ("Bộ Công Thương",)
    # lowercase words between a head and a name never hold a title
    assert extract_organisations("Tòa án truy tố cựu chủ tịch Tsunehisa Katsumata.") == ()


def test_foreign_names_after_an_abbreviation_or_repeated_in_a_caption():
    from coopsearch.entities import extract

    def people(text):
        return [p.name for p in extract(text).people]

    assert people("Phóng viên đài TF1 Paul Larouturou bị mời ra.") == ["Paul Larouturou"]
    assert people("Ảnh: Lauren Young Lauren Young trên phim trường.") == ["Lauren Young"]
    assert people("Hậu vệ Hector Bellerin và Rebecca Ferguson dự lễ.") == [
        "Hector Bellerin",
        "Rebecca Ferguson",
    ]


def test_a_title_holder_after_a_local_body_is_a_person_not_part_of_its_name():
    from coopsearch.entities import extract

    def split(text):
        found = extract(f"Tin\n\n{text}")
        return found.organisations, [p.name for p in found.people]

    assert split("Chủ tịch UBND TP Nguyễn Đức Chung yêu cầu.") == (
        ("UBND TP",),
        ["Nguyễn Đức Chung"],
    )
    assert split("Chủ tịch UBND xã Vĩnh Quỳnh Nguyễn Thị Thu Hồng nói.") == (
        ("UBND xã Vĩnh Quỳnh",),
        ["Nguyễn Thị Thu Hồng"],
    )
    assert split("Chủ tịch UBND huyện Gia Lâm Nguyễn Ngọc Thuần nói.")[0] == ("UBND huyện Gia Lâm",)
    assert split("Chủ tịch UBND phường Nguyễn Trãi cho biết.")[0] == ("UBND phường Nguyễn Trãi",)
    # an unnamed ward's committee is not the province's
    assert split("UBND phường đã đề nghị xử lý.")[0] == ()


def test_a_chairman_of_a_province_and_a_schools_or_a_classs_name():
    from coopsearch.entities import extract

    found = extract("Tin\n\nChủ tịch Hà Nội Nguyễn Đức Chung đã yêu cầu xử lý.")
    assert found.provinces == ("Hà Nội",)
    assert [p.name for p in found.people] == ["Nguyễn Đức Chung"]
    text = "Tin\n\nBé học trường mầm non Sen Vàng cho hay con ở lớp Hươu Cao Cổ."
    assert extract(text).people == ()


def test_foreign_bodies_the_news_names_bare_are_organisations(cli):
    record = records(cli, "--fields", "path,organisations")["hang-bay.txt"]
    assert "Qatar Airways" in record["organisations"]
    assert "Eximbank" not in record["organisations"]  # China Eximbank is another bank


# -- abbreviations in context ------------------------------------------------------


def test_an_ambiguous_abbreviation_is_found_only_in_the_meaning_its_article_supports(cli):
    assert names(cli, "kinh tế tập thể") == {"kttt-htx.txt"}
    assert names(cli, "kinh tế thị trường") == {"kttt-thi-truong.txt"}
    assert names(cli, "tổ hợp tác") == {"tht-rau.txt"}
    assert names(cli, "tiểu hành tinh") == {"tht-nasa.txt", "tieu-hanh-tinh.txt"}
    assert names(cli, "tieu hanh tinh") == {"tht-nasa.txt", "tieu-hanh-tinh.txt"}
    assert int(cli("query", "kinh tế tập thể", "-c").stdout) == 1


def test_a_typed_abbreviation_matches_as_written_and_stands_for_its_first_meaning(cli):
    assert names(cli, "KTTT") == {"kttt-htx.txt", "kttt-thi-truong.txt", "kttt-bare.txt"}
    assert names(cli, "THT") == {"tht-rau.txt", "tht-nasa.txt"}  # not "Tiểu hành tinh"


def test_two_abbreviations_of_one_name_find_each_other(cli):
    # "TP.HCM", "TPHCM", "TP Hồ Chí Minh" and "Tp. Hồ Chí Minh", one in each
    both = {"luat-htx-2012.txt", "tphcm.txt", "tp-ho-chi-minh.txt", "thanh-pho.txt"}
    assert names(cli, "TP.HCM") == names(cli, "TPHCM") == both
    assert names(cli, "TPHCM", "--no-expand") == {"tphcm.txt"}


def test_quoted_phrases_and_longer_words_expand_too(cli):
    both = {"luat-2012.txt", "luat-htx-2012.txt", "luat-htx-2012-b.txt", "luat-htx-2012-c.txt"}
    assert names(cli, '"Luật HTX" 2012') == both
    assert names(cli, '"Luật Hợp tác xã" 2012') == both


def test_the_expansions_a_query_used_are_noted_and_given_in_json(cli):
    result = cli("query", "kinh tế tập thể", "-c")
    assert "kinh tế tập thể = KTTT (only where it means kinh tế tập thể)" in result.stderr
    hits = cli.json("query", "KTTT", "--fields", "id,expansions")
    assert hits[0]["expansions"] == [
        {"typed": "KTTT", "also": "kinh tế tập thể", "only_meaning": None}
    ]
    plain = cli.json("query", "KTTT")
    assert "expansions" not in plain[0]  # only when asked


def test_no_expand_turns_expansions_off_in_query_export_and_entities(cli):
    result = cli("query", "tiểu hành tinh", "-l", "--no-expand")
    assert {p.rsplit("/", 1)[-1] for p in result.stdout.splitlines()} == {"tieu-hanh-tinh.txt"}
    assert "expanded" not in result.stderr
    assert names(cli, '"Luật HTX" 2012', "--no-expand") == {
        "luat-htx-2012.txt",
        "luat-htx-2012-b.txt",
    }
    exported = records(cli, "tiểu hành tinh", "--no-expand", "--fields", "path")
    assert set(exported) == {"tieu-hanh-tinh.txt"}
    assert entity_values(cli, "org", "Liên minh Hợp tác xã", "--no-expand") == {
        "Liên minh HTX Việt Nam": 2  # the two articles that spell it out
    }
    for command in ("query", "export", "entities"):
        assert "--no-expand" in cli(command, "--help").stdout


def test_names_that_differ_in_case_only_are_one_value_under_the_commoner_spelling(tmp_path):
    cli = indexed_cli(
        tmp_path,
        {
            "lhq-1.txt": "Tin 1\n\nLiên hợp quốc kêu gọi hòa bình.",
            "lhq-2.txt": "Tin 2\n\nLiên hợp quốc viện trợ lương thực.",
            "lhq-3.txt": "Tin 3\n\nLiên Hợp Quốc họp khẩn; Liên hợp quốc ra tuyên bố.",
            "khdt.txt": "Tin 4\n\nBộ Kế hoạch Đầu tư công bố số liệu, Bộ KH&ĐT cho biết.",
        },
    )
    orgs = entity_values(cli, "org")
    assert orgs["Liên hợp quốc"] == 3 and "Liên Hợp Quốc" not in orgs  # one article counts once
    assert orgs["Bộ KH&ĐT"] == 1 and "Bộ Kế hoạch Đầu tư" not in orgs
    facet = cli.json("query", "tin", "--facet", "org", "--fields", "id")
    counts = next(line["counts"] for line in facet if line.get("facet") == "org")
    assert counts["Liên hợp quốc"] == 3
    assert names(cli, "tin", "--entity", "org:LIÊN HỢP QUỐC") == {
        "lhq-1.txt",
        "lhq-2.txt",
        "lhq-3.txt",
    }
