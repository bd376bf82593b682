"""Title, date, author and clean body of an article saved as plain text.

Saved pages start with noise: a crawl timestamp before the title
("Thứ 2, 05/06/2023, 17:46[GMT+7]"), view counters ("7,726 lượt xem", "47").
They end with site chrome: theme credits, rating widgets, galleries and link
lists (the patterns are in ``data/chrome.tsv``), and often repeat a photo
caption verbatim. :func:`parse_article` takes all that apart:

- the title is the first line that is not noise;
- the date is the article's dateline when it has one ("Thứ 6, 22/01/2021 |
  15:34:48", "Đăng lúc: Thứ ba - 22/01/2019 08:03", "Sáng ngày 22/3/2022",
  "(TITC) – Ngày 12/7/2017"), recorded as *stated*, unless the text speaks of
  years well after it as past (an anniversary story opening "Ngày 6/2/1952 …":
  on both crawls this turned 10 historical openings and one 2017 date whose
  text lists deliveries "vào năm 2024" into no stated date). An opening that gives
  day and month only ("Sáng 7/2, …") is dated *inferred* from the time the
  page was saved (:class:`SavedOn`), and only when the text agrees with it
  (:func:`find_date`). No other date of the text is taken for the article's:
  measured on the 35,440 articles of the 2017 baomoi crawl, the first full
  date of a lede was in 2017 for 0.71 of the 1,194 articles that have one,
  a month and year 0.58, and a day-month opening with the latest year the
  text names 0.43 (the text names last year's results, or a plan's year);
- the author comes from a labelled line ("Tác giả bài viết: …", labels in
  ``data/bylines.tsv``) or a closing byline ("Ngân Huyền", "Nguyễn Thị Thúy -
  Văn phòng");
- the body keeps the article and drops chrome and repeated captions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coopsearch.text import SYLLABLE, UPPER

_WEEKDAY = r"(?:thứ\s*(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ\s*nhật|cn)"
_TIMESTAMP_LINE = re.compile(
    rf"^\s*(?:{_WEEKDAY}\s*[,\-–]?\s*)?\d{{1,2}}/\d{{1,2}}/\d{{4}}[\s,|\-–]*(?:\d{{1,2}}:\d{{2}}.*)?$",
    re.IGNORECASE,
)
_COUNTER_LINE = re.compile(
    r"^\s*[\d.,]+\s*(?:lượt xem|lượt đọc|views?|bình luận)?\s*$", re.IGNORECASE
)
_DMY = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})(?!\d)")
_DATELINE_LABEL = re.compile(
    r"(?:đăng lúc|ngày đăng|đăng ngày|ngày cập nhật|cập nhật lúc|cập nhật|thời gian đăng|"
    r"ngày xuất bản|published)\s*:?",
    re.IGNORECASE,
)
# The words that open a dated lede: "Ngày", "Hôm", "Sáng", "Chiều nay,", "Vào sáng ngày"…
_DAY_WORDS = (
    r"(?i:(?:vào\s+)?(?:(?:sáng|chiều|tối|trưa|đêm|rạng sáng)(?:\s+nay\s*,?)?"
    r"(?:\s+(?:ngày|hôm))?|ngày|hôm))\s+"
)
# A lede's source tag or place before a dash: "(TITC) – ", "TPO - ", "Bạc Liêu - ".
_CAPITALISED_WORDS = rf"[{UPPER}][\w.&]*(?:\s+[{UPPER}][\w.]*){{0,3}}"
_SOURCE_TAG = rf"(?:(?:\([^()\n]{{1,30}}\)|{_CAPITALISED_WORDS})\s*[-–]\s*)?"
# A dateline's place: "Thái Nguyên, ngày 5/4/2023 – …" (capitalised words, then a comma).
_DATELINE_PLACE = rf"(?:[{UPPER}][\w.]*(?:\s+[{UPPER}][\w.]*){{0,4}}\s*,\s*)?"
_DAY_MONTH = r"(\d{1,2})\s*(?:[/\-–.]|\s(?i:tháng)\s)\s*(\d{1,2})"  # "26/2", "26 tháng 2"
_OPENING = rf"^\s*{_SOURCE_TAG}{_DATELINE_PLACE}{_DAY_WORDS}{_DAY_MONTH}"
_OPENING_FULL = re.compile(rf"{_OPENING}\s*(?:[/\-–.]|\s(?i:năm)\s)\s*((?:19|20)\d{{2}})(?!\d)")
# "Ngày 16/2 tới", "Ngày 26/6, Sở GD&ĐT sẽ công bố": the day of an event to come,
# not of the article: "tới" after the date, or "sẽ" within the first words of its
# clause with no verb of reporting before it ("Sáng 7/2, Sở cho biết … sẽ hỗ trợ"
# reports on its own day).
_FUTURE = re.compile(r"^[ \t]+tới(?!\w)|^[^.;:!?\n]{0,80}?(?<!\w)sẽ(?!\w)", re.IGNORECASE)
# "nay" in an opening ("Sáng nay", "Chiều nay 21/6"): the day written is today, even
# where the words after it announce an event to come.
_TODAY = re.compile(r"(?i)\bnay\b")
# Words right after an opening full date that make it a past event's, looked back on
# ("Vào ngày 29/06/2007 – tròn 10 năm về trước"): not the day the article was written.
_LOOKED_BACK_ON = re.compile(
    r"(?i)^[^.;:!?\n]{0,30}?(?<!\w)(?:về trước|năm trước|cách đây|tròn \d+ năm)(?!\w)"
)
_REPORTED = re.compile(r"(?<!\w)(?:cho biết|cho hay|thông báo|thông tin|khẳng định|nói|đã)(?!\w)")
_OPENING_DAY_MONTH = re.compile(rf"{_OPENING}(?![\d/\-–.]*\d|\s(?i:năm)\s)")
_ANY_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?!\d|[.,]\d|\s*[-–]\s*(?:19|20)\d{2})")
_RANGE_END = re.compile(r"[-–]\s*$")  # "2004-2010", "giai đoạn 2021 - 2025"
_DMY_END = re.compile(r"(?<![\d/.\-–])\d{1,2}\s*[-–]\s*(?:\d{1,2}\s*[-–]\s*)?$")  # "30-6-2016"
_DATED_YEAR = re.compile(r"\d\s*[/.\-–]\s*$")  # the year of "30/6/2016" or "23/2017/QĐ"
_FILE_NAME_DATE = re.compile(  # "2021-02-26-…", "20201001_…"; not an ID, "20170315.txt"
    r"((?:19|20)\d{2})(?:([-_.])(\d{2})\2(\d{2})(?!\d)|()(\d{2})(\d{2})(?=[-_]))"
)
_NAME_WORD = rf"[{UPPER}][a-zà-ỹđ]*"
_BYLINE_NAME = re.compile(rf"^({_NAME_WORD}(?: {_NAME_WORD}){{1,3}})$")
# A byline glued after the last sentence of a one-line body: one name or several
# joined by dashes, in title case or capitals, perhaps after "Theo" and before its
# source ("… ở Premier League. Đức Mạnh (theo Mirror)", "… nơi đây. Tiến Phúc",
# "Hải Yến/VOV.VN", "KHÁNH BÌNH", "Vũ Dũng - Chanh Tuy/VOV", "Tuấn Vĩ Theo Koreaboo").
_BYLINE_WORD = rf"[{UPPER}](?:[a-zà-ỹđ]*|[{UPPER}]+)"
_BYLINE_PERSON = rf"{_BYLINE_WORD}(?: {_BYLINE_WORD}){{1,3}}"
_TRAILING_BYLINE = re.compile(
    rf"[.!?”\"]\s+(?:Theo\s+)?({_BYLINE_PERSON}(?:\s+[-–]\s+{_BYLINE_PERSON})*)"
    rf"\s*(?:/\s*[\w.\-]+(?:\s+[\w.\-]+)?|\([^()\n]{{1,60}}\)|\s+Theo\s+[\w.\-]+)?\s*$"
)
# A last line longer than this is a paragraph, not a byline of its own.
MAX_BYLINE_LINE = 60
DATE_SCAN_CHARS = 4000
# "Not decades before": a year named more than this many years before the
# page was saved is not taken as the year it was written in (a 2017 crawl inferred 1966).
INFERRED_YEARS_BACK = 20
# An article speaks of years after its own only as plans ("đến năm 2030", left out
# of infer_year) or a year or two ahead; a text whose past reaches more than this
# many years beyond an opening full date is looking back on that date.
LATER_YEARS = 5
# Keys of a sidecar record that say when the page was crawled (an upper bound on its date).
CRAWL_TIME_KEYS = ("crawled", "crawled_at", "crawl_time", "fetched", "fetched_at", "retrieved")
MIN_REPEATED_LINE = 20  # shorter repeated lines ("Ảnh", "Toàn cảnh") are not captions


@dataclass(frozen=True)
class ArticleDate:
    """A publication date with how much of it is known and where it came from."""

    iso: str  # "2022-03-22", "2022-03" or "2022"
    precision: str  # "day", "month" or "year"
    source: str  # "stated" (a dateline or metadata) or "inferred" (from the text)

    @property
    def year(self) -> int:
        return int(self.iso[:4])


@dataclass(frozen=True)
class SavedOn:
    """When a page was saved, the anchor of the year of a day-month opening.

    ``crawled`` is True when a sidecar record states a crawl time (a
    deliberate record), False when the day is the file's modification time,
    which a copy or a checkout may have reset.
    """

    day: datetime.date
    crawled: bool = False


@dataclass(frozen=True)
class Byline:
    """A person named by a byline, with the label or role the page gives."""

    name: str
    role: str | None = None


@dataclass(frozen=True)
class Article:
    """What the text of a saved page says about itself."""

    title: str
    body: str
    date: ArticleDate | None = None
    author: str | None = None
    bylines: tuple[Byline, ...] = ()


def parse_article(text: str, saved: SavedOn | None = None) -> Article:
    """Title, clean body, date and author of a saved page (text already normalised).

    ``saved`` is when the page was saved (:func:`saved_on`), the anchor of
    an inferred date (:func:`find_date`).
    """
    title, rest = split_title(text)
    lines = clean_lines(rest.split("\n"))
    body = "\n".join(lines).strip()
    author, bylines = find_author(lines)
    return Article(title, body, find_date(rest, saved), author, bylines)


def saved_on(mtime_ns: int | None, record: dict | None = None) -> SavedOn | None:
    """When a page was saved: the crawl time its sidecar record gives (keys
    :data:`CRAWL_TIME_KEYS`), else its file's modification time, never after today.

    >>> saved_on(None, {"crawled_at": "2017-03-02T10:00:00"})
    SavedOn(day=datetime.date(2017, 3, 2), crawled=True)
    """
    today = datetime.date.today()
    for key in CRAWL_TIME_KEYS:
        crawled = date_from_metadata((record or {}).get(key))
        if crawled and crawled.precision == "day":
            return SavedOn(min(datetime.date.fromisoformat(crawled.iso), today), crawled=True)
    if mtime_ns:
        return SavedOn(min(datetime.datetime.fromtimestamp(mtime_ns / 1e9).date(), today))
    return None


def date_in_file_name(path: str) -> ArticleDate | None:
    """A date the file's name opens with ("2021-02-26-ubnd-tinh-hop.txt",
    "20201001_tin.html"), recorded as inferred: the collector's, not the article's.

    >>> date_in_file_name("/c/2021-02-26-ubnd-tinh-hop.txt")
    ArticleDate(iso='2021-02-26', precision='day', source='inferred')
    >>> date_in_file_name("/c/20201001_tin.html").iso
    '2020-10-01'
    >>> date_in_file_name("/c/21472024.txt"), date_in_file_name("/c/20170315.txt")
    (None, None)
    """
    name = re.split(r"[\\/]", path)[-1]
    match = _FILE_NAME_DATE.match(name)
    if not match:
        return None
    month, day = (match.group(3), match.group(4)) if match.group(2) else match.group(6, 7)
    date = _date(day, month, match.group(1), source="inferred")
    return date if date and date.iso <= datetime.date.today().isoformat() else None


# -- title ------------------------------------------------------------------


def is_noise_line(line: str) -> bool:
    """True for lines that are not content: blank, timestamps, counters."""
    stripped = line.strip()
    return len(stripped) < 3 or bool(
        _TIMESTAMP_LINE.match(stripped) or _COUNTER_LINE.match(stripped)
    )


def split_title(text: str) -> tuple[str, str]:
    """Return ``(title, rest)``: the first meaningful line and what follows it."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not is_noise_line(line):
            return line.strip(), "\n".join(lines[i + 1 :])
    return "", text


