"""The report's look as data, and the one length converter.

In: a theme TOML file (layouts/themes/<name>.toml, or any file), or a ``Layout`` whose
``options.theme`` names one. A theme may say ``extends = "default"`` (a theme name, or a
``.toml`` path relative to the extending file): its tables are merged key by key over the
extended theme's, so a user theme holds only what differs.
Out: a frozen ``Theme``: page geometry in points, font files and the family name, text sizes,
and colours of the named styles (positive, negative, region_row_fill ...). ``mm`` converts
millimetres to points; it is the only conversion of lengths in the renderer. Every file is
checked against the schema below (unknown keys, types, colours, page sizes) and the merged
theme for missing keys: an ``InputError`` naming the file and the key. ``[chart]`` is passed
through as a table; the chart style checks its keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from regionreport import paths
from regionreport.config import schema as s
from regionreport.config.styles import STYLE_SCHEMA, check_styles
from regionreport.config.toml import read_toml
from regionreport.errors import InputError

POINTS_PER_MM = 72.0 / 25.4
PAGE_SIZES_MM = {"A4": (210.0, 297.0)}   # width, height; the PDF renderer knows the names
PAGE_SIZES = tuple(PAGE_SIZES_MM)
CELL_STYLES = ("positive", "negative", "partial", "missing", "good", "middle", "bad")
# The font keys of the renderers (reportlab's family, the charts' text records) and the
# [fonts] keys that name their files.
FONT_KEYS = {"regular": "regular", "bold": "bold", "italic": "italic",
             "bolditalic": "bold_italic"}


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
    columns: dict[str, float | list[float]]
    legend: dict[str, float]
    cards: dict[str, float]
    cover: dict[str, float]
    running: dict[str, float]
    spacing: dict[str, float]
    styles: dict[str, dict]        # paragraph styles by name, each with its ``parent``
    chart: dict
    images: dict = field(default_factory=dict)   # the prose's images: alignment, spaces ...
    contents: dict = field(default_factory=dict) # the contents and lists: dot leaders ...

    def size(self, key: str) -> float:
        """A text size or leading in points (keys such as 'body_pt')."""
        return float(self.text[key])

    def length(self, key: str) -> float:
        """A page length in points from a key in millimetres (e.g. 'margin_top_mm')."""
        return mm(float(self.page[key]))

    def colour(self, style: str) -> str:
        return self.colours[style]

    def font_files(self) -> dict[str, Path]:
        """The TrueType file of each font key ("regular", "bold", "italic", "bolditalic")."""
        return font_files(self.fonts, self.path)

    def text_width_mm(self) -> float:
        """The width of a portrait page's text area in millimetres."""
        width = PAGE_SIZES_MM[str(self.page["size"])][0]
        return width - float(self.page["margin_inner_mm"]) - float(self.page["margin_outer_mm"])

    def measure(self, table: str, key: str) -> float:
        """A length in points from a key of a table ('cards', 'label_column_mm'): a key in
        millimetres (_mm) converted, one in points (_pt) or a plain number as it is."""
        value = float(getattr(self, table)[key])
        return mm(value) if key.endswith("_mm") else value


def _numbers(*keys: str) -> dict[str, s.Field]:
    return {key: s.NUMBER for key in keys}


