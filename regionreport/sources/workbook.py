"""Reader of the national ÖJ result workbook, driven by a source profile.

In: an .xlsx path, a ``SourceProfile`` (which sheets, header rows, columns), the ``Catalog``
and the ``Registry``.
Out: the tidy results table (regionreport.model.results). Every unit row of every profiled sheet
gives one row per mapped indicator, also when the unit did not answer (value and answer empty),
so non-responders can be counted.

Only this module reads workbooks, with python-calamine (a Rust reader): every row that is in a
sheet is read, whatever the sheet's ``<dimension>`` record declares (a stale record made the
reader used before stop early; ``ref="A1"`` made it see no headers), in a small part of the
time openpyxl takes. Before calamine parses anything, ``safety.check_workbook_file`` checks the
file and ``xlsx_scan.scan_workbook`` the parts (true sizes, no DTD or entities, Excel's limits,
formulas without a stored value, the text of error values such as "#N/A", which calamine
leaves empty). Checks of the contents, each an ``InputError`` naming the file, the sheet and
the cell: missing sheet, missing column, a column header given twice, unknown unit code, a
unit row given twice, an answer outside the indicator's answers, a percentage outside 0–100,
text where a number belongs, a number that is not finite, a share's numerator larger than its
denominator.
"""

from __future__ import annotations

import sys
from pathlib import Path

from regionreport.model.catalog import Catalog
from regionreport.errors import InputError, shorten
from regionreport.model.registry import Registry
from regionreport.model.results import (check_answer, check_counts, check_number, is_share,
                                        parse_number, tidy_table)
from regionreport.sources.codes import unit_code
from regionreport.sources.profile import SheetSpec, SourceProfile
from regionreport.sources.safety import check_workbook_file, require_defusedxml
from regionreport.sources.xlsx_scan import SheetFacts, scan_workbook

_FIX_SAVE = "open the workbook in Excel and save it again as .xlsx"
_PERCENT_MAX = 100.0
_FLOAT_MAX = sys.float_info.max


def read_workbook(path: str | Path, profile: SourceProfile, catalog: Catalog,
                  registry: Registry):
    """Read every sheet the profile lists; return the tidy table."""
    path = Path(path)
    _check_profile_against_catalog(profile, catalog)
    require_defusedxml()
    check_workbook_file(path)
    facts = scan_workbook(path, [spec.name for spec in profile.sheets])
    workbook = _open(path)
    try:
        rows: list[dict] = []
        for spec in profile.sheets:
            if spec.name not in workbook.sheet_names:
                raise InputError(f"sheet '{spec.name}' is missing (the source profile "
                                 f"'{profile.id}' expects it; sheets found: "
                                 f"{', '.join(workbook.sheet_names)})", file=path,
                                 fix="use the profile that matches this year's workbook")
            cells = _sheet_cells(workbook, spec.name, facts.get(spec.name), path)
            rows.extend(_read_sheet(cells, spec, path, profile, catalog, registry))
    finally:
        workbook.close()
    return tidy_table(rows)


def _open(path: Path):
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise InputError("python-calamine is not installed, so workbooks cannot be read",
                         fix="pip install python-calamine, or install regionreport again "
                             "(pip install -e .)") from None
    try:
        return CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine's errors, and a Rust panic (a BaseException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise InputError(_unreadable(exc, "is not a readable Excel workbook"), file=path,
                         fix=_FIX_SAVE) from None


def _sheet_cells(workbook, name: str, facts: SheetFacts | None, path: Path) -> list[list]:
    """The cells of one sheet as rows of values from A1 (row 1 first), every row as wide as
    the widest: numbers as float, text as str, booleans, dates; an empty cell is "" (as
    calamine gives it), and a cell holding an error value its text ("#N/A")."""
    try:
        grid = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise InputError(_unreadable(exc, f"sheet '{name}' cannot be read"), file=path,
                         fix=_FIX_SAVE) from None
    rows = grid
    for (row, column), text in (facts.errors.items() if facts else ()):
        while len(rows) < row:
            rows.append([])
        line = rows[row - 1]
        line.extend([None] * (column - len(line)))
        line[column - 1] = text
    return rows


