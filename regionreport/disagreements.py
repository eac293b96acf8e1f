"""Published against computed, as a gate: a län or Riket value that the data does not
reproduce stops the report, unless the layout accepts it with a reason.

In: a ``RegionValue`` (computed by the indicator's rule, with the published value beside it),
its ``Indicator``, the ``Layout`` (its ``[[accepted_disagreements]]``) and the ``Registry``.
Out: ``gate`` returns the layout's acceptance (the report prints its reason under the table)
or None when the values agree, nothing is published, or the data cannot use the publisher's
rule (``aggregate.unverifiable``: no counts, so only a plain mean; or ``incomplete``: member
units without any row in the data; the published value is shown and the difference is
expected); any other disagreement is an ``InputError`` naming the
indicator, the unit, the year, both values and the units they were computed from, with the
entry that would accept it. ``unaccepted`` filters a list the same way for `check`.
"""

from __future__ import annotations

from regionreport.aggregate import METHOD_MEAN, METHOD_SHARE, METHOD_WEIGHTED, RegionValue, \
    unverifiable
from regionreport.errors import InputError
from regionreport.model.catalog import Indicator
from regionreport.numbers import format_or_missing

RULE_WORDS = {METHOD_SHARE: "the share of answering units with a positive answer",
              METHOD_WEIGHTED: "the sum of the numerators over the sum of the denominators",
              METHOD_MEAN: "the mean of the units"}


def disagrees(indicator: Indicator, value: RegionValue) -> bool:
    """Whether ``value``'s published number differs beyond rounding from the one the
    publisher's own rule gives from the data, with every member unit in the data."""
    return value.agrees is False and not unverifiable(indicator, value) and not value.absent


def incomplete(indicator: Indicator, value: RegionValue) -> bool:
    """Whether the published number differs from the computed one because the data lacks
    member units altogether (a file of some kommuner beside the published Riket row): the
    publisher's rule cannot be applied, so the difference is expected."""
    return value.agrees is False and not unverifiable(indicator, value) and bool(value.absent)


def gate(indicator: Indicator, value: RegionValue, layout, registry):
    """The layout's acceptance of ``value``'s disagreement, None where there is none; an
    ``InputError`` for a disagreement the layout does not accept."""
    if not disagrees(indicator, value):
        return None
    accepted = layout.accepted(indicator.id, value.region, value.year) if layout else None
    if accepted is not None:
        return accepted
    raise InputError(describe(indicator, value, registry), file=layout.path if layout else None,
                     fix=acceptance_fix(indicator, value))


def unaccepted(values: list[RegionValue], catalog, layout=None) -> list[RegionValue]:
    """The disagreements among ``values`` that ``layout`` (None: no layout) does not accept."""
    found = []
    for value in values:
        indicator = catalog.indicator(value.indicator)
        if disagrees(indicator, value) and not (
                layout is not None and layout.accepted(indicator.id, value.region, value.year)):
            found.append(value)
    return found


def describe(indicator: Indicator, value: RegionValue, registry) -> str:
    """One sentence: the unit, the indicator, the year, both values and their grounds."""
    unit = registry.get(value.region)
    name = f"{unit.name} ({value.region})" if unit else value.region
    published = format_or_missing(value.published, indicator.decimals)
    computed = format_or_missing(value.value, indicator.decimals)
    return (f"the published value of {name} for '{indicator.id}' ({indicator.short_name}) "
            f"in {value.year} is {published}, but {RULE_WORDS[value.method]} gives {computed} "
            f"({value.responding} of {len(value.units)} member units with data); the data "
            "cannot be trusted as it is")


def acceptance_fix(indicator: Indicator, value: RegionValue) -> str:
    """How to go on: correct the data, or accept this disagreement in the layout."""
    return ("correct the data file (a unit's row missing or changed, or the published row "
            "edited), or, if the published value is right for a reason the data does not "
            "show, accept it in the layout with that reason:\n"
            f"  [[accepted_disagreements]]\n  indicator = \"{indicator.id}\"\n"
            f"  unit = \"{value.region}\"\n  year = {value.year}\n"
            "  reason = \"...\"")
