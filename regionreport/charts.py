"""Chart specs drawn with matplotlib and recorded as display lists for the PDF.

In: ``BarChartSpec`` / ``SeriesChartSpec`` (``regionreport.chartspec``) and the Source Sans Pro
fonts in ``fonts/``.
Out: ``DisplayList``: the chart as plain, picklable drawing operations in PDF points (origin
bottom left) that ``regionreport.render.chart_flowable.ChartFlowable`` replays onto a reportlab
canvas as vector paths and real text in the report's font. ``make_charts`` draws many specs in
parallel worker processes and keeps the results in a cache folder keyed by ``chart_key``, so a
rebuild after a prose edit draws nothing.

This is the only module that imports matplotlib, and it does so inside functions, so importing
it is cheap. Drawing uses the object API (``matplotlib.figure.Figure``, no pyplot state) and a
small recording renderer instead of an output format: ``Figure.draw(renderer)`` calls
``draw_path`` and ``draw_text``, which append operations to a list. Text is measured with the
fonts' advance widths (no kerning, as reportlab's ``drawString`` sets it), so right-aligned and
centred text lands exactly where matplotlib put it.

Operations (tuples; colours are (r, g, b, a) in 0..1; coordinates rounded to 0.01 pt):

* ``("path", segments, fill_rgba | None, stroke_rgba | None, linewidth_pt, dash, cap, join,
  clip_rect | None)``: ``segments`` is a tuple of ``("m", x, y)``, ``("l", x, y)``,
  ``("c", x1, y1, x2, y2, x3, y3)`` and ``("h",)`` (close); ``dash`` is ``None`` (solid) or
  ``(offset_pt, (on_pt, off_pt, ...))``; ``cap`` and ``join`` are the PDF codes (cap 0 butt,
  1 round, 2 projecting; join 0 miter, 1 round, 2 bevel); ``clip_rect`` is
  ``(x0, y0, x1, y1)``. Fills use the non-zero winding rule.
* ``("text", x, y, text, font_key, size_pt, angle_deg, rgba)``: ``(x, y)`` is the start of the
  baseline, ``font_key`` one of ``FONT_KEYS``, the text is turned ``angle_deg`` counter-clockwise
  about that point.

Not recorded: hatching, images, clip paths other than rectangles and mathtext; the charts here
use none of them and the recorder raises ``ValueError`` if asked to draw them.
"""

from __future__ import annotations


import gc
import math
import os
import pickle
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from regionreport import paths
from regionreport.files import atomic_path
from regionreport.chartspec import BarChartSpec, ChartSpec, SeriesChartSpec, chart_key
from regionreport.errors import InputError
from regionreport.numbers import format_number

PT_PER_MM = 72 / 25.4
FONT_FAMILY = "Source Sans Pro"
FONT_FILES = {
    "regular": "SourceSansPro-Regular.ttf",
    "bold": "SourceSansPro-Bold.ttf",
    "italic": "SourceSansPro-It.ttf",
    "bolditalic": "SourceSansPro-BoldIt.ttf",
}
FONT_KEYS = tuple(FONT_FILES)

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


@dataclass(frozen=True)
class DisplayList:
    """A drawn chart: its size in points and its drawing operations (see the module doc)."""

    width_pt: float
    height_pt: float
    ops: tuple[tuple, ...]

    def font_keys(self) -> frozenset[str]:
        """The font keys the text operations use."""
        return frozenset(op[4] for op in self.ops if op[0] == "text")

    def texts(self) -> list[str]:
        """The strings of the text operations, in drawing order."""
        return [op[3] for op in self.ops if op[0] == "text"]