# -- body -------------------------------------------------------------------


@lru_cache(maxsize=1)
def chrome_rules() -> tuple[re.Pattern, re.Pattern]:
    """The ``line`` and ``cut`` patterns of ``data/chrome.tsv``, each as one regex."""
    kinds: dict[str, list[str]] = {"line": [], "cut": []}
    for kind, pattern in _data_rows("chrome.tsv"):
        kinds[kind].append(pattern)
    return tuple(
        re.compile("^(?:" + "|".join(kinds[k]) + ")$", re.IGNORECASE) for k in ("line", "cut")
    )


def clean_lines(lines: list[str]) -> list[str]:
    """Drop site chrome, trailing link lists, counters and captions repeated verbatim."""
    line_rule, cut_rule = chrome_rules()
    half = len(lines) // 2
    kept: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        if i >= half and cut_rule.match(stripped):
            break
        if line_rule.match(stripped) or _COUNTER_LINE.match(stripped):
            continue
        if len(stripped) >= MIN_REPEATED_LINE:
            if stripped in seen:
                continue
            seen.add(stripped)
        kept.append(line.rstrip())
    return _squeeze_blank(kept)


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


# -- date -------------------------------------------------------------------


def find_date(text: str, saved: SavedOn | None = None) -> ArticleDate | None:
    """The publication date of an article from the text after its title.

    Stated: a dateline among the first lines, or an opening full date
    ("Ngày 12/7/2017, …", after a place or an agency's tag). Inferred: an
    opening day and month ("Sáng 7/2, …") in the year that puts it on or
    before the day the page was ``saved``, when the latest year the text
    names (:func:`infer_year`) agrees: that year, the one before or none
    for a crawl time; for a file's time, that year in a date or a document
    number of the text. Else None: a text that names no date of its own is
    left undated, not given a guess.

    >>> find_date("Đăng lúc: Thứ ba - 22/01/2019 08:03 - Người đăng: A")
    ArticleDate(iso='2019-01-22', precision='day', source='stated')
    >>> find_date("(TITC) – Ngày 12/7/2017, Văn phòng Chủ tịch nước họp báo.")
    ArticleDate(iso='2017-07-12', precision='day', source='stated')
    >>> march_2021 = SavedOn(datetime.date(2021, 3, 1))
    >>> find_date("Ngày 26 - 2, UBND tỉnh họp về Kế hoạch 12/KH-UBND ngày 5/1/2021.", march_2021)
    ArticleDate(iso='2021-02-26', precision='day', source='inferred')
    >>> find_date("Ngày 26 - 2, họp. Năm 2016 tăng.", SavedOn(datetime.date(2026, 11, 22))) is None
    True
    >>> find_date("Theo Quyết định số 246/2006/QĐ-TTg ngày 27/10/2006, HTX …") is None
    True
    """
    head = text[:DATE_SCAN_CHARS]
    lines = [line.strip() for line in head.split("\n") if line.strip()]
    for line in lines[:8]:
        stated = _dateline(line)
        if stated:
            return stated
    openings = [o for first in lines[:3] for o in (first, _after_caption(first)) if o]
    for line in openings:
        match = _OPENING_FULL.match(line)
        date = _date(*match.groups(), source="stated") if match else None
        after_saved = date and saved and date.iso > saved.day.isoformat()
        # not a day after the page was saved ("Ngày 1/7/2018, Luật … sẽ"), nor one looked back on,
        # nor one the words after it place in the past or the future ("Vào ngày 29/06/2007 –
        # tròn 10 năm về trước", "Vào ngày 18/03/2018, tức là khoảng một năm tới, Nga sẽ")
        after = line[match.end() :] if match else ""
        if date and _LOOKED_BACK_ON.match(after):
            break  # a lead that looks back: the dates after it are history too
        today = match and _TODAY.search(match.group())  # "Sáng nay, 21/06/2017, …"
        ahead = _announces(after) and not today
        if date and not after_saved and not _looks_back(date, head, saved) and not ahead:
            return date
    for line in lines[:3] if saved is not None else ():
        match = _OPENING_DAY_MONTH.match(line)
        today = match and _TODAY.search(match.group())  # "Chiều nay 21/6"
        if match and (today or not _announces(line[match.end() :])):
            date = _day_month_before(int(match.group(1)), int(match.group(2)), head, saved)
            if date:
                return date
    return None


