"""Many reports in one run: every county from the county template, and every region layout.

In: the national data file(s) every report reads, an output folder, the number of worker
processes, a switch for charts and for the progress bar; optionally the län codes (default:
all 21), the region layouts to build (default: every ``layouts/*.toml``) and the county
template (default: the one ``layouts/reference/defaults.toml`` names).
Out: one PDF per job in the output folder — ``lan-<code>-<slug>.pdf`` for each of the 21 län
(the template with the län as region), ``<layout name>.pdf`` for each region layout, read with
the given data files in place of the layouts' own — and a frozen ``BatchResult``: what was
built (name, path, pages), what failed (name, message), the total page count and wall time.

The jobs run in a process pool (``workers`` processes; 1 runs them in this process). They
share one cache folder, ``<output>/.cache``: the data is parsed once here before the pool
starts and the jobs read the parsed table from ``.cache/data``; charts are cached by content
and written atomically, so jobs in different processes reuse each other's charts. Each job
draws its charts in its own process (no pool inside a pool). A job that fails — bad input or
any other exception — is recorded with its message and does not stop the others. Results are
sorted by name, and each PDF is as deterministic as a single build.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from regionreport import paths
from regionreport.errors import InputError
from regionreport.files import ascii_slug
from regionreport.pool import process_pool

DEBUG_ENV = "REGIONREPORT_DEBUG"                        # set: failures carry the traceback


@dataclass(frozen=True)
class BatchResult:
    built: list[tuple[str, Path, int]]    # (name, PDF, pages), sorted by name
    failed: list[tuple[str, str]]         # (name, message), sorted by name
    pages: int                            # pages of all built reports
    seconds: float                        # wall time of the whole batch
    skipped: list[tuple[str, str]] = ()   # layouts found in layouts/ that do not fit the data


@dataclass(frozen=True)
class Job:
    """One report to build: a layout, its output, and the län replacing its region (or None).
    ``chosen``: asked for (a county, a layout given); False for a layout found in layouts/,
    which is left out when it does not fit the data."""

    name: str
    layout: Path
    output: Path
    lan: str | None = None
    chosen: bool = True


@dataclass(frozen=True)
class _Outcome:
    name: str
    output: Path
    pages: int
    error: str | None


def run_batch(data_files: list[Path], output_dir: Path, *, workers: int, charts: bool,
              quiet: bool, counties: list[str] | None = None,
              layouts: list[Path] | None = None, template: Path | None = None) -> BatchResult:
    """Build every county report and every region layout's report into ``output_dir``."""
    start = time.perf_counter()
    data_files = [Path(f) for f in data_files]
    for file in data_files:
        if not file.exists():
            raise InputError("data file not found", file=file, fix="check the --data path")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    cache_dir = output_dir / ".cache"
    jobs = plan_jobs(output_dir, counties=counties, layouts=layouts, template=template)
    data_errors = _warm_data_cache(jobs, data_files, cache_dir)
    skipped = [(job.name, data_errors[job.layout]) for job in jobs
               if job.layout in data_errors and not job.chosen]
    jobs = [job for job in jobs if job.chosen or job.layout not in data_errors]
    outcomes = [_Outcome(job.name, job.output, 0, data_errors[job.layout])
                for job in jobs if job.layout in data_errors]
    runnable = [job for job in jobs if job.layout not in data_errors]
    outcomes += _run_jobs(runnable, data_files, cache_dir, charts=charts, workers=workers,
                          quiet=quiet, total=len(jobs), done=len(outcomes))
    outcomes.sort(key=lambda outcome: outcome.name)
    built = [(o.name, o.output, o.pages) for o in outcomes if o.error is None]
    failed = [(o.name, o.error) for o in outcomes if o.error is not None]
    return BatchResult(built=built, failed=failed, pages=sum(pages for _, _, pages in built),
                       seconds=time.perf_counter() - start, skipped=sorted(skipped))


