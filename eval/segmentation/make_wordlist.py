"""Regenerate ``coopsearch/data/words.txt`` from a word list of one entry per line.

    python eval/segmentation/make_wordlist.py Viet74K.txt > coopsearch/data/words.txt

Keeps entries of 2-4 syllables made of letters only ("vắc-xin" counts as
"vắc xin": the tokenizer splits at the hyphen), writes each syllable in
its exact-layer form (lowercase, NFC, modern tone position) and sorts the
lines by their folded form (no marks, đ -> d), then as written: the order
``coopsearch.segmentation.WordList`` binary-searches, so that a query needs
neither the whole list in memory nor a second list without marks.
Also writes the list's syllables to ``coopsearch/data/syllables.txt`` when
given ``--syllables FILE``.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coopsearch.analysis import exact_form  # noqa: E402
from coopsearch.segmentation import folded_key  # noqa: E402

HEADER = """\
# Vietnamese words of two to four syllables, one per line: lowercase, NFC,
# tone marks in the modern position (hòa, thủy), sorted by their form without
# marks, then as written. Query segmentation (coopsearch/segmentation.py)
# joins the syllables of a query into these words.
# Source: the Viet74K word list shipped with underthesea 9.5.0
# (underthesea/corpus/data/Viet74K.txt, Apache-2.0), entries of 2-4 syllables
# made of letters only, hyphens read as spaces; regenerate with
# eval/segmentation/make_wordlist.py.
"""
SYLLABLES_HEADER = """\
# Vietnamese syllables, one per line (lowercase, NFC, modern tone position):
# every syllable of the Viet74K word list (underthesea 9.5.0, Apache-2.0).
# The speller never "corrects" a syllable listed here: it is a real word.
"""
LETTERS_ONLY = re.compile(r"[^\W\d_]+([ -][^\W\d_]+)*")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--syllables", type=Path)
    args = parser.parse_args()
    entries, syllables = set(), set()
    for line in args.source.read_text("utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if not LETTERS_ONLY.fullmatch(line):
            continue
        parts = [exact_form(s) for s in line.replace("-", " ").split()]
        syllables.update(parts)
        if 2 <= len(parts) <= 4:
            entries.add(" ".join(parts))
    ordered = sorted(entries, key=lambda w: (folded_key(w), w))
    sys.stdout.write(HEADER + "\n".join(ordered) + "\n")
    if args.syllables:
        args.syllables.write_text(SYLLABLES_HEADER + "\n".join(sorted(syllables)) + "\n", "utf-8")


if __name__ == "__main__":
    main()
