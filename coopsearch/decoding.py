"""Bytes to text, however a crawl saved them.

Real folders of articles hold UTF-8 with and without a BOM, UTF-16 from
Windows tools, legacy single-byte encodings (windows-1258, windows-1252), text
that was decoded with the wrong codec once already (mojibake: "Há»£p tÃ¡c xÃ£"),
HTML entities left in plain text (``&amp;``, ``&#7889;``), and files that are
not text at all. :func:`decode` returns the text, or raises
:class:`UnreadableFile` with a short reason the indexer counts.

The detectors (charset-normalizer, ftfy) are imported only when a file needs
them, so a clean UTF-8 corpus never pays for them.
"""

from __future__ import annotations

import codecs
import html
import re

from coopsearch.errors import UnreadableFile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of common binary formats saved with a text suffix.
# Signatures of files that are not text whatever their name says.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX, XLSX, EPUB)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"BZh", "bzip2-compressed"),
    (b"\xfd7zXZ", "xz-compressed"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3", "an SQLite database"),
)
# Two-character sequences that UTF-8 Vietnamese turns into when read as
# cp1252/latin-1: "á»", "áº", "Ã¡", "Ä'", "Æ°"… Only text holding them is
# handed to ftfy, so correct Vietnamese is never touched.
_MOJIBAKE_HINT = re.compile("[ÃÂÄÅÆáº][\u0080-\u00bf\u0152-\u0192\u02c6-\u203a\u20ac\u2122»º¡-¿]")
_ENTITY = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
MAX_CONTROL_RATIO = 0.05


def decode(data: bytes) -> str:
    """Decode the bytes of a text file, repairing mojibake; raise if it is not text.

    >>> decode("Hợp tác xã".encode("utf-16"))
    'Hợp tác xã'
    >>> decode("Hợp tác xã".encode("utf-8").decode("cp1252").encode("utf-8"))
    'Hợp tác xã'
    """
    if not data.strip():
        raise UnreadableFile("no text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(repair_mojibake(data.decode(codec, errors="replace")))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(f"binary content ({what})")
    utf16 = _bomless_utf16(data[:4096])
    if utf16:
        return _checked(data.decode(utf16, errors="replace"))
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary content (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _mostly_utf8(data) or _detect(data)
    return _checked(repair_mojibake(text))


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a crawl cut mid-character): decode with U+FFFD.

    Text in a legacy single-byte encoding has no valid multi-byte sequences
    at all, so it is recognised by its broken characters outnumbering the
    valid non-ASCII ones, and left to charset detection.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for c in text if c > "\x7f") - broken
    return text if valid >= 4 * broken else None


def _bomless_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL (ASCII-heavy UTF-16)."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str:
    """Decode non-UTF-8 bytes with the encoding charset-normalizer finds most likely."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("not text (unknown encoding)")
    return str(best)


def _checked(text: str) -> str:
    """Refuse text that is mostly control characters (a binary file that decoded)."""
    sample = text[:4096]
    controls = sum(1 for c in sample if c < " " and c not in "\n\r\t\f\v\x1b")
    if controls > MAX_CONTROL_RATIO * max(1, len(sample)):
        raise UnreadableFile("binary content (control characters)")
    return text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1, only when the text shows the signs of it.

    >>> repair_mojibake("Há»£p tÃ¡c xÃ£")
    'Hợp tác xã'
    >>> repair_mojibake("Hợp tác xã Ân Thi, Âu Cơ")
    'Hợp tác xã Ân Thi, Âu Cơ'
    """
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text)


def unescape_entities(text: str) -> str:
    """Turn HTML entities left in plain text into characters (``&#7889;`` -> ``ố``).

    >>> unescape_entities("Hợp tác xã &amp; doanh nghi&#7879;p")
    'Hợp tác xã & doanh nghiệp'
    """
    if "&" not in text or not _ENTITY.search(text):
        return text
    return html.unescape(text)
