"""The barn och unga 2015 sample report (a second ÖJ area by data alone), read back from the PDF.

The sample workbook is written by `regionreport sample-data` from the area's profile, catalog
and calibration; the workbook is then read here independently (openpyxl and the profile's
header mapping, not the package's reader), and every member kommun's value in every results
table of the built PDF must be the workbook's, as must the län and Riket rows. The area
declares no background columns, so no table has one; the register captions name the rate's
unit.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main
from regionreport.numbers import format_number
from regionreport.runner import build_report

LAYOUTS = paths.layouts_dir()
LAYOUT = LAYOUTS / "jonkoping-bou-2015.toml"
CATALOG = LAYOUTS / "catalogs" / "barn-och-unga-2015.toml"
PROFILE = LAYOUTS / "profiles" / "oj-barn-och-unga-2015.toml"
CALIBRATION = LAYOUTS / "samples" / "barn-och-unga-2015.toml"
SURVEY_YEAR, PREVIOUS_YEAR, REGISTER_YEAR = 2015, 2014, 2014
LAN = "06"
MISSING = "–"
BACKGROUND_WORDS = ("Storlek", "Socioekonomisk", "Kommungrupp")


def squeeze(text: str) -> str:
    """Text without white space, hyphens and quartile marks, so wrapped cells compare."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u25b2\u25bc]", "", unicodedata.normalize("NFC", text))


