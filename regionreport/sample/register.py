"""Synthetic register series and background measures of the bundled ekonomiskt bistånd 2015
sample (its calibration: the constants below are published 2015 facts and invented levels
of that release; other areas and years are drawn by ``series`` and ``classes``).

In: the registry, the register years (from the source profile), the Jönköping fixture,
Göteborgsregionen's member kommuner (from its layout) and a seed.
Out: ``RegisterSample``: for each register indicator and year an ``Entry`` (numerator,
denominator, value) per kommun, stadsdel, län and Riket; every kommun's and stadsdel's invented
population; kommunstorlek (1–5) and socioekonomisk nyckel (1–10, per year).

Model. The units are *atoms*: each kommun that never reported through stadsdelar and each
stadsdel (also in years it did not report, so that its city stays the sum of its parts). Every
atom gets an invented population with an age structure and an invented deprivation score. A
rate is a persistent per-atom level (driven by the deprivation score) times a small yearly random
walk times a national factor that is solved by bisection so that Riket meets its target; a few
published unit values are pinned (Angered, Danderyd, Kungsbacka) and Göteborgsregionen is
nudged towards its published level. Integer numerators are then corrected by a handful of
persons so that Riket rounds exactly to the target.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from regionreport.aggregate import weighted_ratio
from regionreport.model.registry import Registry
from regionreport.numbers import round_half_up
from regionreport.sample.calibration import bisect_scale, spread_delta, total_for_target
from regionreport.sample.entry import Entry
from regionreport.sample.fixture import Fixture
from regionreport.sample.population import FIXED_POPULATION, GROUP_PROFILE, SIZE_BOUNDS

ANCHOR_YEAR = 2014

# Invented deprivation scores of the stadsdelar (higher = harder socio-economic conditions).
STADSDEL_DEPRIVATION = {
    "148001": 3.0, "148002": 2.2, "148003": -0.5, "148004": -0.3, "148005": 0.0,
    "148006": -0.8, "148007": -0.4, "148008": 1.0, "148009": 0.5, "148010": 0.3,
    "128001": 0.6, "128002": 1.0, "128003": 1.6, "128004": -0.3, "128005": 1.8,
    "018001": 2.5, "018002": 2.3, "018003": 0.4, "018004": -1.3, "018005": -1.0,
    "018006": -1.0, "018007": -1.4, "018008": -0.8, "018009": 0.6, "018010": 0.2,
    "018011": 0.5, "018012": -0.8, "018013": -0.6, "018014": 1.8}
# Invented deprivation scores of a few kommuner known for favourable conditions, so that the
# published extremes (Danderyd lowest, Kungsbacka's low income) sit in plausible places.
FIXED_DEPRIVATION = {"0162": -2.6, "0160": -1.8, "0186": -1.4, "0187": -1.5, "1233": -1.9,
                     "1262": -1.9, "1384": -1.7, "1401": -1.2, "1407": -1.2}
ANGERED, DANDERYD, KUNGSBACKA = "148001", "0162", "1384"


@dataclass(frozen=True)
class SeriesSpec:
    """How one register indicator is invented: denominator population, median rate (percent)
    at deprivation 0, log-slope per deprivation unit, persistent log noise, rate bounds,
    Riket targets per year, pinned unit values and a group target (year, percent)."""

    indicator: str
    denominator: str
    level: float
    slope: float
    spread: float
    bounds: tuple[float, float]
    targets: dict[int, str]
    pins: dict[int, dict[str, float]] | None = None
    gr_target: tuple[int, float] | None = None


SERIES = (
    SeriesSpec("andel_bistandsmottagare", "population", 3.6, 0.55, 0.15, (0.6, 17.0),
               {2011: "4.5", 2012: "4.5", 2013: "4.3", 2014: "4.4", 2015: "4.3"},
               pins={2014: {ANGERED: 18.8, DANDERYD: 0.5}}, gr_target=(2013, 4.8)),
    SeriesSpec("barn_i_bistandshushall", "children", 0, 0, 0.10, (0.3, 45.0),
               {2011: "7.4", 2012: "7.3", 2013: "7.1", 2014: "7.0", 2015: "6.8"}),
    SeriesSpec("unga_vuxna_bistand", "young", 0, 0, 0.12, (1.0, 35.0),
               {2011: "8.8", 2012: "8.6", 2013: "8.3", 2014: "8.0", 2015: "7.7"}),
    SeriesSpec("langvarigt_bistand", "adults", 20.0, 0.12, 0.20, (4.0, 50.0),
               {2011: "18.6", 2012: "20.2", 2013: "22.1", 2014: "23.7", 2015: "24.6"}),
    SeriesSpec("mycket_langvarigt_bistand", "adults", 0, 0, 0.12, (1.0, 40.0),
               {2011: "10.4", 2012: "11.2", 2013: "12.1", 2014: "13.0", 2015: "13.8"}),
    SeriesSpec("lag_inkomst", "working", 18.5, 0.30, 0.10, (6.0, 50.0),
               {2011: "20.3", 2012: "20.2", 2013: "20.0", 2014: "19.8", 2015: "19.7"},
               pins={2013: {KUNGSBACKA: 11.0, ANGERED: 44.0}}, gr_target=(2013, 19.0)),
    SeriesSpec("arbetslosa_18_64", "working", 11.5, 0.25, 0.12, (4.0, 30.0),
               {2011: "12.2", 2012: "12.6", 2013: "12.5", 2014: "12.1", 2015: "11.6"}),
    SeriesSpec("utrikes_fodda_0_5", "working", 2.6, 0.35, 0.35, (0.2, 15.0),
               {2011: "2.5", 2012: "2.7", 2013: "2.9", 2014: "3.1", 2015: "3.4"}),
)


@dataclass(frozen=True)
class RegisterSample:
    """Everything the register and Bakgrund sheets need.

    ``entries[(indicator, year)][unit code]``; ``population[code][year]`` for kommuner and
    stadsdelar; ``size_class[code]``; ``socio_key[year][code]``; ``gr_values[(indicator,
    year)]`` the computed Göteborgsregionen share, for the documentation.
    """

    entries: dict[tuple[str, int], dict[str, Entry]]
    population: dict[str, dict[int, int]]
    size_class: dict[str, int]
    socio_key: dict[int, dict[str, int]]
    gr_values: dict[tuple[str, int], float]


@dataclass
class _Atoms:
    """Working arrays over the atoms (rows) and years (columns)."""

    codes: list[str]
    parent: list[str]
    years: list[int]
    deprivation: np.ndarray
    counts: dict[str, np.ndarray]
    in_gr: np.ndarray             # True for the atoms of Göteborgsregionen's kommuner


def build_register_sample(registry: Registry, years: list[int], fixture: Fixture,
                          gr_members: Collection[str], seed: int) -> RegisterSample:
    """Invent populations, register series and background classes for all units;
    ``gr_members`` are the kommun codes of Göteborgsregionen, whose published levels some
    series are nudged towards."""
    rng = np.random.default_rng([seed, 1])
    atoms = _make_atoms(registry, sorted(years), fixture, gr_members, rng)
    numerators = _series(atoms, rng)
    entries = _entries(registry, atoms, numerators)
    population = _unit_sums(atoms, atoms.counts["population"])
    size_class = {code: _size_class(pop[2015 if 2015 in pop else max(pop)])
                  for code, pop in population.items()}
    size_class.update({code: unit.size_class for code, unit in fixture.units.items()})
    return RegisterSample(entries=entries, population=population, size_class=size_class,
                          socio_key=_socio_keys(atoms, fixture, rng),
                          gr_values=_gr_values(atoms, numerators))


# -- atoms: population, age structure, deprivation ------------------------------------------------
def _make_atoms(registry: Registry, years: list[int], fixture: Fixture,
                gr_members: Collection[str], rng: np.random.Generator) -> _Atoms:
    """Atoms in code order with populations per year, age groups and deprivation scores."""
    cities = {u.parent_code for u in registry.units("stadsdel")}
    kommun_pop, kommun_dep, kommun_growth = _kommun_levels(registry, fixture, rng)
    codes, parent, pop14, growth, deprivation = [], [], [], [], []
    for kommun in registry.units("kommun"):
        if kommun.code in cities:
            parts = [u for u in registry.units("stadsdel") if u.parent_code == kommun.code]
            shares = rng.dirichlet(np.full(len(parts), 25.0))
            for part, size in zip(parts, _split(kommun_pop[kommun.code], shares)):
                codes.append(part.code)
                parent.append(kommun.code)
                pop14.append(size)
                growth.append(kommun_growth[kommun.code] + rng.normal(0, 0.002))
                deprivation.append(STADSDEL_DEPRIVATION.get(part.code, 0.0)
                                   + rng.normal(0, 0.15))
        else:
            codes.append(kommun.code)
            parent.append(kommun.code)
            pop14.append(kommun_pop[kommun.code])
            growth.append(kommun_growth[kommun.code])
            deprivation.append(kommun_dep[kommun.code])
    offsets = np.array(years) - ANCHOR_YEAR
    population = np.rint(np.outer(pop14, np.ones(len(years)))
                         * (1 + np.array(growth))[:, None] ** offsets[None, :])
    counts = {"population": population}
    for group, (mean, sd) in {"children": (0.21, 0.018), "young": (0.088, 0.01),
                              "working": (0.575, 0.02)}.items():
        share = rng.normal(mean, sd, len(codes))[:, None] \
            + rng.normal(0, 0.002, (len(codes), len(years)))
        counts[group] = np.rint(population * share)
    in_gr = np.array([p in gr_members for p in parent])
    return _Atoms(codes, parent, years, np.array(deprivation), counts, in_gr)


def _kommun_levels(registry: Registry, fixture: Fixture, rng: np.random.Generator):
    """Per kommun: population in the anchor year, deprivation score and yearly growth."""
    population, deprivation, growth = {}, {}, {}
    for kommun in registry.units("kommun"):
        group = registry.group("skl2011", kommun.code)
        median, spread, dep_mean = GROUP_PROFILE[group.code if group else "7"]
        drawn = int(np.clip(median * np.exp(rng.normal(0, spread)), 3_000, 120_000))
        deprivation[kommun.code] = FIXED_DEPRIVATION.get(kommun.code,
                                                         rng.normal(dep_mean, 0.85))
        city = group is not None and group.code in ("1", "3")
        sparse = group is not None and group.code in ("8", "10")
        growth[kommun.code] = rng.normal(0.006 + 0.006 * city - 0.006 * sparse, 0.003)
        if kommun.code in fixture.units:
            drawn = _draw_in_class(fixture.units[kommun.code].size_class, rng)
        population[kommun.code] = FIXED_POPULATION.get(kommun.code, drawn)
    # Jönköping's kommuner: deprivation consistent with their real socio-economic key.
    cuts = _decile_cuts([d for c, d in deprivation.items() if c not in fixture.units])
    bounds = [min(deprivation.values()) - 0.1, *cuts, max(deprivation.values()) + 0.1]
    for code, unit in fixture.units.items():
        key = unit.socio_key[2015]
        deprivation[code] = rng.uniform(bounds[key - 1], bounds[key])
    return population, deprivation, growth


def _draw_in_class(size_class: int, rng: np.random.Generator) -> int:
    """A population well inside a kommunstorlek class (so growth keeps it there)."""
    low = ((0, *SIZE_BOUNDS)[size_class - 1] or 4_000) * 1.08
    high = (*SIZE_BOUNDS, 400_000)[size_class - 1] * 0.92
    return int(np.exp(rng.uniform(np.log(low), np.log(high))))


def _split(total: int, shares: np.ndarray) -> list[int]:
    """``total`` split by ``shares`` into integers that sum exactly (largest remainder)."""
    raw = total * shares / shares.sum()
    parts = np.floor(raw).astype(int)
    for index in np.argsort(-(raw - parts), kind="stable")[: total - parts.sum()]:
        parts[index] += 1
    return [int(p) for p in parts]


def _size_class(population: int) -> int:
    """Kommunstorlek 1–5 from a population."""
    return 1 + sum(population > bound for bound in SIZE_BOUNDS)


def _decile_cuts(values: list[float]) -> list[float]:
    return [float(q) for q in np.quantile(values, np.arange(1, 10) / 10)]


def _socio_keys(atoms: _Atoms, fixture: Fixture, rng: np.random.Generator):
    """Socioekonomisk nyckel per year: deciles of the deprivation score (1 = most favourable),
    mostly unchanged from 2014 to 2015; Jönköping's from the fixture."""
    kommun_dep = {c: d for c, p, d in zip(atoms.codes, atoms.parent, atoms.deprivation)
                  if c == p}
    cuts = _decile_cuts(list(kommun_dep.values()))
    noisy = atoms.deprivation + rng.normal(0, 0.15, len(atoms.codes))
    key15 = {code: 1 + int(np.searchsorted(cuts, value)) for code, value in
             zip(atoms.codes, noisy)}
    for city in sorted(set(atoms.parent) - set(kommun_dep)):
        members = [i for i, p in enumerate(atoms.parent) if p == city]
        weights = atoms.counts["population"][members, -1]
        key15[city] = 1 + int(np.searchsorted(cuts, np.average(noisy[members],
                                                                weights=weights)))
    change = rng.choice([-1, 0, 1], size=len(key15), p=[0.12, 0.76, 0.12])
    key14 = {code: int(np.clip(key + step, 1, 10))
             for (code, key), step in zip(sorted(key15.items()), change)}
    for code, unit in fixture.units.items():
        key15[code], key14[code] = unit.socio_key[2015], unit.socio_key[2014]
    return {2015: key15, 2014: key14}