# A photo's caption the page glued before the text: one short sentence with no number.
_CAPTION = re.compile(r"^[^\d.!?\n]{10,90}\.\s+(?=\S)")  # a question heads a section


def _after_caption(line: str) -> str:
    """The line after a caption glued before it ("Ông Hán trong buổi làm việc với cơ
    quan chức năng. Ngày 10/2/2017, …"), or "" for a line that opens with none.

    >>> _after_caption("Ông Hán làm việc với cơ quan chức năng. Ngày 10/2/2017, báo phản ánh")
    'Ngày 10/2/2017, báo phản ánh'
    """
    caption = _CAPTION.match(line)
    return line[caption.end() :] if caption and len(caption.group().split()) <= 15 else ""


def _looks_back(date: ArticleDate, head: str, saved: SavedOn | None) -> bool:
    """Whether an opening full date is an event the article looks back on: the text
    speaks of a year more than :data:`LATER_YEARS` after it ("Ngày 6/2/1952 sau khi
    vua George VI từ trần, …" in a story that names 2014 as past)."""
    later = infer_year(head, saved.day if saved else None)
    return later is not None and later > int(date.iso[:4]) + LATER_YEARS


def _announces(after: str) -> bool:
    """Whether the words after an opening day-month announce an event to come."""
    future = _FUTURE.search(after)
    return bool(future) and not _REPORTED.search(after, 0, future.end())


