"""Where the time of reading the workbook, and of a cold build, goes.

Run from the checkout after `python build.py` (which writes the sample workbook):

    python benchmarks/bench_reader.py [--runs 5]

Prints two Markdown tables for docs/performance.md:
- the steps of reading out/sample-oj-ekonomiskt-bistand-2015.xlsx with its profile, in one
  warm process, CPU seconds, best of ``--runs``: the safety check, the scan of the parts
  (regionreport/sources/xlsx_scan.py), calamine (open and ``to_python`` of every profiled
  sheet), the reader's loop, the tidy table;
- the stages of one cold build of layouts/jonkoping-2015.toml (empty cache) in a fresh
  process, wall and CPU seconds of that process (the chart workers' CPU is not in it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parent.parent
LAYOUT = HOME / "layouts" / "jonkoping-2015.toml"
SAMPLE = HOME / "out" / "sample-oj-ekonomiskt-bistand-2015.xlsx"
PROFILE = "oj-ekonomiskt-bistand-2015"


def reader_steps(runs: int) -> None:
    from regionreport import paths
    from regionreport.model.catalog import load_catalog
    from regionreport.model.registry import load_registry
    from regionreport.model.results import tidy_table
    from regionreport.sources import safety, workbook, xlsx_scan
    from regionreport.sources.profile import load_profile

    profile = load_profile(paths.find("profile", PROFILE, None))
    catalog, registry = load_catalog(paths.catalog_path(profile.catalog)), load_registry()
    names = [spec.name for spec in profile.sheets]
    best = [float("inf")] * 5
    for _ in range(runs):
        clock = [time.process_time()]
        safety.check_workbook_file(SAMPLE)
        clock.append(time.process_time())
        facts = xlsx_scan.scan_workbook(SAMPLE, names)
        clock.append(time.process_time())
        book = workbook._open(SAMPLE)
        grids = [workbook._sheet_cells(book, name, facts.get(name), SAMPLE) for name in names]
        book.close()
        clock.append(time.process_time())
        rows = [row for spec, grid in zip(profile.sheets, grids)
                for row in workbook._read_sheet(grid, spec, SAMPLE, profile, catalog, registry)]
        clock.append(time.process_time())
        tidy_table(rows)
        clock.append(time.process_time())
        best = [min(b, clock[i + 1] - clock[i]) for i, b in enumerate(best)]
    print(f"Reading {SAMPLE.name} ({len(names)} sheets), CPU s, best of {runs}:\n")
    print("| step | CPU s |\n|---|---|")
    for name, seconds in zip(("safety check of the file", "scan of the parts",
                              "calamine: open, to_python of the sheets", "the reader's loop",
                              "tidy table (pandas)"), best):
        print(f"| {name} | {seconds:.3f} |")
    print(f"| all | {sum(best):.3f} |\n")


def build_stages() -> None:
    """Run in a fresh process: one cold build, stage by stage."""
    marks = [("start", time.perf_counter(), time.process_time())]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter(), time.process_time()))

    import regionreport.cli  # noqa: F401  (what the command imports first)
    from regionreport import runner
    from regionreport.charts import make_charts
    from regionreport.compose import compose_report
    mark("imports")
    output = Path(sys.argv[-1])
    cache = output.parent / ".cache"
    layout = runner.load_report_layout(LAYOUT, charts=None)
    look = runner.load_look(layout)
    mark("layout and look")
    inputs = runner.load_data(layout, data_files=[SAMPLE], cache_dir=cache)
    mark("load data (the reader)")
    document = compose_report(layout, inputs, theme=look.theme, labels=look.labels)
    mark("compose")
    drawn = make_charts([chart.spec for chart in document.charts()], cache_dir=cache / "charts",
                        workers=2, style=look.chart_style)
    mark("charts (2 workers)")
    runner._render_pdf(document, output, look, drawn, cache)
    mark("render")
    total = marks[-1][2] - marks[0][2]
    print("Stages of a cold build in a fresh process (the chart workers' CPU not counted):\n")
    print("| stage | wall s | CPU s | share of CPU |\n|---|---|---|---|")
    for (_, wall0, cpu0), (name, wall, cpu) in zip(marks, marks[1:]):
        print(f"| {name} | {wall - wall0:.2f} | {cpu - cpu0:.2f} | "
              f"{100 * (cpu - cpu0) / total:.0f} % |")
    print(f"| all | {marks[-1][1] - marks[0][1]:.2f} | {total:.2f} | 100 % |")


def main() -> None:
    if sys.argv[1:2] == ["--stages-child"]:
        build_stages()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE} is missing: run `python build.py` first")
    reader_steps(args.runs)
    work = Path(tempfile.mkdtemp(prefix="regionreport-reader-"))
    try:
        subprocess.run([sys.executable, __file__, "--stages-child", str(work / "report.pdf")],
                       check=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
