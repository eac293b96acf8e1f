"""Text blocks to reportlab flowables: cover, contents, headings, paragraphs, lists, notes,
images, charts, page breaks and blocks kept together.

In: those blocks of the document tree and the ``RenderState``.
Out: platypus flowables, one converter per block type (``@converts``). Headings carry their
TOC entry and bookmark key for the document template (``HeadingParagraph``); the contents is
a ``LeaderList`` of those entries (render/contents.py: even dot leaders); in two-sided print
the contents and every chapter (level-1 heading) that starts a page start a right-hand page;
a chart's caption carries its entry for the list of figures (``list_entry``); the references
are plain paragraphs with a hanging indent whose URLs break after "/" and "." only
(render/urls.py); charts are
replayed from their drawn display lists; blocks kept together stay on one page when they fit;
blocks kept together inside blocks kept together are measured by their content, and a bar
chart kept with its series chart is drawn closer where at full size it would leave a page
less than half full (render/keep.py); an image is printed at the size its file states, made smaller to fit the text width and the
theme's share of the text height, and keeps its alt text (``ProseImage.alt_text``).
"""

from __future__ import annotations

import functools

from reportlab.platypus import (CondPageBreak, Flowable, Image, KeepTogether,
                                NextPageTemplate, PageBreak, Paragraph, Spacer)

from regionreport import document as doc
from regionreport.charts.spec import chart_key
from regionreport.errors import InputError
from regionreport.render import markup, urls  # noqa: F401  (urls: where URLs may break)
from regionreport.render.chart_flowable import ChartFlowable
from regionreport.render.keep import CompactPair, KeepWhole, has_compact
from regionreport.render.contents import LeaderList
from regionreport.render.front_matter import RightHandStart
from regionreport.render.story import RenderState, converts, orient, to_flowables
from regionreport.render.tags.paragraphs import ListItemParagraph, TaggedParagraph
from regionreport.render.tags.tree import Element


class HeadingParagraph(TaggedParagraph):
    """A heading that the document template turns into a TOC entry and a bookmark, tagged
    H1–H4 by its level in the document tree."""

    def __init__(self, text, style, *args, heading: doc.Heading | None = None, **kwargs):
        if heading is not None:
            label = f"{heading.number}\u2002{heading.text}" if heading.number else heading.text
            text = markup.text(label)
            self.toc_entry = (heading.level, label, heading.key)
            kwargs.setdefault("role", f"H{heading.level}")
        super().__init__(text, style, *args, **kwargs)


class ProseImage(Image):
    """An image of the prose with its alt text (what the image shows, for tagging)."""

    def __init__(self, block: doc.Image, width: float, height: float):
        super().__init__(block.path, width=width, height=height)
        self.alt_text = block.alt


@converts(doc.Cover)
def _cover(block: doc.Cover, state: RenderState) -> list[Flowable]:
    styles = state.styles
    space = functools.partial(styles.theme.measure, "cover")
    story: list[Flowable] = [NextPageTemplate("cover"), Spacer(1, space("space_above_title_mm")),
                             TaggedParagraph(markup.text(block.title).replace(" – ", " –<br/>", 1),
                                       styles["cover_title"]),
                             Spacer(1, space("space_below_title_mm")),
                             TaggedParagraph(markup.text(block.subtitle), styles["cover_subtitle"]),
                             Spacer(1, space("space_below_subtitle_mm"))]
    story += [TaggedParagraph(markup.text(line), styles["cover_line"]) for line in block.lines]
    if block.note:
        story += [Spacer(1, space("space_above_note_mm")),
                  TaggedParagraph(markup.text(block.note), styles["cover_note"])]
    story.append(NextPageTemplate("portrait"))
    return story


@converts(doc.Contents)
def _contents(block: doc.Contents, state: RenderState) -> list[Flowable]:
    styles = state.styles
    toc = LeaderList("TOCEntry", [styles[f"toc{level}"] for level in range(1, 5)],
                     styles.theme.contents)
    story: list[Flowable] = [RightHandStart()] if state.two_sided else []
    return story + [TaggedParagraph(markup.text(block.heading), styles["contents_title"]), toc]


@converts(doc.PageBreak)
def _page_break(block: doc.PageBreak, state: RenderState) -> list[Flowable]:
    flips = orient(state, block.orientation)
    return flips or [PageBreak()]


