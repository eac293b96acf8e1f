"""The tidy CSV reader: indicator, unit, year, value (+ numerator, denominator) -> tidy table."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionreport.model.catalog import load_catalog
from regionreport.errors import InputError
from regionreport.model.registry import load_registry
from regionreport.model.results import TIDY_COLUMNS
from regionreport.sources.tidy_csv import read_tidy_csv

DATA = Path(__file__).parent / "data" / "tidy"
CATALOG_PATH = Path(__file__).parent / "data" / "mini-catalog.toml"
CATALOG = load_catalog(CATALOG_PATH)
REGISTRY = load_registry()
HEADER = "indicator;unit;year;value\n"


def read(path: Path) -> pd.DataFrame:
    return read_tidy_csv(path, CATALOG, REGISTRY).frame()


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read(path)
    return str(caught.value)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


# -- good input --------------------------------------------------------------------------------
def test_good_file():
    table = read(DATA / "good.csv")  # BOM, ';', decimal comma, a blank line
    assert list(table.columns) == list(TIDY_COLUMNS)
    assert table[["indicator", "unit", "year"]].values.tolist() == [
        ["rutin_missbruk", "0604", 2015], ["rutin_missbruk", "0617", 2015],
        ["rutin_missbruk", "0680", 2015], ["rutin_missbruk", "148001", 2015],
        ["rutin_missbruk", "00", 2015], ["rutin_missbruk", "06", 2015],
        ["andel_bistand", "0604", 2014], ["andel_bistand", "00", 2014],
        ["stod_timmar_per_vecka", "0680", 2015], ["utbetalt_kr_per_inv", "0604", 2014]]
    assert table.origin[9] == f"{DATA / 'good.csv'}, line 12"


def test_answers_of_kommuner_and_stadsdelar_in_catalog_spelling():
    table = read(DATA / "good.csv")
    assert table.answer[:4].tolist() == ["Ja", "Ny rutin", None, "Integrerat"]
    assert all(math.isnan(v) for v in table.value[:4])


def test_categorical_riket_and_county_values_are_shares():
    table = read(DATA / "good.csv")
    assert table.value[4:6].tolist() == [62.5, 70.0]
    assert table.answer[4] is None
    assert (table.numerator[4], table.denominator[4]) == (190.0, 304.0)


def test_numbers_with_decimal_comma_point_and_thousands_space():
    table = read(DATA / "good.csv")
    assert table.value[6:].tolist() == [2.9, 4.4, 5.5, 1512.0]


def test_comma_separated_with_quoted_decimal_comma():
    assert read(DATA / "comma.csv").value.tolist() == [2.9, 3.6]


def test_unit_code_that_lost_its_leading_zero(tmp_path):
    path = write(tmp_path, HEADER + "andel_bistand;604;2014;2,9\nandel_bistand;6;2014;3,6\n")
    assert read(path).unit.tolist() == ["0604", "06"]


def test_empty_value_is_a_row_without_value(tmp_path):
    path = write(tmp_path, HEADER + "andel_bistand;0604;2014;\n")
    table = read(path)
    assert len(table) == 1 and math.isnan(table.value[0]) and table.answer[0] is None


# -- exact messages ----------------------------------------------------------------------------
def test_unknown_indicator():
    path = DATA / "unknown_indicator.csv"
    assert error_of(path) == (
        f"{path}, line 3: indicator 'andel_bistnad' is not in the catalog 'mini-2015' (did you "
        f"mean 'andel_bistand'? use an indicator id of {CATALOG_PATH})")


def test_unknown_unit_code():
    path = DATA / "unknown_unit.csv"
    assert error_of(path) == (
        f"{path}, line 3: unknown unit code '0699' (expected '00' for Riket, a two-digit "
        "länskod, a four-digit kommunkod or a six-digit stadsdel code of the registry)")


def test_answer_outside_the_categories():
    path = DATA / "bad_answer.csv"
    assert error_of(path) == (
        f"{path}, line 3: answer 'Ny rutin' is not an answer of indicator 'overensk_af' "
        "(expected one of Ja, Nej, Ny överenskommelse) (write one of these answers as the "
        "catalog spells them)")


def test_percentage_outside_0_100():
    path = DATA / "bad_percent.csv"
    assert error_of(path) == (
        f"{path}, line 2: 290 is outside 0–100 for indicator 'andel_bistand' (a percentage) "
        "(percentages are written as 0–100, not as fractions above 100)")


def test_text_where_a_number_belongs():
    path = DATA / "text_value.csv"
    assert error_of(path) == (
        f"{path}, line 3: 'uppgift saknas' is not a number (column 'value' expects a number) "
        "(write a number such as 54,3 or mark a missing value as empty)")


def test_empty_file():
    path = DATA / "empty.csv"
    assert error_of(path) == (
        f"{path}: the file is empty (expected a header line indicator, unit, year, value and "
        "optionally numerator, denominator)")


def test_missing_column():
    path = DATA / "missing_column.csv"
    assert error_of(path) == (
        f"{path}, line 1: column 'year' is missing (found columns: indicator, unit, value)")


def test_same_unit_indicator_and_year_twice_names_both_lines():
    path = DATA / "duplicate.csv"
    assert error_of(path) == (
        f"{path}, line 4: indicator 'andel_bistand', unit 0604, year 2014 is given twice: "
        "line 2 and line 4 (remove one of them)")


def test_unknown_column(tmp_path):
    path = write(tmp_path, "indicator;unit;year;value;numerater\nandel_bistand;0604;2014;2;1\n")
    assert error_of(path) == (
        f"{path}, line 1: unknown column 'numerater' (the columns are indicator, unit, year, "
        "value and optionally numerator, denominator, each once)")


def test_year_that_is_not_a_year(tmp_path):
    path = write(tmp_path, HEADER + "andel_bistand;0604;2014/15;2,9\n")
    assert error_of(path) == (
        f"{path}, line 2: '2014/15' is not a year (column 'year' expects a four-digit year, "
        "YYYY)")


def test_negative_denominator(tmp_path):
    path = write(tmp_path, "indicator;unit;year;value;numerator;denominator\n"
                           "andel_bistand;0604;2014;2,9;10;-3\n")
    assert error_of(path) == (
        f"{path}, line 2: -3 is negative for indicator 'andel_bistand' (denominator) (counts "
        "and values cannot be negative)")


def test_numerator_beside_a_kommun_answer(tmp_path):
    path = write(tmp_path, "indicator;unit;year;value;numerator\nrutin_missbruk;0604;2015;Ja;1\n")
    assert error_of(path) == (
        f"{path}, line 2: a numerator or denominator is given for the answer of 0604 to the "
        "categorical indicator 'rutin_missbruk' (leave numerator and denominator empty for a "
        "kommun's or stadsdel's answer)")


def test_wrong_number_of_fields(tmp_path):
    path = write(tmp_path, "indicator,unit,year,value\nandel_bistand,0604,2014,2,9\n")
    assert error_of(path) == (
        f"{path}, line 2: 5 fields where the header line has 4 (separate the fields with ',' as "
        "in the header line, and quote a field that holds the separator)")


def test_bad_quoting(tmp_path):
    path = write(tmp_path, HEADER + 'andel_bistand;0604;2014;"2,9"x\n')
    assert error_of(path) == (
        f"{path}, line 2: not readable as CSV: ';' expected after '\"'")


def test_not_utf8(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes((HEADER + "andel_bistand;0604;2014;2,9 Jönköping\n").encode("cp1252"))
    assert error_of(path) == (
        f"{path}, line 2: the file is not UTF-8 text (byte 0xf6) (save it as UTF-8, in Excel "
        "as 'CSV UTF-8')")


# -- robustness --------------------------------------------------------------------------------
fields = st.sampled_from(["andel_bistand", "rutin_missbruk", "0604", "06", "00", "2014", "Ja",
                          "2,9", "101", "", '"', "x", "-1", "\u2212", "nan", "inf"])
lines = st.lists(st.lists(fields, min_size=3, max_size=5).map(";".join), max_size=5)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=lines)
def test_any_lines_give_a_table_or_an_input_error(tmp_path, body):
    path = write(tmp_path, "indicator;unit;year;value\n" + "\n".join(body))
    try:
        read(path)
    except InputError:
        pass
