"""What an ÖJ area decides is data: background columns, label overlays, captions that follow
the indicator's unit, a numeric kind with its own scale, and partial answers.

The small area here (two survey indicators, one register rate per 10 000 with a series) is
written by each test into a project folder with a tidy CSV for Jönköpings län's 13 kommuner.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main
from regionreport.config.labels import load_labels
from regionreport.runner import load_report_layout, prepare

KOMMUNER = ["0604", "0617", "0642", "0643", "0662", "0665", "0680", "0682", "0683", "0684",
            "0685", "0686", "0687"]
ANSWERS = ["Ja", "Delvis", "Nej"]

CATALOG = """\
[catalog]
id = "testomrade-2015"
area = "Testområdet"
release_year = 2015
title = "Testkatalog"
answer_categories = ["Ja", "Delvis", "Nej"]

[labels.legend]
positive = "Uppfyller helt"

[[areas]]
id = "samverkan"
name = "Samverkan kring barn"
part = "survey"

[[areas]]
id = "insatser"
name = "Insatser"
part = "register"

[[indicators]]
id = "plan"
area = "samverkan"
source = "survey"
name = "Skriftlig plan för samverkan med skolan"
short_name = "Plan skolan"
kind = "categorical"
unit = "procent"
direction = "up"
aggregation = "share_positive"
answers = ["Ja", "Delvis", "Nej"]
positive = ["Ja"]
partial = ["Delvis"]
description = "Planen gäller mätåret {mätår}."

[[indicators]]
id = "erfarenhet"
area = "samverkan"
source = "survey"
name = "Andel handläggare med minst tre års erfarenhet"
short_name = "Erfarenhet"
kind = "percent"
unit = "procent"
direction = "up"
direction_text = "En högre andel är önskvärd."
aggregation = "mean"
decimals = 0

[[indicators]]
id = "insatser_per_10000"
area = "insatser"
source = "register"
name = "Barn och unga med insats, per 10 000 invånare 0–20 år"
short_name = "Insatser per 10 000"
kind = "numeric"
unit = "per 10 000 invånare 0–20 år"
unit_text = "antal per 10 000 invånare 0–20 år"
scale = 10000
direction = "none"
aggregation = "weighted"
decimals = 1
"""

LAYOUT = """\
[meta]
title = "Testområdet {år}"
organisation = "FoU Test"
author = "Analytiker"
date = "2015-12-01"

[data]
catalog = "testomrade-2015"
profile = "oj-ekonomiskt-bistand-2015"
files = ["data.csv"]

[region]
lan = "06"

[years]
survey = 2015
survey_previous = 2014
register = 2014
register_first = 2011

[options]
charts = false
{options}

[[sections]]
kind = "indicator_area"
area = "samverkan"
level = 1

