"""Where the indicator cards stand (options.cards) and short lead-ins on a table's page."""

from __future__ import annotations

import shutil

import pdfplumber
import pytest
from click.testing import CliRunner

from regionreport import paths
from regionreport.cli import main

LAYOUT = paths.layouts_dir() / "jonkoping-2015.toml"
CARD_TITLE = "Aktuell överenskommelse om samverkan mellan ekonomiskt bistånd och Arbets"


def _layout(tmp_path, placement: str, appendix: bool = True):
    """The Jönköping sample with ``options.cards`` and (``appendix``) a card appendix
    after the references."""
    shutil.copytree(LAYOUT.parent / "jonkoping-2015", tmp_path / "jonkoping-2015")
    text = LAYOUT.read_text(encoding="utf-8").replace(
        "charts = true\n", f'charts = true\ncards = "{placement}"\n', 1)
    if appendix:
        text = text.replace('[findings]', '[[sections]]\nkind = "card_appendix"\nlevel = 1\n'
                                          'numbered = false\n\n[findings]', 1)
    path = tmp_path / "jonkoping-2015.toml"
    path.write_text(text.replace('"../out/', '"'), encoding="utf-8")
    return path


def _pages(pdf_path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _first(pages: list[str], needle: str) -> int:
    """The first page with ``needle`` that is not a list of tables or figures."""
    return next(i for i, text in enumerate(pages) if needle in text.replace("\n", " ")
                and "......" not in text)


@pytest.mark.parametrize("placement", ["before", "after", "appendix"])
def test_cards_stand_where_the_layout_says(sample_workbook, tmp_path, placement):
    layout = _layout(tmp_path, placement)
    pdf = tmp_path / "out.pdf"
    result = CliRunner().invoke(main, ["build", str(layout), "--data", str(sample_workbook.path),
                                       "-o", str(pdf), "--no-charts"])
    assert result.exit_code == 0, result.output
    pages = _pages(pdf)
    card = _first(pages, CARD_TITLE)
    table = _first(pages, "Tabell 2. Intern och extern samordning")
    appendix = [i for i, t in enumerate(pages) if t.splitlines()[1:2] ==
                ["Bilaga: indikatorbeskrivningar"] or "\nBilaga: indikatorbeskrivningar\n" in t]
    if placement == "before":
        assert card < table and not appendix
    elif placement == "after":
        assert card > table and card < _first(pages, "Tabell 4.") and not appendix
    else:
        assert appendix and card > appendix[0] > _first(pages, "Tabell 9.")
        assert sum(text.count(CARD_TITLE) for text in pages) == 1
        # the area's heading and lead-in stand on the landscape page of its table
        with pdfplumber.open(pdf) as document:
            page = document.pages[table]
            assert page.width > page.height
            assert "Intern och extern samordning" in (page.extract_text() or "").split(
                "Tabell 2.")[0]


def test_cards_in_an_appendix_need_the_appendix_section(sample_workbook, tmp_path):
    layout = _layout(tmp_path, "appendix", appendix=False)
    result = CliRunner().invoke(main, ["build", str(layout), "--data", str(sample_workbook.path),
                                       "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 1
    assert "key 'options.cards' is \"appendix\", but no section prints the appendix" in \
        result.output
    assert not (tmp_path / "out.pdf").exists()


def test_an_unknown_placement_is_refused(sample_workbook, tmp_path):
    layout = _layout(tmp_path, "inside")
    result = CliRunner().invoke(main, ["build", str(layout), "--data", str(sample_workbook.path),
                                       "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 1
    assert "key 'options.cards': 'inside' is not a placement" in result.output
