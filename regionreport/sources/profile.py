"""Source profiles: how one year's national ÖJ workbook is laid out, as data.

In: a profile TOML file (layouts/profiles/*.toml; keys in docs/source-profile.md).
Out: a frozen ``SourceProfile`` with one ``SheetSpec`` per sheet (templated sheets such as
"Register {year}" expanded per year), each column header mapped to ``ColumnTarget``s
(indicator id, role value/numerator/denominator, year), and the answer spellings.

The profile is validated at the boundary: unknown keys, a malformed column target or a
duplicated sheet give an ``InputError`` naming the profile file and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from regionreport.errors import InputError
from regionreport.config.toml import read_toml

ROLES = ("value", "numerator", "denominator")
_TARGET = re.compile(r"^(?P<indicator>[a-z0-9_]+)(?::(?P<role>[a-z]+))?(?:@(?P<year>\d{4}))?$")
_TOP_KEYS = {"profile", "defaults", "answers", "sheets"}
_SHEET_KEYS = {"name", "year", "years", "header_row", "code_header", "name_header", "missing",
               "columns"}
_DEFAULT_KEYS = _SHEET_KEYS - {"name", "year", "years", "columns"}


@dataclass(frozen=True)
class ColumnTarget:
    """Where one column's cells go: an indicator, the role of the number, and the year."""

    indicator: str
    role: str
    year: int


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook: its name, header row, unit columns and mapped columns."""

    name: str
    year: int
    header_row: int
    code_header: str
    name_header: str | None
    missing: tuple[str, ...]
    columns: tuple[tuple[str, tuple[ColumnTarget, ...]], ...]


@dataclass(frozen=True)
class SourceProfile:
    """A whole profile: id, the catalog it maps onto, answer spellings, sheets in order."""

    id: str
    description: str
    catalog: str
    answers: dict[str, str]
    sheets: tuple[SheetSpec, ...]
    path: Path

    def indicator_ids(self) -> set[str]:
        return {t.indicator for s in self.sheets for _, ts in s.columns for t in ts}


def load_profile(path: str | Path) -> SourceProfile:
    """Read and validate a profile file; raises ``InputError`` on any mistake in it."""
    path = Path(path)
    data = read_toml(path, "source profile", fix="check the path or pass --profile")
    _reject_unknown(data, _TOP_KEYS, path, "")
    head = data.get("profile", {})
    for key in ("id", "catalog"):
        if not isinstance(head.get(key), str):
            raise InputError(f"key 'profile.{key}' is missing or not text", file=path)
    defaults = data.get("defaults", {})
    _reject_unknown(defaults, _DEFAULT_KEYS, path, "defaults.")
    answers = data.get("answers", {})
    if not all(isinstance(v, str) for v in answers.values()):
        raise InputError("every value under [answers] must be an answer category", file=path)
    sheets: list[SheetSpec] = []
    for index, raw in enumerate(data.get("sheets", []), start=1):
        sheets.extend(_sheet_specs(raw, defaults, path, f"sheets[{index}]"))
    if not sheets:
        raise InputError("the profile lists no [[sheets]]", file=path)
    names = [s.name for s in sheets]
    for name in names:
        if names.count(name) > 1:
            raise InputError(f"sheet '{name}' is listed twice", file=path)
    return SourceProfile(id=head["id"], description=head.get("description", ""),
                         catalog=head["catalog"], answers=dict(answers), sheets=tuple(sheets),
                         path=path)


def _sheet_specs(raw: dict, defaults: dict, path: Path, where: str) -> list[SheetSpec]:
    _reject_unknown(raw, _SHEET_KEYS, path, where + ".")
    merged = {**defaults, **raw}
    name = merged.get("name")
    if not isinstance(name, str) or not name:
        raise InputError(f"key '{where}.name' is missing", file=path)
    if "years" in raw:
        years = raw["years"]
        if "{year}" not in name:
            raise InputError(f"key '{where}.name' must contain '{{year}}' when 'years' is given",
                             file=path)
    elif isinstance(raw.get("year"), int):
        years = [raw["year"]]
    else:
        raise InputError(f"key '{where}.year' (or 'years') is missing", file=path)
    header_row = merged.get("header_row")
    if not isinstance(header_row, int) or header_row < 1:
        raise InputError(f"key '{where}.header_row' must be a row number ≥ 1", file=path)
    code_header = merged.get("code_header")
    if not isinstance(code_header, str):
        raise InputError(f"key '{where}.code_header' is missing", file=path)
    columns_raw = raw.get("columns")
    if not isinstance(columns_raw, dict) or not columns_raw:
        raise InputError(f"key '{where}.columns' is missing or empty", file=path)
    specs = []
    for year in years:
        columns = tuple((header, _targets(value, year, path, f"{where}.columns.\"{header}\""))
                        for header, value in columns_raw.items())
        specs.append(SheetSpec(name=name.replace("{year}", str(year)), year=year,
                               header_row=header_row, code_header=code_header,
                               name_header=merged.get("name_header"),
                               missing=tuple(merged.get("missing", ("",))), columns=columns))
    return specs


def _targets(value: str | list, year: int, path: Path, key: str) -> tuple[ColumnTarget, ...]:
    texts = value if isinstance(value, list) else [value]
    targets = []
    for text in texts:
        match = _TARGET.match(text) if isinstance(text, str) else None
        if not match or (match["role"] or "value") not in ROLES:
            raise InputError(f"key '{key}': '{text}' is not a column target",
                             file=path, fix="write 'indicator_id', 'indicator_id:numerator', "
                                            "'indicator_id:denominator' or add '@YEAR'")
        targets.append(ColumnTarget(match["indicator"], match["role"] or "value",
                                    int(match["year"]) if match["year"] else year))
    return tuple(targets)


def _reject_unknown(table: dict, allowed: set[str], path: Path, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise InputError(f"unknown key '{prefix}{key}'", file=path,
                             fix="allowed: " + ", ".join(sorted(allowed)))