@dataclass(frozen=True)
class ChartStyle:
    """Sizes (pt, mm) and colours of the charts, from the theme's [chart] table: greys that
    print in black and white, one dark accent, dash patterns that tell lines apart without
    colour. ``reference_lines``: per ReferenceLine.style (name, line width pt, dash pattern or
    None); ``series_lines``: in order (colour, line width pt, dash or None, marker, face)."""

    margin_pt: float
    title_size_pt: float
    label_size_pt: float
    tick_size_pt: float
    value_size_pt: float
    line_spacing: float
    text_colour: str
    muted_colour: str
    grid_colour: str
    grid_width_pt: float
    axis_colour: str
    bar_colour: str
    highlight_colour: str
    bar_pitch_mm: float
    min_bar_pitch_mm: float
    max_auto_height_mm: float
    bar_fill: float
    reference_colour: str
    reference_lines: tuple[tuple[str, float, tuple[float, ...] | None], ...]
    series_lines: tuple[tuple[str, float, tuple[float, ...] | None, str, str], ...]

    @classmethod
    def from_table(cls, table: dict, theme_file: Path | str) -> "ChartStyle":
        """The style from a theme's [chart] table (dash = [] means a solid line)."""
        from dataclasses import fields

        names = [f.name for f in fields(cls)]
        missing = [n for n in names if n not in table]
        if missing:
            raise InputError(f"key 'chart.{missing[0]}' is missing", file=theme_file,
                             fix="the theme's [chart] table needs every chart size and colour")
        values = {n: table[n] for n in names}
        values["reference_lines"] = tuple(
            (r["style"], float(r["width_pt"]), tuple(r["dash_pt"]) or None)
            for r in table["reference_lines"])
        values["series_lines"] = tuple(
            (r["colour"], float(r["width_pt"]), tuple(r["dash_pt"]) or None, r["marker"],
             r["face"]) for r in table["series_lines"])
        return cls(**values)

    def digest(self) -> str:
        """A short fingerprint of the style, part of the chart cache's file names."""
        import hashlib

        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]


@cache
def default_style() -> ChartStyle:
    """The [chart] table of the default theme (layouts/themes/default.toml)."""
    from regionreport.config.toml import read_toml

    path = paths.theme_path()
    return ChartStyle.from_table(read_toml(path, "theme").get("chart", {}), path)


# --- drawing ---------------------------------------------------------------------------------

def draw_chart(spec: ChartSpec, style: ChartStyle | None = None) -> DisplayList:
    """Draw one spec with matplotlib in ``style`` (default: the default theme's) and record
    it. The same spec and style give the same operations."""
    import matplotlib

    drawers = {BarChartSpec: _draw_bar_chart, SeriesChartSpec: _draw_series_chart}
    drawer = drawers.get(type(spec))
    if drawer is None:
        raise TypeError(f"{type(spec).__name__} is not a valid chart spec")
    _prepare()
    with matplotlib.rc_context(_rc_params()):
        return drawer(spec, style or default_style())


