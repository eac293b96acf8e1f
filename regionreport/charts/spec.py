"""What a chart shows, as plain data: the interface between the composer and the chart drawer.

In: the composer's already formatted texts and numbers (unit names, values, reference lines,
axis label), one frozen spec per chart.
Out: ``BarChartSpec`` and ``SeriesChartSpec`` (validated on construction) and ``chart_key``, a
stable content hash that names a chart's drawing in the cache: the same spec drawn by the same
drawing code and matplotlib gives the same key, any change of a value, text, size or of the
drawing code (``STYLE_VERSION``) gives another.

Neither matplotlib nor reportlab is imported here; the rest of ``regionreport.charts`` draws
the specs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache

from regionreport.numbers import MISSING_MARK

# Bump when the drawing code in regionreport.charts (bars.py, series.py) changes what a spec
# looks like, so that cached drawings of the old style are not reused.
STYLE_VERSION = "7"

REFERENCE_STYLES = ("region", "riket", "other", "other2")


@dataclass(frozen=True)
class ReferenceLine:
    """A value every bar is compared with, drawn across the bars and labelled at its end."""

    label: str  # e.g. "Jönköpings län 4,1" (already formatted)
    value: float
    style: str  # "region" (solid, dark) | "riket" (dashed) | "other" (dotted) |
    #             "other2" (dash-dot: a second comparison region)

    def __post_init__(self) -> None:
        if self.style not in REFERENCE_STYLES:
            raise ValueError(f"{self.style!r} is not a valid reference line style "
                             f"(one of {', '.join(REFERENCE_STYLES)})")
        _check_finite(self.value, f"reference line {self.label!r}")


@dataclass(frozen=True)
class BarChartSpec:
    """Horizontal bars, one per unit, drawn top to bottom in the order given."""

    title: str
    labels: tuple[str, ...]  # unit names, top to bottom
    values: tuple[float | None, ...]  # None: no value, "uppgift saknas" at the bar's place
    highlight: tuple[bool, ...]  # emphasised bars (the handout's own kommun); same length
    references: tuple[ReferenceLine, ...]
    axis_label: str  # e.g. "Andel (%)"
    decimals: int = 1
    width_mm: float = 160
    height_mm: float | None = None  # None: about 5 mm per bar plus title and axis
    bar_pitch_mm: float | None = None  # with height_mm None: mm per bar (None: the style's)
    missing_text: str = MISSING_MARK  # where a unit has no value (labels: chart.missing_value)

    def __post_init__(self) -> None:
        count = len(self.labels)
        if count == 0:
            raise ValueError(f"bar chart {self.title!r} has no bars")
        for name, seq in (("values", self.values), ("highlight", self.highlight)):
            if len(seq) != count:
                raise ValueError(f"bar chart {self.title!r}: {len(seq)} {name} for "
                                 f"{count} labels; give one per label")
        for label, value in zip(self.labels, self.values):
            if value is not None:
                _check_finite(value, f"bar {label!r} of {self.title!r}")
        _check_size(self.title, self.decimals, self.width_mm, self.height_mm)


@dataclass(frozen=True)
class SeriesChartSpec:
    """Lines over years; the first series is the region, then Riket, maybe more. The order
    picks each line's look (the theme's ``series_lines``); ``highlight`` is the index of a
    unit's own series (a handout's kommun), drawn in the theme's ``unit_series_line`` with a
    bold label, the others keeping their looks in order."""

    title: str
    years: tuple[int, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (label, value per year)
    axis_label: str
    decimals: int = 1
    width_mm: float = 160
    height_mm: float = 70
    highlight: int | None = None

    def __post_init__(self) -> None:
        if not self.years or not self.series:
            raise ValueError(f"series chart {self.title!r} needs at least one year and series")
        if list(self.years) != sorted(set(self.years)):
            raise ValueError(f"series chart {self.title!r}: years {self.years} are not "
                             "increasing and distinct")
        for label, values in self.series:
            if len(values) != len(self.years):
                raise ValueError(f"series chart {self.title!r}: series {label!r} has "
                                 f"{len(values)} values for {len(self.years)} years")
            for value in values:
                if value is not None:
                    _check_finite(value, f"series {label!r} of {self.title!r}")
        if self.highlight is not None and not 0 <= self.highlight < len(self.series):
            raise ValueError(f"series chart {self.title!r}: highlight {self.highlight!r} is "
                             f"not the index of one of its {len(self.series)} series")
        _check_size(self.title, self.decimals, self.width_mm, self.height_mm)


ChartSpec = BarChartSpec | SeriesChartSpec


def chart_key(spec: ChartSpec) -> str:
    """A sha256 hex digest of the spec's kind and content, ``STYLE_VERSION`` and the
    matplotlib version: equal for equal charts, across processes and runs."""
    if not isinstance(spec, BarChartSpec | SeriesChartSpec):
        raise TypeError(f"{type(spec).__name__} is not a valid chart spec")
    content = {
        "kind": type(spec).__name__,
        "spec": dataclasses.asdict(spec),
        "style_version": STYLE_VERSION,
        "matplotlib": _matplotlib_version(),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _matplotlib_version() -> str:
    """The installed matplotlib's version, read from its metadata (no import)."""
    from importlib import metadata

    return metadata.version("matplotlib")


def _check_finite(value: float, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is not a valid number for {what}; "
                         "use None for a missing value")


def _check_size(title: str, decimals: int, width_mm: float, height_mm: float | None) -> None:
    if not 0 <= decimals <= 6:
        raise ValueError(f"chart {title!r}: {decimals!r} is not a valid number of decimals")
    if width_mm <= 0 or (height_mm is not None and height_mm <= 0):
        raise ValueError(f"chart {title!r}: size {width_mm} × {height_mm} mm is not positive")