[[sections]]
kind = "register_part"
heading = "Insatser"
level = 1
areas = ["insatser"]
{extra}
"""


def _data() -> str:
    lines = ["indicator,unit,year,value,numerator,denominator"]
    for position, code in enumerate(KOMMUNER):
        for year in (2014, 2015):
            lines.append(f"plan,{code},{year},{ANSWERS[(position + year) % 3]},,")
            lines.append(f"erfarenhet,{code},{year},{50 + position + year % 2},,")
        for year in range(2011, 2015):
            numerator, denominator = 10 + position + year % 3, 1000 + 100 * position
            lines.append(f"insatser_per_10000,{code},{year},"
                         f"{numerator / denominator * 10000!r},{numerator},{denominator}")
    return "\n".join(lines) + "\n"


def write_project(folder, options: str = "", extra: str = "", catalog: str = CATALOG):
    (folder / "catalogs").mkdir(parents=True)
    (folder / "catalogs" / "testomrade-2015.toml").write_text(catalog, encoding="utf-8")
    (folder / "data.csv").write_text(_data(), encoding="utf-8")
    layout = folder / "rapport.toml"
    layout.write_text(LAYOUT.replace("{options}", options).replace("{extra}", extra),
                      encoding="utf-8")
    return layout


def build(layout):
    result = CliRunner().invoke(main, ["build", str(layout)])
    return result, layout.parent / "out" / f"{layout.stem}.pdf"


def text_of(pdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def row_of(pdf, name: str) -> list[str]:
    """The cells of the last table row that starts with ``name`` (pdftotext's layout)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    rows = [line.split() for line in text.splitlines() if line.strip().startswith(name)]
    return rows[-1][len(name.split()):]


def test_an_area_without_background_columns_has_none(tmp_path):
    result, pdf = build(write_project(tmp_path))
    assert result.exit_code == 0, result.output
    text = text_of(pdf)
    assert "Plan skolan" in text and "Insatser per 10 000" in text
    for word in ("Storlek", "Socioekonomisk", "Kommungrupp", "kommunstorlek"):
        assert word not in text


def test_register_caption_and_values_follow_the_rate_per_10000(tmp_path):
    result, pdf = build(write_project(tmp_path))
    assert result.exit_code == 0, result.output
    text = text_of(pdf)
    assert "Insatser: antal per 10 000 invånare 0–20 år per kommun 2013 och 2014" in text
    assert "andel i procent" not in text
    # Aneby 2014: 10 + 2014 % 3 = 11 per 1 000 inhabitants 0–20 -> 110,0 per 10 000
    assert row_of(pdf, "Aneby") == ["100,0", "110,0"]
    numerators = [10 + p + 2014 % 3 for p in range(13)]
    denominators = [1000 + 100 * p for p in range(13)]
    county = f"{sum(numerators) / sum(denominators) * 10000:.1f}".replace(".", ",")
    assert row_of(pdf, "Jönköpings län")[-1] == county


def test_partial_answers_have_their_own_style_and_legend(tmp_path):
    layout = write_project(tmp_path)
    result, pdf = build(layout)
    assert result.exit_code == 0, result.output
    text = text_of(pdf)
    assert "Uppfyller indikatorn delvis" in text
    assert "Uppfyller helt" in text                    # the catalog's label overlay
    assert "Uppfyller indikatorn\n" not in text
    prepared = prepare(load_report_layout(layout))
    styles = {cell.text: cell.style for block in prepared.document.blocks
              if getattr(block, "rows", None) for row in block.rows for cell in row.cells
              if cell.text in ANSWERS}
    assert styles == {"Ja": "positive", "Delvis": "partial", "Nej": "negative"}


def test_the_layouts_label_overlay_wins_over_the_catalogs(tmp_path):
    layout = write_project(tmp_path, extra='\n[labels.legend]\npositive = "Helt uppfyllt"\n')
    result, pdf = build(layout)
    assert result.exit_code == 0, result.output
    text = text_of(pdf)
    assert "Helt uppfyllt" in text and "Uppfyller helt" not in text


def test_an_unknown_key_in_a_label_overlay_names_the_file(tmp_path):
    layout = write_project(tmp_path, extra='\n[labels.legend]\npositve = "x"\n')
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {layout}, key 'labels.legend.positve': is not "
                                    "a known key (did you mean 'positive'?")


def test_a_scale_must_be_a_positive_number(tmp_path):
    catalog = CATALOG.replace("scale = 10000", "scale = 0")
    result, _ = build(write_project(tmp_path, catalog=catalog))
    assert result.exit_code == 1
    assert "'scale' must be a number above 0" in result.output


def test_partial_answers_must_be_answers_that_are_not_positive(tmp_path):
    catalog = CATALOG.replace('partial = ["Delvis"]', 'partial = ["Ja"]')
    result, _ = build(write_project(tmp_path, catalog=catalog))
    assert result.exit_code == 1
    assert "partial answer 'Ja' must be one of its answers and not a positive one" \
        in result.output


# -- the ekonomiskt bistånd catalog: declared columns, a layout's subset, 0.1 catalogs --------
def _eb_project(tmp_path, sparse_layout, catalog_text: str | None = None,
                options: str = "") -> object:
    if catalog_text is not None:
        (tmp_path / "catalogs").mkdir()
        (tmp_path / "catalogs" / "ekonomiskt-bistand-2015.toml").write_text(
            catalog_text, encoding="utf-8")
    if options:
        text = sparse_layout.read_text(encoding="utf-8")
        sparse_layout.write_text(text.replace("[options]\n", "[options]\n" + options + "\n"),
                                 encoding="utf-8")
    return load_report_layout(sparse_layout, charts=False)


