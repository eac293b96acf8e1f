"""The printout a committee reads (issue 11), measured on the PDFs with pdfplumber.

For the Jönköping and Göteborgsregionen sample reports and Jönköping's handouts:
- every page of a results table carries the summary rows (the region, its comparison
  counties, Riket);
- within each numeric column the decimal commas share one x position (±0,5 pt), whether a
  number carries a ▲/▼ mark and whether its row is bold;
- table cells are at least 8,5 pt (headers 8 pt), in the handouts 9 pt;
- no line in a table cell or header ends in a hyphen (no word is broken);
- the handouts of Jönköping's 13 kommuner are one page each;
- the theme's result fills differ in grey (luminance) by at least 20 from each other and
  from the header and region-row fills.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from regionreport import paths
from regionreport.cli import main
from regionreport.config.theme import CELL_STYLES, load_theme
from regionreport.render.results_table import luminance
from regionreport.runner import build_report

LAYOUTS = paths.layouts_dir()
SUMMARY = {"jonkoping-2015": ["Jönköpings län", "Riket"],
           "goteborgsregionen-2015": ["Göteborgsregionen", "Västra Götalands län",
                                      "Hallands län", "Riket"]}
CAPTION = re.compile(r"^Tabell \d+\. (.*?)(?: \(forts\.\))?$", re.M)


@pytest.fixture(scope="module")
def reports(sample_workbook, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("printout")
    # without the Del 2 charts (they have tests of their own): the tables are what is measured
    return {name: build_report(LAYOUTS / f"{name}.toml", folder / f"{name}.pdf",
                               data_files=[sample_workbook.path], cache_dir=folder / "cache",
                               charts=False).output
            for name in SUMMARY}


def _handouts(layout: str, data: Path, folder: Path) -> list[Path]:
    result = CliRunner().invoke(main, ["handouts", str(LAYOUTS / f"{layout}.toml"),
                                       "--data", str(data), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return sorted(folder.glob("*.pdf"))


@pytest.fixture(scope="module")
def handouts(sample_workbook, tmp_path_factory) -> list[Path]:
    """Jönköping's 13 handouts."""
    return _handouts("jonkoping-2015", sample_workbook.path,
                     tmp_path_factory.mktemp("printout-handouts"))


@pytest.fixture(scope="module")
def all_handouts(handouts, sample_workbook, tmp_path_factory) -> list[Path]:
    """The handouts of both sample reports (Jönköping's and Göteborgsregionen's 22)."""
    return handouts + _handouts("goteborgsregionen-2015", sample_workbook.path,
                                tmp_path_factory.mktemp("printout-handouts-gr"))


def _header_colour() -> tuple[float, ...]:
    colour = load_theme(paths.theme_path()).colour("header_fill")
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def _grids(page) -> list[tuple[float, float, float, float, list[dict]]]:
    """The results tables' grids on a page, found by their header fill: (x0, top, x1,
    bottom, the vertical rules with their x, top and bottom)."""
    header = _header_colour()
    fills = [r for r in page.rects if r.get("non_stroking_color") is not None
             and len(r["non_stroking_color"]) == 3
             and all(abs(a - b) < 0.01 for a, b in zip(r["non_stroking_color"], header))]
    tables: list[dict] = []
    for rect in sorted(fills, key=lambda r: r["top"]):
        for table in tables:
            if rect["top"] <= table["bottom"] + 1 and rect["x0"] < table["x1"] and \
                    rect["x1"] > table["x0"]:
                table.update(x0=min(table["x0"], rect["x0"]), x1=max(table["x1"], rect["x1"]),
                             bottom=max(table["bottom"], rect["bottom"]))
                break
        else:
            tables.append(dict(x0=rect["x0"], x1=rect["x1"], top=rect["top"],
                               bottom=rect["bottom"]))
    verticals = [line for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1]
    grids = []
    for table in tables:
        rules = [v for v in verticals if table["x0"] - 1 <= v["x0"] <= table["x1"] + 1
                 and table["top"] - 1 <= v["top"] <= table["bottom"] + 1]
        grid_rules = [v for v in verticals if table["x0"] - 1 <= v["x0"] <= table["x1"] + 1
                      and v["top"] >= table["top"] - 1]
        if len(rules) > 2:
            bottom = max(v["bottom"] for v in rules)
            grids.append((table["x0"], table["top"], table["x1"], bottom,
                          [v for v in grid_rules if v["top"] <= bottom + 1]))
    return grids


