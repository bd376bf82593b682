"""Where a figure is: the place a sentence of an article speaks of, for ``coopsearch figures``.

The conventions are those of the figures gold (``eval/README.md``, "Figures
gold"); the word lists, with their reasons, are in ``data/figure_places.tsv``:

- a sentence's places are the provinces (with the clash rules of
  :func:`coopsearch.entities.province_mentions`), regions and countries it
  names, a district's province ("huyện Lộc Hà" → Hà Tĩnh, ``data/districts.tsv``),
  and Việt Nam for "cả nước" (the foreign country of an article about one);
  a country inside a body's name ("Tổng cục Đường bộ Việt Nam") and a place
  someone comes from ("người gốc Quỳnh Lưu (Nghệ An)") are not places;
- an article's own place (:func:`article_places`) is the place its title
  names; else Việt Nam when its lead names a national body or rule and no
  place (unless the article names one place three times or more); else the
  place it names most, Việt Nam only when it names no other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from coopsearch.text import UPPER

VIETNAM, WORLD = "Việt Nam", "thế giới"
_UPPER = UPPER  # capitals only (coopsearch.text)
_IN_NAME = re.compile(rf"(?:\b([{_UPPER}][\w]*)|HTX|\bnam|\bnữ|\bdân tộc)\s+$")
# A lead that cites a national rule ("Nghị định 94/2012/NĐ-CP …") makes the
# article national unless the article names one place this often: a series on
# how Hà Tĩnh applies a decree names Hà Tĩnh three times and the country never.
_LOCAL_STORY = 3
_FIRST_SENTENCE = re.compile(rf"(?<=[.!?])\s+(?=[{_UPPER}])")
_OUR_COUNTRY = re.compile(r"(?i)\bnước ta\b")


def _rules_lines(name: str) -> list[list[str]]:
    raw = resources.files("coopsearch").joinpath(f"data/{name}").read_text("utf-8")
    return [line.split("\t") for line in raw.splitlines() if line.strip() and line[0] != "#"]


def _words(phrases, flags: str = "") -> re.Pattern:
    """Any of the phrases as whole words, merged into a character trie (fast on
    hundreds of names: :func:`coopsearch.entities._alternation`)."""
    from coopsearch.entities import _alternation

    return re.compile(rf"{flags}(?<!\w)(?:{_alternation(set(phrases))})(?!\w)")


@dataclass(frozen=True)
class _Rules:
    extra: dict[str, str]
    district_kind: re.Pattern
    whole: re.Pattern
    country: re.Pattern
    national: re.Pattern
    lead: re.Pattern
    origin: re.Pattern
    person: re.Pattern
    openers: frozenset[str]
    locative: re.Pattern


def _alternatives(words) -> str:
    """Any of the words, longest first, spaces as any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lists: dict[str, list[str]] = {}
    extra = {}
    for kind, words, *place in _rules_lines("figure_places.tsv"):
        if kind == "place":
            extra[words] = place[0]
        lists.setdefault(kind, []).append(words)
    kinds = sorted(lists["district_kind"], key=len, reverse=True)
    origin = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lists["origin"])
    return _Rules(
        extra=extra,
        district_kind=re.compile("(?:" + "|".join(re.escape(k) for k in kinds) + r")\s*$"),
        whole=_words(lists["whole"], "(?i)"),
        country=_words(lists["country"], "(?i)"),
        national=_words(lists["national"]),
        lead=_words(lists["lead"]),
        # a place right after these, past capitalised words and "(", is an origin
        origin=re.compile(rf"(?i:\b(?:{origin}))\s+(?:[{_UPPER}][\w]*\s+)*\(?\s*$"),
        # a one-syllable country right after these is a person's name
        person=re.compile(rf"(?i:(?<!\w)(?:{_alternatives(lists['person'])}))\s+$"),
        openers=frozenset(lists["opener"]),
        locative=re.compile(rf"(?i:(?<!\w)(?:{_alternatives(lists['locative'])}))\s+$"),
    )


