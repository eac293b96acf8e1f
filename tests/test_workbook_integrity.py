"""No silent wrong number from a workbook (issue 13): every row that is in a sheet is read,
whatever its <dimension> record says; formulas without a stored value, a header given twice,
a share's numerator above its denominator, numbers that are not finite, sheets beyond Excel's
limits, lying or hostile archives and password-protected files are errors naming the file and
the place, not reports with wrong numbers.

The broken workbooks are made by rewriting one part of a saved fixture workbook (zipfile), so
each stays a few kilobytes on disk.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from regionreport.cli import main
from regionreport.errors import InputError
from regionreport.sources import xlsx_scan
from regionreport.sources.kolada import read_kolada_json
from regionreport.sources.tidy_csv import read_tidy_csv
from regionreport.sources.workbook import read_workbook
from tests.conftest import FIXTURE_PROFILE, fixture_sheet_rows, write_workbook

DATA = Path(__file__).parent / "data"
SHEET = "xl/worksheets/sheet1.xml"
KOMMUNER = 13


def run_check(path: Path, profile: Path = FIXTURE_PROFILE):
    result = CliRunner().invoke(main, ["check", "--data", str(path), "--profile", str(profile)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result


def assert_error(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output == f"Error: {message}\n"


def rewrite(path: Path, part: str, edit) -> Path:
    """Rewrite one part of the archive at ``path`` in place: ``edit(text) -> text``."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return path


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(SHEET).decode("utf-8")


def set_dimension(ref: str):
    return lambda text: re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', text)


def replace_cell(reference: str, cell: str):
    """An edit that puts ``cell`` (the whole <c> element) in place of the cell ``reference``."""
    def edit(text: str) -> str:
        new, count = re.subn(rf'<c r="{reference}"[^>]*?(?:/>|>.*?</c>)', cell, text, count=1)
        assert count == 1, reference
        return new
    return edit


@pytest.fixture
def workbook(tmp_path, registry) -> Path:
    return write_workbook(tmp_path / "fixture.xlsx", {"Enkät 2015": fixture_sheet_rows(registry)})


def read(path: Path, profile, catalog, registry):
    return read_workbook(path, profile, catalog, registry).frame()


def answered_kommuner(table) -> int:
    rows = table[(table.indicator == "overensk_af") & (table.unit.str.len() == 4)]
    return int(rows.answer.notna().sum())


# -- every row that is there --------------------------------------------------------------------
def test_a_stale_dimension_record_loses_no_row(workbook, fixture_profile, catalog, registry):
    """A writer that leaves the record of an earlier, shorter sheet: openpyxl's read-only mode
    stopped at row 8, so 7 of 13 kommuner printed "–"."""
    assert '<dimension ref="A1:' in sheet_xml(workbook)
    rewrite(workbook, SHEET, set_dimension("A1:P8"))
    table = read(workbook, fixture_profile, catalog, registry)
    assert answered_kommuner(table) == KOMMUNER
    result = run_check(workbook)
    assert result.exit_code == 0, result.output
    assert "13 kommuner, Riket" in result.output


def test_a_dimension_of_one_cell_is_read_like_excel_reads_it(workbook, fixture_profile, catalog,
                                                             registry):
    """<dimension ref="A1"/> (Excel opens it normally) was refused as having no headers."""
    rewrite(workbook, SHEET, set_dimension("A1"))
    table = read(workbook, fixture_profile, catalog, registry)
    assert answered_kommuner(table) == KOMMUNER
    aneby = table[(table.unit == "0604") & (table.indicator == "andel_socionomexamen")]
    assert len(aneby) == 1 and aneby.value.notna().all()


def test_a_workbook_without_dimension_record_is_read(workbook, fixture_profile, catalog,
                                                     registry):
    rewrite(workbook, SHEET, lambda text: re.sub(r"<dimension [^>]*/>", "", text))
    assert answered_kommuner(read(workbook, fixture_profile, catalog, registry)) == KOMMUNER


# -- formulas -------------------------------------------------------------------------------------
def formula_error(path, cell: str, formula: str) -> str:
    """The message of a formula cell without a stored value."""
    return (f"{path}, sheet 'Enkät 2015', cell {cell}: the cell holds a formula ({formula}) "
            "without a stored value, so what it shows in Excel is not in the file (open and "
            "save the file in Excel so the values are stored)")


def test_a_formula_without_a_stored_value_is_an_error(workbook):
    """A program that writes formulas but no values (openpyxl does): the cell read as "not
    answered" before."""
    rewrite(workbook, SHEET, replace_cell("K3", '<c r="K3"><f>SUM(A1:A2)</f></c>'))
    assert_error(run_check(workbook), formula_error(workbook, "K3", "=SUM(A1:A2)"))


