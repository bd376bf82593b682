"""The terminal contract: exact Rich layout, colour rules, hostile text, pipes, startup, errors."""

from __future__ import annotations

import doctest
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Cli

from coopsearch import documents, render, suggest
from coopsearch.cli import cli
from coopsearch.documents import StoredDocument
from coopsearch.search import Hit

COOPSEARCH = str(Path(sys.executable).parent / "coopsearch")
ESC = "\x1b"
HOSTILE_TITLE = (
    "Tin [bold red]giả[/] \x1b[31mđỏ\x1b[0m \x1b]8;;http://evil.example\x1b\\bấm\x1b]8;;\x1b\\ "
    "[link=http://evil.example]x[/link] \x9b2J\u202eđảo"
)


def sample_hit(**changes) -> Hit:
    fields = dict(
        rank=1,
        id="b77289613295",
        path="/data/corpus/2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt",
        title="Hội nghị tổng kết hoạt động thành viên năm 2021 – triển khai nhiệm vụ "
        "trọng tâm năm 2022",
        date="2022-03-22",
        score=29.9,
        snippet="… vai trò chủ đạo của HTX trong Chương trình OCOP tại tỉnh Bắc Giang. …",
        highlights=((45, 49), (59, 68)),
        title_highlights=(),
    )
    fields.update(changes)
    return Hit(**fields)


def rich_text(renderable, width: int = 80, color: str = "never") -> str:
    buffer = io.StringIO()
    render.make_console(buffer, color, width=width).print(renderable)
    return buffer.getvalue()


# --- layout ------------------------------------------------------------------


def test_a_hit_at_80_columns_wraps_under_the_title_and_puts_the_path_on_its_own_line():
    text = rich_text(render.hit_block(sample_hit(), 80))
    assert [line.rstrip() for line in text.splitlines()] == [
        "  1 Hội nghị tổng kết hoạt động thành viên năm 2021 – triển khai nhiệm vụ trọng",
        "    tâm năm 2022",
        "    2022-03-22 · b77289613295",
        "    /data/corpus/2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt",
        "    … vai trò chủ đạo của HTX trong Chương trình OCOP tại tỉnh Bắc Giang. …",
    ]


def test_a_hit_on_a_wide_terminal_keeps_metadata_and_path_on_one_line():
    text = rich_text(render.hit_block(sample_hit(), 160), width=160)
    assert [line.rstrip() for line in text.splitlines()] == [
        "  1 Hội nghị tổng kết hoạt động thành viên năm 2021 – triển khai nhiệm vụ trọng tâm "
        "năm 2022",
        "    2022-03-22 · b77289613295 · "
        "/data/corpus/2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt",
        "    … vai trò chủ đạo của HTX trong Chương trình OCOP tại tỉnh Bắc Giang. …",
    ]


def test_province_badges_show_when_a_hit_carries_provinces():
    @dataclass_with_provinces
    class ProvinceHit(Hit):
        pass

    hit = ProvinceHit(**vars(sample_hit()), provinces=("Bắc Giang", "Bắc Ninh"))
    text = rich_text(render.hit_block(hit, 160), width=160)
    assert "2022-03-22 ·  Bắc Giang  ·  Bắc Ninh  · b77289613295" in text


def dataclass_with_provinces(cls):
    from dataclasses import dataclass, field

    cls.__annotations__ = {"provinces": tuple}
    cls.provinces = field(default=())
    return dataclass(frozen=True)(cls)


def test_highlights_are_styled_by_offsets_in_colour():
    text = rich_text(render.hit_block(sample_hit(), 80), color="always")
    assert "\x1b[1;30;43mOCOP\x1b[0m" in text and "\x1b[1;30;43mBắc Giang\x1b[0m" in text


def test_query_rich_output_at_80_columns(seeds_cli, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)  # paths shown relative to here
    result = seeds_cli("query", "OCOP Bắc Giang", "--format", "rich", env={"COLUMNS": "80"})
    assert [line.rstrip() for line in result.stdout.splitlines()][3:] == [
        "    corpus/2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt",
        "    … số sản phẩm HTX sản xuất được công nhận OCOP từ năm 2019 đến nay là 120",
        "    sản phẩm chiếm 76,9% tổng sản phẩm OCOP toàn tỉnh, điều này chứng minh cho",
        "    vai trò chủ đạo của HTX trong Chương trình OCOP tại tỉnh Bắc Giang. …",
        "",
    ]


# --- colour ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, env, coloured",
    [
        (("--color", "always"), {}, True),
        (("--color", "never"), {}, False),
        (("--color", "auto"), {}, False),  # CliRunner's stdout is not a terminal
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # an explicit flag wins
        (("--color", "auto"), {"NO_COLOR": "1"}, False),
        (("--color", "auto"), {"TERM": "dumb"}, False),
    ],
)
def test_colour_follows_flag_no_color_and_term(seeds_cli, args, env, coloured):
    result = seeds_cli("query", "HTX", "--format", "rich", *args, env=env)
    assert (ESC in result.stdout) is coloured


