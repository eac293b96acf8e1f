"""Reader of the national ÖJ result workbook, driven by a source profile.

In: an .xlsx path, a ``SourceProfile`` (which sheets, header rows, columns), the ``Catalog``
and the ``Registry``.
Out: the tidy results table (regionreport.model.results). Every unit row of every profiled sheet
gives one row per mapped indicator, also when the unit did not answer (value and answer empty),
so non-responders can be counted.

Only this module touches openpyxl for reading. Checks, each an ``InputError`` naming the file,
the sheet and the cell: file safety (regionreport.sources.safety), missing sheet, missing
column, unknown unit code, a unit row given twice, an answer outside the indicator's answers,
a percentage outside 0–100, text where a number belongs.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from regionreport.model.catalog import Catalog
from regionreport.errors import InputError
from regionreport.model.registry import Registry
from regionreport.model.results import check_answer, check_number, parse_number, tidy_frame
from regionreport.sources.codes import unit_code
from regionreport.sources.profile import SheetSpec, SourceProfile
from regionreport.sources.safety import check_workbook_file, require_defusedxml


def read_workbook(path: str | Path, profile: SourceProfile, catalog: Catalog,
                  registry: Registry):
    """Read every sheet the profile lists; return the tidy table."""
    path = Path(path)
    _check_profile_against_catalog(profile, catalog)
    require_defusedxml()
    check_workbook_file(path)
    workbook = _open(path)
    try:
        rows: list[dict] = []
        for spec in profile.sheets:
            if spec.name not in workbook.sheetnames:
                raise InputError(f"sheet '{spec.name}' is missing (the source profile "
                                 f"'{profile.id}' expects it; sheets found: "
                                 f"{', '.join(workbook.sheetnames)})", file=path,
                                 fix="use the profile that matches this year's workbook")
            try:
                rows.extend(_read_sheet(workbook[spec.name], spec, path, profile, catalog,
                                        registry))
            except InputError:
                raise
            except Exception as exc:  # XML refused by defusedxml, a corrupt part, ...
                raise InputError(_unreadable(exc, f"sheet '{spec.name}' cannot be read"),
                                 file=path,
                                 fix="open the workbook in Excel and save it again as .xlsx") \
                    from None
    finally:
        workbook.close()
    return tidy_frame(rows)


def _open(path: Path):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken archive
        raise InputError(_unreadable(exc, "is not a readable Excel workbook"), file=path,
                         fix="open it in Excel and save it again as .xlsx") from None


def _unreadable(exc: BaseException, what: str) -> str:
    """Say why a workbook part could not be parsed; XML refused by defusedxml is named as
    such (the root cause hides behind openpyxl's own ValueError)."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return (f"{what}: its XML declares entities or a DTD ({type(cause).__name__}), "
                    "which are refused for safety; a workbook saved by Excel has none")
        cause = cause.__cause__ or cause.__context__
    first_line = str(exc).splitlines()[0] if str(exc) else ""
    return f"{what}: {type(exc).__name__}: {first_line}".rstrip(": ")


def _check_profile_against_catalog(profile: SourceProfile, catalog: Catalog) -> None:
    if profile.catalog != catalog.id:
        raise InputError(f"the source profile '{profile.id}' is for the catalog "
                         f"'{profile.catalog}', not '{catalog.id}'", file=profile.path,
                         fix="give the profile of this catalog's workbook with --profile, "
                             "or as [data] profile in the layout")
    for indicator_id in sorted(profile.indicator_ids()):
        if indicator_id not in catalog:
            raise InputError(f"column target '{indicator_id}' is not an indicator of the "
                             f"catalog '{catalog.id}'", file=profile.path,
                             fix="correct the id or add the indicator to the catalog")


def _read_sheet(sheet, spec: SheetSpec, path: Path, profile: SourceProfile, catalog: Catalog,
                registry: Registry) -> list[dict]:
    """The tidy rows of one sheet."""
    lines = sheet.iter_rows(min_row=spec.header_row, values_only=True)
    header = next(lines, None) or ()
    positions = _header_positions(header, spec, path)
    code_index = positions[spec.code_header]
    missing = {m.strip().casefold() for m in spec.missing}
    by_key: dict[tuple[str, str, int], dict] = {}
    first_row_of: dict[str, int] = {}
    for row_number, cells in enumerate(lines, start=spec.header_row + 1):
        cells = tuple(cells) + (None,) * max(0, len(header) - len(cells))
        raw_code = cells[code_index]
        if _is_blank(raw_code):
            if any(not _is_blank(c) for c in cells):
                raise InputError("a row without unit code", file=path,
                                 place=_place(spec, code_index, row_number),
                                 fix="fill in the code or delete the row")
            continue
        code = unit_code(raw_code, registry, file=str(path),
                         place=_place(spec, code_index, row_number))
        if code in first_row_of:
            unit = registry.unit(code)
            raise InputError(f"unit '{code}' ({unit.name}) appears a second time (first in "
                             f"row {first_row_of[code]})", file=path,
                             place=_place(spec, code_index, row_number),
                             fix="delete the duplicated row")
        first_row_of[code] = row_number
        level = registry.unit(code).level
        for header_text, targets in spec.columns:
            index = positions[header_text]
            raw = cells[index]
            place = _place(spec, index, row_number)
            for target in targets:
                indicator = catalog.indicator(target.indicator)
                row = by_key.setdefault((indicator.id, code, target.year), {
                    "indicator": indicator.id, "unit": code, "year": target.year,
                    "origin": f"{path.name}, sheet '{spec.name}', row {row_number}"})
                if _is_missing(raw, missing):
                    continue
                if target.role == "value" and indicator.is_categorical \
                        and level in ("kommun", "stadsdel"):
                    if not isinstance(raw, str):
                        raise InputError(f"'{raw}' is not an answer of indicator "
                                         f"'{indicator.id}' (expected one of "
                                         f"{', '.join(indicator.answers)})",
                                         file=path, place=place)
                    row["answer"] = check_answer(raw, indicator, catalog, profile.answers,
                                                 file=str(path), place=place)
                    continue
                number = parse_number(raw, file=str(path), place=place,
                                      what=f"indicator '{indicator.id}'")
                row[target.role] = check_number(number, indicator, file=str(path),
                                                place=place, role=target.role)
    return list(by_key.values())


def _header_positions(header: tuple, spec: SheetSpec, path: Path) -> dict[str, int]:
    found = {_normalise(h): i for i, h in reversed(list(enumerate(header))) if not _is_blank(h)}
    wanted = [spec.code_header] + [h for h, _ in spec.columns]
    positions = {}
    for text in wanted:
        index = found.get(_normalise(text))
        if index is None:
            shown = ", ".join(f"'{h}'" for h in header if not _is_blank(h)) or "none"
            raise InputError(f"no column headed '{text}' in the header row (headers found: "
                             f"{shown})", file=path,
                             place=f"sheet '{spec.name}', row {spec.header_row}",
                             fix="correct the header, or the profile's header_row or column "
                                 "name")
        positions[text] = index
    return positions


def _place(spec: SheetSpec, index: int, row_number: int) -> str:
    return f"sheet '{spec.name}', cell {get_column_letter(index + 1)}{row_number}"


def _normalise(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_missing(value: object, missing: set[str]) -> bool:
    return value is None or (isinstance(value, str) and value.strip().casefold() in missing)
