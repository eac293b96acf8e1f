"""Kolada codings as catalog data: ``kolada_codes`` and ``kolada_until`` of an indicator, the
reader decoding by them, and Kolada groups and organisational units refused.

The codings are those of the KPI titles of the Kolada group "Öppna jämförelser - Ekonomiskt
bistånd" (../shared/data/kolada_kpi_ekonomiskt_bistand.csv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regionreport.errors import InputError
from regionreport.model.catalog import load_catalog
from regionreport.model.registry import load_registry
from regionreport.sources.kolada import read_kolada_csv, read_kolada_json

REGISTRY = load_registry()

HEAD = '''
[catalog]
id = "codings"
area = "Ekonomiskt bistånd"
release_year = 2021
title = "Kolada codings"
answer_categories = ["Ja", "Nej", "Ja, för alla", "Ja, men inte för alla", "Ja, alla",
                     "Ja, men inte alla", "Delvis", "Ja, med vissa", "Max 14 dagar",
                     "15 dagar eller mer"]

[[areas]]
id = "a"
name = "Område"
part = "survey"
'''

# indicator id -> (KPI, answers, positive, extra TOML lines); one per coding in the titles
INDICATORS = {
    # "(Ja=1, Nej=0) (-2021)"
    "socialjour": ("U31466", ["Ja", "Nej"], ["Ja"],
                   'kolada_codes = {"1" = "Ja", "0" = "Nej"}\nkolada_until = 2021'),
    # "(Ja, för alla=2, Ja, men inte för alla=1, Nej=0)"
    "insats_unga": ("U31482", ["Ja, för alla", "Ja, men inte för alla", "Nej"],
                    ["Ja, för alla"],
                    'kolada_codes = {"2" = "Ja, för alla", "1" = "Ja, men inte för alla", '
                    '"0" = "Nej"}'),
    # "(Ja, alla=2, Ja, men inte alla=1, Nej=0)"
    "utredningsmall": ("U31485", ["Ja, alla", "Ja, men inte alla", "Nej"], ["Ja, alla"],
                       'kolada_codes = {"2" = "Ja, alla", "1" = "Ja, men inte alla", '
                       '"0" = "Nej"}'),
    # "(Ja=2, Delvis=1, Nej=0)"
    "uppfoljning": ("U31488", ["Ja", "Delvis", "Nej"], ["Ja"],
                    'kolada_codes = {"2" = "Ja", "1" = "Delvis", "0" = "Nej"}'),
    # "(Max 14 dagar = 1, 15 dagar eller mer = 0)"
    "vantetid": ("U31467", ["Max 14 dagar", "15 dagar eller mer"], ["Max 14 dagar"],
                 'kolada_codes = {"1" = "Max 14 dagar", "0" = "15 dagar eller mer"}'),
    # "(Ja=2, Ja=, med vissa=1, Nej=0)"
    "overensk_hyresvard": ("U30437", ["Ja", "Ja, med vissa", "Nej"], ["Ja"],
                           'kolada_codes = {"2" = "Ja", "1" = "Ja, med vissa", "0" = "Nej"}'),
    # "(-2017 Ja=1, Nej=0. 2018- 2=Ja, 1=Delvis och 0=Nej)"
    "konsperspektiv": ("U31490", ["Ja", "Delvis", "Nej"], ["Ja"],
                       'kolada_codes = [{until = 2017, codes = {"1" = "Ja", "0" = "Nej"}},\n'
                       '                {from = 2018, codes = {"2" = "Ja", "1" = "Delvis", '
                       '"0" = "Nej"}}]'),
    # no kolada_codes: the reference table (1 = Ja, 0 = Nej) as before
    "rutin_missbruk": ("U31468", ["Ja", "Nej"], ["Ja"], ""),
}


def indicator_toml(ident: str, kpi: str, answers: list[str], positive: list[str],
                   extra: str) -> str:
    return f'''
[[indicators]]
id = "{ident}"
area = "a"
source = "survey"
name = "{ident}"
short_name = "{ident}"
kind = "categorical"
unit = "andel"
direction = "up"
aggregation = "share_positive"
answers = {json.dumps(answers, ensure_ascii=False)}
positive = {json.dumps(positive, ensure_ascii=False)}
kolada = "{kpi}"
{extra}
'''


def write_catalog(tmp_path: Path, **replace: str) -> Path:
    """The test catalog; ``replace`` gives an indicator other extra lines."""
    text = HEAD
    for ident, (kpi, answers, positive, extra) in INDICATORS.items():
        text += indicator_toml(ident, kpi, answers, positive, replace.get(ident, extra))
    path = tmp_path / "codings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def record(kpi: str, value: object, municipality: str = "0880", period: int = 2021) -> dict:
    return {"kpi": kpi, "municipality": municipality, "period": period,
            "values": [{"gender": "T", "count": 1, "status": "", "value": value}]}


def response(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "kolada.json"
    path.write_text(json.dumps({"count": len(records), "values": list(records),
                                "next_page": None}), encoding="utf-8")
    return path


def answers_of(tmp_path: Path, *records: dict) -> list:
    catalog = load_catalog(write_catalog(tmp_path))
    table = read_kolada_json(response(tmp_path, *records), catalog, REGISTRY)
    return table["answer"]


def error_of(tmp_path: Path, *records: dict) -> str:
    catalog = load_catalog(write_catalog(tmp_path))
    path = response(tmp_path, *records)
    with pytest.raises(InputError) as caught:
        read_kolada_json(path, catalog, REGISTRY)
    return str(caught.value)


def catalog_error(tmp_path: Path, **replace: str) -> str:
    path = write_catalog(tmp_path, **replace)
    with pytest.raises(InputError) as caught:
        load_catalog(path)
    return str(caught.value)


# -- every coding of the KPI group's titles ----------------------------------------------------
@pytest.mark.parametrize("kpi, coded", [
    ("U31466", {1: "Ja", 0: "Nej"}),
    ("U31482", {2: "Ja, för alla", 1: "Ja, men inte för alla", 0: "Nej"}),
    ("U31485", {2: "Ja, alla", 1: "Ja, men inte alla", 0: "Nej"}),
    ("U31488", {2: "Ja", 1: "Delvis", 0: "Nej"}),
    ("U31467", {1: "Max 14 dagar", 0: "15 dagar eller mer"}),
    ("U30437", {2: "Ja", 1: "Ja, med vissa", 0: "Nej"}),
    ("U31468", {1: "Ja", 0: "Nej"}),            # no kolada_codes: the reference table
])
def test_each_coding_of_the_titles_is_decoded(tmp_path, kpi, coded):
    kommuner = ["0880", "0881", "0882"]
    records = [record(kpi, code, unit) for code, unit in zip(coded, kommuner)]
    assert answers_of(tmp_path, *records) == list(coded.values())


def test_u31490_changes_its_coding_in_2018(tmp_path):
    records = [record("U31490", 1, period=2017), record("U31490", 0, "0881", 2017),
               record("U31490", 2, period=2018), record("U31490", 1, "0881", 2018),
               record("U31490", 0, "0882", 2018), record("U31490", 1, period=2021)]
    assert answers_of(tmp_path, *records) == ["Ja", "Nej", "Ja", "Delvis", "Nej", "Delvis"]


def test_u31490_value_2_in_2017_is_not_declared(tmp_path):
    path = tmp_path / "kolada.json"
    assert error_of(tmp_path, record("U31490", 2, period=2017)) == (
        f"{path}, values[0]: Kolada value 2 of KPI 'U31490' for unit 0880 in 2017 is not a "
        "declared code of indicator 'konsperspektiv' (kolada_codes, until 2017: 1 = Ja, "
        "0 = Nej) (check the KPI's coding in its Kolada title and declare the code in the "
        "indicator's kolada_codes, or correct the value)")


def test_riket_and_lan_values_stay_shares(tmp_path):
    catalog = load_catalog(write_catalog(tmp_path))
    path = response(tmp_path, record("U31482", 61.5, "0000"), record("U31482", 48.0, "0008"),
                    record("U31482", 2))
    table = read_kolada_json(path, catalog, REGISTRY)
    assert table["unit"] == ["00", "08", "0880"]
    assert table["value"][:2] == [61.5, 48.0]
    assert table["answer"] == [None, None, "Ja, för alla"]


def test_csv_is_decoded_by_the_coding_too(tmp_path):
    catalog = load_catalog(write_catalog(tmp_path))
    path = tmp_path / "kolada.csv"
    path.write_text("kpi,municipality_id,period,gender,value\n"
                    "U31482,0880,2021,T,1\nU31490,0880,2017,T,1\nU31490,0881,2018,T,1\n"
                    "U31488,0882,2021,T,3\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_kolada_csv(path, catalog, REGISTRY)
    assert str(caught.value).startswith(
        f"{path}, line 5: Kolada value 3 of KPI 'U31488' for unit 0882 in 2021 is not a "
        "declared code of indicator 'uppfoljning' (kolada_codes, all years: 2 = Ja, "
        "1 = Delvis, 0 = Nej)")
    path.write_text(path.read_text(encoding="utf-8").replace("2021,T,3", "2021,T,1"),
                    encoding="utf-8")
    assert read_kolada_csv(path, catalog, REGISTRY)["answer"] == [
        "Ja, men inte för alla", "Ja", "Delvis", "Delvis"]


# -- refused records ---------------------------------------------------------------------------
def test_undeclared_code_names_record_kpi_unit_year_and_codes(tmp_path):
    path = tmp_path / "kolada.json"
    message = error_of(tmp_path, record("U31482", 2), record("U31482", 3, "0881"))
    assert message == (
        f"{path}, values[1]: Kolada value 3 of KPI 'U31482' for unit 0881 in 2021 is not a "
        "declared code of indicator 'insats_unga' (kolada_codes, all years: 2 = Ja, för alla, "
        "1 = Ja, men inte för alla, 0 = Nej) (check the KPI's coding in its Kolada title and "
        "declare the code in the indicator's kolada_codes, or correct the value)")


def test_a_fraction_is_not_a_code(tmp_path):
    assert "Kolada value 1,5 of KPI 'U31488'" in error_of(tmp_path, record("U31488", 1.5))


def test_record_after_kolada_until_is_refused(tmp_path):
    path = tmp_path / "kolada.json"
    assert answers_of(tmp_path, record("U31466", 1, period=2021)) == ["Ja"]
    assert error_of(tmp_path, record("U31466", 1, period=2021),
                    record("U31466", 1, period=2022)) == (
        f"{path}, values[1]: Kolada KPI 'U31466' ends in 2021 (kolada_until of indicator "
        f"'socialjour' in {tmp_path / 'codings.toml'}), but this record is of 2022 (leave the "
        "years after 2021 out of the download, or correct kolada_until if Kolada continued "
        "the KPI)")


def test_year_without_a_coding_is_refused(tmp_path):
    catalog = load_catalog(write_catalog(tmp_path, konsperspektiv=(
        'kolada_codes = [{from = 2018, codes = {"2" = "Ja", "1" = "Delvis", "0" = "Nej"}}]')))
    path = response(tmp_path, record("U31490", 1, period=2016))
    with pytest.raises(InputError) as caught:
        read_kolada_json(path, catalog, REGISTRY)
    assert str(caught.value).startswith(
        f"{path}, values[0]: Kolada KPI 'U31490' (indicator 'konsperspektiv') has no coding "
        "for 2016: kolada_codes covers from 2018")


def test_municipality_group_is_refused(tmp_path):
    path = tmp_path / "kolada.json"
    assert error_of(tmp_path, record("U31482", 2), record("U31482", 48.0, "G92792")) == (
        f"{path}, values[1]: Kolada municipality group 'G92792' is not a unit: Kolada groups "
        "are not kommuner, län or Riket (fetch the group's member kommuner (their four-digit "
        "ids) and declare the group as a region of the layout)")


@pytest.mark.parametrize("ou", ["V15E088000301", "0880123"])
def test_organisational_unit_is_refused(tmp_path, ou):
    path = tmp_path / "kolada.json"
    assert error_of(tmp_path, record("U31482", 2, ou)).startswith(
        f"{path}, values[0]: Kolada id '{ou}' is an organisational unit (ou), not a unit")


def test_ou_record_is_refused(tmp_path):
    path = tmp_path / "kolada.json"
    ou_record = {"kpi": "U31482", "ou": "V15E088000301", "period": 2021,
                 "values": [{"gender": "T", "value": 2}]}
    assert error_of(tmp_path, ou_record).startswith(
        f'{path}, values[0]: a record of the organisational unit (ou) "V15E088000301": '
        "Kolada ous are not kommuner, län or Riket")


# -- catalog validation ------------------------------------------------------------------------
def test_catalog_keeps_the_codings_by_years(tmp_path):
    catalog = load_catalog(write_catalog(tmp_path))
    codings = catalog.indicator("konsperspektiv").kolada_codes
    assert [(c.first, c.last, c.codes) for c in codings] == [
        (None, 2017, ((1, "Ja"), (0, "Nej"))),
        (2018, None, ((2, "Ja"), (1, "Delvis"), (0, "Nej")))]
    assert catalog.indicator("socialjour").kolada_until == 2021
    assert catalog.indicator("rutin_missbruk").kolada_codes == ()
    assert catalog.indicator("rutin_missbruk").kolada_until is None


@pytest.mark.parametrize("codes, problem", [
    ('kolada_codes = [{until = 2018, codes = {"1" = "Ja", "0" = "Nej"}}, '
     '{from = 2018, codes = {"2" = "Ja", "1" = "Delvis", "0" = "Nej"}}]',
     "kolada_codes: the years until 2018 and from 2018 overlap"),
    ('kolada_codes = [{from = 2015, until = 2019, codes = {"1" = "Ja"}}, '
     '{from = 2017, codes = {"2" = "Ja"}}]',
     "kolada_codes: the years 2015–2019 and from 2017 overlap"),
    ('kolada_codes = [{codes = {"1" = "Ja"}}, {from = 2018, codes = {"2" = "Ja"}}]',
     "kolada_codes: the years all years and from 2018 overlap"),
])
def test_overlapping_years_are_refused(tmp_path, codes, problem):
    message = catalog_error(tmp_path, konsperspektiv=codes)
    assert message.startswith(f"{tmp_path / 'codings.toml'}: indicator 'konsperspektiv': "
                              + problem)


@pytest.mark.parametrize("codes, problem", [
    ('kolada_codes = {"ja" = "Ja", "0" = "Nej"}', "code 'ja' is not a whole number"),
    ('kolada_codes = {"1.5" = "Ja", "0" = "Nej"}', "code '1.5' is not a whole number"),
    ('kolada_codes = {"1" = "Ja, för alla", "0" = "Nej"}',
     "answer 'Ja, för alla' of code 1 is not one of the indicator's answers (Ja, Delvis, Nej)"),
    ('kolada_codes = {"1" = "Ja", "01" = "Nej"}', "code 1 is given twice"),
    ('kolada_codes = [{until = 2017, codes = {"1" = "Ja"}, to = 2019}]',
     "kolada_codes[1] has the unknown key 'to'"),
    ('kolada_codes = [{from = "2018", codes = {"1" = "Ja"}}]',
     "kolada_codes[1]: 'from' must be a year (a whole number), not '2018'"),
    ('kolada_codes = [{from = 2019, until = 2018, codes = {"1" = "Ja"}}]',
     "kolada_codes[1]: from = 2019 is after until = 2018"),
    ('kolada_codes = "1 = Ja"', "'kolada_codes' must be a table of codes"),
    ('kolada_until = "2021"',
     "'kolada_until' must be a year (the last year of a KPI Kolada marks as ending), not "
     "'2021'"),
    ('kolada_codes = [{from = 2022, codes = {"1" = "Ja"}}]\nkolada_until = 2021',
     "kolada_codes from 2022 starts after kolada_until = 2021"),
])
def test_bad_codings_name_catalog_and_indicator(tmp_path, codes, problem):
    message = catalog_error(tmp_path, konsperspektiv=codes)
    assert message.startswith(f"{tmp_path / 'codings.toml'}: indicator 'konsperspektiv': ")
    assert problem in message


def test_codes_need_a_kolada_id_and_a_categorical_indicator(tmp_path):
    path = write_catalog(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('kolada = "U31490"\n', ""), encoding="utf-8")
    with pytest.raises(InputError, match="indicator 'konsperspektiv': 'kolada_codes' needs "
                                         "the indicator's Kolada id"):
        load_catalog(path)
    path.write_text(text + '''
[[indicators]]
id = "tal"
area = "a"
source = "register"
name = "tal"
short_name = "tal"
kind = "percent"
unit = "procent"
direction = "up"
aggregation = "weighted"
kolada = "N31807"
kolada_codes = {"1" = "Ja"}
''', encoding="utf-8")
    with pytest.raises(InputError, match="indicator 'tal': 'kolada_codes' is for categorical"):
        load_catalog(path)
