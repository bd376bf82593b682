"""Formats and encodings: every kind of file a crawl holds becomes searchable text."""

from __future__ import annotations

import json
import unicodedata

import pytest

ARTICLE = "Hợp tác xã chè Tân Hương ở Thái Nguyên\n\nHợp tác xã chè Tân Hương có 50 thành viên."
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Vietnamese in windows-1258: base letters precomposed, tone marks combining."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8-bom.txt", ARTICLE.encode("utf-8-sig")),
        ("utf16.txt", ARTICLE.encode("utf-16")),
        ("utf16-le-no-bom.txt", ARTICLE.encode("utf-16-le")),
        ("cp1258.txt", cp1258(ARTICLE)),
        ("mojibake.txt", ARTICLE.encode("utf-8").decode("cp1252").encode("utf-8")),
        ("entities.txt", ARTICLE.replace("chè", "ch&egrave;").replace("ở", "&#7903;").encode()),
        ("article.md", ARTICLE.encode()),
    ],
)
def test_each_encoding_is_read_as_the_same_vietnamese(fresh_cli, tmp_path, name, data):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    assert "added 1" in fresh_cli("index", str(folder)).stderr
    hit = fresh_cli.json("query", '"chè Tân Hương"')[0]
    assert hit["title"] == "Hợp tác xã chè Tân Hương ở Thái Nguyên"
    assert hit["provinces"] == ["Thái Nguyên"]


def test_correct_vietnamese_with_latin_capitals_is_not_repaired(fresh_cli, tmp_path):
    text = "HTX Ân Thi và Âu Cơ\n\nHTX Ân Thi (Hưng Yên) hợp tác với Âu Cơ, Ô Môn."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    fresh_cli("index", str(tmp_path))
    assert fresh_cli.json("query", "Ân Thi")[0]["title"] == "HTX Ân Thi và Âu Cơ"


def test_windows_1252_text_is_indexed(fresh_cli, tmp_path):
    text = "Coopérative agricole\n\nRéunion générale de la coopérative à Hà Nội, café."
    (tmp_path / "fr.txt").write_bytes(text.replace("à Hà Nội", "au Vietnam").encode("cp1252"))
    assert "added 1" in fresh_cli("index", str(tmp_path)).stderr
    assert fresh_cli.json("query", "Réunion")[0]["title"] == "Coopérative agricole"


HTML = """<!doctype html><html><head><title>HTX Bắc Giang | Báo Nông nghiệp</title>
<meta property="article:published_time" content="2021-03-05T08:00:00+07:00">
</head><body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a> Menu điều hướng</nav>
<article><h1>Hợp tác xã vải thiều Lục Ngạn vào mùa</h1>
<p>Năm 2021, tỉnh Bắc Giang có 950 HTX đang hoạt động với nhiều mô hình hiệu quả
trong sản xuất nông nghiệp và tiêu thụ vải thiều.</p>
<p>Liên minh HTX tỉnh Bắc Giang tổ chức hội nghị tổng kết công tác năm 2020 và triển
khai nhiệm vụ năm 2021 cho các hợp tác xã thành viên trên địa bàn.</p></article>
<footer>Bản quyền thuộc về báo</footer></body></html>"""


def test_html_gives_main_text_title_and_published_date(fresh_cli, tmp_path):
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    assert "added 1" in fresh_cli("index", str(tmp_path)).stderr
    hit = fresh_cli.json("query", "vải thiều")[0]
    assert hit["date"] == "2021-03-05" and hit["date_source"] == "stated"
    assert "Lục Ngạn" in hit["title"]
    assert fresh_cli("query", "điều hướng").exit_code == 1  # navigation left out