def test_a_formula_written_by_openpyxl_is_an_error(tmp_path, registry):
    rows = fixture_sheet_rows(registry)
    rows[4][10] = "=40+2"   # cell K5: openpyxl writes <f>40+2</f><v></v>
    path = write_workbook(tmp_path / "formulas.xlsx", {"Enkät 2015": rows})
    assert "<f>40+2</f><v></v>" in sheet_xml(path) or "<f>40+2</f><v/>" in sheet_xml(path)
    assert_error(run_check(path), formula_error(path, "K5", "=40+2"))


def test_a_formula_with_its_stored_value_is_read(workbook, fixture_profile, catalog, registry):
    rewrite(workbook, SHEET, replace_cell("K3", '<c r="K3"><f>40+2.5</f><v>42.5</v></c>'))
    table = read(workbook, fixture_profile, catalog, registry)
    aneby = table[(table.unit == "0604") & (table.indicator == "andel_socionomexamen")]
    assert aneby.value.tolist() == [42.5]


def test_a_formula_whose_stored_text_is_empty_is_not_answered(workbook, fixture_profile,
                                                              catalog, registry):
    """=OM(...;"";...) stored as an empty text (t="str", an empty <v>) is a value: empty."""
    rewrite(workbook, SHEET, replace_cell("K3", '<c r="K3" t="str"><f>""</f><v></v></c>'))
    table = read(workbook, fixture_profile, catalog, registry)
    aneby = table[(table.unit == "0604") & (table.indicator == "andel_socionomexamen")]
    assert aneby.value.isna().all()


def test_a_formula_in_a_sheet_the_profile_does_not_read_is_no_error(tmp_path, registry):
    path = write_workbook(tmp_path / "two.xlsx", {"Enkät 2015": fixture_sheet_rows(registry),
                                                  "Anteckningar": [["=1+1"]]})
    assert run_check(path).exit_code == 0


def test_an_error_value_is_named_as_text(workbook):
    """calamine leaves an error value empty; the scan gives its text back, so "#N/A" is text
    where a number belongs, as before, not "not answered"."""
    rewrite(workbook, SHEET, replace_cell("K3", '<c r="K3" t="e"><v>#N/A</v></c>'))
    assert_error(run_check(workbook), f"{workbook}, sheet 'Enkät 2015', cell K3: '#N/A' is not "
                 "a number (indicator 'andel_socionomexamen' expects a number) (write a number "
                 "such as 54,3 or mark a missing value as empty)")


# -- headers ---------------------------------------------------------------------------------------
def test_the_same_header_twice_is_an_error(tmp_path, registry):
    """The first of two columns was taken silently."""
    rows = fixture_sheet_rows(registry)
    rows[1].append("andel_socionomexamen")   # a second column of that header, in Q
    for row in rows[2:]:
        row.append(99.0)
    path = write_workbook(tmp_path / "twice.xlsx", {"Enkät 2015": rows})
    assert (rows[1].index("andel_socionomexamen"), len(rows[1]) - 1) == (10, 16)
    assert_error(run_check(path), f"{path}, sheet 'Enkät 2015', cells K2 and Q2: the header "
                 "'andel_socionomexamen' stands in two columns, K and Q, so which of them holds "
                 "the values cannot be told (rename or delete one of the two columns)")


def test_a_header_the_profile_does_not_use_may_stand_twice(tmp_path, registry):
    rows = fixture_sheet_rows(registry)
    rows[1] += ["Kommentar", "Kommentar"]
    path = write_workbook(tmp_path / "comments.xlsx", {"Enkät 2015": rows})
    assert run_check(path).exit_code == 0


# -- counts and numbers ---------------------------------------------------------------------------
COUNTS_PROFILE = """\
[profile]
id = "counts-2015"
catalog = "ekonomiskt-bistand-2015"

[[sheets]]
name = "Kompetens 2015"
year = 2015
header_row = 1
code_header = "Kod"
[sheets.columns]
"Antal med socionomexamen" = "andel_socionomexamen:numerator"
"Antal handläggare" = "andel_socionomexamen:denominator"
"Timmar" = "stod_timmar_per_vecka:numerator"
"Tjänster" = "stod_timmar_per_vecka:denominator"
"""


