"""Charts' alternative texts (issue 12, item 4): short Swedish sentences written from the
chart's data — the highest and lowest units, missing values, the region and Riket, a series'
first and last years — for every chart of the sample reports, also with an older labels file.
Compose only: nothing is drawn."""

from __future__ import annotations

import dataclasses
import re

import pytest

from regionreport import paths
from regionreport.charts.spec import BarChartSpec, SeriesChartSpec
from regionreport.compose.chart_alt import bar_chart_alt, chart_alt, series_chart_alt
from regionreport.compose.handout import compose_handouts
from regionreport.config.labels import load_labels
from regionreport.errors import InputError
from regionreport.numbers import format_number
from regionreport.runner import (load_data, load_look, load_report_layout, prepare,
                                 workbook_context)

JONKOPING = paths.layouts_dir() / "jonkoping-2015.toml"
GR = paths.layouts_dir() / "goteborgsregionen-2015.toml"


def composed(path, sample_workbook, look=None):
    layout = load_report_layout(path, charts=True)
    look = look or load_look(layout)
    prepared = prepare(layout, data_files=[sample_workbook.path], look=look)
    return prepared, look


@pytest.fixture(scope="module")
def jonkoping(sample_workbook):
    """The composed Jönköping report, its look and a compose context like the report's."""
    prepared, look = composed(JONKOPING, sample_workbook)
    return prepared, look, workbook_context(prepared, look)


@pytest.fixture(scope="module")
def gr(sample_workbook):
    prepared, _ = composed(GR, sample_workbook)
    return prepared


def first_chart(prepared, kind):
    return next(c for c in prepared.document.charts() if isinstance(c.spec, kind))


def percent(value: float, decimals: int) -> str:
    return f"{format_number(value, decimals)} procent"


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-ZÅÄÖ])", text)


def test_bar_chart_names_highest_and_lowest_kommun(jonkoping):
    prepared, _, _ = jonkoping
    chart = first_chart(prepared, BarChartSpec)
    spec = chart.spec
    valued = [(v, name) for name, v in zip(spec.labels, spec.values) if v is not None]
    high, low = max(valued), min(valued)
    assert high[0] > low[0]                       # the sample gives a spread to name
    parts = sentences(chart.alt)
    assert parts[0] == (f"Liggande stapeldiagram: {spec.title}, {len(spec.labels)} kommuner "
                        "sorterade från högsta till lägsta värde.")
    assert f"Högst värde har {high[1]}, {percent(high[0], spec.decimals)}." in parts
    assert f"Lägst värde har {low[1]}, {percent(low[0], spec.decimals)}." in parts
    region, riket = spec.references[0], spec.references[-1]
    assert (region.style, riket.style) == ("region", "riket")
    assert parts[-1] == (f"Jämförelsevärden: Jönköpings län {percent(region.value, 1)} och "
                         f"riket {percent(riket.value, 1)}.")
    assert "saknas" not in chart.alt               # every kommun has a value here
    assert "," in format_number(high[0], spec.decimals)      # decimal comma
    assert len(parts) <= 5


def test_missing_values_are_counted_and_ties_named(jonkoping):
    prepared, look, context = jonkoping
    spec = first_chart(prepared, BarChartSpec).spec
    values = list(spec.values)
    values[-1] = values[-2] = None                 # the two lowest have no value
    values[1] = values[0]                          # the second ties with the highest
    edited = dataclasses.replace(spec, values=tuple(values))
    text = bar_chart_alt(context, edited, look.labels, "procent")
    assert f"Uppgift saknas för 2 av {len(spec.labels)} kommuner." in sentences(text)
    top = percent(values[0], spec.decimals)
    assert f"Högst värde har {spec.labels[0]} och {spec.labels[1]}, {top}." in text
    lowest = format_number(min(v for v in values if v is not None), spec.decimals)
    names = [n for n, v in zip(spec.labels, values)
             if v is not None and format_number(v, spec.decimals) == lowest]
    assert 1 <= len(names) <= 3
    named = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"
    assert f"Lägst värde har {named}, {lowest} procent." in text
    # more ties than are named: only their number
    many = dataclasses.replace(spec, values=(values[0],) * 5 + tuple(values[5:]))
    assert f"Högst värde, {top}, har 5 kommuner." in bar_chart_alt(
        context, many, look.labels, "procent")


