"""Safety checks on a workbook file before any XML in it is parsed.

In: a path that should be an .xlsx file.
Out: nothing when the file is a zip archive of sane size; an ``InputError`` naming the file
when it is missing, empty, password-protected (an OLE compound file holding an
"EncryptionInfo" stream, as Excel saves an encrypted workbook), an old-format Excel (.xls) or
other non-zip file, or would unpack to more than ``MAX_UNPACKED_BYTES`` (a "zip bomb").
What the parts hold is checked next, before any XML is parsed, by
``regionreport.sources.xlsx_scan`` (true sizes, no DTD or entities, sheets within Excel's
limits), which parses the structure parts through defusedxml (``require_defusedxml``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from regionreport.errors import InputError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 10_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, encrypted .xlsx
# the name of the stream an encrypted OOXML file keeps its key data in, as a directory entry
# of the compound file stores it (UTF-16LE)
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def require_defusedxml() -> None:
    """Refuse to read workbooks unless defusedxml is installed: the workbook's structure
    parts (relationships, the list of sheets) are parsed through it."""
    try:
        import defusedxml.ElementTree  # noqa: F401
    except ImportError:
        raise InputError("defusedxml is not installed, so workbooks cannot be read safely",
                         fix="pip install defusedxml") from None


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
        magic = handle.read(len(_OLE_MAGIC))
    if magic == _OLE_MAGIC:
        if _holds_encryption_info(path):
            raise InputError("is a password-protected (encrypted) workbook, which cannot be "
                             "read", file=path,
                             fix="open it in Excel with the password and save a copy without "
                                 "one (Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord: "
                                 "clear the password), then give that copy")
        raise InputError("is a workbook of Excel's old format (.xls) or another OLE file, not "
                         "an Excel workbook (.xlsx)", file=path,
                         fix="open it in Excel and save it as 'Excel-arbetsbok (.xlsx)'")
    if magic[:4] != _ZIP_MAGIC:
        raise InputError("is not an Excel workbook (.xlsx): it is not a zip archive", file=path,
                         fix="save the file as 'Excel-arbetsbok (.xlsx)'; .xls and .csv "
                             "files are not workbooks of this kind")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, NotImplementedError, UnicodeDecodeError,
            ValueError) as exc:     # damaged headers: a later zip version, a name not UTF-8
        raise InputError(f"is not a readable Excel workbook (.xlsx): {first_line(exc)}",
                         file=path, fix="open it in Excel and save it again as .xlsx") \
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


def _holds_encryption_info(path: Path) -> bool:
    """Whether an OLE compound file names an "EncryptionInfo" stream in its directory (an
    encrypted Office file; an .xls workbook has none). The directory sectors may lie anywhere,
    so the whole file is searched, in blocks."""
    overlap = len(_ENCRYPTION_INFO) - 1
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            if _ENCRYPTION_INFO in tail + block:
                return True
            tail = block[-overlap:]
    return False


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, at most 200 characters."""
    text = (str(exc).splitlines() or [type(exc).__name__])[0]
    return text if len(text) <= 200 else text[:200] + "…"
