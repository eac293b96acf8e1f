"""A light scan of a workbook's parts before the fast reader parses them.

In: the path of a zip archive that ``safety.check_workbook_file`` let through, and the names of
the sheets the reader will take.
Out: ``SheetFacts`` for each of those sheets that the workbook lists (its part, and the error
values such as "#N/A" of its cells by position, which the reader does not report), or an
``InputError`` naming the file and the part, sheet or cell, when

- a part unpacks to more than its header says, fails its checksum, is encrypted or packed by a
  method other than deflate (the sizes ``check_workbook_file`` summed must be the true ones);
- two parts have the same name (ignoring case and the kind of slash);
- an XML part is not UTF-8 or declares a DTD or entities (never expanded, refused outright);
- a sheet has more rows than Excel allows (``MAX_ROWS``), a row or cell beyond Excel's last
  row or column, or a used range (from A1 to its last row and column) of more than
  ``MAX_SHEET_CELLS`` cells; a shared-string table of more than ``MAX_SHARED_STRINGS``;
- a cell of a sheet the reader takes holds a formula without a stored value (a file written
  by a program, not saved by Excel), which would otherwise read as "not answered".

Why: the reader (python-calamine) reads every row whatever the ``<dimension>`` record says,
but it builds a sheet as a dense grid from A1 to the last cell and reserves what the shared
strings' ``uniqueCount`` declares; a few kilobytes that claim a cell in XFD1048576 or a
billion strings would end the process. The limits are checked on every sheet part of the
archive, read or not, so that no lookup of which part is which sheet can be misled; formulas
and error values only matter in the sheets that are read.

Most parts are checked with byte counts and a few regular expressions over the part as
written by Excel and openpyxl (every cell ``<c r="…"``, every row ``<row r="…"``); a part written
otherwise (namespace prefixes, cells without ``r``) is walked tag by tag, the way the reader
places its cells. A part larger than ``_IN_MEMORY`` is walked in blocks, so that memory stays
bounded and a sheet of endless empty rows is refused as soon as it passes ``MAX_ROWS``.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from regionreport.errors import InputError
from regionreport.sources.safety import first_line

MAX_ROWS = 1_048_576           # Excel's last row
MAX_COLUMNS = 16_384           # Excel's last column, XFD
MAX_SHEET_CELLS = 2_000_000    # rows × columns from A1; a national ÖJ sheet has ~50 000
MAX_SHARED_STRINGS = 2_000_000
_IN_MEMORY = 16 * 1024 * 1024  # parts up to this size are scanned whole, larger in blocks
_BLOCK = 1024 * 1024

_FIX_SAVE = "open the workbook in Excel and save it again as .xlsx"
_FIX_SOURCE = "refused before parsing; check where the file came from"

# -- tags -------------------------------------------------------------------------------------
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c|f|v|is)"
                  rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_TAG_START = re.compile(rb"</?(?:[A-Za-z_][\w.\-]*:)?(?:row|c|f|v|is)[\s/>]")
_ATTR = re.compile(rb"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
# a row or cell tag not written <row r="…" or <c r="…", or one of the tags the scan reads with
# a namespace prefix (prefixed tags of extensions, <mc:AlternateContent>, <x14:…>, do not count)
_NOT_CANONICAL = re.compile(rb'<(?:[A-Za-z_][\w.\-]*:(?:row|c|f|v|is|sheetData)[\s/>]'
                            rb'|c(?:[>/\t\n\r]| (?!r="))|row(?:[>/\t\n\r]| (?!r=")))')
_ROW_R = re.compile(rb'<row r="([0-9]*)"')
_CELL_COLUMN = re.compile(rb'<c r="([A-Za-z]*)')
_CELL_ROW = re.compile(rb'<c r="[A-Za-z]*([0-9]*)"')
_FORMULA = re.compile(rb"<f[\s/>]")
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>([^<]+)<")
_V_TAG = re.compile(rb"<v[\s/>]")
_CELL_TYPE = re.compile(rb'\st="([^"]*)"')
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_SHARED_COUNT = re.compile(rb"uniqueCount\s*=\s*[\"']\s*\+?([0-9]+)")
_SI = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?si[\s/>]")
_DECLARED = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


@dataclass
class SheetFacts:
    """What the scan found in one sheet's part: the error values (text such as "#N/A") of its
    cells by (row, column), both from 1."""

    part: str
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def scan_workbook(path: Path, sheet_names: Iterable[str]) -> dict[str, SheetFacts]:
    """Check every part of the workbook at ``path`` (see the module docstring) and return the
    facts of the named sheets the workbook lists; ``InputError`` on the first problem."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError, UnicodeDecodeError,
            ValueError) as exc:     # damaged headers: a later zip version, a name not UTF-8
        raise InputError(f"is not a readable Excel workbook (.xlsx): {first_line(exc)}",
                         file=path, fix="open it in Excel and save it again as .xlsx") \
            from None
    with archive, path.open("rb") as handle:
        members = archive.infolist()
        _refuse_duplicates(members, path)
        by_name = {_normal(m.filename): m for m in members}
        wanted = _sheet_parts(handle, by_name, set(sheet_names), path)
        facts = {part: SheetFacts(part) for part in wanted.values()}
        names = {part: name for name, part in wanted.items()}
        for member in members:
            part = _normal(member.filename)
            _scan_part(handle, member, path, names.get(part), facts.get(part))
    return {name: facts[part] for name, part in wanted.items()}