def test_no_color_turns_off_colour_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert render.colour_off("auto") and not render.colour_off("always")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert render.colour_off("auto")


def test_json_and_csv_are_never_coloured(seeds_cli):
    for args in (("--json",), ("--format", "csv"), ("-l",), ("-c",)):
        extra = () if args[0] in ("-l", "-c") else ("--color", "always")
        assert ESC not in seeds_cli("query", "HTX", *args, *extra).stdout


# --- untrusted text ----------------------------------------------------------


def test_render_neutralises_escape_sequences_and_never_reads_markup():
    hit = sample_hit(title=HOSTILE_TITLE, snippet=HOSTILE_TITLE, highlights=())
    coloured = rich_text(render.hit_block(hit, 200), width=200, color="always")
    for sequence in ("\x1b[31m", "\x1b]8", "\x9b", "\u202e", "\x1b[2J"):
        assert sequence not in coloured
    assert "[bold red]giả[/]" in coloured and "[link=http://evil.example]x[/link]" in coloured
    plain = io.StringIO()
    render.Renderer("plain", plain).result(_result(hit))
    assert ESC not in plain.getvalue() and "\x9b" not in plain.getvalue()
    assert "Tin [bold red]giả[/] [31mđỏ[0m ]8;;http://evil.example\\bấm" in plain.getvalue()


def test_json_carries_hostile_text_verbatim_and_escaped():
    out = io.StringIO()
    render.Renderer("json", out).result(_result(sample_hit(title=HOSTILE_TITLE)))
    assert "\\u001b[31m" in out.getvalue()  # JSON-escaped, not raw
    assert ESC not in out.getvalue()
    assert json.loads(out.getvalue())["title"] == HOSTILE_TITLE


def test_show_neutralises_a_hostile_stored_document():
    document = StoredDocument(
        0, {"id": "x", "path": "/p", "title": HOSTILE_TITLE, "body": HOSTILE_TITLE}
    )
    marks = {"title": [], "body": []}
    for fmt in ("plain", "rich"):
        out = io.StringIO()
        render.write_document(document, marks, fmt, out, "never")
        assert ESC not in out.getvalue() and "[bold red]giả[/]" in out.getvalue()


