"""The recording backend: a matplotlib figure drawn into a display list of named operations.

In: a ``matplotlib.figure.Figure`` on a ``RecordingCanvas`` (``new_canvas``) and the
``ChartFonts`` it is drawn in.
Out: ``DisplayList``: the chart's size in points and its operations, ``PathOp`` and
``TextOp`` records (plain, picklable named tuples in PDF points, origin bottom left) that
``regionreport.render.chart_flowable`` replays onto a reportlab canvas by field name.
``Figure.draw(renderer)`` calls the renderer's ``draw_path`` and ``draw_text``, which append
the records. Text is measured with the fonts' advance widths (no kerning, as reportlab's
``drawString`` sets it), so right-aligned and centred text lands where matplotlib put it.

Colours are (r, g, b, a) in 0..1; coordinates are rounded to 0.01 pt. Not recorded: hatching,
images, clip paths other than rectangles and mathtext; the charts use none of them and the
recorder raises ``ValueError`` if asked to draw them. matplotlib is imported only when the
backend is first made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from regionreport.charts.fonts import ChartFonts

RGBA = tuple[float, float, float, float]
CAPS = {"butt": 0, "round": 1, "projecting": 2}   # PDF line cap codes
JOINS = {"miter": 0, "round": 1, "bevel": 2}      # PDF line join codes


class PathOp(NamedTuple):
    """A path: ``segments`` are ``("m", x, y)``, ``("l", x, y)``, ``("c", x1, y1, x2, y2,
    x3, y3)`` and ``("h",)`` (close); filled with the non-zero winding rule when ``fill`` is
    set, stroked ``width_pt`` wide when ``stroke`` is; ``dash`` None (solid) or
    ``(offset_pt, (on_pt, off_pt, ...))``; ``cap``, ``join`` the PDF codes; ``clip`` None or
    the rectangle ``(x0, y0, x1, y1)`` it is clipped to."""

    segments: tuple[tuple, ...]
    fill: RGBA | None
    stroke: RGBA | None
    width_pt: float
    dash: tuple[float, tuple[float, ...]] | None
    cap: int
    join: int
    clip: tuple[float, float, float, float] | None


class TextOp(NamedTuple):
    """A text starting at the baseline point (``x``, ``y``), turned ``angle_deg``
    counter-clockwise about it, in the font of ``font_key`` (one of ``FONT_KEYS``)."""

    x: float
    y: float
    text: str
    font_key: str
    size_pt: float
    angle_deg: float
    rgba: RGBA


@dataclass(frozen=True)
class DisplayList:
    """A drawn chart: its size in points and its drawing operations in drawing order."""

    width_pt: float
    height_pt: float
    ops: tuple[PathOp | TextOp, ...]

    def font_keys(self) -> frozenset[str]:
        """The font keys the text operations use."""
        return frozenset(op.font_key for op in self.ops if isinstance(op, TextOp))

    def texts(self) -> list[str]:
        """The strings of the text operations, in drawing order."""
        return [op.text for op in self.ops if isinstance(op, TextOp)]


def new_canvas(figure, fonts: ChartFonts):
    """Put ``figure`` on a recording canvas drawing in ``fonts``."""
    return backend().canvas(figure, fonts)


def record(figure, width_pt: float, height_pt: float) -> DisplayList:
    """Draw ``figure`` (on a recording canvas, ``width_pt`` × ``height_pt``) and return what
    was drawn."""
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    return DisplayList(round(width_pt, 2), round(height_pt, 2), tuple(renderer.ops))


def _rgba(colour: Sequence[float], alpha: float) -> RGBA:
    r, g, b = (round(float(c), 4) for c in colour[:3])
    return (r, g, b, round(float(alpha), 4))


def _stroke_and_fill(gc, rgb_face) -> tuple[RGBA | None, RGBA | None]:
    linewidth = float(gc.get_linewidth())
    stroke_colour = gc.get_rgb()
    stroke = None
    if linewidth > 0 and stroke_colour is not None and stroke_colour[3] > 0:
        stroke = _rgba(stroke_colour, stroke_colour[3])
    fill = None
    if rgb_face is not None:
        if gc.get_forced_alpha():
            alpha = gc.get_alpha()
        else:
            alpha = rgb_face[3] if len(rgb_face) > 3 else 1.0
        if alpha > 0:
            fill = _rgba(rgb_face, alpha)
    return stroke, fill


def _dash(gc) -> tuple[float, tuple[float, ...]] | None:
    offset, dash_list = gc.get_dashes()
    if dash_list is None or not len(dash_list):
        return None
    return (round(float(offset or 0), 2), tuple(round(float(d), 2) for d in dash_list))


def _clip(gc) -> tuple[float, float, float, float] | None:
    cliprect = gc.get_clip_rectangle()
    return None if cliprect is None else tuple(round(float(v), 2) for v in cliprect.extents)


def _path_op(gc, path, transform, rgb_face, canvas_size: tuple[float, float]) -> PathOp | None:
    """The record of one ``draw_path`` call, or None when it draws nothing."""
    import numpy as np

    if gc.get_hatch():
        raise ValueError("hatching is not supported by the chart recorder")
    if gc.get_clip_path()[0] is not None:
        raise ValueError("clip paths are not supported by the chart recorder; "
                         "only clip rectangles")
    stroke, fill = _stroke_and_fill(gc, rgb_face)
    if fill is None and stroke is None:
        return None
    # Unfilled lines are clipped to the canvas like the PDF backend does.
    clip = (0.0, 0.0, *canvas_size) if fill is None else None
    cleaned = path.cleaned(transform, remove_nans=True, clip=clip, curves=True)
    segments = path_segments(np.round(cleaned.vertices, 2).tolist(), cleaned.codes.tolist())
    if not segments:
        return None
    width_pt = round(float(gc.get_linewidth()), 3) if stroke else 0.0
    return PathOp(segments, fill, stroke, width_pt, _dash(gc), CAPS[gc.get_capstyle()],
                  JOINS[gc.get_joinstyle()], _clip(gc))


@dataclass(frozen=True)
class _Backend:
    renderer: type
    canvas: type


@cache
def backend() -> _Backend:
    """The recording renderer and canvas classes, made on first use so that importing this
    module does not import matplotlib."""
    from matplotlib import font_manager
    from matplotlib.backend_bases import FigureCanvasBase, RendererBase

    class RecordingRenderer(RendererBase):
        """Appends ``PathOp`` and ``TextOp`` records to ``ops``; units are points."""

        def __init__(self, width_pt: float, height_pt: float, fonts: ChartFonts) -> None:
            super().__init__()
            self.width = width_pt
            self.height = height_pt
            self.fonts = fonts
            self.ops: list[PathOp | TextOp] = []
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

        def draw_path(self, gc, path, transform, rgbFace=None):  # noqa: N803
            op = _path_op(gc, path, transform, rgbFace, (self.width, self.height))
            if op is not None:
                self.ops.append(op)

        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if ismath:
                raise ValueError(f"{s!r}: mathtext is not supported by the chart recorder; "
                                 "create the text with parse_math=False")
            colour = gc.get_rgb()
            self.ops.append(TextOp(round(float(x), 2), round(float(y), 2), s,
                                   self.font_key(prop), round(float(prop.get_size_in_points()), 3),
                                   round(float(angle), 3), _rgba(colour, colour[3])))

        def draw_tex(self, gc, x, y, s, prop, angle, *, mtext=None):
            raise ValueError(f"{s!r}: TeX is not supported by the chart recorder")

        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath:
                raise ValueError(f"{s!r}: mathtext is not supported by the chart recorder")
            metrics = self.fonts.metrics(self.font_key(prop))
            scale = prop.get_size_in_points() / metrics.units_per_em
            low, high = metrics.extent(s)
            return metrics.width(s) * scale, (high - low) * scale, -low * scale

        def _get_font_height_metrics(self, prop):
            # matplotlib's (private, 3.11) hook for a font's line ascent, descent and gap; it
            # would otherwise read the same OS/2 values through FreeType for every text.
            metrics = self.fonts.metrics(self.font_key(prop))
            scale = prop.get_size_in_points() / metrics.units_per_em
            ascent, descent, line_gap = metrics.line_metrics
            return ascent * scale, descent * scale, line_gap * scale

        def font_key(self, prop) -> str:
            """Which of the chart fonts matplotlib chose for ``prop``."""
            key = self._keys.get(prop)
            if key is None:
                path = font_manager.findfont(prop, fallback_to_default=False)
                key = self.fonts.key_of_file(path)
                if key is None:
                    raise ValueError(f"matplotlib chose {path} for {prop}; the charts may "
                                     f"only use {self.fonts.names()}")
                self._keys[prop.copy()] = key
            return key

    class RecordingCanvas(FigureCanvasBase):
        """A canvas whose renderer is a fresh ``RecordingRenderer`` of the figure's size, so
        that matplotlib measures text with the chart fonts' metrics everywhere."""

        def __init__(self, figure, fonts: ChartFonts) -> None:
            super().__init__(figure)
            self.fonts = fonts

        def get_renderer(self):
            renderer = getattr(self, "_recorder", None)
            if renderer is None:
                width, height = self.figure.bbox.size
                renderer = self._recorder = RecordingRenderer(float(width), float(height),
                                                              self.fonts)
            return renderer

    return _Backend(RecordingRenderer, RecordingCanvas)