def _first_results_table(layout):
    document = prepare(layout).document
    return next(block for block in document.blocks
                if getattr(block, "rows", None) and len(block.header) == 2)


def _without_columns(catalog: str) -> str:
    """The bundled catalog as written for 0.1: no column keys, no group entry."""
    start = catalog.index('[[background]]\nid = "kommungrupp"')
    end = catalog.index("[[background]]", start + 10)
    catalog = catalog[:start] + catalog[end:]
    for key in ("header", "note", "previous", "background_table", "table_header"):
        catalog = re.sub(rf"^{key} = .*\n", "", catalog, flags=re.M)
    return catalog


def test_a_catalog_written_for_0_1_keeps_its_background_columns(tmp_path, sparse_layout):
    bundled = paths.catalog_path().read_text(encoding="utf-8")
    declared = _first_results_table(_eb_project(tmp_path, sparse_layout))
    old = _first_results_table(_eb_project(tmp_path, sparse_layout, _without_columns(bundled)))
    assert [c.text for c in declared.header[1][:4]] == ["Kommun", "Storlek", "Kommungrupp",
                                                       "Socioekonomisk nyckel"]
    assert old.header == declared.header
    assert old.rows == declared.rows and old.notes == declared.notes
    assert declared.notes[0].startswith("Storlek: kommunstorlek i klasser 1 (minst) till 5 "
                                        "(störst). Kommungrupp enligt SKL 2011. ")


def test_a_layout_chooses_a_subset_of_the_background_columns(tmp_path, sparse_layout):
    layout = _eb_project(tmp_path, sparse_layout, options='background_columns = ["kommungrupp"]')
    table = _first_results_table(layout)
    assert [c.text for c in table.header[1][:2]] == ["Kommun", "Kommungrupp"]
    assert table.header[1][2].text.isdigit()            # the first year column
    assert table.notes[0] == "Kommungrupp enligt SKL 2011."
    assert table.rows[0].cells[1].text == "5"          # Aneby, SKL 2011 group 5


def test_an_unknown_background_column_is_named(tmp_path, sparse_layout):
    _eb_project(tmp_path, sparse_layout, options='background_columns = ["storlek"]')
    result = CliRunner().invoke(main, ["build", str(sparse_layout), "--no-charts"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {sparse_layout}, key 'options.background_columns': 'storlek' is not a "
        "background column of the catalog 'ekonomiskt-bistand-2015' (use kommungrupp, "
        "kommunstorlek, socioekonomisk_nyckel)\n")


def test_a_labels_file_of_0_2_without_the_new_keys_still_loads(tmp_path):
    text = paths.labels_path().read_text(encoding="utf-8")
    text = re.sub(r'^partial = .*\n', "", text, flags=re.M)
    text = re.sub(r'^numeric = .*\n', "", text, flags=re.M)
    text = text[:text.index("[units]")] + text[text.index("[cover]"):]
    old = tmp_path / "sv.toml"
    old.write_text(text, encoding="utf-8")
    labels = load_labels(old)
    assert labels["legend"]["partial"] == "Uppfyller indikatorn delvis"
    assert labels["units"]["percent"] == "andel i procent"


@pytest.mark.parametrize("charts", ["false", "true"])
def test_an_indicator_without_data_in_its_year_is_an_error(tmp_path, charts):
    """A register indicator the data lacks: an error naming it and the layout's year, not a
    column of "–" (nor, with charts, a traceback from its series chart)."""
    second = CATALOG[CATALOG.index('[[indicators]]\nid = "insatser_per_10000"'):]
    catalog = CATALOG + "\n" + second.replace('id = "insatser_per_10000"',
                                              'id = "placeringar_per_10000"')
    layout = write_project(tmp_path, catalog=catalog)
    layout.write_text(layout.read_text(encoding="utf-8").replace("charts = false",
                                                                 f"charts = {charts}"),
                      encoding="utf-8")
    result, pdf = build(layout)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {layout}, key 'years.register': indicator 'placeringar_per_10000' has no "
        "results for 2014 in the data (the data has none of it) (add its data, or leave it out "
        "of the layout's sections with an 'indicators' list)\n")
    assert not pdf.exists()
