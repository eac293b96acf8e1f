"""A recorded chart on the PDF page.

In: a ``regionreport.charts.DisplayList`` (``PathOp`` and ``TextOp`` records in points, read
by field name) and the reportlab names of the registered fonts by font key ("regular",
"bold", "italic", "bolditalic").
Out: ``ChartFlowable``, a platypus flowable as large as the chart (scaled down to the frame's
width when that is narrower) that replays the operations onto the canvas in ``draw()``: paths
as PDF paths, text as real text in the embedded font. Nothing is drawn or measured with
matplotlib here, so every multiBuild pass costs only the replay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus import Flowable

from regionreport.charts.recording import PathOp, TextOp
from regionreport.render.tags.paragraphs import tagger_of

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from regionreport.charts.recording import DisplayList


INVISIBLE_SIZE_PT = 4.0     # the type of a figure's alternative text, drawn invisible


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
        self.compact_spec = None     # the chart drawn smaller (render/keep.py)
        self.element = None          # its Figure element (tagged PDF), or None
        self.width = display_list.width_pt
        self.height = display_list.height_pt

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        chart = self.display_list
        self.scale = min(1.0, availWidth / chart.width_pt) if chart.width_pt else 1.0
        self.width = chart.width_pt * self.scale
        self.height = chart.height_pt * self.scale
        return self.width, self.height

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None or self.element is None:
            self._replay()
            return
        # the figure's content is its alternative text, in invisible type (so that text
        # extraction and pdfinfo -struct-text read the sentence); the drawing, whose words
        # the sentence tells, is an artifact
        with tagger.marked(self.canv, self.element):
            self._invisible(self.element.attributes.get("Alt", ""))
        with tagger.artifact(self.canv, "Layout"):
            self._replay()

    def _invisible(self, text: str) -> None:
        """``text`` in invisible type, wrapped to the chart's width from its top left."""
        canvas = self.canv
        font = self.fonts.get("regular") or next(iter(self.fonts.values()), "Helvetica")
        size = INVISIBLE_SIZE_PT
        lines = simpleSplit(text, font, size, max(self.width, 1.0))
        canvas.saveState()          # the render mode is graphics state: it ends here
        out = canvas.beginText(0, self.height - size)
        out.setTextRenderMode(3)
        out.setFont(font, size, size * 1.2)
        for line in lines:
            out.textLine(line + " ")
        canvas.drawText(out)
        canvas.restoreState()

    def _replay(self) -> None:
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


def replay(canvas: Canvas, ops: tuple[PathOp | TextOp, ...], fonts: dict[str, str]) -> None:
    """Draw display-list operations onto ``canvas`` in its current coordinates. Runs of
    operations with the same clip rectangle share one saved and clipped graphics state."""
    pen = _Pen()
    clip_open: tuple | None = None
    pen_before_clip = pen
    for op in ops:
        clip = op.clip if isinstance(op, PathOp) else None
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
        if isinstance(op, PathOp):
            pen = _draw_path(canvas, op, pen)
        elif isinstance(op, TextOp):
            pen = _draw_text(canvas, op, pen, fonts)
        else:
            raise ValueError(f"{op!r} is not a valid display-list operation")
    if clip_open is not None:
        canvas.restoreState()


def _draw_path(canvas: Canvas, op: PathOp, pen: _Pen) -> _Pen:
    if op.fill is not None:
        pen = _set_fill(canvas, op.fill, pen)
    if op.stroke is not None:
        pen = _set_line(canvas, op, _set_stroke(canvas, op.stroke, pen))
    path = canvas.beginPath()
    for segment in op.segments:
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
    canvas.drawPath(path, stroke=int(op.stroke is not None), fill=int(op.fill is not None),
                    fillMode=FILL_NON_ZERO)
    return pen


def _set_line(canvas: Canvas, op: PathOp, pen: _Pen) -> _Pen:
    """The stroke's width, dash pattern, cap and join, where they differ from the pen's."""
    if op.width_pt != pen.linewidth:
        canvas.setLineWidth(op.width_pt)
        pen = replace(pen, linewidth=op.width_pt)
    if op.dash != pen.dash:
        if op.dash is None:
            canvas.setDash()
        else:
            canvas.setDash(list(op.dash[1]), op.dash[0])
        pen = replace(pen, dash=op.dash)
    if op.cap != pen.cap:
        canvas.setLineCap(op.cap)
        pen = replace(pen, cap=op.cap)
    if op.join != pen.join:
        canvas.setLineJoin(op.join)
        pen = replace(pen, join=op.join)
    return pen


def _draw_text(canvas: Canvas, op: TextOp, pen: _Pen, fonts: dict[str, str]) -> _Pen:
    pen = _set_fill(canvas, op.rgba, pen)
    font = (fonts[op.font_key], op.size_pt)
    if font != pen.font:
        canvas.setFont(*font)
        pen = replace(pen, font=font)
    if op.angle_deg:
        canvas.saveState()
        canvas.translate(op.x, op.y)
        canvas.rotate(op.angle_deg)
        canvas.drawString(0, 0, op.text)
        canvas.restoreState()
    else:
        canvas.drawString(op.x, op.y, op.text)
    return pen


def _set_stroke(canvas: Canvas, colour: tuple, pen: _Pen) -> _Pen:
    return _set_colour(canvas.setStrokeColorRGB, canvas.setStrokeAlpha, "stroke", colour, pen)


def _set_fill(canvas: Canvas, colour: tuple, pen: _Pen) -> _Pen:
    return _set_colour(canvas.setFillColorRGB, canvas.setFillAlpha, "fill", colour, pen)


def _set_colour(set_rgb, set_alpha, kind: str, colour: tuple, pen: _Pen) -> _Pen:
    """Set the pen's ``kind`` ("stroke" or "fill") colour and alpha where they change."""
    if colour[:3] != getattr(pen, kind):
        set_rgb(*colour[:3])
        pen = replace(pen, **{kind: colour[:3]})
    if colour[3] != getattr(pen, f"{kind}_alpha"):
        set_alpha(colour[3])
        pen = replace(pen, **{f"{kind}_alpha": colour[3]})
    return pen
