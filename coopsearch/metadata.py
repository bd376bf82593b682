"""Title and date of an article saved as plain text, as real crawls write them.

The saved pages start with noise: a crawl timestamp before the title
("Thứ 2, 05/06/2023, 17:46[GMT+7]"), view counters ("7,726 lượt xem", "47").
The title is the first line that is none of those; the date is the first
Vietnamese date written after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WEEKDAY = r"(?:thứ\s*(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ\s*nhật|cn)"
_TIMESTAMP_LINE = re.compile(
    rf"^\s*(?:{_WEEKDAY}\s*[,\-–]?\s*)?\d{{1,2}}/\d{{1,2}}/\d{{4}}[\s,|\-–]*(?:\d{{1,2}}:\d{{2}}.*)?$",
    re.IGNORECASE,
)
_COUNTER_LINE = re.compile(r"^\s*[\d.,]+\s*(?:lượt xem|views?|bình luận)?\s*$", re.IGNORECASE)
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class ArticleDate:
    """A publication date with how much of it is known."""

    iso: str  # "2022-03-22", "2022-03" or "2022"
    precision: str  # "day", "month" or "year"
    source: str  # "stated" or "inferred"

    @property
    def year(self) -> int:
        return int(self.iso[:4])


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


def find_date(text: str) -> ArticleDate | None:
    """The first valid day/month/year date in ``text`` (usually the dateline)."""
    for match in _DMY.finditer(text[:5000]):
        day, month, year = (int(g) for g in match.groups())
        if 1 <= day <= 31 and 1 <= month <= 12:
            return ArticleDate(f"{year:04d}-{month:02d}-{day:02d}", "day", "stated")
    return None
