"""Compare ways of segmenting search queries into Vietnamese words, on a hand-made gold set.

Usage::

    python eval/segmentation/compare.py [--gold PATH] [--runs 5] [--max-len 5]
        [--pyvi-words PATH] [--viet74k PATH] [--viet39k PATH]
        [--pyvi-python PYTHON] [--underthesea-python PYTHON] [--coopsearch-python PYTHON]
        [--methods id,id,...] [--errors ID] [--cache-dir DIR]

Methods (ids in the table's first column):

- ``pyvi``: pyvi's ``ViTokenizer.tokenize`` (CRF), run by ``--pyvi-python``;
- ``underthesea``: underthesea's ``word_tokenize`` (CRF), run by ``--underthesea-python``;
- ``coopsearch``: ``coopsearch.segmentation.segment`` as found by ``--coopsearch-python``
  (its import of ``coopsearch.analysis`` and ``coopsearch.text``, which a query pays anyway,
  is not timed);
- ``words``, ``viet74k``, ``viet39k``: greedy longest match (``greedy.py``) against
  pyvi's ``words.txt`` or underthesea's ``Viet74K.txt`` / ``Viet39K.txt``;
  ``-folded`` matches on text without marks, so unaccented queries are segmented too;
  ``-tuned`` matches right to left and cuts a run of capitalised syllables where a
  listed word runs on from it into lowercase ones (``Bộ Nông nghiệp``), see ``greedy.py``.

A method whose package is not importable by the given interpreter, or whose word
list is not found, is skipped with a note. The packages are best installed in their
own virtual environments and named with ``--pyvi-python`` / ``--underthesea-python``;
word lists are looked up in those packages when no path is given.

Columns: ``acc`` is the share of queries segmented exactly as in the gold file;
``P``/``R``/``F1`` are over multi-syllable words (a word counts when its span is
exactly a gold word's); ``unacc`` is ``acc`` on the same queries without marks and
lowercased (``hop tac xa nong nghiep``); ``cold ms`` is the median over ``--runs``
new processes of import + load + first segmentation, measured inside the process
(interpreter start-up excluded); ``+RSS MB`` is the growth of resident memory
over the same span (Linux). For the word-list methods ``cold ms`` loads a prepared file
(sorted, normalised entries, written once to ``--cache-dir``: what a search engine
would ship) and ``raw ms`` parses the word list itself.

Every worker runs with ``HOME`` set to an empty folder; a method that writes there
(a model download, a cache) is reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from greedy import SYLLABLE, canonical, fold, prepare  # noqa: E402

FIRST_QUERY = "hợp tác xã nông nghiệp Bắc Giang"

WORKER = """\
import os, sys, time
def rss():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
{preimport}
rss0 = rss()
t0 = time.perf_counter()
{setup}
segment({first!r})
t1 = time.perf_counter()
rss1 = rss()
import json
out = {{"ms": 1000 * (t1 - t0), "rss_mb": (rss1 - rss0) / 2**20}}
if {batch}:
    out["segs"] = [segment(q) for q in json.loads(sys.stdin.read())]
print(json.dumps(out, ensure_ascii=False))
"""

SETUP_PYVI = """\
from pyvi import ViTokenizer
def segment(q):
    return [w.replace("_", " ") for w in ViTokenizer.tokenize(q).split()]
"""

SETUP_UNDERTHESEA = """\
from underthesea import word_tokenize
def segment(q):
    return word_tokenize(q)
"""

# What the search engine has imported anyway before it segments a query: not timed.
PREIMPORT_COOPSEARCH = "import coopsearch.analysis, coopsearch.text"
SETUP_COOPSEARCH = """\
from coopsearch.segmentation import segment as _segment
from coopsearch.text import has_marks, normalize, words
def segment(q):
    syllables, out, at = words(normalize(q)), [], 0
    for n in _segment(syllables, has_marks(q)):
        out.append(" ".join(syllables[at : at + n]))
        at += n
    return out
