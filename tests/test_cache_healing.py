"""Caches heal (issue 13): a damaged or foreign entry in a project's .cache is removed, said
in one line on stderr and made again, and the .part files a killed build left behind are
cleaned up by a later run; the report is the same as from a clean cache."""

from __future__ import annotations

import hashlib
import os
import pickle
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from regionreport.charts.recording import DisplayList
from regionreport.cli import main
from regionreport.files import atomic_path, read_cached, write_cached
from regionreport.model.results import TIDY_COLUMNS, TidyTable, tidy_table

# A pickle that makes the unpickler raise OverflowError (a length beyond any size): random
# bytes gave it, and it escaped the cache reader as a traceback.
OVERFLOWING = b"\x80\x05\x8d" + b"\xff" * 8


def _host_tag() -> str:
    """How a .part file names this host (files.py): 8 hex digits of its name's SHA-256."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _damages(entry, good: bytes):
    """The ways an entry is found broken, each as a function that breaks ``entry``."""
    return {
        "cut short": lambda: entry.write_bytes(good[: len(good) // 2]),
        "random bytes": lambda: entry.write_bytes(OVERFLOWING + os.urandom(64)),
        "another pickle": lambda: entry.write_bytes(pickle.dumps({"not": "a table"})),
        "empty": lambda: entry.write_bytes(b""),
        "a folder": lambda: (entry.unlink(), entry.mkdir(), (entry / "x").write_text("x")),
    }


def _table(value: float) -> TidyTable:
    return tidy_table([{"indicator": "x", "unit": "0604", "year": 2015, "value": value}])


@pytest.mark.parametrize("kind", ["cut short", "random bytes", "another pickle", "empty",
                                  "a folder"])
@pytest.mark.parametrize("expected, value", [
    (TidyTable, _table(1.5)),
    (DisplayList, DisplayList(100.0, 50.0, ()))])
def test_a_damaged_entry_is_a_miss_said_in_one_line_and_removed(tmp_path, capsys, kind,
                                                                 expected, value):
    entry = tmp_path / "cache" / "entry.pickle"
    write_cached(entry, value)
    assert isinstance(read_cached(entry, expected), expected)
    assert capsys.readouterr().err == ""
    _damages(entry, entry.read_bytes())[kind]()
    assert read_cached(entry, expected) is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(entry) in err and "damaged cache entry" in err
    assert not entry.exists()                  # removed, so the next write can replace it
    write_cached(entry, value)
    assert isinstance(read_cached(entry, expected), expected)


def test_a_foreign_pickle_of_a_table_is_not_trusted(tmp_path, capsys):
    """A DataFrame pickled by something else (or an entry whose bytes changed) would print
    its numbers in the report: it must not be read as the parsed data."""
    entry = tmp_path / "entry.pickle"
    write_cached(entry, _table(10.0))
    entry.write_bytes(pickle.dumps(_table(99.0)))
    assert read_cached(entry, TidyTable) is None
    assert "damaged cache entry" in capsys.readouterr().err
    write_cached(entry, _table(10.0))
    data = bytearray(entry.read_bytes())
    data[-20] ^= 0x01                              # one bit of the stored pickle flipped
    entry.write_bytes(bytes(data))
    assert read_cached(entry, TidyTable) is None


def _build(layout, output, *extra):
    return CliRunner().invoke(main, ["build", str(layout), "-o", str(output), *extra])


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_a_build_heals_a_damaged_data_cache(sparse_layout):
    output = sparse_layout.parent / "out" / "r.pdf"
    first = _build(sparse_layout, output, "--no-charts")
    assert first.exit_code == 0, first.output
    clean = _text(output)
    (entry,) = (output.parent / ".cache" / "data").iterdir()
    table = read_cached(entry, TidyTable)
    # a foreign pickle of the table with other numbers: today read as the data
    entry.write_bytes(pickle.dumps(TidyTable({**{name: table[name] for name in TIDY_COLUMNS},
                                              "value": [77.7] * len(table)})))
    second = _build(sparse_layout, output, "--no-charts")
    assert second.exit_code == 0, second.output
    assert [line for line in second.stderr.splitlines() if entry.name in line] \
        and "damaged cache entry" in second.stderr
    assert _text(output) == clean
    # a folder where the entry should be: today "Error: ...part: Is a directory", exit 1
    entry.unlink()
    entry.mkdir()
    third = _build(sparse_layout, output, "--no-charts")
    assert third.exit_code == 0, third.output
    assert len([line for line in third.stderr.splitlines() if entry.name in line]) == 1
    assert entry.is_file() and _text(output) == clean
    fourth = _build(sparse_layout, output, "--no-charts")
    assert fourth.exit_code == 0 and fourth.stderr == ""       # healed: nothing more to say


def test_a_build_heals_a_damaged_chart_cache(sparse_layout):
    output = sparse_layout.parent / "out" / "r.pdf"
    first = _build(sparse_layout, output)
    assert first.exit_code == 0, first.output
    clean = output.read_bytes()
    entries = sorted((output.parent / ".cache" / "charts").iterdir())
    entries[0].write_bytes(OVERFLOWING)            # today: a traceback (OverflowError)
    entries[1].write_bytes(entries[1].read_bytes()[:50])
    second = _build(sparse_layout, output)
    assert second.exit_code == 0, second.output
    assert second.exception is None or isinstance(second.exception, SystemExit)
    said = [line for line in second.stderr.splitlines() if "damaged cache entry" in line]
    assert len(said) == 2 and entries[0].name in said[0] + said[1]
    assert output.read_bytes() == clean


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_later_run_removes_the_parts_a_killed_build_left(sparse_layout):
    output = sparse_layout.parent / "out" / "r.pdf"
    output.parent.mkdir()
    cache = output.parent / ".cache" / "data"
    cache.mkdir(parents=True)
    dead = f"{_dead_pid()}-{_host_tag()}"
    left = [output.parent / f".r.pdf.{dead}.k2j4_x9q.part",       # the PDF, mid-write
            cache / f".{'0' * 64}.pickle.{dead}.a8b7c6d5.part",   # a cache entry, mid-write
            output.parent / ".r.pdf.h3x9_2kq.part"]               # an older version's
    for part in left:
        part.write_bytes(b"")
    hour_ago = time.time() - 2 * 3600
    os.utime(left[2], (hour_ago, hour_ago))
    alive = output.parent / f".r.pdf.{os.getpid()}-{_host_tag()}.zzzzzzzz.part"
    alive.write_bytes(b"")                         # a writer still at work: kept
    result = _build(sparse_layout, output, "--no-charts")
    assert result.exit_code == 0, result.output
    leftovers = sorted(p.name for p in output.parent.rglob("*.part"))
    assert leftovers == [alive.name]


def test_parts_of_other_outputs_and_fresh_unknown_parts_are_kept(tmp_path):
    from regionreport.files import remove_stale_parts

    dead = f"{_dead_pid()}-{_host_tag()}"
    other = tmp_path / f".other.pdf.{dead}.abcdefgh.part"
    fresh = tmp_path / ".r.pdf.h3x9_2kq.part"      # unknown writer, just written
    for part in (other, fresh):
        part.write_bytes(b"")
    assert remove_stale_parts(tmp_path, "r.pdf") == []
    with atomic_path(tmp_path / "r.pdf") as temporary:
        assert f".r.pdf.{os.getpid()}-{_host_tag()}." in temporary.name
        temporary.write_bytes(b"pdf")
    assert other.exists() and fresh.exists()
