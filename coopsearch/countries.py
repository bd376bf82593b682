"""The world's countries by name, in Vietnamese and in English.

News names a country before or after a person's name ("Ngoại trưởng Bahrain
Khaled Bin Ahmed", "bác sĩ người Tunisia") and a body's name often ends with
one ("Bộ Công thương Cộng hòa Czech"); a country is then neither a person nor
part of the name. The names come from the Unicode CLDR through Babel's
territory names (``babel.Locale("vi").territories`` and ``"en"``): every
two-letter code, "Myanmar (Miến Điện)" giving both names, names holding a
comma left out. Babel is imported only when the names are first read, at
indexing time.
"""

from __future__ import annotations

import re
from functools import lru_cache

# CLDR codes that name no country: pseudo-locales, unknown region, unions.
_NOT_COUNTRIES = frozenset({"XA", "XB", "ZZ", "EU", "EZ", "UN", "QO"})
# Names that are as often a person's given name or a common word in the news
# ("Michael Jordan", "Kenya Moore", "Georgia" a US state, "Jersey" a shirt, "Sark").
_CLASHING = frozenset(
    {"Jordan", "Georgia", "Chad", "Kenya", "India", "Jersey", "Sark", "Guernsey", "Man"}
)
_BRACKETED = re.compile(r"^(.*?)\s*\((.*)\)$")


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country names as CLDR writes them in Vietnamese and English.

    >>> {"Tunisia", "Bahrain", "Ả Rập Xê-út", "Miến Điện", "Myanmar"} <= country_names()
    True
    >>> "Jordan" in country_names(), "Unknown Region" in country_names()
    (False, False)
    """
    from babel import Locale

    names: set[str] = set()
    for language in ("vi", "en"):
        territories = Locale(language).territories
        for code, name in territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
                continue
            bracketed = _BRACKETED.match(name)
            for part in bracketed.groups() if bracketed else (name,):
                if "," not in part and part not in _CLASHING:
                    names.add(part)
    return frozenset(names)


@lru_cache(maxsize=1)
def country_places() -> dict[str, str]:
    """Each country name CLDR writes, in Vietnamese or English, to its Vietnamese
    name ("Afghanistan" → "Afghanistan", "Russia" → "Nga", "Vietnam" → "Việt Nam").

    Names left out of :func:`country_names` are left out here too.

    >>> places = country_places()
    >>> places["Syria"], places["Turkey" if "Turkey" in places else "Türkiye"], places["Vietnam"]
    ('Syria', 'Thổ Nhĩ Kỳ', 'Việt Nam')
    """
    from babel import Locale

    vietnamese = Locale("vi").territories
    places: dict[str, str] = {}
    for language in ("vi", "en"):
        for code, name in Locale(language).territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
                continue
            bracketed = _BRACKETED.match(name)
            canonical = _BRACKETED.match(vietnamese[code])
            canonical = canonical.group(1) if canonical else vietnamese[code]
            for part in bracketed.groups() if bracketed else (name,):
                if "," not in part and part not in _CLASHING and "," not in canonical:
                    places.setdefault(part, canonical)
    return places
