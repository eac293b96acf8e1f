"""Chart specs for the register part: units sorted by value, and the region over the years.

In: a ``ComposeContext``, a register ``Indicator`` and the chart labels.
Out: ``Chart`` blocks holding plain specs (regionreport.charts.spec) — no matplotlib here; the
renderer has them drawn once per build, in parallel and cached by content.
"""

from __future__ import annotations

import math

from regionreport.model.catalog import Indicator
from regionreport.charts.spec import BarChartSpec, ReferenceLine, SeriesChartSpec
from regionreport.compose.context import ComposeContext
from regionreport.document import Chart
from regionreport.numbers import format_number
from regionreport.config.labels import Labels
from regionreport.compose.units import axis_label

def _text(context: ComposeContext, chart_labels: Labels, key: str, **values: object) -> str:
    return context.fill(chart_labels[key], file=chart_labels.path, **values)


def _region_value(context: ComposeContext, indicator: Indicator, region, year: int):
    value = context.value(indicator, region, year)
    return value.published if value.published is not None else value.value


def sorted_bar_chart(context: ComposeContext, indicator: Indicator, labels: dict,
                     highlight: str | None = None) -> Chart:
    """The region's units sorted by their value in the register year, with the region and
    Riket as reference lines; ``highlight`` emphasises one unit (handouts)."""
    chart_labels = labels["chart"]
    year = context.layout.register_year
    cells = context.index.units(indicator.id, year)
    units = context.region_units(year, [indicator.id])
    pairs = [(context.registry.unit(code).name, cells[code].value if code in cells else math.nan,
              code == highlight) for code in units]
    pairs.sort(key=lambda p: (math.isnan(p[1]), -p[1] if not math.isnan(p[1]) else 0, p[0]))
    references = []
    others = ("other", "other2")      # two comparison regions told apart without colour
    for region, style in [(context.region, "region")] + [
            (r, others[i % len(others)]) for i, r in enumerate(context.comparisons)] + \
            [(context.riket, "riket")]:
        value = _region_value(context, indicator, region, year)
        if value is not None:
            references.append(ReferenceLine(
                f"{region.name} {format_number(value, indicator.decimals)}", value, style))
    number = context.counters.figure()
    spec = BarChartSpec(
        title=_text(context, chart_labels, "sorted_title", indikator=indicator.short_name,
                    år=year),
        labels=tuple(p[0] for p in pairs),
        values=tuple(None if math.isnan(p[1]) else p[1] for p in pairs),
        highlight=tuple(p[2] for p in pairs), references=tuple(references),
        axis_label=axis_label(indicator, labels),
        decimals=indicator.decimals, missing_text=chart_labels["missing_value"])
    caption = _text(context, chart_labels, "caption_sorted", nummer=number,
                    indikator=indicator.name, år=year, regioner=_regions_named(context, labels))
    return Chart(spec, caption)


def series_chart(context: ComposeContext, indicator: Indicator, labels: dict) -> Chart:
    """The region, comparison län and Riket over the register years."""
    chart_labels = labels["chart"]
    first, last = context.layout.register_first, context.layout.register_year
    years = tuple(y for y in range(first, last + 1) if context.index.units(indicator.id, y))
    series = []
    # The order picks the line styles: the region solid, Riket dashed and the comparison
    # counties dotted, then dash-dotted, as their reference lines in the bar charts.
    for region in (context.region, context.riket, *context.comparisons):
        series.append((region.name, tuple(_region_value(context, indicator, region, y)
                                          for y in years)))
    number = context.counters.figure()
    spec = SeriesChartSpec(
        title=_text(context, chart_labels, "series_title", indikator=indicator.short_name,
                    första_år=years[0] if years else first, år=last),
        years=years, series=tuple(series),
        axis_label=axis_label(indicator, labels),
        decimals=indicator.decimals)
    caption = _text(context, chart_labels, "caption_series", nummer=number,
                    indikator=indicator.name, första_år=years[0] if years else first, år=last,
                    regioner=_regions_named(context, labels))
    return Chart(spec, caption)


def _regions_named(context: ComposeContext, labels: dict) -> str:
    """The regions a chart compares, as running text: "Göteborgsregionen, Västra Götalands
    län, Hallands län och riket"."""
    names = [context.region.name, *(r.name for r in context.comparisons),
             labels["chart"]["riket_in_text"]]
    return f"{', '.join(names[:-1])} {labels['words']['and']} {names[-1]}"
