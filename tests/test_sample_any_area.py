"""`regionreport sample-data` for any area and year, as a user meets it: an invented area's
catalog and profile in a folder of one's own -> the sample -> `check` finds no
disagreement -> a report whose tables show the workbook's values; the seed gives the same
bytes; mistakes in the calibration or the years are named; next year's profile works too.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from regionreport import paths
from regionreport.cli import main
from regionreport.model.registry import load_registry
from regionreport.numbers import format_number

REGISTRY = load_registry()
JONKOPING = [u.code for u in REGISTRY.kommuner_in("06")]

CARD_LABELS = """
[card_labels]
name = "Indikator"
target = "Målvärde"
direction = "Riktning"
description = "Beskrivning och motiv"
indicator_type = "Typ av indikator"
questions = "Frågor"
definitions = "Definitioner"
criterion = "Kriterium"
levels = "Redovisningsnivåer"
aggregation_text = "Län och riket"
measurement = "Mätperiod/mätdatum"
data_sources = "Datakälla"
error_sources = "Felkällor"
area = "Indikatorområde"
quality_area = "Kvalitetsområde"
kolada = "Kolada-id"
"""

CATALOG = """
[catalog]
id = "testomrade-2015"
area = "Missbruks- och beroendevård"
release_year = 2015
title = "Öppna jämförelser – Missbruks- och beroendevård 2015 (testområde)"
answer_categories = ["Ja", "Delvis", "Nej", "Verksamhet saknas"]
""" + CARD_LABELS + """
[[areas]]
id = "samverkan"
name = "Samverkan och delaktighet"
part = "survey"

[[areas]]
id = "insatser"
name = "Insatser i öppenvård"
part = "register"

[[indicators]]
id = "samverkan_region"
area = "samverkan"
source = "survey"
name = "Skriftlig överenskommelse med regionen om samverkan kring personer med missbruk"
short_name = "Överenskommelse region"
kind = "categorical"
unit = "procent"
answers = ["Ja", "Nej"]
positive = ["Ja"]
direction = "up"
aggregation = "share_positive"
target = "Kommunen har en gällande överenskommelse med regionen."
criterion = "För JA krävs svar Ja."
measurement_label = "Mätdatum"
measurement = "1 mars {år}"

[[indicators]]
id = "rutin_anhoriga"
area = "samverkan"
source = "survey"
name = "Rutin för att erbjuda anhöriga stöd"
short_name = "Rutin anhörigstöd"
kind = "categorical"
unit = "procent"
answers = ["Ja", "Delvis", "Nej"]
positive = ["Ja"]
partial = ["Delvis"]
direction = "up"
aggregation = "share_positive"
target = "Kommunen har en rutin som gäller i hela verksamheten."
criterion = "För JA krävs svar Ja; Delvis uppfyller delvis."
measurement_label = "Mätdatum"
measurement = "1 mars {år}"

[[indicators]]
id = "brukarinflytande"
area = "samverkan"
source = "survey"
name = "Brukarnas synpunkter tas tillvara systematiskt"
short_name = "Brukarinflytande"
kind = "categorical"
unit = "procent"
answers = ["Ja", "Nej", "Verksamhet saknas"]
positive = ["Ja", "Verksamhet saknas"]
direction = "up"
aggregation = "share_positive"
target = "Kommunen samlar in och använder brukarnas synpunkter."
criterion = "För JA krävs svar Ja eller Verksamhet saknas."
measurement_label = "Mätdatum"
measurement = "1 mars {år}"

[[indicators]]
id = "vantetid_dagar"
area = "samverkan"
source = "survey"
name = "Genomsnittlig väntetid från ansökan till beslut"
short_name = "Väntetid, dagar"
kind = "numeric"
unit = "dagar"
unit_text = "dagar i genomsnitt"
direction = "down"
direction_text = "En kortare väntetid är önskvärd."
aggregation = "weighted"
criterion = "Summan av väntedagar delad med antalet ärenden."
measurement_label = "Mätperiod"
measurement = "Januari–februari {år}"
decimals = 1

[[indicators]]
id = "insatser_per_10000"
area = "insatser"
source = "register"
name = "Personer med insats i öppenvård per 10 000 invånare"
short_name = "Insatser per 10 000"
kind = "numeric"
unit = "per 10 000 invånare"
unit_text = "antal per 10 000 invånare"
scale = 10000
direction = "none"
aggregation = "weighted"
criterion = "Antalet personer med insats delat med folkmängden, gånger 10 000."
measurement_label = "Mätperiod"
measurement = "Kalenderåret {registerår}"
decimals = 1
"""

PROFILE = """
[profile]
id = "oj-testomrade-2015"
catalog = "testomrade-2015"

