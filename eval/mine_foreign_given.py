"""Candidate foreign given names, mined from a crawl with a names dictionary as the judge.

``mine_given_names.py`` finds given names only where the extractor already
found a person (after a cue), so a name the news writes bare ("Lewis
Hamilton đoạt pole", "do Nico Rosberg thiết lập") never comes out. This
script reads the crawl itself: in each article (judged articles left out, as
in ``mine_org_names.py``) every run of two or three capitalised words in
plain Latin letters that are not Vietnamese syllables gives (first word,
second word). A first word met before ``--min-family`` different second
words, that the first-name dictionary of the ``gender-guesser`` package
(``pip install gender-guesser``; about 40,000 names of Europe and the
Americas, independent of this project) knows, and that is not yet listed as
``given`` in ``data/person_context.tsv``, is printed. Words that are also
places, firms or English words (Paris, Real, Will) come out too, so the
candidates are read by hand before any goes into ``person_context.tsv``.

    python eval/mine_foreign_given.py [--crawl /tmp/vi-news/baomoi] > /tmp/given.tsv

Output: different second words<TAB>first word<TAB>three examples, most met first.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from mine_org_names import read_article, unjudged_files  # noqa: E402

_RUN = re.compile(r"(?<![\w.'’-])([A-Z][a-z]+)[ \t]+([A-Z][a-z]+)(?:[ \t]+[A-Z][a-z]+)?(?![\w'’-])")


def main() -> None:
    from gender_guesser.detector import Detector

    from coopsearch.entities import _foreign_given, _is_vietnamese

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", type=Path, default=Path("/tmp/vi-news/baomoi"))
    parser.add_argument("--min-family", type=int, default=4)
    args = parser.parse_args()
    detector = Detector(case_sensitive=True)
    listed = _foreign_given()
    seconds: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, list[str]] = defaultdict(list)
    for path in unjudged_files(args.crawl):
        for match in _RUN.finditer(read_article(path)):
            first, second = match.group(1), match.group(2)
            if _is_vietnamese(first) or _is_vietnamese(second) or first in listed:
                continue
            if second not in seconds[first]:
                seconds[first].add(second)
                if len(examples[first]) < 3:
                    examples[first].append(match.group(0))
    ranked = sorted(seconds, key=lambda w: (-len(seconds[w]), w))
    for first in ranked:
        if len(seconds[first]) < args.min_family:
            break
        if detector.get_gender(first) == "unknown":
            continue
        print(f"{len(seconds[first])}\t{first}\t{' | '.join(examples[first])}")


if __name__ == "__main__":
    main()
