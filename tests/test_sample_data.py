"""The synthetic national workbook (regionreport.sample): units, real fixture values,
calibration of Riket and län rows, missing markers and reproducibility.

The workbook is written once per module; region values are recomputed here by hand from the
unit rows (exact fractions, half-up rounding), not with the project's aggregation code.
"""

from __future__ import annotations

import csv
import functools
import math
from decimal import Decimal
from fractions import Fraction
from importlib import resources

import pytest
from openpyxl import load_workbook

from regionreport import paths
from regionreport.model.catalog import load_catalog
from regionreport.model.registry import load_registry
from regionreport.sample import write_sample_workbook
from regionreport.sources.profile import load_profile

REGISTRY = load_registry()
PROFILE = load_profile(paths.profile_path())
CATALOG = load_catalog(paths.catalog_path(PROFILE.catalog))
UNIT_LEVELS = ("kommun", "stadsdel")


# -- helpers --------------------------------------------------------------------------------------
def half_up(value: Fraction) -> Decimal:
    """Round half-up to one decimal, exactly."""
    return Decimal(math.floor(value * 10 + Fraction(1, 2))) / 10


def exact(number) -> Fraction:
    """A cell's number as the decimal it shows (13.2 -> 66/5), not its binary float."""
    return Fraction(str(number))


def read_book(path) -> dict[str, dict[str, dict[str, object]]]:
    """Sheet name -> unit code -> header -> cell value, for every profile sheet."""
    book = load_workbook(path, read_only=True)
    sheets = {}
    for spec in PROFILE.sheets:
        rows = book[spec.name].iter_rows(min_row=spec.header_row, values_only=True)
        header = next(rows)
        sheets[spec.name] = {row[0]: dict(zip(header, row)) for row in rows
                             if row[0] is not None}
    book.close()
    return sheets


def spec_of(name: str):
    return next(s for s in PROFILE.sheets if s.name == name)


def columns_of(indicator: str, year: int) -> tuple[str, dict[str, str]]:
    """(sheet name, role -> header) of an indicator in a year."""
    for spec in PROFILE.sheets:
        roles = {t.role: header for header, targets in spec.columns for t in targets
                 if t.indicator == indicator and t.year == year}
        if roles:
            return spec.name, roles
    raise KeyError(indicator)


def survey_indicators(year: int) -> list[str]:
    ids = []
    for spec in PROFILE.sheets:
        for _, targets in spec.columns:
            for t in targets:
                if t.year == year and t.indicator in CATALOG \
                        and CATALOG.indicator(t.indicator).source == "survey" \
                        and t.indicator not in ids:
                    ids.append(t.indicator)
    return ids


def unit_codes(rows: dict) -> list[str]:
    return [c for c in rows if REGISTRY.unit(c).level in UNIT_LEVELS]


def recompute(book, indicator: str, year: int, codes: list[str]) -> Decimal:
    """The region value from the unit rows ``codes``: share of positive answers among those
    who answered, or Σ numerator / Σ denominator."""
    sheet, roles = columns_of(indicator, year)
    rows = book[sheet]
    ind = CATALOG.indicator(indicator)
    missing = set(spec_of(sheet).missing)
    if ind.is_categorical:
        answers = [rows[c][roles["value"]] for c in codes]
        answered = [a for a in answers if a not in missing and a is not None]
        positive = sum(PROFILE.answers.get(a, a) in ind.positive for a in answered)
        return half_up(Fraction(100 * positive, len(answered)))
    pairs = [(rows[c][roles["numerator"]], rows[c][roles["denominator"]]) for c in codes]
    pairs = [(n, d) for n, d in pairs if n not in missing and n is not None]
    total = sum(exact(n) for n, _ in pairs) / sum(exact(d) for _, d in pairs)
    return half_up(total * Fraction(ind.scale))


@functools.cache
def fixture_rows() -> dict[str, dict[str, str]]:
    text = resources.files("regionreport.sample.data").joinpath("jonkoping-2015-survey.csv") \
        .read_text(encoding="utf-8")
    rows = {}
    for row in csv.DictReader(text.splitlines()):
        name = row.pop("unit")
        code = "00" if name == "Riket" else REGISTRY.find_by_name(name, "kommun")[0].code
        rows[code] = row
    return rows


def all_values(book) -> dict:
    return {(sheet, code, header): value for sheet, rows in book.items()
            for code, row in rows.items() for header, value in row.items()}


# -- fixtures -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def written(sample_workbook):
    return sample_workbook


@pytest.fixture(scope="module")
def book(written):
    return read_book(written.path)


