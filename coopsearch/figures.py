"""The figures an article reports, one row per figure, for ``coopsearch figures``.

A row is a number written in digits with its unit or counted noun, read in
the sentence that holds it: value, normalised unit, what it counts, the
place and the year the sentence speaks of, and where it was written. The
rules follow the conventions of the figures gold (``eval/README.md``,
"Figures gold"), which ``eval/figures.py`` scores:

- **value:** Vietnamese number format ("." groups thousands, "," is the
  decimal mark), English format only where it is plain ("135,400 người"); a
  scale word multiplies a non-money unit ("210 nghìn thành viên" = 210000
  người) and stays in a money unit ("2.473 tỷ đồng", "1,5 nghìn tỷ" = 1500
  tỷ đồng); a range or a ratio ("30 - 35 HTX", "25/122 hộ") gives a row per
  number;
- **unit and counted thing:** ``data/figure_units.tsv``: people of any role
  are ``người`` and count the noun written ("55 thành viên"), durations count
  ``thời gian``, other counted nouns are their own unit, a classifier counts
  the noun after it ("100 con lợn": "lợn"); a measure (money, %, area,
  mass…) counts the noun after its unit ("500 ha lúa") or else the noun
  phrase the clause puts before it, back to a measure's head or a verb
  ("vốn điều lệ đạt 2.473 tỷ đồng"; the word lists of
  ``data/figure_words.tsv``); money by the kilogram is a price ("giá lợn
  hơi"); a classifier or measure with nothing after it takes the noun the
  article writes after it most ("600 con" where it says "con lợn"); a
  change of the figure before it counts what that one counts ("là 11 tỷ
  đồng, tăng 4 tỷ đồng"); phrases are cut between the words of
  ``data/words.txt``, never inside one, and end at a verb, a link, a name;
  a share ("chiếm 38%") counts its subject;
- **place:** :mod:`coopsearch.figure_places`: the province (a district's
  province too), region or country the figure's own phrase names ("1 HTX
  của tỉnh Điện Biên"), else the sentence names nearest before the figure
  (else after it); "cả nước" is Việt Nam; a sentence on the government or
  a ministry naming no place is Việt Nam; a sentence naming none, or
  "toàn tỉnh", takes the article's own place;
- **year:** the latest year the sentence names ("Năm 2021", "tháng 6/2016",
  "đến 30/10/2020", a span's last year, a target year; "năm ngoái" is the
  year before the article's, "hiện nay" the article's; a document's date
  is not one), else that of the sentence it continues ("Trong đó, …"),
  else that of its paragraph's first sentence, else the article's
  (``year_source`` ``text`` or ``article``).

Not figures (same source): dates, years and periods, times of day, document
numbers, ordinals, names holding a number ("HTX Sịa 1", "thôn 6"), numbers
written in words, and page clutter ("lượt xem").

Rows are extracted once, when an article is indexed, and stored with it as
JSON (:func:`rows_to_json`), so a query never parses article text again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coopsearch.entities import Figure
from coopsearch.figure_places import (
    VIETNAM,
    article_places,
    is_national,
    places_in,
    province_names,
    region_names,
    whole_area,
)
from coopsearch.text import UPPER

YEAR_TEXT, YEAR_ARTICLE = "text", "article"
KEYS = ("id", "article", "sentence", "text", "value", "unit", "counts", "place", "year")
KEYS = (*KEYS, "year_source")

_UPPER = UPPER  # capitals only (coopsearch.text)
# A sentence that may name a place: two capitalised words, or the whole country.
_MAY_NAME_PLACE = re.compile(rf"[{_UPPER}]\w*\s+[{_UPPER}]|\b(?:cả nước|toàn quốc|nước ta)\b")
# A number as written: "2.473", "76,9", "1.234,5", "01".
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"nghìn|ngàn|triệu|tỷ|tỉ|trăm"
_SCALES = {"trăm": 100, "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_YEAR = re.compile(r"(?<![\d.,/])((?:19[5-9]|20[0-4])\d)(?![\d.,]\d|\s*(?:%|ha\b|tấn\b))")
_NOT_SPOKEN_OF = re.compile(
    r"(?i)\b(?:luật\b[^,.;:]{0,40}?(?:năm\s+)?(?:19|20)\d\d"
    # a birth year ("Trần Văn Việt, sinh năm 1980", "(SN 1967)", "sinh ngày 2/3/1979");
    # not an intake's or a cost's ("tuyển sinh năm 2016", "phát sinh năm 2015")
    r"|(?<!tuyển\s)(?<!phát\s)(?<!học\s)(?<!hồi\s)(?<!sản\s)(?<!vệ\s)(?<!dân\s)"
    r"(?:sinh|SN)\s*(?:năm\s+|ngày\s+(?:\d{1,2}[/.-]){1,2})?(?:19|20)\d\d"
    r"|\btừ\s+(?:năm\s+)?(?:19|20)\d\d(?=\s+(?:đến|tới|-|–))"
    r"|so\s+(?:với\s+)?(?:cùng\s+kỳ\s+)?(?:năm\s+|niên\s+vụ\s+|vụ\s+)?(?:19|20)\d\d)"
)
# A paragraph whose first sentence opens with a time gives its year to the rest.
_TIME_LEAD = re.compile(r"(?i)^\W*(?:năm|trong năm|đến|tính đến|hết năm|qua|sau)\b")
_SPAN_BEFORE = re.compile(r"(?i)(?:\d|\bnhững|\bcác|\bmấy|\bnhiều)\s*$")
_LAST_YEAR = re.compile(r"(?i)\bnăm (?:ngoái|trước|qua)\b")
# "năm nay", and "hiện nay" opening what is said now against a year before
# ("Hiện nay, giá muối lên tới 24 - 25 ngàn đồng/giạ, … vụ năm trước").
_THIS_YEAR = re.compile(r"(?i)\bnăm nay\b|\bhiện nay\b")
# A month's year: "tháng 6/2016", "đến 30/10/2020"; not a document's number
# or date ("Quyết định 23/2017/QĐ-TTg", "Thông tư số 15/2016", "Quyết định số
# 461/QĐ-TTg ngày 27/4/2018").
_MONTH_YEAR = re.compile(
    r"(?i)(?<![\d/.,])(?:(?:[0-2]?\d|3[01])/)?(?:0?[1-9]|1[0-2])/((?:19[5-9]|20[0-4])\d)(?![\d/])"
)
_DOCUMENT_BEFORE = re.compile(
    r"(?i)\b(?:số|quyết định|nghị định|nghị quyết|thông tư|chỉ thị|luật|công văn|QĐ|NĐ)"
    r"\b[^,;:()]{0,30}$"
)
# A continuation carries the year of the sentence before it ("Trong đó, …").
_CONTINUES = re.compile(r"(?i)^\W*(?:trong đó|trong số đó|cụ thể|riêng|bao gồm|gồm)\b")
# Words before a number that make it a date, a name or a document number.
_NOT_BEFORE = re.compile(
    r"(?i)(?:\b(?:ngày|số|thứ|khóa|khoá|tổ|thôn|xóm|đội|ấp|khu phố|phường|quận|q\.|"
    r"lần thứ|nhiệm kỳ|giai đoạn|năm|tháng|quý|vụ|kỳ|mùa|đợt|khoản|điều|mục|"
    r"quyết định|nghị định|nghị quyết|thông tư|chỉ thị|kế hoạch|luật|"
    r"quốc lộ|tỉnh lộ|đường|km|tuyến|biển số|phòng|lô|hộp thư|lớp|"
    r"HTX|hợp tác xã|Tổ|Đồn|Đội|Trạm|Trường|công nghệ|COVID|Covid)\s*[-–.:]?\s*)$"
)
_PER_ONE = re.compile(r"(?i)\b(?:bình quân|trung bình)\s+(?:mỗi\s+)?$")
_SENTENCE_END = re.compile(rf"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[{_UPPER}0-9])")
_ABBREVIATION = re.compile(rf"(?:^|\s)(?:[{_UPPER}][\w]?|TP|Th|St|Mr|Dr|Tp|m|Pa|TS|ThS|PGS)\.$")
_WORD = re.compile(r"[\w²]+(?:-[\w]+)*")
# Words that link a figure to the one before it as the same quantity changed or
# restated; or a dash, a range written with its unit twice ("70%-80%").
_LINK = re.compile(
    r"(?i)[\s,()]*(?:[-–]\s*|(?:(?:tăng|giảm|lên|xuống|còn|thay vì|tương đương|tương ứng|tức"
    r"|hay|hoặc|khoảng|gần|hơn|trên|dưới|từ|đến|tới|lên tới|lên đến|đạt|là|chỉ|có|thêm|so với"
    r"|gấp)[\s,()]+)*)"
)
# A percentage linked so to the figure before it is that figure's change or share.
_CHANGE = re.compile(
    r"(?i)[\s,(]*(?:(?:tăng|giảm|bằng|đạt|chiếm|khoảng|gần|hơn|trên|dưới|so với|hay|tức)[\s,(]+)*"
)
_DAY_TIME = re.compile(r"\s*(?:\d+\s*(?:phút|')?\s*)?(?:sáng|trưa|chiều|tối|đêm|cùng ngày)\b")
_CLAUSE_START = re.compile(r"[,;:()“”\"–]|\s-\s|\b(?:và|trong đó|nhưng|còn|khi|nên|thì)\b")


@lru_cache(maxsize=1)
def _words_of(kind: str) -> tuple[str, ...]:
    """The words of one kind in ``data/figure_words.tsv``, as listed."""
    raw = resources.files("coopsearch").joinpath("data/figure_words.tsv").read_text("utf-8")
    lines = [line.split("\t") for line in raw.splitlines() if line.strip() and line[0] != "#"]
    return tuple(words for listed, words in lines if listed == kind)


_STOP_BEFORE = _words_of("link")
_FUNCTION = frozenset(_words_of("function"))
# Words that end a noun phrase read backwards from a number ("của", "các" do not).
# A link of several syllables ends a phrase as a whole word ("trung bình"),
# never by one of its syllables ("ngân sách trung ương" is not cut at "trung").
_STOP_WORDS = frozenset(
    {phrase for phrase in _STOP_BEFORE if phrase not in ("giá trị", "mức")}
    | (_FUNCTION - {"của", "các", "những"})
)
_VERBS = _words_of("verb")
_VERB_SET = frozenset(_VERBS)
_VERB_END = re.compile(r"(?i)(?:^|\s)(?:" + "|".join(re.escape(v) for v in _VERBS) + r")(?=\s|$)")
# Nouns that name a measure (gold: "tỷ lệ HTX có lãi", "giá lợn hơi", "năng suất lúa").
_MEASURE_HEAD = re.compile(
    r"(?i)\b(?:"
    + "|".join(re.escape(w) for w in sorted(_words_of("measure"), key=len, reverse=True))
    + r")\b"
)
_PRICE_PER = frozenset(_words_of("price_per"))
_DESCRIBE = frozenset(_words_of("describe"))
_TRAILING = frozenset(_words_of("trailing"))
_DIMENSION = dict(pair.split("=") for pair in _words_of("dimension"))
_SHARE = frozenset(_words_of("share"))
_NOT_ALONE = frozenset(_words_of("alone"))
# Words that stay inside a measure read forward from its head ("tỷ lệ HTX có
# lãi", "vốn điều lệ của các HTX"), though they end other phrases.
_INSIDE_MEASURE = frozenset({"của", "các", "những", "có", "được", "từ", "bình quân", "trung bình"})
# Nouns that name a place, after "của", "tại", "ở" at a phrase's end ("giá trị
# … của thành phố"): the place is the row's place, not part of its thing.
_PLACE_NOUNS = frozenset(
    {"tỉnh", "thành phố", "huyện", "xã", "cả nước", "vùng", "khu vực", "địa bàn", "địa phương"}
)
# Where, said in passing inside the phrase before a figure ("tổng thu ngân sách
# trên địa bàn đạt 3.048 tỷ đồng"): read past, as if not written.
_ASIDE = re.compile(
    r"(?:^|(?<=\s))(?:"
    + "|".join(re.escape(w) for w in _words_of("aside"))
    + rf")(?:\s+(?:tỉnh|huyện|xã|thành phố|TP\.?))?(?:\s+[{_UPPER}][\w.]*)*(?=[\s,;:]|$)"
)


# "ở", "tại" and the place they name, inside the phrase before a figure
# ("khối lượng chất thải … ở TP.HCM khoảng 8.300 tấn"): read past too.
_AT_PLACE = re.compile(
    rf"(?:^|(?<=\s))(?:ở|tại)\s+(?:(?:tỉnh|huyện|xã|thành phố|quận|TP\.?)\s*)?"
    rf"[{_UPPER}][\w.]*(?:\s+[{_UPPER}][\w.]*)*(?=[\s,;:]|$)"
)
# A second counted noun after a comma, counted by the same number ("16 tỉnh, thành phố").
_PAIRED = re.compile(r",\s*(tập thể|cá nhân|thành phố|tỉnh|xã|phường|thị trấn|quận|huyện)\b")
# A subject's verb with nothing after it but a figure's links ("nếp thì giữ mức").
_SUBJECT_VERB = re.compile(
    r"(?i)(?:\s+thì)?\s+(?:"
    + "|".join(re.escape(v) for v in _words_of("verb"))
    + r")(?:\s+(?:mức|ở mức|khoảng|từ|là|được))*\s*$"
)
# A percentage that is a share of its clause's subject ("HTX … chiếm tỷ lệ 38%").
_SHARE_BEFORE = re.compile(
    r"(?i)\b(?:"
    + "|".join(re.escape(w) for w in _words_of("share"))
    + r")\s+(?:(?:tỷ lệ|tỉ lệ|khoảng|gần|hơn|trên|dưới|xấp xỉ|tới|đến|chỉ|là|mức"
    + r"|lớn|cao|thấp|nhỏ|rất|khá)\s+)*\(?\s*$"
)
_TIMES_BEFORE = re.compile(r"(?i)\bgấp\s*$")


@dataclass(frozen=True)
class FigureRow:
    """One figure in one sentence, with what, where and when it speaks of."""

    sentence: str
    start: int  # character offsets of ``text`` in ``sentence``
    end: int
    text: str
    value: float | int
    unit: str
    counts: str
    place: str
    year: int | None
    year_source: str  # YEAR_TEXT or YEAR_ARTICLE

    def to_dict(self, article: str = "", id: str = "") -> dict:
        """The row's JSON record, keys as the figures gold plus ``id`` (:data:`KEYS`)."""
        fields = dict(self.__dict__, article=article, id=id)  # flat: asdict's deep copy is slow
        return {key: fields[key] for key in KEYS}


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str
    kind: str
    counts: str


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, Unit], re.Pattern]:
    raw = resources.files("coopsearch").joinpath("data/figure_units.tsv").read_text("utf-8")
    units: dict[str, Unit] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        written, unit, kind = parts[:3]
        units.setdefault(written.lower(), Unit(written, unit, kind, parts[3] if parts[3:] else ""))
    return units, re.compile(_figure_pattern(units, r"ngày đêm|[\w²]+"))


