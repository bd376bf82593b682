"""Match-set benchmark: does ``coopsearch query QUERY -l`` list exactly the right articles?

Researchers count articles, so ``query -l`` (one path per matching article, all of them,
not only the top 10) must list exactly the articles that hold every word of the query.
This script computes that set (the *truth*) with regular expressions over normalised
text, independently of the engine (nothing of the ``coopsearch`` package is imported),
runs the CLI for each query and prints precision and recall of its list against the truth.

Usage::

    python eval/matchset.py [--corpus DIR] [--index DIR] [--coopsearch CLI] [--queries FILE]
                            [--show-diff N] [--jobs N] [--refresh]

Rules of the truth (the match semantics of the README, "What a query matches"):

- Text: the whole file (title on line 1, lead, body), UTF-8, normalised by
  :func:`normalise`: format characters removed (U+200B-U+200F, U+2060-U+2064, U+FEFF,
  U+00AD soft hyphen), NFC, no-break spaces read as spaces, Ð/ð (eth) read as Đ/đ,
  lowercase, then old-style tone marks moved to the modern place (:func:`modern_tones`:
  ``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``, ``uỷ`` -> ``ủy``). Queries are normalised the
  same way.
- A query is a sequence of words, given by hand in the queries file (``|`` between
  words); a word has one or more syllables and matches only where its syllables are
  consecutive ``\\w+`` tokens, in order (only non-word characters between them, and no
  break: no ``. , ; : ! ? …`` before a space, closing quotes and brackets aside, no
  blank line, no quotation mark (double or single) after or before a space, no opening
  bracket after one and no closing bracket before one; "hợp tác, xã hội" holds no
  "hợp tác xã", 'đã "nâng' no "đà nẵng").
- Every word is required (AND). A word may list alternatives with `` / `` (an
  abbreviation and its expansion, as paired in ``coopsearch/data/abbreviations.tsv``,
  read by hand); any alternative will do.
- Accents as typed: if the query holds any mark (a letter that differs from its
  mark-free form, ``đ`` included), each word matches as written, modulo case,
  NFC/NFD and tone style; otherwise every word matches with any marks (both sides
  compared mark-free, :func:`fold`). The engine also matches with any marks a
  lower-case word typed without marks among accented ones ("hop tac xa Bắc Giang");
  the query file holds no such mixed query, so this rule is not needed here.
- Exception: an article written without marks (fewer than 5% of its alphabetic
  syllables carry one, and at least 20 of them) is compared mark-free even for
  accented queries (:func:`is_unaccented`).

Source of these rules: the match-set issue (query ``-l`` must count articles
exactly); the abbreviation pairs come from ``coopsearch/data/abbreviations.tsv``.

The index is built with ``coopsearch index CORPUS --index DIR`` when DIR is missing or
empty (delete it, or pass another DIR, after a change to indexing). The truth is cached
as JSON under ``/tmp/coopsearch-matchset/``, keyed by the corpus path and fingerprint,
the queries file and this script. Exit status: 0 when micro and macro precision and
recall all reach 0.98, 1 when not, 2 on an error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from multiprocessing import Pool
from pathlib import Path

WORKDIR = Path("/tmp/coopsearch-matchset")
DEFAULT_CORPUS = Path("/tmp/vi-news/baomoi")
DEFAULT_QUERIES = Path(__file__).with_name("matchset_queries.tsv")
TARGET = 0.98
UNACCENTED_SHARE = 0.05  # an article with fewer marked syllables than this share...
UNACCENTED_MIN_SYLLABLES = 20  # ...and at least this many syllables is "written without marks"

# --- Normalisation -------------------------------------------------------------------------

_FORMAT_CHARS = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f]")
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below


def _toned(vowel: str) -> str:
    """Return the five toned forms of ``vowel`` (NFC), in the order of ``_TONES``."""
    return "".join(unicodedata.normalize("NFC", vowel + tone) for tone in _TONES)


# Old style: the tone on the second vowel of an open syllable ending in oa, oe or uy
# (not after q, where u belongs to the consonant "qu"). Modern style: on the first.
_OLD_STYLE = re.compile(
    f"(?<!q)(o)([{_toned('a')}{_toned('e')}])(?!\\w)|(?<!q)(u)([{_toned('y')}])(?!\\w)"
)


def _to_modern(match: re.Match[str]) -> str:
    first = match.group(1) or match.group(3)
    second = match.group(2) or match.group(4)
    base, tone = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + tone) + base


def modern_tones(text: str) -> str:
    """Move old-style tone marks of a lowercase NFC text to the modern place.

    >>> modern_tones("hoà bình, thuỷ lợi, uỷ ban, khoẻ, hoàng, quý, xoáy")
    'hòa bình, thủy lợi, ủy ban, khỏe, hoàng, quý, xoáy'
    """
    return _OLD_STYLE.sub(_to_modern, text)


def normalise(text: str) -> str:
    """Return ``text`` cleaned, NFC, lowercase, with modern tone marks.

    >>> normalise("Ho\\u0300a\\u200b Bi\\u0300nh \\u00d0a\\u0300 N\\u1eb5ng\\u00a0ca\\u00adng")
    'hòa bình đà nẵng cang'
    >>> normalise("UỶ BAN") == normalise("ủy ban")
    True
    """
    text = _FORMAT_CHARS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _NO_BREAK_SPACES.sub(" ", text).translate(_ETH).lower()
    return modern_tones(unicodedata.normalize("NFC", text))


_MARKS = {
    code: None for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Mn"
}
_MARKS.update({ord("đ"): "d", ord("Đ"): "D"})


def fold(text: str) -> str:
    """Return the mark-free form of ``text``: NFD, every combining mark removed, đ -> d.

    >>> fold("Điện Biên, cảng biển")
    'Dien Bien, cang bien'
    """
    return unicodedata.normalize("NFD", text).translate(_MARKS)


@lru_cache(maxsize=200_000)
def has_marks(token: str) -> bool:
    """Return whether ``token`` differs from its mark-free form (đ counts).

    >>> has_marks("Gia Lai"), has_marks("Bắc"), has_marks("đi"), has_marks("HTX")
    (False, True, True, False)
    """
    return fold(token) != token


_TOKEN = re.compile(r"\w+")


def is_unaccented(text: str) -> bool:
    """Return whether a normalised article is written without marks.

    True when it has at least 20 alphabetic syllables and fewer than 5% of them carry
    a mark.

    >>> is_unaccented("hop tac xa " * 10)
    True
    >>> is_unaccented("hop tac xa " * 2)
    False
    >>> is_unaccented("hợp tác xã " * 10)
    False
    """
    syllables = [token for token in _TOKEN.findall(text) if token.isalpha()]
    if len(syllables) < UNACCENTED_MIN_SYLLABLES:
        return False
    marked = sum(1 for token in syllables if has_marks(token))
    return marked < UNACCENTED_SHARE * len(syllables)


# --- Queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One line of the queries file: the query as typed, its words and its kind."""

    text: str
    words: tuple[tuple[str, ...], ...]  # words; each a tuple of alternatives
    kind: str

    @cached_property
    def accented(self) -> bool:
        """Whether the query as typed holds any mark."""
        return has_marks(normalise(self.text))