@lru_cache(maxsize=1)
def _districts() -> tuple[dict[str, tuple[str, ...]], re.Pattern]:
    """District name → the provinces holding a district of that name; and a
    pattern of the names."""
    provinces: dict[str, list[str]] = {}
    for name, _, province in _rules_lines("districts.tsv"):
        provinces.setdefault(name, [])
        if province not in provinces[name]:
            provinces[name].append(province)
    names = {name: tuple(p) for name, p in provinces.items()}
    return names, _words(names)


@lru_cache(maxsize=1)
def _place_rules():
    from coopsearch.gazetteer import gazetteer

    places = {}
    g = gazetteer()
    for region in g.regions.values():
        for spelling in (region.name, *region.aliases):
            places[spelling] = region.name
    places.update(_listed_spellings())
    places.update(_world_countries())
    places.update(_rules().extra)
    from coopsearch.entities import NOT_A_CONTINENT, _alternation

    pattern = re.compile(r"(?<!\w)(" + _alternation(places) + r")(?!\w)" + NOT_A_CONTINENT)
    return pattern, places


@lru_cache(maxsize=1)
def _listed_spellings() -> dict[str, str]:
    """``countries.tsv``: each spelling written → the place as the gold names it."""
    return {line[0]: line[1] for line in _rules_lines("countries.tsv")}


@lru_cache(maxsize=1)
def _world_countries() -> dict[str, str]:
    """The CLDR's countries (:func:`coopsearch.countries.country_places`) that
    ``countries.tsv`` does not list, as the press names them there ("Hoa Kỳ" is
    "Mỹ"); a one-word name that is a Vietnamese syllable ("Nga", "Anh", "Ý")
    is left out, as the file leaves it out: it is a given name as often."""
    from coopsearch.countries import country_places
    from coopsearch.segmentation import real_syllables

    listed = _listed_spellings()
    found = {}
    for written, country in country_places().items():
        if written in listed or (" " not in written and written.lower() in real_syllables()):
            continue
        if country == "Việt Nam":
            continue  # "Vietnam Airlines", "Vietnam Post": English in a firm's name
        found[written] = listed.get(country, country)
    return found


def place_name(name: str) -> str:
    """A canonical place as the gold writes it ("TP Hồ Chí Minh" for the city)."""
    return "TP Hồ Chí Minh" if name == "Hồ Chí Minh" else name


@lru_cache(maxsize=1)
def province_names() -> frozenset[str]:
    """The provinces as :func:`place_name` writes them."""
    from coopsearch.gazetteer import gazetteer

    return frozenset(place_name(p) for p in gazetteer().provinces)


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """The regions, the gazetteer's and ``data/figure_places.tsv``'s."""
    from coopsearch.gazetteer import gazetteer

    return frozenset(gazetteer().regions) | frozenset(_rules().extra.values())


# The North and the South as a whole (figure_places.tsv): a sentence's place, never
# an article's own, and another country's when one follows ("miền Nam Ấn Độ").
_HALVES = frozenset({"Miền Bắc", "Miền Nam"})
_ABROAD_AFTER = re.compile(rf"[ \t]*,?[ \t]*(?:nước|của|[{_UPPER}])")


@lru_cache(maxsize=1)
def _listed_countries() -> frozenset[str]:
    """The countries of ``countries.tsv``: the ones an article's own place may be.

    The CLDR's others place the sentence that names them ("Tuyết rơi dày ở
    Afghanistan, hơn 100 người thiệt mạng"), but counted for a whole article
    they made a report on Vietnam's U20 players an article about Argentina.
    """
    return frozenset(_listed_spellings().values())


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """The countries a figure's place may be: ``countries.tsv``'s and the CLDR's."""
    return _listed_countries() | frozenset(_world_countries().values())


