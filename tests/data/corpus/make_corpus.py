"""Write the broken and hostile inputs of the corpus (tests/data/corpus/cases.toml).

Run from the checkout: ``python tests/data/corpus/make_corpus.py``. The files are small
(a few kilobytes) and committed; this script says how each was made, and makes them again
byte for byte (fixed zip dates). The workbooks follow the test fixture's source profile
(tests/data/profiles/fixture-2015.toml: one sheet 'Enkät 2015', a title row, a header row
Kod, Namn and indicator ids, Riket and Jönköpings län's 13 kommuner).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from regionreport.model.registry import load_registry  # noqa: E402
from tests.conftest import fixture_rows, fixture_sheet_rows, write_workbook  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"
FIXED_DATE = (2015, 3, 1, 12, 0, 0)


def _fixture_bytes() -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, {"Enkät 2015": fixture_sheet_rows(load_registry())})
    return buffer.getvalue()


def _rewrite(source: bytes, edit_sheet=None, extra: dict[str, bytes] | None = None,
             declared: dict[str, int] | None = None) -> bytes:
    """The workbook ``source`` written again with fixed dates, its sheet edited by
    ``edit_sheet(xml) -> xml``, ``extra`` members added, and file sizes ``declared``
    (a header that lies) where given."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as book, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for info in book.infolist():
            data = book.read(info.filename)
            if info.filename == SHEET and edit_sheet is not None:
                data = edit_sheet(data.decode("utf-8")).encode("utf-8")
            if info.filename == "docProps/core.xml":        # openpyxl writes today's date
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2015-03-01T12:00:00Z", data)
            written.writestr(zipfile.ZipInfo(info.filename, FIXED_DATE), data,
                             zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            written.writestr(zipfile.ZipInfo(name, FIXED_DATE), data, zipfile.ZIP_DEFLATED)
    data = out.getvalue()
    for name, size in (declared or {}).items():
        data = _declare_size(data, name, size)
    return data


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` (a zip) whose central directory says member ``name`` unpacks to ``size``."""
    encoded = name.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        length = int.from_bytes(data[position + 28:position + 30], "little")
        if data[position + 46:position + 46 + length] == encoded:
            return data[:position + 24] + size.to_bytes(4, "little") + data[position + 28:]
        position = data.find(b"PK\x01\x02", position + 4)
    raise ValueError(f"{name} is not in the archive")


def stale_dimension(xml: str) -> str:
    """A dimension record that covers Riket and the first three kommuner only."""
    return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:Z5"/>', xml)


def one_cell_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1"/>', xml)


def formula_without_value(xml: str) -> str:
    """Cell C5 (Aneby's first answer) a formula whose value was never stored."""
    return re.sub(r'<c r="C5"[^>]*>.*?</c>', '<c r="C5"><f>IF(1,"Ja","Nej")</f></c>', xml,
                  count=1)


def beyond_excel(xml: str) -> str:
    """A row numbered past Excel's last row (1 048 576)."""
    return xml.replace("</sheetData>", '<row r="1048577"><c r="A1048577" t="inlineStr">'
                                       "<is><t>x</t></is></c></row></sheetData>")


def tidy_csv(rows: list[str]) -> bytes:
    return ("indicator,unit,year,value\n" + "\n".join(rows) + "\n").encode("utf-8")


def jonkoping_answers(published: str) -> list[str]:
    """The 13 kommuner's answers of overensk_af 2015 as tidy rows, and Jönköpings län's
    published share ``published`` (the answers give 69,2)."""
    registry = load_registry()
    rows = []
    for row in fixture_rows():
        if row["unit"] == "Riket":
            continue
        code = registry.find_by_name(row["unit"], "kommun")[0].code
        rows.append(f"overensk_af,{code},2015,{row['overensk_af']}")
    return rows + [f"overensk_af,06,2015,{published}"]


def encrypted() -> bytes:
    """The start of an OLE compound file holding an 'EncryptionInfo' stream, as Excel
    writes a password-protected workbook (a few sectors, enough to recognise it)."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    header[24:26] = (0x3E).to_bytes(2, "little")
    header[26:28] = (3).to_bytes(2, "little")
    header[28:30] = bytes.fromhex("FEFF")
    header[30:32] = (9).to_bytes(2, "little")
    header[32:34] = (6).to_bytes(2, "little")
    directory = bytearray(512)
    for index, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[:len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        entry[66] = 5 if index == 0 else 2
        directory[index * 128:(index + 1) * 128] = entry
    return bytes(header) + bytes(directory) + bytes(1024)


def main() -> None:
    fixture = _fixture_bytes()
    files = {
        "stale-dimension.xlsx": _rewrite(fixture, stale_dimension),
        "one-cell-dimension.xlsx": _rewrite(fixture, one_cell_dimension),
        "formula-without-value.xlsx": _rewrite(fixture, formula_without_value),
        "beyond-excel-rows.xlsx": _rewrite(fixture, beyond_excel),
        "declared-bomb.xlsx": _rewrite(fixture, declared={SHEET: 3_000_000_000}),
        "xxe.xlsx": _rewrite(fixture, lambda xml: re.sub(
            r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + '<!DOCTYPE worksheet '
            '[<!ENTITY e SYSTEM "file:///etc/passwd">]>', xml, count=1)
            .replace("<t>Aneby</t>", "<t>&e;</t>")),
        "encrypted.xlsx": encrypted(),
        "not-a-zip.xlsx": b"Kod;Namn\n0604;Aneby\n",
        "infinity.csv": tidy_csv(["andel_bistandsmottagare,0604,2014,1e999"]),
        "nan.csv": tidy_csv(["andel_bistandsmottagare,0604,2014,nan"]),
        "disagreement.csv": tidy_csv(jonkoping_answers("75.0")),
        "agreement.csv": tidy_csv(jonkoping_answers("69.2")),
        "tab-separated.csv": tidy_csv(["overensk_af,0604,2015,Ja"]).replace(b",", b"\t"),
        "long-cell.csv": tidy_csv([f"overensk_af,{'0' * 5000},2015,Ja"]),
        "deep.json": (b'{"values": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
