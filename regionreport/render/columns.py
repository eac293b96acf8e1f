"""Two columns side by side on a landscape page (the one-page handout).

In: a ``Columns`` block and the ``RenderState``.
Out: the switch to landscape pages and a ``ColumnsFlowable``: the left and the right
column's flowables, each made for its column's width, drawn side by side when both fit the
frame; when they do not, the flowable gives way to its columns' flowables one after the
other (left column first), which then flow over as many pages as they need.
"""

from __future__ import annotations

import dataclasses

from reportlab.platypus import Flowable

from regionreport import document as doc
from regionreport.render.story import RenderState, converts, orient, to_flowables


@converts(doc.Columns)
def _columns(block: doc.Columns, state: RenderState) -> list[Flowable]:
    story = orient(state, "landscape")
    gap = state.styles.theme.measure("columns", "handout_gap_mm")
    width = state.width
    left_width = (width - gap) * block.left_fraction
    right_width = width - gap - left_width
    head = to_flowables(block.head, _column_state(state, width))
    left = to_flowables(block.left, _column_state(state, left_width))
    right = to_flowables(block.right, _column_state(state, right_width))
    story.append(ColumnsFlowable(head, left, right, left_width, right_width, gap))
    return story


def _column_state(state: RenderState, width: float) -> RenderState:
    """A state whose pages are one column wide (and whose blocks never switch orientation)."""
    return dataclasses.replace(state, portrait_width=width, landscape_width=width,
                               frame_height=state.landscape_height, orientation="portrait")


class ColumnsFlowable(Flowable):
    """The two columns' flowables side by side; see the module docstring."""

    def __init__(self, head: list[Flowable], left: list[Flowable], right: list[Flowable],
                 left_width: float, right_width: float, gap: float):
        super().__init__()
        self.head = head
        self.columns = ((left, left_width, 0.0), (right, right_width, left_width + gap))

    @staticmethod
    def _stack_height(flowables: list[Flowable], width: float) -> float:
        height, previous_after = 0.0, 0.0
        for index, flowable in enumerate(flowables):
            _, h = flowable.wrap(width, 1e6)
            before = flowable.getSpaceBefore() if index else 0.0
            height += max(before, previous_after) + h
            previous_after = flowable.getSpaceAfter()
        return height + (previous_after if flowables else 0.0)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.head_height = self._stack_height(self.head, availWidth)
        self.height = self.head_height + max(self._stack_height(f, w)
                                             for f, w, _ in self.columns)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return self.head + [f for flowables, _, _ in self.columns for f in flowables]

    def draw(self) -> None:
        self._draw_stack(self.head, self.width, 0.0, self.height)
        for flowables, width, x in self.columns:
            self._draw_stack(flowables, width, x, self.height - self.head_height)

    def _draw_stack(self, flowables: list[Flowable], width: float, x: float, top: float) -> None:
        y, previous_after = top, 0.0
        for index, flowable in enumerate(flowables):
            _, h = flowable.wrap(width, 1e6)
            y -= (max(flowable.getSpaceBefore(), previous_after) if index else 0.0) + h
            flowable.drawOn(self.canv, x, y)
            previous_after = flowable.getSpaceAfter()
