"""The tidy results table every reader produces, and the checks of single values.

In: rows from any reader (ÖJ workbook, Kolada, tidy CSV).
Out: a ``TidyTable``, plain columns named by ``TIDY_COLUMNS``:

    indicator    catalog indicator id
    unit         unit code of the registry ("00", "06", "0680", "148001")
    year         int
    value        float or NaN: the number (percent, hours, kronor) or, for a categorical
                 indicator of Riket or a län, the published share in percent
    answer       str or None: the categorical answer of a kommun or stadsdel (catalog spelling)
    numerator    float or NaN
    denominator  float or NaN
    origin       where the row came from ("file.xlsx, sheet 'X', row 7"), for messages

A unit that did not answer has a row with neither value nor answer, or no row at all.

Every number a reader takes passes ``parse_number`` (finite, or an ``InputError``) and
``check_number`` (range by role); a row with both counts of a share passes ``check_counts``
(the numerator at most the denominator).

The table is plain Python lists, not a pandas DataFrame: a build reads it only column by
column (``aggregate.ResultIndex``), and a rebuild unpickles it from the data cache without
importing pandas (half a second of every process). ``TidyTable.frame()`` gives the DataFrame
for analysis.
"""

from __future__ import annotations

import math
from functools import lru_cache

from regionreport.model.catalog import Catalog, Indicator
from regionreport.errors import InputError, shorten

TIDY_COLUMNS = ("indicator", "unit", "year", "value", "answer", "numerator", "denominator",
                "origin")
_NUMBERS = ("value", "numerator", "denominator")


class TidyTable:
    """The tidy results table as columns: ``table["unit"]`` is the list of every row's unit
    code, ``len(table)`` the number of rows and ``table.frame()`` a pandas DataFrame of the
    same columns and types. The lists are the table's own: read them, do not change them."""

    __slots__ = ("_columns",)

    def __init__(self, columns: dict[str, list]):
        self._columns = _checked({name: list(columns[name]) for name in TIDY_COLUMNS})

    def __getitem__(self, name: str) -> list:
        return self._columns[name]

    def __len__(self) -> int:
        return len(self._columns["indicator"])

    def __repr__(self) -> str:
        return f"TidyTable({len(self)} rows)"

    def __getstate__(self) -> dict[str, list]:
        return self._columns

    def __setstate__(self, columns: dict[str, list]) -> None:
        self._columns = _checked(columns)

    def frame(self):
        """The table as a pandas DataFrame (value, numerator, denominator float64; year
        int64; answer str or None); pandas is imported here, only when asked for."""
        import pandas as pd

        columns = {name: pd.Series(self._columns[name], dtype=dtype) for name, dtype in (
            ("indicator", None), ("unit", None), ("year", "int64"), ("value", "float64"),
            ("answer", "object"), ("numerator", "float64"), ("denominator", "float64"),
            ("origin", None))}
        return pd.DataFrame(columns, columns=list(TIDY_COLUMNS))


