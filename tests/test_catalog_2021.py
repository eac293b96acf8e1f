"""The catalog ekonomiskt-bistand-2021, built from Kolada's KPI group "Öppna jämförelser -
Ekonomiskt bistånd" (GKPI251): every KPI of the group is an indicator, each survey
indicator's ``kolada_codes`` is the coding written in its KPI's Kolada title, the KPIs Kolada
marks "(-2021)" end in 2021, and a small Kolada response for Kalmar kommun 2021 is read and
checked.

The KPI list is tests/data/kolada/kolada_kpi_ekonomiskt_bistand.csv, a copy of
../shared/data/kolada_kpi_ekonomiskt_bistand.csv (Kolada's KPI ids and titles)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from regionreport.cli import main
from regionreport.model.catalog import load_catalog
from regionreport.model.registry import load_registry
from regionreport.paths import find
from regionreport.sources.kolada import read_kolada_json

CATALOG_ID = "ekonomiskt-bistand-2021"
CATALOG = load_catalog(find("catalog", CATALOG_ID))
KPI_CSV = Path(__file__).parent / "data" / "kolada" / "kolada_kpi_ekonomiskt_bistand.csv"
GROUP = "GKPI251"


def kpi_titles(group: str | None = None) -> dict[str, str]:
    """KPI id -> Kolada title (of ``group`` only, if given)."""
    with KPI_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["kpi_id"]: row["kpi_title"] for row in csv.DictReader(handle)
                if group is None or row["kolada_kpi_group_id"] == group}


TITLES = kpi_titles()
WITH_KPI = [i for i in CATALOG.indicators if i.kolada]
SURVEY = [i for i in WITH_KPI if i.kind == "categorical"]

# Answer words of the titles that the catalog writes otherwise, and Kolada's typo
# "Ja=, med vissa" in U30437/U30438.
SAME_ANSWER = {"Max 14 dagar": "Högst 14 dagar"}
TYPOS = {"Ja=, med vissa": "Ja, med vissa"}


def _pairs_label_first(text: str) -> dict[int, str]:
    """'Ja, för alla=2, Ja, men inte för alla=1, Nej=0' -> {2: 'Ja, för alla', ...}."""
    pairs = re.findall(r"\s*,?\s*([^=]+?)\s*=\s*(\d+)", text)
    return {int(code): SAME_ANSWER.get(label, label) for label, code in pairs}


def _pairs_code_first(text: str) -> dict[int, str]:
    """'2=Ja, 1=Delvis och 0=Nej' -> {2: 'Ja', 1: 'Delvis', 0: 'Nej'}."""
    return {int(code): label.strip()
            for code, label in re.findall(r"(\d+)\s*=\s*([^,=]+?)(?=,| och |$)", text)}


def title_codings(title: str) -> list[tuple[int | None, int | None, dict[int, str]]]:
    """The coding(s) in a Kolada title as (first year, last year, {code: answer}); one
    coding for all years, or one per period ("(-2017 Ja=1, Nej=0. 2018- 2=Ja, ...)")."""
    for typo, meant in TYPOS.items():
        title = title.replace(typo, meant)
    groups = re.findall(r"\(([^()]*=[^()]*)\)", title)
    assert len(groups) == 1, f"no single coding in {title!r}"
    text = groups[0]
    by_years = re.fullmatch(r"-(\d{4}) (.+?)\. (\d{4})- (.+)", text)
    if by_years:
        until, first_text, start, second_text = by_years.groups()
        return [(None, int(until), _pairs_label_first(first_text)),
                (int(start), None, _pairs_code_first(second_text))]
    return [(None, None, _pairs_label_first(text))]


def test_title_parser_reads_each_shape():
    assert title_codings("X, (Ja=1, Nej=0) (-2021)") == [(None, None, {1: "Ja", 0: "Nej"})]
    assert title_codings("X, (Ja=2, Ja=, med vissa=1, Nej=0)") == [
        (None, None, {2: "Ja", 1: "Ja, med vissa", 0: "Nej"})]
    assert title_codings("X, (Max 14 dagar = 1, 15 dagar eller mer = 0)") == [
        (None, None, {1: "Högst 14 dagar", 0: "15 dagar eller mer"})]
    assert title_codings("X, (-2017 Ja=1, Nej=0. 2018- 2=Ja, 1=Delvis och 0=Nej)") == [
        (None, 2017, {1: "Ja", 0: "Nej"}), (2018, None, {2: "Ja", 1: "Delvis", 0: "Nej"})]


def test_catalog_loads_with_its_areas():
    assert CATALOG.id == CATALOG_ID
    parts = {a.id: a.part for a in CATALOG.areas}
    assert parts["forutsattningar"] == "register"
    assert {i.area for i in CATALOG.indicators} == set(parts)


def test_every_kolada_id_is_a_kpi_of_the_list_and_used_once():
    ids = [i.kolada for i in WITH_KPI]
    assert sorted(set(ids) - set(TITLES)) == []
    assert len(ids) == len(set(ids))
    assert len(WITH_KPI) == len(CATALOG.indicators)


def test_every_kpi_of_the_oj_group_is_in_the_catalog():
    assert sorted(set(kpi_titles(GROUP)) - {i.kolada for i in WITH_KPI}) == []


def test_survey_indicators_are_exactly_the_kpis_with_a_coding_in_the_title():
    coded = {kpi for kpi, title in kpi_titles(GROUP).items() if re.search(r"=\s*\d", title)}
    assert {i.kolada for i in SURVEY} == coded
    assert all(i.source == "survey" for i in SURVEY)


@pytest.mark.parametrize("indicator", SURVEY, ids=lambda i: i.kolada)
def test_kolada_codes_agree_with_the_kpi_title(indicator):
    declared = [(c.first, c.last, {code: answer for code, answer in c.codes})
                for c in indicator.kolada_codes]
    assert declared == title_codings(TITLES[indicator.kolada])


@pytest.mark.parametrize("indicator", SURVEY, ids=lambda i: i.kolada)
def test_positive_is_full_attainment_and_the_middle_level_partial(indicator):
    codes = dict(indicator.kolada_codes[-1].codes)
    assert list(indicator.positive) == [codes[max(codes)]]
    middle = [answer for code, answer in codes.items() if 0 < code < max(codes)]
    assert list(indicator.partial) == middle
    assert set(indicator.answers) <= set(CATALOG.answer_categories)


def test_kpis_ending_2021_end_in_2021_and_no_other():
    ending = {kpi for kpi, title in TITLES.items() if "(-2021)" in title}
    assert ending, "the KPI list has no ending KPI"
    for indicator in WITH_KPI:
        expected = 2021 if indicator.kolada in ending else None
        assert indicator.kolada_until == expected, indicator.kolada


def test_register_kinds_and_units():
    by_kpi = {i.kolada: i for i in WITH_KPI}
    assert by_kpi["U31001"].kind == "kronor"
    assert by_kpi["U31001"].unit_text == "kronor per invånare"
    for kpi in ("N31807", "N31814", "U31801", "U31803", "U31804", "U31805", "U31806",
                "U31807", "U31809", "U00800", "U01803"):
        assert by_kpi[kpi].kind == "percent" and by_kpi[kpi].source == "register", kpi
    assert {by_kpi[k].area for k in ("U00800", "U00801", "U01803", "U01804", "U01805",
                                     "U01806", "N01967")} == {"forutsattningar"}


def record(kpi: str, value: float, period: int = 2021, municipality: str = "0880") -> dict:
    return {"kpi": kpi, "municipality": municipality, "period": period,
            "values": [{"gender": "T", "count": 1, "status": "", "value": value}]}


# Kalmar kommun 2021 as in ../shared/data/README.md: socialjour Ja, waiting time at most
# 14 days, the structured template in all investigations, systematic follow-up Delvis (the
# 2020 results were not compiled, so not met in 2021; Delvis is the choice made here).
KALMAR_2021 = [record("U31466", 1), record("U31467", 1), record("U31485", 2),
               record("U31488", 1), record("N31807", 3.1, 2020), record("U31001", 1850, 2020)]


@pytest.fixture
def kalmar_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"count": len(KALMAR_2021), "values": KALMAR_2021,
                                "next_page": None}), encoding="utf-8")
    return path


def test_kalmar_2021_answers_are_decoded(kalmar_json):
    table = read_kolada_json(kalmar_json, CATALOG, load_registry())
    answers = dict(zip(table["indicator"], table["answer"]))
    assert {k: answers[k] for k in ("socialjour", "vantetid_nybesok", "utredningsmall",
                                    "uppfoljning_resultat")} == {
        "socialjour": "Ja", "vantetid_nybesok": "Högst 14 dagar",
        "utredningsmall": "Ja, alla", "uppfoljning_resultat": "Delvis"}


def test_check_reads_the_kalmar_response(kalmar_json):
    result = CliRunner().invoke(main, ["check", "--data", str(kalmar_json), "--catalog",
                                       CATALOG_ID, "--region", "08"])
    assert result.exit_code == 0, result.output
    assert "Indicators: 6 of 54 in the catalog found (4 survey, 2 register)" in result.output
    rows = {line.split("  ")[1].strip(): line for line in result.output.splitlines()
            if line.startswith("  ") and "share of answering" in line}
    # one answering kommun: 100 % where its answer is positive, 0 % for Delvis
    assert "100,0" in rows["Socialjour"] and "100,0" in rows["Väntetid nybesök"]
    assert "100,0" in rows["Strukturerad utredningsmall"]
    assert " 0,0 " in rows["Uppföljning för utveckling"]


def test_a_record_after_2021_of_an_ending_kpi_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"count": 1, "values": [record("U31466", 1, 2022)],
                                "next_page": None}), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--data", str(path), "--catalog", CATALOG_ID])
    assert result.exit_code == 1
    assert "U31466" in result.output and "2021" in result.output
