"""The analysts' workbook (`regionreport xlsx`) of the Jönköping 2015 report, read back with
openpyxl and compared cell by cell with the composed document.

The document is composed and the workbook written once per module (a shared cache folder
keeps the further exports fast).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from regionreport import paths, runner as report
from regionreport.cli import main
from regionreport.document import Cell, Document, HeaderCell, LegendItem, Meta, Row, Table
from regionreport.errors import InputError
from regionreport.runner import XlsxResult, write_report_xlsx
from regionreport.config.theme import load_theme
from regionreport.render.xlsx import (FIRST_HEADER_ROW, number_format, render_xlsx,
                                      sheet_names)

LAYOUT = paths.layouts_dir() / "jonkoping-2015.toml"
THEME = load_theme(paths.layouts_dir() / "themes" / "default.toml")


def argb(style: str) -> str:
    return "FF" + THEME.colour(style).lstrip("#").upper()


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """The cache folder the CLI uses for outputs in its parent folder."""
    return tmp_path_factory.mktemp("xlsx-cli") / ".cache"


@pytest.fixture(scope="module")
def prepared(sample_workbook, cache):
    return report.prepare(report.load_report_layout(LAYOUT),
                          data_files=[sample_workbook.path], cache_dir=cache)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, sample_workbook, cache) -> XlsxResult:
    output = tmp_path_factory.mktemp("xlsx") / "jonkoping-2015.xlsx"
    return write_report_xlsx(LAYOUT, output, data_files=[sample_workbook.path], cache_dir=cache)


@pytest.fixture(scope="module")
def book(exported):
    workbook = openpyxl.load_workbook(exported.output)
    yield workbook
    workbook.close()


@pytest.fixture(scope="module")
def sheet_of(prepared, book):
    """Table -> its sheet, in document order."""
    tables = prepared.document.tables()
    return list(zip(tables, book.worksheets[:len(tables)]))


def test_a_sheet_per_table_then_the_indicators(prepared, book, exported):
    tables = prepared.document.tables()
    assert len(book.sheetnames) == len(tables) + 1 == exported.sheets
    assert book.sheetnames[0] == "Bakgrund"
    assert book.sheetnames[-1] == "Indikatorer"
    assert "Intern och extern samordning" in book.sheetnames
    assert "Tillgänglighet" in book.sheetnames
    for name in book.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert len({n.casefold() for n in book.sheetnames}) == len(book.sheetnames)


def test_every_cell_equals_the_document(sheet_of):
    for table, sheet in sheet_of:
        assert sheet["A1"].value == table.caption
        assert sheet["A1"].font.b
        first = FIRST_HEADER_ROW + len(table.header)
        for offset, row in enumerate(table.rows):
            for column, cell in enumerate(row.cells, start=1):
                found = sheet.cell(first + offset, column)
                where = f"{sheet.title}!{found.coordinate}"
                if cell.value is not None:
                    assert isinstance(found.value, (int, float)), where
                    assert found.value == cell.value, where
                    assert found.number_format == number_format(cell.decimals), where
                else:
                    assert found.value == (cell.text or None), where
        notes_from = first + len(table.rows) + 1
        assert [sheet.cell(notes_from + i, 1).value for i in range(len(table.notes))] \
            == list(table.notes)


def test_number_formats_show_the_decimals():
    assert number_format(0) == "#,##0"
    assert number_format(1) == "#,##0.0"
    assert number_format(2) == "#,##0.00"


def test_headers_are_merged_bold_filled_and_frozen(sheet_of):
    for table, sheet in sheet_of:
        assert sheet.freeze_panes == f"B{FIRST_HEADER_ROW + len(table.header)}"
        merged = {str(r) for r in sheet.merged_cells.ranges}
        for offset, header in enumerate(table.header):
            row, column = FIRST_HEADER_ROW + offset, 1
            for header_cell in header:
                found = sheet.cell(row, column)
                assert found.value == (header_cell.text or None)
                assert found.font.b and found.alignment.wrap_text
                assert found.fill.fgColor.rgb == argb("header_fill")
                if header_cell.span > 1:
                    end = sheet.cell(row, column + header_cell.span - 1).coordinate
                    assert f"{found.coordinate}:{end}" in merged
                column += header_cell.span


def test_legend_row_gives_each_entry_its_colour(sheet_of):
    table, sheet = next((t, s) for t, s in sheet_of if s.title == "Intern och extern samordning")
    assert sheet["A2"].value == "Teckenförklaring:"
    row = {cell.value: cell for cell in sheet[2] if cell.value}
    for item in table.legend[1:]:
        assert row[item.text].fill.fgColor.rgb == argb(item.style)


def test_county_and_riket_values_of_the_agreement_with_arbetsformedlingen(book):
    sheet = book["Intern och extern samordning"]
    top, years = FIRST_HEADER_ROW, FIRST_HEADER_ROW + 1
    start = next(c.column for c in sheet[top] if c.value == "Överensk. Arbetsförmedlingen")
    column = next(c for c in (start, start + 1) if sheet.cell(years, c).value == "2015")
    rows = {sheet.cell(r, 1).value: r for r in range(years + 1, sheet.max_row + 1)}
    county = sheet.cell(rows["Jönköpings län"], column)
    riket = sheet.cell(rows["Riket"], column)
    assert county.value == pytest.approx(69.2) and county.number_format == "#,##0.0"
    assert riket.value == pytest.approx(42.8)
    assert county.font.b
    assert county.fill.fgColor.rgb == argb("region_row_fill")
    assert riket.fill.fgColor.rgb == argb("riket_row_fill")


def test_answers_are_filled_with_the_theme_colours(book):
    sheet = book["Intern och extern samordning"]
    cells = [c for row in sheet.iter_rows(min_row=FIRST_HEADER_ROW + 2) for c in row]
    yes = next(c for c in cells if c.value == "Ja")
    no = next(c for c in cells if c.value == "Nej")
    assert yes.fill.fgColor.rgb == argb("positive")
    assert no.fill.fgColor.rgb == argb("negative")
    assert yes.border.left.style == "thin"


def test_column_widths(book):
    sheet = book["Intern och extern samordning"]
    assert sheet.column_dimensions["A"].width >= 24
    assert 10 <= sheet.column_dimensions["E"].width <= 40


def test_indicator_sheet(book, prepared):
    catalog = prepared.inputs.catalog
    sheet = book["Indikatorer"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Id", catalog.card_labels["area"], "Kortnamn",
                           catalog.card_labels["name"]]
    assert catalog.card_labels["kolada"] in headers
    assert "Målvärde/riktning" in headers
    assert sheet.freeze_panes == "A2"
    shown = [i for i in catalog.indicators if i.source != "background"]
    assert sheet.max_row == len(shown) + 1
    rows = {row[0]: dict(zip(headers, row))
            for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == [i.id for i in shown]
    agreement = rows["overensk_af"]
    indicator = catalog.indicator("overensk_af")
    assert agreement[catalog.card_labels["name"]] == indicator.name
    assert agreement["Målvärde/riktning"] == indicator.target
    assert agreement[catalog.card_labels["kolada"]] == (indicator.kolada or None)
    assert agreement[catalog.card_labels["measurement"]] == \
        f"{indicator.measurement_label}: {indicator.measurement}"
    assert sheet["A2"].alignment.wrap_text


def test_workbook_properties(book, prepared):
    meta = prepared.document.meta
    assert book.properties.title == meta.title
    assert book.properties.creator == meta.organisation
    assert book.properties.created == book.properties.modified == dt.datetime(2000, 1, 1)


def test_two_exports_are_identical(exported, tmp_path, sample_workbook, cache):
    again = write_report_xlsx(LAYOUT, tmp_path / "again.xlsx",
                              data_files=[sample_workbook.path], cache_dir=cache)
    assert again.output.read_bytes() == exported.output.read_bytes()


def test_cli_writes_the_workbook(sample_workbook, exported, cache):
    output = cache.parent / "rapport.xlsx"
    result = CliRunner().invoke(main, ["xlsx", str(LAYOUT), "-o", str(output),
                                       "--data", str(sample_workbook.path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {output}: {exported.sheets} sheets\n"
    assert output.read_bytes() == exported.output.read_bytes()


def test_failure_leaves_the_earlier_workbook(tmp_path, sample_workbook, cache, monkeypatch):
    output = tmp_path / "rapport.xlsx"
    output.write_bytes(b"earlier")
    with pytest.raises(InputError):
        write_report_xlsx(LAYOUT, output, data_files=[tmp_path / "missing.xlsx"])

    def broken_save(workbook, path, fixed_time):
        path.write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("regionreport.render.xlsx.save_reproducibly", broken_save)
    with pytest.raises(OSError):
        write_report_xlsx(LAYOUT, output, data_files=[sample_workbook.path], cache_dir=cache)
    assert output.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]


# -- small documents ------------------------------------------------------------------------------
def _table(subject: str, rows=(), key: str = "t", kind: str = "results") -> Table:
    return Table(key=key, caption=f"Tabell 1. {subject}: x", subject=subject,
                 header=((HeaderCell("Kommun"), HeaderCell("2015")),), rows=tuple(rows),
                 column_widths_mm=(30, None), kind=kind)


def test_sheet_names_are_valid_unique_and_cut_at_a_word():
    tables = [_table("Bakgrund"),
              _table("Personalens kompetens och kompetensutveckling"),
              _table("Personalens kompetens och kompetensutveckling (del 2 av 2)"),
              _table("Indikatorer"),
              _table("Frågor [a/b]*?"),
              _table("", key="table-6"),
              _table("Indikatorer", kind="definitions")]
    assert sheet_names(tables) == [
        "Bakgrund", "Personalens kompetens och…", "Personalens kompetens och… (2)",
        "Indikatorer (2)", "Frågor a b", "table-6", "Indikatorer"]


def test_sheets_are_named_after_the_tables_subjects(prepared, book):
    """Sheet names come from what each table is about, not from its caption."""
    tables = prepared.document.tables()
    assert [t.subject for t in tables[:2]] == ["Bakgrund", "Intern och extern samordning"]
    assert book.sheetnames[:2] == ["Bakgrund", "Intern och extern samordning"]


def test_group_rows_and_formula_like_text(tmp_path, catalog):
    meta = Meta(title="T", region="R", organisation="O", author="",
                date="", subject="")
    rows = [Row((Cell("Kommungrupp 1"),), role="group"),
            Row((Cell("=SUM(A1)", align="left"), Cell("1,5", value=1.5, decimals=1))),
            Row((Cell("Riket", align="left"), Cell("–", style="missing")), role="riket")]
    table = Table(key="t", caption="Tabell 1. Intern och extern samordning: x",
                  subject="Intern och extern samordning",
                  header=((HeaderCell("Kommun"), HeaderCell("2015")),), rows=tuple(rows),
                  column_widths_mm=(30, None),
                  legend=(LegendItem("", "Teckenförklaring:"),
                          LegendItem("missing", "Uppgift saknas")))
    output = tmp_path / "small.xlsx"
    sheets = render_xlsx(Document(meta, (table,)), THEME, output)
    assert sheets == 1
    sheet = openpyxl.load_workbook(output)["Intern och extern samordning"]
    assert "A4:B4" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A4"].value == "Kommungrupp 1" and sheet["A4"].font.b
    assert sheet["A5"].value == "=SUM(A1)" and sheet["A5"].data_type == "s"
    assert sheet["B5"].value == 1.5
    # a summary row keeps its fill in every cell, as in the PDF (render.roles)
    assert sheet["B6"].fill.fgColor.rgb == argb("riket_row_fill")
    assert sheet["A6"].fill.fgColor.rgb == argb("riket_row_fill")