"""

SETUP_GREEDY = """\
sys.path.insert(0, {here!r})
import greedy
segment = greedy.Segmenter.{loader}(
    {path!r}, folded={folded}, max_len={max_len}, backward={tuned}, name_breaks={tuned}
).segment
"""


def read_gold(path: Path) -> list[tuple[str, list[str]]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            query, _, words = line.partition("\t")
            gold = [w.strip() for w in words.split("|")]
            if syllables(query) != syllables(" ".join(gold)):
                raise SystemExit(f"{path}:{number}: words do not spell the query: {line!r}")
            rows.append((query, gold))
    return rows


def syllables(text: str) -> list[str]:
    return [canonical(s) for s in SYLLABLE.findall(unicodedata.normalize("NFC", text))]


def spans(words: list[str], query: str) -> set[tuple[int, int]] | None:
    """The words' (start, end) syllable spans, or None when they do not spell the query."""
    result, at = set(), 0
    for word in words:
        size = len(SYLLABLE.findall(word.replace("_", " ")))
        if size:
            result.add((at, at + size))
            at += size
    joined = " ".join(w.replace("_", " ") for w in words)
    if syllables(joined) != syllables(query):
        return None
    return result


def score(queries: list[str], golds: list[list[str]], segs: list[list[str]]) -> dict:
    exact = hit = predicted = wanted = 0
    for query, gold, seg in zip(queries, golds, segs, strict=True):
        want = spans(gold, " ".join(gold))
        got = spans(seg, query) or set()
        exact += got == want
        multi_want = {s for s in want if s[1] - s[0] > 1}
        multi_got = {s for s in got if s[1] - s[0] > 1}
        hit += len(multi_want & multi_got)
        predicted += len(multi_got)
        wanted += len(multi_want)
    p = hit / predicted if predicted else 0.0
    r = hit / wanted if wanted else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"acc": exact / len(queries), "p": p, "r": r, "f1": f1}


