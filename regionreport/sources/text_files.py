"""Text and CSV files as the readers need them.

In: a path of a UTF-8 text or CSV file. Out: its text (``read_text``), its header and data
lines with line numbers (``read_csv_lines``), the separator (``separator_of``: ``;``, tab or
``,``, the same rule for every CSV reader) and the names of its first line
(``header_names``), and small helpers that locate columns, parse a
year and catch a value given twice, each failing with an ``InputError`` naming file and line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from regionreport.errors import InputError, shorten

Line = tuple[int, list[str]]


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
    separator = separator_of(first)
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


def separator_of(header_line: str) -> str:
    """The separator of a CSV file by its header line: ``;`` when it holds one, else a tab
    when it holds one, else ``,``."""
    return ";" if ";" in header_line else "\t" if "\t" in header_line else ","


def header_names(path: str | Path) -> set[str]:
    """The names of the first line of a text file, split by ``separator_of``, lower case and
    without quotes (an empty set when the file cannot be read): for telling CSV kinds apart."""
    try:
        with Path(path).open("r", encoding="utf-8-sig", errors="replace") as handle:
            first = handle.readline(64 * 1024).casefold()
    except OSError:
        return set()
    return {name.strip().strip('"') for name in first.split(separator_of(first))}


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
    found = shorten(", ".join(shorten(h.strip()) for h in header), 400)
    wanted = " or ".join(f"'{n}'" for n in names)
    raise InputError(f"column {wanted} is missing (found columns: {found})", file=file,
                     place="line 1")


def parse_year(raw: object, *, file: str, place: str, what: str) -> int:
    """A four-digit year from an int or text ("2015"); ``InputError`` otherwise."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    else:
        text = str(raw).strip() if raw is not None else ""
    if len(text) != 4 or not (text.isascii() and text.isdigit()) \
            or not 1900 <= int(text) <= 2100:
        raise InputError(f"'{shorten(raw)}' is not a year ({what} expects a four-digit year, "
                         "YYYY)",
                         file=file, place=place)
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
