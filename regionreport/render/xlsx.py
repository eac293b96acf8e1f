"""The Excel renderer: the workbook document (``compose.workbook``) as an xlsx for analysts.

In: a ``Document`` whose blocks are ``Table``s, a ``Theme`` (colours of the named styles) and
an output path.
Out: the xlsx file, written atomically and reproducibly (same inputs, same bytes), and the
number of sheets. One sheet per table, named after the table's subject (31 characters at
most, cut at a word, unique):
- a results table: row 1 the caption; row 2 the legend (its title, then each entry in a cell
  of its colour); then the header rows (spans merged, frozen with the unit-name column); the
  body rows (numbers stored as numbers with the cell's decimals as number format, text as
  text, fills and bold rows as ``render.roles`` says, thin borders); the notes under the
  table, one per row;
- a definitions table: the header in row 1, a record per row, wrapped text, a filter.
The only module that writes the report workbook with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from regionreport.files import atomic_path
from regionreport.render import roles
from regionreport.document import Cell, Document, HeaderCell, LegendItem, Row, Table
from regionreport.errors import InputError
from regionreport.config.theme import Theme
from regionreport.files import save_reproducibly

FIXED_TIME = dt.datetime(2000, 1, 1)
CAPTION_ROW = 1
LEGEND_ROW = 2
FIRST_HEADER_ROW = 3
# Column widths in Excel's unit (the width of a digit), row heights in points.
UNIT_COLUMN_WIDTH = 24
VALUE_COLUMN_WIDTH = 10
MAX_TABLE_COLUMN_WIDTH = 40
DEFAULT_COLUMN_WIDTH = 8.43          # Excel's width of a column without a width of its own
MIN_DEFINITION_COLUMN_WIDTH = 8
MAX_DEFINITION_COLUMN_WIDTH = 50
LINE_HEIGHT_PT = 15.0
MAX_ROW_HEIGHT_PT = 409.0            # Excel's limit
MAX_SHEET_NAME = 31                  # Excel's limit
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(document: Document, theme: Theme, output: str | Path) -> int:
    """Write the workbook of ``document`` to ``output`` (atomically); the number of sheets."""
    palette = _Palette(theme)
    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = document.tables()
    for table, name in zip(tables, sheet_names(tables)):
        write = _write_definitions if table.kind == "definitions" else _write_table
        write(workbook.create_sheet(name), table, palette)
    properties = workbook.properties
    properties.title = document.meta.title
    properties.subject = document.meta.subject
    properties.creator = document.meta.organisation
    properties.language = document.meta.language
    with atomic_path(output) as temp:
        save_reproducibly(workbook, temp, FIXED_TIME)
    return len(workbook.sheetnames)


# -- sheet names ----------------------------------------------------------------------------------
def sheet_names(tables: Sequence[Table]) -> list[str]:
    """A unique Excel sheet name per table from its subject (its key where it has none); the
    definitions tables' names are kept as they are."""
    taken = {table.subject.casefold() for table in tables if table.kind == "definitions"}
    names = []
    for table in tables:
        if table.kind == "definitions":
            names.append(table.subject)
            continue
        name = _unique(_clean_sheet_name(table.subject) or table.key, taken)
        taken.add(name.casefold())
        names.append(name)
    return names


