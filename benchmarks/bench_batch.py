"""Time `regionreport batch` as a user runs it: every county and region layout, charts on.

Run from the checkout after `python build.py` (which writes the sample workbook):

    python benchmarks/bench_batch.py [--runs 1]

Each measurement is a fresh `regionreport batch -q` process on the sample workbook into a
temporary folder, with 1 and with 2 worker processes:
- cold: an empty folder (the workbook parsed once, every chart drawn);
- warm: the same folder again (parsed data and charts from .cache/, every PDF laid out anew).
Prints the median wall time (of the whole process), the reports and pages built and the pages
per second as a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parent.parent
SAMPLE = HOME / "out" / "sample-oj-ekonomiskt-bistand-2015.xlsx"
_SUMMARY = re.compile(r"Built (\d+) of (\d+) reports in .* \((\d+) pages")


def run_batch(output: Path, workers: int) -> tuple[float, int, int]:
    """(wall s, reports built, pages) of one `regionreport batch` in a new process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "regionreport.cli", "batch", "--data",
                           str(SAMPLE), "-o", str(output), "--workers", str(workers), "-q"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    match = _SUMMARY.search(done.stdout)
    if done.returncode != 0 or match is None:
        sys.exit(f"batch failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return wall, int(match[1]), int(match[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE} is missing: run `python build.py` first")
    rows = []
    work = Path(tempfile.mkdtemp(prefix="regionreport-bench-batch-"))
    try:
        for workers in (1, 2):
            cold, warm = [], []
            for run in range(args.runs):
                output = work / f"w{workers}-{run}"
                cold.append(run_batch(output, workers))
                warm.append(run_batch(output, workers))
                shutil.rmtree(output)
            for label, samples in (("cold", cold), ("warm", warm)):
                wall = statistics.median(s[0] for s in samples)
                reports, pages = samples[0][1], samples[0][2]
                rows.append((f"{label}, {workers} worker{'s' if workers > 1 else ''}", wall,
                             reports, pages))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"median of {args.runs} fresh process(es) each\n")
    print("| batch, charts on | wall s | reports | pages | pages/s | s per report |")
    print("|---|---|---|---|---|---|")
    for label, wall, reports, pages in rows:
        print(f"| {label} | {wall:.1f} | {reports} | {pages} | {pages / wall:.1f} | "
              f"{wall / reports:.2f} |")


if __name__ == "__main__":
    main()
