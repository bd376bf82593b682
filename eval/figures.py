"""Precision and recall of extracted figures against the gold file.

    python eval/figures.py --predictions FILE [--gold eval/figures_gold.jsonl] [--show-misses N]
                           [--subset odd|even]

Both files are JSON Lines with the keys of the gold (``KEYS``); a prediction
needs ``article``, ``value`` and ``unit``, and ``counts``, ``place`` and ``year``
for the whole-row score. Rows are matched one to one within an article:

- **value+unit:** same article, same value (relative difference under 1e-6),
  same unit after :func:`fold_unit`;
- **whole row:** that, plus the counted thing (:func:`same_counts`: a leading
  measure word that restates the unit, "tỷ lệ", "diện tích", "mức"…, may be
  there on one side and not the other), the place (:func:`fold_place`) and
  the year equal. ``year_source``, ``text`` and ``sentence`` are not scored;
- **whole row, strict:** as the whole row, the counted things compared word
  for word from their start (:func:`same_counts_strict`), the rule of the
  first published tables.

Why two rules for the counted thing: a second reader who marked the counted
thing, place and year of the held-out half's 191 gold figures apart from the
first (``figures_second_reading.jsonl``; score it as predictions with
``--subset even``) agreed with the gold's counted thing on 64% of rows word
for word and on 87% once the measure words are let go ("tỷ lệ hộ kinh doanh"
and "hộ kinh doanh" for a share in %, "diện tích rau cần" and "rau cần" for
an area in sào). Which measure word a reader writes is style, not a
different thing counted.

Precision = matched / predicted rows, recall = matched / gold rows, over the
judged articles only: those listed in ``eval/figures_articles.tsv`` (the output
of ``figures_articles.py``; an article judged to report no figure is listed
there and has no gold row) and any article of the gold. Predictions for other
articles are ignored.

``--subset`` scores half of the judged articles, so that rules written while
reading one half can be checked on the other: ``odd`` is the seeds and the
crawl articles at odd positions of the list (1st, 3rd, … of its ``baomoi``
lines), where the extractor's rules are developed; ``even`` the crawl
articles at even positions, held out.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "figures_gold.jsonl"
ARTICLES = ROOT / "eval" / "figures_articles.tsv"
KEYS = ("article", "sentence", "text", "value", "unit", "counts", "place", "year", "year_source")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    text = re.sub(r"hợp tác xã", "htx", text)
    text = re.sub(r"\bngàn\b", "nghìn", text)
    return re.sub(r"\s+", " ", text).strip()


def fold_article(name: str) -> str:
    """An article's file name without folders or ``.txt``.

    >>> fold_article("/tmp/vi-news/baomoi/21477912.txt"), fold_article("21477912")
    ('21477912', '21477912')
    """
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    return name[:-4] if name.endswith(".txt") else name


def fold_unit(unit: str) -> str:
    """A unit compared case-insensitively, spaces around ``/`` dropped, HTX ⇄ hợp tác xã.

    >>> fold_unit("Triệu đồng / HTX") == fold_unit("triệu đồng/hợp tác xã")
    True
    >>> fold_unit("phần trăm"), fold_unit("ngàn đồng")
    ('%', 'nghìn đồng')
    """
    unit = _fold(unit)
    unit = re.sub(r"\s*/\s*", "/", unit)
    return {"phần trăm": "%", "hecta": "ha", "héc-ta": "ha", "hécta": "ha"}.get(unit, unit)


def same_counts_strict(gold: str, predicted: str) -> bool:
    """Whether two counted things agree word for word: equal once folded (case,
    HTX ⇄ hợp tác xã), or the words of one begin the other (a Vietnamese noun
    phrase starts with its head, so "HTX" agrees with "HTX nông nghiệp").

    >>> same_counts_strict("HTX nông nghiệp", "hợp tác xã")
    True
    >>> same_counts_strict("sản phẩm OCOP", "Sản phẩm")
    True
    >>> same_counts_strict("thành viên", "lao động"), same_counts_strict("vốn điều lệ", "")
    (False, False)
    >>> same_counts_strict("tỷ lệ hộ nghèo", "hộ nghèo")
    False
    """
    a, b = _fold(gold).split(), _fold(predicted).split()
    if not a or not b:
        return a == b
    shorter, longer = sorted((a, b), key=len)
    return longer[: len(shorter)] == shorter


# Words that open a counted thing only to restate its unit or say it is a total:
# a share ("tỷ lệ"), an area ("diện tích", "quy mô"), an amount or rate ("mức",
# "định mức"), a sum of money ("tiền"), a count ("số", "số lượng", "tổng"), a
# mass ("sản lượng", "khối lượng"), a length ("chiều dài"), visits ("lượt").
# Where two readers of the same figure differed, it was mostly by these.
MEASURE_WORDS = (
    "tỷ lệ",
    "tỉ lệ",
    "diện tích",
    "quy mô",
    "định mức",
    "mức",
    "tiền",
    "tổng số",
    "tổng",
    "số lượng",
    "số",
    "sản lượng",
    "khối lượng",
    "chiều dài",
    "lượt",
)


def without_measure_words(counts: str) -> str:
    """``counts`` folded, its leading measure words (:data:`MEASURE_WORDS`) left out.

    >>> without_measure_words("Tỷ lệ hộ nghèo"), without_measure_words("tổng số HTX")
    ('hộ nghèo', 'htx')
    """
    counts = _fold(counts)
    while True:
        word = next((w for w in MEASURE_WORDS if counts.startswith(w + " ")), None)
        if word is None:
            return counts
        counts = counts[len(word) + 1 :]


def same_counts(gold: str, predicted: str) -> bool:
    """Whether two counted things agree: word for word (:func:`same_counts_strict`),
    or so once their leading measure words are left out
    (:func:`without_measure_words`).

    >>> same_counts("tỷ lệ hộ kinh doanh hoạt động trở lại", "hộ kinh doanh")
    True
    >>> same_counts("diện tích rau cần", "lúa"), same_counts("mức hỗ trợ", "mức")
    (False, True)
    """
    return same_counts_strict(gold, predicted) or same_counts_strict(
        without_measure_words(gold), without_measure_words(predicted)
    )


_CITY = re.compile(r"^(tỉnh|thành phố|tp\.?)\s*")


def fold_place(place: str) -> str:
    """A place compared without "tỉnh"/"thành phố"/"TP" and with Hồ Chí Minh's short forms.

    >>> fold_place("TP.HCM") == fold_place("TP Hồ Chí Minh") == fold_place("Thành phố Hồ Chí Minh")
    True
    >>> fold_place("tỉnh Bắc Giang"), fold_place("ĐBSCL")
    ('bắc giang', 'đồng bằng sông cửu long')
    """
    place = _CITY.sub("", _fold(place).replace("–", "-"))
    aliases = {
        "hcm": "hồ chí minh",
        "tphcm": "hồ chí minh",
        "sài gòn": "hồ chí minh",
        "đbscl": "đồng bằng sông cửu long",
        "đbsh": "đồng bằng sông hồng",
        "cả nước": "việt nam",
        "toàn quốc": "việt nam",
    }
    return aliases.get(place, place)


def same_value(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def same_figure(gold: dict, pred: dict) -> bool:
    return same_value(gold["value"], pred.get("value")) and fold_unit(gold["unit"]) == fold_unit(
        pred.get("unit", "")
    )


def same_row(gold: dict, pred: dict, same_thing=same_counts) -> bool:
    return (
        same_figure(gold, pred)
        and same_thing(gold["counts"], pred.get("counts", ""))
        and fold_place(gold["place"]) == fold_place(pred.get("place", ""))
        and str(gold["year"]) == str(pred.get("year", ""))
    )


def same_row_strict(gold: dict, pred: dict) -> bool:
    return same_row(gold, pred, same_counts_strict)


def read_rows(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                row = json.loads(line)
                if not isinstance(row, dict) or "article" not in row:
                    raise ValueError(f"{path}:{number}: not a row with an article")
                rows.append(row)
    return rows


def match(gold: list[dict], predicted: list[dict], same) -> tuple[int, list[dict], list[dict]]:
    """Rows matched one to one within each article (gold rows in order, each
    taking the first unused prediction that agrees); also the gold rows and the
    predictions left unmatched.

    >>> g = [{"article": "a.txt", "value": 2473, "unit": "tỷ đồng"}]
    >>> p = [{"article": "a", "value": 2473.0, "unit": "Tỷ đồng"}, {"article": "a", "value": 1,
    ...       "unit": "%"}]
    >>> n, missed, extra = match(g, p, same_figure)
    >>> n, len(missed), extra[0]["unit"]
    (1, 0, '%')
    """
    by_article = defaultdict(list)
    for row in predicted:
        by_article[fold_article(row["article"])].append(row)
    used: set[int] = set()
    matched, missed = 0, []
    for row in gold:
        for pred in by_article.get(fold_article(row["article"]), []):
            if id(pred) not in used and same(row, pred):
                used.add(id(pred))
                matched += 1
                break
        else:
            missed.append(row)
    extra = [p for rows in by_article.values() for p in rows if id(p) not in used]
    return matched, missed, extra


def judged_articles(path: Path | None) -> set[str]:
    """The articles listed in a ``kind<TAB>file name`` list (none if no path)."""
    if path is None:
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {fold_article(line.split("\t")[-1]) for line in lines if line.strip()}


SUBSETS = ("odd", "even")


def subset_articles(path: Path, subset: str) -> set[str]:
    """The judged articles of one half (:data:`SUBSETS`): ``odd`` holds the seeds
    and the 1st, 3rd, … crawl article of the list, ``even`` the 2nd, 4th, ….

    >>> import tempfile
    >>> listed = Path(tempfile.mkdtemp()) / "a.tsv"
    >>> _ = listed.write_text("seed\\ts.txt\\nbaomoi\\t1.txt\\nbaomoi\\t2.txt\\nbaomoi\\t3.txt\\n")
    >>> sorted(subset_articles(listed, "odd")), sorted(subset_articles(listed, "even"))
    (['1', '3', 's'], ['2'])
    """
    if subset not in SUBSETS:
        raise ValueError(f"subset is one of {', '.join(SUBSETS)}, not {subset!r}")
    chosen, position = set(), 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        kind, name = line.split("\t")[0], line.split("\t")[-1]
        if kind == "seed":
            if subset == "odd":
                chosen.add(fold_article(name))
            continue
        position += 1
        if (position % 2 == 1) == (subset == "odd"):
            chosen.add(fold_article(name))
    return chosen


def score(
    gold: list[dict], predicted: list[dict], judged: set[str] = frozenset()
) -> dict[str, tuple[int, int, int]]:
    """(gold rows, predicted rows, matched) per level, predictions outside the judged
    articles (``judged`` and the gold's) left out."""
    articles = set(judged) | {fold_article(row["article"]) for row in gold}
    predicted = [row for row in predicted if fold_article(row["article"]) in articles]
    return {
        level: (len(gold), len(predicted), match(gold, predicted, same)[0])
        for level, same in (
            ("value+unit", same_figure),
            ("whole row", same_row),
            ("whole row, strict", same_row_strict),
        )
    }


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def table(scores: dict[str, tuple[int, int, int]]) -> str:
    lines = [f"{'level':<19}{'gold':>6}{'pred':>6}{'match':>7}{'precision':>11}{'recall':>8}"]
    for level, (gold, pred, matched) in scores.items():
        lines.append(
            f"{level:<19}{gold:>6}{pred:>6}{matched:>7}"
            f"{ratio(matched, pred):>11.3f}{ratio(matched, gold):>8.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predictions", type=Path, required=True)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="the judged articles")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    parser.add_argument(
        "--subset",
        choices=SUBSETS,
        help="odd: the seeds and the crawl articles at odd positions of --articles "
        "(where the rules are developed); even: those at even positions (held out)",
    )
    args = parser.parse_args(argv)
    gold, predicted = read_rows(args.gold), read_rows(args.predictions)
    judged = judged_articles(args.articles)
    if args.subset:
        judged = subset_articles(args.articles, args.subset)
        gold = [row for row in gold if fold_article(row["article"]) in judged]
    print(table(score(gold, predicted, judged)))
    if args.show_misses:
        articles = judged | {fold_article(row["article"]) for row in gold}
        predicted = [row for row in predicted if fold_article(row["article"]) in articles]
        _, missed, extra = match(gold, predicted, same_row)
        for label, rows in (("missed (gold)", missed), ("extra (predicted)", extra)):
            print(f"\n{label}: {len(rows)}")
            for row in rows[: args.show_misses]:
                fields = [row.get(k, "") for k in ("value", "unit", "counts", "place", "year")]
                print(f"  {fold_article(row['article'])}\t" + "\t".join(map(str, fields)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