def _checked(columns: dict[str, list]) -> dict[str, list]:
    """``columns`` when they are the tidy columns, as lists of one length; else ValueError
    (so that a cache entry of another shape is not taken for the table)."""
    if not isinstance(columns, dict) or set(columns) != set(TIDY_COLUMNS) \
            or not all(isinstance(column, list) for column in columns.values()):
        raise ValueError(f"not the tidy columns {', '.join(TIDY_COLUMNS)}")
    lengths = {len(column) for column in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    return columns


def tidy_table(rows: list[dict]) -> TidyTable:
    """Build the tidy table from row dicts (missing numbers become NaN, a missing answer
    None); a number that is not a number is a ``TypeError`` or ``ValueError`` (the readers
    pass every number through ``parse_number`` first)."""
    columns: dict[str, list] = {name: [] for name in TIDY_COLUMNS}
    for row in rows:
        for name in ("indicator", "unit", "origin"):
            columns[name].append(row.get(name))
        columns["year"].append(int(row["year"]))
        for name in _NUMBERS:
            number = row.get(name)
            columns[name].append(math.nan if number is None else float(number))
        answer = row.get("answer")
        columns["answer"].append(None if answer is None or answer != answer else answer)
    return TidyTable(columns)


def combine(tables: list[TidyTable]) -> TidyTable:
    """Concatenate tidy tables, sorted by indicator, year and unit (rows of the same key in
    the order given); a (indicator, unit, year) given twice is an ``InputError``."""
    rows = [values for table in tables
            for values in zip(*(table[name] for name in TIDY_COLUMNS))]
    position = {name: TIDY_COLUMNS.index(name) for name in TIDY_COLUMNS}
    indicator, unit, year, origin = (position[name]
                                     for name in ("indicator", "unit", "year", "origin"))
    places: dict[tuple, list[str]] = {}
    for values in rows:
        places.setdefault((values[indicator], values[unit], values[year]), []).append(
            values[origin])
    for (indicator_id, unit_code, year_given), origins in places.items():
        if len(origins) > 1:
            raise InputError(f"indicator '{indicator_id}', unit {unit_code}, year "
                             f"{year_given} is given more than once: {'; '.join(origins)}",
                             fix="remove one of them or pass fewer --data files")
    rows.sort(key=lambda values: (values[indicator], values[year], values[unit]))
    return TidyTable({name: [values[i] for values in rows]
                      for i, name in enumerate(TIDY_COLUMNS)})


def check_number(value: float, indicator: Indicator, *, file: str, place: str,
                 role: str = "value") -> float:
    """Reject a value outside its indicator's range; return it unchanged when fine.

    NaN (not reported) passes; infinity never does (``parse_number`` refuses it first)."""
    if math.isnan(value):
        return value
    if math.isinf(value):
        raise InputError(f"{_shown(value)} is not a finite number for indicator "
                         f"'{indicator.id}' ({role})", file=file, place=place,
                         fix="write a number such as 54,3 or mark a missing value as empty")
    if role == "value" and indicator.is_percentage and not 0.0 <= value <= 100.0:
        raise InputError(f"{_shown(value)} is outside 0–100 for indicator '{indicator.id}' "
                         "(a percentage)", file=file, place=place,
                         fix="percentages are written as 0–100, not as fractions above 100")
    if value < 0:
        raise InputError(f"{_shown(value)} is negative for indicator '{indicator.id}' ({role})",
                         file=file, place=place, fix="counts and values cannot be negative")
    return value


def is_share(indicator: Indicator) -> bool:
    """A share: the value is numerator / denominator in percent (a percentage indicator whose
    scale is 100), so the numerator counts a part of the denominator."""
    return indicator.is_percentage and indicator.scale_factor in (None, 100.0)


def check_counts(row: dict, indicator: Indicator, *, file: str, place: str) -> None:
    """``InputError`` when ``row`` (a tidy row dict) gives a share a numerator larger than its
    denominator; ``place`` names where both counts are. Rows of other indicators (hours per
    full-time post, per 10 000 inhabitants) and rows without both counts pass."""
    if not is_share(indicator):
        return
    numerator, denominator = row.get("numerator"), row.get("denominator")
    if numerator is None or denominator is None or math.isnan(numerator) \
            or math.isnan(denominator):
        return
    if numerator > denominator:
        share = (f"{_shown(round(100 * numerator / denominator, 1))} percent" if denominator
                 else "more than 100 percent")
        raise InputError(f"the numerator {_shown(numerator)} is larger than the denominator "
                         f"{_shown(denominator)} for indicator '{indicator.id}' (a share in "
                         f"percent: it would be {share})", file=file, place=place,
                         fix="check the two counts: the numerator counts a part of the "
                             "denominator (correct the cells, or the profile's column roles)")


def check_answer(answer: str, indicator: Indicator, catalog: Catalog,
                 spellings: dict[str, str], *, file: str, place: str) -> str:
    """Return the catalog spelling of ``answer``; ``InputError`` if it is not an answer of
    ``indicator``. Matching ignores case and repeated spaces; ``spellings`` maps extra
    spellings (from a source profile) to catalog answers."""
    found = _answer_map(catalog.answer_categories, tuple(spellings.items())).get(
        _answer_key(answer))
    if found is None or found not in indicator.answers:
        raise InputError(f"answer '{shorten(answer)}' is not an answer of indicator "
                         f"'{indicator.id}' "
                         f"(expected one of {', '.join(indicator.answers)})",
                         file=file, place=place,
                         fix="correct the cell, or map this spelling under [answers] in the "
                             "source profile")
    return found


@lru_cache(maxsize=32)
def _answer_map(categories: tuple[str, ...],
                spellings: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Answer keys (``_answer_key``) to the catalog's spelling, the profile's extra spellings
    included; made once per catalog and profile."""
    canonical = {_answer_key(a): a for a in categories}
    canonical.update({_answer_key(k): v for k, v in spellings})
    return canonical


def parse_number(raw: object, *, file: str, place: str, what: str) -> float:
    """A number from a cell or CSV field: int/float as is, text with decimal comma or point,
    thin or normal spaces as thousands separators, and the Unicode minus. Anything else is an
    ``InputError`` ("text where a number belongs"), and so is a number that is not finite
    (infinity, NaN, or an integer too large for a float), whether it came as text or as a
    number of the file (a workbook cell ``1e999``, a JSON number)."""
    if isinstance(raw, bool):
        raise InputError(f"'{raw}' is not a number ({what} expects a number)",
                         file=file, place=place)
    if isinstance(raw, (int, float)):
        try:
            number = float(raw)
        except OverflowError:
            number = math.inf
    else:
        text = str(raw).strip().replace("\u2212", "-").replace(",", ".")
        for space in (" ", "\u00a0", "\u2009", "\u202f"):
            text = text.replace(space, "")
        try:
            number = float(text)
        except ValueError:
            raise InputError(f"'{shorten(raw)}' is not a number ({what} expects a number)",
                             file=file, place=place,
                             fix="write a number such as 54,3 or mark a missing value as "
                                 "empty") from None
    if not math.isfinite(number):
        raise InputError(f"'{shorten(raw)}' is not a finite number ({what})", file=file,
                         place=place,
                         fix="write a number such as 54,3 or mark a missing value as empty")
    return number


def _answer_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _shown(value: float) -> str:
    return f"{value:g}".replace(".", ",")
