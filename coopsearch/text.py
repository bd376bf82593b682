"""Vietnamese text normalisation: one spelling for every way a word is typed.

Everything that reaches the index or the query parser passes through here, so a
word typed on macOS (decomposed), pasted from a crawl (zero-width spaces, soft
hyphens) or written in the old tone style (``hoà``, ``thuỷ``) ends up as the
same token as its plain NFC, new-style twin.

- :func:`normalize` cleans a whole text and keeps its letters as written;
- :func:`canonical_tones` moves a syllable's tone mark to one agreed vowel;
- :func:`fold` removes every mark and maps ``đ`` to ``d`` (the folded layer).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Capital letters for regular-expression classes, Vietnamese ones included: the
# range "Ạ-Ỹ" would also hold the small letters between them ("ấy", "ảnh").
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EF9)) if c.isupper())

_VOWELS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
# The shape of a Vietnamese syllable in lowercase: an initial consonant, one to
# three vowels, a final consonant ("nghiêng", "hợp", "xã"; not "htx", "ocop").
SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
    rf"[{_VOWELS}]{{1,3}}(?:ng|nh|ch|[cmnpt])?"
)

# Invisible characters crawls are full of: zero-width space/joiners, word
# joiner, BOM, soft hyphen, bidirectional controls. Format characters (Cf)
# carry no letters in Vietnamese text, so all of them go.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u0085\u2028\u2029\x0b\x0c]")
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})  # Ð ð (eth) -> Đ đ
# Every control (Cc, but tab and newline) and format (Cf) character of Unicode 15.1.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# Whole terminal escape sequences (CSI such as colours, OSC such as hyperlinks,
# and two-character escapes), so that no leftover "[31m" sticks to a word.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]{0,32}[ -/]{0,8}[@-~]"  # CSI: colours, cursor moves
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]{0,2048}(?:\x07|\x1b\\|\x9c)"  # OSC: titles, links
    r"|\x1b[ -/]{0,8}[0-~]"  # any other escape (ECMA-48 form)
)
_NEEDS_WORK = re.compile(
    _INVISIBLE.pattern[:-1] + "\r\x0b\x0c\u0085\u2028\u2029\u00a0\u1680\u2000-\u200a"
    "\u202f\u205f\u3000\u00d0\u00f0]"
)

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave acute tilde hook dot-below
_OLD_STYLE_CLUSTER = re.compile(r"(?<!q)(o[ae]|uy)$")


def valid_text(text: str) -> str:
    """``text`` with U+FFFD for the bytes of a command-line argument that was not
    UTF-8 (Python passes them on as lone surrogates, which nothing downstream accepts).

    >>> valid_text("h\\udce1p") == "h\\ufffdp"
    True
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def normalize(text: str) -> str:
    """Return ``text`` in NFC with invisible characters removed.

    No-break and other typographic spaces become plain spaces, line breaks
    become ``\\n``, control and format characters are dropped, and the eth
    (``Ð``), which looks like ``Đ``, becomes ``Đ``. Letters keep the case and
    tone style they were written in, so the result can be shown to a reader.
    Text that is already clean is returned at once (the index calls this
    for every field of every document).

    >>> normalize("Hợp\\u200b tác\\u00a0xã\\u00ad")
    'Hợp tác xã'
    >>> normalize("Tie\\u0302\\u0301ng Vie\\u0323\\u0302t") == "Tiếng Việt"
    True
    """
    if unicodedata.is_normalized("NFC", text) and not _NEEDS_WORK.search(text):
        return text
    text = unicodedata.normalize("NFC", text)
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = strip_invisible(text)
    return text.translate(_ETH)


def is_invisible(char: str) -> bool:
    """Whether :func:`strip_invisible` removes ``char``.

    >>> is_invisible("\u200b"), is_invisible("a")
    (True, False)
    """
    return bool(_INVISIBLE.match(char))


def strip_invisible(text: str) -> str:
    """Remove every control character but tab and newline, and every format character.

    >>> strip_invisible("a\\x1b[31mb\\u202e\\r")
    'a[31mb'
    """
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=200_000)
def canonical_tones(syllable: str) -> str:
    """Put the tone mark of a lowercase syllable where the modern style puts it.

    The old and new styles differ only for an open syllable ending in ``oa``,
    ``oe`` or ``uy`` (not after ``q``): the old style marks the second vowel
    (``hoà``, ``thuỷ``, ``uỷ``), the modern one the first (``hòa``, ``thủy``,
    ``ủy``). Every other syllable is returned unchanged.

    >>> canonical_tones("hoà"), canonical_tones("thuỷ"), canonical_tones("quý")
    ('hòa', 'thủy', 'quý')
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return syllable
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    match = _OLD_STYLE_CLUSTER.search(base)
    if not match:
        return syllable
    at = match.start() + 1  # the first vowel of the cluster
    return unicodedata.normalize("NFC", base[:at] + tones[0] + base[at:])


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Remove every diacritic and map ``đ``/``Đ`` to ``d``/``D``.

    Unicode does not decompose ``đ``, so stripping combining marks alone
    leaves it; it is mapped explicitly. Whatever is still not ASCII after
    that (other scripts, symbols) is transliterated by ``unidecode``.

    >>> fold("Đồng Tháp"), fold("hợp tác xã")
    ('Dong Thap', 'hop tac xa')
    """
    if text.isascii():
        return text
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    stripped = stripped.translate(_FOLD_LETTERS)
    if stripped.isascii():
        return stripped
    return unidecode(stripped)


_FOLD_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "\u00d0": "D", "\u00f0": "d"})


def has_marks(text: str) -> bool:
    """True when ``text`` carries Vietnamese marks, i.e. differs from its fold.

    >>> has_marks("Bắc Giang"), has_marks("bac giang")
    (True, False)
    """
    return fold(text) != text


WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Split normalised text into its words (syllables), as the index does."""
    return WORD.findall(text)


_SYLLABLE = re.compile(r"[^\W\d_]+")
UNMARKED_SHARE = 0.05  # below this share of syllables with marks, a text is unmarked
UNMARKED_MINIMUM = 20  # syllables: a shorter text is too short to tell


def is_unmarked(text: str) -> bool:
    """True for a text written without Vietnamese marks (typed on a plain keyboard).

    Fewer than :data:`UNMARKED_SHARE` of its syllables carry a mark, out of
    at least :data:`UNMARKED_MINIMUM`. Accented queries match such an
    article on its folded form, since its writer could not type the marks.

    >>> is_unmarked("Hop tac xa nong nghiep " * 5), is_unmarked("Hợp tác xã nông nghiệp " * 5)
    (True, False)
    """
    extra_bytes = len(text.encode("utf-8")) - len(text)  # >= one per marked letter
    if extra_bytes > len(text) * UNMARKED_SHARE:  # plenty of marks: the common case, at once
        return False
    syllables = _SYLLABLE.findall(text)
    if len(syllables) < UNMARKED_MINIMUM:
        return False
    marked = sum(1 for s in syllables if not s.isascii())
    return marked < UNMARKED_SHARE * len(syllables)