[defaults]
header_row = 3
code_header = "Kod"
name_header = "Namn"
missing = ["", "-"]

[[sheets]]
name = "Enkät {year}"
years = [2014, 2015]
[sheets.columns]
"Överenskommelse med regionen" = "samverkan_region"
"Rutin för anhörigstöd" = "rutin_anhoriga"
"Brukarinflytande" = "brukarinflytande"
"Väntetid, dagar" = "vantetid_dagar"
"Summa väntedagar" = "vantetid_dagar:numerator"
"Antal ärenden" = "vantetid_dagar:denominator"

[[sheets]]
name = "Register {year}"
years = [2012, 2013, 2014, 2015]
[sheets.columns]
"Personer med insats per 10 000 invånare" = "insatser_per_10000"
"Antal personer med insats" = "insatser_per_10000:numerator"
"Folkmängd" = "insatser_per_10000:denominator"
"""

FIXTURE = """unit,samverkan_region,rutin_anhoriga,vantetid_dagar,insatser_per_10000@2014
Aneby,Ja,Delvis,28.5,41.2
Eksjö,Nej,delvis,,
0680,Ja,Ja,"40,0",66.0
Riket,61.3,,,
"""

CALIBRATION = """
[sample]
non_responders = {2015 = 9, 2014 = 12}

[[fixtures]]
file = "fixture.csv"
year = 2015

[indicators.rutin_anhoriga]
level = {2015 = 48.5}
weights = {Ja = 1, Delvis = 2, Nej = 1}

[indicators.vantetid_dagar]
level = 34.5
spread = 0.4
denominator_share = 0.002

[indicators.insatser_per_10000]
level = {2012 = 51.0, 2013 = 53.0, 2014 = 54.5, 2015 = 56.0}
"""

LAYOUT = """
[meta]
title = "Öppna jämförelser – Missbruks- och beroendevård {år}"
subtitle = "Resultat för kommunerna i {region}"
organisation = "Testenheten"
author = "Test"
date = "2015-12-01"

[data]
catalog = "testomrade-2015"
profile = "oj-testomrade-2015"
files = ["sample.xlsx"]

[region]
lan = "06"

[years]
survey = 2015
survey_previous = 2014
register = 2015
register_first = 2012

[options]
municipality_groups = "skl2011"
charts = false

[[sections]]
kind = "cover"

[[sections]]
kind = "indicator_area"
area = "samverkan"
level = 1

[[sections]]
kind = "register_part"
heading = "Insatser"
level = 1
areas = ["insatser"]
"""


def invoke(*arguments: str):
    return CliRunner().invoke(main, [str(a) for a in arguments])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A report folder of one's own with the invented area's catalog, profile, calibration
    and layout, and the sample written into it."""
    folder = tmp_path_factory.mktemp("area")
    (folder / "catalogs").mkdir()
    (folder / "profiles").mkdir()
    (folder / "catalogs" / "testomrade-2015.toml").write_text(CATALOG, encoding="utf-8")
    (folder / "profiles" / "oj-testomrade-2015.toml").write_text(PROFILE, encoding="utf-8")
    (folder / "calibration.toml").write_text(CALIBRATION, encoding="utf-8")
    (folder / "fixture.csv").write_text(FIXTURE, encoding="utf-8")
    (folder / "report.toml").write_text(LAYOUT, encoding="utf-8")
    result = invoke("sample-data", "-o", folder / "sample.xlsx", "--profile",
                    folder / "profiles" / "oj-testomrade-2015.toml", "--calibration",
                    folder / "calibration.toml", "--seed", "7")
    assert result.exit_code == 0, result.output
    return folder


