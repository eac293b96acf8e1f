"""Register series of a generic sample: numerators and denominators for every unit and year.

In: the ``SamplePlan``, the registry, the ``Atoms`` (populations per year) and the seed.
Out: per (indicator, year) unit code -> ``Entry`` (value, integer numerator, denominator)
for every kommun (the sum of its atoms) and every stadsdel valid that year.

Model, per group of indicators that share a denominator column (or one indicator): the
denominator of an atom is its population × the first indicator's ``denominator_share``
(with a small persistent deviation unless the share is 1). Each indicator's rate is drawn
around the year's level with a latent score that persists over the years (``spread``,
``persistence``), multiplied by a national factor solved by bisection so that Riket meets
the level, made integer, and corrected by a few persons so that Riket rounds exactly to it.
A fixture's value of a kommun or stadsdel is kept exactly.
"""

from __future__ import annotations

import zlib
from decimal import Decimal

import numpy as np

from regionreport.errors import InputError
from regionreport.model.registry import Registry
from regionreport.numbers import round_half_up
from regionreport.sample.calibration import bisect_scale
from regionreport.sample.entry import Entry
from regionreport.sample.levels import (Unreachable, counts_for_values, meet_total,
                                        next_scores, unit_values)
from regionreport.sample.plan import IndicatorPlan, SamplePlan
from regionreport.sample.population import Atoms, unit_sums

BIG = 10 ** 12


def draw_series(plan: SamplePlan, registry: Registry, atoms: Atoms, seed: int
                ) -> dict[tuple[str, int], dict[str, Entry]]:
    entries: dict[tuple[str, int], dict[str, Entry]] = {}
    done: set[str] = set()
    for indicator_plan in plan.by_source("register", "number"):
        if indicator_plan.id in done:
            continue
        group = [plan.indicators[i] for i in plan.group_of(indicator_plan.id)
                 if i in plan.indicators]
        done.update(p.id for p in group)
        rng = np.random.default_rng([seed, 5, zlib.crc32(group[0].id.encode())])
        share = group[0].denominator_share
        noise = np.ones(len(atoms.codes)) if share == 1 else \
            np.exp(rng.normal(0, 0.03, len(atoms.codes)))
        denominators = np.maximum(np.rint(atoms.population * share * noise[:, None]), 1)
        pinned = _fixed_counts(plan, group, atoms, denominators)
        for member in group:
            own = np.random.default_rng([seed, 6, zlib.crc32(member.id.encode())])
            numerators = _numerators(plan, member, atoms, denominators, pinned, own)
            entries.update(_entries(registry, atoms, member, numerators, denominators))
    return entries


def _numerators(plan: SamplePlan, member: IndicatorPlan, atoms: Atoms,
                denominators: np.ndarray, fixed: dict[tuple[str, int], dict[int, int]],
                rng: np.random.Generator) -> np.ndarray:
    """Integer numerators (atoms × years; zero in years the indicator does not have)."""
    indicator = member.indicator
    scale = indicator.scale
    result = np.zeros(denominators.shape)
    scores = None
    for year in member.years:
        col = atoms.years.index(year)
        scores = next_scores(scores, member.persistence, len(atoms.codes), rng)
        dens = denominators[:, col]
        level = float(member.levels[year])
        base = unit_values(level, member.spread, scores, member.bounded, scale)
        pinned = fixed.get((member.id, year), {})
        cap_value = scale if member.bounded else np.inf
        free = np.array([i not in pinned for i in range(len(atoms.codes))])
        fixed_total = sum(pinned.values())

        def ratio_at(factor: float) -> float:
            values = np.minimum(base * factor, cap_value)
            total = fixed_total + float((values * dens / scale)[free].sum())
            return scale * total / float(dens.sum())

        factor = bisect_scale(ratio_at, level)
        values = np.minimum(base * factor, cap_value)
        caps = [int(d) if member.bounded else BIG for d in dens]
        nums = [min(int(round(v * d / scale)), cap) for v, d, cap in zip(values, dens, caps)]
        for index, count in pinned.items():
            nums[index] = count
        try:
            nums = meet_total(nums, [int(d) for d in dens], caps, free.tolist(),
                              member.levels[year], scale)
        except Unreachable as exc:
            if year in member.exact:
                raise InputError(f"indicator '{member.id}', {year}: {exc}",
                                 file=plan.calibration, fix="check the level") from None
        result[:, col] = nums
    return result


