"""The charts' style and fonts from a theme: checked key by key, errors naming file and key."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from regionreport import paths
from regionreport.charts import ChartStyle
from regionreport.charts.fonts import ChartFonts
from regionreport.config.toml import read_toml
from regionreport.errors import InputError

THEME = paths.theme_path()


@pytest.fixture(scope="module")
def theme() -> dict:
    return read_toml(THEME, "theme")


def style_error(theme: dict, change) -> InputError:
    chart = copy.deepcopy(theme["chart"])
    change(chart)
    with pytest.raises(InputError) as caught:
        ChartStyle.from_table(chart, THEME, fonts=theme["fonts"])
    assert caught.value.file == str(THEME)
    return caught.value


def test_the_default_theme_gives_a_style(theme):
    style = ChartStyle.from_table(theme["chart"], THEME, fonts=theme["fonts"])
    assert style.bar_colour == "#a6a6a6"
    assert style.series_lines[1][2] == (4.5, 2.2)
    assert style.fonts.path("bolditalic").name == theme["fonts"]["bold_italic"]


def test_a_colour_must_be_rrggbb(theme):
    error = style_error(theme, lambda chart: chart.update(bar_colour="grey"))
    assert error.place == "key 'chart.bar_colour'"
    assert str(error) == (f"{THEME}, key 'chart.bar_colour': 'grey' is not a colour "
                          "(write colours as \"#rrggbb\", e.g. \"#1f3f66\")")


def test_a_missing_key_is_named(theme):
    error = style_error(theme, lambda chart: chart.pop("tick_size_pt"))
    assert error.place == "key 'chart.tick_size_pt'" and error.problem == "missing"


def test_an_unknown_key_is_refused(theme):
    error = style_error(theme, lambda chart: chart.update(bar_colur="#000000"))
    assert error.place == "key 'chart.bar_colur'" and "not a chart setting" in error.problem


@pytest.mark.parametrize("key, value", [("margin_pt", "3"), ("bar_fill", True),
                                        ("reference_lines", "solid")])
def test_a_value_of_the_wrong_type_is_refused(theme, key, value):
    error = style_error(theme, lambda chart: chart.update({key: value}))
    assert error.place == f"key 'chart.{key}'"


def test_line_tables_are_checked_entry_by_entry(theme):
    def bad_dash(chart):
        chart["series_lines"][2]["dash_pt"] = [4, "long"]

    error = style_error(theme, bad_dash)
    assert error.place == "key 'chart.series_lines[2].dash_pt'"
    assert "not a dash pattern" in error.problem

    def bad_face(chart):
        chart["series_lines"][0]["face"] = "#fff"

    assert style_error(theme, bad_face).place == "key 'chart.series_lines[0].face'"

    def missing_style(chart):
        chart["reference_lines"].pop()

    assert style_error(theme, missing_style).place == "key 'chart.reference_lines'"


def test_fonts_come_from_the_theme_fonts_table(theme):
    fonts = ChartFonts.from_table(theme["fonts"], THEME)
    assert [key for key, _ in fonts.files] == ["regular", "bold", "italic", "bolditalic"]
    folder = paths.fonts_folder(theme["fonts"]["folder"])
    assert fonts.path("bold") == folder / theme["fonts"]["bold"]
    with pytest.raises(InputError) as caught:
        ChartFonts.from_table({**theme["fonts"], "bold": "Nope.ttf"}, THEME)
    assert caught.value.place == "key 'fonts.bold'" and caught.value.file == str(THEME)


def test_importing_the_charts_does_not_import_matplotlib():
    code = ("import sys, regionreport.charts, regionreport.render.chart_flowable; "
            "print(any(name.split('.')[0] == 'matplotlib' for name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True, cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False"


def test_a_chart_table_written_before_the_new_keys_still_works(theme):
    """The keys added in issue 11 are optional: a [chart] table without them takes the
    defaults of charts/style.py (the values of the default theme)."""
    from regionreport.charts.style import OPTIONAL

    chart = {key: value for key, value in theme["chart"].items() if key not in OPTIONAL}
    old = ChartStyle.from_table(chart, THEME, fonts=theme["fonts"])
    new = ChartStyle.from_table(theme["chart"], THEME, fonts=theme["fonts"])
    assert old == new
    assert old.unit_series_line == ("#000000", 1.3, None, "D", "#000000")


def test_the_unit_series_line_is_checked(theme):
    def bad(chart):
        chart["unit_series_line"] = {"colour": "#000000", "width_pt": 1.3}

    assert style_error(theme, bad).place == "key 'chart.unit_series_line'"
