"""Reference data on Swedish reporting units, shipped with the package.

In: the CSV files in ``regionreport/data`` (290 kommuner with län, 21 län, the stadsdelar of
Göteborg, Malmö and Stockholm with the years they reported, SKL 2011 and SKR 2023 municipality
groups).
Out: a ``Registry`` of frozen ``Unit`` records, looked up by code or name, with each kommun's
county and municipality groups and each city's stadsdelar for a given year.

Codes: Riket "00", län two digits ("06"), kommun four digits ("0680"), stadsdel the kommun code
plus two digits ("148001"). Kolada's "0000" (Riket) and "00" + länskod are translated by the
Kolada reader, not here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

RIKET_CODE = "00"
LEVELS = ("riket", "lan", "kommun", "stadsdel")


@dataclass(frozen=True)
class MunicipalityGroup:
    """A municipality group of one grouping scheme (e.g. SKL 2011 group 7)."""

    scheme: str
    code: str
    name: str


@dataclass(frozen=True)
class Unit:
    """One reporting unit: Riket, a län, a kommun or a stadsdel.

    ``county_code`` is the län of a kommun or stadsdel (None for Riket and län);
    ``parent_code`` is the kommun of a stadsdel; ``valid_years`` the inclusive years a
    stadsdel reported (None: always).
    """

    code: str
    name: str
    level: str
    county_code: str | None = None
    parent_code: str | None = None
    valid_years: tuple[int, int] | None = None

    def valid_in(self, year: int) -> bool:
        """True when the unit existed as a reporting unit in ``year``."""
        if self.valid_years is None:
            return True
        first, last = self.valid_years
        return first <= year <= last


class Registry:
    """All reporting units and municipality groups; built once per process by ``load_registry``."""

    def __init__(self, units: list[Unit], groups: dict[str, dict[str, MunicipalityGroup]]):
        self._by_code = {unit.code: unit for unit in units}
        self._groups = groups
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units:
            self._by_name.setdefault(_name_key(unit.name), []).append(unit)
        ordered = sorted(units, key=lambda u: u.code)
        self._ordered = ordered
        self._by_level = {level: [u for u in ordered if u.level == level] for level in LEVELS}
        self._parts: dict[str, list[Unit]] = {}
        for unit in self._by_level["stadsdel"]:
            self._parts.setdefault(unit.parent_code, []).append(unit)

    # -- lookups -----------------------------------------------------------------------------
    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        return self._by_code.get(code)

    def unit(self, code: str) -> Unit:
        """The unit with this code; KeyError when there is none."""
        return self._by_code[code]

    def find_by_name(self, name: str, level: str | None = None) -> list[Unit]:
        """Units whose name equals ``name`` (case-insensitive), optionally of one level."""
        found = self._by_name.get(_name_key(name), [])
        return [u for u in found if level is None or u.level == level]

    def units(self, level: str | None = None) -> list[Unit]:
        """All units (of one level), in code order."""
        if level is None:
            return list(self._ordered)
        return list(self._by_level[level])

    @property
    def riket(self) -> Unit:
        return self._by_code[RIKET_CODE]

    def counties(self) -> list[Unit]:
        return self.units("lan")

    def kommuner_in(self, county_code: str) -> list[Unit]:
        """The kommuner of a län, in code order."""
        return [u for u in self._by_level["kommun"] if u.county_code == county_code]

    def stadsdelar_of(self, kommun_code: str, year: int) -> list[Unit]:
        """The stadsdelar through which a kommun reported in ``year`` (empty for most)."""
        return [u for u in self._parts.get(kommun_code, ()) if u.valid_in(year)]

    def survey_units(self, kommun_code: str, year: int) -> list[Unit]:
        """The units that answer the survey for a kommun in ``year``: its stadsdelar if it
        reported through them, else the kommun itself."""
        return self.stadsdelar_of(kommun_code, year) or [self.unit(kommun_code)]

    def sorted_for_tables(self, codes: list[str]) -> list[str]:
        """Units in the order of a results table: alphabetical by kommun (Swedish order), a
        city's stadsdelar under the city's name, alphabetical among themselves."""
        def key(code: str) -> tuple[str, str]:
            unit = self._by_code[code]
            if unit.level == "stadsdel" and unit.parent_code:
                return swedish_key(self._by_code[unit.parent_code].name), swedish_key(unit.name)
            return swedish_key(unit.name), ""
        return sorted(codes, key=key)

    def group(self, scheme: str, kommun_code: str) -> MunicipalityGroup | None:
        """A kommun's (or a stadsdel's kommun's) group in ``scheme`` ("skl2011" or "skr2023")."""
        unit = self._by_code.get(kommun_code)
        if unit is not None and unit.level == "stadsdel":
            kommun_code = unit.parent_code or kommun_code
        return self._groups.get(scheme, {}).get(kommun_code)

    def group_schemes(self) -> list[str]:
        return sorted(self._groups)


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e",
                                "è": "e", "ü": "y"})


def swedish_key(name: str) -> str:
    """A sort key that orders names as Swedish does (… x y z å ä ö)."""
    return name.casefold().translate(_SWEDISH_ORDER)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("regionreport.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def load_registry() -> Registry:
    """Read the shipped reference data once per process."""
    units = [Unit(RIKET_CODE, "Riket", "riket")]
    units += [Unit(r["lanskod"], r["lan"], "lan") for r in _read_csv("lan.csv")]
    units += [Unit(r["kommunkod"], r["kommun"], "kommun", county_code=r["lanskod"])
              for r in _read_csv("kommuner.csv")]
    county_of = {u.code: u.county_code for u in units if u.level == "kommun"}
    for r in _read_csv("stadsdelar.csv"):
        units.append(Unit(r["stadsdelskod"], r["stadsdel"], "stadsdel",
                          county_code=county_of[r["kommunkod"]], parent_code=r["kommunkod"],
                          valid_years=(int(r["giltig_fran"]), int(r["giltig_till"]))))
    groups: dict[str, dict[str, MunicipalityGroup]] = {"skl2011": {}, "skr2023": {}}
    for r in _read_csv("kommungrupper.csv"):
        code = r["kommunkod"]
        groups["skl2011"][code] = MunicipalityGroup("skl2011", r["skl2011_nr"], r["skl2011_namn"])
        groups["skr2023"][code] = MunicipalityGroup("skr2023", r["skr2023_kod"], r["skr2023_namn"])
    return Registry(units, groups)
