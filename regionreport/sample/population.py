"""Invented populations of every kommun and stadsdel, for any years.

In: the registry, the years of a sample and a random generator.
Out: ``Atoms``: the units that are never split further (each kommun that never reported
through stadsdelar, and every stadsdel, also in years it did not report, so that its city
stays the sum of its parts) with an integer population per year; ``unit_populations`` sums
them to kommuner and stadsdelar.

The constants are invented, rounded and plausible, not statistics: the largest kommuner and
the smallest have fixed populations, every other kommun is drawn from its SKL 2011
municipality group; a city is split into its stadsdelar. ``size_class`` is kommunstorlek
(1–5) by population. The ekonomiskt bistånd 2015 calibration (``register``) uses the same
constants with its own drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regionreport.model.registry import Registry

# Rounded, plausible populations of the largest kommuner and the smallest (Bjurholm);
# everything else is drawn from its municipality group. Invented, not statistics.
FIXED_POPULATION = {"0180": 920_000, "1480": 540_000, "1280": 320_000, "0380": 210_000,
                    "0580": 150_000, "1880": 143_000, "1980": 142_000, "0581": 136_000,
                    "1283": 135_000, "0680": 133_000, "2480": 119_000, "1281": 114_000,
                    "0980": 57_000, "2403": 2_500}
# SKL 2011 group -> (median population, log spread, mean deprivation score).
GROUP_PROFILE = {"1": (500_000, 0.0, 0.4), "2": (38_000, 0.45, -0.5),
                 "3": (75_000, 0.35, 0.1), "4": (22_000, 0.40, -0.6),
                 "5": (11_000, 0.45, -0.1), "6": (10_000, 0.60, 0.1),
                 "7": (13_000, 0.45, 0.2), "8": (6_500, 0.45, 0.3),
                 "9": (24_000, 0.50, 0.1), "10": (14_000, 0.45, 0.2)}
# Kommunstorlek: upper population bound of classes 1–4 (class 5 above 200 000).
SIZE_BOUNDS = (15_000, 30_000, 50_000, 200_000)
FALLBACK_GROUP = "7"


@dataclass(frozen=True)
class Atoms:
    """The smallest units: ``codes`` (a kommun's own code or a stadsdel's), ``parent`` (the
    kommun of each), ``years`` ascending and ``population`` (atoms × years, integers)."""

    codes: tuple[str, ...]
    parent: tuple[str, ...]
    years: tuple[int, ...]
    population: np.ndarray

    def index(self, code: str) -> int:
        return self.codes.index(code)


def make_atoms(registry: Registry, years: list[int], rng: np.random.Generator) -> Atoms:
    """Atoms in kommun code order with a population per year: the latest year's population
    from the municipality group (or fixed), the earlier ones by a yearly growth rate."""
    years = sorted(years)
    cities = {u.parent_code for u in registry.units("stadsdel")}
    codes, parent, latest, growth = [], [], [], []
    for kommun in registry.units("kommun"):
        group = registry.group("skl2011", kommun.code)
        median, spread, _ = GROUP_PROFILE.get(group.code if group else FALLBACK_GROUP,
                                              GROUP_PROFILE[FALLBACK_GROUP])
        drawn = int(np.clip(median * np.exp(rng.normal(0, spread)), 3_000, 120_000))
        total = FIXED_POPULATION.get(kommun.code, drawn)
        rate = rng.normal(0.006, 0.004)
        if kommun.code in cities:
            parts = [u for u in registry.units("stadsdel") if u.parent_code == kommun.code]
            shares = rng.dirichlet(np.full(len(parts), 25.0))
            for part, size in zip(parts, split_total(total, shares)):
                codes.append(part.code)
                parent.append(kommun.code)
                latest.append(size)
                growth.append(rate + rng.normal(0, 0.002))
        else:
            codes.append(kommun.code)
            parent.append(kommun.code)
            latest.append(total)
            growth.append(rate)
    offsets = np.array(years) - years[-1]
    population = np.rint(np.array(latest, dtype=float)[:, None]
                         * (1 + np.array(growth))[:, None] ** offsets[None, :])
    return Atoms(tuple(codes), tuple(parent), tuple(years), np.maximum(population, 1))


def unit_populations(atoms: Atoms) -> dict[str, dict[int, int]]:
    """Per kommun (the sum of its atoms) and per stadsdel: year -> population."""
    return unit_sums(atoms, atoms.population)


def unit_sums(atoms: Atoms, values: np.ndarray) -> dict[str, dict[int, int]]:
    """Per kommun (sum of its atoms) and per stadsdel: year -> integer of ``values``
    (atoms × years)."""
    sums: dict[str, dict[int, int]] = {}
    for row, (code, kommun) in enumerate(zip(atoms.codes, atoms.parent)):
        total = sums.setdefault(kommun, dict.fromkeys(atoms.years, 0))
        for col, year in enumerate(atoms.years):
            total[year] += int(values[row, col])
        if code != kommun:
            sums[code] = {year: int(values[row, col]) for col, year in enumerate(atoms.years)}
    return sums


def split_total(total: int, shares: np.ndarray) -> list[int]:
    """``total`` split by ``shares`` into integers that sum exactly (largest remainder)."""
    raw = total * shares / shares.sum()
    parts = np.floor(raw).astype(int)
    for index in np.argsort(-(raw - parts), kind="stable")[: total - parts.sum()]:
        parts[index] += 1
    return [int(p) for p in parts]


def size_class(population: int, bounds: tuple[float, ...] = SIZE_BOUNDS) -> int:
    """The class 1.. of a population given the upper bounds of the lower classes."""
    return 1 + sum(population > bound for bound in bounds)
