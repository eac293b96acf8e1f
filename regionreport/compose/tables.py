"""Results tables: the background table and one table per indicator area.

In: a ``ComposeContext`` and the Swedish labels (layouts/labels/sv.toml).
Out: ``Table`` blocks with formatted cells and style names:
- ``background_table``: each member unit with länskod, municipality group and socio-economic
  key this year (last year's in parentheses);
- ``area_table``: a row per member unit with background columns (size class, group, key) and,
  per indicator, last year's value beside this year's where it exists; then the region row,
  comparison län rows and the Riket row. Categorical answers are styled positive / negative /
  missing; numeric values with a direction good / middle / bad by quartile of all kommuner and
  stadsdelar nationally; numbers without a direction are not styled.
Region rows show a published value where the source has one (a disagreement with the computed
value is noted under the table) and the computed value otherwise.
"""

from __future__ import annotations

import dataclasses
import math
import statistics

from regionreport.aggregate import RegionValue, UnitResult, unverifiable
from regionreport.disagreements import incomplete
from regionreport.model.catalog import Indicator
from regionreport.compose import background
from regionreport.compose.table_fit import fits_landscape, fits_portrait
from regionreport.compose.context import ComposeContext
from regionreport.compose.units import caption_unit
from regionreport.document import Cell, HeaderCell, LegendItem, Row, Table
from regionreport.numbers import format_number, format_or_missing
from regionreport.model.regions import Region

def _label(context: ComposeContext, labels: dict, key: str, **values: object) -> str:
    text = context.fill(labels[key], file=labels.path, **values)
    # a name that ends in an abbreviation ("var 3:e mån.") at the end of a sentence
    return text[:-1] if text.endswith("..") else text


def _city_row(context: ComposeContext, table_labels: dict, code: str, units: list[str],
              columns: int) -> list[Row]:
    """A group row naming the city before the first of its stadsdelar in a table (the
    stadsdelar alone, "Angered", "Bromma", do not say which kommun they belong to)."""
    unit = context.registry.unit(code)
    if unit.level != "stadsdel":
        return []
    position = units.index(code)
    if position > 0 and context.registry.unit(units[position - 1]).parent_code == \
            unit.parent_code:
        return []
    city = context.registry.unit(unit.parent_code).name
    text = _label(context, table_labels, "city_group", stad=city)
    return [Row((Cell(text, align="left"),) + (Cell(""),) * (columns - 1), role="group")]


def unit_name(context: ComposeContext, code: str) -> str:
    return context.registry.unit(code).name


def _group(context: ComposeContext, code: str):
    return context.registry.group(context.layout.municipality_groups, code)


def background_table(context: ComposeContext, labels: dict) -> tuple[Table, list[str]]:
    """The background table (each member unit with its länskod, municipality group and the
    background measures the catalog shows there) and the names of the groups that occur."""
    table_labels = labels["table"]
    chosen = background.columns(context, labels)
    with_group = any(c.spec.kind == "group" for c in chosen)
    measures = [c for c in chosen if c.spec.background_table and c.spec.kind != "group"]
    units = _member_units(context)
    rows = []
    groups = {}
    width = 2 + with_group + len(measures)
    for code in units:
        rows += _city_row(context, table_labels, code, units, width)
        unit = context.registry.unit(code)
        group = _group(context, code)
        if group:
            groups[group.code] = group.name
        cells = [Cell(unit.name, align="left"), Cell(unit.county_code or "")]
        if with_group:
            cells.append(Cell(f"{group.code} {group.name}" if group else "", align="left"))
        cells += [Cell(background.this_and_last(context, c.spec.id, code)) for c in measures]
        rows.append(Row(tuple(cells), indent=unit.level == "stadsdel"))
    header = [HeaderCell(_unit_header(context, table_labels)),
              HeaderCell(table_labels["lan_code"])]
    if with_group:
        header.append(HeaderCell(_label(context, table_labels, "group_name")))
    for column in measures:
        header.append(HeaderCell(context.fill(
            column.table_header, file=table_labels.path if column.spec.from_labels
            else context.catalog.path)))
    widths = list(context.theme.columns["background_mm"])
    widths = widths[:2] + (widths[2:3] if with_group else []) + \
        [w for w in widths[3:3 + len(measures)]]
    widths += [None] * (width - len(widths))
    number = context.counters.table()
    table = Table(key=f"table-{number}",
                  caption=_label(context, table_labels, "background_caption", nummer=number),
                  header=(tuple(header),), rows=tuple(rows),
                  column_widths_mm=tuple(widths),
                  subject=labels["xlsx"]["background_sheet"])
    occurring = [f"{code} {name}" for code, name in sorted(groups.items(),
                                                           key=lambda g: _group_order(g[0]))]
    return table, occurring


