"""The line chart over years, in phases: measure, draw lines, axes, axis label, end labels.

In: a ``SeriesChartSpec`` and a ``ChartStyle``; called by ``draw.draw_chart`` inside its
matplotlib settings.
Out: ``draw_series_chart``, the chart's ``DisplayList``: the title, the axis label above the
plot, the lines, each with its own marker and dash pattern (``series_looks``; wider lines
below thinner ones, so that no line hides another, and every marker above the lines, set
side by side where markers of one year would cover each other), and at the right a line
sample and the label of every series at the height of its last value, moved apart where they
would overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from regionreport.charts.draw import (PlotFrame, finish, new_figure, number_formatter,
                                      place_text, style_axes)
from regionreport.charts.layout import dodge, nice_ticks, spread, tick_decimals, wrap
from regionreport.charts.recording import DisplayList
from regionreport.charts.spec import SeriesChartSpec
from regionreport.charts.style import ChartStyle
from regionreport.config.theme import mm
from regionreport.numbers import format_number

KEY_LENGTH_PT = 26  # the line sample before each end label, so lines are told apart in grey


@dataclass(frozen=True)
class SeriesLook:
    """How one series is drawn: line colour, width (pt), dash pattern (None: solid), marker,
    marker face colour, and whether its label is bold."""

    colour: str
    width_pt: float
    dash: tuple[float, ...] | None
    marker: str
    face: str
    bold: bool


def series_looks(spec: SeriesChartSpec, style: ChartStyle) -> list[SeriesLook]:
    """The look of each series of ``spec``: the highlighted unit's in the theme's
    ``unit_series_line``, the others the theme's ``series_lines`` in order. Past the end of
    that list the markers go round again with the dash patterns shifted by one, so that every
    series of a chart keeps its own (marker, dash) pair."""
    lines = style.series_lines
    count = len(lines)
    bold_index = 0 if spec.highlight is None else spec.highlight
    looks = []
    order = 0
    for index in range(len(spec.series)):
        if index == spec.highlight:
            colour, width, dash, marker, face = style.unit_series_line
        else:
            colour, width, dash, marker, face = lines[order % count]
            _, _, dash, _, _ = lines[(order + order // count) % count]
            order += 1
        looks.append(SeriesLook(colour, width, dash, marker, face, index == bold_index))
    return looks


@dataclass(frozen=True)
class SeriesLayout(PlotFrame):
    """Where everything of a series chart goes, in points from the bottom left."""

    top_pt: float
    title_lines: list[str]
    title_height_pt: float
    ticks: list[float]
    end_labels: list[tuple[int, str, float]]  # (series index, label, value at the line's end)


def draw_series_chart(spec: SeriesChartSpec, style: ChartStyle) -> DisplayList:
    layout = measure_series(spec, style)
    figure, axes = new_figure(layout, style.fonts)
    looks = series_looks(spec, style)
    draw_lines(axes, spec, layout, looks, style)
    draw_axes(axes, spec, layout, style)
    # The axis label sits horizontally above the plot, aligned with the tick labels.
    place_text(figure, style.margin_pt,
               layout.height_pt - style.margin_pt - layout.title_height_pt - 4,
               spec.axis_label, ha="left", va="top", fontsize=style.tick_size_pt,
               color=style.text_colour)
    draw_end_labels(figure, spec, layout, looks, style)
    return finish(figure, layout, layout.title_lines, style)


def measure_series(spec: SeriesChartSpec, style: ChartStyle) -> SeriesLayout:
    """The chart's margins and scale, from its texts."""
    width, height = mm(spec.width_mm), mm(spec.height_mm)
    margin = style.margin_pt
    title_lines = wrap(spec.title, width - 2 * margin,
                       lambda text: style.fonts.text_width(text, "bold", style.title_size_pt))
    title_height = len(title_lines) * style.title_size_pt * style.line_spacing
    axis_label_row = style.tick_size_pt * style.line_spacing
    top = margin + title_height + 4 + axis_label_row + 5
    bottom = margin + style.tick_size_pt * style.line_spacing + 4
    plot_height = height - top - bottom
    if plot_height < 40:
        raise ValueError(f"series chart {spec.title!r}: {spec.height_mm} mm leaves no room "
                         "for the lines; make the chart higher or the title shorter")

    numbers = [v for _, values in spec.series for v in values if v is not None]
    low, high = min([0.0, *numbers]), max([0.0, *numbers])
    ticks = nice_ticks(low, high, max(3, int(plot_height / 28)))
    decimals = tick_decimals(ticks)
    end_labels = [(index, label, [v for v in values if v is not None][-1])
                  for index, (label, values) in enumerate(spec.series)
                  if any(v is not None for v in values)]
    left = margin + max(style.fonts.text_width(format_number(t, decimals), "regular",
                                               style.tick_size_pt) for t in ticks) + 5
    looks = series_looks(spec, style)
    right = margin + 6 + KEY_LENGTH_PT + 3 + max(
        [style.fonts.text_width(text, "bold" if looks[i].bold else "regular",
                                style.label_size_pt)
         for i, text, _ in end_labels] or [0.0])
    plot_width = width - left - right
    if plot_width < 0.3 * width:
        raise ValueError(f"series chart {spec.title!r}: the line labels leave too little room "
                         f"at {spec.width_mm} mm; shorten them or widen the chart")
    return SeriesLayout(width_pt=width, height_pt=height, left_pt=left, bottom_pt=bottom,
                        plot_width_pt=plot_width, plot_height_pt=plot_height, top_pt=top,
                        title_lines=title_lines, title_height_pt=title_height, ticks=ticks,
                        end_labels=end_labels)


