"""One chart spec drawn with matplotlib into a display list, and what both chart kinds share.

In: a ``BarChartSpec`` or ``SeriesChartSpec`` and a ``ChartStyle`` (default: the default
theme's).
Out: ``draw_chart``, the chart's ``DisplayList`` (the same spec and style give the same
operations); for ``bars`` and ``series``: ``PlotFrame`` (the chart's and its plot's size),
``new_figure`` (a figure in points on a recording canvas with one plain axes), ``place_text``,
``style_axes``, ``number_formatter`` and ``finish`` (the title, then the recording).
Drawing uses matplotlib's object API (no pyplot state), imported inside the functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from regionreport.charts.fonts import ChartFonts, prepare, rc_params
from regionreport.charts.recording import DisplayList, new_canvas, record
from regionreport.charts.spec import BarChartSpec, ChartSpec, SeriesChartSpec
from regionreport.charts.style import ChartStyle, default_style


def draw_chart(spec: ChartSpec, style: ChartStyle | None = None) -> DisplayList:
    """Draw one spec in ``style`` (default: the default theme's) and record it."""
    import matplotlib

    from regionreport.charts.bars import draw_bar_chart
    from regionreport.charts.series import draw_series_chart

    drawers = {BarChartSpec: draw_bar_chart, SeriesChartSpec: draw_series_chart}
    drawer = drawers.get(type(spec))
    if drawer is None:
        raise TypeError(f"{type(spec).__name__} is not a valid chart spec")
    style = style or default_style()
    prepare(style.fonts)
    with matplotlib.rc_context(rc_params(style.fonts)):
        return drawer(spec, style)


@dataclass(frozen=True)
class PlotFrame:
    """A chart's size and where its plot (the axes) sits, in points from the bottom left."""

    width_pt: float
    height_pt: float
    left_pt: float
    bottom_pt: float
    plot_width_pt: float
    plot_height_pt: float


def new_figure(frame: PlotFrame, fonts: ChartFonts):
    """A figure of the frame's size at 72 dpi (display units are points) on a recording
    canvas drawing in ``fonts``, with one axes at the frame's plot."""
    from matplotlib.figure import Figure

    width, height = frame.width_pt, frame.height_pt
    figure = Figure(figsize=(width / 72, height / 72), dpi=72)
    new_canvas(figure, fonts)
    figure.patch.set_visible(False)
    axes = figure.add_axes((frame.left_pt / width, frame.bottom_pt / height,
                            frame.plot_width_pt / width, frame.plot_height_pt / height))
    axes.patch.set_visible(False)
    return figure, axes


def place_text(figure, x_pt: float, y_pt: float, text: str, **properties) -> None:
    """A text placed in points on the figure, never parsed as mathtext."""
    from matplotlib.transforms import IdentityTransform

    figure.text(x_pt, y_pt, text, transform=IdentityTransform(), parse_math=False,
                **properties)


def style_axes(axes, grid_axis, style: ChartStyle) -> None:
    """Grid lines along ``grid_axis`` (``axes.xaxis`` or ``axes.yaxis``) behind the data, no
    frame but the bottom axis line."""
    grid_axis.grid(True, color=style.grid_colour, linewidth=style.grid_width_pt)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set(color=style.axis_colour, linewidth=0.6)


def number_formatter(decimals: int):
    """A tick formatter writing values as the report does (decimal comma, minus sign)."""
    from matplotlib.ticker import FuncFormatter

    from regionreport.numbers import format_number

    return FuncFormatter(lambda value, _position: format_number(float(value), decimals))


def finish(figure, frame: PlotFrame, title_lines: list[str], style: ChartStyle) -> DisplayList:
    """The title's lines at the top left, in bold, on top of everything; then the figure
    drawn and recorded."""
    place_text(figure, style.margin_pt, frame.height_pt - style.margin_pt,
               "\n".join(title_lines), ha="left", va="top", fontsize=style.title_size_pt,
               fontweight="bold", color=style.text_colour, linespacing=style.line_spacing)
    return record(figure, frame.width_pt, frame.height_pt)
