"""Themes and labels are checked data: a mistake gives "Error: <file>, key '...': ..." and
exit 1 without a traceback; a theme can extend another and hold only what differs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main
from regionreport.config.labels import XLSX_COLUMNS, load_labels
from regionreport.config.theme import load_theme
from regionreport.errors import InputError

SOURCE = paths.layouts_dir() / "jonkoping-2015.toml"
DEFAULT_THEME = paths.theme_path("default")
LABELS = paths.labels_path()
OLD_THEME = Path(__file__).parent / "data" / "themes" / "default-0.1.toml"   # as of 0.1


@pytest.fixture
def layout(sparse_layout):
    """A copy of the Jönköping layout and its prose, with a small tidy CSV as its data."""
    return sparse_layout


def use_theme(layout, theme: str) -> None:
    """Point the layout's options.theme at ``theme`` (a name or a path)."""
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("[options]\n", f'[options]\ntheme = "{theme}"\n', 1),
                      encoding="utf-8")


def broken_theme(tmp_path, old: str, new: str):
    """A copy of the default theme with one edit, in the layout's folder."""
    text = DEFAULT_THEME.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def build(layout, output_name: str = "report.pdf"):
    output = layout.parent / output_name
    result = CliRunner().invoke(main, ["build", str(layout), "-o", str(output), "--no-charts"])
    return result, output


def assert_error(result, start: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {start}"), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("old, new, message", [
    ("heading_space_before_pt = 14\n", "",
     "key 'text.heading_space_before_pt': is missing (add it to this theme, or extend"),
    ('size = "A4"', 'size = "A5"',
     "key 'page.size': \"A5\" is not a known page size (known page sizes: A4)"),
    ('positive = "#86bd79"', 'positive = "green"',
     "key 'colours.positive': \"green\" is not a colour (write colours as \"#rrggbb\""),
    ("header_fill =", "heder_fill =",
     "key 'colours.heder_fill': is not a known key (did you mean 'header_fill'?)"),
    ("body_pt = 10.5", 'body_pt = "10.5"',
     "key 'text.body_pt': is \"10.5\", expected a number"),
    ("min_rows_per_page = 4", "min_rows_per_page = 4.5",
     "key 'tables.min_rows_per_page': is 4.5, expected a whole number"),
    ("[page]\n", "extends = 3\n[page]\n", "key 'extends': is 3, expected a text in quotes"),
    ("[page]\nsize", "[page]\nfonts = 3\nsize",
     "key 'page.fonts': is not a known key (known keys here: footer_offset_mm, "),
])
def test_broken_theme(layout, tmp_path, old, new, message):
    theme = broken_theme(tmp_path, old, new)
    use_theme(layout, "broken.toml")
    result, output = build(layout)
    assert_error(result, f"{theme}, {message}")
    assert not output.exists()


def test_unknown_theme_name(layout):
    use_theme(layout, "dark")
    result, _ = build(layout)
    assert_error(result, f"{layout}, key 'options.theme': 'dark' is not a theme (use one of "
                         f"default, a theme of your own in {layout.parent / 'themes'}, or a "
                         ".toml file")


def test_extends_a_missing_theme(layout, tmp_path):
    (tmp_path / "mine.toml").write_text('extends = "base.toml"\n', encoding="utf-8")
    use_theme(layout, "mine.toml")
    result, _ = build(layout)
    assert_error(result, f"{tmp_path / 'mine.toml'}, key 'extends': theme file 'base.toml' "
                         "not found")


def test_extends_cycle_is_refused(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n[colours]\ntext = "#000000"\n',
                                     encoding="utf-8")
    with pytest.raises(InputError, match="extend each other in a cycle"):
        load_theme(tmp_path / "a.toml")


