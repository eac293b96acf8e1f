"""The analysts' workbook (`regionreport xlsx`) of the Jönköping 2015 report, read back with
openpyxl and compared with the composed report: the Data sheet's values are the report's
tables' values, every table sheet is one filterable list with codes and numbers, the sheet
names are Excel's and keep their meaning.

The document is composed and the workbook written once per module (a shared cache folder
keeps the further exports fast).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from regionreport import paths, runner as report
from regionreport.aggregate import RegionValue
from regionreport.cli import main
from regionreport.compose.workbook_data import formed
from regionreport.compose.workbook_names import split_part, table_sheet_name
from regionreport.config.labels import ADDED_AFTER_0_2, Labels, load_labels
from regionreport.config.theme import load_theme
from regionreport.document import Cell, Document, HeaderCell, LegendItem, Meta, Row, Table
from regionreport.errors import InputError
from regionreport.render.xlsx import number_format, render_xlsx
from regionreport.runner import XlsxResult, write_report_xlsx

LAYOUT = paths.layouts_dir() / "jonkoping-2015.toml"
GR_LAYOUT = paths.layouts_dir() / "goteborgsregionen-2015.toml"
THEME = load_theme(paths.layouts_dir() / "themes" / "default.toml")
LABELS = load_labels()
DATA_HEADERS = ["kommunkod", "namn", "län", "nivå", "indikator-id", "indikator", "år", "svar",
                "värde", "täljare", "nämnare", "värdet bildat som", "beräknat värde"]
JONKOPING_KOMMUNER = ["0604", "0617", "0642", "0643", "0662", "0665", "0680", "0682", "0683",
                      "0684", "0685", "0686", "0687"]


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
def table_sheets(prepared, book):
    """(report table, its sheet) in document order: the sheets after Innehåll and Data."""
    tables = prepared.document.tables()
    return list(zip(tables, book.worksheets[2:2 + len(tables)]))


@pytest.fixture(scope="module")
def data_rows(book) -> list[dict]:
    sheet = book["Data"]
    headers = [c.value for c in sheet[1]]
    return [dict(zip(headers, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def records(sheet) -> list[tuple]:
    """The rows of a sheet's filtered list (header excluded)."""
    last = int(re.search(r"\d+$", sheet.auto_filter.ref).group())
    return list(sheet.iter_rows(min_row=2, max_row=last))


# -- sheets and their names -----------------------------------------------------------------------
def test_contents_and_data_first_a_sheet_per_table_then_the_indicators(prepared, book,
                                                                       exported):
    tables = prepared.document.tables()
    assert len(book.sheetnames) == len(tables) + 3 == exported.sheets
    assert book.sheetnames[:3] == ["Innehåll", "Data", "T1 Bakgrund"]
    assert book.sheetnames[-1] == "Indikatorer"
    assert "T2 Intern, extern samordning 1" in book.sheetnames
    assert "T7 Tillgänglighet" in book.sheetnames
    for name in book.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert len({n.casefold() for n in book.sheetnames}) == len(book.sheetnames)


def _meaning_kept(name: str, table: Table, number: int) -> None:
    """A sheet name is the table's number and its subject, or the subject's short name from
    the labels, with the part's number; a shorter form of the subject is marked "…"."""
    subject, part = split_part(table.subject, LABELS["table"]["part_title"])
    prefix, suffix = f"T{number} ", f" {part}" if part else ""
    assert name.startswith(prefix) and name.endswith(suffix), name
    shown = name[len(prefix):len(name) - len(suffix)]
    short = LABELS["xlsx"]["sheet_names"].get(subject)
    if shown not in (subject, short):
        assert shown.endswith("…"), f"{name!r} cuts {subject!r} without a mark"
    assert not (shown != subject and subject.startswith(shown) and not shown.endswith("…"))


@pytest.mark.parametrize("layout", [LAYOUT, GR_LAYOUT], ids=["jonkoping", "gr"])
def test_sheet_names_keep_their_meaning(layout, sample_workbook, cache, tmp_path):
    prepared = report.prepare(report.load_report_layout(layout),
                              data_files=[sample_workbook.path], cache_dir=cache)
    output = write_report_xlsx(layout, tmp_path / "book.xlsx",
                               data_files=[sample_workbook.path], cache_dir=cache).output
    names = openpyxl.load_workbook(output, read_only=True).sheetnames
    tables = prepared.document.tables()
    for number, (table, name) in enumerate(zip(tables, names[2:]), start=1):
        _meaning_kept(name, table, number)
        assert not name.endswith("…")        # every sample subject fits or has a short name


