"""The report's look as data, and the one length converter.

In: a theme TOML file (layouts/themes/<name>.toml).
Out: a frozen ``Theme``: page geometry in points, font files and the family name, text sizes,
and colours of the named styles (positive, negative, region_row_fill ...). ``mm`` converts
millimetres to points; it is the only conversion of lengths in the renderer. A theme file
missing a key is an ``InputError`` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport.errors import InputError
from regionreport.config.toml import read_toml

POINTS_PER_MM = 72.0 / 25.4


def mm(value_mm: float) -> float:
    """Millimetres in PDF points."""
    return value_mm * POINTS_PER_MM


@dataclass(frozen=True)
class Theme:
    path: Path
    page: dict[str, float | str]
    fonts: dict[str, str]
    text: dict[str, float | str]
    colours: dict[str, str]
    markers: dict[str, str]
    tables: dict[str, float]
    chart: dict

    def size(self, key: str) -> float:
        """A text size or leading in points (keys such as 'body_pt')."""
        return float(self.text[key])

    def length(self, key: str) -> float:
        """A page length in points from a key in millimetres (e.g. 'margin_top_mm')."""
        return mm(float(self.page[key]))

    def colour(self, style: str) -> str:
        return self.colours[style]


_REQUIRED = {
    "page": ("size", "margin_top_mm", "margin_bottom_mm", "margin_inner_mm", "margin_outer_mm",
             "landscape_margin_mm", "header_offset_mm", "footer_offset_mm"),
    "fonts": ("folder", "regular", "bold", "italic", "bold_italic", "family"),
    "text": ("body_pt", "body_leading_pt", "small_pt", "note_pt", "h1_pt", "h2_pt", "h3_pt",
             "h4_pt", "running_pt", "table_pt", "table_leading_pt", "table_header_pt",
             "card_pt", "card_leading_pt", "caption_pt", "cover_title_pt",
             "cover_subtitle_pt", "cover_line_pt", "hyphenation", "continued"),
    "tables": ("max_value_column_mm", "cell_padding_pt", "min_rows_per_page",
               "indent_mm"),
    "colours": ("text", "muted", "accent", "rule", "link", "header_fill", "card_label_fill",
                "card_border", "region_row_fill", "comparison_row_fill", "riket_row_fill",
                "positive", "negative", "missing", "good", "middle", "bad", "cover_band",
                "cover_text"),
}


def load_theme(path: Path) -> Theme:
    """Read a theme and check that every key the renderer uses is there."""
    data = read_toml(path, "theme", fix="use a theme name from layouts/themes/")
    for table, keys in _REQUIRED.items():
        for key in keys:
            if key not in data.get(table, {}):
                raise InputError(f"key '{table}.{key}' is missing", file=path)
    return Theme(path=path, page=data["page"], fonts=data["fonts"], text=data["text"],
                 colours=data["colours"], markers=dict(data.get("markers", {})),
                 tables=data["tables"], chart=dict(data.get("chart", {})))
