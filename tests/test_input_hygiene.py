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
