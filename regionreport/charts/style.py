"""The charts' look, read and checked from a theme: sizes, colours, line styles and fonts.

In: a theme's ``[chart]`` table (a dict as read from TOML), its ``[fonts]`` table and the
theme file's path (named in errors).
Out: ``ChartStyle``, frozen and picklable, with ``digest()`` for the chart cache; a table that
lacks a key, has a key the charts do not know, a value of the wrong type, a colour other than
``#rrggbb`` or a dash pattern other than a list of lengths is refused with an ``InputError``
naming the file and the key ("key 'chart.bar_colour'"). Keys added after 0.3 (``OPTIONAL``)
may be left out and then take the default given there, so a [chart] table written before
keeps working. ``default_style`` is the default theme's style; ``setting`` reads one key of a
[chart] table with its default (for the composer's chart sizes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from regionreport import paths
from regionreport.charts.fonts import ChartFonts
from regionreport.charts.spec import REFERENCE_STYLES
from regionreport.errors import InputError

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_LINE_KEYS = {"reference_lines": ("style", "width_pt", "dash_pt"),
              "series_lines": ("colour", "width_pt", "dash_pt", "marker", "face")}
_SERIES_LINE = ("colour", "width_pt", "dash_pt", "marker", "face")
# Keys added after 0.3 and their defaults (the values of layouts/themes/default.toml).
OPTIONAL = {
    # reference lines closer than this on the page are named in a legend above the bars
    # (line sample, name and value) instead of a label at each line's end
    "reference_legend_gap_mm": 5.0,
    "legend_sample_pt": 22.0,         # the length of a legend's line sample
    "value_gap_pt": 3.0,              # between a bar's end and its value
    # a value may step this far past a reference line at its bar's end; farther, it stays
    # at the bar with a white box behind it
    "value_max_shift_mm": 1.5,
    "marker_size_pt": 4.4,            # the markers of the series charts
    # the look of a unit's own series beside the region and Riket (handouts)
    "unit_series_line": {"colour": "#000000", "width_pt": 1.3, "dash_pt": [],
                         "marker": "D", "face": "#000000"},
    "handout_series_width_mm": 120.0,  # the handouts' series charts ([handout] series)
    "handout_series_height_mm": 58.0,
    # a bar chart and its series chart drawn closer, where at their full size the pair would
    # go on to the next page and leave this one less than half full
    "compact_bar_pitch_mm": 3.6,
    "compact_series_height_mm": 52.0,
}


@dataclass(frozen=True)
class ChartStyle:
    """Sizes (pt, mm) and colours of the charts, from the theme's [chart] table: greys that
    print in black and white, one dark accent, dash patterns that tell lines apart without
    colour. ``reference_lines``: per ReferenceLine.style (name, line width pt, dash pattern or
    None); ``series_lines``: in order (colour, line width pt, dash or None, marker, face);
    ``fonts``: the theme's font files."""

    margin_pt: float
    title_size_pt: float
    label_size_pt: float
    tick_size_pt: float
    value_size_pt: float
    line_spacing: float
    text_colour: str
    muted_colour: str
    grid_colour: str
    grid_width_pt: float
    axis_colour: str
    bar_colour: str
    highlight_colour: str
    bar_pitch_mm: float
    min_bar_pitch_mm: float
    max_auto_height_mm: float
    bar_fill: float
    reference_colour: str
    reference_lines: tuple[tuple[str, float, tuple[float, ...] | None], ...]
    series_lines: tuple[tuple[str, float, tuple[float, ...] | None, str, str], ...]
    fonts: ChartFonts
    reference_legend_gap_mm: float = OPTIONAL["reference_legend_gap_mm"]
    legend_sample_pt: float = OPTIONAL["legend_sample_pt"]
    value_gap_pt: float = OPTIONAL["value_gap_pt"]
    value_max_shift_mm: float = OPTIONAL["value_max_shift_mm"]
    marker_size_pt: float = OPTIONAL["marker_size_pt"]
    unit_series_line: tuple[str, float, tuple[float, ...] | None, str, str] = (
        "#000000", 1.3, None, "D", "#000000")
    handout_series_width_mm: float = OPTIONAL["handout_series_width_mm"]
    handout_series_height_mm: float = OPTIONAL["handout_series_height_mm"]
    compact_bar_pitch_mm: float = OPTIONAL["compact_bar_pitch_mm"]
    compact_series_height_mm: float = OPTIONAL["compact_series_height_mm"]

    @classmethod
    def from_table(cls, table: dict, path: Path | str, *, fonts: dict) -> ChartStyle:
        """The style from a theme's [chart] table and [fonts] table (``dash_pt = []`` is a
        solid line); ``path`` is the theme file, named in errors."""
        _Checker(path).table(table)
        values = {name: table.get(name, OPTIONAL.get(name)) for name in _table_keys()}
        values["reference_lines"] = tuple(
            (r["style"], float(r["width_pt"]), tuple(r["dash_pt"]) or None)
            for r in table["reference_lines"])
        values["series_lines"] = tuple(_series_line(r) for r in table["series_lines"])
        values["unit_series_line"] = _series_line(values["unit_series_line"])
        return cls(**values, fonts=ChartFonts.from_table(fonts, path))

    def digest(self) -> str:
        """A short fingerprint of the style, part of the chart cache's keys."""
        import hashlib

        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]