def _group_order(code: str):
    return (len(code), code)


def _unit_header(context: ComposeContext, table_labels: dict) -> str:
    has_stadsdelar = any(context.registry.unit(c).level == "stadsdel"
                         for c in _member_units(context))
    return table_labels["unit_stadsdelar" if has_stadsdelar else "unit"]


def _member_units(context: ComposeContext) -> list[str]:
    survey = [i.id for i in context.catalog.by_source("survey")]
    return context.region_units(context.survey_year, survey)


def area_tables(context: ComposeContext, labels: dict, title: str, part: str,
                indicators: list[Indicator], year: int, previous: int | None) -> list[Table]:
    """The results table(s) of a group of indicators: more than the theme's
    ``tables.max_indicators_per_part`` are split into parts ("(del 1 av 2)"), and into more
    parts while a part cannot hold its longest words on a landscape page at the theme's
    type size (``table_fit``), so that no word in a cell or header is broken."""
    most = int(context.theme.tables["max_indicators_per_part"])
    parts = max(1, math.ceil(len(indicators) / most))
    first_number = context.counters.tables
    while True:
        context.counters.tables = first_number      # a try that does not fit numbers nothing
        size = math.ceil(len(indicators) / parts) if indicators else 1   # balanced: 8 → 4 + 4
        chunks = [indicators[i:i + size] for i in range(0, len(indicators), size)] or [[]]
        if len(chunks) == 1:
            tables = [area_table(context, labels, title, part, indicators, year, previous)]
        else:
            tables = [area_table(context, labels,
                                 _label(context, labels["table"], "part_title", område=title,
                                        del_nr=number, delar=len(chunks)),
                                 part, chunk, year, previous)
                      for number, chunk in enumerate(chunks, start=1)]
        if size == 1 or all(fits_landscape(t, context.theme) for t in tables):
            return tables       # every word has room (or one indicator a part: the most)
        parts += 1


