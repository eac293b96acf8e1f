"""Blocks kept on one page, blocks kept together among them, and a bar chart with its series
chart drawn closer where that saves a page.

In: the flowables to keep together (a chart, its caption and the space after it; a bar chart
kept with its caption and then its series chart), some of them reportlab ``KeepTogether``s;
for a pair, ``ChartFlowable``s with a ``compact_spec`` and a function that draws a spec.
Out: ``KeepWhole``, a ``KeepTogether`` that measures the blocks kept together inside it by
their content (reportlab's own counts an inner KeepTogether as taller than any page, so a
bar chart and its series chart always went on to a new page, even where they fit below a
table, and left that page short); ``CompactPair``, a ``KeepWhole`` whose charts are drawn at
their compact size where that keeps a page from being left less than half full.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.flowables import _listWrapOn

from regionreport.render.chart_flowable import ChartFlowable

HALF_FULL = 0.5     # a page with more than this share of its text height left is "short"


def flat(flowables: list[Flowable]) -> list[Flowable]:
    """``flowables`` with the content of each KeepTogether among them in its place."""
    found: list[Flowable] = []
    for flowable in flowables:
        found += flat(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return found


class KeepWhole(KeepTogether):
    """reportlab's KeepTogether, measured by the content of the blocks kept together in it."""

    def wrap(self, aW, aH):  # noqa: N803 (reportlab's names)
        dims: list = []
        width, self._H = _listWrapOn(flat(self._content), aW, self.canv, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = aW, aH
        return width, 0xffffff          # as KeepTogether: the frame asks for a split

    def split(self, aW, aH):  # noqa: N803
        """The content, flattened, where it fits here; otherwise as KeepTogether (a frame break,
        then the content, whose inner blocks are then kept together on the next page)."""
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= aH:
            return flat(self._content)
        return super().split(aW, aH)


def has_compact(flowables: list[Flowable]) -> bool:
    """Whether any chart among ``flowables`` (or inside their KeepTogether) has a compact
    drawing (``compact_spec``)."""
    return any(getattr(flowable, "compact_spec", None) is not None
               for flowable in flat(flowables))


class CompactPair(KeepWhole):
    """A bar chart and its series chart on one page; where at full size they do not fit the
    rest of a page that is less than half full, their compact drawings (``compact_spec``,
    drawn by ``draw_chart`` once, when first needed) stay on this page if they fit."""

    def __init__(self, flowables: list[Flowable], draw_chart: Callable):
        super().__init__(flowables)
        self._draw_chart = draw_chart
        self._compact: list[Flowable] | None = None

    def split(self, aW, aH):  # noqa: N803 (reportlab's names)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        if frame is not None and self._H > aH >= frame._height * HALF_FULL:
            compact = flat(self.compact())
            if _listWrapOn(compact, aW, self.canv)[1] <= aH:
                return compact
        return super().split(aW, aH)

    def compact(self) -> list[Flowable]:
        """The flowables with every chart that has a compact drawing replaced by it; captions
        and spaces are the same flowables."""
        if self._compact is None:
            self._compact = [self._smaller(flowable) for flowable in flat(self._content)]
        return self._compact

    def _smaller(self, flowable: Flowable) -> Flowable:
        if not isinstance(flowable, ChartFlowable) or flowable.compact_spec is None:
            return flowable
        smaller = ChartFlowable(self._draw_chart(flowable.compact_spec), flowable.fonts)
        smaller.element = flowable.element
        return smaller