@cache
def default_style() -> ChartStyle:
    """The style of the default theme (layouts/themes/default.toml)."""
    from regionreport.config.toml import read_toml

    path = paths.theme_path()
    theme = read_toml(path, "theme")
    return ChartStyle.from_table(theme.get("chart", {}), path, fonts=theme.get("fonts", {}))


def setting(table: dict, key: str):
    """The value of ``key`` in a theme's [chart] table, or its default when the table leaves
    an optional key out."""
    return table.get(key, OPTIONAL[key])


def _series_line(table: dict) -> tuple[str, float, tuple[float, ...] | None, str, str]:
    return (table["colour"], float(table["width_pt"]), tuple(table["dash_pt"]) or None,
            table["marker"], table["face"])


def _table_keys() -> tuple[str, ...]:
    return tuple(f.name for f in fields(ChartStyle) if f.name != "fonts")


class _Checker:
    """Checks a [chart] table, raising an ``InputError`` at the first bad key."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, key: str, problem: str, fix: str) -> None:
        raise InputError(problem, file=self.path, place=f"key 'chart.{key}'", fix=fix)

    def table(self, table: dict) -> None:
        known = _table_keys()
        for key in known:
            if key not in table and key not in OPTIONAL:
                self.fail(key, "missing", "the [chart] table needs every chart size and colour; "
                                          "see layouts/themes/default.toml")
        for key in table:
            if key not in known:
                self.fail(key, "not a chart setting",
                          f"remove it or correct its name; the settings are {', '.join(known)}")
        for key in known:
            if key not in table:
                continue
            if key in _LINE_KEYS:
                self.lines(key, table[key])
            elif key == "unit_series_line":
                self.line(key, table[key], _SERIES_LINE)
            elif key.endswith("_colour"):
                self.colour(key, table[key])
            else:
                self.number(key, table[key])
        self.reference_styles(table["reference_lines"])

    def number(self, key: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self.fail(key, f"{value!r} is not a number ≥ 0", "write a number such as 7.5")

    def colour(self, key: str, value: object) -> None:
        if not isinstance(value, str) or not _COLOUR.fullmatch(value):
            self.fail(key, f"{value!r} is not a colour", "write colours as \"#rrggbb\", "
                                                        "e.g. \"#1f3f66\"")

    def dash(self, key: str, value: object) -> None:
        if not isinstance(value, list) or any(
                isinstance(d, bool) or not isinstance(d, int | float) or d < 0 for d in value):
            self.fail(key, f"{value!r} is not a dash pattern",
                      "give on and off lengths in pt, e.g. [4.0, 2.2], or [] for a solid line")

    def text(self, key: str, value: object) -> None:
        if not isinstance(value, str) or not value:
            self.fail(key, f"{value!r} is not a text", "write a matplotlib marker such as \"o\"")

    def lines(self, key: str, value: object) -> None:
        if not isinstance(value, list) or not value:
            self.fail(key, f"{value!r} is not a list of line tables",
                      "write [ { ... }, ... ] as in layouts/themes/default.toml")
        for index, line in enumerate(value):
            self.line(f"{key}[{index}]", line, _LINE_KEYS[key])

    def line(self, where: str, line: object, expected: tuple[str, ...]) -> None:
        if not isinstance(line, dict) or set(line) != set(expected):
            self.fail(where, f"{line!r} is not a line table",
                      f"give exactly the keys {', '.join(expected)}")
        for name, entry in line.items():
            self.line_entry(f"{where}.{name}", name, entry)

    def line_entry(self, key: str, name: str, value: object) -> None:
        checks = {"width_pt": self.number, "dash_pt": self.dash, "colour": self.colour,
                  "face": self.colour, "marker": self.text, "style": self.text}
        checks[name](key, value)

    def reference_styles(self, lines: list[dict]) -> None:
        names = [line["style"] for line in lines]
        if sorted(names) != sorted(REFERENCE_STYLES):
            self.fail("reference_lines", f"the styles {', '.join(names)} are not "
                                         f"{', '.join(REFERENCE_STYLES)}",
                      "give one line table for each reference line style")
