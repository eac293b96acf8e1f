"""The workbook's "Data" sheet: one row per unit, indicator and year that the report uses.

In: the report's ``ComposeContext`` and the labels' ``[xlsx]`` (``data`` headers, ``levels``,
``rules``).
Out: a "records" ``Table`` with the columns kommunkod (text: leading zeros kept), namn, län,
nivå, indikator-id, indikator (short name), år, svar, värde, täljare, nämnare, how the value
was formed and the value computed from the units. Its rows:
- the indicators the report's sections show (catalog order), and the background measures of
  its background columns; the survey indicators and measures in the survey year and the year
  before (``survey_previous``), the register indicators from ``register_first`` (or the year
  before the register year) to the register year, each year the data has;
- per indicator and year: every member unit the region counts (kommuner, or stadsdelar where
  they count), with its own answer, value and counts; then (not for background measures) the
  region, the comparison län and Riket with the value the report's tables show: the published
  value where the source has one, else the one computed by the indicator's rule. Their
  täljare and nämnare: a published row's own counts; for a computed value the sums of the
  answering units' counts (weighted) or the units answering positively and answering (share
  of positive answers: also for a published share without counts that the units give).
"""

from __future__ import annotations

import math

from regionreport.aggregate import (METHOD_SHARE, METHOD_WEIGHTED, RegionValue, UnitResult,
                                    unverifiable)
from regionreport.compose import background
from regionreport.compose.context import ComposeContext
from regionreport.compose.selection import shown_ids
from regionreport.compose.workbook_tables import region_identity
from regionreport.config.labels import XLSX_DATA_COLUMNS, Labels
from regionreport.document import Cell, HeaderCell, Row, Table
from regionreport.model.catalog import Indicator
from regionreport.model.regions import Region
from regionreport.numbers import format_number

FROZEN_COLUMNS = 2                   # kommunkod and namn
COUNT_DECIMALS = 2                   # täljare and nämnare that are not whole numbers


def data_table(context: ComposeContext, labels: Labels, sheet: str) -> Table:
    """The Data sheet (see the module's docstring), named ``sheet``."""
    headers = [labels["xlsx"]["data"][key] for key in XLSX_DATA_COLUMNS]
    rows: list[Row] = []
    for indicator, years, summaries in _plan(context, labels):
        source_ids = [i.id for i in context.catalog.by_source(
            "register" if indicator.source == "register" else "survey")]
        for year in years:
            for code in context.region_units(year, source_ids):
                rows.append(_unit_row(context, labels, indicator, year, code))
            if summaries:
                for region in (context.region, *context.comparisons, context.riket):
                    rows.append(_region_row(context, labels, indicator, year, region))
    return Table(key="data", caption="", header=(tuple(HeaderCell(h) for h in headers),),
                 rows=tuple(rows), column_widths_mm=(None,) * len(headers), subject=sheet,
                 kind="records", frozen_columns=FROZEN_COLUMNS)


def _plan(context: ComposeContext, labels: Labels) -> list[tuple[Indicator, list[int], bool]]:
    """(indicator, its years with data, whether it has summary rows) in sheet order."""
    layout, catalog, index = context.layout, context.catalog, context.index
    survey = [y for y in (layout.survey_previous, layout.survey_year) if y]
    first = layout.register_first or layout.register_year - 1
    register = list(range(min(first, layout.register_year), layout.register_year + 1))
    shown = shown_ids(layout, catalog)
    measures = {c.spec.id for c in background.columns(context, labels)
                if c.spec.kind != "group"}
    plan = []
    for indicator in catalog.indicators:
        if indicator.id in shown and indicator.source != "background":
            wanted, summaries = (register if indicator.source == "register" else survey), True
        elif indicator.id in measures:
            wanted, summaries = survey, False
        else:
            continue
        years = [y for y in sorted(set(wanted)) if index.units(indicator.id, y)]
        if years:
            plan.append((indicator, years, summaries))
    return plan


def _text(text: str) -> Cell:
    return Cell(text, align="left")


def _number(value: float | None, decimals: int) -> Cell:
    if value is None or math.isnan(value):
        return Cell("", align="right")
    return Cell(format_number(value, decimals), align="right", value=float(value),
                decimals=decimals)


def _count(value: float | None, indicator: Indicator) -> Cell:
    if value is None or math.isnan(value):
        return Cell("", align="right")
    return _number(value, 0 if float(value).is_integer() else COUNT_DECIMALS)


def _head(indicator: Indicator, year: int) -> list[Cell]:
    return [_text(indicator.id), _text(indicator.short_name),
            Cell(str(year), align="right", value=float(year), decimals=0)]


def _unit_row(context: ComposeContext, labels: Labels, indicator: Indicator, year: int,
              code: str) -> Row:
    unit = context.registry.unit(code)
    result = context.index.units(indicator.id, year).get(code, UnitResult())
    county = unit.county_code or ""
    if not county and unit.parent_code:
        county = context.registry.unit(unit.parent_code).county_code or ""
    cells = [_text(code), _text(unit.name), _text(county),
             _text(labels["xlsx"]["levels"][unit.level]), *_head(indicator, year),
             _text(result.answer or ""), _number(result.value, indicator.decimals),
             _count(result.numerator, indicator), _count(result.denominator, indicator),
             _text(""), _text("")]
    return Row(tuple(cells))


def _region_row(context: ComposeContext, labels: Labels, indicator: Indicator, year: int,
                region: Region) -> Row:
    value = context.value(indicator, region, year)
    code, level, county = region_identity(context, region, labels)
    numerator, denominator = _counts(context, indicator, value, region)
    shown = value.published if value.published is not None else value.value
    cells = [_text(code), _text(region.name), _text(county), _text(level),
             *_head(indicator, year), _text(""), _number(shown, indicator.decimals),
             _count(numerator, indicator), _count(denominator, indicator),
             _text(formed(context, labels, indicator, value)),
             _number(value.value, indicator.decimals)]
    return Row(tuple(cells))


def _counts(context: ComposeContext, indicator: Indicator, value: RegionValue,
            region: Region) -> tuple[float | None, float | None]:
    """täljare and nämnare of a summary row (see the module's docstring)."""
    if value.published is not None:
        own = context.index.units(indicator.id, value.year).get(region.published_code)
        if own is not None and not (math.isnan(own.numerator) or math.isnan(own.denominator)):
            return own.numerator, own.denominator
        if value.agrees is not True or value.method != METHOD_SHARE:
            return None, None
    if value.value is None:
        return None, None
    if value.method == METHOD_SHARE:
        return float(value.positive), float(value.responding)
    if value.method == METHOD_WEIGHTED:
        cells = context.index.units(indicator.id, value.year)
        answering = [r for r in (cells.get(c, UnitResult()) for c in value.units) if r.answered]
        return (math.fsum(r.numerator for r in answering),
                math.fsum(r.denominator for r in answering))
    return None, None


def formed(context: ComposeContext, labels: Labels, indicator: Indicator,
           value: RegionValue) -> str:
    """How the value a summary row shows was formed, in the words of ``[xlsx.rules]``."""
    rules = labels["xlsx"]["rules"]
    rule = rules[value.method]
    if value.published is None:
        return rule if value.value is not None else ""
    if value.value is None:
        key = "published_only"
    elif unverifiable(indicator, value):
        key = "published_unverifiable"
    elif value.agrees is False:
        key = "published_differs"
    else:
        key = "published"
    return context.fill(rules[key], file=rules.path, regel=rule)