def test_the_two_parts_of_a_split_table_are_numbered(book, prepared):
    captions = [t.caption for t in prepared.document.tables()]
    assert "(del 1 av 2)" in captions[1] and "(del 2 av 2)" in captions[2]
    assert book.sheetnames[3:5] == ["T2 Intern, extern samordning 1",
                                    "T3 Intern, extern samordning 2"]
    assert "(del 1 av 2)" in captions[4] and "(del 2 av 2)" in captions[5]
    assert book.sheetnames[6:8] == ["T5 Uppföljning, genomförande 1",
                                    "T6 Uppföljning, genomförande 2"]


def _named(subject: str, number: int = 3, labels: Labels = LABELS, taken=None) -> str:
    table = Table(key=f"table-{number}", caption="", subject=subject, header=(), rows=(),
                  column_widths_mm=())
    return table_sheet_name(table, number, labels, set() if taken is None else taken)


def test_a_long_subject_without_a_short_name_is_cut_at_a_word_and_marked():
    name = _named("Stöd till anhöriga som vårdar närstående äldre personer")
    assert name == "T3 Stöd till anhöriga som…"
    assert _named("Ekonomiskt bistånd (del 2 av 3)") == "T3 Ekonomiskt bistånd 2"
    assert _named("Frågor [a/b]*?") == "T3 Frågor a b"
    assert _named("Omfattning av ekonomiskt bistånd", 12) == "T12 Omfattning av ek. bistånd"
    assert _named("Vårdkedjor" * 4) .endswith("…")
    assert len(_named("Vårdkedjor" * 4)) == 31
    taken = {"t3 bakgrund"}
    assert _named("Bakgrund", taken=taken) == "T3 Bakgrund (2)"


def test_a_layout_may_name_a_sheet_in_its_labels():
    labels = load_labels(overlays=(({"xlsx": {"sheet_names": {
        "Stöd till anhöriga som vårdar närstående äldre personer": "Anhörigstöd, äldre"}}},
        LAYOUT),))
    assert _named("Stöd till anhöriga som vårdar närstående äldre personer", labels=labels) \
        == "T3 Anhörigstöd, äldre"


def test_contents_sheet_lists_every_sheet_with_its_full_caption_and_notes(book, table_sheets):
    sheet = book["Innehåll"]
    assert [c.value for c in sheet[1]] == ["Blad", "Tabell", "Rubrik", "Anmärkningar"]
    listed = {row[0].value: row for row in records(sheet)}
    assert list(listed) == book.sheetnames[1:]
    for number, (table, table_sheet) in enumerate(table_sheets, start=1):
        row = listed[table_sheet.title]
        assert row[1].value == number and isinstance(row[1].value, int)
        assert row[2].value == table.caption
        assert (row[3].value or "") == "\n".join(table.notes)
    assert "Data" in listed and listed["Data"][2].value.startswith("En rad per enhet")


def test_contents_sheet_holds_the_legend_below_its_list(book, prepared):
    sheet = book["Innehåll"]
    last = len(records(sheet)) + 1
    below = {c.value: c for c in sheet["A"][last:] if c.value}
    assert sheet.cell(last + 1, 1).value is None               # an empty row first
    legend = {item.style: item.text for t in prepared.document.tables() for item in t.legend}
    assert below[legend[""]].font.b
    for style, text in legend.items():
        if style:
            assert below[text].fill.fgColor.rgb == argb(style)


# -- table sheets ---------------------------------------------------------------------------------
def test_every_table_sheet_is_one_filterable_list(table_sheets):
    for table, sheet in table_sheets:
        header = [c.value for c in sheet[1]]
        assert all(isinstance(h, str) and h for h in header), sheet.title
        assert header[:3] == ["Kod", table.header[-1][0].text, "Nivå"]
        rows = records(sheet)
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}" \
                                        f"{len(rows) + 1}"
        assert not sheet.merged_cells.ranges, sheet.title
        assert sheet.freeze_panes == "C2"
        shown = [r for r in table.rows if r.role != "group"]
        assert [r[1].value for r in rows] == [r.cells[0].text for r in shown]
        for row in rows:                      # a code in its own column, kept as text
            assert isinstance(row[0].value, str) and row[0].value, sheet.title
        assert sheet[2][0].value in JONKOPING_KOMMUNER


def test_table_headers_name_the_indicator_and_the_year(book):
    header = [c.value for c in book["T2 Intern, extern samordning 1"][1]]
    assert "Överensk. Arbetsförmedlingen 2014" in header
    assert "Överensk. Arbetsförmedlingen 2015" in header