def test_typo_in_an_extending_theme_names_that_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('extends = "default"\n[colours]\nheader_fil = "#ff0000"\n',
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_theme(path)
    assert error.value.message == (f"{path}, key 'colours.header_fil': is not a known key "
                                   "(did you mean 'header_fill'?)")


def test_a_five_line_user_theme_changes_the_colours(layout, tmp_path):
    result, default_pdf = build(layout, "default.pdf")
    assert result.exit_code == 0, result.output
    (tmp_path / "red.toml").write_text(
        "# Red table headers, otherwise the default look.\n"
        'extends = "default"\n'
        "\n"
        "[colours]\n"
        'header_fill = "#ff0000"\n', encoding="utf-8")
    use_theme(layout, "red.toml")
    result, red_pdf = build(layout, "red.pdf")
    assert result.exit_code == 0, result.output
    assert red_pdf.read_bytes() != default_pdf.read_bytes()

    def contents(pdf) -> str:
        return "".join(page.get_contents().get_data().decode("latin-1")
                       for page in PdfReader(pdf).pages)

    assert "1 0 0 rg" in contents(red_pdf)
    assert "1 0 0 rg" not in contents(default_pdf)
    # only the colour differs: the merged theme equals the default with that one key
    merged, default = load_theme(tmp_path / "red.toml"), load_theme(DEFAULT_THEME)
    assert merged.colours == {**default.colours, "header_fill": "#ff0000"}
    assert (merged.page, merged.text, merged.chart) == (default.page, default.text,
                                                        default.chart)


@pytest.fixture
def broken_labels(tmp_path):
    """Edit a copy of the labels file in the layout's own labels/ folder, which the build
    then reads instead of the bundled one."""
    path = tmp_path / "labels" / "sv.toml"

    def edit(old: str, new: str):
        text = LABELS.read_text(encoding="utf-8")
        assert old in text
        path.parent.mkdir(exist_ok=True)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path
    return edit


@pytest.mark.parametrize("old, new, message", [
    ('caption_series = "', 'caption_seriez = "',
     "key 'chart.caption_seriez': is not a known key (did you mean 'caption_series'?)"),
    ('legend]\ntitle = "Teckenförklaring:"', 'legend]\ntitle = 1',
     "key 'legend.title': is 1, expected a text in quotes"),
    ('[xlsx.kinds]\n', '[xlsx.kinds]\nbananas = "Bananer"\n',
     "key 'xlsx.kinds.bananas': is not a known key (known keys here: categorical, class, "),
])
def test_broken_labels(layout, broken_labels, old, new, message):
    path = broken_labels(old, new)
    result, output = build(layout)
    assert_error(result, f"{path}, {message}")
    assert not output.exists()


def test_labels_without_caption_series(layout, broken_labels):
    text = LABELS.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("caption_series ="))
    path = broken_labels(line + "\n", "")
    result, _ = build(layout)
    assert_error(result, f"{path}, key 'chart.caption_series': is missing")


def test_xlsx_without_kinds_names_the_labels_file(layout, broken_labels):
    path = broken_labels('hours = "Timmar"\n', "")
    result = CliRunner().invoke(main, ["xlsx", str(layout), "-o",
                                       str(layout.parent / "report.xlsx")])
    assert_error(result, f"{path}, key 'xlsx.kinds.hours': is missing")


def test_labels_carry_their_path():
    labels = load_labels()
    assert labels.path == LABELS and labels["table"].path == LABELS
    assert labels["xlsx"]["kinds"].path == LABELS
    assert set(labels["xlsx"]["columns"]) <= set(XLSX_COLUMNS)


