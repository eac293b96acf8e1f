"""Exact rounding and the small searches that make invented data add up to published values.

In: target values as published (``Decimal`` with one decimal, or whole percent), counts,
weights and caps. Out: the checks ``is_tie`` and ``rounds_to`` and the searches ``register``
and ``survey`` calibrate with (``share_counts``, ``total_for_target``, ``spread_delta``,
``counts_for_shares``, ``bisect_scale``). Rounding is the pipeline's
(``regionreport.numbers.round_half_up``) applied to the float nearest an exact ratio, so a value
found here rounds as the report rounds it; ties are told exactly. Pure numbers: no openpyxl, no
randomness.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

from regionreport.numbers import round_half_up


# -- rounding checks ------------------------------------------------------------------------------
def is_tie(value: Fraction, decimals: int = 1) -> bool:
    """True when ``value`` lies exactly halfway between two rounded values; such values are
    avoided so that a reader summing floats cannot round the other way."""
    scaled = Fraction(value) * 10 ** decimals
    return scaled - math.floor(scaled) == Fraction(1, 2)


def rounds_to(value: Fraction, target: Decimal, decimals: int) -> bool:
    """True when ``value`` rounds half-up to ``target`` and is not a tie."""
    return round_half_up(float(value), decimals) == float(target) \
        and not is_tie(value, decimals)


def decimals_of(target: Decimal) -> int:
    """Number of decimals a published target carries (Decimal('54.3') -> 1, Decimal('55') -> 0)."""
    return max(0, -target.as_tuple().exponent)


# -- searches -------------------------------------------------------------------------------------
def share_counts(target: Decimal, responders: int, fixed_positive: int, fixed_count: int,
                 min_missing: int = 0) -> tuple[int, int]:
    """Item non-response and positives for a categorical indicator.

    In: the published share (percent), the number of responding units, how many of them have
    fixed answers (``fixed_count``) and how many of those are positive. Out: ``(missing,
    positive)``, the smallest item non-response count ≥ ``min_missing`` for which some number
    of positive answers among the answering units gives exactly ``target``.
    """
    decimals = decimals_of(target)
    for missing in range(min_missing, responders // 5):
        answering = responders - missing
        ideal = Fraction(target) * answering / 100
        for positive in sorted(range(math.floor(ideal) - 1, math.ceil(ideal) + 2),
                               key=lambda k: abs(k - ideal)):
            free_positive = positive - fixed_positive
            if 0 <= free_positive <= answering - fixed_count and \
                    rounds_to(Fraction(100 * positive, answering), target, decimals):
                return missing, positive
    raise ValueError(f"no count of positive answers gives {target} %")


def total_for_target(target: Decimal, denominator: int, scale: Fraction, current: int) -> int:
    """The integer numerator total nearest ``current`` with ``scale * total / denominator``
    rounding (half-up, not a tie) to ``target``."""
    decimals = decimals_of(target)
    half = Fraction(1, 2 * 10 ** decimals)
    low = (Fraction(target) - half) * denominator / scale
    high = (Fraction(target) + half) * denominator / scale
    first, last = math.floor(low) + 1, math.ceil(high) - 1
    if first > last:
        raise ValueError(f"no integer total gives {target} over {denominator}")
    total = min(max(current, first), last)
    if not rounds_to(scale * total / denominator, target, decimals):
        raise ValueError(f"total {total} does not round to {target}")
    return total


def spread_delta(counts: list[int], delta: int, caps: Sequence[int],
                 eligible: Sequence[bool]) -> list[int]:
    """Add ``delta`` (±) to ``counts`` spread over the eligible entries roughly in proportion to
    their size, keeping every count within 0..cap. Deterministic: ties go to the larger count,
    then the lower index. ``ValueError`` when there is no room left."""
    counts = list(counts)
    sign = 1 if delta > 0 else -1
    remaining = abs(delta)
    while remaining:
        room = [(caps[i] - counts[i]) if sign > 0 else counts[i] for i in range(len(counts))]
        open_ = [i for i in range(len(counts)) if eligible[i] and room[i] > 0]
        if not open_:
            raise ValueError(f"cannot spread {delta}: no room left")
        weight_total = sum(counts[i] + 1 for i in open_)
        order = sorted(open_, key=lambda i: (-(counts[i] + 1), i))
        for i in order:
            step = min(room[i], remaining, max(1, remaining * (counts[i] + 1) // weight_total))
            counts[i] += sign * step
            remaining -= step
            if not remaining:
                break
    return counts


def counts_for_shares(values: Sequence[Decimal], min_denominator: int,
                      max_denominator: int = 500) -> tuple[int, list[int]]:
    """The smallest denominator ≥ ``min_denominator`` for which every percentage in ``values``
    is some integer count over it (rounded half-up to the value's decimals); out: the
    denominator and the counts."""
    for denominator in range(max(1, min_denominator), max_denominator + 1):
        counts = [_count_for(value, denominator) for value in values]
        if all(count is not None for count in counts):
            return denominator, counts  # type: ignore[return-value]
    raise ValueError(f"no head count up to {max_denominator} gives {list(values)}")


def _count_for(value: Decimal, denominator: int) -> int | None:
    decimals = decimals_of(value)
    ideal = Fraction(value) * denominator / 100
    for count in (math.floor(ideal), math.ceil(ideal)):
        if 0 <= count <= denominator and \
                round_half_up(100 * count / denominator, decimals) == float(value):
            return count
    return None


def bisect_scale(ratio_at: Callable[[float], float], target: float,
                 low: float = 1e-3, high: float = 1e3, steps: int = 80) -> float:
    """The factor ``s`` for which the increasing function ``ratio_at(s)`` meets ``target``,
    found by bisection on a log scale."""
    for _ in range(steps):
        middle = math.sqrt(low * high)
        if ratio_at(middle) < target:
            low = middle
        else:
            high = middle
    return math.sqrt(low * high)