@converts(doc.Heading)
def _heading(block: doc.Heading, state: RenderState) -> list[Flowable]:
    story = orient(state, "portrait")
    if block.level == 1 and not story:
        room = state.styles.theme.measure("spacing", "h1_min_room_fraction")
        story.append(CondPageBreak(state.frame_height * room))
    if block.level == 1 and state.two_sided:
        story.append(RightHandStart())
    story.append(HeadingParagraph(None, state.styles[f"h{block.level}"], heading=block))
    return story


def _paragraph(block: doc.Paragraph, state: RenderState) -> Paragraph:
    styles = state.styles
    text = markup.spans(block.spans, styles.theme.colour("link"))
    style = styles[block.style if block.style in styles.named else "body"]
    return TaggedParagraph(text, style, role=f"H{block.heading_level}" if block.heading_level
                           else "P")


@converts(doc.Paragraph)
def _paragraph_block(block: doc.Paragraph, state: RenderState) -> list[Flowable]:
    return orient(state, "portrait") + [_paragraph(block, state)]


def _list(items, marks, state: RenderState) -> list[Flowable]:
    """A list's paragraphs, each with its mark ("•", "1.", ...), and the space after it."""
    story = orient(state, "portrait")
    styles = state.styles
    structure = Element("L")
    for item, mark in zip(items, marks):
        text = markup.spans(item.spans, styles.theme.colour("link"))
        paragraph = ListItemParagraph(
            text, styles[item.style if item.style in styles.named else "body"],
            item=Element("LI", parent=structure))
        paragraph.bulletText = mark
        story.append(paragraph)
    story.append(Spacer(1, state.styles.theme.measure("spacing", "list_space_after_pt")))
    return story


@converts(doc.BulletList)
def _bullets(block: doc.BulletList, state: RenderState) -> list[Flowable]:
    return _list(block.items, ["•"] * len(block.items), state)


@converts(doc.NumberedList)
def _numbered(block: doc.NumberedList, state: RenderState) -> list[Flowable]:
    marks = [f"{number}{block.delimiter}"
             for number in range(block.start, block.start + len(block.items))]
    return _list(block.items, marks, state)


@converts(doc.Image)
def _image(block: doc.Image, state: RenderState) -> list[Flowable]:
    story = orient(state, "portrait")
    look = state.styles.theme.images
    dpi_x, dpi_y = block.dpi or (float(look["default_dpi"]),) * 2
    width, height = block.width_px * 72.0 / dpi_x, block.height_px * 72.0 / dpi_y
    scale = min(1.0, state.width / width,
                state.frame_height * float(look["max_height_fraction"]) / height)
    image = ProseImage(block, width * scale, height * scale)
    image.hAlign = str(look["alignment"]).upper()
    image.spaceBefore = float(look["space_before_pt"])
    image.spaceAfter = float(look["space_after_pt"])
    return story + [image]


@converts(doc.Notes)
def _notes(block: doc.Notes, state: RenderState) -> list[Flowable]:
    styles = state.styles
    story = [TaggedParagraph(markup.text(block.heading), styles["notes_heading"])]
    for number, paragraph in block.items:
        text = f"{number}\u2002" + markup.spans(paragraph.spans, styles.theme.colour("link"))
        story.append(TaggedParagraph(text, styles["note"], element=Element(
            "Note", attributes={"ID": f"note-{number}"})))
    return [KeepTogether(story), Spacer(1, styles.theme.measure("spacing",
                                                                "notes_space_after_pt"))]


@converts(doc.Chart)
def _chart(block: doc.Chart, state: RenderState) -> list[Flowable]:
    display_list = state.charts[chart_key(block.spec)]
    chart = ChartFlowable(display_list, state.styles.fonts)
    chart.compact_spec = block.compact
    if not block.alt.strip():
        raise InputError(f"the chart {block.spec.title!r} has no alternative text, so the "
                         "tagged PDF could not be read aloud",
                         fix="give every [chart_alt] text of the labels file a sentence")
    chart.element = Element("Figure", attributes={"Alt": block.alt})
    story: list[Flowable] = [chart]
    if block.caption:
        caption = TaggedParagraph(markup.text(block.caption), state.styles["table_note"],
                                  role="Caption")
        caption.list_entry = ("FigureEntry", block.caption, state.next_caption_key())
        story.append(caption)
    return story


@converts(doc.KeepTogether)
def _keep(block: doc.KeepTogether, state: RenderState) -> list[Flowable]:
    inner = orient(state, "portrait")
    flowables = to_flowables(block.blocks, state)
    kept = CompactPair(flowables, state.draw_chart) \
        if state.draw_chart is not None and has_compact(flowables) else KeepWhole(flowables)
    return inner + [kept,
                    Spacer(1, state.styles.theme.measure("spacing", "kept_space_after_mm"))]
