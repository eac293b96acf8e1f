"""Files the tool writes: atomically, reproducibly, under names made from Swedish names.

In: final paths, openpyxl workbooks, Swedish unit names.
Out:
- ``atomic_path``: a context manager yielding a temporary sibling of the final path
  (``.NAME.<pid>-<host>.xxxx.part``); on success it replaces the final path (``os.replace``),
  on any exception it is removed and the previous file stays untouched, so a file appears
  complete or not at all. The ``.part`` files of the same output that a dead process left
  (killed mid-write) are removed first. A failure of the file system (the path is a folder,
  a file is in the way of a folder to make, a read-only folder, a full disk) is an
  ``InputError`` naming the final path, not the temporary one;
- ``check_output``: the same messages before a build starts, for a file or a folder to write;
- ``save_reproducibly``: an openpyxl workbook written with a fixed time as its document
  dates and as every zip entry's timestamp (openpyxl's own ``save`` stamps the current time),
  so the same content gives the same bytes; callers wrap the path in ``atomic_path``;
- ``cache_path``, ``read_cached``, ``write_cached``: the content-keyed pickle caches (parsed
  data, drawn charts): a key made from the bytes of the inputs; an entry is a header, the
  SHA-256 of its pickle and the pickle, read back only when all three check out and it
  unpickles to the expected type. Anything else (cut short, random bytes, a pickle that
  regionreport did not write, an empty file, a folder) is removed with one line on stderr and
  counts as a miss, so it is made again. Entries are written atomically, so processes sharing
  a cache never see half an entry; a cache that cannot be written (read-only, full) is a line
  on stderr, not a failed build;
- ``ascii_slug``: an ASCII file name from a name such as "Västra Götalands län"
  ("vastra-gotalands-lan").
"""

from __future__ import annotations

import datetime as dt
import errno
import glob
import hashlib
import io
import os
import pickle
import re
import shutil
import socket
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from regionreport.errors import InputError

if TYPE_CHECKING:
    from openpyxl import Workbook

PART_SUFFIX = ".part"
# A .part file whose writer cannot be told alive or dead (written on another host, or by a
# version that did not name its process) is stale after this many seconds.
STALE_PART_SECONDS = 3600.0
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _host_tag() -> str:
    """Eight hex digits naming this host in the names of .part files."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _part_prefix(path: Path) -> str:
    return f".{path.name}."


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary sibling of ``path``; move it into place when the block succeeds."""
    path = Path(path)
    check_output(path, make=True)
    remove_stale_parts(path.parent, path.name)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f"{_part_prefix(path)}{os.getpid()}-{_host_tag()}.", suffix=PART_SUFFIX,
            dir=path.parent)
    except OSError as exc:
        raise output_error(path, exc) from None
    os.close(handle)
    temp = Path(temp_name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)  # mkstemp makes 0600; output files are ordinary files
    try:
        yield temp
        os.replace(temp, path)
    except OSError as exc:
        if _is_about(exc, temp, path):
            raise output_error(path, exc) from None
        raise
    finally:
        if temp.exists():
            temp.unlink()


def _is_about(exc: OSError, temp: Path, path: Path) -> bool:
    """Whether ``exc`` is a failure to write ``temp`` or to move it to ``path`` (not, say, a
    missing font read inside the block)."""
    names = {str(temp), str(path), temp.name}
    if exc.filename is None:
        return exc.errno in _FULL | _DENIED
    return str(exc.filename) in names or str(exc.filename2 or "") in names


def check_output(path: str | Path, *, folder: bool = False, suffix: str = "",
                 make: bool = False) -> None:
    """Make sure ``path`` can be written: a file (or, with ``folder``, a folder) whose
    folders exist or can be made and may be written to; with ``make`` the folders are made
    (else nothing is written). An ``InputError`` naming ``path`` otherwise: it is a folder
    (a file), a file is in the way, the folder is read-only; ``suffix`` is the kind of file
    meant, for the example in the message."""
    path = Path(path)
    if not folder and path.is_dir():
        raise output_error(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR),
                                                   str(path)), suffix)
    target = path if folder else path.parent
    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise output_error(path, NotADirectoryError(errno.ENOTDIR,
                                                    os.strerror(errno.ENOTDIR),
                                                    str(target)))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise output_error(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES),
                                                 str(existing)))
    if not make:
        return
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(path, exc) from None


def output_error(path: Path, exc: OSError, suffix: str = "") -> InputError:
    """The ``InputError`` of a failed write of ``path`` (the path the user gave); ``suffix``
    is the kind of file meant (".pdf"), for the example when ``path`` is a folder."""
    path = Path(path)
    code = exc.errno
    reason = exc.strerror or str(exc)
    where = Path(exc.filename) if exc.filename else path.parent
    if code == errno.EISDIR:
        example = path / f"report{suffix or path.suffix}"
        return InputError("is a folder, not a file", file=path,
                          fix=f"give the path of a file to write, such as {example}")
    if code in (errno.ENOTDIR, errno.EEXIST):
        blocker = where
        while blocker != blocker.parent and not blocker.exists():
            blocker = blocker.parent
        if blocker == path:
            return InputError("is a file, not a folder", file=path,
                              fix="give the path of a folder, or remove or rename the file")
        return InputError(f"cannot make the folder '{where}': the file '{blocker}' is in "
                          "the way", file=path,
                          fix="remove or rename that file, or choose another place to write")
    if code in _FULL:
        return InputError(f"cannot write it: the disk is full ({reason})", file=path,
                          fix="free some space or write elsewhere; an earlier file of that "
                              "name is unchanged")
    if code in _DENIED:
        folder = where if where.is_dir() else path.parent
        return InputError(f"cannot write in the folder '{folder}': {reason}", file=path,
                          fix="choose a folder you may write to, or change its permissions")
    return InputError(f"cannot write it: {reason}", file=path)