def test_json_and_jsonl_records_with_configurable_keys(fresh_cli, tmp_path):
    records = [
        {
            "headline": "HTX rau sạch Mộc Châu",
            "content": "HTX rau sạch ở Sơn La.",
            "date": "2021-05-02",
        },
        {"headline": "HTX cà phê Cầu Đất", "content": "HTX cà phê ở Lâm Đồng.", "date": "20220110"},
    ]
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    (tmp_path / "one.json").write_text(
        json.dumps({"title": "HTX chè Tân Cương", "body": "HTX chè ở Thái Nguyên."}),
        encoding="utf-8",
    )
    result = fresh_cli("index", str(tmp_path), "--json-keys", "title=headline,body=content")
    assert "added 2" in result.stderr  # two files
    hits = {h["title"]: h for h in fresh_cli.json("query", "HTX", "--limit", "5")}
    assert hits["HTX cà phê Cầu Đất"]["path"].endswith("feed.jsonl#L2")
    assert hits["HTX cà phê Cầu Đất"]["date"] == "2022-01-10"
    assert hits["HTX rau sạch Mộc Châu"]["provinces"] == ["Sơn La"]
    assert "HTX chè Tân Cương" in hits


def test_a_changed_jsonl_replaces_all_its_documents_and_a_deleted_one_removes_them(
    fresh_cli, tmp_path
):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"title": "HTX A", "body": "Nuôi ong."}\n{"title": "HTX B", "body": "Nuôi cá."}',
        encoding="utf-8",
    )
    fresh_cli("index", str(tmp_path))
    feed.write_text('{"title": "HTX C", "body": "Trồng lúa."}', encoding="utf-8")
    assert "updated 1" in fresh_cli("index", str(tmp_path)).stderr
    assert [h["title"] for h in fresh_cli.json("query", "HTX")] == ["HTX C"]
    feed.unlink()
    assert "removed 1" in fresh_cli("index", "--yes", str(tmp_path)).stderr
    assert fresh_cli("query", "HTX").exit_code == 1


def test_sidecar_metadata_beside_a_folder_gives_dates(fresh_cli, tmp_path):
    folder = tmp_path / "dantri"
    folder.mkdir()
    (folder / "news_001.txt").write_text("HTX nuôi tôm\nHTX nuôi tôm ở Cà Mau.", encoding="utf-8")
    (tmp_path / "dantri-meta.jsonl").write_text(
        '{"doc_id": "news_001", "title": "HTX nuôi tôm", "date": "20201001"}\n', encoding="utf-8"
    )
    result = fresh_cli("index", str(tmp_path))
    assert "added 1" in result.stderr and "skipped 0" in result.stderr
    assert fresh_cli.json("query", "tôm")[0]["date"] == "2020-10-01"


def test_a_sidecar_also_dates_the_articles_of_its_folders_subfolders(fresh_cli, tmp_path):
    folder = tmp_path / "dantri" / "2020"
    folder.mkdir(parents=True)
    (folder / "news_001.txt").write_text("HTX nuôi tôm\nHTX nuôi tôm ở Cà Mau.", encoding="utf-8")
    (tmp_path / "dantri-meta.jsonl").write_text(
        '{"doc_id": "news_001", "date": "20201001"}\nnot json\n{"title": "no id"}\n'
        '{"doc_id": "news_002", "date": "2017-13-45"}\n',
        encoding="utf-8",
    )
    result = fresh_cli("index", str(tmp_path / "dantri"))
    assert fresh_cli.json("query", "tôm")[0]["date"] == "2020-10-01"
    assert "dantri-meta.jsonl: 3 line(s) (2, 3, 4) are not a JSON record" in result.stderr


def test_bad_files_are_skipped_once_each_with_a_reason_and_the_rest_indexed(fresh_cli, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "nobody.jsonl").write_text('{"title": "no body"}\n', encoding="utf-8")
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 50)
    result = fresh_cli("index", str(tmp_path))
    assert result.exit_code == 0
    assert "added 1" in result.stderr and "skipped 4" in result.stderr
    assert result.stderr.count("scan.txt") == 1
    assert "binary content (a PDF document)" in result.stderr
    assert "not valid JSON: 1" in result.stderr