def area_table(context: ComposeContext, labels: dict, title: str, part: str,
               indicators: list[Indicator], year: int, previous: int | None) -> Table:
    """The results table of a group of indicators (an indicator area or a quality area;
    ``title`` names it in the caption, ``part`` is "survey" or "register") for ``year``."""
    table_labels = labels["table"]
    units = context.region_units(year, [i.id for i in indicators])
    years_of = {}
    for indicator in indicators:
        shown = [year]
        if previous is not None and context.layout.previous_year \
                and context.index.units(indicator.id, previous):
            shown = [previous, year]
        years_of[indicator.id] = shown
    chosen = background.columns(context, labels)   # the same in every table
    top = [HeaderCell("")] * (1 + len(chosen))
    second = [HeaderCell(_unit_header(context, table_labels)),
              *(HeaderCell(c.header) for c in chosen)]
    columns = context.theme.columns
    widths: list[float | None] = [columns["unit_mm"], *(c.width_mm for c in chosen)]
    for indicator in indicators:
        shown = years_of[indicator.id]
        top.append(HeaderCell(indicator.short_name, span=len(shown)))
        second.extend(HeaderCell(str(y)) for y in shown)
        widths.extend([None] * len(shown))
    quartiles = {i.id: {y: national_quartiles(context, i, y) for y in years_of[i.id]}
                 for i in indicators}
    rows = []
    for code in units:
        rows += _city_row(context, table_labels, code, units, len(widths))
        cells = [Cell(unit_name(context, code), align="left"),
                 *(background.cell(context, c, code) for c in chosen)]
        for indicator in indicators:
            for shown_year in years_of[indicator.id]:
                result = context.index.units(indicator.id, shown_year).get(code, UnitResult())
                cells.append(unit_cell(indicator, result, quartiles[indicator.id][shown_year],
                                       table_labels))
        rows.append(Row(tuple(cells), role="unit",
                        indent=context.registry.unit(code).level == "stadsdel"))
    notes: list[str] = []
    rules: dict[str, list[str]] = {}    # how the region's numeric values were formed
    published_rows: list[str] = []      # rows showing a published value the data cannot check
    summary_regions = [(context.region, "region")] + [(r, "comparison")
                                                     for r in context.comparisons]
    summary_regions.append((context.riket, "riket"))
    for region, role in summary_regions:
        cells = [Cell(region.name, align="left"), *(Cell("") for _ in chosen)]
        for indicator in indicators:
            for shown_year in years_of[indicator.id]:
                value = context.value(indicator, region, shown_year)
                cells.append(region_cell(indicator, value, table_labels))
                if unverifiable(indicator, value):
                    published_rows.append(region.name)
                    continue
                notes.extend(_disagreement_notes(context, table_labels, indicator, region,
                                                 value))
                if (region is context.region and shown_year == year
                        and value.value is not None and not indicator.is_categorical):
                    key = "weighted_rule_note" if value.method == "weighted" \
                        else "mean_rule_note"
                    rules.setdefault(key, []).append(indicator.short_name)
        rows.append(Row(tuple(cells), role=role))
    numeric = sum(1 for i in indicators if not i.is_categorical)
    for key, names in rules.items():
        if len(names) == numeric == len(indicators):   # one rule for every column: no list
            notes.insert(0, _label(context, table_labels, f"{key}_all",
                                   region=context.region.name))
        else:
            notes.insert(0, _label(context, table_labels, key, region=context.region.name,
                                   indikatorer="; ".join(names)))
    others = ", ".join(region.name for region, _ in summary_regions[:-1])
    region_rows = f" {labels['words']['and']} ".join([others, context.riket.name])
    if published_rows:
        names = [r.name for r, _ in summary_regions if r.name in published_rows]
        notes.insert(0, _label(context, table_labels, "published_rule_note",
                               regionrader=_joined(names, labels)))
    lead = background.notes(context, chosen, table_labels.path)
    if any(i.is_categorical for i in indicators):
        lead.append(_label(context, table_labels, "share_rule_note", regionrader=region_rows))
    new = [i.short_name for i in indicators if len(years_of[i.id]) == 1 and previous
           and context.layout.previous_year]
    if new:
        lead.append(_label(context, table_labels, "new_indicator_note", år=year,
                           indikatorer=", ".join(new)))
    number = context.counters.table()
    caption_key = "area_caption" if part == "survey" else "register_caption"
    if not any(len(shown) > 1 for shown in years_of.values()):
        caption_key += "_one_year"     # no column of last year: the caption names one year
    flexible = sum(1 for w in widths if w is None)
    natural_mm = sum(w for w in widths if w is not None) + flexible * columns["min_value_mm"]
    has_stadsdelar = any(context.registry.unit(c).level == "stadsdel" for c in units)
    table = Table(key=f"table-{number}",
                  caption=_label(context, table_labels, caption_key, nummer=number,
                                 område=title, år=year, föregående_år=previous or "",
                                 måttenhet=caption_unit(indicators, labels),
                                 enhet=labels["words"]["unit_with_stadsdelar" if has_stadsdelar
                                                      else "unit"]),
                  header=(tuple(top), tuple(second)), rows=tuple(rows),
                  column_widths_mm=tuple(widths), legend=legend_for(rows, labels),
                  notes=tuple(dict.fromkeys(lead + notes)),
                  wide=natural_mm > context.theme.text_width_mm(), subject=title)
    if not table.wide and not fits_portrait(table, context.theme):
        table = dataclasses.replace(table, wide=True)   # its words need a landscape page
    return table