def test_series_chart_names_first_and_last_year(jonkoping):
    prepared, look, context = jonkoping
    chart = first_chart(prepared, SeriesChartSpec)
    spec = chart.spec
    first, last = spec.years[0], spec.years[-1]
    assert first < last
    parts = sentences(chart.alt)
    assert parts[0] == f"Linjediagram: {spec.title}."
    assert parts[1] == "Linjerna visar Jönköpings län och riket år för år, " \
                       f"{first}–{last}."
    assert len(parts) == 2 + len(spec.series)
    for (name, values), part in zip(spec.series, parts[2:]):
        a, b = values[0], values[-1]
        word = ("ökade" if b > a else "minskade") \
            if format_number(a, spec.decimals) != format_number(b, spec.decimals) \
            else "var värdet oförändrat"
        assert word in part
        assert name.lower() in part.lower()        # Riket as running text: "riket"
        assert f"{percent(a, spec.decimals)} år {first}" in part
        if word != "var värdet oförändrat":
            assert f"{percent(b, spec.decimals)} år {last}" in part
    # a series without its first year's value starts at its first value; equal ends: unchanged
    name, values = spec.series[0]
    edited = dataclasses.replace(spec, series=(
        (name, (None, values[1]) + tuple(values[2:-1]) + (values[1],)),))
    text = series_chart_alt(context, edited, look.labels, "procent")
    assert (f"För {name} var värdet oförändrat, {percent(values[1], spec.decimals)} både år "
            f"{spec.years[1]} och år {last}.") in text


@pytest.mark.parametrize("which", ["jonkoping", "gr"])
def test_every_chart_of_the_samples_has_alt_text(request, which):
    prepared = request.getfixturevalue(which)
    prepared = prepared[0] if isinstance(prepared, tuple) else prepared
    charts = prepared.document.charts()
    assert len(charts) >= 2
    assert {type(c.spec) for c in charts} == {BarChartSpec, SeriesChartSpec}
    for chart in charts:
        assert chart.alt.strip(), chart.spec.title
        assert chart.spec.title in chart.alt
        assert "{" not in chart.alt and "None" not in chart.alt and "nan" not in chart.alt


def test_gr_bar_chart_counts_kommuner_and_stadsdelar(gr):
    chart = first_chart(gr, BarChartSpec)
    assert f"{len(chart.spec.labels)} kommuner och stadsdelar" in chart.alt
    assert "Göteborgsregionen" in chart.alt and "Hallands län" in chart.alt


def test_handout_series_charts_have_alt_text(jonkoping, sample_workbook):
    prepared, look, _ = jonkoping
    layout = dataclasses.replace(prepared.layout, handout={
        **prepared.layout.handout, "series": ["andel_bistandsmottagare"]})
    inputs = load_data(layout, data_files=[sample_workbook.path])
    [(name, handout)] = compose_handouts(layout, inputs, look.labels, theme=look.theme,
                                         units=["Tranås"])
    [chart] = handout.charts()
    assert chart.spec.highlight == 2
    assert "Jönköpings län, riket och Tranås" in chart.alt
    assert sentences(chart.alt)[-1].startswith("För Tranås ")


def test_a_labels_file_without_chart_alt_still_builds(jonkoping, sample_workbook, tmp_path):
    """A labels file written before [chart_alt] takes the bundled sentences."""
    prepared, look, _ = jonkoping
    text = paths.labels_path().read_text(encoding="utf-8")
    start = text.index("[chart_alt]")
    old = text[:start] + text[text.index("\n[", start) + 1:]
    assert "chart_alt" not in old.replace("# The alternative", "")
    path = tmp_path / "sv.toml"
    path.write_text(old.replace('missing_value = "uppgift saknas"',
                                'missing_value = "saknas"'), encoding="utf-8")
    labels = load_labels(path)
    assert labels["chart"]["missing_value"] == "saknas"              # the file's own
    assert labels["chart_alt"]["bar"] == load_labels()["chart_alt"]["bar"]
    again, _ = composed(JONKOPING, sample_workbook,
                        dataclasses.replace(look, labels=labels))
    assert [c.alt for c in again.document.charts()] == \
        [c.alt for c in prepared.document.charts()]


def test_the_sentences_are_the_labels(jonkoping, tmp_path):
    """A layout's [labels.chart_alt] overlay changes the words; an unknown field is named."""
    prepared, look, context = jonkoping
    spec = first_chart(prepared, BarChartSpec).spec
    file = tmp_path / "layout.toml"
    labels = load_labels(overlays=(({"chart_alt": {"bar": "Diagram: {titel}."}}, file),))
    assert chart_alt(context, spec, labels, "procent").startswith(f"Diagram: {spec.title}. Högst")
    broken = load_labels(overlays=(({"chart_alt": {"bar": "{diagram}"}}, file),))
    with pytest.raises(InputError) as error:
        chart_alt(context, spec, broken, "procent")
    assert str(file) in str(error.value) and "{diagram}" in str(error.value)
