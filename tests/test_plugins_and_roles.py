"""The plug-in registries refuse a name twice; the table roles both renderers follow."""

from __future__ import annotations

import pytest

from regionreport.compose import SECTION_COMPOSERS
from regionreport.document import Cell, Row
from regionreport.plugins import PluginRegistry
from regionreport.render import roles
from regionreport.render.story import CONVERTERS
from regionreport.sources import READERS


def test_a_plugin_key_is_registered_once():
    registry = PluginRegistry("section kind")
    registry.register("prose")(len)
    with pytest.raises(ValueError, match="section kind 'prose' is registered twice"):
        registry.register("prose")(str)
    assert registry["prose"] is len


def test_the_registries_hold_the_built_in_plugins():
    from regionreport.render.pdf import CONVERTER_MODULES   # importing them registers

    assert len(CONVERTER_MODULES) == 5
    assert {"cover", "contents", "prose", "background", "indicator_area", "quality_area",
            "register_part", "findings", "references", "colophon",
            "list_of_tables", "key_results", "card_appendix"} <= set(SECTION_COMPOSERS)
    assert {".xlsx", ".json", ".csv"} <= set(READERS)
    from regionreport import document as doc
    assert {doc.Cover, doc.Heading, doc.Paragraph, doc.IndicatorCard, doc.Table,
            doc.Chart} <= set(CONVERTERS)


def test_summary_rows_keep_their_fill_and_units_show_their_style():
    missing, good = Cell("–", style="missing"), Cell("9,5", style="good")
    unit, riket = Row((Cell("Aneby"), good)), Row((Cell("Riket"), missing), role="riket")
    group = Row((Cell("Stockholm, stadsdelar:"),), role="group")
    assert roles.cell_fill(good, unit) == "good"
    assert roles.cell_fill(missing, riket) == "riket_row_fill"
    assert roles.own_cell_fill(missing, riket) is None
    assert roles.row_fill(group) == roles.GROUP_FILL and roles.row_fill(unit) is None
    assert not roles.is_bold(unit) and roles.is_bold(riket) and roles.is_bold(group)
    region = Row((Cell("Jönköpings län"),), role="region")
    assert roles.has_rule_above(region) and not roles.has_rule_above(riket)
    assert roles.summary_tail([unit, region, riket]) == 2
    with pytest.raises(ValueError, match="not one of"):
        roles.check_role(Row((), role="total"))
