"""Many charts at once: drawn in worker processes, kept in a content-keyed cache.

In: chart specs, a cache folder (or None), a number of worker processes and a ``ChartStyle``
(default: the default theme's).
Out: ``make_charts``, every spec's ``DisplayList`` by ``chart_key``: read from the cache when
an entry of that key and style is there, otherwise drawn (in ``regionreport.pool``'s process
pool when two or more are missing, or in the workers ``early_workers`` started before the
report was composed) and stored, so a rebuild after a prose edit draws nothing.
Entries are ``regionreport.files`` cache entries; one that does not unpickle to a
``DisplayList`` (corrupt, or written by an older version) is drawn again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from regionreport.charts import draw
from regionreport.charts.fonts import prepare
from regionreport.charts.recording import DisplayList
from regionreport.charts.spec import ChartSpec, chart_key
from regionreport.charts.style import ChartStyle, default_style
from regionreport.files import cache_path, read_cached, write_cached
from regionreport.pool import forking, map_in_pool, process_pool

if TYPE_CHECKING:
    from concurrent.futures import Executor


def chart_cache_path(cache_dir: Path, key: str, style: ChartStyle) -> Path:
    """The cache entry of the chart of ``key`` drawn in ``style``."""
    return cache_path(cache_dir, [b"chart\0", key.encode(), b"\0", style.digest().encode()])


@contextmanager
def early_workers(style: ChartStyle, *, cache_dir: Path | None,
                  workers: int = 2) -> Iterator[Executor | None]:
    """Chart workers started now, when charts will likely be drawn (no cache, or a chart
    cache folder ``cache_dir`` holding no chart yet) and workers can be forked: each
    imports matplotlib and makes the fonts known (``prepare``, 0.5–0.7 s) on the other core
    while this process reads the data and composes the report, so that
    ``make_charts(..., pool=...)`` draws at once. Yields the pool, or None when no workers
    were started (then ``make_charts`` starts its own when needed); the workers end with the
    block."""
    likely = cache_dir is None or next(Path(cache_dir).glob("*.pickle"), None) is None
    if workers < 2 or not likely or not forking():
        yield None
        return
    with process_pool(workers, initializer=_get_ready, initargs=(style.fonts,)) as pool:
        pool.submit(int)          # forks every worker now (Python forks them all at once)
        yield pool


def _get_ready(fonts) -> None:
    """An early worker's start: ``prepare`` at a lower priority, so that where the two cores
    are short the process composing the report goes first (the drawing that follows waits
    for nothing else: it needs no priority)."""
    os.nice(5)
    prepare(fonts)


def make_charts(specs: Iterable[ChartSpec], *, cache_dir: Path | None, workers: int = 2,
                style: ChartStyle | None = None,
                pool: Executor | None = None) -> dict[str, DisplayList]:
    """Every spec's display list by ``chart_key``, in the order of the specs (a repeated spec
    once); ``cache_dir`` None draws everything and stores nothing; ``pool`` (from
    ``early_workers``) draws the missing ones when given and two or more are missing."""
    style = style or default_style()
    by_key: dict[str, ChartSpec] = {}
    for spec in specs:
        by_key.setdefault(chart_key(spec), spec)
    charts: dict[str, DisplayList] = {}
    if cache_dir is not None:
        for key in by_key:
            cached = read_cached(chart_cache_path(cache_dir, key, style), DisplayList)
            if cached is not None:
                charts[key] = cached
    missing = [key for key in by_key if key not in charts]
    drawn = _draw([by_key[key] for key in missing], style, workers, pool)
    for key, display_list in zip(missing, drawn):
        charts[key] = display_list
        if cache_dir is not None:
            write_cached(chart_cache_path(cache_dir, key, style), display_list)
    return {key: charts[key] for key in by_key}


def _draw(specs: list[ChartSpec], style: ChartStyle, workers: int,
          pool: Executor | None) -> list[DisplayList]:
    """The specs drawn, in their order: in ``pool`` when given (and worth it), else in a
    pool of ``workers`` started here, or here for one. A pool whose worker died (its
    ``prepare`` failed) is left: the specs are drawn again the plain way, which says why."""
    from concurrent.futures.process import BrokenProcessPool

    if pool is not None and len(specs) >= 2:
        try:
            return list(pool.map(draw.draw_chart, specs, [style] * len(specs)))
        except BrokenProcessPool:
            workers = 1
    return map_in_pool(draw.draw_chart, specs, [style] * len(specs), workers=workers,
                       before_fork=lambda: prepare(style.fonts))
