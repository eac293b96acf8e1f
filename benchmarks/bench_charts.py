"""Time the chart stage: drawing specs into display lists, replaying them onto a canvas, and
``make_charts`` for a report's 15 charts cold (1 and 2 worker processes) and warm (cache).

Run from the checkout: ``python benchmarks/bench_charts.py``. Prints a table of medians of
5 runs (seconds). "fresh process" rows run a new interpreter, so they include importing
matplotlib and loading its font cache, as a real build does.
"""

from __future__ import annotations

import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from regionreport import paths
from regionreport.charts.spec import BarChartSpec, ReferenceLine, SeriesChartSpec
from regionreport.charts import draw_chart, make_charts
from regionreport.numbers import format_number
from regionreport.render.chart_flowable import ChartFlowable

RUNS = 5
FONTS = {"regular": "SourceSans", "bold": "SourceSans-Bold", "italic": "SourceSans-It",
         "bolditalic": "SourceSans-BoldIt"}
FONT_FILES = {"regular": "Regular", "bold": "Bold", "italic": "It", "bolditalic": "BoldIt"}


def bar_spec(bars: int, seed: int) -> BarChartSpec:
    rng = random.Random(seed)
    values = sorted((round(rng.uniform(0.5, 12), 1) for _ in range(bars)), reverse=True)
    region, riket = round(sum(values) / bars, 1), round(rng.uniform(3, 6), 1)
    return BarChartSpec(
        title=f"Andel av befolkningen med ekonomiskt bistånd, {bars} enheter ({seed})",
        labels=tuple(f"Kommun {i} {'Upplands-Bro' if i % 7 == 0 else ''}".strip()
                     for i in range(bars)),
        values=tuple(values), highlight=tuple(i == 3 for i in range(bars)),
        references=(ReferenceLine(f"Länet {format_number(region)}", region, "region"),
                    ReferenceLine(f"Riket {format_number(riket)}", riket, "riket")),
        axis_label="Andel (%)")


def series_spec(seed: int) -> SeriesChartSpec:
    rng = random.Random(seed)
    years = tuple(range(2010, 2018))
    return SeriesChartSpec(
        title=f"Långvarigt ekonomiskt bistånd över tid ({seed})", years=years,
        series=tuple((name, tuple(round(rng.uniform(-2, 5), 1) for _ in years))
                     for name in ("Jönköpings län", "Riket", "Kommungrupp 7")),
        axis_label="Procent")


def median_time(action, runs: int = RUNS, setup=None) -> float:
    times = []
    for _ in range(runs):
        state = setup() if setup else None
        start = time.perf_counter()
        action(state) if setup else action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report_specs() -> list:
    """15 bar charts of 13 to 50 bars, as in PERFORMANCE.md's synthetic report."""
    return [bar_spec(13 + round(i * 37 / 14), seed=i) for i in range(15)]


def fresh_process(workers: int, cache: Path | None = None) -> float:
    """Seconds for a new interpreter to import everything and make the 15 charts; with
    ``cache`` None each run gets an empty cache folder (cold)."""
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as empty:
            code = (
                "import sys, time; start = time.perf_counter(); "
                f"sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_charts; "
                "from pathlib import Path; from regionreport.charts import make_charts; "
                f"make_charts(bench_charts.report_specs(), cache_dir=Path({str(cache or empty)!r}),"
                f" workers={workers}); print(time.perf_counter() - start)")
            result = subprocess.run([sys.executable, "-c", code], check=True, text=True,
                                    capture_output=True)
            times.append(float(result.stdout))
    return statistics.median(times)


def main() -> None:
    for key, name in FONTS.items():
        path = paths.fonts_dir() / f"SourceSansPro-{FONT_FILES[key]}.ttf"
        pdfmetrics.registerFont(TTFont(name, str(path)))
    rows: list[tuple[str, float, str]] = []

    start = time.perf_counter()
    draw_chart(bar_spec(13, 0))  # imports matplotlib, registers the fonts
    rows.append(("first draw_chart in a process (imports, fonts)",
                 time.perf_counter() - start, "once"))
    charts = {}
    for name, spec in (("13 bars", bar_spec(13, 1)), ("50 bars", bar_spec(50, 2)),
                       ("series, 3 lines × 8 years", series_spec(3))):
        rows.append((f"draw_chart {name}", median_time(lambda spec=spec: draw_chart(spec)),
                     f"{len(draw_chart(spec).ops)} ops"))
        charts[name] = draw_chart(spec)

    for name, chart in charts.items():
        def replay(canvas, chart=chart):
            flowable = ChartFlowable(chart, FONTS)
            flowable.wrap(A4[0], A4[1])
            flowable.drawOn(canvas, 50, 50)

        rows.append((f"replay onto a canvas: {name}",
                     median_time(replay, setup=lambda: Canvas(io.BytesIO(), pagesize=A4)),
                     "per multiBuild pass"))

    specs = report_specs()
    for workers in (1, 2):
        rows.append((f"make_charts 15 cold, workers={workers} (warm process)",
                     median_time(lambda _dir, w=workers: make_charts(
                         specs, cache_dir=Path(_dir.name), workers=w),
                         setup=tempfile.TemporaryDirectory), "draws 15"))
    with tempfile.TemporaryDirectory() as cache:
        make_charts(specs, cache_dir=Path(cache), workers=2)
        rows.append(("make_charts 15 warm (all from cache)",
                     median_time(lambda: make_charts(specs, cache_dir=Path(cache))),
                     "loads 15 pickles"))
        size = sum(p.stat().st_size for p in Path(cache).iterdir()) / 15 / 1024
        for workers in (1, 2):
            rows.append((f"fresh process: make_charts 15 cold, workers={workers}",
                         fresh_process(workers), "incl. imports"))
        rows.append(("fresh process: make_charts 15 warm", fresh_process(2, Path(cache)),
                     f"incl. imports; {size:.0f} KiB a chart"))

    width = max(len(name) for name, _, _ in rows)
    print(f"{'what':<{width}}  {'seconds':>8}  note")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 24}")
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:8.4f}  {note}")


if __name__ == "__main__":
    main()
