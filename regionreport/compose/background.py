"""The background columns of the results tables, as the catalog declares them.

In: a ``ComposeContext`` (its catalog's ``background_columns``, the layout's
``options.background_columns`` subset, the theme's column widths) and the labels.
Out: ``Column`` records with their texts filled in (header, note, background-table header)
and width, and each member unit's ``Cell`` of a column: a class measure this year ("3"),
this year and last in parentheses ("5 (4)") where the column says ``previous``, or the
unit's municipality group code in the layout's grouping. A catalog that declares no columns
gives none: no empty columns and no note about them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from regionreport.compose.context import ComposeContext
from regionreport.document import Cell
from regionreport.errors import InputError
from regionreport.model.catalog import BackgroundColumn
from regionreport.numbers import format_number


@dataclass(frozen=True)
class Column:
    """A background column ready to print: ``spec`` as declared, its texts as Swedish
    strings (template fields not yet filled) and its width in the results tables."""

    spec: BackgroundColumn
    header: str
    note: str
    table_header: str
    width_mm: float


def columns(context: ComposeContext, labels: dict) -> list[Column]:
    """The background columns of this report's results tables, in catalog order (only those
    the layout's ``options.background_columns`` lists, when it lists them)."""
    declared = list(context.catalog.background_columns)
    chosen = context.layout.background_columns
    if chosen is not None:
        known = {c.id for c in declared}
        for name in chosen:
            if name not in known:
                raise InputError(
                    f"'{name}' is not a background column of the catalog "
                    f"'{context.catalog.id}'", file=context.layout.path,
                    place="key 'options.background_columns'",
                    fix="use " + (", ".join(sorted(known)) if known else
                                  "[] (the catalog declares none)"))
        declared = [c for c in declared if c.id in chosen]
    return [_resolve(context, spec, labels["table"]) for spec in declared]


def _resolve(context: ComposeContext, spec: BackgroundColumn, table_labels: dict) -> Column:
    def text(value: str) -> str:
        return table_labels[value] if spec.from_labels and value else value

    widths = context.theme.columns
    # the width follows what the column holds: a group code, "5 (4)", or one class number
    width = widths["group_mm"] if spec.kind == "group" else \
        widths["key_mm"] if spec.previous else widths["size_mm"]
    return Column(spec=spec, header=text(spec.header), note=text(spec.note),
                  table_header=text(spec.table_header), width_mm=width)


def notes(context: ComposeContext, chosen: list[Column], labels_file) -> list[str]:
    """The table's note about its columns: their sentences (filled with the report's
    fields), in column order, as one paragraph; none without sentences. A message about a
    field names the labels file or the catalog."""
    sentences = [context.fill(column.note, file=labels_file if column.spec.from_labels
                              else context.catalog.path)
                 for column in chosen if column.note]
    return [" ".join(sentences)] if sentences else []


def cell(context: ComposeContext, column: Column, code: str) -> Cell:
    """One unit's cell of a background column in the results tables."""
    spec = column.spec
    if spec.kind == "group":
        group = context.registry.group(context.layout.municipality_groups, code)
        return Cell(group.code if group else "")
    if spec.previous:
        return Cell(this_and_last(context, spec.id, code))
    number = _number(context, spec.id, code, context.survey_year)
    return Cell(format_number(number, 0) if number is not None else "", value=number,
                decimals=0)


def this_and_last(context: ComposeContext, measure: str, code: str) -> str:
    """"5 (4)": the measure this survey year and, in parentheses, the year before."""
    year, previous = context.survey_year, context.layout.survey_previous
    this = _text(context, measure, code, year)
    last = _text(context, measure, code, previous) if previous else ""
    return f"{this} ({last})" if this and last else this


def _number(context: ComposeContext, measure: str, code: str, year: int) -> float | None:
    found = context.index.units(measure, year).get(code)
    return None if found is None or math.isnan(found.value) else found.value


def _text(context: ComposeContext, measure: str, code: str, year: int) -> str:
    number = _number(context, measure, code, year)
    return "" if number is None else format_number(number, 0)
