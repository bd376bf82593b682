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
    result = run("query", "HTX")
    assert_rebuild_sentence(result)
    # not "damaged": a first build may still be running (a reader met it so under stress)
    assert "no build has committed one" in result.stderr and "damaged" not in result.stderr
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


def test_a_rebuild_naming_no_folders_keeps_an_index_that_cannot_say_its_folders(built, corpus_copy):
    (built.index_dir / "coopsearch.json").write_text("{bad")
    assert_rebuild_sentence(built("index", "--rebuild"))  # not an empty index in its place
    assert built("index", "--rebuild", str(corpus_copy)).exit_code == 0
    assert built("query", "-c", "HTX").stdout.strip() == "5"


def test_a_lost_table_of_contents_is_refused_not_replaced(built, corpus_copy):
    for toc in built.index_dir.glob("_MAIN_*.toc"):
        toc.unlink()
    for args in (("index", str(corpus_copy)), ("index",), ("query", "HTX")):
        assert_rebuild_sentence(built(*args))
    assert any(built.index_dir.glob("*.seg"))  # the segments are still there to rebuild from
    assert built("index", "--rebuild", str(corpus_copy)).exit_code == 0
    assert built("query", "-c", "HTX").stdout.strip() == "5"


def test_a_rebuild_without_folders_rereads_what_an_older_schema_covered(built, corpus_copy):
    meta_file = built.index_dir / "coopsearch.json"
    meta = json.loads(meta_file.read_text())
    meta["schema_version"] = 0
    meta_file.write_text(json.dumps(meta))
    assert built("index", "--rebuild").exit_code == 0
    assert json.loads(meta_file.read_text())["roots"] == [str(corpus_copy)]
    assert built("query", "HTX", "-c").stdout.strip() != "0"


# -- damage inside a segment file: Whoosh opens it, and fails only on reading the damaged bytes --

MIDDLE_ARTICLE = "2021-01-22-tong-ket-kinh-te-tap-the-nam-2020.txt"  # its stored text is damaged


def damage_middle_of_segment(index_dir) -> None:
    """Overwrite the middle of each of Whoosh's files inside the index's ``.seg`` with 0xff.

    A ``.seg`` is Whoosh's files (terms, postings, stored fields, columns)
    one after another, in an order that changes from run to run (Python's
    hash seed), so one fixed offset in the ``.seg`` would hit a different
    file in each run; the middle of each file (4096 bytes, or half of a
    smaller one) is the same bytes every time. Whoosh still opens the index:
    only what reads the damaged bytes fails.
    """
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    [seg] = index_dir.glob("*.seg")
    compound = CompoundStorage(FileStorage(str(index_dir)).open_file(seg.name), use_mmap=False)
    parts = list(compound._dir.values())  # each file's {"offset": …, "length": …}
    compound.close()
    with open(seg, "r+b") as file:
        for part in parts:
            size = min(4096, part["length"] // 2)
            file.seek(part["offset"] + (part["length"] - size) // 2)
            file.write(b"\xff" * size)


def every_command(corpus_copy) -> list[tuple[str, ...]]:
    article = str(corpus_copy / MIDDLE_ARTICLE)
    return [
        ("query", "HTX"),
        ("query", "hợp", "-n", "3000", "--json"),
        ("export",),
        ("figures",),
        ("trend", "HTX"),
        ("stats",),
        ("entities",),
        ("similar", article),
        ("show", article),
        ("index", str(corpus_copy)),
    ]


@pytest.mark.parametrize("how", ["middle", "truncate"])
def test_damage_inside_a_segment_is_one_sentence_for_every_command(built, corpus_copy, how):
    [seg] = built.index_dir.glob("*.seg")
    if how == "middle":
        damage_middle_of_segment(built.index_dir)
    else:
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    for command in every_command(corpus_copy):
        result = built(*command)
        assert_rebuild_sentence(result)
        assert "cannot be read (" in result.stderr, command
        assert "(error)" not in result.stderr  # the damage is named: "damaged compressed data…"
        assert f"--rebuild {corpus_copy} --index {built.index_dir}" in result.stderr, command


@pytest.mark.parametrize("how", ["middle", "truncate"])
def test_a_rebuild_replaces_an_index_it_cannot_read(built, corpus_copy, how):
    found = built("query", "HTX", "-c").stdout
    [seg] = built.index_dir.glob("*.seg")
    if how == "middle":
        damage_middle_of_segment(built.index_dir)
    else:
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    rebuilt = built("index", "--rebuild", "--yes")  # the folders are read from coopsearch.json
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert "Traceback" not in rebuilt.stderr
    assert "coopsearch: note: the index in" in rebuilt.stderr
    assert "cannot be read" in rebuilt.stderr and "starts a new one" in rebuilt.stderr
    assert "added 5" in rebuilt.stderr
    assert built("query", "HTX", "-c").stdout == found
    for command in every_command(corpus_copy):
        assert built(*command).exit_code == 0, command


def test_a_bug_in_coopsearch_is_not_reported_as_damage(built, monkeypatch):
    from coopsearch import render

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(render, "write_stats", broken)
    with pytest.raises(KeyError):
        built("stats")


def damage_term_index(index_dir) -> None:
    """Overwrite the middle half of the segment's term index (``.trm``) with 0xff."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    [seg] = index_dir.glob("*.seg")
    compound = CompoundStorage(FileStorage(str(index_dir)).open_file(seg.name), use_mmap=False)
    [part] = [v for name, v in compound._dir.items() if name.endswith(".trm")]
    compound.close()
    with open(seg, "r+b") as file:
        file.seek(part["offset"] + part["length"] // 4)
        file.write(b"\xff" * (part["length"] // 2))


def test_a_rebuild_never_keeps_documents_it_cannot_find_by_their_file(built, corpus_copy):
    # replacing a file's documents looks them up by the file's term: in a damaged
    # term index the lookup fails, and the old documents would stay beside the new
    found = built("query", "HTX", "-c").stdout
    damage_term_index(built.index_dir)
    rebuilt = built("index", "--rebuild", "--yes")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert "not found through the term index" in rebuilt.stderr
    assert "starts a new one" in rebuilt.stderr and "added 5" in rebuilt.stderr
    assert json.loads(built("stats", "--json").stdout)["documents"] == 5
    assert built("query", "HTX", "-c").stdout == found
    for command in every_command(corpus_copy):
        assert built(*command).exit_code == 0, command
