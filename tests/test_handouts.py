"""Committee handouts: one per member unit, at most two pages, the unit's own numbers."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main
from tests.conftest import fixture_rows


def squeeze(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u25b2\u25bc]", "", text)


@pytest.fixture(scope="module")
def jonkoping_handouts(sample_workbook, tmp_path_factory):
    folder = tmp_path_factory.mktemp("handouts")
    result = CliRunner().invoke(main, ["handouts", str(paths.layouts_dir() / "jonkoping-2015.toml"),
                                       "-o", str(folder), "--data", str(sample_workbook.path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 13 handouts to {folder}\n"
    return folder


def test_one_handout_per_kommun_at_most_two_pages(jonkoping_handouts):
    files = sorted(p.name for p in jonkoping_handouts.glob("*.pdf"))
    assert len(files) == 13 and "tranas.pdf" in files and "jonkoping.pdf" in files
    for path in jonkoping_handouts.glob("*.pdf"):
        pages = PdfReader(path).pages
        assert 1 <= len(pages) <= 2, path.name
        assert "1 (" in pages[0].extract_text()


def test_tranas_values_beside_county_and_riket(jonkoping_handouts):
    text = "".join(p.extract_text() for p in PdfReader(jonkoping_handouts / "tranas.pdf").pages)
    assert "Tranås: Öppna jämförelser – Ekonomiskt bistånd 2015" in text
    assert text.count("I Tranås uppfylldes") == 1
    fixture = {row["unit"]: row for row in fixture_rows()}
    tranas, riket = fixture["Tranås"], fixture["Riket"]
    # Överenskommelse med Arbetsförmedlingen: Tranås said Ja in 2015; the county's 9 of 13 kommuner
    # give 69,2; Riket published 42,8.
    assert tranas["overensk_af"] == "Ja" and riket["overensk_af"] == "42.8"
    flat = squeeze(text)
    assert squeeze("Överensk. Arbetsförmedlingen") in flat
    row = re.search(squeeze("Överensk. Arbetsförmedlingen") + r"(\w+?)(Ja|Nej)(\w+?)69,242,8",
                    flat)
    assert row is not None and row.group(2) == "Ja"
    # Stöd, timmar/vecka: Tranås 3,8 in the fixture; the county 2,4 weighted; Riket 2,0.
    assert re.search(squeeze("Stöd, timmar/vecka") + r".*?3,8.*?2,42,0", flat)
    assert squeeze("42,8 procent av landets kommuner och stadsdelar har en aktuell "
                   "överenskommelse") in flat


def test_gr_handouts_for_kommuner_and_stadsdelar(sample_workbook, tmp_path):
    result = CliRunner().invoke(main, ["handouts",
                                       str(paths.layouts_dir() / "goteborgsregionen-2015.toml"),
                                       "-o", str(tmp_path), "--data", str(sample_workbook.path)])
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.glob("*.pdf"))
    assert len(files) == 22
    assert (tmp_path / "angered.pdf").exists() and not (tmp_path / "goteborg.pdf").exists()
    assert all(len(PdfReader(p).pages) <= 2 for p in files)
    # Askim-Frölunda-Högsbo did not answer "Sammanställning gruppnivå" in 2015: its change
    # column says "–" like the value, not an empty cell
    text = "\n".join(page.extract_text(extraction_mode="layout")
                     for page in PdfReader(tmp_path / "askim-frolunda-hogsbo.pdf").pages)
    line = next(line for line in text.splitlines() if "Sammanställning gruppnivå" in line)
    assert re.search(r"Nej\s+–\s+–\s+\d", line), line


def test_a_unit_that_did_not_answer_is_told_so(sample_workbook, tmp_path):
    """Alingsås did not answer the 2015 survey in the sample: no "0 av de 0" sentence."""
    result = CliRunner().invoke(main, ["handouts",
                                       str(paths.layouts_dir() / "goteborgsregionen-2015.toml"),
                                       "-o", str(tmp_path), "--data", str(sample_workbook.path)])
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(tmp_path / "alingsas.pdf").pages).split())
    assert "Alingsås besvarade inte enkäten 2015; i tabellen över enkätindikatorerna står " \
           "därför – i kolumnen för 2015." in text
    assert "av de 0" not in text
    # it did not answer in 2014 either: the survey table has no column of last year, no
    # change and no change note (the register table has both years)
    survey = text[text.index("Alingsås: enkätindikatorer"):text.index("registerindikatorer")]
    assert "Indikator 2015 Göteborgsregionen" in survey and "2014" not in survey
    assert "Förändring" not in survey


def test_the_change_note_stands_under_the_survey_table_only(jonkoping_handouts):
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(jonkoping_handouts / "tranas.pdf").pages).split())
    assert text.count("Förändring: Uppfylld nu och Ej uppfylld nu") == 1
    assert "har ändrats sedan 2014" in text and "sedan 2013" not in text


def test_the_organisation_and_author_fields_are_filled_in(sample_workbook, tmp_path):
    """A project made by `regionreport init` names its organisation "FoU-enheten i
    {region}": the handout's footer and metadata print the region, not the field."""
    from regionreport.runner import write_handouts

    source = paths.layouts_dir() / "jonkoping-2015.toml"
    text = source.read_text(encoding="utf-8")
    text = text.replace('organisation = "Region Jönköpings län, FoU-enheten (exempelrapport)"',
                        'organisation = "FoU-enheten i {region}"')
    text = text.replace('author = "Analysgruppen för socialtjänst (exempel)"',
                        'author = "Analysgruppen i {region}"')
    layout = tmp_path / "jonkoping-2015.toml"
    layout.write_text(text, encoding="utf-8")
    (tmp_path / "jonkoping-2015").symlink_to(source.parent / "jonkoping-2015")
    (written,) = write_handouts(layout, tmp_path / "out", data_files=[sample_workbook.path],
                                units=["0687"])
    reader = PdfReader(written)
    pages = " ".join(page.extract_text() for page in reader.pages)
    assert "FoU-enheten i Jönköpings län" in pages and "{region}" not in pages
    assert reader.metadata.author == "Analysgruppen i Jönköpings län"
