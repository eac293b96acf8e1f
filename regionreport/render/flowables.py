"""Document blocks to reportlab flowables.

In: blocks of the document tree, the ``Styles``, the frame widths (portrait, landscape) and
the charts already drawn (display lists keyed by ``chart_key``).
Out: lists of platypus flowables. One converter per block type, registered with
``@converts(BlockType)``. Headings carry their TOC entry and bookmark key for the document
template; wide tables are put on landscape pages; cards and charts are kept on one page when
they fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (CondPageBreak, Flowable, KeepTogether, NextPageTemplate,
                                PageBreak, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from regionreport import document as doc
from regionreport.charts.spec import chart_key
from regionreport.render import markup
from regionreport.render.chart_flowable import ChartFlowable
from regionreport.render.styles import Styles
from regionreport.render.table_block import TableBlock, TableSource
from regionreport.config.theme import mm


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
CONVERTERS: dict[type, Converter] = {}


def converts(block_type: type) -> Callable[[Converter], Converter]:
    def register(function: Converter) -> Converter:
        if block_type in CONVERTERS:
            raise ValueError(f"{block_type.__name__} has two converters")
        CONVERTERS[block_type] = function
        return function
    return register


def to_flowables(blocks, state: RenderState) -> list[Flowable]:
    """All blocks in order."""
    story: list[Flowable] = []
    for block in blocks:
        story.extend(CONVERTERS[type(block)](block, state))
    for flowable, following in zip(story, story[1:]):
        if isinstance(flowable, CardFlowable) and isinstance(following, NextPageTemplate):
            # the last card before a landscape table: splitting it would leave its last rows
            # alone on an otherwise empty page, so it moves on whole (when it fits a page)
            flowable.whole_within = state.frame_height
    return story


class HeadingParagraph(Paragraph):
    """A heading that the document template turns into a TOC entry and a bookmark."""

    def __init__(self, heading: doc.Heading, style):
        label = f"{heading.number}\u2002{heading.text}" if heading.number else heading.text
        super().__init__(markup.text(label), style)
        self.toc_entry = (heading.level, label, heading.key)


def _orient(state: RenderState, orientation: str) -> list[Flowable]:
    if state.orientation == orientation:
        return []
    state.orientation = orientation
    return [NextPageTemplate(orientation), PageBreak()]


@converts(doc.Cover)
def _cover(block: doc.Cover, state: RenderState) -> list[Flowable]:
    styles = state.styles
    story: list[Flowable] = [NextPageTemplate("cover"), Spacer(1, mm(52)),
                             Paragraph(markup.text(block.title).replace(" – ", " –<br/>", 1),
                                       styles["cover_title"]),
                             Spacer(1, mm(6)),
                             Paragraph(markup.text(block.subtitle), styles["cover_subtitle"]),
                             Spacer(1, mm(70))]
    story += [Paragraph(markup.text(line), styles["cover_line"]) for line in block.lines]
    if block.note:
        story += [Spacer(1, mm(8)), Paragraph(markup.text(block.note), styles["cover_note"])]
    story.append(NextPageTemplate("portrait"))
    return story


@converts(doc.Contents)
def _contents(block: doc.Contents, state: RenderState) -> list[Flowable]:
    toc = TableOfContents(dotsMinLevel=0, tableStyle=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), state.styles.fonts["regular"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    toc.levelStyles = [state.styles[f"toc{level}"] for level in range(1, 5)]
    return [Paragraph(markup.text(block.heading), state.styles["contents_title"]), toc]


@converts(doc.PageBreak)
def _page_break(block: doc.PageBreak, state: RenderState) -> list[Flowable]:
    flips = _orient(state, block.orientation)
    return flips or [PageBreak()]


@converts(doc.Heading)
def _heading(block: doc.Heading, state: RenderState) -> list[Flowable]:
    story = _orient(state, "portrait")
    if block.level == 1 and not story:
        story.append(CondPageBreak(state.frame_height * 0.35))
    story.append(HeadingParagraph(block, state.styles[f"h{block.level}"]))
    return story


def _paragraph(block: doc.Paragraph, state: RenderState) -> Paragraph:
    styles = state.styles
    text = markup.spans(block.spans, styles.theme.colour("link"))
    return Paragraph(text, styles[block.style if block.style in styles.named else "body"])


@converts(doc.Paragraph)
def _paragraph_block(block: doc.Paragraph, state: RenderState) -> list[Flowable]:
    return _orient(state, "portrait") + [_paragraph(block, state)]


@converts(doc.BulletList)
def _bullets(block: doc.BulletList, state: RenderState) -> list[Flowable]:
    story = _orient(state, "portrait")
    for item in block.items:
        paragraph = _paragraph(item, state)
        paragraph.bulletText = "•"
        story.append(paragraph)
    story.append(Spacer(1, 4))
    return story


@converts(doc.Notes)
def _notes(block: doc.Notes, state: RenderState) -> list[Flowable]:
    styles = state.styles
    story = [Paragraph(markup.text(block.heading), styles["notes_heading"])]
    for number, paragraph in block.items:
        text = f"{number}\u2002" + markup.spans(paragraph.spans, styles.theme.colour("link"))
        story.append(Paragraph(text, styles["note"]))
    return [KeepTogether(story), Spacer(1, 6)]


@converts(doc.IndicatorCard)
def _card(block: doc.IndicatorCard, state: RenderState) -> list[Flowable]:
    styles = state.styles
    link = styles.theme.colour("link")
    rows = []
    for field in block.fields:
        values = []
        for index, text in enumerate(field.paragraphs, start=1):
            prefix = f"{index}. " if field.numbered else ""
            values.append(Paragraph(prefix + markup.spans((doc.Span(text),), link),
                                    styles["card_paragraph" if len(field.paragraphs) > 1
                                           else "card"]))
        rows.append([Paragraph(markup.text(field.label), styles["card_label"]), values])
    card = CardFlowable(block.title, rows, styles, state.portrait_width)
    return _orient(state, "portrait") + [card]


class CardFlowable(Flowable):
    """An indicator card: a boxed two-column table under its title row. It stays on one page
    when it fits; otherwise it splits only where at least ``MIN_ROWS`` rows stay on each side
    (keeping rows back for the next page rather than leaving a half-empty page), and the
    continuation repeats the title with "(forts.)"."""

    MIN_ROWS = 4
    SPACE_BEFORE_MM = 5

    def __init__(self, title: str, rows: list, styles: Styles, width: float,
                 continued: bool = False):
        super().__init__()
        self.title, self.rows, self.styles, self.full_width = title, rows, styles, width
        self.continued = continued
        self.table = self._table(rows)
        self.whole_within: float | None = None   # not split if it fits this height

    def _table(self, rows: list) -> Table:
        styles = self.styles
        title = self.title + (" " + str(styles.theme.text["continued"])
                              if self.continued else "")
        data = [[Paragraph(markup.text(title), styles["card_title"]), ""]] + rows
        label_width = mm(34)
        table = Table(data, colWidths=[label_width, self.full_width - label_width],
                      hAlign="LEFT")
        table.setStyle(card_style(styles))
        return table

    def getSpaceBefore(self) -> float:
        return mm(self.SPACE_BEFORE_MM)

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.table.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self.whole_within is not None and \
                self.table.wrap(availWidth, self.whole_within)[1] <= self.whole_within:
            return []
        parts = self.table.split(availWidth, availHeight)
        if len(parts) < 2:
            return []
        first_rows = len(parts[0]._cellvalues) - 1   # rows below the title that fit here
        first_rows = min(first_rows, len(self.rows) - self.MIN_ROWS)  # leave enough to carry on
        if first_rows < self.MIN_ROWS:
            return []                                   # move the whole card on
        return [CardFlowable(self.title, self.rows[:first_rows], self.styles, self.full_width,
                             self.continued),
                CardFlowable(self.title, self.rows[first_rows:], self.styles, self.full_width,
                             continued=True)]

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)


def card_style(styles: Styles) -> TableStyle:
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts["regular"]),
        ("SPAN", (0, 0), (-1, 0)),
        ("BOX", (0, 0), (-1, -1), 0.6, styles.colour("card_border")),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, styles.colour("card_border")),
        ("BACKGROUND", (0, 1), (0, -1), styles.colour("card_label_fill")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ])


_ROW_FILLS = {"region": "region_row_fill", "comparison": "comparison_row_fill",
              "riket": "riket_row_fill"}


@converts(doc.Table)
def _table(block: doc.Table, state: RenderState) -> list[Flowable]:
    styles = state.styles
    story = _orient(state, "landscape" if block.wide else "portrait")
    widths = _column_widths(block.column_widths_mm, _single_column_weights(block),
                            state.width, mm(float(styles.theme.tables["max_value_column_mm"])))
    columns = len(widths)
    markers = styles.theme.markers
    data, commands = [], []
    header_rows = 0
    if block.legend:
        data.append([_legend(block.legend, styles, sum(widths))] + [""] * (columns - 1))
        commands += [("SPAN", (0, 0), (-1, 0)), ("TOPPADDING", (0, 0), (-1, 0), 1),
                     ("BOTTOMPADDING", (0, 0), (-1, 0), 5), ("LEFTPADDING", (0, 0), (-1, 0), 0)]
        header_rows = 1
    for header in block.header:
        row, column = [], 0
        for cell in header:
            row.append(Paragraph(markup.text(cell.text), styles["header"]) if cell.text else "")
            if cell.span > 1:
                commands.append(("SPAN", (column, len(data)), (column + cell.span - 1,
                                                               len(data))))
            row += [""] * (cell.span - 1)
            column += cell.span
        data.append(row)
        commands.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1),
                         styles.colour("header_fill")))
        header_rows += 1
    padding = float(styles.theme.tables["cell_padding_pt"])
    indent = mm(float(styles.theme.tables["indent_mm"]))
    indents = []      # after the table-wide paddings below, so that they win
    body_top = len(data)
    cell_style = styles["cell"]
    for row in block.rows:
        y = len(data)
        cells = []
        bold = row.role != "unit"
        font = styles.fonts["bold" if bold else "regular"]
        if bold:
            commands.append(("FONTNAME", (0, y), (-1, y), font))
        for x, cell in enumerate(row.cells):
            plain = cell.text + ("\u202f" + markers[cell.style] if cell.style in markers else "")
            room = widths[x] - 2 * padding - 0.5 - (indent if row.indent and x == 0 else 0)
            if stringWidth(plain, font, cell_style.fontSize) <= room:
                cells.append(plain)   # fits on one line: a plain string lays out much faster
                commands.append(("ALIGN", (x, y), (x, y), cell.align.upper()))
            else:
                name = {"left": "cell_bold" if bold else "cell_left",
                        "right": "cell_bold_right" if bold else "cell_right",
                        "center": "cell"}[cell.align]
                cells.append(Paragraph(markup.text(plain), styles[name]))
            if cell.style:
                commands.append(("BACKGROUND", (x, y), (x, y), styles.colour(cell.style)))
        data.append(cells)
        if row.indent:   # a stadsdel: set in under its city's group row
            indents.append(("LEFTPADDING", (0, y), (0, y), padding + indent))
        if row.role == "group":
            data[-1] = [Paragraph(f"<b>{markup.text(row.cells[0].text)}</b>",
                                  styles["cell_left"])] + [""] * (columns - 1)
            commands += [("SPAN", (0, y), (-1, y)),
                         ("BACKGROUND", (0, y), (-1, y), styles.colour("card_label_fill"))]
        if row.role in _ROW_FILLS:
            commands.append(("BACKGROUND", (0, y), (-1, y), styles.colour(_ROW_FILLS[row.role])))
            if row.role == "region":
                commands.append(("LINEABOVE", (0, y), (-1, y), 0.9, styles.colour("text")))
    rule = styles.colour("rule")
    commands[:0] = [("FONTSIZE", (0, body_top), (-1, -1), cell_style.fontSize),
                    ("LEADING", (0, body_top), (-1, -1), cell_style.leading),
                    ("TEXTCOLOR", (0, body_top), (-1, -1), cell_style.textColor)]
    commands += [("GRID", (0, header_rows - len(block.header)), (-1, -1), 0.3, rule),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
                 ("LEFTPADDING", (0, 0), (-1, -1), padding),
                 ("RIGHTPADDING", (0, 0), (-1, -1), padding)] + indents
    groups = frozenset(body_top + i for i, row in enumerate(block.rows) if row.role == "group")
    source = TableSource(
        data=data, widths=widths, header_rows=header_rows, group_rows=groups,
        group_of=_group_of(block.rows, body_top),
        commands=[("FONTNAME", (0, 0), (-1, -1), styles.fonts["regular"])] + commands)
    caption = Paragraph(markup.text(block.caption), styles["caption"])
    continued = Paragraph(markup.text(f"{block.caption} {styles.theme.text['continued']}"),
                          styles["caption"])
    notes = [Paragraph(markup.text(note), styles["table_note"]) for note in block.notes]
    tail = 0
    while tail < len(block.rows) and block.rows[-1 - tail].role in _ROW_FILLS:
        tail += 1
    page_height = state.landscape_height if block.wide else state.frame_height
    story.append(TableBlock(caption, continued, source, notes, tail_rows=tail,
                            min_rows=int(styles.theme.tables["min_rows_per_page"]),
                            space_before=mm(CardFlowable.SPACE_BEFORE_MM), space_after=mm(4),
                            page_height=page_height))
    return story


def _group_of(rows, body_top: int) -> dict[int, int]:
    """Table row -> the group row above it that it belongs to: the indented rows under a
    city's group row (the kommuner after them do not belong), or, in a table without
    indented rows (a handout's indicator areas), every row up to the next group row."""
    sections = not any(row.indent for row in rows)
    owner, group = {}, None
    for index, row in enumerate(rows):
        y = body_top + index
        if row.role == "group":
            group = y
        elif group is not None and row.role == "unit" and (row.indent or sections):
            owner[y] = group
        elif not sections:
            group = None
    return owner


def _single_column_weights(block: doc.Table) -> list[float]:
    """Weight 1.5 for a column whose top header cell covers it alone (an indicator shown for
    one year: its name needs the room), 1 otherwise."""
    weights = []
    for cell in block.header[0] if block.header else ():
        weights += [1.5 if cell.span == 1 else 1.0] * cell.span
    return weights + [1.0] * (len(block.column_widths_mm) - len(weights))


def _column_widths(widths_mm, weights, available: float, max_flexible: float) -> list[float]:
    """Fixed columns as given (scaled down only if they alone overflow), the others sharing
    the rest of the line by weight, up to ``max_flexible`` a unit of weight."""
    fixed = [mm(w) for w in widths_mm if w is not None]
    total_weight = sum(wt for w, wt in zip(widths_mm, weights) if w is None)
    scale = min(1.0, available * (0.55 if total_weight else 1.0) / sum(fixed)) if fixed else 1.0
    rest = available - scale * sum(fixed)
    unit = min(max_flexible, rest / total_weight) if total_weight else 0.0
    return [unit * wt if w is None else mm(w) * scale for w, wt in zip(widths_mm, weights)]


def _legend(items, styles: Styles, available: float) -> list[Table]:
    """The legend as a small table: the title, then a colour swatch (with its mark) and the
    text of each entry, wrapped onto further lines when it is wider than ``available``."""

    style = styles["legend"]
    markers = styles.theme.markers
    entries = []                      # (cells, widths, styles of the swatch) per entry
    for item in items:
        font = styles.fonts["bold"] if not item.style else style.fontName
        text = Paragraph(f"<b>{markup.text(item.text)}</b>" if not item.style
                         else markup.text(item.text), style)
        width = stringWidth(item.text, font, style.fontSize) + 14
        if item.style:
            swatch = Paragraph(markup.text(markers.get(item.style, "")), styles["cell"])
            entries.append(([swatch, text], [mm(5), width], item.style))
        else:
            entries.append(([text], [width], None))
    lines, line, used = [], [], 0.0
    for entry in entries:
        if line and used + sum(entry[1]) > available:
            lines.append(line)
            line, used = [], 0.0
        line.append(entry)
        used += sum(entry[1])
    lines.append(line)
    return [_legend_line(line, styles) for line in lines]


def _legend_line(line, styles: Styles) -> Table:
    """One line of the legend as a one-row table."""
    row, widths, commands = [], [], []
    for cells, cell_widths, swatch_style in line:
        if swatch_style:
            x = len(row)
            commands += [("BACKGROUND", (x, 0), (x, 0), styles.colour(swatch_style)),
                         ("BOX", (x, 0), (x, 0), 0.3, styles.colour("rule"))]
        row += cells
        widths += cell_widths
    table = Table([row], colWidths=widths, rowHeights=[mm(4.2)], hAlign="LEFT")
    table.setStyle(TableStyle(commands + [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts["regular"]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


@converts(doc.Chart)
def _chart(block: doc.Chart, state: RenderState) -> list[Flowable]:
    display_list = state.charts[chart_key(block.spec)]
    story: list[Flowable] = [ChartFlowable(display_list, state.styles.fonts)]
    if block.caption:
        story.append(Paragraph(markup.text(block.caption), state.styles["table_note"]))
    return story


@converts(doc.KeepTogether)
def _keep(block: doc.KeepTogether, state: RenderState) -> list[Flowable]:
    inner = _orient(state, "portrait")
    flowables = to_flowables(block.blocks, state)
    return inner + [KeepTogether(flowables), Spacer(1, mm(5))]
