"""Greedy longest-match segmentation of a query into Vietnamese words, from a word list.

Kept apart from ``compare.py`` and free of third-party imports so that the
cold-start cost measured for it (import + load + first call) is what a
search engine would pay.

Rules, in order:

1. The query is NFC-normalised and split into syllables (``\\w+`` runs).
2. An all-caps token of two or more letters (``HTX``, ``OCOP``, ``UBND``,
   ``ST25``) is a word of its own.
3. A run of two or more capitalised syllables (``Hải Phòng``, ``Buôn Ma
   Thuột``) is one word, a proper name. A single capitalised syllable is
   matched like any other, so a capital at the start of a query does no harm.
4. The rest is matched left to right: at each syllable, the longest entry of
   the word list (``max_len`` syllables at most) that starts there is one
   word; failing any, the syllable is a word of its own. (Options: match
   right to left, and cut a capitalised run where a word runs on from it.)

Matching is on lowercase text with tone marks in the modern place (``hoà``
becomes ``hòa`` in both the list and the query), or, with ``folded=True``, on
text without any marks (``đ`` -> ``d``), so that ``hop tac xa`` matches too.

>>> seg = Segmenter({"hợp tác xã", "nông nghiệp", "cảng biển", "hòa bình"})
>>> seg.segment("Hải Phòng cảng biển")
['Hải Phòng', 'cảng biển']
>>> seg.segment("HTX nông nghiệp Hòa Bình")
['HTX', 'nông nghiệp', 'Hòa Bình']
>>> Segmenter({"hop tac xa"}, folded=True).segment("hop tac xa")
['hop tac xa']
"""

from __future__ import annotations

import re
import unicodedata

SYLLABLE = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[^\w\n]+")
_EDGE_SPACES = re.compile(r"^ | $", re.MULTILINE)
_MARKS = re.compile("[\u0300-\u036f]")
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave acute tilde hook dot-below


def _old_style_table() -> dict[str, str]:
    table = {}
    for first, second in ("oa", "oe", "uy"):
        for tone in _TONES:
            old = first + unicodedata.normalize("NFC", second + tone)
            table[old] = unicodedata.normalize("NFC", first + tone) + second
    return table


_OLD_STYLE = _old_style_table()
# An open syllable ending in oa/oe/uy with the tone on the second vowel (not after q).
_OLD_STYLE_PATTERN = re.compile("(?<!q)(" + "|".join(_OLD_STYLE) + r")(?!\w)")


def canonical(text: str) -> str:
    """Lowercase NFC text with tone marks in the modern place.

    >>> canonical("Hoà Bình, THUỶ lợi, quý")
    'hòa bình, thủy lợi, quý'
    """
    text = unicodedata.normalize("NFC", text).lower()
    return _OLD_STYLE_PATTERN.sub(lambda m: _OLD_STYLE[m.group(1)], text)


def fold(text: str) -> str:
    """Lowercase text without marks, ``đ`` -> ``d``.

    >>> fold("Hợp tác xã Đắk Lắk")
    'hop tac xa dak lak'
    """
    text = _MARKS.sub("", unicodedata.normalize("NFD", text.lower()))
    return text.replace("đ", "d")


def _is_all_caps(token: str) -> bool:
    return len(token) > 1 and token.isupper()


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() and not _is_all_caps(token)


class SortedLines:
    """Membership test in sorted UTF-8 lines, by binary search, without splitting them.

    Loading is then one file read, without even decoding it (UTF-8 bytes sort as
    their code points do), which is what keeps a cold query fast.

    >>> lines = SortedLines("cà phê\\nhợp tác xã\\nnông nghiệp\\n".encode())
    >>> "hợp tác xã" in lines, "hợp tác" in lines, "zz" in lines
    (True, False, False)
    """

    def __init__(self, data: bytes) -> None:
        self.data = data  # every line ends with b"\n"; lines sorted

    def __contains__(self, key: str) -> bool:
        data, wanted = self.data, key.encode("utf-8")
        lo, hi = 0, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", lo, mid)
            start = lo if start < 0 else start + 1
            end = data.find(b"\n", start)
            line = data[start:end]
            if line == wanted:
                return True
            if line < wanted:
                lo = end + 1
            else:
                hi = start
        return False

    def __len__(self) -> int:
        return self.data.count(b"\n")


