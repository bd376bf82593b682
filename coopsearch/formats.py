"""File formats: each file's text turned into one or more :class:`Record`.

- ``.txt``: one record, the whole text (title on its first line); HTML
  entities left in the text are turned into characters.
- ``.md``: the same, once the Markdown markup is gone (:func:`markdown_text`,
  by markdown-it-py, a CommonMark parser): ``# Title`` is ``Title``,
  ``**bold**`` is ``bold``, ``[text](url)`` is ``text``.
- ``.html`` / ``.htm``: one record, the main text without navigation, with the
  title, date and author the page's metadata gives (trafilatura, imported the
  first time an HTML file is met).
- ``.json``: one record per object (a single object or a list of them);
  ``.jsonl``: one record per line. Keys are looked up by :class:`JsonKeys`.

A file holding several records gives each a ``key`` (``L12`` for line 12 of a
``.jsonl``, ``3`` for the third object of a ``.json`` list); the document path
becomes ``file.jsonl#L12``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from coopsearch.decoding import unescape_entities
from coopsearch.errors import UnreadableFile

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

DEFAULT_JSON_KEYS = {
    "title": ("title", "headline", "name"),
    "body": ("body", "content", "text", "article", "maintext"),
    "date": ("date", "published", "published_at", "publish_date", "datePublished", "pubdate"),
    "url": ("url", "link", "source_url", "url_constructed"),  # the last: a crawl's rebuilt URL
    "author": ("author", "byline", "authors"),
}


@dataclass(frozen=True)
class Record:
    """The text of one article in a file, with whatever metadata the format gives."""

    text: str
    key: str | None = None  # where in a many-record file; None for one record
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class JsonKeys:
    """Which keys of a JSON record hold the title, body, date, url and author."""

    keys: dict = field(default_factory=lambda: dict(DEFAULT_JSON_KEYS))

    @classmethod
    def parse(cls, spec: str | None) -> JsonKeys:
        """``title=headline,body=content``: these keys first, the defaults after.

        >>> JsonKeys.parse("title=headline,body=content").keys["body"][:2]
        ('content', 'body')
        """
        keys = dict(DEFAULT_JSON_KEYS)
        for part in (spec or "").split(","):
            if not part.strip():
                continue
            name, sep, key = part.partition("=")
            name, key = name.strip(), key.strip()
            if not sep or name not in keys or not key:
                raise ValueError(
                    f"'{part.strip()}' is not NAME=KEY with NAME one of {', '.join(keys)}"
                )
            keys[name] = (key, *(k for k in keys[name] if k != key))
        return cls(keys)

    def pick(self, record: dict, name: str) -> str | None:
        for key in self.keys[name]:
            value = record.get(key)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value if v)
            if value not in (None, ""):
                return str(value)
        return None


def parse(text: str, suffix: str, json_keys: JsonKeys | None = None) -> list[Record]:
    """The records in a file's decoded ``text``, by the file's ``suffix``."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES:
        return [parse_html(text)]
    if suffix == ".jsonl":
        return parse_jsonl(text, json_keys or JsonKeys())
    if suffix == ".json":
        return parse_json(text, json_keys or JsonKeys())
    if suffix == ".md":
        return [Record(markdown_text(text))]
    return [Record(unescape_entities(text))]


def markdown_text(text: str) -> str:
    """The text a reader of the rendered Markdown sees: markup out, words and lines kept.

    Parsed as CommonMark (plus GitHub's tables and strikethrough) by
    markdown-it-py. Each block (heading, paragraph, list item, table row,
    code block) is a paragraph of its own; a paragraph's line breaks stay.
    Headings lose their ``#``, emphasis its ``*``/``_``, links and images
    keep their text (an image its alt text), never the URL; entities such as
    ``&amp;`` become characters (CommonMark decodes them); inline HTML tags go,
    and an HTML block keeps only its text. An ordered list item keeps its
    number (``1. Kết quả``), as it reads.

    >>> markdown_text("# HTX **Tân Hương**\\n\\nXem [bài viết](https://x.vn/a) &amp; *ảnh*.")
    'HTX Tân Hương\\n\\nXem bài viết & ảnh.'
    """
    blocks: list[str] = []
    row: list[str] | None = None
    number = None  # the marker of the ordered list item being read
    for token in _markdown().parse(text):
        if token.type == "list_item_open":
            number = f"{token.info}{token.markup} " if token.info else None
        elif token.type == "list_item_close":
            number = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append("\t".join(row))
            row = None
        elif token.type == "inline":
            line = _inline_text(token.children or [])
            if row is not None:
                row.append(line)
            else:
                blocks.append(f"{number}{line}" if number else line)
                number = None
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            blocks.append(_html_text(token.content))
    return "\n\n".join(block for block in blocks if block.strip())


@functools.cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_text(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _html_text(html: str) -> str:
    """The text of an HTML block (tags and comments out), by lxml's HTML parser."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.fromstring(html).text_content().strip()
    except (ValueError, etree.LxmlError):  # a comment alone: "Document is empty"
        return ""


def parse_html(text: str) -> Record:
    """Main text, title, date and author of an HTML page."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken pages
        raise UnreadableFile(f"HTML could not be parsed ({exc.__class__.__name__})") from exc
    if found is None:
        raise UnreadableFile("no main text in the HTML page")
    found = found.as_dict() if hasattr(found, "as_dict") else found
    title, body = found.get("title"), found.get("text") or ""
    if title and body.startswith(title):
        body = body[len(title) :].lstrip("\n")
    return Record(
        text=f"{title or ''}\n\n{body}",
        title=title,
        date=found.get("date"),
        author=found.get("author"),
        url=found.get("url"),
    )


def parse_jsonl(text: str, keys: JsonKeys) -> list[Record]:
    """One record per line that holds an object with a body; other lines are passed over."""
    records = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            continue
        record = _record(value, keys, f"L{number}")
        if record:
            records.append(record)
    if not records:
        raise UnreadableFile("no JSON record with a body")
    return records


def parse_json(text: str, keys: JsonKeys) -> list[Record]:
    """One record for an object, one per object for a list of them."""
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise UnreadableFile("not valid JSON") from exc
    items = value if isinstance(value, list) else [value]
    records = [
        record
        for i, item in enumerate(items, 1)
        if (record := _record(item, keys, str(i) if isinstance(value, list) else None))
    ]
    if not records:
        raise UnreadableFile("no JSON record with a body")
    return records


def _record(value, keys: JsonKeys, key: str | None) -> Record | None:
    if not isinstance(value, dict):
        return None
    body = keys.pick(value, "body")
    if not body:
        return None
    title = keys.pick(value, "title")
    text = unescape_entities(f"{title}\n\n{body}" if title else body)
    return Record(
        text=text,
        key=key,
        title=title,
        date=keys.pick(value, "date"),
        author=keys.pick(value, "author"),
        url=keys.pick(value, "url"),
    )
