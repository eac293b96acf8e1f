"""Chart specs for the register part: units sorted by value, and the region over the years.

In: a ``ComposeContext``, register ``Indicator``s and the labels; for a handout a unit code
and the layout's ``[handout] series``.
Out: ``Chart`` blocks holding plain specs (regionreport.charts.spec) and their alternative
text (compose/chart_alt.py) — no matplotlib here; the renderer has them drawn once per build,
in parallel and cached by content. ``chart_blocks``
gives an area's charts in reading order, each bar chart kept on one page with its series
chart where the layout pairs them (``series_charts = "after_each"``); ``handout_series``
the handout's small series charts of the unit beside the region and Riket.
"""

from __future__ import annotations

import dataclasses
import math

from regionreport.model.catalog import Indicator
from regionreport.charts.spec import BarChartSpec, ReferenceLine, SeriesChartSpec
from regionreport.compose.chart_alt import chart_alt
from regionreport.compose.context import ComposeContext
from regionreport.charts.style import setting
from regionreport.document import Chart, KeepTogether
from regionreport.errors import InputError
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
    return Chart(spec, caption, alt=chart_alt(context, spec, labels, indicator.unit))


def chart_blocks(context: ComposeContext, indicators: list[Indicator], labels: dict) -> list:
    """An area's charts in reading order (they are numbered as they are made): with
    ``series_charts = "grouped"`` all bar charts, then all series charts, each kept whole
    with its caption; with ``"after_each"`` each indicator's bar chart and series chart kept
    together on one page where they fit. A region of one kommun (Gotland) gets no sorted bar
    chart of a single bar."""
    year = context.layout.register_year

    def bars(indicator) -> list[Chart]:
        several = len(context.region_units(year, [indicator.id])) > 1
        return [sorted_bar_chart(context, indicator, labels)] if several else []

    if context.layout.series_charts == "grouped":
        charts = [chart for indicator in indicators for chart in bars(indicator)]
        charts += [series_chart(context, indicator, labels) for indicator in indicators]
        return [KeepTogether((chart,)) for chart in charts]
    blocks = []
    for indicator in indicators:
        bar = bars(indicator)
        series = series_chart(context, indicator, labels)
        # the bar chart kept with its caption (and the space after it), the pair on one page
        blocks.append(KeepTogether((KeepTogether((_compact(context, bar[0]),)),
                                    _compact(context, series))) if bar
                      else KeepTogether((series,)))
    return blocks


def _compact(context: ComposeContext, chart: Chart) -> Chart:
    """``chart`` with its closer drawing (the theme's ``compact_bar_pitch_mm`` or
    ``compact_series_height_mm``), printed where the full pair would leave a page less than
    half full."""
    table = context.theme.chart
    if isinstance(chart.spec, BarChartSpec):
        if chart.spec.height_mm is not None:
            return chart
        smaller = dataclasses.replace(
            chart.spec, bar_pitch_mm=float(setting(table, "compact_bar_pitch_mm")))
    else:
        smaller = dataclasses.replace(
            chart.spec, height_mm=min(chart.spec.height_mm,
                                      float(setting(table, "compact_series_height_mm"))))
    return dataclasses.replace(chart, compact=smaller) if smaller != chart.spec else chart


def series_chart(context: ComposeContext, indicator: Indicator, labels: dict, *,
                 unit: str | None = None) -> Chart:
    """The region, comparison län and Riket over the register years; with ``unit`` (a
    handout's) the unit's own series beside the region and Riket, highlighted, in the
    theme's ``handout_series_width_mm`` × ``handout_series_height_mm`` and without a figure
    number."""
    chart_labels = labels["chart"]
    first, last = context.layout.register_first, context.layout.register_year
    years = tuple(y for y in range(first, last + 1) if context.index.units(indicator.id, y))
    series = []
    # The order picks the line styles: the region solid, Riket dashed and the comparison
    # counties dotted, then dash-dotted, as their reference lines in the bar charts.
    regions = (context.region, context.riket) if unit else \
        (context.region, context.riket, *context.comparisons)
    for region in regions:
        series.append((region.name, tuple(_region_value(context, indicator, region, y)
                                          for y in years)))
    size, highlight = {}, None
    if unit is not None:
        own = [context.index.units(indicator.id, y).get(unit) for y in years]
        series.append((context.registry.unit(unit).name,
                       tuple(None if cell is None or cell.value is None
                             or math.isnan(cell.value) else cell.value for cell in own)))
        highlight = len(series) - 1
        table = context.theme.chart
        size = {"width_mm": float(setting(table, "handout_series_width_mm")),
                "height_mm": float(setting(table, "handout_series_height_mm"))}
    spec = SeriesChartSpec(
        title=_text(context, chart_labels, "series_title", indikator=indicator.short_name,
                    första_år=years[0] if years else first, år=last),
        years=years, series=tuple(series),
        axis_label=axis_label(indicator, labels),
        decimals=indicator.decimals, highlight=highlight, **size)
    texts = {"indikator": indicator.name, "första_år": years[0] if years else first,
             "år": last}
    if unit is None:
        caption = _text(context, chart_labels, "caption_series",
                        nummer=context.counters.figure(),
                        regioner=_regions_named(context, labels), **texts)
    else:
        names = [context.registry.unit(unit).name, context.region.name,
                 chart_labels["riket_in_text"]]
        caption = _text(context, chart_labels, "caption_unit_series",
                        regioner=f"{', '.join(names[:-1])} {labels['words']['and']} "
                                 f"{names[-1]}", **texts)
    return Chart(spec, caption, alt=chart_alt(context, spec, labels, indicator.unit))


def handout_series(context: ComposeContext, code: str, labels: dict) -> list:
    """The handout's series charts of unit ``code``: one per register indicator of the
    layout's ``[handout] series`` (none without it), the unit beside the region and Riket,
    each kept whole with its caption. An id that is not a register indicator of the catalog
    is an ``InputError`` naming the key."""
    blocks = []
    for indicator_id in context.layout.handout.get("series", ()):
        if indicator_id not in context.catalog or \
                context.catalog.indicator(indicator_id).source != "register":
            raise InputError(f"'{indicator_id}' is not a register indicator of the catalog "
                             f"'{context.catalog.id}'", file=context.layout.path,
                             place="key 'handout.series'",
                             fix="use one of " + ", ".join(
                                 i.id for i in context.catalog.by_source("register")))
        indicator = context.catalog.indicator(indicator_id)
        blocks.append(KeepTogether((series_chart(context, indicator, labels, unit=code),)))
    return blocks


def _regions_named(context: ComposeContext, labels: dict) -> str:
    """The regions a chart compares, as running text: "Göteborgsregionen, Västra Götalands
    län, Hallands län och riket"."""
    names = [context.region.name, *(r.name for r in context.comparisons),
             labels["chart"]["riket_in_text"]]
    return f"{', '.join(names[:-1])} {labels['words']['and']} {names[-1]}"
