"""The fixed texts of a report language (table headers, captions, legends, chart labels,
cover lines, the workbook's sheet names), checked.

In: a language ("sv", layouts/labels/sv.toml) or a labels file.
Out: ``Labels``: the file's tables as dicts that also carry the file's ``path`` (every nested
table too), so that a message about a template field can name the file. Every key the code
reads is required, and an unknown key (a typo) is refused with the nearest known key: an
``InputError`` naming the file and the key.
"""

from __future__ import annotations

from pathlib import Path

from regionreport import paths
from regionreport.config import schema as s
from regionreport.config.toml import read_toml
from regionreport.config.layout import COLOPHON_KEYS, GROUPINGS
from regionreport.model.catalog import KINDS

# The columns of the workbook's Indikatorer sheet, in order (compose/workbook.py); a header
# comes from the catalog's [card_labels] or, failing that, from [xlsx.columns].
XLSX_COLUMNS = ("id", "area", "short_name", "name", "kind", "unit", "target_or_direction",
                "criterion", "description", "aggregation_text", "measurement",
                "data_sources", "error_sources", "kolada")

# The analysts' workbook: its sheets, the Data sheet's columns, the table sheets' first
# columns and the Innehåll sheet's, the levels of units, how region values are formed.
XLSX_TEXTS = ("data_sheet", "contents_sheet", "table_sheet", "part_sheet", "data_description",
              "indicators_description", "tables_note")
XLSX_DATA_COLUMNS = ("code", "name", "county", "level", "indicator_id", "indicator", "year",
                     "answer", "value", "numerator", "denominator", "rule", "computed")
XLSX_TABLE_COLUMNS = ("code", "name", "level", "number", "sheet", "caption", "notes")
XLSX_LEVELS = ("kommun", "stadsdel", "lan", "riket", "region")
XLSX_RULES = ("share_positive", "weighted", "mean", "published", "published_differs",
              "published_unverifiable", "published_only")
# subject -> short sheet name, under any subjects
SHEET_NAMES = s.Field("a table of texts (subject = \"short name\")",
                      lambda v: isinstance(v, dict) and all(isinstance(t, str)
                                                             for t in v.values()))
# The colophon's labels: one for each [colophon] text of a layout except its closing note.
COLOPHON_LABELS = tuple(key for key in COLOPHON_KEYS if key != "note")
# The sentences of a chart's alternative text (compose/chart_alt.py).
CHART_ALT = ("value", "bar", "bar_highest", "bar_lowest", "bar_highest_many", "bar_lowest_many",
             "bar_all_equal", "bar_no_values", "bar_missing", "bar_references", "series",
             "series_one_year", "series_increased", "series_decreased", "series_unchanged",
             "series_one_value", "series_no_values")

SCHEMA = {
    "table": s.texts((
        "unit", "unit_stadsdelar", "size", "group", "key", "lan_code", "group_name",
        "key_years", "missing_value", "share_rule_note", "published_rule_note",
        "background_note", "new_indicator_note", "mean_rule_note", "mean_rule_note_all", "weighted_rule_note",
        "weighted_rule_note_all", "disagreement_note", "background_caption", "area_caption",
        "register_caption", "area_caption_one_year", "register_caption_one_year",
        "part_title", "city_group", "groups_intro")) | s.texts(
        ("accepted_disagreement_note",), required=False),
    "legend": s.texts(("title", "positive", "negative", "partial", "missing", "good",
                       "middle", "bad")),
    "units": s.texts(("percent", "hours", "kronor", "mixed")),
    "chart": s.texts(("sorted_title", "series_title", "percent_axis", "hours_axis",
                      "kronor_axis", "missing_value", "caption_sorted", "caption_series",
                      "caption_unit_series", "riket_in_text")),
    "chart_alt": s.texts(CHART_ALT),
    "cover": s.texts(("prepared_by", "author", "date")),
    "notes": s.texts(("heading",)),
    "contents": s.texts(("heading", "cards_appendix")),
    "colophon": s.texts(COLOPHON_LABELS),
    "lists": s.texts(("tables", "figures")),
    "words": s.texts(("and", "unit", "units", "unit_with_stadsdelar", "units_with_stadsdelar")),
    "groupings": s.texts(GROUPINGS),
    "xlsx": {"background_sheet": s.TEXT, "indicators_sheet": s.TEXT,
             **s.texts(XLSX_TEXTS),
             "columns": s.texts(XLSX_COLUMNS, required=False),
             "kinds": s.texts(k for k in KINDS if k != "group"),
             "data": s.texts(XLSX_DATA_COLUMNS),
             "table": s.texts(XLSX_TABLE_COLUMNS),
             "levels": s.texts(XLSX_LEVELS),
             "rules": s.texts(XLSX_RULES),
             "sheet_names": SHEET_NAMES},
}


