"""Many charts at once: drawn in worker processes, kept in a content-keyed cache.

In: chart specs, a cache folder (or None), a number of worker processes and a ``ChartStyle``
(default: the default theme's).
Out: ``make_charts``, every spec's ``DisplayList`` by ``chart_key``: read from the cache when
an entry of that key and style is there, otherwise drawn (in ``regionreport.pool``'s process
pool when two or more are missing) and stored, so a rebuild after a prose edit draws nothing.
Entries are ``regionreport.files`` cache entries; one that does not unpickle to a
``DisplayList`` (corrupt, or written by an older version) is drawn again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from regionreport.charts import draw
from regionreport.charts.fonts import prepare
from regionreport.charts.recording import DisplayList
from regionreport.charts.spec import ChartSpec, chart_key
from regionreport.charts.style import ChartStyle, default_style
from regionreport.files import cache_path, read_cached, write_cached
from regionreport.pool import map_in_pool


def chart_cache_path(cache_dir: Path, key: str, style: ChartStyle) -> Path:
    """The cache entry of the chart of ``key`` drawn in ``style``."""
    return cache_path(cache_dir, [b"chart\0", key.encode(), b"\0", style.digest().encode()])


def make_charts(specs: Iterable[ChartSpec], *, cache_dir: Path | None, workers: int = 2,
                style: ChartStyle | None = None) -> dict[str, DisplayList]:
    """Every spec's display list by ``chart_key``, in the order of the specs (a repeated spec
    once); ``cache_dir`` None draws everything and stores nothing."""
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
    drawn = map_in_pool(draw.draw_chart, [by_key[key] for key in missing],
                        [style] * len(missing), workers=workers,
                        before_fork=lambda: prepare(style.fonts))
    for key, display_list in zip(missing, drawn):
        charts[key] = display_list
        if cache_dir is not None:
            write_cached(chart_cache_path(cache_dir, key, style), display_list)
    return {key: charts[key] for key in by_key}