def _x_limits(spec: SeriesChartSpec) -> tuple[float, float]:
    x_pad = 0.35 if len(spec.years) > 1 else 0.6
    return spec.years[0] - x_pad, spec.years[-1] + x_pad


def draw_lines(axes, spec: SeriesChartSpec, layout: SeriesLayout, looks: list[SeriesLook],
               style: ChartStyle) -> None:
    """One line per series (a missing value breaks it), wider lines below thinner ones and a
    later line above an earlier one of the same width; then the markers above all lines,
    those of one year that would cover each other set side by side (``layout.dodge``)."""
    import numpy as np

    count = len(spec.series)
    by_width = sorted(range(count), key=lambda i: (-looks[i].width_pt, i))
    for rank, index in enumerate(by_width):
        values = spec.series[index][1]
        y = np.array([np.nan if v is None else v for v in values], dtype=float)
        axes.add_line(_series_line(spec.years, y, looks[index], style, marker=False,
                                   zorder=3 + rank * 0.01, clip_on=False))
    # the markers' sideways offsets per year, from their heights in points
    y_min, y_max = layout.ticks[0], layout.ticks[-1]
    points_per_value = layout.plot_height_pt / (y_max - y_min)
    x_min, x_max = _x_limits(spec)
    years_per_point = (x_max - x_min) / layout.plot_width_pt
    size = style.marker_size_pt + 0.8
    offsets = [dodge([None if values[column] is None else values[column] * points_per_value
                      for _, values in spec.series], size) for column in range(len(spec.years))]
    for index, (_, values) in enumerate(spec.series):
        x = [year + offsets[column][index] * years_per_point
             for column, year in enumerate(spec.years)]
        y = np.array([np.nan if v is None else v for v in values], dtype=float)
        axes.add_line(_series_line(x, y, looks[index], style, line=False,
                                   zorder=4 + index * 0.01, clip_on=False))


def draw_axes(axes, spec: SeriesChartSpec, layout: SeriesLayout, style: ChartStyle) -> None:
    """Years below (every few when they would crowd), values left with a grid, zero line."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    axes.set_xlim(*_x_limits(spec))
    axes.set_ylim(layout.ticks[0], layout.ticks[-1])
    step = max(1, math.ceil(len(spec.years) / max(2, int(layout.plot_width_pt / 34))))
    axes.xaxis.set_major_locator(FixedLocator(list(spec.years[::step])))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:.0f}"))
    axes.yaxis.set_major_locator(FixedLocator(layout.ticks))
    axes.yaxis.set_major_formatter(number_formatter(tick_decimals(layout.ticks)))
    axes.tick_params(axis="both", labelsize=style.tick_size_pt, labelcolor=style.muted_colour)
    axes.tick_params(axis="y", length=0, pad=4)
    axes.tick_params(axis="x", length=3, width=0.6, color=style.axis_colour, pad=2)
    style_axes(axes, axes.yaxis, style)
    if layout.ticks[0] < 0:
        axes.axhline(0, color=style.text_colour, linewidth=0.8, zorder=2)


def draw_end_labels(figure, spec: SeriesChartSpec, layout: SeriesLayout,
                    looks: list[SeriesLook], style: ChartStyle) -> None:
    """At the right of the plot, per series a line sample and its label at the height of its
    last value, moved apart where the lines end close together."""
    from matplotlib.transforms import IdentityTransform

    y_min, y_max = layout.ticks[0], layout.ticks[-1]
    wanted = [layout.bottom_pt + (value - y_min) / (y_max - y_min) * layout.plot_height_pt
              for _, _, value in layout.end_labels]
    placed = spread(wanted, style.label_size_pt * 1.25, layout.bottom_pt,
                    layout.height_pt - layout.top_pt)
    key_x = layout.left_pt + layout.plot_width_pt + 6
    for (index, text, _), y in zip(layout.end_labels, placed):
        key_y = y + style.label_size_pt * 0.05
        look = looks[index]
        figure.add_artist(_series_line(
            [key_x, key_x + KEY_LENGTH_PT / 2, key_x + KEY_LENGTH_PT], [key_y] * 3, look,
            style, transform=IdentityTransform(), markevery=[1], zorder=3))
        place_text(figure, key_x + KEY_LENGTH_PT + 3, y, text, ha="left",
                   va="center_baseline", fontsize=style.label_size_pt,
                   fontweight="bold" if look.bold else "normal", color=look.colour)


def _series_line(x, y, look: SeriesLook, style: ChartStyle, *, line: bool = True,
                 marker: bool = True, **properties):
    """The Line2D of a series in ``look``: its line (colour, width, dashes) and its markers,
    or only one of them."""
    from matplotlib.lines import Line2D

    dash = look.dash
    drawn = Line2D(x, y, color=look.colour, linewidth=look.width_pt if line else 0,
                   linestyle="-" if line else "none", marker=look.marker if marker else "",
                   markersize=style.marker_size_pt, markerfacecolor=look.face,
                   markeredgecolor=look.colour, markeredgewidth=1.1,
                   dash_capstyle="round" if dash and dash[0] < 0.5 else "butt",
                   solid_joinstyle="round", dash_joinstyle="round", **properties)
    if dash and line:
        drawn.set_dashes(dash)
    return drawn
