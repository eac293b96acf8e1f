"""Categorical survey answers of one indicator and year, for the generic sample.

In: the ``IndicatorPlan``, the responders of the year, the fixed answers (a fixture's), the
answers of the year after (for persistence), the unit sizes and a random generator.
Out: unit code -> ``Entry(answer=...)`` for every unit that answered the question.

The share of positive answers among the answering units rounds to the year's level: the
item non-response (≥ the plan's ``item_missing``) and the number of positive answers are
searched so that it does exactly (``calibration.share_counts``). Units keep the next year's
answer with the plan's persistence, the others are drawn positive with the level's
probability; then as few units as needed are switched between the positive answers and the
others (partial and negative answers), each answer chosen by the plan's weights.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from regionreport.sample.calibration import share_counts
from regionreport.sample.entry import Entry
from regionreport.sample.levels import Unreachable
from regionreport.sample.plan import IndicatorPlan


def draw_answers(plan: IndicatorPlan, year: int, responders: list[str], fixed: dict[str, str],
                 later: dict[str, Entry], pick, rng: np.random.Generator) -> dict[str, Entry]:
    """The answers of ``responders`` in ``year``; ``pick(codes, n)`` draws n of the codes
    (small units more likely). ``Unreachable`` when the level cannot be met exactly."""
    indicator = plan.indicator
    positive_set = set(indicator.positive)
    positives = list(indicator.positive)
    others = [a for a in indicator.answers if a not in positive_set]
    fixed = {c: a for c, a in fixed.items() if c in responders}
    fixed_positive = sum(a in positive_set for a in fixed.values())
    missing, positive = _counts(plan, year, len(responders), fixed_positive, len(fixed))
    free = [c for c in responders if c not in fixed]
    skipped = set(pick(free, missing))
    free = [c for c in free if c not in skipped]
    level = float(plan.levels[year]) / 100
    answers: dict[str, str] = {}
    for code in free:
        before = later.get(code)
        if before is not None and before.answer and rng.random() < plan.persistence:
            answers[code] = before.answer
        elif rng.random() < level or not others:
            answers[code] = _choose(rng, positives, plan.weights)
        else:
            answers[code] = _choose(rng, others, plan.weights)
    need = positive - fixed_positive
    now = [c for c in free if answers[c] in positive_set]
    if len(now) > need and others:
        for index in sorted(rng.choice(len(now), len(now) - need, replace=False)):
            answers[now[index]] = _choose(rng, others, plan.weights)
    elif len(now) < need:
        rest = [c for c in free if answers[c] not in positive_set]
        for index in sorted(rng.choice(len(rest), need - len(now), replace=False)):
            answers[rest[index]] = _choose(rng, positives, plan.weights)
    rows = {c: Entry(answer=a) for c, a in fixed.items()}
    rows.update({c: Entry(answer=a) for c, a in answers.items()})
    return {c: rows[c] for c in responders if c in rows}


def _counts(plan: IndicatorPlan, year: int, responders: int, fixed_positive: int,
            fixed_count: int) -> tuple[int, int]:
    """(item non-response, positive answers) that give the level; a level that was only a
    default may fall back to the nearest whole percent, then to the nearest count."""
    target = plan.levels[year]
    try:
        return share_counts(target, responders, fixed_positive, fixed_count,
                            min_missing=plan.item_missing)
    except ValueError:
        if year in plan.exact:
            raise Unreachable(f"no number of positive answers among {responders} responders "
                              f"({fixed_count} of them fixed, {fixed_positive} positive) "
                              f"gives {target} %") from None
    try:
        return share_counts(Decimal(round(float(target))), responders, fixed_positive,
                            fixed_count, min_missing=plan.item_missing)
    except ValueError:
        missing = min(plan.item_missing, max(0, responders - fixed_count))
        answering = responders - missing
        wanted = round(float(target) * answering / 100)
        low, high = fixed_positive, fixed_positive + (answering - fixed_count)
        return missing, min(max(wanted, low), high)


def _choose(rng: np.random.Generator, answers: list[str], weights: dict[str, float]) -> str:
    chances = np.array([weights.get(a, 0.0) for a in answers], dtype=float)
    if chances.sum() <= 0:
        chances = np.ones(len(answers))
    return answers[int(rng.choice(len(answers), p=chances / chances.sum()))]
