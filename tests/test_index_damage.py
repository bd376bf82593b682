"""An index that is not what this version expects says how to rebuild it, never answers wrongly."""

from __future__ import annotations

import json

import pytest
from conftest import Cli


@pytest.fixture
def built(tmp_path, corpus_copy) -> Cli:
    run = Cli(tmp_path / "ix")
    assert run("index", str(corpus_copy)).exit_code == 0
    return run


def assert_rebuild_sentence(result) -> None:
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "coopsearch index --rebuild" in result.stderr


def test_version_mismatch_names_the_folders_to_rebuild_from(built, corpus_copy):
    meta_file = built.index_dir / "coopsearch.json"
    meta = json.loads(meta_file.read_text())
    meta["schema_version"] = 0
    meta_file.write_text(json.dumps(meta))
    for args in (("query", "HTX"), ("index", str(corpus_copy))):
        result = built(*args)
        assert_rebuild_sentence(result)
        assert f"--rebuild {corpus_copy} --index {built.index_dir}" in result.stderr


@pytest.mark.parametrize("damage", ["", "{not json", "[1, 2]", "\x00\x00\x00"])
def test_corrupt_metadata_is_refused_and_a_rebuild_recovers(built, corpus_copy, damage):
    (built.index_dir / "coopsearch.json").write_text(damage)
    assert_rebuild_sentence(built("query", "HTX"))
    assert_rebuild_sentence(built("index", str(corpus_copy)))  # not silently replaced
    assert built("index", "--rebuild", str(corpus_copy)).exit_code == 0
    assert built("query", "HTX").exit_code == 0


def test_missing_metadata_with_documents_is_refused_not_replaced(built, corpus_copy):
    (built.index_dir / "coopsearch.json").unlink()
    assert_rebuild_sentence(built("query", "HTX"))
    assert_rebuild_sentence(built("index", str(corpus_copy)))
    assert built("index", "--rebuild", str(corpus_copy)).exit_code == 0


def test_missing_metadata_of_an_empty_index_is_recreated(tmp_path, corpus_copy):
    from whoosh import index as whoosh_index

    from coopsearch.schema import build_schema

    (tmp_path / "ix").mkdir()
    whoosh_index.create_in(str(tmp_path / "ix"), build_schema())  # killed before the meta
    run = Cli(tmp_path / "ix")
    assert run("index", str(corpus_copy)).exit_code == 0
    assert run("query", "HTX").exit_code == 0


def test_metadata_without_whoosh_files_is_rebuilt_by_index(tmp_path, corpus_copy):
    from coopsearch import store

    (tmp_path / "ix").mkdir()
    store.write_meta(tmp_path / "ix", roots=[])  # killed between meta and create_in
    run = Cli(tmp_path / "ix")
    assert_rebuild_sentence(run("query", "HTX"))
    assert run("index", str(corpus_copy)).exit_code == 0
    assert run("query", "HTX").exit_code == 0


@pytest.mark.parametrize("how", ["truncate", "garbage", "delete"])
def test_damaged_segment_files_say_how_to_rebuild(built, corpus_copy, how):
    segments = [p for p in built.index_dir.iterdir() if p.suffix == ".seg" or "_" in p.name]
    segments = [p for p in segments if not p.name.endswith(".toc") and p.is_file()]
    assert segments
    for path in segments:
        if how == "truncate":
            path.write_bytes(path.read_bytes()[:40])
        elif how == "garbage":
            path.write_bytes(b"\x00garbage" * 100)
        else:
            path.unlink()
    assert_rebuild_sentence(built("query", "hợp tác xã"))
    assert built("index", "--rebuild", str(corpus_copy)).exit_code == 0
    assert built("query", "hợp tác xã").exit_code == 0


def test_damaged_table_of_contents_says_how_to_rebuild(built):
    [toc] = built.index_dir.glob("*.toc")
    toc.write_bytes(b"\x00" * 10)
    assert_rebuild_sentence(built("query", "HTX"))


def test_a_rebuild_without_folders_rereads_what_an_older_schema_covered(built, corpus_copy):
    meta_file = built.index_dir / "coopsearch.json"
    meta = json.loads(meta_file.read_text())
    meta["schema_version"] = 0
    meta_file.write_text(json.dumps(meta))
    assert built("index", "--rebuild").exit_code == 0
    assert json.loads(meta_file.read_text())["roots"] == [str(corpus_copy)]
    assert built("query", "HTX", "-c").stdout.strip() != "0"
