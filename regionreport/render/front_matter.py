"""The front matter on pages: the cover's logo, the colophon page, the lists of tables and
figures, and the start of a right-hand page in two-sided print.

In: ``Cover.logo``, ``Colophon`` and ``ListOfCaptions`` blocks of the document tree, the
``RenderState`` and the theme's ``[cover]`` and ``[contents]`` tables.
Out: ``draw_logo`` (the logo drawn on the cover's canvas at the theme's place and size: PNG
and JPEG as an image, SVG through svglib as vector drawing), converters for the colophon (its
labelled texts as a two-column table at the foot of the page) and the lists (``LeaderList``s
of the captions the document template notifies), and ``RightHandStart``, which in two-sided
print leaves a left-hand page blank when the flowable after it would start there.
"""

from __future__ import annotations

from reportlab.platypus import (Flowable, PageBreak, Spacer, Table, TableStyle)
from reportlab.platypus.flowables import TopPadder

from regionreport import document as doc
from regionreport.render import markup
from regionreport.render.contents import LeaderList
from regionreport.render.tags.paragraphs import TaggedParagraph, TextParagraph
from regionreport.render.tags.tables import CardTags
from regionreport.render.story import RenderState, converts, orient

ENTRY_KINDS = {"tables": "TableEntry", "figures": "FigureEntry"}


def logo_box(logo: doc.Image, theme) -> tuple[float, float, float, float]:
    """The logo's lower left corner and size in points: ``logo_width_mm`` wide, smaller when
    it would be higher than ``logo_max_height_mm``, at ``logo_x_mm``, ``logo_y_mm``."""
    measure = theme.measure
    width = measure("cover", "logo_width_mm")
    height = width * logo.height_px / logo.width_px
    limit = measure("cover", "logo_max_height_mm")
    if height > limit:
        width, height = width * limit / height, limit
    return measure("cover", "logo_x_mm"), measure("cover", "logo_y_mm"), width, height


def draw_logo(canvas, logo: doc.Image, theme) -> None:
    """Draw the logo on the cover page."""
    x, y, width, height = logo_box(logo, theme)
    if logo.path.lower().endswith(".svg"):
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(logo.path)
        scale = width / drawing.width
        drawing.scale(scale, height / drawing.height)
        drawing.width, drawing.height = width, height
        renderPDF.draw(drawing, canvas, x, y)
    else:
        canvas.drawImage(logo.path, x, y, width=width, height=height, mask="auto")


class RightHandStart(Flowable):
    """In two-sided print, the next flowable starts a right-hand (odd) page: the document
    template marks a left-hand page that begins with this flowable blank (no running header
    or footer), and here that page is broken, once. Anywhere else it does nothing."""

    def wrap(self, availWidth, availHeight):
        doc_template = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc_template, "frame", None)
        if frame is not None and doc_template.page in doc_template.blank_pages \
                and frame._atTop and doc_template.page not in doc_template.broken_pages:
            doc_template.broken_pages.add(doc_template.page)
            frame.add_generated_content(PageBreak())
        return 0, 0

    def draw(self) -> None:
        pass


@converts(doc.Colophon)
def _colophon(block: doc.Colophon, state: RenderState) -> list[Flowable]:
    styles = state.styles
    label_width = styles.theme.measure("contents", "colophon_label_mm")
    rows = [[TextParagraph(markup.text(label), styles["colophon_label"]),
             TextParagraph(markup.text(text), styles["colophon"])] for label, text in block.entries]
    parts: list[Flowable] = []
    if block.note:
        parts.append(TaggedParagraph(markup.text(block.note), styles["colophon"]))
    if rows:
        tags = CardTags(state.next_table_id(), title_row=False)
        table = Table(rows, colWidths=[label_width, state.portrait_width - label_width],
                      hAlign="LEFT", renderCB=tags.render_callback(0, False))
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.fonts["regular"]),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        if parts:
            parts.append(Spacer(1, styles["colophon"].leading))
        parts.append(table)
    return orient(state, "portrait") + [TopPadder(_Stack(parts))]


class _Stack(Flowable):
    """Flowables drawn one under the other as one block (what ``TopPadder`` pushes down)."""

    def __init__(self, parts: list[Flowable]):
        super().__init__()
        self.parts = parts

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, 0.0
        self._heights = [part.wrap(availWidth, availHeight)[1] for part in self.parts]
        self.height = sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, height in zip(self.parts, self._heights):
            y -= height
            part.drawOn(self.canv, 0, y)


@converts(doc.ListOfCaptions)
def _list_of_captions(block: doc.ListOfCaptions, state: RenderState) -> list[Flowable]:
    styles = state.styles
    look = styles.theme.contents
    story = orient(state, "portrait")
    if block.follows_contents:
        story.append(Spacer(1, float(look["lists_space_before_pt"])))
    title = styles["contents_title"] if block.what == "tables" else styles["list_title"]
    story.append(LeaderList(ENTRY_KINDS[block.what], [styles["list_entry"]], look,
                            entry_space=float(look["entry_space_pt"]),
                            title=TaggedParagraph(markup.text(block.heading), title)))
    return story
