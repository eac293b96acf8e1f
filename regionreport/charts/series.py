"""The line chart over years, in phases: measure, draw lines, axes, axis label, end labels.

In: a ``SeriesChartSpec`` and a ``ChartStyle``; called by ``draw.draw_chart`` inside its
matplotlib settings.
Out: ``draw_series_chart``, the chart's ``DisplayList``: the title, the axis label above the
plot, the lines with markers (the region's on top), and at the right a line sample and the
label of every series at the height of its last value, moved apart where they would overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from regionreport.charts.draw import (PlotFrame, finish, new_figure, number_formatter,
                                      place_text, style_axes)
from regionreport.charts.layout import nice_ticks, spread, tick_decimals, wrap
from regionreport.charts.recording import DisplayList
from regionreport.charts.spec import SeriesChartSpec
from regionreport.charts.style import ChartStyle
from regionreport.config.theme import mm
from regionreport.numbers import format_number

KEY_LENGTH_PT = 26  # the line sample before each end label, so lines are told apart in grey


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
    draw_lines(axes, spec, style)
    draw_axes(axes, spec, layout, style)
    # The axis label sits horizontally above the plot, aligned with the tick labels.
    place_text(figure, style.margin_pt,
               layout.height_pt - style.margin_pt - layout.title_height_pt - 4,
               spec.axis_label, ha="left", va="top", fontsize=style.tick_size_pt,
               color=style.text_colour)
    draw_end_labels(figure, spec, layout, style)
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
    right = margin + 6 + KEY_LENGTH_PT + 3 + max(
        [style.fonts.text_width(text, "bold" if i == 0 else "regular", style.label_size_pt)
         for i, text, _ in end_labels] or [0.0])
    plot_width = width - left - right
    if plot_width < 0.3 * width:
        raise ValueError(f"series chart {spec.title!r}: the line labels leave too little room "
                         f"at {spec.width_mm} mm; shorten them or widen the chart")
    return SeriesLayout(width_pt=width, height_pt=height, left_pt=left, bottom_pt=bottom,
                        plot_width_pt=plot_width, plot_height_pt=plot_height, top_pt=top,
                        title_lines=title_lines, title_height_pt=title_height, ticks=ticks,
                        end_labels=end_labels)


def draw_lines(axes, spec: SeriesChartSpec, style: ChartStyle) -> None:
    """One line with markers per series; a missing value breaks the line."""
    import numpy as np

    for index, (_, values) in enumerate(spec.series):
        y = np.array([np.nan if v is None else v for v in values], dtype=float)
        axes.add_line(_series_line(spec.years, y, index, len(spec.series), style,
                                   clip_on=False))


def draw_axes(axes, spec: SeriesChartSpec, layout: SeriesLayout, style: ChartStyle) -> None:
    """Years below (every few when they would crowd), values left with a grid, zero line."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    x_pad = 0.35 if len(spec.years) > 1 else 0.6
    axes.set_xlim(spec.years[0] - x_pad, spec.years[-1] + x_pad)
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
                    style: ChartStyle) -> None:
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
        figure.add_artist(_series_line(
            [key_x, key_x + KEY_LENGTH_PT / 2, key_x + KEY_LENGTH_PT], [key_y] * 3, index,
            len(spec.series), style, transform=IdentityTransform(), markevery=[1]))
        place_text(figure, key_x + KEY_LENGTH_PT + 3, y, text, ha="left",
                   va="center_baseline", fontsize=style.label_size_pt,
                   fontweight="bold" if index == 0 else "normal",
                   color=style.series_lines[index % len(style.series_lines)][0])


def _series_line(x, y, index: int, count: int, style: ChartStyle, **properties):
    """The Line2D of series ``index`` of ``count``: its colour, width, dashes and marker."""
    from matplotlib.lines import Line2D

    colour, linewidth, dash, marker, face = style.series_lines[index % len(style.series_lines)]
    line = Line2D(x, y, color=colour, linewidth=linewidth, marker=marker,
                  markersize=4.6 if index == 0 else 4.2, markerfacecolor=face,
                  markeredgecolor=colour, markeredgewidth=1.1,
                  zorder=3 + (count - index) * 0.01,  # the region's line on top
                  dash_capstyle="round" if dash and dash[0] < 0.5 else "butt",
                  solid_joinstyle="round", dash_joinstyle="round", **properties)
    if dash:
        line.set_dashes(dash)
    return line
