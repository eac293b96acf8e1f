"""The report's results tables as sheets for analysts: one header row, codes, numbers.

In: a results ``Table`` of the report, the report's ``ComposeContext`` (registry, regions,
index, the catalog's background columns) and the labels' ``[xlsx.table]`` and
``[xlsx.levels]``.
Out: a "records" ``Table`` with the same caption, legend and notes: one header row (a column
under an indicator spanning years is headed "<indicator> <year>"), the unit's code, name and
level ("kommun", "stadsdel", "län", "riket", "region") in the first three columns, then the
table's columns; a row per unit and per summary row (the city's group row above its
stadsdelar is left out: each stadsdel row carries its level and code); numbers stay numbers,
a background column of "this year (last year)" ("4 (5)") becomes two number columns, one per
year, and the missing mark becomes an empty cell (its style, and so its fill, kept).
"""

from __future__ import annotations

import math

from regionreport.compose import background
from regionreport.compose.context import ComposeContext
from regionreport.config.labels import Labels
from regionreport.document import Cell, HeaderCell, Row, Table
from regionreport.model.regions import Region
from regionreport.numbers import format_number

FROZEN_COLUMNS = 2                   # code and name


def unit_rows(context: ComposeContext, labels: Labels) -> dict[str, tuple[str, str, str]]:
    """Name -> (code, level word, länskod) of every row a results table of the report may
    have: the member units (and the stadsdelar of member cities), the region, the
    comparison län and Riket."""
    levels = labels["xlsx"]["levels"]
    registry = context.registry
    found: dict[str, tuple[str, str, str]] = {}
    years = {y for y in (context.layout.survey_year, context.layout.survey_previous,
                         context.layout.register_year, context.layout.register_first) if y}
    for member in context.region.members:
        unit = registry.unit(member)
        found.setdefault(unit.name, (unit.code, levels[unit.level], unit.county_code or ""))
        for year in sorted(years):
            for part in registry.stadsdelar_of(member, year):
                found.setdefault(part.name, (part.code, levels["stadsdel"],
                                             part.county_code or unit.county_code or ""))
    for region in (context.region, *context.comparisons, context.riket):
        found.setdefault(region.name, region_identity(context, region, labels))
    return found


def region_identity(context: ComposeContext, region: Region, labels: Labels
                    ) -> tuple[str, str, str]:
    """(code, level word, länskod) of a summary row: a län, Riket or a custom region."""
    levels = labels["xlsx"]["levels"]
    unit = context.registry.get(region.code)
    if region is context.riket or (unit is not None and unit.level == "riket"):
        return region.code, levels["riket"], ""
    if unit is not None and unit.level == "lan" and region.published_code == region.code:
        return region.code, levels["lan"], region.code
    counties = sorted({context.registry.unit(m).county_code or "" for m in region.members})
    return region.code, levels["region"], counties[0] if len(counties) == 1 else ""


def _headers(table: Table) -> list[str]:
    """One header per column: the texts of every header row above it, joined by a space."""
    columns = max([sum(h.span for h in row) for row in table.header] + [0])
    texts: list[list[str]] = [[] for _ in range(columns)]
    for header in table.header:
        column = 0
        for cell in header:
            for covered in range(column, column + cell.span):
                if cell.text.strip():
                    texts[covered].append(cell.text.strip())
            column += cell.span
    return [" ".join(parts) for parts in texts]


def _split_columns(context: ComposeContext, labels: Labels, headers: list[str]
                   ) -> dict[int, background.Column]:
    """Column -> its background column where the table prints this year and last year in
    one cell ("4 (5)"): found by the header the results tables or Tabell 1 give it."""
    found = {}
    for column in background.columns(context, labels):
        if not column.spec.previous or column.spec.kind == "group":
            continue
        names = {column.header}
        if column.table_header:
            names.add(context.fill(column.table_header, file=labels["table"].path
                                   if column.spec.from_labels else context.catalog.path))
        for position, header in enumerate(headers):
            if header in names:
                found[position] = column
    return found


def _number_cell(value: float | None, source: Cell) -> Cell:
    if value is None or math.isnan(value):
        return Cell("", style=source.style, align="right")
    return Cell(format_number(value, 0), style=source.style, align="right", value=value,
                decimals=0)


def _measure(context: ComposeContext, measure: str, code: str, year: int | None
             ) -> float | None:
    if year is None:
        return None
    found = context.index.units(measure, year).get(code)
    return None if found is None else found.value


def records_table(table: Table, context: ComposeContext, labels: Labels, sheet: str) -> Table:
    """``table`` as a records sheet named ``sheet`` (see the module's docstring)."""
    words = labels["xlsx"]["table"]
    missing = labels["table"]["missing_value"]
    headers = _headers(table)
    split = _split_columns(context, labels, headers)
    year, previous = context.survey_year, context.layout.survey_previous
    out_headers = [words["code"], headers[0] if headers else words["name"], words["level"]]
    for position, header in enumerate(headers[1:], start=1):
        if position in split:
            base = split[position].header
            out_headers += [f"{base} {year}"] + ([f"{base} {previous}"] if previous else [])
        else:
            out_headers.append(header)
    identities = unit_rows(context, labels)
    rows = []
    for row in table.rows:
        if row.role == "group":
            continue
        name = row.cells[0].text if row.cells else ""
        code, level, _ = identities.get(name, ("", "", ""))
        cells = [Cell(code, align="left"), Cell(name, align="left"),
                 Cell(level, align="left")]
        for position, cell in enumerate(row.cells[1:], start=1):
            if position in split:
                measure = split[position].spec.id
                cells.append(_number_cell(_measure(context, measure, code, year), cell))
                if previous:
                    cells.append(_number_cell(_measure(context, measure, code, previous),
                                              cell))
            elif cell.value is None and cell.text == missing:
                cells.append(Cell("", style=cell.style, align=cell.align))
            else:
                cells.append(cell)
        rows.append(Row(tuple(cells), role=row.role))
    return Table(key=table.key, caption=table.caption,
                 header=(tuple(HeaderCell(h) for h in out_headers),), rows=tuple(rows),
                 column_widths_mm=(None,) * len(out_headers), legend=table.legend,
                 notes=table.notes, wide=table.wide, subject=sheet, kind="records",
                 frozen_columns=FROZEN_COLUMNS)
