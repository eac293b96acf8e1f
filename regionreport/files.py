"""Files the tool writes: atomically, reproducibly, under names made from Swedish names.

In: final paths, openpyxl workbooks, Swedish unit names.
Out:
- ``atomic_path``: a context manager yielding a temporary sibling of the final path; on
  success it replaces the final path (``os.replace``), on any exception it is removed and the
  previous file stays untouched, so a file appears complete or not at all;
- ``save_reproducibly``: an openpyxl workbook written with a fixed time as its document
  dates and as every zip entry's timestamp (openpyxl's own ``save`` stamps the current time),
  so the same content gives the same bytes; callers wrap the path in ``atomic_path``;
- ``cache_path``, ``read_cached``, ``write_cached``: the content-keyed pickle caches (parsed
  data, drawn charts): a key made from the bytes of the inputs, an entry read back only when
  it unpickles to the expected type (anything else is a miss, so the entry is remade), and
  entries written atomically, so that processes sharing a cache never see half an entry;
- ``ascii_slug``: an ASCII file name from a name such as "Västra Götalands län"
  ("vastra-gotalands-lan").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary sibling of ``path``; move it into place when the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)  # mkstemp makes 0600; output files are ordinary files
    try:
        yield temp
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def save_reproducibly(workbook: Workbook, path: Path, fixed_time: dt.datetime) -> None:
    """Write ``workbook`` to ``path`` with ``fixed_time`` as its document dates and as the
    timestamp of every zip entry."""
    from openpyxl.writer.excel import ExcelWriter   # openpyxl only for the writers that need it

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


def ascii_slug(text: str) -> str:
    """Lower-case ASCII words joined by "-"; å ä ö lose their marks."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    return "-".join(words)


def cache_path(cache_dir: Path, parts: Iterable[bytes], suffix: str = ".pickle") -> Path:
    """The entry of ``cache_dir`` keyed by the SHA-256 of ``parts`` (bytes, in order)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return Path(cache_dir) / f"{digest.hexdigest()}{suffix}"


def read_cached(path: Path, expected: type) -> object | None:
    """The object pickled at ``path`` when it is an ``expected``; None when the entry is
    absent, unreadable, corrupt or of another type (a class that moved between versions)."""
    try:
        with Path(path).open("rb") as handle:
            value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError, ModuleNotFoundError):
        return None
    return value if isinstance(value, expected) else None


def write_cached(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically (the folder is made when missing)."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
