"""The survey part of a generic sample: who is asked, who answers, and every answer.

In: the ``SamplePlan``, the registry, every unit's population per year and the seed.
Out: ``SurveyDraw``: per (indicator, year) unit code -> ``Entry`` for the answering
kommuner and stadsdelar; per year the units asked and those that answered nothing.

The years are drawn from the latest back, so that each earlier year follows the one after
it (persistence) and a fixture's year keeps its real answers. Per year: the units asked are
``registry.survey_units`` of every kommun; the non-responders (the plan's count, else 4 %)
are drawn among units that are not fixed and not the only unit of their län, half of them
again from the year after's, small units more likely; then every categorical indicator
(``answers``) and every group of numeric ones (``quantities``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from regionreport.errors import InputError
from regionreport.model.registry import Registry
from regionreport.sample.answers import draw_answers
from regionreport.sample.entry import Entry
from regionreport.sample.levels import Unreachable
from regionreport.sample.plan import DEFAULT_NON_RESPONSE, IndicatorPlan, SamplePlan
from regionreport.sample.quantities import draw_quantities


@dataclass(frozen=True)
class SurveyDraw:
    entries: dict[tuple[str, int], dict[str, Entry]]
    units: dict[int, tuple[str, ...]]
    non_responders: dict[int, tuple[str, ...]]


def survey_frame(registry: Registry, year: int) -> list[str]:
    """The kommuner and stadsdelar asked in ``year``, in code order."""
    return sorted(u.code for k in registry.units("kommun")
                  for u in registry.survey_units(k.code, year))


def draw_survey(plan: SamplePlan, registry: Registry, sizes: dict[str, dict[int, int]],
                seed: int) -> SurveyDraw:
    entries: dict[tuple[str, int], dict[str, Entry]] = {}
    units, missing = {}, {}
    plans = [p for p in plan.by_source("survey") if p.draw != "class"]
    denominators: dict[tuple[str, ...], dict[str, int]] = {}
    scores: dict[str, dict[str, float]] = {}
    later_year = None
    for year in sorted(plan.survey_years(), reverse=True):
        rng = np.random.default_rng([seed, 2, year])
        frame = survey_frame(registry, year)
        size = {c: sizes[c][year] for c in frame}

        def pick(codes, count, rng=rng, size=size):
            return _pick(rng, list(codes), count, size)

        fixed_units = _fixed_units(plan, plans, year, frame, registry)
        count = plan.non_responders.get(year)
        count = round(DEFAULT_NON_RESPONSE * len(frame)) if count is None else count
        eligible = eligible_non_responders(registry, frame, fixed_units)
        if count > len(eligible):
            raise InputError(f"key 'sample.non_responders': {count} non-responders in {year} "
                             f"but only {len(eligible)} units may stay silent",
                             file=plan.calibration, fix="give a smaller count")
        before = [c for c in missing.get(later_year, ()) if c in eligible]
        kept = pick(before, min(count // 2, len(before)))
        others = [c for c in eligible if c not in kept]
        missing[year] = tuple(sorted(kept + pick(others, count - len(kept))))
        units[year] = tuple(frame)
        responders = [c for c in frame if c not in missing[year]]
        done: set[str] = set()
        for indicator_plan in plans:
            if year not in indicator_plan.years or indicator_plan.id in done:
                continue
            own_rng = np.random.default_rng([seed, 3, zlib.crc32(indicator_plan.id.encode()),
                                             year])
            if indicator_plan.draw == "categorical":
                fixed = {c: e.answer for c, e in
                         plan.fixtures.cells.get((indicator_plan.id, year), {}).items()
                         if e.answer}
                later = entries.get((indicator_plan.id, later_year), {})
                entries[(indicator_plan.id, year)] = _unreachable_is_input_error(
                    plan, indicator_plan, year,
                    lambda: draw_answers(indicator_plan, year, responders, fixed, later,
                                         lambda codes, n: _pick(own_rng, codes, n, size),
                                         own_rng))
                done.add(indicator_plan.id)
                continue
            group = [plan.indicators[i] for i in plan.group_of(indicator_plan.id)
                     if i in plan.indicators and year in plan.indicators[i].years]
            done.update(p.id for p in group)
            entries.update(_draw_group(plan, group, year, responders, size, denominators,
                                       scores, own_rng))
        later_year = year
    return SurveyDraw(entries=entries, units=units, non_responders=missing)


def _draw_group(plan: SamplePlan, group: list[IndicatorPlan], year: int,
                responders: list[str], size: dict[str, int],
                denominators: dict[tuple[str, ...], dict[str, int]],
                scores: dict[str, dict[str, float]], rng: np.random.Generator):
    """The numeric indicators sharing a denominator: one item non-response for all."""
    fixed = {p.id: plan.fixtures.cells.get((p.id, year), {}) for p in group}
    pinned = {c for cells in fixed.values() for c in cells}
    free = [c for c in responders if c not in pinned]
    skip = max(p.item_missing for p in group)
    skipped = set(_pick(rng, free, min(skip, len(free)), size))
    answering = [c for c in responders if c not in skipped]
    key = tuple(p.id for p in group)
    later_scores = {p.id: np.array([scores[p.id].get(c, np.nan) for c in answering])
                    for p in group if p.id in scores}
    result = {}
    try:
        drawn, dens, new_scores = draw_quantities(group, year, answering, size, fixed,
                                                  denominators.get(key, {}), later_scores, rng)
    except Unreachable as exc:
        raise InputError(f"indicators {', '.join(key)}, {year}: {exc}",
                         file=next((plan.fixtures.file_of(i, year) for i in key
                                    if plan.fixtures.file_of(i, year)), plan.calibration),
                         fix="check the fixed values and the level") from None
    denominators[key] = dens
    for plan_id, values in new_scores.items():
        scores[plan_id] = dict(zip(answering, values.tolist()))
    for plan_id, rows in drawn.items():
        result[(plan_id, year)] = rows
    return result


def _unreachable_is_input_error(plan: SamplePlan, indicator_plan: IndicatorPlan, year: int,
                                draw):
    try:
        return draw()
    except Unreachable as exc:
        source = plan.fixtures.file_of(indicator_plan.id, year) \
            if (indicator_plan.id, year) in plan.fixtures.riket else plan.calibration
        raise InputError(f"indicator '{indicator_plan.id}', {year}: {exc}", file=source,
                         fix="give another level, fewer fixed answers or a larger "
                             "item_missing") from None


def _fixed_units(plan: SamplePlan, plans: list[IndicatorPlan], year: int, frame: list[str],
                 registry: Registry) -> set[str]:
    """The units a fixture fixes in ``year``; each must be asked that year."""
    fixed = set()
    for indicator_plan in plans:
        for code in plan.fixtures.cells.get((indicator_plan.id, year), {}):
            if code not in frame:
                unit = registry.unit(code)
                raise InputError(f"{unit.name} ({code}) is not asked in the survey of {year} "
                                 f"(indicator '{indicator_plan.id}')",
                                 file=plan.fixtures.file_of(indicator_plan.id, year),
                                 fix="a city that answers through stadsdelar is fixed through "
                                     "its stadsdelar")
            fixed.add(code)
    return fixed


def eligible_non_responders(registry: Registry, frame, fixed: set[str]) -> list[str]:
    """Units of ``frame`` that may answer nothing: not fixed, not the only unit of their
    län (the 2015 sample draws its non-responders by the same rule)."""
    per_county: dict[str, int] = {}
    for code in frame:
        county = registry.unit(code).county_code or ""
        per_county[county] = per_county.get(county, 0) + 1
    return [c for c in frame
            if c not in fixed and per_county[registry.unit(c).county_code or ""] > 1]


def _pick(rng: np.random.Generator, codes: list[str], count: int,
          sizes: dict[str, int]) -> list[str]:
    """``count`` of ``codes`` drawn without replacement, small units more likely."""
    if count <= 0 or not codes:
        return []
    weights = np.array([1 / np.sqrt(max(sizes.get(c, 1), 1)) for c in codes])
    chosen = rng.choice(len(codes), size=min(count, len(codes)), replace=False,
                        p=weights / weights.sum())
    return [codes[i] for i in sorted(chosen)]
