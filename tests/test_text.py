"""Vietnamese text rules (DESIGN.md 1-6), as examples and as properties."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from coopsearch.analysis import exact_tokens, folded_tokens
from coopsearch.text import canonical_tones, fold, normalize

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(
    alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ,.\n", max_size=80
)


def test_normalize_composes_and_removes_invisible_characters():
    raw = "Tie\u0302\u0301ng\u200b Vie\u0323\u0302t\u00a0\ufeffhợp\u00ad tác\u2060 xã"
    assert normalize(raw) == "Tiếng Việt hợp tác xã"


def test_normalize_maps_eth_to_d_with_stroke():
    assert normalize("\u00d0ồng Tháp") == "Đồng Tháp"


def test_normalize_removes_control_and_bidi_characters():
    assert normalize("a\x1b\u202eb\x07c") == "abc"


def test_normalize_removes_whole_terminal_escape_sequences():
    assert normalize("\x1b[5mhợp\x1b[0m tác") == "hợp tác"
    assert normalize("\x1b]8;;http://x.vn\x1b\\xã\x1b]8;;\x1b\\ viên") == "xã viên"
    assert normalize("\x1b]0;title\x07Việt \x1b(Bnam") == "Việt nam"


def test_fold_removes_every_mark_and_maps_d_with_stroke():
    assert fold("Đồng Tháp, đường, Ủy ban, hợp tác xã") == "Dong Thap, duong, Uy ban, hop tac xa"


def test_old_and_new_tone_styles_share_one_canonical_form():
    pairs = [("hoà", "hòa"), ("thuỷ", "thủy"), ("uỷ", "ủy"), ("khoẻ", "khỏe"), ("toạ", "tọa")]
    for old, new in pairs:
        assert canonical_tones(old) == canonical_tones(new) == new


def test_tone_position_after_qu_and_before_final_consonants_is_kept():
    for word in ("quý", "quỳnh", "hoàng", "thuyền", "khuyến"):
        assert canonical_tones(word) == word


def test_exact_layer_keeps_marks_and_folded_layer_drops_them():
    assert exact_tokens("Uỷ ban Nhân dân ở Đồng Tháp") == [
        "ủy",
        "ban",
        "nhân",
        "dân",
        "ở",
        "đồng",
        "tháp",
    ]
    assert folded_tokens("Uỷ ban Nhân dân ở Đồng Tháp") == [
        "uy",
        "ban",
        "nhan",
        "dan",
        "o",
        "dong",
        "thap",
    ]


def test_no_english_stop_words_or_stemming():
    assert exact_tokens("An Giang Long An a the is") == [
        "an",
        "giang",
        "long",
        "an",
        "a",
        "the",
        "is",
    ]


@given(vietnamese_text)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_text)
def test_fold_of_vietnamese_letters_is_ascii(text):
    assert fold(text).isascii()


@given(vietnamese_text)
def test_nfc_and_nfd_input_give_the_same_tokens(text):
    nfd = unicodedata.normalize("NFD", text)
    assert exact_tokens(nfd) == exact_tokens(text)
    assert folded_tokens(nfd) == folded_tokens(text)


@given(
    st.lists(
        st.sampled_from(
            ["hoà", "hòa", "thuỷ", "thủy", "uỷ", "ủy", "khoẻ", "khỏe", "Hoà", "HOÀ", "ban", "quý"]
        ),
        max_size=12,
    )
)
def test_both_tone_styles_give_the_same_tokens(words):
    old = " ".join(words)
    new = old.replace("oà", "òa").replace("OÀ", "ÒA").replace("uỷ", "ủy").replace("oẻ", "ỏe")
    assert exact_tokens(old) == exact_tokens(new)


@given(st.text(max_size=200))
def test_normalize_is_idempotent_for_any_text(text):
    assert normalize(normalize(text)) == normalize(text)


LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"


def test_normalize_removes_every_control_and_format_character_of_unicode():
    import sys

    invisible = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cc", "Cf") and chr(c) not in "\n\t" + LINE_BREAKS
    ]
    assert normalize("a" + "".join(invisible) + "b") == "ab"


def test_every_kind_of_line_break_becomes_a_newline():
    assert normalize("a\r\nb" + "".join(f"{c}x" for c in LINE_BREAKS)) == "a\nb" + "\nx" * 6


@given(st.text(max_size=200))
def test_normalized_text_has_no_control_or_format_characters(text):
    assert not any(
        unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t" for c in normalize(text)
    )


@given(st.text(alphabet=VIETNAMESE_LETTERS + "ĐÁ \n\u200b\u0301.,0123", max_size=120))
def test_fast_field_indexing_gives_the_same_terms_as_the_analyzers(text):
    from whoosh import fields

    from coopsearch.analysis import LayerText, exact_analyzer, folded_analyzer

    for layer, analyzer in (("exact", exact_analyzer()), ("folded", folded_analyzer())):
        fast = {term: freq for term, freq, _, _ in LayerText(layer).index(text)}
        generic = {term: freq for term, freq, _, _ in fields.TEXT(analyzer=analyzer).index(text)}
        assert fast == generic
