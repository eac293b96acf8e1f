"""Results tables on the page: legend, header rows, unit and summary rows, as one block.

In: ``Table`` blocks of the document tree (cells already formatted, style *names*, row roles)
and the ``RenderState``.
Out: a ``TableBlock`` (caption, table, notes; it splits between rows as ``table_block``
describes) on a portrait or, for wide tables, a landscape page. Column widths: fixed columns
as given, the others sharing the rest by weight up to the theme's maximum. Cells that fit on
one line are plain strings (much faster to lay out than paragraphs); fills, bold rows and the
rule above the region row follow ``roles``; the legend is a small table of swatches with
their ▲/▼ marks.
"""

from __future__ import annotations

import functools

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from regionreport import document as doc
from regionreport.config.theme import mm
from regionreport.render import decimal_align, markup, roles
from regionreport.render.story import RenderState, converts, orient
from regionreport.render.column_widths import column_widths, word_minimums
from regionreport.render.styles import Styles
from regionreport.render.table_block import TableBlock, TableSource
from regionreport.render.tags.paragraphs import TaggedParagraph, TextParagraph
from regionreport.render.tags.tables import TableTags


@converts(doc.Table)
def _table(block: doc.Table, state: RenderState) -> list[Flowable]:
    styles = state.styles.variant(block.styles) if block.styles else state.styles
    story = orient(state, "landscape" if block.wide else "portrait")
    markers = styles.theme.markers
    widths = column_widths(block.column_widths_mm, _single_column_weights(block),
                           state.width, mm(float(styles.theme.tables["max_value_column_mm"])),
                           _word_minimums(block, styles))
    columns = len(widths)
    data, commands = [], []
    header_rows = 0
    if block.legend:
        data.append([_legend(block.legend, styles, sum(widths))] + [""] * (columns - 1))
        legend = functools.partial(styles.theme.measure, "legend")
        commands += [("SPAN", (0, 0), (-1, 0)),
                     ("TOPPADDING", (0, 0), (-1, 0), legend("padding_top_pt")),
                     ("BOTTOMPADDING", (0, 0), (-1, 0), legend("padding_bottom_pt")),
                     ("LEFTPADDING", (0, 0), (-1, 0), 0)]
        header_rows = 1
    for header in block.header:
        row, column = [], 0
        for cell in header:
            row.append(TextParagraph(markup.text(cell.text), styles["header"]) if cell.text else "")
            if cell.span > 1:
                commands.append(("SPAN", (column, len(data)), (column + cell.span - 1,
                                                               len(data))))
            row += [""] * (cell.span - 1)
            column += cell.span
        data.append(row)
        commands.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1),
                         styles.colour(roles.HEADER_FILL)))
        header_rows += 1
    table = functools.partial(_measure, styles.theme, block.styles)
    padding, indent = table("cell_padding_pt"), table("indent_mm")
    slack = table("single_line_slack_pt")
    indents = []      # after the table-wide paddings below, so that they win
    body_top = len(data)
    cell_style = styles["cell"]
    fonts = [styles.fonts["bold" if roles.is_bold(row) else "regular"] for row in block.rows]
    right = decimal_align.right_paddings(block.rows, fonts, cell_style.fontSize, markers,
                                         padding, stringWidth)
    for index, row in enumerate(block.rows):
        y = len(data)
        cells = []
        roles.check_role(row)
        bold = roles.is_bold(row)
        font = fonts[index]
        if bold:
            commands.append(("FONTNAME", (0, y), (-1, y), font))
        for x, cell in enumerate(row.cells):
            plain = decimal_align.marked(cell.text, cell.style, markers)
            if x == 0 and row.role != "group":
                plain = unbroken(plain)       # a place name stays on one line
            aligned = right.get((index, x))
            room = widths[x] - 2 * padding - slack - (indent if row.indent and x == 0 else 0) \
                - (aligned - padding if aligned is not None else 0)
            if aligned is not None:
                cells.append(plain)   # a number: right-aligned on its decimal comma
                commands.append(("ALIGN", (x, y), (x, y), "RIGHT"))
                indents.append(("RIGHTPADDING", (x, y), (x, y), aligned))
            elif stringWidth(plain, font, cell_style.fontSize) <= room:
                cells.append(plain)   # fits on one line: a plain string lays out much faster
                commands.append(("ALIGN", (x, y), (x, y), cell.align.upper()))
            else:
                name = {"left": "cell_bold" if bold else "cell_left",
                        "right": "cell_bold_right" if bold else "cell_right",
                        "center": "cell"}[cell.align]
                cells.append(TextParagraph(markup.text(plain), styles[name]))
            fill = roles.own_cell_fill(cell, row)
            if fill:
                commands.append(("BACKGROUND", (x, y), (x, y), styles.colour(fill)))
            ink = text_colour(styles, cell.style)
            if ink is not None:
                indents.append(("TEXTCOLOR", (x, y), (x, y), HexColor(ink)))
        data.append(cells)
        if row.indent:   # a stadsdel: set in under its city's group row
            indents.append(("LEFTPADDING", (0, y), (0, y), padding + indent))
        if row.role == "group":
            data[-1] = [TextParagraph(f"<b>{markup.text(row.cells[0].text)}</b>",
                                  styles["cell_left"])] + [""] * (columns - 1)
            commands.append(("SPAN", (0, y), (-1, y)))
        if roles.row_fill(row):
            commands.append(("BACKGROUND", (0, y), (-1, y), styles.colour(roles.row_fill(row))))
        if roles.has_rule_above(row):
            commands.append(("LINEABOVE", (0, y), (-1, y), table("region_rule_width_pt"),
                             styles.colour("text")))
    rule = styles.colour("rule")
    commands[:0] = [("FONTSIZE", (0, body_top), (-1, -1), cell_style.fontSize),
                    ("LEADING", (0, body_top), (-1, -1), cell_style.leading),
                    ("TEXTCOLOR", (0, body_top), (-1, -1), cell_style.textColor)]
    commands += [("GRID", (0, header_rows - len(block.header)), (-1, -1), table("grid_width_pt"),
                  rule),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 0), (-1, -1), table("padding_top_pt")),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), table("padding_bottom_pt")),
                 ("LEFTPADDING", (0, 0), (-1, -1), padding),
                 ("RIGHTPADDING", (0, 0), (-1, -1), padding)] + indents
    groups = frozenset(body_top + i for i, row in enumerate(block.rows) if row.role == "group")
    tail = roles.summary_tail(block.rows)
    tags = TableTags(state.next_table_id(), legend_rows=header_rows - len(block.header),
                     spans=_header_spans(block), columns=columns,
                     body=list(range(body_top, len(data))),
                     summary=set(range(len(data) - tail, len(data))), groups=set(groups),
                     actual_text=_actual_texts(block, body_top, markers))
    source = TableSource(tags=tags,
        data=data, widths=widths, header_rows=header_rows, group_rows=groups,
        group_of=_group_of(block.rows, body_top),
        commands=[("FONTNAME", (0, 0), (-1, -1), styles.fonts["regular"])] + commands)
    caption = TaggedParagraph(markup.text(block.caption), styles["caption"], element=tags.caption)
    continued = TextParagraph(markup.text(f"{block.caption} {styles.theme.text['continued']}"),
                          styles["caption"])
    notes = [TaggedParagraph(markup.text(note), styles["table_note"]) for note in block.notes]
    # a report's table that fits a page is moved on whole; a handout's flows on from its
    # opening text (its rows compare across, with no summary rows to repeat)
    page_height = None if block.styles else \
        state.landscape_height if block.wide else state.frame_height
    story.append(TableBlock(caption, continued, source, notes, tail_rows=tail,
                            min_rows=int(styles.theme.tables["min_rows_per_page"]),
                            space_before=styles.theme.measure("spacing",
                                                              "block_space_before_mm"),
                            space_after=table("space_after_mm"),
                            page_height=page_height,
                            frame_height=None if block.styles else state.landscape_height
                            if block.wide else state.frame_height))
    return story


