"""The tidy CSV input, and the CSV reading shared with the Kolada CSV reader.

In: a CSV file with a header line ``indicator, unit, year, value`` and optionally
``numerator, denominator`` (separator ``,`` or ``;``, UTF-8 with or without BOM, decimal comma
or point), the indicator catalog and the unit registry.
Out: the tidy table of ``regionreport.results`` (one row per data line, ``origin`` "file, line N").

A ``value`` of a categorical indicator for a kommun or stadsdel is the answer text in the
catalog's spelling; for Riket and a län, and for every other indicator, it is a number. An
empty value means "not answered / not reported". Every mistake is an ``InputError`` naming the
file, the line (the header is line 1) and what was expected.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from pathlib import Path

import pandas as pd

from regionreport.catalog import Catalog, Indicator
from regionreport.errors import InputError
from regionreport.registry import Registry
from regionreport.results import check_answer, check_number, parse_number, tidy_frame
from regionreport.sources.codes import unit_code

REQUIRED = ("indicator", "unit", "year", "value")
OPTIONAL = ("numerator", "denominator")
_EXPECTED = "a header line indicator, unit, year, value and optionally numerator, denominator"

Line = tuple[int, list[str]]


def read_tidy_csv(path: str | Path, catalog: Catalog, registry: Registry) -> pd.DataFrame:
    """Read a tidy CSV into the tidy table; ``InputError`` on any bad line."""
    file = str(path)
    header, lines = read_csv_lines(path, expected=_EXPECTED)
    columns = {name: column_index(header, (name,), file) for name in REQUIRED}
    keys = [name.strip().casefold() for name in header]
    for name, key in zip(header, keys):
        if key not in REQUIRED + OPTIONAL or keys.count(key) > 1:
            problem = "unknown column" if keys.count(key) == 1 else "twice the column"
            raise InputError(f"{problem} '{name.strip()}'", file=file, place="line 1",
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
    return tidy_frame(rows)


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
    return row


def _unit_raw(raw: str) -> str | int:
    """A code of digits with an odd length ("604", "6", "18001") lost its leading zero in a
    spreadsheet: pass it on as a number so ``unit_code`` pads it like a numeric cell."""
    return int(raw) if raw.isdigit() and len(raw) in (1, 3, 5) else raw


def _indicator(raw: str, catalog: Catalog, file: str, place: str) -> Indicator:
    if raw in catalog:
        return catalog.indicator(raw)
    ids = [i.id for i in catalog.indicators]
    close = difflib.get_close_matches(raw, ids, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise InputError(f"indicator '{raw}' is not in the catalog '{catalog.id}'", file=file,
                     place=place, fix=f"{hint}use an indicator id of {catalog.path}")


def _answer(raw: str, indicator: Indicator, catalog: Catalog, file: str, place: str) -> str:
    try:
        return check_answer(raw, indicator, catalog, {}, file=file, place=place)
    except InputError as exc:
        raise InputError(exc.problem, file=file, place=place,
                         fix="write one of these answers as the catalog spells them") from None


# -- shared by the CSV readers ----------------------------------------------------------------
def read_csv_lines(path: str | Path, *, expected: str) -> tuple[list[str], list[Line]]:
    """The header fields and the data lines (line number, fields) of a CSV file.

    UTF-8 with or without BOM; the separator is ``;`` when the header line holds one, else a
    tab when it holds one, else ``,``. Blank lines are skipped; a line with another number of
    fields than the header is an ``InputError``. ``expected`` says what the file should hold,
    for the message about an empty file.
    """
    file = str(path)
    text = read_text(path, expected=expected)
    first = next(line for line in text.splitlines() if line.strip())
    separator = ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    header: list[str] | None = None
    lines: list[Line] = []
    start = 1
    try:
        for fields in reader:
            number, start = start, reader.line_num + 1
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = fields
            elif len(fields) != len(header):
                raise InputError(f"{len(fields)} fields where the header line has "
                                 f"{len(header)}", file=file, place=f"line {number}",
                                 fix=f"separate the fields with '{separator}' as in the header "
                                     "line, and quote a field that holds the separator")
            else:
                lines.append((number, fields))
    except csv.Error as exc:
        raise InputError(f"not readable as CSV: {exc}", file=file,
                         place=f"line {reader.line_num}") from None
    if header is None:
        raise InputError(f"the file is empty (expected {expected})", file=file)
    return header, lines


def read_text(path: str | Path, *, expected: str) -> str:
    """The text of a UTF-8 file (BOM dropped); ``InputError`` when it is missing, unreadable,
    not UTF-8 or holds nothing but white space."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=file) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=file) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                         file=file, place=f"line {line}",
                         fix="save it as UTF-8, in Excel as 'CSV UTF-8'") from None
    if not text.strip():
        raise InputError(f"the file is empty (expected {expected})", file=file)
    return text


def column_index(header: list[str], names: tuple[str, ...], file: str, *,
                 required: bool = True) -> int | None:
    """The index of the first header field equal to one of ``names`` (case and surrounding
    spaces ignored); ``InputError`` listing the columns found when a required one is missing."""
    keys = [h.strip().casefold() for h in header]
    for name in names:
        if name in keys:
            return keys.index(name)
    if not required:
        return None
    found = ", ".join(h.strip() for h in header)
    wanted = " or ".join(f"'{n}'" for n in names)
    raise InputError(f"column {wanted} is missing (found columns: {found})", file=file,
                     place="line 1")


def parse_year(raw: object, *, file: str, place: str, what: str) -> int:
    """A four-digit year from an int or text ("2015"); ``InputError`` otherwise."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    else:
        text = str(raw).strip() if raw is not None else ""
    if len(text) != 4 or not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise InputError(f"'{raw}' is not a year ({what} expects a four-digit year such as "
                         "2015)", file=file, place=place)
    return int(text)


def remember(seen: dict[tuple[str, str, int], str], row: dict, file: str, place: str) -> None:
    """Note where (indicator, unit, year) was given; ``InputError`` naming both places when it
    was given before in the same file."""
    key = (row["indicator"], row["unit"], row["year"])
    if key in seen:
        raise InputError(f"indicator '{key[0]}', unit {key[1]}, year {key[2]} is given twice: "
                         f"{seen[key]} and {place}", file=file, place=place,
                         fix="remove one of them")
    seen[key] = place
