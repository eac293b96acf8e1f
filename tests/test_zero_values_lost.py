"""Zero values lost (issue 13, item 6): every cell of every results table in the two sample
reports, read back from the PDF, equals the value in the source workbook.

The reports are the Jönköping 2015 and Göteborgsregionen 2015 samples, built from the bundled
sample workbook. The PDF side is read with pdfplumber (the tables as drawn, cell by cell); the
source side is read here with openpyxl and the standard library only, following the source
profile's sheets, header rows and columns (layouts/profiles/*.toml), the catalog's answers,
decimals and rules (layouts/catalogs/*.toml) and the reference lists of units and
kommungrupper (regionreport/data/*.csv): no reader, aggregation or formatting code of
regionreport is called. What is compared, as DESIGN.md and docs/catalog-format.md define it:

- a kommun's or stadsdel's cell: its answer as the catalog spells it, or its value rounded
  half-up to the indicator's decimals with a decimal comma, followed by ▲ (at or above the
  national 75th percentile of kommuner and stadsdelar, for a higher-is-better indicator) or
  ▼ (at or below the 25th), and "–" where it did not answer;
- the background columns: kommunstorlek, kommungrupp (number, or number and name), länskod and
  the socioekonomisk nyckel "2015 (2014)";
- a län's or Riket's row: the published value of its row in the workbook;
- a custom region's row (Göteborgsregionen): computed from its units by the published rule:
  the share of responding units whose answer is positive, the sum of numerators over the sum
  of denominators (× scale) where counts are given, else the plain mean.

Every table must show every member unit once and the summary rows on each of its pages, and
the count of compared cells is asserted, so the test cannot pass on an empty read.
``test_one_changed_value_in_the_workbook_is_found`` changes single values in a copy of the
workbook and shows that exactly the cells they reach are reported.
"""

from __future__ import annotations

import csv
import re
import shutil
import statistics
import subprocess
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

import regionreport
from regionreport import paths
from regionreport.runner import build_report

REFERENCE = Path(regionreport.__file__).parent / "data"
MISSING = "–"
GOOD, BAD = "▲", "▼"
UNIT_HEADERS = ("Kommun", "Kommun/stadsdel")
GROUP_ROW = re.compile(r"^(?P<city>.+), stadsdelar:$")
# the background columns, by the header a reader sees
BACKGROUND = {"Storlek": "size", "Kommungrupp": "group", "Socioekonomisk nyckel": "key",
              "Länskod": "county", "Kommungrupp (SKL 2011)": "group_named",
              "Socioekonomisk nyckel 2015 (2014)": "key"}

REPORTS = {
    "jonkoping-2015": {"tables": 9, "units": 13},
    "goteborgsregionen-2015": {"tables": 10, "units": 22},
}


# ------------------------------------------------------------------ the source, read by hand

def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass
class Source:
    """The workbook as the profile describes it: ``values[(indicator, year, code)]`` is the cell
    (None where missing), ``counts[(indicator, year, code)]`` {"numerator"/"denominator": n}."""
    values: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)


def _targets(target) -> list[tuple[str, str, int | None]]:
    """(indicator, part, year or None) of a profile column target ("id", "id:numerator",
    "id@2014", or a list of these)."""
    out = []
    for item in ([target] if isinstance(target, str) else target):
        item, _, year = item.partition("@")
        indicator, _, part = item.partition(":")
        out.append((indicator, part or "value", int(year) if year else None))
    return out


def read_source(workbook: Path, profile: dict) -> Source:
    """Every profiled cell of the workbook, read with openpyxl (not in read-only mode, so the
    sheet's declared dimension plays no part)."""
    book = openpyxl.load_workbook(workbook, data_only=True)
    defaults = profile.get("defaults", {})
    source = Source()
    for entry in profile["sheets"]:
        spec = {**defaults, **entry}
        missing = {_norm(m) for m in spec.get("missing", [])}
        sheets = ([(spec["name"].replace("{year}", str(y)), y) for y in spec["years"]]
                  if "years" in spec else [(spec["name"], spec["year"])])
        for name, year in sheets:
            rows = list(book[name].iter_rows(min_row=spec["header_row"], values_only=True))
            header = [str(h).strip() if h is not None else None for h in rows[0]]
            code_column = header.index(spec["code_header"])
            columns = {header.index(h): _targets(t) for h, t in spec["columns"].items()}
            for row in rows[1:]:
                code = row[code_column]
                if code is None or str(code).strip() == "":
                    continue
                code = str(code).strip()
                for index, targets in columns.items():
                    cell = row[index]
                    if cell is None or (isinstance(cell, str) and _norm(cell) in missing):
                        cell = None
                    for indicator, part, at in targets:
                        key = (indicator, at or year, code)
                        if part == "value":
                            source.values[key] = cell
                        else:
                            source.counts.setdefault(key, {})[part] = cell
    return source


