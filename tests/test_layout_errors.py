"""Layout mistakes give "Error: ..." naming the file and key, and leave an earlier PDF alone."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main
from regionreport.errors import InputError

SOURCE = paths.layouts_dir() / "jonkoping-2015.toml"


@pytest.fixture
def layout(sparse_layout):
    """A copy of the Jönköping layout and its prose, with a small tidy CSV as its data."""
    return sparse_layout


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(layout, *extra):
    output = layout.parent / "report.pdf"
    result = CliRunner().invoke(main, ["build", str(layout), "-o", str(output), "--no-charts",
                                       *extra])
    return result, output


def test_sparse_data_still_builds_and_escapes_text(layout):
    prose = layout.parent / "jonkoping-2015" / "del1.md"
    prose.write_text("Jämför \\<b>inte\\</b> A < B & C > D, <5 % & R&D.\n", encoding="utf-8")
    result, output = build(layout)
    assert result.exit_code == 0, result.output
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Jämför <b>inte</b> A < B & C > D, <5 % & R&D." in text


def test_unknown_key(layout):
    edit(layout, "[meta]\n", "[meta]\ntitel = \"x\"\n")
    result, output = build(layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {layout}: unknown key 'meta.titel' (allowed here: "
                                    "author, cover_note, date, logo, organisation, running_title, ")
    assert not output.exists()


def test_missing_prose_file(layout):
    (layout.parent / "jonkoping-2015" / "del2.md").unlink()
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output == (f"Error: {layout}: key 'sections[18].file': prose file "
                             "'jonkoping-2015/del2.md' not found (create "
                             f"{layout.parent / 'jonkoping-2015' / 'del2.md'} or correct the "
                             "path)\n")


def test_unknown_template_field(layout):
    prose = layout.parent / "jonkoping-2015" / "inledning.md"
    prose.write_text("Första raden.\n\nI {regoin} finns {antal_kommuner} kommuner.\n",
                     encoding="utf-8")
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {prose}, line 3: unknown template field "
                                    "'{regoin}' (known fields: {antal_enheter}, ")


def test_unknown_indicator_id(layout):
    edit(layout, 'area = "samordning"\n', 'area = "samordning"\nindicators = ["overensk_af", '
                                          '"overensk_arbetsformedlingen"]\n')
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output == (f"Error: {layout}: key 'sections[14].indicators': "
                             "'overensk_arbetsformedlingen' is not an indicator of the area "
                             "'samordning' (use one of rutin_barn_unga, rutin_vuxenvard, "
                             "rutin_arbetsmarknad, overensk_af, overensk_fk, overensk_primarvard, "
                             "overensk_oppenpsykiatri)\n")


def test_unknown_area(layout):
    edit(layout, 'area = "samordning"', 'area = "samverkan"')
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {layout}: key 'sections[14].area': 'samverkan' is "
                                    "not an indicator area of the catalog "
                                    "'ekonomiskt-bistand-2015' (use one of samordning, ")


def test_unknown_region(layout):
    edit(layout, 'lan = "06"', 'lan = "66"')
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output == (f"Error: {layout}, key 'region': '66' is not a länskod (use a "
                             "two-digit code such as 06 or a län name)\n")


def test_unknown_section_kind(layout):
    edit(layout, 'kind = "references"', 'kind = "referenser"')
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {layout}: key 'sections[19].kind': 'referenser' "
                                    "is not a section kind (use one of background, card_appendix, colophon, "
                                    "contents, ")


def test_missing_data_file(layout):
    edit(layout, 'files = ["data.csv"]', 'files = ["saknas.xlsx"]')
    result, _ = build(layout)
    assert result.exit_code == 1
    assert result.output == (f"Error: {layout.parent / 'saknas.xlsx'}: data file not found "
                             f"(correct [data] files in {layout} or pass --data)\n")


def test_missing_data_file_given_with_data(layout):
    """A path given with --data is the one to check; the layout's files are not read."""
    missing = layout.parent / "nope.xlsx"
    result, _ = build(layout, "--data", str(missing))
    assert result.exit_code == 1
    assert result.output == (f"Error: {missing}: data file not found (check the path given "
                             "with --data)\n")


def test_a_sample_layout_missing_its_workbook_says_how_to_make_it(tmp_path):
    """The bundled sample layouts read out/sample-*.xlsx, which `python build.py` writes."""
    from regionreport.runner import data_files_of, load_report_layout

    sample = load_report_layout(paths.layouts_dir() / "jonkoping-2015.toml")
    sample = dataclasses.replace(sample, data_files=(tmp_path / "sample.xlsx",))
    with pytest.raises(InputError, match=r"or pass --data; `python build.py` writes the "
                                         r"sample workbooks"):
        data_files_of(sample)


@pytest.mark.parametrize("old, new, message", [
    ("change_intro =", "chang_intro =",
     "key 'findings.chang_intro': is not a known key (did you mean 'change_intro'?)"),
    ("how_to_read =", "how_to_reed =",
     "key 'handout.how_to_reed': is not a known key (did you mean 'how_to_read'?)"),
    ("per_area = 2", 'per_area = "2"', "key 'findings.per_area': is \"2\", expected a whole "
                                       "number"),
])
def test_typo_in_the_sentence_templates(layout, old, new, message):
    edit(layout, old, new)
    result, output = build(layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {layout}, {message}"), result.output
    assert "Traceback" not in result.output and not output.exists()


def test_typo_in_the_county_template(tmp_path):
    """The county template is a layout like the others: a typo names the file and the key."""
    template = paths.template_path("lan-2015")
    shutil.copytree(template.parent / template.stem, tmp_path / template.stem)
    copy = tmp_path / template.name
    copy.write_text(template.read_text(encoding="utf-8").replace(
        "region_phrase =", "regoin_phrase =", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(copy), "-o", str(tmp_path / "x.pdf"),
                                       "--no-charts"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {copy}, key 'findings.regoin_phrase': is not a "
                                    "known key (did you mean 'region_phrase'?)")


@pytest.mark.parametrize("old, new, message", [
    ("survey = 2015", "survey = 2016",
     "key 'years.survey': the data has no survey results for 2016 (the data has survey "
     "results for 2014, 2015: correct the year or add the data of 2016)"),
    ("register_first = 2011", "register_first = 2010",
     "key 'years.register_first': the data has no register results for 2010 (the data has "
     "register results for 2011, 2014: correct the year or add the data of 2010)"),
])
def test_a_year_without_data_is_an_error(layout, old, new, message):
    """A layout year the data does not have would give a report of "–" that looks right."""
    edit(layout, old, new)
    result, output = build(layout)
    assert result.exit_code == 1
    assert result.output == f"Error: {layout}, {message}\n"
    assert not output.exists()
    handouts = CliRunner().invoke(main, ["handouts", str(layout), "-o",
                                         str(layout.parent / "handouts")])
    assert handouts.exit_code == 1 and handouts.output == result.output


def test_a_handout_indicator_not_in_the_catalog_stops_the_build(layout):
    """The handout settings are checked by every build, not first by `handouts`."""
    edit(layout, 'national = ["', 'national = ["rutin_saknas", "')
    result, output = build(layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {layout}, key 'handout.national': 'rutin_saknas' "
                                    "is not an indicator of the catalog "
                                    "'ekonomiskt-bistand-2015' (use one of ")
    assert not output.exists()