def entries_from_list(text: str, folded: bool = False, max_len: int = 5) -> list[str]:
    """The sorted multi-syllable entries (at most ``max_len`` syllables) of a raw word list."""
    text = fold(text) if folded else canonical(text)
    text = _EDGE_SPACES.sub("", _NOT_WORD.sub(" ", text))
    # Single syllables need no entry: an unmatched syllable is a word anyway.
    return sorted({line for line in text.split("\n") if 0 < line.count(" ") < max_len})


def prepare(list_path, out_path, folded: bool = False, max_len: int = 5) -> int:
    """Write a raw word list as a prepared file for :meth:`Segmenter.from_prepared`."""
    with open(list_path, encoding="utf-8") as handle:
        entries = entries_from_list(handle.read(), folded, max_len)
    with open(out_path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("".join(entry + "\n" for entry in entries))
    return len(entries)


class Segmenter:
    """Greedy longest match against a container of multi-syllable entries.

    ``backward=True`` matches from the end of the query instead (the longest entry
    ending at each syllable). ``name_breaks=True`` cuts a run of capitalised
    syllables where an entry starting inside it runs on into lowercase
    syllables, so that ``Bộ Nông nghiệp`` is not read as the name ``Bộ Nông``.

    >>> seg = Segmenter({"nông nghiệp", "giá cả", "cà phê"}, name_breaks=True, backward=True)
    >>> seg.segment("Bộ Nông nghiệp"), seg.segment("giá cà phê")
    (['Bộ', 'Nông nghiệp'], ['giá', 'cà phê'])
    """

    def __init__(
        self,
        entries,
        folded: bool = False,
        max_len: int = 5,
        backward: bool = False,
        name_breaks: bool = False,
    ) -> None:
        self.entries = entries
        self.folded = folded
        self.max_len = max_len
        self.backward = backward
        self.name_breaks = name_breaks

    @classmethod
    def from_list(cls, path, folded: bool = False, max_len: int = 5, **options) -> Segmenter:
        """Load a raw word list: one entry a line, syllables separated by spaces or hyphens."""
        with open(path, encoding="utf-8") as handle:
            entries = entries_from_list(handle.read(), folded, max_len)
        return cls(frozenset(entries), folded, max_len, **options)

    @classmethod
    def from_prepared(cls, path, folded: bool = False, max_len: int = 5, **options) -> Segmenter:
        """Load a file written by :func:`prepare` (same ``folded`` and ``max_len``)."""
        with open(path, "rb") as handle:
            return cls(SortedLines(handle.read()), folded, max_len, **options)

    def key(self, syllable: str) -> str:
        return fold(syllable) if self.folded else canonical(syllable)

    def segment(self, query: str) -> list[str]:
        """The query's words, each as its syllables joined by single spaces."""
        tokens = SYLLABLE.findall(unicodedata.normalize("NFC", query))
        words: list[str] = []
        run: list[str] = []  # plain syllables waiting for dictionary matching
        i, n = 0, len(tokens)
        while i < n:
            if _is_all_caps(tokens[i]):
                words += self._match(run) + [tokens[i]]
                run = []
                i += 1
                continue
            j = i
            while j < n and _is_capitalised(tokens[j]):
                j += 1
            name_end = self._name_end(tokens, i, j) if self.name_breaks else j
            if name_end - i >= 2:
                words += self._match(run) + [" ".join(tokens[i:name_end])]
                run = list(tokens[name_end:j])
            else:
                run += tokens[i : max(j, i + 1)]
            i = max(j, i + 1)
        return words + self._match(run)

    def _name_end(self, tokens: list[str], i: int, j: int) -> int:
        """Where the capitalised run ``tokens[i:j]`` stops being a name."""
        if j - i < 2 or j == len(tokens) or not tokens[j][0].islower():
            return j
        for k in range(i, j):
            for length in range(min(self.max_len, len(tokens) - k), j - k, -1):
                if " ".join(self.key(t) for t in tokens[k : k + length]) in self.entries:
                    return k
        return j

    def _match(self, tokens: list[str]) -> list[str]:
        keys = [self.key(t) for t in tokens]
        words = []
        if self.backward:
            end = len(tokens)
            while end > 0:
                for length in range(min(self.max_len, end), 1, -1):
                    if " ".join(keys[end - length : end]) in self.entries:
                        break
                else:
                    length = 1
                words.append(" ".join(tokens[end - length : end]))
                end -= length
            return words[::-1]
        i = 0
        while i < len(tokens):
            for length in range(min(self.max_len, len(tokens) - i), 1, -1):
                if " ".join(keys[i : i + length]) in self.entries:
                    break
            else:
                length = 1
            words.append(" ".join(tokens[i : i + length]))
            i += length
        return words
