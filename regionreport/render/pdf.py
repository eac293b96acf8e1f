"""The PDF renderer: a document tree to a paginated, print-ready A4 PDF.

In: a ``Document``, a ``Theme`` (with its font files), the hyphenation exceptions file and the
charts already drawn (display lists keyed by chart key).
Out: PDF bytes written atomically to the output path: a cover without header or footer,
portrait pages and landscape pages (for wide tables) carrying the running title, the
organisation and the page as "n (N)"; Innehåll with page numbers; bookmarks matching the
headings; metadata (title, author, subject, language); subset-embedded TrueType fonts;
reproducible bytes (reportlab's invariant mode, fixed dates); the cover's logo; the entries
of the lists of tables and figures, each notified on the page where its table's first part or
its figure's caption is drawn, with a bookmark.
Two-sided print (``Meta.two_sided``): portrait pages have the inner margin on the binding
side (left on odd pages, right on even ones), the running heads are mirrored (the page number
outside), and the pages left blank so that a chapter or the contents starts on a right-hand
page carry no running header or footer: a left-hand page that begins with a
``RightHandStart`` (render/front_matter.py) is marked blank when it begins.

Page numbers of the TOC and the page total come from the previous multiBuild pass; the page
total is an indexing flowable, so it costs no pass beyond the TOC's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone
from pathlib import Path

from reportlab.lib import pagesizes
from reportlab.lib.pagesizes import landscape
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.tableofcontents import IndexingFlowable

from regionreport.files import atomic_path
from regionreport.document import Columns, Cover, Document
from regionreport.render import blocks, cards, columns, front_matter, pagination, results_table
from regionreport.render.blocks import HeadingParagraph
from regionreport.render.story import RenderState, to_flowables
from regionreport.render.tags import inline
from regionreport.render.tags.canvas import TaggingCanvas
from regionreport.render.tags.structure import write_structure
from regionreport.render.tags.tree import Tagger
from regionreport.render.fonts import register_fonts
from regionreport.render.hyphenation import SwedishHyphenator
from regionreport.render.styles import Styles, build_styles
from regionreport.config.theme import Theme

# importing the converter modules registers their converters
CONVERTER_MODULES = (blocks, cards, columns, front_matter, results_table)


class PageTotal(IndexingFlowable):
    """Invisible flowable that remembers the page count of the previous pass."""

    def __init__(self, doc: BaseDocTemplate):
        super().__init__()
        self.doc = doc
        self.total: int | None = None
        self._previous: int | None = None

    def isSatisfied(self) -> bool:
        return self.total is not None and self.total == self._previous

    def beforeBuild(self) -> None:
        self._previous = self.total

    def afterBuild(self) -> None:
        self.total = self.doc.page

    def hint(self) -> int | None:
        """The page total, as a hint for the next build (render/pagination)."""
        return self.total

    def seed(self, total) -> None:
        self.total = int(total) if total is not None else None

    def wrap(self, availWidth, availHeight):
        return (0, 0)

    def draw(self) -> None:
        pass


class ReportDocTemplate(BaseDocTemplate):
    """Page templates (cover, portrait, landscape), TOC entries and bookmarks."""

    def __init__(self, filename, document: Document, theme: Theme, styles: Styles, *,
                 tagged: bool = True, **kwargs):
        self.document = document
        self.theme = theme
        self.styles = styles
        meta = document.meta
        super().__init__(filename, pagesize=getattr(pagesizes, str(theme.page["size"])),
                         title=meta.title, author=meta.author, subject=meta.subject,
                         creator="regionreport", producer="regionreport (reportlab)",
                         lang=meta.language, invariant=1, displayDocTitle=1,
                         initialFontName=styles.fonts["regular"],
                         initialFontSize=theme.size("body_pt"), **kwargs)
        self.page_total = PageTotal(self)
        # tagged PDF (render/tags); without hints (render/pagination) the first pass of
        # multiBuild is never the last (its page total is not yet known), so it is drawn
        # untagged: ``tagger`` is None then
        self._tagger = Tagger() if tagged else None
        self.tagger: Tagger | None = None
        self._passes = 0
        self.hinted = False
        self.two_sided = meta.two_sided
        self.blank_pages: set[int] = set()     # left blank before a right-hand page
        self.broken_pages: set[int] = set()    # ... and broken there by a RightHandStart
        width, height = self.pagesize
        top, bottom = theme.length("margin_top_mm"), theme.length("margin_bottom_mm")
        inner, outer = theme.length("margin_inner_mm"), theme.length("margin_outer_mm")
        portrait = Frame(inner, bottom, width - inner - outer, height - top - bottom,
                         id="portrait", leftPadding=0, rightPadding=0, topPadding=0,
                         bottomPadding=0)
        margin = theme.length("landscape_margin_mm")
        wide_top = theme.length("landscape_margin_top_mm")
        wide_bottom = theme.length("landscape_margin_bottom_mm")
        wide_w, wide_h = landscape(self.pagesize)
        wide = Frame(margin, wide_bottom, wide_w - 2 * margin, wide_h - wide_top - wide_bottom,
                     id="landscape", leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)
        cover = Frame(inner, bottom, width - inner - outer, height - top - bottom, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self._margins = (inner, outer)
        templates = [
            PageTemplate("cover", [cover], onPage=self._draw_cover, pagesize=self.pagesize),
            PageTemplate("portrait", [portrait], onPage=self._draw_running,
                         pagesize=self.pagesize),
            PageTemplate("landscape", [wide], onPage=self._draw_running,
                         pagesize=landscape(self.pagesize)),
        ]
        first = document.blocks[0] if document.blocks else None
        if isinstance(first, Columns):       # a one-page handout: start on a landscape page
            templates = templates[2:] + templates[:2]
        elif not isinstance(first, Cover):
            templates = templates[1:] + templates[:1]   # no cover: start on a portrait page
        self.addPageTemplates(templates)
        self.portrait_width = portrait._width
        self.landscape_width = wide._width
        self.frame_height = portrait._height
        self.landscape_height = wide._height

    def handle_documentBegin(self) -> None:
        self.blank_pages = set()               # decided anew in every pass
        self.broken_pages = set()
        self._upcoming: list = []
        self._passes += 1
        self.tagger = self._tagger if self._passes > 1 or self.hinted else None
        if self.tagger is not None:
            self.tagger.reset()
        inline.install(self.canv)              # notes' and links' marks (render/tags/inline)
        super().handle_documentBegin()

    def handle_flowable(self, flowables) -> None:
        if flowables is not self._hanging:     # (reportlab's postponed page begins)
            self._upcoming = flowables         # the story still to place, for handle_pageBegin
        super().handle_flowable(flowables)

    def handle_pageBegin(self) -> None:
        """Two-sided: the portrait frame takes the inner margin on the binding side; a
        left-hand page that would begin with a right-hand start stays blank."""
        if self.two_sided:
            page = self.page + 1
            if page % 2 == 0 and self._upcoming \
                    and isinstance(self._upcoming[0], front_matter.RightHandStart):
                self.blank_pages.add(page)
            inner, outer = self._margins
            left = inner if page % 2 == 1 else outer
            for frame in self.pageTemplate.frames:
                if frame.id == "portrait":
                    frame._x1 = left
                    frame._geom()
        super().handle_pageBegin()

    def afterFlowable(self, flowable) -> None:
        entry = pagination.entry_of(flowable)
        if entry is None:
            return
        kind, level, text, key = entry
        self.notify(kind, (level, text, self.page, key))
        self.canv.bookmarkPage(key)
        if isinstance(flowable, HeadingParagraph):
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)

    def _draw_cover(self, canvas, doc) -> None:
        with self.tagger.artifact(canvas, "Layout") if self.tagger else nullcontext():
            self._paint_cover(canvas)

    def _paint_cover(self, canvas) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(self.styles.colour("cover_band"))
        bottom = self.theme.measure("cover", "band_bottom_fraction")
        canvas.rect(0, height * bottom, width, height * (1 - bottom), stroke=0, fill=1)
        canvas.restoreState()
        cover = self.document.blocks[0] if self.document.blocks else None
        if isinstance(cover, Cover) and cover.logo is not None:
            front_matter.draw_logo(canvas, cover.logo, self.theme)

    def _draw_running(self, canvas, doc) -> None:
        if doc.page in self.blank_pages:
            return                             # two-sided: left blank before a right-hand page
        with self.tagger.artifact(canvas, "Pagination") if self.tagger else nullcontext():
            self._paint_running(canvas, doc)

    def _paint_running(self, canvas, doc) -> None:
        theme, styles = self.theme, self.styles
        width, height = canvas._pagesize
        landscape_page = width > height
        left_page = self.two_sided and doc.page % 2 == 0
        inner, outer = self._margins
        if landscape_page:
            left = right_margin = theme.length("landscape_margin_mm")
        else:
            left, right_margin = (outer, inner) if left_page else (inner, outer)
        right = width - right_margin
        meta = self.document.meta
        size = theme.size("running_pt")
        header_y = height - theme.length("header_offset_mm")
        footer_y = theme.length("footer_offset_mm")
        total = self.page_total.total
        page_text = f"{doc.page} ({total if total is not None else doc.page})"
        canvas.saveState()
        canvas.setFillColor(styles.colour("muted"))
        canvas.setStrokeColor(styles.colour("rule"))
        canvas.setLineWidth(theme.measure("running", "rule_width_pt"))
        canvas.setFont(styles.fonts["regular"], size)
        outside, inside = ((canvas.drawString, canvas.drawRightString) if left_page
                           else (canvas.drawRightString, canvas.drawString))
        inside(left if not left_page else right, header_y, meta.running_title)
        outside(right if not left_page else left, header_y, meta.region)
        header_rule = header_y - theme.measure("running", "header_rule_below_pt")
        footer_rule = footer_y + size + theme.measure("running", "footer_rule_gap_pt")
        canvas.line(left, header_rule, right, header_rule)
        canvas.line(left, footer_rule, right, footer_rule)
        inside(left if not left_page else right, footer_y, meta.organisation)
        canvas.setFont(styles.fonts["bold"], size)
        outside(right if not left_page else left, footer_y, page_text)   # the page number outside
        canvas.restoreState()


def render_pdf(document: Document, output: Path, *, theme: Theme,
               hyphenation_file: Path | None, charts: dict,
               draw_chart: Callable | None = None, tagged: bool = True,
               hints: dict | None = None) -> int:
    """Write the PDF atomically; returns the number of pages. ``charts``: the display lists
    of the document's charts by key; ``draw_chart``: draws a spec that is not among them (a
    pair's compact size, drawn only where it is printed); ``tagged`` False leaves the
    structure out (for measuring what tagging costs); ``hints``: the page numbers of an
    earlier build of this output (render/pagination), read and then replaced by this
    build's, so that a rebuild whose pages did not move takes one pass."""
    fonts = register_fonts(theme)
    hyphenator = SwedishHyphenator(str(theme.text["hyphenation"]), hyphenation_file,
                                   unbreakable=_place_names(document),
                                   min_tail=int(theme.text["hyphenation_min_tail"]))
    styles = build_styles(theme, fonts, hyphenator)
    with atomic_path(output) as temporary, _dated(document.meta.date):
        template = ReportDocTemplate(str(temporary), document, theme, styles, tagged=tagged)
        state = RenderState(styles=styles, portrait_width=template.portrait_width,
                            landscape_width=template.landscape_width,
                            frame_height=template.frame_height,
                            landscape_height=template.landscape_height, charts=charts,
                            draw_chart=draw_chart,
                            orientation="landscape" if template.pageTemplates[0].id
                            == "landscape" else "portrait",
                            two_sided=document.meta.two_sided)
        story = [template.page_total] + to_flowables(document.blocks, state)
        indexing = [flowable for flowable in story if flowable.isIndexing()]
        template.hinted = pagination.seed(indexing, hints)
        if not template.hinted:                # a first build: the contents at full length
            pagination.seed(indexing, pagination.expected(story))
        template.multiBuild(story, canvasmaker=TaggingCanvas)
        if hints is not None:
            hints.clear()
            hints.update(pagination.collect(indexing))
        pages = template.page_total.total or template.page
        if tagged:
            if template.tagger is None:        # (cannot happen: see ReportDocTemplate)
                raise RuntimeError("the document was drawn in one pass, untagged")
            write_structure(temporary, template.tagger, title=document.meta.title,
                            language=document.meta.language)
    return pages


def _place_names(document: Document) -> list[str]:
    """The names that are never hyphenated: every kommun, län and stadsdel of the registry
    and the document's region."""
    from regionreport.model.registry import load_registry

    names = [unit.name for unit in load_registry().units()]
    return names + [document.meta.region]


@contextmanager
def _dated(date_text: str):
    """Give the PDF the report's date (YYYY-MM-DD, noon UTC) as its creation date through
    SOURCE_DATE_EPOCH, which reportlab reads for reproducible builds; an unparseable date
    leaves reportlab's fixed invariant date. The variable is restored afterwards."""
    try:
        moment = datetime.strptime(date_text.strip(), "%Y-%m-%d").replace(
            hour=12, tzinfo=timezone.utc)
    except ValueError:
        yield
        return
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
