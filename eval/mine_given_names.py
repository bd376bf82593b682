"""Candidate foreign given names, mined from a crawl: first words of foreign
names that the extractor found with a cue before several family names.

A foreign name needs no cue when its first word is a known given name
(``given`` in ``data/person_context.tsv``: "Bill Clinton", "Cesc Fabregas").
The crawl shows which first words open many people's names: for each article
(judged articles left out, as in ``mine_org_names.py``), the extractor's
people of two words or more in plain Latin letters, without the mined list of
``mine_people.py``, give (first word, last word) pairs; a first word met
before ``--min-family`` different last words and not yet listed as given is
printed. Family names (``family``), countries, cities, titles and the first
words of firms and magazines come out too, so the candidates are read by
hand before any goes into ``person_context.tsv``.

    python eval/mine_given_names.py [--crawl /tmp/vi-news/baomoi] > /tmp/given.tsv

Output: family names met<TAB>given name, most met first.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from mine_org_names import read_article, unjudged_files  # noqa: E402


def _foreign(word: str) -> bool:
    from coopsearch.entities import _is_vietnamese

    return word.isascii() and word[:1].isupper() and word[1:].islower() and not _is_vietnamese(word)


def pairs_of(path: Path) -> set[tuple[str, str]]:
    """(first word, last word) of the foreign people one article names."""
    from coopsearch import entities
    from coopsearch.entities import extract

    entities._known_people = lambda text, spans: []  # introduced, not listed
    text = read_article(path)
    found = set()
    for person in extract(text).people:
        words = person.name.split()
        if len(words) >= 2 and all(map(_foreign, words[:2])):
            found.add((words[0], words[-1]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", type=Path, default=Path("/tmp/vi-news/baomoi"))
    parser.add_argument("--min-family", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    files = unjudged_files(args.crawl)
    families: dict[str, set[str]] = defaultdict(set)
    with ProcessPoolExecutor(args.jobs) as pool:
        for pairs in pool.map(pairs_of, files, chunksize=64):
            for given, family in pairs:
                families[given].add(family)
    from coopsearch.entities import _person_context

    listed = set(_person_context()["given"])
    rows = [(len(f), g) for g, f in families.items() if len(f) >= args.min_family]
    for count, given in sorted(rows, key=lambda r: (-r[0], r[1])):
        if given not in listed:
            print(f"{count}\t{given}")


if __name__ == "__main__":
    main()