# -- the archive ------------------------------------------------------------------------------
def _normal(name: str) -> str:
    """A part name as the reader looks it up: forward slashes, lower case, no leading slash."""
    return name.replace("\\", "/").lstrip("/").lower()


def _refuse_duplicates(members: list[zipfile.ZipInfo], path: Path) -> None:
    seen: dict[str, str] = {}
    for member in members:
        key = _normal(member.filename)
        if key in seen:
            raise InputError(f"the archive holds the part '{_shown(member.filename)}' twice "
                             f"(also as '{_shown(seen[key])}')", file=path, fix=_FIX_SOURCE)
        seen[key] = member.filename


def _inflated(handle, member: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """The unpacked bytes of one part in blocks of at most ``_BLOCK``, checked against the
    size and CRC its header gives; ``InputError`` when it is encrypted, packed by another
    method than store or deflate, unpacks to more than its header says, or is damaged."""
    where = f"part '{_shown(member.filename)}'"
    if member.flag_bits & 0x1:
        raise InputError(f"{where} is encrypted", file=path,
                         fix="save the workbook without a password")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputError(f"{where} is packed with method {member.compress_type}, not deflate "
                         "as Excel packs a workbook", file=path, fix=_FIX_SAVE)
    if member.header_offset < 0:         # a central directory that points before the file
        raise InputError(f"{where} is damaged (no local header)", file=path, fix=_FIX_SAVE)
    handle.seek(member.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise InputError(f"{where} is damaged (no local header)", file=path, fix=_FIX_SAVE)
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    left = member.compress_size
    inflater = zlib.decompressobj(-15) if member.compress_type == zipfile.ZIP_DEFLATED else None
    size, crc = 0, 0
    try:
        while True:
            raw = handle.read(min(left, 1 << 16)) if left else b""
            left -= len(raw)
            if inflater is None:
                pieces = [raw] if raw else []
            else:
                pieces = []
                data = raw
                while True:
                    out = inflater.decompress(data, _BLOCK)
                    if out:
                        pieces.append(out)
                    data = inflater.unconsumed_tail
                    if not data:
                        break
                if not raw:
                    out = inflater.flush()
                    if out:
                        pieces.append(out)
            for piece in pieces:
                size += len(piece)
                if size > member.file_size:
                    raise InputError(f"{where} unpacks to more than the {member.file_size} "
                                     "bytes its header says", file=path, fix=_FIX_SOURCE)
                crc = zlib.crc32(piece, crc)
                yield piece
            if not raw:
                break
    except zlib.error as exc:
        raise InputError(f"{where} is damaged: {exc}", file=path, fix=_FIX_SAVE) from None
    if size != member.file_size or crc != member.CRC:
        raise InputError(f"{where} is damaged (its size or checksum is not the one its header "
                         "says)", file=path, fix=_FIX_SAVE)


def _read_part(handle, member: zipfile.ZipInfo, path: Path) -> bytes:
    return b"".join(_inflated(handle, member, path))


def _sheet_parts(handle, by_name: dict[str, zipfile.ZipInfo], names: set[str],
                 path: Path) -> dict[str, str]:
    """The part of each named sheet the workbook lists, found as the reader finds it: the
    office document of _rels/.rels, its sheets and their relationships."""
    from defusedxml import ElementTree

    def xml(part: str):
        member = by_name.get(part)
        if member is None:
            return None
        _refuse_large(member, path, 16 * 1024 * 1024)
        try:
            return ElementTree.fromstring(_read_part(handle, member, path))
        except InputError:
            raise
        except Exception as exc:  # a parse error, or a DTD that defusedxml refuses
            raise InputError(f"part '{part}' cannot be read: {type(exc).__name__}", file=path,
                             fix=_FIX_SAVE) from None

    package = xml("_rels/.rels")
    if package is None:
        return {}
    document = next((r.get("Target", "") for r in package.iter() if _local(r.tag) ==
                     "Relationship" and r.get("Type", "").endswith("/officeDocument")), None)
    if document is None:
        return {}
    base = document.lstrip("/").rsplit("/", 1)[0] + "/" if "/" in document.lstrip("/") else ""
    workbook = xml(_normal(base + "workbook.xml"))
    rels = xml(_normal(base + "_rels/workbook.xml.rels"))
    if workbook is None or rels is None:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter()
               if _local(r.tag) == "Relationship"}
    parts = {}
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet" or sheet.get("name") not in names:
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rel_id)
        if target is not None:
            parts[sheet.get("name")] = _normal(target[1:] if target.startswith("/")
                                               else base + target)
    return parts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _refuse_large(member: zipfile.ZipInfo, path: Path, limit: int) -> None:
    if member.file_size > limit:
        raise InputError(f"part '{_shown(member.filename)}' unpacks to "
                         f"{member.file_size // (1024 * 1024)} MiB, more than a workbook's "
                         "structure takes", file=path, fix=_FIX_SOURCE)