def _fixed_counts(plan: SamplePlan, group: list[IndicatorPlan], atoms: Atoms,
                  denominators: np.ndarray) -> dict[tuple[str, int], dict[int, int]]:
    """(indicator, year) -> atom index -> numerator of the fixture's values. A fixed atom's
    denominator (shared by the group) is moved up a little where its drawn one gives no
    count for the fixed values; a fixed denominator is taken as it is."""
    pinned: dict[tuple[str, int], dict[int, int]] = {}
    fixed_atoms: dict[tuple[int, int], dict[str, Entry]] = {}
    for member in group:
        for year in member.years:
            for code, entry in plan.fixtures.cells.get((member.id, year), {}).items():
                if code not in atoms.codes:
                    raise InputError(f"'{code}' reports through its stadsdelar; fix its "
                                     f"stadsdelar's values of '{member.id}' instead",
                                     file=plan.fixtures.file_of(member.id, year))
                fixed_atoms.setdefault((atoms.index(code), year), {})[member.id] = entry
    by_id = {p.id: p for p in group}
    for (index, year), own in sorted(fixed_atoms.items()):
        col = atoms.years.index(year)
        given = {int(e.denominator) for e in own.values() if e.denominator is not None}
        drawn = int(denominators[index, col])
        wanted = [(i, Decimal(repr(e.value))) for i, e in own.items()
                  if e.numerator is None and e.value is not None]
        values = [(v, by_id[i].indicator.scale, by_id[i].indicator.decimals, by_id[i].bounded)
                  for i, v in wanted]
        try:
            if len(given) > 1:
                raise Unreachable(f"the fixed denominators {sorted(given)} differ")
            start = given.pop() if given else drawn
            span = 0 if any(e.denominator is not None for e in own.values()) \
                else max(50, drawn // 10)
            denominator, counts = counts_for_values(values, start, span) if values \
                else (start, [])
        except Unreachable as exc:
            first = next(iter(own))
            raise InputError(f"{atoms.codes[index]}, {year}: {exc}",
                             file=plan.fixtures.file_of(first, year),
                             fix="give the value with fewer decimals, or its numerator and "
                                 "denominator") from None
        denominators[index, col] = denominator
        for (indicator_id, _), count in zip(wanted, counts):
            pinned.setdefault((indicator_id, year), {})[index] = count
        for indicator_id, entry in own.items():
            if entry.numerator is not None:
                pinned.setdefault((indicator_id, year), {})[index] = int(entry.numerator)
    return pinned


def _entries(registry: Registry, atoms: Atoms, member: IndicatorPlan, numerators: np.ndarray,
             denominators: np.ndarray) -> dict[tuple[str, int], dict[str, Entry]]:
    """Kommun (sum of atoms) and stadsdel entries per year."""
    nums = unit_sums(atoms, numerators)
    dens = unit_sums(atoms, denominators)
    indicator = member.indicator
    entries = {}
    for year in member.years:
        rows = {}
        for unit in registry.units("kommun") + registry.units("stadsdel"):
            if not unit.valid_in(year):
                continue
            num, den = nums[unit.code][year], dens[unit.code][year]
            rows[unit.code] = Entry(value=round_half_up(indicator.scale * num / den,
                                                        indicator.decimals),
                                    numerator=num, denominator=den)
        entries[(member.id, year)] = rows
    return entries
