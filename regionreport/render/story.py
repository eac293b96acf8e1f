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
    draw_chart: Callable | None = None   # draws a chart spec not in ``charts`` (compact sizes)
    orientation: str = "portrait"
    text_orientation: str = "portrait"   # text blocks follow a wide table's page (a lead-in)
    two_sided: bool = False        # chapters and the contents start right-hand pages
    captions: int = 0              # captions given a bookmark key so far
    tables: int = 0                # tables given a structure id so far

    def next_caption_key(self) -> str:
        """A unique bookmark key for the next table or figure caption."""
        self.captions += 1
        return f"caption-{self.captions}"

    def next_table_id(self) -> str:
        """A unique id for the next table's structure elements (tagged PDF)."""
        self.tables += 1
        return f"t{self.tables}"

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
    otherwise empty page. A short lead-in (``landscape_leads``) goes onto the landscape page
    of the wide table it introduces instead of a portrait page of its own."""
    story: list[Flowable] = []
    leads = landscape_leads(blocks, int(state.styles.theme.spacing.get(
        "landscape_lead_chars", 0)))
    for index, block in enumerate(blocks):
        state.text_orientation = "landscape" if index in leads else "portrait"
        converted = CONVERTERS[type(block)](block, state)
        if isinstance(block, doc.Table) and block.caption:
            _mark_table_caption(converted, block.caption, state)
        story.extend(converted)
    state.text_orientation = "portrait"
    for flowable, following in zip(story, story[1:]):
        if hasattr(flowable, "whole_within") and isinstance(following, NextPageTemplate):
            flowable.whole_within = state.frame_height
    return story


def landscape_leads(blocks, most_chars: int) -> set[int]:
    """Indices of the text blocks that lead into a wide table: the heading (level 2–4) right
    before it and the paragraphs and lists between them, when they hold at most
    ``most_chars`` characters (a short introduction, not a chapter of prose)."""
    leads: set[int] = set()
    for index, block in enumerate(blocks):
        if not (isinstance(block, doc.Table) and block.wide):
            continue
        run, chars = [], 0
        for back in range(index - 1, -1, -1):
            previous = blocks[back]
            if isinstance(previous, doc.Heading):
                if previous.level > 1:
                    run.append(back)
                    chars += len(previous.text)
                break
            if not isinstance(previous, (doc.Paragraph, doc.BulletList, doc.NumberedList)):
                run = []
                break
            run.append(back)
            chars += _text_length(previous)
        if run and isinstance(blocks[run[-1]], doc.Heading) and chars <= most_chars:
            leads.update(run)
    return leads


def _text_length(block) -> int:
    paragraphs = block.items if hasattr(block, "items") else (block,)
    return sum(len(span.text) for p in paragraphs for span in p.spans)


def _mark_table_caption(flowables: list[Flowable], caption: str, state: RenderState) -> None:
    """Give the first caption of a table block its entry for the list of tables; the
    document template notifies it where the table's first part is drawn."""
    for flowable in flowables:
        first = getattr(flowable, "first_caption", None)
        if first is not None:
            first.list_entry = ("TableEntry", caption, state.next_caption_key())
            return


def orient(state: RenderState, orientation: str) -> list[Flowable]:
    """The flowables that switch to ``orientation`` pages (none when already there); text
    that leads into a wide table asks for portrait pages and gets the table's."""
    if orientation == "portrait" and state.text_orientation == "landscape":
        orientation = "landscape"
    if state.orientation == orientation:
        return []
    state.orientation = orientation
    return [NextPageTemplate(orientation), PageBreak()]


