"""Which indicators a layout's sections show, and in which groups.

In: a ``Layout`` and its ``Catalog``.
Out: the indicators of one section (``section_indicators``: an area's indicators, or the
section's ``indicators`` subset of them in its order), the survey groups the report presents
(``survey_groups``: by kvalitetsområde when the layout has ``quality_area`` sections, else by
the indicator areas of its ``indicator_area`` sections) and every indicator the report shows
(``shown_ids``). The section composers, the key findings and the handout checks use these, so
that what the findings cite and what the tables show are the same indicators. An area or an
indicator the catalog does not have is an ``InputError`` naming the layout and the section.
"""

from __future__ import annotations

from regionreport.config.layout import Layout, Section
from regionreport.errors import InputError
from regionreport.model.catalog import Catalog, Indicator

# The kinds whose sections show indicators: cards and results tables.
INDICATOR_KINDS = ("indicator_area", "quality_area", "register_part")


def _check_area(layout: Layout, catalog: Catalog, section: Section, area_id: str) -> None:
    if not any(a.id == area_id for a in catalog.areas):
        key = "area" if section.kind != "register_part" else "areas"
        raise InputError(f"key '{section.where}.{key}': '{area_id}' is not an indicator area "
                         f"of the catalog '{catalog.id}'", file=layout.path,
                         fix="use one of " + ", ".join(a.id for a in catalog.areas))


def _subset(layout: Layout, section: Section, pool: list[Indicator], what: str
            ) -> list[Indicator]:
    """``pool``, or the section's ``indicators`` (each one of ``pool``) in the section's order."""
    if not section.indicators:
        return pool
    chosen = []
    for indicator_id in section.indicators:
        found = next((i for i in pool if i.id == indicator_id), None)
        if found is None:
            raise InputError(f"key '{section.where}.indicators': '{indicator_id}' is not an "
                             f"indicator of {what}", file=layout.path,
                             fix="use one of " + ", ".join(i.id for i in pool))
        chosen.append(found)
    return chosen


def section_indicators(layout: Layout, catalog: Catalog, section: Section,
                       area_id: str | None = None) -> list[Indicator]:
    """The indicators ``section`` shows (for a ``register_part``, those of its area
    ``area_id``): all of the area (or kvalitetsområde), or the section's ``indicators``
    subset. A register part's subset may name indicators of any of its areas; an area none
    of whose indicators is named shows none."""
    if section.kind == "quality_area":
        quality = next((q for q in catalog.quality_areas if q.id == section.area), None)
        if quality is None:
            raise InputError(f"key '{section.where}.area': '{section.area}' is not a quality "
                             f"area of the catalog '{catalog.id}'", file=layout.path,
                             fix="use one of " + ", ".join(q.id for q in
                                                           catalog.quality_areas))
        pool = [i for i in catalog.by_source("survey") if i.quality_area == quality.id]
        return _subset(layout, section, pool, f"the quality area '{quality.id}'")
    area_id = area_id if area_id is not None else section.area
    _check_area(layout, catalog, section, area_id)
    if section.kind == "register_part" and len(section.areas) > 1 and section.indicators:
        for other in section.areas:
            _check_area(layout, catalog, section, other)
        pool = [i for other in section.areas for i in catalog.in_area(other)]
        chosen = _subset(layout, section, pool,
                         "the areas " + ", ".join(f"'{a}'" for a in section.areas))
        return [i for i in chosen if i.area == area_id]
    return _subset(layout, section, catalog.in_area(area_id), f"the area '{area_id}'")


def survey_groups(layout: Layout, catalog: Catalog) -> list[tuple[str, list[Indicator]]]:
    """The survey indicators grouped as the report presents them: by kvalitetsområde in the
    order of the layout's ``quality_area`` sections when it has any (GR), else by the
    indicator areas of its ``indicator_area`` sections (the county report), each with the
    indicators its sections show; an area shown by two sections is one group."""
    quality = [s for s in layout.sections if s.kind == "quality_area"]
    names = {q.id: q.name for q in catalog.quality_areas}
    if quality:
        return _merged([(s.area, names.get(s.area, s.area),
                         section_indicators(layout, catalog, s)) for s in quality])
    groups = []
    for section in layout.sections:
        if section.kind != "indicator_area" or not section.area:
            continue
        _check_area(layout, catalog, section, section.area)
        area = catalog.find_area(section.area)
        if area.part == "survey":
            groups.append((area.id, area.name, section_indicators(layout, catalog, section)))
    return _merged(groups)


def _merged(groups: list[tuple[str, str, list[Indicator]]]
            ) -> list[tuple[str, list[Indicator]]]:
    """One group per id in order of first appearance, its indicators without repeats."""
    merged: dict[str, tuple[str, list[Indicator]]] = {}
    for group_id, name, indicators in groups:
        _, found = merged.setdefault(group_id, (name, []))
        found.extend(i for i in indicators if i not in found)
    return list(merged.values())


def shown_ids(layout: Layout, catalog: Catalog) -> set[str]:
    """The ids of every indicator that has a card and a table column in the report."""
    shown: set[str] = set()
    for section in layout.sections:
        if section.kind == "register_part":
            for area_id in section.areas:
                shown.update(i.id for i in section_indicators(layout, catalog, section,
                                                               area_id))
        elif section.kind in INDICATOR_KINDS and section.area:
            shown.update(i.id for i in section_indicators(layout, catalog, section))
    return shown


def shown_in_areas(layout: Layout, catalog: Catalog, area_ids: list[str]) -> list[Indicator]:
    """The indicators of ``area_ids`` (in that order, each area in catalog order) that the
    report shows."""
    shown = shown_ids(layout, catalog)
    return [i for area_id in area_ids for i in catalog.in_area(area_id) if i.id in shown]