# -- units ----------------------------------------------------------------------------------------
def test_summary_counts(written):
    assert written.path.is_file()
    assert (written.kommuner, written.stadsdelar) == (290, 29)
    assert written.survey_units == {2015: 316, 2014: 316}
    assert written.non_responders[2015] == 13
    assert 8 <= written.non_responders[2014] <= 12


def test_register_sheets_hold_kommuner_and_valid_stadsdelar(book):
    for spec in PROFILE.sheets:
        if not spec.name.startswith("Register"):
            continue
        codes = list(book[spec.name])
        assert codes[:22] == ["00"] + [c.code for c in REGISTRY.counties()]
        units = codes[22:]
        assert units == sorted(units)
        kommuner = [c for c in units if REGISTRY.unit(c).level == "kommun"]
        stadsdelar = [c for c in units if REGISTRY.unit(c).level == "stadsdel"]
        assert len(kommuner) == 290
        expected = [u.code for u in REGISTRY.units("stadsdel") if u.valid_in(spec.year)]
        assert sorted(stadsdelar) == sorted(expected)
    assert len(unit_codes(book["Register 2015"])) == 290 + 29


def test_stadsdelar_sum_to_their_kommun(book):
    for sheet in ("Register 2013", "Register 2015"):
        rows = book[sheet]
        count_headers = [h for h, ts in spec_of(sheet).columns
                         if all(t.role != "value" for t in ts)]
        for city in ("0180", "1280", "1480"):
            parts = [u.code for u in REGISTRY.stadsdelar_of(city, spec_of(sheet).year)]
            for header in count_headers:
                assert sum(rows[p][header] for p in parts) == rows[city][header], (city, header)


def test_bakgrund_units_and_jonkoping_background(book):
    rows = book["Bakgrund"]
    assert len(rows) == 290 + 29 and "00" not in rows
    text = resources.files("regionreport.sample.data").joinpath("jonkoping-2015-units.csv") \
        .read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        code = REGISTRY.find_by_name(row["kommun"], "kommun")[0].code
        assert rows[code]["Kommunstorlek (1–5)"] == int(row["kommunstorlek"])
        assert rows[code]["Socioekonomisk nyckel 2015"] == int(row["socioek_nyckel_2015"])
        assert rows[code]["Socioekonomisk nyckel 2014"] == int(row["socioek_nyckel_2014"])
    assert {r["Kommunstorlek (1–5)"] for r in rows.values()} <= {1, 2, 3, 4, 5}
    assert {r["Socioekonomisk nyckel 2015"] for r in rows.values()} <= set(range(1, 11))


def test_survey_2015_units_and_non_responders(book):
    for spec in PROFILE.sheets:
        if spec.year != 2015 or spec.name in ("Bakgrund",) or spec.name.startswith("Register"):
            continue
        rows = book[spec.name]
        units = unit_codes(rows)
        assert len(units) == 316
        assert not {"0180", "1280", "1480"} & set(units)
        assert all(isinstance(code, str) for code in rows)
    rows = book["Samordning 2015"]
    headers = [h for h, _ in spec_of("Samordning 2015").columns]
    silent = [c for c in unit_codes(rows) if all(rows[c][h] is None for h in headers)]
    assert len(silent) == 13
    for code in silent:
        assert REGISTRY.unit(code).county_code != "06"
        for spec in PROFILE.sheets:
            if spec.year == 2015 and spec.name != "Bakgrund" \
                    and not spec.name.startswith("Register"):
                assert all(book[spec.name][code][h] is None for h, _ in spec.columns)


# -- real values ----------------------------------------------------------------------------------
def test_jonkoping_answers_equal_the_fixture(book):
    fixture = fixture_rows()
    for code, row in fixture.items():
        if code == "00":
            continue
        for indicator, text in row.items():
            sheet, roles = columns_of(indicator, 2015)
            cell = book[sheet][code][roles["value"]]
            if CATALOG.indicator(indicator).is_categorical:
                assert cell == text, (code, indicator)
            else:
                assert cell == float(text), (code, indicator)


def test_jonkoping_counts_give_their_values(book):
    for code in (u.code for u in REGISTRY.kommuner_in("06")):
        for indicator in ("andel_socionomexamen", "andel_erfarenhet_2ar",
                          "stod_timmar_per_vecka"):
            sheet, roles = columns_of(indicator, 2015)
            row = book[sheet][code]
            ratio = exact(row[roles["numerator"]]) / exact(row[roles["denominator"]])
            scale = CATALOG.indicator(indicator).scale
            assert half_up(ratio * Fraction(scale)) == exact(row[roles["value"]])