def _toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bou") / "sample-oj-barn-och-unga-2015.xlsx"
    result = CliRunner().invoke(main, [
        "sample-data", "--profile", "oj-barn-och-unga-2015", "--catalog", "barn-och-unga-2015",
        "--calibration", str(CALIBRATION), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def report(workbook, tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("bou-report")
    result = build_report(LAYOUT, folder / "jonkoping-bou-2015.pdf", data_files=[workbook],
                          cache_dir=folder / "cache")
    return [page.extract_text() for page in PdfReader(result.output).pages]


@pytest.fixture(scope="module")
def document(workbook):
    """The composed report (the document tree the PDF is drawn from)."""
    from regionreport.compose import compose_report
    from regionreport.config.layout import load_layout
    from regionreport.sources.loading import load_inputs

    layout = load_layout(LAYOUT)
    return compose_report(layout, load_inputs([workbook], layout.profile, layout.catalog))


@pytest.fixture(scope="module")
def catalog() -> dict:
    return _toml(CATALOG)


@pytest.fixture(scope="module")
def values(workbook) -> dict:
    """``values[(indicator, year)][code]``: the workbook's value cell of every unit row (the
    answer in the catalog's spelling, or the number; None where empty or a missing mark), read
    with openpyxl through the profile's sheets and headers."""
    profile = _toml(PROFILE)
    defaults = profile["defaults"]
    spellings = {_key(k): v for k, v in profile.get("answers", {}).items()}
    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    found: dict = {}
    for sheet in profile["sheets"]:
        for year in sheet.get("years", [sheet.get("year")]):
            rows = list(book[sheet["name"].replace("{year}", str(year))].iter_rows(values_only=True))
            header_row = sheet.get("header_row", defaults["header_row"])
            missing = set(sheet.get("missing", defaults["missing"]))
            header = [str(h) if h is not None else "" for h in rows[header_row - 1]]
            code_at = header.index(sheet.get("code_header", defaults["code_header"]))
            for column, target in sheet["columns"].items():
                targets = target if isinstance(target, list) else [target]
                value_targets = [t for t in targets if ":" not in t]
                if not value_targets:
                    continue
                at = header.index(column)
                cells = found.setdefault((value_targets[0], year), {})
                for row in rows[header_row:]:
                    if row[code_at] is None:
                        continue
                    cell = row[at]
                    if cell is None or (isinstance(cell, str) and cell.strip() in missing):
                        cell = None
                    elif isinstance(cell, str):
                        cell = spellings.get(_key(cell), cell.strip())
                    cells[str(row[code_at])] = cell
    return found


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _members() -> list[str]:
    """The kommun codes of the län, from the registry."""
    return [unit.code for unit in _registry().kommuner_in(LAN)]


def _shown(indicator: dict, cell, summary: bool) -> str:
    """The table text of a cell: an answer as it is; a number with the indicator's decimals
    (a categorical summary row: the share with one decimal)."""
    if cell is None:
        return MISSING
    if isinstance(cell, str):
        return cell
    decimals = indicator.get("decimals", 1)
    return format_number(float(cell), decimals)


def _area_columns(catalog: dict, area: str, values: dict) -> tuple[list[dict], list[tuple]]:
    """The indicators of an area and the (indicator, year) columns its table shows in order:
    last year's beside this year's where the indicator has last year's values."""
    part = next(a["part"] for a in catalog["areas"] if a["id"] == area)
    this, before = (SURVEY_YEAR, PREVIOUS_YEAR) if part == "survey" else \
        (REGISTER_YEAR, REGISTER_YEAR - 1)
    indicators = [i for i in catalog["indicators"] if i["area"] == area]
    columns = []
    for indicator in indicators:
        if (indicator["id"], before) in values:
            columns.append((indicator, before))
        columns.append((indicator, this))
    return indicators, columns


def _table_text(texts: list[str], area_name: str) -> str:
    caption = re.compile(r"Tabell \d+\. " + re.escape(area_name) + ":")
    pages = [t for t in texts if caption.search(t)]
    assert pages, f"no results table for {area_name}"
    return squeeze(" ".join(pages))


def test_every_member_value_in_every_table_equals_the_workbook(report, catalog, values):
    names = _names()
    members = _members()
    assert len(members) == 13
    for area in catalog["areas"]:
        text = _table_text(report, area["name"])
        _, columns = _area_columns(catalog, area["id"], values)
        for code in members + [LAN, "00"]:
            row = [names[code]] + [_shown(ind, values[(ind["id"], year)].get(code), code in
                                          (LAN, "00")) for ind, year in columns]
            assert squeeze("".join(row)) in text, f"{area['name']}: {row}"


def test_no_table_has_background_columns(report, catalog):
    for area in catalog["areas"]:
        text = _table_text(report, area["name"])
        for word in BACKGROUND_WORDS:
            assert squeeze(word) not in text, (area["name"], word)
    assert not [word for word in BACKGROUND_WORDS if any(word in page for page in report)]


def test_register_captions_name_the_rate_unit(report):
    captions = [line for page in report for line in page.splitlines()
                if re.match(r"Tabell \d+\. (Barn och unga med insatser|Vårdform)", line)]
    rate = [c for c in captions if "Barn och unga med insatser" in c]
    share = [c for c in captions if "Vårdform" in c]
    assert rate and share
    assert all("antal per 10 000 invånare 0–20 år" in c and "procent" not in c for c in rate)
    assert all("andel i procent" in c for c in share)


def test_partial_answers_are_in_the_tables_and_the_legend(report, values, catalog, document):
    """The län has partial answers ("Delvis", "Ja, men inte för alla"); their cells carry the
    partial style, never the positive or negative one, and the legend names them."""
    partial = {a for i in catalog["indicators"] for a in i.get("partial", ())}
    answers = {v for (i, y), cells in values.items() if y == SURVEY_YEAR
               for c, v in cells.items() if c in _members()}
    assert partial & answers, "the sample gives the län some partial answers"
    styles = {cell.style for table in document.tables() for row in table.rows
              for cell in row.cells if cell.text in partial}
    assert styles == {"partial"}
    legend = _toml(LAYOUTS / "labels" / "sv.toml")["legend"]["partial"]
    assert any(legend in page for page in report)


def _registry():
    from regionreport.model.registry import load_registry

    return load_registry()


def _names() -> dict[str, str]:
    return {unit.code: unit.name for unit in _registry().units()} | {"00": "Riket"}


def test_the_layout_checks_without_warnings(workbook):
    """No year in the area's prose or cards that is none of the layout's (they use template
    fields), and the handout settings fit the catalog."""
    result = CliRunner().invoke(main, ["check", "--layout", str(LAYOUT), "--data", str(workbook)])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    assert "builds, 0 warnings" in result.output