def plan_jobs(output_dir: Path, *, counties: list[str] | None = None,
              layouts: list[Path] | None = None, template: Path | None = None) -> list[Job]:
    """The county jobs (one per län, from the template) and one job per region layout (the
    ``layouts`` given, or every layout in layouts/, which are then built only where they fit
    the data), sorted by name."""
    from regionreport.model.registry import load_registry

    registry = load_registry()
    template = paths.template_path(str(template) if template else None)
    chosen = layouts is not None
    if layouts is None:
        layouts = paths.region_layouts()
    wanted = registry.counties() if counties is None else [_county(registry, code)
                                                           for code in counties]
    jobs = []
    for county in wanted:
        name = f"lan-{county.code}-{ascii_slug(county.name)}"
        jobs.append(Job(name, Path(template), output_dir / f"{name}.pdf", lan=county.code))
    for layout in layouts:
        jobs.append(Job(Path(layout).stem, Path(layout), output_dir / f"{Path(layout).stem}.pdf",
                        chosen=chosen))
    names = [job.name for job in jobs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InputError(f"two reports would be written to {duplicates[0]}.pdf",
                         fix="rename the region layout")
    return sorted(jobs, key=lambda job: job.name)


def _county(registry, code: str):
    unit = registry.get(code)
    if unit is None or unit.level != "lan":
        raise InputError(f"'{code}' is not a länskod", fix="use a two-digit code such as 06")
    return unit


def _warm_data_cache(jobs: list[Job], data_files: list[Path],
                     cache_dir: Path) -> dict[Path, str]:
    """Parse the data once per (profile, catalog) the layouts use, into the shared cache, so
    the jobs only read the pickle. Returns the layouts that do not fit the data, with the
    message: the data cannot be read with their profile and catalog, or it has no results for
    one of their years (those jobs fail, or are left out, without parsing the data again); a
    layout that does not load is left to its job to report."""
    from regionreport.aggregate import ResultIndex
    from regionreport.compose.context import check_years
    from regionreport.config.layout import load_layout
    from regionreport.sources.loading import load_inputs

    by_pair: dict[tuple[str, str, Path], list] = {}
    for layout_path in dict.fromkeys(job.layout for job in jobs):
        try:
            layout = load_layout(layout_path)
        except InputError:
            continue
        key = (layout.profile, layout.catalog, layout.path.parent)   # ids found from there
        by_pair.setdefault(key, []).append(layout)
    errors: dict[Path, str] = {}
    for (profile, catalog, project), layouts in by_pair.items():
        try:
            inputs = load_inputs(data_files, profile, catalog, cache_dir=cache_dir / "data",
                                 project=project)
        except Exception as exc:  # noqa: BLE001 - every job reading this data would fail so
            errors.update(dict.fromkeys((item.path for item in layouts), failure_message(exc)))
            continue
        index = ResultIndex(inputs.table)
        for layout in layouts:
            try:
                check_years(layout, inputs.catalog, index)
            except InputError as exc:
                errors[layout.path] = exc.message
    return errors


def _run_jobs(jobs: list[Job], data_files: list[Path], cache_dir: Path, *, charts: bool,
              workers: int, quiet: bool, total: int, done: int) -> list[_Outcome]:
    """Every job's outcome, in a pool of ``workers`` processes (1: here), with progress."""
    outcomes: list[_Outcome] = []
    with _progress(total, quiet) as bar:
        bar.update(done)
        if workers <= 1 or len(jobs) < 2:
            for job in jobs:
                outcomes.append(build_job(job, data_files, cache_dir, charts))
                bar.update(1, outcomes[-1].name)
            return outcomes
        with process_pool(min(workers, len(jobs))) as pool:
            futures = {pool.submit(build_job, job, data_files, cache_dir, charts): job
                       for job in sorted(jobs, key=_expected_cost, reverse=True)}
            for future in as_completed(futures):
                outcomes.append(_outcome_of(future, futures[future]))
                bar.update(1, outcomes[-1].name)
    return outcomes


def _outcome_of(future, job: Job) -> _Outcome:
    """The job's outcome, or its failure when the worker process itself died (killed, out of
    memory), which breaks the pool for the jobs still waiting too."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - BrokenProcessPool and the like
        return _Outcome(job.name, job.output, 0, f"{type(exc).__name__}: {exc}")


def build_job(job: Job, data_files: list[Path], cache_dir: Path, charts: bool) -> _Outcome:
    """Build one report; any failure becomes the outcome's message instead of an exception."""
    from regionreport.runner import build_report

    try:
        result = build_report(job.layout, job.output, data_files=data_files, charts=charts,
                              cache_dir=cache_dir, workers=1, lan=job.lan)
    except Exception as exc:  # noqa: BLE001 - one broken report must not stop the batch
        return _Outcome(job.name, job.output, 0, failure_message(exc))
    return _Outcome(job.name, result.output, result.pages, None)


def failure_message(exc: Exception) -> str:
    """What the CLI prints after "Error: " for bad input; type and message for anything else,
    with the traceback when REGIONREPORT_DEBUG is set (call it inside the ``except``)."""
    if isinstance(exc, InputError):
        return exc.message
    message = f"{type(exc).__name__}: {exc}"
    if os.environ.get(DEBUG_ENV):
        message += "\n" + traceback.format_exc()
    return message


def _expected_cost(job: Job) -> int:
    """Rough size of a report, to start the longest first and keep the pool busy to the end:
    a county's kommuner; a region layout counts as large."""
    if job.lan is None:
        return 1_000
    from regionreport.model.registry import load_registry

    return len(load_registry().kommuner_in(job.lan))


class _NoProgress:
    """Stands in for click's progress bar in quiet mode."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc_info) -> None:
        return None

    def update(self, steps: int, current_item: str | None = None) -> None:
        return None


def _progress(total: int, quiet: bool):
    """click's progress bar on stderr ("Building reports", the job just finished), or nothing."""
    if quiet:
        return _NoProgress()
    import click

    return click.progressbar(length=total, label="Building reports", file=sys.stderr,
                             item_show_func=lambda name: name or "", show_pos=True)