def path_segments(vertices: list[list[float]], codes: list[int]) -> tuple[tuple, ...]:
    """Path segments as ("m"|"l"|"c"|"h", coordinates...) from a cleaned matplotlib path
    (codes 1 moveto, 2 lineto, 3 quadratic, 4 cubic, 79 close, 0 stop); () when the path
    only moves."""
    segments: list[tuple] = []
    current = (0.0, 0.0)
    index = 0
    while index < len(codes):
        code = codes[index]
        if code in (1, 2):
            current = tuple(vertices[index])
            segments.append(("m" if code == 1 else "l", *current))
            index += 1
        elif code == 4:
            (x1, y1), (x2, y2), (x3, y3) = vertices[index:index + 3]
            segments.append(("c", x1, y1, x2, y2, x3, y3))
            current = (x3, y3)
            index += 3
        elif code == 3:
            segments.append(_cubic_from_quadratic(current, *vertices[index:index + 2]))
            current = tuple(vertices[index + 1])
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


def _cubic_from_quadratic(start, control, end) -> tuple:
    """The cubic segment drawing the quadratic curve from ``start`` via ``control``."""
    (x0, y0), (qx, qy), (x3, y3) = start, control, end
    return ("c", round(x0 + 2 / 3 * (qx - x0), 2), round(y0 + 2 / 3 * (qy - y0), 2),
            round(x3 + 2 / 3 * (qx - x3), 2), round(y3 + 2 / 3 * (qy - y3), 2), x3, y3)