def _unreadable(exc: BaseException, what: str) -> str:
    """Say why a workbook part could not be parsed (the first line of the reader's error)."""
    first_line = str(exc).splitlines()[0] if str(exc) else ""
    return f"{what}: {type(exc).__name__}: {shorten(first_line, 120)}".rstrip(": ")


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


def _read_sheet(grid: list[list], spec: SheetSpec, path: Path, profile: SourceProfile,
                catalog: Catalog, registry: Registry) -> list[dict]:
    """The tidy rows of one sheet, from its cells (``_sheet_cells``)."""
    header = grid[spec.header_row - 1] if len(grid) >= spec.header_row else []
    positions = _header_positions(header, spec, path)
    code_index = positions[spec.code_header]
    missing = {m.strip().casefold() for m in spec.missing}
    file = str(path)
    plan = _Plan(spec, positions, catalog)
    width = max([len(header), code_index + 1] + [index + 1 for index, _, _ in plan.columns])
    rows: list[dict] = []
    first_row_of: dict[str, int] = {}
    answers: dict[tuple[str, str], str] = {}   # (answer as written, indicator) -> catalog's
    for row_number in range(spec.header_row + 1, len(grid) + 1):
        cells = grid[row_number - 1]
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        raw_code = cells[code_index]
        if _is_blank(raw_code):
            if any(not _is_blank(c) for c in cells):
                raise InputError("a row without unit code", file=path,
                                 place=_place(spec, code_index, row_number),
                                 fix="fill in the code or delete the row")
            continue
        code_place = _place(spec, code_index, row_number)
        if isinstance(raw_code, str) and len(raw_code) > 40:
            raise InputError(f"unknown unit code '{shorten(raw_code)}'", file=path,
                             place=code_place, fix="a unit code is '00', a länskod, a "
                                                   "kommunkod or a stadsdel code")
        code = unit_code(raw_code, registry, file=file, place=code_place)
        if code in first_row_of:
            unit = registry.unit(code)
            raise InputError(f"unit '{code}' ({unit.name}) appears a second time (first in "
                             f"row {first_row_of[code]})", file=path, place=code_place,
                             fix="delete the duplicated row")
        first_row_of[code] = row_number
        answers_unit = registry.unit(code).level in ("kommun", "stadsdel")
        origin = f"{path.name}, sheet '{spec.name}', row {row_number}"
        # one row per (indicator, year) of the sheet, also when the unit did not answer
        unit_rows = [{"indicator": indicator_id, "unit": code, "year": year, "origin": origin}
                     for indicator_id, year in plan.slots]
        rows.extend(unit_rows)
        counts: dict[tuple[int, str], str] = {}   # (slot, role) -> cell, of shares' counts
        for index, letters, targets in plan.columns:
            raw = cells[index]
            if raw is None or raw.__class__ is str and (
                    not raw or raw.strip().casefold() in missing):
                continue  # calamine gives an empty cell as ""
            for slot, role, indicator, categorical, largest, share_count in targets:
                row = unit_rows[slot]
                if categorical and answers_unit:
                    answer = answers.get((raw, indicator.id)) if isinstance(raw, str) else None
                    if answer is None:
                        answer = _answer(raw, indicator, catalog, profile, file,
                                         f"sheet '{spec.name}', cell {letters}{row_number}")
                        answers[(raw, indicator.id)] = answer
                    row["answer"] = answer
                    continue
                if share_count:
                    counts[(slot, role)] = f"{letters}{row_number}"
                if raw.__class__ is float and 0.0 <= raw <= largest:
                    row[role] = raw  # a finite number in range: what the checks would return
                    continue
                place = f"sheet '{spec.name}', cell {letters}{row_number}"
                number = parse_number(raw, file=file, place=place,
                                      what=f"indicator '{indicator.id}'")
                row[role] = check_number(number, indicator, file=file, place=place, role=role)
        for slot, indicator in plan.shares:
            row = unit_rows[slot]
            if row.get("numerator", 0.0) > row.get("denominator", _FLOAT_MAX):
                check_counts(row, indicator, file=file,
                             place=f"sheet '{spec.name}', cells "
                                   f"{counts[(slot, 'numerator')]} (numerator) and "
                                   f"{counts[(slot, 'denominator')]} (denominator)")
    return rows


