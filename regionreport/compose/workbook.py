"""The analysts' workbook as a document: contents, data, the report's tables, definitions.

In: the report's ``Document``, its ``ComposeContext`` (as the report was composed: registry,
regions, index, fields), its ``Catalog`` and the fixed Swedish texts (the ``[xlsx]`` table:
sheet names, column headers, levels, rules, names of value kinds).
Out: a ``Document`` with the same meta whose blocks are tables, each naming its sheet in its
``subject``, in this order:
- "Innehåll" (``[xlsx] contents_sheet``): a row per sheet (name, table number, the full
  caption or what the sheet holds, the table's notes), the legend of the report's colours
  and a note under it;
- "Data": one row per unit, indicator and year (``compose.workbook_data``);
- a sheet per results table of the report with one header row, codes in their own column and
  numbers as numbers (``compose.workbook_tables``), named "T<number> <subject>"
  (``compose.workbook_names``);
- one "definitions" table: a row per catalog indicator (background measures left out) with
  its definition, the headers taken from the catalog's card labels or, where it has none,
  ``[xlsx.columns]``, and its card texts' template fields filled as on the cards.
``render.xlsx`` writes a sheet per table.
"""

from __future__ import annotations

from regionreport.compose.cards import fill_card_texts
from regionreport.compose.context import ComposeContext
from regionreport.compose.workbook_data import data_table
from regionreport.compose.workbook_names import table_number, table_sheet_name, unique
from regionreport.compose.workbook_tables import records_table
from regionreport.config.labels import XLSX_COLUMNS, Labels
from regionreport.document import Cell, Document, HeaderCell, LegendItem, Row, Table
from regionreport.errors import InputError
from regionreport.model.catalog import Catalog, Indicator

INDICATOR_COLUMNS = XLSX_COLUMNS     # in order; the labels' [xlsx.columns] may name each


def compose_workbook(report: Document, context: ComposeContext, labels: Labels,
                     fields: dict[str, str]) -> Document:
    """The workbook's tables (see the module's docstring); the definitions' card texts filled
    from ``fields`` (``compose.cards.card_fields``) as on the report's cards."""
    xlsx = labels["xlsx"]
    taken: set[str] = set()
    contents_name = unique(xlsx["contents_sheet"], taken)
    data_name = unique(xlsx["data_sheet"], taken)
    indicators_name = unique(xlsx["indicators_sheet"], taken)
    sheets = []
    for position, table in enumerate(report.tables(), start=1):
        number = table_number(table) or position
        name = table_sheet_name(table, number, labels, taken)
        sheets.append((number, records_table(table, context, labels, name)))
    definitions = indicator_table(context.catalog, labels, fields, indicators_name)
    data = data_table(context, labels, data_name)
    contents = contents_table(labels, contents_name, data_name, indicators_name, sheets)
    return Document(meta=report.meta,
                    blocks=(contents, data, *(t for _, t in sheets), definitions))


def contents_table(labels: Labels, name: str, data_name: str, indicators_name: str,
                   sheets: list[tuple[int, Table]]) -> Table:
    """The Innehåll sheet: a row per sheet (its name, the table's number, caption and notes),
    then the legend of every colour the table sheets use and the note on the tables."""
    xlsx, words = labels["xlsx"], labels["xlsx"]["table"]

    def row(sheet: str, number: int | None, caption: str, notes: tuple[str, ...] = ()) -> Row:
        number_cell = Cell(str(number), align="right", value=float(number), decimals=0) \
            if number is not None else Cell("")
        return Row((Cell(sheet, align="left"), number_cell, Cell(caption, align="left"),
                    Cell("\n".join(notes), align="left")))

    rows = [row(data_name, None, xlsx["data_description"])]
    rows += [row(table.subject, number, table.caption, table.notes) for number, table in sheets]
    rows.append(row(indicators_name, None, xlsx["indicators_description"]))
    legend: dict[str, LegendItem] = {}
    for _, table in sheets:
        for item in table.legend:
            legend.setdefault(item.style, item)
    header = tuple(HeaderCell(words[key]) for key in ("sheet", "number", "caption", "notes"))
    return Table(key="contents", caption="", header=(header,), rows=tuple(rows),
                 column_widths_mm=(None,) * len(header), legend=tuple(legend.values()),
                 notes=(xlsx["tables_note"],), subject=name, kind="records")


def indicator_table(catalog: Catalog, labels: Labels, fields: dict[str, str],
                    name: str | None = None) -> Table:
    """The definitions of every survey and register indicator, one row each, on the sheet
    ``name`` (default: ``[xlsx] indicators_sheet``)."""
    headers = indicator_headers(catalog, labels)
    rows = tuple(Row(tuple(Cell(text, align="left") for text in indicator_row(
        fill_card_texts(i, catalog, fields), catalog, labels)))
                 for i in catalog.indicators if i.source != "background")
    return Table(key="indicators", caption="", subject=name or labels["xlsx"]["indicators_sheet"],
                 header=(tuple(HeaderCell(h) for h in headers),), rows=rows,
                 column_widths_mm=(None,) * len(headers), kind="definitions")


def indicator_headers(catalog: Catalog, labels: Labels) -> list[str]:
    """The Swedish header of every column: the catalog's card label, else ``[xlsx.columns]``."""
    headers = []
    for key in INDICATOR_COLUMNS:
        header = catalog.card_labels.get(key) or labels["xlsx"]["columns"].get(key)
        if not header:
            raise InputError(f"no header for the indicator column '{key}'",
                             file=labels.path, place="table [xlsx.columns]",
                             fix=f"add {key} = \"...\" there or under [card_labels] in "
                                 f"{catalog.path.name}")
        headers.append(header)
    return headers


def indicator_row(indicator: Indicator, catalog: Catalog, labels: Labels) -> list[str]:
    """The texts of one indicator in the order of ``INDICATOR_COLUMNS``."""
    kind = labels["xlsx"]["kinds"].get(indicator.kind)
    if kind is None:
        raise InputError(f"no Swedish name for the indicator kind '{indicator.kind}'",
                         file=labels.path, place="table [xlsx.kinds]")
    measurement = indicator.measurement
    if measurement and indicator.measurement_label:
        measurement = f"{indicator.measurement_label}: {measurement}"
    values = {"id": indicator.id, "area": catalog.find_area(indicator.area).name,
              "short_name": indicator.short_name, "name": indicator.name, "kind": kind,
              "unit": indicator.unit, "target_or_direction": indicator.target_or_direction,
              "criterion": indicator.criterion, "description": indicator.description,
              "aggregation_text": indicator.aggregation_text, "measurement": measurement,
              "data_sources": indicator.data_sources,
              "error_sources": indicator.error_sources, "kolada": indicator.kolada}
    return [values[key] for key in INDICATOR_COLUMNS]
