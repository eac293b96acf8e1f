"""Output errors name the output the user gave (issue 13): -o a folder, a full disk, a
read-only folder, a file in the way of a folder to make. Each is "Error: <the path>: ..."
with a fix, exit 1, no traceback, and an earlier output left byte for byte as it was."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from regionreport.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _refused(result, path) -> str:
    """The one error line of a refused command, checked: exit 1, no traceback, no .part
    file named, the user's path named."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)       # a ClickException, no traceback
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"Error: {path}"), line
    assert ".part" not in line and "(" in line, line       # a fix in parentheses
    return line


@pytest.fixture
def built(sparse_layout):
    """The sparse report built once to out/r.pdf (no charts): the earlier output."""
    output = sparse_layout.parent / "out" / "r.pdf"
    result = invoke("build", sparse_layout, "-o", output, "--no-charts")
    assert result.exit_code == 0, result.output
    return sparse_layout, output, output.read_bytes()


def test_output_a_folder(built):
    layout, output, before = built
    folder = output.parent / "folder.pdf"
    folder.mkdir()
    line = _refused(invoke("build", layout, "-o", folder, "--no-charts"), folder)
    assert "is a folder" in line and str(folder / "report.pdf") in line
    xlsx = _refused(invoke("xlsx", layout, "-o", folder), folder)
    assert "is a folder" in xlsx and "report.pdf" not in xlsx
    assert not list(output.parent.rglob("*.part")) and output.read_bytes() == before


def test_a_file_in_the_way_of_a_folder_to_make(built):
    layout, output, before = built
    blocker = output.parent / "rapporter"
    blocker.write_text("a file")
    target = blocker / "2015" / "r.pdf"
    line = _refused(invoke("build", layout, "-o", target, "--no-charts"), target)
    assert f"the file '{blocker}' is in the way" in line
    handouts = _refused(invoke("handouts", layout, "-o", blocker), blocker)
    assert "is a file, not a folder" in handouts
    assert blocker.read_text() == "a file" and output.read_bytes() == before


def test_a_full_disk(built, monkeypatch):
    from reportlab.pdfbase import pdfdoc

    layout, output, before = built

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pdfdoc.PDFDocument, "SaveToFile", full)
    line = _refused(invoke("build", layout, "-o", output, "--no-charts"), output)
    assert "the disk is full" in line and "No space left on device" in line
    assert output.read_bytes() == before
    assert not list(output.parent.glob("*.part"))


def _read_only(monkeypatch, folder: Path) -> None:
    """Make ``folder`` behave as a read-only folder would for a process that may not write
    there (root may write anywhere, so chmod alone does not show it under root)."""
    folder = Path(folder).resolve()

    def inside(path) -> bool:
        try:
            path = Path(os.fsdecode(path)).resolve()
        except (TypeError, ValueError):
            return False
        return path == folder or folder in path.parents

    def denied(path):
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))

    real_access, real_mkdir, real_mkstemp = os.access, os.mkdir, tempfile.mkstemp

    def access(path, mode, *args, **kwargs):
        if inside(path) and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    def mkdir(path, *args, **kwargs):
        if inside(Path(os.fsdecode(path)).parent):
            raise denied(path)
        return real_mkdir(path, *args, **kwargs)

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and inside(dir):
            raise denied(Path(os.fsdecode(dir)) / "tmp")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_a_read_only_output_folder(built, monkeypatch):
    layout, output, before = built
    _read_only(monkeypatch, output.parent)
    line = _refused(invoke("build", layout, "-o", output, "--no-charts"), output)
    assert f"cannot write in the folder '{output.parent}'" in line and ".cache" not in line
    assert output.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
def test_a_read_only_output_folder_for_real(built):
    layout, output, before = built
    folder = output.parent / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        line = _refused(invoke("build", layout, "-o", folder / "r.pdf", "--no-charts"),
                        folder / "r.pdf")
        assert "cannot write in the folder" in line and ".cache" not in line
    finally:
        folder.chmod(0o755)
    assert output.read_bytes() == before


def test_an_unwritable_cache_is_a_warning_not_a_failed_build(built):
    layout, output, before = built
    cache = output.parent / ".cache"
    for entry in sorted(cache.rglob("*"), reverse=True):
        entry.unlink() if entry.is_file() else entry.rmdir()
    cache.rmdir()
    cache.write_text("not a folder")               # a file in the way of the cache folder
    result = invoke("build", layout, "-o", output, "--no-charts")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "cache" in line]
    assert len(warnings) == 1 and "cannot be written" in warnings[0]
    assert output.read_bytes() == before