def _header_spans(block: doc.Table) -> list[list[tuple[int, int]]]:
    """Per column-header row, (column, span) of each header cell (an empty one too, so that
    every header row covers every column)."""
    spans = []
    for header in block.header:
        row, column = [], 0
        for cell in header:
            row.append((column, cell.span))
            column += cell.span
        spans.append(row)
    return spans


def _actual_texts(block: doc.Table, body_top: int,
                  markers: dict[str, str]) -> dict[tuple[int, int], str]:
    """(data row, column) -> what a screen reader reads for a cell whose printed mark (▲/▼)
    carries meaning: the number and the legend's words for the mark."""
    meaning = {item.style: item.text for item in block.legend}
    texts = {}
    for index, row in enumerate(block.rows):
        for x, cell in enumerate(row.cells):
            if cell.style in markers and cell.style in meaning:
                texts[body_top + index, x] = f"{cell.text} ({meaning[cell.style]})"
    return texts


def unbroken(name: str) -> str:
    """A unit's name that no line break divides: its spaces made no-break spaces (a hyphen
    such as Askim-Frölunda-Högsbo's is a break point for reportlab, so a long name's column
    is made wide enough instead: ``column_widths``)."""
    return name.replace(" ", "\u00a0")


def text_colour(styles: Styles, style: str) -> str | None:
    """The colour (#rrggbb) of the text on a cell of ``style`` when its fill is darker than
    the theme's ``tables.dark_fill_luminance`` (``colours.text_on_dark``), else None (the
    usual text colour)."""
    if not style or style not in styles.theme.colours:
        return None
    dark = luminance(styles.theme.colours[style]) < float(
        styles.theme.tables["dark_fill_luminance"])
    return styles.theme.colours["text_on_dark"] if dark else None