def _clean_sheet_name(text: str) -> str:
    """``text`` without the characters Excel forbids, at most 31 characters (cut at a word
    with "…")."""
    text = " ".join(FORBIDDEN_IN_SHEET_NAMES.sub(" ", text).split()).strip("'")
    return _shorten(text, MAX_SHEET_NAME)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;.-–") + "…"


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)`` ... when taken (Excel ignores case)."""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = _shorten(name, MAX_SHEET_NAME - len(suffix)) + suffix
    return candidate


# -- styles ---------------------------------------------------------------------------------------
class _Palette:
    """The openpyxl fills, fonts, borders and alignments of the theme, made once."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self._fills: dict[str, PatternFill] = {}
        side = Side(style="thin", color=self.argb("rule"))
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.bold = Font(bold=True)
        self.header = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrapped = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.aligned = {align: Alignment(horizontal=align, vertical="center")
                        for align in ("left", "center", "right")}

    def argb(self, name: str) -> str:
        """The theme colour ``name`` as openpyxl's ARGB hex."""
        if name not in self.theme.colours:
            raise InputError(f"no colour '{name}' under [colours]", file=self.theme.path,
                             fix="add it as \"#rrggbb\"")
        return "FF" + str(self.theme.colours[name])[1:].upper()   # checked: "#rrggbb"

    def fill(self, name: str) -> PatternFill:
        if name not in self._fills:
            argb = self.argb(name)
            self._fills[name] = PatternFill(fill_type="solid", start_color=argb, end_color=argb)
        return self._fills[name]


def number_format(decimals: int) -> str:
    """Excel's format of a number with ``decimals`` decimals and grouped thousands (a Swedish
    Excel shows it with a decimal comma and a space between thousands)."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _put_text(cell, text: str) -> None:
    """Text as text, never a formula (openpyxl takes a leading '=' for one)."""
    cell.value = text or None
    if text.startswith("="):
        cell.data_type = "s"


def _is_number(cell: Cell) -> bool:
    return cell.value is not None and math.isfinite(cell.value)


def _line_count(text: str, width: float) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide."""
    chars = max(1, int(width) - 2)
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in text.split("\n"))


def _row_height(lines: int) -> float:
    return min(MAX_ROW_HEIGHT_PT, LINE_HEIGHT_PT * max(1, lines))


# -- table sheets ---------------------------------------------------------------------------------
def _write_table(sheet: Worksheet, table: Table, palette: _Palette) -> None:
    widths = table_column_widths(table)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    caption = sheet.cell(CAPTION_ROW, 1)
    _put_text(caption, table.caption)
    caption.font = palette.bold
    _write_legend(sheet, table.legend, widths, palette)
    row = FIRST_HEADER_ROW
    for header in table.header:
        _write_header_row(sheet, row, header, widths, palette)
        row += 1
    sheet.freeze_panes = sheet.cell(row, 2)
    if table.header:
        sheet.print_title_rows = f"{FIRST_HEADER_ROW}:{row - 1}"
    for body_row in table.rows:
        _write_body_row(sheet, row, body_row, len(widths), palette)
        row += 1
    row += 1
    for note in table.notes:
        _put_text(sheet.cell(row, 1), note)
        row += 1
    sheet.page_setup.orientation = "landscape" if table.wide else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def table_column_widths(table: Table) -> list[float]:
    """A width per column: the longest body text (and the longest word of a one-column
    header) plus a margin, at least 24 for the unit names and 10 for values, at most 40."""
    columns = max([sum(h.span for h in header) for header in table.header]
                  + [len(row.cells) for row in table.rows if row.role != "group"] + [1])
    longest = [0] * columns
    for header in table.header:
        column = 0
        for header_cell in header:
            if header_cell.span == 1:
                words = header_cell.text.split() or [""]
                longest[column] = max(longest[column], max(len(w) for w in words))
            column += header_cell.span
    for row in table.rows:
        if row.role == "group":
            continue
        for column, cell in enumerate(row.cells):
            longest[column] = max(longest[column], len(cell.text))
    return [float(min(MAX_TABLE_COLUMN_WIDTH,
                      max(UNIT_COLUMN_WIDTH if column == 0 else VALUE_COLUMN_WIDTH, size + 2)))
            for column, size in enumerate(longest)]


def _width(widths: list[float], column: int) -> float:
    """The width of a column (1-based), Excel's default past the table."""
    return widths[column - 1] if column <= len(widths) else DEFAULT_COLUMN_WIDTH


def _span_for(chars: int, widths: list[float], column: int) -> int:
    """How many columns from ``column`` on it takes to hold ``chars`` characters."""
    span, room = 0, 0.0
    while room < chars:
        room += _width(widths, column + span)
        span += 1
    return span