def _figure_pattern(units: dict[str, Unit], denominator_word: str) -> str:
    """A figure: number(s), scale, then a unit and its rate's denominators, or a bare scale."""
    names = sorted(units, key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    denominator = rf"(?:\s*/\s*(?:{denominator_word}))"  # "m3/ngày đêm": a day of 24 hours
    return (
        rf"(?<![\w.,/:])(?P<a>{_NUM})(?:\s*(?P<sa>{_SCALE})(?!\w))?"
        rf"(?:(?<=[tỷỉ])\s+(?P<millions>\d{{1,3}})\s*triệu(?!\w))?"  # "1 tỷ 800 triệu đồng"
        rf"(?:\s*(?P<sep>[-–/]|đến|tới)\s*(?P<b>{_NUM})(?:\s*(?P<sb>{_SCALE})(?!\w))?)?"
        rf"(?:\s*(?P<unit>%|(?i:{alternation}))(?![\w²])(?P<rate>{denominator}{{0,3}})"
        rf"|(?P<bare>(?(millions)|(?<=\d))\s*(?:{_SCALE})?)(?![\w²]))"
    )


@lru_cache(maxsize=1)
def _spaced_rate_pattern() -> re.Pattern:
    """The figure pattern with denominators of up to three syllables, for
    :func:`_whole_denominator`."""
    return re.compile(_figure_pattern(_units()[0], r"[\w²]+(?:[ \t]+\w+){0,2}"))


# Words after a rate's denominator that date it, not name it ("đồng/tháng năm 2015").
_TIME_AFTER_RATE = frozenset({"năm", "nay", "này", "qua", "trước", "sau", "tới", "đó", "rồi"})


def _whole_denominator(sentence: str, match: re.Match) -> re.Match:
    """``match`` with its rate's last denominator taken whole when it begins a
    word of ``data/words.txt``: "59ha/trang trại" is ha per farm, not "ha/trang"
    counting "trại"; "đồng/hộ gia đình" is per household.

    >>> m = _units()[1].search("có 59ha/trang trại.")
    >>> _whole_denominator("có 59ha/trang trại.", m).group("rate")
    '/trang trại'
    """
    rate = match.group("rate")
    if not rate:
        return match
    last = rate.rsplit("/", 1)[1].strip().lower()
    following = re.match(r"(?:[ \t]+(\w+))(?:[ \t]+(\w+))?", sentence[match.end() :])
    if not following:
        return match
    words = _dictionary()
    extra = [w for w in following.groups() if w]
    for n in range(len(extra), 0, -1):
        if any(w.lower() in _TIME_AFTER_RATE for w in extra[:n]):
            continue  # "23 triệu đồng/tháng năm 2015": not the month of May
        if " ".join([last, *extra[:n]]).lower() in words:
            end = match.end() + following.end(n)
            longer = _spaced_rate_pattern().match(sentence, match.start(), end)
            if longer is not None and longer.end() == end:
                return longer
    return match


def parse_value(written: str, unit_kind: str = "") -> float | int:
    """A number as Vietnamese writes it; English format only where it is plain.

    "." groups thousands and "," marks decimals ("2.473" = 2473, "76,9" =
    76.9); a "," before exactly three digits of a whole count, and a "."
    before one or two digits, are English (gold: "135,400 người" = 135400).

    >>> parse_value("2.473"), parse_value("76,9"), parse_value("01"), parse_value("1.234,5")
    (2473, 76.9, 1, 1234.5)
    >>> parse_value("135,400", "people"), parse_value("2.5")
    (135400, 2.5)
    """
    if re.fullmatch(r"\d{1,3},\d{3}", written) and unit_kind in ("people", "count", "classifier"):
        written = written.replace(",", "")
    elif re.fullmatch(r"\d+\.\d{1,2}", written):
        written = written.replace(".", ",")
    return _whole_or_rounded(float(written.replace(".", "").replace(",", ".")))


def _whole_or_rounded(value: float) -> float | int:
    """A value as rows carry it: a whole number as an int, else rounded to 6 places."""
    return int(value) if float(value).is_integer() else round(value, 6)


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph, each with its start offset.

    A sentence ends at ".", "!", "?" or "…" before a capital or a digit,
    unless the word before the stop is an abbreviation ("TP.", "H.", "m.").
    """
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[start : match.start()]):
            continue
        found.append((start, text[start : match.start()]))
        start = match.end()
    if text[start:].strip():
        found.append((start, text[start:]))
    return found


def _years(sentence: str, article_year: int | None) -> list[int]:
    """The years a sentence speaks of (gold: "Năm 2021", "tháng 6/2016", a
    span's last year, a target year, "năm ngoái"), leaving out a law's year ("Luật HTX năm 2012")
    and a comparison's base ("so với năm 2016")."""
    sentence = _NOT_SPOKEN_OF.sub(lambda m: " " * len(m.group()), sentence)
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(sentence)]
    years += [
        (m.start(), int(m.group(1)))
        for m in (_MONTH_YEAR.finditer(sentence) if "/" in sentence else ())
        if not _DOCUMENT_BEFORE.search(sentence[max(0, m.start() - 50) : m.start()])
    ]
    if article_year:
        years += [
            (m.start(), article_year - 1)
            for m in _LAST_YEAR.finditer(sentence)
            if not _SPAN_BEFORE.search(sentence[: m.start()])  # "3 năm trước", "những năm qua"
        ]
        years += [(m.start(), article_year) for m in _THIS_YEAR.finditer(sentence)]
    return sorted((at, y) for at, y in years if article_year is None or y <= article_year + 30)


# A year written right after a figure is that figure's: "từ 4,6 ha năm 2016 lên
# 12,1 ha năm 2017", "giảm từ 11% năm 1996 xuống còn 5,5% vào năm 2016".
_YEAR_RIGHT_AFTER = re.compile(r"[ \t]*(?:(?:vào|trong|của|cuối|đầu)[ \t]+)?năm[ \t]+")


def _named(counts: str) -> str:
    """``counts`` without a preposition it ends on ("hợp tác xã chuyển đổi sang"),
    or nothing when it is a word that names no thing alone
    (``data/figure_words.tsv``, kind ``alone``: "chết", "họ", "nơi").

    >>> _named("hợp tác xã chuyển đổi sang"), _named("chết"), _named("hộ xây dựng nhà ở")
    ('hợp tác xã chuyển đổi', '', 'hộ xây dựng nhà ở')
    """
    words = counts.split(" ")
    while len(words) > 1 and (
        words[-1].lower() in _ENDS_NO_THING
        and " ".join(words[-2:]).lower() not in _dictionary()  # "nhà ở", "tồn tại"
        or words[-1].lower() == "sang"
        and words[-2].lower() in _TOWARDS  # "chuyển đổi sang", not "xe sang" (luxury)
    ):
        words.pop()
    counts = " ".join(words)
    return "" if counts.lower() in _NOT_ALONE else counts


# Prepositions and links a counted thing never ends on: the clause goes on past them.
_ENDS_NO_THING = frozenset(
    {"với", "cho", "của", "ở", "tại", "từ", "đến", "tới", "và", "là", "mà", "để", "vào"}
)
_TOWARDS = frozenset({"đổi", "chuyển", "khẩu", "bán", "đưa"})  # verbs "sang" follows as "to"


def year_at(
    years: list[tuple[int, int]], at: int, sentence: str = "", end: int | None = None
) -> int | None:
    """The year a figure at offset ``at`` (ending at ``end`` of ``sentence``)
    speaks of: one written right after it ("12,1 ha năm 2017"), else the
    nearest named before it ("Năm ngoái, … 4.000 giạ, năm nay …" is last
    year), else the latest after it (a target: "phát triển 15.000 HTX … đến
    năm 2020").

    >>> text = "từ 4,6 ha năm 2016 lên 12,1 ha năm 2017"
    >>> years = _years(text, 2017)
    >>> year_at(years, 3, text, 9), year_at(years, 23, text, 30)
    (2016, 2017)
    """
    if end is not None:
        after = _YEAR_RIGHT_AFTER.match(sentence, end)
        right_after = [y for offset, y in years if after and offset == after.end()]
        if right_after:
            return right_after[0]
    before = [y for offset, y in years if offset < at]
    if before:
        return before[-1]
    return max((y for _, y in years), default=None)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """The words of ``data/words.txt`` (two to four syllables, lower case), which
    a counted thing is cut between, never inside ("ngân sách trung ương", not
    "… trung"; "khu nông nghiệp ứng dụng", not "… ứng")."""
    raw = resources.files("coopsearch").joinpath("data/words.txt").read_text("utf-8")
    return frozenset(line for line in raw.split("\n") if line and line[0] != "#")


_TOKEN = re.compile(r"[\w²]+(?:[-/][\w]+)*|[^\w\s]")


def _grouped(tokens: list[str]) -> list[str]:
    """The tokens with the syllables of one dictionary word joined, longest
    word first, left to right (["hoạt", "động"] → ["hoạt động"])."""
    words = _dictionary()
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token[0].isalpha():
            for k in (4, 3, 2):
                if i + k <= n:
                    candidate = tokens[i : i + k]
                    if all(t[0].isalpha() for t in candidate):
                        joined = " ".join(candidate)
                        if joined.lower() in words:
                            out.append(joined)
                            i += k
                            break
            else:
                out.append(token)
                i += 1
        else:
            out.append(token)
            i += 1
    return out


def _syllables(words: list[str]) -> int:
    return sum(w.count(" ") + 1 for w in words)


def _ends_phrase(word: str) -> bool:
    """Whether a word ends a noun phrase read after a figure: a link or function
    word, a verb, or a capitalised word that is not an abbreviation (a name or
    a place: "15 - 30% Huyện Thới Lai", "50 tỷ USD Ông …")."""
    low = word.lower()
    if _is_link(low) or low in _VERB_SET:
        return True
    return word[0].isupper() and not word.split()[0].isupper()


def _is_link(low: str) -> bool:
    """A link or function word, or a word made on one ("bị thương", "để lại",
    "trong vòng", "còn lại"), which a noun phrase does not run across."""
    if low in _STOP_WORDS or low in _FUNCTION:
        return True
    first = low.split(" ", 1)[0]
    return first != low and (first in _STOP_WORDS or first in _FUNCTION)


def _noun_after(sentence: str, end: int, limit: int = 3) -> str:
    """The noun phrase right after ``end`` ("500 ha lúa" → "lúa"), whole words
    up to ``limit`` syllables (one word may run past it)."""
    run = _AFTER_RUN.match(sentence, end)
    if not run:
        return ""
    words: list[str] = []
    for word in _grouped(run.group().split()):
        if word[0].isdigit() or _ends_phrase(word) or _syllables(words) >= limit:
            break
        words.append(word)
    return " ".join(words)


# The syllables right after a figure, up to a break (only spaces between them).
_AFTER_RUN = re.compile(r"(?:[ \t]*[\w²]+(?:-[\w]+)*){1,10}")


def _noun_before(sentence: str, start: int, across: bool = True) -> str:
    """What a measure measures: the noun phrase before the figure, read backwards
    from it past the words that link it ("đạt", "khoảng", "là"), across "của",
    up to a verb, a function word or a clause break ("Tổng vốn điều lệ của các
    HTX đạt 2.473 tỷ đồng" → "vốn điều lệ của các HTX"); a leading "tổng
    (số)" or "số" is left out (gold: "vốn điều lệ", "hộ kinh doanh")."""
    before = _ASIDE.sub(lambda m: " " * len(m.group()), sentence[:start])
    before = _AT_PLACE.sub(lambda m: " " * len(m.group()), before)
    cuts = [0] + [m.end() for m in _CLAUSE_START.finditer(before) if before[m.end() :].strip()]
    clause = before[cuts[-1] :].strip()
    if across and len(cuts) > 1 and not _has_noun(clause):
        # "cho năng suất thấp, ước tính chỉ khoảng gần 6 tấn/ha": the clause
        # holds only links, so the thing measured is in the one before
        clause = before[cuts[-2] : cuts[-1]].strip(' ,;:()“”"–-')
    elif across and len(cuts) > 1 and before[cuts[-1] - 1] == ",":
        # "thu nhập bình quân của các thành viên, người lao động … đạt 72 triệu
        # đồng": a clause with no measure or verb of its own continues the
        # owners ("của …") of a measure in the one before
        previous = before[cuts[-2] : cuts[-1] - 1]
        owner = re.search(r"(?i)\bcủa\b", previous)
        head = _MEASURE_HEAD.search(previous)
        if (
            owner
            and head
            and head.start() < owner.start()
            and not _MEASURE_HEAD.search(clause)
            and not _has_verb(clause)
            and not _has_verb(previous[head.start() :])
        ):
            clause = previous[head.start() :] + ", " + clause
    figures = figures_of(clause) if any(c.isdigit() for c in clause) else []
    if (
        figures
        and figures[-1][0].group("unit")
        and figures[-1][1].kind in ("money", "percent", "measure")
        and _has_noun(clause[figures[-1][0].end() :])
    ):
        # "lãi hơn 2 triệu đồng/con lúc lợn 57.000 đồng/kg hơi": the phrase
        # before a figure does not run back across a measured figure with its
        # own thing (a count or a time may stand inside it: "cá sấu giống 3
        # tháng tuổi", "của 5 nhà máy")
        clause = clause[figures[-1][0].end() :]
    elif figures and not _has_noun(clause[figures[-1][0].end() :]):
        # the clause ends in a figure of its own, which this one changes or
        # restates ("khối lượng … đã tăng gần 60%, từ 6,2 tấn/ngày"): its thing
        if not across:
            return ""
        at = before.rfind(clause) + figures[-1][0].start()
        return _noun_before(sentence, at, across=False)
    heads = [
        h
        for h in _MEASURE_HEAD.finditer(clause)
        if not (
            h.group().lower() in ("lãi", "lỗ") and re.search(r"(?i)\bcó\s+$", clause[: h.start()])
        )
    ]  # "có lãi" is profitable, no measure
    if heads:  # "tỷ lệ HTX có lãi chiếm 60%": the measure's head begins the phrase
        start_at = heads[-1].start()
        for head in reversed(heads[:-1]):  # "tỷ lệ HTX có lãi", "giá trị sản xuất"
            between = _grouped(_TOKEN.findall(clause[head.end() : start_at]))
            if any(
                not w[0].isalpha() or (_is_link(w.lower()) and w.lower() not in _INSIDE_MEASURE)
                for w in between
            ):
                break
            start_at = head.start()
        clause = clause[start_at:]
    tokens = _grouped(_TOKEN.findall(clause))
    copula = re.search(r"(?i)\blà\s*$", before)
    if not heads and not copula:  # "nếp thì giữ mức 5.900 đồng/kg": a verb ends the phrase;
        # not before "là", whose subject may hold one ("thành viên tham gia HTX là 16.509 người")
        verbs = [i for i, t in enumerate(tokens) if t.lower() in _VERB_SET]
        if verbs:
            at = verbs[-1]
            rest = tokens[at + 1 :]
            if at and tokens[at - 1].lower() in ("được", "bị") and not _has_noun(" ".join(rest)):
                # "hạn mức trả tiền bảo hiểm đã được nâng từ 50 triệu đồng": the
                # passive's subject is what changed
                rest = tokens[: at - 1]
            tokens = rest
    while tokens and (_is_link(tokens[-1].lower()) or not tokens[-1][0].isalpha()):
        tokens.pop()
    phrase: list[str] = []
    if heads:  # forward from the head, to a break ("giá bán cũng không cao" → "giá bán")
        for word in tokens:
            low = word.lower()
            if not word[0].isalpha() or (_is_link(low) and low not in _INSIDE_MEASURE):
                break
            phrase.append(word)
    while tokens and not heads:
        word = tokens[-1]
        low = word.lower()
        if not word[0].isalpha() or (_is_link(low) and low != "của"):
            break
        phrase.insert(0, tokens.pop())
    found = bool(phrase)
    phrase = _tidy(phrase)
    if found:  # what was read was no thing ("ở mức", a place, a time): none
        if not phrase:
            return ""
        kept: list[str] = []
        for word in phrase:  # up to 8 syllables, whole words
            if _syllables(kept) >= 8:
                break
            kept.append(word)
        return " ".join(kept)
    return ""  # a verb or a break right before the figure: no noun phrase of its own


def _tidy(phrase: list[str]) -> list[str]:
    """A phrase read before a figure, without what is not the thing measured: a
    leading "tổng (số)", "số", "của", "các", "mức" ("mức lãi" → "lãi"), the
    plural "các", "những" inside ("doanh thu các HTX" → "doanh thu HTX"), a
    place at its end ("… của Đức", "… ở TP.HCM", "… của thành phố"), a time at
    its end ("… phát sinh mỗi ngày"), words that only qualify a measure's head
    ("năng suất thấp" → "năng suất"), and link words at either end."""
    while phrase and phrase[0].lower() in ("của", "các", "những", "tổng", "số", "tổng số"):
        phrase = phrase[1:]
    if phrase and phrase[0].lower().startswith("tổng ") and " " in phrase[0]:
        phrase = [phrase[0][len("tổng ") :], *phrase[1:]]  # "Tổng giá trị" → "giá trị"
    if len(phrase) > 1 and phrase[0].lower() == "mức":
        phrase = phrase[1:]
    elif phrase and phrase[0].lower() == "mức":
        phrase = []
    phrase = phrase[:1] + [w for w in phrase[1:] if w.lower() not in ("các", "những")]
    while len(phrase) > 1 and phrase[-1].lower() in _TRAILING:
        phrase = phrase[:-1]
    for i in range(len(phrase) - 1, 0, -1):
        if phrase[i].lower() in ("của", "tại", "ở", "trong", "trên") and all(
            w.lower() in _PLACE_NOUNS or (w[0].isupper() and not w.isupper()) or w == "."
            for w in phrase[i + 1 :]
        ):
            phrase = phrase[:i]
            break
    while len(phrase) > 1 and (
        phrase[-1].lower() in _TRAILING
        or phrase[-1].lower() in _FUNCTION
        or phrase[-1].lower() in _STOP_WORDS
    ):
        phrase = phrase[:-1]
    if (
        len(phrase) > 1
        and _MEASURE_HEAD.fullmatch(phrase[0])
        and all(w.lower() in _DESCRIBE for w in phrase[1:])
    ):
        phrase = phrase[:1]
    if all(w.lower() in _TRAILING or w.lower() in _PLACE_NOUNS for w in phrase):
        return []  # a time or a place alone ("10 ngày trước", "cả nước")
    syllables = " ".join(phrase).split()
    if syllables and all(w[0].isupper() and not w.isupper() for w in syllables):
        return []  # a name ("Lộc An - Bình Sơn (500 ha)")
    return phrase


def _has_verb(text: str) -> bool:
    return any(w.lower() in _VERB_SET for w in _grouped(_WORD.findall(text)))


def _has_noun(clause: str) -> bool:
    """Whether a clause holds a word other than links and function words."""
    return any(
        not _is_link(w.lower()) and w.lower() not in _DESCRIBE and not w[0].isdigit()
        for w in _grouped(_WORD.findall(clause))
    )


def _counted(
    sentence: str, match: re.Match, unit: Unit | None, usual: dict[str, str] | None = None
) -> str:
    """What one figure counts or measures, read in its sentence (``usual``: what
    the article writes after each unit, :func:`_usual_nouns`)."""
    if unit is None:
        return ""
    if unit.counts:
        return unit.counts
    if unit.kind == "time":
        return "thời gian"
    if unit.kind == "age":
        return "tuổi"
    written = re.sub(r"\s+", " ", match.group("unit") or "")
    usual = usual or {}
    if (
        unit.kind == "count"
        and written.lower() == "lần"
        and _TIMES_BEFORE.search(sentence[: match.start()])
    ):  # "cao gấp 2,5 lần giá muối chính vụ": what is compared
        after = _noun_after(sentence, match.end("unit"), 4)
        if after:
            return after
    if unit.kind in ("count", "people"):  # "16 tỉnh, thành phố", "40 tập thể, cá nhân"
        pair = _PAIRED.match(sentence, match.end("unit"))
        if pair:
            other = _units()[0].get(pair.group(1).lower())
            if (other is None or other.kind == unit.kind) and not _noun_after(
                sentence, match.end("unit")
            ):
                return f"{written}, {pair.group(1)}"
    if unit.kind == "classifier":  # "100 con lợn" counts pigs; "600 con", the article's
        after = _noun_after(sentence, match.end("unit"), 3)
        return after or usual.get(written.lower(), "") or written
    if unit.kind in ("count", "people"):
        after = _noun_after(sentence, match.end("unit"), 3)
        if unit.kind == "count":
            return f"{written} {after}".strip()
        if written.lower() == "người":  # "tổng số thành viên … là 16.509 người"
            copula = re.search(r"(?i)(?:\b(?:là|đạt)|\()\s*$", sentence[: match.start()])
            subject = _noun_before(sentence, match.start(), across=False) if copula else ""
            return after or subject or written
        return written
    if unit.kind == "percent" and re.match(r"\s+là\s", sentence[match.end() :]):
        after = _noun_after(sentence, match.end() + len(" là "), 4)
        if after:  # "83% là vốn vay ngắn hạn"
            return after
    if unit.kind == "percent":
        share = _SHARE_BEFORE.search(sentence, 0, match.start())
        if share:  # "giá trị … của thành phố chiếm 35% tổng giá trị toàn ngành"
            subject = _share_subject(sentence, share.start())
            if subject:
                return subject
    after = _noun_after(sentence, match.end(), 4).split()
    while after and after[0].lower() in ("tổng", "số", "các", "những", "tổng số"):
        after = after[1:]
    before = _noun_before(sentence, match.start())
    if _is_price(unit, match):  # "18.000 đồng/kg lợn hơi", "Lúa IR 50404 giá từ 4.200 đồng/kg"
        head = before.split()[:1]
        if head and _MEASURE_HEAD.match(before):
            return before
        if after == ["hơi"]:  # "lợn 57.000 đồng/kg hơi": the live weight of the noun before
            after = [before or usual.get(_denominator(match), ""), "hơi"]
        subject = _SUBJECT_VERB.search(sentence, 0, match.start())
        if not before and not after and subject:  # "nếp thì giữ mức 5.900 đồng/kg"
            before = _noun_before(sentence, subject.start(), across=False)
        thing = " ".join(after).strip() or before or usual.get(_denominator(match), "")
        return f"giá {thing}".strip()
    if match.group("rate") and _MEASURE_HEAD.match(before):
        return before  # "lỗ gần 1 tỷ đồng/lứa lợn": what follows a rate is its denominator's
    if (
        unit.unit in ("m", "km", "cm", "mm")
        and before.split()[-1:]
        and before.split()[-1].lower() in _DIMENSION
        and not _MEASURE_HEAD.match(before)
    ):
        # "có điểm sâu 2m": the measure is the depth; "đê … dài 25m", the dike
        size = before.split()[-1].lower()
        return (
            " ".join(before.split()[:-1])
            if size == "dài" and len(before.split()) > 1
            else (_DIMENSION[size])
        )
    if after:
        return " ".join(after)
    if _MEASURE_HEAD.match(before):  # "diện tích canh tác lớn hơn 5ha"
        return before
    if unit.kind == "measure" and not match.group("rate") and usual.get(written.lower()):
        return usual[written.lower()]  # "xuống giống trên 31.000ha", in an article on "ha lúa"
    return before


def _share_subject(sentence: str, at: int) -> str:
    """What a share ("chiếm 38%") is the share of: the thing of a figure just
    before it in the clause ("có 908 HTX hoạt động tốt và khá, chiếm tỷ lệ
    38%": "HTX hoạt động tốt và khá"; "49.000 ha đất canh tác, chiếm 17,7%":
    "đất canh tác"), else the noun phrase before the verb, unless that is a
    place ("TP.HCM chỉ chiếm 1% lượng heo cả nước")."""
    head = sentence[:at]
    start = max(head.rfind(c) for c in ';:(“"') + 1
    figures = [(m, u) for m, u, _ in figures_of(head[start:]) if m.group("unit")]
    if figures:
        last, unit = figures[-1]
        rest = head[start + last.end() :]
        if rest.rstrip().endswith(","):  # the figure's own clause, then the share
            words = _grouped(_TOKEN.findall(rest))
            while words and (not words[-1][0].isalpha() or _is_link(words[-1].lower())):
                words.pop()
            if any(not w[0].isalpha() or w.lower() in _VERB_SET for w in words):
                return ""
            if unit is not None and unit.kind in ("count", "people"):
                words = [last.group("unit"), *words]
            return " ".join(words)
    subject = _noun_before(sentence, at, across=False)
    if _places_only(subject):
        return ""
    return subject


def _places_only(phrase: str) -> bool:
    """Whether a phrase is only a place's name ("TP.HCM", "Hà Nội", "cả nước")."""
    words = phrase.replace(".", " ").split()
    return bool(words) and all(w[0].isupper() or w.lower() in ("cả", "nước") for w in words)


def _is_price(unit: Unit, match: re.Match) -> bool:
    """Money by the kilogram, the tonne, the litre…: a price ("4.200 đồng/kg")."""
    return unit.kind == "money" and _denominator(match) in _PRICE_PER


def _denominator(match: re.Match) -> str:
    rate = (match.group("rate") or "").split("/")
    return rate[1].strip().lower() if len(rate) > 1 else ""


def _usual_nouns(text: str) -> dict[str, str]:
    """What the article writes after each measure or classifier ("ha lúa", "con
    lợn"), the noun most often, if twice or more: the thing such a figure
    measures where its own sentence leaves it out ("xuống giống trên
    31.000ha", "nuôi khoảng 600 con")."""
    seen: dict[str, dict[str, int]] = {}
    for match in _usual_pattern().finditer(text):
        noun = match.group(2)
        low = noun.lower()
        if noun.islower() and low not in _STOP_WORDS and low not in _FUNCTION:
            nouns = seen.setdefault(match.group(1).lower(), {})
            nouns[noun] = nouns.get(noun, 0) + 1
    usual = {}
    for written, nouns in seen.items():
        best = max(nouns, key=lambda n: nouns[n])
        if nouns[best] >= 2:  # said once is not what the article measures by it
            usual[written] = best
    return usual


@lru_cache(maxsize=1)
def _usual_pattern() -> re.Pattern:
    units, _ = _units()
    names = sorted(
        (w for w, u in units.items() if u.kind in ("measure", "classifier")), key=len, reverse=True
    )
    from coopsearch.entities import _alternation

    return re.compile(rf"(?<=[\d\s])({_alternation(names)})\s+(\w+)")


def _counted_in(sentence: str, found: list, usual: dict[str, str]) -> list[str]:
    """What each figure of a sentence counts. A figure linked to the one before
    it by a change or a restatement, of the same kind of unit, measures the
    same thing ("vốn hoạt động … là 11 tỷ đồng, tăng 4 tỷ đồng", "từ 60.000 tỷ
    đồng lên 100.000 tỷ đồng", "38 tỷ euro (khoảng 50 tỷ USD)", "lên 40% vốn
    điều lệ, thay vì 30%"); so does a percentage that is its change ("đạt
    3.048 tỷ đồng, tăng 36%") and has no noun of its own."""
    counted: list[str] = []
    for i, (match, unit, _) in enumerate(found):
        counts = _counted(sentence, match, unit, usual)
        if i and unit is not None and found[i - 1][1] is not None:
            previous, previous_unit, _ = found[i - 1]
            gap = sentence[previous.end() : match.start()]
            if _same_kind(previous_unit, unit, previous, match) and _LINK.fullmatch(gap):
                counts = counted[-1]
            elif unit.kind == "percent" and _CHANGE.fullmatch(gap) and not _has_own(counts):
                counts = counted[-1]  # "đạt 3.048 tỷ đồng, tăng 36% so với cùng kỳ"
        counted.append(counts)
    return counted


def _has_own(counts: str) -> bool:
    """Whether a percentage's counted thing is a noun phrase of its own, not a
    unit read back from the figure before it ("3 triệu lượt người (tăng 13,4%")."""
    words = counts.lower().split()
    units, _ = _units()
    ends_in_unit = any(" ".join(words[-n:]) in units for n in (1, 2, 3))
    return bool(words) and not ends_in_unit


def _same_kind(a: Unit, b: Unit, match_a: re.Match, match_b: re.Match) -> bool:
    if a.kind != b.kind or a.kind not in ("money", "percent", "measure"):
        return False
    if a.kind == "measure":  # "6,8 - 7 tấn/ha, giảm 200kg/ha": the same per-hectare yield
        return _denominator(match_a) == _denominator(match_b) and (
            bool(_denominator(match_a)) or a.unit == b.unit
        )
    return True


def _is_clutter(sentence: str, match: re.Match) -> bool:
    tail = sentence[match.end() : match.end() + 12].lower()
    return "xem" in tail[:6] or "bình luận" in tail


def _is_time_of_day(sentence: str, match: re.Match, unit: Unit) -> bool:
    """A time of day ("10 giờ sáng", "lúc 20 giờ", "từ 8 giờ 25"), a plan's span ("kế
    hoạch … 5 năm giai đoạn 2021 – 2025") or a meeting of a term ("Hội nghị Trung
    ương 5 khóa XII") is no figure (gold: "Not figures")."""
    written = (match.group("unit") or "").lower()
    after = sentence[match.end() : match.end() + 16].lower()
    if written == "giờ":
        before = sentence[max(0, match.start() - 12) : match.start()].lower()
        return bool(
            _DAY_TIME.match(after)
            or re.search(r"(?:\b(?:lúc|từ|đến|tới|vào)|\d\s*giờ)\s*$", before)  # "Từ 8 giờ
            # … đến 11 giờ"; "8 giờ 25 đến 11 giờ": the minutes of a time, then another
            or re.match(r"\s*\d{1,2}(?!\s*(?:phút|[\d%.,]))", after)  # "8 giờ 25": minutes
        )
    if written == "khóa" and re.match(r"\s+[IVXLC]+\b", sentence[match.end() :]):
        return True  # "Hội nghị Trung ương 5 khóa XII": a meeting of a term, no count
    return written == "năm" and bool(re.match(r"\s+giai đoạn\b", after))


def _capitalised_name(written: str, as_written: str) -> bool:
    """A capitalised counted noun after a number starts a name, unless it is an
    abbreviation or a title ("950 HTX", "01 Liên hiệp HTX", "03 Phó Chủ tịch")."""
    if not written[:1].isalpha() or not as_written[0].isupper():
        return False
    if written in ("htx", "tht", "qtdnd", "cbcs"):
        return False
    return not written.startswith(("liên hiệp", "phó ", "tổ hợp tác", "hợp tác xã", "quỹ tín dụng"))


_UNIT_HEADS = frozenset(_words_of("unit_head"))
_UNIT_HEADS_NOT = frozenset(_words_of("unit_head_not"))
_UNIT_NONE = frozenset(_words_of("unit_none"))
_NEXT_SYLLABLES = re.compile(r"(?:[ \t]+[\w]+){1,3}")


def _cut_word(sentence: str, match: re.Match, unit: Unit) -> str | None:
    """None when a figure's one-syllable unit is a whole word; else the longer
    word of ``data/words.txt`` it begins (its own counted noun: "1.132 hồ sơ"),
    or "" when that word is a verb or a link ("5 tấn công"); see the unit
    rules of ``data/figure_words.tsv``."""
    bare = match.group("bare") is not None
    syllable = (match.group("sb") or match.group("sa") or "") if bare else match.group("unit")
    syllable = syllable.strip()
    if not syllable or " " in syllable or not syllable[0].isalpha():
        return None
    if unit.kind in ("time", "age", "classifier"):
        return None
    if unit.kind == "money" and not bare:
        number = match.group("b") or match.group("a")
        if match.group("sa") or match.group("sb") or parse_value(number) >= 1000:
            return None  # "3 tỷ đồng tiền hoa hồng", "600.000 đồng không được"
    after = _NEXT_SYLLABLES.match(sentence, match.end())
    if not after or match.group("rate"):
        return None
    words = _dictionary()
    following = after.group().split()
    longer = ""
    for k in range(len(following), 0, -1):
        candidate = " ".join([syllable, *following[:k]]).lower()
        if candidate in words:
            longer = candidate
            break
    if not longer:
        return None
    head = syllable.lower()
    if head in _UNIT_HEADS and longer not in _UNIT_HEADS_NOT:
        return None  # "247 xe máy", "16 tàu ngầm": a kind of the unit
    if longer in _UNIT_NONE:
        return ""
    if longer in _VERB_SET or longer in _STOP_WORDS:
        return ""
    return " ".join([syllable, *following[: len(longer.split()) - 1]])


def _is_cut(match: re.Match, unit: Unit) -> bool:
    """Whether a figure's unit is the longer word its written unit begins (:func:`_cut_word`)."""
    written = match.group("unit") or ""
    return bool(written) and unit.written.lower().startswith(written.lower() + " ")


def figures_of(sentence: str) -> list[tuple[re.Match, Unit | None, list[tuple[str, str]]]]:
    """Each figure of a sentence: its match, its unit entry and (number, scale) pairs."""
    units, pattern = _units()
    found = []
    for match in pattern.finditer(sentence):
        match = _whole_denominator(sentence, match)
        if match.group("bare") is not None:
            scale = (match.group("sb") or match.group("sa") or match.group("bare")).strip().lower()
            if scale not in ("tỷ", "tỉ", "triệu"):
                continue  # a number with no unit or counted noun is not a figure
            unit = Unit(scale, "tỷ đồng" if scale in ("tỷ", "tỉ") else "triệu đồng", "money", "")
        else:
            written = re.sub(r"\s+", " ", match.group("unit")).lower()
            unit = units.get(written) or units.get("%")
            if unit.kind != "money" and _capitalised_name(written, match.group("unit")):
                continue  # "Tổ 503", "Đồn Biên phòng 42": a name; "USD", "NDT" are money
        cut = _cut_word(sentence, match, unit)
        if cut is not None:
            if not cut:
                continue  # "5 tấn công", "2017 bao gồm": no unit, no figure
            unit = Unit(cut, cut, "count", "")  # "1.132 hồ sơ": the whole word
        before = sentence[: match.start()]
        if _NOT_BEFORE.search(before[-20:]):
            continue
        if _PER_ONE.search(before[-20:]) and re.fullmatch(r"0?1", match.group("a")):
            continue  # "bình quân 1 tỉnh có 98 HTX": what the average is per, no figure
        if re.search(r"[\d/]\s*$", before) or re.search(r"\d\s*/\s*$", before):
            continue
        if match.group("sep") == "/" and unit.kind in ("time",):
            continue
        if match.group("sep") in ("/",) and re.search(r"\d\s*/\s*\d+\s*/", match.group()):
            continue
        if _is_clutter(sentence, match) or _is_time_of_day(sentence, match, unit):
            continue
        numbers = [(match.group("a"), match.group("sa") or "")]
        if match.group("millions"):  # "3 tỷ 442 triệu đồng" is 3,442 tỷ đồng
            numbers = [(f"{match.group('a')},{int(match.group('millions')):03d}", "tỷ")]
        if match.group("b"):
            numbers[0] = (_range_start(match), numbers[0][1])
            numbers.append((match.group("b"), match.group("sb") or ""))
        found.append((match, unit, numbers))
    return found


def _range_start(match: re.Match) -> str:
    """A range's first number as its own magnitude: "30 - 50.000 đồng" is 30.000 to
    50.000, the first written short of the thousands groups the second has
    (when no larger than the second's leading group); else as written.

    >>> _range_start(_units()[1].search("30 - 50.000 đồng")), _range_start(
    ...     _units()[1].search("500 - 1.000 người"))
    ('30.000', '500')
    """
    first, second = match.group("a"), match.group("b")
    groups = re.fullmatch(r"(\d{1,3})((?:\.\d{3})+)", second)
    if (
        match.group("sep") in ("/",)
        or match.group("sa")
        or not first.isdigit()
        or not groups
        or int(first) > int(groups.group(1))
    ):
        return first
    return first + re.sub(r"\d", "0", groups.group(2))


def _value_and_unit(number: str, scale: str, other_scale: str, unit: Unit, rate: str):
    # points (a score, an index) are counted in decimals: "99,233 điểm" is 99.233
    value = parse_value(number, "" if unit.unit == "điểm" else unit.kind)
    name = unit.unit
    scale = (scale or other_scale).lower().replace("ngàn", "nghìn").replace("tỉ", "tỷ")
    if unit.kind == "money" and unit.written.lower() in ("tỷ", "tỉ", "triệu"):
        if scale == "nghìn":  # "1,5 nghìn tỷ" = 1500 tỷ đồng
            value = _whole_or_rounded(value * 1000)
        scale = ""  # the bare money word is itself the scale
    if scale and unit.kind == "money":
        if scale == "nghìn" and name.startswith("tỷ "):  # "720 nghìn tỷ đồng", "30 nghìn tỷ USD"
            value = _whole_or_rounded(value * 1000)
        elif not name.startswith(("nghìn ", "triệu ", "tỷ ")):  # "3 triệu bảng Anh"
            name = f"{scale} {name}"
        else:
            value = _whole_or_rounded(value * _SCALES[scale] / (1e9 if "tỷ" in name else 1e6))
    elif scale:
        value = _whole_or_rounded(value * _SCALES[scale])
    if name == "nghìn tỷ đồng":
        value = _whole_or_rounded(value * 1000)
        name = "tỷ đồng"
    if rate:
        name += re.sub(r"\s*/\s*", "/", rate.strip())
    return value, name


def extract_rows(title: str, body: str, article_year: int | None = None) -> list[FigureRow]:
    """Every figure of an article (title, then body), one :class:`FigureRow` per number.

    >>> rows = extract_rows("Bắc Giang tổng kết", "Năm 2021, toàn tỉnh có 950 HTX, "
    ...                     "vốn điều lệ 2.473 tỷ đồng.", 2022)
    >>> [(r.value, r.unit, r.counts, r.place, r.year, r.year_source) for r in rows]
    [(950, 'HTX', 'HTX', 'Bắc Giang', 2021, 'text'), \
(2473, 'tỷ đồng', 'vốn điều lệ', 'Bắc Giang', 2021, 'text')]
    """
    article = article_places(title, body)
    home = article.home
    rows: list[FigureRow] = []
    paragraphs = [title, *body.split("\n")]
    # A body of real paragraphs (the seeds) lends a paragraph's year to its
    # sentences; a crawl's lead and one-line body only when opened by a time.
    # An article about a region speaks of the province its sentences named
    # last; an article about a province or a country, of its own place.
    carries = home in region_names()
    paragraphs_kept = len([p for p in body.split("\n") if p.strip()]) > 2
    split = [
        (p, [(sentence, figures_of(sentence)) for _, sentence in sentences(p)]) for p in paragraphs
    ]
    usual = _usual_nouns(f"{title}\n{body}")
    for paragraph, pairs in split:
        first_year: int | None = None
        last_place = ""  # the place the paragraph spoke of last
        previous_year: int | None = None
        for index, (sentence, found) in enumerate(pairs):
            years = _years(sentence, article_year)
            year = max(y for _, y in years) if years else None
            if year is None and previous_year and _CONTINUES.search(sentence):
                year = previous_year
            if (
                year is None
                and first_year
                and index
                and (paragraphs_kept or _TIME_LEAD.search(paragraph))
            ):
                year = first_year
            if index == 0:
                first_year = year
            previous_year = year
            may_name = found or _MAY_NAME_PLACE.search(sentence)
            places = places_in(sentence, article, bodies=bool(found)) if may_name else []
            spoken_of = last_place
            named = [p for _, p in places if p in province_names()]
            if named and carries:
                last_place = named[-1]
            if not found:
                continue
            whole = whole_area(sentence)
            otherwise = VIETNAM if not article.foreign and is_national(sentence) else ""
            counted = _counted_in(sentence, found, usual)
            for (match, unit, numbers), counts in zip(found, counted, strict=True):
                place = _place_for(
                    sentence, places, match, whole, home, otherwise or spoken_of or home
                )
                rate = match.group("rate") or ""
                end = match.end()
                if unit.counts == "" and _is_cut(match, unit):  # "1.132 hồ sơ", whole
                    end += len(unit.written) - len(match.group("unit") or "")
                said = year_at(years, match.start(), sentence, end) if years else None
                year_of = said if said is not None else year
                text = sentence[match.start() : end].strip()
                for written, scale in numbers:
                    other = numbers[-1][1] if len(numbers) > 1 else ""
                    value, unit_name = _value_and_unit(written, scale, other, unit, rate)
                    rows.append(
                        FigureRow(
                            sentence=sentence,
                            start=match.start(),
                            end=match.start() + len(text),
                            text=text,
                            value=value,
                            unit=unit_name,
                            counts=_sentence_case(_named(counts), sentence),
                            place=place,
                            year=year_of if year_of is not None else article_year,
                            year_source=_year_source(year_of, article_year),
                        )
                    )
    return rows


def _year_source(said: int | None, article_year: int | None) -> str:
    """Where a row's year comes from: its sentence, its article, or nowhere ("")."""
    if said is not None:
        return YEAR_TEXT
    return YEAR_ARTICLE if article_year is not None else ""


def _sentence_case(counts: str, sentence: str) -> str:
    """A counted thing that opens ``sentence`` (or a clause after a colon), in
    the case it has inside one; elsewhere as written ("Liên minh HTX").

    >>> _sentence_case("Lợi nhuận", "Lợi nhuận đạt 5 tỷ đồng.")
    'lợi nhuận'
    >>> _sentence_case("HTX", "HTX có 5 người."), _sentence_case("Hà Nội", "Hà Nội có 5 HTX.")
    ('HTX', 'Hà Nội')
    >>> _sentence_case("Liên minh HTX", "Có 5 người ở Liên minh HTX.")
    'Liên minh HTX'
    """
    at = sentence.find(counts)
    if at < 0 or sentence[:at].strip(" \"“‘'(") and not sentence[:at].rstrip().endswith(":"):
        return counts
    words = counts.split(" ")
    first = words[0]
    if not first[:1].isupper() or not first[1:].islower():
        return counts  # "HTX", "OCOP", or lowercase already
    if len(words) > 1 and words[1][:1].isupper():
        return counts  # a name: "Hà Nội", "Liên minh HTX"
    from coopsearch.segmentation import real_syllables

    lowered = first[0].lower() + first[1:]
    return " ".join([lowered, *words[1:]]) if lowered in real_syllables() else counts


# What lies between a figure and the place its own phrase names ("… của tỉnh",
# "16 tỉnh, thành phố khu vực Đồng bằng sông Hồng").
_OWNED_BY = re.compile(
    r"(?i)^(?:[^,;:()“”\"–]{0,40}?\b(?:của|thuộc)|(?:,\s*)?[^,;:()“”\"–]{0,40}?\b(?:khu vực|vùng))"
    r"\s+(?:(?:tỉnh|thành phố|TP\.?)\s*)?$"
)


# What ends a figure's clause before a place named after it: a semicolon, a
# bracket ("(xe này thuộc HTX … – thành phố Hồ Chí Minh)") or a spaced dash.
_CLAUSE_BREAK = re.compile(r"[;(]|\s[–-]\s")


def _place_for(
    sentence: str, places: list[tuple[int, str]], match: re.Match, whole, home: str, earlier: str
) -> str:
    """The place a figure speaks of: "toàn tỉnh" before it is the article's
    own; else the place its own phrase gives it ("1 HTX phi nông nghiệp của
    tỉnh Điện Biên"); else the place named nearest before it in the
    sentence, else the first after it; else the article's own when the
    sentence says "trong vùng" or "toàn tỉnh"; else ``earlier``: Việt Nam for
    a sentence on the government or a ministry, or, in an article about a
    region, the province the paragraph named last ("ĐBSCL: …", "Huyện Thới
    Lai (Cần Thơ) … Năng suất giảm 15 - 20%"), else the article's own."""
    at = match.start()
    if whole and whole.start() < at and not any(whole.start() < p < at for p, _ in places):
        return home
    for offset, name in places:
        if offset >= match.end() and _OWNED_BY.search(sentence[match.end() : offset]):
            return name
    before = [name for offset, name in places if offset < at]
    if before:
        return before[-1]
    after = [name for offset, name in places if not _CLAUSE_BREAK.search(sentence[at:offset])]
    if after:
        return after[0]
    if whole:
        return home
    return earlier


def unit_kind(unit: str) -> str:
    """The kind ``data/figure_units.tsv`` gives a normalised unit (money,
    percent, measure, count, classifier, people, time, age); a rate takes its
    numerator's ("đồng/kg" is money), a noun the table lacks is a count.

    >>> unit_kind("tỷ đồng"), unit_kind("tấn/ha"), unit_kind("người"), unit_kind("hồ sơ")
    ('money', 'measure', 'people', 'count')
    """
    return _kinds().get(unit.split("/")[0].strip().lower(), "count")


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for known in _units()[0].values():
        kinds.setdefault(known.unit.lower(), known.kind)
    return kinds


def figure_entities(rows: list[FigureRow]) -> tuple[Figure, ...]:
    """The article's figures as entities (text, value, unit, kind): the same
    numbers as its rows, so ``show``, ``export`` and ``--entity figure:`` agree
    with ``coopsearch figures``; each figure once, in the order of the text."""
    seen = {}
    for row in rows:
        seen.setdefault(
            (row.text, row.value, row.unit),
            Figure(row.text, row.value, row.unit, unit_kind(row.unit)),
        )
    return tuple(seen.values())


def rows_to_json(rows: list[FigureRow]) -> str:
    """The rows as the index stores them: each sentence once, rows pointing to it."""
    texts: dict[str, int] = {}
    packed = []
    for row in rows:
        number = texts.setdefault(row.sentence, len(texts))
        packed.append(
            [number, row.start, row.end, row.value, row.unit, row.counts, row.place, row.year]
            + [row.year_source]
        )
    return json.dumps({"sentences": list(texts), "rows": packed}, ensure_ascii=False)


def rows_from_json(raw: str | None) -> list[FigureRow]:
    """The rows :func:`rows_to_json` stored (none for an article indexed without them)."""
    if not raw:
        return []
    data = json.loads(raw)
    texts = data.get("sentences", [])
    rows = []
    for number, start, end, value, unit, counts, place, year, source in data.get("rows", []):
        sentence = texts[number]
        rows.append(
            FigureRow(
                sentence, start, end, sentence[start:end], value, unit, counts, place, year, source
            )
        )
    return rows


def _folded_key(text: str, loose: bool) -> str:
    from coopsearch.text import fold, normalize

    text = normalize(text).casefold()
    text = re.sub(r"\bhợp tác xã\b", "htx", text)
    text = re.sub(r"\bngàn\b", "nghìn", text)
    text = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text)).strip()
    return re.sub(r"\bhop tac xa\b", "htx", fold(text).lower()) if loose else text


