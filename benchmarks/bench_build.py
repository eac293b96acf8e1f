"""Time whole report builds as a user runs them: a fresh `regionreport build` process each.

Run from the checkout after `python build.py` (which writes the sample workbook):

    python benchmarks/bench_build.py [--runs 5]

Measures, for layouts/jonkoping-2015.toml on the sample workbook, the median wall time, CPU
time (user + system of the child) and peak memory (max RSS of the child) of:
- the build with charts switched off (--no-charts) from an empty cache: the floor;
- the same with the parsed data cached;
- a cold build: empty cache, the workbook parsed and every chart drawn;
- a rebuild after a prose edit: warm cache, no chart drawn, no workbook parsed;
and the cost per chart (cold minus no-chart, divided by the number of charts). Prints a
Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parent.parent
LAYOUT = HOME / "layouts" / "jonkoping-2015.toml"
SAMPLE = HOME / "out" / "sample-oj-ekonomiskt-bistand-2015.xlsx"


def run_build(layout: Path, output: Path, *extra: str) -> tuple[float, float, float]:
    """(wall s, cpu s, peak MiB) of one `regionreport build` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "regionreport.cli", "build", str(layout), "-o",
                    str(output), "--data", str(SAMPLE), *extra], check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def median_row(samples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE} is missing: run `python build.py` first")
    work = Path(tempfile.mkdtemp(prefix="regionreport-bench-"))
    layout = work / LAYOUT.name
    shutil.copy(LAYOUT, layout)
    shutil.copytree(LAYOUT.parent / LAYOUT.stem, work / LAYOUT.stem)
    prose = work / LAYOUT.stem / "inledning.md"
    output = work / "report.pdf"
    cache = work / ".cache"
    try:
        no_charts = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            no_charts.append(run_build(layout, output, "--no-charts"))
        no_charts_warm = [run_build(layout, output, "--no-charts") for _ in range(args.runs)]
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(run_build(layout, output))
        warm = []
        for run in range(args.runs):  # edit the prose, then rebuild: charts come from cache
            prose.write_text(prose.read_text(encoding="utf-8") + f"\nÄndring {run}.\n",
                             encoding="utf-8")
            warm.append(run_build(layout, output))
        charts = int(subprocess.run(
            [sys.executable, "-c", "import sys; from regionreport.runner import build_report;"
             f"r = build_report({str(LAYOUT)!r}, {str(work / 'count.pdf')!r}, "
             f"data_files=[__import__('pathlib').Path({str(SAMPLE)!r})], "
             f"cache_dir=__import__('pathlib').Path({str(cache)!r})); print(r.charts)"],
            check=True, capture_output=True, text=True).stdout.strip())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = {"no charts (--no-charts)": median_row(no_charts),
            "no charts, parsed data cached": median_row(no_charts_warm),
            "cold (empty cache: data parsed, every chart drawn)": median_row(cold),
            "rebuild after a prose edit (warm cache)": median_row(warm)}
    floor = rows["no charts (--no-charts)"][0]
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"median of {args.runs} fresh processes; {charts} charts\n")
    print("| build | wall s | CPU s | peak MiB | × no-chart wall |")
    print("|---|---|---|---|---|")
    for name, (wall, cpu, peak) in rows.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {wall / floor:.2f} |")
    per_chart = (rows["cold (empty cache: data parsed, every chart drawn)"][0] - floor) \
        / max(charts, 1)
    print(f"\nCost per chart in the cold build (wall): {per_chart * 1000:.0f} ms")


if __name__ == "__main__":
    main()