# -- register series ------------------------------------------------------------------------------
def _series(atoms: _Atoms, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Integer numerators (atoms × years) of every register indicator, calibrated to Riket;
    also stores the derived denominator 'adults' (adult recipients) in ``atoms.counts``."""
    numerators: dict[str, np.ndarray] = {}
    walk = np.exp(np.cumsum(rng.normal(0, 0.035, (len(atoms.codes), len(atoms.years))), axis=1))
    walk /= walk[:, [atoms.years.index(ANCHOR_YEAR)]]
    for spec in SERIES:
        noise = np.exp(rng.normal(0, spec.spread, len(atoms.codes)))[:, None]
        if spec.indicator == "barn_i_bistandshushall":
            recipients = _rates(numerators["andel_bistandsmottagare"], atoms, "population")
            base = 1.6 * recipients * noise * (1 + 0.06 * atoms.deprivation[:, None])
            caps = np.floor(0.6 * numerators["andel_bistandsmottagare"])
        elif spec.indicator == "unga_vuxna_bistand":
            base = 1.9 * _rates(numerators["andel_bistandsmottagare"], atoms, "population") \
                * noise
            caps = np.floor(0.4 * atoms.counts["adults"])
        elif spec.indicator == "mycket_langvarigt_bistand":
            base = 0.55 * _rates(numerators["langvarigt_bistand"], atoms, "adults") * noise
            caps = numerators["langvarigt_bistand"]
        else:
            level = spec.level * np.exp(spec.slope * atoms.deprivation)[:, None]
            base = level * noise * walk
            caps = None
        numerators[spec.indicator] = _calibrated(spec, atoms, base, caps)
        if spec.indicator == "barn_i_bistandshushall":
            atoms.counts["adults"] = numerators["andel_bistandsmottagare"] \
                - numerators["barn_i_bistandshushall"]
    return numerators


def _rates(numerator: np.ndarray, atoms: _Atoms, denominator: str) -> np.ndarray:
    return 100 * numerator / np.maximum(atoms.counts[denominator], 1)


def _calibrated(spec: SeriesSpec, atoms: _Atoms, base: np.ndarray,
                caps: np.ndarray | None) -> np.ndarray:
    """Numerators (atoms × years) whose Riket ratio rounds to each year's target."""
    denominator = atoms.counts[spec.denominator]
    pins = {year: {atoms.codes.index(code): rate for code, rate in pinned.items()}
            for year, pinned in (spec.pins or {}).items()}
    low, upper = _bounds(spec, base.shape, denominator, caps, pins)
    gr = atoms.in_gr
    base = base.copy()
    for _ in range(5):
        scales = {}
        for col, year in enumerate(atoms.years):
            scales[year] = _solve_year(base[:, col], denominator[:, col], spec.targets[year],
                                       low[:, col], upper[:, col], pins.get(year, {}))
        for year, pinned in pins.items():
            col = atoms.years.index(year)
            for index, rate in pinned.items():
                base[index, :] *= rate / (base[index, col] * scales[year])
        if spec.gr_target:
            year, share = spec.gr_target
            col = atoms.years.index(year)
            rates = _clip_rates(base[:, col] * scales[year], low[:, col], upper[:, col],
                                pins.get(year, {}))
            reached = (rates * denominator[:, col])[gr].sum() / denominator[gr, col].sum()
            movable = gr & ~np.isin(np.arange(len(gr)), list(pins.get(year, {})))
            base[movable, :] *= share / reached
    result = np.zeros(base.shape)
    for col, year in enumerate(atoms.years):
        scale = _solve_year(base[:, col], denominator[:, col], spec.targets[year],
                            low[:, col], upper[:, col], pins.get(year, {}))
        rates = _clip_rates(base[:, col] * scale, low[:, col], upper[:, col], pins.get(year, {}))
        result[:, col] = _integers(rates, denominator[:, col], upper[:, col],
                                   Decimal(spec.targets[year]), pins.get(year, {}))
    return result


def _bounds(spec: SeriesSpec, shape: tuple[int, int], denominator: np.ndarray,
            caps: np.ndarray | None, pins: dict[int, dict[int, float]]):
    """Lower and upper rate bounds per atom and year; pinned atoms are free in every year so
    that their other years follow their pinned level."""
    low, high = spec.bounds
    lower = np.full(shape, low)
    upper = np.full(shape, high)
    if caps is not None:
        upper = np.minimum(upper, 100 * caps / np.maximum(denominator, 1))
    for pinned in pins.values():
        for index in pinned:
            lower[index, :] = 0.0
            upper[index, :] = 100.0 if caps is None else upper[index, :].clip(max=100.0)
    return lower, upper


def _clip_rates(rates: np.ndarray, low: np.ndarray, upper: np.ndarray,
                pins: dict[int, float]) -> np.ndarray:
    clipped = np.clip(rates, np.minimum(low, upper), upper)
    for index, rate in pins.items():
        clipped[index] = rate
    return clipped


def _solve_year(base: np.ndarray, denominator: np.ndarray, target: str, low: np.ndarray,
                upper: np.ndarray, pins: dict[int, float]) -> float:
    """The national factor for one year: Σ rate·den / Σ den = target with pinned atoms fixed."""
    total = denominator.sum()

    def ratio_at(scale: float) -> float:
        rates = _clip_rates(base * scale, low, upper, pins)
        return float((rates * denominator).sum() / total)

    return bisect_scale(ratio_at, float(target))


def _integers(rates: np.ndarray, denominator: np.ndarray, upper: np.ndarray, target: Decimal,
              pins: dict[int, float]) -> np.ndarray:
    """Integer numerators from rates, corrected by a few persons so that Riket rounds to
    ``target``; pinned atoms keep exactly their published value."""
    caps = np.floor(upper * denominator / 100).astype(int)
    for index, rate in pins.items():
        caps[index] = int(denominator[index])
    counts = np.minimum(np.rint(rates * denominator / 100), caps).astype(int)
    for index, rate in pins.items():
        if round_half_up(100 * int(counts[index]) / int(denominator[index])) != rate:
            raise ValueError(f"pinned value {rate} not reached")
    dens = int(denominator.sum())
    goal = total_for_target(target, dens, Fraction(100), int(counts.sum()))
    eligible = [i not in pins for i in range(len(counts))]
    fixed = spread_delta([int(c) for c in counts], goal - int(counts.sum()),
                         [int(c) for c in caps], eligible)
    return np.array(fixed, dtype=float)


# -- from atoms to rows ---------------------------------------------------------------------------
def _unit_sums(atoms: _Atoms, values: np.ndarray) -> dict[str, dict[int, int]]:
    """Per kommun (sum of its atoms) and per stadsdel: year -> integer."""
    sums: dict[str, dict[int, int]] = {}
    for row, (code, parent) in enumerate(zip(atoms.codes, atoms.parent)):
        kommun = sums.setdefault(parent, dict.fromkeys(atoms.years, 0))
        for col, year in enumerate(atoms.years):
            kommun[year] += int(values[row, col])
        if code != parent:
            sums[code] = {year: int(values[row, col]) for col, year in enumerate(atoms.years)}
    return sums


def _entries(registry: Registry, atoms: _Atoms, numerators: dict[str, np.ndarray]):
    """Entries for every register indicator and year: kommuner, stadsdelar valid that year,
    län and Riket (sums over the kommuner)."""
    entries: dict[tuple[str, int], dict[str, Entry]] = {}
    for spec in SERIES:
        nums = _unit_sums(atoms, numerators[spec.indicator])
        dens = _unit_sums(atoms, atoms.counts[spec.denominator])
        for year in atoms.years:
            rows = {}
            for unit in registry.units("kommun") + registry.units("stadsdel"):
                if unit.valid_in(year):
                    rows[unit.code] = _entry([(nums[unit.code][year], dens[unit.code][year])])
            for county in registry.counties():
                members = [k.code for k in registry.kommuner_in(county.code)]
                rows[county.code] = _entry((nums[c][year], dens[c][year]) for c in members)
            kommuner = [k.code for k in registry.units("kommun")]
            rows[registry.riket.code] = _entry((nums[c][year], dens[c][year]) for c in kommuner)
            entries[(spec.indicator, year)] = rows
    return entries


def _entry(pairs: Iterable[tuple[int, int]]) -> Entry:
    """The entry of a unit or of the sum of units from (numerator, denominator) counts: the
    counts summed, the value by the pipeline's weighted rule and rounding."""
    pairs = list(pairs)
    value = round_half_up(weighted_ratio(pairs, 100))
    return Entry(value=value, numerator=sum(n for n, _ in pairs),
                 denominator=sum(d for _, d in pairs))


def _gr_values(atoms: _Atoms, numerators: dict[str, np.ndarray]):
    """Göteborgsregionen's computed share per register indicator and year."""
    gr = atoms.in_gr
    values = {}
    for spec in SERIES:
        for col, year in enumerate(atoms.years):
            num = int(numerators[spec.indicator][gr, col].sum())
            den = int(atoms.counts[spec.denominator][gr, col].sum())
            values[(spec.indicator, year)] = round_half_up(100 * num / den)
    return values
