"""The Excel renderer: the workbook document (``compose.workbook``) as an xlsx for analysts.

In: a ``Document`` whose blocks are ``Table``s of kind "records" or "definitions", a
``Theme`` (colours of the named styles) and an output path.
Out: the xlsx file, written atomically and reproducibly (same inputs, same bytes), and the
number of sheets. One sheet per table, named by the table's ``subject`` (characters Excel
forbids removed, 31 characters at most, unique):
- a records table (the Innehåll and Data sheets, the results tables): its one header row
  (bold, filled, wrapped, frozen with the table's ``frozen_columns``), a record per row
  (numbers stored as numbers with the cell's decimals as number format, grouped thousands as
  the report prints them; text as text; fills and bold rows as ``render.roles`` says; thin
  borders), an autofilter over header and records, no merged cells; the legend (an entry per
  row in a cell of its colour) and the notes under it after an empty row;
- a definitions table: the header in row 1, a record per row, wrapped text, a filter.
The only module that writes the report workbook with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from regionreport.compose.workbook_names import clean, unique
from regionreport.files import atomic_path
from regionreport.render import roles
from regionreport.document import Cell, Document, Row, Table
from regionreport.errors import InputError
from regionreport.config.theme import Theme
from regionreport.files import save_reproducibly
from regionreport.numbers import THOUSANDS_SEPARATOR

FIXED_TIME = dt.datetime(2000, 1, 1)
# Column widths in Excel's unit (the width of a digit), row heights in points.
MIN_RECORD_COLUMN_WIDTH = 6
MAX_TABLE_COLUMN_WIDTH = 40
MAX_TEXT_COLUMN_WIDTH = 60           # a column of long texts (captions, notes), wrapped
MIN_DEFINITION_COLUMN_WIDTH = 8
MAX_DEFINITION_COLUMN_WIDTH = 50
LINE_HEIGHT_PT = 15.0
MAX_ROW_HEIGHT_PT = 409.0            # Excel's limit


def render_xlsx(document: Document, theme: Theme, output: str | Path) -> int:
    """Write the workbook of ``document`` to ``output`` (atomically); the number of sheets."""
    palette = _Palette(theme)
    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = document.tables()
    for table, name in zip(tables, sheet_names(tables)):
        writers = {"records": _write_records, "definitions": _write_definitions}
        if table.kind not in writers:
            raise ValueError(f"a workbook holds records and definitions, not '{table.kind}' "
                             "tables (compose.workbook makes them)")
        writers[table.kind](workbook.create_sheet(name), table, palette)
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
    """A valid, unique Excel sheet name per table: its ``subject`` (its key where it has
    none) without the characters Excel forbids, at most 31 characters (``compose.workbook``
    gives names that are valid already)."""
    taken: set[str] = set()
    return [unique(clean(table.subject) or table.key, taken) for table in tables]


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


def number_format(decimals: int, grouped: bool = True) -> str:
    """Excel's format of a number with ``decimals`` decimals and (``grouped``) grouped
    thousands (a Swedish Excel shows it with a decimal comma and a space between thousands)."""
    return ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals > 0 else "")


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


# -- records sheets -------------------------------------------------------------------------------
def _write_records(sheet: Worksheet, table: Table, palette: _Palette) -> None:
    """One header row (bold, filled, wrapped), a record per row (numbers as numbers with
    their number format, the report's fills, bold summary rows), the filter over them, the
    header and ``frozen_columns`` frozen; the legend (each entry in a cell of its colour) and
    the notes under them after an empty row, outside the filter."""
    headers = [cell.text for cell in table.header[0]] if table.header else []
    widths = records_column_widths(table)
    wrapped = [max([len(c.text) for c in _column(table, i)] + [0]) > widths[i]
               for i in range(len(widths))]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(1, column)
        _put_text(cell, text)
        cell.font, cell.alignment, cell.border = palette.bold, palette.header, palette.border
        cell.fill = palette.fill(roles.HEADER_FILL)
    if headers:
        sheet.row_dimensions[1].height = _row_height(
            max(_line_count(h, w) for h, w in zip(headers, widths)))
    for number, body_row in enumerate(table.rows, start=2):
        lines = _write_record(sheet, number, body_row, widths, wrapped, palette)
        if lines > 1:
            sheet.row_dimensions[number].height = _row_height(lines)
    last = len(table.rows) + 1
    sheet.freeze_panes = sheet.cell(2, table.frozen_columns + 1)
    if widths:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{last}"
        sheet.print_title_rows = "1:1"
    row = last + 2
    for item in table.legend:
        cell = sheet.cell(row, 1)
        _put_text(cell, item.text)
        if item.style:
            cell.fill, cell.border = palette.fill(item.style), palette.border
        else:
            cell.font = palette.bold
        row += 1
    row += 1 if table.legend and table.notes else 0
    for note in table.notes:
        _put_text(sheet.cell(row, 1), note)
        row += 1
    sheet.page_setup.orientation = "landscape" if len(widths) > 8 else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _column(table: Table, index: int) -> list[Cell]:
    return [row.cells[index] for row in table.rows if index < len(row.cells)]


def records_column_widths(table: Table) -> list[float]:
    """A width per column: the longest text in it (the longest word of its header) plus a
    margin, at least 6 and at most 40 (60 for long texts, which wrap)."""
    columns = max([len(table.header[0]) if table.header else 0]
                  + [len(row.cells) for row in table.rows])
    widths = []
    for index in range(columns):
        header = table.header[0][index].text if table.header and \
            index < len(table.header[0]) else ""
        words = max([len(w) for w in header.split()] + [0])
        body = max([len(c.text) for c in _column(table, index)] + [0])
        limit = MAX_TEXT_COLUMN_WIDTH if body > MAX_TABLE_COLUMN_WIDTH else \
            MAX_TABLE_COLUMN_WIDTH
        widths.append(float(min(limit, max(MIN_RECORD_COLUMN_WIDTH, words + 2, body + 2))))
    return widths


def _write_record(sheet: Worksheet, row: int, body_row: Row, widths: list[float],
                  wrapped: list[bool], palette: _Palette) -> int:
    """One record; the number of lines its tallest wrapped cell takes."""
    roles.check_role(body_row)
    lines = 1
    for column, source in enumerate(body_row.cells, start=1):
        cell = sheet.cell(row, column)
        if _is_number(source):
            cell.value = source.value
            cell.number_format = number_format(source.decimals, grouped=_grouped(source))
        else:
            _put_text(cell, source.text)
        fill = roles.cell_fill(source, body_row)
        if fill is not None:
            cell.fill = palette.fill(fill)
        cell.border = palette.border
        if wrapped[column - 1]:
            cell.alignment = palette.wrapped
            lines = max(lines, _line_count(source.text, widths[column - 1]))
        else:
            cell.alignment = palette.aligned[source.align]
        if roles.is_bold(body_row):
            cell.font = palette.bold
    return lines


def _grouped(cell: Cell) -> bool:
    """Whether the number shows grouped thousands: as the report prints it (a year, 2015,
    is printed without)."""
    return abs(cell.value) < 1000 or THOUSANDS_SEPARATOR in cell.text or not cell.text


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
