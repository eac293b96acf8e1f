"""The arithmetic the generic sample draws with: unit values around a national level, their
persistence from year to year, integer counts that give a value, and totals that meet a
national level after rounding.

In: levels, spreads, latent scores, counts and targets (``Decimal``). Out: numpy arrays and
integer lists. Rounding is the pipeline's (``regionreport.numbers.round_half_up``). No
catalog, no registry; the one error is ``Unreachable`` when a level cannot be met.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np

from regionreport.numbers import round_half_up
from regionreport.sample.calibration import spread_delta, total_for_target


class Unreachable(ValueError):
    """A level or a fixed value that no integer counts give."""


def next_scores(previous: np.ndarray | None, persistence: float, count: int,
                rng: np.random.Generator) -> np.ndarray:
    """Standard-normal latent scores of the units in a year: independent the first time
    (or where ``previous`` is NaN), else correlated with the other year's (``persistence``
    is the correlation)."""
    fresh = rng.normal(0, 1, count)
    if previous is None:
        return fresh
    carried = persistence * previous + math.sqrt(max(0.0, 1 - persistence ** 2)) * fresh
    return np.where(np.isnan(previous), fresh, carried)


def unit_values(level: float, spread: float, scores: np.ndarray, bounded: bool,
                scale: float) -> np.ndarray:
    """Unit values around a national ``level``: for a bounded value (a share of ``scale``)
    logit-normal, ``spread`` on the logit scale; otherwise log-normal with mean ``level``."""
    if bounded:
        share = min(max(level / scale, 1e-6), 1 - 1e-6)
        logit = math.log(share / (1 - share)) + spread * scores
        return scale / (1 + np.exp(-logit))
    return level * np.exp(spread * scores - spread ** 2 / 2)


def count_for_value(value: Decimal, denominator: int, scale: float, decimals: int,
                    cap: int | None) -> int | None:
    """The integer numerator n ≤ cap with scale·n/denominator rounding to ``value``."""
    ideal = Fraction(value) * denominator / Fraction(scale)
    for n in (math.floor(ideal), math.ceil(ideal), math.floor(ideal) - 1, math.ceil(ideal) + 1):
        if 0 <= n and (cap is None or n <= cap) and \
                round_half_up(scale * n / denominator, decimals) == float(value):
            return n
    return None


def counts_for_values(values: list[tuple[Decimal, float, int, bool]], minimum: int,
                      span: int = 5000) -> tuple[int, list[int]]:
    """One denominator ≥ ``minimum`` and a numerator for each of ``values`` (value, scale,
    decimals, bounded): the smallest denominator for which every value is some integer count
    over it. ``Unreachable`` when none up to ``minimum + span`` is."""
    for denominator in range(max(1, minimum), max(1, minimum) + span + 1):
        counts = [count_for_value(v, denominator, s, d, denominator if b else None)
                  for v, s, d, b in values]
        if all(c is not None for c in counts):
            return denominator, counts  # type: ignore[return-value]
    raise Unreachable(f"no count gives {', '.join(str(v) for v, *_ in values)}")


def meet_total(numerators: list[int], denominators: list[int], caps: list[int],
               free: list[bool], target: Decimal, scale: float) -> list[int]:
    """Numerators changed by as few as possible among the ``free`` units so that
    scale · Σnumerators / Σdenominators rounds (half-up, not a tie) to ``target``."""
    try:
        goal = total_for_target(target, sum(denominators), Fraction(scale), sum(numerators))
        return spread_delta(numerators, goal - sum(numerators), caps, free)
    except ValueError as exc:
        raise Unreachable(str(exc)) from None


def rounded(value: float, decimals: int) -> float:
    return round_half_up(value, decimals)
