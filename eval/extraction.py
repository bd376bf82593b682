"""Precision and recall of metadata and entity extraction on the gold files.

First, on ``tests/gold/seeds.json`` (the five bundled seed articles annotated
by hand), the indexer's own reader runs on each seed in ``corpus/`` and one
line is printed per field: exact accuracy for title, date and author,
precision and recall for each entity type. Entities are compared there by
:func:`entity_key` (folded, lowercase, "hợp tác xã" = "HTX"); figures by value
and unit; a person's role counts as right when one role contains the other.

Then one table of precision and recall per type (provinces, organisations,
people, dates) on the gold files: the seeds, ``tests/gold/general.json``, 60
crawl articles drawn at random (``eval/draw_sample.py``; how they were judged
is in ``tests/gold/general.md``), and the files extraction rules are tuned on,
judged the same way: ``tests/gold/general_dev.json``, 25 more drawn with
another seed, ``tests/gold/general_dev2.json``, 40 more drawn with a third,
``tests/gold/general_dev3.json``, 40 more drawn with a fourth,
``tests/gold/general_dev4.json``, 40 more drawn with a fifth,
``tests/gold/general_dev5.json``, 40 more drawn with a sixth,
``tests/gold/general_dev6.json``, 40 more drawn with a seventh,
``tests/gold/general_dev7.json``, 40 more drawn with an eighth, and
``tests/gold/general_dev8.json``, 40 more drawn with a ninth
(``--dev-only`` leaves ``general.json`` out while tuning). Crawl
articles are read from ``--crawl`` (default ``$COOPSEARCH_CRAWL`` or
``/tmp/vi-news/baomoi``). A type the gold file leaves
``null`` is not scored. These matching rules are this script's own, so that
changes to the extractor's :func:`entity_key` cannot move the yardstick:

- A name's *key*: NFC, one tone-mark style, lowercase; an acronym's inner
  "&" or "-" dropped (NN&PTNT = NNPTNT, GD-ĐT = GDĐT), other punctuation a
  space, runs of spaces one; the long forms in :data:`ABBREVIATIONS` as their
  abbreviation (hợp tác xã = HTX, Ủy ban nhân dân = UBND, Nông nghiệp và
  Phát triển nông thôn = NN&PTNT, thành phố = TP…); a province's alias as its
  canonical name (TP.HCM = Thành phố Hồ Chí Minh), and "tỉnh"/"TP" before a
  province dropped. Marks count: "Hòa" is not "Hoa".
- **provinces**: canonical names, equal.
- **organisations**: a found name is right, and finds the gold name, when its
  key equals the gold name's key, or the gold name's key without its place
  (a province or Việt Nam at the end: "Bệnh viện Nhân dân 115" for "Bệnh viện
  Nhân dân 115 Thành phố Hồ Chí Minh"), or without a leading kind of firm
  ("Công ty", "Tập đoàn", "Báo"…: "SJC" for "Công ty SJC"), or the acronym
  the article itself puts in parentheses beside the gold name ("Toyota Việt
  Nam (TMV)", "ADB (Ngân hàng Phát triển châu Á…)").
- **people**: a found name finds the gold person when the keys are equal; it
  is right when it is the gold name or its first or last words ("Trump",
  "Bỉnh" for "Nguyễn Tấn Bỉnh"): short references are not errors, but recall
  asks for the name in full.
- **dates**: one per article. A stated date found is right when the gold
  date is stated and the same; an inferred one when the gold date is the same
  (gold dates of the seeds are stated or inferred; the general file has none,
  as no sampled article states its date). Inferred dates are also checked
  against the gold file's window (for the crawl: 2017, the year of every
  sampled article) and those outside it counted.

Precision is right / found, recall is gold found / gold; several found names
may find one gold name (counted once in recall).

    python eval/extraction.py [--crawl DIR] [--dev-only]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopsearch.corpus import read_document  # noqa: E402
from coopsearch.entities import entity_key  # noqa: E402
from coopsearch.text import canonical_tones, normalize  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "seeds.json"
GENERAL = ROOT / "tests" / "gold" / "general.json"
# Other crawl articles judged the same way, the only ones rules are tuned on:
# 25 drawn with seed 16, then 40 each with seeds 17 to 23 (tests/gold/general.md).
DEVS = tuple(
    ROOT / "tests" / "gold" / f"general_dev{n}.json"
    for n in ("", "2", "3", "4", "5", "6", "7", "8")
)
CORPUS = ROOT / "corpus"
CRAWL = Path(os.environ.get("COOPSEARCH_CRAWL", "/tmp/vi-news/baomoi"))
PROVINCES = ROOT / "coopsearch" / "data" / "provinces.json"
# Years an inferred date may fall in, per gold file (None: not checked).
WINDOWS = {
    "seeds.json": None,
    "general.json": (2017, 2017),
    "general_dev.json": (2017, 2017),
    "general_dev2.json": (2017, 2017),
    "general_dev3.json": (2017, 2017),
    "general_dev4.json": (2017, 2017),
    "general_dev5.json": (2017, 2017),
    "general_dev6.json": (2017, 2017),
    "general_dev7.json": (2017, 2017),
    "general_dev8.json": (2017, 2017),
}
SCORED_TYPES = ("provinces", "organisations", "people", "dates")
EXACT_FIELDS = ("title", "date", "date_precision", "date_source", "author")
ENTITY_TYPES = ("provinces", "regions", "organisations", "people", "references", "figures")


def predicted(path: Path) -> dict:
    """The extraction of one seed, in the gold file's shape."""
    document = read_document(path)
    record = {
        "title": document.title,
        "date": document.date,
        "date_precision": document.date_precision,
        "date_source": document.date_source,
        "author": document.author,
    }
    record.update(document.entities.to_dict())
    return record