def _joined(names: list[str], labels: dict) -> str:
    """"A, B och C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {labels['words']['and']} {names[-1]}"


def _disagreement_notes(context: ComposeContext, table_labels: dict, indicator: Indicator,
                        region: Region, value: RegionValue) -> list[str]:
    """A note where a published region value differs from the one computed from the units:
    where the data lacks member units (``disagreements.incomplete``), or where the layout
    accepts the difference (any other has stopped the report): the values, and the layout's
    reason (label ``accepted_disagreement_note``; a labels file without it gets
    ``disagreement_note`` followed by the reason)."""
    accepted = context.accepted(indicator, value)
    if accepted is None and not incomplete(indicator, value):
        return []
    fields = dict(indikator=indicator.short_name, enhet=region.name,
                  publicerat=format_number(value.published, indicator.decimals),
                  beräknat=format_or_missing(value.value, indicator.decimals,
                                             missing=table_labels["missing_value"]))
    if accepted is None:               # the data lacks member units: the rule cannot apply
        return [_label(context, table_labels, "disagreement_note", **fields)]
    if "accepted_disagreement_note" in table_labels:
        return [_label(context, table_labels, "accepted_disagreement_note", skäl=accepted.reason,
                       **fields)]
    return [f"{_label(context, table_labels, 'disagreement_note', **fields)} {accepted.reason}"]


def unit_cell(indicator: Indicator, result: UnitResult, quartiles: tuple[float, float] | None,
              table_labels: dict) -> Cell:
    """A member unit's cell: its answer or value, styled."""
    if indicator.is_categorical:
        if result.answer is None:
            return Cell(table_labels["missing_value"], style="missing")
        style = "positive" if result.answer in indicator.positive else \
            "partial" if result.answer in indicator.partial else "negative"
        return Cell(result.answer, style=style)
    if math.isnan(result.value):
        return Cell(table_labels["missing_value"], style="missing")
    return Cell(format_number(result.value, indicator.decimals),
                style=quartile_style(indicator, result.value, quartiles), align="right",
                value=result.value, decimals=indicator.decimals)


def region_cell(indicator: Indicator, value: RegionValue, table_labels: dict) -> Cell:
    """A region row's cell: the published value where given, else the computed one."""
    shown = value.published if value.published is not None else value.value
    if shown is None:
        return Cell(table_labels["missing_value"], style="missing")
    return Cell(format_number(shown, indicator.decimals), align="right", value=shown,
                decimals=indicator.decimals)


def national_quartiles(context: ComposeContext, indicator: Indicator, year: int
                       ) -> tuple[float, float] | None:
    """The 25th and 75th percentile over all kommuner and stadsdelar with a value (numeric
    indicators with a direction only)."""
    if indicator.is_categorical or indicator.direction == "none":
        return None
    values = sorted(cell.value for code, cell in context.index.units(indicator.id, year).items()
                    if context.registry.unit(code).level in ("kommun", "stadsdel")
                    and not math.isnan(cell.value))
    if len(values) < 4:
        return None
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def quartile_style(indicator: Indicator, value: float, quartiles) -> str:
    """good / middle / bad by national quartile in the indicator's direction."""
    if quartiles is None:
        return ""
    low, high = quartiles
    if indicator.direction == "up":
        return "good" if value >= high else "bad" if value <= low else "middle"
    return "good" if value <= low else "bad" if value >= high else "middle"


def legend_for(rows: list[Row], labels: dict) -> tuple[LegendItem, ...]:
    """The legend entries of the styles the table's cells use (none: no legend)."""
    legend = labels["legend"]
    used = {cell.style for row in rows for cell in row.cells if cell.style}
    items = [LegendItem(style, legend[style]) for style in
             ("positive", "partial", "negative", "good", "middle", "bad", "missing")
             if style in used]
    return (LegendItem("", legend["title"]), *items) if items else ()
