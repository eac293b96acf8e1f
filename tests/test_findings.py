"""Key findings: the sentences say what the tables say."""

from __future__ import annotations

import dataclasses

import pytest

from regionreport import paths
from regionreport.compose import compose_report
from regionreport.compose.context import build_context
from regionreport.compose.fields import compute_fields
from regionreport.config.labels import load_labels
from regionreport.compose.findings import area_findings, change_findings, register_findings
from regionreport.config.layout import load_layout
from regionreport.sources.loading import load_inputs
from regionreport.numbers import format_number


@pytest.fixture(scope="module")
def jonkoping(sample_workbook, tmp_path_factory):
    layout = load_layout(paths.layouts_dir() / "jonkoping-2015.toml")
    inputs = load_inputs([sample_workbook.path], layout.profile, layout.catalog,
                         cache_dir=tmp_path_factory.mktemp("cache"))
    return layout, inputs


def context_for(layout, inputs, **templates):
    layout = dataclasses.replace(layout, findings={**layout.findings, **templates})
    context = build_context(layout, inputs)
    context.fields = compute_fields(context, load_labels())
    return context


def test_the_issue_example_sentence(jonkoping):
    context = context_for(*jonkoping, per_area=7)
    sentences = {f.indicator: f.text for f in area_findings(context, "samordning")}
    assert sentences["overensk_af"] == (
        "9 av 13 kommuner i länet har en aktuell överenskommelse om samverkan med "
        "Arbetsförmedlingen (69,2 procent; riket 42,8 procent).")


def test_findings_numbers_equal_the_table_values(jonkoping):
    layout, inputs = jonkoping
    document = compose_report(layout, inputs)
    context = context_for(layout, inputs, per_area=10)
    table_values = {}
    for table in document.tables()[1:]:
        columns = [h for h in table.header[0] for _ in range(h.span)]
        years = [h.text for h in table.header[1]]
        for row in table.rows:
            if row.role in ("region", "riket"):
                for header, year, cell in zip(columns, years, row.cells):
                    table_values[(row.role, header.text, year)] = cell.text
    short = {i.id: i.short_name for i in context.catalog.indicators}
    checked = 0
    for area in ("samordning", "kompetens", "uppfoljning", "tillganglighet"):
        for finding in area_findings(context, area):
            region, riket = finding.numbers
            year = str(layout.survey_year)
            assert table_values[("region", short[finding.indicator], year)] == \
                format_number(region, 1)
            assert table_values[("riket", short[finding.indicator], year)] == \
                format_number(riket, 1)
            assert format_number(region, 1) in finding.text
            checked += 1
    for finding in change_findings(context):
        before, now, delta = finding.numbers
        name = short[finding.indicator]
        assert table_values[("region", name, str(layout.survey_previous))] == \
            format_number(before, 1)
        assert table_values[("region", name, str(layout.survey_year))] == format_number(now, 1)
        checked += 1
    assert checked >= 20


def test_register_range_names_the_extremes(jonkoping):
    context = context_for(*jonkoping)
    findings = {f.indicator: f for f in register_findings(context, ["omfattning"])}
    recipients = findings["andel_bistandsmottagare"]
    low, high, region, riket = recipients.numbers
    assert low <= region <= high
    assert recipients.text.startswith("Biståndsmottagare, andel: från ")
    assert f"riket {format_number(riket, 1)} procent" in recipients.text
    assert f"Jönköpings län {format_number(region, 1)} procent" in recipients.text


def test_missing_template_is_a_layout_error(jonkoping):
    from regionreport.errors import InputError

    layout, inputs = jonkoping
    layout = dataclasses.replace(layout, findings={})
    with pytest.raises(InputError) as error:
        compose_report(layout, inputs)
    assert "key 'findings.unit_word' is missing" in error.value.message