def read_queries(path: Path) -> list[Query]:
    """Read ``query<TAB>word|word / alternative|...<TAB>kind`` lines (``#`` comments)."""
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise SystemExit(f"{path}:{number}: expected 3 tab-separated fields: {line!r}")
        text, words, kind = fields
        parsed = tuple(
            tuple(alt.strip() for alt in word.split(" / ") if alt.strip())
            for word in words.split("|")
        )
        if not all(parsed):
            raise SystemExit(f"{path}:{number}: empty word in {words!r}")
        queries.append(Query(text.strip(), parsed, kind.strip()))
    return queries


# Non-word characters between two syllables of a word: any, but no break (a clause's or
# sentence's punctuation before a space, closing quotes and brackets between them, a
# blank line, a quotation mark or an opening bracket after a space, a quotation mark
# or a closing bracket before a space), the rule coopsearch's analysis states.
SEPARATOR = r"(?:(?![.,;:!?…][\"”’)\]»]*\s|\n[^\S\n]*\n|\s[\"“”‘’'«(\[]|[\"”“’‘'»)\]]\s)\W)+"


def word_pattern(word: str, folded: bool) -> str:
    """Return the regular expression of one word: its syllables as consecutive tokens.

    The pattern is ``(?<!\\w)s1 SEP s2...(?!\\w)``, where ``SEP`` is a run of non-word
    characters holding no break (:data:`SEPARATOR`), written with the first syllable ahead
    of its look-behind (``s1(?<!\\ws1)``) so that it starts with a literal, which the ``re``
    module searches for about 50 times faster.

    >>> bool(re.search(word_pattern("Hải Phòng", folded=False), "tp. hải - phòng."))
    True
    >>> bool(re.search(word_pattern("Hải Phòng", folded=False), "thải phòng, hải phòngx"))
    False
    >>> bool(re.search(word_pattern("hợp tác xã", folded=False), "hợp tác, xã hội"))
    False
    >>> bool(re.search(word_pattern("hợp tác xã", folded=False), 'hợp tác." xã viên'))
    False
    >>> bool(re.search(word_pattern("hợp tác xã", folded=False), "hợp-tác\\nxã"))
    True
    >>> bool(re.search(word_pattern("đà nẵng", folded=True), 'đã "nâng đẳng cấp"'))
    False
    """
    text = normalise(word)
    if folded:
        text = fold(text)
    first, *rest = map(re.escape, _TOKEN.findall(text))
    return rf"{first}(?<!\w{first})" + "".join(SEPARATOR + s for s in rest) + r"(?!\w)"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def query_patterns(query: Query, folded: bool) -> list[list[re.Pattern[str]]]:
    """Return, per word, the compiled patterns of its alternatives."""
    return [[_compiled(word_pattern(alt, folded)) for alt in word] for word in query.words]