SCHEMA = {
    "extends": s.optional(s.TEXT),
    "page": {"size": s.choice("page size", PAGE_SIZES),
             **_numbers("margin_top_mm", "margin_bottom_mm", "margin_inner_mm",
                        "margin_outer_mm", "landscape_margin_mm", "landscape_margin_top_mm",
                        "landscape_margin_bottom_mm", "header_offset_mm", "footer_offset_mm")},
    "fonts": s.texts(("folder", "regular", "bold", "italic", "bold_italic", "family")),
    "text": {**_numbers("body_pt", "body_leading_pt", "small_pt", "note_pt", "h1_pt", "h2_pt",
                        "h3_pt", "h4_pt", "heading_space_before_pt", "running_pt", "table_pt",
                        "table_leading_pt", "table_header_pt", "card_pt", "card_leading_pt",
                        "caption_pt", "cover_title_pt", "cover_subtitle_pt", "cover_line_pt",
                        "handout_table_pt", "handout_table_leading_pt",
                        "handout_table_header_pt"),
             "hyphenation": s.TEXT, "hyphenation_min_tail": s.INTEGER, "continued": s.TEXT},
    "colours": {**{key: s.COLOUR for key in (
        "text", "muted", "accent", "rule", "link", "header_fill", "card_label_fill",
        "card_border", "region_row_fill", "comparison_row_fill", "riket_row_fill",
        *CELL_STYLES, "cover_band", "cover_text", "text_on_dark")}},
    "markers": s.texts(CELL_STYLES, required=False),
    "tables": {**_numbers("max_value_column_mm", "cell_padding_pt", "padding_top_pt",
                          "padding_bottom_pt", "single_line_slack_pt", "indent_mm",
                          "grid_width_pt", "region_rule_width_pt", "space_after_mm"),
               **_numbers("handout_padding_top_pt", "handout_padding_bottom_pt",
                          "dark_fill_luminance"),
               "min_rows_per_page": s.INTEGER, "max_indicators_per_part": s.INTEGER},
    "columns": {**_numbers("unit_mm", "size_mm", "group_mm", "key_mm", "min_value_mm",
                           "handout_indicator_mm", "handout_gap_mm",
                           "handout_left_fraction"),
                "background_mm": s.Field(
                    "a list of four widths in mm", lambda v: isinstance(v, list) and len(v) == 4
                    and all(isinstance(w, (int, float)) and not isinstance(w, bool)
                            for w in v))},
    "legend": _numbers("row_height_mm", "swatch_width_mm", "swatch_border_pt", "text_gap_pt",
                       "padding_horizontal_pt", "padding_top_pt", "padding_bottom_pt"),
    "cards": {**_numbers("label_column_mm", "border_width_pt", "rule_width_pt",
                         "padding_vertical_pt", "padding_horizontal_pt"),
              "min_rows_per_page": s.INTEGER},
    "cover": _numbers("band_bottom_fraction", "space_above_title_mm", "space_below_title_mm",
                      "space_below_subtitle_mm", "space_above_note_mm", "logo_width_mm",
                      "logo_max_height_mm", "logo_x_mm", "logo_y_mm"),
    "running": _numbers("rule_width_pt", "header_rule_below_pt", "footer_rule_gap_pt"),
    "spacing": _numbers("block_space_before_mm", "kept_space_after_mm", "list_space_after_pt",
                        "landscape_lead_chars",
                        "notes_space_after_pt", "h1_min_room_fraction"),
    "styles": s.Tables(STYLE_SCHEMA, names=lambda: _bundled_style_names()),
    "chart": s.OPAQUE_TABLE,
    "images": {"alignment": s.choice("alignment", ("left", "center", "right")),
               **_numbers("space_before_pt", "space_after_pt", "default_dpi",
                          "max_height_fraction")},
    "contents": _numbers("leader_pitch_pt", "leader_gap_pt", "page_number_width_pt",
                         "entry_space_pt", "colophon_label_mm", "lists_space_before_pt"),
}


# Tables and keys added in regionreport 0.2: a theme written before (a copy of the default
# without them) takes them from the bundled default theme, so that it keeps working and
# looks as it did. Keys that existed before stay required.
ADDED_IN_0_2 = {"tables": ("padding_top_pt", "padding_bottom_pt", "single_line_slack_pt",
                           "grid_width_pt", "region_rule_width_pt", "space_after_mm"),
                "columns": None, "legend": None, "cards": None, "cover": None, "running": None,
                "spacing": None, "styles": None}          # None: the whole table
# Added after 0.2.0, in the same way: the prose's images and the colour of partial answers.
# (The paragraph style of numbered lists, ``styles.numbered``, comes with the whole [styles]
# table above.)
ADDED_IN_0_3 = {"images": None, "colours": ("partial",)}
# Added in 0.4 (issue 11, the printout): how many indicators a results table holds before it
# is cut into parts, the type of the handouts' tables, and the front matter (logo, colophon,
# lists of tables, two-sided print).
ADDED_IN_0_4 = {"tables": ("max_indicators_per_part", "handout_padding_top_pt",
                           "handout_padding_bottom_pt", "dark_fill_luminance"),
                "colours": ("text_on_dark",), "columns": ("handout_gap_mm", "handout_left_fraction"),
                "page": ("landscape_margin_top_mm", "landscape_margin_bottom_mm"),
                "spacing": ("landscape_lead_chars",),
                "text": ("handout_table_pt", "handout_table_leading_pt",
                         "handout_table_header_pt", "hyphenation_min_tail"),
                "cover": ("logo_width_mm", "logo_max_height_mm", "logo_x_mm", "logo_y_mm"),
                "contents": None}
# Keys of themes written before 0.2 that are still read where they moved to, or ignored
# because nothing ever used them: (table, key) -> (table, key) or None.
MOVED_IN_0_2 = {("text", "min_word_length_for_hyphenation"):
                ("styles.base", "hyphenation_min_word_length"),
                ("text", "quote_pt"): None}


def load_theme(path: Path) -> Theme:
    """Read a theme (and the themes it extends) and check every key."""
    path = Path(path)
    data = _with_keys_added_since(_merged(path, ()))
    s.check(data, SCHEMA, path, missing_fix="add it to this theme, or extend a theme that "
                                            "has it: extends = \"default\"")
    check_styles(data, path)
    font_files(data["fonts"], path)
    return Theme(path=path, page=data["page"], fonts=data["fonts"], text=data["text"],
                 colours=data["colours"], markers=dict(data.get("markers", {})),
                 tables=data["tables"], columns=data["columns"], legend=data["legend"],
                 cards=data["cards"],
                 cover=data["cover"], running=data["running"], spacing=data["spacing"],
                 styles=data["styles"],
                 chart=dict(data["chart"]), images=data["images"],
                 contents=data["contents"])