def _place_key(text: str, loose: bool) -> str:
    text = _folded_key(text, loose)
    text = re.sub(r"^(?:tỉnh|thành phố|tinh|thanh pho|tp\.?)\s*", "", text)
    return {"hcm": "hồ chí minh", "tphcm": "hồ chí minh", "cả nước": "việt nam"}.get(text, text)


def _has_marks(text: str) -> bool:
    from coopsearch.text import fold

    return fold(text) != text


@dataclass(frozen=True)
class RowFilter:
    """What the rows of ``coopsearch figures`` may be; every part given must hold.

    Compared as the figures gold's scorer compares them (``eval/figures.py``):
    case folded, HTX ⇄ hợp tác xã, ngàn → nghìn; a value typed without marks
    matches any marks. ``counts`` matches a counted thing that begins with
    its words ("HTX" matches "HTX nông nghiệp"); ``places`` a province of
    today also reaches the provinces merged into it ("Bắc Ninh" reaches
    "Bắc Giang").
    """

    units: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    def has_unit(self, unit: str) -> bool:
        """Whether ``unit`` is one the filter asks for (any, when it names none)."""
        return not self.units or any(_same(u, unit) for u in self.units)

    def __call__(self, row: FigureRow) -> bool:
        if not self.has_unit(row.unit):
            return False
        if self.counts and not any(_begins(c, row.counts) for c in self.counts):
            return False
        if self.places and not any(_place_key(row.place, True) in p for p in self._place_keys()):
            return False
        return not self.years or row.year in self.years

    def _place_keys(self) -> list[set[str]]:
        from coopsearch.gazetteer import gazetteer

        keys = []
        for place in self.places:
            names = {place}
            province = gazetteer().province(place)
            if province:
                names |= {province.name, *gazetteer().covered_by(province.name)}
            keys.append({_place_key(n, True) for n in names})
        return keys