# --- Truth ---------------------------------------------------------------------------------


@dataclass
class Article:
    """An article read and normalised, in both layers."""

    path: Path
    text: str  # normalised, marks as written
    folded: str  # mark-free
    unaccented: bool

    @classmethod
    def read(cls, path: Path) -> Article:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        text = normalise(raw)
        return cls(path, text, fold(text), is_unaccented(text))

    def layer(self, query: Query) -> tuple[str, bool]:
        """Return the text a query is compared with, and whether it is mark-free."""
        if query.accented and not self.unaccented:
            return self.text, False
        return self.folded, True


def matches(article: Article, query: Query) -> bool:
    """Return whether every word of ``query`` (any of its alternatives) is in ``article``."""
    text, folded = article.layer(query)
    return all(
        any(pattern.search(text) for pattern in alternatives)
        for alternatives in query_patterns(query, folded)
    )


_WORKER_QUERIES: list[Query] = []


def _init_worker(queries: list[Query]) -> None:
    global _WORKER_QUERIES
    _WORKER_QUERIES = queries


def _scan(path: str) -> tuple[str, list[int], bool]:
    article = Article.read(Path(path))
    found = [i for i, query in enumerate(_WORKER_QUERIES) if matches(article, query)]
    return path, found, article.unaccented


def corpus_files(corpus: Path) -> list[Path]:
    """Return the ``.txt`` files under ``corpus`` (recursively), resolved, sorted."""
    return sorted({path.resolve() for path in corpus.rglob("*.txt") if path.is_file()})


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def truth_cache_path(corpus: Path, files: Sequence[Path], queries_file: Path) -> Path:
    """Return the cache file of a corpus, its files' sizes and times, queries and rules."""
    fingerprint = hashlib.sha256()
    for path in files:
        stat = path.stat()
        fingerprint.update(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    key = "\n".join(
        [
            str(corpus.resolve()),
            fingerprint.hexdigest(),
            _digest(queries_file.read_bytes()),
            _digest(Path(__file__).read_bytes()),
        ]
    )
    return WORKDIR / f"truth-{corpus.resolve().name}-{_digest(key.encode())[:16]}.json"


def compute_truth(
    corpus: Path,
    files: Sequence[Path],
    queries: list[Query],
    queries_file: Path,
    jobs: int,
    refresh: bool,
) -> dict[str, list[str]]:
    """Return, per query text, the sorted paths of the articles that match it (cached)."""
    cache = truth_cache_path(corpus, files, queries_file)
    if cache.exists() and not refresh:
        return json.loads(cache.read_text(encoding="utf-8"))["truth"]
    started = time.monotonic()
    truth: dict[str, list[str]] = {query.text: [] for query in queries}
    unaccented = 0
    with Pool(jobs, initializer=_init_worker, initargs=(queries,)) as pool:
        for path, found, plain in pool.imap_unordered(_scan, map(str, files), chunksize=64):
            unaccented += plain
            for index in found:
                truth[queries[index].text].append(path)
    for paths in truth.values():
        paths.sort()
    print(
        f"truth: {len(files)} files scanned in {time.monotonic() - started:.0f}s "
        f"({unaccented} written without marks); cached in {cache}",
        file=sys.stderr,
    )
    WORKDIR.mkdir(parents=True, exist_ok=True)
    record = {"corpus": str(corpus.resolve()), "files": len(files), "unaccented": unaccented}
    cache.write_text(
        json.dumps({**record, "truth": truth}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return truth


# --- Engine --------------------------------------------------------------------------------


def default_cli() -> str:
    """Return the ``coopsearch`` beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "coopsearch"
    if beside.exists():
        return str(beside)
    found = shutil.which("coopsearch")
    if not found:
        raise SystemExit("coopsearch not found: pass --coopsearch PATH")
    return found


def _env(index: Path) -> dict[str, str]:
    return {**os.environ, "COOPSEARCH_INDEX": str(index), "NO_COLOR": "1", "TERM": "dumb"}


def ensure_index(cli: str, corpus: Path, index: Path) -> None:
    """Build the index with the CLI when its folder is missing or empty."""
    if index.is_dir() and any(index.iterdir()):
        return
    index.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {index} from {corpus} ...", file=sys.stderr)
    started = time.monotonic()
    command = [cli, "index", str(corpus), "--index", str(index)]
    done = subprocess.run(command, env=_env(index), stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        raise SystemExit(f"index build failed ({done.returncode}): {' '.join(command)}")
    print(f"built in {time.monotonic() - started:.0f}s", file=sys.stderr)


@dataclass
class EngineAnswer:
    """The paths ``query -l`` printed, its exit status and what it wrote on stderr."""

    paths: list[str]
    status: int
    stderr: str


def run_query(cli: str, index: Path, query: str) -> EngineAnswer:
    """Run ``coopsearch query --index DIR QUERY -l`` (status 0 found, 1 none, 2 error)."""
    done = subprocess.run(
        [cli, "query", "--index", str(index), query, "-l"],
        env=_env(index),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    paths = [line for line in done.stdout.splitlines() if line.strip()]
    return EngineAnswer(paths, done.returncode, done.stderr.strip())


def resolver(corpus: Path, files: Iterable[str]):
    """Return a function mapping a path the engine printed to a truth path, if known.

    Paths are compared resolved to absolute (symlinks followed); a path that is not in
    the corpus is matched by its file name when that name is unique there.
    """
    known = set(files)
    by_name: dict[str, list[str]] = {}
    for path in known:
        by_name.setdefault(Path(path).name, []).append(path)

    def resolve(printed: str) -> str:
        path = Path(printed)
        if not path.is_absolute():
            path = corpus / path
        resolved = str(path.resolve())
        if resolved in known:
            return resolved
        same_name = by_name.get(path.name, [])
        return same_name[0] if len(same_name) == 1 else printed

    return resolve


# --- Report --------------------------------------------------------------------------------


@dataclass
class Row:
    """One query's comparison."""

    query: Query
    truth: set[str]
    engine: set[str] | None  # None: the engine failed
    stderr: str

    @property
    def true_positives(self) -> int:
        return len(self.truth & (self.engine or set()))

    @property
    def precision(self) -> float:
        """Share of listed articles that are right (1.0 when nothing is listed)."""
        return self.true_positives / len(self.engine) if self.engine else 1.0

    @property
    def recall(self) -> float:
        """Share of right articles that are listed (1.0 when there are none)."""
        return self.true_positives / len(self.truth) if self.truth else 1.0


def print_table(rows: Sequence[Row]) -> bool:
    """Print the table and the averages; return whether all four reach the target."""
    width = max(len("query"), *(len(row.query.text) for row in rows))
    header = f"{'query':<{width}}  {'kind':<8} {'acc':<3} {'truth':>6} {'engine':>6} "
    header += f"{'tp':>6} {'P':>6} {'R':>6}"
    print(header)
    print("-" * len(header))
    for row in rows:
        engine = "ERR" if row.engine is None else str(len(row.engine))
        print(
            f"{row.query.text:<{width}}  {row.query.kind:<8} "
            f"{'yes' if row.query.accented else 'no':<3} {len(row.truth):>6} {engine:>6} "
            f"{row.true_positives:>6} {row.precision:>6.3f} {row.recall:>6.3f}"
        )
    print("-" * len(header))
    tp = sum(row.true_positives for row in rows)
    listed = sum(len(row.engine or ()) for row in rows)
    relevant = sum(len(row.truth) for row in rows)
    micro = (tp / listed if listed else 1.0, tp / relevant if relevant else 1.0)
    macro = (
        sum(row.precision for row in rows) / len(rows),
        sum(row.recall for row in rows) / len(rows),
    )
    print(f"micro-averaged  precision {micro[0]:.3f}  recall {micro[1]:.3f}")
    print(f"macro-averaged  precision {macro[0]:.3f}  recall {macro[1]:.3f}")
    failed = any(row.engine is None for row in rows)
    passed = not failed and min(*micro, *macro) >= TARGET
    verdict = "yes" if passed else "no"
    print(f"all four >= {TARGET}: {verdict} ({len(rows)} queries)")
    return passed


def _context(text: str, start: int, end: int, around: int = 60) -> str:
    left = max(0, start - around)
    snippet = text[left:start] + "[" + text[start:end] + "]" + text[end : end + around]
    return " ".join(snippet.split())


def explain(path: str, query: Query, around: int = 60) -> list[str]:
    """Describe, per word, where ``query`` matches ``path`` under the truth's rules.

    For a word that does not match, show where its mark-free syllables occur instead
    (the loose match an engine may have taken for it).
    """
    article = Article.read(Path(path))
    text, folded = article.layer(query)
    shown = article.text if len(article.text) == len(article.folded) else article.folded
    layer = "mark-free" if folded else "as written"
    lines = [f"    ({layer}{', article written without marks' if article.unaccented else ''})"]
    for word, alternatives in zip(query.words, query_patterns(query, folded), strict=True):
        hit = next((m for p in alternatives if (m := p.search(text))), None)
        label = " / ".join(word)
        if hit:
            lines.append(f"    + {label}: {_context(shown, hit.start(), hit.end(), around)}")
            continue
        loose = [_compiled(word_pattern(alt, folded=True)) for alt in word]
        near = next((m for p in loose if (m := p.search(article.folded))), None)
        if near:
            where = _context(shown, near.start(), near.end(), around)
            lines.append(f"    - {label}: only with other marks: {where}")
            continue
        syllables = {s for alt in word for s in _TOKEN.findall(fold(normalise(alt)))}
        found = []
        for syllable in sorted(syllables):
            m = re.search(rf"(?<!\w){re.escape(syllable)}(?!\w)", article.folded)
            found.append(f"{syllable}: " + (_context(shown, m.start(), m.end(), 30) if m else "-"))
        lines.append(f"    - {label}: absent; syllables: " + " | ".join(found))
    return lines


def print_diffs(rows: Sequence[Row], limit: int) -> None:
    """Print up to ``limit`` false positives and negatives of each query that differs."""
    for row in rows:
        if row.engine is None:
            print(f"\n{row.query.text!r}: engine error: {row.stderr}")
            continue
        false_pos = sorted(row.engine - row.truth)
        false_neg = sorted(row.truth - row.engine)
        if not false_pos and not false_neg:
            continue
        print(
            f"\n{row.query.text!r}: {len(false_pos)} false positives, "
            f"{len(false_neg)} false negatives"
        )
        if row.stderr:
            print(f"  engine stderr: {row.stderr[:300]}")
        for label, paths in (("false positive", false_pos), ("false negative", false_neg)):
            for path in paths[:limit]:
                print(f"  {label}: {path}")
                if Path(path).is_file():
                    print("\n".join(explain(path, row.query)))


# --- Main ----------------------------------------------------------------------------------


def default_index(corpus: Path) -> Path:
    """Return the index folder used when --index is not given, keyed by the corpus path."""
    key = _digest(str(corpus.resolve()).encode())[:12]
    return WORKDIR / f"index-{corpus.resolve().name}-{key}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt")
    parser.add_argument("--index", type=Path, help="index folder (built if missing)")
    parser.add_argument("--coopsearch", help="path to the coopsearch CLI")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, help="queries TSV")
    parser.add_argument(
        "--show-diff",
        type=int,
        default=0,
        metavar="N",
        help="print up to N false positives and negatives per query",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes for the truth scan"
    )
    parser.add_argument("--refresh", action="store_true", help="recompute the cached truth")
    args = parser.parse_args(argv)

    corpus = args.corpus
    if not corpus.is_dir():
        raise SystemExit(f"no corpus folder {corpus}")
    queries = read_queries(args.queries)
    if len({query.text for query in queries}) != len(queries):
        raise SystemExit(f"{args.queries}: a query is listed twice")
    cli = args.coopsearch or default_cli()
    index = args.index or default_index(corpus)

    files = corpus_files(corpus)
    if not files:
        raise SystemExit(f"no .txt files under {corpus}")
    jobs = max(1, args.jobs)
    truth = compute_truth(corpus, files, queries, args.queries, jobs, args.refresh)
    ensure_index(cli, corpus, index)
    resolve = resolver(corpus, (str(path) for path in files))

    rows = []
    for query in queries:
        answer = run_query(cli, index, query.text)
        engine = None if answer.status not in (0, 1) else {resolve(p) for p in answer.paths}
        rows.append(Row(query, set(truth[query.text]), engine, answer.stderr))
    print(f"corpus {corpus} ({len(files)} files), index {index}")
    passed = print_table(rows)
    if args.show_diff > 0:
        print_diffs(rows, args.show_diff)
    if any(row.engine is None for row in rows):
        return 2
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
