"""Precision and recall of metadata and entity extraction on the gold file.

Reads ``tests/gold/seeds.json`` (the five bundled seed articles annotated by
hand), runs the indexer's own reader on each seed in ``corpus/``, and prints
one line per field: exact accuracy for title, date and author, precision and
recall for each entity type. Entities are compared by :func:`entity_key`
(folded, lowercase, "hợp tác xã" = "HTX"); figures by value and unit; a
person's role counts as right when one role contains the other.

    python eval/extraction.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopsearch.corpus import read_document  # noqa: E402
from coopsearch.entities import entity_key  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "seeds.json"
CORPUS = ROOT / "corpus"
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


def evaluate(gold: dict) -> dict:
    """Per field: exact (right, total); per entity type: (true pos., predicted, gold)."""
    scores = {f: [0, 0] for f in EXACT_FIELDS}
    scores.update({t: [0, 0, 0] for t in ENTITY_TYPES})
    scores["roles"] = [0, 0]
    for name, expected in gold.items():
        found = predicted(CORPUS / name)
        for f in EXACT_FIELDS:
            scores[f][0] += found[f] == expected[f]
            scores[f][1] += 1
        for t in ENTITY_TYPES:
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


def main() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    print(f"Extraction on {GOLD.relative_to(ROOT)} ({len(gold)} articles)")
    print(report(evaluate(gold)))


if __name__ == "__main__":
    main()
