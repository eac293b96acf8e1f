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
from regionreport.config.layout import GROUPINGS
from regionreport.model.catalog import KINDS

# The columns of the workbook's Indikatorer sheet, in order (compose/workbook.py); a header
# comes from the catalog's [card_labels] or, failing that, from [xlsx.columns].
XLSX_COLUMNS = ("id", "area", "short_name", "name", "kind", "unit", "target_or_direction",
                "criterion", "description", "aggregation_text", "measurement",
                "data_sources", "error_sources", "kolada")

SCHEMA = {
    "table": s.texts((
        "unit", "unit_stadsdelar", "size", "group", "key", "lan_code", "group_name",
        "key_years", "missing_value", "share_rule_note", "background_note",
        "new_indicator_note", "mean_rule_note", "mean_rule_note_all", "weighted_rule_note",
        "weighted_rule_note_all", "disagreement_note", "background_caption", "area_caption",
        "register_caption", "area_caption_one_year", "register_caption_one_year",
        "part_title", "city_group", "groups_intro")),
    "legend": s.texts(("title", "positive", "negative", "missing", "good", "middle", "bad")),
    "chart": s.texts(("sorted_title", "series_title", "percent_axis", "hours_axis",
                      "kronor_axis", "missing_value", "caption_sorted", "caption_series",
                      "riket_in_text")),
    "cover": s.texts(("prepared_by", "author", "date")),
    "notes": s.texts(("heading",)),
    "contents": s.texts(("heading",)),
    "words": s.texts(("and", "unit", "units", "unit_with_stadsdelar", "units_with_stadsdelar")),
    "groupings": s.texts(GROUPINGS),
    "xlsx": {"background_sheet": s.TEXT, "indicators_sheet": s.TEXT,
             "columns": s.texts(XLSX_COLUMNS, required=False),
             "kinds": s.texts(KINDS)},
}


class Labels(dict):
    """A table of the labels file: a dict of texts and tables, with the file's ``path``."""

    def __init__(self, data: dict, path: Path):
        super().__init__({key: Labels(value, path) if isinstance(value, dict) else value
                          for key, value in data.items()})
        self.path = path


def load_labels(path: Path | None = None) -> Labels:
    """The checked labels file (default: the Swedish one, layouts/labels/sv.toml)."""
    path = Path(path) if path is not None else paths.labels_path()
    data = read_toml(path, "labels file")
    s.check(data, SCHEMA, path, missing_fix="add it; docs/layout-format.md lists the keys")
    return Labels(data, path)