def counts_workbook(tmp_path: Path, numerator: float, denominator: float) -> tuple[Path, Path]:
    profile = tmp_path / "counts.toml"
    profile.write_text(COUNTS_PROFILE, encoding="utf-8")
    rows = [["Kod", "Antal med socionomexamen", "Antal handläggare", "Timmar", "Tjänster"],
            ["0604", 3.0, 4.0, 30.0, 2.0],
            ["0680", numerator, denominator, 300.0, 2.0]]   # hours per post may exceed 1
    return write_workbook(tmp_path / "counts.xlsx", {"Kompetens 2015": rows}), profile


def test_a_numerator_above_its_denominator_is_an_error(tmp_path):
    """Accepted before: the county row printed "Socionomexamen, andel: 405,3 procent"."""
    path, profile = counts_workbook(tmp_path, 77.0, 19.0)
    assert_error(run_check(path, profile), f"{path}, sheet 'Kompetens 2015', cells B3 "
                 "(numerator) and C3 (denominator): the numerator 77 is larger than the "
                 "denominator 19 for indicator 'andel_socionomexamen' (a share in percent: it "
                 "would be 405,3 percent) (check the two counts: the numerator counts a part of "
                 "the denominator (correct the cells, or the profile's column roles))")


def test_a_share_of_all_and_rates_above_one_pass(tmp_path, catalog, registry):
    from regionreport.sources.profile import load_profile

    path, profile = counts_workbook(tmp_path, 19.0, 19.0)
    table = read_workbook(path, load_profile(profile), catalog, registry).frame()
    hours = table[(table.unit == "0680") & (table.indicator == "stod_timmar_per_vecka")]
    assert (hours.numerator.tolist(), hours.denominator.tolist()) == ([300.0], [2.0])


