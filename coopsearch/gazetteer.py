"""Vietnam's provinces and regions, before and after the 2025 mergers.

``data/provinces.json`` lists the 63 provinces and centrally-run cities of
before mid-2025 and the 34 of after, each with its aliases ("TP.HCM",
"Thanh Hoá"), the post-2025 province it became part of (``successor``) and
the regions it lies in; and the regions with theirs. This module loads it
once and answers: which canonical name does this spelling mean, and which
old provinces does a province of today cover.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from coopsearch.analysis import folded_form
from coopsearch.text import normalize, words


@dataclass(frozen=True)
class Province:
    """One province or centrally-run city, as the gazetteer describes it."""

    name: str
    kind: str  # "tỉnh" or "thành phố"
    pre_2025: bool
    post_2025: bool
    successor: str  # the post-2025 province it is part of (itself if it stayed)
    absorbed: tuple[str, ...]
    regions: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """A region (vùng) and the pre-2025 provinces in it."""

    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Provinces and regions by canonical name."""

    provinces: dict[str, Province]
    regions: dict[str, Region]
    spellings: dict[str, str]  # folded name or alias -> canonical province name

    def province(self, spelling: str) -> Province | None:
        """The province a name or alias means, accented or not, any case.

        >>> gazetteer().province("thanh hoa").name, gazetteer().province("TP.HCM").name
        ('Thanh Hóa', 'Hồ Chí Minh')
        """
        canonical = self.spellings.get(_lookup_key(spelling))
        return self.provinces.get(canonical) if canonical else None

    def covered_by(self, name: str) -> tuple[str, ...]:
        """The pre-2025 provinces a province of today covers, itself included.

        >>> gazetteer().covered_by("Bắc Ninh")
        ('Bắc Giang', 'Bắc Ninh')
        """
        return tuple(
            sorted(p.name for p in self.provinces.values() if p.successor == name and p.pre_2025)
        )

    def region(self, spelling: str) -> Region | None:
        key = _lookup_key(spelling)
        for region in self.regions.values():
            if key in {_lookup_key(n) for n in (region.name, *region.aliases)}:
                return region
        return None


def _lookup_key(spelling: str) -> str:
    return " ".join(folded_form(w) for w in words(normalize(spelling)))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer in ``data/provinces.json``, loaded once."""
    raw = resources.files("coopsearch").joinpath("data/provinces.json").read_text("utf-8")
    data = json.loads(raw)
    provinces = {
        p["name"]: Province(
            name=p["name"],
            kind=p["kind"],
            pre_2025=p["pre_2025"],
            post_2025=p["post_2025"],
            successor=p["successor"],
            absorbed=tuple(p["absorbed"]),
            regions=tuple(p["regions"]),
            aliases=tuple(p["aliases"]),
        )
        for p in data["provinces"]
    }
    regions = {
        r["name"]: Region(r["name"], tuple(r["aliases"]), tuple(r["members"]))
        for r in data["regions"]
    }
    spellings: dict[str, str] = {}
    for province in provinces.values():
        for spelling in (province.name, *province.aliases):
            spellings.setdefault(_lookup_key(spelling), province.name)
    return Gazetteer(provinces, regions, spellings)
