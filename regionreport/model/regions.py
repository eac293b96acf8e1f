"""Regions: a län, Riket, or any named list of units (a FoU region, Göteborgsregionen).

In: the ``Registry`` and a län code or name, or a layout's list of unit codes.
Out: a frozen ``Region``: its members (kommuner and/or stadsdelar), whether a city's
stadsdelar count as units in place of the city, and the code of its published row (a län's
or Riket's; None for a custom region, whose values are always computed).
"""

from __future__ import annotations

from dataclasses import dataclass

from regionreport.errors import InputError
from regionreport.model.registry import RIKET_CODE, Registry


@dataclass(frozen=True)
class Region:
    """A set of member units whose region value is formed by each indicator's rule."""

    code: str
    name: str
    members: tuple[str, ...]
    published_code: str | None = None
    split_cities: bool = False

    def data_units(self, registry: Registry, year: int, present: set[str] | frozenset[str]
                   ) -> list[str]:
        """The units whose values are counted in ``year``: each member itself, except that a
        kommun that reported through stadsdelar counts as its stadsdelar when the region
        splits cities or when the data has no row of the kommun itself."""
        units: list[str] = []
        for code in self.members:
            parts = registry.stadsdelar_of(code, year)
            if parts and (self.split_cities or code not in present):
                units.extend(p.code for p in parts)
            else:
                units.append(code)
        return units


def county_region(registry: Registry, county_code: str) -> Region:
    """The län with this code, its kommuner as members, its published row for comparison."""
    county = registry.get(county_code)
    if county is None or county.level != "lan":
        raise InputError(f"'{county_code}' is not a länskod",
                         fix="use a two-digit code such as 06 or a län name")
    members = tuple(u.code for u in registry.kommuner_in(county_code))
    return Region(county.code, county.name, members, published_code=county.code)


def riket_region(registry: Registry) -> Region:
    """Sweden: every kommun, compared with the published Riket row."""
    members = tuple(u.code for u in registry.units("kommun"))
    return Region(RIKET_CODE, "Riket", members, published_code=RIKET_CODE)


def custom_region(registry: Registry, code: str, name: str, members: list[str], *,
                  split_cities: bool = True, where: str = "") -> Region:
    """A named list of kommuner and stadsdelar (may span counties); always computed."""
    for member in members:
        unit = registry.get(member)
        if unit is None or unit.level not in ("kommun", "stadsdel"):
            raise InputError(f"'{member}' is not a kommun or stadsdel code",
                             place=where or None,
                             fix="use four-digit kommunkoder (e.g. 1384) or stadsdel codes")
    if len(set(members)) != len(members):
        raise InputError("a member unit is listed twice", place=where or None)
    return Region(code, name, tuple(members), split_cities=split_cities)


def resolve_region(registry: Registry, text: str) -> Region:
    """A län or Riket from what a user types: "06", "6", "Jönköpings län", "Jönköping",
    "00" or "Riket"."""
    wanted = text.strip()
    if wanted.casefold() in ("00", "0", "riket"):
        return riket_region(registry)
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 2:
        return county_region(registry, wanted.zfill(2))
    for candidate in (wanted, f"{wanted} län", f"{wanted}s län"):
        found = registry.find_by_name(candidate, "lan")
        if found:
            return county_region(registry, found[0].code)
    names = ", ".join(f"{u.code} {u.name}" for u in registry.counties())
    raise InputError(f"unknown region '{text}'",
                     fix=f"give a länskod or län name, or 00 for Riket; the län are: {names}")
