"""The contents and the lists of tables and figures: entries with even dot leaders.

In: the kind of entry a list collects ("TOCEntry" for headings, "TableEntry", "FigureEntry"
for captions), notified by the document template as ``(level, text, page, key)`` while the
pages are laid out; the paragraph style of each level; the theme's ``[contents]`` lengths.
Out: ``LeaderList``, an indexing flowable that shows the entries of the previous pass (the
document is built until two passes agree), each a ``LeaderEntry``: its text wrapped beside a
right-aligned page-number column, dots on its last line from after the text to before the
number at a fixed pitch counted from the text area's left edge, so that the dots of all
lines stand in the same columns, and a link to the entry's bookmark.
reportlab's own TableOfContents is not used: its leaders are spaced per line and uneven.
"""

from __future__ import annotations

from contextlib import nullcontext

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.tableofcontents import IndexingFlowable

from regionreport.render import markup
from regionreport.render.tags.paragraphs import TextParagraph, tagger_of
from regionreport.render.tags.tree import Element


class LeaderEntry(Flowable):
    """One entry: text, dot leaders, page number; a link over the whole entry."""

    def __init__(self, text: str, page: int, key: str | None, style: ParagraphStyle,
                 look: dict, space_before: float = 0.0, toc: Element | None = None):
        super().__init__()
        self.item = Element("TOCI", parent=toc)          # tagged: TOCI > Link
        self.link = Element("Link", parent=self.item, attributes={"Alt": text})
        self.text = text
        self.paragraph = TextParagraph(markup.text(text), style)
        self.number = str(page)
        self.key = key
        self.style = style
        self.pitch = float(look["leader_pitch_pt"])
        self.gap = float(look["leader_gap_pt"])
        self.number_width = float(look["page_number_width_pt"])
        self.space_before = space_before + style.spaceBefore

    def getSpaceBefore(self) -> float:
        return self.space_before

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        _, self.height = self.paragraph.wrap(availWidth - self.number_width, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []                  # an entry moves on whole

    def _last_line(self) -> tuple[float, float]:
        """Where the text's last line ends (x) and its baseline (y), in the entry's
        coordinates."""
        style, para = self.style, self.paragraph
        lines = para.blPara.lines
        last = lines[-1]
        extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
        first = style.firstLineIndent if len(lines) == 1 else 0.0
        line_width = self.width - self.number_width - style.leftIndent - style.rightIndent - first
        end = style.leftIndent + first + line_width - extra
        # the first baseline as reportlab's Paragraph.drawPara places it
        top = para.blPara if para.blPara.kind == 0 else lines[0]
        first_size = top.fontSize if rl_config.paraFontSizeHeightOffset \
            else getattr(top, "ascent", top.fontSize)
        baseline = self.height - first_size - (len(lines) - 1) * style.leading
        return end, baseline

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None:
            self._draw(None)
            return
        with tagger.marked(self.canv, self.link):
            self._draw(tagger)

    def _draw(self, tagger) -> None:
        """The text, the dots (an artifact), the page number and the link over the entry."""
        canvas, style = self.canv, self.style
        self.paragraph.drawOn(canvas, 0, 0)
        end, baseline = self._last_line()
        font, size = style.fontName, style.fontSize
        number_x = self.width - stringWidth(self.number, font, size)
        dot = stringWidth(".", font, size)
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        column = int((end + self.gap) // self.pitch) + 1   # the first dot column after the text
        stop = number_x - self.gap
        dots = canvas.beginText()
        dots.setFont(font, size)
        while column * self.pitch + dot <= stop:
            dots.setTextOrigin(column * self.pitch, baseline)
            dots.textOut(".")
            column += 1
        if tagger is not None:
            tagger.end(canvas)                     # the entry's text ends ...
            with tagger.artifact(canvas, "Layout"):
                canvas.drawText(dots)              # ... the dots are layout ...
            tagger.begin_marked(canvas, self.link)  # ... the page number goes on
        else:
            canvas.drawText(dots)
        canvas.setFont(font, size)
        canvas.drawString(number_x, baseline, self.number)     # after the dots: reading order
        canvas.restoreState()
        if self.key:
            with canvas.tagged_link() if tagger is not None else nullcontext():
                canvas.linkRect(self.text, self.key, (0, 0, self.width, self.height),
                                relative=1)
            if tagger is not None:
                tagger.link(canvas, self.text, self.link)


class LeaderList(IndexingFlowable):
    """The entries notified under ``kind`` in the previous pass, as ``LeaderEntry`` lines
    (``styles``: the paragraph style of each level, from 0), under an optional ``title``:
    split over pages, the title goes with the first entry (its style's keep_with_next), not
    with the whole list."""

    def __init__(self, kind: str, styles: list[ParagraphStyle], look: dict,
                 entry_space: float = 0.0, title: Paragraph | None = None):
        super().__init__()
        self.title = title
        self.toc = Element("TOC")                        # tagged: TOC > TOCI > Link
        self.kind = kind
        self.styles = styles
        self.look = look
        self.entry_space = entry_space
        self._entries: list[tuple] = []      # this pass
        self._shown: list[tuple] = []        # the previous pass: what is drawn
        self._lines: list[LeaderEntry] = []

    # -- indexing ------------------------------------------------------------------------
    def notify(self, kind, stuff) -> None:
        if kind == self.kind:
            self._entries.append(tuple(stuff))

    def beforeBuild(self) -> None:
        self._shown, self._entries = self._entries, []

    def isSatisfied(self) -> bool:
        return self._entries == self._shown

    def hint(self) -> list[tuple]:
        """The entries of the last pass, as a hint for the next build (render/pagination)."""
        return list(self._entries)

    def seed(self, entries) -> None:
        self._entries = [tuple(entry) for entry in entries]

    # -- layout --------------------------------------------------------------------------
    def _make_lines(self) -> list[LeaderEntry]:
        lines = []
        for level, text, page, *key in self._shown:
            style = self.styles[min(level, len(self.styles) - 1)]
            lines.append(LeaderEntry(text, page, key[0] if key else None, style, self.look,
                                     self.entry_space, toc=self.toc))
        return lines

    def _parts(self) -> list[Flowable]:
        return ([self.title] if self.title is not None else []) + self._lines

    def getSpaceBefore(self) -> float:
        return self.title.style.spaceBefore if self.title is not None else 0.0

    def wrap(self, availWidth, availHeight):
        self._lines = self._make_lines()
        self.width = availWidth
        self.height = 0.0
        self._heights = []
        for index, part in enumerate(self._parts()):
            height = part.wrap(availWidth, availHeight)[1]
            gap = 0.0 if index == 0 else part.getSpaceBefore()
            if index == 1 and self.title is not None:
                gap = max(gap, self.title.style.spaceAfter)
            self._heights.append((gap, height))
            self.height += gap + height
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """The title and the entries as flowables of their own; nothing (the list moves on to
        the next page) where the title and the first entry do not fit here."""
        self.wrap(availWidth, availHeight)
        if sum(gap + height for gap, height in self._heights[:2]) > availHeight:
            return []
        return ([self.title] if self.title is not None else []) + self._make_lines()

    def draw(self) -> None:
        y = self.height
        for part, (gap, height) in zip(self._parts(), self._heights):
            y -= gap + height
            part.drawOn(self.canv, 0, y)
