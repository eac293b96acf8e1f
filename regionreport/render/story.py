"""The walk from document blocks to reportlab flowables, and the state converters share.

In: blocks of the document tree and a ``RenderState`` (the ``Styles``, the frame sizes of
portrait and landscape pages, the charts already drawn, the orientation so far).
Out: a list of platypus flowables. Each block type has one converter, registered with
``@converts(BlockType)`` in the module that renders that kind of block (``blocks``,
``cards``, ``results_table``, ``front_matter``); ``orient`` switches between portrait and
landscape pages. A results table's first caption is marked for the list of tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from regionreport import document as doc
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
    two_sided: bool = False        # chapters and the contents start right-hand pages
    captions: int = 0              # captions given a bookmark key so far

    def next_caption_key(self) -> str:
        """A unique bookmark key for the next table or figure caption."""
        self.captions += 1
        return f"caption-{self.captions}"

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
        converted = CONVERTERS[type(block)](block, state)
        if isinstance(block, doc.Table) and block.caption:
            _mark_table_caption(converted, block.caption, state)
        story.extend(converted)
    for flowable, following in zip(story, story[1:]):
        if hasattr(flowable, "whole_within") and isinstance(following, NextPageTemplate):
            flowable.whole_within = state.frame_height
    return story


def _mark_table_caption(flowables: list[Flowable], caption: str, state: RenderState) -> None:
    """Give the first caption of a table block its entry for the list of tables; the
    document template notifies it where the table's first part is drawn."""
    for flowable in flowables:
        first = getattr(flowable, "first_caption", None)
        if first is not None:
            first.list_entry = ("TableEntry", caption, state.next_caption_key())
            return


def orient(state: RenderState, orientation: str) -> list[Flowable]:
    """The flowables that switch to ``orientation`` pages (none when already there)."""
    if state.orientation == orientation:
        return []
    state.orientation = orientation
    return [NextPageTemplate(orientation), PageBreak()]


