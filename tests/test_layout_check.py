"""`regionreport check --layout`: a layout checked as a build checks it, and warned about
years left from last year's report and about odd handout settings; `build` checks every
handout setting too."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from regionreport import paths
from regionreport.cli import main
from tests.conftest import SPARSE_DATA

SOURCE = paths.layouts_dir() / "jonkoping-2015.toml"

# Data of every year the next-year layout names (survey 2016 and 2015, register 2015 and
# 2012) and of every indicator it shows: the sparse test data moved one year on.
DATA_2016 = "indicator,unit,year,value\n" + "".join(
    f"{indicator},{unit},{int(year) + 1},{value}\n"
    for indicator, unit, year, value in (line.split(",") for line in
                                         SPARSE_DATA.splitlines()[1:]))


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def next_year(tmp_path):
    """Next year's report as an analyst makes it: the 2015 layout, its prose and its catalog
    copied into a project folder, and the years, the data and the catalog's id and release
    year changed to 2016 — but not every year written in the texts."""
    shutil.copytree(SOURCE.parent / SOURCE.stem, tmp_path / "jonkoping-2016")
    layout = tmp_path / "jonkoping-2016.toml"
    text = SOURCE.read_text(encoding="utf-8").replace("jonkoping-2015/", "jonkoping-2016/")
    layout.write_text(text, encoding="utf-8")
    edit(layout, "survey = 2015\nsurvey_previous = 2014\nregister = 2014\n"
                 "register_first = 2011",
         "survey = 2016\nsurvey_previous = 2015\nregister = 2015\nregister_first = 2012")
    edit(layout, 'files = ["../out/sample-oj-ekonomiskt-bistand-2015.xlsx"]',
         'files = ["data.csv"]')
    edit(layout, 'catalog = "ekonomiskt-bistand-2015"', 'catalog = "ekonomiskt-bistand-2016"')
    (tmp_path / "data.csv").write_text(DATA_2016, encoding="utf-8")
    (tmp_path / "catalogs").mkdir()
    catalog = paths.catalog_path().read_text(encoding="utf-8")
    catalog = catalog.replace('id = "ekonomiskt-bistand-2015"', 'id = "ekonomiskt-bistand-2016"')
    catalog = catalog.replace("release_year = 2015", "release_year = 2016")
    (tmp_path / "catalogs" / "ekonomiskt-bistand-2016.toml").write_text(catalog,
                                                                       encoding="utf-8")
    return layout


def test_next_year_s_copy_warns_about_the_years_left_in_its_texts(next_year):
    prose = next_year.parent / "jonkoping-2016" / "inledning.md"
    lines = prose.read_text(encoding="utf-8").splitlines()
    lines += ["", "Tidsserierna i Del 2 börjar 2011 och slutar {registerår}; enkäten {år} "
                  "jämförs med {föregående_år}.",
              "", "Enligt SoL (2001:453) och lagen (2018:1937) samt SOSFS 2011:9 och prop. "
                  "2000/01:80 gäller detsamma[^1]; se https://example.se/2009/rapport.",
              "", "[^1]: Socialstyrelsen (2009). En källa."]
    prose.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stale_line = len(lines) - 4
    result = invoke("check", "--layout", next_year)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert all(line.startswith("Warning: ") for line in result.stderr.splitlines())
    catalog = next_year.parent / "catalogs" / "ekonomiskt-bistand-2016.toml"
    # the prose: 2011 is before the series, the law numbers, URL and footnote are not years
    assert f"Warning: {prose}, line {stale_line}: the year 2011 is not one of the layout's " \
        "years (2012–2016) (a year left from an earlier report? Write it as a template " \
        "field ({år}, {föregående_år}, {registerår}, {första_registerår}, {utgivningsår}) " \
        "or correct it)" in warnings
    assert [w for w in warnings if str(prose) in w] == [w for w in warnings
                                                        if f"line {stale_line}:" in w]
    # the report's date was not changed
    assert f"Warning: {next_year}, key 'meta.date': the report's date 2015-12-15 lies " \
        "before its survey year 2016 (correct the date)" in warnings
    # survey cards: "1 mars 2015" and "Kommun- och stadsdelsenkät 2015"
    assert f"Warning: {catalog}, indicator 'overensk_af', key 'measurement': the year 2015 " \
        "is not the layout's survey year 2016 or the catalog's release year 2016 (a year " \
        "left from an earlier report? Write it as a template field ({mätår}, {år}, " \
        "{utgivningsår}) or correct it)" in warnings
    assert any(w.startswith(f"Warning: {catalog}, indicator 'overensk_af', key "
                            "'data_sources': the year 2015 ") for w in warnings)
    # a register card's period: "Kalenderåret 2014" is within the series, but not the year
    # the value shown was measured
    assert f"Warning: {catalog}, indicator 'andel_bistandsmottagare', key 'measurement': " \
        "the measurement ends in 2014, not in the layout's register year 2015 (write " \
        "{registerår} for the year the value was measured)" in warnings
    # SOSFS 2011:9 in a description, and the references, are never read as years
    assert not any("key 'description'" in w for w in warnings)
    assert not any("references" in w for w in warnings)
    assert result.stdout.splitlines()[-1] == \
        f"Layout: {next_year}: builds, {len(warnings)} warnings"


def test_template_fields_clear_the_warnings(next_year):
    """Texts that write their years as fields (and a date after the survey) follow the
    layout: no warning about them."""
    edit(next_year, 'date = "2015-12-15"', 'date = "2017-01-20"')
    catalog = next_year.parent / "catalogs" / "ekonomiskt-bistand-2016.toml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('"1 mars 2015"', '"1 mars {mätår}"').replace(
        "stadsdelsenkät 2015", "stadsdelsenkät {år}").replace(
        '"Kalenderåret 2014"', '"Kalenderåret {registerår}"').replace(
        "Åren 2012–2014 (36 månader till och med december 2014)",
        "Åren {första_registerår}–{registerår}").replace(
        "31 december 2014", "31 december {registerår}")
    catalog.write_text(text, encoding="utf-8")
    result = invoke("check", "--layout", next_year)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == f"Layout: {next_year}: builds, 0 warnings"


@pytest.mark.parametrize("name", ["jonkoping-2015.toml", "goteborgsregionen-2015.toml",
                                  "templates/lan-2015.toml"])
def test_the_bundled_layouts_check_without_warnings(name, sample_workbook):
    layout = paths.layouts_dir() / name
    result = invoke("check", "--layout", layout, "--data", sample_workbook.path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == f"Layout: {layout}: builds, 0 warnings"


def test_check_without_data_or_layout_is_a_usage_error():
    result = invoke("check")
    assert result.exit_code == 2
    assert "Missing option '--data' (or give --layout)." in result.output


def test_check_layout_stops_where_build_stops(sparse_layout):
    """An error a build would stop at is an error of `check --layout` (exit 1), after the
    summary; here a year without data."""
    edit(sparse_layout, "survey = 2015", "survey = 2016")
    result = invoke("check", "--layout", sparse_layout)
    assert result.exit_code == 1
    assert "Catalog: ekonomiskt-bistand-2015" in result.stdout
    assert result.stdout.splitlines()[-1].startswith(f"Layout: {sparse_layout}: 1 error, ")
    assert result.stderr.splitlines()[-1] == (
        f"Error: {sparse_layout}, key 'years.survey': the data has no survey results for "
        "2016 (the data has survey results for 2014, 2015: correct the year or add the data "
        "of 2016)")


# --- the handout settings, checked by `build` and by `check --layout` ---------------------

def build(layout):
    return invoke("build", layout, "-o", layout.parent / "report.pdf", "--no-charts")


def test_a_national_indicator_the_report_does_not_show_is_a_warning(sparse_layout):
    """A Riket value in the handouts of an indicator the report leaves out builds, with a
    warning from `build` and from `check --layout`."""
    edit(sparse_layout, 'area = "samordning"\n',
         'area = "samordning"\nindicators = ["rutin_barn_unga"]\n')
    message = (f"Warning: {sparse_layout}, key 'handout.national': 'overensk_af' is not shown "
               "in the report (no section shows it), but its Riket value opens every handout "
               "(add it to a section's indicators or take it out of the list)")
    built = build(sparse_layout)
    assert built.exit_code == 0, built.output
    assert built.stderr.splitlines() == [message]
    checked = invoke("check", "--layout", sparse_layout)
    assert checked.exit_code == 0, checked.output
    assert checked.stderr.splitlines() == [message]


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unknown_field_in_a_handout_template_stops_build_and_check(sparse_layout, command):
    edit(sparse_layout, 'survey_caption = "{namn}: enkätindikatorer {år}"',
         'survey_caption = "{kommun}: enkätindikatorer {år}"')
    result = build(sparse_layout) if command == "build" else \
        invoke("check", "--layout", sparse_layout)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: {sparse_layout}, key 'handout.survey_caption': unknown template field "
        "'{kommun}' (known fields: ")
    assert not (sparse_layout.parent / "report.pdf").exists()


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_national_id_not_in_the_catalog_stops_build_and_check(sparse_layout, command):
    edit(sparse_layout, 'national = ["', 'national = ["kommunstorlek", "')
    result = build(sparse_layout) if command == "build" else \
        invoke("check", "--layout", sparse_layout)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: {sparse_layout}, key 'handout.national': 'kommunstorlek' is not an indicator "
        "of the catalog 'ekonomiskt-bistand-2015' (use one of rutin_barn_unga, ")


def test_an_incomplete_handout_table_is_a_warning(sparse_layout):
    edit(sparse_layout, 'new = "Ny fråga"\n', "")
    checked = invoke("check", "--layout", sparse_layout)
    assert checked.exit_code == 0, checked.output
    assert checked.stderr.splitlines() == [
        f"Warning: {sparse_layout}, table [handout]: the keys 'new' are missing, so "
        "`regionreport handouts` will stop (add them (docs/layout-format.md) if the report "
        "gets handouts)"]


def test_check_layout_gives_register_values_of_the_layouts_register_year(sample_workbook):
    """The region's register values are those the report shows (register year 2014), not
    those of the survey year."""
    result = invoke("check", "--layout", paths.layouts_dir() / "vatterbygden-2015.toml",
                    "--data", sample_workbook.path)
    assert result.exit_code == 0, result.output
    assert "Region: Vätterbygden (VB), 6 kommuner, survey 2015, register 2014\n" in result.output
    from regionreport.aggregate import ResultIndex, region_value
    from regionreport.config.layout import load_layout
    from regionreport.compose.context import build_region
    from regionreport.sources.loading import load_inputs
    from regionreport.numbers import format_number

    inputs = load_inputs([sample_workbook.path])
    region = build_region(load_layout(paths.layouts_dir() / "vatterbygden-2015.toml"),
                          inputs.registry)
    indicator = inputs.catalog.indicator("langvarigt_bistand")
    value = region_value(ResultIndex(inputs.table), indicator, region, 2014, inputs.registry)
    line = next(line for line in result.output.splitlines()
                if line.strip().startswith(indicator.short_name))
    assert line.split()[len(indicator.short_name.split())] == format_number(value.value, 1)
