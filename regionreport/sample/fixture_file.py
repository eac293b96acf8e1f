"""Fixture files of a sample calibration: real values of some units, applied exactly.

In: a CSV file (UTF-8, comma-separated) with a ``unit`` column (a unit code such as 0680 or
148001, a kommun, stadsdel or län name, or Riket / 00), an optional ``year`` column, and one
column per target written as in a source profile: ``indicator_id`` (the value: an answer of a
categorical indicator, or a number), ``indicator_id:numerator``, ``indicator_id:denominator``,
each optionally ``@YEAR``; the year a row describes without either is the fixture's year.
Empty cells fix nothing. Also the catalog, the registry and the profile's answer spellings.
Out: ``FixtureValues``: per (indicator, year) the fixed unit cells (``Entry``) and the
published Riket values, which the sample reproduces exactly. Any mistake is an
``InputError`` naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from regionreport.errors import InputError
from regionreport.model.catalog import Catalog
from regionreport.model.registry import RIKET_CODE, Registry
from regionreport.model.results import check_answer, parse_number
from regionreport.sample.entry import Entry

_TARGET = re.compile(r"^(?P<indicator>[a-z0-9_]+)(?::(?P<role>value|numerator|denominator))?"
                     r"(?:@(?P<year>\d{4}))?$")
_ROLE_FIELD = {"value": "value", "numerator": "numerator", "denominator": "denominator"}


@dataclass
class FixtureValues:
    """``cells[(indicator, year)][unit code]`` the fixed cells of kommuner and stadsdelar;
    ``riket[(indicator, year)]`` the published Riket value (a share in percent for a
    categorical indicator); ``files`` the files read; ``origin[(indicator, year)]`` the
    file that gave them (for messages)."""

    cells: dict[tuple[str, int], dict[str, Entry]] = field(default_factory=dict)
    riket: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    origin: dict[tuple[str, int], Path] = field(default_factory=dict)

    def file_of(self, indicator: str, year: int) -> Path | None:
        return self.origin.get((indicator, year))


def read_fixture(path: Path, year: int, catalog: Catalog, registry: Registry,
                 spellings: dict[str, str], into: FixtureValues) -> None:
    """Add the values of the fixture file ``path`` (default year ``year``) to ``into``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"the fixture file cannot be read ({exc.strerror or exc})", file=path,
                         fix="check the path under [[fixtures]] file (relative to the "
                             "calibration file)") from None
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    if "unit" not in header:
        raise InputError("the fixture has no 'unit' column", file=path, place="line 1",
                         fix="the first line names the columns: unit, then indicator ids")
    targets = {}
    for column in header:
        if column in ("unit", "year"):
            continue
        match = _TARGET.match(column.strip())
        if not match or match["indicator"] not in catalog:
            raise InputError(f"column '{column}' is not an indicator of the catalog "
                             f"'{catalog.id}'", file=path, place="line 1",
                             fix="write indicator_id, indicator_id:numerator or "
                                 "indicator_id:denominator, optionally with @YEAR")
        targets[column] = (match["indicator"], match["role"] or "value",
                           int(match["year"]) if match["year"] else None)
    into.files.append(path)
    for line, row in enumerate(reader, start=2):
        code = _unit(row.get("unit") or "", registry, path, line)
        row_year = _year(row.get("year"), year, path, line)
        for column, (indicator_id, role, column_year) in targets.items():
            raw = (row.get(column) or "").strip()
            if not raw:
                continue
            place = f"line {line}, column '{column}'"
            key = (indicator_id, column_year or row_year)
            into.origin[key] = path
            indicator = catalog.indicator(indicator_id)
            level = registry.unit(code).level
            if level == "lan":
                raise InputError("a län row cannot be fixed (its value is computed from its "
                                 "units)", file=path, place=place,
                                 fix="fix the län's kommuner, or Riket's published value")
            if code == RIKET_CODE:
                if role != "value":
                    raise InputError("Riket takes only the published value", file=path,
                                     place=place)
                into.riket[key] = Decimal(repr(parse_number(raw, file=str(path), place=place,
                                                            what=indicator_id)))
                continue
            cells = into.cells.setdefault(key, {})
            old = cells.get(code, Entry())
            if role == "value" and indicator.is_categorical:
                new = Entry(answer=check_answer(raw, indicator, catalog, spellings,
                                                file=str(path), place=place),
                            numerator=old.numerator, denominator=old.denominator)
            else:
                number = parse_number(raw, file=str(path), place=place, what=indicator_id)
                if number < 0:
                    raise InputError(f"{raw} is negative", file=path, place=place)
                values = {"value": old.value, "answer": old.answer,
                          "numerator": old.numerator, "denominator": old.denominator}
                values[_ROLE_FIELD[role]] = number
                new = Entry(**values)
            cells[code] = new


def _unit(text: str, registry: Registry, path: Path, line: int) -> str:
    """A unit code from a code or a name (kommun first, then stadsdel, then län)."""
    text = text.strip()
    if text.casefold() in ("riket", RIKET_CODE):
        return RIKET_CODE
    if text.isdigit() and text in registry:
        return text
    for level in ("kommun", "stadsdel", "lan"):
        found = registry.find_by_name(text, level)
        if len(found) == 1:
            return found[0].code
    raise InputError(f"'{text}' is not a unit of the registry", file=path,
                     place=f"line {line}, column 'unit'",
                     fix="write a kommun, stadsdel or län name or code, or Riket")


def _year(text: str | None, default: int, path: Path, line: int) -> int:
    if text is None or not text.strip():
        return default
    if not text.strip().isdigit():
        raise InputError(f"'{text}' is not a year", file=path, place=f"line {line}, column "
                                                                      "'year'")
    return int(text)