NUMBER_AS_TEXT = re.compile(r"^[−-]?\d[\d\u202f ]*(,\d+)?( \(\d+\))?$")
CODE_COLUMNS = ("Kod", "Länskod", "Kommungrupp", "Kommungrupp (SKL 2011)")


def test_numbers_are_numbers(table_sheets):
    for table, sheet in table_sheets:
        header = [c.value for c in sheet[1]]
        for row in records(sheet):
            for cell in row:
                if isinstance(cell.value, str) and header[cell.column - 1] not in CODE_COLUMNS:
                    assert not NUMBER_AS_TEXT.match(cell.value), \
                        f"{sheet.title}!{cell.coordinate} {cell.value!r}"
        for source_row, row in zip([r for r in table.rows if r.role != "group"],
                                   records(sheet)):
            numbers = [c.value for c in source_row.cells if c.value is not None]
            found = [c.value for c in row if isinstance(c.value, (int, float))]
            assert all(any(math.isclose(n, f) for f in found) for n in numbers), sheet.title


def test_this_year_and_last_in_one_cell_become_two_number_columns(book, prepared):
    sheet = book["T1 Bakgrund"]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["Socioekonomisk nyckel 2015", "Socioekonomisk nyckel 2014"]
    background = prepared.document.tables()[0]
    for source, row in zip(background.rows, records(sheet)):
        this, last = source.cells[-1].text.replace(")", "").split(" (")
        assert (row[-2].value, row[-1].value) == (int(this), int(last))
        assert row[-2].number_format == "#,##0"


def test_county_and_riket_values_of_the_agreement_with_arbetsformedlingen(book):
    sheet = book["T2 Intern, extern samordning 1"]
    column = [c.value for c in sheet[1]].index("Överensk. Arbetsförmedlingen 2015") + 1
    rows = {r[1].value: r for r in records(sheet)}
    county, riket = rows["Jönköpings län"][column - 1], rows["Riket"][column - 1]
    assert rows["Jönköpings län"][0].value == "06" and rows["Riket"][0].value == "00"
    assert rows["Jönköpings län"][2].value == "län"
    assert county.value == pytest.approx(69.2) and county.number_format == "#,##0.0"
    assert riket.value == pytest.approx(42.8)
    assert county.font.b
    assert county.fill.fgColor.rgb == argb("region_row_fill")
    assert riket.fill.fgColor.rgb == argb("riket_row_fill")


def test_answers_are_filled_with_the_theme_colours_and_missing_is_empty(book):
    sheet = book["T2 Intern, extern samordning 1"]
    cells = [c for row in records(sheet) for c in row]
    yes = next(c for c in cells if c.value == "Ja")
    no = next(c for c in cells if c.value == "Nej")
    assert yes.fill.fgColor.rgb == argb("positive")
    assert no.fill.fgColor.rgb == argb("negative")
    assert yes.border.left.style == "thin"
    assert not any(c.value == "–" for c in cells)


def test_column_widths(book):
    sheet = book["T2 Intern, extern samordning 1"]
    assert 6 <= sheet.column_dimensions["A"].width <= 8
    assert sheet.column_dimensions["B"].width >= len("Jönköpings län")
    assert 10 <= sheet.column_dimensions["H"].width <= 40
    assert sheet["H1"].alignment.wrap_text


# -- the Data sheet -------------------------------------------------------------------------------
def test_data_sheet_columns(book):
    sheet = book["Data"]
    assert [c.value for c in sheet[1]] == DATA_HEADERS
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:M{sheet.max_row}"
    assert not sheet.merged_cells.ranges
    first = sheet[2]
    assert first[0].value == "0604" and first[0].data_type == "s"
    assert first[6].value == 2014 and first[6].number_format == "0"
    assert sheet.column_dimensions["L"].width >= 30


def _indicator_columns(table: Table, catalog) -> dict[int, tuple[str, int]]:
    """Column -> (indicator id, year) of a printed results table, from its two header rows."""
    if len(table.header) < 2:
        return {}
    by_name = {i.short_name: i.id for i in catalog.indicators}
    columns, position = {}, 0
    for top in table.header[0]:
        for offset in range(top.span):
            year = table.header[1][position + offset].text
            if top.text in by_name:
                columns[position + offset] = (by_name[top.text], int(year))
        position += top.span
    return columns


