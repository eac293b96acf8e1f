"""Key findings ("Viktiga resultat"): sentences written from the data, by templates in the layout.

In: a ``ComposeContext`` and the layout's ``[findings]`` table of Swedish sentence templates.
Out: ``Finding`` records (the sentence and the numbers in it) and their document blocks, about
only the areas and indicators the layout's sections show (``compose.selection``):
- per survey indicator area (or kvalitetsområde, when the report is organised by them), the
  indicators where the region differs most from Riket:
  "9 av 13 kommuner i länet har en aktuell överenskommelse ... (69,2 procent; riket 42,8
  procent)";
- the largest changes since last year, in percentage points;
- per register indicator of the chosen areas, the range across the units with their names:
  "från 0,9 procent i X till 5,8 procent i Y".
Region and Riket numbers are the values the results tables show (published where the source
has one), so text and tables agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from regionreport.aggregate import RegionValue
from regionreport.model.catalog import Indicator
from regionreport.config.layout import FINDINGS_REQUIRED
from regionreport.compose import selection
from regionreport.compose.context import ComposeContext
from regionreport.document import BulletList, Paragraph, Span
from regionreport.errors import InputError
from regionreport.numbers import format_number, format_or_missing

_REQUIRED = FINDINGS_REQUIRED

# Optional templates for a region of one responding unit (Gotland); without them the general
# templates are used ("1 av 1 kommuner ...").
_ONE_UNIT_CHANGE = ("one_unit_change", "status_met", "status_not_met")


@dataclass(frozen=True)
class Finding:
    """One sentence and the indicator and numbers it states (for tests and handouts)."""

    kind: str                  # categorical | numeric | change | register
    indicator: str
    text: str
    numbers: tuple[float, ...]


def shown(value: RegionValue) -> float | None:
    """The value a results table shows for a region row."""
    return value.published if value.published is not None else value.value


def _templates(context: ComposeContext) -> dict:
    templates = context.layout.findings
    for key in _REQUIRED:
        if not isinstance(templates.get(key), str):
            raise InputError(f"key 'findings.{key}' is missing", file=context.layout.path,
                             fix="a findings section needs the sentence templates under "
                                 "[findings] (docs/layout-format.md)")
    return templates


def area_findings(context: ComposeContext, area_id: str) -> list[Finding]:
    """The indicators of a survey area where the region differs most from Riket."""
    return group_findings(context, context.catalog.in_area(area_id))


def group_findings(context: ComposeContext, indicators: list[Indicator]) -> list[Finding]:
    """The indicators of a group (an indicator area or a kvalitetsområde) where the region
    differs most from Riket."""
    templates = _templates(context)
    year = context.survey_year
    ranked = []
    for position, indicator in enumerate(indicators):
        region_value = context.value(indicator, context.region, year)
        riket_value = shown(context.value(indicator, context.riket, year))
        value = shown(region_value)
        if value is None or riket_value is None:
            continue
        ranked.append((-abs(value - riket_value), position, indicator, region_value, value,
                       riket_value))
    ranked.sort(key=lambda r: (r[0], r[1]))
    found = []
    for _, _, indicator, region_value, value, riket_value in ranked[:int(
            templates.get("per_area", 2))]:
        found.append(_sentence(context, templates, indicator, region_value, value, riket_value))
    return found


def _single_unit(context: ComposeContext, region_value: RegionValue) -> str | None:
    """The name of the region's only responding unit (Gotland), or None when it has more."""
    if region_value.responding != 1:
        return None
    answering = [u for u in region_value.units if u not in region_value.nonresponding]
    return context.registry.unit(answering[0]).name if len(answering) == 1 else None


def _sentence(context, templates, indicator: Indicator, region_value: RegionValue,
              value: float, riket_value: float) -> Finding:
    decimals = indicator.decimals
    single = _single_unit(context, region_value)
    one_key = "one_unit_positive" if value > 0 else "one_unit_negative"
    if indicator.is_categorical and single is not None and isinstance(templates.get(one_key),
                                                                       str):
        # "1 av 1 kommuner har ..." reads oddly: a one-unit region says it of the unit itself.
        text = context.fill(templates[one_key], enhet=single, påstående=indicator.finding,
                            indikator=indicator.name, riket=format_number(riket_value, decimals))
        return Finding("categorical", indicator.id, text, (value, riket_value))
    if indicator.is_categorical and indicator.finding:
        text = context.fill(templates["categorical"], antal=region_value.positive,
                            enheter=region_value.responding,
                            enhetsord=context.fill(templates["unit_word"]),
                            regionfras=templates["region_phrase"], påstående=indicator.finding,
                            andel=format_number(value, decimals),
                            riket=format_number(riket_value, decimals))
        return Finding("categorical", indicator.id, text, (value, riket_value))
    text = context.fill(templates["numeric"], indikator=indicator.short_name,
                        värde=format_number(value, decimals), enhet=indicator.unit,
                        regionfras=templates["region_phrase"],
                        riket=format_number(riket_value, decimals))
    return Finding("numeric", indicator.id, text, (value, riket_value))


