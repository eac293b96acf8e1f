"""Shared fixtures: the catalog, the registry, and the Jönköping 2015 fixture as a workbook.

Options and markers: ``--regenerate-golden`` rewrites the normalised goldens of the sample
reports (tests/golden/) instead of comparing with them; tests that use the whole batch or
the installed wheel are marked ``slow`` (``python -m pytest -m "not slow"`` is the quick run).
"""

from __future__ import annotations

import csv
import re
import shutil
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from regionreport import paths
from regionreport.model.catalog import load_catalog
from regionreport.model.registry import load_registry
from regionreport.sources.profile import load_profile

TESTS = Path(__file__).parent
FIXTURE_PROFILE = TESTS / "data" / "profiles" / "fixture-2015.toml"
KOLADA_CALIBRATION = paths.layouts_dir() / "samples" / "ekonomiskt-bistand-2021-kolada.toml"


SLOW_FIXTURES = {"batch_run",       # the whole batch: 23 reports
                 "installed_wheel"}  # a wheel built, installed and run (test_installed_wheel)


def pytest_addoption(parser):
    parser.addoption("--regenerate-golden", action="store_true",
                     help="rewrite tests/golden/ from this build instead of comparing")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def regenerate_golden(request) -> bool:
    return request.config.getoption("--regenerate-golden")


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(paths.catalog_path())


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def fixture_profile():
    return load_profile(FIXTURE_PROFILE)


def fixture_rows() -> list[dict[str, str]]:
    """The rows of jonkoping-2015-survey.csv (13 kommuner and Riket) as shipped."""
    text = resources.files("regionreport.sample.data").joinpath("jonkoping-2015-survey.csv") \
        .read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write a workbook with one sheet per entry; each entry is its rows (row 1 first)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def fixture_sheet_rows(registry, *, edit=None) -> list[list]:
    """The fixture laid out as the 'Enkät 2015' sheet of tests/data/profiles/fixture-2015.toml:
    a title row, a header row (Kod, Namn, indicator ids), Riket, then the 13 kommuner.
    ``edit(code, row_dict)`` may change a kommun's row dict before it is written."""
    rows = fixture_rows()
    ids = [k for k in rows[0] if k != "unit"]
    out = [["Jönköpings län, ÖJ ekonomiskt bistånd 2015 (testdata)"], ["Kod", "Namn"] + ids]
    for row in rows:
        if row["unit"] == "Riket":
            code = "00"
        else:
            code = registry.find_by_name(row["unit"], "kommun")[0].code
        if edit is not None and code != "00":
            edit(code, row)
        out.append([code, row["unit"]] + [_cell(row[i]) for i in ids])
    return out


def _cell(text: str):
    try:
        return float(text)
    except ValueError:
        return text


@pytest.fixture(scope="session")
def sample_workbook(tmp_path_factory):
    """The bundled sample national workbook (seed 2015), written once per test session."""
    from regionreport.sample import write_sample_workbook

    path = tmp_path_factory.mktemp("sample") / "oj-2015.xlsx"
    return write_sample_workbook(path, seed=2015)


@pytest.fixture(scope="session")
def kolada_sample(tmp_path_factory) -> Path:
    """The bundled Kolada sample (ekonomiskt bistånd 2021, survey 2020–2021, register
    2016–2020, Kalmar's 2021 answers), as `python build.py` writes it."""
    from regionreport.model.catalog import load_catalog
    from regionreport.sample.kolada_sample import default_years, write_kolada_sample

    catalog = load_catalog(paths.catalog_path("ekonomiskt-bistand-2021"))
    survey, register = default_years(catalog)
    path = tmp_path_factory.mktemp("kolada") / "sample-kolada-ekonomiskt-bistand-2021.json"
    write_kolada_sample(path, catalog, survey_years=survey, register_years=register,
                        calibration=KOLADA_CALIBRATION, seed=int(paths.default("sample_seed")))
    return path


def _sparse_data() -> str:
    """Two kommuner's answers to overensk_af and values of andel_bistandsmottagare (the rows
    tests look at), and for every other indicator one value of Aneby in its report year, so
    that no indicator the layout shows is without data."""
    from regionreport.model.catalog import load_catalog

    lines = ["indicator,unit,year,value",
             "overensk_af,0604,2015,Nej", "overensk_af,0680,2015,Ja",
             "overensk_af,06,2015,50.0", "overensk_af,00,2015,42.8",
             "andel_bistandsmottagare,0604,2014,2.9", "andel_bistandsmottagare,0680,2014,3.3",
             "overensk_af,0604,2014,Nej", "andel_bistandsmottagare,0604,2011,3.1"]
    for indicator in load_catalog(paths.catalog_path()).indicators:
        if indicator.id in ("overensk_af", "andel_bistandsmottagare") or \
                indicator.source == "background":
            continue
        year = 2015 if indicator.source == "survey" else 2014
        value = indicator.answers[0] if indicator.is_categorical else "10.0"
        lines.append(f"{indicator.id},0604,{year},{value}")
    return "\n".join(lines) + "\n"


SPARSE_DATA = _sparse_data()


@pytest.fixture
def sparse_layout(tmp_path) -> Path:
    """A copy of the Jönköping layout and its prose in ``tmp_path`` (report.toml), reading a
    small tidy CSV (data.csv) with a value for every year it names: quick builds for tests of
    messages and the look."""
    source = paths.layouts_dir() / "jonkoping-2015.toml"
    shutil.copytree(source.parent / source.stem, tmp_path / source.stem)
    (tmp_path / "data.csv").write_text(SPARSE_DATA, encoding="utf-8")
    path = tmp_path / "report.toml"
    text = source.read_text(encoding="utf-8").replace(
        'files = ["../out/sample-oj-ekonomiskt-bistand-2015.xlsx"]', 'files = ["data.csv"]')
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def fixture_workbook(tmp_path, registry) -> Path:
    return write_workbook(tmp_path / "fixture.xlsx", {"Enkät 2015": fixture_sheet_rows(registry)})


def front_pages(texts: list[str]) -> int:
    """How many pages the front matter takes: the cover, colophon, contents and the lists of
    tables and figures (which follow the contents on its page): up to the last of the first
    pages with entries that end in dot leaders and a page number."""
    leaders = [i for i, text in enumerate(texts[:10])
               if re.search(r"(?:\. ?){5,}\s*\d+\s*$", text, re.MULTILINE)]
    return max(leaders) + 1
