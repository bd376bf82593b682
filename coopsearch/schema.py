"""The one Whoosh schema of a coopsearch index, with its field names.

Title and body are indexed twice, once per analysis layer (see
:mod:`coopsearch.analysis`): the exact layer answers accented queries, the
folded layer answers unaccented ones. The normalised text is stored so that
snippets and ``show`` never need the original file.

Entities are indexed twice too: as keywords holding one canonical value per
line (``province``, ``org``…), which filters match exactly and facets count,
and as text in both layers (``org_text``/``org_folded``…), which
``--entity org:"tan huong"`` searches word by word. All of an article's
entities are also stored as one JSON object for display.
"""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import RegexTokenizer

from coopsearch.analysis import LayerText
from coopsearch.pairs import PairText

# Bump when the schema, the analysis or what is read out of an article changes
# in a way that makes counts wrong: an index built with another version is
# refused with a request to rebuild. 8: dates are no longer guessed from a
# lede's dates (on the 2017 crawl 0.56 of the dates so guessed were in 2017),
# and cited laws are counted under one name. 9: names of bodies and laws go on
# past their capitals ("Cục Quản lý lao động ngoài nước", "Luật Phòng, chống
# tham nhũng"), so facets would count both forms in an index updated in part;
# and the full stop of "TP. Hồ Chí Minh" no longer parts the phrase. 10: people
# the press writes bare ("Công Phượng", data/people_names.txt) are people, so
# the person facet would count them only in articles indexed since; and "Đông Bắc
# Á" (Northeast Asia) is no longer the Đông Bắc region; and figures read "720
# nghìn tỷ", "3 tỷ 442 triệu", "220 triệu hành khách" and foreign money right;
# and an --entity filter's words no longer match across two names. 11:
# associations and universities written short are bodies ("Hội Doanh nhân trẻ
# Việt Nam", "ĐH Hà Nội"), "Bộ Văn hóa-Thể thao và Du lịch" folds into Bộ
# VH-TT&DL, 117 more foreign given names make people, and an opening date the
# text looks back on ("Ngày 6/2/1952 …") is no longer the article's stated date.
# 12: a name the article gives a street is no person elsewhere in it, firms'
# names go on past their kind ("Công ty CP cấp thoát nước Lạng Sơn"), an opening
# date after a glued caption is stated, and a clock time ("15:34:48") is no figure.
# 13: streets in lists and addresses, known bodies and short forms beside a full
# name are no people; firms keep their lines of business joined by "và"; schools,
# cooperatives and parties written in lowercase, inspectorates, factories and
# ports are bodies; a share "chiếm tỷ lệ lớn (60%)" counts its subject.
# 14: bodies listed after their kind ("các tập đoàn như Heineken, Shell") or
# described after their name ("FERN - một tổ chức"), and the world's countries
# (coopsearch/countries.py), which are neither people nor part of their names;
# a byline glued after a one-line body's last sentence is the author.
# 15: "TP.Cần Thơ" is the city; cooperatives named after their commune ("HTX dịch
# vụ chăn nuôi Thái Sơn"); a title before a name is its role; a title holder
# after a body's country is no part of its name; figure years skip birth years
# and take one written right after the figure; the world's countries are
# figures' places; one spelling per article of names differing in case only.
# 16: "Liên minh HTX" named bare is a body; an acronym given in parentheses and
# used again alone is a second entry; Saigon Co.op and its stores are bodies;
# facets write "Liên hiệp HTX"; figures read cubic metres, ranges written short
# ("30 - 50.000"), and skip clock times and a meeting's term ("5 khóa XII").
# 17: an article's figures are its figure rows (show, export, --entity figure:
# and `figures` agree); a rate's denominator is a whole word ("ha/trang trại").
SCHEMA_VERSION = 17

