"""Card texts take template fields ({år}, {mätår}, {registerår}, ...) filled from the layout's
years, on the cards of the PDF and in the workbook's Indikatorer sheet alike."""

from __future__ import annotations

import re
import subprocess

import openpyxl
from click.testing import CliRunner

from regionreport import paths
from regionreport.cli import main

MEASUREMENT = 'measurement = "1 mars 2015"\ndata_sources = "Socialstyrelsens Kommun- och ' \
    'stadsdelsenkät 2015 inom Öppna jämförelser."\nerror_sources = "Svaren är ' \
    'självrapporterade och granskas inte mot själva överenskommelsen.'
TEMPLATED = ('measurement = "1 mars {mätår}"\ndata_sources = "Enkäten {år} (utgiven '
             '{utgivningsår}), registret {första_registerår}–{registerår}, jämfört med '
             '{föregående_år}."\nerror_sources = "Svaren är självrapporterade och granskas '
             'inte mot själva överenskommelsen.')


def project_catalog(layout, old: str, new: str, release: str = "2016"):
    """A copy of the bundled catalog in the report project's catalogs/ (found before the
    bundled one), with ``old`` replaced by ``new`` once and the release year changed."""
    text = paths.catalog_path().read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("release_year = 2015", f"release_year = {release}")
    folder = layout.parent / "catalogs"
    folder.mkdir(exist_ok=True)
    path = folder / paths.catalog_path().name
    path.write_text(text, encoding="utf-8")
    return path


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


def test_card_texts_are_filled_on_the_card_and_in_the_workbook(sparse_layout):
    project_catalog(sparse_layout, MEASUREMENT, TEMPLATED)
    text = sparse_layout.read_text(encoding="utf-8")
    sparse_layout.write_text(text.replace("charts = true", "charts = false"), encoding="utf-8")
    pdf = sparse_layout.parent / "report.pdf"
    result = CliRunner().invoke(main, ["build", str(sparse_layout), "-o", str(pdf),
                                       "--no-charts"])
    assert result.exit_code == 0, result.output
    text = pdf_text(pdf)
    filled = "Enkäten 2015 (utgiven 2016), registret 2011–2014, jämfört med 2014."
    assert filled in text and "1 mars 2015" in text
    assert "{" not in text
    book = sparse_layout.parent / "report.xlsx"
    result = CliRunner().invoke(main, ["xlsx", str(sparse_layout), "-o", str(book)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(book)["Indikatorer"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    row = next(r for r in rows if r[0] == "overensk_af")
    assert filled in row and "Mätdatum: 1 mars 2015" in row
    assert not any("{" in str(v) for r in rows for v in r if v)


def test_an_unknown_card_field_names_the_catalog_indicator_and_key(sparse_layout):
    catalog = project_catalog(sparse_layout, 'measurement = "1 mars 2015"',
                              'measurement = "1 mars {enkätår}"')
    pdf = sparse_layout.parent / "report.pdf"
    result = CliRunner().invoke(main, ["build", str(sparse_layout), "-o", str(pdf),
                                       "--no-charts"])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {catalog}, indicator 'rutin_barn_unga', key 'measurement': unknown template "
        "field '{enkätår}' (known fields: {föregående_år}, {första_registerår}, {mätår}, "
        "{registerår}, {utgivningsår}, {år})")
    assert not pdf.exists()


def test_an_unknown_field_in_a_list_text_names_the_item(sparse_layout):
    catalog = project_catalog(sparse_layout, '"Aktuell: överenskommelsen gäller vid mätdatum.',
                              '"Aktuell: överenskommelsen gäller {datum}.')
    result = CliRunner().invoke(main, ["xlsx", str(sparse_layout), "-o",
                                       str(sparse_layout.parent / "r.xlsx")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {catalog}, indicator 'overensk_af', key "
                                    "'definitions[2]': unknown template field '{datum}'")
