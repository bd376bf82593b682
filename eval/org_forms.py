"""Count the organisation and person forms that are not names, over a sample of the crawl.

Extraction is called directly on each article's normalised text (no index).
A form is counted as:

- trailing verb: an organisation name ending in the first syllable of a verb
  that follows a body in running text ("Bộ NN&PTNT đẩy", "Bộ KH&ĐT phối");
- bare title: a name of at most three words ending in "trưởng" ("Bộ
  trưởng", "Cục trưởng");
- fragment: "HTX ở đây"-like tails, "Sở hữu …", or a name ending in a
  sentence's first word ("… Mỹ Đức Theo");
- cut short: a name or a law ending where a longer name part goes on ("Bộ
  Nông nghiệp và Phát triển", "Bộ Giao thông", "Luật Hợp tác");
- place as person: a person named exactly as a province or city, except the
  president ("Chủ tịch Hồ Chí Minh" in the same article).

The patterns are heuristics for counting, not the extraction rules; a name
they flag may be right ("Tổng công ty Cà phê" ends in "phê"), and the counts
are comparable between versions of the extractor, not absolute.

    python eval/org_forms.py [/tmp/vi-news/baomoi] [3000]
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopsearch.entities import entity_key, extract  # noqa: E402
from coopsearch.gazetteer import gazetteer  # noqa: E402
from coopsearch.text import normalize  # noqa: E402

_VERB_STARTS = "đẩy phối yêu đề tổ chỉ ban hướng phê tăng giảm tiếp cho khẳng nhấn ký trao đánh"
VERBS = frozenset(_VERB_STARTS.split()) | {"vừa", "đã", "đang", "sẽ", "cũng"}
TITLE = re.compile(r"trưởng$")
FRAGMENT = re.compile(r"^(?:HTX|Hợp tác xã) (?:ở|này|đó|đây|trên|khác|mới)\b|^Sở hữu")
SENTENCE_STARTS = {"Trong", "Tại", "Theo", "Khi", "Đây", "Ngoài", "Với", "Do", "Nhưng", "Để", "Từ"}
CUT = re.compile(r"(?:Phát triển|Luật Hợp tác|Kế hoạch và Đầu|Bộ Giao thông|Sở Giao thông)$")
KINDS = ("trailing verb", "bare title", "fragment", "cut short", "place as person")


def kind_of(name: str) -> str | None:
    words = name.split()
    if CUT.search(name):
        return "cut short"
    if words[-1] in VERBS:
        return "trailing verb"
    if TITLE.search(name) and len(words) <= 3:
        return "bare title"
    if FRAGMENT.search(name) or words[-1] in SENTENCE_STARTS:
        return "fragment"
    return None


def main(folder: Path, size: int) -> None:
    files = sorted(folder.glob("*.txt"))
    random.Random(15).shuffle(files)
    files = files[:size] if size else files
    places = {n for p in gazetteer().provinces.values() for n in (p.name, *p.aliases)}
    counts: Counter = Counter()
    examples = defaultdict(Counter)
    names, keys = set(), set()
    total = 0
    for path in files:
        text = normalize(path.read_text("utf-8", errors="replace"))
        found = extract(text)
        for name in found.organisations:
            total += 1
            names.add(name)
            keys.add(entity_key(name))
            kind = kind_of(name)
            if kind:
                counts[kind] += 1
                examples[kind][name] += 1
        for reference in found.references:
            if reference == "Luật Hợp tác":
                counts["cut short"] += 1
                examples["cut short"][reference] += 1
        for person in found.people:
            if person.name in places and f"Chủ tịch {person.name}" not in text:
                counts["place as person"] += 1
                examples["place as person"][person.name] += 1
    print(f"{len(files)} articles, {total} organisation names")
    print(f"{len(names)} distinct spellings, {len(keys)} distinct names (entity_key)")
    for kind in KINDS:
        print(f"{kind:16} {counts[kind]:5}  e.g. {examples[kind].most_common(4)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0] if args else "/tmp/vi-news/baomoi"), int(args[1]) if len(args) > 1 else 3000)
