"""A report project is a folder of the analyst's own: its layout finds catalogs, profiles,
themes, labels and hyphenation beside itself before the bundled ones, and writes into its
own out/ folder."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main

SOURCE = paths.layouts_dir() / "jonkoping-2015.toml"


@pytest.fixture
def project(tmp_path, sample_workbook):
    """A copy of the Jönköping layout and its prose in a folder outside the checkout,
    reading the sample workbook."""
    folder = tmp_path / "fou-rapport"
    shutil.copytree(SOURCE.parent / SOURCE.stem, folder / SOURCE.stem)
    text = SOURCE.read_text(encoding="utf-8").replace(
        'files = ["../out/sample-oj-ekonomiskt-bistand-2015.xlsx"]',
        f'files = ["{sample_workbook.path.as_posix()}"]')
    (folder / SOURCE.name).write_text(text, encoding="utf-8")
    return folder / SOURCE.name


def build(layout, *extra):
    return CliRunner().invoke(main, ["build", str(layout), "--no-charts", *extra])


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_output_lands_in_the_projects_out_folder(project):
    checkout_out = paths.output_dir()
    before = sorted(p.name for p in checkout_out.iterdir()) if checkout_out.exists() else []
    result = build(project)
    assert result.exit_code == 0, result.output
    output = project.parent / "out" / "jonkoping-2015.pdf"
    assert result.output.startswith("Jönköpings län: 13 members (Aneby, Eksjö, Gislaved, ")
    assert f"\nWrote {output}: " in result.output
    assert output.is_file()
    after = sorted(p.name for p in checkout_out.iterdir()) if checkout_out.exists() else []
    assert after == before


def test_catalog_theme_and_labels_beside_the_layout_win(project):
    own = project.parent
    (own / "catalogs").mkdir()
    catalog = paths.catalog_path().read_text(encoding="utf-8")
    old_name = ('name = "Aktuell rutin för samordning mellan ekonomiskt bistånd och '
                'socialtjänstens verksamhet för barn och unga"')
    assert old_name in catalog
    (own / "catalogs" / "ekonomiskt-bistand-2015.toml").write_text(
        catalog.replace(old_name, 'name = "Egen rutin för barn och unga"'), encoding="utf-8")
    (own / "labels").mkdir()
    labels = paths.labels_path().read_text(encoding="utf-8")
    (own / "labels" / "sv.toml").write_text(
        labels.replace('title = "Teckenförklaring:"', 'title = "Färgernas betydelse:"'),
        encoding="utf-8")
    (own / "themes").mkdir()
    (own / "themes" / "default.toml").write_text(
        'extends = "default"\n[colours]\nheader_fill = "#ff0000"\n', encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0, result.output
    output = own / "out" / "jonkoping-2015.pdf"
    text = pdf_text(output)
    assert "Egen rutin för barn och unga" in text
    assert "Färgernas betydelse:" in text and "Teckenförklaring:" not in text
    contents = "".join(page.get_contents().get_data().decode("latin-1")
                       for page in PdfReader(output).pages)
    assert "1 0 0 rg" in contents                  # the header fill of the project's theme


def test_a_missing_own_theme_names_the_places_looked_in(project):
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("[options]\n", '[options]\ntheme = "hus"\n', 1),
                       encoding="utf-8")
    result = build(project)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {project}, key 'options.theme': 'hus' is not a "
                                    "theme (use one of default, a theme of your own in "
                                    f"{project.parent / 'themes'}")


def test_init_scaffolds_a_county_project_that_builds(tmp_path, sample_workbook):
    folder = tmp_path / "halland"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(folder), "--lan", "13", "--data",
                                  str(sample_workbook.path)])
    assert result.exit_code == 0, result.output
    layout = folder / "hallands-lan-2015.toml"
    assert layout.is_file() and (folder / "hallands-lan-2015" / "inledning.md").is_file()
    theme = folder / "themes" / "hallands-lan-2015.toml"
    assert 'extends = "default"' in theme.read_text(encoding="utf-8")
    text = layout.read_text(encoding="utf-8")
    assert '[region]\nlan = "13"\n' in text and 'theme = "hallands-lan-2015"' in text
    built = build(layout)
    assert built.exit_code == 0, built.output
    pdf = folder / "out" / "hallands-lan-2015.pdf"
    assert "Resultat för kommunerna i Hallands län" in PdfReader(pdf).pages[0].extract_text()
    again = runner.invoke(main, ["init", str(folder), "--lan", "13"])
    assert again.exit_code == 1
    assert again.output == (f"Error: {layout}: already exists (choose another folder, or move "
                            "the earlier project away)\n")


def test_init_with_a_data_file_not_there_yet_says_so(tmp_path):
    """The data may come later (downloaded after the project is made): the project is
    written, and the missing file is named with where to correct it."""
    folder, missing = tmp_path / "kalmar", tmp_path / "oj-2016.xlsx"
    result = CliRunner().invoke(main, ["init", str(folder), "--lan", "08", "--data",
                                       str(missing)])
    assert result.exit_code == 0, result.output
    layout = folder / "kalmar-lan-2015.toml"
    assert layout.is_file()
    assert (f"Note: the data file {missing} does not exist yet: put it there, or correct "
            f"[data] files in {layout}\n") in result.stderr


def test_init_a_region_of_members_for_another_year(tmp_path, sample_workbook):
    folder = tmp_path / "fou"
    result = CliRunner().invoke(main, ["init", str(folder), "--members", "1401,1402,0604",
                                       "--name", "FoU Väst", "--year", "2016"])
    assert result.exit_code == 0, result.output
    text = (folder / "fou-vast-2016.toml").read_text(encoding="utf-8")
    assert 'name = "FoU Väst"\nmembers = ["1401", "1402", "0604"]' in text
    assert "survey = 2016\nsurvey_previous = 2015\nregister = 2015\nregister_first = 2012" in text


@pytest.mark.parametrize("arguments, message", [
    (["--lan", "66"], "Error: '66' is not a länskod (use a two-digit code such as 06)\n"),
    (["--lan", "06", "--members", "0604"], "Error: give either --lan or --members (e.g. "),
    (["--members", "0604"], "Error: a region of members needs a name (add --name \"...\")\n"),
    (["--members", "0604,9999", "--name", "X"], "Error: '9999' is not a kommun or stadsdel "),
])
def test_init_refuses_a_region_it_cannot_make(tmp_path, arguments, message):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), *arguments])
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert not (tmp_path / "p").exists()


def test_the_group_header_follows_the_layouts_grouping(tmp_path, sample_workbook):
    """A region grouped by SKR 2023 says so over its SKR 2023 codes."""
    from regionreport.runner import load_report_layout, prepare

    folder = tmp_path / "fou"
    result = CliRunner().invoke(main, ["init", str(folder), "--members", "1401,1402,0604",
                                       "--name", "FoU Väst", "--data",
                                       str(sample_workbook.path)])
    assert result.exit_code == 0, result.output
    layout_file = folder / "fou-vast-2015.toml"
    text = layout_file.read_text(encoding="utf-8")
    layout_file.write_text(text.replace('municipality_groups = "skl2011"',
                                        'municipality_groups = "skr2023"'), encoding="utf-8")
    background = prepare(load_report_layout(layout_file)).document.tables()[0]
    assert background.header[0][2].text == "Kommungrupp (SKR 2023)"
    assert {row.cells[2].text.split(" ", 1)[0] for row in background.rows} <= {
        "A1", "A2", "A3", "B4", "B5", "B6", "C7", "C8", "C9"}
    notes = " ".join(prepare(load_report_layout(layout_file)).document.tables()[1].notes)
    assert "Kommungrupp enligt SKR 2023." in notes and "SKL 2011" not in notes


def test_init_starts_from_any_layout_and_keeps_its_years_spacing(tmp_path):
    """--template takes a layout file (here a copy of the GR sample layout, register years
    four apart); its years move by one step and its prose folder comes along."""
    source = paths.layouts_dir() / "goteborgsregionen-2015.toml"
    own = tmp_path / "mallar"
    shutil.copytree(source.parent / source.stem, own / "egen-mall")
    text = source.read_text(encoding="utf-8").replace("goteborgsregionen-2015/", "egen-mall/")
    text = text.replace("register_first = 2011", "register_first = 2010")
    (own / "egen-mall.toml").write_text(text, encoding="utf-8")
    folder = tmp_path / "fou"
    result = CliRunner().invoke(main, ["init", str(folder), "--lan", "14", "--year", "2017",
                                       "--template", str(own / "egen-mall.toml")])
    assert result.exit_code == 0, result.output
    layout = (folder / "vastra-gotalands-lan-2017.toml").read_text(encoding="utf-8")
    assert "survey = 2017\nsurvey_previous = 2016\nregister = 2016\nregister_first = 2012" \
        in layout
    assert 'kind = "quality_area"' in layout                      # the template's sections
    assert 'file = "vastra-gotalands-lan-2017/helhetssyn.md"' in layout
    assert (folder / "vastra-gotalands-lan-2017" / "helhetssyn.md").is_file()


def test_init_names_the_templates_there_are(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--lan", "06",
                                       "--template", "lan-2099"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no template 'lan-2099' (give a layout file, or "
                                    "one of ")
    assert "jonkoping-2015, " in result.output and "lan-2015" in result.output
    assert not (tmp_path / "p").exists()


def test_init_for_another_catalog_takes_the_profile_made_for_it(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "bou"), "--lan", "06",
                                       "--template", "jonkoping-bou-2015", "--catalog",
                                       "barn-och-unga-2015"])
    assert result.exit_code == 0, result.output
    other = CliRunner().invoke(main, ["init", str(tmp_path / "eb"), "--lan", "06",
                                      "--template", "jonkoping-bou-2015", "--catalog",
                                      "ekonomiskt-bistand-2015"])
    assert other.exit_code == 0, other.output
    layout = (tmp_path / "eb" / "jonkopings-lan-2015.toml").read_text(encoding="utf-8")
    assert 'catalog = "ekonomiskt-bistand-2015"\nprofile = "oj-ekonomiskt-bistand-2015"' in layout
    none = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--lan", "06", "--catalog",
                                     "missbruk-2015"])
    assert none.exit_code == 1
    assert none.output == ("Error: no source profile is made for the catalog 'missbruk-2015' "
                           "(give --profile with the profile of the data's workbook; "
                           "docs/source-profile.md describes profiles)\n")


def test_check_finds_the_catalog_beside_a_profile_file(tmp_path, sample_workbook):
    """A project's profile names its own catalog id: check looks for it beside the profile."""
    for kind, source in (("profiles", paths.profile_path()), ("catalogs", paths.catalog_path())):
        (tmp_path / kind).mkdir()
        text = source.read_text(encoding="utf-8").replace('"ekonomiskt-bistand-2015"',
                                                          '"eget-2015"')
        (tmp_path / kind / source.name.replace("ekonomiskt-bistand-2015", "eget-2015")
         ).write_text(text, encoding="utf-8")
    profile = tmp_path / "profiles" / "oj-eget-2015.toml"
    result = CliRunner().invoke(main, ["check", "--data", str(sample_workbook.path),
                                       "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    assert "Catalog: eget-2015 " in result.output
    mismatch = CliRunner().invoke(main, ["check", "--data", str(sample_workbook.path),
                                         "--profile", str(profile), "--catalog",
                                         "barn-och-unga-2015"])
    assert mismatch.exit_code == 1
    assert mismatch.output == (f"Error: {profile}: the source profile 'oj-ekonomiskt-bistand-"
                               "2015' is for the catalog 'eget-2015', not 'barn-och-unga-2015' "
                               "(give the profile of this catalog's workbook with --profile, "
                               "or as [data] profile in the layout)\n")
