"""Göteborgsregionen: 13 kommuner, Göteborg as its 10 stadsdelar, two counties, all as data."""

from __future__ import annotations

import re

import openpyxl
import pytest
from pypdf import PdfReader

from regionreport import paths
from regionreport.numbers import format_number
from regionreport.runner import build_report, load_report_layout, prepare

LAYOUT = paths.layouts_dir() / "goteborgsregionen-2015.toml"
GR_KOMMUNER = {"1384", "1401", "1402", "1407", "1415", "1419", "1440", "1441", "1462", "1480",
               "1481", "1482", "1489"}


@pytest.fixture(scope="module")
def gr(sample_workbook, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gr")
    layout = load_report_layout(LAYOUT)
    prepared = prepare(layout, data_files=[sample_workbook.path], cache_dir=folder / "cache")
    result = build_report(LAYOUT, folder / "gr.pdf", data_files=[sample_workbook.path],
                          cache_dir=folder / "cache")
    reader = PdfReader(result.output)
    return prepared, [p.extract_text(extraction_mode="layout") for p in reader.pages]


def sheet_answers(path, sheet_name, header):
    """code -> answer of one column of the sample workbook, read with openpyxl directly."""
    sheet = openpyxl.load_workbook(path, read_only=True)[sheet_name]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    column = rows[0].index(header)
    return {row[0]: row[column] for row in rows[1:] if row[0]}


def test_gr_row_is_the_rule_applied_by_hand(gr, sample_workbook, registry):
    prepared, _ = gr
    answers = sheet_answers(sample_workbook.path, "Samordning 2015",
                            "Överenskommelse med Arbetsförmedlingen")
    # GR's units: the 12 kommuner besides Göteborg, and Göteborg's 10 stadsdelar (1480xx).
    units = [c for c in answers if c in GR_KOMMUNER - {"1480"} or c.startswith("1480")]
    assert len(units) == 22
    answered = [answers[c] for c in units if answers[c] not in (None, "")]
    positive = sum(1 for a in answered if a in ("Ja", "Ny överenskommelse"))
    expected = format_number(100 * positive / len(answered), 1)
    table = prepared.document.tables()[1]
    columns = [h.text for h in table.header[0] for _ in range(h.span)]
    years = [h.text for h in table.header[1]]
    column = next(i for i, (c, y) in enumerate(zip(columns, years))
                  if c == "Överensk. Arbetsförmedlingen" and y == "2015")
    gr_row = next(r for r in table.rows if r.role == "region")
    assert gr_row.cells[0].text == "Göteborgsregionen"
    assert gr_row.cells[column].text == expected


def test_kungsbacka_stands_with_hallands_lan(gr, registry):
    prepared, texts = gr
    background = prepared.document.tables()[0]
    kungsbacka = next(r for r in background.rows if r.cells[0].text == "Kungsbacka")
    assert kungsbacka.cells[1].text == "13"
    assert registry.unit("1384").county_code == "13"
    comparison = [r.cells[0].text for r in prepared.document.tables()[1].rows
                  if r.role in ("comparison", "riket")]
    assert comparison == ["Västra Götalands län", "Hallands län", "Riket"]


def test_every_unit_exactly_once_in_each_area_table(gr, registry):
    prepared, texts = gr
    names = sorted({registry.unit(c).name for c in GR_KOMMUNER - {"1480"}}
                   | {u.name for u in registry.stadsdelar_of("1480", 2015)})
    assert len(names) == 22
    for table in prepared.document.tables()[1:]:
        label = table.caption.split(":")[0] + ":"
        pages = [t for t in texts if label in t]
        assert pages, label
        # each page's part of the table: from its caption to the notes (a chart may follow)
        end = table.notes[-1][:30]
        parts = [page[page.index(label):] for page in pages]
        parts = [part[:part.index(end)] if end in part else part for part in parts]
        lines = [line.strip() for part in parts for line in part.splitlines()]
        for name in names:
            count = sum(1 for line in lines if re.match(re.escape(name) + r"\s{2,}\d", line))
            assert count == 1, f"{table.caption}: {name} appears {count} times"
        assert not any(re.match(r"Göteborg\s{2,}\d", line) for line in lines), \
            "Göteborg is counted through its stadsdelar"


def test_charts_tell_the_two_counties_apart(gr):
    """In black and white the two county reference lines need different dash patterns, and
    the captions name every region drawn."""
    prepared, _ = gr
    charts = prepared.document.charts()
    bars = [c for c in charts if hasattr(c.spec, "references")]
    assert bars
    for chart in bars:
        styles = {r.label.rsplit(" ", 1)[0]: r.style for r in chart.spec.references}
        assert styles == {"Göteborgsregionen": "region", "Västra Götalands län": "other",
                          "Hallands län": "other2", "Riket": "riket"}
        assert ("med Göteborgsregionen, Västra Götalands län, Hallands län och riket som "
                "referenslinjer.") in chart.caption
    series = [c for c in charts if not hasattr(c.spec, "references")]
    assert series and all(c.caption.endswith(
        ", Göteborgsregionen, Västra Götalands län, Hallands län och riket.") for c in series)
    # the series take their line styles in this order: solid, dashed, dotted, dash-dotted,
    # the same as the reference lines of the bar charts
    for chart in series:
        assert [name for name, _ in chart.spec.series] == [
            "Göteborgsregionen", "Riket", "Västra Götalands län", "Hallands län"]


def test_stadsdelar_are_set_in_under_their_city(gr, registry):
    """After the group row "Göteborg, stadsdelar:" the stadsdelar are indented, so that the
    kommuner that follow them (Härryda, ...) do not read as stadsdelar."""
    prepared, _ = gr
    for table in prepared.document.tables():
        units = [row for row in table.rows if row.role == "unit"]
        stadsdelar = {u.name for u in registry.stadsdelar_of("1480", 2015)}
        assert {row.cells[0].text for row in units if row.indent} == stadsdelar
        assert any(row.role == "group" for row in table.rows)