# -- one part ---------------------------------------------------------------------------------
def _scan_part(handle, member: zipfile.ZipInfo, path: Path, sheet: str | None,
               facts: SheetFacts | None) -> None:
    """Inflate one part (its sizes and CRC checked); when it is XML, check it as the module
    docstring says. ``sheet`` and ``facts`` are given for a sheet the reader takes."""
    where = f"sheet '{sheet}'" if sheet else f"part '{_shown(member.filename)}'"
    blocks = _inflated(handle, member, path)
    if member.file_size <= _IN_MEMORY:
        data = b"".join(blocks)
        if _is_xml(data, where, path):
            _check_xml_head(data, where, path)
            _check_declarations(data, path)
            strings = _SharedStrings(where, path)
            strings.feed(data)
            if b"sheetData" in data and not _scan_canonical(data, where, path, facts):
                walker = _Walker(where, path, facts)
                walker.feed(data)
                walker.finish()
        return
    first = next(blocks, b"")
    if not _is_xml(first, where, path):
        for _ in blocks:  # the sizes and CRC are still checked
            pass
        return
    _check_xml_head(first, where, path)
    walker = _Walker(where, path, facts)
    strings = _SharedStrings(where, path)
    pending = b""
    for block in _chained(first, blocks):
        data = pending + block
        cut = data.rfind(b"<")  # each window ends before a tag that may be cut
        if cut <= 0:
            pending = data
            if len(pending) > _IN_MEMORY:
                raise InputError(f"{where} holds {_IN_MEMORY // (1024 * 1024)} MiB without "
                                 "a tag", file=path, fix=_FIX_SOURCE)
            continue
        pending, data = data[cut:], data[:cut]
        _check_declarations(data, path)
        strings.feed(data)
        walker.feed(data)
    _check_declarations(pending, path)
    strings.feed(pending)
    walker.feed(pending)
    walker.finish()


