"""Column widths of a results table: given widths, shared room, and room for every word.

In: the composer's widths in mm (None: a column that shares the rest of the line), the weight
of each column, the width available, the widest a unit of weight may be, and per column the
width its longest unbreakable word needs (``word_minimums``).
Out: widths in points. Table cells and headers never break inside a word (the theme's cell
styles say so), so a column narrower than its longest word would overflow: such a column is
widened, and the room is taken from the columns that have more than they need, in proportion
to what they can give. When the words cannot all fit, the widths stay as shared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from regionreport.config.theme import mm

Measure = Callable[[str, str, float], float]
_BREAKS = re.compile(r"[ \t\n]+")     # where a line may break (not at no-break spaces)


def column_widths(widths_mm: Sequence[float | None], weights: Sequence[float],
                  available: float, max_flexible: float,
                  minimums: Sequence[float] = ()) -> list[float]:
    """Fixed columns as given (scaled down only if they alone overflow), the others sharing
    the rest of the line by weight up to ``max_flexible`` a unit of weight; then every column
    at least its minimum where the others can give the room."""
    fixed = [mm(w) for w in widths_mm if w is not None]
    total_weight = sum(wt for w, wt in zip(widths_mm, weights) if w is None)
    scale = min(1.0, available * (0.55 if total_weight else 1.0) / sum(fixed)) if fixed else 1.0
    rest = available - scale * sum(fixed)
    unit = min(max_flexible, rest / total_weight) if total_weight else 0.0
    widths = [unit * wt if w is None else mm(w) * scale for w, wt in zip(widths_mm, weights)]
    return _room_for_words(widths, list(minimums) + [0.0] * (len(widths) - len(minimums)),
                           available)


def _room_for_words(widths: list[float], minimums: list[float], available: float
                    ) -> list[float]:
    if sum(minimums) > max(available, sum(widths)) + 0.01:
        return widths                       # the words cannot all fit: leave the widths
    short = [max(0.0, m - w) for w, m in zip(widths, minimums)]
    needed = sum(short)
    if needed <= 0:
        return widths
    spare = max(0.0, available - sum(widths))   # room left on the line comes first
    surplus = [max(0.0, w - m) for w, m in zip(widths, minimums)]
    taken = max(0.0, needed - spare)
    total_surplus = sum(surplus)
    if taken > total_surplus + 0.01:
        return widths
    factor = taken / total_surplus if total_surplus else 0.0
    return [w + s - surplus[i] * factor for i, (w, s) in enumerate(zip(widths, short))]


def word_minimums(rows: Sequence[tuple[Sequence[tuple[str, int]], str, float]],
                  columns: int, padding: float, measure: Measure,
                  first_extra: float = 0.0) -> list[float]:
    """The width each column needs for its longest word: ``rows`` are (cells as (text, span),
    font, size); a spanning cell's word is shared by its columns; ``first_extra`` is added to
    the first column (the indent of stadsdelar)."""
    need = [0.0] * columns
    for cells, font, size in rows:
        x = 0
        for text, span in cells:
            words = [w for w in _BREAKS.split(text) if w]
            widest = max((measure(word, font, size) for word in words), default=0.0)
            if widest:
                share = (widest + 2 * padding) / span
                for column in range(x, min(columns, x + span)):
                    need[column] = max(need[column], share)
            x += span
    if columns:
        need[0] += first_extra
    return need
