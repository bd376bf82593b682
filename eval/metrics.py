"""Ranking metrics for the relevance harness.

Each function takes ``ranked``, the document ids a system returned (best
first), and ``judgments``, a mapping from document id to a graded relevance
(0 = not relevant, 1 = relevant, 2 = highly relevant).  Documents missing from
``judgments`` are not relevant.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def recall_at_k(ranked: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Return the share of relevant documents found in the top ``k``.

    >>> recall_at_k(["a", "x", "b"], {"a": 2, "b": 1, "c": 1}, k=10)
    0.6666666666666666
    >>> recall_at_k(["a", "x", "b"], {"a": 2, "b": 1, "c": 1}, k=2)
    0.3333333333333333
    >>> recall_at_k(["x"], {"a": 0})
    0.0
    """
    relevant = {doc for doc, grade in judgments.items() if grade > 0}
    if not relevant:
        return 0.0
    found = relevant.intersection(ranked[:k])
    return len(found) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Return 1/rank of the first relevant document in the top ``k``, else 0.

    >>> reciprocal_rank(["x", "y", "a"], {"a": 1})
    0.3333333333333333
    >>> reciprocal_rank(["x", "y", "a"], {"a": 1}, k=2)
    0.0
    >>> reciprocal_rank(["a"], {"a": 2})
    1.0
    """
    for rank, doc in enumerate(ranked[:k], start=1):
        if judgments.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def dcg(grades: Sequence[int]) -> float:
    """Return the discounted cumulative gain of grades in rank order.

    The gain of grade ``g`` at rank ``r`` (from 1) is ``(2**g - 1) / log2(r + 1)``.

    >>> dcg([1])
    1.0
    >>> round(dcg([2, 0, 1]), 4)
    3.5
    """
    return sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))


def ndcg_at_k(ranked: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Return the normalised DCG of the top ``k`` with graded gains.

    >>> ndcg_at_k(["a", "b"], {"a": 2, "b": 1})
    1.0
    >>> round(ndcg_at_k(["b", "a"], {"a": 2, "b": 1}), 4)
    0.7967
    >>> ndcg_at_k(["x", "a"], {"a": 1}) == 1 / math.log2(3)
    True
    >>> ndcg_at_k([], {"a": 1})
    0.0
    """
    ideal = dcg(sorted((g for g in judgments.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judgments.get(doc, 0) for doc in ranked[:k]]) / ideal


def mean(values: Sequence[float]) -> float:
    """Return the arithmetic mean, 0.0 for an empty sequence.

    >>> mean([1.0, 0.0, 0.5])
    0.5
    >>> mean([])
    0.0
    """
    return sum(values) / len(values) if values else 0.0
