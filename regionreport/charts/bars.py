"""The horizontal bar chart, in phases: measure, lay out, draw axes, bars, labels, references.

In: a ``BarChartSpec`` and a ``ChartStyle``; called by ``draw.draw_chart`` inside its
matplotlib settings.
Out: ``draw_bar_chart``, the chart's ``DisplayList``: the title on top, then either one label
row per reference line or, where two lines lie closer than the theme's
``reference_legend_gap_mm`` (``crowded``), a legend naming every line by its line sample, name
and value; the bars with the unit names left of them and the values at their ends (a value
steps past a line at most ``value_max_shift_mm``, otherwise it stays with a white box behind
it), the value axis below. The margins are measured from the texts first (``measure_bars``),
so nothing is clipped and the layout needs no second pass.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from regionreport.charts.draw import (PlotFrame, finish, new_figure, number_formatter,
                                      place_text, style_axes)
from regionreport.charts.layout import clear_of_lines, nice_ticks, tick_decimals, wrap
from regionreport.charts.recording import DisplayList
from regionreport.charts.spec import BarChartSpec
from regionreport.charts.style import ChartStyle
from regionreport.config.theme import mm
from regionreport.numbers import format_number


@dataclass(frozen=True)
class BarLayout(PlotFrame):
    """Where everything of a bar chart goes, in points from the bottom left."""

    reference_row_pt: float
    title_lines: list[str]
    ticks: list[float]
    value_texts: list[str | None]
    value_widths_pt: list[float]
    reference_xs_pt: list[float]
    legend: list[list[tuple[int, float]]]  # rows of (reference index, x of its sample);
    #                                        empty: each line labelled at its end

    @property
    def count(self) -> int:
        return len(self.value_texts)

    def x_pt(self, value: float) -> float:
        x_min, x_max = self.ticks[0], self.ticks[-1]
        return self.left_pt + (value - x_min) / (x_max - x_min) * self.plot_width_pt

    def y_pt(self, position: int) -> float:
        """The middle of the bar at ``position`` 0 (bottom) .. count - 1."""
        return self.bottom_pt + (position + 0.5) / self.count * self.plot_height_pt

    def boxed(self, x0_pt: float, x1_pt: float) -> dict:
        """A white box behind a text that a reference line crosses, so both stay legible."""
        if any(x0_pt - 1 <= x <= x1_pt + 1 for x in self.reference_xs_pt):
            return {"bbox": {"boxstyle": "square,pad=0.12", "facecolor": "white",
                             "edgecolor": "none"}}
        return {}


def draw_bar_chart(spec: BarChartSpec, style: ChartStyle) -> DisplayList:
    layout = measure_bars(spec, style)
    figure, axes = new_figure(layout, style.fonts)
    draw_bars(axes, spec, style)
    draw_value_axis(axes, spec, layout, style)
    draw_bar_labels(figure, spec, layout, style)
    if layout.legend:
        draw_reference_legend(figure, spec, layout, style)
    else:
        draw_reference_lines(figure, spec, layout, style)
    return finish(figure, layout, layout.title_lines, style)


def crowded(xs_pt: list[float], gap_pt: float) -> bool:
    """Whether two of the reference lines at ``xs_pt`` lie closer than ``gap_pt``, so that
    labels at their ends would not tell them apart."""
    ordered = sorted(xs_pt)
    return any(b - a < gap_pt for a, b in zip(ordered, ordered[1:]))


def legend_rows(widths_pt: list[float], sample_pt: float, x0_pt: float,
                x1_pt: float) -> list[list[tuple[int, float]]]:
    """The legend's entries (line sample, 3 pt, text of ``widths_pt``) in rows from ``x0_pt``,
    12 pt apart, a new row where an entry would pass ``x1_pt``: rows of (index, x)."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = x0_pt
    for index, width in enumerate(widths_pt):
        entry = sample_pt + 3 + width
        if rows[-1] and x + entry > x1_pt:
            rows.append([])
            x = x0_pt
        rows[-1].append((index, x))
        x += entry + 12
    return rows


