"""Any string is a query, any text is a document: results or one sentence, in bounded time.

Queries run through the real command line against the bundled corpus; the
property tests throw arbitrary text, operators and field prefixes at it.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopsearch import querybuild, render

SYNTAX = ["AND", "OR", "NOT", '"', "(", ")", "*", "?", ":", "title:", "body:", "foo:", "^2", "~"]
WORDS = ["hợp", "tác", "xã", "HTX", "OCOP", "Bắc", "Giang", "a*", "hop*", "Đ", "ở", "😀", "漢字"]


def assert_answered(result, json_lines: bool = False):
    """Exit 0 or 1, never a traceback; or exit 2 with exactly one line on stderr."""
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1, result.stderr
    else:
        assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    # JSON Lines end at "\n" only: a query may hold U+0085 or U+2028, which splitlines() splits on
    for line in result.stdout.split("\n")[:-1] if json_lines else []:
        json.loads(line)


def run_query(run, text: str, *options: str):
    """``coopsearch --index DIR query OPTIONS -- TEXT``: a text starting with '-' is a query too."""
    from click.testing import CliRunner

    from coopsearch.cli import cli

    args = ["--index", str(run.index_dir), "query", *options, "--", text]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


query_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(SYNTAX + WORDS) | st.text(max_size=5), max_size=30).map(" ".join),
)


@settings(max_examples=80, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(text=query_text)
def test_any_query_gets_results_or_one_sentence(seeds_cli, text):
    if "\x00" in text:
        text = text.replace("\x00", "")  # an argv string cannot hold NUL; stdin can (below)
    assert_answered(run_query(seeds_cli, text, "--json"), json_lines=True)


@settings(max_examples=25, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(query_text, min_size=1, max_size=5))
def test_any_batch_of_queries_on_stdin_is_answered(seeds_cli, lines):
    stdin = "\n".join(lines) + "\n"
    assert_answered(seeds_cli("query", "--queries-from", "-", "--json", input=stdin), True)


@pytest.mark.parametrize(
    "text",
    [
        '"hợp tác',
        "(hợp tác",
        "hợp tác)",
        "((((((((((",
        "AND",
        "OR OR OR",
        "NOT",
        "hợp AND",
        "foo:bar",
        "title:",
        "nosuchfield:HTX",
        "*",
        "?",
        "a*",
        "*a*",
        "title:*",
        "\x1b[31mHTX\x07",
        "\u202eHTX\u202c",
        "😀😀😀 hợp tác xã",
        "hợp tác xã Москва 北京 القاهرة",
        "HTX^1000000",
        "HTX~",
        "-HTX",
        "--",
        "x" * 50_000,
        "ắ" * 10_000,
    ],
)
def test_hostile_query_is_answered_quickly(seeds_cli, text):
    started = time.monotonic()
    assert_answered(run_query(seeds_cli, text))
    assert time.monotonic() - started < 3


def test_ten_thousand_or_terms_are_cut_with_a_note(seeds_cli):
    text = " OR ".join(["HTX"] + [f"từ{i}" for i in range(10_000)])
    started = time.monotonic()
    result = seeds_cli("query", text)
    assert time.monotonic() - started < 3
    assert result.exit_code == 0
    assert "coopsearch: note: the query is longer than 1,000 characters" in result.stderr


def test_too_many_words_are_cut_with_a_note(seeds_cli):
    text = " ".join(["OCOP"] + ["xyz"] * 100)
    result = seeds_cli("query", text)
    assert f"more than {querybuild.MAX_QUERY_WORDS} words" in result.stderr
    assert result.exit_code in (0, 1)


def test_prefix_matching_more_terms_than_the_cap_is_cut_with_a_note(seeds_cli, monkeypatch):
    monkeypatch.setattr(querybuild, "MAX_EXPANSIONS", 5)
    monkeypatch.setattr(querybuild.bound_expansions, "__defaults__", (5,))
    result = seeds_cli("query", "t*")
    assert result.exit_code == 0
    assert "coopsearch: note: 't*' matches more than 5 words" in result.stderr
    assert result.stderr.count("note:") == 1  # once, though it runs on title and body


def test_prefix_under_the_cap_has_no_note(seeds_cli):
    result = seeds_cli("query", "ocop*")
    assert result.exit_code == 0 and "note:" not in result.stderr


def test_bound_text_keeps_short_queries_whole():
    assert querybuild.bound_text("hợp tác xã") == ("hợp tác xã", [])
    cut, notes = querybuild.bound_text("a " * 100)
    assert cut.split() == ["a"] * querybuild.MAX_QUERY_WORDS and len(notes) == 1


# -- hostile documents ---------------------------------------------------------

HOSTILE = {
    "markup.txt": "[bold red]Hợp tác xã[/] [link=http://x]bấm[/link]\n\n"
    "Nội dung [blink]ĐẶC BIỆT[/blink] về HTX markupword.",
    "escapes.txt": "Tiêu đề \x1b[2J\x1b[31mđỏ\x1b]0;pwned\x07\n\n"
    "Thân bài \x1b[5m escapeword \x1b[0m.",
    "bidi.txt": "Hợp tác xã \u202egnaiG cắB\u202c\n\nbidiword \u2066ẩn\u2069 \u200fchữ.",
}


@pytest.fixture(scope="module")
def hostile_cli(tmp_path_factory):
    from conftest import Cli

    folder = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    sentence = "Hợp tác xã longlineword trồng lúa ở An Giang và bán gạo. "
    (folder / "longline.txt").write_text(
        "Một dòng rất dài\n" + sentence * (5 * 2**20 // len(sentence.encode())), encoding="utf-8"
    )
    run = Cli(tmp_path_factory.mktemp("hostile-index"))
    result = run("index", str(folder))
    assert result.exit_code == 0 and "added 4" in result.stderr, result.stderr
    return run


@pytest.mark.parametrize("word", ["markupword", "escapeword", "bidiword", "longlineword"])
@pytest.mark.parametrize("fmt", ["plain", "json", "csv", "rich"])
def test_hostile_documents_render_without_escapes_in_every_format(hostile_cli, word, fmt):
    started = time.monotonic()
    result = hostile_cli("query", word, "--format", fmt, "--color", "always")
    assert time.monotonic() - started < 5
    assert result.exit_code == 0, result.stderr
    own_styles = re.compile(r"\x1b\[[0-9;]*m")  # rich's colours, with --color always
    out = own_styles.sub("", result.stdout) if fmt == "rich" else result.stdout
    if fmt == "plain":  # its own marks of the matched words, nothing of the document's
        out = out.replace(render.ANSI_MARK, "").replace(render.ANSI_RESET, "")
    for forbidden in ("\x1b", "\x07", "\u202e", "\u2066", "\u200f"):
        assert forbidden not in out


def test_markup_in_a_document_is_shown_as_text(hostile_cli):
    result = hostile_cli("query", "markupword", "--format", "rich", "--color", "never")
    assert "[bold red]Hợp tác xã[/]" in result.stdout


def test_snippet_of_a_five_megabyte_line_is_bounded(hostile_cli):
    started = time.monotonic()
    [hit] = hostile_cli.json("query", "longlineword", "--context", "300")
    assert time.monotonic() - started < 5
    assert len(hit["snippet"]) < 320 and "longlineword" in hit["snippet"]
    assert len(hit["title"]) <= 301


def test_best_window_is_linear_on_a_body_that_matches_everywhere():
    from coopsearch.querybuild import Needle
    from coopsearch.snippets import find_matches, make_snippet

    body = "hợp tác xã " * 60_000
    started = time.monotonic()
    needles = [Needle("folded", ("hop", "tac", "xa")), Needle("exact", ("tác",))]
    matches = find_matches(body[:200_000], needles)
    make_snippet(body, matches, 220, [1.0, 2.0])
    assert time.monotonic() - started < 3


def test_a_cut_phrase_stays_a_phrase():
    # Regression (stress run): a 300-character title queried as a phrase was cut at 64 words,
    # leaving the quote open, and was then searched as 64 loose words; its article fell out.
    title = " ".join(f"từ{i}" for i in range(100))
    cut, notes = querybuild.bound_text(f'"{title}"')
    assert cut.startswith('"') and cut.endswith('"') and cut.count('"') == 2 and notes
    assert querybuild.bound_text('"hợp tác " OR ' + "x " * 100)[0].count('"') == 2
