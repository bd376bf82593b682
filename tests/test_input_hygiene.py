"""Input hygiene (issue 12, point 7): file names in any Unicode normal form, Markdown."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import Cli


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- file names: NFC typed, NFD on disk (as macOS writes them), and the reverse ---

NFD_NAME = "hợp-tác-xã-Bắc-Giang.txt"  # written decomposed
NFC_NAME = "chè-Thái-Nguyên.txt"  # written composed
FOLDER = "Tây Bắc"  # written decomposed


@pytest.fixture(scope="module")
def names_cli(tmp_path_factory) -> Cli:
    corpus = tmp_path_factory.mktemp("names") / "corpus"
    folder = corpus / nfd(FOLDER)
    folder.mkdir(parents=True)
    (folder / nfd(NFD_NAME)).write_text(
        "Hợp tác xã Bắc Giang làm ăn có lãi\n\nCác hợp tác xã trồng vải thiều ở Lục Ngạn.",
        encoding="utf-8",
    )
    (folder / nfc(NFC_NAME)).write_text(
        "Chè Thái Nguyên vào mùa\n\nHợp tác xã chè Tân Cương thu hoạch vụ xuân.",
        encoding="utf-8",
    )
    # two files whose names differ only in their normal form stay two documents
    (corpus / nfc("hoà-bình.txt")).write_text("Tin viết liền\n\nHòa Bình.", encoding="utf-8")
    (corpus / nfd("hoà-bình.txt")).write_text("Tin tách dấu\n\nHòa Bình.", encoding="utf-8")
    run = Cli(corpus.parent / "ix")
    result = run("index", str(corpus))
    assert result.exit_code == 0, result.stderr
    run.corpus = corpus
    return run


def test_show_finds_a_file_name_typed_in_the_other_normal_form(names_cli):
    cases = {
        "Hợp tác xã Bắc Giang làm ăn có lãi": NFD_NAME,
        "Chè Thái Nguyên vào mùa": NFC_NAME,
    }
    for title, name in cases.items():
        for typed in (
            nfc(name),
            nfd(name),
            f"{nfc(FOLDER)}/{nfd(name)}",
            f"{nfd(FOLDER)}/{nfc(name)}",
        ):
            result = names_cli("show", typed, "--json")
            assert result.exit_code == 0, (typed, result.stderr)
            assert json.loads(result.stdout)["title"] == title, typed


def test_show_finds_a_whole_path_typed_in_the_other_normal_form(names_cli):
    stored = json.loads(names_cli("show", NFD_NAME, "--json").stdout)["path"]
    assert stored == nfd(str(names_cli.corpus / FOLDER / NFD_NAME))  # the name as on disk
    for typed in (nfc(stored), nfd(stored)):
        result = names_cli("show", typed, "--format", "plain")
        assert result.exit_code == 0, result.stderr
        assert "Hợp tác xã Bắc Giang làm ăn có lãi" in result.stdout


def test_similar_finds_a_file_name_typed_in_the_other_normal_form(names_cli):
    for typed in (nfc(NFD_NAME), nfd(NFC_NAME)):
        result = names_cli("similar", typed, "--json")
        assert result.exit_code in (0, 1), result.stderr  # 2 would be "no such document"
        assert "No document" not in result.stderr
    hits = names_cli.json("similar", nfc(NFD_NAME))
    assert [h["title"] for h in hits][:1] == ["Chè Thái Nguyên vào mùa"]


def test_names_differing_only_in_normal_form_are_told_apart_as_typed(names_cli):
    composed = names_cli("show", nfc("hoà-bình.txt"), "--json")
    decomposed = names_cli("show", nfd("hoà-bình.txt"), "--json")
    assert json.loads(composed.stdout)["title"] == "Tin viết liền"
    assert json.loads(decomposed.stdout)["title"] == "Tin tách dấu"
    other = names_cli("show", nfc("hòa-bình.txt"))  # the new tone style is another name
    assert other.exit_code == 2 and "No document" in other.stderr


# --- Markdown: markup out before indexing, words and link texts kept ---

MARKDOWN = """# Hợp tác xã **chè Tân Hương** vào vụ

Theo [Liên minh HTX tỉnh Thái Nguyên](https://lmhtx.thainguyen.gov.vn/tin-tuc "Trang chủ"),
HTX có *50 thành viên* và __12 tổ sản xuất__; xem ![ảnh đồi chè](https://cdn.example.vn/che.jpg).

## Kết quả

1. Doanh thu **2,5 tỷ đồng**
2. Sản phẩm đạt `OCOP` 4 sao

| Năm | Sản lượng |
|-----|-----------|
| 2021 | 120 tấn |

Nguồn: <https://baothainguyen.vn/bai-viet> &amp; ~~tin cũ~~ tin mới.
"""


@pytest.fixture(scope="module")
def markdown_cli(tmp_path_factory) -> Cli:
    corpus = tmp_path_factory.mktemp("md") / "corpus"
    corpus.mkdir()
    (corpus / "tan-huong.md").write_text(MARKDOWN, encoding="utf-8")
    (corpus / "plain.txt").write_text("Tin thường\n\nDấu **sao** ở tệp .txt được giữ.")
    run = Cli(corpus.parent / "ix")
    result = run("index", str(corpus))
    assert result.exit_code == 0 and "added 2" in result.stderr, result.stderr
    return run


def test_markdown_title_loses_its_hashes_and_emphasis(markdown_cli):
    hit = markdown_cli.json("query", "Tân Hương")[0]
    assert hit["title"] == "Hợp tác xã chè Tân Hương vào vụ"
    assert hit["provinces"] == ["Thái Nguyên"]


def test_markdown_body_keeps_words_and_link_texts_not_markup_or_urls(markdown_cli):
    document = json.loads(markdown_cli("show", "tan-huong.md", "--json").stdout)
    body = document["body"]
    for markup in ("#", "**", "__", "*", "](", "![", "`", "|", "~~", "&amp;", "<", "lmhtx", "cdn"):
        assert markup not in body, markup
    for words in (
        "Theo Liên minh HTX tỉnh Thái Nguyên,",
        "HTX có 50 thành viên và 12 tổ sản xuất; xem ảnh đồi chè.",
        "Kết quả",
        "1. Doanh thu 2,5 tỷ đồng",
        "2. Sản phẩm đạt OCOP 4 sao",
        "2021\t120 tấn",
        "Nguồn: https://baothainguyen.vn/bai-viet & tin cũ tin mới.",  # an autolink's text
    ):
        assert words in body, words
    assert "Liên minh HTX tỉnh Thái Nguyên" in document["organisations"]


def test_markdown_words_are_found_and_urls_are_not(markdown_cli):
    assert markdown_cli("query", '"chè Tân Hương"', "-c").stdout == "1\n"
    assert markdown_cli("query", '"tổ sản xuất"', "-c").stdout == "1\n"
    assert markdown_cli("query", "OCOP", "-c").stdout == "1\n"
    # --no-expand: "lmhtx" rightly finds the text's "Liên minh HTX" as an abbreviation;
    # here only the link's own letters are asked for
    for url_word in ("lmhtx", "thainguyen", "cdn", "tin-tuc", "jpg"):
        result = markdown_cli("query", url_word, "-c", "--no-correct", "--no-expand")
        assert result.stdout == "0\n", url_word
    hit = markdown_cli.json("query", "Doanh thu")[0]
    assert "**" not in hit["snippet"] and "Doanh thu" in hit["snippet"]


def test_txt_files_keep_their_asterisks(markdown_cli):
    body = json.loads(markdown_cli("show", "plain.txt", "--json").stdout)["body"]
    assert "**sao**" in body