def test_data_sheet_values_equal_the_reports_tables(prepared, data_rows):
    """Every unit's, the county's and Riket's answer or value in every results table of the
    report is the Data sheet's row of that unit, indicator and year."""
    found = {(r["namn"], r["indikator-id"], r["år"]): r for r in data_rows}
    catalog = prepared.inputs.catalog
    checked = 0
    for table in prepared.document.tables():
        for column, (indicator_id, year) in _indicator_columns(table, catalog).items():
            indicator = catalog.indicator(indicator_id)
            for row in table.rows:
                if row.role == "group":
                    continue
                cell = row.cells[column]
                data = found[(row.cells[0].text, indicator_id, year)]
                if cell.value is not None:
                    assert data["värde"] == pytest.approx(cell.value, abs=1e-9), cell
                elif row.role == "unit" and indicator.is_categorical:
                    assert data["svar"] == (None if cell.style == "missing" else cell.text)
                else:
                    assert cell.style == "missing" and data["värde"] is None
                checked += 1
    assert checked > 500


def test_data_sheet_covers_every_unit_in_the_survey_and_register_years(prepared, data_rows):
    catalog = prepared.inputs.catalog
    survey = [i.id for i in catalog.by_source("survey")]
    register = [i.id for i in catalog.by_source("register")]
    years: dict[str, set[int]] = {}
    for row in data_rows:
        years.setdefault(row["indikator-id"], set()).add(row["år"])
        assert row["indikator-id"] in survey + register + [
            c.id for c in catalog.background_columns]
    assert all(2015 in years[i] and years[i] <= {2014, 2015} for i in survey)
    assert sum(years[i] == {2014, 2015} for i in survey) > 20     # new ones have one year
    assert all(years[i] == {2011, 2012, 2013, 2014} for i in register)
    agreement = [r for r in data_rows if r["indikator-id"] == "overensk_af" and r["år"] == 2015]
    assert [r["kommunkod"] for r in agreement] == [
        r["kommunkod"] for r in agreement if r["nivå"] == "kommun"] + ["06", "00"]
    assert sorted(r["kommunkod"] for r in agreement if r["nivå"] == "kommun") \
        == JONKOPING_KOMMUNER


def test_data_sheet_counts_and_rules_of_the_county(prepared, data_rows):
    rows = {(r["kommunkod"], r["indikator-id"], r["år"]): r for r in data_rows}
    share = rows[("06", "overensk_af", 2015)]
    assert share["täljare"] == 9 and share["nämnare"] == 13      # 69,2 % of 13
    assert share["värdet bildat som"] == \
        "publicerat; beräknat (andel positiva svar) ger samma värde"
    assert share["beräknat värde"] == pytest.approx(100 * 9 / 13)
    weighted = rows[("06", "andel_bistandsmottagare", 2014)]
    units = [r for (code, i, y), r in rows.items()
             if i == "andel_bistandsmottagare" and y == 2014 and code in JONKOPING_KOMMUNER]
    assert weighted["beräknat värde"] == pytest.approx(
        100 * sum(r["täljare"] for r in units) / sum(r["nämnare"] for r in units))
    assert "viktat: summa täljare / summa nämnare" in weighted["värdet bildat som"]
    aneby = rows[("0604", "overensk_af", 2015)]
    assert aneby["nivå"] == "kommun" and aneby["län"] == "06" and aneby["svar"] == "Nej"
    assert aneby["värdet bildat som"] is None


def _value(**changes) -> RegionValue:
    fields = dict(indicator="x", year=2021, region="08", value=12.0, method="weighted",
                  units=(), responding=3, positive=None, nonresponding=(), published=None)
    fields.update(changes)
    return RegionValue(**fields)


def test_how_a_region_value_was_formed(prepared):
    context = report.workbook_context(prepared, report.load_look(prepared.layout))
    weighted = prepared.inputs.catalog.indicator("andel_bistandsmottagare")
    assert formed(context, LABELS, weighted, _value()) == \
        "viktat: summa täljare / summa nämnare"
    assert formed(context, LABELS, weighted, _value(method="mean")) == "oviktat medelvärde"
    assert formed(context, LABELS, weighted, _value(published=12.04)) == \
        "publicerat; beräknat (viktat: summa täljare / summa nämnare) ger samma värde"
    assert formed(context, LABELS, weighted, _value(published=13.0)) == \
        "publicerat; beräknat (viktat: summa täljare / summa nämnare) ger ett annat värde"
    assert formed(context, LABELS, weighted, _value(method="mean", published=13.0)) == \
        "publicerat; kan inte återskapas ur data: täljare och nämnare saknas " \
        "(oviktat medelvärde ger ett annat värde)"
    assert formed(context, LABELS, weighted, _value(value=None, published=1.0)) == \
        "publicerat; kan inte beräknas: inga enheters värden"


