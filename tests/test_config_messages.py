"""Messages at the boundary of the configuration and the inputs (issue 13): a BOM in a TOML
file, a template field placed at its key and line, a text where a list belongs, a word where
true or false belongs, a tab-separated Kolada CSV, long values shortened, and tag-like text
from data printed as itself in the contents and the bookmarks."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main
from regionreport import errors
from regionreport.errors import InputError, describe

BOM = "\ufeff"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def build(layout, *extra):
    output = layout.parent / "out" / "report.pdf"
    return invoke("build", layout, "-o", output, "--no-charts", *extra), output


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception   # no traceback
    return result.stderr.strip().splitlines()[-1]


def line_of(path, text) -> int:
    return next(number for number, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


# -- a byte order mark ----------------------------------------------------------------------
def test_a_bom_at_the_start_of_a_layout_catalog_and_theme_is_accepted(sparse_layout):
    project = sparse_layout.parent
    (project / "catalogs").mkdir()
    catalog = project / "catalogs" / "ekonomiskt-bistand-2015.toml"
    catalog.write_text(BOM + paths.catalog_path().read_text(encoding="utf-8"),
                       encoding="utf-8")
    (project / "themes").mkdir()
    (project / "themes" / "egen.toml").write_text(BOM + 'extends = "default"\n',
                                                  encoding="utf-8")
    edit(sparse_layout, "[options]\n", '[options]\ntheme = "egen"\n')
    sparse_layout.write_text(BOM + sparse_layout.read_text(encoding="utf-8"),
                             encoding="utf-8")
    result, output = build(sparse_layout)
    assert result.exit_code == 0, result.output      # today: Invalid statement (line 1, col 1)
    assert output.exists()


# -- template fields in TOML texts ----------------------------------------------------------
def test_an_unknown_field_in_a_section_heading_names_its_key_and_line(sparse_layout):
    edit(sparse_layout, 'heading = "Datainsamling"', 'heading = "Datainsamling {okänd}"')
    line = error_line(build(sparse_layout)[0])
    number = line_of(sparse_layout, "{okänd}")
    assert number > 1
    assert line.startswith(f"Error: {sparse_layout}, key 'sections[7].heading', line {number}: "
                           "unknown template field '{okänd}'"), line


def test_an_unknown_field_in_meta_names_its_key_and_line(sparse_layout):
    edit(sparse_layout, 'subtitle = "Resultat för kommunerna i {region}"',
         'subtitle = "Resultat för kommunerna i {län}"')
    line = error_line(build(sparse_layout)[0])
    number = line_of(sparse_layout, "{län}")
    assert f"{sparse_layout}, key 'meta.subtitle', line {number}: unknown template field " \
           "'{län}'" in line


def test_an_unknown_field_in_a_label_names_its_key_and_line(sparse_layout):
    text = sparse_layout.read_text(encoding="utf-8")
    sparse_layout.write_text(text + '\n[labels.table]\narea_caption = "Tabell {nummer} '
                                    '{okänd}"\n', encoding="utf-8")
    line = error_line(build(sparse_layout)[0])
    number = line_of(sparse_layout, "{okänd}")
    assert f"key 'labels.table.area_caption', line {number}: unknown template field" in line


def test_an_unknown_field_in_a_labels_file_of_the_project(sparse_layout):
    folder = sparse_layout.parent / "labels"
    folder.mkdir()
    labels = folder / "sv.toml"
    text = paths.labels_path().read_text(encoding="utf-8")
    text, count = re.subn(r'(?m)^(area_caption = "[^"]*)"', r'\1 {okänd}"', text)
    assert count == 1
    labels.write_text(text, encoding="utf-8")
    line = error_line(build(sparse_layout)[0])
    number = line_of(labels, "{okänd}")
    assert line.startswith(f"Error: {labels}, key 'table.area_caption', line {number}: ")


# -- a code written as a number -------------------------------------------------------------
@pytest.mark.parametrize("new, code", [('lan = 06', "06"),
                                       ('members = [0680, "0682"]', "0680")])
def test_a_code_written_as_a_number_is_told_to_be_quoted(sparse_layout, new, code):
    """TOML refuses 0680 and 06 (a leading zero) with "Unclosed array" or "Expected
    newline": the message says what to write instead."""
    edit(sparse_layout, 'lan = "06"', new)
    line = error_line(build(sparse_layout)[0])
    assert line.startswith(f"Error: {sparse_layout}: not valid TOML: "), line
    assert line.endswith(f'(a code with a leading zero is text in TOML: write it in quotes, '
                         f'as "{code}")'), line


def test_another_toml_error_suggests_nothing(sparse_layout):
    edit(sparse_layout, 'lan = "06"', 'lan = "06')
    line = error_line(build(sparse_layout)[0])
    assert "not valid TOML" in line and "leading zero" not in line, line


# -- a text where a list belongs, a word where true or false belongs -------------------------
@pytest.mark.parametrize("old, new, key, expected", [
    ('areas = ["omfattning"]', 'areas = "omfattning"', "sections[5].areas",
     'is "omfattning", expected a list of texts (write it in brackets: areas = ["omfattning"])'),
    ('kind = "findings"', 'kind = "findings"\nindicators = "overensk_af"', "sections[5].indicators",
     'is "overensk_af", expected a list of texts'),
    ('lan = "06"', 'lan = "06"\ncompare = "05"', "region.compare",
     'is "05", expected a list of län codes'),
])
def test_a_text_where_a_list_belongs(sparse_layout, old, new, key, expected):
    edit(sparse_layout, old, new)
    line = error_line(build(sparse_layout)[0])
    assert f"{sparse_layout}, key '{key}': {expected}" in line, line