def _draw_bar_chart(spec: BarChartSpec, style: ChartStyle) -> DisplayList:
    """Title on top, then one label row per reference line, then the bars with the unit
    names left of them and the values at their ends, then the value axis. The margins are
    measured from the texts, so nothing is clipped and the layout needs no second pass."""
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedLocator, FuncFormatter
    from matplotlib.transforms import IdentityTransform

    width = spec.width_mm * PT_PER_MM
    margin = style.margin_pt
    title_lines = _wrap(spec.title, "bold", style.title_size_pt, width - 2 * margin)
    title_height = len(title_lines) * style.title_size_pt * style.line_spacing
    reference_row = style.tick_size_pt * 1.55
    top = margin + title_height + 5 + len(spec.references) * reference_row + 1
    bottom = margin + (style.label_size_pt + style.tick_size_pt) * style.line_spacing + 5
    count = len(spec.labels)
    if spec.height_mm is None:
        # 5 mm a bar, closer when that would make the chart higher than most of a page
        plot_height = min(count * style.bar_pitch_mm * PT_PER_MM,
                          style.max_auto_height_mm * PT_PER_MM - top - bottom)
        plot_height = max(plot_height, count * style.min_bar_pitch_mm * PT_PER_MM)
        height = top + plot_height + bottom
    else:
        height = spec.height_mm * PT_PER_MM
        plot_height = height - top - bottom
        if plot_height < count * 6:
            raise ValueError(f"bar chart {spec.title!r}: {spec.height_mm} mm is too low for "
                             f"{count} bars; leave height_mm None or give at least "
                             f"{(top + bottom + count * 6) / PT_PER_MM:.0f} mm")

    value_texts = [None if v is None else format_number(v, spec.decimals) for v in spec.values]
    label_widths = [_text_width(label, "bold" if hl else "regular", style.label_size_pt)
                    for label, hl in zip(spec.labels, spec.highlight)]
    value_widths = [0.0 if text is None else
                    _text_width(text, "bold" if hl else "regular", style.value_size_pt)
                    for text, hl in zip(value_texts, spec.highlight)]
    numbers = [v for v in spec.values if v is not None] + [r.value for r in spec.references]
    low, high = min([0.0, *numbers]), max([0.0, *numbers])
    left = margin + max(label_widths) + 6
    right = margin + max(value_widths) + 4
    plot_width = width - left - right
    if plot_width < 0.25 * width:
        raise ValueError(f"bar chart {spec.title!r}: labels and values leave too little room "
                         f"for the bars at {spec.width_mm} mm; shorten them or widen the chart")
    # a little room beyond the largest value, so that no bar or reference line ends on the frame
    ticks = _nice_ticks(low, high + 0.01 * (high - low), max(3, int(plot_width / 48)))
    tick_decimals = _tick_decimals(ticks)
    x_min, x_max = ticks[0], ticks[-1]

    def x_pt(value: float) -> float:
        return left + (value - x_min) / (x_max - x_min) * plot_width

    def y_pt(position: int) -> float:  # bars at positions 0 (bottom) .. count - 1
        return bottom + (position + 0.5) / count * plot_height

    reference_xs = [x_pt(r.value) for r in spec.references]

    def boxed(x0: float, x1: float) -> dict:
        """A white box behind a text that a reference line crosses, so both stay legible."""
        if any(x0 - 1 <= x <= x1 + 1 for x in reference_xs):
            return {"bbox": {"boxstyle": "square,pad=0.12", "facecolor": "white",
                             "edgecolor": "none"}}
        return {}

    figure, axes = _new_figure(width, height, (left, bottom, plot_width, plot_height))
    # Bars as one collection and texts placed in points on the figure: matplotlib's bar
    # containers, tick objects and axes-clipped texts cost a millisecond or two per bar.
    positions = [count - 1 - index for index in range(count)]  # first label on top
    half = style.bar_fill / 2
    bars = [(p, v, hl) for p, v, hl in zip(positions, spec.values, spec.highlight)
            if v is not None]
    axes.add_collection(PolyCollection(
        [[(0, p - half), (v, p - half), (v, p + half), (0, p + half)] for p, v, _ in bars],
        facecolors=[style.highlight_colour if hl else style.bar_colour for _, _, hl in bars],
        edgecolors="none", linewidths=0, zorder=2), autolim=False)
    axes.set_xlim(x_min, x_max)
    axes.set_ylim(-0.5, count - 0.5)
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.xaxis.set_major_formatter(FuncFormatter(
        lambda value, _position: format_number(float(value), tick_decimals)))
    axes.set_yticks([])
    axes.tick_params(axis="x", length=0, pad=3, labelsize=style.tick_size_pt,
                     labelcolor=style.muted_colour)
    axes.xaxis.grid(True, color=style.grid_colour, linewidth=style.grid_width_pt)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set(color=style.axis_colour, linewidth=0.6)
    axes.axvline(0, color=style.text_colour, linewidth=0.8, zorder=3)
    axes.set_xlabel(spec.axis_label, fontsize=style.label_size_pt, color=style.text_colour,
                    labelpad=4, parse_math=False)

    for position, label, value, text, highlighted, value_width in zip(
            positions, spec.labels, spec.values, value_texts, spec.highlight, value_widths):
        y = y_pt(position)
        weight = "bold" if highlighted else "normal"
        _text(figure, left - 5, y, label, ha="right", va="center_baseline",
              fontsize=style.label_size_pt, fontweight=weight, color=style.text_colour)
        if value is None:
            x = x_pt(0) + 4
            missing_width = _text_width(spec.missing_text, "italic", style.value_size_pt)
            _text(figure, x, y, spec.missing_text, ha="left", va="center_baseline",
                  fontsize=style.value_size_pt, fontstyle="italic", color=style.muted_colour,
                  zorder=4, **boxed(x, x + missing_width))
        elif value >= 0:
            x = _clear_of_lines(x_pt(value) + 3, value_width, reference_xs, width - margin)
            _text(figure, x, y, text, ha="left", va="center_baseline",
                  fontsize=style.value_size_pt, fontweight=weight, color=style.text_colour,
                  zorder=4, **boxed(x, x + value_width))
        else:
            x = x_pt(value) - 3
            _text(figure, x, y, text, ha="right", va="center_baseline",
                  fontsize=style.value_size_pt, fontweight=weight, color=style.text_colour,
                  zorder=4, **boxed(x - value_width, x))

    # Reference lines run across all bars up to a label row above them, the label beside the
    # line's end. Labels right of their lines go largest value lowest, labels left of their
    # lines (near the right edge) smallest lowest, so that no label crosses a line.
    plot_top = bottom + plot_height
    line_styles = {name: (lw, dash) for name, lw, dash in style.reference_lines}
    reference_widths = [_text_width(r.label, "regular", style.tick_size_pt)
                        for r in spec.references]
    set_right = all(x + 3 + w <= width - margin for x, w in zip(reference_xs, reference_widths))
    rows = sorted(range(len(spec.references)),
                  key=lambda i: -reference_xs[i] if set_right else reference_xs[i])
    for row, index in enumerate(rows):
        reference, x = spec.references[index], reference_xs[index]
        label_width = reference_widths[index]
        row_middle = plot_top + 2 + (row + 0.5) * reference_row
        linewidth, dash = line_styles[reference.style]
        line = Line2D([x, x], [bottom, row_middle + style.tick_size_pt * 0.35],
                      transform=IdentityTransform(), color=style.reference_colour,
                      linewidth=linewidth, zorder=3.5, solid_capstyle="butt",
                      dash_capstyle="round" if dash and dash[0] < 0.5 else "butt")
        if dash:
            line.set_dashes(dash)
        figure.add_artist(line)
        if set_right or x + 3 + label_width <= width - margin:
            x0, x1, anchor = x + 3, x + 3 + label_width, "left"
        else:
            x0, x1, anchor = x - 3 - label_width, x - 3, "right"
        _text(figure, x0 if anchor == "left" else x1, row_middle, reference.label, ha=anchor,
              va="center_baseline", fontsize=style.tick_size_pt, color=style.text_colour,
              zorder=4, **boxed(x0, x1))

    _add_title(figure, title_lines, width, height, style)
    return _record(figure, width, height)