def test_gr_data_sheet_has_stadsdelar_and_the_region(sample_workbook, cache, tmp_path):
    output = write_report_xlsx(GR_LAYOUT, tmp_path / "gr.xlsx",
                               data_files=[sample_workbook.path], cache_dir=cache).output
    book = openpyxl.load_workbook(output, read_only=True)
    sheet = book["Data"]
    rows = [dict(zip(DATA_HEADERS, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    angered = next(r for r in rows if r["namn"] == "Angered")
    assert angered["nivå"] == "stadsdel" and angered["län"] == "14"
    region = next(r for r in rows if r["nivå"] == "region"
                  and r["indikator-id"] == "overensk_af" and r["år"] == 2015)
    units = [r for r in rows if r["indikator-id"] == "overensk_af" and r["år"] == 2015
             and r["nivå"] in ("kommun", "stadsdel")]
    answering = [r for r in units if r["svar"] is not None]
    assert region["värdet bildat som"] == "andel positiva svar"
    assert region["nämnare"] == len(answering)
    assert region["värde"] == pytest.approx(100 * region["täljare"] / len(answering))


# -- the indicator sheet, the file ----------------------------------------------------------------
def test_number_formats_show_the_decimals():
    assert number_format(0) == "#,##0"
    assert number_format(1) == "#,##0.0"
    assert number_format(2) == "#,##0.00"
    assert number_format(0, grouped=False) == "0"


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


def test_labels_written_before_the_data_sheet_take_its_texts_from_the_bundled_file(tmp_path):
    text = paths.labels_path().read_text(encoding="utf-8")
    for table in ("data", "table", "levels", "rules", "sheet_names"):
        text = re.sub(rf"\n\[xlsx\.{table}\]\n(.+\n)+", "\n", text)
    for key in ADDED_AFTER_0_2[("xlsx",)]:
        text = re.sub(rf"\n{key} = .*", "", text)
    old = tmp_path / "sv.toml"
    old.write_text(text, encoding="utf-8")
    labels = load_labels(old)
    assert "[xlsx.data]" not in text and "data_sheet" not in text
    assert labels["xlsx"]["data"]["code"] == "kommunkod"
    assert labels["xlsx"]["data_sheet"] == "Data"
    assert labels["xlsx"]["sheet_names"] == LABELS["xlsx"]["sheet_names"]


# -- small documents ------------------------------------------------------------------------------
def test_formula_like_text_and_summary_fills(tmp_path):
    meta = Meta(title="T", region="R", organisation="O", author="", date="", subject="")
    rows = [Row((Cell("0604", align="left"), Cell("=SUM(A1)", align="left"),
                 Cell("1,5", value=1.5, decimals=1), Cell("2015", value=2015, decimals=0),
                 Cell("12\u202f345", value=12345, decimals=0))),
            Row((Cell("00", align="left"), Cell("Riket", align="left"),
                 Cell("", style="missing"), Cell(""), Cell("")), role="riket")]
    table = Table(key="t", caption="", subject="Intern och extern samordning",
                  header=(tuple(HeaderCell(h) for h in ("Kod", "Namn", "V", "År", "N")),),
                  rows=tuple(rows), column_widths_mm=(None,) * 5, kind="records",
                  frozen_columns=2, legend=(LegendItem("", "Teckenförklaring:"),
                                            LegendItem("missing", "Uppgift saknas")),
                  notes=("En anmärkning.",))
    output = tmp_path / "small.xlsx"
    assert render_xlsx(Document(meta, (table,)), THEME, output) == 1
    sheet = openpyxl.load_workbook(output)["Intern och extern samordning"]
    assert sheet["A2"].value == "0604" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "=SUM(A1)" and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == 1.5 and sheet["C2"].number_format == "#,##0.0"
    assert sheet["D2"].number_format == "0" and sheet["E2"].number_format == "#,##0"
    assert sheet.auto_filter.ref == "A1:E3" and sheet.freeze_panes == "C2"
    # a summary row keeps its fill in every cell, as in the PDF (render.roles)
    assert sheet["B3"].fill.fgColor.rgb == argb("riket_row_fill")
    assert sheet["C3"].value is None and sheet["C3"].fill.fgColor.rgb == argb("riket_row_fill")
    assert sheet["A5"].value == "Teckenförklaring:" and sheet["A6"].value == "Uppgift saknas"
    assert sheet["A8"].value == "En anmärkning."


def test_a_results_table_is_not_written_as_it_is_printed(tmp_path):
    meta = Meta(title="T", region="R", organisation="O", author="", date="", subject="")
    table = Table(key="t", caption="c", subject="S", header=((HeaderCell("A"),),), rows=(),
                  column_widths_mm=(None,))
    with pytest.raises(ValueError, match="records and definitions"):
        render_xlsx(Document(meta, (table,)), THEME, tmp_path / "x.xlsx")
