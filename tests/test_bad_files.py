"""Folders nobody curated: every kind of bad file is reported once, the rest is indexed.

Each test drops one bad file into a copy of the bundled corpus, indexes it
through the real command line, and checks the exit status, the one line on
stderr that names the file and the reason, the summary's count, and that the
five good articles are all still found.
"""

from __future__ import annotations

import json
import os

import pytest

from coopsearch import corpus as corpus_module

GOOD_QUERIES = ("OCOP Bắc Giang", "Tây Bắc", "hợp tác xã")


def index_and_check(run, folder, added=5, skipped=0):
    """Index ``folder``; check the summary and that the good articles are all there."""
    result = run("index", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"added {added}," in result.stderr
    assert f"skipped {skipped}" in result.stderr
    for query in GOOD_QUERIES:
        assert run("query", query).exit_code == 0
    return result


def skipped_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("coopsearch: skipped")]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "no text"),
        ("blank.txt", b"  \n\n\t\n", "no text"),
        ("nul.txt", b"\x00\x01\x02\x03binary", "binary content"),
        (
            "paper.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>>",
            "binary content (a PDF document)",
        ),
        ("report.txt", b"PK\x03\x04\x14\x00\x06\x00", "binary content (a ZIP archive"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary content (a JPEG image)"),
        ("noise.txt", bytes(range(1, 9)) * 100, "binary content (control characters)"),
    ],
)
def test_unreadable_content_is_skipped_once_with_its_reason(
    fresh_cli, corpus_copy, name, content, reason
):
    (corpus_copy / name).write_bytes(content)
    result = index_and_check(fresh_cli, corpus_copy, skipped=1)
    [line] = skipped_lines(result)
    assert line.startswith(f"coopsearch: skipped {corpus_copy / name}: {reason}")


def test_invalid_utf8_is_indexed_with_replacement_characters(fresh_cli, corpus_copy):
    (corpus_copy / "broken.txt").write_bytes(
        "Hợp tác xã Đắk Lắk\n\nNuôi ong lấy mật ".encode()
        + b"\xff\xfe\xc3"
        + "ở Krông Pắc.".encode()
    )
    index_and_check(fresh_cli, corpus_copy, added=6)
    [hit] = fresh_cli.json("query", "Krông Pắc")
    assert hit["title"] == "Hợp tác xã Đắk Lắk" and "\ufffd" in hit["snippet"]


def test_nfd_text_is_found_by_an_nfc_query(fresh_cli, corpus_copy):
    import unicodedata

    text = unicodedata.normalize("NFD", "Tiếng Việt ở Điện Biên\n\nHợp tác xã chè Mường Ảng.")
    (corpus_copy / "nfd.txt").write_text(text, encoding="utf-8")
    index_and_check(fresh_cli, corpus_copy, added=6)
    assert fresh_cli.json("query", "Mường Ảng")[0]["title"] == "Tiếng Việt ở Điện Biên"


def test_mojibake_is_indexed_without_a_crash(fresh_cli, corpus_copy):
    mojibake = "Hợp tác xã Bến Tre\n\nDừa sáp Cầu Kè.".encode().decode("latin-1")
    (corpus_copy / "mojibake.txt").write_text(mojibake, encoding="utf-8")
    index_and_check(fresh_cli, corpus_copy, added=6)


def test_utf16_file_is_indexed(fresh_cli, corpus_copy):
    (corpus_copy / "utf16.txt").write_text("Hợp tác xã Sóc Trăng\n\nLúa thơm ST25.", "utf-16")
    index_and_check(fresh_cli, corpus_copy, added=6)
    assert fresh_cli("query", "ST25").exit_code == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_file_without_read_permission_is_skipped(fresh_cli, corpus_copy):
    secret = corpus_copy / "secret.txt"
    secret.write_text("Bí mật\n\nKhông đọc được.", encoding="utf-8")
    secret.chmod(0)
    result = index_and_check(fresh_cli, corpus_copy, skipped=1)
    assert skipped_lines(result) == [f"coopsearch: skipped {secret}: permission denied"]


def test_fifo_named_txt_is_skipped_without_hanging(fresh_cli, corpus_copy):
    os.mkfifo(corpus_copy / "pipe.txt")  # opening it for reading would block forever
    result = index_and_check(fresh_cli, corpus_copy, skipped=1)
    assert skipped_lines(result) == [
        f"coopsearch: skipped {corpus_copy / 'pipe.txt'}: not a regular file"
    ]