ID = "id"
PATH = "path"
NAME = "name"  # the portable name the ID is made from (coopsearch.identity)
TITLE = "title"
TITLE_FOLDED = "title_folded"
BODY = "body"
BODY_FOLDED = "body_folded"
# Side-by-side word pairs of the body (coopsearch.pairs), for phrases
# (titles are short: their phrases are cheap without)
PAIRS = {BODY: "body_pairs", BODY_FOLDED: "body_folded_pairs"}
DATE = "date"
YEAR = "year"
DATE_PRECISION = "date_precision"
DATE_SOURCE = "date_source"
STATED_DATE = "stated_date"  # the date again when it is stated, for --stated-dates
AUTHOR = "author"
URL = "url"
SOURCE = "source"  # the file a document came from (several for a .jsonl)
MTIME_NS = "mtime_ns"
SIZE = "size"
# The article's record in a sidecar (coopsearch.sidecar), as a fingerprint (0: none):
# an edited record re-indexes its article.
SIDECAR = "sidecar"
WORDS = "words"  # word occurrences in title and body, exact (Whoosh's own lengths are rounded)

# Entity keywords: one canonical value per line.
PROVINCE = "province"  # provinces as named in the article (pre- or post-2025)
PROVINCE_NOW = "province_now"  # the post-2025 provinces those are part of
REGION = "region"
ORG = "org"
PERSON = "person"
REFERENCE = "reference"
FIGURE_UNIT = "figure_unit"
ENTITIES = "entities"  # stored JSON of every entity, for display
FIGURE_ROWS = "figure_rows"  # stored JSON of the figures' rows (coopsearch.figures)
# Articles written without Vietnamese marks (text.is_unmarked) hold UNMARKED_YES
# here: an accented query matches them on the folded layer.
UNMARKED = "unmarked"
UNMARKED_YES = "1"
# The meanings of ambiguous abbreviations an article supports, one
# abbreviations.sense_key per line ("kttt=kinh te tap the"): an expansion towards
# such an abbreviation matches only the articles holding its key.
SENSES = "senses"

# Entity text in both analysis layers, for word-by-word entity filters.
ENTITY_TEXT = {
    ORG: ("org_text", "org_folded"),
    PERSON: ("person_text", "person_folded"),
    REFERENCE: ("reference_text", "reference_folded"),
}
KEYWORD_FIELDS = (PROVINCE, PROVINCE_NOW, REGION, ORG, PERSON, REFERENCE, FIGURE_UNIT)

EXACT_FIELDS = (TITLE, BODY)
FOLDED_FIELDS = (TITLE_FOLDED, BODY_FOLDED)
FOLDED_TWIN = {TITLE: TITLE_FOLDED, BODY: BODY_FOLDED}


def lines_field() -> fields.KEYWORD:
    """A keyword field whose values are the lines of the text given, kept as written."""
    return fields.KEYWORD(analyzer=RegexTokenizer(r"[^\n]+"), scorable=False)


def build_schema() -> fields.Schema:
    """Return a new instance of the coopsearch schema."""
    entity_text = {}
    for exact_name, folded_name in ENTITY_TEXT.values():
        entity_text[exact_name] = LayerText("exact")
        entity_text[folded_name] = LayerText("folded")
    return fields.Schema(
        **entity_text,
        **{name: lines_field() for name in KEYWORD_FIELDS},
        **{
            ID: fields.ID(stored=True, unique=True),
            PATH: fields.ID(stored=True, unique=True, sortable=True),
            NAME: fields.ID(stored=True, sortable=True),
            TITLE: LayerText("exact", stored=True),
            TITLE_FOLDED: LayerText("folded"),
            BODY: LayerText("exact", stored=True),
            BODY_FOLDED: LayerText("folded"),
            PAIRS[BODY]: PairText("exact"),
            PAIRS[BODY_FOLDED]: PairText("folded"),
            DATE: fields.ID(stored=True, sortable=True),
            YEAR: fields.NUMERIC(stored=True, sortable=True),
            DATE_PRECISION: fields.STORED(),
            DATE_SOURCE: fields.STORED(),
            STATED_DATE: fields.ID(sortable=True),
            AUTHOR: fields.STORED(),
            URL: fields.STORED(),
            SOURCE: fields.ID(stored=True, sortable=True),
            ENTITIES: fields.STORED(),
            FIGURE_ROWS: fields.STORED(),
            UNMARKED: fields.ID(),
            SENSES: lines_field(),
            MTIME_NS: fields.NUMERIC(numtype=int, bits=64, stored=True, sortable=True),
            SIZE: fields.NUMERIC(numtype=int, bits=64, stored=True, sortable=True),
            SIDECAR: fields.NUMERIC(numtype=int, bits=64, sortable=True),
            WORDS: fields.NUMERIC(numtype=int, bits=32, sortable=True),
        },
    )