@pytest.mark.parametrize("old, new, key", [
    ("charts = true", 'charts = "nej"', "options.charts"),
    ("municipality_groups", 'previous_year = "ja"\nmunicipality_groups', "options.previous_year"),
    ("numbered = false", 'numbered = "nej"', "sections[5].numbered"),
    ('lan = "06"', 'lan = "06"\nsplit_cities = 1', "region.split_cities"),
])
def test_a_word_where_true_or_false_belongs(sparse_layout, old, new, key):
    edit(sparse_layout, old, new)
    result, output = build(sparse_layout, "--charts")     # --charts: charts = "nej" is read
    line = error_line(result)
    assert f"{sparse_layout}, key '{key}': is " in line and "expected true or false" in line
    assert "without quotes" in line and not output.exists()


# -- a tab-separated Kolada CSV -------------------------------------------------------------
KOLADA_LINES = [["kpi", "municipality_id", "municipality", "period", "gender", "value",
                 "status"],
                ["N31814", "0000", "Riket", "2014", "T", "23,7", ""],
                ["N31814", "0006", "Region Jönköpings län", "2014", "T", "19,8", ""],
                ["N31814", "0604", "Aneby", "2014", "T", "", "Missing"]]


@pytest.mark.parametrize("separator", [";", "\t", ","])
def test_a_kolada_csv_with_any_documented_separator(tmp_path, separator):
    data = tmp_path / "kolada.csv"
    rows = [[field.replace(",", ".") if separator == "," else field for field in row]
            for row in KOLADA_LINES]
    data.write_text("\n".join(separator.join(row) for row in rows) + "\n", encoding="utf-8")
    result = invoke("check", "--data", data, "--catalog", "ekonomiskt-bistand-2015")
    assert result.exit_code == 0, result.output     # today, tab: "column 'indicator' is missing"
    assert "Indicators: 1 of 36 in the catalog found (1 register)" in result.output


def test_a_tab_separated_tidy_csv(tmp_path):
    data = tmp_path / "tidy.csv"
    data.write_text("indicator\tunit\tyear\tvalue\nandel_bistandsmottagare\t0604\t2014\t2,9\n",
                    encoding="utf-8")
    result = invoke("check", "--data", data, "--catalog", "ekonomiskt-bistand-2015")
    assert result.exit_code == 0, result.output


# -- long values in messages ----------------------------------------------------------------
@pytest.mark.parametrize("column", ["indicator", "unit", "year", "value"])
def test_a_long_cell_is_shortened_in_the_message(tmp_path, column):
    cell = "x" * 100_000
    fields = {"indicator": "andel_bistandsmottagare", "unit": "0604", "year": "2014",
              "value": "2,9"} | {column: cell}
    data = tmp_path / "long.csv"
    data.write_text("indicator;unit;year;value\n" + ";".join(fields.values()) + "\n",
                    encoding="utf-8")
    line = error_line(invoke("check", "--data", data, "--catalog", "ekonomiskt-bistand-2015"))
    assert line.startswith(f"Error: {data}, line 2: ")
    assert len(line) < 600 and "100 000 characters" in line


def test_messages_shorten_what_they_quote():
    cell = "Lorem ipsum " * 100_000
    message = InputError(f"answer '{cell}' is not an answer", file="a.xlsx",
                         place="sheet 'S', cell E7").message
    assert len(message) < 300 and "1 200 000 characters" in message
    assert message.startswith("a.xlsx, sheet 'S', cell E7: answer 'Lorem ipsum")
    assert len(describe("x" * 10**6)) < 1600                # even unquoted, a part is cut
    assert errors.shorten("kort") == "kort" and errors.shorten("a\nb") == "a b"
    known = "known fields: " + ", ".join(f"{{f{i}}}" for i in range(40))
    assert describe("p", fix=known) == f"p ({known})"      # ordinary long lists stay whole


# -- tag-like text from data in the contents and the bookmarks -------------------------------
TAGGED = "<font size=40>Aneby & Co</font>"


def _outline_titles(pdf) -> list[str]:
    def walk(items):
        for item in items:
            yield from walk(item) if isinstance(item, list) else [item.title]
    return list(walk(PdfReader(pdf).outline))


def test_tag_like_text_prints_as_itself_in_headings_contents_and_bookmarks(sparse_layout):
    """A region and a heading named with tag-like text: the prose that names the region, the
    contents entry, the heading and the bookmark show the text as written (a field's text is
    never Markdown; escaped for reportlab's markup, plain in the outline)."""
    edit(sparse_layout, '[region]\nlan = "06"',
         f'[region]\ncode = "aneby"\nname = "{TAGGED}"\nmembers = ["0604", "0680"]')
    edit(sparse_layout, 'heading = "Inledning"', 'heading = "Inledning om <kommun> & A<B"')
    result, output = build(sparse_layout)
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(output), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert f" i {TAGGED}. Syftet" in " ".join(text.split())    # the prose
    contents = [line for line in text.splitlines() if re.search(r"(?:\. ){5,}", line)]
    assert any("1 Inledning om <kommun> & A<B ." in line for line in contents), contents
    assert any(f"Resultat för kommunerna i {TAGGED}" in line for line in contents), contents
    titles = _outline_titles(output)
    assert "1\u2002Inledning om <kommun> & A<B" in titles
    assert any(title.endswith(f"Resultat för kommunerna i {TAGGED}") for title in titles)
