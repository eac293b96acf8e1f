"""A recorded chart on the PDF page.

In: a ``regionreport.charts.DisplayList`` (vector paths and text in points) and the reportlab
names of the registered fonts by font key ("regular", "bold", "italic", "bolditalic").
Out: ``ChartFlowable``, a platypus flowable as large as the chart (scaled down to the frame's
width when that is narrower) that replays the operations onto the canvas in ``draw()``: paths
as PDF paths, text as real text in the embedded font. Nothing is drawn or measured with
matplotlib here, so every multiBuild pass costs only the replay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus import Flowable

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from regionreport.charts import DisplayList


class ChartFlowable(Flowable):
    """A chart drawn from its display list; ``fonts`` maps each font key it uses to a
    registered reportlab font name."""

    def __init__(self, display_list: DisplayList, fonts: dict[str, str]) -> None:
        super().__init__()
        unknown = sorted(display_list.font_keys() - fonts.keys())
        if unknown:
            raise KeyError(f"no reportlab font given for font key(s) {', '.join(unknown)}; "
                           f"fonts has {', '.join(sorted(fonts)) or 'none'}")
        self.display_list = display_list
        self.fonts = dict(fonts)
        self.scale = 1.0
        self.width = display_list.width_pt
        self.height = display_list.height_pt

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        chart = self.display_list
        self.scale = min(1.0, availWidth / chart.width_pt) if chart.width_pt else 1.0
        self.width = chart.width_pt * self.scale
        self.height = chart.height_pt * self.scale
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        if self.scale != 1.0:
            canvas.scale(self.scale, self.scale)
        replay(canvas, self.display_list.ops, self.fonts)
        canvas.restoreState()


@dataclass(frozen=True)
class _Pen:
    """The graphics state last set on the canvas, so that unchanged settings are not
    written again for every path and text."""

    fill: tuple | None = None
    stroke: tuple | None = None
    fill_alpha: float | None = None  # None: unknown, set on first use
    stroke_alpha: float | None = None
    linewidth: float | None = None
    dash: tuple | None = ()  # () = not set yet; None = solid
    cap: int | None = None
    join: int | None = None
    font: tuple | None = None


def replay(canvas: Canvas, ops: tuple[tuple, ...], fonts: dict[str, str]) -> None:
    """Draw display-list operations onto ``canvas`` in its current coordinates. Runs of
    operations with the same clip rectangle share one saved and clipped graphics state."""
    pen = _Pen()
    clip_open: tuple | None = None
    pen_before_clip = pen
    for op in ops:
        clip = op[8] if op[0] == "path" else None
        if clip != clip_open:
            if clip_open is not None:
                canvas.restoreState()
                pen = pen_before_clip
            if clip is not None:
                canvas.saveState()
                pen_before_clip = pen
                x0, y0, x1, y1 = clip
                path = canvas.beginPath()
                path.rect(x0, y0, x1 - x0, y1 - y0)
                canvas.clipPath(path, stroke=0, fill=0)
            clip_open = clip
        if op[0] == "path":
            pen = _draw_path(canvas, op, pen)
        elif op[0] == "text":
            pen = _draw_text(canvas, op, pen, fonts)
        else:
            raise ValueError(f"{op[0]!r} is not a valid display-list operation")
    if clip_open is not None:
        canvas.restoreState()


def _draw_path(canvas: Canvas, op: tuple, pen: _Pen) -> _Pen:
    _, segments, fill, stroke, linewidth, dash, cap, join, _clip = op
    if fill is not None:
        pen = _set_fill(canvas, fill, pen)
    if stroke is not None:
        pen = _set_stroke(canvas, stroke, pen)
        if linewidth != pen.linewidth:
            canvas.setLineWidth(linewidth)
            pen = replace(pen, linewidth=linewidth)
        if dash != pen.dash:
            if dash is None:
                canvas.setDash()
            else:
                canvas.setDash(list(dash[1]), dash[0])
            pen = replace(pen, dash=dash)
        if cap != pen.cap:
            canvas.setLineCap(cap)
            pen = replace(pen, cap=cap)
        if join != pen.join:
            canvas.setLineJoin(join)
            pen = replace(pen, join=join)
    path = canvas.beginPath()
    for segment in segments:
        kind = segment[0]
        if kind == "l":
            path.lineTo(segment[1], segment[2])
        elif kind == "m":
            path.moveTo(segment[1], segment[2])
        elif kind == "c":
            path.curveTo(*segment[1:])
        elif kind == "h":
            path.close()
        else:
            raise ValueError(f"{kind!r} is not a valid path segment")
    canvas.drawPath(path, stroke=int(stroke is not None), fill=int(fill is not None),
                    fillMode=FILL_NON_ZERO)
    return pen


def _draw_text(canvas: Canvas, op: tuple, pen: _Pen, fonts: dict[str, str]) -> _Pen:
    _, x, y, text, font_key, size, angle, colour = op
    pen = _set_fill(canvas, colour, pen)
    font = (fonts[font_key], size)
    if font != pen.font:
        canvas.setFont(*font)
        pen = replace(pen, font=font)
    if angle:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(angle)
        canvas.drawString(0, 0, text)
        canvas.restoreState()
    else:
        canvas.drawString(x, y, text)
    return pen


def _set_stroke(canvas: Canvas, colour: tuple, pen: _Pen) -> _Pen:
    if colour[:3] != pen.stroke:
        canvas.setStrokeColorRGB(*colour[:3])
        pen = replace(pen, stroke=colour[:3])
    if colour[3] != pen.stroke_alpha:
        canvas.setStrokeAlpha(colour[3])
        pen = replace(pen, stroke_alpha=colour[3])
    return pen


def _set_fill(canvas: Canvas, colour: tuple, pen: _Pen) -> _Pen:
    if colour[:3] != pen.fill:
        canvas.setFillColorRGB(*colour[:3])
        pen = replace(pen, fill=colour[:3])
    if colour[3] != pen.fill_alpha:
        canvas.setFillAlpha(colour[3])
        pen = replace(pen, fill_alpha=colour[3])
    return pen
