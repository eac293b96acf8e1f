"""The sheets of a generic sample: the cells the source profile describes, with the Riket
and län rows computed as the tool computes them.

In: the ``SamplePlan``, the registry, the drawn unit entries (per (indicator, year) unit
code -> ``Entry``) and the survey frames.
Out: ``SheetGrid``s (one per profile sheet: the unit codes of its rows and each row's cells)
and ``write_workbook``, which lays them out in an openpyxl workbook: title and note above
the profile's header row, the header row (code, name, "Län", the profile's column headers),
then the rows. A missing value is an empty cell (which every profile reads as missing).

Rows: Riket and the 21 län (when a column of the sheet is aggregated), then in code order
every unit asked in the survey (a sheet with survey columns: also those that answered
nothing; its other columns are filled for the same units) or else every kommun and stadsdel
valid that year (register and class columns). A sheet whose years were
not asked for keeps its header row and has no rows.

Riket and län cells: the tidy table the workbook reader will produce is rebuilt from the unit
cells, and ``aggregate.region_value`` forms each published value by the indicator's rule, so
that ``regionreport check`` reproduces every one of them; count columns hold the sum of the
units' counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook

from regionreport.aggregate import ResultIndex, region_value
from regionreport.model.regions import county_region, riket_region
from regionreport.model.registry import Registry
from regionreport.model.results import tidy_table
from regionreport.numbers import round_half_up
from regionreport.sample.entry import Entry
from regionreport.sample.plan import SamplePlan
from regionreport.sources.profile import ColumnTarget, SheetSpec

COUNTY_HEADER = "Län"


@dataclass
class SheetGrid:
    """One sheet: its spec, its row units in order, and per unit the cell of each column."""

    spec: SheetSpec
    codes: list[str]
    cells: dict[str, list[object]]
    county_column: bool


def make_grids(plan: SamplePlan, registry: Registry,
               entries: dict[tuple[str, int], dict[str, Entry]],
               frames: dict[int, tuple[str, ...]]) -> list[SheetGrid]:
    """Every profile sheet with its unit cells and then its Riket and län cells."""
    grids = [_unit_grid(spec, plan, registry, entries, frames) for spec in plan.profile.sheets]
    index = ResultIndex(tidy_table(_tidy_rows(grids, plan, registry)))
    regions = [riket_region(registry)] + [county_region(registry, c.code)
                                          for c in registry.counties()]
    for grid in grids:
        for region in regions:
            if region.code in grid.cells:
                grid.cells[region.code] = _region_cells(grid, region, plan, registry, index)
    return grids


def _selected(spec: SheetSpec, plan: SamplePlan) -> list[tuple[str, tuple[ColumnTarget, ...]]]:
    """The sheet's columns with only the targets of the sample's years."""
    return [(header, tuple(t for t in targets if t.year in plan.years))
            for header, targets in spec.columns]


def _unit_grid(spec: SheetSpec, plan: SamplePlan, registry: Registry,
               entries: dict[tuple[str, int], dict[str, Entry]],
               frames: dict[int, tuple[str, ...]]) -> SheetGrid:
    columns = _selected(spec, plan)
    targets = [t for _, ts in columns for t in ts]
    units: set[str] = set()
    survey = [t for t in targets if _is_survey(plan, t)]
    for target in survey or targets:
        if survey:
            units.update(frames.get(target.year, ()))
        else:
            units.update(u.code for u in registry.units("kommun") + registry.units("stadsdel")
                         if u.valid_in(target.year))
    aggregated = any(plan.indicators[t.indicator].indicator.aggregation != "none"
                     for t in targets)
    codes = sorted(units)
    if aggregated:
        codes = [registry.riket.code] + [c.code for c in registry.counties()] + codes
    cells = {}
    for code in codes:
        row = []
        for header, column_targets in columns:
            found = [_cell(entries.get((t.indicator, t.year), {}).get(code), t.role)
                     for t in column_targets]
            given = [f for f in found if f is not None]
            if any(g != given[0] for g in given[1:]):
                raise ValueError(f"sheet '{spec.name}', column '{header}': the shared cell of "
                                 f"{code} differs between its targets")
            row.append(given[0] if given else None)
        cells[code] = row
    headers = {_normal(h) for h in [spec.code_header, spec.name_header or ""]
               + [h for h, _ in spec.columns]}
    return SheetGrid(spec, codes, cells, _normal(COUNTY_HEADER) not in headers)


def _is_survey(plan: SamplePlan, target: ColumnTarget) -> bool:
    indicator_plan = plan.indicators[target.indicator]
    return indicator_plan.indicator.source == "survey" and indicator_plan.draw != "class"


def _cell(entry: Entry | None, role: str):
    if entry is None:
        return None
    if role == "value":
        return entry.answer if entry.answer is not None else entry.value
    return entry.numerator if role == "numerator" else entry.denominator


def _tidy_rows(grids: list[SheetGrid], plan: SamplePlan, registry: Registry) -> list[dict]:
    """The rows the workbook reader makes of these cells (region rows still empty)."""
    rows: dict[tuple[str, str, int], dict] = {}
    for grid in grids:
        columns = _selected(grid.spec, plan)
        for code in grid.codes:
            for (_, targets), raw in zip(columns, grid.cells[code]):
                for target in targets:
                    row = rows.setdefault((target.indicator, code, target.year), {
                        "indicator": target.indicator, "unit": code, "year": target.year})
                    if raw is None:
                        continue
                    if isinstance(raw, str):
                        row["answer"] = raw
                    else:
                        row[target.role] = float(raw)
    return list(rows.values())


def _region_cells(grid: SheetGrid, region, plan: SamplePlan, registry: Registry,
                  index: ResultIndex) -> list[object]:
    """A Riket or län row: the computed value of each value column, the units' summed counts
    in each count column."""
    row: list[object] = []
    position = {code: i for i, code in enumerate(grid.codes)}
    for column, (_, targets) in enumerate(_selected(grid.spec, plan)):
        cell = None
        for target in targets:
            indicator = plan.indicators[target.indicator].indicator
            if indicator.aggregation == "none":
                continue
            value = region_value(index, indicator, region, target.year, registry)
            if target.role == "value":
                cell = None if value.value is None else \
                    round_half_up(value.value, indicator.decimals)
            else:
                counts = [grid.cells[u][column] for u in value.units
                          if u in position and grid.cells[u][column] is not None]
                cell = sum(counts) if counts else None
            break
        row.append(cell)
    return row


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# -- the workbook ---------------------------------------------------------------------------------
def write_workbook(grids: list[SheetGrid], plan: SamplePlan, registry: Registry,
                   about: list[str], note: str) -> Workbook:
    """The workbook: an "Om filen" sheet (unless the profile names a sheet so), then the
    profile's sheets in order."""
    workbook = Workbook()
    first = workbook.active
    names = {_normal(g.spec.name) for g in grids}
    if _normal("Om filen") in names:
        workbook.remove(first)
    else:
        first.title = "Om filen"
        for row, text in enumerate(about, start=1):
            first.cell(row=row, column=1, value=text)
        first.column_dimensions["A"].width = 110
    for grid in grids:
        _write_sheet(workbook.create_sheet(grid.spec.name), grid, plan, registry, note)
    return workbook