def test_a_numerator_above_its_denominator_in_a_tidy_csv_is_an_error(tmp_path, catalog,
                                                                     registry):
    path = tmp_path / "counts.csv"
    path.write_text("indicator,unit,year,value,numerator,denominator\n"
                    "andel_socionomexamen,0604,2015,50,2,4\n"
                    "andel_socionomexamen,0680,2015,80,40,10\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_tidy_csv(path, catalog, registry)
    assert str(caught.value) == (
        f"{path}, line 3: the numerator 40 is larger than the denominator 10 for indicator "
        "'andel_socionomexamen' (a share in percent: it would be 400 percent) (check the two "
        "counts: the numerator counts a part of the denominator (correct the cells, or the "
        "profile's column roles))")


@pytest.mark.parametrize("stored", ["1e999", "-1e999", "NaN"])
def test_a_cell_that_is_not_a_finite_number_is_an_error(workbook, stored):
    """1e999 is infinity: it passed `check` and crashed `build` in number formatting; NaN read
    as "not answered". Column P is stod_timmar_per_vecka (hours: no 0–100 range to stop it)."""
    rewrite(workbook, SHEET, replace_cell("P3", f'<c r="P3" t="n"><v>{stored}</v></c>'))
    shown = {"1e999": "inf", "-1e999": "-inf", "NaN": "nan"}[stored]
    assert_error(run_check(workbook), f"{workbook}, sheet 'Enkät 2015', cell P3: '{shown}' is "
                 "not a finite number (indicator 'stod_timmar_per_vecka') (write a number such "
                 "as 54,3 or mark a missing value as empty)")


def test_infinity_in_a_kolada_response_is_an_error(tmp_path):
    from regionreport.model.catalog import load_catalog
    from regionreport.model.registry import load_registry

    path = tmp_path / "kolada.json"
    path.write_text('{"count": 1, "next_page": null, "values": [{"kpi": "U31001", '
                    '"municipality": "0604", "period": 2014, "values": [{"gender": "T", '
                    '"count": 1, "status": "", "value": 1e999}]}]}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_kolada_json(path, load_catalog(DATA / "mini-catalog.toml"), load_registry())
    assert str(caught.value) == (
        f"{path}, values[0].values[0]: 'inf' is not a finite number (key 'value') (write a "
        "number such as 54,3 or mark a missing value as empty)")


def test_an_integer_too_large_for_a_float_is_an_error(tmp_path):
    from regionreport.model.catalog import load_catalog
    from regionreport.model.registry import load_registry

    path = tmp_path / "kolada.json"
    path.write_text(json.dumps({"count": 1, "next_page": None, "values": [
        {"kpi": "U31001", "municipality": "0604", "period": 2014,
         "values": [{"gender": "T", "count": 1, "status": "", "value": 10 ** 400}]}]}),
        encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_kolada_json(path, load_catalog(DATA / "mini-catalog.toml"), load_registry())
    assert "is not a finite number (key 'value')" in str(caught.value)
    assert "characters)" in str(caught.value)   # the 401 digits are shortened


# -- limits -----------------------------------------------------------------------------------------
def empty_rows_workbook(tmp_path: Path, workbook: Path, rows: int) -> Path:
    """The fixture with ``rows`` empty <row/> elements after its data, written as a stream:
    a few kilobytes on disk."""
    path = tmp_path / "endless.xlsx"
    text = sheet_xml(workbook)
    head, tail = text.split("</sheetData>")
    with zipfile.ZipFile(workbook) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info, source.read(info))
                continue
            with target.open(SHEET, "w", force_zip64=True) as part:
                part.write(head.encode())
                block = b"<row/>" * 100_000
                for _ in range(rows // 100_000):
                    part.write(block)
                part.write(b"<row/>" * (rows % 100_000))
                part.write(("</sheetData>" + tail).encode())
    return path


def test_more_rows_than_excel_allows_are_refused(tmp_path, workbook):
    """Endless empty rows: a 0.3 MB workbook of 52 million ran six minutes at 4.4 GiB and was
    accepted. The scan counts rows as it unpacks and stops at the first beyond Excel's."""
    path = empty_rows_workbook(tmp_path, workbook, 2_000_000)
    assert path.stat().st_size < 64 * 1024
    assert_error(run_check(path), f"{path}: sheet 'Enkät 2015' has more than 1 048 576 rows, "
                 "more than Excel allows (refused before parsing; check where the file came "
                 "from; save the sheet again from Excel)")


def test_a_row_beyond_excels_last_is_refused(workbook):
    rewrite(workbook, SHEET, lambda text: text.replace(
        "</sheetData>", '<row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData>'))
    assert_error(run_check(workbook), f"{workbook}: sheet 'Enkät 2015' names row '1048577', "
                 "beyond Excel's last row 1 048 576 (refused before parsing; check where the "
                 "file came from)")


def test_a_cell_far_from_the_others_is_refused_before_it_is_read(workbook):
    """A1 and XFD1048576 would make the reader allocate 17 billion cells (the process ended
    with "memory allocation of 549755813888 bytes failed")."""
    rewrite(workbook, SHEET, lambda text: text.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))
    assert_error(run_check(workbook), f"{workbook}: sheet 'Enkät 2015' spans 1 048 576 rows × "
                 "16 384 columns from A1, more than the 2 000 000 cells a result sheet may have "
                 "(refused before parsing; check where the file came from)")


def test_a_sheet_the_profile_does_not_read_is_held_to_the_limits(tmp_path, registry):
    path = write_workbook(tmp_path / "two.xlsx", {"Enkät 2015": fixture_sheet_rows(registry),
                                                  "Stort": [["x"]]})
    rewrite(path, "xl/worksheets/sheet2.xml", lambda text: text.replace(
        "</sheetData>", '<row r="9"><c r="XFE9"><v>1</v></c></row></sheetData>'))
    assert_error(run_check(path), f"{path}: part 'xl/worksheets/sheet2.xml' names column 'XFE', "
                 "beyond Excel's last column XFD (refused before parsing; check where the file "
                 "came from)")


def test_a_shared_string_table_that_declares_billions_is_refused(workbook):
    """The reader reserves room for uniqueCount strings before reading one."""
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.'
           'org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>x</t></si>'
           '</sst>')
    with zipfile.ZipFile(workbook, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", sst)
    assert_error(run_check(workbook), f"{workbook}: part 'xl/sharedStrings.xml' declares "
                 "4 000 000 000 shared strings, more than the 2 000 000 allowed (refused before "
                 "parsing; check where the file came from)")


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_sheets_written_otherwise_are_walked_tag_by_tag(tmp_path, prefix):
    """Namespace prefixes and cells without r are read (placed as Excel places them), and
    held to the same checks."""
    xml = (f'<{prefix}worksheet xmlns{":x" if prefix else ""}="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main"><{prefix}sheetData>'
           f'<{prefix}row><{prefix}c t="inlineStr"><{prefix}is><{prefix}t>Kod</{prefix}t>'
           f'</{prefix}is></{prefix}c><{prefix}c><{prefix}f>1+1</{prefix}f></{prefix}c>'
           f'</{prefix}row></{prefix}sheetData></{prefix}worksheet>')
    facts = scan(tmp_path, xml, expect_error=True)
    assert facts == ("cell B1: the cell holds a formula (=1+1) without a stored value, so what "
                     "it shows in Excel is not in the file")


def scan(tmp_path: Path, xml: str, *, expect_error: bool = False):
    path = write_workbook(tmp_path / "scan.xlsx", {"S": [["x"]]})
    rewrite(path, SHEET, lambda _: xml)
    if not expect_error:
        return xlsx_scan.scan_workbook(path, ["S"])
    with pytest.raises(InputError) as caught:
        xlsx_scan.scan_workbook(path, ["S"])
    return f"{caught.value.place.split(', ', 1)[1]}: {caught.value.problem}"


def test_error_values_are_found_in_a_sheet_walked_tag_by_tag(tmp_path):
    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData><row r="2"><c t="n"><v>1</v></c><c t=\'e\'><v>#DIV/0!</v></c>'
           '<c r="E2" t="e"><v>#N/A</v></c></row></sheetData></worksheet>')
    assert scan(tmp_path, xml)["S"].errors == {(2, 2): "#DIV/0!", (2, 5): "#N/A"}


# -- the archive ------------------------------------------------------------------------------------
def test_a_part_that_unpacks_to_more_than_its_header_says_is_refused(workbook):
    """The unpacked-size limit sums the sizes the headers declare; the scan holds each part to
    its own."""
    with zipfile.ZipFile(workbook) as archive:
        info = archive.getinfo(SHEET)
        declared = info.file_size
    data = bytearray(workbook.read_bytes())
    central = data.rfind(b"PK\x01\x02", 0, data.find(b"PK\x05\x06"))
    while not data[central + 46:].startswith(SHEET.encode()):
        central = data.rfind(b"PK\x01\x02", 0, central)
    struct.pack_into("<I", data, central + 24, 1000)   # the central directory's size
    workbook.write_bytes(bytes(data))
    assert declared > 1000
    assert_error(run_check(workbook), f"{workbook}: part 'xl/worksheets/sheet1.xml' unpacks to "
                 "more than the 1000 bytes its header says (refused before parsing; check where "
                 "the file came from)")


def test_a_part_given_twice_is_refused(workbook):
    with zipfile.ZipFile(workbook, "a") as archive:
        archive.writestr("XL/Worksheets/Sheet1.xml", "<worksheet/>")
    assert_error(run_check(workbook), f"{workbook}: the archive holds the part "
                 "'XL/Worksheets/Sheet1.xml' twice (also as 'xl/worksheets/sheet1.xml') "
                 "(refused before parsing; check where the file came from)")


def test_a_part_in_utf16_is_refused(workbook):
    with zipfile.ZipFile(workbook) as source:
        items = [(i, source.read(i)) for i in source.infolist()]
    with zipfile.ZipFile(workbook, "w") as target:
        for info, data in items:
            if info.filename == SHEET:
                data = data.decode().encode("utf-16")
            target.writestr(info, data)
    assert_error(run_check(workbook), f"{workbook}: sheet 'Enkät 2015' is not UTF-8 XML (open "
                 "the workbook in Excel and save it again as .xlsx)")


# -- files that are not workbooks -------------------------------------------------------------------
def test_a_password_protected_workbook_is_named_as_such(tmp_path):
    """Excel saves an encrypted workbook as an OLE compound file holding "EncryptionInfo"
    (tests/data/encrypted.xlsx: encrypted with msoffcrypto-tool, password "hemligt"); it was
    told to "save the file as Excel-arbetsbok"."""
    path = DATA / "encrypted.xlsx"
    assert path.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    assert_error(run_check(path), f"{path}: is a password-protected (encrypted) workbook, which "
                 "cannot be read (open it in Excel with the password and save a copy without "
                 "one (Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord: clear the "
                 "password), then give that copy)")


def test_an_old_excel_file_is_named_as_such(tmp_path):
    path = tmp_path / "gammal.xlsx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + "Workbook".encode(
        "utf-16-le"))
    assert_error(run_check(path), f"{path}: is a workbook of Excel's old format (.xls) or another "
                 "OLE file, not an Excel workbook (.xlsx) (open it in Excel and save it as "
                 "'Excel-arbetsbok (.xlsx)')")


def test_a_sheet_with_excels_extensions_is_scanned_by_the_quick_path(workbook, monkeypatch):
    """Excel writes prefixed extension tags (<mc:AlternateContent>, <x14:…>) into sheets; they
    do not send the sheet to the tag-by-tag walk."""
    rewrite(workbook, SHEET, lambda text: text.replace(
        "</worksheet>", '<extLst><ext uri="{78C0D931}" xmlns:x14="http://schemas.microsoft.com/'
                        'office/spreadsheetml/2009/9/main"><x14:conditionalFormattings/></ext>'
                        '</extLst></worksheet>'))

    class NoWalk:
        def __init__(self, *args):
            raise AssertionError("walked tag by tag")

    monkeypatch.setattr(xlsx_scan, "_Walker", NoWalk)
    assert xlsx_scan.scan_workbook(workbook, ["Enkät 2015"])["Enkät 2015"].errors == {}
