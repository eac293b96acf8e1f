"""Published against computed is a gate: a published län value that the data does not give
by the publisher's rule stops `build` and makes `check` exit 1, unless the layout accepts it
with a reason, which the report prints; differences the data cannot settle (member units
without rows, a weighted rule without counts) are reported as expected."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner

from regionreport import paths
from regionreport.aggregate import RegionValue
from regionreport.cli import main

LAYOUT = paths.layouts_dir() / "jonkoping-2015.toml"
ACCEPTANCE = '''
[[accepted_disagreements]]
indicator = "overensk_af"
unit = "06"
year = 2015
reason = "Länets värde räknades av Socialstyrelsen före en rättelse från en kommun."
'''


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def edited(sample_workbook, tmp_path_factory):
    """The sample workbook with Jönköpings län's published share of 'Överenskommelse med
    Arbetsförmedlingen' 2015 changed from 69,2 to 70,0 (its 13 kommuner still give 69,2)."""
    book = openpyxl.load_workbook(sample_workbook.path)
    sheet = book["Samordning 2015"]
    header = [c.value for c in sheet[4]]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "06")
    row[header.index("Överenskommelse med Arbetsförmedlingen")].value = 70.0
    path = tmp_path_factory.mktemp("edited") / "edited.xlsx"
    book.save(path)
    return path


def _project(tmp_path, extra: str = "") -> tuple:
    """A copy of the Jönköping layout (and its prose) with ``extra`` appended."""
    shutil.copytree(LAYOUT.parent / LAYOUT.stem, tmp_path / LAYOUT.stem)
    layout = tmp_path / "report.toml"
    layout.write_text(LAYOUT.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return layout, tmp_path / "out" / "report.pdf"


def test_a_disagreement_stops_the_build_and_names_both_values(edited, tmp_path):
    layout, output = _project(tmp_path)
    result = invoke("build", layout, "-o", output, "--data", edited, "--no-charts")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = " ".join(result.output.split())
    assert ("the published value of Jönköpings län (06) for 'overensk_af' (Överensk. "
            "Arbetsförmedlingen) in 2015 is 70,0, but the share of answering units with a "
            "positive answer gives 69,2 (13 of 13 member units with data)") in message
    assert '[[accepted_disagreements]] indicator = "overensk_af" unit = "06" year = 2015' \
        in message
    assert not output.exists()


def test_an_accepted_disagreement_builds_and_the_report_gives_the_reason(edited, tmp_path):
    layout, output = _project(tmp_path, ACCEPTANCE)
    result = invoke("build", layout, "-o", output, "--data", edited, "--no-charts")
    assert result.exit_code == 0, result.output
    text = " ".join(subprocess.run(["pdftotext", str(output), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert ("Länets värde räknades av Socialstyrelsen före en rättelse från en kommun."
            in text.replace("\u00ad", ""))
    assert "publicerat värde för Jönköpings län är 70,0, beräknat ur enheternas svar 69,2" \
        in text
    checked = invoke("check", "--layout", layout, "--data", edited)
    assert checked.exit_code == 0, checked.output
    assert ("computed 69,2, published 70,0 (13 of 13 units with data); accepted by the "
            "layout: Länets värde räknades") in checked.output


def test_an_acceptance_needs_a_reason(tmp_path, edited):
    layout, output = _project(tmp_path, ACCEPTANCE.replace(
        'reason = "Länets värde räknades av Socialstyrelsen före en rättelse från en kommun."',
        'reason = " "'))
    result = invoke("build", layout, "-o", output, "--data", edited, "--no-charts")
    assert result.exit_code == 1
    assert "key 'accepted_disagreements[1].reason': is empty" in result.output


def test_data_without_some_member_units_is_expected_to_differ(tmp_path):
    """A file of two kommuner beside the published Riket row: Riket's share cannot be formed
    by the publisher's rule, so `check` says so and exits 0."""
    data = tmp_path / "data.csv"
    data.write_text("indicator,unit,year,value\noverensk_af,0604,2015,Nej\n"
                    "overensk_af,0680,2015,Ja\noverensk_af,00,2015,42.8\n", encoding="utf-8")
    result = invoke("check", "--data", data)
    assert result.exit_code == 0, result.output
    assert ("Published values that differ because the data lacks member units: 1 (expected: "
            "the data has no row of 314 member units, Upplands Väsby (0114)") in result.output
    assert ("Disagreements between computed and published values: none (every published "
            "län and Riket value that the data can check is reproduced)") in result.output


@pytest.mark.parametrize("computed, published, agrees", [
    (69.23, 69.2, True), (69.25, 69.2, True),     # rounding (a half rounded down)
    (69.2, 69.24, True), (69.2, 69.26, False),     # more decimals published
    (69.2, 69.3, False), (69.2, 70.0, False)])
def test_agreement_is_within_rounding(computed, published, agrees):
    value = RegionValue(indicator="x", year=2015, region="06", value=computed, method="share",
                        units=(), responding=0, positive=None, nonresponding=(),
                        published=published, decimals=1)
    assert value.agrees is agrees