def place_notes(places: tuple[str, ...]) -> list[str]:
    """The notes ``figures --place`` prints: a province of today reaches the
    provinces merged into it in 2025 ("Bắc Ninh includes the former Bắc Giang
    (merged 2025)"), as ``query --province`` says.

    Raises :class:`~coopsearch.errors.BadFilter` for a place no row can have:
    not a province, a region or a country of ``data/countries.tsv`` (typed with
    or without marks).

    >>> place_notes(("Bắc Ninh", "Tây Bắc", "Duc"))
    ['Bắc Ninh includes the former Bắc Giang (merged 2025)']
    """
    from coopsearch.errors import BadFilter
    from coopsearch.figure_places import VIETNAM, WORLD, country_names, region_names
    from coopsearch.filters import merger_note
    from coopsearch.gazetteer import gazetteer

    known = {_place_key(n, True) for n in (*region_names(), *country_names(), VIETNAM, WORLD)}
    notes = []
    for place in places:
        province = gazetteer().province(place)
        if province is None:
            if _place_key(place, True) not in known:
                raise BadFilter(
                    f"--place '{place}' is not a province, region or country that figures are "
                    "placed in; try a province's name, 'Tây Bắc' or 'Việt Nam'."
                )
            continue
        note = merger_note(province.name)
        if note:
            notes.append(note)
    return notes


def _same(wanted: str, value: str) -> bool:
    loose = not _has_marks(wanted)
    return _folded_key(wanted, loose) == _folded_key(value, loose)


def _begins(wanted: str, value: str) -> bool:
    loose = not _has_marks(wanted)
    words, have = _folded_key(wanted, loose).split(), _folded_key(value, loose).split()
    return bool(words) and have[: len(words)] == words