def _day_month_before(day: int, month: int, text: str, saved: SavedOn) -> ArticleDate | None:
    """``day``/``month`` in the year that puts it on or before ``saved``, if ``text`` agrees."""
    anchor = saved.day
    year = anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1
    if saved.crawled:
        agrees = infer_year(text, anchor) in (None, year - 1, year)
    else:  # a file's time may be a copy's: the text must date something in that year
        agrees = infer_year(text, anchor, dated_only=True) == year
    if not agrees:
        return None
    return _date(day, month, year, source="inferred")


@lru_cache(maxsize=1)
def _not_now() -> re.Pattern:
    """The phrases of ``data/date_context.tsv`` as one regex: at the end of
    the text before a year ("đến năm ", "trước ngày 31/12/"), the year is not
    the one the text is written in.
    """
    phrases = [re.escape(phrase) for (phrase,) in _data_rows("date_context.tsv")]
    alternatives = "|".join(sorted(phrases, key=len, reverse=True))
    return re.compile(
        rf"(?<!\w)(?:{alternatives})\s*(?:năm\s*|(?:ngày\s*)?(?:\d{{1,2}}\s*[/.\-–]\s*){{1,2}}"
        rf"|tháng\s*\d{{1,2}}\s*[/.\-–]\s*)?$"
    )