def keys(kind: str, items: list) -> set:
    if kind == "people":
        return {entity_key(p["name"]) for p in items}
    if kind == "figures":
        return {(round(float(f["value"]), 3), entity_key(f["unit"])) for f in items}
    return {entity_key(item) for item in items}


def roles_right(gold: list, found: list) -> tuple[int, int]:
    """(people found with a gold role whose role is right, people with a gold role found)."""
    found_roles = {entity_key(p["name"]): entity_key(p.get("role") or "") for p in found}
    right = total = 0
    for person in gold:
        name, role = entity_key(person["name"]), entity_key(person.get("role") or "")
        if role and name in found_roles:
            total += 1
            mine = found_roles[name]
            right += bool(mine) and (mine in role or role in mine)
    return right, total


def evaluate(gold: dict, folder: Path = CORPUS) -> dict:
    """Per field: exact (right, total); per entity type: (true pos., predicted, gold)."""
    scores = {f: [0, 0] for f in EXACT_FIELDS}
    scores.update({t: [0, 0, 0] for t in ENTITY_TYPES})
    scores["roles"] = [0, 0]
    for name, expected in gold.items():
        found = predicted(folder / name)
        for f in EXACT_FIELDS:
            scores[f][0] += found[f] == expected[f]
            scores[f][1] += 1
        for t in ENTITY_TYPES:
            if expected[t] is None:  # not judged in this gold file
                continue
            mine, theirs = keys(t, found[t]), keys(t, expected[t])
            scores[t][0] += len(mine & theirs)
            scores[t][1] += len(mine)
            scores[t][2] += len(theirs)
        right, total = roles_right(expected["people"], found["people"])
        scores["roles"][0] += right
        scores["roles"][1] += total
    return scores


def report(scores: dict) -> str:
    lines = [f"{'field':<15}{'right':>8}{'of':>5}{'accuracy':>10}"]
    for f in (*EXACT_FIELDS, "roles"):
        right, total = scores[f]
        lines.append(f"{f:<15}{right:>8}{total:>5}{right / max(total, 1):>10.2f}")
    lines.append("")
    head = ("entity type", "found", "gold", "correct", "precision", "recall")
    lines.append("{:<15}{:>8}{:>6}{:>9}{:>11}{:>8}".format(*head))
    for t in ENTITY_TYPES:
        tp, npred, ngold = scores[t]
        precision = tp / npred if npred else 0.0
        recall = tp / ngold if ngold else 0.0
        lines.append(f"{t:<15}{npred:>8}{ngold:>6}{tp:>9}{precision:>11.2f}{recall:>8.2f}")
    return "\n".join(lines)


# Long forms written as their abbreviation in a key (keys are lowercase, acronyms joined).
ABBREVIATIONS = {
    "hợp tác xã": "htx",
    "liên hiệp hợp tác xã": "lhhtx",
    "ủy ban nhân dân": "ubnd",
    "hội đồng nhân dân": "hđnd",
    "nông nghiệp và phát triển nông thôn": "nnptnt",
    "kế hoạch và đầu tư": "khđt",
    "giáo dục và đào tạo": "gdđt",
    "lao động thương binh và xã hội": "lđtbxh",
    "thông tin và truyền thông": "tttt",
    "tài nguyên và môi trường": "tnmt",
    "khoa học và công nghệ": "khcn",
    "phòng cháy chữa cháy": "pccc",
    "cơ quan cảnh sát điều tra": "cqcsđt",
    "trách nhiệm hữu hạn": "tnhh",
    "câu lạc bộ": "clb",
    "đại học": "đh",
    "nhà xuất bản": "nxb",
    "thông tấn xã việt nam": "ttxvn",
    "thành phố": "tp",
}
# Words that open a firm's or a paper's name and may be left out ("SJC" for "Công ty SJC").
FIRM_KINDS = re.compile(
    r"^(?:tổng công ty|công ty|tập đoàn|báo|tờ|hãng|tạp chí)(?: (?:tnhh|cổ phần|cp))? "
)
PLACE_PREFIX = r"(?:tỉnh|tp)"


