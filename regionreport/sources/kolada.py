"""Kolada data: a saved Kolada API response (JSON) or a Kolada CSV, as the tidy table.

In: one file, the indicator catalog (whose indicators name their Kolada KPI with ``kolada``)
and the unit registry.
- JSON: a saved API v2/v3 data response ``{"count": n, "values": [record, ...],
  "next_page": url or null}``, or a JSON list of such pages; a record is ``{"kpi": "N31807",
  "municipality": "0604", "period": 2014, "values": [{"gender": "T", "count": 1,
  "status": "", "value": 4.1}, ...]}``.
- CSV: a header line with ``kpi``, ``municipality_id`` or ``municipality``, ``period`` (or
  ``year``), ``value`` and optionally ``gender``, other columns ignored; one line per record
  and gender (also what rKolada's ``get_values`` gives when written with ``write.csv``).
Out: the tidy table of ``regionreport.model.results``: one row per record with the total
(gender "T") value; ``origin`` "file, values[i]" or "file, line N".

Mapping: KPI ids go to catalog indicators by ``Catalog.by_kolada()``; municipality "0000" is
Riket "00", "00" + länskod a län ("0006" -> "06"), four-digit kommun codes stay. A null or
empty (or "NA") value (Kolada status "Missing" etc.) is kept as a row with value NaN (not reported).
Kolada codes survey answers as numbers: a kommun's code is read by the indicator's
``kolada_codes`` for the record's year, or without them by layouts/reference/kolada-codes.toml
(1 = "Ja", 0 = "Nej"; the indicator must have them); an undeclared code is an error naming the
record, KPI, unit and year. For Riket and a län the number is taken as the published share in
percent (Kolada cannot be told apart from a 0–1 fraction; docs/inputs.md). A record after the
indicator's ``kolada_until`` (a KPI Kolada marks as ending) is an error; so are Kolada
municipality groups and organisational units (sources/codes.py).
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from regionreport import paths
from regionreport.config.toml import read_toml
from regionreport.model.catalog import Catalog, Indicator
from regionreport.model.kolada_codings import coding_for
from regionreport.errors import InputError
from regionreport.model.registry import Registry
from regionreport.model.results import TidyTable, check_number, parse_number, tidy_table
from regionreport.sources.codes import unit_code
from regionreport.sources.text_files import (column_index, parse_year, read_csv_lines,
                                             read_text, remember)

_RESPONSE = ('a saved Kolada API response {"count": n, "values": [...], "next_page": ...} '
             "or a list of them")
_RECORD = 'a Kolada data record {"kpi": ..., "municipality": ..., "period": ..., "values": [...]}'
_CSV_MISSING = ("", "NA")  # empty, or R's write.csv for a missing value
_CSV_HEADER = ("a header line with the columns kpi, municipality_id (or municipality), period, "
               "gender, value")


def read_kolada_json(path: str | Path, catalog: Catalog, registry: Registry) -> TidyTable:
    """Read one saved Kolada API response (or a list of pages) into the tidy table."""
    file = str(path)
    text = read_text(path, expected=_RESPONSE)
    try:
        data = json.loads(text, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at column {exc.colno}", file=file,
                         place=f"line {exc.lineno}", fix=f"expected {_RESPONSE}") from None
    except RecursionError:
        raise InputError("the JSON is nested too deeply", file=file,
                         fix=f"expected {_RESPONSE}") from None
    kpis = catalog.by_kolada()
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], str] = {}
    for prefix, records in _pages(data, file):
        for index, record in enumerate(records):
            place = f"{prefix}values[{index}]"
            kpi, municipality, year, value = _record(record, file, place)
            row = _tidy_row(kpi, municipality, year, value, kpis, catalog, registry, file,
                            place)
            remember(seen, row, file, place)
            rows.append(row)
    return tidy_table(rows)


def read_kolada_csv(path: str | Path, catalog: Catalog, registry: Registry) -> TidyTable:
    """Read a Kolada CSV (one line per KPI, municipality, period and gender) into the tidy
    table; the total (gender "T") line of each record is used."""
    file = str(path)
    header, lines = read_csv_lines(path, expected=_CSV_HEADER)
    kpi_col = column_index(header, ("kpi",), file)
    unit_col = column_index(header, ("municipality_id", "municipality"), file)
    period_col = column_index(header, ("period", "year"), file)
    value_col = column_index(header, ("value",), file)
    gender_col = column_index(header, ("gender",), file, required=False)
    groups: dict[tuple[str, str, str], list[tuple[int, str, str]]] = {}
    for number, fields in lines:
        key = (fields[kpi_col].strip(), fields[unit_col].strip(), fields[period_col].strip())
        gender = fields[gender_col].strip().upper() if gender_col is not None else "T"
        groups.setdefault(key, []).append((number, gender, fields[value_col].strip()))
    kpis = catalog.by_kolada()
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], str] = {}
    for (kpi, municipality, period), members in groups.items():
        number, raw = _total_line(members, kpi, file)
        place = f"line {number}"
        year = parse_year(period, file=file, place=place,
                          what=f"column '{header[period_col].strip()}'")
        value = math.nan if raw in _CSV_MISSING else \
            parse_number(raw, file=file, place=place, what="column 'value'")
        row = _tidy_row(kpi, municipality, year, value, kpis, catalog, registry, file, place)
        remember(seen, row, file, place)
        rows.append(row)
    return tidy_table(rows)


# -- JSON structure ---------------------------------------------------------------------------
def _pages(data: object, file: str) -> list[tuple[str, list]]:
    """(place prefix, records) per page: one page object, or a list of page objects."""
    if isinstance(data, dict):
        return [("", _page_values(data, file, None))]
    if isinstance(data, list) and data:
        return [(f"page {n}, ", _page_values(page, file, f"page {n}"))
                for n, page in enumerate(data, start=1)]
    found = "an empty list" if isinstance(data, list) else f"a JSON {_json_type(data)}"
    raise InputError(f"the file holds {found}", file=file, fix=f"expected {_RESPONSE}")


def _page_values(page: object, file: str, place: str | None) -> list:
    if not isinstance(page, dict):
        raise InputError(f"a JSON {_json_type(page)} where a page object belongs", file=file,
                         place=place, fix=f"expected {_RESPONSE}")
    if "kpi" in page:
        raise InputError("a single Kolada data record where a whole response belongs",
                         file=file, place=place, fix=f"expected {_RESPONSE}")
    if "values" not in page:
        raise InputError("key 'values' is missing", file=file, place=place,
                         fix=f"expected {_RESPONSE}")
    if not isinstance(page["values"], list):
        raise InputError(f"key 'values' holds a JSON {_json_type(page['values'])}, not a list",
                         file=file, place=place, fix=f"expected {_RESPONSE}")
    return page["values"]


def _record(record: object, file: str, place: str) -> tuple[str, object, int, float]:
    """kpi, municipality, year and total value of one data record."""
    if not isinstance(record, dict):
        raise InputError(f"a JSON {_json_type(record)} where a data record belongs",
                         file=file, place=place, fix=f"expected {_RECORD}")
    if "municipality" not in record and "ou" in record:
        raise InputError(f"a record of the organisational unit (ou) {json.dumps(record['ou'])}:"
                         " Kolada ous are not kommuner, län or Riket", file=file, place=place,
                         fix="fetch the KPI by municipality (data/kpi/<ids>/municipality/"
                             "<ids>/year/<years>), not by ou")
    for key in ("kpi", "municipality", "period", "values"):
        if key not in record:
            raise InputError(f"key '{key}' is missing", file=file, place=place,
                             fix=f"expected {_RECORD}")
    kpi = record["kpi"]
    if not isinstance(kpi, str):
        raise InputError(f"key 'kpi' holds {json.dumps(kpi)}, not a KPI id", file=file,
                         place=place, fix='expected a Kolada KPI id such as "N31807"')
    year = parse_year(record["period"], file=file, place=place, what="key 'period'")
    return kpi, record["municipality"], year, _total_value(record["values"], file, place)


def _total_value(entries: object, file: str, place: str) -> float:
    """The gender "T" value of a record (or its only value); NaN for null."""
    if not isinstance(entries, list):
        raise InputError(f"key 'values' holds a JSON {_json_type(entries)}, not a list",
                         file=file, place=place,
                         fix='expected a list such as [{"gender": "T", "value": 4.1}]')
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or "gender" not in entry or "value" not in entry:
            raise InputError("not a value object with the keys 'gender' and 'value'",
                             file=file, place=f"{place}.values[{index}]",
                             fix='expected {"gender": "T", "count": 1, "status": "", '
                                 '"value": 4.1} (value null when missing)')
    totals = [(i, e) for i, e in enumerate(entries) if e["gender"] == "T"]
    if len(totals) > 1:
        raise InputError("more than one value with gender 'T'", file=file, place=place,
                         fix="expected one total (gender 'T') per record")
    if not totals and len(entries) != 1:
        genders = ", ".join(str(e["gender"]) for e in entries) or "none"
        raise InputError(f"no total value (gender 'T') among the values (genders: {genders})",
                         file=file, place=place,
                         fix="download the KPI with its total, gender 'T'")
    index, entry = totals[0] if totals else (0, entries[0])
    if entry["value"] is None:
        return math.nan
    return parse_number(entry["value"], file=file, place=f"{place}.values[{index}]",
                        what="key 'value'")


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "true/false",
             type(None): "null", int: "number", float: "number"}
    return names.get(type(value), type(value).__name__)


# -- CSV structure ----------------------------------------------------------------------------
def _total_line(members: list[tuple[int, str, str]], kpi: str, file: str) -> tuple[int, str]:
    """The line number and raw value of the total (gender "T") line of one record."""
    totals = [(number, raw) for number, gender, raw in members if gender == "T"]
    if len(totals) > 1:
        raise InputError(f"KPI '{kpi}' is given twice for the same municipality and period: "
                         f"line {totals[0][0]} and line {totals[1][0]}", file=file,
                         place=f"line {totals[1][0]}", fix="remove one of the lines")
    if totals:
        return totals[0]
    if len(members) == 1:
        return members[0][0], members[0][2]
    numbers = ", ".join(str(number) for number, _, _ in members)
    genders = ", ".join(gender or "empty" for _, gender, _ in members)
    raise InputError(f"no total line (gender 'T') for this KPI, municipality and period; lines "
                     f"{numbers} have the genders {genders}", file=file,
                     place=f"line {members[0][0]}",
                     fix="download the KPI with its total, gender 'T'")


# -- a record as a tidy row -------------------------------------------------------------------
def _tidy_row(kpi: str, municipality: object, year: int, value: float,
              kpis: dict[str, Indicator], catalog: Catalog, registry: Registry, file: str,
              place: str) -> dict:
    indicator = kpis.get(kpi)
    if indicator is None:
        raise InputError(f"Kolada KPI '{kpi}' is not in the catalog '{catalog.id}'", file=file,
                         place=place, fix=f'add kolada = "{kpi}" to the indicator it measures, '
                                          "or leave the KPI out of the download")
    if indicator.kolada_until is not None and year > indicator.kolada_until:
        raise InputError(f"Kolada KPI '{kpi}' ends in {indicator.kolada_until} (kolada_until "
                         f"of indicator '{indicator.id}' in {catalog.path}), but this record "
                         f"is of {year}", file=file, place=place,
                         fix=f"leave the years after {indicator.kolada_until} out of the "
                             "download, or correct kolada_until if Kolada continued the KPI")
    unit = unit_code(municipality, registry, file=file, place=place, kolada=True)
    row = {"indicator": indicator.id, "unit": unit, "year": year, "value": math.nan,
           "answer": None, "origin": f"{file}, {place}"}
    if indicator.is_categorical and registry.unit(unit).level in ("kommun", "stadsdel"):
        if not math.isnan(value):
            row["answer"] = _answer(value, indicator, kpi, unit, year, file, place)
    else:
        row["value"] = check_number(value, indicator, file=file, place=place)
    return row


def _answer(value: float, indicator: Indicator, kpi: str, unit: str, year: int, file: str,
            place: str) -> str:
    """A kommun's answer from Kolada's number: by the indicator's ``kolada_codes`` for the
    year, or without them by layouts/reference/kolada-codes.toml (1 = Ja, 0 = Nej)."""
    if not indicator.kolada_codes:
        return _reference_answer(value, indicator, kpi, unit, file, place)
    coding = coding_for(indicator.kolada_codes, year)
    if coding is None:
        declared = ", ".join(c.years for c in indicator.kolada_codes)
        raise InputError(f"Kolada KPI '{kpi}' (indicator '{indicator.id}') has no coding "
                         f"for {year}: kolada_codes covers {declared}", file=file, place=place,
                         fix="add the coding of that year to kolada_codes in the catalog, or "
                             "leave the year out of the download")
    codes = coding.table
    if value in codes:
        return codes[value]
    shown = f"{value:g}".replace(".", ",")
    pairs = ", ".join(f"{code} = {answer}" for code, answer in coding.codes)
    raise InputError(f"Kolada value {shown} of KPI '{kpi}' for unit {unit} in {year} is not a "
                     f"declared code of indicator '{indicator.id}' (kolada_codes, "
                     f"{coding.years}: {pairs})", file=file, place=place,
                     fix="check the KPI's coding in its Kolada title and declare the code in "
                         "the indicator's kolada_codes, or correct the value")


def _reference_answer(value: float, indicator: Indicator, kpi: str, unit: str, file: str,
                      place: str) -> str:
    """A kommun's answer by layouts/reference/kolada-codes.toml (1 = Ja, 0 = Nej), for an
    indicator without ``kolada_codes``."""
    codes = survey_codes()
    pairs = [f"{code:g} = {answer}" for code, answer in codes.items()]
    if not set(codes.values()) <= set(indicator.answers):
        raise InputError(f"Kolada KPI '{kpi}' gives answers as numbers, read as "
                         f"{' and '.join(pairs)}, "
                         f"but indicator '{indicator.id}' has the answers "
                         f"{', '.join(indicator.answers)}", file=file, place=place,
                         fix=f"take this indicator from the ÖJ workbook and remove "
                             f'kolada = "{kpi}" from it in the catalog')
    if value in codes:
        return codes[value]
    shown = f"{value:g}".replace(".", ",")
    raise InputError(f"Kolada value {shown} of KPI '{kpi}' for unit {unit} is not an answer "
                     f"of indicator '{indicator.id}' (expected {' or '.join(pairs)})",
                     file=file, place=place,
                     fix=f"Kolada gives a kommun's answer as "
                         f"{' or '.join(f'{code:g}' for code in codes)}; take the indicator "
                         "from the ÖJ workbook if the KPI codes more answers")


@cache
def survey_codes() -> dict[float, str]:
    """Kolada's codes of a kommun's survey answer: number -> the catalog's answer."""
    data = read_toml(paths.reference_path("kolada-codes"), "reference file")
    return {float(code): answer for code, answer in data["survey_codes"].items()}
