"""How Kolada codes a survey indicator's answers: the catalog keys ``kolada_codes`` and
``kolada_until``.

In: the raw TOML value of an indicator's ``kolada_codes`` — one table code → answer
(``{"2" = "Ja, för alla", "1" = "Ja, men inte för alla", "0" = "Nej"}``) or a list of such
tables by years (``[{until = 2017, codes = {...}}, {from = 2018, codes = {...}}]``) — and of its
``kolada_until`` (the last year of a KPI Kolada marks as ending, "(-2021)").
Out: a tuple of ``KoladaCoding`` (year range and code → answer), the year a coding applies to
(``coding_for``), or an ``InputError`` naming the catalog file and the indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from regionreport.errors import InputError

_CODE = re.compile(r"-?[0-9]+")
_EXAMPLE = ('a table code = answer, {"<code>" = "<answer>", ...}, or a list of '
            '{from = <year>, until = <year>, codes = {...}} tables by years; '
            'docs/catalog-format.md, "Kolada codings"')


@dataclass(frozen=True)
class KoladaCoding:
    """One coding of a KPI: the years it holds (``first``/``last``, ``None`` for open) and
    its codes as (code, answer) pairs in catalog order."""

    codes: tuple[tuple[int, str], ...]
    first: int | None = None
    last: int | None = None

    def holds(self, year: int) -> bool:
        return (self.first is None or year >= self.first) and \
            (self.last is None or year <= self.last)

    @property
    def table(self) -> dict[float, str]:
        """code (as a float, the way values are read) → answer."""
        return {float(code): answer for code, answer in self.codes}

    @property
    def years(self) -> str:
        """The years in words for messages: "all years", "until 2017", "2018–2020"."""
        if self.first is None and self.last is None:
            return "all years"
        if self.first is None:
            return f"until {self.last}"
        if self.last is None:
            return f"from {self.first}"
        return f"{self.first}–{self.last}"


def coding_for(codings: tuple[KoladaCoding, ...], year: int) -> KoladaCoding | None:
    """The coding that holds in ``year`` (``None`` when no declared range holds it)."""
    return next((c for c in codings if c.holds(year)), None)


def parse_codings(raw: object, answers: tuple[str, ...], name: str,
                  path: Path) -> tuple[KoladaCoding, ...]:
    """The codings of ``kolada_codes`` of indicator ``name``, validated: codes are whole
    numbers as text, answers are the indicator's, year ranges do not overlap."""
    if isinstance(raw, dict):
        return (KoladaCoding(_codes(raw, answers, name, path, "kolada_codes")),)
    if not isinstance(raw, list) or not raw:
        _fail(name, path, "'kolada_codes' must be a table of codes or a non-empty list of "
                          "{from, until, codes} tables", True)
    codings = []
    for index, entry in enumerate(raw, start=1):
        where = f"kolada_codes[{index}]"
        if not isinstance(entry, dict):
            _fail(name, path, f"{where} must be a table {{from = ..., until = ..., codes = "
                              "{...}}", True)
        unknown = sorted(set(entry) - {"from", "until", "codes"})
        if unknown:
            _fail(name, path, f"{where} has the unknown key '{unknown[0]}' (keys: from, "
                              "until, codes)", True)
        if "codes" not in entry:
            _fail(name, path, f"{where}: key 'codes' is missing", True)
        first = _year(entry, "from", name, path, where)
        last = _year(entry, "until", name, path, where)
        if first is not None and last is not None and first > last:
            _fail(name, path, f"{where}: from = {first} is after until = {last}")
        codings.append(KoladaCoding(_codes(entry["codes"], answers, name, path,
                                           f"{where}.codes"), first, last))
    _check_overlap(codings, name, path)
    return tuple(codings)


def parse_until(raw: object, codings: tuple[KoladaCoding, ...], name: str,
                path: Path) -> int:
    """``kolada_until``: a year; no coding may start after it."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        _fail(name, path, f"'kolada_until' must be a year (the last year of a KPI Kolada "
                          f"marks as ending), not {raw!r}")
    for coding in codings:
        if coding.first is not None and coding.first > raw:
            _fail(name, path, f"kolada_codes from {coding.first} starts after "
                              f"kolada_until = {raw}")
    return raw


def _codes(raw: object, answers: tuple[str, ...], name: str, path: Path,
           where: str) -> tuple[tuple[int, str], ...]:
    if not isinstance(raw, dict) or not raw:
        _fail(name, path, f"'{where}' must be a non-empty table of code = answer", True)
    codes = []
    for code, answer in raw.items():
        if not _CODE.fullmatch(code):
            _fail(name, path, f"'{where}': code '{code}' is not a whole number (codes are "
                              'whole numbers as text: "<code>" = "<answer>")', True)
        if answer not in answers:
            shown = ", ".join(answers) or "none"
            _fail(name, path, f"'{where}': answer {answer!r} of code {code} is not one of "
                              f"the indicator's answers ({shown})")
        if int(code) in dict(codes):
            _fail(name, path, f"'{where}': code {int(code)} is given twice")
        codes.append((int(code), answer))
    return tuple(codes)


def _year(entry: dict, key: str, name: str, path: Path, where: str) -> int | None:
    if key not in entry:
        return None
    value = entry[key]
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(name, path, f"{where}: '{key}' must be a year (a whole number), not {value!r}")
    return value


def _check_overlap(codings: list[KoladaCoding], name: str, path: Path) -> None:
    """No year may be held by two codings."""
    low = float("-inf")
    ordered = sorted(codings, key=lambda c: low if c.first is None else c.first)
    for before, after in zip(ordered, ordered[1:]):
        if before.last is None or after.first is None or before.last >= after.first:
            _fail(name, path, f"kolada_codes: the years {before.years} and {after.years} "
                              "overlap (give each coding its own years with from/until)")


def _fail(name: str, path: Path, message: str, example: bool = False) -> None:
    raise InputError(f"indicator '{name}': {message}", file=path,
                     fix=f"expected {_EXAMPLE}" if example else None)