@lru_cache(maxsize=1)
def _province_forms() -> tuple[dict, re.Pattern, re.Pattern]:
    """Province aliases (as keys) mapped to canonical keys, and the patterns using them."""
    data = json.loads(PROVINCES.read_text(encoding="utf-8"))["provinces"]
    aliases = {}
    for province in data:
        canonical = _plain_key(province["name"])
        for form in (province["name"], *province["aliases"]):
            aliases[_plain_key(form)] = canonical
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    canonicals = "|".join(
        re.escape(c) for c in sorted(set(aliases.values()), key=len, reverse=True)
    )
    alias_re = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    place_re = re.compile(rf"(?:^| )(?:{PLACE_PREFIX} )?(?:{canonicals}|việt nam)$")
    return aliases, alias_re, place_re


def _plain_key(text: str) -> str:
    """NFC, one tone style, lowercase, acronyms joined, punctuation a space, long forms short."""
    text = normalize(text)
    for _ in range(3):  # "A-B-C"
        text = re.sub(
            r"(?<!\w)([^\W\d_]+)[&\-]([^\W\d_]+)(?!\w)",
            lambda m: m[1] + m[2] if m[1].isupper() and m[2].isupper() else f"{m[1]} {m[2]}",
            text,
        )
    text = " ".join(canonical_tones(w) for w in re.split(r"[^\w]+", text.lower()) if w)
    for long, short in ABBREVIATIONS.items():
        text = re.sub(rf"(?<!\w){long}(?!\w)", short, text)
    return text


def name_key(text: str) -> str:
    """The key two spellings of one name share (rules in the module docstring)."""
    aliases, alias_re, _ = _province_forms()
    text = alias_re.sub(lambda m: aliases[m[0]], _plain_key(text))
    canon = "|".join(re.escape(c) for c in set(aliases.values()))
    return re.sub(rf"(?<!\w){PLACE_PREFIX} (?=(?:{canon})(?!\w))", "", text)


def _parenthesised_acronyms(name: str, text: str) -> set[str]:
    """Acronyms the article gives for ``name``: "NAME (ABBR)" or "ABBR (NAME…"."""
    spaced = r"\s+".join(re.escape(w) for w in name.split())
    found = set()
    for pattern in (
        rf"{spaced}\s*\(\s*([^\s()]{{2,12}})\s*\)",
        rf"([^\s()]{{2,12}})\s*\(\s*{spaced}",
    ):
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if any(c.isupper() for c in match[1]):
                found.add(name_key(match[1]))
    return found


def organisation_forms(name: str, text: str) -> set[str]:
    """The keys a found name may have to count as the gold organisation ``name``."""
    key = name_key(name)
    unplaced = _province_forms()[2].sub("", key)
    forms = {key, unplaced, FIRM_KINDS.sub("", key), FIRM_KINDS.sub("", unplaced)}
    forms |= _parenthesised_acronyms(name, text)
    return {f for f in forms if f}


def person_parts(name: str) -> set[str]:
    """The gold name's key and its first and last runs of words (short references)."""
    words = name_key(name).split()
    return {" ".join(words[:i]) for i in range(1, len(words) + 1)} | {
        " ".join(words[i:]) for i in range(len(words))
    }


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(name_key(i) for i in items if i and name_key(i)))


def score_article(expected: dict, found: dict, text: str, window) -> dict:
    """Per type: [right, found, gold found, gold] for one article; dates also 'outside'."""
    counts = {}
    if expected["provinces"] is not None:
        mine, theirs = set(found["provinces"]), set(expected["provinces"])
        counts["provinces"] = [len(mine & theirs), len(mine), len(mine & theirs), len(theirs)]
    if expected["organisations"] is not None:
        mine = _unique(found["organisations"])
        gold = [organisation_forms(g, text) for g in dict.fromkeys(expected["organisations"])]
        right = sum(any(m in forms for forms in gold) for m in mine)
        hit = sum(any(m in forms for m in mine) for forms in gold)
        counts["organisations"] = [right, len(mine), hit, len(gold)]
    if expected["people"] is not None:
        mine = _unique([p["name"] for p in found["people"]])
        names = list(dict.fromkeys(name_key(p["name"]) for p in expected["people"]))
        parts = set().union(*(person_parts(n) for n in names)) if names else set()
        right = sum(m in parts for m in mine)
        hit = sum(n in mine for n in names)
        counts["people"] = [right, len(mine), hit, len(names)]
    for source in ("stated", "inferred"):
        mine = found["date"] if found["date"] and found["date_source"] == source else None
        theirs = expected["date"] if expected["date_source"] == source else None
        same = int(mine is not None and mine == theirs)
        counts[f"dates ({source})"] = [same, int(mine is not None), same, int(theirs is not None)]
    inferred = found["date"] if found["date_source"] == "inferred" else None
    outside = window is not None and inferred is not None
    outside = outside and not window[0] <= int(inferred[:4]) <= window[1]
    counts["inferred outside window"] = [int(outside), int(inferred is not None)]
    return counts