def _clear_of_lines(x: float, text_width: float, line_xs: list[float], limit: float) -> float:
    """Where a value label that would start at ``x`` starts so that no reference line runs
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


def _text(figure, x_pt: float, y_pt: float, text: str, **properties) -> None:
    """A text placed in points on the figure, never parsed as mathtext."""
    from matplotlib.transforms import IdentityTransform

    figure.text(x_pt, y_pt, text, transform=IdentityTransform(), parse_math=False,
                **properties)


def _draw_series_chart(spec: SeriesChartSpec, style: ChartStyle) -> DisplayList:
    """Title, the axis label above the plot, the lines with markers (the region's on top),
    and at the right a line sample and the label of every series at the height of its last
    value, moved apart where they would overlap."""
    import numpy as np
    from matplotlib.ticker import FixedLocator, FuncFormatter
    from matplotlib.transforms import IdentityTransform

    width, height = spec.width_mm * PT_PER_MM, spec.height_mm * PT_PER_MM
    margin = style.margin_pt
    title_lines = _wrap(spec.title, "bold", style.title_size_pt, width - 2 * margin)
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
    ticks = _nice_ticks(low, high, max(3, int(plot_height / 28)))
    tick_decimals = _tick_decimals(ticks)
    y_min, y_max = ticks[0], ticks[-1]
    tick_texts = [format_number(t, tick_decimals) for t in ticks]

    end_labels = []  # (series index, label, value at the line's end)
    for index, (label, values) in enumerate(spec.series):
        present = [v for v in values if v is not None]
        if present:
            end_labels.append((index, label, present[-1]))
    key_length = 26  # the line sample before each end label, so lines are told apart in grey
    left = margin + max(_text_width(t, "regular", style.tick_size_pt) for t in tick_texts) + 5
    right = margin + 6 + key_length + 3 + max(
        [_text_width(text, "bold" if i == 0 else "regular", style.label_size_pt)
         for i, text, _ in end_labels] or [0.0])
    plot_width = width - left - right
    if plot_width < 0.3 * width:
        raise ValueError(f"series chart {spec.title!r}: the line labels leave too little room "
                         f"at {spec.width_mm} mm; shorten them or widen the chart")

    figure, axes = _new_figure(width, height, (left, bottom, plot_width, plot_height))
    x_pad = 0.35 if len(spec.years) > 1 else 0.6
    x_min, x_max = spec.years[0] - x_pad, spec.years[-1] + x_pad
    for index, (_, values) in enumerate(spec.series):
        y = np.array([np.nan if v is None else v for v in values], dtype=float)
        axes.add_line(_series_line(spec.years, y, index, len(spec.series), style,
                                   clip_on=False))
    axes.set_xlim(x_min, x_max)
    axes.set_ylim(y_min, y_max)
    step = max(1, math.ceil(len(spec.years) / max(2, int(plot_width / 34))))
    axes.xaxis.set_major_locator(FixedLocator(list(spec.years[::step])))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:.0f}"))
    axes.yaxis.set_major_locator(FixedLocator(ticks))
    axes.yaxis.set_major_formatter(FuncFormatter(
        lambda value, _position: format_number(float(value), tick_decimals)))
    axes.tick_params(axis="both", labelsize=style.tick_size_pt, labelcolor=style.muted_colour)
    axes.tick_params(axis="y", length=0, pad=4)
    axes.tick_params(axis="x", length=3, width=0.6, color=style.axis_colour, pad=2)
    axes.yaxis.grid(True, color=style.grid_colour, linewidth=style.grid_width_pt)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set(color=style.axis_colour, linewidth=0.6)
    if y_min < 0:
        axes.axhline(0, color=style.text_colour, linewidth=0.8, zorder=2)

    # The axis label sits horizontally above the plot, aligned with the tick labels.
    _text(figure, margin, height - margin - title_height - 4, spec.axis_label, ha="left",
          va="top", fontsize=style.tick_size_pt, color=style.text_colour)
    # Line labels at the right end, moved apart where the lines end close together.
    wanted = [bottom + (value - y_min) / (y_max - y_min) * plot_height
              for _, _, value in end_labels]
    placed = _spread(wanted, style.label_size_pt * 1.25, bottom, height - top)
    key_x = left + plot_width + 6
    for (index, text, _), y in zip(end_labels, placed):
        key_y = y + style.label_size_pt * 0.05
        figure.add_artist(_series_line(
            [key_x, key_x + key_length / 2, key_x + key_length], [key_y] * 3, index,
            len(spec.series), style, transform=IdentityTransform(), markevery=[1]))
        _text(figure, key_x + key_length + 3, y, text, ha="left", va="center_baseline",
              fontsize=style.label_size_pt, fontweight="bold" if index == 0 else "normal",
              color=style.series_lines[index % len(style.series_lines)][0])

    _add_title(figure, title_lines, width, height, style)
    return _record(figure, width, height)


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


def _new_figure(width_pt: float, height_pt: float, plot_rect: tuple[float, float, float, float]):
    """A figure of the given size at 72 dpi (display units are points) on a recording canvas,
    with one axes at ``plot_rect`` (left, bottom, width, height in points)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_pt / 72, height_pt / 72), dpi=72)
    _backend().canvas(figure)
    figure.patch.set_visible(False)
    left, bottom, plot_width, plot_height = plot_rect
    axes = figure.add_axes((left / width_pt, bottom / height_pt,
                            plot_width / width_pt, plot_height / height_pt))
    axes.patch.set_visible(False)
    return figure, axes


