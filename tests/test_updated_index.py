"""An index updated in part answers as a rebuilt one would.

An update leaves the replaced and removed documents in their segments until a
merge, and writes a new segment that may lack a column (no date among its
articles) or a word (all its documents gone). Neither may read as a damaged
index, nor change a count.
"""

from __future__ import annotations

import re

from conftest import Cli


def _write(folder, name: str, title: str, body: str) -> None:
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def _figures(stats: str) -> list[str]:
    """The lines of ``stats`` that count documents (not sizes, times or the index's path)."""
    kept = ("Documents:", "Words:", "Folder:", "Years:", "Provinces:")
    return [line for line in stats.splitlines() if line.startswith(kept)]


def _count(cli: Cli, query: str) -> int:
    result = cli("query", "-c", query)
    assert result.exit_code in (0, 1), result.stderr
    return int(result.stdout)


def test_an_undated_article_added_to_a_dated_index_keeps_stats_and_counts(
    fresh_cli, corpus_copy, tmp_path
):
    fresh_cli("index", str(corpus_copy))
    _write(corpus_copy, "tin-ngan.txt", "Tin ngắn", "Hợp tác xã rau sạch Mộc Châu họp.")
    assert fresh_cli("index", str(corpus_copy)).exit_code == 0
    stats = fresh_cli("stats")
    assert stats.exit_code == 0, stats.stderr
    rebuilt = Cli(tmp_path / "rebuilt")
    rebuilt("index", str(corpus_copy))
    assert _figures(stats.stdout) == _figures(rebuilt("stats").stdout)
    assert re.search(r"Years: .*undated \(1\)", stats.stdout)
    assert _count(fresh_cli, "hợp tác xã") == _count(rebuilt, "hợp tác xã") == 6


def test_a_removed_article_is_not_found_by_its_name_path_or_id(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    gone = sorted(corpus_copy.glob("*.txt"))[0]
    record = fresh_cli.json("show", gone.stem)[0]
    gone.unlink()
    assert fresh_cli("index", str(corpus_copy)).exit_code == 0
    for ref in (gone.stem, str(gone), record["id"], record["id"][:6]):
        for command in ("show", "similar"):
            result = fresh_cli(command, ref)
            assert result.exit_code == 2, (command, ref, result.stderr)
            assert "No document in the index has the ID or path" in result.stderr
            assert "damaged" not in result.stderr


def test_a_phrase_whose_word_only_replaced_articles_held(fresh_cli, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(6):  # "bình" is in these six only, then they are rewritten without it
        _write(folder, f"{n}.txt", f"Bài {n}", f"Một ngày bình yên ở làng, lần {n}.")
    _write(folder, "hoa-giai.txt", "Hòa giải", "Chuyện hòa giải ở cơ sở.")
    fresh_cli("index", str(folder))
    for n in range(6):
        _write(folder, f"{n}.txt", f"Bài {n}", "Một bài đã sửa.")
    assert fresh_cli("index", str(folder)).exit_code == 0
    result = fresh_cli("query", "-c", '"hòa bình"')
    assert (result.exit_code, result.stdout.strip()) == (1, "0"), result.stderr
    assert _count(fresh_cli, '"hòa giải"') == 1
