"""What a sample of any ÖJ area is drawn from: catalog + source profile + calibration.

In: the ``Catalog``, the ``SourceProfile`` (which sheets, columns and years the workbook has),
the years asked for (``parse_years`` reads ``--years``), an optional calibration TOML file
(format in docs/sample-data.md) and the seed.
Out: a frozen ``SamplePlan``: per indicator an ``IndicatorPlan`` with every setting filled in
(the national level of each year and whether it must be met exactly, trend, persistence,
answer weights, item non-response, spread, denominator share, classes), the survey
non-responders per year, the indicator groups that share a denominator column, and the
fixture values. Catalog and profile alone suffice: every setting has a default.

Every mistake is an ``InputError`` naming the file and the key (``indicators.x.level``) or,
for ``--years``, the option.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

from regionreport.config.toml import read_toml
from regionreport.errors import InputError
from regionreport.model.catalog import Catalog, Indicator
from regionreport.model.registry import Registry
from regionreport.sample.fixture_file import FixtureValues, read_fixture
from regionreport.sources.profile import SourceProfile

DEFAULT_PERSISTENCE = 0.9
DEFAULT_TREND_POINTS = 2.0          # percentage points a year (categorical, percent)
DEFAULT_TREND_SHARE = 0.02          # share of the level a year (other kinds)
DEFAULT_NON_RESPONSE = 0.04         # share of the survey units that answer nothing
_TOP_KEYS = {"sample", "fixtures", "indicators"}
_SAMPLE_KEYS = {"description", "non_responders", "persistence"}
_FIXTURE_KEYS = {"file", "year"}
_COMMON_KEYS = {"level", "trend", "persistence"}
_KEYS_BY_KIND = {"categorical": _COMMON_KEYS | {"weights", "item_missing"},
                 "number": _COMMON_KEYS | {"spread", "denominator_share", "item_missing"},
                 "class": {"classes", "bounds", "persistence"}}


@dataclass(frozen=True)
class IndicatorPlan:
    """How one indicator is drawn.

    ``years``: the sample's years in which the profile has a column of it; ``roles[year]``:
    which of value/numerator/denominator the workbook holds; ``levels[year]``: the national
    level (share of positive answers in percent, or the weighted national value); ``exact``:
    the years whose level was given (calibration or a fixture's Riket row) and must be met
    after rounding. ``draw`` is "categorical", "number" or "class".
    """

    indicator: Indicator
    draw: str
    years: tuple[int, ...]
    roles: dict[int, frozenset[str]]
    levels: dict[int, Decimal]
    exact: frozenset[int]
    persistence: float
    weights: dict[str, float]
    item_missing: int
    spread: float
    denominator_share: float
    classes: int
    bounds: tuple[float, ...] | None

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def bounded(self) -> bool:
        """The value cannot exceed the scale (a share or a rate of persons): numerator ≤
        denominator."""
        return self.indicator.is_percentage or self.indicator.scale >= 100


@dataclass(frozen=True)
class SamplePlan:
    """Everything the drawing needs besides the registry and the random numbers."""

    catalog: Catalog
    profile: SourceProfile
    years: tuple[int, ...]
    indicators: dict[str, IndicatorPlan]
    non_responders: dict[int, int | None]
    groups: tuple[tuple[str, ...], ...]
    fixtures: FixtureValues
    calibration: Path | None
    description: str

    def by_source(self, source: str, draw: str | None = None) -> list[IndicatorPlan]:
        return [p for p in self.indicators.values() if p.indicator.source == source
                and (draw is None or p.draw == draw)]

    def survey_years(self) -> list[int]:
        return sorted({y for p in self.by_source("survey") if p.draw != "class"
                       for y in p.years})

    def group_of(self, indicator_id: str) -> tuple[str, ...]:
        return next((g for g in self.groups if indicator_id in g), (indicator_id,))


# -- years ----------------------------------------------------------------------------------------
def parse_years(text: str) -> list[int]:
    """"2014,2015", "2012-2015" or "2011,2013-2015" -> the years ascending."""
    years: set[int] = set()
    for part in text.replace(" ", "").split(","):
        match = re.fullmatch(r"(\d{4})(?:[-–](\d{4}))?", part)
        if not match or (match[2] and int(match[2]) < int(match[1])):
            raise InputError(f"'{text}' is not a list of years", place="option --years",
                             fix="write years such as 2014,2015 or a span 2012-2015")
        years.update(range(int(match[1]), int(match[2] or match[1]) + 1))
    return sorted(years)


def profile_years(profile: SourceProfile) -> list[int]:
    return sorted({t.year for s in profile.sheets for _, ts in s.columns for t in ts})


def choose_years(profile: SourceProfile, asked: list[int] | None) -> tuple[int, ...]:
    """The sample's years: those asked for, each of which the profile must have."""
    have = profile_years(profile)
    if asked is None:
        return tuple(have)
    outside = [y for y in asked if y not in have]
    if outside:
        raise InputError(f"the source profile '{profile.id}' has no columns for "
                         f"{', '.join(map(str, outside))} (its years: "
                         f"{', '.join(map(str, have))})", place="option --years",
                         fix="ask for years the profile describes, or use next year's profile")
    return tuple(asked)


# -- the plan -------------------------------------------------------------------------------------
def make_plan(catalog: Catalog, profile: SourceProfile, registry: Registry,
              years: list[int] | None = None, calibration: Path | None = None,
              seed: int = 0) -> SamplePlan:
    """Check the profile against the catalog, read the calibration and its fixtures, and
    fill in every setting of every indicator the profile has in the chosen years."""
    chosen = choose_years(profile, years)
    roles = _profile_roles(profile, catalog, chosen)
    groups = _shared_groups(profile, catalog)
    data = _read_calibration(calibration) if calibration else {}
    sample = data.get("sample", {})
    fixtures = FixtureValues()
    for entry in data.get("fixtures", []):
        year = entry.get("year", max(chosen))
        if year not in chosen:
            continue
        read_fixture(calibration.parent / entry["file"], year, catalog, registry,
                     profile.answers, fixtures)
    settings = data.get("indicators", {})
    for indicator_id in settings:
        if indicator_id not in catalog:
            raise InputError(f"key 'indicators.{indicator_id}': not an indicator of the catalog "
                             f"'{catalog.id}'", file=calibration,
                             fix="use an indicator id of the catalog")
    persistence = sample.get("persistence", DEFAULT_PERSISTENCE)
    plans = {}
    for indicator_id, by_year in roles.items():
        indicator = catalog.indicator(indicator_id)
        if indicator.is_categorical and indicator.source != "survey":
            raise InputError(f"indicator '{indicator.id}': a categorical indicator of source "
                             f"'{indicator.source}' cannot be drawn (answers come from the "
                             "survey)", file=catalog.path)
        own = settings.get(indicator_id, {})
        plans[indicator_id] = _indicator_plan(indicator, by_year, own, fixtures, persistence,
                                              calibration, seed)
    _check_fixture_keys(fixtures, plans, chosen)
    non_responders = _non_responders(sample.get("non_responders"), chosen, calibration)
    return SamplePlan(catalog=catalog, profile=profile, years=chosen, indicators=plans,
                      non_responders=non_responders, groups=groups, fixtures=fixtures,
                      calibration=calibration, description=sample.get("description", ""))


def _profile_roles(profile: SourceProfile, catalog: Catalog, years: tuple[int, ...]
                   ) -> dict[str, dict[int, frozenset[str]]]:
    """Indicator -> year -> roles the profile has, for the chosen years, in catalog order."""
    found: dict[str, dict[int, set[str]]] = {}
    for sheet in profile.sheets:
        for header, targets in sheet.columns:
            for target in targets:
                if target.indicator not in catalog:
                    raise InputError(f"column target '{target.indicator}' is not an indicator "
                                     f"of the catalog '{catalog.id}'", file=profile.path,
                                     fix="correct the id or add the indicator to the catalog")
                indicator = catalog.indicator(target.indicator)
                if indicator.kind == "group":
                    raise InputError(f"column '{header}': '{indicator.id}' is the "
                                     "municipality group, which needs no data",
                                     file=profile.path, place=f"sheet '{sheet.name}'",
                                     fix="remove the column from the profile")
                if target.year in years:
                    found.setdefault(target.indicator, {}).setdefault(target.year, set()) \
                        .add(target.role)
    order = [i.id for i in catalog.indicators]
    return {i: {y: frozenset(r) for y, r in sorted(found[i].items())}
            for i in sorted(found, key=order.index)}


def _shared_groups(profile: SourceProfile, catalog: Catalog) -> tuple[tuple[str, ...], ...]:
    """Indicators that share a denominator column (in any sheet) share their denominators;
    a value or numerator column cannot be shared."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for sheet in profile.sheets:
        for header, targets in sheet.columns:
            if len(targets) < 2:
                continue
            if any(t.role != "denominator" for t in targets) or \
                    len({catalog.indicator(t.indicator).source for t in targets}) > 1:
                raise InputError(f"column '{header}' serves several targets that are not all "
                                 "denominators of one source; the sample generator can only "
                                 "share a denominator", file=profile.path,
                                 place=f"sheet '{sheet.name}'",
                                 fix="give each value and numerator a column of its own")
            first = root(targets[0].indicator)
            for target in targets[1:]:
                parent[root(target.indicator)] = first
    order = [i.id for i in catalog.indicators]
    members: dict[str, list[str]] = {}
    for indicator_id in sorted(parent, key=order.index):
        members.setdefault(root(indicator_id), []).append(indicator_id)
    return tuple(tuple(sorted(set(m) | {r}, key=order.index)) for r, m in members.items())


def _indicator_plan(indicator: Indicator, by_year: dict[int, frozenset[str]], own: dict,
                    fixtures: FixtureValues, persistence: float, calibration: Path | None,
                    seed: int) -> IndicatorPlan:
    draw = "class" if indicator.kind == "class" else \
        "categorical" if indicator.is_categorical else "number"
    prefix = f"indicators.{indicator.id}"
    allowed = set(_KEYS_BY_KIND[draw])
    if indicator.source != "survey":
        allowed.discard("item_missing")
    _reject_unknown(own, allowed, calibration, prefix + ".")
    years = tuple(sorted(by_year))
    given = _year_values(own.get("level"), years, calibration, prefix + ".level")
    given.update({y: level for (i, y), level in fixtures.riket.items()
                  if i == indicator.id and y in years})
    rng = np.random.default_rng([seed, 7, zlib.crc32(indicator.id.encode())])
    latest_default = _default_level(indicator, draw, rng)
    trend = _number(own, "trend", None, calibration, prefix)
    levels = _levels(indicator, draw, years, given, latest_default, trend)
    weights = _weights(indicator, own.get("weights"), calibration, prefix) \
        if draw == "categorical" else {}
    return IndicatorPlan(
        indicator=indicator, draw=draw, years=years, roles=by_year, levels=levels,
        exact=frozenset(given), persistence=_fraction(own, "persistence", persistence,
                                                      calibration, prefix),
        weights=weights,
        item_missing=_count(own, "item_missing", 0 if draw == "categorical" else 1,
                            calibration, prefix),
        spread=_number(own, "spread", _default_spread(indicator), calibration, prefix,
                       minimum=0.0),
        denominator_share=_number(own, "denominator_share",
                                  1.0 if indicator.source == "register" else 0.0004,
                                  calibration, prefix, minimum=1e-9),
        classes=_count(own, "classes", 5, calibration, prefix, minimum=1),
        bounds=_bounds(own.get("bounds"), calibration, prefix))


def _default_level(indicator: Indicator, draw: str, rng: np.random.Generator) -> float:
    """A plausible national level where the calibration gives none (drawn, seeded)."""
    if draw == "class":
        return 0.0
    if draw == "categorical":
        return float(rng.integers(35, 86))
    if indicator.is_percentage:
        low, high = (20, 80) if indicator.source == "survey" else (2, 20)
        return float(rng.integers(low, high + 1))
    if indicator.scale >= 100:
        return round(indicator.scale * float(rng.uniform(0.002, 0.02)), 1)
    return round(10 * float(rng.uniform(0.5, 1.5)), 1)


def _default_spread(indicator: Indicator) -> float:
    if indicator.is_percentage or indicator.scale >= 100:
        return 0.6 if indicator.source == "survey" else 0.35
    return 0.3


def _levels(indicator: Indicator, draw: str, years: tuple[int, ...], given: dict[int, Decimal],
            latest_default: float, trend: float | None) -> dict[int, Decimal]:
    """The level of every year: a given one as it is; the others from the nearest given year
    (later first), or the default of the latest year, moved by the trend per year (towards
    the indicator's direction: earlier years were worse when higher is better)."""
    if draw == "class":
        return {}
    anchors = {y: float(v) for y, v in given.items()} or {years[-1]: latest_default}
    points = indicator.is_percentage
    if trend is None:
        base = anchors[max(anchors)]
        trend = DEFAULT_TREND_POINTS if points else DEFAULT_TREND_SHARE * base
        trend = -trend if indicator.direction == "down" else trend
    decimals = 0 if draw == "categorical" else indicator.decimals
    levels = {}
    for year in years:
        if year in given:
            levels[year] = given[year]
            continue
        anchor = min(anchors, key=lambda a: (abs(a - year), -a))
        value = anchors[anchor] - trend * (anchor - year)
        if points:
            value = min(max(value, 1.0), 99.0)
        elif indicator.scale >= 100:
            value = min(max(value, 0.001 * indicator.scale), 0.9 * indicator.scale)
        else:
            value = max(value, 0.05 * anchors[anchor])
        levels[year] = Decimal(f"{value:.{decimals}f}")
    return levels


def _weights(indicator: Indicator, raw, calibration: Path | None, prefix: str
             ) -> dict[str, float]:
    """Relative frequency of each answer within its group (positive, partial, the others):
    by default 1 for the group's first answer and 0.25 for the rest."""
    partial = tuple(getattr(indicator, "partial", ()))
    groups = [list(indicator.positive), [a for a in indicator.answers if a in partial],
              [a for a in indicator.answers if a not in indicator.positive and a not in partial]]
    weights = {}
    for group in groups:
        ordered = [a for a in indicator.answers if a in group]
        for rank, answer in enumerate(ordered):
            weights[answer] = 1.0 if rank == 0 else 0.25
    if raw is None:
        return weights
    if not isinstance(raw, dict):
        raise InputError(f"key '{prefix}.weights' must be a table answer = weight",
                         file=calibration)
    for answer, weight in raw.items():
        if answer not in indicator.answers:
            raise InputError(f"key '{prefix}.weights.{answer}': not an answer of the indicator",
                             file=calibration, fix="answers: " + ", ".join(indicator.answers))
        if not _is_number(weight) or weight < 0:
            raise InputError(f"key '{prefix}.weights.{answer}' must be a number ≥ 0",
                             file=calibration)
        weights[answer] = float(weight)
    return weights


def _non_responders(raw, years: tuple[int, ...], calibration: Path | None
                    ) -> dict[int, int | None]:
    """Survey units that answer nothing, per year (None: 4 % of the survey units)."""
    key = "sample.non_responders"
    if raw is None:
        return dict.fromkeys(years)
    if isinstance(raw, dict):
        values = _year_values(raw, years, calibration, key, integer=True)
        return {y: (int(values[y]) if y in values else None) for y in years}
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        raise InputError(f"key '{key}' must be a count ≥ 0 or a table year = count",
                         file=calibration)
    return dict.fromkeys(years, raw)


def _check_fixture_keys(fixtures: FixtureValues, plans: dict[str, IndicatorPlan],
                        years: tuple[int, ...]) -> None:
    """Fixed values of years not asked for are left out; the others need a column."""
    for table in (fixtures.cells, fixtures.riket):
        for key in [k for k in table if k[1] not in years]:
            del table[key]
    for (indicator_id, year) in list(fixtures.cells) + list(fixtures.riket):
        plan = plans.get(indicator_id)
        if plan is None or year not in plan.years:
            raise InputError(f"the fixture has values of '{indicator_id}' in {year}, which the "
                             "source profile has no column for", file=fixtures.file_of(indicator_id, year),
                             fix="remove the column or choose the profile and years that "
                                 "have it")


# -- reading and checking the calibration file ----------------------------------------------------
def _read_calibration(path: Path) -> dict:
    data = read_toml(path, "sample calibration", fix="check the path given with --calibration")
    _reject_unknown(data, _TOP_KEYS, path, "")
    sample = data.get("sample", {})
    if not isinstance(sample, dict):
        raise InputError("key 'sample' must be a table", file=path)
    _reject_unknown(sample, _SAMPLE_KEYS, path, "sample.")
    if "persistence" in sample:
        _fraction(sample, "persistence", 0.0, path, "sample")
    if not isinstance(sample.get("description", ""), str):
        raise InputError("key 'sample.description' must be text", file=path)
    fixtures = data.get("fixtures", [])
    if not isinstance(fixtures, list):
        raise InputError("key 'fixtures' must be a list of [[fixtures]] tables", file=path)
    for index, entry in enumerate(fixtures, start=1):
        where = f"fixtures[{index}]"
        if not isinstance(entry, dict):
            raise InputError(f"key '{where}' must be a table", file=path)
        _reject_unknown(entry, _FIXTURE_KEYS, path, where + ".")
        if not isinstance(entry.get("file"), str):
            raise InputError(f"key '{where}.file' is missing or not text", file=path,
                             fix="the path of a CSV file, relative to this file")
        if "year" in entry and not _is_year(entry["year"]):
            raise InputError(f"key '{where}.year' must be a year", file=path)
    indicators = data.get("indicators", {})
    if not isinstance(indicators, dict) or \
            not all(isinstance(v, dict) for v in indicators.values()):
        raise InputError("key 'indicators' must hold one table per indicator "
                         "([indicators.<id>])", file=path)
    return data


def _reject_unknown(table: dict, allowed: set[str], path: Path | None, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise InputError(f"unknown key '{prefix}{key}'", file=path,
                             fix="allowed here: " + ", ".join(sorted(allowed)))


def _year_values(raw, years: tuple[int, ...], path: Path | None, key: str,
                 integer: bool = False) -> dict[int, Decimal]:
    """A number (the latest year's) or a table year = number; years outside the sample are
    ignored (one calibration serves several --years)."""
    if raw is None:
        return {}
    if _is_number(raw):
        raw = {str(years[-1]): raw}
    if not isinstance(raw, dict):
        raise InputError(f"key '{key}' must be a number or a table year = number", file=path)
    values = {}
    for text, value in raw.items():
        if not str(text).isdigit() or len(str(text)) != 4:
            raise InputError(f"key '{key}.{text}': '{text}' is not a year", file=path)
        if not _is_number(value) or value < 0 or (integer and not isinstance(value, int)):
            raise InputError(f"key '{key}.{text}' must be a "
                             f"{'count' if integer else 'number'} ≥ 0", file=path)
        if int(text) in years:
            values[int(text)] = Decimal(repr(value))
    return values


def _number(table: dict, key: str, default, path: Path | None, prefix: str,
            minimum: float | None = None):
    if key not in table:
        return default
    value = table[key]
    if not _is_number(value) or (minimum is not None and value < minimum):
        bound = f" ≥ {minimum:g}" if minimum is not None else ""
        raise InputError(f"key '{prefix}.{key}' must be a number{bound}", file=path)
    return float(value)


def _fraction(table: dict, key: str, default: float, path: Path | None, prefix: str) -> float:
    value = _number(table, key, default, path, prefix)
    if not 0.0 <= value <= 1.0:
        raise InputError(f"key '{prefix}.{key}' must lie between 0 and 1", file=path)
    return value


def _count(table: dict, key: str, default: int, path: Path | None, prefix: str,
           minimum: int = 0) -> int:
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InputError(f"key '{prefix}.{key}' must be a whole number ≥ {minimum}",
                         file=path)
    return value


def _bounds(raw, path: Path | None, prefix: str) -> tuple[float, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(_is_number(v) for v in raw) or \
            list(raw) != sorted(raw):
        raise InputError(f"key '{prefix}.bounds' must be ascending population bounds",
                         file=path, fix="e.g. bounds = [15000, 30000, 50000, 200000]")
    return tuple(float(v) for v in raw)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_year(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100