class _Plan:
    """How one sheet's mapped columns are read, worked out once per sheet.

    ``slots``: the (indicator id, year) pairs the sheet gives, one tidy row each per unit.
    ``columns``: per mapped column its index, its letters and its targets, each as (slot,
    role, indicator, whether the cell is a kommun's answer, the largest number the role takes
    without further checks, whether it is a count of a share). ``shares``: (slot, indicator)
    of the shares whose numerator and denominator both come from this sheet.
    """

    def __init__(self, spec: SheetSpec, positions: dict[str, int], catalog: Catalog) -> None:
        slot_of: dict[tuple[str, int], int] = {}
        roles: dict[int, set[str]] = {}
        self.columns = []
        for header_text, targets in spec.columns:
            index = positions[header_text]
            planned = []
            for target in targets:
                indicator = catalog.indicator(target.indicator)
                slot = slot_of.setdefault((indicator.id, target.year), len(slot_of))
                roles.setdefault(slot, set()).add(target.role)
                value_role = target.role == "value"
                planned.append((slot, target.role, indicator,
                                value_role and indicator.is_categorical,
                                _PERCENT_MAX if value_role and indicator.is_percentage
                                else _FLOAT_MAX,
                                not value_role and is_share(indicator)))
            self.columns.append((index, _letters(index), planned))
        self.slots = list(slot_of)
        indicators = {slot: catalog.indicator(pair[0]) for pair, slot in slot_of.items()}
        self.shares = [(slot, indicators[slot]) for slot in range(len(self.slots))
                       if {"numerator", "denominator"} <= roles[slot]
                       and is_share(indicators[slot])]


def _answer(raw: object, indicator, catalog: Catalog, profile: SourceProfile, file: str,
            place: str) -> str:
    """A kommun's or stadsdel's answer in the catalog's spelling; ``InputError`` for a number
    or a text that is not one of the indicator's answers."""
    if not isinstance(raw, str):
        raise InputError(f"'{_display(raw)}' is not an answer of indicator '{indicator.id}' "
                         f"(expected one of {', '.join(indicator.answers)})",
                         file=file, place=place)
    return check_answer(raw, indicator, catalog, profile.answers, file=file, place=place)


def _header_positions(header: list, spec: SheetSpec, path: Path) -> dict[str, int]:
    """The column index of the unit code's and each mapped column's header; ``InputError``
    when one is missing or a header the profile uses stands in two columns (which of them
    holds the numbers cannot be told)."""
    found: dict[str, int] = {}
    twice: dict[str, tuple[int, int]] = {}
    for index, text in enumerate(header):
        if _is_blank(text):
            continue
        key = _normalise(text)
        if key in found:
            twice.setdefault(key, (found[key], index))
        else:
            found[key] = index
    wanted = [spec.code_header] + [h for h, _ in spec.columns]
    positions = {}
    for text in wanted:
        key = _normalise(text)
        index = found.get(key)
        if index is None:
            shown = ", ".join(f"'{shorten(_display(h))}'" for h in header if not _is_blank(h))
            raise InputError(f"no column headed '{text}' in the header row (headers found: "
                             f"{shown or 'none'})", file=path,
                             place=f"sheet '{spec.name}', row {spec.header_row}",
                             fix="correct the header, or the profile's header_row or column "
                                 "name")
        if key in twice:
            first, second = twice[key]
            raise InputError(f"the header '{shorten(_display(header[first]))}' stands in two "
                             f"columns, {_letters(first)} and {_letters(second)}, so which of "
                             "them holds the values cannot be told", file=path,
                             place=f"sheet '{spec.name}', cells {_letters(first)}"
                                   f"{spec.header_row} and {_letters(second)}{spec.header_row}",
                             fix="rename or delete one of the two columns")
        positions[text] = index
    return positions


def _place(spec: SheetSpec, index: int, row_number: int) -> str:
    return f"sheet '{spec.name}', cell {_letters(index)}{row_number}"


def _letters(index: int) -> str:
    """The column letters of a column index from 0 (0 -> "A", 26 -> "AA")."""
    letters, number = "", index + 1
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _display(value: object) -> object:
    """A cell as a message shows it: a whole number without ".0" (calamine gives every number
    as a float)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _normalise(text: object) -> str:
    return " ".join(str(_display(text)).split()).casefold()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
