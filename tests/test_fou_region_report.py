"""FoU Vätterbygden: six kommuner in two counties, SKR 2023 groups and a subset of the
indicators, all as data (layouts/vatterbygden-2015.toml), read back from the PDF.

The expected values come from the sample workbook (loaded with ``load_inputs``) and the
layout file itself, not from the composed document: what a reader would check with the
workbook open beside the report.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from pypdf import PdfReader

from regionreport import paths
from regionreport.numbers import format_number
from regionreport.runner import build_report
from regionreport.sources.loading import load_inputs

LAYOUT = paths.layouts_dir() / "vatterbygden-2015.toml"
MEMBERS = ["0643", "0642", "0680", "1446", "1497", "1498"]
# SKR's 2023 groups of the members (kommungrupper.csv); under SKL 2011 Jönköping is "3".
SKR_2023 = {"0643": "B4", "0642": "B4", "0680": "B3", "1446": "C7", "1497": "C7",
            "1498": "C7"}
MISSING = "–"


def squeeze(text: str) -> str:
    """Text without white space, hyphens and quartile marks, so wrapped cells compare."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u25b2\u25bc]", "", text)


@pytest.fixture(scope="module")
def layout_data() -> dict:
    with LAYOUT.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def inputs(sample_workbook, layout_data):
    return load_inputs([sample_workbook.path], layout_data["data"]["profile"],
                       layout_data["data"]["catalog"])