def _write_sheet(sheet, grid: SheetGrid, plan: SamplePlan, registry: Registry,
                 note: str) -> None:
    spec = grid.spec
    if spec.header_row > 1:
        sheet.cell(row=1, column=1, value=_title(spec, plan))
    if spec.header_row > 2:
        sheet.cell(row=2, column=1, value=note)
    headers = [spec.code_header] + ([spec.name_header] if spec.name_header else []) \
        + ([COUNTY_HEADER] if grid.county_column else []) + [h for h, _ in spec.columns]
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=spec.header_row, column=column, value=header)
    first = len(headers) - len(spec.columns) + 1
    formats = [_format(targets, plan) for _, targets in _selected(spec, plan)]
    for row, code in enumerate(grid.codes, start=spec.header_row + 1):
        unit = registry.unit(code)
        leading = [code] + ([unit.name] if spec.name_header else [])
        if grid.county_column:
            leading.append(unit.code if unit.level == "lan" else unit.county_code)
        for column, value in enumerate(leading, start=1):
            sheet.cell(row=row, column=column, value=value)
        for offset, value in enumerate(grid.cells[code]):
            cell = sheet.cell(row=row, column=first + offset, value=value)
            if value is not None and not isinstance(value, str):
                cell.number_format = formats[offset]
    sheet.freeze_panes = sheet.cell(row=spec.header_row + 1, column=first)
    sheet.column_dimensions["B"].width = 26


def _format(targets: tuple[ColumnTarget, ...], plan: SamplePlan) -> str:
    if not targets:
        return "General"
    indicator_plan = plan.indicators[targets[0].indicator]
    if targets[0].role != "value" or indicator_plan.draw == "class":
        return "0"
    decimals = indicator_plan.indicator.decimals
    return "0" if decimals <= 0 else "0." + "0" * decimals


def _title(spec: SheetSpec, plan: SamplePlan) -> str:
    """"Öppna jämförelser – <area> <year>: <the sheet's indicator areas>"."""
    catalog = plan.catalog
    names = []
    for _, targets in spec.columns:
        for target in targets:
            indicator = catalog.indicator(target.indicator)
            area = next((a.name for a in catalog.areas if a.id == indicator.area), None)
            name = area if area and indicator.kind != "class" else "Bakgrundsmått"
            if name not in names:
                names.append(name)
    return f"Öppna jämförelser – {catalog.area} {spec.year}: {' / '.join(names)}"