def sheet_rows(path: Path, name: str, header_row: int = 3) -> dict[str, dict[str, object]]:
    """Unit code -> header -> cell of one sheet."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = book[name].iter_rows(min_row=header_row, values_only=True)
    header = next(rows)
    found = {row[0]: dict(zip(header, row)) for row in rows if row[0] is not None}
    book.close()
    return found


def check_output(project: Path, *extra: str) -> str:
    result = invoke("check", "--data", project / "sample.xlsx", "--profile",
                    project / "profiles" / "oj-testomrade-2015.toml", "--catalog",
                    project / "catalogs" / "testomrade-2015.toml", *extra)
    assert result.exit_code == 0, result.output
    return result.output


# -- the sample of an invented area ---------------------------------------------------------------
def test_the_sample_has_the_profiles_sheets_and_check_finds_no_disagreement(project):
    book = openpyxl.load_workbook(project / "sample.xlsx", read_only=True)
    assert book.sheetnames == ["Om filen", "Enkät 2014", "Enkät 2015", "Register 2012",
                               "Register 2013", "Register 2014", "Register 2015"]
    book.close()
    output = check_output(project, "--region", "06", "--year", "2015")
    assert "Indicators: 5 of 5 in the catalog found (4 survey, 1 register)" in output
    assert "Years (survey): 2014, 2015" in output
    assert "Years (register): 2012–2015" in output
    assert "Survey 2015: 307 of 316 kommuner and stadsdelar answered; 9 did not" in output
    assert "Survey 2014: 304 of 316 kommuner and stadsdelar answered; 12 did not" in output
    assert "Disagreements between computed and published values: none" in output


def test_the_calibrated_levels_are_riket_rows_and_partial_answers_occur(project):
    survey = sheet_rows(project / "sample.xlsx", "Enkät 2015")
    assert survey["00"]["Rutin för anhörigstöd"] == 48.5
    assert survey["00"]["Väntetid, dagar"] == 34.5
    answers = [row["Rutin för anhörigstöd"] for code, row in survey.items() if len(code) > 2]
    assert {"Ja", "Delvis", "Nej"} <= set(answers)
    for year, level in [(2012, 51.0), (2013, 53.0), (2014, 54.5), (2015, 56.0)]:
        register = sheet_rows(project / "sample.xlsx", f"Register {year}")
        riket = register["00"]
        assert riket["Personer med insats per 10 000 invånare"] == level
        numerator, denominator = riket["Antal personer med insats"], riket["Folkmängd"]
        assert isinstance(numerator, int) and isinstance(denominator, int)
        assert round(10000 * numerator / denominator, 1) == level
        # a kommun's value is its own counts by the catalog's scale
        jonkoping = register["0680"]
        assert jonkoping["Personer med insats per 10 000 invånare"] == round(
            10000 * jonkoping["Antal personer med insats"] / jonkoping["Folkmängd"], 1)


def test_the_fixtures_values_are_carried_exactly(project):
    survey = sheet_rows(project / "sample.xlsx", "Enkät 2015")
    register = sheet_rows(project / "sample.xlsx", "Register 2014")
    aneby, eksjo, jonkoping = "0604", "0686", "0680"
    assert [survey[aneby][h] for h in ("Överenskommelse med regionen", "Rutin för anhörigstöd",
                                       "Väntetid, dagar")] == ["Ja", "Delvis", 28.5]
    assert [survey[eksjo][h] for h in ("Överenskommelse med regionen",
                                       "Rutin för anhörigstöd")] == ["Nej", "Delvis"]
    assert survey[jonkoping]["Väntetid, dagar"] == 40.0
    assert survey["00"]["Överenskommelse med regionen"] == 61.3
    assert register[aneby]["Personer med insats per 10 000 invånare"] == 41.2
    assert register[jonkoping]["Personer med insats per 10 000 invånare"] == 66.0
    assert round(10000 * register[aneby]["Antal personer med insats"]
                 / register[aneby]["Folkmängd"], 1) == 41.2


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_values(project, tmp_path):
    arguments = ["--profile", project / "profiles" / "oj-testomrade-2015.toml",
                 "--calibration", project / "calibration.toml"]
    assert invoke("sample-data", "-o", tmp_path / "a.xlsx", "--seed", "7",
                  *arguments).exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (project / "sample.xlsx").read_bytes()
    assert invoke("sample-data", "-o", tmp_path / "b.xlsx", "--seed", "8",
                  *arguments).exit_code == 0
    assert sheet_rows(tmp_path / "b.xlsx", "Enkät 2015") != \
        sheet_rows(project / "sample.xlsx", "Enkät 2015")


def pdf_lines(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.splitlines()


def squeeze(text: str) -> str:
    """Text without white space and the ▲/▼ marks, so that cells compare however spaced."""
    return re.sub(r"[\s\u25b2\u25bc]", "", text)


def shown(cell) -> str:
    """A workbook cell as the report's table shows it."""
    if cell is None:
        return "–"
    return cell if isinstance(cell, str) else format_number(cell, 1)