def _cell_chars(page):
    """(char, column (left, right) rule x) of every character inside a table grid: the
    rules that cross the character's line (a header cell spans the rules below it)."""
    for x0, top, x1, bottom, rules in _grids(page):
        for char in page.chars:
            middle = (char["x0"] + char["x1"]) / 2
            y = (char["top"] + char["bottom"]) / 2
            if x0 < middle < x1 and top < char["top"] < bottom:
                crossing = [r["x0"] for r in rules if r["top"] - 0.5 <= y <= r["bottom"] + 0.5]
                left = max((x for x in crossing if x <= middle), default=x0)
                right = min((x for x in crossing if x >= middle), default=x1)
                yield char, (round(left, 1), round(right, 1))


class _Page:
    """What the tests read of a page, read once (pdfplumber is slow)."""

    def __init__(self, page):
        self.page_number = page.page_number
        self.width, self.height = page.width, page.height
        self.chars, self.lines, self.rects = page.chars, page.lines, page.rects
        self._text = page.extract_text() or ""

    def extract_text(self) -> str:
        return self._text


_READ: dict[Path, list[_Page]] = {}


def _pages(path: Path) -> list[_Page]:
    if path not in _READ:
        with pdfplumber.open(path) as pdf:
            _READ[path] = [_Page(page) for page in pdf.pages]
    return _READ[path]


def test_every_page_of_a_results_table_carries_the_summary_rows(reports):
    checked = 0
    for name, path in reports.items():
        for page in _pages(path):
            text = page.extract_text() or ""
            captions = CAPTION.findall(text)
            if not captions or captions[0].startswith("Kommungrupp"):
                continue        # no results table, or the background table (no summary)
            lines = text.splitlines()
            for region in SUMMARY[name]:
                assert any(line.startswith(region + " ") and re.search(r"\d,\d", line)
                           for line in lines), (name, page.page_number, region)
            checked += 1
    assert checked >= 15


def test_decimal_commas_share_one_x_in_every_column(reports, all_handouts):
    checked = 0
    for path in [*reports.values(), *all_handouts]:
        for page in _pages(path):
            commas = defaultdict(list)
            chars = list(_cell_chars(page))
            for (char, column), (before, _), (after, _) in zip(chars[1:-1], chars, chars[2:]):
                if char["text"] == "," and before["text"].isdigit() and \
                        after["text"].isdigit() and abs(char["top"] - after["top"]) < 1:
                    commas[column].append(char["x0"])
            for column, xs in commas.items():
                if len(xs) > 1:
                    assert max(xs) - min(xs) <= 0.5, (path.name, page.page_number, column, xs)
                    checked += 1
    assert checked > 100


def test_table_type_is_large_enough(reports, all_handouts):
    for path in reports.values():
        for page in _pages(path):
            for char, _ in _cell_chars(page):
                bold = "Bold" in char["fontname"]
                assert round(char["size"], 1) >= (8.0 if bold else 8.5), \
                    (path.name, page.page_number, char["text"], char["size"])
    for path in all_handouts:
        sizes = {round(char["size"], 1) for page in _pages(path)
                 for char, _ in _cell_chars(page)}
        assert sizes and min(sizes) >= 9.0, (path.name, sizes)


def test_no_line_in_a_table_cell_ends_in_a_hyphen(reports, all_handouts):
    for path in [*reports.values(), *all_handouts]:
        for page in _pages(path):
            lines = defaultdict(list)
            for char, column in _cell_chars(page):
                if char["text"].strip():          # not the space that ends each line
                    lines[(column, round(char["top"]))].append(char)
            for (column, top), chars in lines.items():
                last = max(chars, key=lambda c: c["x0"])["text"]
                assert last not in ("-", "\u00ad", "\u2010"), (path.name, page.page_number,
                                                               "".join(c["text"] for c in chars))