def _number(cell) -> float:
    return float(cell.replace(",", ".")) if isinstance(cell, str) else float(cell)


def fmt(value: float, decimals: int) -> str:
    """Half-up to ``decimals``, decimal comma (the sample's values are below a thousand)."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals),
                                                    rounding=ROUND_HALF_UP)
    return f"{abs(rounded) if rounded == 0 else rounded:f}".replace(".", ",")


class Expected:
    """What each cell of a report's tables should say, from the source and the reference
    lists."""

    def __init__(self, source: Source, catalog: dict, profile: dict, layout: dict):
        self.source = source
        self.indicators = {i["id"]: i for i in catalog["indicators"]}
        self.answers = {_norm(a): a for a in catalog["catalog"]["answer_categories"]}
        self.answers.update({_norm(k): v for k, v in profile.get("answers", {}).items()})
        self.years = layout["years"]
        self.groups_key = layout.get("options", {}).get("municipality_groups", "skl2011")
        self.kommuner = _csv("kommuner.csv", "kommunkod")
        self.groups = _csv("kommungrupper.csv", "kommunkod")
        year = self.years["survey"]
        self.stadsdelar = {code: row for code, row in _csv("stadsdelar.csv",
                                                           "stadsdelskod").items()
                           if int(row["giltig_fran"]) <= year <= int(row["giltig_till"])}
        self.lan = _csv("lan.csv", "lanskod")
        self._quartiles = {}
        region = layout["region"]
        if "lan" in region:
            self.region_code, self.region_name = region["lan"], self.lan[region["lan"]]["lan"]
            members = [c for c, row in self.kommuner.items() if row["lanskod"] == region["lan"]]
            self.published_rows = [self.region_code, "00"]
        else:
            self.region_code, self.region_name = region["code"], region["name"]
            members = list(region["members"])
            self.published_rows = list(region.get("compare", [])) + ["00"]
        if region.get("split_cities", False):
            members = [s for m in members for s in
                       ([c for c, r in self.stadsdelar.items() if r["kommunkod"] == m] or [m])]
        self.members = members
        self.names = {code: self.unit_name(code) for code in members}
        assert len(set(self.names.values())) == len(members)
        self.summary_names = [self.region_name] + \
            [self.lan[c]["lan"] if c != "00" else "Riket" for c in self.published_rows
             if c != self.region_code]

    def unit_name(self, code: str) -> str:
        return (self.stadsdelar[code]["stadsdel"] if code in self.stadsdelar
                else self.kommuner[code]["kommun"])

    def city(self, code: str) -> str:
        return self.stadsdelar[code]["kommunkod"] if code in self.stadsdelar else code

    # -- the cells
    def background(self, kind: str, code: str) -> str:
        values, year = self.source.values, self.years["survey"]
        if kind == "size":
            return str(int(values[("kommunstorlek", year, code)]))
        if kind == "key":
            return (f"{int(values[('socioekonomisk_nyckel', year, code)])} "
                    f"({int(values[('socioekonomisk_nyckel', year - 1, code)])})")
        if kind == "county":
            return self.kommuner[self.city(code)]["lanskod"]
        group = self.groups[self.city(code)]
        number = group[f"{self.groups_key}_nr"]
        return number if kind == "group" else f"{number} {group[f'{self.groups_key}_namn']}"

    def unit(self, indicator: str, year: int, code: str) -> str:
        spec = self.indicators[indicator]
        cell = self.source.values.get((indicator, year, code))
        if cell is None:
            return MISSING
        if spec["kind"] == "categorical":
            return self.answers[_norm(cell)]
        value = _number(cell)
        text = fmt(value, spec["decimals"])
        low_high = self.quartiles(indicator, year)
        if low_high is None:
            return text
        low, high = low_high
        up = spec["direction"] == "up"
        if (value >= high) if up else (value <= low):
            return f"{text} {GOOD}"
        if (value <= low) if up else (value >= high):
            return f"{text} {BAD}"
        return text

    def quartiles(self, indicator: str, year: int):
        """25th and 75th percentile of all kommuner and stadsdelar with a value (numeric
        indicators with a direction)."""
        spec = self.indicators[indicator]
        if spec["kind"] == "categorical" or spec["direction"] == "none":
            return None
        if (indicator, year) not in self._quartiles:
            values = [_number(v) for (i, y, c), v in self.source.values.items()
                      if i == indicator and y == year and len(c) in (4, 6) and v is not None]
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
            self._quartiles[(indicator, year)] = (q1, q3)
        return self._quartiles[(indicator, year)]

    def summary(self, name: str, indicator: str, year: int) -> str:
        """A summary row: published (län, Riket) or computed (a custom region)."""
        spec = self.indicators[indicator]
        codes = {self.lan[c]["lan"] if c != "00" else "Riket": c for c in self.published_rows}
        if name in codes:
            cell = self.source.values.get((indicator, year, codes[name]))
            return MISSING if cell is None else fmt(_number(cell), spec["decimals"])
        assert name == self.region_name
        value = self.computed(indicator, year)
        return MISSING if value is None else fmt(value, spec["decimals"])

    def computed(self, indicator: str, year: int) -> float | None:
        spec, values = self.indicators[indicator], self.source.values
        given = {c: values.get((indicator, year, c)) for c in self.members}
        given = {c: v for c, v in given.items() if v is not None}
        if not given:
            return None
        if spec["kind"] == "categorical":
            positive = sum(self.answers[_norm(v)] in spec["positive"] for v in given.values())
            return 100 * positive / len(given)
        counts = [self.source.counts.get((indicator, year, c), {}) for c in given]
        if spec["aggregation"] == "weighted" and all(
                k.get("numerator") is not None and k.get("denominator") is not None
                for k in counts):
            scale = spec.get("scale", 100 if spec["kind"] == "percent" else 1)
            return scale * sum(_number(k["numerator"]) for k in counts) / \
                sum(_number(k["denominator"]) for k in counts)
        return statistics.fmean(_number(v) for v in given.values())

    def columns(self) -> set[tuple[str, int]]:
        """The (indicator, year) columns the tables should show: survey indicators in the
        survey year and the year before where the workbook has them, register indicators in
        the register year and the year before."""
        out = set()
        for indicator, spec in self.indicators.items():
            if spec["source"] == "survey":
                years = (self.years["survey_previous"], self.years["survey"])
            else:
                years = (self.years["register"] - 1, self.years["register"])
            keys = {(i, y) for (i, y, _) in self.source.values}
            out |= {(indicator, y) for y in years if (indicator, y) in keys}
        return out


def _csv(name: str, key: str) -> dict[str, dict]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def _toml(path: Path) -> dict:
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def _config(name: str) -> tuple[dict, dict, dict]:
    """The layout, profile and catalog of a sample report, as TOML tables."""
    layout = _toml(paths.layouts_dir() / f"{name}.toml")
    profile = _toml(paths.layouts_dir() / "profiles" / f"{layout['data']['profile']}.toml")
    catalog = _toml(paths.layouts_dir() / "catalogs" / f"{layout['data']['catalog']}.toml")
    return layout, profile, catalog


def expectations(workbook: Path) -> dict[str, Expected]:
    """Each sample report's expected cells from ``workbook`` (read once per profile)."""
    sources, out = {}, {}
    for name in REPORTS:
        layout, profile, catalog = _config(name)
        key = layout["data"]["profile"]
        if key not in sources:
            sources[key] = read_source(workbook, profile)
        out[name] = Expected(sources[key], catalog, profile, layout)
    return out