def test_a_report_of_the_area_shows_the_workbooks_values(project):
    result = invoke("build", project / "report.toml")
    assert result.exit_code == 0, result.output
    lines = pdf_lines(project / "out" / "report.pdf")
    survey = {year: sheet_rows(project / "sample.xlsx", f"Enkät {year}") for year in (2014, 2015)}
    register = {year: sheet_rows(project / "sample.xlsx", f"Register {year}")
                for year in (2014, 2015)}
    headers = ["Överenskommelse med regionen", "Rutin för anhörigstöd", "Brukarinflytande",
               "Väntetid, dagar"]
    for code in JONKOPING + ["06", "00"]:
        name = REGISTRY.unit(code).name
        at = [i for i, line in enumerate(lines) if re.match(rf"\s*{re.escape(name)}\s", line)]
        assert len(at) == 2, (name, at)                 # the survey table and the register table
        cells = [shown(survey[year][code][h]) for h in headers for year in (2014, 2015)]
        assert_row(lines, at[0], cells)
        assert_row(lines, at[1], [shown(register[year][code][
            "Personer med insats per 10 000 invånare"]) for year in (2014, 2015)])


def assert_row(lines: list[str], at: int, cells: list[str]) -> None:
    """The table row on line ``at`` ends with ``cells`` in order; a cell of several words may
    be wrapped onto the lines around it (its words are looked for there)."""
    row = squeeze(lines[at])
    around = squeeze("".join(lines[max(0, at - 2):at + 3]))
    for cell in cells:
        if " " in cell:
            assert all(word in around for word in cell.split()), (cell, lines[at - 2:at + 3])
            for word in cell.split():
                row = row.replace(word, "")
    single = squeeze("".join(c for c in cells if " " not in c))
    assert row.endswith(single), (lines[at], cells)


# -- mistakes -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, key", [
    ("[indicators.rutin_anhoriga]\nlevle = 40\n", "unknown key 'indicators.rutin_anhoriga.levle'"),
    ("[indicators.okand]\nlevel = 40\n", "key 'indicators.okand': not an indicator of the "
                                         "catalog 'testomrade-2015'"),
    ("[indicators.rutin_anhoriga]\nweights = {Kanske = 1}\n",
     "key 'indicators.rutin_anhoriga.weights.Kanske': not an answer of the indicator"),
    ("[indicators.insatser_per_10000]\nitem_missing = 2\n",
     "unknown key 'indicators.insatser_per_10000.item_missing'"),
    ("[indicators.vantetid_dagar]\npersistence = 1.5\n",
     "key 'indicators.vantetid_dagar.persistence' must lie between 0 and 1"),
    ("[sample]\nnon_responders = -1\n", "key 'sample.non_responders' must be a count"),
    ("[smaple]\n", "unknown key 'smaple'"),
])
def test_a_bad_calibration_key_is_named_with_its_file(project, tmp_path, text, key):
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    result = invoke("sample-data", "-o", tmp_path / "x.xlsx", "--profile",
                    project / "profiles" / "oj-testomrade-2015.toml", "--calibration", bad)
    assert result.exit_code == 1
    assert f"Error: {bad}: {key}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("text, message", [
    ("unit,okand\nAneby,Ja\n", "line 1: column 'okand' is not an indicator of the catalog "
                                "'testomrade-2015'"),
    ("unit,samverkan_region\nJönköpings län,Ja\n",
     "line 2, column 'samverkan_region': a län row cannot be fixed"),
    ("unit,rutin_anhoriga\nAneby,Kanske\n", "line 2, column 'rutin_anhoriga': answer 'Kanske' "
                                             "is not an answer of indicator 'rutin_anhoriga'"),
    ("unit,samverkan_region\nAtlantis,Ja\n", "line 2, column 'unit': 'Atlantis' is not a unit"),
])
def test_a_bad_fixture_is_named_with_its_line(project, tmp_path, text, message):
    (tmp_path / "fixture.csv").write_text(text, encoding="utf-8")
    calibration = tmp_path / "calibration.toml"
    calibration.write_text('[[fixtures]]\nfile = "fixture.csv"\n', encoding="utf-8")
    result = invoke("sample-data", "-o", tmp_path / "x.xlsx", "--profile",
                    project / "profiles" / "oj-testomrade-2015.toml", "--calibration",
                    calibration)
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'fixture.csv'}, {message}" in result.output


def test_years_outside_the_profile_are_refused_with_the_profiles_years(project, tmp_path):
    result = invoke("sample-data", "-o", tmp_path / "x.xlsx", "--profile",
                    project / "profiles" / "oj-testomrade-2015.toml", "--years", "2015-2016")
    assert result.exit_code == 1
    assert "Error: option --years: the source profile 'oj-testomrade-2015' has no columns for " \
           "2016 (its years: 2012, 2013, 2014, 2015)" in result.output
    result = invoke("sample-data", "-o", tmp_path / "x.xlsx", "--years", "2015 till 2016")
    assert result.exit_code == 1
    assert "'2015 till 2016' is not a list of years" in result.output