def user_theme(tmp_path, text: str):
    path = tmp_path / "mine.toml"
    path.write_text('extends = "default"\n' + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ('[styles.body]\nparent = "bas"\n',
     "key 'styles.body.parent': parent \"bas\" is not a style (use one of base, body, "),
    ('[styles.base]\nparent = "h4"\n',
     "key 'styles.base.parent': styles inherit from each other in a cycle: base -> h4 -> h3 "
     "-> h2 -> h1 -> body -> base"),
    ('[styles.note]\nleading_pt = "note * 1.3"\n',
     "key 'styles.note.leading_pt': 'note' in the formula \"note * 1.3\" is not a size of "
     "[text]"),
    ('[styles.note]\nleading_pt = "note_pt ** 2"\n',
     "key 'styles.note.leading_pt': \"note_pt ** 2\" is not a formula (write a number or "),
    ('[styles.note]\ncolour = "red"\n',
     "key 'styles.note.colour': \"red\" is not a colour of [colours] (use one of text, "),
    ('[styles.note]\nfont = "light"\n',
     "key 'styles.note.font': \"light\" is not a known font (known fonts: regular, bold, "),
    ('[styles.note]\nspace_after = 3\n',
     "key 'styles.note.space_after': is not a known key (did you mean 'space_after_pt'?)"),
    ('[cards]\nlabel_column_pt = 90\n',
     "key 'cards.label_column_pt': is not a known key (did you mean 'label_column_mm'?)"),
    ('[styles.bodyy]\nfont_size_pt = 30\n',
     "key 'styles.bodyy': is not a known name (did you mean 'body'?)"),
    ('[columns]\nbackground_mm = [1, 2]\n',
     "key 'columns.background_mm': is [1, 2], expected a list of four widths in mm"),
])
def test_broken_styles(tmp_path, text, message):
    path = user_theme(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_theme(path)
    assert error.value.message.startswith(f"{path}, {message}"), error.value.message


def test_a_style_inherits_what_it_does_not_set(tmp_path):
    from regionreport.render.styles import build_styles

    theme = load_theme(user_theme(tmp_path, '[styles.body]\nspace_after_pt = 9\n'
                                            '[text]\nbody_pt = 12\n'))
    assert theme.styles["body"] == {"parent": "base", "space_after_pt": 9}
    styles = build_styles(theme, {"regular": "Helvetica", "bold": "Helvetica-Bold",
                                  "italic": "Helvetica-Oblique",
                                  "bolditalic": "Helvetica-BoldOblique"}, None)
    assert styles["body"].spaceAfter == 9 and styles["body"].fontSize == 12.0
    assert styles["lead"].spaceAfter == 9 and styles["lead"].fontSize == 13.0
    assert styles["h2"].spaceAfter == 6.0          # body_pt * 0.5
    assert styles["h3"].fontName == "Helvetica-Bold" and styles["h3"].hyphenationLang == ""


def test_a_theme_written_before_0_2_builds_as_before(layout, tmp_path):
    """A full copy of the 0.1 default theme (no [styles], [cards], [legend] ..., the old
    text.min_word_length_for_hyphenation and text.quote_pt) still loads and builds with its
    own sizes and colours (the 0.1 look: 7,6 pt tables, the old green), everything it lacks
    taken from today's default theme."""
    old = tmp_path / "old.toml"
    shutil.copy(OLD_THEME, old)
    assert "[styles" not in old.read_text(encoding="utf-8")
    result, default_pdf = build(layout, "default.pdf")
    assert result.exit_code == 0, result.output
    use_theme(layout, "old.toml")
    result, old_pdf = build(layout, "old.pdf")
    assert result.exit_code == 0, result.output
    loaded = load_theme(old)
    assert loaded.text["table_pt"] == 7.6 and loaded.colour("positive") == "#c2e6bb"
    assert loaded.text["handout_table_pt"] == load_theme(DEFAULT_THEME).text["handout_table_pt"]
    assert old_pdf.read_bytes() != default_pdf.read_bytes()      # its own look, not today's
    moved = tmp_path / "moved.toml"
    moved.write_text(old.read_text(encoding="utf-8").replace(
        "min_word_length_for_hyphenation = 7", "min_word_length_for_hyphenation = 9"),
        encoding="utf-8")
    theme = load_theme(moved)
    assert theme.styles["base"]["hyphenation_min_word_length"] == 9
    assert "quote_pt" not in theme.text and "min_word_length_for_hyphenation" not in theme.text
    assert theme.cards == load_theme(DEFAULT_THEME).cards


def test_column_widths_and_the_landscape_decision_follow_the_theme(tmp_path, sample_workbook):
    """The composer takes the tables' fixed columns and the text width from the theme: wider
    unit columns and margins that leave a narrow text area put every results table on
    landscape pages."""
    from regionreport.compose import compose_report
    from regionreport.config.layout import load_layout
    from regionreport.sources.loading import load_inputs

    layout = load_layout(SOURCE)
    inputs = load_inputs([sample_workbook.path], layout.profile, layout.catalog)
    default = compose_report(layout, inputs)
    assert not all(t.wide for t in default.tables()[1:])
    theme = tmp_path / "narrow.toml"
    theme.write_text('extends = "default"\n[page]\nmargin_inner_mm = 60\nmargin_outer_mm = 60\n'
                     '[columns]\nunit_mm = 45.0\nbackground_mm = [50, 10, 70, 40]\n',
                     encoding="utf-8")
    narrow = compose_report(layout, inputs, theme=load_theme(theme))
    assert load_theme(theme).text_width_mm() == 90
    assert all(t.wide for t in narrow.tables()[1:])
    assert narrow.tables()[0].column_widths_mm == (50, 10, 70, 40)
    assert {t.column_widths_mm[0] for t in narrow.tables()[1:]} == {45.0}


@pytest.mark.parametrize("command", ["handouts", "xlsx"])
def test_every_output_checks_the_whole_theme(layout, tmp_path, command):
    """A mistake in the chart style or a missing font file stops handouts and xlsx too, not
    only the report with charts."""
    use_theme(layout, "broken.toml")
    for old, new, key in [('bar_colour = "#a6a6a6"', 'bar_colour = "grey"', "chart.bar_colour"),
                          ('bold = "SourceSansPro-Bold.ttf"', 'bold = "Saknas-Bold.ttf"',
                           "fonts.bold")]:
        theme = broken_theme(tmp_path, old, new)
        output = tmp_path / ("handouts" if command == "handouts" else "x.xlsx")
        result = CliRunner().invoke(main, [command, str(layout), "-o", str(output)])
        assert_error(result, f"{theme}, key '{key}': ")
        assert not output.exists()