def test_riket_row_equals_the_fixture(book):
    for indicator, text in fixture_rows()["00"].items():
        sheet, roles = columns_of(indicator, 2015)
        assert book[sheet]["00"][roles["value"]] == float(text), indicator


# -- calibration ----------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2015, 2014])
def test_riket_equals_value_recomputed_from_units(book, year):
    for indicator in survey_indicators(year):
        sheet, roles = columns_of(indicator, year)
        codes = unit_codes(book[sheet])
        shown = exact(book[sheet]["00"][roles["value"]])
        assert recompute(book, indicator, year, codes) == shown, indicator


def test_published_survey_facts(book):
    published = {"standardiserade_bedomningsmetoder": 55, "uppfoljning_individniva": 82,
                 "genomforandeplan_tre_manader": 51, "genomforandeplan_undertecknad": 40,
                 "genomforandeplan_uppfoljning": 36}
    for indicator, percent in published.items():
        sheet, roles = columns_of(indicator, 2015)
        assert abs(book[sheet]["00"][roles["value"]] - percent) < 0.5, indicator


@pytest.mark.parametrize("county", ["06", "14", "01"])
def test_lan_row_equals_its_units(book, county):
    for indicator in survey_indicators(2015):
        sheet, roles = columns_of(indicator, 2015)
        codes = [c for c in unit_codes(book[sheet]) if REGISTRY.unit(c).county_code == county]
        assert recompute(book, indicator, 2015, codes) == \
            exact(book[sheet][county][roles["value"]]), indicator
    rows = book["Register 2014"]
    members = [k.code for k in REGISTRY.kommuner_in(county)]
    for header, targets in spec_of("Register 2014").columns:
        if targets[0].role != "value":
            assert rows[county][header] == sum(rows[c][header] for c in members), header


def test_register_riket_calibration(book):
    header = "Biståndsmottagare, andel av befolkningen (%)"
    assert book["Register 2013"]["00"][header] == 4.3
    assert book["Register 2014"]["00"][header] == 4.4
    values = [book["Register 2014"][c][header] for c in unit_codes(book["Register 2014"])]
    assert (min(values), max(values)) == (0.5, 18.8)
    young = "Unga vuxna 18–24 år med ekonomiskt bistånd, andel (%)"
    assert (book["Register 2011"]["00"][young], book["Register 2014"]["00"][young]) == (8.8, 8.0)
    assert book["Register 2014"]["00"]["Långvarigt bistånd, andel av vuxna mottagare (%)"] \
        == 23.7
    for spec in PROFILE.sheets:
        if spec.name.startswith("Register"):
            for header, targets in spec.columns:
                if targets[0].role == "value":
                    row = book[spec.name]["00"]
                    ind = targets[0].indicator
                    num = next(h for h, ts in spec.columns
                               if any(t.indicator == ind and t.role == "numerator" for t in ts))
                    den = next(h for h, ts in spec.columns
                               if any(t.indicator == ind and t.role == "denominator"
                                      for t in ts))
                    assert half_up(Fraction(100 * row[num], row[den])) == exact(row[header])


def test_older_sheets_use_old_spelling_and_dash(book):
    rows = book["Samordning 2014"]
    cells = [v for c in unit_codes(rows) for h, v in rows[c].items() if h not in ("Kommunkod",
             "Kommun/stadsdel", "Län")]
    assert "Integrerad verksamhet" in cells and "Integrerat" not in cells
    assert "-" in cells and None not in cells
    answers_2015 = [v for c in unit_codes(book["Samordning 2015"])
                    for v in book["Samordning 2015"][c].values()]
    assert "Integrerat" in answers_2015 and "-" not in answers_2015


# -- reproducibility ------------------------------------------------------------------------------
def test_same_seed_same_workbook(written, book, tmp_path):
    again = write_sample_workbook(tmp_path / "again.xlsx", seed=2015)
    assert all_values(read_book(again.path)) == all_values(book)
    assert again.path.read_bytes() == written.path.read_bytes()


def test_other_seed_other_values_same_real_parts(book, tmp_path):
    other = read_book(write_sample_workbook(tmp_path / "other.xlsx", seed=7).path)
    assert all_values(other) != all_values(book)
    for sheet in ("Samordning 2015", "Kompetens 2015"):
        for code in ["00"] + [k.code for k in REGISTRY.kommuner_in("06")]:
            for header, targets in spec_of(sheet).columns:
                if targets[0].indicator in fixture_rows()["00"] and targets[0].role == "value":
                    assert other[sheet][code][header] == book[sheet][code][header]