@pytest.fixture(scope="module")
def report(sample_workbook, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fou")
    result = build_report(LAYOUT, folder / "vatterbygden-2015.pdf",
                          data_files=[sample_workbook.path], cache_dir=folder / "cache")
    reader = PdfReader(result.output)
    return result, reader, [page.extract_text() for page in reader.pages]


def shown_tables(layout_data, catalog) -> list[tuple[str, str, list]]:
    """(area name, part, indicators) of every results table, as the layout's sections list
    them: an indicator_area's subset, a register_part's subset split by its areas."""
    tables = []
    for section in layout_data["sections"]:
        if section["kind"] == "indicator_area":
            area = catalog.find_area(section["area"])
            tables.append((area.name, area.part,
                           [catalog.indicator(i) for i in section["indicators"]]))
        elif section["kind"] == "register_part":
            for area_id in section["areas"]:
                chosen = [catalog.indicator(i) for i in section["indicators"]
                          if catalog.indicator(i).area == area_id]
                if chosen:
                    tables.append((catalog.find_area(area_id).name, "register", chosen))
    return tables


def workbook_cell(table, indicator, code: str, year: int) -> str:
    """The text a reader expects in the cell: the answer, or the value with the catalog's
    decimals, or the missing mark."""
    rows = table[(table.indicator == indicator.id) & (table.unit == code)
                 & (table.year == year)]
    if rows.empty:
        return MISSING
    row = rows.iloc[0]
    if indicator.is_categorical:
        return str(row["answer"])
    return format_number(float(row["value"]), indicator.decimals)


def years_shown(table, indicator, part: str, layout_data) -> list[int]:
    """Last year and this year; a survey indicator without last year's data only this."""
    years = layout_data["years"]
    if part == "register":
        return [years["register"] - 1, years["register"]]
    previous = years["survey_previous"]
    asked_before = not table[(table.indicator == indicator.id)
                             & (table.year == previous)].empty
    return [previous, years["survey"]] if asked_before else [years["survey"]]


def table_text(texts: list[str], area_name: str) -> str:
    """The squeezed text of the pages holding the area's table, from its caption to the
    table's first note."""
    caption = f"{area_name}: "
    pages = [t for t in texts if re.search(r"Tabell \d+\. " + re.escape(caption), t)
             and "Tabeller" not in (line.strip() for line in t.splitlines())]  # not the list
    assert pages, area_name
    parts = []
    for page in pages:
        part = page[re.search(r"Tabell \d+\. " + re.escape(caption), page).start():]
        end = part.find("Kommungrupp enligt SKR 2023.")
        assert end > 0, f"{area_name}: no note naming SKR 2023 under the table"
        parts.append(part[:end])
    return squeeze(" ".join(parts))


def test_every_member_row_has_the_workbook_values(report, inputs, layout_data, registry):
    _, _, texts = report
    tables = shown_tables(layout_data, inputs.catalog)
    assert [name for name, _, _ in tables] == [
        "Intern och extern samordning", "Personalens kompetens och kompetensutveckling",
        "Systematisk uppföljning och genomförandeplaner", "Omfattning av ekonomiskt bistånd",
        "Socioekonomiska förutsättningar"]
    table = inputs.table.frame()
    for area_name, part, indicators in tables:
        text = table_text(texts, area_name)
        for code in MEMBERS:
            cells = [registry.unit(code).name, SKR_2023[code]]
            for indicator in indicators:
                cells += [workbook_cell(table, indicator, code, year)
                          for year in years_shown(table, indicator, part, layout_data)]
            assert MISSING not in cells[2:], f"{area_name}: {cells[0]} has no data"
            assert squeeze("".join(cells)) in text, f"{area_name}: row {cells}"
            assert text.count(squeeze(cells[0]) + SKR_2023[code]) == 1, cells[0]


def test_region_row_is_the_share_of_positive_answers(report, inputs, layout_data):
    """The Vätterbygden row of every categorical column: the members' positive answers
    over their answers, worked out from the workbook."""
    _, _, texts = report
    table = inputs.table.frame()
    checked = 0
    for area_name, part, indicators in shown_tables(layout_data, inputs.catalog):
        if not all(i.is_categorical for i in indicators):
            continue
        cells = ["Vätterbygden"]
        for indicator in indicators:
            for year in years_shown(table, indicator, part, layout_data):
                answers = [workbook_cell(table, indicator, code, year) for code in MEMBERS]
                answered = [a for a in answers if a != MISSING]
                positive = sum(1 for a in answered if a in indicator.positive)
                cells.append(format_number(100 * positive / len(answered), 1))
                checked += 1
        assert squeeze("".join(cells)) in table_text(texts, area_name), cells
    assert checked >= 10


def test_group_column_is_skr_2023_and_no_other_background_column(report, layout_data):
    _, _, texts = report
    assert layout_data["options"]["background_columns"] == ["kommungrupp"]
    whole = "\n".join(t for t in texts   # not the list of tables
                      if "Tabeller" not in (line.strip() for line in t.splitlines()))
    background = next(t for t in texts if "Kommungrupp (SKR 2023)" in t)
    for code, group in SKR_2023.items():
        assert group in background
    assert re.search(r"Jönköping\s*06\s*B3 Större stad", background)
    assert re.search(r"Karlsborg\s*14\s*C7 Pendlingskommun nära mindre tätort", background)
    captions = [c.rstrip() for c in re.findall(r"Tabell \d+\. [^\n]+", whole)]
    assert captions[0] == ("Tabell 1. Kommunerna i Vätterbygden: län och kommungrupp "
                           "enligt SKR 2023")
    assert len(captions) == 6
    for caption in captions[1:]:
        area_name = caption.split(". ", 1)[1].split(":")[0]
        text = table_text(texts, area_name)
        assert squeeze("Kommun Kommungrupp") in text, caption
        assert "Storlek" not in text and "Socioekonomisknyckel" not in text, caption
    assert whole.count("Kommungrupp enligt SKR 2023.") == 5
    for absent in ("SKL 2011", "Storlek:", "Socioekonomisk nyckel 2015", "i parentes 2014:"):
        assert absent not in whole, absent


def findings_text(reader: PdfReader, texts: list[str]) -> str:
    """The text of the Viktiga resultat section: from its bookmark's page up to the page
    of the next heading (1 Inledning)."""
    outline = [item for item in reader.outline if not isinstance(item, list)]
    pages = {item.title: reader.get_destination_page_number(item) for item in outline}
    start = pages["Viktiga resultat"]
    end = next(page for title, page in pages.items() if title.endswith("Inledning"))
    assert end > start
    return "\n".join(texts[start:end])


def test_findings_cite_only_what_the_report_shows(report, inputs, layout_data):
    _, reader, texts = report
    text = squeeze(findings_text(reader, texts))
    catalog = inputs.catalog
    shown = {i.id for _, _, indicators in shown_tables(layout_data, catalog)
             for i in indicators}
    left_out = [i for i in catalog.indicators if i.source != "background"
                and i.id not in shown]
    assert {"vantetid_nybesok", "socialjour", "rutin_barn_unga", "samlad_kompetensplan",
            "brukarundersokning", "unga_vuxna_bistand"} <= {i.id for i in left_out}
    for indicator in left_out:
        assert squeeze(indicator.short_name) not in text, indicator.id
        if indicator.finding:
            assert squeeze(indicator.finding) not in text, indicator.id
    # the groups are the areas the report shows, in its order; the left-out area has none
    groups = ["Intern och extern samordning", "Personalens kompetens och kompetensutveckling",
              "Systematisk uppföljning och genomförandeplaner"]
    positions = [text.find(squeeze(g)) for g in groups]
    assert -1 not in positions and positions == sorted(positions)
    assert "Tillgänglighet" not in text
    # and the register sentences are about the five register indicators shown, with names
    for indicator_id in ("andel_bistandsmottagare", "barn_i_bistandshushall",
                         "langvarigt_bistand", "lag_inkomst", "arbetslosa_18_64"):
        name = catalog.indicator(indicator_id).short_name
        assert re.search(squeeze(name) + r":från[\d,]+procenti\w+till[\d,]+procenti\w+", text), \
            name


def test_the_handouts_show_the_reports_indicators_only(tmp_path, sample_workbook,
                                                         layout_data):
    """A committee handout of Vätterbygden lists the indicators of the report, not those the
    layout leaves out (all of Tillgänglighet), and its opening counts only them."""
    from click.testing import CliRunner

    from regionreport.cli import main

    result = CliRunner().invoke(main, ["handouts", str(LAYOUT), "-o", str(tmp_path),
                                       "--data", str(sample_workbook.path)])
    assert result.exit_code == 0, result.output
    catalog = load_inputs([sample_workbook.path]).catalog
    shown = {i for s in layout_data["sections"] for i in s.get("indicators", [])}
    left_out = [i for i in catalog.in_area("tillganglighet")]
    assert left_out and not shown & {i.id for i in left_out}
    text = squeeze("\n".join(page.extract_text()
                             for page in PdfReader(tmp_path / "hjo.pdf").pages))
    assert [i.short_name for i in left_out if squeeze(i.short_name) in text] == []
    categorical = [i for i in catalog.by_source("survey") if i.is_categorical
                   and i.id in shown]
    assert re.search(rf"uppfylldes\d+avde{len(categorical)}enkät", text)
