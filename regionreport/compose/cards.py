"""Indicator cards: every field of an indicator's definition as a labelled block.

In: an ``Indicator`` and its ``Catalog`` (the Swedish card labels, area and quality area names).
Out: an ``IndicatorCard`` whose fields are in the order of DESIGN.md: Målvärde (categorical)
or Riktning (numeric with a direction), description, type, questions (numbered), definitions,
criterion, reporting levels, how län and Riket values are formed, measurement period or date,
data sources, error sources, indicator area, quality area, Kolada id (or the catalog's
``kolada_missing`` text, so that every card has the row). Empty fields are left out.
"""

from __future__ import annotations

from regionreport.model.catalog import Catalog, Indicator
from regionreport.document import CardField, IndicatorCard


def indicator_card(indicator: Indicator, catalog: Catalog) -> IndicatorCard:
    """The card of one indicator."""
    labels = catalog.card_labels
    fields: list[CardField] = []

    def add(key: str, *texts: str, numbered: bool = False, label: str | None = None) -> None:
        texts = tuple(t for t in texts if t)
        if texts:
            fields.append(CardField(label or labels.get(key, key), texts, numbered))

    add("target" if indicator.states_target else "direction", indicator.target_or_direction)
    add("description", indicator.description)
    add("indicator_type", indicator.indicator_type)
    add("questions", *indicator.questions, numbered=len(indicator.questions) > 1)
    add("definitions", *indicator.definitions)
    add("criterion", indicator.criterion)
    add("levels", ", ".join(indicator.levels))
    add("aggregation_text", indicator.aggregation_text)
    if indicator.measurement:
        add("measurement", indicator.measurement,
            label=indicator.measurement_label or labels.get("measurement"))
    add("data_sources", indicator.data_sources)
    add("error_sources", indicator.error_sources)
    area = next((a.name for a in catalog.areas if a.id == indicator.area), "")
    add("area", area)
    quality = next((q.name for q in catalog.quality_areas if q.id == indicator.quality_area), "")
    add("quality_area", quality)
    add("kolada", indicator.kolada or labels.get("kolada_missing", ""))
    return IndicatorCard(title=indicator.name, fields=tuple(fields), key=f"card-{indicator.id}")
