"""The Kolada sample (`sample-data --kolada`): Kolada's shape, the published 2020–2021 levels,
Kalmar kommun's 2021 answers, and what the reader makes of it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from regionreport.aggregate import ResultIndex, region_value
from regionreport.model.catalog import load_catalog
from regionreport.model.regions import county_region, riket_region
from regionreport.sources.kolada import read_kolada_json
from regionreport.numbers import round_half_up
from regionreport import paths

CATALOG = "ekonomiskt-bistand-2021"
# published national levels of the 2021 release (../shared/data/README.md), percent
PUBLISHED = {("vantetid_nybesok", 2020): 86.0, ("vantetid_nybesok", 2021): 95.0,
             ("uppfoljning_resultat", 2020): 19.0, ("uppfoljning_resultat", 2021): 26.0}
KALMAR_2021 = {"U31466": 1, "U31467": 1, "U31485": 2, "U31488": 1}


@pytest.fixture(scope="module")
def pages(kolada_sample):
    return json.loads(kolada_sample.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(pages):
    return [r for page in pages for r in page["values"]]


@pytest.fixture(scope="module")
def table(kolada_sample, registry):
    return read_kolada_json(kolada_sample, load_catalog(paths.catalog_path(CATALOG)), registry)


def test_pages_are_kolada_pages_linked_by_next_page(pages):
    assert all(len(page["values"]) <= 5000 and page["count"] == len(page["values"])
               for page in pages)
    assert [bool(page["next_page"]) for page in pages] == [True] * (len(pages) - 1) + [False]
    first = pages[0]["next_page"]
    assert first.startswith("https://api.kolada.se/v2/data/kpi/") and "per_page=5000" in first
    assert [p["next_page"].rsplit("page=", 1)[1] for p in pages[:-1]] == \
        [str(n) for n in range(2, len(pages) + 1)]


def test_every_kpi_of_the_catalog_in_its_years_kommun_level_for_the_survey(records, registry):
    catalog = load_catalog(paths.catalog_path(CATALOG))
    kommuner = {u.code for u in registry.units("kommun")}
    by_kpi: dict[str, set] = {}
    for record in records:
        by_kpi.setdefault(record["kpi"], set()).add((record["municipality"], record["period"]))
    for indicator in catalog.indicators:
        seen = by_kpi[indicator.kolada]
        years = {year for _, year in seen}
        units = {unit for unit, _ in seen}
        if indicator.source == "survey":
            assert years == {2020, 2021}, indicator.id
            assert units == kommuner, indicator.id          # no län, no Riket, no stadsdel
        else:
            assert years == set(range(2016, 2021)), indicator.id
            assert units == kommuner | {"0000"} | {"00" + c.code for c in registry.counties()}


def test_kalmar_kommun_2021_answers_are_the_fixture(records):
    kalmar = {r["kpi"]: r["values"][0]["value"] for r in records
              if r["municipality"] == "0880" and r["period"] == 2021 and r["kpi"] in KALMAR_2021}
    assert kalmar == KALMAR_2021


def test_decoded_answers_and_published_levels(table, registry):
    catalog = load_catalog(paths.catalog_path(CATALOG))
    index = ResultIndex(table)
    kalmar = {i: index.units(i, 2021)["0880"].answer for i in
              ("socialjour", "vantetid_nybesok", "utredningsmall", "uppfoljning_resultat")}
    assert kalmar == {"socialjour": "Ja", "vantetid_nybesok": "Högst 14 dagar",
                      "utredningsmall": "Ja, alla", "uppfoljning_resultat": "Delvis"}
    riket = riket_region(registry)
    for (indicator_id, year), level in PUBLISHED.items():
        value = region_value(index, catalog.indicator(indicator_id), riket, year, registry)
        assert round_half_up(value.value, 1) == level, (indicator_id, year)
        assert value.published is None                  # survey: computed from the kommuner
    socialjour = region_value(index, catalog.indicator("socialjour"), riket, 2021, registry)
    assert socialjour.value > 90                        # "more than 9 of 10 kommuner"


def test_register_regions_are_the_weighted_values_not_the_mean(table, registry):
    catalog = load_catalog(paths.catalog_path(CATALOG))
    index = ResultIndex(table)
    value = region_value(index, catalog.indicator("bistandsmottagare"),
                         county_region(registry, "08"), 2020, registry)
    assert value.published is not None and value.method == "mean"
    assert len(value.units) == 12 and value.responding == 12


def test_the_same_inputs_give_the_same_bytes(kolada_sample, tmp_path):
    again = tmp_path / "again.json"
    result = subprocess.run(
        [sys.executable, "-m", "regionreport", "sample-data", "--kolada", "--catalog", CATALOG,
         "--calibration", str(paths.layouts_dir() / "samples" /
                              "ekonomiskt-bistand-2021-kolada.toml"), "-o", str(again)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "47980 Kolada records of 54 KPIs in 10 pages, survey 2020–2021, register " \
           "2016–2020" in result.stdout
    assert again.read_bytes() == kolada_sample.read_bytes()


@pytest.mark.parametrize("arguments, message", [
    (["--years", "2015", "-o", "x.json"],
     "in 2015 Stockholm, Malmö, Göteborg answered the survey through stadsdelar"),
    (["-o", "x.xlsx"], "a Kolada sample is JSON, but 'x.xlsx' does not end in .json"),
    (["--profile", "oj-ekonomiskt-bistand-2015", "-o", "x.json"],
     "a Kolada sample follows no source profile"),
])
def test_bad_options_are_refused(tmp_path, arguments, message):
    result = subprocess.run(
        [sys.executable, "-m", "regionreport", "sample-data", "--kolada", "--catalog", CATALOG,
         *arguments], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_kolada_sample_needs_a_catalog(tmp_path):
    result = subprocess.run([sys.executable, "-m", "regionreport", "sample-data", "--kolada",
                             "-o", "x.json"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "a Kolada sample needs the catalog whose KPIs it holds" in result.stderr
