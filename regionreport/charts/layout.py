"""Pure layout helpers of the charts: axis ticks, wrapped titles, label positions.

In: numbers (a value range, wanted positions, line positions in points) and, for wrapping, a
text with a function measuring a string's width in points.
Out: ``nice_ticks`` (round tick values covering a range, steps of 1, 2 or 5 times a power of
ten) and ``tick_decimals`` (the decimals that write them), ``wrap`` (a text broken into lines
that fit a width), ``spread`` (positions moved apart to a minimum gap, order kept, inside
bounds), ``clear_of_lines`` (where a label starts so that no line runs through it) and
``dodge`` (sideways offsets of markers that would cover each other). Each depends only on its
arguments; nothing is drawn here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def nice_ticks(low: float, high: float, most: int) -> list[float]:
    """Round tick values from at or below ``low`` to at or above ``high``, at most about
    ``most`` intervals; the axis is to run from the first to the last."""
    from matplotlib.ticker import MaxNLocator

    if high <= low:
        high = low + 1
    # steps of 1, 2 or 5 times a power of ten: whole numbers where the range allows
    candidates = MaxNLocator(nbins=most, steps=[1, 2, 5, 10]).tick_values(low, high)
    tolerance = (high - low) * 1e-9
    start = max(t for t in candidates if t <= low + tolerance)
    end = min(t for t in candidates if t >= high - tolerance)
    return [float(round(t, 10)) for t in candidates if start - tolerance <= t <= end + tolerance]


def tick_decimals(ticks: Sequence[float]) -> int:
    """The fewest decimals (at most 4) that write every tick exactly (0 for 0, 20, 40; 1 for
    0, 0.5)."""
    for decimals in range(4):
        scale = 10 ** decimals
        if all(abs(t * scale - round(t * scale)) < 1e-6 for t in ticks):
            return decimals
    return 4


def wrap(text: str, width_pt: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` broken at spaces into lines that ``measure`` finds no wider than ``width_pt``
    (a longer word keeps its own line); a newline always breaks."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and measure(candidate) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near ``wanted`` as possible, at least ``gap`` apart, in the order of the
    wishes, and within [``low``, ``high``] when they fit: overlapping labels are grouped and
    each group is centred on the mean of its wishes."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    groups: list[list[int]] = []  # each a run of indexes into `order`, placed together

    def placement(group: list[int]) -> float:
        centre = sum(wanted[order[k]] for k in group) / len(group)
        first = centre - gap * (len(group) - 1) / 2
        return min(max(first, low), max(low, high - gap * (len(group) - 1)))

    for k in range(len(order)):
        groups.append([k])
        while len(groups) > 1 and (placement(groups[-2]) + gap * len(groups[-2])
                                   > placement(groups[-1]) + 1e-9):
            last = groups.pop()
            groups[-1].extend(last)
    placed = [0.0] * len(wanted)
    for group in groups:
        first = placement(group)
        for offset, k in enumerate(group):
            placed[order[k]] = first + offset * gap
    return placed


def clear_of_lines(x: float, text_width: float, line_xs: Sequence[float],
                   limit: float) -> float:
    """Where a label that would start at ``x`` starts so that no line at ``line_xs`` runs
    through it: just right of the lines it would touch, as long as it stays left of
    ``limit``; otherwise ``x`` (the label then gets a white box)."""
    start = x
    while True:
        touched = [line for line in line_xs if start - 1.5 <= line <= start + text_width + 1.5]
        if not touched:
            return start
        start = max(touched) + 3
        if start + text_width > limit:
            return x


def dodge(ys: Sequence[float | None], size: float) -> list[float]:
    """Sideways offsets (in the units of ``ys``) of markers ``size`` wide, one per series at
    one year, at heights ``ys`` (None: no marker): markers closer than ``size`` in height
    form a group set side by side, ``size`` apart in the order of the series and centred on
    the year; a marker alone stays at 0."""
    offsets = [0.0] * len(ys)
    present = sorted((y, index) for index, y in enumerate(ys) if y is not None)
    groups: list[list[int]] = []
    last = None
    for y, index in present:
        if last is not None and y - last < size:
            groups[-1].append(index)
        else:
            groups.append([index])
        last = y
    for group in groups:
        for rank, index in enumerate(sorted(group)):
            offsets[index] = (rank - (len(group) - 1) / 2) * size
    return offsets