def _add_title(figure, lines: list[str], width_pt: float, height_pt: float,
               style: ChartStyle) -> None:
    from matplotlib.transforms import IdentityTransform

    figure.text(style.margin_pt, height_pt - style.margin_pt, "\n".join(lines), ha="left",
                va="top", fontsize=style.title_size_pt, fontweight="bold",
                color=style.text_colour, linespacing=style.line_spacing, parse_math=False,
                transform=IdentityTransform())


def _record(figure, width_pt: float, height_pt: float) -> DisplayList:
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    return DisplayList(round(width_pt, 2), round(height_pt, 2), tuple(renderer.ops))


def _rc_params() -> dict:
    return {
        "font.family": [FONT_FAMILY],
        "lines.scale_dashes": False,  # dash patterns in points, not multiples of line width
        "axes.unicode_minus": True,
        "text.usetex": False,
        "path.simplify": False,
    }


# --- layout helpers --------------------------------------------------------------------------

def _nice_ticks(low: float, high: float, most: int) -> list[float]:
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


def _tick_decimals(ticks: Sequence[float]) -> int:
    """The fewest decimals that write every tick exactly (0 for 0, 20, 40; 1 for 0, 0.5)."""
    for decimals in range(4):
        scale = 10 ** decimals
        if all(abs(t * scale - round(t * scale)) < 1e-6 for t in ticks):
            return decimals
    return 4


