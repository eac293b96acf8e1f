"""What an indicator's values are, in words: the phrase of a caption and the chart's axis.

In: an ``Indicator`` and the labels ([units], [chart]).
Out: ``unit_text`` ("andel i procent", "kronor per invånare", "antal per 10 000 invånare"),
the caption phrase of a group of indicators (``caption_unit``: theirs when they share one,
``units.mixed`` otherwise) and ``axis_label`` ("Andel (%)", or the indicator's own). An
indicator's own ``unit_text``/``axis_label`` in the catalog wins; a ``numeric`` indicator
without them is described by its ``unit``.
"""

from __future__ import annotations

from regionreport.model.catalog import Indicator

# the labels' key of each kind's phrase ([units]) and axis label ([chart])
_UNIT_KEYS = {"categorical": "percent", "percent": "percent", "hours": "hours",
              "kronor": "kronor"}
_AXIS_KEYS = {"percent": "percent_axis", "categorical": "percent_axis", "hours": "hours_axis",
              "kronor": "kronor_axis"}


def unit_text(indicator: Indicator, labels: dict) -> str:
    """The phrase for what the indicator's values are."""
    if indicator.unit_text:
        return indicator.unit_text
    if indicator.kind in _UNIT_KEYS:
        return labels["units"][_UNIT_KEYS[indicator.kind]]
    return indicator.unit


def caption_unit(indicators: list[Indicator], labels: dict) -> str:
    """The phrase of a table's caption: the indicators' own when they share one."""
    texts = {unit_text(i, labels) for i in indicators}
    return texts.pop() if len(texts) == 1 else labels["units"]["mixed"]


def axis_label(indicator: Indicator, labels: dict) -> str:
    """The label of a chart's value axis."""
    if indicator.axis_label:
        return indicator.axis_label
    if indicator.kind in _AXIS_KEYS:
        return labels["chart"][_AXIS_KEYS[indicator.kind]]
    text = unit_text(indicator, labels)
    return text[:1].upper() + text[1:]