@dataclass(frozen=True)
class ArticlePlaces:
    """What a sentence's place is read against: the article's own place, the
    provinces it names and the districts it introduced with their kind."""

    home: str = ""
    provinces: frozenset[str] = frozenset()
    districts: dict[str, str] = field(default_factory=dict)  # name → province
    people: frozenset[str] = frozenset()  # one-word countries that name someone here

    @property
    def foreign(self) -> bool:
        """Whether the article is about a country other than Việt Nam."""
        return self.home in country_names() and self.home not in (VIETNAM, WORLD)


def _district_province(name: str, provinces: frozenset[str]) -> str:
    """The province of a district name: its only one, else the one the article names."""
    held = _districts()[0].get(name, ())
    if len(held) == 1:
        return place_name(held[0])
    named = [p for p in held if place_name(p) in provinces]
    return place_name(named[0]) if len(named) == 1 else ""


def _introduced_districts(text: str, provinces: frozenset[str]) -> dict[str, str]:
    """The districts a text names after their kind ("huyện Lộc Hà"), with their province."""
    kind = _rules().district_kind
    found = {}
    for match in _districts()[1].finditer(text):
        if kind.search(text[max(0, match.start() - 12) : match.start()]):
            province = _district_province(match.group(), provinces)
            if province:
                found[re.sub(r"\s+", " ", match.group())] = province
    return found


def places_in(
    sentence: str,
    article: ArticlePlaces | None = None,
    districts: bool = True,
    bodies: bool = True,
) -> list[tuple[int, str]]:
    """(offset, place) of the provinces, regions, countries and (unless not
    ``districts``) districts' provinces a sentence names, in order; unless not
    ``bodies``, a country in a body's name is left out (what a figure's place
    is read from; an article's count of its places does without).

    >>> places_in("Tại huyện Lộc Hà, cả nước và Liên minh HTX Việt Nam")
    [(10, 'Hà Tĩnh'), (18, 'Việt Nam')]
    """
    from coopsearch.entities import organisation_mentions, province_mentions

    article = article or ArticlePlaces()
    rules = _rules()
    found = [(start, place_name(name)) for name, start, _ in province_mentions(sentence)]
    pattern, places = _place_rules()
    provinces = province_names()
    taken = {start for start, _ in found}
    names = None  # the bodies the sentence names, read once if needed
    for match in pattern.finditer(sentence):
        name = places.get(re.sub(r"\s+", " ", match.group(1)))
        if not name or place_name(name) in provinces or match.start() in taken:
            continue  # provinces come from province_mentions, with its clash rules
        in_name = _IN_NAME.search(sentence[max(0, match.start() - 30) : match.start()])
        if in_name and in_name.group(1) not in rules.openers:
            continue  # "Liên minh HTX Việt Nam", "Nguyễn Đức Hiền": a body or a person
        if " " not in match.group(1) and (
            _given_name(sentence, match) or _starts_word(sentence, match)
        ):
            continue  # "bầu Đức", "Đức Hòa", "Pháp luật": a name or a word, no country
        if match.group(1) in article.people and not rules.locative.search(
            sentence[max(0, match.start() - 20) : match.start()]
        ):
            continue  # "khiến Đức và Hưng ngã" where "anh Bùi Văn Đức" was named
        if name in _HALVES and (
            _ABROAD_AFTER.match(sentence, match.end())
            or sentence[max(0, match.start() - 5) : match.start()].lower() == "vịnh "
        ):
            continue  # "miền Nam Ấn Độ", "miền Nam nước này": another country's; "vịnh Bắc Bộ"
        if (name in country_names() or name in _HALVES) and bodies:
            if names is None:
                names = organisation_mentions(sentence)
            if any(s <= match.start() < e for _, s, e in names):
                continue  # "Tổng cục Đường bộ Việt Nam": a body's name
        found.append((match.start(), place_name(name)))
    known = {**article.districts}
    for match in _districts()[1].finditer(sentence) if districts else ():
        if match.start() in taken:
            continue
        name = re.sub(r"\s+", " ", match.group())
        before = sentence[max(0, match.start() - 12) : match.start()]
        province = known.get(name)
        if rules.district_kind.search(before):
            province = province or _district_province(name, article.provinces)
        if province:
            found.append((match.start(), province))
    country = article.home if article.foreign else VIETNAM
    found += [(m.start(), country) for m in rules.country.finditer(sentence)]
    found += [(m.start(), VIETNAM) for m in _OUR_COUNTRY.finditer(sentence)]
    found = [(at, p) for at, p in found if not rules.origin.search(sentence[max(0, at - 60) : at])]
    return sorted(set(found))


