"""Template fields: the values prose and meta texts may quote, computed from the data.

In: a ``ComposeContext`` (layout, region, results) and the labels (their ``[words]``).
Out: a dict field name -> Swedish text: {år}, {föregående_år}, {registerår},
{första_registerår}, {region}, {organisation}, {antal_kommuner}, {antal_enheter},
{antal_svarande}, {svarsfrekvens}, {riket_enheter}, {riket_svarande}, {riket_svarsfrekvens},
{antal_indikatorer}, {antal_enkätindikatorer}, {antal_registerindikatorer}, {titel},
{enhet} ("kommun", or "kommun och stadsdel" where stadsdelar are units), {enheter} (plural),
in the words of the labels' ``[words]``.
The list is documented in docs/layout-format.md.
"""

from __future__ import annotations

from regionreport.compose.context import ComposeContext
from regionreport.numbers import format_number
from regionreport.compose.prose import fill_fields
from regionreport.config.labels import Labels
from regionreport.model.regions import Region


def survey_response(context: ComposeContext, region: Region) -> tuple[int, int]:
    """(units asked, units that answered at least one survey question) in the survey year."""
    year = context.survey_year
    survey = [i.id for i in context.catalog.by_source("survey")]
    present: set[str] = set()
    for indicator_id in survey:
        present.update(context.index.units(indicator_id, year))
    units = region.data_units(context.registry, year, frozenset(present))
    answered = sum(1 for code in units
                   if any(context.index.units(i, year).get(code) is not None
                          and context.index.units(i, year)[code].answered for i in survey))
    return len(units), answered


def compute_fields(context: ComposeContext, labels: Labels) -> dict[str, str]:
    """Every template field's text (meta title and subtitle filled in too); the words of
    {enhet} and {enheter} from the labels' ``[words]``."""
    layout, catalog, words = context.layout, context.catalog, labels["words"]
    asked, answered = survey_response(context, context.region)
    riket_asked, riket_answered = survey_response(context, context.riket)
    kommuner = sum(1 for c in context.region.members
                   if context.registry.unit(c).level == "kommun")
    survey_units = context.region_units(context.survey_year,
                                        [i.id for i in catalog.by_source("survey")])
    with_stadsdelar = any(context.registry.unit(c).level == "stadsdel" for c in survey_units)
    fields = {
        "år": str(layout.survey_year),
        "föregående_år": str(layout.survey_previous or layout.survey_year - 1),
        "registerår": str(layout.register_year),
        "första_registerår": str(layout.register_first),
        "region": context.region.name,
        "organisation": layout.meta["organisation"],
        "antal_kommuner": str(kommuner),
        "antal_enheter": str(asked),
        "antal_svarande": str(answered),
        "svarsfrekvens": format_number(100 * answered / asked if asked else 0, 0),
        "riket_enheter": str(riket_asked),
        "riket_svarande": str(riket_answered),
        "riket_svarsfrekvens": format_number(100 * riket_answered / riket_asked
                                             if riket_asked else 0, 0),
        "antal_indikatorer": str(len(catalog.by_source("survey"))
                                 + len(catalog.by_source("register"))),
        "antal_enkätindikatorer": str(len(catalog.by_source("survey"))),
        "antal_registerindikatorer": str(len(catalog.by_source("register"))),
        "område": catalog.area,
        "enhet": words["unit_with_stadsdelar" if with_stadsdelar else "unit"],
        "enheter": words["units_with_stadsdelar" if with_stadsdelar else "units"],
        "gruppering": labels["groupings"][layout.municipality_groups],
    }
    fields["titel"] = fill_fields(layout.meta["title"], fields, file=layout.path)
    fields["organisation"] = fill_fields(layout.meta["organisation"], fields, file=layout.path)
    return fields
