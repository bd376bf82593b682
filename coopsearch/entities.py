"""Who and what an article names: places, organisations, people, laws, figures.

Each entity type is found in a few passes of precompiled regular expressions
built from the data files; extraction costs about as much as Whoosh's own
analysis of the same text (``eval/extraction_speed.py``):

- provinces and regions from ``data/provinces.json`` (names and aliases), with
  the clashes of ``data/place_context.tsv`` ("Hồ Chí Minh" the president,
  "Hòa Bình" meaning peace, "đường Điện Biên Phủ", "Công ty … Sài Gòn", a
  quoted title) and the provinces of the article's time ("TP. Huế" in 2017 is
  Thừa Thiên Huế);
- organisations: a head from ``data/org_patterns.txt`` and the name after it
  ("HTX chè Tân Hương", "UBND tỉnh Bắc Giang"); a province's own bodies written
  bare ("UBND tỉnh") are completed with the article's province when it has one;
  a title ("Bộ trưởng", from ``data/roles.txt``) or a common word
  (``data/org_not_names.txt``) that starts like a head is no name; the parts
  written several ways (``data/org_names.tsv``: HTX, NN&PTNT…) are taken
  whole and give each name one canonical form (:func:`canonical_org`); bodies
  with no head: known ones (``data/org_known.txt``: TTXVN, Reuters, ASEAN…),
  credited sources, names after a word of their kind and foreign names ending
  in one ("theo Newsflare", "tờ Le Monde", "VinaCapital Foundation":
  ``data/org_context.tsv``); a name ends where the text turns: at a country
  ("Bộ Quốc phòng Mỹ nói"), at a verb phrase in lowercase, at a person's full
  name after it ("Ban Tuyên giáo Trung ương Võ Văn Thưởng");
- people: a family name from ``data/surnames.txt`` and given names, introduced
  or followed by a role from ``data/roles.txt`` (kept as the person's role);
  any name, foreign or of two syllables, that a title or a description of
  ``data/person_context.tsv`` introduces ("Thủ tướng Campuchia Hun Sen", "hoa
  hậu Phương Nga", "Ảnh: Huy Hùng"), never a street, a school or a place; a
  foreign name opened by a known given or family name or right after a country
  ("Bill Clinton", "Lee Jae Yong", "Nhật Bản Nobuteru Ishihara"); a name before
  an age or a verb of saying ("Văn Kính Dương (36 tuổi", "Công Phượng chia
  sẻ"); the other names of a list that holds a person, and a line-up's players;
- legal and policy references (``data/reference_types.txt``);
- figures: not here but in :mod:`coopsearch.figures`, whose rows (value,
  unit, counted thing, place, year) give :attr:`Entities.figures` as well.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coopsearch.analysis import folded_form
from coopsearch.countries import country_names
from coopsearch.gazetteer import gazetteer
from coopsearch.text import SYLLABLE, UPPER, words

_CAPITALISED = re.compile(rf"^[{UPPER}]")
_TOKEN = re.compile(r"\w+(?:[./&'’-]\w+)*|[^\w\s]")
MAX_DESCRIPTOR = 6  # lowercase words between a head and the proper name ("HTX chè …")
MERGER_DATE = "2025-07-01"  # the 2025 provinces (data/provinces.json "post_2025") from this day


@dataclass(frozen=True)
class Person:
    """A person named in an article, with the role the text gives them."""

    name: str
    role: str | None = None


@dataclass(frozen=True)
class Figure:
    """A number with its unit, as written and as a value."""

    text: str
    value: float
    unit: str
    kind: str


@dataclass(frozen=True)
class Entities:
    """Everything :func:`extract` finds in one article, each list in order of first mention."""

    provinces: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    references: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()

    def to_dict(self) -> dict:
        return {
            "provinces": list(self.provinces),
            "regions": list(self.regions),
            "organisations": list(self.organisations),
            "people": [{"name": p.name, "role": p.role} for p in self.people],
            "references": list(self.references),
            "figures": [
                {"text": f.text, "value": f.value, "unit": f.unit, "kind": f.kind}
                for f in self.figures
            ],
        }


def extract(text: str, extra_people: tuple[Person, ...] = (), date: str | None = None) -> Entities:
    """All entities of a normalised article text (title and body).

    >>> e = extract("Đồng chí Nguyễn Đức Hiền, Chủ tịch Liên minh HTX tỉnh Bắc Giang, "
    ...             "cho biết tỉnh có 950 HTX theo Quyết định số 461/QĐ-TTg.")
    >>> e.provinces, e.organisations, e.people[0], e.references
    (('Bắc Giang',), ('Liên minh HTX tỉnh Bắc Giang',), \
Person(name='Nguyễn Đức Hiền', role='Chủ tịch Liên minh HTX tỉnh Bắc Giang'), \
('Quyết định số 461/QĐ-TTg',))
    """
    mentions = province_mentions(text, date)
    provinces = _unique(name for name, _, _ in mentions)
    home = _home_province(mentions)
    place_spans = [(start, end) for _, start, end in mentions]
    bodies = organisation_mentions(text, home)
    # a name inside a body's is not a person ("Ngân hàng Phát triển Á - Âu Yaroslav …")
    body_spans = [(start, end) for _, start, end in bodies]
    people = _merge_people(extra_people, extract_people(text, place_spans + body_spans))
    people = _titled_before(text, people, body_spans + place_spans)
    people = _roles_with_whole_bodies(text, people, [name for name, _, _ in bodies])
    # "Daniel Hauer … Theo Daniel,": a credited name that is a person's is the person
    named = {w.lower() for p in people for w in (p.name, *p.name.split())}
    return Entities(
        provinces=provinces,
        regions=extract_regions(text),
        organisations=tuple(
            dict.fromkeys(
                n
                for n, _, _ in bodies
                if n.lower() not in named and (_LETTERS.search(n) or n in _known_bodies())
            )
        ),
        people=people,
        references=extract_references(text),
    )


# A body's name has two letters at least ("ngân hàng A", "nhóm 5-6" name none; "H&M" does)
_LETTERS = re.compile(r"[^\W\d_].*[^\W\d_]")


@lru_cache(maxsize=1)
def _role_before() -> re.Pattern:
    """A title of ``data/roles.txt`` or ``data/titles_before.txt`` that ends just
    before a name or a body."""
    titles = _alternation(_titles_before(), flexible_case=True)  # "Phó thủ tướng"
    return re.compile(rf"(?<!\w)({titles})[ \t]+$")


def _titles_before() -> list[str]:
    """The titles that may stand before a name: roles.txt's and titles_before.txt's."""
    return [*_data_lines("roles.txt"), *_data_lines("titles_before.txt")]


def _titled_before(text: str, people, spans) -> tuple[Person, ...]:
    """``people``, each without a role given the title written before their name,
    with the bodies, places, acronyms and country between ("Thứ trưởng Bộ GD-ĐT
    Bùi Văn Ga": "Thứ trưởng Bộ GD-ĐT"; "Thứ trưởng GTVT Lê Đình Thọ"; "Tổng
    thống Mỹ Donald Trump": "Tổng thống Mỹ"), at the first mention that has one.
    ``spans`` are the (start, end) of the bodies and places found.

    >>> _titled_before("Phó Thủ tướng Trịnh Đình Dũng chỉ đạo.", (Person("Trịnh Đình Dũng"),), [])
    (Person(name='Trịnh Đình Dũng', role='Phó Thủ tướng'),)
    """
    starts: dict[int, int] = {}
    for start, end in spans:  # the longest that ends there: "UBND TP Hà Nội", not "Hà Nội"
        starts[end] = min(start, starts.get(end, start))
    titled = []
    for person in people:
        role = None
        if not person.role:
            mentions = re.finditer(rf"(?<!\w){re.escape(person.name)}(?!\w)", text)
            for _, mention in zip(range(MAX_TITLED_MENTIONS), mentions, strict=False):
                role = _title_at(text, mention.start(), starts)
                if role:
                    break
        titled.append(Person(person.name, role) if role else person)
    return tuple(titled)


MAX_TITLED_MENTIONS = 5  # mentions of a name searched for a title before it


def _title_at(text: str, at: int, starts: dict[int, int]) -> str | None:
    """The title before the name at ``at``, with what stands between, or None."""
    country = _country_at_end()
    cut, title, searched = at, None, None
    for _ in range(4):  # a body, its acronym, a place, a country: "UBND tỉnh Bắc Giang"
        before = text[:cut].rstrip(" \t")
        if len(before) == cut:
            break
        if len(before) in starts:
            cut = starts[len(before)]
            continue
        title, searched = _role_before().search(text, max(0, cut - 60), cut), cut
        if title:
            break  # "HLV Park Hang-seo", "PGS.TS Phạm Quý Thọ": the acronym is the title
        named = country.search(before, max(0, len(before) - 30)) or _ACRONYM_AT_END.search(
            before, max(0, len(before) - 12)
        )
        if not named:
            break
        cut = named.start()
    if searched != cut:  # the loop moved past where it last looked
        title = _role_before().search(text, max(0, cut - 60), cut)
    if not title or title.group(1).lower() in _HONORIFICS:
        return None  # "ông Nguyễn Văn A": a form of address, no role
    start = title.start()
    while of := _OF_TITLE.search(text, max(0, start - 20), start):
        start = of.start()  # "Trợ lý Ngoại trưởng Mỹ Susan Thornton": the whole is her role
    role = text[start:at].strip()
    return role if role and "\n" not in role else None


# An acronym standing for a body, alone or in brackets after its full name: "Thứ
# trưởng GTVT Lê Đình Thọ", "Bộ Nông nghiệp và Phát triển nông thôn (NN&PTNT) …".
_ACRONYM_AT_END = re.compile(rf"(?<![\w(])\(?[{UPPER}][{UPPER}&-]{{1,7}}\)?$")


# Words before a title that make the title another's: the person named after it is
# that other's assistant, spouse or deputy ("Trợ lý Tổng thống Nga Yuri Ushakov",
# "phu nhân Tổng thống Mỹ Melania Trump", "Phó Ngoại trưởng").
_OF_TITLE = re.compile(
    r"(?<!\w)(?:[Tt]rợ lý|[Pp]hu nhân|[Vv]ợ|[Cc]ố vấn|[Tt]hư ký|[Pp]hó|[Cc]on (?:trai|gái))[ \t]+$"
)
_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "cô", "chú", "bác", "cụ", "đồng chí", "đ/c"})


@lru_cache(maxsize=1)
def _country_at_end() -> re.Pattern:
    """A country (``nation`` of person_context.tsv) that ends the text searched."""
    return re.compile(rf"(?<!\w)(?:{_cued_rules()[3].pattern})$")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(w for line in _data_lines("name_stopwords.txt") for w in line.split())


# Function words a name never goes on across ("Cục Chính sách tài khóa thuộc Bộ Tài chính",
# "Viện … của Bộ Công an"); unlike data/name_stopwords.txt, not the verbs' syllables
# ("gia" of "tham gia"), which go on in names ("Học viện Chính trị quốc gia").
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "của các và cho với trong tại ở được đã có là theo từ về đến trên những này đó để "
        "thuộc khi do bị sẽ đang cũng thì mà như hoặc nhằm qua vào ra cùng không chưa",
    )
)


# Syllables of the verbs in data/name_stopwords.txt ("tham gia", "thực hiện", "đạt")
# that, capitalised, are common in names ("Công ty Hoàng Gia Phát", "Thành Đạt"):
# written so they go on in a name where the lowercase verb would end it.
_NAME_SYLLABLES = frozenset({"gia", "đạt", "thực", "hiện", "trao", "yêu", "đề"})


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def entity_key(text: str) -> str:
    """The form two spellings of one entity share: folded, lowercase, the short form of
    each name part of ``data/org_names.tsv`` (HTX for hợp tác xã, NN&PTNT…).

    >>> entity_key("Liên minh Hợp tác xã tỉnh") == entity_key("Liên minh HTX Tỉnh")
    True
    >>> entity_key("Bộ Nông nghiệp và Phát triển nông thôn")
    'bo nn ptnt'
    """
    folded = " ".join(folded_form(w) for w in words(text))
    pattern, canonical = _org_name_parts()[2:]
    return pattern.sub(lambda m: canonical[m.group()], folded)


@lru_cache(maxsize=1)
def _org_name_parts():
    """The name parts of ``data/org_names.tsv``: a written-form regex and its canonical
    spellings, and the same on folded words (for :func:`entity_key`)."""
    written: dict[str, str] = {}
    folded: dict[str, str] = {}
    for line in _data_lines("org_names.tsv"):
        canonical, *variants = line.split("\t")
        for variant in (canonical, *variants):
            written[variant.lower()] = canonical
            key = " ".join(folded_form(w) for w in words(variant))
            folded[key] = " ".join(folded_form(w) for w in words(canonical))
    written_rule = re.compile(
        r"(?<![\w&])(?i:"
        + "|".join(_any_separator(v) for v in sorted(written, key=len, reverse=True))
        + r")(?![\w&])"
    )
    folded_rule = re.compile(
        r"\b(?:" + "|".join(re.escape(v) for v in sorted(folded, key=len, reverse=True)) + r")\b"
    )
    return written_rule, written, folded_rule, folded


_SEPARATOR = re.compile(r"\s*[-–,&]\s*")


def _any_separator(variant: str) -> str:
    """A regex of a name part whose dashes, commas and ampersands may be written either
    way, spaced or not ("Văn hóa, Thể thao và Du lịch", "Văn hóa-Thể thao và Du lịch",
    "NN & PTNT")."""
    return _SEPARATOR.pattern.join(re.escape(piece) for piece in _SEPARATOR.split(variant))


def canonical_reference(reference: str) -> str:
    """The one spelling facets and filters give a cited document: each name
    part of ``data/org_names.tsv`` in its canonical (short) form, a law's year
    after "năm", a document's number without "số", a law's name in the case
    laws are titled in ("Luật biển" is "Luật Biển", "Luật Đất Đai" "Luật Đất đai").

    >>> canonical_reference("Luật Hợp tác xã 2012")
    'Luật HTX năm 2012'
    >>> canonical_reference("Nghị định số 86/2015/NĐ-CP")
    'Nghị định 86/2015/NĐ-CP'
    >>> canonical_reference("Luật tổ chức Chính phủ 2015")
    'Luật Tổ chức Chính phủ năm 2015'
    """
    reference = re.sub(r"^(Luật\b.*?)\s+(?<!năm )((?:19|20)\d\d)$", r"\1 năm \2", reference)
    listed = re.match(r"Luật (.+?)( năm (?:19|20)\d\d)?$", reference)
    if listed and listed[1].lower() in _law_names():  # as the law is titled
        return f"Luật {_law_names()[listed[1].lower()]}{listed[2] or ''}"
    reference = re.sub(r"^(.*?)\s+số\s+(?=\d)", r"\1 ", reference, count=1)
    reference = _canonical_parts(reference)
    words = reference.split(" ")
    if words[0] == "Luật" and len(words) > 1:  # "Luật biển" is "Luật Biển", as laws are titled
        words[1] = words[1][:1].upper() + words[1][1:]
        words[2:] = [w if w.isupper() or not w[1:].islower() else w.lower() for w in words[2:]]
    return " ".join(words)


@lru_cache(maxsize=1)
def _law_names() -> dict[str, str]:
    """The laws of ``data/law_names.txt``: lowercase name → name as titled; each
    also without its commas, as the press often writes it ("Luật Phòng chống tham
    nhũng" for "Luật Phòng, chống tham nhũng")."""
    names = {}
    for law in _data_lines("law_names.txt"):
        names[law.lower()] = law
        names.setdefault(" ".join(law.lower().replace(",", " ").split()), law)
    return names


def _part_shape(part: str) -> str:
    """A name part lowercased with its spaces and separators made one ("văn hóa-thể thao")."""
    return _SEPARATOR.sub("-", re.sub(r"\s+", " ", part)).lower()


@lru_cache(maxsize=1)
def _canonical_by_shape() -> dict[str, str]:
    return {_part_shape(part): canonical for part, canonical in _org_name_parts()[1].items()}


def _canonical_parts(name: str) -> str:
    """``name`` with each name part of ``data/org_names.tsv`` in its canonical form."""
    rule = _org_name_parts()[0]
    return rule.sub(lambda m: _canonical_by_shape()[_part_shape(m.group())], name)


_CENTRE = re.compile(r"(?<!\w)(?:T\.Ư|TƯ)(?!\w)")  # capitals only: "Bộ Tư pháp" is no centre
_TOWN_DOT = re.compile(rf"\b(?:TP|Tp)\.\s*(?=[{UPPER}])")  # "UBND TP.Hà Nội", "TP. Huế"
# A firm's legal kind after its head, which facets leave out so that "Công ty TNHH
# Cường Hưng" and "Công ty Cường Hưng" are one firm (the article keeps its spelling).
_FIRM_KIND_AFTER_HEAD = re.compile(
    r"(?i)^((?:Tổng\s+)?(?:Công\s+ty|Cty)|Ngân\s+hàng)"
    r"(?:\s+(?:TNHH|CP|CTCP|MTV|TMCP|Cổ\s+phần|trách\s+nhiệm\s+hữu\s+hạn|Một\s+thành\s+viên"
    r"|thương\s+mại\s+cổ\s+phần))+"
    r"(?=\s+\w)"
)
_CTY = re.compile(r"^(Tổng\s+)?[Cc]ty\b")  # "Cty CP Sắt Thạch Khê": the press's short "Công ty"
_SPACED_DASH = re.compile(r"(?<=\w)[ \t]*[-–][ \t]*(?=\w)")  # "Á - Âu" is "Á-Âu"


def canonical_org(name: str) -> str:
    """The one spelling facets and filters give an organisation, whatever way it was written.

    Each name part of ``data/org_names.tsv`` takes its canonical (short) form,
    and the head its spelling in ``data/org_patterns.txt``; the rest is kept as
    written. The article keeps its own spelling for display.

    >>> canonical_org("Liên minh Hợp Tác xã Việt Nam")
    'Liên minh HTX Việt Nam'
    >>> canonical_org("Bộ Nông nghiệp và Phát triển nông thôn")
    'Bộ NN&PTNT'
    >>> canonical_org("Công ty TNHH MTV Cường Hưng"), canonical_org("UBND TPHCM")
    ('Công ty Cường Hưng', 'UBND TP HCM')
    >>> canonical_org("Bộ Thông tin và Truyền thông"), canonical_org("Liên minh Kinh tế Á - Âu")
    ('Bộ TT&TT', 'Liên minh Kinh tế Á-Âu')
    """
    name = _CENTRE.sub("Trung ương", " ".join(name.split()))  # "Ủy ban Kiểm tra T.Ư"
    name = _canonical_parts(_TOWN_DOT.sub("TP ", name))
    name = _CTY.sub(r"\1Công ty", _FIRM_KIND_AFTER_HEAD.sub(r"\1", name))
    name = _SPACED_DASH.sub("-", name)  # "Liên minh Kinh tế Á - Âu" is "… Á-Âu"
    heads = _org_rules()[3]
    for head in heads:
        if name.lower().startswith(head.lower()) and not name[len(head) : len(head) + 1].isalnum():
            return head + name[len(head) :]
    return name


def canonical_person(name: str) -> str:
    """The one spelling facets give a person: a hyphen inside a transliterated name
    is a space, the syllable after it capitalised when the one before is ("Kim
    Jong-un" and "Kim Jong Un" are one person); the article keeps its spelling.

    >>> canonical_person("Kim Jong-un"), canonical_person("Abu Bakr al-Baghdadi")
    ('Kim Jong Un', 'Abu Bakr al Baghdadi')
    """
    words = []
    for word in name.split():
        pieces = word.split("-")
        for i in range(1, len(pieces)):
            if pieces[i] and pieces[i - 1][:1].isupper():
                pieces[i] = pieces[i][0].upper() + pieces[i][1:]
        words.append(" ".join(piece for piece in pieces if piece))
    return " ".join(words)


def _data_lines(name: str) -> list[str]:
    raw = resources.files("coopsearch").joinpath(f"data/{name}").read_text("utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=8)  # one entry per context file
def _data_kinds(name: str, kinds: tuple[str, ...]) -> dict[str, list[str]]:
    """The ``KIND<TAB>VALUE`` rows of a data file, values by kind, read once.

    Every kind of the file must be one of ``kinds`` (KeyError otherwise: a
    misspelt kind is a broken rule, not one to skip). Callers don't mutate it.
    """
    context: dict[str, list[str]] = {kind: [] for kind in kinds}
    for line in _data_lines(name):
        kind, value = line.split("\t")
        context[kind].append(value)
    return context


PLACE_CONTEXT_KINDS = (
    "ambiguous", "cue", "block", "within", "family_names", "firm", "title", "abroad",
    "abroad_name", "weak_cue", "namesake",
)  # fmt: skip
ORG_CONTEXT_KINDS = (
    "source", "kind", "not_name", "suffix", "place", "person_named", "inner", "title",
    "national", "verb", "product", "list_kind", "list_link", "apposed_kind", "bare",
)  # fmt: skip
PERSON_CONTEXT_KINDS = (
    "cue", "credit", "nation", "not_after", "given", "family", "modifier", "said", "not_name",
)  # fmt: skip


def _org_context() -> dict[str, list[str]]:
    """The rules of ``data/org_context.tsv`` by kind."""
    return _data_kinds("org_context.tsv", ORG_CONTEXT_KINDS)


def _alternation(phrases, flexible_case: bool = False) -> str:
    """A regex matching any of ``phrases``, the longest where several start alike.

    Phrases are merged into a character trie ("Bắc (?:Giang|Kạn|Ninh)"):
    Python's regex engine would otherwise try every alternative at every
    position, and the trie makes entity extraction several times faster.
    Spaces match any run of white space. With ``flexible_case`` only the first
    letter must be as written ("Liên minh hợp tác xã" for "Liên minh Hợp tác xã").
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in re.sub(r"\s+", " ", phrase.strip()):
            node = node.setdefault(char, {})
        node[""] = {}
    firsts = set(trie) | (
        set() if flexible_case else {c.lower() for c in trie} | {c.upper() for c in trie}
    )
    guard = "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"
    if not flexible_case:
        return guard + _trie_regex(trie)
    parts = [re.escape(c) + "(?i:" + _trie_regex(child) + ")" for c, child in trie.items() if c]
    return guard + "(?:" + "|".join(parts) + ")"


def _first(phrases) -> str:
    """A lookahead for the first letters of ``phrases`` as written, put before a
    lookbehind so that a regex scanning a whole text fails fast where no phrase starts."""
    return "(?=[" + "".join(re.escape(c) for c in sorted({p.strip()[0] for p in phrases})) + "])"


def _trie_regex(node: dict) -> str:
    """The regex of one trie node; an optional group where a phrase may also end here."""
    branches = []
    for char, child in sorted(node.items(), key=lambda item: item[0] == ""):
        if char == "":
            continue
        piece = r"\s+" if char == " " else re.escape(char)
        rest = _trie_regex(child)
        branches.append(piece + rest)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return "(?:" + body + ")?"
    return body


# -- places -----------------------------------------------------------------


def _dash_spacings(name: str) -> list[str]:
    """A name with a dash as the press spaces it: as written, and with the dash
    glued to one side ("Bà Rịa- Vũng Tàu", "Thừa Thiên -Huế"), as 221 of the
    crawl's 38,093 articles write one.

    >>> _dash_spacings("Thừa Thiên - Huế")
    ['Thừa Thiên - Huế', 'Thừa Thiên- Huế', 'Thừa Thiên -Huế']
    """
    parts = re.split(r"\s*([-–])\s*", name)
    if len(parts) != 3:
        return [name]
    left, dash, right = parts
    return [name, *dict.fromkeys(f for f in (f"{left}{dash} {right}", f"{left} {dash}{right}"))]


@lru_cache(maxsize=1)
def _place_rules():
    gaz = gazetteer()
    spelling = {}
    for province in gaz.provinces.values():
        for name in (province.name, *province.aliases):
            for form in _dash_spacings(name):
                spelling.setdefault(form, province.name)
    context = _data_kinds("place_context.tsv", PLACE_CONTEXT_KINDS)
    names = [*spelling, *context["within"]]  # a longer name is read whole, then left out
    # not after a dot ("SHB.Đà Nẵng", a club), but after "TP." ("TP.Cần Thơ", the city)
    pattern = re.compile(
        rf"{_first(names)}(?:(?<![\w.])|(?<=\b[Tt][Pp]\.))({_alternation(names)})(?!\w)"
    )
    cue = re.compile(rf"(?:^|\W)(?:{_alternation(context['cue'])})\s*$")
    block = re.compile(rf"(?:^|\W)(?:{_alternation(context['block'])})\s*$")
    family = [name for file in context["family_names"] for name in _data_lines(file)]
    person = re.compile(
        rf"(?:^|[^\w.])(?:{_alternation(family)})(?:\s[{UPPER}][a-zà-ỹđ]*){{0,2}} +$"
    )
    within = tuple(context["within"])
    # "Công ty vàng bạc đá quý " just before a name: a firm's name ends in it
    firm = re.compile(rf"(?<!\w)(?:{_alternation(context['firm'])})(?:\s+[a-zà-ỹđ]+){{0,6}}\s+$")
    # 'cuốn sách "Miếng ngon ': an open quotation, a title, after one of these words
    title = re.compile(
        rf"(?<!\w)(?:{_alternation(context['title'])})\s*[\"“'‘«][^\"”“'’‘»\n]{{0,60}}$"
    )
    # ", Trung Quốc" or " (Trung Quốc)" just after a name a foreign place has too
    abroad = re.compile(rf"\s*[,(]\s*(?:{_alternation(context['abroad'])})(?![\w ]*[{UPPER}])")
    abroad = (frozenset(context["abroad_name"]), abroad)
    earlier = {
        province.name: province.absorbed[0]
        for province in gaz.provinces.values()
        if not province.pre_2025 and len(province.absorbed) == 1
    }
    rules = (pattern, spelling, frozenset(context["ambiguous"]), cue, block, person, within)
    namesake = (
        frozenset(context["weak_cue"]),
        re.compile(rf"(?<!\w)(?:{_alternation(context['namesake'])})(?!\w)"),
    )
    return (*rules, firm, title, abroad, earlier, namesake)


# What parts two provinces of a list ("Vĩnh Phúc, Phú Thọ, Hòa Bình và Hà Giang").
_LIST_GAP = re.compile(r"\s*(?:,|và|,\s*và)\s*")


def province_mentions(text: str, date: str | None = None) -> list[tuple[str, int, int]]:
    """Each mention of a province: (canonical name, start, end), in order.

    The rules, with their reasons, are in ``data/place_context.tsv``: a name
    inside a longer one ("Thái Bình Dương") or after a family name ("ông Lê
    Hà Nam") is not the province; "thành phố Hồ Chí Minh" is the city.

    >>> [m[0] for m in province_mentions("TP.HCM, Thanh Hoá và đường Điện Biên Phủ")]
    ['Hồ Chí Minh', 'Thanh Hóa']
    >>> [m[0] for m in province_mentions("UBND TP.Cần Thơ, Tp.Hà Nội và CLB SHB.Đà Nẵng")]
    ['Cần Thơ', 'Hà Nội']
    >>> [m[0] for m in province_mentions("Thái Bình Dương, ông Lê Hà Nam và tỉnh Hà Nam")]
    ['Hà Nam']

    A firm's name ending in a province's ("Công ty vàng bạc đá quý Sài Gòn")
    and a quoted title ('cuốn sách "Miếng ngon Hà Nội"') are not the place. A
    province formed in 2025 ("TP. Huế") named in an article of an earlier
    ``date``, or of none, is the province of that time (Thừa Thiên Huế).

    >>> [m[0] for m in province_mentions("Công ty vàng bạc đá quý Sài Gòn ở TP. Huế")]
    ['Thừa Thiên Huế']

    A name followed by a foreign country is that country's place ("tỉnh Hà
    Nam, Trung Quốc" is Henan):

    >>> [m[0] for m in province_mentions("tỉnh Hà Nam (Trung Quốc) và tỉnh Hà Nam")]
    ['Hà Nam']
    """
    pattern, spelling, ambiguous, cue, block, person, _, firm, title, abroad, earlier, namesake = (
        _place_rules()
    )
    merged = date is not None and date >= MERGER_DATE
    names_namesake = None  # read once, and only where a weak cue comes before a name
    found: list[tuple[str, int, int]] = []
    for match in pattern.finditer(text):
        written = re.sub(r"\s+", " ", match.group(1))
        if written not in spelling:
            continue  # a longer name that holds a province's name ("Thái Bình Dương")
        before = text[max(0, match.start() - 24) : match.start()]
        blocked, cued = block.search(before), cue.search(before)
        # "TP.HCM", "TPHCM", "TP.Cần Thơ": the city, always
        city_form = written[:2].upper() == "TP" or before[-3:].upper() == "TP."
        if blocked and not city_form and not (cued and cued.start() < blocked.start()):
            continue
        listed = found and _LIST_GAP.fullmatch(text[found[-1][2] : match.start()])
        bracketed = before.endswith("(") and text[match.end() : match.end() + 1] == ")"
        if written in ambiguous and not (cued or listed or bracketed):
            continue  # "Vĩnh Phúc, Phú Thọ, Hòa Bình": a list of provinces; "(Hòa Bình)"
        weak = cued and cued.group().strip(" \t\n(") in namesake[0]
        if written in ambiguous and weak and not (listed or bracketed):
            if names_namesake is None:
                names_namesake = bool(namesake[1].search(text))
            if names_namesake:
                continue  # "học trò của Hồ Chí Minh" beside "Chủ tịch Hồ Chí Minh": the person
        after_place = found and not text[found[-1][2] : match.start()].strip()
        if not cued and not after_place and not city_form and person.search(before):
            continue  # a person's given names ("Nguyễn Thái Bình"), not "Lâm TP.HCM"
        if not cued and firm.search(text[max(0, match.start() - 60) : match.start()]):
            continue  # the end of a firm's name ("Công ty vàng bạc đá quý Sài Gòn")
        if title.search(text[max(0, match.start() - 80) : match.start()]):
            continue  # inside a quoted title ('cuốn sách "Miếng ngon Hà Nội"')
        if written in abroad[0] and abroad[1].match(text, match.end()):
            continue  # a foreign place of the same name ("tỉnh Hà Nam, Trung Quốc")
        name = spelling[written]
        if not merged:
            name = earlier.get(name, name)  # "TP. Huế" in 2017: Thừa Thiên Huế
        found.append((name, match.start(), match.end()))
    return found


def _home_province(mentions) -> str | None:
    """The province an article is about: the one it names, or names far most often."""
    counts = Counter(name for name, _, _ in mentions).most_common(2)
    if not counts:
        return None
    if len(counts) == 1 or counts[0][1] >= 3 * counts[1][1]:
        return counts[0][0]
    return None


@lru_cache(maxsize=1)
def _region_rules():
    spelling = {}
    for region in gazetteer().regions.values():
        for name in (region.name, *region.aliases):
            spelling.setdefault(name, region.name)
    return re.compile(rf"(?<!\w)({_alternation(spelling)})(?!\w){NOT_A_CONTINENT}"), spelling


# After a region's name, a continent makes it a part of the world: "các nước Đông
# Bắc Á" (Northeast Asia) is not the Đông Bắc of Việt Nam.
NOT_A_CONTINENT = r"(?![ \t]+(?:Á|Âu|Phi|Mỹ)(?!\w))"


def extract_regions(text: str) -> tuple[str, ...]:
    """Regions named in ``text`` (canonical names).

    >>> extract_regions("các tỉnh Tây Bắc và ĐBSCL")
    ('Tây Bắc', 'Đồng bằng sông Cửu Long')
    """
    pattern, spelling = _region_rules()
    return _unique(spelling[re.sub(r"\s+", " ", m.group(1))] for m in pattern.finditer(text))


# -- organisations ----------------------------------------------------------


@lru_cache(maxsize=1)
def _bare_heads() -> frozenset[str]:
    """Keys of the heads that name one body with nothing after them (``bare`` of
    ``data/org_context.tsv``), as written and in their canonical spelling
    (:func:`canonical_org`: "Liên minh Hợp tác xã" is "Liên minh HTX")."""
    heads = _org_context()["bare"]
    return frozenset(entity_key(h) for h in (*heads, *map(canonical_org, heads)))


@lru_cache(maxsize=1)
def _org_rules():
    heads = _data_lines("org_patterns.txt")
    standalone = {entity_key(h) for h in _data_lines("org_standalone.txt")}
    province_level = {entity_key(h) for h in _data_lines("province_level.txt")}
    pattern = re.compile(
        rf"{_first(heads)}(?<![\w.])({_alternation(heads, flexible_case=True)})(?!\w)"
    )
    tight = frozenset(_data_lines("org_tight.txt"))
    not_names = [*_data_lines("roles.txt"), *_data_lines("org_not_names.txt")]
    titled = [" ".join(w[:1].upper() + w[1:] for w in n.split()) for n in not_names]
    not_name = re.compile(rf"(?:{_alternation([*not_names, *titled])})(?!\w)")  # "Bộ Sưu Tập"
    by_length = tuple(sorted(heads, key=len, reverse=True))
    return pattern, standalone, province_level, by_length, not_name, tight


def extract_organisations(text: str, home: str | None = None) -> tuple[str, ...]:
    """Organisations named in ``text``, one spelling each (the first met)."""
    return tuple(dict.fromkeys(name for name, _, _ in organisation_mentions(text, home)))


# Words of scope that end a body's name in lowercase after its capitals ("Trung tâm
# Hợp tác An ninh quốc tế", "Trung tâm Dự báo khí tượng thủy văn quốc gia"), where
# the name ends next: at punctuation, a capital, or a word that starts a clause.
_SCOPE_AFTER = re.compile(
    r"[ \t]+(quốc tế|thế giới|toàn cầu|quốc gia|trung ương)"
    r"(?=[ \t]*(?:[,.;:()”\"…\n]|$)"
    r"|[ \t]+(?:và|đã|sẽ|đang|cho|của|tại|ở|với|là|vừa|cũng|thuộc|trực thuộc)(?!\w)"
    rf"|[ \t]+[{UPPER}])"
)


@lru_cache(maxsize=1)
def _verb_start() -> re.Pattern:
    """A verb of ``verb`` in ``data/org_context.tsv``, as a whole word."""
    return re.compile(rf"(?:{_alternation(_org_context()['verb'])})(?!\w)")


def _names_a_body(text: str, head: re.Match, pattern: re.Pattern, standalone) -> bool:
    """Whether a head names a body: one that stands alone ("HĐND"), one a name
    follows ("Sở Xây dựng"; not a bare "Sở"), or a unit of such a body."""
    name = re.sub(r"\s+", " ", head.group(1))
    if entity_key(name) in standalone or name_tail(text, head.end(), stop=pattern)[0]:
        return True
    parent = pattern.match(text, _UNIT_GAP.match(text, head.end()).end())
    return (  # "Ban thường vụ Đảng ủy Bộ Lao động…": a unit of a unit of a named body
        _unit_of(name, "unit")
        and parent is not None
        and _unit_of(parent.group(1), "parent")
        and _names_a_body(text, parent, pattern, standalone)
    )


def _surname_before(text: str, start: int) -> bool:
    """Whether a family name of ``data/surnames.txt`` stands right before ``start``,
    in the same name ("Đinh Bộ Lĩnh"; not "Nguyễn. Bộ …", nor "Lê, Bộ …")."""
    before = re.search(r"(?<![\w.])(\w+)[ \t]+$", text[max(0, start - 12) : start])
    return bool(before) and before.group(1) in _surnames()


_NEXT_WORD = re.compile(r"[ \t]+(\w)")


def _lowercase_next(text: str, at: int) -> bool:
    """Whether the next word after ``at`` begins with a lowercase letter."""
    match = _NEXT_WORD.match(text, at)
    return bool(match) and match.group(1).islower()


# The seat that names a high court or its prosecutors ("TAND cấp cao tại Đà Nẵng").
_SEAT_AFTER = re.compile(
    r"[ \t]+(tại[ \t]+(?:TP\.?[ \t]*HCM|TP\.?[ \t]*Hồ Chí Minh|Hà Nội|Đà Nẵng))(?!\w)"
)


# After "hợp tác xã" in lowercase, lowercase words of a kind, then a province's or a
# district's level: the place's many cooperatives, unnamed ("các hợp tác xã nông
# nghiệp tỉnh Thái Nguyên", "hợp tác xã huyện Gia Lâm"); a commune's ("HTX dịch vụ
# nông nghiệp xã Hà Ninh") names one, as a district's hospital is one.
_GENERIC_LEVEL = re.compile(
    r"(?:[a-zà-ỹđ]+[ \t]+){0,4}(?:tỉnh|thành phố|TP\.?|tp\.?|huyện|quận|thị xã)[ \t]"
)


# A cooperative's name that opens with its trades before its own name: the trades
# so far (a capitalised word and lowercase ones, or an abbreviation: "Thu mua",
# "Sản xuất", "DVNT"), then more trades in lowercase, after a comma or "và", and
# the capitalised name ("…, chế biến nông sản Thắng Cảnh").
_COOP_HEAD = re.compile(r"(?i:HTX|hợp tác xã|liên hiệp HTX|liên hiệp hợp tác xã)")
_TRADE_TAIL = re.compile(rf"(?:[{UPPER}][a-zà-ỹđ]*(?:[ \t]+[a-zà-ỹđ]+){{1,3}}|[{UPPER}]{{2,5}})")
_TRADE_THEN_NAME = re.compile(
    rf"(?:[ \t]*,)?((?:[ \t]+[a-zà-ỹđ]+){{1,7}})((?:[ \t]+[{UPPER}][a-zà-ỹđ]*){{1,4}})(?![\w&])"
)


@lru_cache(maxsize=1)
def _trade_words() -> frozenset[str]:
    """The lowercase words that may stand in a cooperative's name between its first
    trade and its own name (``data/coop_trades.txt``), and "và"."""
    return frozenset(_data_lines("coop_trades.txt")) | {"và"}


# A school is named by its field, which may be a body's head too ("Học viện Ngân
# hàng", "Học viện Tòa án", "Trường Đại học Hải quan"): right after these heads
# another head does not start another body.
_SCHOOL_HEAD = re.compile(
    r"(?i)(?:học viện|(?:trường )?(?:đại học|cao đẳng|trung cấp)|trường (?:ĐH|CĐ))"
)


# A country's mission abroad is named by the place it is in ("Đại sứ quán Việt Nam tại
# Hoa Kỳ", "Tổng Lãnh sự quán Việt Nam tại Thượng Hải"): one to three capitalised words.
_MISSION = re.compile(r"(?i)(?:đại sứ quán|(?:tổng )?lãnh sự quán|cơ quan đại diện|phái đoàn)")
_MISSION_AT = re.compile(r"[ \t]+tại[ \t]+")
_CITY = re.compile(rf"[{UPPER}][\w-]*(?:[ \t]+[{UPPER}][\w-]*)?(?![ \t]*[{UPPER}\w])")


def _mission_seat(text: str, end: int) -> int | None:
    """Where "tại" and the place a mission is in end, after a body's name ending at
    ``end``: a country ("tại Hoa Kỳ"), a province ("tại Hà Nội"), else a city of
    one or two capitalised words with no capital after them ("tại Cairo")."""
    at = _MISSION_AT.match(text, end)
    if not at:
        return None
    for rule in (_cued_rules()[3], _place_rules()[0], _CITY):
        place = rule.match(text, at.end())
        if place and place.end() > at.end():
            return place.end()
    return None


# A continent, written "châu" and its capitalised name, ends a body's name wherever
# it stands ("Tòa án Nhân quyền châu Âu phán quyết", "Liên đoàn Bóng đá châu Á").
_CONTINENT_AFTER = re.compile(r"[ \t]+(châu (?:Âu|Á|Phi|Mỹ|Úc|Đại Dương))(?!\w)")


def organisation_mentions(text: str, home: str | None = None) -> list[tuple[str, int, int]]:
    """Each mention of an organisation: (name, start, end), in order; a body written
    several ways keeps the spelling first met.

    >>> extract_organisations("Tỉnh ủy, HĐND, UBND tỉnh và HTX chè Tân Hương, Sở Tài chính.")
    ('Tỉnh ủy', 'HĐND tỉnh', 'UBND tỉnh', 'HTX chè Tân Hương', 'Sở Tài chính')
    >>> extract_organisations("Bộ trưởng Bộ NN&PTNT đẩy mạnh; Sở hữu Trong năm")
    ('Bộ NN&PTNT',)
    """
    pattern, standalone, province_level, _, not_name, tight = _org_rules()
    found: list[tuple[str, str, int, int]] = []  # (head, tail, start, end)
    position = 0
    for match in pattern.finditer(text):
        if match.start() < position:
            continue
        title = not_name.match(text, match.start())
        if title and title.end() > match.end():
            continue  # "Bộ trưởng", "Cục trưởng", "Sở hữu": a title or a word, not a body
        if _title_ending(text, match):
            continue  # "Chánh Văn phòng Tổng cục Du lịch": the office is part of a title
        if _place_before().search(text, max(0, match.start() - 12), match.start()):
            continue  # "thôn Sở Hạ": a village's name that starts like a head
        if _surname_before(text, match.start()):
            continue  # "đường Đinh Bộ Lĩnh": a person's name (here a street's) holds the head
        head = re.sub(r"\s+", " ", match.group(1))
        alone = entity_key(head) in standalone and not (head[0].islower() and head in tight)
        titled = bool(_title_before().search(text, max(0, match.start() - 40), match.start()))
        loose = not alone and head not in tight
        named_after = head.split()[0] in _person_named()
        tail, end = name_tail(
            text,
            match.end(),
            descriptor=loose,
            stop=pattern,
            before_person=titled,
            ends_at_person=not named_after,
            unit=_unit_of(head, "unit"),
            field_first=bool(_SCHOOL_HEAD.fullmatch(head)),
        )
        if _FIRM_HEAD.match(head) and _cued_rules()[3].fullmatch(tail):
            continue  # "Công ty Trung Quốc săn người": a firm of that country, unnamed
        if tail in _inner_heads() and _lowercase_next(text, end):
            continue  # "Công ty Tập đoàn khoa học công nghệ Khải Thịnh": the group's name
        if head[0].islower() and head in tight and tail[:1].islower():
            continue  # "bệnh viện cấp cứu": the sentence goes on, no name
        if head[0].islower() and tail and not any(c.isupper() for c in tail):
            continue  # "chủ nhiệm hợp tác xã nông nghiệp": a kind, no name
        if head == "hợp tác xã" and _GENERIC_LEVEL.match(tail):
            continue  # "hợp tác xã (nông nghiệp) tỉnh Thái Nguyên": the province's, no name
        if head == "Vụ" and tail and not _is_vietnamese(tail.split()[0]):
            continue  # "Vụ Watergate": a case, not a department (whose names are Vietnamese)
        bare = not tail and entity_key(head) in _bare_heads()
        if bare and _SEVERAL_AFTER.match(text, end):
            continue  # "Cụm thi đua Liên minh hợp tác xã các tỉnh Tây Bắc": several, none named
        if not tail and not alone and not bare:
            gap = _UNIT_GAP.match(text, end)
            parent = pattern.match(text, gap.end())
            if not (
                _unit_of(head, "unit")
                and parent
                and _unit_of(parent.group(1), "parent")
                and _names_a_body(text, parent, pattern, standalone)
            ):
                continue  # "Văn phòng HĐND tỉnh Gia Lai": a unit named by its parent (below);
                # but "Thanh tra Sở đã …" names no department
        if head.lower() == "sân" and _bare_rules()[0].fullmatch(tail):
            head = ""  # "sân Old Trafford": the ground's own name, known bare
        scope = (
            (_SCOPE_AFTER.match(text, end) or _CONTINENT_AFTER.match(text, end)) if tail else None
        )
        if scope:  # "Trung tâm Hợp tác An ninh quốc tế": a name's last lowercase words
            tail, end = f"{tail} {scope.group(1)}", scope.end(1)
        high_court = head.lower().endswith("cấp cao") and not tail
        seat = _SEAT_AFTER.match(text, end) if high_court else None
        if seat:  # "TAND cấp cao tại TP.HCM": the three high courts are named by their seat
            tail, end = seat.group(1), seat.end(1)
        seat_end = _mission_seat(text, end) if _MISSION.match(head) and tail else None
        if seat_end:  # "Đại sứ quán Việt Nam tại Hoa Kỳ": a mission is named by where it is
            tail, end = f"{tail} {' '.join(text[end:seat_end].split())}", seat_end
        trade = _COOP_HEAD.fullmatch(head) and _TRADE_TAIL.fullmatch(tail)
        named = _TRADE_THEN_NAME.match(text, end) if trade else None
        if (
            named
            and set(named.group(1).split()) <= _trade_words()
            and not _word_goes_on(text, named.end(), named.group(2).split()[-1])
        ):  # ("…, dịch vụ Nhân dân tin tưởng" names none)
            # "HTX Thu mua, chế biến nông sản Thắng Cảnh", "Hợp tác xã Thức ăn gia súc
            # Bình Minh": a cooperative's trades, then its own name
            tail, end = " ".join(f"{tail}{text[end : named.end()]}".split()), named.end()
        known = _known_at_end(tail)
        if known:  # "Liên hiệp HTX Thương mại TP.HCM Saigon Co.op": two names side by side
            found.append((head, tail[: -len(known)].rstrip(), match.start(), end - len(known) - 1))
            found.append(("", known, end - len(known), end))
        else:
            found.append((head, tail, match.start(), end))
        position = end
    spans = [(start, end) for _, _, start, end in found]
    for name, start, end in _bare_organisations(text):
        if not any(s < end and start < e for s, e in spans):
            found.append((name, "", start, end))
            spans.append((start, end))
    found.sort(key=lambda f: f[2])
    names, heads = [], []
    for i, (head, tail, start, end) in enumerate(found):
        party_committee = head.endswith("ủy")  # "Tỉnh ủy" names its level itself
        level_body = entity_key(head) in province_level
        if level_body and not tail and _LOWER_LEVEL.match(text, end):
            continue  # "UBND phường đã đề nghị": a ward's, unnamed; not the province's
        if level_body and not tail and _PLURAL_AFTER.match(text, end):
            continue  # "UBND các tỉnh, thành phố": every province's, none named; and
            # "UBND cấp tỉnh": any province's
        if level_body and not tail and text[start - 1 : start] in ("-", "/"):
            continue  # "Quyết định số 1193/QĐ-UBND": part of a document's number
        if not tail and level_body and not party_committee:
            tail = _shared_qualifier(text, found, i)
        if home and party_committee and not tail:
            tail = home
        elif home and level_body:
            tail = _complete_province(tail, home)
        elif home and (tail == "tỉnh" or tail.endswith(" tỉnh")):
            tail = f"{tail} {home}"
        names.append((f"{head} {tail}".strip(), start, end))
        heads.append(head)
        if tail and head.endswith(" Công an"):  # "Cơ quan CSĐT Công an thị xã Dĩ An"
            names.append((f"Công an {tail}", end - len(tail) - 8, end))  # and its police
            heads.append("Công an")
    names = _named_in_full(_join_units(text, names, heads), home)
    names = sorted(names + _short_forms_used(text, names), key=lambda n: n[1])
    first: dict[str, str] = {}
    for name, _, _ in names:
        first.setdefault(entity_key(name), name)
    return [(first[entity_key(name)], start, end) for name, start, end in names]


@lru_cache(maxsize=1)
def _units() -> dict[str, frozenset[str]]:
    """The heads of ``data/org_units.tsv`` by kind (``unit``, ``parent``), as keys."""
    kinds: dict[str, set[str]] = {"unit": set(), "parent": set()}
    for line in _data_lines("org_units.tsv"):
        kind, head = line.split("\t")
        kinds[kind].add(entity_key(head))
    return {kind: frozenset(heads) for kind, heads in kinds.items()}


def _unit_of(head: str, kind: str) -> bool:
    """True when ``head`` is a unit's head, or starts with a parent's ("Bộ Nội vụ")."""
    key = entity_key(head)
    if kind == "unit":
        return key in _units()["unit"]
    return any(key == p or key.startswith(p + " ") for p in _units()["parent"])


# Between a unit and its parent: a space, a comma, a dash or a bracket, after the
# unit's code in brackets, which the joined name leaves out ("Cục Cảnh sát điều tra
# tội phạm về kinh tế và tham nhũng (C46) Bộ Công an").
_UNIT_GAP = re.compile(r"(?:[ \t]*\([A-Z][A-Z0-9]{1,7}\))?[ \t]*(?:,|[-–]|\()?[ \t]*")


def _join_units(text: str, names, heads) -> list[tuple[str, int, int]]:
    """A unit's name and its parent's right after it are one name ("Ban Tổ chức Tỉnh
    ủy Bình Thuận"); after a comma, a dash or a bracket the parent is named too, and
    joined once ("Vụ Nghiên cứu, Ủy ban Kiểm tra Trung ương"): ``data/org_units.tsv``.
    The police stay a body of their own ("Phòng CSĐT … Công an tỉnh Bạc Liêu" and
    "Công an tỉnh Bạc Liêu").

    >>> extract_organisations("Ông A, Văn phòng HĐND tỉnh Gia Lai, Vụ Nghiên cứu, Bộ Nội vụ.")
    ('Văn phòng HĐND tỉnh Gia Lai', 'Vụ Nghiên cứu Bộ Nội vụ', 'Bộ Nội vụ')
    """
    joined: list[tuple[str, int, int]] = []
    i = 0
    while i < len(names):
        name, start, end = names[i]
        if i + 1 < len(names) and _unit_of(heads[i], "unit") and _unit_of(heads[i + 1], "parent"):
            parent, p_start, p_end = names[i + 1]
            gap = _UNIT_GAP.fullmatch(text, end, p_start)
            bare = gap is not None and not gap.group().strip()
            own_place = any(
                f" {w} " in f" {name} " for w in ("tỉnh", "huyện", "quận", "TP", "thành phố")
            )  # "Trung tâm Y tế huyện X, Công an huyện": a list of bodies, not a chain
            named = name != heads[i] or len(heads[i].split()) > 2  # "Cơ quan Cảnh sát điều tra"
            if gap and (bare or (named and not own_place)):
                joined.append((f"{name} {parent}", start, p_end))
                if not bare or heads[i + 1].lower() == "công an":
                    joined.append((parent, p_start, p_end))
                i += 2
                continue
        joined.append((name, start, end))
        i += 1
    return joined


@lru_cache(maxsize=1)
def _bare_rules():
    """Regexes of ``data/org_known.txt`` and ``data/org_context.tsv``."""
    context = _org_context()
    names = _known_bodies()
    known = re.compile(rf"{_first(names)}(?<![\w.])(?:{_alternation(names)})(?![\w&])")
    word = rf"[{UPPER}0-9][\w'’]*(?:[-.&][\w]+)*"
    link = r"(?:the|of|and|de|du|la|del|&)(?=[ \t]+[A-Z])"  # "Berny Eats the World"
    # a site written in lowercase: its domain or a camel-cased name ("rappler.com", "iDropnews")
    site = r"[a-z][\w-]*\.(?:com|net|org|vn|info|tv)(?:\.vn)?(?![\w.])|[a-z]{1,2}[A-Z]\w+"
    source = re.compile(
        rf"{_first(context['source'])}(?<![\w.])(?:{_alternation(context['source'])})[ \t]*"
        rf"({site}|{word}(?:[ \t]+(?:{word}|{link}|[a-zà-ỹđ]+(?=[ \t]*[/).,;\n]|$))){{0,4}})"
        rf"(?:/({word}(?:[ \t]+{word}){{0,3}}))?"
    )
    kind = re.compile(
        rf"{_first(context['kind'])}(?<![\w.])(?:{_alternation(context['kind'])})"
        rf"[ \t]+(?!\d+(?:k|K|đ|USD)(?![\w.]))({word}(?:[ \t]+{word}){{0,3}})"  # not "tờ 500k"
    )
    suffix = _LookBehind(
        re.compile(
            rf"{_first(context['suffix'])}(?<![\w.])(?:{_alternation(context['suffix'])})(?![\w])"
        ),
        re.compile(rf"(?<![\w.])((?:{word}[ \t]+){{1,3}})$"),
        keep=True,
    )
    nation = _alternation(_person_context()["nation"])
    national = re.compile(
        rf"{_first(context['national'])}(?<![\w.])(?:{_alternation(context['national'])})"
        rf"(?:[ \t]+[a-zà-ỹđ]+){{0,4}}[ \t]+(?:{nation})(?!\w)"
    )
    return known, source, kind, frozenset(context["not_name"]), suffix, national


def _name_end(words: list[str]) -> int:
    """How many of ``words`` (capitalised, from a run) are one name: it ends before a
    sentence's first word ("Theo", "Tại") and where a foreign name turns Vietnamese
    ("Pexels Với", "Depay Sau"): the crawl's captions often lose their full stop."""
    for i, word in enumerate(words):
        if i and word.lower() in _stop_words():
            return i
        if i and not word.isascii() and _is_vietnamese(word) and not _is_vietnamese(words[i - 1]):
            return i
        if i and word in _TIME_OPENERS and i + 1 < len(words) and words[i + 1][0].isdigit():
            return i  # "Ảnh: Mạnh Thắng Sáng 13/5" (but "Ảnh: Nhan Sáng - TTXVN")
    return len(words)


_DATE_AFTER = re.compile(r"[ \t]+\d")
_TODAY_AFTER = re.compile(r"[ \t]+nay(?!\w)")  # "Ông Kim Cự Chiều nay 15-5, …"
# Words that open a sentence with its time ("Sáng 13/5, …", "Cuối tháng 11, …"),
# never a credited source's last word.
_DAY_TIMES = ("Sáng", "Trưa", "Chiều", "Tối", "Đêm", "Hôm")  # "Chiều 9/2, …"
_TIME_OPENERS = frozenset({*_DAY_TIMES, "Cuối", "Lúc"})


@lru_cache(maxsize=1)
def _sentence_openers() -> frozenset[str]:
    """Two words that open a sentence, never a name's (``data/sentence_openers.txt``)."""
    return frozenset(_data_lines("sentence_openers.txt"))


def _opens_sentence(word: str, next_word: str) -> bool:
    """Whether ``word`` and the word after it open a new sentence: two words of
    ``data/sentence_openers.txt`` ("Tuy nhiên"), or "Ông" or "Bà" before a lowercase
    word ("Chính phủ Ông cho biết"; but "Hai Bà Trưng", "Bà Rịa")."""
    return f"{word} {next_word}" in _sentence_openers() or (
        word in ("Ông", "Bà") and next_word[:1].islower()
    )


def _before_opener(text: str, name: str) -> str:
    """``name`` without a next sentence's opening glued on ("Đào Minh Tú Chia" where
    the text says "Đào Minh Tú Chia sẻ …"), as :func:`_opens_sentence` tells it."""
    words = name.split()
    at = text.find(name)
    following = text[at + len(name) : at + len(name) + 20].split()[:1] if at >= 0 else []
    for k in range(1, len(words)):
        nxt = words[k + 1] if k + 1 < len(words) else (following[0] if following else "")
        if _opens_sentence(words[k], nxt.strip(",.;:!?")):
            return " ".join(words[:k])
    return name


@lru_cache(maxsize=1)
def _foreign_given() -> frozenset[str]:
    return frozenset(_person_context()["given"])


_CREDIT = re.compile(r"(?i)(?:nguồn\s+)?ảnh")  # a photo's credit, not a text's source
# The source an article opens with, in brackets before a dash ("(TITC) – Ngày 12/7",
# "(Dân trí) - Sáng nay"): the agency or paper that wrote it.
_DATELINE = re.compile(
    rf"\s*\((?:Tin )?([{UPPER}][\w.]*(?:[ \t][{UPPER}]?[\w.]+){{0,2}})\)[ \t]*[-–]"
)


def _person_after(text: str, end: int) -> bool:
    """True when a Vietnamese name (a family name, a capitalised syllable) starts after ``end``."""
    following = [m.group() for m in re.finditer(r"\S+", text[end : end + 40])][:2]
    return (
        len(following) == 2
        and following[0] in _surnames()
        and bool(_CAPITALISED.match(following[1]))
        and _is_vietnamese(following[1].strip(",.;:"))
    )


_FOREIGN_BEFORE = re.compile(r"(?<![.!?:])[ \t]+[A-Z][A-Za-z]+[ \t]*$")


def _in_longer_foreign_name(text: str, start: int, end: int) -> bool:
    """Whether a known name ends a longer foreign one ("China Eximbank"): a
    capitalised word in plain Latin letters stands right before it, not
    opening a sentence. (What follows a name is often another name: "sàn
    Comex New York", "VOV.VN Clip".)"""
    before = _FOREIGN_BEFORE.search(text, max(0, start - 30), start)
    return bool(before) and not _is_vietnamese(before.group().strip())


@lru_cache(maxsize=1)
def _product_after() -> re.Pattern:
    """A product or an index right after a known body's name (``product`` in
    ``data/org_context.tsv``: "Google Maps", "HNX-Index")."""
    return re.compile(rf"(?:[ \t]+|-)(?:{_alternation(_org_context()['product'])})(?!\w)")


def _bare_organisations(text: str) -> list[tuple[str, int, int]]:
    """Bodies named with no head word: known ones (``data/org_known.txt``), a source
    an article credits and a name after a word of its kind (``data/org_context.tsv``).

    >>> [n for n, _, _ in _bare_organisations("theo tờ Le Monde, TTXVN (Nguồn Sina)")]
    ['Le Monde', 'TTXVN', 'Sina']
    """
    known, source, kind, not_names, suffix, national = _bare_rules()
    heads, _, _, _, not_name, _ = _org_rules()
    product = _product_after()
    makes = _makes()
    found = [
        (m.group(), m.start(), m.end())
        for m in known.finditer(text)
        if not _in_longer_foreign_name(text, m.start(), m.end())
        and not product.match(text, m.end())  # "Ảnh: Google Maps", "HNX-Index": no body
        and not (
            m.group() in makes
            and (
                _VEHICLE_BEFORE.search(text, max(0, m.start() - 12), m.start())
                or _model_after(text, m.end())
            )
        )  # "chiếc Mercedes", "Ford Everest": a car
    ]
    found += [
        (m.group(), m.start(), m.end())
        for m in national.finditer(text)
        if not any(w in _FUNCTION_WORDS for w in m.group().split())  # "quân đội tới Trung Đông"
        and not _CAPITALISED.match(text[m.end() + 1 : m.end() + 2])
    ]
    found += _listed_bodies(text) + _apposed_bodies(text)
    first_line = text.find("\n") + 1  # the title's end
    dateline = _DATELINE.match(text, first_line) if first_line else None
    if dateline and not _is_place_name(dateline.group(1)):
        found.append((dateline.group(1), dateline.start(1), dateline.end(1)))
    for match in [*source.finditer(text), *kind.finditer(text), *suffix.finditer(text)]:
        for group in (1, 2) if match.re is source else (1,):
            if match.group(group) is None:
                continue
            name, start = match.group(group), match.start(group)
            words = name.split()
            if known.fullmatch(words[0]) and product.match(text, start + len(words[0])):
                continue  # "Ảnh: Google Maps An Bình": a product's picture
            if match.re is suffix:
                nation = _cued_rules()[3]
                while len(words) > 1 and (
                    any(w.lower() in _stop_words() for w in words[:-1])
                    or (nation.fullmatch(words[0]) and len(words) > 2)
                    or (_is_vietnamese(words[0]) and not words[0].isascii())
                ):
                    start += len(words[0]) + 1  # "Theo South China Morning Post", "Ông …"
                    words = words[1:]
                name = " ".join(words)
                found.append((name, start, start + len(name)))
                continue
            if match.re is not suffix and (
                words[0].isupper() or any(c.isdigit() for c in words[0])
            ):
                words = words[:1]  # "đài TF1 Paul Larouturou": an acronym is the whole name
                name = words[0]
                if _person_after(text, start + len(name)):
                    continue  # "Theo TTK Lê Hoài Anh": a title, then its holder
            cut = _name_end(words)
            model = _VEHICLE_KIND.search(match.group()[: match.start(group) - match.start()])
            plate = next(
                (
                    k
                    for k, w in enumerate(words[1:], 1)
                    if w == "BKS" or _PLATE.match(w) or model and w[0].isdigit()
                ),
                0,
            )
            cut = min(cut, plate) if plate else cut  # "ô tô hiệu Camry BKS 99A": the plate
            if cut < len(words):  # "Sina Theo Metro", "Quang Hiếu Tại phiên họp": no period
                words = words[:cut]
                name = " ".join(words)
            if not words or name.isdigit():
                continue  # "chuỗi 09 sự kiện": a number, no name
            if len(words) == 1 and _is_vietnamese(words[0]) and not words[0].isupper():
                continue  # "đuổi theo Toàn", "Ảnh: Cắt từ clip": a word or a name, no body
            if len(words) > 1 and words[0] in _foreign_given():
                continue  # "theo Michael Penn": a person (_foreign_people)
            if _word_goes_on(text, start + len(name), words[-1]):
                words.pop()  # "theo Quyết định số …": a word goes on in lowercase
                if not words:
                    continue
                name = name[: name.rindex(" ")] if " " in name else ""
            if name in not_names or words[0] in not_names or words[0].lower() in _stop_words():
                continue  # "Ảnh: Internet Đoạn video…": the credit ends, a sentence starts
            if match.re is source and _CREDIT.match(match.group()) and name.isupper():
                continue  # "Ảnh: PK": a photographer's initials (agencies are known ones)
            if re.match(r"(?:\w{1,2}\.)+\w", name):
                continue  # "Ảnh: T.Q.Huy", "Theo N.Huyền": a writer's initials and name
            if heads.match(text, start) or not_name.match(text, start):
                continue  # a body with a head ("Theo Bộ Y tế") or a title ("Theo Phó Thủ tướng")
            if _is_place_name(name) or _cued_rules()[3].fullmatch(name):
                continue  # "theo Trung Quốc"
            person = all(w[0].isupper() and _is_vietnamese(w) for w in words) and len(words) > 1
            credit = match.re is source and _CREDIT.match(match.group())
            if (group == 1 or credit) and (person or words[0] in _surnames() and len(words) > 1):
                continue  # "Theo Đình Nam/Chinhphu.vn", "Ảnh: VGP/Quang Hiếu": the writer
            found.append((name.rstrip("."), start, start + len(name.rstrip("."))))
    return sorted(found, key=lambda f: f[1])


# A capitalised word of a body's name, with its inner dots, dashes and ampersands
# ("LG", "Intra-Group", "Bang&Olufsen"), as lists and appositions read it.
_BODY_WORD = rf"[{UPPER}][\w'’]*(?:[-.&][\w]+)*"


@lru_cache(maxsize=1)
def _list_rules() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Regexes of a list of bodies after their kind in the plural (``list_kind``,
    ``list_link`` of ``data/org_context.tsv``): the list's opening, one name, a join."""
    context = _org_context()
    kinds = _alternation(context["list_kind"])
    links = _alternation(context["list_link"])
    word = _BODY_WORD
    opening = re.compile(
        rf"(?<![\w.])(?:[Cc]ác|[Nn]hững|[Nn]hiều)[ \t]+(?P<kind>{kinds})(?![\w]|[ \t]+hợp\b)"
        # the words between name no other plural ("các trường thuộc các phường như …")
        rf"(?:,?[ \t]+(?!các\b|những\b)[^\s,.;:()\"“”]+){{0,8}}?"
        rf"(?:[ \t]+(?:{links})[ \t]+|[ \t]*:[ \t]*)"
    )
    name = re.compile(rf"{word}(?:[ \t]+{word}){{0,3}}")
    join = re.compile(r"[ \t]*,[ \t]*(?:và[ \t]+)?|[ \t]+(?:và|hay|hoặc)[ \t]+")
    return opening, name, join


def _listed_bodies(text: str) -> list[tuple[str, int, int]]:
    """Bodies listed after their kind in the plural and a word that opens a list
    ("các hãng điện tử của Nhật Bản và Hàn Quốc như Samsung, LG Electronics,
    Panasonic và Toshiba"; "danh sách các công ty này còn có Uber, Airbnb"): each
    capitalised name of a list of two or more, but for people, places, countries,
    Vietnamese words and the names ``not_name`` of ``data/org_context.tsv`` leaves
    out (social networks); a name going on in lowercase ends the list.

    >>> [n for n, _, _ in _listed_bodies("các hãng như Samsung, LG Electronics và Toshiba.")]
    ['Samsung', 'LG Electronics', 'Toshiba']
    >>> _listed_bodies("các công ty như Facebook và ông Nguyễn Văn An")
    []

    Schools are named after people and places, so a list after "các trường" takes
    names of two words or more ("các trường, lớp chuyên như Trần Đại Nghĩa, Lê Hồng
    Phong, Gia Định").
    """
    opening, name, join = _list_rules()
    found = []
    for match in opening.finditer(text):
        kind = match.group("kind")
        after_kind = text[match.end("kind") : match.end("kind") + 20].split()[:1]
        if after_kind and f"{kind.lower()} {after_kind[0]}" in _words():
            continue  # "các đội trưởng như John Terry": captains, a word of its own
        schools = kind.lower() == "trường"
        listed_here, length = [], 0
        run = name.match(text, match.end())
        while run:
            words = run.group().split()
            words = words[: _name_end(words)]
            listed = " ".join(words)
            end = run.start() + len(listed)
            goes_on = _LOWERCASE_AFTER.match(text, end) and not join.match(text, end)
            if (
                not words
                or goes_on
                and (_org_rules()[0].match(text, run.start()) or all(map(_is_vietnamese, words)))
            ):
                break  # "như Hãng phim Đường Đức": a name with a head, read elsewhere
            length += 1
            if _may_name_a_body(words) or schools and _may_name_a_school(words):
                listed_here.append((listed, run.start(), end))
            if end < run.end() or goes_on:
                break  # the list ran into the next sentence, or its verb follows
            joined = join.match(text, end)
            run = name.match(text, joined.end()) if joined else None
        if length > 1:
            found += listed_here  # a list, not one capitalised word after a colon
    return found


_LOWERCASE_AFTER = re.compile(r"[ \t]+[a-zà-ỹđ]")


def _may_name_a_body(words: list[str]) -> bool:
    """Whether capitalised ``words`` that a context calls a body may name one: not a
    person's name, a place, a country, Vietnamese words (an acronym aside) or a
    name ``not_name`` of ``data/org_context.tsv`` leaves out (social networks)."""
    name = " ".join(words)
    not_names, nation = _bare_rules()[3], _cued_rules()[3]
    vietnamese = all(_is_vietnamese(w) for w in words)
    return not (
        not words
        or name in not_names
        or words[0] in not_names
        or words[0].lower() in _stop_words()
        or words[0] in _surnames()
        or (vietnamese and not any(w.isupper() for w in words))
        or _is_place_name(name)
        or bool(nation.fullmatch(name))
    )


def _may_name_a_school(words: list[str]) -> bool:
    """Whether capitalised ``words`` listed after "các trường" may name a school: two
    words or more (a person's or a place's name: "Lê Hồng Phong", "Gia Định"), not
    a province or a country, no sentence's first word."""
    name = " ".join(words)
    return (
        len(words) > 1
        and words[0].lower() not in _stop_words()
        and not _is_place_name(name)
        and not _cued_rules()[3].fullmatch(name)
    )


@lru_cache(maxsize=1)
def _apposition_rule() -> _LookBehind:
    """A name just before ", một <kind>" or " - một <kind>" (``apposed_kind`` of
    ``data/org_context.tsv``): the text says what body it is."""
    kinds = _alternation(_org_context()["apposed_kind"])
    word = _BODY_WORD
    return _LookBehind(
        re.compile(rf"(?:[ \t]*,|[ \t]+[-–])[ \t]+(?:là[ \t]+)?một[ \t]+(?:{kinds})(?!\w)"),
        re.compile(rf"(?<![\w.])({word}(?:[ \t]+{word}){{0,3}})$"),
    )


def _apposed_bodies(text: str) -> list[tuple[str, int, int]]:
    """Bodies the text describes right after their name ("FERN - một tổ chức bảo vệ
    rừng phi lợi nhuận", "Stripe, một công ty thanh toán"), as :func:`_may_name_a_body`
    allows.

    >>> [n for n, _, _ in _apposed_bodies("theo FERN - một tổ chức bảo vệ rừng")]
    ['FERN']
    >>> _apposed_bodies("Nguyễn Văn An, một doanh nghiệp")
    []
    """
    found = []
    for match in _apposition_rule().finditer(text):
        words = match.group().split()
        while len(words) > 1 and words[0].lower() in _stop_words():
            words = words[1:]  # "Theo Stripe, một công ty": a sentence's first word
        if (len(words) > 1 or len(words[0]) > 1) and _may_name_a_body(words):
            name = " ".join(words)
            found.append((name, match.end() - len(name), match.end()))
    return found


@lru_cache(maxsize=1)
def _person_named() -> frozenset[str]:
    """First words of heads whose names are often a person's (``data/org_context.tsv``)."""
    return frozenset(_org_context()["person_named"])


@lru_cache(maxsize=1)
def _title_ends() -> re.Pattern:
    """A title that ends in a unit's head (``title`` of ``data/org_context.tsv``: "Chánh
    Văn phòng"), matched backwards from the head's end."""
    return re.compile(rf"(?<!\w)(?:{_alternation(_org_context()['title'])})$")


def _title_ending(text: str, match: re.Match) -> bool:
    """True when a title that starts before the head ends with it ("Chánh Văn phòng")."""
    found = _title_ends().search(text, max(0, match.end() - 40), match.end())
    return found is not None and found.start() < match.start()


@lru_cache(maxsize=1)
def _inner_heads() -> frozenset[str]:
    """Heads that also start a name inside another body's (``data/org_context.tsv``)."""
    return frozenset(_org_context()["inner"])


@lru_cache(maxsize=1)
def _place_before() -> re.Pattern:
    """A place word of ``data/org_context.tsv`` (``place``) just before a head."""
    return re.compile(rf"(?<!\w)(?:{_alternation(_org_context()['place'])})\s+$")


@lru_cache(maxsize=1)
def _title_before() -> re.Pattern:
    """A title just before a body ("Thủ tướng Chính phủ …"; :func:`_titles_before`)."""
    return re.compile(rf"(?<!\w)(?:{_alternation(_titles_before())})\s+$")


def _is_city(province: str) -> bool:
    """True for a centrally-run city ("Hà Nội"), which "TP" alone may mean."""
    found = gazetteer().provinces.get(province)
    return found is not None and found.kind == "thành phố"


def _shared_qualifier(text: str, found, i: int) -> str:
    """'Tỉnh ủy, HĐND, UBND tỉnh': a bare head in a list shares the last one's level."""
    for j in range(i + 1, len(found)):
        between = text[found[j - 1][3] : found[j][2]]
        if between.strip() not in (",", "và"):
            return ""
        tail = found[j][1]
        if tail:
            return tail if tail.split()[0] in ("tỉnh", "huyện", "thành") else ""
    return ""


# A level below the province, unnamed, after a body that has one at each level.
_LOWER_LEVEL = re.compile(r"[ \t]+(?:phường|xã|quận|huyện|thị trấn|thị xã|thôn|ấp)(?![\w])")


# Words that name a level of local government without naming the place.
_UNNAMED_LEVEL = ("tỉnh", "huyện", "xã", "quận", "phường", "thị xã", "thị trấn", "thành phố", "tp")
# "UBND các tỉnh", "Ủy ban Nhân dân những địa phương": a plural, no one body.
_PLURAL_AFTER = re.compile(r"[ \t]+(?:các|những|cấp)(?!\w)")
# After a bare head: several bodies, or a group of them ("Liên minh HTX 07 tỉnh Tây
# Bắc", "Liên minh HTX Cụm thi đua các tỉnh Tây Bắc").
_SEVERAL_AFTER = re.compile(
    r"[ \t]+(?:các|những|cấp|\d+[ \t]+(?:tỉnh|huyện|xã|thành phố)|Cụm thi đua)(?!\w)"
)


@lru_cache(maxsize=1)
def _unnamed_level_keys() -> tuple[str, ...]:
    """The endings, as :func:`entity_key` writes them, of a body named by its level alone."""
    return tuple(f" {entity_key(level)}" for level in _UNNAMED_LEVEL)


def _known_at_end(tail: str) -> str | None:
    """The known body (``data/org_known.txt``) a name's tail ends in, after other
    words that end in a place: "Thương mại TP.HCM Saigon Co.op", "Dầu khí Việt
    Nam PVN"; else None.

    >>> _known_at_end("Thương mại TP.HCM Saigon Co.op"), _known_at_end("Thương mại TP.HCM")
    ('Saigon Co.op', None)
    """
    words = tail.split()
    known = _bare_rules()[0]
    for i in range(1, len(words)):
        rest = " ".join(words[i:])
        if known.fullmatch(rest) and any(
            _is_place_name(place) or _cued_rules()[3].fullmatch(place)
            for place in (" ".join(words[j:i]) for j in range(max(0, i - 4), i))
        ):
            return rest
    return None


# A short form given in parentheses right after a body's name: "Cơ quan mua sắm quốc
# phòng Hàn Quốc (DAPA)", "Phòng Thương mại và Công nghiệp Việt Nam … (VCCI – HCM)".
_SHORT_FORM_GIVEN = re.compile(
    rf"[ \t]*\([ \t]*([{UPPER}][{UPPER}0-9&]{{1,9}})(?:[ \t]*[-–][^()\n]{{0,20}})?[ \t]*\)"
)


def _short_forms_used(text: str, names: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The short forms of found bodies that the article uses again on their own, each
    a mention (short form, start, end) at its first use outside a found name.

    The gold files' rule (``tests/gold/general.md``): an acronym in parentheses
    after the full name is no second entry, but the same short form written
    later on its own is one ("VCCI" beside "Phòng Thương mại và Công nghiệp
    Việt Nam"). A one-word name gives none ("Leicester (SN)" is a home game),
    nor does a place in parentheses ("UBND quận 1 (TPHCM)").

    >>> text = "Cơ quan mua sắm quốc phòng Hàn Quốc (DAPA) cho biết … theo DAPA."
    >>> _short_forms_used(text, [("Cơ quan mua sắm quốc phòng Hàn Quốc", 0, 35)])
    [('DAPA', 59, 63)]
    """
    spans = [(start, end) for _, start, end in names]
    short_forms = []
    for name, _, end in names:
        given = _SHORT_FORM_GIVEN.match(text, end)
        if not given or " " not in name or _is_place_name(given.group(1)):
            continue  # "Leicester (SN)": a home game; "UBND quận 1 (TPHCM)": its place
        word = given.group(1)
        for use in re.finditer(rf"(?<![\w.&/-]){re.escape(word)}(?![\w&/-])", text):
            if use.start() == given.start(1) or any(s <= use.start() < e for s, e in spans):
                continue
            short_forms.append((word, use.start(), use.end()))
            spans.append((use.start(), use.end()))
            break
    return short_forms


def _named_in_full(
    names: list[tuple[str, int, int]], home: str | None = None
) -> list[tuple[str, int, int]]:
    """Mentions of a body by its level alone ("UBND tỉnh", "UBND huyện") taken as the
    one body of that head and level the article names in full ("UBND tỉnh Quảng
    Nam"), when it names exactly one; otherwise left as written. A head named
    bare (``bare`` of ``data/org_context.tsv``: "Liên minh HTX") is the one body
    of that head the article names in full, or of those, the one of the
    article's own province (``home``): a provincial article's "Liên minh HTX"
    is its province's alliance, beside which it names the national one.

    >>> [n for n, _, _ in _named_in_full([("UBND tỉnh Quảng Nam", 0, 19), ("UBND tỉnh", 30, 39)])]
    ['UBND tỉnh Quảng Nam', 'UBND tỉnh Quảng Nam']
    >>> names = [("Liên minh HTX Việt Nam", 0, 22), ("Liên minh HTX tỉnh Bắc Giang", 30, 58),
    ...          ("Liên minh HTX", 70, 83)]
    >>> _named_in_full(names, "Bắc Giang")[2][0]
    'Liên minh HTX tỉnh Bắc Giang'
    """
    keys = [entity_key(canonical_org(name)) for name, _, _ in names]
    resolved = []
    for (name, start, end), key in zip(names, keys, strict=True):
        bare = key in _bare_heads()
        if key.endswith(_unnamed_level_keys()) or bare:
            full = {names[i][0]: k for i, k in enumerate(keys) if k.startswith(f"{key} ")}
            if len(set(full.values())) > 1 and bare and home:
                full = {f: k for f, k in full.items() if f.endswith(f" {home}")}
            if len(set(full.values())) == 1:
                name = min(full, key=len)
        resolved.append((name, start, end))
    return resolved


def _complete_province(tail: str, home: str) -> str:
    if tail in ("TP", "TP.", "thành phố") and _is_city(home):
        return f"{tail} {home}"  # "Chủ tịch UBND TP" in an article about Hà Nội
    if tail in ("", "tỉnh"):  # "UBND tỉnh" in an article about Bắc Giang; a city is a TP
        return f"TP {home}" if _is_city(home) else f"tỉnh {home}"
    return tail


def name_tail(
    text: str,
    start: int,
    descriptor: bool = True,
    stop: re.Pattern | None = None,
    before_person: bool = False,
    ends_at_person: bool = True,
    unit: bool = False,
    field_first: bool = False,
) -> tuple[str, int]:
    """The proper name after an organisation head or a role, and where it ends.

    Vietnamese capitalises the first syllable of each word of a name ("Tài
    chính", "Kế hoạch và Đầu tư"), so a capitalised syllable takes the lowercase
    one after it; an abbreviation ("NN&PTNT") does not, since it is a whole
    word ("Bộ NN&PTNT đẩy mạnh"); a name part of ``data/org_names.tsv`` is
    taken whole ("Nông nghiệp và Phát triển nông thôn", whose last word has no
    capital); a capitalised function word ("Theo", "Trong") starts a sentence,
    not a name part; an administrative word takes the place after it ("tỉnh Thái
    Nguyên") and ends the name; a few lowercase words may stand between the head
    and a capitalised name ("HTX chè Tân Hương").

    >>> name_tail(" Kế hoạch và Đầu tư phối hợp", 0)
    ('Kế hoạch và Đầu tư', 19)
    >>> name_tail(" Nông nghiệp và Phát triển nông thôn cho biết", 0)[0]
    'Nông nghiệp và Phát triển nông thôn'

    A foreign word takes no lowercase word after it ("Công ty … ExxonMobil tổ
    chức"); a dash joins one capitalised word ("Viện Mỹ - Trung", "Ngân hàng
    Phát triển Á - Âu"); a pair of words.txt goes on with a lowercase word
    ("Hàng không"); with ``before_person`` (the body follows a title: "Thủ
    tướng Chính phủ Nguyễn Xuân Phúc") a person's name ends it; after an
    administrative word, a province's name ends it ("UBND TP Hà Nội"). With
    ``field_first`` (a school's head) a head right after it is the school's
    field, not another body ("Học viện Ngân hàng").

    >>> name_tail(" Hàng không Việt Nam công bố", 0)[0], name_tail(" Mỹ - Trung của", 0)[0]
    ('Hàng không Việt Nam', 'Mỹ - Trung')
    """
    line_end = text.find("\n", start, start + 160)
    window_end = line_end if line_end >= 0 else start + 160
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, window_end)]
    stop_words = _stop_words()
    parts = _org_name_parts()[0]
    taken: list[tuple[str, int, int]] = []
    i = 0
    descriptor_ok = descriptor
    previous_capital = False
    brand_at = -1  # where a firm's own name starts after its lines of business
    while i < len(tokens):
        word = tokens[i][0]
        if i + 1 < len(tokens) and _opens_sentence(word, tokens[i + 1][0]):
            break  # "Tập đoàn Điện lực Việt Nam Cụ thể, …": the next sentence
        other = stop.match(text, tokens[i][1]) if stop is not None else None
        if other and not (taken == [] and (other.group(1) in _inner_heads() or field_first)):
            break  # another organisation starts here ("Ban Thường vụ Tỉnh ủy")
        part = parts.match(text, tokens[i][1]) if _CAPITALISED.match(word) else None
        if part and " " in part.group():
            n = i
            while n < len(tokens) and tokens[n][2] <= part.end():
                n += 1
            taken.extend(tokens[i:n])
            i, descriptor_ok, previous_capital = n, False, False
            continue
        if _CAPITALISED.match(word) and word.lower() in stop_words - _NAME_SYLLABLES:
            break  # "… Mỹ Đức. Theo …": a sentence starts, not a name part
        if (
            before_person
            and (taken or not descriptor)
            and i != brand_at
            and (ends_at_person or not _named_after_person(taken))
            and (ends_at_person or not _described_only(taken) or _capitalised_run(tokens, i) > 2)
            and not _inside_nation(taken, word)
            and _person_starts(tokens, i)
        ):
            break  # "Thủ tướng Chính phủ Nguyễn Xuân Phúc": the title's holder
        if taken and _foreign_starts(tokens, i):
            break  # "Chủ tịch Tập đoàn Lotte Shin Dong Bin": a foreign name after the name
        if (
            ends_at_person
            and (not descriptor or any(_CAPITALISED.match(t[0]) for t in taken))
            and not (taken and taken[-1][0] in _FIRM_KINDS)  # "Công ty BĐS Danh Khôi"
            and i != brand_at  # "Công ty CP Thương mại và dịch vụ Hoàng Long"
            and not _inside_nation(taken, word)
            and _person_starts(tokens, i)
            and i + 2 < len(tokens)
            and _CAPITALISED.match(tokens[i + 2][0])
            and _is_vietnamese(tokens[i + 2][0])
        ):
            break  # "Ban Tuyên giáo Trung ương Võ Văn Thưởng": a full name after the name
        if (
            word in "-–"
            and previous_capital
            and _is_vietnamese(taken[-1][0])
            and i + 1 < len(tokens)
            and _CAPITALISED.match(tokens[i + 1][0])
            and not _pairs_with_next(tokens, i + 1)
            and tokens[i + 1][0] not in _CREDIT_WORDS
        ):
            province = _dashed_province(text, taken, tokens[i][2])
            if province:  # "Sở VH-TT Thừa Thiên- Huế": a province written with its dash
                taken.extend(t for t in tokens[i:] if t[2] <= province)
                break
            if not _place_rules()[0].match(text, tokens[i + 1][1]):
                # but "Trường THPT Vĩnh Viễn - TPHCM": where the school is, not its name
                nation = _cued_rules()[3].match(text, tokens[i + 1][1])
                last = i + 2  # "Á - Âu": one more word, and the name ends
                while nation and last < len(tokens) and tokens[last][2] <= nation.end():
                    last += 1  # "Phòng Thương mại Hà Lan - Việt Nam": a country, whole
                taken.extend(tokens[i:last])
                break
        if (
            word == "số"
            and i + 1 < len(tokens)
            and tokens[i + 1][0].isdigit()
            and text[tokens[i + 1][2] : tokens[i + 1][2] + 9] != " thế giới"
        ):  # but "SVĐ số 1 thế giới": the world's first, no unit
            taken.extend(tokens[i : i + 2])  # "Đội CSGT số 1": a numbered unit, and the name ends
            break
        admin = _admin_at(tokens, i)
        if admin:
            n_words, place_end = admin
            taken.extend(tokens[i : i + n_words])
            i += n_words
            province = _place_rules()[0].match(text, tokens[i][1]) if i < len(tokens) else None
            place = _capitalised_run(tokens, i)
            if not place and i < len(tokens) and tokens[i][0].isdigit():
                place = 1  # "UBND quận 9": a district by number
            if not place and descriptor and tokens[i - 1][0] in ("huyện", "quận", "xã", "phường"):
                del taken[-n_words:]  # "lên Phòng GD&ĐT huyện xin ý kiến": which one is not said
                break
            if province:  # "UBND TP Hà Nội Nguyễn Đức Chung": the place is the province
                place = sum(1 for t in tokens[i:] if t[2] <= province.end())
            elif before_person:  # "Chủ tịch UBND TP Nguyễn Đức Chung": a title's holder
                place = _place_before_holder(tokens, i, place)
            taken.extend(tokens[i : i + place])
            break
        if (
            taken
            and len(word) > 1
            and word.isupper()
            and not _is_vietnamese(taken[-1][0])
            and not taken[-1][0].isupper()  # "Công ty TNHH TMDV Tâm Vân"
            and not (i + 1 < len(tokens) and _CAPITALISED.match(tokens[i + 1][0]))
        ):
            break  # "Commonwealth Bank of Australia CBA": the short name after the name
        if _CAPITALISED.match(word):
            taken.append(tokens[i])
            descriptor_ok = False
            if _nation_ends(taken, tokens, i):
                break  # "Bộ Quốc phòng Mỹ nói": a country ends a name
            if before_person and _holder_after_nation(taken, tokens, i):
                break  # "Phát ngôn viên Bộ Ngoại giao Trung Quốc Lục Khảng": the holder
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            abbreviation = len(word) > 1 and word.isupper()
            if (
                (not previous_capital or _joins_after_capital(taken, nxt))
                and not abbreviation
                and nxt.islower()
                and (
                    f"{word.lower()} {nxt}" in _words()
                    or (nxt not in stop_words and _name_goes_on(tokens, i + 2))
                )
                and nxt.isalpha()
                and _is_vietnamese(word)
            ):
                taken.append(tokens[i + 1])
                previous_capital = False
                i += 2
                third = tokens[i][0] if i < len(tokens) else ""
                if third.islower() and f"{word.lower()} {nxt} {third}" in _words():
                    taken.append(tokens[i])  # "Tiêu chuẩn hóa"
                    i += 1
                continue
            previous_capital = True
            i += 1
            continue
        if taken and taken[-1][0] in _FIRM_KINDS and word.islower() and _is_vietnamese(word):
            run = i  # "Công ty CP cấp thoát nước Lạng Sơn": what the firm does, then its name
            while run < len(tokens) and run - i < MAX_DESCRIPTOR and tokens[run][0].islower():
                if tokens[run][0] in stop_words or not tokens[run][0].isalpha():
                    break
                run += 1
            if (
                run > i
                and run < len(tokens)
                and _CAPITALISED.match(tokens[run][0])
                and tokens[run][0].lower() not in stop_words
                and not (stop is not None and stop.match(text, tokens[run][1]))
            ):
                taken.extend(tokens[i:run])
                i = run
                continue
        if (
            word in _FOREIGN_LINKS
            and previous_capital
            and not _is_vietnamese(taken[-1][0])
            and i + 1 < len(tokens)
            and _CAPITALISED.match(tokens[i + 1][0])
        ):
            taken.append(tokens[i])  # "Commonwealth Bank of Australia"
            i += 1
            continue
        if (
            taken
            and taken[-1][0].islower()
            and word.islower()
            and word not in stop_words
            and _is_vietnamese(word)
        ):
            run = i
            while (
                run < len(tokens)
                and run - i < 3
                and tokens[run][0].islower()
                # "TAND Tối cao ủy quyền cho TAND …"; but "… vũ khí của LHQ" is a name
                and (tokens[run][0] not in _FUNCTION_WORDS or tokens[run][0] == "của")
                and not _verb_start().match(text, tokens[run][1])  # "… còn yêu cầu Hà Nội"
            ):
                run += 1
            if run < len(tokens) and len(tokens[run][0]) > 2 and tokens[run][0].isupper():
                taken.extend(tokens[i : run + 1])  # "Vàng bạc đá quý DOJI"
                i = run + 1
                continue
            if (
                run > i + 1
                and run < len(tokens)
                and tokens[run - 1][0] == "số"
                and tokens[run][0].isdigit()
            ):
                taken.extend(tokens[i : run + 1])  # "HTX … Nông lâm sản số 1": a numbered unit
                break
            if (
                unit
                and run < len(tokens)
                and stop is not None
                and stop.match(text, tokens[run][1])
                and not any(t[0] in _FUNCTION_WORDS for t in tokens[i:run])
            ):
                taken.extend(tokens[i:run])  # "Vụ Kiểm soát chi Kho bạc Nhà nước": the parent
                break
            province = None
            if run < len(tokens) and not any(t[0] in _FUNCTION_WORDS for t in tokens[i:run]):
                province = _place_rules()[0].match(text, tokens[run][1]) or _cued_rules()[3].match(
                    text, tokens[run][1]
                )
            if province:  # "Công viên cây xanh Hà Nội", "Đảng Nhân dân cách mạng Campuchia":
                # the name ends with its place or its country
                while run < len(tokens) and tokens[run][2] <= province.end():
                    run += 1
                taken.extend(tokens[i:run])
                break
        if word == "và" and taken and taken[-1][0].islower() and _is_firm(text, start, taken):
            run = _business_lines(text, tokens, i + 1, stop_words, stop)
            if run:  # "Công ty CP Đầu tư và xây dựng Tây Trường Sơn": a second line of business
                taken.extend(tokens[i:run])
                i = brand_at = run
                continue
        if (
            word == "và"
            and taken
            and taken[-1][0].islower()
            and i + 1 < len(tokens)
            and _CAPITALISED.match(tokens[i + 1][0])
            and not tokens[i + 1][0].isupper()
        ):
            taken.append(tokens[i])
            previous_capital = False
            i += 1
            continue
        if descriptor_ok and word.islower() and word.isalpha() and word not in stop_words:
            run = i
            while run < len(tokens) and run - i < MAX_DESCRIPTOR:
                w = tokens[run][0]
                if not (w.islower() and w.isalpha() and w not in stop_words) or _admin_at(
                    tokens, run
                ):
                    break
                if _title_start().match(_lowered(text), tokens[run][1]):
                    run = i  # "Tòa án truy tố cựu chủ tịch Tsunehisa …": a title, no descriptor
                    break
                if _verb_start().match(text, tokens[run][1]):
                    run = i  # "Ban Tổ chức Trung ương công bố Quyết định": a verb, no kind
                    break
                run += 1
            ends_in_name = (
                run < len(tokens)
                and _CAPITALISED.match(tokens[run][0])
                and tokens[run][0] not in _TIME_OPENERS  # "Ảnh: Báo giao thông Cuối tháng 11"
                and not (ends_at_person and _person_starts(tokens, run))
                # "Công an xác định Nguyễn Thị A"; but "Trường THPT chuyên Trần Phú"
            )
            ends_in_level = run < len(tokens) and _admin_at(tokens, run) and run - i >= 2
            ends_in_parent = (  # "Viện khoa học hình sự - Bộ công an": a unit, then its body
                unit
                and run - i >= 2
                and run + 1 < len(tokens)
                and tokens[run][0] in ("-", "–", "(")  # "Ban Quản lý dự án đường sắt (Bộ GTVT)"
                and stop is not None
                and bool(stop.match(text, tokens[run + 1][1]))
            )
            if ends_in_name or ends_in_level or ends_in_parent:
                taken.extend(tokens[i:run])
                i = run
                descriptor_ok = False
                continue
        break
    while taken and taken[-1][0] == "và":
        taken.pop()  # "Bộ Giáo dục và Tổng cục …": the next body
    if not taken:
        return "", start
    return text[taken[0][1] : taken[-1][2]], taken[-1][2]


def _described_only(taken) -> bool:
    """Whether only lowercase words (the body's kind) are taken yet: under a head
    named like a person ("Giám đốc HTX dịch vụ chăn nuôi Thái Sơn") the name that
    ends them is the body's, not the title holder's."""
    return bool(taken) and all(t[0].islower() for t in taken)


def _named_after_person(taken) -> bool:
    """Whether a school's or a hospital's name has begun with a family name alone, so
    that the person it is named after goes on ("Hiệu trưởng Trường THCS Đặng Trần
    Côn"; but "Giám đốc Bệnh viện Bạch Mai Nguyễn Quốc Anh" is the director)."""
    return len(taken) == 1 and taken[0][0] in _surnames()


_CREDIT_WORDS = frozenset({"Ảnh", "Nguồn", "Video", "Clip"})  # "… Tân Sơn Nhất - Ảnh: …"


def _dashed_province(text: str, taken, dash_end: int) -> int:
    """Where a province's name that the last words taken begin ends, when it runs
    past the dash at ``dash_end`` ("Thừa Thiên- Huế", "Bà Rịa - Vũng Tàu"), or 0."""
    for back in (1, 2):
        if len(taken) >= back:
            match = _place_rules()[0].match(text, taken[-back][1])
            if match and match.end() > dash_end:
                return match.end()
    return 0


def _joins_after_capital(taken, nxt: str) -> bool:
    """Whether the last capitalised syllable taken, after another capital, forms a
    word of ``data/words.txt`` with the lowercase one after it: after an
    abbreviation ("Công ty CP Xây dựng", "Ngân hàng TMCP Ngoại thương") or a
    capitalised syllable ("Bệnh viện Nhi Trung ương", "Cảng Hàng không"), but not
    where the capitals end in a place ("Báo Hà Tĩnh điện tử": "tĩnh điện" is a
    word, "Việt Nam giới" too) or the lowercase syllable is a stop word ("Thanh
    Hóa ra")."""
    word = taken[-1][0]
    if f"{word.lower()} {nxt}" not in _words() or nxt in _stop_words():
        return False
    before = taken[-2][0]
    if len(before) > 1 and before.isupper():
        return True
    places = (_place_rules()[0], _cued_rules()[3], _region_rules()[0])
    for k in range(2, min(4, len(taken)) + 1):
        run = " ".join(t[0] for t in taken[-k:]).split(".")[-1]  # "TP.Thanh Hóa"
        if any(rule.fullmatch(run) for rule in places):
            return False
    return True


def _foreign_starts(tokens, i: int) -> bool:
    """True when tokens[i:] start a foreign name: a given or family name of
    person_context.tsv, then a capitalised word that is not Vietnamese ("Shin Dong")."""
    context = _person_context()
    if i + 1 >= len(tokens) or not _CAPITALISED.match(tokens[i + 1][0]):
        return False
    word, nxt = tokens[i][0], tokens[i + 1][0]
    if word in context["family"]:  # romanised East Asian names carry no Vietnamese marks
        return nxt.isascii()
    return word in _foreign_given() and not _is_vietnamese(nxt)


def _nation_ends(taken, tokens, i: int) -> bool:
    """True when the words taken end in a country (``nation`` of person_context.tsv) that
    the next word does not go on with ("Trung ương", "Việt - Nhật", "Việt Đức")."""
    if not _ends_in_nation(taken):
        return False
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    if nxt in ("-", "–") or (_CAPITALISED.match(nxt) and not _foreign_starts(tokens, i + 1)):
        return False  # "Bệnh viện Việt Đức", "Washington Post": the name goes on
    return not (nxt.islower() and f"{taken[-1][0].lower()} {nxt}" in _words())


def _ends_in_nation(taken) -> bool:
    """Whether the last one to three words taken are a country (``nation``)."""
    nation = _cued_rules()[3]
    return any(
        nation.fullmatch(" ".join(t[0] for t in taken[-k:])) for k in (1, 2, 3) if k <= len(taken)
    )


def _inside_nation(taken, word: str) -> bool:
    """True when ``word`` ends a country the words taken began ("Trung" then
    "Quốc"): "Quốc Tập Cận Bình" is no person's name starting there."""
    nation = _cued_rules()[3]
    word = word.split("-")[0]  # "Việt Nam-Cuba"
    return any(
        nation.fullmatch(" ".join([*(t[0] for t in taken[-k:]), word]))
        for k in (1, 2)
        if k <= len(taken)
    )


def _holder_after_nation(taken, tokens, i: int) -> bool:
    """True when the words taken end in a country and a capitalised name follows
    that is neither a place nor an acronym: after a title ("Phát ngôn viên Bộ
    Ngoại giao Trung Quốc Lục Khảng", "Nghị sĩ Quốc hội Ukraine Nadezhda
    Savchenko") it is the title's holder, not more of the body's name."""
    if i + 1 >= len(tokens) or not _ends_in_nation(taken):
        return False
    nxt = tokens[i + 1][0]
    if not _CAPITALISED.match(nxt) or nxt.isupper() or nxt in _stop_words():
        return False
    if _inside_nation(taken, nxt) or _is_place_name(f"{taken[-1][0]} {nxt}"):
        return False  # "Trung" then "Quốc": the country goes on; "HĐND Lào Cai", a province
    run = _capitalised_run(tokens, i + 1)
    if run < 2 and _is_vietnamese(nxt):
        return False  # "Tổng công ty Đức Giang": one Vietnamese word names no holder
    following = " ".join(t[0] for t in tokens[i + 1 : i + 4])
    places = (_place_rules()[0], _cued_rules()[3], _region_rules()[0])
    return not any(rule.match(following) for rule in places)


def _pairs_with_next(tokens, i: int) -> bool:
    """True when tokens[i] and the lowercase word after it are one word of words.txt
    ("Nhà máy"): a new phrase starts there, not the end of a name."""
    return i + 1 < len(tokens) and f"{tokens[i][0].lower()} {tokens[i + 1][0]}" in _words()


def _name_goes_on(tokens, i: int) -> bool:
    """False when tokens[i] goes on in lowercase as a phrase ("Bệnh viện Quốc tế Vinh
    điều trị"): the word before it then starts the sentence's verb, not the name's end.
    A capital, a function word, a place word or the end of the text keep the name
    ("HTX Gà đồi Đông Thịnh", "Bệnh viện Ung bướu tỉnh Kiên Giang", "Công ty Thoát nước
    và Môi trường")."""
    if i >= len(tokens):
        return True
    word = tokens[i][0]
    return (
        not word.isalpha()
        or not word.islower()
        or word in _stop_words()
        or bool(_admin_at(tokens, i))
    )


# The kinds of firm the press abbreviates after "Công ty", "Ngân hàng": the firm's
# own name follows them ("Công ty CP cấp thoát nước Lạng Sơn", "Công ty TNHH MTV").
_FIRM_KINDS = frozenset(
    {"CP", "CTCP", "TNHH", "MTV", "TMCP", "TM", "DV", "TMDV", "XNK", "BĐS", "XD", "SX", "KD"}
)

_FIRM_HEAD = re.compile(r"(?i)(?:công ty|cty)(?:\s+(?:cổ phần|tnhh|cp|mtv))*\s*$")


def _is_firm(text: str, start: int, taken) -> bool:
    """Whether the name being read is a firm's: its head is "Công ty"/"Cty", or a
    firm's kind (``_FIRM_KINDS``, "Cổ phần") is among the words taken."""
    if _FIRM_HEAD.search(text, max(0, start - 30), start):
        return True
    words = [t[0] for t in taken]
    return any(w in _FIRM_KINDS for w in words) or any(
        a.lower() == "cổ" and b == "phần" for a, b in zip(words, words[1:], strict=False)
    )


def _business_lines(text: str, tokens, at: int, stop_words, stop) -> int:
    """Where a firm's name goes on after its "và" (``at`` is the token after it), or 0.

    Firms are named by their lines of business, joined by "và" and often in
    lowercase after the first ("Công ty CP Đầu tư và xây dựng Tây Trường Sơn
    Quảng Nam", "Công ty TNHH MTV Thiết kế và tư vấn xây dựng công trình hàng
    không (ADCC)"): a run of lowercase Vietnamese words goes on when a
    capitalised name ends it (the run's index is returned) or the firm's short
    name in brackets follows (the index after the run)."""
    run = at
    while run < len(tokens) and run - at < 8:
        w = tokens[run][0]
        if not (w.islower() and w.isalpha() and _is_vietnamese(w)):
            break
        if w in stop_words and not (run > at and f"{tokens[run - 1][0]} {w}" in _words()):
            break  # but "hàng không", a word whose second syllable is a stop word
        if _title_start().match(_lowered(text), tokens[run][1]):
            return 0  # "Công ty CP Sữa và giám đốc …": a title, then its holder
        if stop is not None and stop.match(text, tokens[run][1]):
            return 0  # "… và công ty TNHH World": the next firm
        run += 1
    if run == at or run >= len(tokens):
        return 0
    word = tokens[run][0]
    if (
        _CAPITALISED.match(word)
        and word.lower() not in stop_words
        and not (stop is not None and stop.match(text, tokens[run][1]))
    ):
        return run
    if word == "(" and run + 1 < len(tokens) and tokens[run + 1][0].isupper():
        return run
    return 0


_FOREIGN_LINKS = frozenset(
    {"of", "and", "for", "in", "on", "de", "du", "la", "del", "&"}
)  # inside a foreign name


def _place_before_holder(tokens, i: int, run: int) -> int:
    """How many of the ``run`` capitalised tokens at ``i`` name the place, when a
    title's holder may follow it: the run less a full name of three or four
    words that ends it ("xã Vĩnh Quỳnh | Nguyễn Thị Thu Hồng", "TP | Nguyễn Đức
    Chung", "xã Lê Lợi | Trần Văn Nam"); a shorter run is the place's own name
    ("phường Nguyễn Trãi", "xã Lê Lợi")."""
    whole = 0  # the run without _capitalised_run's cap of four words
    while i + whole < len(tokens) and _CAPITALISED.match(tokens[i + whole][0]) and whole < 8:
        whole += 1
    for k in range(max(0, whole - 4), whole - 2):
        if _person_starts(tokens, i + k) and not _person_starts(tokens, i + k + 1):
            return min(k, run)  # "huyện Gia Lâm | Nguyễn Ngọc Thuần": Lâm is the place's
    return run


def _person_starts(tokens, i: int) -> bool:
    """True when tokens[i:] start a Vietnamese name: a family name, a capitalised word."""
    return (
        i + 1 < len(tokens)
        and tokens[i][0] in _surnames()
        and bool(_CAPITALISED.match(tokens[i + 1][0]))
        and _is_vietnamese(tokens[i + 1][0])
        and not any(
            _is_place_name(phrase) or _cued_rules()[3].fullmatch(phrase)
            for phrase in (" ".join(t[0] for t in tokens[i : i + n]) for n in (2, 3))
        )  # "Hà Nội", "Hồ Chí Minh", "Thái Lan": a place
    )


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(_data_lines("surnames.txt"))


def _admin_at(tokens, i: int) -> tuple[int, int] | None:
    """(words, end) when tokens[i:] start with an administrative word ("tỉnh", "thành phố")."""
    if i >= len(tokens):
        return None
    first = tokens[i][0]
    two = f"{first} {tokens[i + 1][0]}" if i + 1 < len(tokens) else ""
    if two in ("thành phố", "thị xã", "thị trấn"):
        return 2, tokens[i + 1][2]
    if two in ("TP .", "Tp .") and _city_after(tokens, i + 2):
        return 2, tokens[i + 1][2]  # "Công an TP. Tuyên Quang": a full stop, then the city
    if first in ("tỉnh", "huyện", "quận", "TP", "TP.") or (
        first in ("xã", "phường") and i + 1 < len(tokens) and _CAPITALISED.match(tokens[i + 1][0])
    ):
        return 1, tokens[i][2]
    return None


def _city_after(tokens, i: int) -> bool:
    """Whether a city's name starts at ``i`` after "TP." rather than a new sentence
    ("TP. Hà Nội", "TP. Mỹ Tho"; not "TP. Riêng …", "TP. Bí thư …"): two capitalised
    words, no stop word first, or a province's name of one word ("TP. Huế")."""
    if i >= len(tokens) or not _CAPITALISED.match(tokens[i][0]):
        return False
    if tokens[i][0].lower() in _stop_words():
        return False
    two = i + 1 < len(tokens) and bool(_CAPITALISED.match(tokens[i + 1][0]))
    return two or _is_place_name(tokens[i][0])


def _capitalised_run(tokens, i: int) -> int:
    """Capitalised words from ``i`` (at most 4), up to a sentence's first word ("Theo")."""
    stop_words = _stop_words()
    n = 0
    while i + n < len(tokens) and _CAPITALISED.match(tokens[i + n][0]) and n < 4:
        if n and tokens[i + n][0].lower() in stop_words:
            break
        n += 1
    return n


# -- people -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _people_rules():
    surnames = _data_lines("surnames.txt")
    roles = _data_lines("roles.txt")
    context = _person_context()
    syllable = rf"[{UPPER}][a-zà-ỹđ]+"
    initial = rf"(?:[ \t][{UPPER}]\.(?!\w))?"  # "Nguyễn Văn B."
    name = re.compile(  # on one line: a byline's name is not joined to the credit below it
        rf"(?<![\w.])((?:{_alternation(surnames)})(?:[ \t]A(?=[ \t]{syllable}))?"
        rf"(?:[ \t]{syllable}){{1,3}}{initial})(?![\w])"  # "Giàng A Hạng": the Hmong "A"
    )
    role_alt = _alternation([*roles, *context["cue"]])
    cue_before = re.compile(rf"(?i:(?:^|[\s,(])(?:{role_alt})(?:\s+thường trực)?)[\s,:.]*$")
    role_after = re.compile(rf"\s*[,–\-]\s*((?i:{role_alt}))(?!\w)")
    # "Phó Tổng Thư ký": a title in headline case starts no name either
    role_start = re.compile(rf"(?:{_alternation(roles, flexible_case=True)})(?!\w)")
    return name, cue_before, role_after, role_start


@lru_cache(maxsize=1)
def _person_context() -> dict[str, list[str]]:
    """The rules of ``data/person_context.tsv`` by kind, its countries (``nation``)
    with the world's of :func:`coopsearch.countries.country_names` but for given
    names ("Jordan")."""
    context = _data_kinds("person_context.tsv", PERSON_CONTEXT_KINDS)
    listed, given = set(context["nation"]), set(context["given"])
    more = sorted(n for n in country_names() if n not in listed and n not in given)
    return {**context, "nation": [*context["nation"], *more]}


# A capitalised word of a name, foreign ones included ("McCooey", "Geun-hye", "O'Neil").
_NAME_WORD = rf"[{UPPER}][\w'’]*(?:-[\w]+)*"


class _LookBehind:
    """``finditer`` for a name found from what ends or follows it: each match of
    ``anchor`` and, just before it, the text ``before`` matches at its end (with
    ``keep``, the anchor's own text too). Faster than one regex trying the name at
    every capitalised word."""

    def __init__(self, anchor: re.Pattern, before: re.Pattern, keep: bool = False):
        self.anchor, self.before, self.keep = anchor, before, keep

    def finditer(self, text: str):
        for anchor in self.anchor.finditer(text):
            start = max(0, anchor.start() - 70)  # a name of up to eight words
            found = self.before.search(text, start, anchor.start())
            if found:
                end = anchor.end() if self.keep else found.end(1)
                yield _Span(text, found.start(1), end, self)


class _Span:
    """The little of ``re.Match`` that :class:`_LookBehind`'s users read."""

    def __init__(self, text: str, start: int, end: int, rule: _LookBehind):
        self.string, self._start, self._end, self.re = text, start, end, rule

    def group(self, n: int = 0) -> str:
        return self.string[self._start : self._end]

    def start(self, n: int = 0) -> int:
        return self._start

    def end(self, n: int = 0) -> int:
        return self._end


@lru_cache(maxsize=1)
def _cued_rules():
    """Regexes of the names a cue introduces (:func:`_cued_people`)."""
    context = _person_context()
    cues = [*_data_lines("roles.txt"), *context["cue"]]
    # a cue of two words or more also opens a sentence ("Nhạc sĩ Đức Huy cho rằng")
    cues += [c[0].upper() + c[1:] for c in cues if " " in c and c[0].islower()]
    cue_first = _first([*cues, "nam", "nữ", "Nam", "Nữ"])
    cues = _alternation(cues)
    initial = rf"[{UPPER}]\.(?:[{UPPER}]\.)*[ \t]*"  # "ngài I. Dodon", "George H.W. Bush"
    run = rf"(?:{initial})?{_NAME_WORD}(?:[ \t]+(?:{initial})?{_NAME_WORD}){{0,7}}"
    modifier = _alternation(context["modifier"])  # "diễn viên nổi tiếng Trung Quốc Huỳnh Lỗi"
    cued = re.compile(
        rf"{cue_first}(?<![\w.])(?:(?:nam|nữ|Nam|Nữ)\s+)?(?:{cues})"
        rf"(?:[ \t]+(?:{modifier}))?(?:[ \t]*:)?[ \t]+({run})"  # "5 thí sinh: Hiền Hồ"
    )
    credit = re.compile(  # "Ảnh: VGP/Thành Chung": the agency may come first
        rf"{_first(context['credit'])}(?<!\w)(?:{_alternation(context['credit'])})[ \t]*"
        rf"(?:[{UPPER}][\w.+]{{1,15}}[ \t]*/[ \t]*)?({run})"
    )
    # "Bernard Spolsky, giáo sư …", "Mike Ren, một nhà thiết kế": the title after the
    # name is found first, then the name
    after = _LookBehind(
        re.compile(rf",\s*(?:một\s+)?(?:nam\s+|nữ\s+)?(?i:{cues})(?!\w)"),
        re.compile(rf"(?<![\w.])({run})\s*$"),
    )
    nation = re.compile(rf"(?:{_alternation(context['nation'])})(?!\w)")
    not_after = re.compile(rf"(?<!\w)(?:{_alternation(context['not_after'])})\s+$")
    syllables = frozenset(_data_lines("syllables.txt"))
    return cued, credit, after, nation, not_after, syllables


_INDEFINITE_AFTER = re.compile(r",[ \t]*một[ \t]")
# Words between a cue and a name that say the name is a thing's, not the person's: a
# classifier ("tài xế chiếc xe Ford Everest", "cô mèo Hello Kitty"), a project, a
# contest ("cầu thủ dự World Cup", "thủ môn hàng đầu Premier League"), a work, a city
# ("Hoàng tử thành Rome").
_THING_BETWEEN = frozenset(
    {"chiếc", "xe", "con", "cái", "mèo", "chó", "dự", "vô", "địch", "hàng", "đầu"}
    | {"sáng", "tác", "giải", "bài", "hát", "phim", "thành"}
    # a place's word: "Thống đốc bang Virginia Terry McAuliffe", "điện Kremlin"
    | {"bang", "điện", "phố", "tỉnh", "vùng", "hạt", "đảo", "sông", "núi", "quận", "huyện"}
)  # syllables: the words between are read a syllable at a time
# Pronouns and kin words that are cues to a name right after them ("ông Tian
# Shihong") but, with words between, say nothing of the name that comes after
# ("Năm 2015 ông thăm Silicon Valley").
_KIN_CUES = frozenset(
    {"ông", "bà", "anh", "chị", "em", "cháu", "bé", "cô", "vợ", "chồng", "ngài"}
    | {"con gái", "con trai", "anh trai", "em trai", "chị gái", "em gái"}
    | {"bạn thân", "bạn gái", "bạn trai", "người tình", "chồng cũ", "vợ cũ"}
)
# The last word of a contest's, a show's or a place's name ("Champions League").
_EVENT_ENDS = frozenset(
    {"League", "Cup", "Championship", "Open", "Games", "Prix", "Awards", "Award", "Festival"}
    | {"Center", "Centre", "Show"}
)


def _loosely_named(cued: str, name_words: list[str]) -> bool:
    """Whether a name :func:`_loosely_cued_rule` found is a person's: foreign, of two
    words or more, no function word, classifier or contest between the cue and it,
    and no contest's, body's or place's last word at its end."""
    between = cued[: cued.rindex(name_words[0])].split()[1:] if name_words else []
    return (
        len(name_words) >= 2
        and not any(map(_is_vietnamese, name_words))
        and not any(w in _stop_words() or w in _THING_BETWEEN for w in between)
        and not any(w[-1] in "'’" for w in name_words)  # "Rome’ Francesco": a quote's end
        and name_words[-1] not in _EVENT_ENDS
        and name_words[-1] not in _org_context()["suffix"]
        and not _known_bodies().intersection({" ".join(name_words), name_words[0]})
    )


@lru_cache(maxsize=1)
def _loosely_cued_rule() -> re.Pattern:
    """A cue, one or two lowercase words that say more of it, then a name: "bác sĩ
    phụ khoa Faouzi Hajri". Only a foreign name of two words or more is taken so
    (:func:`_cued_people`): a Vietnamese one there is as often a place or a body."""
    cues = [
        cue
        for cue in [*_data_lines("roles.txt"), *_person_context()["cue"]]
        if cue.lower() not in _KIN_CUES
    ]
    run = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}}"
    return re.compile(
        rf"{_first(cues)}(?<![\w.])(?:{_alternation(cues)})"
        rf"(?:[ \t]+[a-zà-ỹđ]+){{1,2}}[ \t]+({run})"
    )


@lru_cache(maxsize=1)
def _foreign_rules():
    """Names opened by a foreign given name or an East Asian family name
    (``given`` and ``family`` of ``data/person_context.tsv``)."""
    context = _person_context()
    initials = rf"[{UPPER}]\.(?:[{UPPER}]\.)*"  # "George H.W. Bush"
    more = rf"(?:[ \t]+(?:{_NAME_WORD}|{initials})){{1,3}}"
    given = re.compile(rf"(?=[A-Z])(?<![\w.’'-])(?:{_alternation(context['given'])}){more}")
    # "Bộ trưởng … Nhật Bản Nobuteru Ishihara": a foreign name right after a country
    after_nation = re.compile(
        rf"{_first(context['nation'])}(?<!\w)(?:{_alternation(context['nation'])})"
        rf"[ \t]+({_NAME_WORD}{more})"
    )
    family = re.compile(rf"(?=[A-Z])(?<![\w.’'-])(?:{_alternation(context['family'])}){more}")
    return given, family, after_nation


@lru_cache(maxsize=1)
def _said_rule() -> _LookBehind:
    """A name of capitalised words just before an age, a birth year or a verb of saying
    (``said`` of ``data/person_context.tsv``)."""
    said, first = _alternation(_person_context()["said"]), _first([*_person_context()["said"], "("])
    return _LookBehind(
        re.compile(rf"{first}(?:(?<=[ \t])(?:{said})(?!\w)|\((?:SN|sinh năm|\d{{1,3}}\s*tuổi))"),
        re.compile(rf"(?<![\w.])({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}})[ \t]*$"),
    )


@lru_cache(maxsize=1)
def _aged_rule() -> _LookBehind:
    """One to four capitalised words just before an age: "Sakae Muto, 67 tuổi",
    "Lia (4 tuổi)", "Leonardo (3 tháng tuổi)"."""
    return _LookBehind(
        re.compile(r"(?:,[ \t]*|[ \t]*\([ \t]*)\d{1,3}[ \t]*(?:tháng[ \t]*)?tuổi(?!\w)"),
        re.compile(rf"(?<![\w.])({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})$"),
    )


def _aged_people(text: str) -> list[tuple[int, str]]:
    """Names, Vietnamese or foreign, that an age follows ("Ichiro Takekuro, 71
    tuổi", "Capri (2 tuổi)"): a person, unless a title, a place, a country or a
    body, or the end of a longer capitalised name.

    >>> [n for _, n in _aged_people("gồm Ichiro Takekuro, 71 tuổi và Lia (4 tuổi); Hà Nội, 1 tuổi")]
    ['Ichiro Takekuro', 'Lia']
    """
    nation, heads = _cued_rules()[3], _org_rules()[0]
    known, role_start, not_after = _bare_rules()[0], _people_rules()[3], _cued_rules()[4]
    cue = _cue_start()
    found = []
    for match in _aged_rule().finditer(text):
        name, start = match.group(), match.start()
        lead = nation.match(text, start) or cue.match(text, start) or role_start.match(text, start)
        if lead and lead.end() < start + len(name):  # "cầu thủ Lia", "Chủ tịch Muto"
            name = text[lead.end() : start + len(name)].lstrip()
            start = text.index(name, lead.end())
        words = name.split()
        if any(w.isupper() for w in words) or words[0].lower() in _stop_words():
            continue  # "HLV", "Theo": an abbreviation or a sentence's first word
        if _is_place_name(name) or nation.fullmatch(name) or known.fullmatch(name):
            continue
        if heads.match(text, start) or role_start.match(text, start):
            continue
        if not_after.search(text[max(0, start - 20) : start]):
            continue
        found.append((start, name))
    return found


def _said_people(text: str) -> list[tuple[int, str]]:
    """Names of two to four capitalised Vietnamese syllables that an age or a birth year
    follows ("Văn Kính Dương (36 tuổi"), or a verb of saying ("Công Phượng chia sẻ"):
    a person, unless a title, a place, a country or a body.

    >>> text = "Văn Kính Dương (36 tuổi) và Công Phượng chia sẻ; Hà Nội cho biết"
    >>> [n for _, n in _said_people(text)]
    ['Văn Kính Dương', 'Công Phượng']
    """
    nation, heads = _cued_rules()[3], _org_rules()[0]
    known, role_start, not_after = _bare_rules()[0], _people_rules()[3], _cued_rules()[4]
    titles = _title_start()
    found = []
    cue = _cue_start()
    for match in _said_rule().finditer(text):
        name, start = match.group(), match.start()
        while True:  # "HLV Hữu Thắng chia sẻ", "Trung Quốc Vương Nghị cho biết"
            lead = (
                nation.match(text, start) or cue.match(text, start) or role_start.match(text, start)
            )
            if not lead or lead.end() >= start + len(name):
                break
            name = text[lead.end() : start + len(name)].lstrip()
            start = text.index(name, lead.end())
        words = name.split()
        if len(words) < 2 or any(w.isupper() for w in words):
            continue  # one word; "HLV": an abbreviation, not a name
        verb = re.match(r"\s*([a-zà-ỹđ]+)", text[start + len(name) : start + len(name) + 12])
        if verb and f"{words[-1].lower()} {verb.group(1)}" in _words():
            continue  # "Phim Câu nói từ Chúa": a word goes on in lowercase
        if words[0].lower() in _stop_words() or not all(map(_is_vietnamese, words)):
            continue
        if _name_end(words) < len(words) or any(w.lower() in _stop_words() for w in words):
            continue
        if _is_place_name(name) or nation.fullmatch(name) or known.fullmatch(name):
            continue
        if heads.match(text, start) or role_start.match(text, start):
            continue
        if titles.match(_lowered(text), start) or not_after.search(
            text[max(0, start - 20) : start]
        ):
            continue
        found.append((start, name))
    return found


_ASCII_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


@lru_cache(maxsize=1)
def _ascii_capitalised(text: str) -> frozenset[str]:
    """The capitalised words of ``text`` in plain Latin letters (one article's, kept
    while the rules of its people read it)."""
    return frozenset(_ASCII_CAPITALISED.findall(text))


@lru_cache(maxsize=1)
def _holds_foreign_word(text: str) -> bool:
    """Whether ``text`` holds a capitalised word that is no Vietnamese syllable."""
    return not all(_is_vietnamese(w) for w in _ascii_capitalised(text))


def _foreign_people(text: str) -> list[tuple[int, str]]:
    """Foreign names that need no cue: a known given name ("Bill Clinton", "Cesc
    Fabregas") or an East Asian family name ("Lee Jae Yong") and the capitalised words
    after it, foreign (after a family name, without Vietnamese marks); not after a
    foreign capitalised word (the name starts there), never a place, a body or a word
    going on in lowercase.

    >>> [n for _, n in _foreign_people("Bill Clinton và Angela Merkel; Lee Jae Yong; Mark Group")]
    ['Bill Clinton', 'Angela Merkel', 'Lee Jae Yong']
    """
    given, family, after_nation = _foreign_rules()
    nation = _cued_rules()[3]
    heads = _org_rules()[0]
    known, suffix = _bare_rules()[0], _bare_rules()[4].anchor
    stop_words = _stop_words()
    found = []
    if not _holds_foreign_word(text):
        return []  # no foreign word at all: most articles
    capitalised = _ascii_capitalised(text)
    rules = [after_nation]
    if capitalised & _foreign_given():
        rules.append(given)
    if capitalised & frozenset(_person_context()["family"]):
        rules.append(family)
    for rule in rules:
        for match in rule.finditer(text):
            if rule is after_nation:
                match = _Span(text, match.start(1), match.end(1), rule)
                if not all(w.isascii() and not _is_vietnamese(w) for w in match.group().split()):
                    continue  # only foreign words: "Mỹ Đình", "Anh Tuấn" are not
            before = text[max(0, match.start() - 30) : match.start()].split()
            if (
                before
                and _CAPITALISED.match(before[-1])
                and before[-1][-1].isalnum()
                and not _is_vietnamese(before[-1])
                and not known.fullmatch(before[-1])  # "Thái tử Samsung Lee Jae Yong"
                and not before[-1].isupper()  # "đài TF1 Paul Larouturou", "CEO Tim Cook"
            ):
                continue  # inside a longer foreign name ("Santino D'Antonio")
            words = match.group().split()
            words = words[: _name_end(words)]
            kept = words[:1]
            for word in words[1:]:
                at = match.start() + match.group().index(word, len(" ".join(kept)))
                if word.lower() in stop_words or heads.match(text, at) or nation.match(text, at):
                    break
                if word == kept[0]:
                    break  # "Lauren Young Lauren Young": a caption repeats the name
                if suffix.match(text, at):
                    kept = []  # "Henderson Development": a firm
                    break
                kept.append(word)
            if len(kept) < 2:
                continue
            rest = [w for w in kept[1:] if not w.endswith(".")]
            if rule is family and not all(w.isascii() for w in rest):
                continue  # "Kim Ngân": Vietnamese marks, a Vietnamese name
            if rule is given and all(_is_vietnamese(w) for w in rest):
                continue  # "Ryan Giang": Vietnamese syllables, another rule's
            name = " ".join(kept)
            if _is_place_name(name):
                continue
            found.append((match.start(), name))
    return sorted(found)


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    return frozenset(_data_lines("words.txt"))


# The shape of a Vietnamese syllable: an initial consonant, one vowel group, a final
# consonant ("thoan", "ruệ", "mỵ"; not "mobile"). Rarer syllables than syllables.txt holds.
_SYLLABLE = SYLLABLE


_NEXT_LOWER = re.compile(r"\s+([a-zà-ỹđ]+)")


def _word_goes_on(text: str, end: int, last: str) -> bool:
    """Whether ``last``, a name's last word ending at ``end``, makes a word of
    ``data/words.txt`` with the lowercase word after it ("Quyết định", "Bộ
    trưởng"): a word goes on in lowercase, so the name ends before ``last``."""
    following = _NEXT_LOWER.match(text[end : end + 12])
    return bool(following) and f"{last.lower()} {following.group(1)}" in _words()


@lru_cache(maxsize=4)
def _lowered(text: str) -> str:
    """``text`` in lowercase, computed once per article for the case-blind matches."""
    return text.lower()


def _is_vietnamese(word: str) -> bool:
    """True for a Vietnamese syllable ("Nguyễn", "Thu") or syllables joined by a hyphen
    ("Á-Thái"); False for "Phelps", "Geun-hye", "José"."""
    syllables = _cued_rules()[5]
    return all(
        part in syllables or (not part.isascii() and _SYLLABLE.fullmatch(part))
        for part in word.lower().split("-")
    )  # syllables.txt lacks a few names' syllables ("Nguyễn"); their marks tell them


def _cued_people(text: str, place_spans=()) -> list[tuple[int, str]]:
    """Names a title or a description introduces, with or without a family name of
    ``data/surnames.txt``, Vietnamese or foreign (rules in ``data/person_context.tsv``):
    "hoa hậu Phương Nga", "Thủ tướng Campuchia Hun Sen", "ông Tian Shihong",
    "Ảnh: Huy Hùng/TTXVN", "Bernard Spolsky, giáo sư …".

    >>> [n for _, n in _cued_people("Thủ tướng Campuchia Hun Sen và ca sĩ Minh Béo")]
    ['Hun Sen', 'Minh Béo']
    """
    cued, credit, after, nation, _, _ = _cued_rules()
    heads = _org_rules()[0]
    places = _place_rules()[0]
    cue_at = _people_rules()[3]
    stop_words = _stop_words()
    found = []
    loose = _loosely_cued_rule()
    # the loose rule takes foreign names only: most articles hold none
    foreign = _holds_foreign_word(text)
    for rule in (cued, credit, after, loose) if foreign else (cued, credit, after):
        for match in rule.finditer(text):
            start = match.start(1)
            words = [(start + m.start(), m.group()) for m in re.finditer(r"\S+", match.group(1))]
            i = 0
            while i < len(words):  # "Ông Rad Kivette", "Thủ tướng Campuchia Hun Sen"
                at = words[i][0]
                skip = cue_at.match(text, at)
                if rule is not credit:  # "Ảnh: Anh Nguyễn": a credit names, as written
                    skip = skip or cue_at.match(_lowered(text), at)
                if rule is not credit and not skip:
                    skip = nation.match(text, at) or places.match(text, at)
                    rest = [w for a, w in words[i:] if a >= skip.end()] if skip else []
                    if skip and len(rest) < 2 and all(map(_is_vietnamese, rest)):
                        skip = None  # "Nhạc sĩ Đức Huy": the name, not the country
                if not skip:
                    break
                while i < len(words) and words[i][0] < skip.end():
                    i += 1
            if rule is after and i < len(words) - 1 and words[i][1] == "Theo":
                i += 1  # "Theo Mike Ren, một nhà thiết kế": a source, then who it is
            name_words = []
            for at, word in words[i:]:
                if len(name_words) == 4 or word.lower() in stop_words or heads.match(text, at):
                    break
                if not any(c.islower() for c in word) and not re.fullmatch(r"(?:\w\.)+", word):
                    break  # "PK", "TTXVN": initials or an agency
                if name_words and word == name_words[0]:
                    break  # "Fernando Hierro Fernando Hierro": a caption repeats the name
                if name_words and cue_at.match(text, at):
                    break  # "Ảnh: VGP/Thành Chung Phó Thủ tướng …": a title, the next sentence
                name_words.append(word)
            name_words = name_words[: _name_end(name_words)]  # "Sylvie Goulard Đảng Modem"
            if name_words and _is_vietnamese(name_words[-1]):
                # "Bộ trưởng Ngoại giao", "Phó Chủ tịch": a word goes on in lowercase
                end = words[i + len(name_words) - 1][0] + len(name_words[-1])
                if _word_goes_on(text, end, name_words[-1]):
                    name_words.pop()
            for k in range(len(name_words) - 1):
                if re.fullmatch(r"(?:\w\.)+", name_words[k]) and _is_vietnamese(name_words[k + 1]):
                    name_words = name_words[:k]  # "anh T. Ngay sau khi": a new sentence
                    break
            if not any(any(c.islower() for c in w) for w in name_words):
                continue  # "chị H. T.": initials only
            if len(name_words) == 1 and name_words[0] in _surnames() and len(words) > i + 1:
                continue  # "em Đặng T.A": a family name and initials, not a name
            if rule is after and (
                all(map(_is_vietnamese, name_words))
                or len(name_words) < 2
                and not _INDEFINITE_AFTER.match(text, words[i][0] + len(name_words[0]))
            ):
                continue  # only a foreign name of two words or more needs no cue before it,
                # or of one described as one of a kind ("Hichem, một sinh viên nam 29 tuổi")
            if (
                rule is after
                and len(name_words) == 1
                and (
                    name_words[0] in _bare_rules()[3]
                    or bool(
                        set(text[max(0, words[i][0] - 12) : words[i][0]].split()[-1:])
                        & _FUNCTION_WORDS
                    )
                )
            ):
                continue  # "trên trang mạng Twitter, một người phát ngôn": a network;
                # "Phát biểu tại Davos, một chuyên gia nhận định": a place
            if rule is loose and not _loosely_named(match.group(), name_words):
                continue  # "bác sĩ phụ khoa Faouzi Hajri"; not "cầu thủ dự World Cup"
            if rule is after and i + len(name_words) < len(words):
                continue
            if rule is credit and (len(name_words) < 2 or not all(map(_is_vietnamese, name_words))):
                continue  # "Ảnh: Reuters": an agency; "Ảnh: Cắt từ clip": a word
            name = " ".join(name_words)
            if _is_place_name(name) or nation.fullmatch(name):
                continue
            following = text[words[i][0] + len(name) : words[i][0] + len(name) + 5]
            listed = re.match(r"\s*(?:[,(;]|và )", following)
            if rule is cued and ":" in text[match.start() : match.start(1)] and not listed:
                continue  # "Phóng viên: Thưa ông": a speaker's turn; "5 thí sinh: A (…), B" lists
            found.append((words[i][0], name))
    return sorted(found)


def extract_people(text: str, place_spans=()) -> tuple[Person, ...]:
    """People named with a role or a title ("Đồng chí Lê Huyền, Phó Chủ tịch UBND tỉnh").

    A name spelt as a province ("Hà Tĩnh", "Chủ tịch Hà Nội") is a place; only
    one that ``data/place_context.tsv`` marks ambiguous is a person, when a
    title introduces it and no place word stands before it ("Chủ tịch Hồ Chí
    Minh" is the president; "Tp. Hồ Chí Minh" is the city).

    >>> extract_people("Đồng chí Lê Huyền, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp.")
    (Person(name='Lê Huyền', role='Phó Chủ tịch UBND tỉnh'),)
    """
    name_rule, cue_before, role_after, role_start = _people_rules()
    _, _, _, nation, not_after, _ = _cued_rules()
    people: dict[str, Person] = {}
    # named with a title, a role, a cue or a foreign given name, in the order met (a
    # set's order changes with the process's hash seed, and the lists read from it)
    strong: dict[str, None] = {}
    cued_names: set[str] = set()  # a family name's run with a title, a role or a cue
    for match in _name_matches(name_rule, text, place_spans):
        name = match.group(1)
        if role_start.match(text, match.start()):
            continue  # "Phó Chủ tịch": Phó is a family name and a title
        name = _before_title(text, match, role_start)
        if len(name.split()) < 2 or _ends_a_place(text, match.start()):
            continue  # "Chung Phó Thủ tướng"; "Việt Nam Bùi Văn Quân": "Nam" ends a place
        if not_after.search(text[max(0, match.start() - 20) : match.start()]):
            continue  # "nút giao Hoàng Minh Giám", "Trường Tiểu học Nguyễn Huệ": not the person
        given = name.split(maxsplit=1)[1]
        parts = name.split()
        if any(_is_place_name(" ".join(parts[:n])) for n in (2, 3) if n < len(parts)):
            continue  # "Chủ tịch Hà Nội Nguyễn Đức Chung": a place, then the name
        if not all(_SYLLABLE.fullmatch(w.lower()) for w in given.split() if not w.endswith(".")):
            continue  # "Hoàng Hà Mobile": a shop, not a Vietnamese name
        role = _roles_after(text, match.end(), role_after)
        cued = bool(cue_before.search(text[max(0, match.start() - 60) : match.start()]))
        if nation.fullmatch(name) or nation.fullmatch(given):
            continue  # "Đoàn Việt Nam": a delegation
        if _is_place_name(given) and not (cued and len(name.split()) > 2):
            continue  # a place is never a person; but "Phó Thủ tướng Trương Hòa Bình"
        in_place = any(s <= match.start() < e or s < match.end() <= e for s, e in place_spans)
        if not (cued or role) and (in_place or len(name.split()) < 3):
            continue
        if in_place:
            continue  # a name inside a place mention: "Tp. Hồ Chí Minh", "UBND tỉnh Hà Tĩnh"
        if _is_place_name(name) and not (cued and _also_a_person(text, name, match.start())):
            continue  # "Hà Tĩnh", "Chủ tịch Hà Nội": a place; "Chủ tịch Hồ Chí Minh" is not
        known = people.get(name)
        if known is None or (role and not known.role):
            people[name] = Person(name, role)
        if cued or role:
            strong[name] = None
            cued_names.add(name)
    found = [*_cued_people(text, place_spans), *_foreign_people(text), *_said_people(text)]
    found += _aged_people(text)
    for start, name in sorted(found):
        if any(name in known for known in people) or not_after.search(text[:start][-20:]):
            continue
        if any(s <= start < e for s, e in place_spans) or _ends_a_place(text, start):
            continue
        people[name] = Person(name, _roles_after(text, start + len(name), role_after))
        strong[name] = None
    for name in _listed_people(text, strong, place_spans):
        people.setdefault(name, Person(name))
    for start, name in _known_people(text, place_spans):
        if not any(name in known for known in people):
            people[name] = Person(name, _roles_after(text, start + len(name), role_after))
    never = frozenset(_person_context()["not_name"]) | _known_bodies()
    body_ends = frozenset(_org_context()["suffix"])  # "Kaspersky Lab", "Reuters News"
    streets = _street_names(text)
    characters = _characters(text, set(people))
    kept: dict[str, Person] = {}
    for person in people.values():
        if person.name in streets and not person.role and person.name not in cued_names:
            continue  # "hướng về Lê Văn Lương" where the text said "đường Lê Văn Lương"
        if person.name in characters:
            continue  # "Yoo Shi-jin (Song Joong Ki)": a film's character, then its actor
        name = _TIME_AFTER_NAME.sub(r"\1", person.name)  # "Trịnh Hòa Bình Chiều 9/2"
        name = _OPENER_AFTER_NAME.sub(r"\1", name)  # "Ảnh: An Bình Lúc tới gần, …"
        name = _before_opener(text, name)  # "Đào Minh Tú Chia sẻ …"
        words = name.split()
        if (
            len(words) > 2
            and words[-1] in _TIME_OPENERS
            and _DATE_AFTER.match(text, text.find(name) + len(name))
            or len(words) > 2
            and words[-1] in _DAY_TIMES
            and words[-1] != "Sáng"  # a given name too: "Cụ Nguyễn Văn Sáng nay đã 90 tuổi"
            and _TODAY_AFTER.match(text, text.find(name) + len(name))
        ):
            name = " ".join(words[:-1])  # "Ảnh: Mạnh Thắng Sáng 13/5, …": the next sentence
        regnal = None if _is_vietnamese(name.split()[-1]) else _regnal_after(text, name)
        if regnal:
            name = f"{name} {regnal}"  # "Nữ hoàng Elizabeth II", "Vua George VI"
        kin = _KIN_BEFORE_NAME.match(name)
        if kin and kin.group(1).split()[0] in _surnames():
            name = kin.group(1)  # "xô đẩy Bác Tạ Thị Huấn": how she is called, then her name
        if name in never or _DIGIT.search(name) or name.split()[-1] in body_ends:
            # "bệnh nhân Covid-19": a name has no digit; "Chủ tịch Real Madrid, ông
            # Florentino Perez": a known body is never a person, nor "Kaspersky Lab"
            continue
        if name not in kept or (person.role and not kept[name].role):
            kept[name] = Person(name, person.role)
    return tuple(_without_short_references(kept))


_PLAYED_BY = re.compile(r"[ \t]+do[ \t]+[^,.;:()\n]{3,40}?[ \t]+(?:thủ vai|đóng|đảm nhận)\b")
_SCREEN = re.compile(r"(?i)\b(?:bộ phim|phim|vai diễn|thủ vai|series)\b")
# "vai" alone may be an actor's part, not the character ("đôn vai Thanh Trúc").
_CHARACTER_BEFORE = re.compile(
    r"(?:nhân vật|vai diễn|vào vai|đóng vai|thủ vai)(?:[ \t]+chính)?[ \t]+$"
)


def _characters(text: str, names: set[str]) -> frozenset[str]:
    """The ``names`` that are a film's or a show's characters, in an article about a
    film: followed by another of the names in brackets, the actor ("Yoo Shi-jin (Song
    Joong Ki)"; not a nickname, "Lê Quang Thẩm (Tám Thẩm)"), or by "do …
    thủ vai" ("Rachel Berry do Lea Michele thủ vai"), or after "nhân vật" or "vào
    vai" ("nhân vật chính Rachel Berry").

    >>> sorted(_characters("phim: Yoo Shi-jin (Song Joong Ki)", {"Yoo Shi-jin", "Song Joong Ki"}))
    ['Yoo Shi-jin']
    """
    found: set[str] = set()
    if not _SCREEN.search(text):
        return frozenset(found)  # no film, no characters
    for name in names:
        for match in re.finditer(re.escape(name), text):
            after, before = match.end(), text[max(0, match.start() - 20) : match.start()]
            bracketed = re.match(r"[ \t]*\(([^()\n]{3,40})\)", text[after : after + 45])
            actor = bracketed.group(1).strip() if bracketed else ""
            if (
                actor in names
                and len(actor.split()) > 1
                and not set(actor.split()) & set(name.split())  # "Lê Quang Thẩm (Tám Thẩm)"
                or _PLAYED_BY.match(text, after)
                or _CHARACTER_BEFORE.search(before)
            ):
                found.add(name)
                break
    return frozenset(found)


def _without_short_references(people: dict[str, Person]) -> list[Person]:
    """People less the short forms the article also gives in full: "Trump" beside
    "Donald Trump", "Conte" beside "Antonio Conte", "Hữu Thắng" beside "Nguyễn Hữu
    Thắng" are one person, kept by the full name (with the short form's role when
    the full one has none). Only the end of a name is its short form, as the news
    writes it (the family name abroad, the given names at home).

    >>> [p.name for p in _without_short_references(
    ...     {n: Person(n) for n in ("Conte", "Antonio Conte", "Antonio")})]
    ['Antonio Conte', 'Antonio']
    """
    full = sorted(people, key=lambda n: -len(n.split()))
    kept: dict[str, Person] = {}
    for name in full:
        person = people[name]
        longer = next((k for k in kept if _short_form(name, k)), None)
        if longer is None:
            kept[name] = person
        elif person.role and not kept[longer].role:
            kept[longer] = Person(longer, person.role)
    return [kept[name] for name in people if name in kept]


def _short_form(short: str, name: str) -> bool:
    """Whether ``short`` is how the news shortens ``name``: its last word ("Trump"
    of "Donald Trump"), or its given names after a family name of surnames.txt
    ("Hữu Thắng" of "Nguyễn Hữu Thắng", "Kim Ngân" of "Nguyễn Thị Kim Ngân"); not
    the end of a name another word ran into ("Tập Cận Bình" of "Quốc Tập Cận Bình",
    where "Trung Quốc" lost its first word).

    >>> _short_form("Hữu Thắng", "Nguyễn Hữu Thắng")
    True
    >>> _short_form("Tập Cận Bình", "Quốc Tập Cận Bình")
    False
    """
    if not name.endswith(" " + short):
        return False
    if " " not in short:
        return True
    before = name[: -len(short)].split()
    return len(before) <= 2 and before[0] in _surnames()


@lru_cache(maxsize=1)
def _known_bodies() -> frozenset[str]:
    """The bodies news names bare (``data/org_known.txt``, ``data/org_foreign.txt``), as
    written: the clubs, agencies and firms there are never a person's name."""
    return frozenset([*_data_lines("org_known.txt"), *_data_lines("org_foreign.txt"), *_makes()])


@lru_cache(maxsize=1)
def _makes() -> frozenset[str]:
    """Makers of cars and motorbikes (``data/org_makes.txt``)."""
    return frozenset(_data_lines("org_makes.txt"))


# A word for a vehicle or a brand before a make: the car, not the firm ("chiếc
# Mercedes", "xe ô tô 7 chỗ hiệu Lexus", "nhãn hiệu Lamborghini").
_VEHICLE_BEFORE = re.compile(
    r"(?i)(?:chiếc|xe|ô tô|xe hơi|siêu xe|mẫu|mẫu xe|dòng|dòng xe|con|xế|xe máy|mô tô|hiệu)"
    r"[ \t]+$"
)
# A model after a make: its number or a foreign word ("Mazda 3", "BMW X5", "Ford
# Everest", "Isuzu D-MAX"; but "Hyundai Thành Công" is a firm's name).
_MODEL_AFTER = re.compile(r"[ \t]+(\d|[A-Z][\w-]*)")


def _model_after(text: str, end: int) -> bool:
    """Whether a model's number or foreign name follows a make ending at ``end``."""
    model = _MODEL_AFTER.match(text, end)
    return bool(model) and (model.group(1)[0].isdigit() or not _is_vietnamese(model.group(1)))


# A monarch's or a pope's number after a foreign name, part of the name ("Elizabeth II").
_REGNAL = re.compile(r"[ \t]+(II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)(?![\w.])")


def _regnal_after(text: str, name: str) -> str:
    """The number written after ``name`` somewhere in ``text`` ("Elizabeth II"), or ""."""
    at = text.find(name)
    while at >= 0:
        number = _REGNAL.match(text, at + len(name))
        if number and (at == 0 or not text[at - 1].isalnum()):
            return number.group(1)
        at = text.find(name, at + 1)
    return ""


# A street, a school or a place named after a person, and a second street joined to it
# ("nút giao Nguyễn Kiệm - Nguyễn Thái Sơn").
_STREET_RUN = re.compile(rf"[{UPPER}][\w]*(?:[ \t]+[{UPPER}][\w]*){{1,3}}")
_STREET_PAIR = re.compile(r"[ \t]*[-–][ \t]*")
_STREET_ITEM = re.compile(rf"[{UPPER}][\w]*(?:[ \t]+[{UPPER}][\w]*){{0,3}}")  # "Láng" too
# Streets listed after a plural head, with "như", "gồm" or a colon before the list
# ("Các tuyến đường ở quận 1 như Tôn Đức Thắng, Nguyễn Hữu Cảnh, Nguyễn Du…",
# "các tuyến phố: Hoàng Diệu, Lê Hồng Phong, …, đường Láng, Trần Thánh Tông").
_STREET_HEADS = [
    f"{first}{rest}"
    for phrase in ("tuyến đường", "tuyến phố", "các đường", "các phố", "các con đường", "các tuyến")
    for first, rest in ((phrase[0], phrase[1:]), (phrase[0].upper(), phrase[1:]))
]
_STREET_KEYS = ("uyến đường", "uyến phố", "ác đường", "ác phố", "ác con đường", "ác tuyến")
_STREET_LIST = re.compile(
    rf"{_alternation(_STREET_HEADS)}"
    rf"(?:[^.:;\n]{{0,90}}?(?<!\w)(?:như|gồm)[ \t]*:?|[ \t]*:)[ \t]*(?=[{UPPER}])"
)
# A house number before a street's name, and a district, a ward or a province after
# it ("183 Nguyễn Lương Bằng, quận Đống Đa", "198 Trần Quang Khải, Hà Nội").
_ADDRESS = re.compile(
    rf"(?=\d)(?<![\w.,/])(?!(?:19|20)\d\d\b)\d{{1,4}}[A-Z]?(?:/\d{{1,4}}[A-Z]?)*[ \t]+"
    rf"([{UPPER}]\w*(?:[ \t]+[{UPPER}]\w*){{1,3}})"
)
_ADDRESS_AFTER = re.compile(
    r"[ \t]*,[ \t]*(?:(quận|phường|huyện|thị xã|thị trấn|Q\.|P\.|TP|Tp|thành phố)\b)?"
)
# A stretch of road between two streets ("đoạn từ Nguyễn Văn Trỗi qua Trường Sơn",
# "đoạn đường từ Lê Văn Lương đến Tố Hữu").
_STRETCH = re.compile(
    rf"(?=[Đđ])(?<!\w)[Đđ]oạn(?:[ \t]+(?:đường|tuyến|phố))?[ \t]+từ[ \t]+({_STREET_RUN.pattern})"
    rf"[ \t]+(?:đến|tới|qua|sang)[ \t]+({_STREET_RUN.pattern})"
)
_STREET_LIST_JOIN = re.compile(r"(?:[ \t]*[,–-][ \t]*|[ \t]+và[ \t]+)(?:(?:đường|phố)[ \t]+)?")


@lru_cache(maxsize=1)
def _street_start() -> re.Pattern:
    """A word of ``not_after`` (data/person_context.tsv) before a capitalised name."""
    words = _alternation(_person_context()["not_after"])
    return re.compile(rf"(?<!\w)(?:{words})[ \t]+(?=[{UPPER}])")


def _street_names(text: str) -> frozenset[str]:
    """The names an article gives a street, a school or a place (after a word of
    ``not_after`` in ``data/person_context.tsv``): the same name elsewhere in the
    article, with no title or role of its own, is that place too ("đi trên đường
    Lê Văn Lương … hướng về Lê Văn Lương"), one sense per article.

    >>> sorted(_street_names("nút giao Nguyễn Kiệm - Nguyễn Thái Sơn, chợ Lương Văn Can"))
    ['Lương Văn Can', 'Nguyễn Kiệm', 'Nguyễn Thái Sơn']
    >>> sorted(_street_names("các tuyến đường như: Hoàng Hoa Thám, Hoàng Minh Giám, Cộng Hòa..."))
    ['Cộng Hòa', 'Hoàng Hoa Thám', 'Hoàng Minh Giám']
    """
    names: set[str] = set()
    for match in _street_start().finditer(text):
        names.update(_chained_names(text, match.end(), _STREET_RUN, _STREET_PAIR))
    for match in _ADDRESS.finditer(text):  # "198 Trần Quang Khải, Hà Nội": an address
        after = _ADDRESS_AFTER.match(text, match.end())
        if after and (after.group(1) or _place_rules()[0].match(text, after.end())):
            names.add(match.group(1))
    stretches = _STRETCH.finditer(text) if "oạn" in text else ()
    for match in stretches:  # "đoạn từ Nguyễn Văn Trỗi qua Trường Sơn"
        names.update(match.group(1, 2))
    lists = _STREET_LIST.finditer(text) if any(k in text for k in _STREET_KEYS) else ()
    for match in lists:  # "các tuyến phố: Hoàng Diệu, Lê Hồng Phong…"
        names.update(_chained_names(text, match.end(), _STREET_ITEM, _STREET_LIST_JOIN))
    return frozenset(names)


def _chained_names(text: str, at: int, name: re.Pattern, join: re.Pattern) -> list[str]:
    """The names from ``at`` on, each after the last and a ``join`` ("Nguyễn Kiệm -
    Nguyễn Thái Sơn", "Hoàng Diệu, Lê Hồng Phong, đường Láng")."""
    found = []
    run = name.match(text, at)
    while run:
        found.append(run.group())
        joined = join.match(text, run.end())
        run = name.match(text, joined.end()) if joined else None
    return found


_DIGIT = re.compile(r"\d")
# A vehicle's or a phone's make after its kind ("xe máy hiệu Exciter 150"): a number
# after it is the model's; not "thương hiệu Phở 24", "nhãn hiệu Bia 333".
_VEHICLE_KIND = re.compile(r"(?<!thương )(?<!nhãn )hiệu[ \t]*$")
# A Vietnamese number plate's first part ("29B", "51F-123.45"): never part of a name.
_PLATE = re.compile(r"\d{2}[A-Z]{1,2}\d?(?:-|$)")
# A time of day or "Ngày" closing a name run: the next sentence's opening ("Chiều 9/2, …"),
# glued on where a caption lost its line break.
# Not after a two-word name, which may be given so ("Ảnh: Nhan Sáng").
_TIME_AFTER_NAME = re.compile(
    rf"^(\w+(?:[ \t]+\w+){{2,}})[ \t]+(?:{'|'.join((*_DAY_TIMES, 'Ngày'))})$"
)


# A sentence's first word glued to a credit's name where a caption lost its full stop
# ("Ảnh: An Bình Lúc tới gần", "Nguồn: VFF Nguyễn Hưng Theo Đời sống Plus"): these
# words are never part of a name, which ends before them.
_OPENER_AFTER_NAME = re.compile(
    r"^(\w+(?:[ \t]+\w+)+?)[ \t]+(?:Lúc|Theo|Khi|Tại|Trong|Sau|Có|Ông|Bà)(?:[ \t]+\w+)*$"
)


# A kinship word used as a form of address, capitalised before a full name.
_KIN_BEFORE_NAME = re.compile(
    r"^(?:Bác|Cụ|Chú|Dì|Cô|Ông|Bà|Anh|Chị|Em|Cháu|Bé)[ \t]+(\w+(?:[ \t]+\w+){1,3})$"
)


def _before_title(text: str, match: re.Match, role_start: re.Pattern) -> str:
    """A name match cut where a title starts inside it ("Thành Chung Phó Thủ tướng")."""
    name = match.group(1)
    for at in (m.start() for m in re.finditer(r"[ \t]+\S", name)):
        if role_start.match(text, match.start(1) + at + 1):
            return name[:at]
    return name


def _ends_a_place(text: str, start: int) -> bool:
    """Whether the word before ``start`` and the one at it form a place ("Việt Nam",
    "Quảng Nam"): the name match began inside the place's name."""
    before = re.search(r"(\w+)[ \t]+$", text[max(0, start - 20) : start])
    first = re.match(r"\w+", text[start:])
    if not before or not first:
        return False
    pair = f"{before.group(1)} {first.group(0)}"
    return pair == "Việt Nam" or _is_place_name(pair)


_ITEM = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}"
# "Tuấn Hưng, Hà Vân, Randy và Hoàng Tôn": names joined by commas and "và"
# an item may carry a note in brackets ("Hiền Hồ (đội Tóc Tiên), Ali Hoàng Dương (đội …)"),
# not a year, which follows a work's title ("Gozilla (2014) và Star War")
_NOTE = r"(?:[ \t]*\((?!\d{4}\))[^()\n]{1,40}\))?"
_LIST = re.compile(
    rf"(?=[{UPPER}])(?<![\w.])(?:{_ITEM}){_NOTE}"
    rf"(?:(?:[ \t]*,[ \t]*|[ \t]+và[ \t]+)(?:{_ITEM}){_NOTE})+"
)
# "Cameroon (4-3-3): Ondoa; Mabouka, Teikeu…": a team's line-up in a match report
_LINEUP = re.compile(r"\(\d-\d-\d(?:-\d)?\)\s*:\s*([^.\n(]+)")


@lru_cache(maxsize=1)
def _title_start() -> re.Pattern:
    """A title of ``data/roles.txt`` in lowercase, for a lowercased text ("phó trưởng ban")."""
    return re.compile(rf"(?:{_alternation([r.lower() for r in _data_lines('roles.txt')])})(?!\w)")


@lru_cache(maxsize=1)
def _cue_start() -> re.Pattern:
    """A cue of ``data/person_context.tsv`` where a text position starts ("nhạc sĩ …")."""
    return re.compile(rf"(?:{_alternation(_person_context()['cue'])})(?!\w)")


def _listed_people(text: str, people: dict, spans) -> list[str]:
    """Names listed with a person the article names ("các tiết mục của Tuấn Hưng, Hà
    Vân, Randy") with a title, a cue or a foreign given name (``people``), and the
    players of a line-up: a list holds one kind of thing, and one naming a place is a
    list of places. Not a title, a sentence's first word; a Vietnamese name of two
    syllables at least.

    >>> _listed_people("Tuấn Hưng, Hà Vân, Randy và Hoàng Tôn hát.", {"Tuấn Hưng"}, [])
    ['Hà Vân', 'Randy', 'Hoàng Tôn']
    >>> _listed_people("Tuấn Hưng, Hà Vân và Hà Nội", {"Tuấn Hưng"}, [])
    []
    """
    nation, heads = _cued_rules()[3], _org_rules()[0]
    known, role_start = _bare_rules()[0], _people_rules()[3]
    cued, titles = _cue_start(), _title_start()
    not_after = _cued_rules()[4]
    found = []
    lists, seen = [], set()
    for name in people:  # only the lists a named person stands in
        at = text.find(name)
        while at >= 0:
            for m in _LIST.finditer(text, max(0, at - 200), at + len(name) + 200):
                if m.start() <= at < m.end() and m.span() not in seen:
                    seen.add(m.span())
                    lists.append((m, True))
            at = text.find(name, at + len(name))
    lists += [(m, False) for m in _LINEUP.finditer(text)]
    for match, needs_person in lists:
        group = 0 if needs_person else 1
        items = [
            (match.start(group) + m.start(), m.group())
            for m in re.finditer(rf"{_ITEM}", match.group(group))
        ]
        for k, (at, name) in enumerate(items):  # "MC Quỳnh Chi và Nguyên Khang": the cue's
            cue = cued.match(text, at) or role_start.match(text, at)
            if cue and cue.end() < at + len(name):
                rest = text[cue.end() : at + len(name)].lstrip()
                items[k] = (at + len(name) - len(rest), rest)
        if needs_person and not any(name in people for _, name in items):
            continue
        if needs_person and any(
            _is_place_name(name) or nation.fullmatch(name) or known.fullmatch(name)
            for _, name in items
        ):
            continue  # "Iran, Iraq, Libya…": a list of places
        for at, name in items:
            words = name.split()
            if name in people or words[0].lower() in _stop_words():
                continue
            previous = text[max(0, at - 30) : at].split()
            if previous and _CAPITALISED.match(previous[-1]) and previous[-1][-1].isalnum():
                continue  # "K.League Classic": the end of a longer name
            if len(words) == 1 and _is_vietnamese(words[0]):
                continue
            if not all(any(c.islower() for c in w) for w in words):
                continue  # "TTXVN": an agency
            if _is_place_name(name) or nation.fullmatch(name) or heads.match(text, at):
                continue
            if known.fullmatch(name) or any(s <= at < e for s, e in spans):
                continue
            if (
                role_start.match(text, at)
                or cued.match(text, at)
                or titles.match(_lowered(text), at)
            ):
                continue  # "Phó Chủ tịch", "Trưởng Khoa Thận nhân tạo": a title
            if not_after.search(text[max(0, at - 20) : at]):
                continue  # "phố Hàng Buồm": a street
            if _word_goes_on(text, at + len(name), words[-1]):
                continue  # a word goes on in lowercase
            found.append(name)
    return found


@lru_cache(maxsize=1)
def _known_people_rule() -> re.Pattern:
    """The names of ``data/people_names.txt`` as whole capitalised words."""
    names = set(_data_lines("people_names.txt"))
    return re.compile(rf"{_first(names)}(?<![\w.])(?:{_alternation(names)})(?![\w'’-])")


_NEXT_CAPITAL = re.compile(rf"[ \t]+[{UPPER}]")
_PREVIOUS_WORD = re.compile(r"(\S+)[ \t]+$")


def _known_people(text: str, spans) -> list[tuple[int, str]]:
    """(offset, name) of the people of ``data/people_names.txt`` a text writes bare
    ("Công Phượng ghi bàn", "Messi"): names the press introduced with a cue in
    other articles of a crawl (mined by ``eval/mine_people.py``, read by hand).
    Not inside a longer capitalised name ("Hoàng Anh Gia Lai"), a place or a
    body's name (``spans``), nor after a word that makes it a street or a school.
    """
    not_after = _cued_rules()[4]
    found = []
    for match in _known_people_rule().finditer(text):
        at, end = match.span()
        if any(s <= at < e for s, e in spans):
            continue
        previous = _PREVIOUS_WORD.search(text[max(0, at - 30) : at])
        if previous and _CAPITALISED.match(previous.group(1)) and previous.group(1)[-1].isalnum():
            continue  # "Nguyễn Công Phượng" is found whole; "Hoàng Anh Gia Lai" is a club
        if _NEXT_CAPITAL.match(text, end) or not_after.search(text[max(0, at - 20) : at]):
            continue
        if _word_goes_on(text, end, match.group().split()[-1]):
            continue  # a word goes on in lowercase
        if _BYLINE_END.match(text, end) and _BYLINE_START.search(text[max(0, at - 3) : at]):
            continue  # "… tại bệnh viện. Minh Chiến", "Quang Toàn (TTXVN)": who wrote it
        found.append((at, match.group()))
    return found


# A name alone at the end of a paragraph, after a sentence or a colon, maybe with its
# source: a byline or a credit.
_BYLINE_START = re.compile(r"(?:^|[.!?\"”…):]\s+|\n)$")
_BYLINE_END = re.compile(r"[ \t]*(?:\([^()\n]{1,40}\)|/\S+|[-–][^\n.]{1,40})?[ \t.]*(?:\n|$)")


def _name_matches(rule: re.Pattern, text: str, place_spans):
    """The matches of a name rule, looking again after a place a match starts in
    ("Chủ tịch UBND TP Hà Nội Nguyễn Đức Chung": "Hà" is also a family name)."""
    position = 0
    while True:
        match = rule.search(text, position)
        if match is None:
            return
        inside = [e for s, e in place_spans if s <= match.start() < e]
        if inside:
            position = max(inside)
            continue
        yield match
        position = match.end()


def _is_place_name(name: str) -> bool:
    """True for a province's own name or alias ("Hà Tĩnh", "Hồ Chí Minh") and for a
    longer place name of ``data/place_context.tsv`` ("Thái Bình Dương")."""
    rules = _place_rules()
    spelling, within = rules[1], rules[6]
    name = re.sub(r"\s+", " ", name)
    return name in spelling or any(name == w or name.startswith(w + " ") for w in within)


def _also_a_person(text: str, name: str, start: int) -> bool:
    """A province name that is also a person's ("ambiguous" in ``data/place_context.tsv``:
    Hồ Chí Minh), with none of that file's place cues just before it ("thành phố")."""
    _, _, ambiguous, cue, *_ = _place_rules()
    before = text[max(0, start - 24) : start]
    return re.sub(r"\s+", " ", name) in ambiguous and not cue.search(before)


def _roles_after(text: str, end: int, role_after) -> str | None:
    """The roles after a name: ", Ủy viên BCH Liên minh HTX Việt Nam, Chủ tịch …"."""
    roles = []
    position = end
    while True:
        match = role_after.match(text, position)
        if not match:
            break
        tail, tail_end = name_tail(text, match.end())
        if (
            tail
            and match.group(1).split()[-1].lower() not in _PLACE_BEFORE_NAME
            and _another_persons_name(text, match.end(), tail)
        ):
            break  # "hậu vệ Hồ Tấn Tài, tiền vệ Tiến Dụng": the next player, not his role
        roles.append(f"{match.group(1)} {tail}".strip() if tail else match.group(1))
        position = tail_end if tail else match.end()
    return ", ".join(roles) if roles else None


_SPACES = re.compile(r"\s*")
# A title ending in a body or a level of government names a place next ("Bí thư Thành
# ủy Bảo Lộc", "trưởng thôn Châu Phong"), not another person.
_PLACE_BEFORE_NAME = frozenset(
    {"ủy", "thôn", "xã", "huyện", "tỉnh", "phường", "quận", "phố", "tp", "xóm", "ấp", "bản"}
)


def _another_persons_name(text: str, at: int, tail: str) -> bool:
    """Whether what follows a title after a name is someone's name, not a body or a
    place: capitalised Vietnamese syllables, two to four, that no head begins."""
    words = tail.split()
    return (
        2 <= len(words) <= 4
        and all(w[0].isupper() and _is_vietnamese(w) and not w.isupper() for w in words)
        and not _is_place_name(tail)
        and not _cued_rules()[3].fullmatch(tail)  # "Đại sứ Việt Nam": a country's
        and not _org_rules()[0].match(text, _SPACES.match(text, at).end())
    )


def _roles_with_whole_bodies(text: str, people, bodies: list[str]) -> tuple[Person, ...]:
    """Roles that end partway into a body the article names whole, completed to it:
    "Giám đốc HTX Thu mua" is "Giám đốc HTX Thu mua, chế biến nông sản Thắng Cảnh"
    where the text writes the role so and the body was read whole. The body goes
    on after a comma, in lowercase or after a head alone ("Hiệu trưởng Trường");
    capitalised words after a name ("Chủ tịch Quốc hội Uông …") may be another
    name's, and the person's own is never part of the role.

    >>> text = "Chị Cảnh - Giám đốc HTX Thu mua, chế biến nông sản Thắng Cảnh cho biết."
    >>> _roles_with_whole_bodies(text, (Person("Nguyễn Thị Cảnh", "Giám đốc HTX Thu mua"),),
    ...                          ["HTX Thu mua, chế biến nông sản Thắng Cảnh"])[0].role
    'Giám đốc HTX Thu mua, chế biến nông sản Thắng Cảnh'
    """
    completed = []
    for person in people:
        role = person.role
        for body in bodies if role else ():
            words = role.split()
            for i in range(1, len(words)):
                part = " ".join(words[i:])
                if body.startswith(part + " ") or body.startswith(part + ","):
                    rest = body[len(part) :]
                    whole = " ".join(words[:i]) + " " + body
                    goes_on = rest[0] == "," or rest.split()[0][0].islower() or " " not in part
                    if goes_on and whole in text and person.name not in rest:
                        role = whole  # not "Chủ tịch Quốc hội Uông": a name may follow
                    break
        completed.append(person if role == person.role else Person(person.name, role))
    return tuple(completed)


def _merge_people(first: tuple[Person, ...], second: tuple[Person, ...]) -> tuple[Person, ...]:
    people: dict[str, Person] = {}
    for person in (*first, *second):
        known = people.get(person.name)
        if known is None or (person.role and not known.role):
            people[person.name] = person
    return tuple(people.values())


# -- references -------------------------------------------------------------


# Words that end a law's name before its year, besides data/name_stopwords.txt:
# "Luật Chứng khoán được xây dựng năm 2006", "Luật BHYT mà QH thông qua năm 2015".
_REFERENCE_BREAKS = frozenset({"được", "ra", "mà", "từ", "và", "thông", "ban", "có", "sửa"})


@lru_cache(maxsize=1)
def _reference_rule():
    kinds = _alternation(_data_lines("reference_types.txt"))
    # a law named by a name part of data/org_names.tsv ("Luật Hợp tác xã") or in
    # data/law_names.txt ("Luật Phòng, chống tham nhũng") is taken whole
    longest = sorted({*_org_name_parts()[1], *_law_names()}, key=len, reverse=True)
    parts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in longest)
    code = r"\d+\w*(?:\s*[/\-–]\s*\w+(?:\.\w+)*)+"
    stop = "|".join(sorted(_stop_words() | _REFERENCE_BREAKS, key=len, reverse=True))
    # not the paper "Pháp Luật TP.HCM", a law firm ("Công ty Luật TNHH") or a law
    # school ("Trường Luật Harvard", "Trường ĐH Luật TP HCM", "Đại học Luật Hà Nội")
    return re.compile(
        rf"(?<!\w)(?<!Pháp )(?<!pháp )(?<!Công ty )(?<!công ty )(?<!Văn phòng )(?<!Hãng )"
        rf"(?<!Trường )(?<!trường )(?<!ĐH )(?<!học )(?<!Học )(?<!Khoa )(?<!khoa )"
        rf"(?:(?:{kinds})\s+(?:số\s+)?{code}"
        rf"|Nghị quyết\s+(?:Hội nghị\s+)?Trung ương\s+(?:\d+|[IVXL]+)"
        rf"(?:\s*\((?:khóa|khoá)\s+[IVXLC]+\))?"
        rf"|Nghị quyết\s+Đại hội(?:(?!Nghị quyết)[^.;:()\n]){{0,80}}?\slần\s+thứ\s+[IVXLC]+"
        rf"|Luật[ \t]+(?!(?:này|đó|mới|cũ)[ \t])(?:(?!(?:{stop})[ \t])\w+[ \t]+){{1,5}}?"
        rf"năm[ \t]+(?:19|20)\d\d"  # no verb between the name and its year
        rf"|Luật\s+(?i:{parts})(?:\s+(?:năm\s+)?(?:19|20)\d\d)?"
        rf"|Luật\s+[{UPPER}][\w]*(?:\s+(?!(?:{stop})(?!\w))[a-zà-ỹđ]+)?(?:\s+(?:19|20)\d\d)?)"
        rf"(?!\w)"
    )


def extract_references(text: str) -> tuple[str, ...]:
    """Laws, decrees, resolutions and decisions cited in ``text``, codes tidied.

    >>> extract_references("Quyết định số 461/QĐ - TTg và Luật HTX năm 2012")
    ('Quyết định số 461/QĐ-TTg', 'Luật HTX năm 2012')
    >>> extract_references("theo Luật Hợp tác xã, các HTX")
    ('Luật Hợp tác xã',)
    >>> extract_references("sinh viên Trường Luật Harvard và Đại học Luật Hà Nội")
    ()
    >>> extract_references("Thông tư số 24/2014/TT-BNNPTNTngày 19/8/2014")
    ('Thông tư số 24/2014/TT-BNNPTNT',)
    """
    found = {}
    for match in _reference_rule().finditer(text):
        reference = re.sub(r"\s*([/\-–])\s*(?=\S)", r"\1", re.sub(r"\s+", " ", match.group()))
        reference = _GLUED_AFTER_CODE.sub("", reference)  # "…/TT-BNNPTNTngày 19/8/2014"
        if reference[0] not in "NL" and not _HAS_CODE_LETTER.search(reference):
            continue  # "Kế hoạch 2021-2025" is a period, not a document number
        found.setdefault(entity_key(reference), reference)
    return tuple(found.values())


# A word glued to a document's code where the page lost the space ("24/2014/TT-BNNPTNTngày").
_GLUED_AFTER_CODE = re.compile(r"(?<=[A-ZĐ])(?:ngày|năm|của|về|do|và)$")
_HAS_CODE_LETTER = re.compile(r"\d\w*[/\-–][\w/\-–.]*[A-Za-zĐđ]")


def entities_from_json(raw: str | None) -> Entities:
    """The :class:`Entities` stored in an index as JSON (see :meth:`Entities.to_dict`)."""
    if not raw:
        return Entities()
    data = json.loads(raw)
    return Entities(
        provinces=tuple(data.get("provinces", ())),
        regions=tuple(data.get("regions", ())),
        organisations=tuple(data.get("organisations", ())),
        people=tuple(Person(p["name"], p.get("role")) for p in data.get("people", ())),
        references=tuple(data.get("references", ())),
        figures=tuple(Figure(**f) for f in data.get("figures", ())),
    )
