"""Region values by each indicator's rule, and their comparison with published values.

In: the tidy results table, the ``Catalog``, the ``Registry`` and a ``Region``.
Out: ``RegionValue`` records: the computed value, how it was formed (share of responding
units with a positive answer; weighted Σnumerator/Σdenominator; or plain mean of the units,
said explicitly when a weighted indicator lacks counts), how many units answered, which did
not, and the published value of a län or Riket beside it with whether the two agree.

The three rules are plain functions (``share_positive``, ``weighted_ratio``, ``plain_mean``)
so that tests and property tests can exercise them without any table.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from regionreport.model.catalog import Catalog, Indicator
from regionreport.numbers import round_half_up
from regionreport.model.regions import Region
from regionreport.model.registry import Registry
from regionreport.model.results import TidyTable

METHOD_SHARE = "share_positive"
METHOD_WEIGHTED = "weighted"
METHOD_MEAN = "mean"


class UnitResult(NamedTuple):
    """One unit's entry for one indicator and year (NaN/None where not given); a named
    tuple, as the result index makes one for every row of the table (30 000 for the
    sample), which a frozen dataclass makes four times slower."""

    value: float = math.nan
    answer: str | None = None
    numerator: float = math.nan
    denominator: float = math.nan

    @property
    def answered(self) -> bool:
        return self.answer is not None or not math.isnan(self.value)


NO_RESULT = UnitResult()    # a unit without a row (one shared instance: it is frozen)


@dataclass(frozen=True)
class RegionValue:
    """A region's value of one indicator in one year, with its provenance."""

    indicator: str
    year: int
    region: str
    value: float | None
    method: str
    units: tuple[str, ...]
    responding: int
    positive: int | None
    nonresponding: tuple[str, ...]
    published: float | None = None
    decimals: int = 1
    absent: tuple[str, ...] = ()   # member units of which the data has no row at all

    @property
    def agrees(self) -> bool | None:
        """None when nothing is published; else whether computed and published values agree
        within rounding: the same after rounding half-up to the indicator's decimals, or
        apart by no more than half a unit of the last decimal (a publisher that rounds a
        half down, or publishes more decimals)."""
        if self.published is None or self.value is None:
            return None if self.published is None else False
        if math.isclose(round_half_up(self.value, self.decimals),
                        round_half_up(self.published, self.decimals), abs_tol=1e-9):
            return True
        return abs(self.value - self.published) <= 0.5 * 10.0 ** -self.decimals + 1e-9


def share_positive(answers: Iterable[str | None], positive: Collection[str]
                   ) -> tuple[float | None, int, int]:
    """Percentage of the answering units whose answer is in ``positive``.

    Returns (share in percent or None when nobody answered, units answering, units positive);
    ``None`` answers (non-responders) are left out of both counts.
    """
    given = [a for a in answers if a is not None]
    hits = sum(1 for a in given if a in positive)
    return (100.0 * hits / len(given) if given else None), len(given), hits


def weighted_ratio(pairs: Iterable[tuple[float, float]], scale: float) -> float | None:
    """``scale`` · Σnumerator / Σdenominator over the pairs (None when Σdenominator is 0)."""
    numerators, denominators = 0.0, 0.0
    for numerator, denominator in pairs:
        numerators += numerator
        denominators += denominator
    return scale * numerators / denominators if denominators > 0 else None


def plain_mean(values: Iterable[float]) -> float | None:
    """The unweighted mean (None for no values)."""
    values = list(values)
    return math.fsum(values) / len(values) if values else None


class ResultIndex:
    """The tidy table indexed for fast lookups: (indicator, year) -> unit -> UnitResult."""

    def __init__(self, table: TidyTable):
        self._cells: dict[tuple[str, int], dict[str, UnitResult]] = {}
        self.present: frozenset[str] = frozenset(table["unit"]) if len(table) else frozenset()
        columns = [table[name] for name in (
            "indicator", "year", "unit", "value", "answer", "numerator", "denominator")]
        cells = self._cells
        for indicator, year, unit, value, answer, numerator, denominator in zip(*columns):
            key = (indicator, int(year))
            by_unit = cells.get(key)
            if by_unit is None:
                by_unit = cells[key] = {}
            by_unit[unit] = UnitResult(value, answer, numerator, denominator)

    def units(self, indicator: str, year: int) -> dict[str, UnitResult]:
        return self._cells.get((indicator, year), {})

    def years(self, indicator: str) -> list[int]:
        return sorted(y for (i, y) in self._cells if i == indicator)

    def keys(self) -> list[tuple[str, int]]:
        return sorted(self._cells)


def region_value(index: ResultIndex, indicator: Indicator, region: Region, year: int,
                 registry: Registry) -> RegionValue:
    """The region's value of ``indicator`` in ``year`` by the indicator's rule."""
    cells = index.units(indicator.id, year)
    units = region.data_units(registry, year, frozenset(cells))
    results = [cells.get(code, NO_RESULT) for code in units]
    nonresponding = tuple(code for code, r in zip(units, results) if not r.answered)
    answering = [r for r in results if r.answered]
    positive = None
    if indicator.aggregation == METHOD_SHARE:
        value, responding, positive = share_positive((r.answer for r in results),
                                                     indicator.positive)
        method = METHOD_SHARE
    else:
        responding = len(answering)
        counted = all(not math.isnan(r.numerator) and not math.isnan(r.denominator)
                      for r in answering)
        if indicator.aggregation == METHOD_WEIGHTED and answering and counted:
            value = weighted_ratio(((r.numerator, r.denominator) for r in answering),
                                   indicator.scale)
            method = METHOD_WEIGHTED
        else:
            value = plain_mean(r.value for r in answering)
            method = METHOD_MEAN
    published = None
    if region.published_code is not None:
        own = cells.get(region.published_code)
        if own is not None and not math.isnan(own.value):
            published = own.value
    return RegionValue(indicator=indicator.id, year=year, region=region.code, value=value,
                       method=method, units=tuple(units), responding=responding,
                       positive=positive, nonresponding=nonresponding, published=published,
                       decimals=indicator.decimals,
                       absent=tuple(code for code in units if code not in index.present))


def unverifiable(indicator: Indicator, value: RegionValue) -> bool:
    """A published region value that the data cannot reproduce by the indicator's rule: the
    rule weights by counts that the source does not give (Kolada), so only a plain mean could
    be formed. The published value is shown; a difference is expected, not a disagreement."""
    return value.published is not None and indicator.aggregation == METHOD_WEIGHTED \
        and value.method == METHOD_MEAN


def region_values(index: ResultIndex, catalog: Catalog, region: Region, year: int,
                  registry: Registry, sources: Collection[str] = ("survey", "register")
                  ) -> list[RegionValue]:
    """Values of every catalog indicator (of the given sources) that has data in ``year``."""
    return [region_value(index, ind, region, year, registry)
            for ind in catalog.indicators
            if ind.source in sources and index.units(ind.id, year)]
