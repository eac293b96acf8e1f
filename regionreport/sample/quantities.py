"""Numeric survey values of a group of indicators in one year, for the generic sample.

In: the ``IndicatorPlan``s of a group (indicators that share a denominator column, or one
indicator alone), the answering units and their sizes (inhabitants), the fixed cells (a
fixture's), the group's denominators and latent scores of the year after, and a random
generator.
Out: per indicator, unit code -> ``Entry`` (value, integer numerator and denominator), and
the denominators and scores to carry to the year before.

Model: each unit has one denominator for the whole group (caseworkers, posts: the unit's
inhabitants × ``denominator_share``, about the same as the year after); each indicator's
unit value is drawn around the year's level (``levels.unit_values``) with a latent score
that persists from year to year; the numerator is the value × denominator / scale, rounded,
and the free units' numerators are corrected by a few so that the national weighted value
rounds to the level. A fixed unit gets a denominator and numerators that give its fixed
values exactly.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from regionreport.numbers import round_half_up
from regionreport.sample.entry import Entry
from regionreport.sample.levels import (Unreachable, counts_for_values, meet_total,
                                        next_scores, unit_values)
from regionreport.sample.plan import IndicatorPlan

BIG = 10 ** 12


def draw_quantities(plans: list[IndicatorPlan], year: int, answering: list[str],
                    sizes: dict[str, int], fixed: dict[str, dict[str, Entry]],
                    later_denominators: dict[str, int], later_scores: dict[str, np.ndarray],
                    rng: np.random.Generator):
    """(entries per indicator id, denominators by unit, scores per indicator id)."""
    share = plans[0].denominator_share
    denominators = {}
    for code in answering:
        before = later_denominators.get(code)
        if before:
            denominators[code] = max(1, int(round(before * np.exp(rng.normal(0, 0.05)))))
        else:
            denominators[code] = max(1, int(round(sizes[code] * share
                                                  * np.exp(rng.normal(0, 0.25)))))
    fixed_numerators: dict[str, dict[str, int]] = {p.id: {} for p in plans}
    for code in answering:
        own = {p.id: fixed.get(p.id, {}).get(code) for p in plans}
        if not any(own.values()):
            continue
        denominators[code], numerators = _fixed_counts(plans, own, denominators[code])
        for plan_id, count in numerators.items():
            fixed_numerators[plan_id][code] = count
    entries, scores = {}, {}
    dens = [denominators[c] for c in answering]
    for plan in plans:
        indicator = plan.indicator
        scale = indicator.scale
        previous = later_scores.get(plan.id)
        scores[plan.id] = next_scores(previous, plan.persistence, len(answering), rng)
        values = unit_values(float(plan.levels[year]), plan.spread, scores[plan.id],
                             plan.bounded, scale)
        caps = [d if plan.bounded else BIG for d in dens]
        nums = [min(int(round(v * d / scale)), cap) for v, d, cap in zip(values, dens, caps)]
        pinned = fixed_numerators[plan.id]
        nums = [pinned.get(c, n) for c, n in zip(answering, nums)]
        free = [c not in pinned for c in answering]
        try:
            nums = meet_total(nums, dens, caps, free, plan.levels[year], scale)
        except Unreachable:
            if year in plan.exact:
                raise
        rows = {}
        for code, num, den in zip(answering, nums, dens):
            own = fixed.get(plan.id, {}).get(code)
            value = own.value if own is not None and own.value is not None else \
                round_half_up(scale * num / den, indicator.decimals)
            rows[code] = Entry(value=float(value), numerator=num, denominator=den)
        entries[plan.id] = rows
    return entries, denominators, scores


def _fixed_counts(plans: list[IndicatorPlan], own: dict[str, Entry | None], drawn: int
                  ) -> tuple[int, dict[str, int]]:
    """A fixed unit's denominator and the numerators of its fixed values: given counts as
    they are, else the smallest denominator near the drawn one that gives every fixed value."""
    given = [e.denominator for e in own.values() if e is not None and e.denominator is not None]
    if given and len(set(given)) > 1:
        raise Unreachable(f"the fixed denominators {sorted(set(given))} of one unit differ "
                          "although the profile shares the column")
    numerators: dict[str, int] = {}
    wanted = []
    for plan in plans:
        entry = own[plan.id]
        if entry is None:
            continue
        if entry.numerator is not None:
            numerators[plan.id] = int(entry.numerator)
        elif entry.value is not None:
            wanted.append((plan, Decimal(repr(entry.value))))
    if given:
        denominator = int(given[0])
        for plan, value in wanted:
            found = counts_for_values([(value, plan.indicator.scale, plan.indicator.decimals,
                                        plan.bounded)], denominator, span=0)
            numerators[plan.id] = found[1][0]
        return denominator, numerators
    if not wanted:
        return drawn, numerators
    denominator, counts = counts_for_values(
        [(v, p.indicator.scale, p.indicator.decimals, p.bounded) for p, v in wanted],
        max(2, int(drawn * 0.7)))
    for (plan, _), count in zip(wanted, counts):
        numerators[plan.id] = count
    return denominator, numerators