def test_years_asked_for_fill_only_their_sheets(project, tmp_path):
    result = invoke("sample-data", "-o", tmp_path / "x.xlsx", "--profile",
                    project / "profiles" / "oj-testomrade-2015.toml", "--years", "2014,2015")
    assert result.exit_code == 0, result.output
    assert sheet_rows(tmp_path / "x.xlsx", "Register 2013") == {}
    assert "0680" in sheet_rows(tmp_path / "x.xlsx", "Register 2015")
    output = invoke("check", "--data", tmp_path / "x.xlsx", "--profile",
                    project / "profiles" / "oj-testomrade-2015.toml", "--catalog",
                    project / "catalogs" / "testomrade-2015.toml").output
    assert "Years (register): 2014, 2015" in output


# -- the bundled area, next year ------------------------------------------------------------------
def next_year_profile(folder: Path) -> Path:
    """The bundled 2015 profile moved one year on, as next year's file would be described."""
    text = paths.profile_path().read_text(encoding="utf-8")
    text = re.sub(r"\b20(1[0-9])\b", lambda m: str(int(m[0]) + 1), text)
    text = text.replace('catalog = "ekonomiskt-bistand-2016"',
                        'catalog = "ekonomiskt-bistand-2015"')
    (folder / "profiles").mkdir(exist_ok=True)
    path = folder / "profiles" / "oj-ekonomiskt-bistand-2016.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_next_years_profile_gives_a_sample_that_next_years_report_reads(tmp_path):
    from tests.test_batch import next_year_template

    profile = next_year_profile(tmp_path)
    data = tmp_path / "oj-2016.xlsx"
    result = invoke("sample-data", "-o", data, "--profile", profile, "--years", "2012-2016")
    assert result.exit_code == 0, result.output
    output = invoke("check", "--data", data, "--profile", profile, "--region", "06").output
    assert "Years (survey): 2015, 2016" in output and "Years (register): 2012–2016" in output
    assert "Disagreements between computed and published values: none" in output
    template = next_year_template(tmp_path)
    text = template.read_text(encoding="utf-8").replace(
        'profile = "oj-ekonomiskt-bistand-2015"', 'profile = "oj-ekonomiskt-bistand-2016"')
    template.write_text(text, encoding="utf-8")
    built = invoke("build", template, "--data", data, "--no-charts", "-o",
                   tmp_path / "lan-2016.pdf")
    assert built.exit_code == 0, built.output
    assert "Ekonomiskt bistånd 2016" in "\n".join(pdf_lines(tmp_path / "lan-2016.pdf")[:20])


def test_the_bundled_profile_without_calibration_is_the_bundled_2015_sample(tmp_path,
                                                                           sample_workbook):
    bundled = Path(sample_workbook.path).read_bytes()
    assert invoke("sample-data", "-o", tmp_path / "a.xlsx").exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == bundled
    assert invoke("sample-data", "-o", tmp_path / "b.xlsx", "--profile",
                  "oj-ekonomiskt-bistand-2015", "--years", "2011-2015").exit_code == 0
    assert (tmp_path / "b.xlsx").read_bytes() == bundled


def test_the_bundled_areas_fixture_is_carried_by_the_generic_generator(tmp_path):
    """The 2015 profile with a calibration that only names the Jönköping fixture: the real
    answers and Riket values come out as published, shared denominators and all."""
    from importlib import resources

    from regionreport.sources.profile import load_profile
    from tests.conftest import fixture_rows

    fixture = resources.files("regionreport.sample.data").joinpath("jonkoping-2015-survey.csv")
    calibration = tmp_path / "eb.toml"
    calibration.write_text(f'[[fixtures]]\nfile = "{fixture}"\n', encoding="utf-8")
    data = tmp_path / "eb.xlsx"
    result = invoke("sample-data", "-o", data, "--calibration", calibration)
    assert result.exit_code == 0, result.output
    profile = load_profile(paths.profile_path())
    where = {}
    for spec in profile.sheets:
        for header, targets in spec.columns:
            for target in targets:
                if target.year == 2015 and target.role == "value":
                    where[target.indicator] = (spec.name, spec.header_row, header)
    sheets = {}
    for row in fixture_rows():
        unit = row.pop("unit")
        code = "00" if unit == "Riket" else REGISTRY.find_by_name(unit, "kommun")[0].code
        for indicator, text in row.items():
            name, header_row, header = where[indicator]
            if name not in sheets:
                sheets[name] = sheet_rows(data, name, header_row)
            cell = sheets[name][code][header]
            assert cell == (text if code != "00" and not text[0].isdigit() else float(text)), \
                (unit, indicator, cell, text)
    output = invoke("check", "--data", data).output
    assert "Disagreements between computed and published values: none" in output