def _chained(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _is_xml(data: bytes, where: str, path: Path) -> bool:
    """Whether a part is XML (its first character, after a UTF-8 byte order mark and white
    space, is "<"); an XML part in UTF-16 or UTF-32 is refused."""
    head = data[:4]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
        raise InputError(f"{where} is not UTF-8 XML", file=path, fix=_FIX_SAVE)
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<"


def _check_xml_head(data: bytes, where: str, path: Path) -> None:
    declared = _DECLARED.match(data.removeprefix(b"\xef\xbb\xbf").lstrip())
    if declared and declared.group(1).strip().lower() not in (b"utf-8", b"utf8"):
        raise InputError(f"{where} is XML in the encoding "
                         f"'{_shown(declared.group(1).decode('ascii', 'replace'))}', not UTF-8",
                         file=path, fix=_FIX_SAVE)


def _check_declarations(data: bytes, path: Path) -> None:
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        kind = "EntitiesForbidden" if b"<!ENTITY" in data else "DTDForbidden"
        raise InputError(f"is not a readable Excel workbook: its XML declares entities or a "
                         f"DTD ({kind}), which are refused for safety; a workbook saved by "
                         f"Excel has none", file=path,
                         fix="open it in Excel and save it again as .xlsx")


class _SharedStrings:
    """Counts the shared strings of a part (any part: no lookup decides which is the table)
    and checks the count its ``uniqueCount`` declares; ``feed`` takes whole windows."""

    def __init__(self, where: str, path: Path) -> None:
        self.where, self.path, self.count = where, path, 0
        self.table: bool | None = None   # whether the part is a shared-string table

    def feed(self, data: bytes) -> None:
        if b"uniqueCount" in data:
            for match in _SHARED_COUNT.finditer(data):
                if int(match.group(1)) > MAX_SHARED_STRINGS:
                    raise InputError(f"{self.where} declares {_count(match.group(1))} shared "
                                     f"strings, more than the {_count(MAX_SHARED_STRINGS)} "
                                     "allowed", file=self.path, fix=_FIX_SOURCE)
        if self.table is None:
            self.table = b"<sst" in data or b":sst" in data
        if self.table:
            self.count += len(_SI.findall(data))
            if self.count > MAX_SHARED_STRINGS:
                raise InputError(f"{self.where} holds more than {_count(MAX_SHARED_STRINGS)} "
                                 "shared strings", file=self.path, fix=_FIX_SOURCE)


def _count(number: bytes | int) -> str:
    if isinstance(number, bytes) and len(number) >= 20:
        return "more than 10¹⁹"
    return f"{int(number):,}".replace(",", " ")


# -- a sheet written as Excel and openpyxl write it ----------------------------------------------
def _scan_canonical(data: bytes, where: str, path: Path, facts: SheetFacts | None) -> bool:
    """Check a whole sheet part whose every cell tag is ``<c r="…"`` and every row tag
    ``<row r="…"`` (no namespace prefixes, every other attribute in double quotes), with a
    few passes of regular expressions; False (nothing checked) for a part written otherwise."""
    if _NOT_CANONICAL.search(data) or b"t='" in data or b"t =" in data or b"t= " in data:
        return False
    bounds = _Bounds(where, path)
    row_numbers = _ROW_R.findall(data)
    bounds.rows(len(row_numbers))
    _extreme_rows(set(row_numbers), bounds)
    last_row = _extreme_rows(set(_CELL_ROW.findall(data)), bounds)
    last_column = max((bounds.column(letters) for letters in set(_CELL_COLUMN.findall(data))),
                      default=0)
    bounds.area(last_row, last_column)
    if facts is not None:
        if _FORMULA.search(data):
            _formulas_of_canonical(data, where, path)
        if b't="e"' in data:
            _errors_of_canonical(data, facts)
    return True


def _extreme_rows(numbers: set[bytes], bounds: _Bounds) -> int:
    """The last of a set of row numbers (digits as found), each checked to be a row."""
    for number in numbers:
        if not number or len(number) > 7:
            bounds.row(number)  # refuses it, naming it
    if not numbers:
        return 0
    bounds.row(str(min(map(int, numbers))))
    return bounds.row(str(max(map(int, numbers))))


def _cell_around(data: bytes, position: int) -> tuple[int, int, int] | None:
    """(start, end of the start tag, end) of the cell element holding ``position``, or None
    outside a cell (a self-closing cell holds nothing)."""
    start = data.rfind(b'<c r="', 0, position)
    if start < 0 or data.rfind(b"</c>", start, position) >= 0:
        return None
    tag_end = data.find(b">", start)
    if tag_end < 0 or data[tag_end - 1:tag_end] == b"/":
        return None
    end = data.find(b"</c>", position)
    return (start, tag_end, end) if end >= 0 else None


def _formulas_of_canonical(data: bytes, where: str, path: Path) -> None:
    for match in _FORMULA.finditer(data):
        around = _cell_around(data, match.start())
        if around is None:
            continue
        start, tag_end, end = around
        cell = data[start:end]
        kind = _CELL_TYPE.search(data, start, tag_end)
        has_value = _VALUE.search(cell) is not None or (
            kind is not None and kind.group(1) == b"str" and _V_TAG.search(cell) is not None)
        if not has_value:
            reference = cell[6:cell.index(b'"', 6)].decode("ascii", "replace")
            _refuse_formula(where, reference, _formula_text(cell), path)


def _errors_of_canonical(data: bytes, facts: SheetFacts) -> None:
    for match in re.finditer(rb'\st="e"', data):
        around = _cell_around(data, match.start())
        if around is None or match.start() > around[1]:
            continue  # not the type of a cell, or of an element inside one
        cell = data[around[0]:around[2]]
        value = _VALUE.search(cell)
        reference = _REF.fullmatch(cell[6:cell.index(b'"', 6)].decode("ascii", "replace"))
        if value is not None and reference is not None:
            facts.errors[(int(reference.group(2)), _column_number(reference.group(1)))] = \
                _text(value.group(1))


def _formula_text(cell: bytes) -> str:
    match = re.search(rb"<(?:[A-Za-z_][\w.\-]*:)?f(?:\s[^>]*)?>([^<]*)<", cell)
    return _text(match.group(1)) if match else ""


def _refuse_formula(where: str, reference: str, formula: str, path: Path) -> None:
    shown = f" (={_shown(formula)})" if formula else ""
    raise InputError(f"the cell holds a formula{shown} without a stored value, so what it "
                     "shows in Excel is not in the file", file=path,
                     place=f"{where}, cell {reference.upper()}",
                     fix="open and save the file in Excel so the values are stored")


def _text(raw: bytes) -> str:
    from html import unescape

    return unescape(raw.decode("utf-8", "replace")).strip()


# -- the limits ---------------------------------------------------------------------------------
class _Bounds:
    """The limits of one sheet part, checked as its rows and cells are found."""

    def __init__(self, where: str, path: Path) -> None:
        self.where, self.path = where, path

    def rows(self, count: int) -> None:
        if count > MAX_ROWS:
            raise InputError(f"{self.where} has more than {_count(MAX_ROWS)} rows, more than "
                             "Excel allows", file=self.path,
                             fix=_FIX_SOURCE + "; save the sheet again from Excel")

    def row(self, digits: bytes | str) -> int:
        if isinstance(digits, bytes):
            digits = digits.decode("ascii", "replace")
        if not digits.isdigit() or len(digits) > 7 or not 1 <= int(digits) <= MAX_ROWS:
            raise InputError(f"{self.where} names row '{_shown(digits)}', beyond Excel's last "
                             f"row {_count(MAX_ROWS)}", file=self.path, fix=_FIX_SOURCE)
        return int(digits)

    def column(self, letters: bytes | str) -> int:
        if isinstance(letters, bytes):
            letters = letters.decode("ascii", "replace")
        number = _column_number(letters) if 1 <= len(letters) <= 3 and letters.isalpha() \
            else MAX_COLUMNS + 1
        if number > MAX_COLUMNS:
            raise InputError(f"{self.where} names column '{_shown(letters)}', beyond Excel's "
                             "last column XFD", file=self.path, fix=_FIX_SOURCE)
        return number

    def area(self, last_row: int, last_column: int) -> None:
        if last_row * last_column > MAX_SHEET_CELLS:
            raise InputError(f"{self.where} spans {_count(last_row)} rows × "
                             f"{_count(last_column)} columns from A1, more than the "
                             f"{_count(MAX_SHEET_CELLS)} cells a result sheet may have",
                             file=self.path, fix=_FIX_SOURCE)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


# -- any sheet, tag by tag ------------------------------------------------------------------------
class _Walker:
    """Walks a sheet part's row, cell, formula and value tags in order, placing cells as the
    reader does (a cell without ``r`` follows the one before it; a self-closing cell or row
    is skipped), and checks the limits, formulas and error values on the way. ``feed`` takes
    the part in windows that each end before a "<" (no tag is cut); ``finish`` checks the
    used range."""

    def __init__(self, where: str, path: Path, facts: SheetFacts | None) -> None:
        self.bounds = _Bounds(where, path)
        self.where, self.path, self.facts = where, path, facts
        self.row_count = 0
        self.row_index, self.column_index = 1, 1
        self.last_row = self.last_column = 0
        self.cell: _Cell | None = None

    def feed(self, data: bytes) -> None:
        self.bounds.rows(self.row_count + data.count(b"<row"))  # endless rows stop at once
        matched = 0
        for match in _TAG.finditer(data):
            matched += 1
            self.tag(data, match)
        if matched != len(_TAG_START.findall(data)):
            raise InputError(f"{self.where} holds a malformed row or cell tag", file=self.path,
                             fix=_FIX_SAVE)

    def finish(self) -> None:
        self.bounds.area(self.last_row, self.last_column)

    def tag(self, data: bytes, match: re.Match) -> None:
        closing, name, attributes, empty = match.groups()
        if name == b"row":
            if closing:
                self.row_index += 1
                self.column_index = 1
                return
            self.row_count += 1
            self.bounds.rows(self.row_count)
            number = _attribute(attributes, b"r")
            if number is not None:
                row = self.bounds.row(number)
                if not empty:
                    self.row_index = row
            return
        if name == b"c":
            if closing:
                self.end_cell()
            elif not empty:
                self.start_cell(attributes)
            return
        cell = self.cell
        if cell is None or closing:
            return
        if name == b"f":
            cell.formula = _formula_text(data[match.start():match.start() + 4096]) or "?"
        elif name == b"v":
            cell.has_v = True
            if not empty:
                end = data.find(b"<", match.end())
                text = data[match.end():end if end >= 0 else len(data)]
                if text:
                    cell.value = text
        elif name == b"is":
            cell.value = b"(text)"

    def start_cell(self, attributes: bytes) -> None:
        reference = _attribute(attributes, b"r")
        if reference is not None:
            found = _REF.fullmatch(reference.decode("ascii", "replace"))
            if found is None:
                raise InputError(f"{self.where} holds a cell named "
                                 f"'{_shown(reference.decode('utf-8', 'replace'))}', which is "
                                 "not a cell reference", file=self.path, fix=_FIX_SAVE)
            row = self.bounds.row(found.group(2))
            column = self.bounds.column(found.group(1))
        else:
            row, column = self.row_index, self.column_index
            self.bounds.row(str(row))
            self.bounds.column(_column_letters(column))
        self.column_index = column
        self.cell = _Cell(row, column, _attribute(attributes, b"t") or b"")

    def end_cell(self) -> None:
        cell, self.cell = self.cell, None
        if cell is None:
            return
        self.column_index = cell.column + 1
        self.last_row = max(self.last_row, cell.row)
        self.last_column = max(self.last_column, cell.column)
        if self.facts is None:
            return
        if cell.formula and cell.value is None and not (cell.kind == b"str" and cell.has_v):
            _refuse_formula(self.where, _column_letters(cell.column) + str(cell.row),
                            cell.formula if cell.formula != "?" else "", self.path)
        if cell.kind == b"e" and cell.value is not None:
            self.facts.errors[(cell.row, cell.column)] = _text(cell.value)


@dataclass
class _Cell:
    row: int
    column: int
    kind: bytes          # the cell's t attribute ("e" an error value, "str" a formula's text)
    formula: str = ""    # the formula's text ("?" when it has none: a shared formula's copy)
    value: bytes | None = None
    has_v: bool = False


def _attribute(attributes: bytes, key: bytes) -> bytes | None:
    for match in _ATTR.finditer(attributes):
        if match.group(1) == key:
            return match.group(2) if match.group(2) is not None else match.group(3)
    return None


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _shown(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"

