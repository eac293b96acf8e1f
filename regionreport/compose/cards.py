"""Indicator cards: every field of an indicator's definition as a labelled block.

In: an ``Indicator`` and its ``Catalog`` (the Swedish card labels, area and quality area names).
Out: an ``IndicatorCard`` whose fields are in the order of DESIGN.md: Målvärde (categorical)
or Riktning (numeric with a direction), description, type, questions (numbered), definitions,
criterion, reporting levels, how län and Riket values are formed, measurement period or date,
data sources, error sources, indicator area, quality area, Kolada id (or the catalog's
``kolada_missing`` text, so that every card has the row). Empty fields are left out.

Card texts (``CARD_TEXTS``) may hold the template fields of ``card_fields``: {år} and {mätår}
(the survey year), {föregående_år}, {registerår}, {första_registerår} and {utgivningsår} (the
catalog's release year), so that a catalog's texts follow the layout's years. They are filled
by ``fill_card_texts`` for the cards and for the workbook's definitions alike; an unknown
field is an ``InputError`` naming the catalog, the indicator and the key. Text without
braces is left as it is.
"""

from __future__ import annotations

import dataclasses

from regionreport.compose.prose import fill_fields
from regionreport.config.layout import Layout
from regionreport.errors import InputError
from regionreport.model.catalog import Catalog, Indicator
from regionreport.document import CardField, IndicatorCard

# The indicator keys whose texts may hold template fields (lists: each item).
CARD_TEXTS = ("description", "criterion", "measurement", "target", "direction_text",
              "definitions", "questions", "error_sources", "data_sources", "aggregation_text")


def card_fields(layout: Layout, catalog: Catalog) -> dict[str, str]:
    """The template fields of card texts: the layout's years and the catalog's release year
    (not the region's fields: a catalog's cards read the same in every region's report)."""
    return {"år": str(layout.survey_year), "mätår": str(layout.survey_year),
            "föregående_år": str(layout.survey_previous or layout.survey_year - 1),
            "registerår": str(layout.register_year),
            "första_registerår": str(layout.register_first),
            "utgivningsår": str(catalog.release_year)}


def fill_card_texts(indicator: Indicator, catalog: Catalog, fields: dict[str, str]
                    ) -> Indicator:
    """``indicator`` with the template fields of its card texts filled from ``fields``."""
    def fill(text: str, place: str) -> str:
        if "{" not in text and "}" not in text:
            return text
        try:
            return fill_fields(text, fields, file=catalog.path)
        except InputError as exc:
            raise InputError(exc.problem, file=catalog.path, place=place,
                             fix=exc.fix) from None

    changes = {}
    for key in CARD_TEXTS:
        value = getattr(indicator, key)
        where = f"indicator '{indicator.id}', key '{key}"
        if isinstance(value, tuple):
            filled = tuple(fill(text, f"{where}[{n}]'") for n, text in enumerate(value, 1))
        else:
            filled = fill(value, where + "'")
        if filled != value:
            changes[key] = filled
    return dataclasses.replace(indicator, **changes) if changes else indicator


def indicator_card(indicator: Indicator, catalog: Catalog, fields: dict[str, str]
                   ) -> IndicatorCard:
    """The card of one indicator, its texts filled from ``fields`` (``card_fields``)."""
    indicator = fill_card_texts(indicator, catalog, fields)
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