def luminance(colour: str) -> float:
    """The grey (0–255) a colour #rrggbb prints as: 0,299 R + 0,587 G + 0,114 B."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def _measure(theme, prefix: str, key: str) -> float:
    """A length of the theme's ``[tables]``: ``<prefix><key>`` where the theme has it (the
    handouts' tighter rows), else ``<key>``."""
    return theme.measure("tables", prefix + key if prefix + key in theme.tables else key)


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


def _word_minimums(block: doc.Table, styles: Styles) -> list[float]:
    """The width each column needs for its longest word (headers bold at the header size,
    cells in their row's font), so that no word is broken."""
    header, cell = styles["header"], styles["cell"]
    markers = styles.theme.markers
    rows = [([(c.text, c.span) for c in line], styles.fonts["bold"], header.fontSize)
            for line in block.header]
    for row in block.rows:
        if row.role == "group":
            continue
        font = styles.fonts["bold" if roles.is_bold(row) else "regular"]
        texts = [decimal_align.marked(c.text, c.style, markers) for c in row.cells]
        rows.append(([(unbroken(texts[0]) if texts else "", 1)] + [(t, 1) for t in texts[1:]],
                     font, cell.fontSize))
    tables = functools.partial(styles.theme.measure, "tables")
    indent = tables("indent_mm") if any(row.indent for row in block.rows) else 0.0
    return word_minimums(rows, len(block.column_widths_mm), tables("cell_padding_pt"),
                         stringWidth, first_extra=indent)


def _legend(items, styles: Styles, available: float) -> list[Table]:
    """The legend as a small table: the title, then a colour swatch (with its mark) and the
    text of each entry, wrapped onto further lines when it is wider than ``available``."""

    style = styles["legend"]
    markers = styles.theme.markers
    legend = functools.partial(styles.theme.measure, "legend")
    entries = []                      # (cells, widths, styles of the swatch) per entry
    for item in items:
        font = styles.fonts["bold"] if not item.style else style.fontName
        text = TextParagraph(f"<b>{markup.text(item.text)}</b>" if not item.style
                         else markup.text(item.text), style)
        width = stringWidth(item.text, font, style.fontSize) + legend("text_gap_pt")
        if item.style:
            ink = text_colour(styles, item.style)
            mark = markup.text(markers.get(item.style, ""))
            swatch = TextParagraph(f'<font color="{ink}">{mark}</font>' if ink and mark
                               else mark, styles["cell"])
            entries.append(([swatch, text], [legend("swatch_width_mm"), width], item.style))
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
    legend = functools.partial(styles.theme.measure, "legend")
    row, widths, commands = [], [], []
    for cells, cell_widths, swatch_style in line:
        if swatch_style:
            x = len(row)
            commands += [("BACKGROUND", (x, 0), (x, 0), styles.colour(swatch_style)),
                         ("BOX", (x, 0), (x, 0), legend("swatch_border_pt"),
                          styles.colour("rule"))]
        row += cells
        widths += cell_widths
    table = Table([row], colWidths=widths, rowHeights=[legend("row_height_mm")], hAlign="LEFT")
    padding = legend("padding_horizontal_pt")
    table.setStyle(TableStyle(commands + [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts["regular"]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table
