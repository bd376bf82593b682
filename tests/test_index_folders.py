"""An index remembers its folders, names articles portably, and counts only live documents.

Specification (issue "Install it anywhere"): ``index`` without paths updates
the folders an index covers; a run that would remove most of the index asks
first; a folder that is gone keeps its articles until ``--forget``; IDs are
the same on every machine and after a folder moves; ``stats`` equals what a
rebuild gives after any series of updates.
"""

from __future__ import annotations

import json
import os
import shutil

from click.testing import CliRunner
from conftest import BAC_GIANG_SEED, BUNDLED, Cli

from coopsearch import paths
from coopsearch.cli import cli
from coopsearch.identity import document_id


def ids(run: Cli, query: str = "HTX") -> set[str]:
    return {hit["id"] for hit in run.json("query", query, "-n", "100")}


def touch(path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


# --- the folders an index covers ------------------------------------------------


def test_index_without_paths_updates_every_covered_folder(fresh_cli, corpus_copy, mini_corpus):
    mini = corpus_copy.parent / "mini"
    shutil.copytree(mini_corpus, mini)
    fresh_cli("index", str(corpus_copy), str(mini))
    touch(corpus_copy / BAC_GIANG_SEED)
    touch(mini / "dong-anh.txt")
    result = fresh_cli("index")
    assert result.exit_code == 0, result.stderr
    assert "added 0, updated 2, removed 0, unchanged 8" in result.stderr


def test_a_new_named_index_without_paths_is_an_error_not_a_seed_index(tmp_path):
    target = tmp_path / "new"
    result = CliRunner().invoke(cli, ["index", "--index", str(target)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "name the folders to index" in result.stderr
    assert not target.exists()


def test_a_mistyped_index_environment_variable_is_an_error(tmp_path):
    result = CliRunner().invoke(
        cli, ["query", "HTX"], env={"COOPSEARCH_INDEX": str(tmp_path / "typo")}
    )
    assert result.exit_code == 2 and "There is no index in" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_an_index_environment_variable_naming_a_file_is_an_error(tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("not an index", encoding="utf-8")
    for args in (["query", "HTX"], ["index", str(tmp_path)]):
        result = CliRunner().invoke(cli, args, env={"COOPSEARCH_INDEX": str(plain)})
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert f"{plain} is a file; an index is a folder" in result.stderr
    assert plain.read_text(encoding="utf-8") == "not an index"


def test_rebuild_without_paths_rebuilds_the_covered_folders(fresh_cli, corpus_copy, mini_corpus):
    fresh_cli("index", str(corpus_copy), str(mini_corpus))
    result = fresh_cli("index", "--rebuild")
    assert result.exit_code == 0
    assert "added 0, updated 10, removed 0" in result.stderr


def test_removing_most_of_the_index_needs_yes_in_a_script(fresh_cli, corpus_copy, mini_corpus):
    fresh_cli("index", str(corpus_copy))
    refused = fresh_cli("index", "--rebuild", str(mini_corpus))
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "would remove 5 of the 5 articles" in refused.stderr and "--yes" in refused.stderr
    assert len(ids(fresh_cli)) == 5  # nothing changed
    assert fresh_cli("index", "--rebuild", "--yes", str(mini_corpus)).exit_code == 0
    assert fresh_cli("query", "OCOP").exit_code == 1


def test_deleting_a_few_files_needs_no_confirmation(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    (corpus_copy / BAC_GIANG_SEED).unlink()
    assert "removed 1" in fresh_cli("index").stderr


def test_a_folder_that_is_gone_keeps_its_articles_until_forgotten(
    fresh_cli, corpus_copy, mini_corpus
):
    fresh_cli("index", str(corpus_copy), str(mini_corpus))
    shutil.rmtree(corpus_copy)
    update = fresh_cli("index")
    assert update.exit_code == 0
    assert f"{corpus_copy} no longer exists; its 5 articles stay" in update.stderr
    assert f"--forget {corpus_copy}" in update.stderr
    assert fresh_cli("query", "OCOP").exit_code == 0
    folders = json.loads(fresh_cli("stats", "--json").stdout)["folders"]
    assert {"folder": str(corpus_copy), "documents": 5, "exists": False} in folders
    assert f"Folder: {corpus_copy} (5 articles, folder no longer exists)" in (
        fresh_cli("stats").stdout.splitlines()
    )

    forgot = fresh_cli("index", "--forget", str(corpus_copy))
    assert forgot.exit_code == 0 and "Removed 5 articles" in forgot.stderr
    assert fresh_cli("query", "OCOP").exit_code == 1
    stats = json.loads(fresh_cli("stats", "--json").stdout)
    assert stats["documents"] == 5 and [f["folder"] for f in stats["folders"]] == [str(mini_corpus)]


def test_forgetting_a_folder_the_index_does_not_cover_is_an_error(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    result = fresh_cli("index", "--forget", str(corpus_copy.parent / "other"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"it covers: {corpus_copy}" in result.stderr


# --- portable IDs -------------------------------------------------------------------


def test_an_article_has_the_same_id_wherever_its_folder_lies(tmp_path, corpus_copy):
    here, there = Cli(tmp_path / "a"), Cli(tmp_path / "b")
    elsewhere = tmp_path / "deep" / "other-name"
    shutil.copytree(corpus_copy, elsewhere)
    here("index", str(corpus_copy))
    there("index", str(elsewhere))
    assert ids(here) == ids(there) and len(ids(here)) == 5
    assert document_id(BAC_GIANG_SEED) in ids(here)


def test_the_ids_in_the_help_resolve_on_the_seed_index(seeds_cli):
    helped = CliRunner().invoke(cli, ["show", "--help"]).stdout
    example = next(line.split()[2] for line in helped.splitlines() if "coopsearch show " in line)
    shown = seeds_cli("show", example, "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["path"].endswith(BAC_GIANG_SEED)


def test_a_moved_folder_is_not_indexed_twice(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    before = ids(fresh_cli)
    moved = corpus_copy.parent / "archive" / "seeds"
    moved.parent.mkdir()
    corpus_copy.rename(moved)
    result = fresh_cli("index", str(moved))
    assert "added 0, updated 0, moved 5, removed 0" in result.stderr
    assert ids(fresh_cli) == before
    stats = json.loads(fresh_cli("stats", "--json").stdout)
    assert stats["documents"] == 5
    assert stats["folders"] == [{"folder": str(moved), "documents": 5, "exists": True}]
    shown = fresh_cli("show", document_id(BAC_GIANG_SEED), "--json")
    assert json.loads(shown.stdout)["path"] == str(moved / BAC_GIANG_SEED)


def test_two_copies_of_a_folder_are_two_sets_of_documents_with_distinct_ids(fresh_cli, corpus_copy):
    copy = corpus_copy.parent / "copy"
    shutil.copytree(corpus_copy, copy)
    fresh_cli("index", str(corpus_copy))
    result = fresh_cli("index", str(copy))
    assert "added 5" in result.stderr and "IDs are made from their full paths" in result.stderr
    assert len(ids(fresh_cli)) == 10


# --- counts from live documents ------------------------------------------------------------


def comparable(stats: dict) -> dict:
    keep = ("documents", "words", "years", "provinces", "folders")
    return {key: stats[key] for key in keep}


def test_stats_after_updates_equal_a_rebuild(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    article = corpus_copy / BAC_GIANG_SEED
    article.write_text(article.read_text(encoding="utf-8") + "\nThêm một câu.", encoding="utf-8")
    fresh_cli("index")
    (corpus_copy / "2020-11-06-giao-ban-cum-thi-dua-lien-minh-htx-tay-bac.txt").unlink()
    fresh_cli("index")
    updated = json.loads(fresh_cli("stats", "--json").stdout)
    assert fresh_cli("index", "--rebuild").exit_code == 0
    rebuilt = json.loads(fresh_cli("stats", "--json").stdout)
    assert updated["documents"] == 4
    assert sum(y["documents"] for y in updated["years"]) == 4
    assert comparable(updated) == comparable(rebuilt)


# --- install anywhere ----------------------------------------------------------------


def test_version_is_printed():
    from coopsearch import __version__

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"coopsearch, version {__version__}"


def test_an_installed_package_keeps_its_index_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "is_source_checkout", lambda: False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.default_index() == tmp_path / "data" / "coopsearch" / "index"
    assert paths.bundled_corpus() == paths.PACKAGE_DIR / "data" / "corpus"


def test_a_source_checkout_keeps_index_beside_corpus():
    assert paths.is_source_checkout()
    assert paths.default_index() == BUNDLED.parent / "index"
    assert paths.bundled_corpus() == BUNDLED


def test_forgetting_a_file_keeps_it_while_a_covered_folder_holds_it(fresh_cli, corpus_copy):
    fresh_cli("index", str(corpus_copy))
    one = sorted(corpus_copy.glob("*.txt"))[0]
    fresh_cli("index", str(one))  # the file named on its own as well
    forgot = fresh_cli("index", "--forget", str(one))
    assert forgot.exit_code == 0 and "Removed 0 articles" in forgot.stderr
    assert fresh_cli("show", one.stem).exit_code == 0
    assert json.loads(fresh_cli("stats", "--json").stdout)["documents"] == 5
