"""The walk from document blocks to reportlab flowables, and the state converters share.

In: blocks of the document tree and a ``RenderState`` (the ``Styles``, the frame sizes of
portrait and landscape pages, the charts already drawn, the orientation so far).
Out: a list of platypus flowables. Each block type has one converter, registered with
``@converts(BlockType)`` in the module that renders that kind of block (``blocks``,
``cards``, ``results_table``); ``orient`` switches between portrait and landscape pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from regionreport.plugins import PluginRegistry
from regionreport.render.styles import Styles


@dataclass
class RenderState:
    """What converters share while walking the blocks."""

    styles: Styles
    portrait_width: float
    landscape_width: float
    frame_height: float
    landscape_height: float
    charts: dict
    orientation: str = "portrait"

    @property
    def width(self) -> float:
        return self.landscape_width if self.orientation == "landscape" else self.portrait_width


Converter = Callable[[object, RenderState], list[Flowable]]
CONVERTERS: PluginRegistry[Converter] = PluginRegistry("converter of the block")
converts = CONVERTERS.register


def to_flowables(blocks, state: RenderState) -> list[Flowable]:
    """All blocks in order. A flowable with a ``whole_within`` attribute (an indicator card)
    that stands last before a change of page template is kept whole when it fits a page:
    splitting the last card before a landscape table would leave its last rows alone on an
    otherwise empty page."""
    story: list[Flowable] = []
    for block in blocks:
        story.extend(CONVERTERS[type(block)](block, state))
    for flowable, following in zip(story, story[1:]):
        if hasattr(flowable, "whole_within") and isinstance(following, NextPageTemplate):
            flowable.whole_within = state.frame_height
    return story


def orient(state: RenderState, orientation: str) -> list[Flowable]:
    """The flowables that switch to ``orientation`` pages (none when already there)."""
    if state.orientation == orientation:
        return []
    state.orientation = orientation
    return [NextPageTemplate(orientation), PageBreak()]