def measure_bars(spec: BarChartSpec, style: ChartStyle) -> BarLayout:
    """The chart's size, margins and scale, from its texts."""
    width = mm(spec.width_mm)
    margin = style.margin_pt
    title_lines = wrap(spec.title, width - 2 * margin,
                       lambda text: style.fonts.text_width(text, "bold", style.title_size_pt))
    reference_row = style.tick_size_pt * 1.55
    title_height = len(title_lines) * style.title_size_pt * style.line_spacing
    bottom = margin + (style.label_size_pt + style.tick_size_pt) * style.line_spacing + 5

    value_texts = [None if v is None else format_number(v, spec.decimals) for v in spec.values]
    label_widths = [style.fonts.text_width(label, _weight_key(hl), style.label_size_pt)
                    for label, hl in zip(spec.labels, spec.highlight)]
    value_widths = [0.0 if text is None else
                    style.fonts.text_width(text, _weight_key(hl), style.value_size_pt)
                    for text, hl in zip(value_texts, spec.highlight)]
    left = margin + max(label_widths) + 6
    right = margin + max(value_widths) + style.value_gap_pt + 1
    plot_width = width - left - right
    if plot_width < 0.25 * width:
        raise ValueError(f"bar chart {spec.title!r}: labels and values leave too little room "
                         f"for the bars at {spec.width_mm} mm; shorten them or widen the chart")
    numbers = [v for v in spec.values if v is not None] + [r.value for r in spec.references]
    low, high = min([0.0, *numbers]), max([0.0, *numbers])
    # a little room beyond the largest value, so that no bar or reference line ends on the frame
    ticks = nice_ticks(low, high + 0.01 * (high - low), max(3, int(plot_width / 48)))
    layout = BarLayout(width_pt=width, height_pt=0, left_pt=left, bottom_pt=bottom,
                       plot_width_pt=plot_width, plot_height_pt=0,
                       reference_row_pt=reference_row, title_lines=title_lines, ticks=ticks,
                       value_texts=value_texts, value_widths_pt=value_widths,
                       reference_xs_pt=[], legend=[])
    xs = [layout.x_pt(r.value) for r in spec.references]
    legend = []
    if crowded(xs, mm(style.reference_legend_gap_mm)):
        legend = legend_rows([style.fonts.text_width(r.label, "regular", style.tick_size_pt)
                              for r in spec.references], style.legend_sample_pt, left,
                             width - margin)
    rows = len(legend) if legend else len(spec.references)
    top = margin + title_height + 5 + rows * reference_row + (3 if legend else 1)
    height, plot_height = _heights(spec, style, top, bottom)
    return replace(layout, height_pt=height, plot_height_pt=plot_height, reference_xs_pt=xs,
                   legend=legend)


def _heights(spec: BarChartSpec, style: ChartStyle, top: float,
             bottom: float) -> tuple[float, float]:
    """The chart's and the plot's height: given, or 5 mm a bar (the spec's ``bar_pitch_mm``
    where it gives one), closer when that would make the chart higher than most of a page."""
    count = len(spec.labels)
    if spec.height_mm is None:
        pitch = spec.bar_pitch_mm or style.bar_pitch_mm
        plot_height = min(mm(count * pitch), mm(style.max_auto_height_mm) - top - bottom)
        plot_height = max(plot_height, mm(count * min(pitch, style.min_bar_pitch_mm)))
        return top + plot_height + bottom, plot_height
    height = mm(spec.height_mm)
    plot_height = height - top - bottom
    if plot_height < count * 6:
        raise ValueError(f"bar chart {spec.title!r}: {spec.height_mm} mm is too low for "
                         f"{count} bars; leave height_mm None or give at least "
                         f"{(top + bottom + count * 6) / mm(1):.0f} mm")
    return height, plot_height