def run_worker(
    python: str, setup: str, home: str, queries: list[str] | None = None, preimport: str = ""
) -> dict:
    code = WORKER.format(
        preimport=preimport, setup=setup, first=FIRST_QUERY, batch=queries is not None
    )
    env = {**os.environ, "HOME": home, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [python, "-c", code],
        input=json.dumps(queries or [], ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
    )
    if proc.returncode:
        tail = proc.stderr.strip().splitlines()[-1:] or ["(no message)"]
        raise RuntimeError(tail[0])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def importable(python: str, module: str) -> bool:
    proc = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
    return proc.returncode == 0


def package_file(python: str, module: str, relative: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    code = (
        "import importlib.util, os; "
        f"s = importlib.util.find_spec({module!r}); "
        "print(os.path.dirname(s.origin) if s and s.origin else '')"
    )
    proc = subprocess.run([python, "-c", code], capture_output=True, text=True)
    folder = proc.stdout.strip()
    if proc.returncode or not folder:
        return None
    path = Path(folder) / relative
    return path if path.is_file() else None


def prepared_file(list_path: Path, folded: bool, max_len: int, cache: Path) -> Path:
    digest = hashlib.sha1(list_path.read_bytes()).hexdigest()[:12]
    out = cache / f"{list_path.stem}-{digest}-{'folded' if folded else 'exact'}-{max_len}.txt"
    if not out.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        prepare(list_path, tmp, folded=folded, max_len=max_len)
        tmp.replace(out)
    return out


def methods(args) -> tuple[list[dict], list[str]]:
    """The methods to run, and notes on those skipped."""
    found, notes = [], []
    for package, module, python, setup, preimport in (
        ("pyvi", "pyvi.ViTokenizer", args.pyvi_python, SETUP_PYVI, ""),
        ("underthesea", "underthesea", args.underthesea_python, SETUP_UNDERTHESEA, ""),
        (
            "coopsearch",
            "coopsearch.segmentation",
            args.coopsearch_python,
            SETUP_COOPSEARCH,
            PREIMPORT_COOPSEARCH,
        ),
    ):
        if importable(python, module):
            found.append({"id": package, "python": python, "setup": setup, "preimport": preimport})
        else:
            notes.append(
                f"{package}: skipped, not importable by {python} "
                f"(pass --{package}-python with an interpreter that has it)"
            )
    lists = (
        ("words", "pyvi words.txt", args.pyvi_words, args.pyvi_python, "pyvi", "models/words.txt"),
        (
            "viet74k",
            "Viet74K.txt",
            args.viet74k,
            args.underthesea_python,
            "underthesea",
            "corpus/data/Viet74K.txt",
        ),
        (
            "viet39k",
            "Viet39K.txt",
            args.viet39k,
            args.underthesea_python,
            "underthesea",
            "corpus/data/Viet39K.txt",
        ),
    )
    for ident, label, given, python, package, relative in lists:
        path = Path(given) if given else package_file(python, package, relative)
        if path is None or not path.is_file():
            option = "--pyvi-words" if ident == "words" else f"--{ident}"
            notes.append(f"{ident}: skipped, {label} not found (give its path with {option})")
            continue
        for tuned in (False, True):
            for folded in (False, True):
                found.append(
                    {
                        "id": ident + ("-tuned" if tuned else "") + ("-folded" if folded else ""),
                        "python": sys.executable,
                        "list": path,
                        "folded": folded,
                        "tuned": tuned,
                    }
                )
    if args.methods:
        wanted = set(args.methods.split(","))
        found = [m for m in found if m["id"] in wanted]
    return found, notes


def greedy_setup(method: dict, loader: str, path: Path, max_len: int) -> str:
    return SETUP_GREEDY.format(
        here=str(HERE),
        loader=loader,
        path=str(path),
        folded=method["folded"],
        tuned=method["tuned"],
        max_len=max_len,
    )


def evaluate(method: dict, rows, args, home: str) -> dict:
    queries = [q for q, _ in rows]
    golds = [g for _, g in rows]
    unaccented = [fold(q) for q in queries]
    if "list" in method:
        prepared = prepared_file(method["list"], method["folded"], args.max_len, args.cache_dir)
        setup = greedy_setup(method, "from_prepared", prepared, args.max_len)
        raw_setup = greedy_setup(method, "from_list", method["list"], args.max_len)
    else:
        setup, raw_setup = method["setup"], None
    pre = method.get("preimport", "")
    batch = run_worker(method["python"], setup, home, queries + unaccented, pre)
    segs = batch["segs"]
    result = {
        "accented": score(queries, golds, segs[: len(queries)]),
        "unaccented": score(unaccented, golds, segs[len(queries) :]),
        "segs": segs,
    }
    cold = [run_worker(method["python"], setup, home, None, pre) for _ in range(args.runs)]
    result["cold_ms"] = statistics.median(c["ms"] for c in cold)
    result["rss_mb"] = statistics.median(c["rss_mb"] for c in cold)
    if raw_setup:
        raw = [run_worker(method["python"], raw_setup, home) for _ in range(args.runs)]
        result["raw_ms"] = statistics.median(c["ms"] for c in raw)
    return result


def error_kinds(want: set[tuple[int, int]], got: set[tuple[int, int]] | None) -> list[str]:
    """How a segmentation differs from the gold one.

    ``merge``: a word joins whole gold words (``công nghệ cao`` for ``công nghệ | cao``);
    ``split``: a gold word is cut into pieces (``cảng | biển``);
    ``cross``: a word straddles a gold boundary inside a gold word (``Bộ Nông | nghiệp``).
    """
    if got is None:
        return ["misaligned"]
    kinds = set()
    for a, b in got - want:
        overlapping = [(c, d) for c, d in want if c < b and a < d]
        if any(not (c <= a and b <= d) and not (a <= c and d <= b) for c, d in overlapping):
            kinds.add("cross")
        elif len(overlapping) >= 2:
            kinds.add("merge")
    for a, b in want - got:
        if all(a <= g[0] and g[1] <= b for g in got if g[0] < b and a < g[1]):
            kinds.add("split")
    return sorted(kinds)


def show_errors(rows, segs, unaccented: bool = True) -> None:
    n = len(rows)
    for label, offset in (("accented", 0), ("unaccented", n))[: 2 if unaccented else 1]:
        print(f"\nerrors on {label} queries (gold => got):")
        counts: dict[str, int] = {}
        for (query, gold), seg in zip(rows, segs[offset : offset + n], strict=True):
            shown = fold(query) if offset else query
            want, got = spans(gold, query), spans(seg, shown)
            if got != want:
                kinds = error_kinds(want, got)
                for kind in kinds:
                    counts[kind] = counts.get(kind, 0) + 1
                print(f"  [{','.join(kinds)}] {' | '.join(gold)}  =>  {' | '.join(seg)}")
        print("  queries with each kind of error:", counts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=HERE / "gold.tsv")
    parser.add_argument("--runs", type=int, default=5, help="new processes per cold timing")
    parser.add_argument("--max-len", type=int, default=5, help="longest entry, in syllables")
    parser.add_argument("--pyvi-words", help="pyvi's words.txt (default: from the package)")
    parser.add_argument("--viet74k", help="underthesea's Viet74K.txt (default: from the package)")
    parser.add_argument("--viet39k", help="underthesea's Viet39K.txt (default: from the package)")
    parser.add_argument("--pyvi-python", default=sys.executable, help="interpreter with pyvi")
    parser.add_argument(
        "--underthesea-python", default=sys.executable, help="interpreter with underthesea"
    )
    parser.add_argument(
        "--coopsearch-python",
        default=sys.executable,
        help="interpreter with coopsearch installed (its own segmentation, as committed)",
    )
    parser.add_argument("--methods", help="comma-separated ids to run (default: all found)")
    parser.add_argument("--errors", metavar="ID", help="also list this method's errors")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "coopsearch-segmentation",
        help="where prepared word lists are written",
    )
    args = parser.parse_args()

    rows = read_gold(args.gold)
    found, notes = methods(args)
    multi = sum(len(w.split()) > 1 for _, gold in rows for w in gold)
    print(f"gold: {len(rows)} queries, {multi} multi-syllable words ({args.gold})")
    for note in notes:
        print(note)

    header = (
        f"{'method':<21} {'acc':>6} {'P':>6} {'R':>6} {'F1':>6} {'unacc':>6} "
        f"{'cold ms':>8} {'+RSS MB':>8} {'raw ms':>7}"
    )
    lines, errors_for, errors_unaccented = [], None, True
    for method in found:
        with tempfile.TemporaryDirectory(prefix="segment-home-") as home:
            try:
                result = evaluate(method, rows, args, home)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                notes_line = f"{method['id']}: failed: {exc}"
                print(notes_line)
                continue
            wrote = [str(p.relative_to(home)) for p in Path(home).rglob("*") if p.is_file()]
        if wrote:
            print(f"{method['id']}: wrote {len(wrote)} files under HOME, e.g. {wrote[0]}")
        a, u = result["accented"], result["unaccented"]
        raw = f"{result['raw_ms']:7.1f}" if "raw_ms" in result else f"{'-':>7}"
        lines.append(
            f"{method['id']:<21} {a['acc']:6.1%} {a['p']:6.1%} {a['r']:6.1%} {a['f1']:6.1%} "
            f"{u['acc']:6.1%} {result['cold_ms']:8.1f} {result['rss_mb']:8.1f} {raw}"
        )
        if method["id"] == args.errors:
            errors_for = result["segs"]
            errors_unaccented = method.get("folded", True)
    print()
    print(header)
    print("\n".join(lines))
    if errors_for is not None:
        show_errors(rows, errors_for, errors_unaccented)


if __name__ == "__main__":
    main()
