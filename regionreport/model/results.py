"""The tidy results table every reader produces, and the checks of single values.

In: rows from any reader (ÖJ workbook, Kolada, tidy CSV).
Out: a pandas DataFrame with exactly ``TIDY_COLUMNS``:

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
"""

from __future__ import annotations

import math

import pandas as pd

from regionreport.model.catalog import Catalog, Indicator
from regionreport.errors import InputError

TIDY_COLUMNS = ("indicator", "unit", "year", "value", "answer", "numerator", "denominator",
                "origin")


def tidy_frame(rows: list[dict]) -> pd.DataFrame:
    """Build the tidy table from row dicts (missing keys become NaN/None)."""
    frame = pd.DataFrame(rows, columns=list(TIDY_COLUMNS))
    for column in ("value", "numerator", "denominator"):
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    frame["year"] = frame["year"].astype("int64")
    frame["answer"] = frame["answer"].astype("object").where(frame["answer"].notna(), None)
    return frame


def combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate tidy tables; a (indicator, unit, year) given twice is an ``InputError``."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return tidy_frame([])
    table = pd.concat(frames, ignore_index=True)
    duplicated = table[table.duplicated(["indicator", "unit", "year"], keep=False)]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        places = "; ".join(duplicated[(duplicated.indicator == first.indicator)
                                      & (duplicated.unit == first.unit)
                                      & (duplicated.year == first.year)].origin)
        raise InputError(f"indicator '{first.indicator}', unit {first.unit}, year "
                         f"{first.year} is given more than once: {places}",
                         fix="remove one of them or pass fewer --data files")
    return table.sort_values(["indicator", "year", "unit"], kind="stable").reset_index(drop=True)


def check_number(value: float, indicator: Indicator, *, file: str, place: str,
                 role: str = "value") -> float:
    """Reject a value outside its indicator's range; return it unchanged when fine."""
    if math.isnan(value):
        return value
    if role == "value" and indicator.is_percentage and not 0.0 <= value <= 100.0:
        raise InputError(f"{_shown(value)} is outside 0–100 for indicator '{indicator.id}' "
                         "(a percentage)", file=file, place=place,
                         fix="percentages are written as 0–100, not as fractions above 100")
    if value < 0:
        raise InputError(f"{_shown(value)} is negative for indicator '{indicator.id}' ({role})",
                         file=file, place=place, fix="counts and values cannot be negative")
    return value


def check_answer(answer: str, indicator: Indicator, catalog: Catalog,
                 spellings: dict[str, str], *, file: str, place: str) -> str:
    """Return the catalog spelling of ``answer``; ``InputError`` if it is not an answer of
    ``indicator``. Matching ignores case and repeated spaces; ``spellings`` maps extra
    spellings (from a source profile) to catalog answers."""
    key = _answer_key(answer)
    canonical = {_answer_key(a): a for a in catalog.answer_categories}
    canonical.update({_answer_key(k): v for k, v in spellings.items()})
    found = canonical.get(key)
    if found is None or found not in indicator.answers:
        raise InputError(f"answer '{answer}' is not an answer of indicator '{indicator.id}' "
                         f"(expected one of {', '.join(indicator.answers)})",
                         file=file, place=place,
                         fix="correct the cell, or map this spelling under [answers] in the "
                             "source profile")
    return found


def parse_number(raw: object, *, file: str, place: str, what: str) -> float:
    """A number from a cell or CSV field: int/float as is, text with decimal comma or point,
    thin or normal spaces as thousands separators, and the Unicode minus. Anything else is an
    ``InputError`` ("text where a number belongs")."""
    if isinstance(raw, bool):
        raise InputError(f"'{raw}' is not a number ({what} expects a number)",
                         file=file, place=place)
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip().replace("\u2212", "-").replace(",", ".")
    for space in (" ", "\u00a0", "\u2009", "\u202f"):
        text = text.replace(space, "")
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"'{raw}' is not a number ({what} expects a number)",
                         file=file, place=place,
                         fix="write a number such as 54,3 or mark a missing value as empty") \
            from None
    if not math.isfinite(number):
        raise InputError(f"'{raw}' is not a finite number ({what})", file=file, place=place)
    return number


def _answer_key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _shown(value: float) -> str:
    return f"{value:g}".replace(".", ",")