def _weight_key(highlighted: bool) -> str:
    return "bold" if highlighted else "regular"


def _positions(count: int) -> list[int]:
    """The bar position of each label: the first label on top."""
    return [count - 1 - index for index in range(count)]


def draw_bars(axes, spec: BarChartSpec, style: ChartStyle) -> None:
    """The bars as one collection (matplotlib's bar containers cost a millisecond or two per
    bar); none where a value is missing."""
    from matplotlib.collections import PolyCollection

    half = style.bar_fill / 2
    bars = [(p, v, hl) for p, v, hl in zip(_positions(len(spec.labels)), spec.values,
                                           spec.highlight) if v is not None]
    axes.add_collection(PolyCollection(
        [[(0, p - half), (v, p - half), (v, p + half), (0, p + half)] for p, v, _ in bars],
        facecolors=[style.highlight_colour if hl else style.bar_colour for _, _, hl in bars],
        edgecolors="none", linewidths=0, zorder=2), autolim=False)


def draw_value_axis(axes, spec: BarChartSpec, layout: BarLayout, style: ChartStyle) -> None:
    """The value axis with its ticks, grid, zero line and label; no category axis."""
    from matplotlib.ticker import FixedLocator

    axes.set_xlim(layout.ticks[0], layout.ticks[-1])
    axes.set_ylim(-0.5, layout.count - 0.5)
    axes.xaxis.set_major_locator(FixedLocator(layout.ticks))
    axes.xaxis.set_major_formatter(number_formatter(tick_decimals(layout.ticks)))
    axes.set_yticks([])
    axes.tick_params(axis="x", length=0, pad=3, labelsize=style.tick_size_pt,
                     labelcolor=style.muted_colour)
    style_axes(axes, axes.xaxis, style)
    axes.axvline(0, color=style.text_colour, linewidth=0.8, zorder=3)
    axes.set_xlabel(spec.axis_label, fontsize=style.label_size_pt, color=style.text_colour,
                    labelpad=4, parse_math=False)


def draw_bar_labels(figure, spec: BarChartSpec, layout: BarLayout, style: ChartStyle) -> None:
    """Each unit's name left of its bar and its value (or the missing text) at the bar's end,
    placed in points on the figure (axes-clipped texts cost more)."""
    right_limit = layout.width_pt - style.margin_pt
    gap, shift = style.value_gap_pt, mm(style.value_max_shift_mm)
    for position, label, value, text, highlighted, value_width in zip(
            _positions(layout.count), spec.labels, spec.values, layout.value_texts,
            spec.highlight, layout.value_widths_pt):
        y = layout.y_pt(position)
        weight = "bold" if highlighted else "normal"
        place_text(figure, layout.left_pt - 5, y, label, ha="right", va="center_baseline",
                   fontsize=style.label_size_pt, fontweight=weight, color=style.text_colour)
        value_style = {"va": "center_baseline", "fontsize": style.value_size_pt, "zorder": 4}
        if value is None:
            x = layout.x_pt(0) + gap + 1
            missing_width = style.fonts.text_width(spec.missing_text, "italic",
                                                   style.value_size_pt)
            place_text(figure, x, y, spec.missing_text, ha="left", fontstyle="italic",
                       color=style.muted_colour, **value_style,
                       **layout.boxed(x, x + missing_width))
        elif value >= 0:
            # at the bar's end: past a line there only when that is a short step
            start = layout.x_pt(value) + gap
            x = clear_of_lines(start, value_width, layout.reference_xs_pt,
                               min(right_limit, start + value_width + shift))
            place_text(figure, x, y, text, ha="left", fontweight=weight,
                       color=style.text_colour, **value_style,
                       **layout.boxed(x, x + value_width))
        else:
            x = layout.x_pt(value) - gap
            place_text(figure, x, y, text, ha="right", fontweight=weight,
                       color=style.text_colour, **value_style,
                       **layout.boxed(x - value_width, x))


