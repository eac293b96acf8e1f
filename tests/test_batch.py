"""`regionreport batch`: every county from the template and every region layout, in a pool."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import batch, paths
from regionreport.batch import ascii_slug, run_batch
from regionreport.cli import main
from regionreport.model.registry import load_registry

REGION_LAYOUTS = sorted(paths.layouts_dir().glob("*.toml"))
# The sample layouts of ekonomiskt bistånd 2015, which the sample workbook fits; the others
# (another area) are skipped by the batch.
EB_2015_LAYOUTS = [layout for layout in REGION_LAYOUTS
                   if 'catalog = "ekonomiskt-bistand-2015"' in layout.read_text(encoding="utf-8")]


@pytest.fixture(scope="session")
def batch_run(tmp_path_factory, sample_workbook):
    """The whole batch without charts, two workers, as `regionreport batch --no-charts -q`."""
    folder = tmp_path_factory.mktemp("batch")
    result = run_batch([sample_workbook.path], folder, workers=2, charts=False, quiet=True)
    return folder, result


@pytest.fixture
def broken_layout(tmp_path) -> Path:
    """A copy of the Jönköping layout with an unknown key, beside its prose."""
    source = paths.layouts_dir() / "jonkoping-2015.toml"
    shutil.copytree(source.parent / source.stem, tmp_path / source.stem)
    broken = tmp_path / "broken-2015.toml"
    broken.write_text(source.read_text(encoding="utf-8").replace(
        "[region]\n", "[region]\ncolour = \"red\"\n"), encoding="utf-8")
    return broken


def table_row(pdf: Path, caption: str, name: str) -> list[str]:
    """The cells after the row label ``name`` of the table whose caption starts ``caption``."""
    for page in PdfReader(pdf).pages:
        text = page.extract_text()
        lines = [line.strip() for line in text.splitlines()]
        if caption not in text or "Tabeller" in lines:
            continue                      # (the list of tables names the caption too)
        start = max(i for i, line in enumerate(lines) if line == name) + 1
        end = lines.index("Riket", start)
        return lines[start:end]
    raise AssertionError(f"{caption} not in {pdf}")


def test_every_county_and_region_layout_is_built(batch_run):
    folder, result = batch_run
    assert result.failed == []
    counties = load_registry().counties()
    expected = sorted([f"lan-{c.code}-{ascii_slug(c.name)}" for c in counties]
                      + [layout.stem for layout in EB_2015_LAYOUTS])
    assert [name for name, _, _ in result.built] == expected
    assert len(EB_2015_LAYOUTS) == 3
    assert [name for name, _ in result.skipped] == [
        layout.stem for layout in REGION_LAYOUTS if layout not in EB_2015_LAYOUTS]
    assert len(counties) == 21
    assert (folder / "lan-06-jonkopings-lan.pdf").is_file()
    assert (folder / "lan-14-vastra-gotalands-lan.pdf").is_file()
    for name, pdf, pages in result.built:
        assert pdf == folder / f"{name}.pdf"
        # a whole report without charts: cover, contents, cards and tables (the smallest,
        # Vätterbygden's subset of the indicators, has 19 pages)
        assert len(PdfReader(pdf).pages) == pages > 15
    assert result.pages == sum(pages for _, _, pages in result.built)
    assert result.seconds > 0


def test_county_report_from_the_template_matches_the_jonkoping_layout(batch_run):
    folder, _ = batch_run
    caption = "Tabell 2. Intern och extern samordning"
    from_template = table_row(folder / "lan-06-jonkopings-lan.pdf", caption, "Jönköpings län")
    from_layout = table_row(folder / "jonkoping-2015.pdf", caption, "Jönköpings län")
    assert from_template == from_layout
    # 2014 and 2015 per indicator; Överensk. Arbetsförmedlingen 2015 (9 of 13 kommuner).
    assert from_template[7] == "69,2"


def test_the_template_is_generic(batch_run):
    folder, _ = batch_run
    text = "\n".join(page.extract_text()
                     for page in PdfReader(folder / "lan-13-hallands-lan.pdf").pages[:4])
    assert "FoU-enheten i Hallands län (exempelrapport)" in text
    assert "Resultat för kommunerna i Hallands län" in text
    assert "Jönköpings län" not in text.replace("i Jönköpings län och rikets", "")


def test_cover_names_the_county_organisation(batch_run):
    folder, _ = batch_run
    cover = PdfReader(folder / "lan-13-hallands-lan.pdf").pages[0].extract_text()
    assert "Sammanställd av FoU-enheten i Hallands län" in cover


def test_goteborg_counts_through_its_stadsdelar(batch_run):
    folder, _ = batch_run
    pages = [page.extract_text() for page in
             PdfReader(folder / "lan-14-vastra-gotalands-lan.pdf").pages]
    first = next(i for i, text in enumerate(pages) if "Tabell 2." in text
                 and "Teckenförklaring" in text)
    after = next(i for i, text in enumerate(pages) if "Tabell 3." in text
                 and "Teckenförklaring" in text)
    table = "\n".join(pages[first:after + 1])   # Tabell 3 may begin on its last page
    assert "Tabell 2. Intern och extern samordning (del 1 av 2): resultat per kommun och " \
           "stadsdel" in table
    rows = {line.strip() for line in table.splitlines()}
    assert {"Angered", "Askim-Frölunda-Högsbo", "Östra Göteborg", "Ale", "Öckerö",
            "Västra Götalands län", "Riket"} <= rows
    assert "Göteborg" not in rows  # the city answered through its 10 stadsdelar
    prose = " ".join(" ".join(pages[:first]).split())
    assert "Västra Götalands län besvarade" in prose
    assert "av 58 tillfrågade enheter" in prose  # 48 kommuner and Göteborg's 10 stadsdelar


def test_a_failing_report_is_listed_and_the_others_are_built(tmp_path, sample_workbook,
                                                            broken_layout):
    good = paths.layouts_dir() / "jonkoping-2015.toml"
    result = run_batch([sample_workbook.path], tmp_path / "out", workers=2, charts=False,
                       quiet=True, counties=["09"], layouts=[broken_layout, good])
    assert [name for name, _, _ in result.built] == ["jonkoping-2015", "lan-09-gotlands-lan"]
    assert len(result.failed) == 1
    name, message = result.failed[0]
    assert name == "broken-2015"
    assert message.startswith(f"{broken_layout}: unknown key 'region.colour'")
    assert not (tmp_path / "out" / "broken-2015.pdf").exists()


def test_an_unexpected_exception_is_recorded_with_its_type(tmp_path, sample_workbook,
                                                          monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("regionreport.runner.build_report", explode)
    result = run_batch([sample_workbook.path], tmp_path, workers=1, charts=False, quiet=True,
                       counties=["09"], layouts=[])
    assert result.failed == [("lan-09-gotlands-lan", "RuntimeError: disk on fire")]
    monkeypatch.setenv("REGIONREPORT_DEBUG", "1")
    result = run_batch([sample_workbook.path], tmp_path, workers=1, charts=False, quiet=True,
                       counties=["09"], layouts=[])
    assert "Traceback" in result.failed[0][1] and "disk on fire" in result.failed[0][1]


def test_cli_lists_failures_on_stderr_and_exits_1(tmp_path, sample_workbook, broken_layout,
                                                  monkeypatch):
    monkeypatch.setattr(batch, "run_batch", functools.partial(
        batch.run_batch, counties=["09"], layouts=[broken_layout]))
    arguments = ["batch", "--data", str(sample_workbook.path), "-o", str(tmp_path / "out"),
                 "--no-charts", "--workers", "1"]
    quiet = CliRunner().invoke(main, arguments + ["-q"])
    assert quiet.exit_code == 1
    assert "Built 1 of 2 reports" in quiet.stdout
    assert f"  failed: broken-2015: {broken_layout}: unknown key 'region.colour'" in quiet.stderr
    assert "Error: 1 report(s) failed" in quiet.stderr
    assert "Building reports" not in quiet.stderr
    loud = CliRunner().invoke(main, arguments)
    assert loud.exit_code == 1
    assert "Building reports" in loud.stderr


def test_quiet_batch_in_process_prints_nothing_and_gives_the_same_bytes(
        batch_run, tmp_path, sample_workbook, capfd):
    folder, _ = batch_run
    capfd.readouterr()
    result = run_batch([sample_workbook.path], tmp_path, workers=1, charts=False, quiet=True,
                       counties=["09"], layouts=[])
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    [(_, pdf, _)] = result.built
    assert pdf.read_bytes() == (folder / "lan-09-gotlands-lan.pdf").read_bytes()


def test_missing_data_file_stops_before_any_job(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["batch", "--data", str(tmp_path / "none.xlsx"), "-o",
                                  str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'none.xlsx'}: data file not found" in result.stderr


def test_ascii_slug():
    assert ascii_slug("Västra Götalands län") == "vastra-gotalands-lan"
    assert ascii_slug("Örebro län") == "orebro-lan"
    assert ascii_slug("Skåne län") == "skane-lan"


def next_year_data(folder: Path, sample_workbook) -> Path:
    """The sample's results moved one year on (2015 -> 2016) as a tidy CSV: what next
    year's national file gives a county template of 2016."""
    from regionreport.sources.loading import load_inputs

    table = load_inputs([sample_workbook.path]).table
    lines = ["indicator,unit,year,value,numerator,denominator"]
    for row in table.frame().itertuples(index=False):
        value = row.answer if row.answer is not None else (
            "" if row.value != row.value else repr(row.value))
        counts = ["" if c != c else repr(c) for c in (row.numerator, row.denominator)]
        lines.append(",".join([row.indicator, row.unit, str(row.year + 1), value, *counts]))
    path = folder / "oj-2016.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def next_year_template(folder: Path) -> Path:
    """The county template copied out of layouts/templates/ with its years moved on."""
    source = paths.template_path("lan-2015")
    shutil.copytree(source.parent / source.stem, folder / "lan-2016")
    text = source.read_text(encoding="utf-8")
    for old, new in [("survey = 2015", "survey = 2016"), ("survey_previous = 2014",
                                                          "survey_previous = 2015"),
                     ("register = 2014", "register = 2015"),
                     ("register_first = 2011", "register_first = 2012"),
                     ('file = "lan-2015/', 'file = "lan-2016/')]:
        assert old in text
        text = text.replace(old, new)
    path = folder / "lan-2016.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_next_year_template_with_its_data_builds_every_county(tmp_path, sample_workbook):
    data = next_year_data(tmp_path, sample_workbook)
    template = next_year_template(tmp_path)
    result = CliRunner().invoke(main, ["batch", "--data", str(data), "-o", str(tmp_path / "out"),
                                       "--template", str(template), "--no-charts", "-q"])
    assert result.exit_code == 0, result.output
    assert "Built 21 of 21 reports" in result.stdout
    for layout in EB_2015_LAYOUTS:           # the 2015 layouts in layouts/ do not fit 2016
        assert f"  skipped: {layout.stem}: {layout}, key 'years.survey_previous': the data " \
               "has no survey results for 2014" in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("  skipped: ")]
    assert len(skipped) == len(REGION_LAYOUTS)
    cover = PdfReader(tmp_path / "out" / "lan-06-jonkopings-lan.pdf").pages[0].extract_text()
    assert "Ekonomiskt bistånd 2016" in cover


def test_a_layout_in_layouts_that_does_not_fit_the_data_is_skipped(tmp_path, sample_workbook,
                                                                    monkeypatch):
    """A layout added to layouts/ for another year never breaks the batch."""
    template = next_year_template(tmp_path)           # a 2016 layout beside the 2015 one
    good = paths.layouts_dir() / "jonkoping-2015.toml"
    monkeypatch.setattr(paths, "region_layouts", lambda: [template, good])
    result = run_batch([sample_workbook.path], tmp_path / "out", workers=1, charts=False,
                       quiet=True, counties=["09"])
    assert [name for name, _, _ in result.built] == ["jonkoping-2015", "lan-09-gotlands-lan"]
    assert result.failed == []
    [(name, reason)] = result.skipped
    assert name == "lan-2016" and "key 'years.survey': the data has no survey results for " \
                                  "2016" in reason
    asked = run_batch([sample_workbook.path], tmp_path / "out2", workers=1, charts=False,
                      quiet=True, counties=[], layouts=[template])
    assert [name for name, _ in asked.failed] == ["lan-2016"]   # asked for: a failure
