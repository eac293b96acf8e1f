"""The command line as a user meets it: help, version, the sample and its check."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from regionreport import __version__
from regionreport.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output == f"regionreport, version {__version__}\n"


@pytest.mark.parametrize("command", [[], ["sample-data"], ["check"], ["build"], ["xlsx"],
                                     ["handouts"], ["batch"]])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help(command, flag):
    result = invoke(*command, flag)
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_check_requires_data():
    result = invoke("check")
    assert result.exit_code == 2
    assert "Missing option '--data'" in result.output


def test_sample_data_and_check_jonkoping(tmp_path):
    path = tmp_path / "s.xlsx"
    made = invoke("sample-data", "-o", path)
    assert made.exit_code == 0, made.output
    assert "290 kommuner" in made.output
    result = invoke("check", "--data", path, "--region", "06", "--year", "2015")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Units: 21 län, 290 kommuner, 29 stadsdelar, Riket" in lines
    assert "Survey 2015: 303 of 316 kommuner and stadsdelar answered; 13 did not" in lines
    assert "Region: Jönköpings län (06), 13 kommuner, year 2015" in lines
    # Överenskommelse med Arbetsförmedlingen: 9 of 13 kommuner (real 2015 answers).
    row = next(line for line in lines if line.strip().startswith("Överensk. Arbetsförmedlingen"))
    assert row.split()[2:4] == ["69,2", "69,2"] and "13 of 13" in row
    assert "Disagreements between computed and published values: none" in result.output


def test_check_reports_a_disagreement(tmp_path, sample_workbook):
    import openpyxl

    book = openpyxl.load_workbook(sample_workbook.path)
    sheet = book["Samordning 2015"]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "06")
    header = [c.value for c in sheet[4]]
    row[header.index("Överenskommelse med Arbetsförmedlingen")].value = 70.0
    path = tmp_path / "edited.xlsx"
    book.save(path)
    result = invoke("check", "--data", path)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert ("  Jönköpings län (06), overensk_af, 2015: computed 69,2, published 70,0 "
            "(13 of 13 units with data)") in lines
    assert lines[-1].startswith("Error: 1 published län or Riket value disagrees with the "
                                "value computed from the data by the publisher's own rule")
    assert "Traceback" not in result.output


def test_unknown_region():
    result = invoke("check", "--data", "nothing.xlsx", "--region", "Atlantis")
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown region 'Atlantis' (give a länskod or län "
                                    "name, or 00 for Riket; the län are: 01 Stockholms län, ")


def test_missing_data_file():
    result = invoke("check", "--data", "nothing.xlsx")
    assert result.exit_code == 1
    assert result.output == ("Error: nothing.xlsx: file not found (check the path given with "
                             "--data)\n")
