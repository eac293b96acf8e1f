"""The tidy CSV input.

In: a CSV file with a header line ``indicator, unit, year, value`` and optionally
``numerator, denominator`` (separator ``;``, tab or ``,``, UTF-8 with or without BOM, decimal
comma or point), the indicator catalog and the unit registry.
Out: the tidy table of ``regionreport.model.results`` (one row per data line, ``origin``
"file, line N").

A ``value`` of a categorical indicator for a kommun or stadsdel is the answer text in the
catalog's spelling; for Riket and a län, and for every other indicator, it is a number. An
empty value means "not answered / not reported". Every mistake is an ``InputError`` naming the
file, the line (the header is line 1) and what was expected.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path

from regionreport.model.catalog import Catalog, Indicator
from regionreport.errors import InputError, shorten
from regionreport.model.registry import Registry
from regionreport.model.results import (TidyTable, check_answer, check_counts, check_number,
                                        parse_number, tidy_table)
from regionreport.sources.codes import unit_code
from regionreport.sources.text_files import (column_index, parse_year, read_csv_lines,
                                             remember)

REQUIRED = ("indicator", "unit", "year", "value")
OPTIONAL = ("numerator", "denominator")
_EXPECTED = "a header line indicator, unit, year, value and optionally numerator, denominator"


def read_tidy_csv(path: str | Path, catalog: Catalog, registry: Registry) -> TidyTable:
    """Read a tidy CSV into the tidy table; ``InputError`` on any bad line."""
    file = str(path)
    header, lines = read_csv_lines(path, expected=_EXPECTED)
    columns = {name: column_index(header, (name,), file) for name in REQUIRED}
    keys = [name.strip().casefold() for name in header]
    for name, key in zip(header, keys):
        if key not in REQUIRED + OPTIONAL or keys.count(key) > 1:
            problem = "unknown column" if keys.count(key) == 1 else "twice the column"
            raise InputError(f"{problem} '{shorten(name.strip())}'", file=file, place="line 1",
                             fix="the columns are indicator, unit, year, value and optionally "
                                 "numerator, denominator, each once")
    for name in OPTIONAL:
        columns[name] = column_index(header, (name,), file, required=False)
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], str] = {}
    for number, fields in lines:
        place = f"line {number}"
        row = _row(fields, columns, catalog, registry, file, place)
        remember(seen, row, file, place)
        rows.append(row)
    return tidy_table(rows)


def _row(fields: list[str], columns: dict[str, int | None], catalog: Catalog,
         registry: Registry, file: str, place: str) -> dict:
    def field(name: str) -> str:
        index = columns[name]
        return fields[index].strip() if index is not None else ""

    indicator = _indicator(field("indicator"), catalog, file, place)
    unit = unit_code(_unit_raw(field("unit")), registry, file=file, place=place)
    year = parse_year(field("year"), file=file, place=place, what="column 'year'")
    row = {"indicator": indicator.id, "unit": unit, "year": year, "value": math.nan,
           "answer": None, "origin": f"{file}, {place}"}
    raw = field("value")
    answers_unit = registry.unit(unit).level in ("kommun", "stadsdel")
    if indicator.is_categorical and answers_unit:
        if field("numerator") or field("denominator"):
            raise InputError(f"a numerator or denominator is given for the answer of "
                             f"{unit} to the categorical indicator '{indicator.id}'",
                             file=file, place=place,
                             fix="leave numerator and denominator empty for a kommun's or "
                                 "stadsdel's answer")
        if raw:
            row["answer"] = _answer(raw, indicator, catalog, file, place)
    elif raw:
        value = parse_number(raw, file=file, place=place, what="column 'value'")
        row["value"] = check_number(value, indicator, file=file, place=place)
    for role in OPTIONAL:
        if field(role):
            number = parse_number(field(role), file=file, place=place, what=f"column '{role}'")
            row[role] = check_number(number, indicator, file=file, place=place, role=role)
    check_counts(row, indicator, file=file, place=place)
    return row


def _unit_raw(raw: str) -> str | int:
    """A code of digits with an odd length ("604", "6", "18001") lost its leading zero in a
    spreadsheet: pass it on as a number so ``unit_code`` pads it like a numeric cell."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) in (1, 3, 5) else raw


def _indicator(raw: str, catalog: Catalog, file: str, place: str) -> Indicator:
    if raw in catalog:
        return catalog.indicator(raw)
    ids = [i.id for i in catalog.indicators]
    close = difflib.get_close_matches(raw, ids, n=1) if len(raw) < 200 else []
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise InputError(f"indicator '{shorten(raw)}' is not in the catalog '{catalog.id}'",
                     file=file,
                     place=place, fix=f"{hint}use an indicator id of {catalog.path}")


def _answer(raw: str, indicator: Indicator, catalog: Catalog, file: str, place: str) -> str:
    try:
        return check_answer(raw, indicator, catalog, {}, file=file, place=place)
    except InputError as exc:
        raise InputError(exc.problem, file=file, place=place,
                         fix="write one of these answers as the catalog spells them") from None