def test_fifo_given_by_name_is_skipped_too(fresh_cli, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = fresh_cli("index", str(tmp_path / "pipe.txt"))
    assert "pipe.txt: not a regular file" in result.stderr
    assert result.exit_code == 2  # nothing given could be indexed (below)


def test_a_run_that_indexes_nothing_it_was_given_is_an_error(fresh_cli, tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    result = fresh_cli("index", str(tmp_path / "binary.txt"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "coopsearch: error: Nothing was indexed: every file given was skipped, "
        "for the reasons above."
    )
    # one good file among them is a run that worked, its bad files reported
    (tmp_path / "good.txt").write_text("Tin HTX\n\nHTX Bắc Giang họp.", encoding="utf-8")
    result = fresh_cli("index", str(tmp_path / "binary.txt"), str(tmp_path / "good.txt"))
    assert result.exit_code == 0 and "binary.txt: binary content" in result.stderr


def test_a_metadata_file_inside_its_folder_says_where_it_belongs(fresh_cli, tmp_path):
    folder = tmp_path / "arts"
    folder.mkdir()
    (folder / "1.txt").write_text("Tin HTX\n\nHTX Bắc Giang họp.", encoding="utf-8")
    (folder / "arts-meta.jsonl").write_text('{"doc_id": "1", "url": "http://x.vn/1"}\n')
    result = fresh_cli("index", str(folder))
    assert result.exit_code == 0
    assert (
        f"coopsearch: skipped {folder / 'arts-meta.jsonl'}: no JSON record with a body; "
        "a metadata file is read only beside its folder ('arts-meta.jsonl' next to 'arts/', "
        "not inside it)"
    ) in result.stderr.splitlines()


def test_dangling_symlink_is_skipped(fresh_cli, corpus_copy):
    (corpus_copy / "gone.txt").symlink_to(corpus_copy / "nowhere.txt")
    result = index_and_check(fresh_cli, corpus_copy, skipped=1)
    assert skipped_lines(result) == [
        f"coopsearch: skipped {corpus_copy / 'gone.txt'}: broken symbolic link"
    ]


def test_symlink_loop_is_skipped(fresh_cli, corpus_copy):
    (corpus_copy / "loop.txt").symlink_to("loop.txt")
    (corpus_copy / "sub").mkdir()
    (corpus_copy / "sub" / "up").symlink_to(corpus_copy)  # a folder loop: not followed
    result = index_and_check(fresh_cli, corpus_copy, skipped=1)
    assert skipped_lines(result) == [
        f"coopsearch: skipped {corpus_copy / 'loop.txt'}: symbolic link loop"
    ]


def test_symlink_to_an_article_is_indexed_once(fresh_cli, corpus_copy):
    target = sorted(corpus_copy.glob("*.txt"))[0]
    (corpus_copy / "alias.txt").symlink_to(target)
    index_and_check(fresh_cli, corpus_copy)


def test_folder_named_like_a_text_file_is_walked(fresh_cli, corpus_copy):
    (corpus_copy / "folder.txt").mkdir()
    (corpus_copy / "folder.txt" / "inside.txt").write_text(
        "Bài trong thư mục\n\nHợp tác xã Cà Mau.", encoding="utf-8"
    )
    index_and_check(fresh_cli, corpus_copy, added=6)


def test_file_name_that_is_not_utf8_survives_into_json_plain_and_csv(fresh_cli, corpus_copy):
    name = os.path.join(os.fsencode(corpus_copy), b"caf\xe9-\xff.txt")
    with open(name, "wb") as f:
        f.write("Quán cà phê hợp tác xã\n\nCà phê Buôn Ma Thuột.".encode())
    index_and_check(fresh_cli, corpus_copy, added=6)
    shown = f"{corpus_copy}/caf\\xe9-\\xff.txt"
    [hit] = fresh_cli.json("query", "Buôn Ma Thuột")
    assert hit["path"] == shown
    assert shown in fresh_cli("query", "Buôn Ma Thuột").stdout
    assert shown in fresh_cli("query", "Buôn Ma Thuột", "--format", "csv").stdout
    assert "unchanged 6" in fresh_cli("index", str(corpus_copy)).stderr  # found again by name
    os.remove(name)
    assert "removed 1" in fresh_cli("index", str(corpus_copy)).stderr


def test_huge_file_is_indexed_by_its_first_mebibytes(fresh_cli, corpus_copy, monkeypatch):
    monkeypatch.setattr(corpus_module, "MAX_INDEXED_BYTES", 64 * 1024)
    line = "Hợp tác xã nuôi tôm ở Cà Mau có lãi lớn năm nay. " * 20 + "\n"
    with open(corpus_copy / "dump.txt", "w", encoding="utf-8") as f:
        f.write("Kho dữ liệu lớn\n" + line * 200 + "cuối tệp từ khóa zyxwvu\n")
    result = index_and_check(fresh_cli, corpus_copy, added=6)
    assert "dump.txt: only the first 64 KiB of its 246 KiB were indexed." in result.stderr
    assert "truncated 1" in result.stderr
    assert fresh_cli("query", "Kho dữ liệu lớn").exit_code == 0
    assert fresh_cli("query", "zyxwvu").exit_code == 1  # beyond the indexed part


def test_cut_falls_between_characters_and_lines():
    data = ("ắ" * 10).encode()  # three bytes each
    assert corpus_module._cut(data, 10).decode() == "ắ" * 3
    assert corpus_module._cut(b"one\ntwo three", 9) == b"one\n"


def test_file_deleted_before_it_is_read_is_skipped(fresh_cli, corpus_copy, monkeypatch):
    from coopsearch.corpus import Reader

    doomed = corpus_copy / "doomed.txt"
    doomed.write_text("Sắp bị xóa\n\nNội dung.", encoding="utf-8")
    real_read = Reader.read

    def delete_then_read(self, path):
        if path.name == "doomed.txt":
            path.unlink()
        return real_read(self, path)

    monkeypatch.setattr(Reader, "read", delete_then_read)
    result = index_and_check(fresh_cli, corpus_copy, skipped=1)
    assert skipped_lines(result) == [
        f"coopsearch: skipped {doomed}: deleted before it could be read"
    ]


def test_file_rewritten_while_indexed_is_read_again_next_run(fresh_cli, corpus_copy, monkeypatch):
    from coopsearch.corpus import Reader

    target = corpus_copy / "growing.txt"
    target.write_text("Bản đầu\n\nNội dung cũ.", encoding="utf-8")
    real_read = Reader.read

    def read_then_rewrite(self, path):
        documents = real_read(self, path)
        if path.name == "growing.txt":
            target.write_text("Bản sau\n\nNội dung mới hẳn, dài hơn.", encoding="utf-8")
        return documents

    monkeypatch.setattr(Reader, "read", read_then_rewrite)
    index_and_check(fresh_cli, corpus_copy, added=6)
    monkeypatch.setattr(Reader, "read", real_read)
    assert "updated 1" in fresh_cli("index", str(corpus_copy)).stderr
    assert fresh_cli.json("query", "Bản sau")[0]["path"] == str(target)


def test_file_that_becomes_unreadable_is_removed_from_the_index(fresh_cli, corpus_copy):
    index_and_check(fresh_cli, corpus_copy)
    victim = sorted(corpus_copy.glob("*.txt"))[0]
    victim.write_bytes(b"%PDF-1.4 replaced by a PDF")
    result = fresh_cli("index", str(corpus_copy))
    assert "removed 1" in result.stderr and "skipped 1" in result.stderr
    paths = {h["path"] for h in fresh_cli.json("query", "hợp tác xã", "-n", "50")}
    assert str(victim) not in paths


def test_unlistable_folder_is_reported(fresh_cli, corpus_copy, monkeypatch):
    real_walk = os.walk

    def failing_walk(top, onerror=None, **kwargs):
        onerror(PermissionError(13, "Permission denied", str(corpus_copy / "locked")))
        yield from real_walk(top, onerror=onerror, **kwargs)

    monkeypatch.setattr(corpus_module.os, "walk", failing_walk)
    result = index_and_check(fresh_cli, corpus_copy, skipped=1)
    assert skipped_lines(result) == [
        f"coopsearch: skipped {corpus_copy / 'locked'}: permission denied"
    ]


def test_summary_counts_every_kind_together(fresh_cli, corpus_copy):
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "paper.txt").write_bytes(b"%PDF-1.4")
    (corpus_copy / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(corpus_copy / "pipe.txt")
    result = index_and_check(fresh_cli, corpus_copy, skipped=4)
    assert len(skipped_lines(result)) == 4
    again = fresh_cli("index", str(corpus_copy))
    assert "unchanged 5, skipped 4" in again.stderr  # reported again, never indexed
    assert json.loads(json.dumps(again.stderr))  # plain text, nothing odd