def change_findings(context: ComposeContext) -> list[Finding]:
    """The region's largest changes since last year among the survey shares the report
    shows, in points."""
    templates = _templates(context)
    year, previous = context.survey_year, context.layout.survey_previous
    if previous is None:
        return []
    changes = []
    presented = {i.id for _, group in survey_groups(context) for i in group}
    survey = [i for i in context.catalog.by_source("survey") if i.id in presented]
    for position, indicator in enumerate(survey):
        if not indicator.is_percentage:
            continue
        region_value = context.value(indicator, context.region, year)
        now = shown(region_value)
        before = shown(context.value(indicator, context.region, previous)) \
            if context.index.units(indicator.id, previous) else None
        if now is None or before is None:
            continue
        delta = round(now, indicator.decimals) - round(before, indicator.decimals)
        single = indicator.is_categorical and _single_unit(context, region_value) is not None
        changes.append((-abs(delta), position, indicator, before, now, delta, single))
    changes.sort(key=lambda c: (c[0], c[1]))
    found = []
    for _, _, indicator, before, now, delta, single in changes[:int(templates.get("changes", 3))]:
        if math.isclose(delta, 0.0, abs_tol=1e-9):
            continue
        if single and all(isinstance(templates.get(k), str) for k in _ONE_UNIT_CHANGE):
            # One unit: a share of 0 or 100 percent is a met or unmet indicator, not
            # "−100 points".
            status = templates["status_met"], templates["status_not_met"]
            text = context.fill(templates["one_unit_change"], indikator=indicator.name,
                                före_status=status[0] if before > 0 else status[1],
                                nu_status=status[0] if now > 0 else status[1])
        else:
            text = context.fill(templates["change"], indikator=indicator.short_name,
                                förändring=format_number(delta, indicator.decimals, signed=True),
                                före=format_number(before, indicator.decimals),
                                nu=format_number(now, indicator.decimals))
        found.append(Finding("change", indicator.id, text, (before, now, delta)))
    return found


def register_findings(context: ComposeContext, area_ids: list[str]) -> list[Finding]:
    """For each indicator of the areas that the report shows, the range across the region's
    units."""
    templates = _templates(context)
    year = context.layout.register_year
    found = []
    for indicator in selection.shown_in_areas(context.layout, context.catalog, area_ids):
        cells = context.index.units(indicator.id, year)
        units = [(cells[c].value, context.registry.unit(c).name) for c in
                 context.region_units(year, [indicator.id])
                 if c in cells and not math.isnan(cells[c].value)]
        if len(units) < 2:
            continue  # a range needs two units (Gotland is one kommun)
        low = min(units, key=lambda u: (u[0], u[1]))
        high = max(units, key=lambda u: (u[0], u[1]))
        value = shown(context.value(indicator, context.region, year))
        riket_value = shown(context.value(indicator, context.riket, year))
        decimals = indicator.decimals
        text = context.fill(templates["register"], indikator=indicator.short_name,
                            år=year, enhet=indicator.unit,
                            min=format_number(low[0], decimals), min_enhet=low[1],
                            max=format_number(high[0], decimals), max_enhet=high[1],
                            region=context.region.name,
                            värde=format_or_missing(value, decimals),
                            riket=format_or_missing(riket_value, decimals))
        found.append(Finding("register", indicator.id, text,
                             (low[0], high[0], value or math.nan, riket_value or math.nan)))
    return found


def survey_groups(context: ComposeContext) -> list[tuple[str, list[Indicator]]]:
    """The survey indicators grouped as the report presents them (``selection.survey_groups``:
    by kvalitetsområde or by indicator area, each with the indicators its sections show)."""
    return selection.survey_groups(context.layout, context.catalog)


def findings_blocks(context: ComposeContext, register_areas: list[str], *,
                    level: int = 2) -> list:
    """The document blocks of the key findings: a bullet list per survey area, the changes,
    the register ranges, each under a lead-in that is a heading of ``level``."""
    templates = _templates(context)
    blocks: list = []
    for name, indicators in survey_groups(context):
        sentences = group_findings(context, indicators)
        if sentences:
            blocks.append(Paragraph((Span(name, bold=True),), style="lead_in",
                                    heading_level=level))
            blocks.append(BulletList(tuple(Paragraph((Span(f.text),), style="bullet")
                                           for f in sentences)))
    changes = change_findings(context)
    if changes:
        blocks.append(Paragraph((Span(context.fill(templates["change_intro"]), bold=True),),
                                style="lead_in", heading_level=level))
        blocks.append(BulletList(tuple(Paragraph((Span(f.text),), style="bullet")
                                       for f in changes)))
    ranges = register_findings(context, register_areas)
    if ranges:
        intro = templates.get("register_intro")
        if intro:
            blocks.append(Paragraph((Span(context.fill(intro), bold=True),), style="lead_in",
                                    heading_level=level))
        blocks.append(BulletList(tuple(Paragraph((Span(f.text),), style="bullet")
                                       for f in ranges)))
    return blocks