# Keys added after 0.2.0: a labels file without them takes them from the bundled Swedish
# labels (layouts/labels/sv.toml), so that a file written for 0.2.0 keeps working.
ADDED_AFTER_0_2 = {("legend",): ("partial",), ("units",): ("percent", "hours", "kronor", "mixed"),
                   ("xlsx", "kinds"): ("numeric",), ("table",): ("published_rule_note",),
                   ("chart",): ("caption_unit_series",), ("contents",): ("cards_appendix",),
                   ("xlsx",): (*XLSX_TEXTS, "sheet_names"), ("xlsx", "data"): XLSX_DATA_COLUMNS,
                   ("xlsx", "table"): XLSX_TABLE_COLUMNS, ("xlsx", "levels"): XLSX_LEVELS,
                   ("xlsx", "rules"): XLSX_RULES,
                   ("colophon",): COLOPHON_LABELS, ("lists",): ("tables", "figures"),
                   ("chart_alt",): CHART_ALT}


class Labels(dict):
    """A table of the labels file: a dict of texts and tables, with the file's ``path``."""

    def __init__(self, data: dict, path: Path):
        super().__init__({key: Labels(value, path) if isinstance(value, dict) else value
                          for key, value in data.items()})
        self.path = path


def load_labels(path: Path | None = None, overlays: tuple[tuple[dict, Path], ...] = ()
                ) -> Labels:
    """The checked labels file (default: the Swedish one, layouts/labels/sv.toml), with the
    ``overlays`` merged over it in order: ``(table, file)`` pairs, a catalog's or a layout's
    partial ``[labels]`` table (checked, and named in messages, as keys ``labels.…`` of their
    file). A table an overlay changes carries the overlay's path."""
    path = Path(path) if path is not None else paths.labels_path()
    data = read_toml(path, "labels file")
    s.check(data, SCHEMA, path, require=False)
    _add_missing(data)
    s.check(data, SCHEMA, path, missing_fix="add it; docs/layout-format.md lists the keys")
    labels = Labels(data, path)
    for overlay, file in overlays:
        s.check(overlay, SCHEMA, file, require=False, prefix="labels.")
        _merge(labels, overlay, Path(file))
    return labels


def _add_missing(data: dict) -> None:
    """Fill the keys added after 0.2.0 from the bundled labels where the file lacks them."""
    def table(root: dict, names: tuple[str, ...]) -> dict:
        for name in names:
            root = root.setdefault(name, {})
        return root

    missing = [(names, key) for names, keys in ADDED_AFTER_0_2.items() for key in keys
               if key not in table(data, names)]
    if missing:
        bundled = read_toml(paths.labels_path(), "labels file")
        for names, key in missing:
            table(data, names)[key] = table(bundled, names)[key]


def _merge(labels: Labels, overlay: dict, file: Path) -> None:
    for key, value in overlay.items():
        if isinstance(value, dict):
            _merge(labels[key], value, file)
            labels[key].path = file
        else:
            labels[key] = value