def remove_stale_parts(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the ``.part`` files in ``folder`` (of the output ``name``, or all) whose writer
    is gone: a process of this host that no longer runs, or, for a writer that cannot be
    told, a file older than ``STALE_PART_SECONDS``. Returns the paths removed."""
    folder = Path(folder)
    pattern = (f".{glob.escape(name)}.*{PART_SUFFIX}" if name is not None
               else f".*{PART_SUFFIX}")
    removed = []
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return removed
    for part in candidates:
        if _is_stale(part):
            try:
                part.unlink()
            except OSError:
                continue
            removed.append(part)
    return removed


_TAG = re.compile(r"\.(\d+)-([0-9a-f]{8})\.[^.]+$")


def _is_stale(part: Path) -> bool:
    match = _TAG.search(part.name[:-len(PART_SUFFIX)])
    if match is not None and match.group(2) == _host_tag():
        pid = int(match.group(1))
        if not _alive(pid):
            return True
    try:
        age = time.time() - part.stat().st_mtime
    except OSError:
        return False
    return age > (STALE_PART_SECONDS if match is None or match.group(2) != _host_tag()
                  else 24 * STALE_PART_SECONDS)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


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


_CACHE_HEADER = b"regionreport cache 2\n"
_warned_folders: set[str] = set()
_swept_folders: set[str] = set()


def cache_path(cache_dir: Path, parts: Iterable[bytes], suffix: str = ".pickle") -> Path:
    """The entry of ``cache_dir`` keyed by the SHA-256 of the entry format and ``parts``
    (bytes, in order)."""
    digest = hashlib.sha256(_CACHE_HEADER)
    for part in parts:
        digest.update(part)
    return Path(cache_dir) / f"{digest.hexdigest()}{suffix}"


def read_cached(path: Path, expected: type) -> object | None:
    """The object cached at ``path`` when it is an ``expected``; None when the entry is
    absent or unreadable, and when it is damaged or foreign (cut short, another checksum,
    not written here, another type, a folder): that entry is removed, with one line on
    stderr, and made again by the caller."""
    path = Path(path)
    _sweep(path.parent)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        _discard(path, "a folder stands where the file should be")
        return None
    except OSError:
        return None              # an unreadable folder: a miss; the write says why
    problem, value = _unpack(data, expected)
    if problem is not None:
        _discard(path, problem)
        return None
    return value


def _unpack(data: bytes, expected: type) -> tuple[str | None, object]:
    """(None, the value) of a sound entry, else (what is wrong with it, None)."""
    start = len(_CACHE_HEADER) + 32          # the header, then the SHA-256 of the pickle
    if not data:
        return "the file is empty", None
    if not data.startswith(_CACHE_HEADER):
        return "it is not a cache entry of this version of regionreport", None
    if len(data) < start or hashlib.sha256(data[start:]).digest() != \
            data[len(_CACHE_HEADER):start]:
        return "it is cut short or changed: its checksum does not match", None
    try:
        value = pickle.loads(data[start:])
    except Exception as exc:                 # noqa: BLE001: any failure means "make it again"
        return f"it does not unpickle ({type(exc).__name__})", None
    if not isinstance(value, expected):
        return f"it holds a {type(value).__name__}, not a {expected.__name__}", None
    return None, value


def write_cached(path: Path, value: object) -> None:
    """Store ``value`` at ``path`` atomically (the folder is made when missing); a cache that
    cannot be written is said once per folder on stderr and the build goes on."""
    path = Path(path)
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        _sweep(path.parent)
        with atomic_path(path) as temporary:
            with temporary.open("wb") as handle:
                handle.write(_CACHE_HEADER)
                handle.write(hashlib.sha256(payload).digest())
                handle.write(payload)
    except (OSError, InputError) as exc:
        folder = str(path.parent)
        if folder not in _warned_folders:
            _warned_folders.add(folder)
            if isinstance(exc, InputError):
                reason, fix = exc.problem, f" ({exc.fix})" if exc.fix else ""
            else:
                reason, fix = exc.strerror or str(exc), ""
            print(f"Warning: the cache in {folder} cannot be written: {reason}; the build "
                  f"goes on without it{fix}", file=sys.stderr)


def _discard(path: Path, problem: str) -> None:
    """Remove a damaged cache entry and say so on stderr, in one line."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass                     # the write replaces it, or says why it cannot
    print(f"Warning: {path}: a damaged cache entry ({problem}); it was removed and is made "
          "again", file=sys.stderr)


def _sweep(folder: Path) -> None:
    """Remove the stale ``.part`` files of a cache folder, once per process."""
    key = str(folder)
    if key not in _swept_folders:
        _swept_folders.add(key)
        remove_stale_parts(folder)
