"""A question typed as a query does not require its question words (data/question_words.txt)."""

from __future__ import annotations

from conftest import indexed_cli

ARTICLES = {
    "bac-giang.txt": "Bắc Giang phát triển HTX\n\nĐến nay Bắc Giang có 950 HTX nông nghiệp.",
    "hoi-dap.txt": "Hỏi đáp\n\nBắc Giang có bao nhiêu HTX? Câu hỏi của bạn đọc.",
    "khong-von.txt": "Vốn cho HTX\n\nNhiều HTX không có vốn để mở rộng sản xuất.",
}


def test_a_question_finds_the_articles_that_answer_it(tmp_path):
    cli = indexed_cli(tmp_path, ARTICLES)
    result = cli("query", "Bắc Giang có bao nhiêu HTX?", "-l")
    assert result.exit_code == 0
    assert sorted(line.rsplit("/", 1)[1] for line in result.stdout.split()) == [
        "bac-giang.txt",
        "hoi-dap.txt",
    ]
    assert "question words are not required: có, bao nhiêu" in result.stderr


def test_a_strong_question_word_makes_a_question_without_a_question_mark(tmp_path):
    cli = indexed_cli(tmp_path, ARTICLES)
    assert cli("query", "Bắc Giang bao nhiêu HTX", "-c").stdout.strip() == "2"


def test_everyday_words_stay_required_outside_a_question(tmp_path):
    cli = indexed_cli(tmp_path, ARTICLES)
    result = cli("query", "HTX không có vốn", "-l")
    assert [line.rsplit("/", 1)[1] for line in result.stdout.split()] == ["khong-von.txt"]
    assert "question words" not in result.stderr


def test_quoted_question_words_are_searched_as_typed(tmp_path):
    cli = indexed_cli(tmp_path, ARTICLES)
    result = cli("query", '"bao nhiêu" HTX?', "-l")
    assert [line.rsplit("/", 1)[1] for line in result.stdout.split()] == ["hoi-dap.txt"]


def test_a_query_of_question_words_only_is_kept_whole(tmp_path):
    cli = indexed_cli(tmp_path, ARTICLES)
    result = cli("query", "bao nhiêu?", "-l")
    assert [line.rsplit("/", 1)[1] for line in result.stdout.split()] == ["hoi-dap.txt"]


def test_a_pasted_headline_ending_in_a_quoted_word_and_a_question_mark_finds_its_article(
    tmp_path,
):
    cli = indexed_cli(
        tmp_path,
        {"kieu-moi.txt": "HTX 'kiểu mới'?\n\nCác HTX kiểu mới ra đời ở nhiều tỉnh."},
    )
    for typed in ("HTX 'kiểu mới'?", "HTX ‘kiểu mới’?", "HTX 'kiểu mới'"):
        assert cli("query", typed, "-c").stdout == "1\n", typed
