"""Swedish number formatting and the rounding ÖJ uses.

In: floats. Out: half-up rounded floats (``round_half_up``) and Swedish strings
(``format_number``): decimal comma, a narrow no-break space between thousands ("12 345"),
the typographic minus sign ("−2,5"); ``format_or_missing`` writes a missing value (None) as
the en dash "–" (or the mark given).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

THOUSANDS_SEPARATOR = "\u202f"
MINUS_SIGN = "\u2212"
MISSING_MARK = "\u2013"            # en dash: no value


def round_half_up(value: float, decimals: int = 1) -> float:
    """Round as people do (2,25 -> 2,3), not as binary floats do; the decimal text of
    ``value`` (its shortest repr) is what is rounded."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def format_number(value: float, decimals: int = 1, *, signed: bool = False) -> str:
    """``value`` rounded half-up to ``decimals`` and written the Swedish way.

    ``signed`` adds "+" before positive numbers (changes in percentage points).
    """
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    sign = MINUS_SIGN if rounded < 0 else ("+" if signed and rounded > 0 else "")
    text = f"{abs(rounded):,.{decimals}f}"
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", THOUSANDS_SEPARATOR)
    return sign + (f"{whole},{fraction}" if fraction else whole)


def format_or_missing(value: float | None, decimals: int = 1, *,
                      missing: str = MISSING_MARK) -> str:
    """``format_number`` of ``value``, or ``missing`` when there is no value (None)."""
    return missing if value is None else format_number(value, decimals)