def font_files(fonts: dict, theme_file: Path | str) -> dict[str, Path]:
    """The file of each font key from a [fonts] table (``folder`` relative to the project
    folder); a file that is not there is an error naming its key."""
    folder = paths.fonts_folder(str(fonts["folder"]))
    files = {}
    for key, table_key in FONT_KEYS.items():
        file = folder / str(fonts[table_key])
        if not file.is_file():
            raise InputError(f"font file '{fonts[table_key]}' not found in {folder}",
                             file=theme_file, place=f"key 'fonts.{table_key}'",
                             fix="name a TrueType file of that folder, or correct "
                                 "'fonts.folder'")
        files[key] = file
    return files


def theme_file(name: str, relative_to: Path, *, file: Path, place: str,
               names_in: Path | None = None) -> Path:
    """The file of a theme named in ``file`` at ``place``: a ``.toml`` path relative to
    ``relative_to``, or a theme name looked up in ``names_in`` (a folder of the user's), then
    among the bundled themes (layouts/themes/). A name never finds ``file`` itself (a user's
    "default" theme may extend the bundled one)."""
    if name.endswith(".toml"):
        found = (relative_to / name).resolve()
        if not found.is_file():
            raise InputError(f"theme file '{name}' not found", file=file, place=place,
                             fix=f"create {found} or correct the path")
        return found
    own = Path(names_in) / f"{name}.toml" if names_in is not None else None
    if own is not None and own.is_file() and own.resolve() != Path(file).resolve():
        return own
    found = paths.theme_path(name)
    if not found.is_file():
        known = sorted(p.stem for p in found.parent.glob("*.toml"))
        raise InputError(f"'{name}' is not a theme", file=file, place=place,
                         fix="use one of " + ", ".join(known) + ", a theme of your own in "
                             f"{names_in or relative_to}, or a .toml file relative to this file")
    return found


def theme_for_layout(layout) -> Theme:
    """The theme of a ``Layout``: its ``options.theme``, a path relative to the layout or a
    name (the report folder's themes/, then the bundled themes)."""
    project = layout.path.parent
    return load_theme(theme_file(layout.theme, project, file=layout.path,
                                 place="key 'options.theme'", names_in=project / "themes"))


def _merged(path: Path, chain: tuple[Path, ...]) -> dict:
    """The theme file's tables over those of the theme it extends (checked, not yet for
    missing keys)."""
    resolved = path.resolve()
    if resolved in chain:
        names = " -> ".join(str(p) for p in (*chain, resolved))
        raise InputError(f"themes extend each other in a cycle: {names}", file=path,
                         place="key 'extends'", fix="remove one of the 'extends' keys")
    data = _moved_keys(read_toml(path, "theme", fix="use a theme name from layouts/themes/"))
    s.check(data, SCHEMA, path, require=False)
    if "extends" not in data:
        return data
    parent = theme_file(data["extends"], path.parent, file=path, place="key 'extends'",
                        names_in=path.parent)
    merged = _deep_merge(_merged(parent, (*chain, resolved)), data)
    del merged["extends"]
    return merged


@cache
def _bundled_style_names() -> tuple[str, ...]:
    """The paragraph styles the renderer knows: those of the bundled default theme."""
    return tuple(read_toml(paths.theme_path(paths.DEFAULT_THEME), "theme").get("styles", {}))


def _with_keys_added_since(data: dict) -> dict:
    """``data`` with what ``ADDED_IN_0_2``, ``_0_3`` and ``_0_4`` list and it lacks taken from
    the bundled default theme (a theme written before, or one that sets only some of the new
    keys)."""
    default = read_toml(paths.theme_path(paths.DEFAULT_THEME), "theme")
    for table, keys in (*ADDED_IN_0_2.items(), *ADDED_IN_0_3.items(), *ADDED_IN_0_4.items()):
        source = default.get(table, {})
        if keys is None:
            data = _deep_merge({table: source}, data)
        else:                               # after the file's own keys, in messages too
            have = data.get(table, {})
            data = _deep_merge(data, {table: {key: source[key] for key in keys
                                              if key in source and key not in have}})
    return data


def _moved_keys(data: dict) -> dict:
    """``data`` with the keys of ``MOVED_IN_0_2`` moved to their new place (a value already
    there wins) or dropped."""
    for (table, key), target in MOVED_IN_0_2.items():
        if key not in data.get(table, {}):
            continue
        value = data[table][key]
        data = {**data, table: {k: v for k, v in data[table].items() if k != key}}
        if target is not None:
            *parents, name = f"{target[0]}.{target[1]}".split(".")
            moved: dict = {name: value}
            for part in reversed(parents):
                moved = {part: moved}
            data = _deep_merge(moved, data)
    return data


def _deep_merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _deep_merge(base[key], value)
        else:
            merged[key] = value
    return merged
