"""Query segmentation: the syllables a user typed, grouped into Vietnamese words.

Vietnamese writes a space between syllables, not between words: "hợp tác xã"
is one word of three syllables, "Bắc Giang" one name of two. A query is
therefore cut into words before it is searched, and a word of several
syllables matches only where its syllables stand side by side
(:mod:`coopsearch.querybuild`). The rules, in order, at each position:

1. a run of two or more capitalised syllables is a name ("Tân Hương",
   "Thái Bình Dương"), cut where it is a sequence of known names
   ("Đắk Lắk Gia Lai" is two provinces);
2. a known name or term: a province or region of the gazetteer, an
   abbreviation or its expansion (``data/abbreviations.tsv``), an
   organisation of ``data/org_standalone.txt``, a word of
   ``data/words_domain.txt``; the longest wins;
3. a dictionary word of two to four syllables (``data/words.txt``), longest
   first (greedy maximum matching, the classic baseline for Vietnamese word
   segmentation; ``eval/segmentation/`` measures it against alternatives);
4. otherwise the syllable alone.

A query typed without marks is matched against the same lists without
marks, so "cang bien" and "gia lai" are segmented too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coopsearch.analysis import exact_form, folded_form
from coopsearch.text import SYLLABLE, normalize, words

MAX_DICTIONARY_SYLLABLES = 4  # longest entry of data/words.txt
MAX_NAME_SYLLABLES = 8  # longest known name ("Ủy ban Mặt trận Tổ quốc Việt Nam")


class WordList:
    """A sorted word list searched in place: ``key in words`` costs a binary search.

    The file (``data/words.txt``) is sorted by each word's folded form, then
    as written, so one list answers both lookups: ``"cảng biển" in words``
    (as written) and ``words.has_folded("cang bien")`` (without marks).
    Loading it is one read of its bytes; nothing is split or decoded until a
    lookup reaches it (a set of its 60,000 words would cost tens of
    milliseconds of a cold query).
    """

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        body = 0
        while blob.startswith(b"#", body):  # the header's comment lines
            body = blob.index(b"\n", body) + 1
        self._body = body

    def __contains__(self, exact: str) -> bool:
        return exact in self._forms(folded_key(exact))

    def has_folded(self, folded: str) -> bool:
        return bool(self._forms(folded))

    def _forms(self, folded: str) -> list[str]:
        """The words as written whose folded form is ``folded``."""
        blob, lo, hi = self._blob, self._body, len(self._blob)
        while lo < hi:  # the first line whose folded form is >= folded
            start = blob.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
            start = max(start, lo)
            end = blob.find(b"\n", start)
            if folded_key(blob[start:end].decode("utf-8")) < folded:
                lo = end + 1
            else:
                hi = start
        forms = []
        while lo < len(blob):
            end = blob.find(b"\n", lo)
            word = blob[lo:end].decode("utf-8")
            if folded_key(word) != folded:
                break
            forms.append(word)
            lo = end + 1
        return forms


def folded_key(text: str) -> str:
    """The form ``data/words.txt`` is sorted by: each syllable folded, one space between.

    >>> folded_key("cảng biển")
    'cang bien'
    """
    return _key(text.split(" "), False)


@dataclass(frozen=True)
class Lexicon:
    """The lists segmentation looks words up in: names (small sets) and the dictionary."""

    names_exact: frozenset[str]
    names_folded: frozenset[str]
    dictionary: WordList
    heads_exact: frozenset[str] = frozenset()  # one-syllable heads of organisation names
    heads_folded: frozenset[str] = frozenset()


def segment(syllables: list[str], accented: bool) -> list[int]:
    """Lengths of the consecutive words ``syllables`` make, in order.

    ``syllables`` are as typed (NFC); ``accented`` says whether the query
    carries marks (then words are looked up as written, else without marks).

    >>> segment(["Hải", "Phòng", "cảng", "biển"], True)
    [2, 2]
    >>> segment(["hop", "tac", "xa", "Tan", "Huong"], False)
    [3, 2]
    >>> segment(["Thái", "Bình", "Dương"], True)
    [3]
    >>> segment(["Bộ", "Tài", "chính", "chè", "Thái", "Nguyên", "dịch", "tả", "châu", "Phi"], True)
    [3, 1, 2, 2, 2]
    """
    lexicon = load_lexicon()
    syllables = unshouted(syllables)
    lengths: list[int] = []
    i = 0
    while i < len(syllables):
        run = _name_run(syllables, i, lexicon, accented)
        if run >= 2:
            pieces = _split_name_run(syllables[i : i + run], lexicon)
            lengths.extend(pieces)
            i += run
            continue
        n = _longest(syllables, i, lexicon, accented)
        lengths.append(n)
        i += n
    return lengths


def _name_run(syllables: list[str], i: int, lexicon: Lexicon, accented: bool) -> int:
    """The capitalised run starting at ``i``, cut before a syllable that starts a
    known word running on into lower case ("Chủ tịch Hội | Nông dân tỉnh").

    An organisation's head (``Bộ``, ``Sở``, ``Cục``…, from
    ``data/org_patterns.txt``) keeps that word as the rest of its name:
    "Bộ Nông nghiệp", "Sở Tài chính", "Luật Hợp tác xã" are one name each.
    """
    run = _capitalised_run(syllables, i)
    for j in range(i + 1, i + run):
        rest = _longest(syllables, j, lexicon, accented)
        if j + rest > i + run:
            heads = lexicon.heads_exact if accented else lexicon.heads_folded
            if j == i + 1 and _key(syllables[i : i + 1], accented) in heads:
                return 1 + rest
            return j - i
    return run


def _key(syllables: list[str], accented: bool) -> str:
    form = exact_form if accented else folded_form
    return " ".join(form(s) for s in syllables)


def _longest(syllables: list[str], i: int, lexicon: Lexicon, accented: bool) -> int:
    """The longest known name, else dictionary word, starting at ``i`` (1 if none).

    In a query typed with marks, syllables typed without any ("hop tac xa"
    in "hop tac xa Bắc Giang") are looked up without marks too.
    """
    for n in range(min(MAX_NAME_SYLLABLES, len(syllables) - i), 1, -1):
        if _known_name(syllables[i : i + n], lexicon, accented):
            return n
    if _is_code(syllables[i]):
        return 1
    dictionary = lexicon.dictionary
    lower = not _is_capitalised(syllables[i])
    for n in range(min(MAX_DICTIONARY_SYLLABLES, len(syllables) - i), 1, -1):
        rest = syllables[i + 1 : i + n]
        if any(_is_code(s) for s in rest):
            continue
        if lower and any(_capitalised_run(syllables, k) >= 2 for k in range(i + 1, i + n)):
            continue  # "chè | Thái Nguyên", but "châu Phi"
        candidate = syllables[i : i + n]
        if accented and _key(candidate, True) in dictionary:
            return n
        if (not accented or _unmarked(candidate)) and dictionary.has_folded(_key(candidate, False)):
            return n
        if accented and _marks_left_out(candidate, lexicon):
            return n
    return 1


def marks_left_out(syllables: list[str]) -> bool:
    """Whether ``syllables`` are a name or dictionary word typed with some of its
    marks left out: a lowercase syllable without marks ("nong thôn", "hop tác
    xã", "cà phe") where the word has them, every syllable typed with marks as
    the word writes it, the syllables as typed no word themselves ("xe tải"),
    and no bare one common on its own (:data:`COMMON_SYLLABLE_WORDS`: "con" of
    "giá lợn con" is meant, though "lợn cợn" is a word).

    >>> marks_left_out(["nong", "thôn"]), marks_left_out(["cà", "phe"])
    (True, True)
    >>> marks_left_out(["xe", "tải"]), marks_left_out(["lợn", "con"]), marks_left_out(["nong"])
    (False, False, False)
    """
    return len(syllables) > 1 and _marks_left_out(syllables, load_lexicon())


# A syllable without marks that stands in this many words of data/words.txt
# or more is a word typed as meant ("con" of "giá lợn con": 309 words), not
# one whose marks were left out ("nong": 10, "phe": 12, "te": 22).
COMMON_SYLLABLE_WORDS = 50


def _marks_left_out(candidate: list[str], lexicon: Lexicon) -> bool:
    bare = [s.isalpha() and s.islower() and _unmarked([s]) for s in candidate]
    if all(bare) or not any(bare) or is_known_word(candidate, True):
        return False
    typed = _key(candidate, True).split(" ")
    folded = _key(candidate, False)
    forms = [*lexicon.dictionary._forms(folded), *_names_by_folded(lexicon).get(folded, ())]
    agrees = any(
        all(left_out or t == w for t, w, left_out in zip(typed, form.split(" "), bare, strict=True))
        for form in forms
        if form.count(" ") == len(typed) - 1
    )
    return agrees and not any(_meant_as_typed(run) for run in _bare_runs(candidate, bare))


def _bare_runs(candidate: list[str], bare: list[bool]) -> list[list[str]]:
    """The runs of consecutive syllables typed without marks."""
    runs: list[list[str]] = []
    for syllable, is_bare, before in zip(candidate, bare, [False, *bare], strict=False):
        if is_bare:
            if before:
                runs[-1].append(syllable)
            else:
                runs.append([syllable])
    return runs


def _meant_as_typed(run: list[str]) -> bool:
    """Whether bare syllables are typed as meant: one common on its own
    (``data/common_bare_syllables.txt``), or several that make a word as written."""
    if len(run) == 1:
        return run[0].lower() in common_bare_syllables()
    return is_known_word(run, True)


@lru_cache(maxsize=1)
def common_bare_syllables() -> frozenset[str]:
    """``data/common_bare_syllables.txt``: syllables without marks standing in at
    least :data:`COMMON_SYLLABLE_WORDS` words of ``data/words.txt``."""
    return frozenset(_data_lines("common_bare_syllables.txt"))


def syllable_word_counts() -> dict[str, int]:
    """How many words of ``data/words.txt`` each syllable stands in, as written
    (reads the whole list: what ``common_bare_syllables.txt`` is made from)."""
    counts: dict[str, int] = {}
    for word in _data_lines("words.txt"):
        for syllable in set(word.split(" ")):
            counts[syllable] = counts.get(syllable, 0) + 1
    return counts


@lru_cache(maxsize=1)
def _names_by_folded(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """The names of ``lexicon`` as written (exact keys), by their folded key."""
    found: dict[str, list[str]] = {}
    for exact in lexicon.names_exact:
        found.setdefault(_key(exact.split(" "), False), []).append(exact)
    return {folded: tuple(names) for folded, names in found.items()}


def _known_name(candidate: list[str], lexicon: Lexicon, accented: bool) -> bool:
    if accented and _key(candidate, True) in lexicon.names_exact:
        return True
    if accented and not _unmarked(candidate):
        return _marks_left_out(candidate, lexicon)
    return _key(candidate, False) in lexicon.names_folded


def _unmarked(syllables: list[str]) -> bool:
    return all(folded_form(s) == s.lower() for s in syllables)


def unshouted(syllables: list[str]) -> list[str]:
    """``syllables`` with words typed in capitals ("NÔNG DÂN NGÂN HÀNG", a
    headline pasted whole) in lowercase, so that they make words as typed
    text does ("nông dân" and "ngân hàng", each a phrase; "Hà Nội" still a
    name), where each capital syllable would otherwise be an abbreviation on
    its own: a run of two or more syllables in capitals, each shaped as a
    Vietnamese syllable (:data:`coopsearch.text.SYLLABLE`). An abbreviation
    has no such shape ("HTX", "OCOP", "UBND"), nor do two bare vowels ("EU").

    >>> unshouted(["NÔNG", "DÂN", "HTX", "OCOP", "Bắc", "Giang"])
    ['nông', 'dân', 'HTX', 'OCOP', 'Bắc', 'Giang']
    >>> unshouted(["DÂN", "số"]), unshouted(["EU", "VIỆT", "NAM"])
    (['DÂN', 'số'], ['EU', 'việt', 'nam'])
    """
    out = list(syllables)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and _shouted(out[j]):
            j += 1
        if j - i >= 2:
            out[i:j] = [s.lower() for s in out[i:j]]
        i = max(j, i + 1)
    return out


def _shouted(syllable: str) -> bool:
    if len(syllable) < 2 or not syllable.isupper() or not syllable.isalpha():
        return False
    if syllable.isascii() and all(c in "AEIOUY" for c in syllable):
        return False  # "EU", "AI": an abbreviation
    return bool(SYLLABLE.fullmatch(syllable.lower()))


def _is_code(syllable: str) -> bool:
    """Abbreviations and numbers (HTX, OCOP, 2021) are words of their own."""
    return (len(syllable) > 1 and syllable.isupper()) or any(c.isdigit() for c in syllable)


def _is_capitalised(syllable: str) -> bool:
    return syllable[:1].isupper() and not _is_code(syllable)


def _capitalised_run(syllables: list[str], i: int) -> int:
    n = 0
    while i + n < len(syllables) and _is_capitalised(syllables[i + n]):
        n += 1
    return n


def _split_name_run(run: list[str], lexicon: Lexicon) -> list[int]:
    """A run of capitalised syllables: known names where it is made of them, else one name.

    A syllable left over beside a known name means the name is part of a
    longer one ("Thái Bình Dương", "Lê Hà Nam"), so the run stays whole.
    """
    pieces: list[tuple[int, bool]] = []  # (length, is a known name)
    i = 0
    while i < len(run):
        n = _longest_name(run, i, lexicon)
        if n:
            pieces.append((n, True))
            i += n
            continue
        if pieces and not pieces[-1][1]:
            pieces[-1] = (pieces[-1][0] + 1, False)
        else:
            pieces.append((1, False))
        i += 1
    if any(not known and n == 1 for n, known in pieces) and len(pieces) > 1:
        return [len(run)]
    return [n for n, _ in pieces]


def _longest_name(run: list[str], i: int, lexicon: Lexicon) -> int:
    for n in range(min(MAX_NAME_SYLLABLES, len(run) - i), 1, -1):
        if _known_name(run[i : i + n], lexicon, False):
            return n
    return 0


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The word lists, read once per process (a few milliseconds)."""
    names = [words(normalize(name)) for name in _known_names()]
    names = [n for n in names if len(n) >= 2]
    heads = [h for h in _data_lines("org_patterns.txt") if " " not in h and not h.isupper()]
    heads += ["Luật", "Hội"]  # "Luật Hợp tác xã", "Hội Nông dân": named like bodies
    return Lexicon(
        heads_exact=frozenset(_key([h], True) for h in heads),
        heads_folded=frozenset(_key([h], False) for h in heads),
        names_exact=frozenset(_key(n, True) for n in names),
        names_folded=frozenset(_key(n, False) for n in names),
        dictionary=WordList(resources.files("coopsearch").joinpath("data/words.txt").read_bytes()),
    )


def _data_lines(name: str) -> list[str]:
    raw = resources.files("coopsearch").joinpath("data", name).read_text("utf-8")
    return [line for line in raw.split("\n") if line and not line.startswith("#")]


def _known_names() -> list[str]:
    """Every multi-syllable name or term rule 2 knows, as written in the data files.

    Places are read from ``provinces.json`` itself rather than through
    :func:`coopsearch.gazetteer.gazetteer`, which also builds its spelling
    index: 8 ms more on every cold query, for names only.
    """
    found: list[str] = []
    raw = resources.files("coopsearch").joinpath("data/provinces.json").read_text("utf-8")
    places = json.loads(raw)
    for entry in (*places["provinces"], *places["regions"]):
        found += [entry["name"], *entry["aliases"]]
    for line in _data_lines("abbreviations.tsv"):
        found += line.split("\t")
    found += _data_lines("org_standalone.txt")
    found += _data_lines("words_domain.txt")
    return found


@lru_cache(maxsize=1)
def real_syllables() -> frozenset[str]:
    """Vietnamese syllables (``data/syllables.txt``, exact forms): real words, never typos."""
    return frozenset(_data_lines("syllables.txt"))


def is_known_word(syllables: list[str], as_written: bool) -> bool:
    """Whether the syllables make a name or dictionary word, as written or without marks.

    >>> is_known_word(["ca", "phe"], True), is_known_word(["ca", "phe"], False)
    (False, True)
    """
    lexicon = load_lexicon()
    if as_written:
        key = _key(list(syllables), True)
        return key in lexicon.names_exact or key in lexicon.dictionary
    key = _key(list(syllables), False)
    return key in lexicon.names_folded or lexicon.dictionary.has_folded(key)