def test_a_one_kommun_county_speaks_of_the_kommun(sample_workbook, tmp_path):
    """Gotlands län is one kommun: "0 av 1 kommuner ..." and "−100,0 procentenheter" would
    be true but odd; the county template's one-unit sentences name Gotland instead."""
    from regionreport.runner import load_report_layout

    layout = load_report_layout(paths.layouts_dir() / "templates" / "lan-2015.toml", lan="09")
    inputs = load_inputs([sample_workbook.path], layout.profile, layout.catalog,
                         cache_dir=tmp_path)
    context = context_for(layout, inputs, per_area=20, changes=40)
    sentences = [f.text for area in ("samordning", "kompetens", "uppfoljning", "tillganglighet")
                 for f in area_findings(context, area)]
    assert sentences and not any(" av 1 " in s for s in sentences)
    by_value = {}
    for area in ("samordning", "kompetens", "uppfoljning", "tillganglighet"):
        for finding in area_findings(context, area):
            by_value[finding.indicator] = (finding.numbers[0], finding.text)
    for indicator in context.catalog.by_source("survey"):
        if indicator.is_categorical and indicator.id in by_value:
            value, text = by_value[indicator.id]
            assert text.startswith("Gotland ")
            if value == 0:
                assert text.startswith(f"Gotland uppfyller inte indikatorn ”{indicator.name}”")
            else:
                assert text.startswith(f"Gotland {indicator.finding} (riket ")
    changes = change_findings(context)
    categorical = {i.id for i in context.catalog.indicators if i.is_categorical}
    for finding in changes:
        if finding.indicator in categorical:
            before, now, _ = finding.numbers
            met = {True: "uppfylld", False: "inte uppfylld"}
            assert finding.text.endswith(f"{met[before > 0]} 2014, {met[now > 0]} 2015.")
            assert "procentenheter" not in finding.text
    assert any(f.indicator in categorical for f in changes)


def test_a_one_kommun_county_gets_no_bar_charts_of_one_bar(sample_workbook, tmp_path):
    from regionreport.runner import load_report_layout

    layout = load_report_layout(paths.layouts_dir() / "templates" / "lan-2015.toml", lan="09")
    inputs = load_inputs([sample_workbook.path], layout.profile, layout.catalog,
                         cache_dir=tmp_path)
    charts = compose_report(layout, inputs).charts()
    assert len(charts) == 8                       # a series per register indicator
    assert not any(hasattr(chart.spec, "references") for chart in charts)
    assert [chart.caption.split(".")[0] for chart in charts] == \
        [f"Figur {n}" for n in range(1, 9)]


def test_findings_follow_the_report_s_own_grouping(sample_workbook, tmp_path):
    """GR presents its results by kvalitetsområde, so its key findings are grouped the same
    way; the county report keeps the indicator areas."""
    from regionreport.compose.findings import survey_groups
    from regionreport.document import Paragraph as Para

    layout = load_layout(paths.layouts_dir() / "goteborgsregionen-2015.toml")
    inputs = load_inputs([sample_workbook.path], layout.profile, layout.catalog,
                         cache_dir=tmp_path)
    context = context_for(layout, inputs)
    names = [name for name, _ in survey_groups(context)]
    assert names == ["Helhetssyn och samordning", "Kunskapsbaserad verksamhet",
                     "Självbestämmande och integritet", "Tillgänglighet",
                     "Trygghet och säkerhet"]
    document = compose_report(layout, inputs)
    lead_ins = [b.spans[0].text for b in document.blocks
                if isinstance(b, Para) and b.style == "lead_in"]
    assert lead_ins[:5] == names


def _findings_templates() -> str:
    """The [findings] table of the Jönköping layout, as TOML text."""
    text = (paths.layouts_dir() / "jonkoping-2015.toml").read_text(encoding="utf-8")
    return text[text.index("[findings]"):text.index("# Texts of the committee handouts")]


