"""Kolada readers: saved API responses (JSON) and Kolada CSV -> the tidy table."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionreport.model.catalog import load_catalog
from regionreport.errors import InputError
from regionreport.model.registry import load_registry
from regionreport.model.results import TIDY_COLUMNS, combine
from regionreport.sources.kolada import read_kolada_csv, read_kolada_json

DATA = Path(__file__).parent / "data" / "kolada"
CATALOG = load_catalog(Path(__file__).parent / "data" / "mini-catalog.toml")
REGISTRY = load_registry()
RESPONSE = ('a saved Kolada API response {"count": n, "values": [...], "next_page": ...} '
            "or a list of them")
RECORD = 'a Kolada data record {"kpi": ..., "municipality": ..., "period": ..., "values": [...]}'


def read_json(path: Path) -> pd.DataFrame:
    return read_kolada_json(path, CATALOG, REGISTRY).frame()


def read_csv(path: Path) -> pd.DataFrame:
    return read_kolada_csv(path, CATALOG, REGISTRY).frame()


def error_of(reader, path: Path) -> str:
    with pytest.raises(InputError) as caught:
        reader(path)
    return str(caught.value)


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    return path


def page(*records: dict) -> dict:
    return {"count": len(records), "values": list(records), "next_page": None}


def record(kpi: str = "N31807", municipality: str = "0604", period: object = 2014,
           values: list | None = None) -> dict:
    if values is None:
        values = [{"gender": "T", "count": 1, "status": "", "value": 2.9}]
    return {"kpi": kpi, "municipality": municipality, "period": period, "values": values}


# -- JSON: good input --------------------------------------------------------------------------
def test_page_gives_tidy_rows_with_total_values():
    table = read_json(DATA / "page1.json")
    assert list(table.columns) == list(TIDY_COLUMNS)
    assert list(table.unit) == ["00", "06", "0604", "0680", "0604"]
    assert list(table.indicator) == ["andel_bistand"] * 4 + ["utbetalt_kr_per_inv"]
    assert list(table.year) == [2014] * 5
    assert table.value[:3].tolist() == [4.4, 3.6, 2.9]  # gender T, wherever it stands
    assert table.value[4] == 512.0
    assert table.origin[1] == f"{DATA / 'page1.json'}, values[1]"


def test_null_value_with_status_missing_is_a_nan_row():
    table = read_json(DATA / "page1.json")
    missing = table[table.unit == "0680"].iloc[0]
    assert math.isnan(missing.value)
    assert missing.answer is None
    assert missing.origin == f"{DATA / 'page1.json'}, values[3]"


def test_riket_and_county_codes_are_translated():
    table = read_json(DATA / "page1.json")
    assert table.unit[0] == "00"  # "0000"
    assert table.unit[1] == "06"  # "0006"


def test_two_pages_together_give_all_records():
    pages = [read_kolada_json(DATA / name, CATALOG, REGISTRY)
             for name in ("page1.json", "page2.json")]
    table = combine(pages).frame()
    assert len(table) == 9
    assert set(zip(table.indicator, table.unit, table.year)) == {
        ("andel_bistand", "00", 2014), ("andel_bistand", "06", 2014),
        ("andel_bistand", "0604", 2014), ("andel_bistand", "0680", 2014),
        ("utbetalt_kr_per_inv", "0604", 2014), ("rutin_missbruk", "00", 2015),
        ("rutin_missbruk", "0604", 2015), ("rutin_missbruk", "0617", 2015),
        ("rutin_missbruk", "0680", 2015)}


def test_one_file_with_a_list_of_pages(tmp_path):
    pages = [json.loads((DATA / name).read_text(encoding="utf-8"))
             for name in ("page1.json", "page2.json")]
    path = write(tmp_path, "pages.json", pages)
    table = read_json(path)
    assert len(table) == 9
    assert table.origin[5] == f"{path}, page 2, values[0]"


def test_categorical_kpi_gives_answers_for_kommuner_and_shares_for_riket():
    table = read_json(DATA / "page2.json").set_index("unit")
    assert table.loc["0604", "answer"] == "Ja"
    assert table.loc["0617", "answer"] == "Nej"
    assert table.loc["0680", "answer"] is None  # null: not answered
    assert math.isnan(table.loc["0604", "value"])
    assert table.loc["00", "value"] == 62.5  # taken as percent
    assert table.loc["00", "answer"] is None


def test_record_without_total_uses_its_only_value(tmp_path):
    path = write(tmp_path, "k.json", page(record(values=[{"gender": "K", "value": 3.0}])))
    assert read_json(path).value.tolist() == [3.0]


def test_value_given_as_text_with_decimal_comma(tmp_path):
    path = write(tmp_path, "k.json", page(record(values=[{"gender": "T", "value": "2,9"}])))
    assert read_json(path).value.tolist() == [2.9]


def test_empty_page_gives_an_empty_table(tmp_path):
    path = write(tmp_path, "k.json", page())
    table = read_json(path)
    assert table.empty and list(table.columns) == list(TIDY_COLUMNS)


# -- JSON: exact messages ----------------------------------------------------------------------
def test_unknown_kpi():
    path = DATA / "unknown_kpi.json"
    assert error_of(read_json, path) == (
        f"{path}, values[1]: Kolada KPI 'U99999' is not in the catalog 'mini-2015' "
        '(add kolada = "U99999" to the indicator it measures, or leave the KPI out of the '
        "download)")


def test_unknown_unit_code():
    path = DATA / "unknown_unit.json"
    assert error_of(read_json, path) == (
        f"{path}, values[0]: unknown unit code '0699' (expected '00' for Riket, a two-digit "
        "länskod, a four-digit kommunkod or a six-digit stadsdel code of the registry)")


def test_answer_outside_the_categories():
    path = DATA / "bad_answer.json"
    assert error_of(read_json, path) == (
        f"{path}, values[0]: Kolada value 2 of KPI 'U31476' for unit 0617 is not an answer of "
        "indicator 'overensk_af' (expected 1 = Ja or 0 = Nej) (Kolada gives a kommun's answer "
        "as 1 or 0; take the indicator from the ÖJ workbook if the KPI codes more answers)")


def test_indicator_without_ja_and_nej_cannot_take_kolada_answers(tmp_path):
    path = write(tmp_path, "k.json", page(record("U31485", "0604", 2015,
                                                 [{"gender": "T", "value": 1}])))
    assert error_of(read_json, path) == (
        f"{path}, values[0]: Kolada KPI 'U31485' gives answers as numbers, read as 1 = Ja and "
        "0 = Nej, but indicator 'utredningsmall' has the answers Ja, alla, Ja, men inte alla, "
        "Nej (take this indicator from the ÖJ workbook and remove kolada = \"U31485\" from it "
        "in the catalog)")


def test_percentage_outside_0_100():
    path = DATA / "bad_percent.json"
    assert error_of(read_json, path) == (
        f"{path}, values[0]: 123,5 is outside 0–100 for indicator 'andel_langvarigt' "
        "(a percentage) (percentages are written as 0–100, not as fractions above 100)")


def test_text_where_a_number_belongs():
    path = DATA / "text_value.json"
    assert error_of(read_json, path) == (
        f"{path}, values[0].values[0]: 'saknas' is not a number (key 'value' expects a number) "
        "(write a number such as 54,3 or mark a missing value as empty)")


def test_empty_file():
    path = DATA / "empty.json"
    assert error_of(read_json, path) == f"{path}: the file is empty (expected {RESPONSE})"


def test_malformed_json(tmp_path):
    path = write(tmp_path, "k.json", '{"values": [\n  {"kpi": "N31807",}\n]}')
    assert error_of(read_json, path) == (
        f"{path}, line 2: not valid JSON: Expecting property name enclosed in double quotes "
        f"at column 20 (expected {RESPONSE})")


def test_neither_object_nor_list(tmp_path):
    path = write(tmp_path, "k.json", "42")
    assert error_of(read_json, path) == (
        f"{path}: the file holds a JSON number (expected {RESPONSE})")


def test_list_of_records_instead_of_pages(tmp_path):
    path = write(tmp_path, "k.json", [record()])
    assert error_of(read_json, path) == (
        f"{path}, page 1: a single Kolada data record where a whole response belongs "
        f"(expected {RESPONSE})")


def test_missing_key(tmp_path):
    broken = record()
    del broken["period"]
    path = write(tmp_path, "k.json", page(record(), broken))
    assert error_of(read_json, path) == (
        f"{path}, values[1]: key 'period' is missing (expected {RECORD})")


def test_period_that_is_not_a_year(tmp_path):
    path = write(tmp_path, "k.json", page(record(period="2014-2015")))
    assert error_of(read_json, path) == (
        f"{path}, values[0]: '2014-2015' is not a year (key 'period' expects a four-digit year, "
        "YYYY)")


def test_several_values_without_a_total(tmp_path):
    path = write(tmp_path, "k.json", page(record(values=[{"gender": "K", "value": 1.0},
                                                         {"gender": "M", "value": 2.0}])))
    assert error_of(read_json, path) == (
        f"{path}, values[0]: no total value (gender 'T') among the values (genders: K, M) "
        "(download the KPI with its total, gender 'T')")


def test_same_record_twice_in_one_file(tmp_path):
    path = write(tmp_path, "k.json", page(record(), record(municipality="0617"), record()))
    assert error_of(read_json, path) == (
        f"{path}, values[2]: indicator 'andel_bistand', unit 0604, year 2014 is given twice: "
        "values[0] and values[2] (remove one of them)")


def test_not_utf8(tmp_path):
    path = tmp_path / "k.json"
    path.write_bytes('{"values": [],\n "note": "Jönköping"}'.encode("latin-1"))
    assert error_of(read_json, path) == (
        f"{path}, line 2: the file is not UTF-8 text (byte 0xf6) (save it as UTF-8, in Excel "
        "as 'CSV UTF-8')")


def test_deeply_nested_json(tmp_path):
    path = write(tmp_path, "k.json", "[" * 100_000 + "]" * 100_000)
    assert error_of(read_json, path) == (
        f"{path}: the JSON is nested too deeply (expected {RESPONSE})")


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.json"
    assert error_of(read_json, path) == f"{path}: file not found"


# -- CSV ---------------------------------------------------------------------------------------
def test_csv_uses_total_lines_and_keeps_empty_values():
    table = read_csv(DATA / "kolada.csv")
    assert list(table.unit) == ["00", "06", "0604", "0680", "0617"]
    assert table.value[0] == 23.7  # decimal comma, gender T of three lines
    assert math.isnan(table.value[2])  # empty value, status Missing
    assert table.value[3] == 22.1  # T line after the K and M lines
    assert table.answer[4] == "Ja"
    assert table.origin[3] == f"{DATA / 'kolada.csv'}, line 9"


def test_csv_with_commas_and_without_gender_column():
    table = read_csv(DATA / "kolada_comma.csv")
    assert table[["indicator", "unit", "year", "value"]].values.tolist() == [
        ["andel_langvarigt", "0604", 2014, 20.5]]


def test_csv_prefers_municipality_id_over_the_name_column(tmp_path):
    path = write(tmp_path, "k.csv", "municipality;kpi;period;value;municipality_id\n"
                                    "Aneby;N31814;2014;20,5;0604\n")
    assert read_csv(path).unit.tolist() == ["0604"]


def test_csv_written_by_rkolada(tmp_path):
    path = write(tmp_path, "k.csv",
                 '"","kpi","municipality_id","year","gender","count","value","municipality",'
                 '"municipality_type"\n'
                 '"1","N31814","0604",2014,"T",1,20.5,"Aneby","K"\n'
                 '"2","N31814","0680",2014,"T",0,NA,"Jönköping","K"\n')
    table = read_csv(path)
    assert table.unit.tolist() == ["0604", "0680"]
    assert table.value[0] == 20.5 and math.isnan(table.value[1])


def test_csv_missing_column():
    path = DATA / "missing_column.csv"
    assert error_of(read_csv, path) == (
        f"{path}, line 1: column 'period' or 'year' is missing (found columns: kpi, "
        "municipality_id, gender, value)")


def test_csv_empty_file(tmp_path):
    path = write(tmp_path, "k.csv", "\n  \n")
    assert error_of(read_csv, path) == (
        f"{path}: the file is empty (expected a header line with the columns kpi, "
        "municipality_id (or municipality), period, gender, value)")


def test_csv_unknown_kpi_names_the_line(tmp_path):
    path = write(tmp_path, "k.csv", "kpi;municipality_id;period;gender;value\n"
                                    "N31814;0604;2014;T;20,5\nU99999;0604;2014;T;1\n")
    assert error_of(read_csv, path) == (
        f"{path}, line 3: Kolada KPI 'U99999' is not in the catalog 'mini-2015' (add kolada = "
        '"U99999" to the indicator it measures, or leave the KPI out of the download)')


def test_csv_text_where_a_number_belongs(tmp_path):
    path = write(tmp_path, "k.csv", "kpi;municipality_id;period;gender;value\n"
                                    "N31814;0604;2014;T;n/a\n")
    assert error_of(read_csv, path) == (
        f"{path}, line 2: 'n/a' is not a number (column 'value' expects a number) (write a "
        "number such as 54,3 or mark a missing value as empty)")


def test_csv_without_total_line(tmp_path):
    path = write(tmp_path, "k.csv", "kpi;municipality_id;period;gender;value\n"
                                    "N31814;0604;2014;K;20\nN31814;0604;2014;M;21\n")
    assert error_of(read_csv, path) == (
        f"{path}, line 2: no total line (gender 'T') for this KPI, municipality and period; "
        "lines 2, 3 have the genders K, M (download the KPI with its total, gender 'T')")


def test_csv_wrong_number_of_fields(tmp_path):
    path = write(tmp_path, "k.csv", "kpi;municipality_id;period;gender;value\n"
                                    "N31814;0604;2014;T;20;5\n")
    assert error_of(read_csv, path) == (
        f"{path}, line 2: 6 fields where the header line has 5 (separate the fields with ';' as "
        "in the header line, and quote a field that holds the separator)")


def test_csv_period_that_is_not_a_year(tmp_path):
    path = write(tmp_path, "k.csv", "kpi,municipality_id,period,value\nN31814,0604,14,20\n")
    assert error_of(read_csv, path) == (
        f"{path}, line 2: '14' is not a year (column 'period' expects a four-digit year, "
        "YYYY)")


# -- robustness: bad input only ever raises InputError -----------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
    | st.sampled_from(["N31807", "U31468", "0000", "0006", "0604", "T", "2014"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["count", "values", "kpi", "municipality", "period",
                                       "gender", "value", "status"]), inner, max_size=5),
    max_leaves=20)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=json_values)
def test_any_json_gives_a_table_or_an_input_error(tmp_path, data):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        read_json(path)
    except InputError:
        pass


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_any_bytes_give_a_table_or_an_input_error(tmp_path, data):
    path = tmp_path / "fuzz.bin"
    path.write_bytes(b"kpi;municipality_id;period;gender;value\n" + data)
    for reader in (read_json, read_csv):
        try:
            reader(path)
        except InputError:
            pass


# -- the real catalog --------------------------------------------------------------------------
def test_page_against_the_shipped_catalog(catalog, registry):
    table = read_kolada_json(DATA / "page2.json", catalog, registry).frame().set_index("unit")
    assert set(table.indicator) == {catalog.by_kolada()["U31468"].id}
    assert table.loc["0604", "answer"] == "Ja" and table.loc["0617", "answer"] == "Nej"
