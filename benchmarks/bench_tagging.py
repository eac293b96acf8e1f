"""What tagging costs: the same documents rendered tagged and untagged, side by side.

Run from the checkout after `python build.py` (which writes the sample workbooks):

    python benchmarks/bench_tagging.py [--runs 5]

For layouts/jonkoping-2015.toml and layouts/goteborgsregionen-2015.toml (with their charts)
and one Jönköping handout, the document is composed and its charts drawn once; then the PDF
is rendered alternately with and without the structure (``render_pdf(tagged=...)``), each
render in a fresh child process so that peak memory (max RSS) is the render's. Prints, per
document, the median wall time of each render, their ratio, the ratio of the whole cold
build (reading, composing and drawing the charts, timed once, plus the render), the file
sizes and their ratio, and the peak memory of each, as a Markdown table for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parent.parent
SAMPLE = HOME / "out" / "sample-oj-ekonomiskt-bistand-2015.xlsx"
REPORTS = ("jonkoping-2015", "goteborgsregionen-2015")


def _prepared(name: str) -> tuple:
    """((document, look, charts), seconds) of a sample report, composed and its charts
    drawn once: the seconds are what a cold build spends before rendering."""
    from regionreport.charts import make_charts
    from regionreport.runner import load_look, load_report_layout, prepare

    start = time.perf_counter()
    layout = load_report_layout(HOME / "layouts" / f"{name}.toml", charts=True)
    look = load_look(layout)
    document = prepare(layout, data_files=[SAMPLE], cache_dir=None, look=look).document
    charts = make_charts([c.spec for c in document.charts()], cache_dir=None,
                         style=look.chart_style)
    return (document, look, charts), time.perf_counter() - start


def _handout() -> tuple:
    from regionreport.compose.handout import compose_handouts
    from regionreport.runner import load_data, load_look, load_report_layout

    start = time.perf_counter()
    layout = load_report_layout(HOME / "layouts" / "jonkoping-2015.toml", charts=False)
    look = load_look(layout)
    inputs = load_data(layout, data_files=[SAMPLE], cache_dir=None)
    (_, document), = compose_handouts(layout, inputs, look.labels, theme=look.theme,
                                      units=["0680"])
    return (document, look, {}), time.perf_counter() - start


def _render(job: bytes, output: str, tagged: bool, queue) -> None:
    """One render in a child process: (wall s, peak MiB) to ``queue``."""
    from regionreport.render.pdf import render_pdf

    document, look, charts = pickle.loads(job)
    start = time.perf_counter()
    render_pdf(document, Path(output), theme=look.theme,
               hyphenation_file=look.hyphenation_file, charts=charts, tagged=tagged)
    wall = time.perf_counter() - start
    queue.put((wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(name: str, job: bytes, before: float, runs: int, work: Path) -> str:
    """The table row of one document; ``before``: its seconds of reading, composing and
    drawing charts, added to both renders for the whole build's ratio."""
    context = multiprocessing.get_context("fork")
    results: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for _ in range(runs):
        for tagged in (False, True):           # alternating, so that drift hits both
            queue = context.Queue()
            output = work / f"{name}-{'tagged' if tagged else 'plain'}.pdf"
            child = context.Process(target=_render, args=(job, str(output), tagged, queue))
            child.start()
            results[tagged].append(queue.get())
            child.join()
    wall = {t: statistics.median(r[0] for r in results[t]) for t in results}
    peak = {t: statistics.median(r[1] for r in results[t]) for t in results}
    size = {t: (work / f"{name}-{'tagged' if t else 'plain'}.pdf").stat().st_size
            for t in results}
    whole = (before + wall[True]) / (before + wall[False])
    return (f"| {name} | {wall[False]:.2f} s | {wall[True]:.2f} s | "
            f"{wall[True] / wall[False]:.2f} | {whole:.2f} | {size[False] / 1024:.0f} KiB | "
            f"{size[True] / 1024:.0f} KiB | {size[True] / size[False]:.2f} | "
            f"{peak[False]:.0f} / {peak[True]:.0f} MiB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE} is missing: run `python build.py` first")
    work = Path(tempfile.mkdtemp(prefix="regionreport-tagging-"))
    jobs = [(name, *_prepared(name)) for name in REPORTS]
    jobs.append(("handout jonkoping", *_handout()))
    print("| document | render untagged | render tagged | ratio | whole cold build ratio "
          "| untagged file | tagged file | ratio | peak memory untagged / tagged |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, job, before in jobs:
        print(measure(name.replace(" ", "-"), pickle.dumps(job), before, args.runs, work),
              flush=True)


if __name__ == "__main__":
    main()