def _wrap(text: str, font_key: str, size_pt: float, width_pt: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_pt`` (a longer word keeps
    its own line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and _text_width(candidate, font_key, size_pt) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near ``wanted`` as possible, at least ``gap`` apart and within
    [``low``, ``high``] when they fit: overlapping labels are grouped and each group is
    centred on the mean of its wishes."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    groups: list[list[int]] = []  # each a run of indexes into `order`, placed together

    def placement(group: list[int]) -> float:
        centre = sum(wanted[order[k]] for k in group) / len(group)
        first = centre - gap * (len(group) - 1) / 2
        first = min(max(first, low), max(low, high - gap * (len(group) - 1)))
        return first

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


# --- fonts -----------------------------------------------------------------------------------

def _font_path(font_key: str) -> Path:
    return paths.fonts_dir() / FONT_FILES[font_key]


@cache
def _prepare() -> None:
    """Once a process: import what drawing needs, make the Source Sans Pro files known to
    matplotlib's font manager and read their metrics, so that worker processes forked
    afterwards start drawing at once."""
    import matplotlib
    import matplotlib.collections
    import matplotlib.figure
    import matplotlib.lines
    import matplotlib.ticker  # noqa: F401
    from matplotlib import font_manager

    for key in FONT_KEYS:
        path = _font_path(key)
        if not path.is_file():
            raise InputError("font file missing", file=path,
                             fix=f"the charts need {', '.join(FONT_FILES.values())} "
                                 f"in {path.parent}")
        font_manager.fontManager.addfont(str(path))
        _metrics(key)
    _backend()
    with matplotlib.rc_context(_rc_params()):
        for weight, style in (("normal", "normal"), ("bold", "normal"), ("normal", "italic"),
                              ("bold", "italic")):
            font_manager.findfont(font_manager.FontProperties(weight=weight, style=style),
                                  fallback_to_default=False)


@cache
def _font_by_file() -> dict[str, str]:
    """Font key by the real path of its file."""
    return {os.path.realpath(_font_path(key)): key for key in FONT_KEYS}


class _FontMetrics:
    """Advance widths and glyph heights of one font file, read with fontTools, per character
    on first use; in font units (``units_per_em`` to the em)."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
        self.name = path.name
        self.units_per_em = font["head"].unitsPerEm
        self._glyph_names = font.getBestCmap()
        self._advances = font["hmtx"].metrics
        self._glyphs = font["glyf"]
        self._extents: dict[str, tuple[int, int]] = {}
        os2 = font["OS/2"]
        # ascent, descent (positive, below the baseline) and line gap, as matplotlib reads them
        self.line_metrics = (os2.sTypoAscender, -os2.sTypoDescender, os2.sTypoLineGap)

    def width(self, text: str) -> int:
        """The advance width of ``text`` without kerning (as reportlab sets it)."""
        try:
            return sum(self._advances[self._glyph_names[ord(c)]][0] for c in text)
        except KeyError:
            missing = next(c for c in text if ord(c) not in self._glyph_names)
            raise ValueError(f"{text!r}: the character {missing!r} (U+{ord(missing):04X}) is "
                             f"not in {self.name}; a chart cannot show it") from None

    def extent(self, text: str) -> tuple[int, int]:
        """The lowest and highest point of the glyphs of ``text``, and of the baseline."""
        low = high = 0
        for character in text:
            glyph_extent = self._extents.get(character)
            if glyph_extent is None:
                glyph = self._glyphs[self._glyph_names[ord(character)]]
                glyph_extent = (getattr(glyph, "yMin", 0), getattr(glyph, "yMax", 0))
                self._extents[character] = glyph_extent
            low, high = min(low, glyph_extent[0]), max(high, glyph_extent[1])
        return low, high


@cache
def _metrics(font_key: str) -> _FontMetrics:
    return _FontMetrics(_font_path(font_key))


def _text_width(text: str, font_key: str, size_pt: float) -> float:
    """The width of ``text`` set without kerning, as reportlab sets it."""
    metrics = _metrics(font_key)
    return metrics.width(text) * size_pt / metrics.units_per_em


# --- the recording backend -------------------------------------------------------------------

@dataclass(frozen=True)
class _Backend:
    renderer: type
    canvas: type


@cache
def _backend() -> _Backend:
    """The recording renderer and canvas classes, made on first use so that importing this
    module does not import matplotlib."""
    import numpy as np
    from matplotlib import font_manager
    from matplotlib.backend_bases import FigureCanvasBase, RendererBase

    def rgba(colour: Sequence[float], alpha: float) -> tuple[float, float, float, float]:
        r, g, b = (round(float(c), 4) for c in colour[:3])
        return (r, g, b, round(float(alpha), 4))

    class RecordingRenderer(RendererBase):
        """Appends ``path`` and ``text`` operations to ``ops``; units are points."""

        def __init__(self, width_pt: float, height_pt: float) -> None:
            super().__init__()
            self.width = width_pt
            self.height = height_pt
            self.ops: list[tuple] = []
            self._keys: dict = {}  # font key by FontProperties

        def flipy(self) -> bool:
            return False

        def get_canvas_width_height(self) -> tuple[float, float]:
            return self.width, self.height

        def points_to_pixels(self, points):
            return points

        def option_image_nocomposite(self) -> bool:
            return True

        def draw_image(self, gc, x, y, im, transform=None):
            raise ValueError("images are not supported by the chart recorder")

        def draw_path(self, gc, path, transform, rgbFace=None):
            if gc.get_hatch():
                raise ValueError("hatching is not supported by the chart recorder")
            if gc.get_clip_path()[0] is not None:
                raise ValueError("clip paths are not supported by the chart recorder; "
                                 "only clip rectangles")
            linewidth = float(gc.get_linewidth())
            stroke_colour = gc.get_rgb()
            stroke = None
            if linewidth > 0 and stroke_colour is not None and stroke_colour[3] > 0:
                stroke = rgba(stroke_colour, stroke_colour[3])
            fill = None
            if rgbFace is not None:
                if gc.get_forced_alpha():
                    alpha = gc.get_alpha()
                else:
                    alpha = rgbFace[3] if len(rgbFace) > 3 else 1.0
                if alpha > 0:
                    fill = rgba(rgbFace, alpha)
            if fill is None and stroke is None:
                return
            # Unfilled lines are clipped to the canvas like the PDF backend does.
            clip = (0.0, 0.0, self.width, self.height) if fill is None else None
            cleaned = path.cleaned(transform, remove_nans=True, clip=clip, curves=True)
            segments = _segments(np.round(cleaned.vertices, 2).tolist(), cleaned.codes.tolist())
            if not segments:
                return
            offset, dash_list = gc.get_dashes()
            dash = None
            if dash_list is not None and len(dash_list):
                dash = (round(float(offset or 0), 2),
                        tuple(round(float(d), 2) for d in dash_list))
            cliprect = gc.get_clip_rectangle()
            clip_rect = None
            if cliprect is not None:
                clip_rect = tuple(round(float(v), 2) for v in cliprect.extents)
            self.ops.append(("path", segments, fill, stroke,
                             round(linewidth, 3) if stroke else 0.0, dash,
                             _CAPS[gc.get_capstyle()], _JOINS[gc.get_joinstyle()], clip_rect))

        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if ismath:
                raise ValueError(f"{s!r}: mathtext is not supported by the chart recorder; "
                                 "create the text with parse_math=False")
            colour = gc.get_rgb()
            self.ops.append(("text", round(float(x), 2), round(float(y), 2), s,
                             self.font_key(prop), round(float(prop.get_size_in_points()), 3),
                             round(float(angle), 3), rgba(colour, colour[3])))

        def draw_tex(self, gc, x, y, s, prop, angle, *, mtext=None):
            raise ValueError(f"{s!r}: TeX is not supported by the chart recorder")

        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath:
                raise ValueError(f"{s!r}: mathtext is not supported by the chart recorder")
            key = self.font_key(prop)
            metrics = _metrics(key)
            scale = prop.get_size_in_points() / metrics.units_per_em
            low, high = metrics.extent(s)
            return metrics.width(s) * scale, (high - low) * scale, -low * scale

        def _get_font_height_metrics(self, prop):
            # matplotlib's (private, 3.11) hook for a font's line ascent, descent and gap; it
            # would otherwise read the same OS/2 values through FreeType for every text.
            metrics = _metrics(self.font_key(prop))
            scale = prop.get_size_in_points() / metrics.units_per_em
            ascent, descent, line_gap = metrics.line_metrics
            return ascent * scale, descent * scale, line_gap * scale

        def font_key(self, prop) -> str:
            """Which of the report's fonts matplotlib chose for ``prop``."""
            key = self._keys.get(prop)
            if key is None:
                path = font_manager.findfont(prop, fallback_to_default=False)
                key = _font_by_file().get(os.path.realpath(path))
                if key is None:
                    raise ValueError(f"matplotlib chose {path} for {prop}; the charts may "
                                     f"only use {', '.join(FONT_FILES.values())}")
                self._keys[prop.copy()] = key
            return key

    class RecordingCanvas(FigureCanvasBase):
        """A canvas whose renderer is a fresh ``RecordingRenderer`` of the figure's size, so
        that matplotlib measures text with the report's metrics everywhere."""

        def get_renderer(self):
            renderer = getattr(self, "_recorder", None)
            if renderer is None:
                width, height = self.figure.bbox.size
                renderer = self._recorder = RecordingRenderer(float(width), float(height))
            return renderer

    return _Backend(RecordingRenderer, RecordingCanvas)


def _segments(vertices: list[list[float]], codes: list[int]) -> tuple[tuple, ...]:
    """Path segments as ("m"|"l"|"c"|"h", coordinates...) from a cleaned matplotlib path
    (codes 1 moveto, 2 lineto, 3 quadratic, 4 cubic, 79 close, 0 stop)."""
    segments: list[tuple] = []
    current = (0.0, 0.0)
    index = 0
    while index < len(codes):
        code = codes[index]
        if code == 1:
            current = tuple(vertices[index])
            segments.append(("m", *current))
            index += 1
        elif code == 2:
            current = tuple(vertices[index])
            segments.append(("l", *current))
            index += 1
        elif code == 4:
            (x1, y1), (x2, y2), (x3, y3) = vertices[index:index + 3]
            segments.append(("c", x1, y1, x2, y2, x3, y3))
            current = (x3, y3)
            index += 3
        elif code == 3:  # quadratic: raise to cubic
            (qx, qy), (x3, y3) = vertices[index:index + 2]
            x0, y0 = current
            segments.append(("c", round(x0 + 2 / 3 * (qx - x0), 2),
                             round(y0 + 2 / 3 * (qy - y0), 2), round(x3 + 2 / 3 * (qx - x3), 2),
                             round(y3 + 2 / 3 * (qy - y3), 2), x3, y3))
            current = (x3, y3)
            index += 2
        elif code == 79:
            segments.append(("h",))
            index += 1
        elif code == 0:
            break
        else:
            raise ValueError(f"{code} is not a valid matplotlib path code")
    if all(segment[0] == "m" for segment in segments):
        return ()
    return tuple(segments)


# --- many charts: cache and worker processes -------------------------------------------------

def make_charts(specs: Iterable[ChartSpec], *, cache_dir: Path | None, workers: int = 2,
                style: ChartStyle | None = None) -> dict[str, DisplayList]:
    """Every spec's display list by ``chart_key``: loaded from
    ``cache_dir/<key>-<style digest>.pickle`` when there, otherwise drawn in ``style`` (in up
    to ``workers`` processes when two or more are missing) and stored there. ``cache_dir``
    None draws everything and stores nothing."""
    style = style or default_style()
    by_key: dict[str, ChartSpec] = {}
    for spec in specs:
        by_key.setdefault(chart_key(spec), spec)
    charts: dict[str, DisplayList] = {}
    missing: dict[str, ChartSpec] = {}
    for key, spec in by_key.items():
        cached = _load_cached(cache_dir, f"{key}-{style.digest()}") \
            if cache_dir is not None else None
        if cached is None:
            missing[key] = spec
        else:
            charts[key] = cached
    for key, display_list in zip(missing, _draw_all(list(missing.values()), workers, style)):
        charts[key] = display_list
        if cache_dir is not None:
            _store(cache_dir, f"{key}-{style.digest()}", display_list)
    return {key: charts[key] for key in by_key}


def _draw_all(specs: list[ChartSpec], workers: int, style: ChartStyle) -> list[DisplayList]:
    if workers <= 1 or len(specs) < 2:
        return [draw_chart(spec, style) for spec in specs]
    from concurrent.futures import ProcessPoolExecutor

    context = _pool_context()
    forking = context.get_start_method() == "fork"
    if forking:
        _prepare()  # once here rather than in every worker
        # Keep the cyclic garbage collector of the forked workers off the objects they
        # inherit: its first full collection would write to (and so copy) every page of
        # the parent's heap, and two workers doing that at once ran no faster than one.
        gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(specs)),
                                 mp_context=context) as pool:
            return list(pool.map(draw_chart, specs, [style] * len(specs)))
    finally:
        if forking:
            gc.unfreeze()


def _pool_context():
    """'fork' (workers start in milliseconds and inherit what is imported) on Linux when this
    process runs no other Python thread, which a forked child could find holding a lock;
    otherwise 'spawn' (fresh interpreters; Python 3.11's default on Linux is 'fork' even
    then)."""
    import multiprocessing

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _load_cached(cache_dir: Path, key: str) -> DisplayList | None:
    """The cached display list, or None when absent or unreadable (it is then redrawn)."""
    path = Path(cache_dir) / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            display_list = pickle.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None
    return display_list if isinstance(display_list, DisplayList) else None


def _store(cache_dir: Path, key: str, display_list: DisplayList) -> None:
    with atomic_path(Path(cache_dir) / f"{key}.pickle") as temp:
        temp.write_bytes(pickle.dumps(display_list, protocol=pickle.HIGHEST_PROTOCOL))