def _write_legend(sheet: Worksheet, legend: tuple[LegendItem, ...], widths: list[float],
                  palette: _Palette) -> None:
    """Row 2: the legend's title, then each entry in a cell (merged wide enough for its text)
    filled with its style's colour."""
    column = 1
    for item in legend:
        cell = sheet.cell(LEGEND_ROW, column)
        _put_text(cell, item.text)
        span = _span_for(len(item.text) + 2, widths, column)
        if item.style:
            cell.fill = palette.fill(item.style)
            cell.border = palette.border
            cell.alignment = palette.aligned["center"]
        else:
            cell.font = palette.bold
        if span > 1:
            sheet.merge_cells(start_row=LEGEND_ROW, start_column=column, end_row=LEGEND_ROW,
                              end_column=column + span - 1)
        column += span


def _write_header_row(sheet: Worksheet, row: int, header: tuple[HeaderCell, ...],
                      widths: list[float], palette: _Palette) -> None:
    column, lines = 1, 1
    for header_cell in header:
        cell = sheet.cell(row, column)
        _put_text(cell, header_cell.text)
        cell.font, cell.alignment, cell.border = palette.bold, palette.header, palette.border
        cell.fill = palette.fill(roles.HEADER_FILL)
        last = column + header_cell.span - 1
        room = sum(_width(widths, c) for c in range(column, last + 1))
        lines = max(lines, _line_count(header_cell.text, room))
        if header_cell.span > 1:
            sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=last)
        column = last + 1
    sheet.row_dimensions[row].height = _row_height(lines)


def _write_body_row(sheet: Worksheet, row: int, body_row: Row, columns: int,
                    palette: _Palette) -> None:
    """A unit, region, comparison or Riket row; a group row is one merged bold cell."""
    roles.check_role(body_row)
    if body_row.role == "group":
        cell = sheet.cell(row, 1)
        _put_text(cell, body_row.cells[0].text if body_row.cells else "")
        cell.font, cell.border = palette.bold, palette.border
        cell.fill = palette.fill(roles.GROUP_FILL)
        if columns > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        return
    for column, source in enumerate(body_row.cells, start=1):
        cell = sheet.cell(row, column)
        if _is_number(source):
            cell.value = source.value
            cell.number_format = number_format(source.decimals)
        else:
            _put_text(cell, source.text)
        fill = roles.cell_fill(source, body_row)
        if fill is not None:
            cell.fill = palette.fill(fill)
        cell.border = palette.border
        cell.alignment = palette.aligned[source.align]
        if roles.is_bold(body_row):
            cell.font = palette.bold


# -- definitions --------------------------------------------------------------------------------
def _write_definitions(sheet: Worksheet, table: Table, palette: _Palette) -> None:
    """A list of records: the header in row 1, one wrapped record per row, a filter."""
    headers = [cell.text for cell in table.header[0]]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    widths = []
    for column, header in enumerate(headers):
        longest = max([len(w) for w in header.split()]
                      + [len(row[column]) for row in rows])
        widths.append(float(min(MAX_DEFINITION_COLUMN_WIDTH,
                                max(MIN_DEFINITION_COLUMN_WIDTH, longest + 2))))
        sheet.column_dimensions[get_column_letter(column + 1)].width = widths[-1]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(1, column)
        _put_text(cell, header)
        cell.font, cell.alignment, cell.border = palette.bold, palette.header, palette.border
        cell.fill = palette.fill(roles.HEADER_FILL)
    sheet.row_dimensions[1].height = _row_height(
        max(_line_count(h, w) for h, w in zip(headers, widths)))
    for number, texts in enumerate(rows, start=2):
        for column, text in enumerate(texts, start=1):
            cell = sheet.cell(number, column)
            _put_text(cell, text)
            cell.alignment, cell.border = palette.wrapped, palette.border
        sheet.row_dimensions[number].height = _row_height(
            max(_line_count(t, w) for t, w in zip(texts, widths)))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
