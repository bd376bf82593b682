"""How far ranking can go when every word of a query is required.

For each judged topic and question, the judged-relevant articles are split
into those that hold every word of the query and those that do not. The
words are coopsearch's segmentation of the query, without a question's
question words; each word, or any of its abbreviation spellings, is found
with the regular expressions of ``matchset.py`` over normalised text, not by
the engine. The best nDCG@10 an engine can reach when it ranks full
matches first and perfectly is the nDCG of the ideal order of the first
group. It is an upper bound for the match-set rule "every word required,
partial matches only after the full ones"; the partial matches shown below
the page's full matches (when there are fewer than ten) can add a little.

Usage::

    python eval/ceiling.py [--corpus DIR]

Prints, per set, the mean bound and the share of relevant articles that
hold every word.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from docs import corpus_root  # noqa: E402
from matchset import Article, Query, matches  # noqa: E402
from metrics import ndcg_at_k  # noqa: E402
from queries import load_topics  # noqa: E402

from coopsearch.querybuild import alternatives  # noqa: E402
from coopsearch.queryparse import parse, words_of  # noqa: E402
from coopsearch.questions import without_question_words  # noqa: E402
from coopsearch.text import normalize  # noqa: E402

SETS = {"topic": HERE / "topics.json", "question": HERE / "questions.json"}


def as_matchset_query(text: str) -> Query:
    """The query's required words, each with its abbreviation spellings, as ``matchset.Query``.

    A question's question words are left out, as coopsearch leaves them out.
    """
    parsed = parse(normalize(text))
    tree, _ = without_question_words(parsed.tree, text, parsed.accented)
    words = []
    for leaf in words_of(tree):
        spellings = [" ".join(other) for other in alternatives(leaf.syllables)]
        words.append((leaf.text, *spellings))
    return Query(text, tuple(words), "topic")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus")
    root = corpus_root(parser.parse_args(argv).corpus)
    header = ("set", "topics", "best nDCG@10, full matches first", "relevant holding every word")
    print(f"{header[0]:9} {header[1]:>6} {header[2]:>34} {header[3]:>28}")
    for name, path in SETS.items():
        bounds, shares = [], []
        for topic in load_topics(path):
            judged = topic["judgments"]
            relevant = {key: grade for key, grade in judged.items() if grade > 0}
            query = as_matchset_query(topic["query"])
            full = [key for key in relevant if matches(Article.read(root / key), query)]
            bounds.append(ndcg_at_k(sorted(full, key=lambda key: -relevant[key]), judged))
            shares.append(len(full) / len(relevant) if relevant else 1.0)
        print(
            f"{name:9} {len(bounds):6} {sum(bounds) / len(bounds):34.3f} "
            f"{sum(shares) / len(shares):28.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