def evaluate_types(gold: dict, folder: Path, window=None, reading: dict | None = None) -> dict:
    """Summed counts of :func:`score_article` over a gold file: of the extractor's
    output, or of ``reading``, another reader's marks of the same articles
    (keyed by file name, the gold's record shape), to measure how far two
    readers agree."""
    totals: dict = {}
    for name, expected in gold.items():
        path = folder / name
        found = predicted(path) if reading is None else reading[name]
        text = normalize(path.read_text(encoding="utf-8", errors="replace"))
        for kind, counts in score_article(expected, found, text, window).items():
            totals[kind] = [
                a + b for a, b in zip(totals.get(kind, [0] * len(counts)), counts, strict=True)
            ]
    return totals


def type_report(results: dict) -> str:
    """One table: per gold file and type, found, right, gold, gold found, precision, recall."""
    head = ("gold file", "type", "found", "right", "gold", "hit", "precision", "recall")
    lines = ["{:<18}{:<18}{:>6}{:>7}{:>6}{:>6}{:>11}{:>8}".format(*head)]
    for label, totals in results.items():
        for kind, counts in totals.items():
            if kind == "inferred outside window":
                continue
            right, found, hit, gold = counts
            precision = f"{right / found:.2f}" if found else "-"
            recall = f"{hit / gold:.2f}" if gold else "-"
            lines.append(
                f"{label:<18}{kind:<18}{found:>6}{right:>7}{gold:>6}{hit:>6}{precision:>11}{recall:>8}"
            )
        outside, inferred = totals["inferred outside window"]
        lines.append(f"{label:<18}inferred dates outside the window: {outside} of {inferred}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--crawl", type=Path, default=CRAWL, help="folder of the general files' articles"
    )
    parser.add_argument(
        "--dev-only", action="store_true", help="score the development files but not general.json"
    )
    parser.add_argument(
        "--agreement",
        nargs=2,
        type=Path,
        metavar=("FIRST", "SECOND"),
        help="score a second reading (SECOND) against a gold file (FIRST) and each way round",
    )
    args = parser.parse_args()
    if args.agreement:
        first, second = (json.loads(p.read_text(encoding="utf-8")) for p in args.agreement)
        unread = sorted(set(second) - set(first))
        if unread:
            parser.error(f"{len(unread)} articles of the second reading are not in the first")
        first = {name: first[name] for name in second}  # the articles both read
        for a, b in ((first, second), (second, first)):  # a type one reading left unjudged
            for name, record in a.items():
                for kind in ("provinces", "organisations", "people"):
                    if b[name][kind] is None:
                        record[kind] = None
        print(f"Two readings of {len(second)} articles, by the matching rules above")
        print(
            type_report(
                {
                    "first as gold": evaluate_types(first, args.crawl, None, second),
                    "second as gold": evaluate_types(second, args.crawl, None, first),
                }
            )
        )
        return
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    print(f"Extraction on {GOLD.relative_to(ROOT)} ({len(gold)} articles)")
    print(report(evaluate(gold)))
    results = {"seeds.json": evaluate_types(gold, CORPUS, WINDOWS["seeds.json"])}
    sizes = {"seeds.json": len(gold)}
    for path in DEVS if args.dev_only else (GENERAL, *DEVS):
        general = json.loads(path.read_text(encoding="utf-8"))
        sizes[path.name] = len(general)
        missing = [n for n in general if not (args.crawl / n).is_file()]
        if missing:
            print(f"\n{path.name}: {len(missing)} articles missing from {args.crawl}; not scored")
            continue
        results[path.name] = evaluate_types(general, args.crawl, WINDOWS[path.name])
    counted = ", ".join(f"{label} {sizes[label]}" for label in results)
    print(f"\nPer type, by the matching rules above (articles: {counted})")
    print(type_report(results))


if __name__ == "__main__":
    main()