# ------------------------------------------------------------------ the PDF, read back

def _cell(text) -> str:
    """A cell's text on one line: soft hyphens at line ends joined, white space collapsed."""
    if text is None:
        return ""
    return " ".join(re.sub(r"[\u00ad\u2010]\n", "", text).split())


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011]", "", text)


@dataclass
class PageTable:
    number: int          # Tabell N
    page: int            # 1-based
    columns: list        # per column: ("name",), ("background", kind) or ("value", id, year)
    rows: list           # per row: the cell texts, one per column


def _caption_number(page, top: float) -> int | None:
    lines = page.crop((0, 0, page.width, top)).extract_text().splitlines()
    for line in reversed(lines):
        match = re.match(r"Tabell (\d+)\. ", line)
        if match:
            return int(match[1])
    return None


def _table_pages(pdf: Path) -> list[int]:
    """0-based pages with a table caption (pdftotext is quick; pdfplumber's table finder is
    then run on these pages only)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [n for n, page in enumerate(text.split("\f"))
            if re.search(r"^Tabell \d+\. ", page, re.MULTILINE)]


def read_tables(pdf: Path, short_names: dict[str, str]) -> tuple[list[PageTable], list[str]]:
    """The results tables of ``pdf``, page by page, and the problems met while reading them
    (a column nobody can name, text in no column)."""
    problems, out = [], []
    with pdfplumber.open(pdf) as document:
        for n in _table_pages(pdf):
            page = document.pages[n]
            for found in page.find_tables():
                rows = found.extract()
                head = next((i for i, row in enumerate(rows)
                             if row and _cell(row[0]) in UNIT_HEADERS), None)
                if head is None:
                    continue
                number = _caption_number(page, found.bbox[1])
                keep = [j for j, text in enumerate(rows[head]) if text is not None]
                for j in set(range(len(rows[head]))) - set(keep):
                    stray = [r[j] for r in rows[head + 1:] if _cell(r[j])]
                    if stray:
                        problems.append(f"page {n + 1}: text in no column: {stray}")
                group, last = [], None
                for j in range(len(rows[head])):
                    above = rows[head - 1][j] if head else ""
                    last = last if above is None else _cell(above)
                    group.append(last)
                columns = []
                for j in keep:
                    label, top = _cell(rows[head][j]), group[j]
                    if j == 0:
                        columns.append(("name",))
                    elif not top and label in BACKGROUND:
                        columns.append(("background", BACKGROUND[label]))
                    elif _squeeze(top) in short_names and label.isdigit():
                        columns.append(("value", short_names[_squeeze(top)], int(label)))
                    else:
                        problems.append(f"page {n + 1}: column {top!r} / {label!r} unknown")
                        columns.append(("unknown",))
                body = [[_cell(row[j]) for j in keep] for row in rows[head + 1:]]
                out.append(PageTable(number, n + 1, columns, body))
    return out, problems


# ------------------------------------------------------------------ the comparison

@dataclass
class Comparison:
    compared: int = 0
    unit_cells: int = 0
    mismatches: list = field(default_factory=list)
    columns: set = field(default_factory=set)
    tables: set = field(default_factory=set)


def compare(tables: list[PageTable], expected: Expected) -> Comparison:
    """Every cell of every table against ``expected``; rows and columns checked for
    completeness."""
    result = Comparison()
    seen: dict[int, list[str]] = {}
    by_name = {name: code for code, name in expected.names.items()}

    def check(where: str, shown: str, wanted: str) -> None:
        result.compared += 1
        if shown != wanted:
            result.mismatches.append(f"{where} (page {table.page}): PDF {shown!r}, "
                                     f"workbook {wanted!r}")

    for table in tables:
        result.tables.add(table.number)
        summary = []
        for row in table.rows:
            name = row[0]
            where = f"Tabell {table.number}, {name}"
            if GROUP_ROW.match(name):
                if any(row[1:]):
                    result.mismatches.append(f"{where} (page {table.page}): a group row with "
                                             f"values {row[1:]}")
                continue
            if name in by_name:
                code = by_name[name]
                seen.setdefault(table.number, []).append(code)
            elif name in expected.summary_names:
                summary.append(name)
                code = None
            else:
                result.mismatches.append(f"{where} (page {table.page}): a row of no member "
                                         "unit")
                continue
            for column, shown in zip(table.columns[1:], row[1:]):
                if column[0] == "background":
                    check(f"{where}, {column[1]}", shown,
                          "" if code is None else expected.background(column[1], code))
                elif column[0] == "value":
                    _, indicator, year = column
                    result.columns.add((indicator, year))
                    if code is None:
                        wanted = expected.summary(name, indicator, year)
                    else:
                        wanted = expected.unit(indicator, year, code)
                        result.unit_cells += 1
                    check(f"{where}, {indicator} {year}", shown, wanted)
        if any(c[0] == "value" for c in table.columns) and summary != expected.summary_names:
            result.mismatches.append(f"Tabell {table.number} (page {table.page}): summary rows "
                                     f"{summary}, expected {expected.summary_names}")
    for number, codes in seen.items():
        if sorted(codes) != sorted(expected.members):
            result.mismatches.append(f"Tabell {number}: units {sorted(codes)}, expected each "
                                     f"of {sorted(expected.members)} once")
    for number in result.tables - set(seen):
        result.mismatches.append(f"Tabell {number}: no unit rows")
    return result


# ------------------------------------------------------------------ the tests

@pytest.fixture(scope="module")
def reports(sample_workbook, tmp_path_factory):
    """Each sample report built from the sample workbook, and its tables read back."""
    folder = tmp_path_factory.mktemp("zero-values")
    out = {}
    for name in REPORTS:
        built = build_report(paths.layouts_dir() / f"{name}.toml", folder / f"{name}.pdf",
                             data_files=[sample_workbook.path], cache_dir=folder / "cache")
        catalog = _config(name)[2]
        short_names = {_squeeze(i["short_name"]): i["id"] for i in catalog["indicators"]}
        out[name] = read_tables(built.output, short_names)
    return out


@pytest.fixture(scope="module")
def sample_expectations(sample_workbook):
    return expectations(sample_workbook.path)


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_table_cell_equals_the_workbook(name, reports, sample_expectations):
    tables, problems = reports[name]
    expected = sample_expectations[name]
    result = compare(tables, expected)
    assert not problems, "\n".join(problems)
    assert not result.mismatches, f"{len(result.mismatches)} cells differ:\n" + \
        "\n".join(result.mismatches[:40])
    assert result.tables == set(range(1, REPORTS[name]["tables"] + 1))
    assert result.columns == expected.columns()
    units = REPORTS[name]["units"]
    assert len(expected.members) == units
    # every member's cell of every indicator column, and more (background, summary rows)
    assert result.unit_cells == units * len(result.columns)
    assert result.compared > units * len(result.columns)
    print(f"{name}: {result.compared} cells compared ({result.unit_cells} unit × indicator "
          f"cells, {len(result.columns)} indicator columns, {len(result.tables)} tables)")


# One value changed per report (Habo is in Jönköpings län only, Angered in GR only):
# (sheet, unit code, column header, new value), and the cells each change must reach.
CHANGES = [("Register 2014", "0643", "Biståndsmottagare, andel av befolkningen (%)", 1.4),
           ("Samordning 2015", "148001", "Överenskommelse med Arbetsförmedlingen", "Ja")]
REACHED = {
    # a kommun's number: its own cell only (the län row shows the published value)
    "jonkoping-2015": ["Tabell 8, Habo, andel_bistandsmottagare 2014"],
    # a stadsdel's answer: its own cell and the computed Göteborgsregionen row
    "goteborgsregionen-2015": ["Tabell 2, Angered, overensk_af 2015",
                               "Tabell 2, Göteborgsregionen, overensk_af 2015"],
}


@pytest.fixture(scope="module")
def changed_expectations(sample_workbook, tmp_path_factory):
    """The expectations from a copy of the sample workbook with the CHANGES made."""
    changed = tmp_path_factory.mktemp("changed") / "changed.xlsx"
    shutil.copy(sample_workbook.path, changed)
    book = openpyxl.load_workbook(changed)
    for sheet, code, header, value in CHANGES:
        rows = list(book[sheet].iter_rows())
        head = next(i for i, r in enumerate(rows) if header in [c.value for c in r])
        column = [c.value for c in rows[head]].index(header)
        row = next(r for r in rows[head + 1:] if r[0].value == code)
        assert row[column].value != value
        row[column].value = value
    book.save(changed)
    return expectations(changed)


@pytest.mark.parametrize("name", list(REPORTS))
def test_one_changed_value_in_the_workbook_is_found(name, reports, changed_expectations):
    result = compare(reports[name][0], changed_expectations[name])
    assert [m.split(" (page")[0] for m in result.mismatches] == REACHED[name], \
        result.mismatches
