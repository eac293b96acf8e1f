"""Saving openpyxl workbooks reproducibly: the same content gives the same bytes.

In: an openpyxl ``Workbook``, a path and a fixed time.
Out: the xlsx file at the path, with the document's created and modified dates and every zip
entry's timestamp set to the fixed time (openpyxl's own ``save`` stamps the current time into
both). Used by the sample workbook (``sample_data``) and the report workbook (``render.xlsx``);
callers wrap the path in ``atomic.atomic_path``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter


def save_reproducibly(workbook: Workbook, path: Path, fixed_time: dt.datetime) -> None:
    """Write ``workbook`` to ``path`` with ``fixed_time`` as its document dates and as the
    timestamp of every zip entry."""
    workbook.properties.created = workbook.properties.modified = fixed_time
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=fixed_time.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = item.external_attr
            target.writestr(fixed, source.read(item.filename))
