"""Candidate people's names, mined from a crawl: names the extractor finds with
a cue in several articles, which other articles then write bare.

The press introduces a person once with a title or a description ("tiền đạo
Công Phượng", "HLV Mourinho") and later, or in other stories, writes the name
alone ("Công Phượng ghi bàn"). Within one article the cue is often missing, so
the extractor, which asks for one, misses the name. Across a crawl the same
name is introduced in many articles: that is the evidence a list can carry
(the "one sense per discourse" idea taken to a collection, as name
gazetteers for recognisers are built from tagged text).

For each crawl article (judged articles left out, as in ``mine_org_names.py``),
the extractor's people are counted; then every capitalised occurrence of each
name in the crawl. A name is printed as a candidate when

- the extractor found it in at least ``--min-docs`` articles;
- it was found in at least ``--tagged`` of the articles that write it (a name
  that is also a word, a street or a brand is written far more often than it
  is introduced as a person);
- fewer than ``--place-uses`` of its occurrences follow a word of place
  ("đường", "phố", "xã", "trường"…: "Lê Lợi" the street, "Nguyễn Huệ" the school);
- it is not one Vietnamese syllable ("Hùng", "Lan": any of many people), a
  province, a country, nor a word of ``data/words.txt``.

The candidates are read by hand before any goes into
``coopsearch/data/people_names.txt``.

    python eval/mine_people.py [--crawl /tmp/vi-news/baomoi] > /tmp/people_candidates.tsv

Output: articles tagged<TAB>articles naming<TAB>place share<TAB>name, most tagged first.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from mine_org_names import read_article, unjudged_files  # noqa: E402

# Words after which a name is a place or a thing named after a person.
PLACE_WORDS = (
    "đường|phố|ngõ|ngách|hẻm|quận|huyện|xã|phường|thị trấn|thị xã|tỉnh|thành phố|"
    "trường|cầu|sông|chùa|đình|đền|làng|thôn|ấp|bản|núi|hồ|đảo|chợ|cảng|sân bay|"
    "bến xe|khu|tòa nhà|công viên|bệnh viện|nút giao|giải|cúp|tàu|dự án|tuyến"
)
_PLACE_BEFORE = re.compile(rf"(?i)(?:{PLACE_WORDS})\s+$")


def short_forms(name: str) -> set[str]:
    """The name and the forms the press shortens it to: a Vietnamese full name's
    last two syllables ("Nguyễn Công Phượng" → "Công Phượng"), a foreign name's
    last word ("Lionel Messi" → "Messi").

    >>> sorted(short_forms("Nguyễn Công Phượng")), sorted(short_forms("Lionel Messi"))
    (['Công Phượng', 'Nguyễn Công Phượng'], ['Lionel Messi', 'Messi'])
    """
    from coopsearch.entities import _is_vietnamese, _surnames

    words = name.split()
    forms = {name}
    if len(words) >= 3 and words[0] in _surnames() and all(map(_is_vietnamese, words)):
        forms.add(" ".join(words[-2:]))
    elif len(words) >= 2 and not _is_vietnamese(words[-1]) and len(words[-1]) > 3:
        forms.add(words[-1])
    return forms


def people_of(path: Path) -> set[str]:
    """The names the extractor finds as people in one article, with their short forms.
    The mined list itself is left out: a name must be introduced, not listed."""
    from coopsearch import entities
    from coopsearch.entities import extract

    entities._known_people = lambda text, spans: []

    return set().union(*(short_forms(p.name) for p in extract(read_article(path)).people))


def uses_of(args: tuple[Path, re.Pattern]) -> tuple[Counter, Counter, Counter]:
    """Per name: whether this article writes it (0 or 1), its uses, its uses after a place word."""
    path, pattern = args
    text = read_article(path)
    named, uses, after_place = Counter(), Counter(), Counter()
    for match in pattern.finditer(text):
        name = match.group()
        named[name] = 1
        uses[name] += 1
        if _PLACE_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
            after_place[name] += 1
    return named, uses, after_place


def _one_syllable_vietnamese(name: str) -> bool:
    from coopsearch.entities import _is_vietnamese

    return " " not in name and _is_vietnamese(name)


def _is_place_or_word(name: str) -> bool:
    from coopsearch.entities import _is_place_name, _words

    return _is_place_name(name) or name.lower() in _words()


def _found_alone(name: str) -> bool:
    """A Vietnamese name of three syllables or more opened by a family name: the
    extractor finds it without a cue, so a list adds nothing."""
    from coopsearch.entities import _is_vietnamese, _surnames

    words = name.split()
    return len(words) >= 3 and words[0] in _surnames() and all(map(_is_vietnamese, words))


def _is_country(name: str) -> bool:
    from coopsearch.figure_places import _place_rules

    return name in _place_rules()[1]


def _not_a_name(name: str) -> bool:
    """Initials, a cut word ("Th", "Ng"), a title ("Phó Chánh"), a show ("The Voice")."""
    from coopsearch.entities import _people_rules

    words = name.split()
    if any(len(w.strip(".")) < 3 or w.endswith(".") for w in words) or words[0] == "The":
        return True
    if any(w.isupper() for w in words) or _is_country(name):
        return True  # "Jurgen Gede HLV", "Costa Rica"
    return bool(_people_rules()[3].match(name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawl", type=Path, default=Path("/tmp/vi-news/baomoi"))
    parser.add_argument("--min-docs", type=int, default=5)
    parser.add_argument("--tagged", type=float, default=0.05)
    parser.add_argument("--one-word", type=int, default=20, help="min. articles for one word")
    parser.add_argument("--place-uses", type=float, default=0.05)
    parser.add_argument("--limit", type=int, default=0, help="read only this many files")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    files = unjudged_files(args.crawl)
    if args.limit:
        files = files[: args.limit]
    tagged: Counter = Counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        for names in pool.map(people_of, files, chunksize=64):
            tagged.update(names)
        kept = [
            n
            for n, docs in tagged.items()
            if docs >= args.min_docs
            and not _one_syllable_vietnamese(n)
            and not _is_place_or_word(n)
            and not _found_alone(n)
            and not _not_a_name(n)
        ]
        from coopsearch.entities import _alternation

        pattern = re.compile(rf"(?<![\w.])(?:{_alternation(set(kept))})(?![\w])")
        named: Counter = Counter()
        uses: Counter = Counter()
        after_place: Counter = Counter()
        for docs, used, places in pool.map(uses_of, [(f, pattern) for f in files], chunksize=64):
            named.update(docs)
            uses.update(used)
            after_place.update(places)
    rows = []
    for name in kept:
        share = tagged[name] / max(named[name], 1)
        place_share = after_place[name] / max(uses[name], 1)
        one_word = args.one_word if " " not in name else 0
        if share >= args.tagged and place_share < args.place_uses and tagged[name] >= one_word:
            rows.append((tagged[name], named[name], place_share, name))
    for docs, naming, place_share, name in sorted(rows, key=lambda r: (-r[0], r[3])):
        print(f"{docs}\t{naming}\t{place_share:.2f}\t{name}")


if __name__ == "__main__":
    main()
