"""Bad workbooks give "Error: ..." naming file, sheet and cell, exit status 1, no traceback."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from regionreport.cli import main
from regionreport.sources import safety
from tests.conftest import FIXTURE_PROFILE, fixture_sheet_rows, write_workbook


def run_check(path):
    result = CliRunner().invoke(main, ["check", "--data", str(path), "--profile",
                                       str(FIXTURE_PROFILE)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result


def edited_workbook(tmp_path, registry, edit=None, rows=None):
    rows = rows if rows is not None else fixture_sheet_rows(registry, edit=edit)
    return write_workbook(tmp_path / "bad.xlsx", {"Enkät 2015": rows})


def assert_error(result, message):
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert "Traceback" not in result.output


def test_good_fixture_passes(fixture_workbook):
    result = run_check(fixture_workbook)
    assert result.exit_code == 0, result.output
    assert "13 kommuner, Riket" in result.output


def test_not_a_workbook(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_text("kod;namn\n0604;Aneby\n", encoding="utf-8")
    assert_error(run_check(path), f"{path}: is not an Excel workbook (.xlsx): it is not a zip "
                 "archive (save the file as 'Excel-arbetsbok (.xlsx)'; .xls and .csv files are "
                 "not workbooks of this kind)")


def test_empty_file(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"")
    assert_error(run_check(path), f"{path}: the file is empty (0 bytes) (export the workbook "
                 "again from Excel as .xlsx)")


def test_missing_sheet(tmp_path):
    path = write_workbook(tmp_path / "bad.xlsx", {"Enkät 2014": [["Kod"]]})
    assert_error(run_check(path), f"{path}: sheet 'Enkät 2015' is missing (the source profile "
                 "'fixture-2015' expects it; sheets found: Enkät 2014) (use the profile that "
                 "matches this year's workbook)")


def test_missing_column(tmp_path, registry):
    rows = fixture_sheet_rows(registry)
    rows[1][5] = "Överenskommelse AF"  # the header of overensk_af
    path = edited_workbook(tmp_path, registry, rows=rows)
    message = run_check(path).output
    assert message.startswith(f"Error: {path}, sheet 'Enkät 2015', row 2: no column headed "
                              "'overensk_af' in the header row (headers found: 'Kod', 'Namn', ")
    assert "'Överenskommelse AF'" in message


def test_unknown_unit_code(tmp_path, registry):
    rows = fixture_sheet_rows(registry)
    rows[4][0] = "0699"
    assert_error(run_check(edited_workbook(tmp_path, registry, rows=rows)),
                 f"{tmp_path / 'bad.xlsx'}, sheet 'Enkät 2015', cell A5: unknown unit code "
                 "'0699' (expected '00' for Riket, a two-digit länskod, a four-digit kommunkod "
                 "or a six-digit stadsdel code of the registry)")


def test_duplicated_unit_row(tmp_path, registry):
    rows = fixture_sheet_rows(registry)
    rows.append(list(rows[2]))
    assert_error(run_check(edited_workbook(tmp_path, registry, rows=rows)),
                 f"{tmp_path / 'bad.xlsx'}, sheet 'Enkät 2015', cell A17: unit '0604' (Aneby) "
                 "appears a second time (first in row 3) (delete the duplicated row)")


def test_answer_outside_categories(tmp_path, registry):
    def edit(code, row):
        if code == "0617":
            row["overensk_af"] = "Kanske"
    assert_error(run_check(edited_workbook(tmp_path, registry, edit)),
                 f"{tmp_path / 'bad.xlsx'}, sheet 'Enkät 2015', cell F6: answer 'Kanske' is not "
                 "an answer of indicator 'overensk_af' (expected one of Ja, Nej, Ny "
                 "överenskommelse) (correct the cell, or map this spelling under [answers] in "
                 "the source profile)")


def test_percentage_outside_range(tmp_path, registry):
    def edit(code, row):
        if code == "0604":
            row["andel_socionomexamen"] = "112.5"
    assert_error(run_check(edited_workbook(tmp_path, registry, edit)),
                 f"{tmp_path / 'bad.xlsx'}, sheet 'Enkät 2015', cell K3: 112,5 is outside 0–100 "
                 "for indicator 'andel_socionomexamen' (a percentage) (percentages are written "
                 "as 0–100, not as fractions above 100)")


def test_text_where_a_number_belongs(tmp_path, registry):
    def edit(code, row):
        if code == "0604":
            row["stod_timmar_per_vecka"] = "en timme"
    assert_error(run_check(edited_workbook(tmp_path, registry, edit)),
                 f"{tmp_path / 'bad.xlsx'}, sheet 'Enkät 2015', cell P3: 'en timme' is not a "
                 "number (indicator 'stod_timmar_per_vecka' expects a number) (write a number "
                 "such as 54,3 or mark a missing value as empty)")


def test_decimal_comma_text_is_a_number(tmp_path, registry, fixture_profile, catalog):
    from regionreport.sources.workbook import read_workbook

    def edit(code, row):
        if code == "0604":
            row["stod_timmar_per_vecka"] = "1,5"
    table = read_workbook(edited_workbook(tmp_path, registry, edit), fixture_profile, catalog,
                          registry).frame()
    cell = table[(table.unit == "0604") & (table.indicator == "stod_timmar_per_vecka")]
    assert cell.value.tolist() == [1.5]


def test_archive_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (4 * 1024 * 1024))
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 1024 * 1024)
    assert_error(run_check(path), f"{path}: would unpack to 4 MiB, more than the 1 MiB allowed "
                 "(refused before parsing; check where the file came from)")


def test_xml_entities_are_not_expanded(tmp_path, registry):
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML, "openpyxl must parse through defusedxml"
    path = edited_workbook(tmp_path, registry)
    bomb = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + data)
            target.writestr(item, data)
    assert_error(run_check(bomb), f"{bomb}: is not a readable Excel workbook: its XML declares "
                 "entities or a DTD (EntitiesForbidden), which are refused for safety; a "
                 "workbook saved by Excel has none (open it in Excel and save it again as .xlsx)")


@pytest.mark.parametrize("suffix", [".xls", ".txt"])
def test_unknown_format(tmp_path, suffix):
    path = tmp_path / f"data{suffix}"
    path.write_text("x")
    result = run_check(path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: unknown input format '{suffix}'")