def _dateline(line: str) -> ArticleDate | None:
    """A stated date: a timestamp line, or a labelled one ("Đăng lúc: …")."""
    if _TIMESTAMP_LINE.match(line) or _DATELINE_LABEL.match(line):
        match = _DMY.search(line)
        if match:
            return _date(*match.groups(), source="stated")
    return None


def _date(day, month, year, source: str) -> ArticleDate | None:
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return ArticleDate(value.isoformat(), "day", source)


def infer_year(
    text: str, latest: datetime.date | None = None, dated_only: bool = False
) -> int | None:
    """The latest year ``text`` names as a time it speaks of (in a date or a
    document number too), up to ``latest`` and at most
    :data:`INFERRED_YEARS_BACK` years before it, leaving out ranges, targets,
    the starts of periods and birth years (``data/date_context.tsv``: "đến
    năm 2030", "từ năm 2008", "SN 1966"). None when it names none. With
    ``dated_only``, only the years of dates and document numbers
    ("30/6/2016", "23/2017/QĐ-TTg"): what has happened, not a forecast's
    "vào năm 2026".

    >>> infer_year("nhiệm vụ năm 2020, kế hoạch năm 2021, giai đoạn 2021 - 2025")
    2021
    >>> infer_year("QĐ số 23/2017/QĐ-TTg; trước năm 2025; bà M. (SN 1966)")
    2017
    """
    latest = latest or datetime.date.today()
    not_now = _not_now()
    years = []
    for match in _ANY_YEAR.finditer(text):
        year = int(match.group(1))
        before = text[max(0, match.start() - 32) : match.start()]
        in_window = latest.year - INFERRED_YEARS_BACK <= year <= latest.year
        range_end = _RANGE_END.search(before) and not _DMY_END.search(before)
        if dated_only and not _DATED_YEAR.search(before):
            continue
        if in_window and not range_end and not not_now.search(before):
            years.append(year)
    return max(years) if years else None