SUBSET_LAYOUT = """
[meta]
title = "Öppna jämförelser {år}"
organisation = "FoU Test"
author = "Test"
date = "2015-12-01"

[data]
catalog = "ekonomiskt-bistand-2015"
profile = "oj-ekonomiskt-bistand-2015"

[region]
code = "FOU"
name = "FoU Testregionen"
members = ["0604", "0617", "0680", "0684", "1384", "1401"]

[years]
survey = 2015
survey_previous = 2014
register = 2014
register_first = 2011

[[sections]]
kind = "findings"
heading = "Viktiga resultat"
numbered = false
areas = ["omfattning", "forutsattningar"]

[[sections]]
kind = "prose"
heading = "Inledning"

[[sections]]
kind = "indicator_area"
area = "samordning"
indicators = ["overensk_af", "overensk_fk", "rutin_barn_unga"]

[[sections]]
kind = "indicator_area"
area = "tillganglighet"
indicators = ["vantetid_nybesok"]

[[sections]]
kind = "register_part"
heading = "Del 2"
areas = ["omfattning", "forutsattningar"]
indicators = ["andel_bistandsmottagare", "langvarigt_bistand"]
"""


def test_findings_cite_only_what_the_layout_shows(sample_workbook, tmp_path):
    """A custom region whose layout shows two areas, and of them a few indicators: its key
    findings (read back from the PDF) cite those indicators and no other."""
    import re
    import subprocess

    from regionreport.model.catalog import load_catalog
    from regionreport.runner import build_report

    layout_path = tmp_path / "fou.toml"
    layout_path.write_text(SUBSET_LAYOUT + "\n" + _findings_templates().replace(
        "per_area = 2", "per_area = 10").replace("changes = 3", "changes = 40"),
        encoding="utf-8")
    pdf = build_report(layout_path, tmp_path / "fou.pdf", data_files=[sample_workbook.path],
                       charts=False, cache_dir=tmp_path / "cache").output
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    findings = text[text.index("Viktiga resultat"):text.index("Inledning")]
    findings = re.sub(r"\s+", " ", findings.replace("-\n", ""))
    catalog = load_catalog(paths.catalog_path())
    shown = {"overensk_af", "overensk_fk", "rutin_barn_unga", "vantetid_nybesok",
             "andel_bistandsmottagare", "langvarigt_bistand"}

    def cited(indicator) -> bool:
        phrases = [indicator.short_name] + ([indicator.finding] if indicator.finding else [])
        return any(re.sub(r"\s+", " ", p) in findings for p in phrases)

    for indicator in catalog.indicators:
        if indicator.source == "background":
            continue
        assert cited(indicator) == (indicator.id in shown), indicator.id
    assert "Intern och extern samordning" in findings and "Tillgänglighet" in findings
    for left_out in ("Personalens kompetens", "Systematisk uppföljning"):
        assert left_out not in findings


def test_a_quality_area_subset_chooses_cards_tables_and_findings(sample_workbook, tmp_path):
    """``indicators`` of a quality_area section (GR's grouping) choose its cards, its table
    columns and the indicators its key findings may cite."""
    from regionreport.compose.findings import survey_groups
    from regionreport.document import IndicatorCard

    layout = load_layout(paths.layouts_dir() / "goteborgsregionen-2015.toml")
    chosen = ("overensk_fk", "rutin_barn_unga")
    sections = tuple(dataclasses.replace(s, indicators=chosen)
                     if s.kind == "quality_area" and s.area == "helhetssyn" else s
                     for s in layout.sections)
    layout = dataclasses.replace(layout, sections=sections)
    inputs = load_inputs([sample_workbook.path], layout.profile, layout.catalog,
                         cache_dir=tmp_path)
    context = context_for(layout, inputs)
    groups = dict(survey_groups(context))
    assert [i.id for i in groups["Helhetssyn och samordning"]] == list(chosen)
    document = compose_report(layout, inputs)
    cards = [b.key for b in document.blocks if isinstance(b, IndicatorCard)]
    helhetssyn = [i.id for i in context.catalog.by_source("survey")
                  if i.quality_area == "helhetssyn"]
    assert [k for k in cards if k[len("card-"):] in helhetssyn] == \
        [f"card-{i}" for i in chosen]
    table = next(t for t in document.tables() if t.subject == "Helhetssyn och samordning")
    headers = [h.text for h in table.header[0]]
    short = {i.id: i.short_name for i in context.catalog.indicators}
    assert short["overensk_fk"] in headers and short["overensk_af"] not in headers
