"""The analysts' workbook as a document: the report's tables and the indicator definitions.

In: the report's ``Document``, its ``Catalog`` and the fixed Swedish texts (the ``[xlsx]``
table: sheet names, column headers, names of value kinds).
Out: a ``Document`` with the same meta whose blocks are the report's tables (each naming its
subject, which becomes its sheet's name) followed by one "definitions" table: a row per
catalog indicator (background measures left out) with its definition, the headers taken from
the catalog's card labels or, where it has none, ``[xlsx.columns]``, and its card texts'
template fields filled as on the cards. ``render.xlsx`` writes a sheet per table.
"""

from __future__ import annotations

from regionreport.compose.cards import fill_card_texts
from regionreport.config.labels import XLSX_COLUMNS, Labels
from regionreport.document import Cell, Document, HeaderCell, Row, Table
from regionreport.errors import InputError
from regionreport.model.catalog import Catalog, Indicator

INDICATOR_COLUMNS = XLSX_COLUMNS     # in order; the labels' [xlsx.columns] may name each


def compose_workbook(report: Document, catalog: Catalog, labels: Labels,
                     fields: dict[str, str]) -> Document:
    """The workbook's tables: the report's, then the indicator definitions, their card texts
    filled from ``fields`` (``compose.cards.card_fields``) as on the report's cards."""
    return Document(meta=report.meta,
                    blocks=(*report.tables(), indicator_table(catalog, labels, fields)))


def indicator_table(catalog: Catalog, labels: Labels, fields: dict[str, str]) -> Table:
    """The definitions of every survey and register indicator, one row each."""
    headers = indicator_headers(catalog, labels)
    rows = tuple(Row(tuple(Cell(text, align="left") for text in indicator_row(
        fill_card_texts(i, catalog, fields), catalog, labels)))
                 for i in catalog.indicators if i.source != "background")
    return Table(key="indicators", caption="", subject=labels["xlsx"]["indicators_sheet"],
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