def date_from_metadata(value: str | None) -> ArticleDate | None:
    """A date given by a page's or a sidecar's metadata: ISO, ``YYYYMMDD``, partial.

    >>> date_from_metadata("20201001"), date_from_metadata("2021-03")
    (ArticleDate(iso='2020-10-01', precision='day', source='stated'), \
ArticleDate(iso='2021-03', precision='month', source='stated'))
    """
    if not value:
        return None
    value = str(value).strip()
    match = re.match(r"^((?:19|20)\d{2})-?(\d{2})?-?(\d{2})?(?:[T ].*)?$", value)
    if match:
        year, month, day = match.groups()
        if day:
            return _date(day, month, year, source="stated")
        if month and 1 <= int(month) <= 12:
            return ArticleDate(f"{year}-{month}", "month", "stated")
        return ArticleDate(year, "year", "stated")
    match = _DMY.search(value)
    return _date(*match.groups(), source="stated") if match else None


# -- author -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _byline_rule() -> tuple[re.Pattern, dict[str, str]]:
    rows = list(_data_rows("bylines.tsv"))
    kinds = {label.lower(): kind for kind, label in rows}
    labels = sorted((label for _, label in rows), key=len, reverse=True)
    pattern = re.compile(
        r"(?:^|\s[-–|]\s)(" + "|".join(map(re.escape, labels)) + r")\s*:\s*([^,\n|]+?)"
        r"(?:\s*,\s*([^\n|]+?))?\s*(?=$|\s[-–|]\s)",
        re.IGNORECASE,
    )
    return pattern, kinds


def find_author(lines: list[str]) -> tuple[str | None, tuple[Byline, ...]]:
    """The author and every person a byline names, from labelled lines or a closing one.

    >>> find_author(["Bài báo.", "Tác giả bài viết: Ngô Xuân Tình, Phó Chủ tịch"])
    ('Ngô Xuân Tình', (Byline(name='Ngô Xuân Tình', role='Phó Chủ tịch'),))
    >>> find_author(["Bài báo.", "", "Nguyễn Thị Thúy - Văn phòng"])
    ('Nguyễn Thị Thúy', (Byline(name='Nguyễn Thị Thúy', role=None),))
    """
    pattern, kinds = _byline_rule()
    content = [line.strip() for line in lines if line.strip()]
    candidates = content[:10] + content[-12:] if len(content) > 22 else content
    author = poster = None
    bylines: list[Byline] = []
    for line in candidates:
        for match in pattern.finditer(line):
            label, name, role = match.groups()
            name = name.strip()
            if not _BYLINE_NAME.match(name):
                continue
            if kinds[label.lower()] == "author":
                author = author or name
                bylines.append(Byline(name, role.strip() if role else None))
            else:
                poster = poster or name
                bylines.append(Byline(name, label))
    if not author and content:
        closing = closing_byline(content[-1])
        if closing:
            author = closing
            bylines.append(Byline(closing))
    return author or poster, tuple(dict.fromkeys(bylines))


def closing_byline(line: str) -> str | None:
    """The name in an article's last line when that line is a byline.

    >>> closing_byline("Ngân Huyền"), closing_byline("Toàn cảnh Hội nghị")
    ('Ngân Huyền', None)
    """
    name = re.split(r"\s+[-–]\s+|\s*\(|\s+Theo\s", line.strip(), maxsplit=1)[0].strip()
    if len(line.strip()) <= MAX_BYLINE_LINE:  # not "Anthony Martial (tiền đạo): Anh …"
        if name.startswith("Theo "):
            return None  # "Theo Vnexpress": a source credited, no writer named
        if _BYLINE_NAME.match(name):
            return name
    match = _TRAILING_BYLINE.search(line)
    if not match or re.match(r"\W*Theo\s", match.group()[1:]) and "/" not in match.group():
        return None  # "… Theo Trí Thức Trẻ": a paper credited; "Theo Hoàng Hải/Thoidai" a writer
    capitals = [w for w in match.group(1).split() if w.isupper() and len(w) > 1]
    if any(not SYLLABLE.fullmatch(w.lower()) for w in capitals):
        return None  # "TP HCM", "VOV": an acronym, not a name in capitals
    return match.group(1).split(" Theo ")[0]  # "Tuấn Vĩ Theo Koreaboo": the source after


def _data_rows(name: str):
    """The tab-separated rows of a data file, comments and blank lines left out."""
    raw = resources.files("coopsearch").joinpath(f"data/{name}").read_text("utf-8")
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            yield tuple(line.split("\t"))