_NEXT_WORD = re.compile(r"[ \t]+([\w]+(?:-[\w]+)*)")


def _given_name(sentence: str, match: re.Match) -> bool:
    """Whether a country written as one word is part of a name: after a word
    of address, kinship or rank ("bầu Đức", "thượng úy Đức"), or before a
    capitalised Vietnamese syllable ("Đức Hòa", "Mỹ Tho"); see ``person`` in
    ``data/figure_places.tsv``."""
    from coopsearch.entities import _is_vietnamese

    if _rules().person.search(sentence[max(0, match.start() - 20) : match.start()]):
        return True
    after = _NEXT_WORD.match(sentence, match.end())
    if not after or not after.group(1)[0].isupper() or not _is_vietnamese(after.group(1)):
        return False
    return not _place_rules()[0].match(sentence, after.start(1))  # "Mỹ Trung Quốc": two


def _starts_word(sentence: str, match: re.Match) -> bool:
    """Whether a country written as one syllable begins a longer word of
    ``data/words.txt`` with the syllable after it ("Pháp luật", "Mỹ nhân",
    "Đức tin" opening a sentence): a word, not the country."""
    from coopsearch.figures import _dictionary

    after = _NEXT_WORD.match(sentence, match.end())
    return bool(after) and f"{match.group(1)} {after.group(1)}".lower() in _dictionary()


_NAME_BEFORE = re.compile(r"((?:[\w]+[ \t]+){1,3})$")


def _people_named(text: str) -> frozenset[str]:
    """The one-word countries a text uses as someone's name: after a word of
    address ("ông Mỹ", :func:`_given_name`) or ending a Vietnamese full name
    opened by a family name ("ông Cao Toàn Mỹ", "Bùi Văn Đức")."""
    from coopsearch.entities import _is_vietnamese, _surnames

    pattern, places = _place_rules()
    countries = country_names()
    found = set()
    for match in pattern.finditer(text):
        word = match.group(1)
        if " " in word or places.get(word) not in countries or word in found:
            continue
        if _given_name(text, match):
            found.add(word)
            continue
        before = _NAME_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
        run = []
        for name in reversed(before.group(1).split() if before else []):
            if not name[0].isupper() or not _is_vietnamese(name):
                break
            run.insert(0, name)
        if any(name in _surnames() for name in run):
            found.add(word)
    return frozenset(found)


def is_national(sentence: str) -> bool:
    """Whether a sentence names the government, the parliament or a ministry, other
    than as the issuer of a document it cites ("… chưa phù hợp với Điều 9 của Thông
    tư số 84 của Bộ Tài chính": a province's budget, measured against a rule).

    >>> is_national("Thủ tướng Chính phủ đã cho phép nâng gói tín dụng")
    True
    >>> is_national("thu 566 tỷ đồng, chưa phù hợp với Thông tư số 84 của Bộ Tài chính")
    False
    """
    return any(
        not _CITED_BY.search(sentence, max(0, m.start() - 60), m.start())
        for m in _rules().national.finditer(sentence)
    )


# A document, then its issuer: "Thông tư số 84 của Bộ Tài chính", "Quyết định 461/QĐ-TTg
# của Thủ tướng Chính phủ".
_CITED_BY = re.compile(
    r"(?i)\b(?:thông tư|nghị định|quyết định|nghị quyết|chỉ thị|công văn|luật(?!\s+sư))\b"
    r"[^.;:]{0,45}\bcủa\s+(?:Thủ tướng\s+)?$"
)


def whole_area(sentence: str) -> re.Match | None:
    """Where a sentence says "toàn tỉnh", "toàn vùng"…: the article's own area."""
    return _rules().whole.search(sentence)