def test_a_hostile_document_file_stays_literal_through_the_whole_path(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(
        HOSTILE_TITLE + "\n\nNội dung [blink]nhấp nháy[/blink] về hợp tác xã \x1b[5m!\x1b[0m.",
        encoding="utf-8",
    )
    run = Cli(tmp_path / "ix")
    assert run("index", str(corpus)).exit_code == 0
    rich = run("query", "hợp tác xã", "--format", "rich", "--color", "always").stdout
    assert "[bold red]giả[/]" in rich and "[blink]nhấp nháy[/blink]" in rich
    assert "về \x1b[1;30;43mhợp tác xã\x1b[0m !." in rich  # the document's own codes are gone
    assert "[5m" not in rich and "\x1b]8" not in rich and "\x1b[31m" not in rich
    plain = run("query", "hợp tác xã").stdout + run("show", "hostile.txt").stdout
    assert ESC not in plain and "[link=http://evil.example]x[/link]" in plain
    record = run.json("query", "hợp tác xã")[0]
    assert record["title"] == "Tin [bold red]giả[/] đỏ bấm [link=http://evil.example]x[/link] đảo"


def _result(hit: Hit):
    from coopsearch.search import SearchResult

    return SearchResult("q", (hit,), 1, 1.0, 1)


# --- pipes, pager, startup (real processes) ----------------------------------


def test_a_closed_pipe_ends_quietly(seeds_cli):
    """`coopsearch … | head -1` with a real pipe: no traceback, exit 0."""
    index = str(seeds_cli.index_dir)
    script = (
        f'"{COOPSEARCH}" query hợp --index "{index}" | head -1; echo ${{PIPESTATUS[@]}}; '
        f'yes HTX | head -3000 | "{COOPSEARCH}" query --queries-from - --json --index "{index}"'
        " | head -1; echo ${PIPESTATUS[@]}"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("1. ") and lines[1] == "0 0"
    assert json.loads(lines[2])["rank"] == 1
    assert lines[3].split()[1:] == ["0", "0", "0"]  # head, coopsearch, head (yes gets SIGPIPE)
    # nothing but the notes of the expansions used (HTX = hợp tác xã): no traceback
    assert all(line.startswith("coopsearch: note: ") for line in done.stderr.splitlines())


def test_l_c_and_csv_compose_with_xargs_wc_and_sort(seeds_cli):
    cs = f'"{COOPSEARCH}" --index "{seeds_cli.index_dir}"'
    script = (
        f"export LC_ALL=C; {cs} query HTX -l | xargs wc -l | tail -1; "
        f"{cs} query HTX -c; "
        f"{cs} query HTX --format csv --fields date,rank | sort | head -3"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert lines[0].split()[1] == "total" and lines[1] == "5"
    assert lines[2:] == ["2019-01-22,3", "2020-11-06,2", "2021-01-22,4"]


def test_show_on_a_terminal_goes_through_pager(seeds_cli, tmp_path):
    """A real pseudo-terminal: the article reaches $PAGER, coloured."""
    import pty

    paged = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open('{paged}', 'w').write(sys.stdin.read())\""
    env = {**os.environ, "PAGER": pager, "COLUMNS": "80", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    primary, secondary = pty.openpty()
    done = subprocess.run(
        [
            COOPSEARCH,
            "show",
            "2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt",
            "--highlight",
            "OCOP",
            "--index",
            str(seeds_cli.index_dir),
        ],
        stdin=secondary,
        stdout=secondary,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )
    os.close(secondary)
    os.close(primary)
    assert done.returncode == 0, done.stderr
    text = paged.read_text()
    assert text.startswith("\x1b[1mHội nghị tổng kết") and "\x1b[1;30;43mOCOP\x1b[0m" in text


def test_help_starts_without_importing_whoosh_or_rich():
    code = (
        "import sys\n"
        "from coopsearch.cli import cli\n"
        "try:\n    cli.main(['--help'], prog_name='coopsearch')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'rich')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_shell_completion_script_is_available():
    result = CliRunner().invoke(
        cli, [], prog_name="coopsearch", env={"_COOPSEARCH_COMPLETE": "bash_source"}
    )
    assert "_coopsearch_completion" in result.output and "complete " in result.output


def test_every_command_has_help_with_an_example():
    for command in ("index", "query", "show", "similar", "stats", "export"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, command


def test_every_data_command_accepts_json(seeds_cli):
    """`coopsearch … --json | jq` works: each line of stdout is one JSON object."""
    for args in (
        ("query", "HTX"),
        ("show", "2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt"),
        ("similar", "2022-03-22-bac-giang-tong-ket-hoat-dong-thanh-vien-2021.txt"),
        ("stats",),
        ("export",),
    ):
        result = seeds_cli(*args, "--json")
        assert result.exit_code == 0, args
        assert all(isinstance(json.loads(line), dict) for line in result.stdout.splitlines())


# --- errors a user can make --------------------------------------------------


def test_a_locked_index_is_one_sentence_and_exit_2(tmp_path, corpus_copy):
    from whoosh import index as whoosh_index

    run = Cli(tmp_path / "ix")
    run("index", str(corpus_copy))
    writer = whoosh_index.open_dir(str(tmp_path / "ix")).writer()
    try:
        (corpus_copy / "new.txt").write_text("Tin mới\n\nHợp tác xã.", encoding="utf-8")
        result = run("index", str(corpus_copy))
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert result.stderr.startswith("coopsearch: error: ") and "Traceback" not in result.stderr
        assert run("query", "HTX").exit_code == 0  # readers are not blocked
    finally:
        writer.cancel()


def test_an_unreadable_index_is_one_sentence_and_exit_2(tmp_path, corpus_copy):
    run = Cli(tmp_path / "ix")
    run("index", str(corpus_copy))
    (tmp_path / "ix" / "coopsearch.json").write_text("{not json")
    result = run("query", "HTX")
    assert result.exit_code == 2
    assert result.stderr == (
        f"coopsearch: error: The index in {tmp_path / 'ix'} has a damaged coopsearch.json; "
        f"rebuild it with 'coopsearch index --rebuild PATH... --index {tmp_path / 'ix'}'.\n"
    )


def test_a_damaged_index_is_one_sentence_and_exit_2(tmp_path, corpus_copy):
    run = Cli(tmp_path / "ix")
    run("index", str(corpus_copy))
    for toc in (tmp_path / "ix").glob("*.toc"):
        toc.write_bytes(b"garbage")
    for command in (("query", "HTX"), ("stats",), ("show", "x"), ("export",)):
        result = run(*command)
        assert result.exit_code == 2, command
        assert "cannot be read" in result.stderr and "--rebuild" in result.stderr


def test_no_index_says_how_to_build_one_for_every_command(tmp_path):
    for command in (("query", "HTX"), ("show", "x"), ("similar", "x"), ("stats",), ("export",)):
        result = Cli(tmp_path / "none")(*command)
        assert result.exit_code == 2, command
        assert "There is no index in" in result.stderr and "coopsearch index" in result.stderr


def test_doctests_of_the_cli_modules_pass():
    for module in (render, suggest, documents):
        assert doctest.testmod(module).failed == 0, module.__name__