def test_no_text_in_a_table_overprints_other_text(reports, all_handouts):
    """A header or cell too narrow for its words would print them over the next column's
    (Jönköping's one-page handout once printed "Jönköping 2013" over "Jönköping 2014")."""
    for path in [*reports.values(), *all_handouts]:
        for page in _pages(path):
            lines = defaultdict(list)
            for char, _ in _cell_chars(page):
                if char["text"].strip():
                    lines[round(char["top"])].append(char)
            for top, chars in lines.items():
                chars.sort(key=lambda c: c["x0"])
                for before, after in zip(chars, chars[1:]):
                    assert after["x0"] >= before["x1"] - 1.0, (
                        path.name, page.page_number, before["text"] + after["text"], top)


def test_jonkopings_handouts_are_one_page_each(handouts):
    assert len(handouts) == 13
    for path in handouts:
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) == 1, path.name
            text = pdf.pages[0].extract_text()
            assert "Källa: Socialstyrelsen och SKL" in text and "Kontakt:" in text


def test_the_result_fills_stay_apart_in_greyscale():
    theme = load_theme(paths.theme_path())
    fills = {style: luminance(theme.colour(style)) for style in CELL_STYLES}
    rows = {name: luminance(theme.colour(name)) for name in ("header_fill", "region_row_fill")}
    for (a, la), (b, lb) in itertools.combinations(fills.items(), 2):
        assert abs(la - lb) >= 20, (a, b, la, lb)
    for style, value in fills.items():
        for row, grey in rows.items():
            assert abs(value - grey) >= 20, (style, row, value, grey)
    assert abs(fills["positive"] - fills["good"]) >= 20      # "uppfyller" ≠ "bästa fjärdedelen"


def test_a_handout_for_one_unit(sample_workbook, tmp_path):
    result = CliRunner().invoke(main, ["handouts", str(LAYOUTS / "jonkoping-2015.toml"),
                                       "--data", str(sample_workbook.path), "-o", str(tmp_path),
                                       "--unit", "0687", "--unit", "Aneby"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["aneby.pdf", "tranas.pdf"]
    wrong = CliRunner().invoke(main, ["handouts", str(LAYOUTS / "jonkoping-2015.toml"),
                                      "--data", str(sample_workbook.path), "-o",
                                      str(tmp_path / "none"), "--unit", "0880"])
    assert wrong.exit_code == 1
    assert "'0880' is not a member unit of Jönköpings län" in wrong.output
    assert not (tmp_path / "none").exists() or not list((tmp_path / "none").glob("*.pdf"))
    one = CliRunner().invoke(main, ["handouts", str(LAYOUTS / "jonkoping-2015.toml"),
                                    "--data", str(sample_workbook.path), "-o",
                                    str(tmp_path / "one"), "--unit", "Aneby"])
    assert one.output == f"Wrote 1 handout to {tmp_path / 'one'}\n"


def test_place_names_are_never_hyphenated_and_no_short_tails(reports):
    """In the text: a line that ends in a hyphen added by hyphenation never splits a place
    name (a kommun, län, stadsdel or the region), and leaves at least four letters for the
    next line."""
    from regionreport.model.registry import load_registry

    places = {word.casefold() for unit in load_registry().units()
              for word in unit.name.replace("-", " ").split()}
    places |= {"göteborgsregionen"}
    broken = 0
    for path in reports.values():
        for page in _pages(path):
            lines = [line.rstrip() for line in (page.extract_text() or "").splitlines()]
            for line, following in zip(lines, lines[1:]):
                # hyphenation's hyphen is drawn as a soft hyphen (tagged text reads "tabellerna")
                match = re.search(r"(\w+)[-\u00ad]$", line)
                if not match or not following.strip():
                    continue
                tail = re.match(r"(\w+)", following.strip())
                if tail is None:
                    continue
                word = match.group(1) + tail.group(1)
                assert word.casefold() not in places, (path.name, page.page_number, line)
                if word[0].islower() or len(tail.group(1)) < 4:
                    assert len(tail.group(1)) >= 4, (path.name, page.page_number, line,
                                                      following)
                broken += 1
    assert broken > 10          # hyphenation is on in the body text