def article_places(title: str, body: str, first_sentence: str = "") -> ArticlePlaces:
    """The article's own place, the provinces it names and the districts it introduced.

    Its own place: the one its title names; else Việt Nam when the lead names
    a national body or rule and no place, unless the article names another
    place at least ``_LOCAL_STORY`` times; else the place the article names
    most (the first of those named as often; through its districts only
    when the article names no place itself), Việt Nam only when it names no other: a
    province's article names "Liên minh HTX Việt Nam" and the country's
    products too.

    >>> article_places("Tin vắn", "Huyện Lộc Hà có 80 HTX. Lộc Hà có 13 xã.").home
    'Hà Tĩnh'
    >>> article_places("Tiêu chí hỗ trợ", "Luật HTX và Nghị định 193/2013 hướng dẫn.").home
    'Việt Nam'
    """
    from coopsearch.entities import province_mentions

    text = f"{title}\n{body}"
    named = frozenset(place_name(name) for name, _, _ in province_mentions(text))
    districts = _introduced_districts(text, named)
    people = _people_named(text)
    article = ArticlePlaces("", named, districts, people)
    in_title = [p for _, p in places_in(title, article)]
    if in_title:
        return ArticlePlaces(in_title[0], named, districts, people)
    lead = first_sentence or _FIRST_SENTENCE.split(body.lstrip().split("\n", 1)[0], 1)[0]
    national_lead = bool(_rules().lead.search(lead)) and not places_in(lead, article)
    counts: dict[str, int] = {}
    direct = places_in(body, article, districts=False, bodies=False)
    # "Sở GTVT TP Hồ Chí Minh": a body's name says who acts, not where. Which place
    # is named most outside names matters only when two or more are named: with
    # one, the article's place is that one either way (and bodies cost a pass).
    free = _outside_bodies(body, direct) if len({p for _, p in direct}) > 1 else []
    if free:
        direct = free
    world = country_names() - _listed_countries() | _HALVES
    for _, place in direct:  # in the order first named
        if place not in world:  # they place a sentence, never a whole article
            counts[place] = counts.get(place, 0) + 1
    if not direct:  # its districts' provinces only when it names none itself
        for _, place in places_in(body, article, bodies=False):
            counts[place] = counts.get(place, 0) + 1
    counts.pop(WORLD, None)  # "thị trường thế giới": no article's own place
    home = _home(counts)
    if national_lead and counts.get(home, 0) < _LOCAL_STORY:
        home = VIETNAM
    return ArticlePlaces(home, named, districts, people)


def _outside_bodies(body: str, places: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The places of ``places`` (offset, place) not named inside an organisation's name."""
    from coopsearch.entities import organisation_mentions

    spans = [(start, end) for _, start, end in organisation_mentions(body)]
    return [(at, p) for at, p in places if not any(s <= at < e for s, e in spans)]


def _home(counts: dict[str, int]) -> str:
    """The article's own place from how often it names each place (in the
    order first named): a foreign country only when the article names it more
    often than Việt Nam and its provinces and regions together (Vietnamese news
    names other countries in passing: "Nông nghiệp Việt và vận hội mới" names
    Japan once and Việt Nam six times); else the province or region named most;
    Việt Nam only when it names no other, or names Việt Nam more than once
    and each other place only once (a national story naming its examples'
    provinces in passing)."""
    foreign = [p for p in counts if p in country_names() and p != VIETNAM]
    domestic = [p for p in counts if p not in foreign]
    best = max(foreign, key=lambda p: (counts[p], -foreign.index(p)), default="")
    if best and counts[best] > sum(counts[p] for p in domestic):
        return best
    local = [p for p in domestic if p != VIETNAM]
    most = max(local, key=lambda p: (counts[p], -local.index(p)), default="")
    if not most or (counts[most] == 1 and counts.get(VIETNAM, 0) > 1):
        return VIETNAM if VIETNAM in counts else most
    return most