def draw_reference_lines(figure, spec: BarChartSpec, layout: BarLayout,
                         style: ChartStyle) -> None:
    """Reference lines across all bars up to a label row above them, the label beside the
    line's end. Labels right of their lines go largest value lowest, labels left of their
    lines (near the right edge) smallest lowest, so that no label crosses a line."""
    right_limit = layout.width_pt - style.margin_pt
    xs = layout.reference_xs_pt
    label_widths = [style.fonts.text_width(r.label, "regular", style.tick_size_pt)
                    for r in spec.references]
    set_right = all(x + 3 + w <= right_limit for x, w in zip(xs, label_widths))
    rows = sorted(range(len(spec.references)), key=lambda i: -xs[i] if set_right else xs[i])
    plot_top = layout.bottom_pt + layout.plot_height_pt
    for row, index in enumerate(rows):
        reference, x, label_width = spec.references[index], xs[index], label_widths[index]
        row_middle = plot_top + 2 + (row + 0.5) * layout.reference_row_pt
        figure.add_artist(_reference_line(x, layout.bottom_pt,
                                          row_middle + style.tick_size_pt * 0.35,
                                          reference.style, style))
        if set_right or x + 3 + label_width <= right_limit:
            x0, x1, anchor = x + 3, x + 3 + label_width, "left"
        else:
            x0, x1, anchor = x - 3 - label_width, x - 3, "right"
        place_text(figure, x0 if anchor == "left" else x1, row_middle, reference.label,
                   ha=anchor, va="center_baseline", fontsize=style.tick_size_pt,
                   color=style.text_colour, zorder=4, **layout.boxed(x0, x1))


def draw_reference_legend(figure, spec: BarChartSpec, layout: BarLayout,
                          style: ChartStyle) -> None:
    """Crowded reference lines: each drawn across the bars to the plot's top, and named in
    the legend rows above the plot by a horizontal sample of its line, its name and value."""
    plot_top = layout.bottom_pt + layout.plot_height_pt
    for reference, x in zip(spec.references, layout.reference_xs_pt):
        figure.add_artist(_reference_line(x, layout.bottom_pt, plot_top, reference.style,
                                          style))
    rows = len(layout.legend)
    for row, entries in enumerate(layout.legend):
        y = plot_top + 3 + (rows - row - 0.5) * layout.reference_row_pt
        for index, x in entries:
            reference = spec.references[index]
            figure.add_artist(_reference_line(x, y + style.tick_size_pt * 0.3, None,
                                              reference.style, style,
                                              x1_pt=x + style.legend_sample_pt))
            place_text(figure, x + style.legend_sample_pt + 3, y, reference.label, ha="left",
                       va="center_baseline", fontsize=style.tick_size_pt,
                       color=style.text_colour, zorder=4)


def _reference_line(x_pt: float, y0_pt: float, y1_pt: float | None, name: str,
                    style: ChartStyle, *, x1_pt: float | None = None):
    """The vertical Line2D of a reference line of style ``name``, in points (from ``y0_pt``
    to ``y1_pt``), or its horizontal legend sample (at ``y0_pt`` from ``x_pt`` to ``x1_pt``)."""
    from matplotlib.lines import Line2D
    from matplotlib.transforms import IdentityTransform

    linewidth, dash = {n: (lw, d) for n, lw, d in style.reference_lines}[name]
    xs, ys = ([x_pt, x_pt], [y0_pt, y1_pt]) if x1_pt is None else ([x_pt, x1_pt], [y0_pt] * 2)
    line = Line2D(xs, ys, transform=IdentityTransform(),
                  color=style.reference_colour, linewidth=linewidth, zorder=3.5,
                  solid_capstyle="butt",
                  dash_capstyle="round" if dash and dash[0] < 0.5 else "butt")
    if dash:
        line.set_dashes(dash)
    return line
