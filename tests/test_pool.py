"""The process pool: workers leave Ctrl-C to the parent, and work not begun is dropped when
the parent stops, so that Ctrl-C during a build says "Aborted!" and nothing else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from regionreport import paths
from regionreport.pool import process_pool


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat", encoding="utf-8").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def test_workers_ignore_ctrl_c():
    with process_pool(2) as pool:
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN


def test_an_exception_in_the_block_drops_the_work_not_begun():
    futures = []
    with pytest.raises(KeyboardInterrupt):
        with process_pool(2) as pool:
            futures = [pool.submit(time.sleep, 0.5) for _ in range(20)]
            raise KeyboardInterrupt
    # at most the two running and the few already handed to the workers' queue ran
    assert sum(future.cancelled() for future in futures) >= 14


def test_ctrl_c_during_a_cold_build_says_aborted_and_writes_nothing(tmp_path, sample_workbook):
    """SIGINT reaches the build and its early chart workers (one process group) once the
    workers have started, while they get ready and the report is composed: one line, exit
    1, no traceback, no PDF, no process left."""
    output = tmp_path / "report.pdf"
    build = subprocess.Popen(
        [sys.executable, "-m", "regionreport", "build",
         str(paths.layouts_dir() / "jonkoping-2015.toml"), "-o", str(output), "--data",
         str(sample_workbook.path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(children(build.pid)) < 2:        # the early chart workers have started
        assert build.poll() is None and time.monotonic() < deadline, build.communicate()
        time.sleep(0.02)
    time.sleep(0.3)                # (past their first steps, where Ctrl-C is set aside)
    os.killpg(build.pid, signal.SIGINT)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 1, stderr
    assert "Traceback" not in stderr and stderr.strip().splitlines()[-1] == "Aborted!", stderr
    assert not output.exists()
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(build.pid, 0)                # no worker of the build is left
