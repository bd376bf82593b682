"""The figures gold file has the documented shape, and the scorer gives
P = R = 1 when the predictions are the gold itself."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "figures_gold.jsonl"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


figures = load("figures")


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return figures.read_rows(GOLD)


def test_every_row_has_the_keys_and_types(gold):
    assert gold
    for row in gold:
        assert tuple(row) == figures.KEYS, row
        for key in ("article", "sentence", "text", "unit", "counts", "place"):
            assert isinstance(row[key], str), (key, row)
        assert row["article"].endswith(".txt") and "/" not in row["article"]
        assert row["text"] and row["text"] in row["sentence"], row
        assert isinstance(row["value"], int | float) and not isinstance(row["value"], bool)
        assert row["unit"] and row["counts"], row
        assert isinstance(row["year"], int) and 1900 <= row["year"] <= 2100, row
        assert row["year_source"] in ("text", "article"), row


def test_gold_covers_forty_judged_articles_and_the_seeds(gold):
    listed = (ROOT / "eval" / "figures_articles.tsv").read_text(encoding="utf-8").splitlines()
    judged = [line.split("\t")[1] for line in listed]
    assert len(judged) == len(set(judged)) >= 40
    assert {row["article"] for row in gold} <= set(judged)
    seeds = {path.name for path in (ROOT / "corpus").glob("*.txt")}
    assert seeds <= {row["article"] for row in gold}


def test_predictions_in_an_article_without_figures_count_against_precision(gold):
    predicted = [dict(row) for row in gold]
    predicted.append({"article": "no-figures.txt", "value": 3, "unit": "HTX"})
    scores = figures.score(gold, predicted, {"no-figures"})
    assert scores["value+unit"] == (len(gold), len(gold) + 1, len(gold))


def test_seed_sentences_are_verbatim(gold):
    for row in gold:
        path = ROOT / "corpus" / row["article"]
        if path.exists():
            assert row["sentence"] in path.read_text(encoding="utf-8"), row


def test_scorer_gives_one_on_the_gold_itself(tmp_path, capsys):
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text(GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    assert figures.main(["--predictions", str(predictions)]) == 0
    lines = capsys.readouterr().out.splitlines()
    for level in ("value+unit", "whole row"):
        row = next(line for line in lines if line.startswith(level)).split()
        assert row[-2:] == ["1.000", "1.000"], row


def test_scorer_counts_a_wrong_place_against_the_whole_row_only(gold):
    predicted = [dict(row) for row in gold]
    predicted[0]["place"] = "Nowhere"
    predicted.append({"article": gold[0]["article"], "value": -1, "unit": "%"})
    scores = figures.score(gold, predicted)
    n = len(gold)
    assert scores["value+unit"] == (n, n + 1, n)
    assert scores["whole row"] == (n, n + 1, n - 1)


def test_gold_lines_are_json_objects():
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        assert isinstance(json.loads(line), dict)
