"""Safety checks on a workbook file before any XML in it is parsed.

In: a path that should be an .xlsx file.
Out: nothing when the file is a zip archive of sane size; an ``InputError`` naming the file
when it is missing, empty, not a zip archive (not a workbook), or would unpack to more than
``MAX_UNPACKED_BYTES`` (a "zip bomb"). XML entities are never expanded: openpyxl parses
through defusedxml when it is installed, which ``require_defusedxml`` makes sure of.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from regionreport.errors import InputError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 10_000
_ZIP_MAGIC = b"PK\x03\x04"


def require_defusedxml() -> None:
    """Refuse to read workbooks unless openpyxl parses XML through defusedxml."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise InputError("defusedxml is not installed, so workbooks cannot be read safely",
                         fix="pip install defusedxml")


def check_workbook_file(path: Path) -> None:
    """Raise ``InputError`` unless ``path`` is a non-empty zip archive of sane unpacked size."""
    if not path.exists():
        raise InputError("file not found", file=path, fix="check the path given with --data")
    if path.is_dir():
        raise InputError("is a folder, not a workbook", file=path)
    size = path.stat().st_size
    if size == 0:
        raise InputError("the file is empty (0 bytes)", file=path,
                         fix="export the workbook again from Excel as .xlsx")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != _ZIP_MAGIC:
        raise InputError("is not an Excel workbook (.xlsx): it is not a zip archive", file=path,
                         fix="save the file as 'Excel-arbetsbok (.xlsx)'; .xls and .csv "
                             "files are not workbooks of this kind")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"is not a readable Excel workbook (.xlsx): {exc}", file=path) \
            from None
    if len(members) > MAX_MEMBERS:
        raise InputError(f"the archive holds {len(members)} parts, more than a workbook has",
                         file=path, fix="refused before parsing; check where the file came from")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"would unpack to {unpacked // (1024 * 1024)} MiB, more than the "
                         f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MiB allowed",
                         file=path, fix="refused before parsing; check where the file came from")
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise InputError("is a zip archive but not an Excel workbook "
                         "([Content_Types].xml is missing)", file=path)
